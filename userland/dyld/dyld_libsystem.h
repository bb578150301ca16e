/*
 * What dyld and libSystem.B.dylib hand each other at run time. This is
 * Tessera's own contract, not Apple's (whose libdyld talks to dyld through
 * a private function table of its own).
 *
 * libSystem defines one writable object, `_tessera_dyld_api` (C name
 * `tessera_dyld_api`), and exports it. After dyld has mapped and bound
 * libSystem, and before it runs any initializer, it fills the object in;
 * from then on libSystem reaches dyld only through it:
 *   - `dyld_stub_binder` (libSystem, assembly) is entered from a lazy stub
 *     with the lazy-bind offset and the image's `__dyld_private` address
 *     pushed on the stack ([sp] = x16 = offset, [sp + 8] = x17 = address),
 *     saves the argument registers (x0-x8, q0-q7), calls `lazy_bind`, binds
 *     nothing itself, restores, pops the 16 bytes and branches to the answer;
 *   - dlopen, dlsym, dladdr, dlclose and dlerror forward to the members of
 *     the same names; libSystem's dlopen and dlsym call dlopen_from and
 *     dlsym_from (version 2) with their caller's address
 *     (__builtin_return_address(0)), which names the image that called:
 *     RTLD_SELF and RTLD_NEXT search from it, and a relative
 *     @loader_path or @rpath in dlopen expands against it;
 *   - `tlv_get_addr` is the thunk dyld puts in every thread-local variable's
 *     descriptor in place of `__tlv_bootstrap`.
 *   - `cxa_finalize` and `cxa_atexit` are libSystem's own members, set at
 *     link time (dyld only reads them, and may find them NULL): before dyld
 *     unmaps an image that dlclose let go, it calls cxa_finalize(the
 *     image's mach_header), which runs and forgets the handlers
 *     __cxa_atexit registered with that image's __dso_handle; once
 *     libSystem's initializers have run, dyld registers one handler with
 *     cxa_atexit (dso NULL), which runs the terminators (__mod_term_func)
 *     of the images still loaded when the process exits.
 * dyld keeps each thread's state (thread-local blocks, the last dl* error)
 * behind TSD slot TESSERA_DYLD_TSD_TLV (<mach/mach_init.h>: slots 0..9 are
 * libSystem's); a thread with no TSD yet gets TSD_SLOT_COUNT zeroed slots
 * from dyld at its first thread-local access or dl* error, which mach_init
 * then keeps.
 * dyld writes into every image's `__dyld_private` slot a value of its own
 * choosing that `lazy_bind` is later given back (to find the image).
 *
 * `version` lets a libSystem refuse a dyld it does not know: dyld writes
 * TESSERA_DYLD_API_VERSION last, after every member. Members are only ever
 * added at the end, so each keeps its offset (tlv_get_addr's, 56, is read
 * from assembly).
 */
#ifndef USERLAND_DYLD_DYLD_LIBSYSTEM_H
#define USERLAND_DYLD_DYLD_LIBSYSTEM_H

#include <stdint.h>

#define TESSERA_DYLD_API_VERSION 2
#define TESSERA_DYLD_API_SYMBOL  "_tessera_dyld_api" /* the Mach-O symbol */
#define TESSERA_DYLD_TSD_TLV     15                  /* dyld's TSD slot */

struct dyld_dl_info;        /* layout of Dl_info, <dlfcn.h> */
struct dyld_tlv_descriptor; /* { thunk, key, offset }, as macOS lays it out */

struct tessera_dyld_api {
	uint32_t version; /* 0 until dyld has filled the rest */
	uint32_t reserved;
	/* The target of the lazy pointer `offset` names in the image that owns `image_private`. */
	void *(*lazy_bind)(void *image_private, uint32_t lazy_bind_offset);
	void *(*dlopen)(const char *path, int mode);
	void *(*dlsym)(void *handle, const char *symbol);
	int (*dladdr)(const void *address, struct dyld_dl_info *info);
	int (*dlclose)(void *handle);
	char *(*dlerror)(void);
	void *(*tlv_get_addr)(struct dyld_tlv_descriptor *descriptor);
	/* Version 2. caller: an address inside the calling image. */
	void *(*dlopen_from)(const char *path, int mode, const void *caller);
	void *(*dlsym_from)(void *handle, const char *symbol, const void *caller);
	/* libSystem's (see above): __cxa_finalize and __cxa_atexit, or NULL. */
	void (*cxa_finalize)(void *dso);
	int (*cxa_atexit)(void (*handler)(void *), void *arg, void *dso);
};

#endif
