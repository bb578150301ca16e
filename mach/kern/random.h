/*
 * The kernel's random generator: libkern/csprng.c seeded at boot from the
 * device tree's /chosen rng-seed and kaslr-seed and the generic timer
 * counter, with the counter mixed in again on every request. Without a
 * seed in the device tree (or with fewer than 16 bytes of it) it says on
 * the console that it is weak and leans on timer jitter.
 *
 * User space asks through host_get_random (<mach/tessera_random.h>).
 * Locking: random_lock, taken with interrupts masked, covers the state, so
 * random_bytes may be called from any thread or interrupt handler.
 */
#ifndef KERN_RANDOM_H
#define KERN_RANDOM_H

#include <stddef.h>

#include "ipc/ipc_kmsg.h"

struct platform;

/* Seeds the generator and wipes the device tree's seeds. Once, at boot, before any caller. */
void random_init(const struct platform *p);

/* Fills buf[0..len) with fresh random bytes. */
void random_bytes(void *buf, size_t len);

/* Answers host_get_random (HOST_GET_RANDOM_ID) on either host port. No lock held. */
struct ipc_kmsg *random_host_get_random(struct ipc_kmsg *request);

#endif
