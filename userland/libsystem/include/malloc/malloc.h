/*
 * <malloc/malloc.h> for Tessera's libSystem: the macOS malloc introspection
 * calls that programs use.
 */
#ifndef _MALLOC_MALLOC_H_
#define _MALLOC_MALLOC_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The usable size of a block malloc returned; 0 for any other pointer. */
size_t malloc_size(const void *ptr);

#ifdef __cplusplus
}
#endif

#endif
