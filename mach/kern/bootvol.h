/*
 * The boot volume: the FAT image QEMU loads as the initrd. The kernel mounts it
 * read-only in place (it stays reserved in physical memory) and reports it.
 */
#ifndef KERN_BOOTVOL_H
#define KERN_BOOTVOL_H

#include <stdbool.h>

#include "kern/fat.h"
#include "kern/platform.h"

/*
 * Mounts the initrd the platform describes and prints its files (path, size,
 * CRC-32). A missing or corrupt volume is reported on the console and leaves
 * the kernel without a boot volume; returns whether one is mounted.
 */
bool bootvol_init(const struct platform *p);

/* The mounted boot volume, or NULL. Read-only; valid for the kernel's life. */
const struct fat_volume *bootvol_volume(void);

/* Where the mounted boot volume lies in physical memory (false if none is mounted). */
bool bootvol_range(uint64_t *pa, uint64_t *size);

#endif
