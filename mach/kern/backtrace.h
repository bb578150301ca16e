/*
 * Kernel stack backtraces by frame-pointer chain (the kernel is built with
 * -fno-omit-frame-pointer). Kernel stacks are KSTACK_SIZE bytes and aligned to
 * their size, so a frame pointer alone tells which stack it is on.
 */
#ifndef KERN_BACKTRACE_H
#define KERN_BACKTRACE_H

#include <stdint.h>

#define KSTACK_SIZE 16384

/* Prints one line per frame, symbolized, starting at pc with frame pointer fp. */
void backtrace_print(uint64_t pc, uint64_t fp);

#endif
