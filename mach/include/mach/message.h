/* Mach messages as XNU's <mach/message.h> lays them out (the user ABI). */
#ifndef _MACH_MESSAGE_H_
#define _MACH_MESSAGE_H_

#include <stdint.h>

#include "mach/port.h"

typedef uint32_t mach_msg_bits_t;
typedef uint32_t mach_msg_size_t;
typedef int32_t mach_msg_id_t;
typedef uint32_t mach_msg_type_name_t;
typedef uint32_t mach_msg_option_t;
typedef uint32_t mach_msg_timeout_t;
typedef int mach_msg_return_t;

typedef struct {
	mach_msg_bits_t msgh_bits;
	mach_msg_size_t msgh_size;
	mach_port_name_t msgh_remote_port;
	mach_port_name_t msgh_local_port;
	mach_port_name_t msgh_voucher_port;
	mach_msg_id_t msgh_id;
} mach_msg_header_t;

#define MACH_MSGH_BITS_REMOTE_MASK    0x0000001fu
#define MACH_MSGH_BITS_LOCAL_MASK     0x00001f00u
#define MACH_MSGH_BITS_VOUCHER_MASK   0x001f0000u
#define MACH_MSGH_BITS_COMPLEX        0x80000000u
#define MACH_MSGH_BITS_USER           0x801f1f1fu
#define MACH_MSGH_BITS(remote, local) ((remote) | ((local) << 8))
#define MACH_MSGH_BITS_REMOTE(bits)   ((bits)&MACH_MSGH_BITS_REMOTE_MASK)
#define MACH_MSGH_BITS_LOCAL(bits)    (((bits)&MACH_MSGH_BITS_LOCAL_MASK) >> 8)
#define MACH_MSGH_BITS_VOUCHER(bits)  (((bits)&MACH_MSGH_BITS_VOUCHER_MASK) >> 16)

/* Dispositions a sender names, and the types a receiver sees. */
#define MACH_MSG_TYPE_MOVE_RECEIVE   16u
#define MACH_MSG_TYPE_MOVE_SEND      17u
#define MACH_MSG_TYPE_MOVE_SEND_ONCE 18u
#define MACH_MSG_TYPE_COPY_SEND      19u
#define MACH_MSG_TYPE_MAKE_SEND      20u
#define MACH_MSG_TYPE_MAKE_SEND_ONCE 21u
#define MACH_MSG_TYPE_COPY_RECEIVE   22u
#define MACH_MSG_TYPE_PORT_RECEIVE   MACH_MSG_TYPE_MOVE_RECEIVE
#define MACH_MSG_TYPE_PORT_SEND      MACH_MSG_TYPE_MOVE_SEND
#define MACH_MSG_TYPE_PORT_SEND_ONCE MACH_MSG_TYPE_MOVE_SEND_ONCE

/* Complex messages: a descriptor count after the header, then the descriptors. */
typedef struct {
	mach_msg_size_t msgh_descriptor_count;
} mach_msg_body_t;

#define MACH_MSG_PORT_DESCRIPTOR         0u
#define MACH_MSG_OOL_DESCRIPTOR          1u
#define MACH_MSG_OOL_PORTS_DESCRIPTOR    2u
#define MACH_MSG_OOL_VOLATILE_DESCRIPTOR 3u

#define MACH_MSG_PHYSICAL_COPY 0u
#define MACH_MSG_VIRTUAL_COPY  1u

/* The layouts a 64-bit task sends and receives; the type is always byte 11. */
typedef struct {
	mach_port_name_t name;
	mach_msg_size_t pad1;
	uint16_t pad2;
	uint8_t disposition;
	uint8_t type;
} mach_msg_port_descriptor_t;

typedef struct {
	uint64_t address;
	uint8_t deallocate;
	uint8_t copy;
	uint8_t pad1;
	uint8_t type;
	mach_msg_size_t size;
} __attribute__((packed, aligned(4))) mach_msg_ool_descriptor64_t;

