#include "userland/bootstrap/volume.h"

#include <string.h>

#define BOOT_VOLUME_KEY "boot_volume="
#define PAGE_SIZE       4096u

/* Parses "0x" and hex digits at *s, moving *s past them. */
static int parse_hex(const char **s, uint64_t *value)
{
	const char *p = *s;
	uint64_t v = 0;
	int digits = 0;

	if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return -1;
	for (p += 2; digits < 16; p++, digits++) {
		unsigned d;
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			break;
		v = v << 4 | d;
	}
	if (digits == 0)
		return -1;
	*s = p;
	*value = v;
	return 0;
}

const char *bootstrap_volume_mount(char **apple, struct fat_volume *vol)
{
	for (; apple != NULL && *apple != NULL; apple++) {
		const char *s = *apple;
		uint64_t address, size;

		if (strncmp(s, BOOT_VOLUME_KEY, strlen(BOOT_VOLUME_KEY)) != 0)
			continue;
		s += strlen(BOOT_VOLUME_KEY);
		if (parse_hex(&s, &address) != 0 || *s++ != ',' || parse_hex(&s, &size) != 0 ||
		    *s != '\0' || address == 0 || address + size < address)
			return "the kernel's boot_volume string is malformed";
		int err = fat_mount(vol, (const void *)(uintptr_t)address, (size_t)size);
		return err == FAT_OK ? NULL : fat_strerror(err);
	}
	return "the kernel named no boot volume (no boot_volume apple string)";
}

const char *bootstrap_file_read(const struct fat_volume *vol, const char *path,
                                struct bootstrap_file *file)
{
	struct fat_entry entry;
	size_t nread;

	memset(file, 0, sizeof(*file));
	int err = fat_lookup(vol, path, &entry);
	if (err != FAT_OK)
		return fat_strerror(err);
	if (entry.is_dir)
		return "is a directory";
	if (entry.size == 0)
		return NULL;
	mach_vm_address_t address = 0;
	mach_vm_size_t mapped =
	    ((mach_vm_size_t)entry.size + PAGE_SIZE - 1) & ~(mach_vm_size_t)(PAGE_SIZE - 1);
	if (mach_vm_allocate(mach_task_self(), &address, mapped, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return "no memory to read it into";
	err = fat_read(vol, &entry, 0, (void *)(uintptr_t)address, entry.size, &nread);
	if (err != FAT_OK || nread != entry.size) {
		mach_vm_deallocate(mach_task_self(), address, mapped);
		return err != FAT_OK ? fat_strerror(err) : "shorter than its directory entry says";
	}
	file->data = (void *)(uintptr_t)address;
	file->size = entry.size;
	file->mapped = mapped;
	return NULL;
}

void bootstrap_file_free(struct bootstrap_file *file)
{
	if (file->data != NULL)
		mach_vm_deallocate(mach_task_self(), (mach_vm_address_t)(uintptr_t)file->data,
		                   file->mapped);
	memset(file, 0, sizeof(*file));
}
