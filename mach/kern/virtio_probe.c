/*
 * Register offsets and device IDs are from the Virtio 1.x specification
 * ("MMIO Device Register Layout", "Device Types").
 */
#include "kern/virtio_probe.h"

#include "arch/arm64/cpu.h"
#include "arch/arm64/vm_layout.h"
#include "kern/kprintf.h"

#define VIRTIO_MMIO_MAGIC     0x000
#define VIRTIO_MMIO_VERSION   0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MAGIC          0x74726976 /* "virt" */

static const char *virtio_device_name(uint32_t id)
{
	switch (id) {
	case 1: return "network";
	case 2: return "block";
	case 3: return "console";
	case 4: return "entropy";
	case 5: return "memory balloon";
	case 9: return "9P transport";
	case 16: return "GPU";
	case 18: return "input";
	case 19: return "socket";
	default: return "other";
	}
}

void virtio_probe(const struct platform *p)
{
	unsigned present = 0;

	for (unsigned i = 0; i < p->nvirtio; i++) {
		const struct platform_device *d = &p->virtio[i];
		if (d->reg.base >= PERIPH_LIMIT_PA || d->reg.size < 0x100)
			continue;
		uintptr_t regs = (uintptr_t)phys_to_kva(d->reg.base);
		if (mmio_read32(regs + VIRTIO_MMIO_MAGIC) != VIRTIO_MAGIC)
			continue;
		uint32_t id = mmio_read32(regs + VIRTIO_MMIO_DEVICE_ID);
		if (id == 0)
			continue;
		kprintf("virtio: %s device (id %u, version %u) at 0x%lx, INTID %u\n",
		        virtio_device_name(id), id, mmio_read32(regs + VIRTIO_MMIO_VERSION),
		        d->reg.base, d->intid);
		present++;
	}
	kprintf("virtio: %u mmio slots, %u in use\n", p->nvirtio, present);
}
