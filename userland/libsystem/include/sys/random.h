/*
 * <sys/random.h> for Tessera's libSystem: getentropy, at most 256 bytes a
 * call (EINVAL beyond that, as on macOS).
 */
#ifndef _SYS_RANDOM_H_
#define _SYS_RANDOM_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int getentropy(void *buffer, size_t size);

#ifdef __cplusplus
}
#endif

#endif
