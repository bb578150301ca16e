/*
 * Reading the kernel's IPC trace (ipc/ipc_trace.h) from user space: a
 * Tessera routine on the host_priv port (the msgtrace tool's source). Each
 * record has a sequence number (records ever made before it); a read from
 * `from` returns the records still in the ring from there on, oldest first,
 * as out-of-line memory, with the sequence number of the first one (later
 * than `from` when the ring overwrote some) and of the next to come.
 *
 * Layouts are MIG's (4-byte packing); the reply answers request id + 100.
 */
#ifndef _MACH_TESSERA_TRACE_H_
#define _MACH_TESSERA_TRACE_H_

#include <stdint.h>

#include "mach/message.h"

#define IPC_TRACE_READ_ID 7420 /* (host_priv, from) -> records, first, next */

enum ipc_trace_kind {
	IPC_TRACE_SEND,    /* a task sent (result: the send's mach_msg_return_t) */
	IPC_TRACE_RECEIVE, /* a task received (result: the receive's mach_msg_return_t) */
	IPC_TRACE_KERNEL,  /* the kernel sent (a reply, notification or forwarded call) */
	/*
	 * A message handed straight to a waiting receiver, both its events in
	 * one record: task and thread sent it (0 for the kernel), peer_task and
	 * peer_thread received it; the result is both's.
	 */
	IPC_TRACE_HANDOFF,
};

struct ipc_trace_record {
	uint64_t time;   /* counter ticks (mach_absolute_time) */
	uint64_t task;   /* task id; 0 for the kernel */
	uint64_t thread; /* thread id; 0 for the kernel */
	uint64_t port;   /* the destination or receive port's id */
	int32_t msgh_id;
	uint32_t size; /* header + body bytes */
	uint16_t descriptors;
	uint8_t kind; /* enum ipc_trace_kind */
	uint8_t pad;
	int32_t result;
	uint64_t peer_task;   /* IPC_TRACE_HANDOFF: the receiver's task id; else 0 */
	uint64_t peer_thread; /* IPC_TRACE_HANDOFF: the receiver's thread id; else 0 */
};

#pragma pack(push, 4)
struct ipc_trace_read_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint64_t from;
};

struct ipc_trace_read_reply {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_ool_descriptor64_t records; /* recordsCnt struct ipc_trace_record */
	uint32_t NDR[2];
	uint32_t recordsCnt;
	uint64_t first;
	uint64_t next;
};
#pragma pack(pop)

#endif
