/* Port names, rights and types, as XNU's <mach/port.h> defines them. */
#ifndef _MACH_PORT_H_
#define _MACH_PORT_H_

#include <stdint.h>

typedef uint32_t mach_port_name_t;
typedef mach_port_name_t mach_port_t; /* in user space, a name */
typedef uint32_t mach_port_right_t;
typedef uint32_t mach_port_type_t;
typedef uint32_t mach_port_urefs_t;
typedef int32_t mach_port_delta_t;

#define MACH_PORT_NULL        0u
#define MACH_PORT_DEAD        0xffffffffu
#define MACH_PORT_VALID(name) ((name) != MACH_PORT_NULL && (name) != MACH_PORT_DEAD)

/* A name is an index into the space's table and a generation. */
#define MACH_PORT_INDEX(name)      ((name) >> 8)
#define MACH_PORT_GEN(name)        ((name)&0xff)
#define MACH_PORT_MAKE(index, gen) (((index) << 8) | ((gen)&0xff))

#define MACH_PORT_RIGHT_SEND      0u
#define MACH_PORT_RIGHT_RECEIVE   1u
#define MACH_PORT_RIGHT_SEND_ONCE 2u
#define MACH_PORT_RIGHT_PORT_SET  3u
#define MACH_PORT_RIGHT_DEAD_NAME 4u
#define MACH_PORT_RIGHT_NUMBER    5u

#define MACH_PORT_TYPE(right)       (1u << ((right) + 16))
#define MACH_PORT_TYPE_NONE         0u
#define MACH_PORT_TYPE_SEND         MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND)
#define MACH_PORT_TYPE_RECEIVE      MACH_PORT_TYPE(MACH_PORT_RIGHT_RECEIVE)
#define MACH_PORT_TYPE_SEND_ONCE    MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND_ONCE)
#define MACH_PORT_TYPE_PORT_SET     MACH_PORT_TYPE(MACH_PORT_RIGHT_PORT_SET)
#define MACH_PORT_TYPE_DEAD_NAME    MACH_PORT_TYPE(MACH_PORT_RIGHT_DEAD_NAME)
#define MACH_PORT_TYPE_SEND_RECEIVE (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE)

#define MACH_PORT_QLIMIT_ZERO    0u /* only send-once rights' messages get through */
#define MACH_PORT_QLIMIT_DEFAULT 5u
#define MACH_PORT_QLIMIT_MAX     1024u
#define MACH_PORT_UREFS_MAX      0xffffu

/* mach_port_construct's options (XNU's layout, 24 bytes). */
typedef struct mach_port_options {
	uint32_t flags;      /* MPO_* */
	uint32_t mpl_qlimit; /* with MPO_QLIMIT: the queue limit (mach_port_limits_t) */
	uint64_t reserved[2];
} mach_port_options_t;

#define MPO_CONTEXT_AS_GUARD    0x01u /* guard the receive right with the context */
#define MPO_QLIMIT              0x02u
#define MPO_TEMPOWNER           0x04u
#define MPO_IMPORTANCE_RECEIVER 0x08u
#define MPO_INSERT_SEND_RIGHT   0x10u
#define MPO_STRICT              0x20u /* with MPO_CONTEXT_AS_GUARD */

#endif