typedef struct {
	uint64_t address;
	uint8_t deallocate;
	uint8_t copy;
	uint8_t disposition;
	uint8_t type;
	mach_msg_size_t count;
} __attribute__((packed, aligned(4))) mach_msg_ool_ports_descriptor64_t;

/* mach_msg options. */
#define MACH_MSG_OPTION_NONE 0x00000000u
#define MACH_SEND_MSG        0x00000001u
#define MACH_RCV_MSG         0x00000002u
#define MACH_RCV_LARGE       0x00000004u
#define MACH_SEND_TIMEOUT    0x00000010u
#define MACH_SEND_INTERRUPT  0x00000040u
#define MACH_RCV_TIMEOUT     0x00000100u
#define MACH_RCV_INTERRUPT   0x00000400u

#define MACH_RCV_TRAILER_TYPE(x)     (((x)&0xfu) << 28)
#define MACH_RCV_TRAILER_ELEMENTS(x) (((x)&0xfu) << 24)
#define GET_RCV_ELEMENTS(option)     (((option) >> 24) & 0xfu)
#define MACH_RCV_TRAILER_NULL        0u
#define MACH_RCV_TRAILER_SEQNO       1u
#define MACH_RCV_TRAILER_SENDER      2u
#define MACH_RCV_TRAILER_AUDIT       3u

#define MACH_MSG_TIMEOUT_NONE 0u

/* Trailers: format 0, growing by element. */
#define MACH_MSG_TRAILER_FORMAT_0 0u

typedef struct {
	uint32_t msgh_trailer_type;
	mach_msg_size_t msgh_trailer_size;
} mach_msg_trailer_t;

typedef struct {
	uint32_t val[2];
} security_token_t;

typedef struct {
	uint32_t val[8];
} audit_token_t;

typedef struct {
	uint32_t msgh_trailer_type;
	mach_msg_size_t msgh_trailer_size;
	uint32_t msgh_seqno;
	security_token_t msgh_sender;
	audit_token_t msgh_audit;
} __attribute__((packed, aligned(4))) mach_msg_audit_trailer_t;

#define MACH_MSG_TRAILER_MINIMUM_SIZE sizeof(mach_msg_trailer_t)
#define MAX_TRAILER_SIZE              ((mach_msg_size_t)sizeof(mach_msg_audit_trailer_t))

/* mach_msg return codes. */
#define MACH_MSG_SUCCESS         0x00000000
#define MACH_SEND_INVALID_DATA   0x10000002
#define MACH_SEND_INVALID_DEST   0x10000003
#define MACH_SEND_TIMED_OUT      0x10000004
#define MACH_SEND_INTERRUPTED    0x10000007
#define MACH_SEND_MSG_TOO_SMALL  0x10000008
#define MACH_SEND_INVALID_REPLY  0x10000009
#define MACH_SEND_INVALID_RIGHT  0x1000000a
#define MACH_SEND_NO_BUFFER      0x1000000d
#define MACH_SEND_TOO_LARGE      0x1000000e
#define MACH_SEND_INVALID_TYPE   0x1000000f
#define MACH_SEND_INVALID_HEADER 0x10000010
#define MACH_SEND_INVALID_MEMORY 0x1000000c
#define MACH_RCV_INVALID_NAME    0x10004002
#define MACH_RCV_TIMED_OUT       0x10004003
#define MACH_RCV_TOO_LARGE       0x10004004
#define MACH_RCV_INTERRUPTED     0x10004005
#define MACH_RCV_INVALID_DATA    0x10004008
#define MACH_RCV_PORT_CHANGED    0x10004006
#define MACH_RCV_PORT_DIED       0x10004009
#define MACH_RCV_IN_SET          0x1000400a
#define MACH_RCV_BODY_ERROR      0x1000400c
#define MACH_RCV_INVALID_TRAILER 0x1000400f

typedef struct {
	mach_msg_header_t Head;
	uint32_t NDR[2]; /* NDR_record_t */
	int32_t RetCode;
} mig_reply_error_t;

#endif
