/*
 * Tessera's routine to name a task, on the task's port (the kernel answers
 * it in kern/task_server.c): the name the kernel's reports use, such as
 * exception reports. Whoever starts a program names its task (the bootstrap,
 * bsdserver); task_create gives a new task its creator's name until then.
 *
 * Layout: MIG's, for a c_string[*:TASK_NAME_MAX] argument; the request ends
 * after round4(nameCnt) bytes of the name. The reply is a mig_reply_error_t
 * answering id + 100.
 */
#ifndef _MACH_TESSERA_TASK_H_
#define _MACH_TESSERA_TASK_H_

#include <stdint.h>

#include "mach/message.h"

#define TASK_SET_NAME_ID 7410
#define TASK_NAME_MAX    24 /* bytes, the NUL included; longer names are cut */

#pragma pack(push, 4)
struct task_set_name_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint32_t nameOffset; /* unused, as in MIG */
	uint32_t nameCnt;
	char name[TASK_NAME_MAX];
};
#pragma pack(pop)

#endif
