/*
 * The pure half of starting a process (exec.c): whether a program and its
 * dynamic linker can share one address space with the stack, and the
 * stack's contents. No Mach calls; host-tested.
 *
 * The stack as XNU starts dyld, and as dyld expects it (DESIGN.md,
 * "Starting a process"): at the stack pointer (16-byte aligned) the
 * address of the program's mach_header, then argc, the argv pointers, NULL,
 * the envp pointers, NULL, the apple pointers, NULL; the strings they point
 * to sit above, at the top of the stack.
 */
#ifndef BSDSERVER_EXEC_IMAGE_H
#define BSDSERVER_EXEC_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "kern/macho.h"

/*
 * NULL if the mapped segments of prog and dyld (a parsed image each)
 * overlap neither each other nor [stack_low, stack_high), else a sentence
 * saying which do.
 */
const char *exec_layout_check(const struct macho_image *prog, const struct macho_image *dyld,
                              uint64_t stack_low, uint64_t stack_high);

/*
 * The address at which prog's mach_header is mapped (the segment holding
 * file offset 0), or 0 if no segment maps it.
 */
uint64_t exec_header_address(const struct macho_image *prog);

#define EXEC_PAGE_SIZE 4096u

/*
 * Builds the top `size` bytes of a stack that ends at `top` into buf (buf[0]
 * is address top - size): the layout above, with argv, envp and apple
 * NULL-terminated string arrays. Sets *sp. Only the bytes from the start
 * of *sp's page up are written (what lies below is left as it was), so
 * those pages are all a task needs. Returns 0, or E2BIG when it does not
 * fit.
 */
int exec_stack_build(uint8_t *buf, size_t size, uint64_t top, uint64_t header,
                     const char *const *argv, const char *const *envp, const char *const *apple,
                     uint64_t *sp);

#endif
