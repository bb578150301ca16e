/*
 * A boot-time census of the virtio-mmio slots the device tree lists: which
 * hold a device and of what kind. The drivers themselves are user-space
 * servers; the kernel only reports what it found.
 */
#ifndef KERN_VIRTIO_PROBE_H
#define KERN_VIRTIO_PROBE_H

#include "kern/platform.h"

void virtio_probe(const struct platform *p);

#endif
