/*
 * dlfcn_lazy_bind: what dyld_stub_binder (stub_binder.S) calls with the
 * address of the image's __dyld_private slot and the lazy-bind offset from
 * the stub. It returns the symbol's address, or ends the process with a
 * message when there is none (no dyld, or dyld found no target).
 */
#ifndef USERLAND_LIBSYSTEM_DLFCN_LAZY_BIND_H
#define USERLAND_LIBSYSTEM_DLFCN_LAZY_BIND_H

#include <stdint.h>

void *dlfcn_lazy_bind(void **image_private_slot, uint64_t lazy_bind_offset);

/* Where _tlv_bootstrap goes without dyld: ends the process with a message. */
void dlfcn_tlv_missing(void) __attribute__((noreturn));

#endif
