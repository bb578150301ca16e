/*
 * Random bytes from the kernel's generator (mach/kern/random.c): a Tessera
 * routine on the host port, so any task holding either host port (plain or
 * host_priv) may ask, as any process may read /dev/random. Each call gives
 * `size` fresh bytes, at most HOST_GET_RANDOM_MAX; a larger size gets
 * KERN_INVALID_ARGUMENT. The bytes are fit for keys, canaries and seeds
 * unless the kernel said at boot that it had no seed (then they are only
 * as good as the timer's jitter).
 *
 * Layouts are MIG's (4-byte packing): the reply carries bytesCnt bytes,
 * padded to 4, and answers request id + 100; errors are mig_reply_error_t.
 * libSystem's client is host_get_random (userland/libsystem/mach/host_random.defs).
 */
#ifndef _MACH_TESSERA_RANDOM_H_
#define _MACH_TESSERA_RANDOM_H_

#include <stdint.h>

#include "mach/message.h"

#define HOST_GET_RANDOM_ID  7430 /* (host, size) -> bytes */
#define HOST_GET_RANDOM_MAX 256

#pragma pack(push, 4)
struct host_get_random_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint32_t size;
};

struct host_get_random_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint32_t bytesCnt;
	uint8_t bytes[HOST_GET_RANDOM_MAX]; /* sent up to bytesCnt, rounded up to 4 */
};
#pragma pack(pop)

#endif
