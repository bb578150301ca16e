/* Notification message ids and layouts, as XNU's <mach/notify.h> has them. */
#ifndef _MACH_NOTIFY_H_
#define _MACH_NOTIFY_H_

#include "mach/message.h"

#define MACH_NOTIFY_FIRST          0100
#define MACH_NOTIFY_PORT_DELETED   (MACH_NOTIFY_FIRST + 001)
#define MACH_NOTIFY_PORT_DESTROYED (MACH_NOTIFY_FIRST + 005)
#define MACH_NOTIFY_NO_SENDERS     (MACH_NOTIFY_FIRST + 006)
#define MACH_NOTIFY_SEND_ONCE      (MACH_NOTIFY_FIRST + 007)
#define MACH_NOTIFY_DEAD_NAME      (MACH_NOTIFY_FIRST + 010)

typedef struct {
	mach_msg_header_t not_header;
	uint32_t NDR[2];
	mach_port_name_t not_port;
} mach_port_deleted_notification_t, mach_dead_name_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	mach_msg_body_t not_body;
	mach_msg_port_descriptor_t not_port; /* the receive right */
} mach_port_destroyed_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	uint32_t NDR[2];
	uint32_t not_count; /* the make-send count when the last send right went */
} mach_no_senders_notification_t;

typedef struct {
	mach_msg_header_t not_header;
} mach_send_once_notification_t;

#endif
