/*
 * Mapping one segment of a Mach-O file held in memory into another task, at
 * its link address: fresh memory, the file's bytes written in, then the
 * segment's maximum and initial protections. The plan (what to copy, what is
 * demand-zero) is the kernel's (kern/macho.h, macho_plan_segment). Used by
 * the bootstrap's loader and by bsdserver's exec.
 */
#ifndef USERLAND_BOOTSTRAP_SEGMENT_MAP_H
#define USERLAND_BOOTSTRAP_SEGMENT_MAP_H

#include <stdint.h>

#include <mach/mach.h>

#include "kern/macho.h"

/* Maps `seg` of `file` into `task`; KERN_SUCCESS or the first Mach call's error. */
kern_return_t segment_map(task_t task, const uint8_t *file, const struct macho_segment *seg);

#endif
