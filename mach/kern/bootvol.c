#include "kern/bootvol.h"

#include "arch/arm64/vm_layout.h"
#include "kern/fat.h"
#include "kern/kprintf.h"
#include "libkern/crc32.h"

static struct fat_volume bootvol;
static bool bootvol_mounted;
static uint64_t bootvol_pa, bootvol_size;

bool bootvol_range(uint64_t *pa, uint64_t *size)
{
	*pa = bootvol_pa;
	*size = bootvol_size;
	return bootvol_mounted;
}

const struct fat_volume *bootvol_volume(void)
{
	return bootvol_mounted ? &bootvol : NULL;
}

static int bootvol_list_entry(void *ctx, const char *path, const struct fat_entry *e)
{
	struct fat_file f;
	const void *data;
	size_t len;
	uint32_t crc = 0;
	int err;

	if (e->is_dir) {
		kprintf("bootvol:   %-32s       <dir>\n", path);
		return 0;
	}
	err = fat_file_open(&bootvol, e, &f);
	if (err != FAT_OK) {
		kprintf("bootvol:   %-32s %10u unreadable: %s\n", path, e->size, fat_strerror(err));
		return 0;
	}
	while (fat_file_next(&f, &data, &len) == 1)
		crc = crc32_update(crc, data, len);
	kprintf("bootvol:   %-32s %10u crc32 %08x\n", path, e->size, crc);
	return 0;
}

bool bootvol_init(const struct platform *p)
{
	int err;

	if (!p->has_initrd) {
		kprintf("bootvol: no boot volume: the device tree names no initrd "
		        "(start QEMU with -initrd IMAGE)\n");
		return false;
	}
	if (p->initrd_end <= p->initrd_start || p->initrd_start < RAM_BASE_PA) {
		kprintf("bootvol: boot volume at 0x%lx-0x%lx is not in RAM\n", p->initrd_start,
		        p->initrd_end);
		return false;
	}
	size_t size = p->initrd_end - p->initrd_start;
	err = fat_mount(&bootvol, phys_to_kva(p->initrd_start), size);
	if (err != FAT_OK) {
		kprintf("bootvol: boot volume at 0x%lx (%zu bytes) is unusable: %s\n",
		        p->initrd_start, size, fat_strerror(err));
		return false;
	}
	kprintf("bootvol: FAT%d volume at 0x%lx, %zu bytes:\n", bootvol.type, p->initrd_start,
	        size);
	err = fat_walk(&bootvol, bootvol_list_entry, 0);
	if (err != FAT_OK) {
		kprintf("bootvol: listing stopped: %s\n", fat_strerror(err));
		return false;
	}
	bootvol_mounted = true;
	bootvol_pa = p->initrd_start;
	bootvol_size = size;
	return true;
}
