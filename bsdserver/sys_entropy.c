/*
 * getentropy (XNU number 500): at most ENTROPY_MAX bytes a call, EINVAL
 * beyond (as XNU, though its manual says EIO), EFAULT for a buffer the
 * process cannot have written.
 */
#include "bsdserver/entropy.h"

#include <errno.h>
#include <stdint.h>

#include <mach/mach.h>
#include <mach/tessera_random.h>

#include "bsdserver/bsdserver.h"
#include "bsdserver/copyio.h"
#include "bsdserver/syscalls.h"

int entropy_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len > 0) {
		mach_msg_type_number_t n =
		    len < HOST_GET_RANDOM_MAX ? (uint32_t)len : HOST_GET_RANDOM_MAX;
		mach_msg_type_number_t got = n;

		if (host_get_random(bsd.host, n, p, &got) != KERN_SUCCESS || got != n)
			return EIO;
		p += n;
		len -= n;
	}
	return 0;
}

int sys_getentropy(struct sys_call *call)
{
	uint8_t bytes[ENTROPY_MAX];
	uint64_t size = call->args[1];

	if (size > ENTROPY_MAX)
		return EINVAL;
	int error = entropy_bytes(bytes, size);
	return error != 0 ? error : copyout(call->p->task, bytes, call->args[0], size);
}
