#include "bsdserver/image_cache.h"

#include <errno.h>
#include <string.h>

#include "bsdserver/bsd_abi.h"
#include "bsdserver/bsdserver.h"

struct slot {
	struct image img;
	char path[PATH_MAX];
	uint64_t used; /* the lookup count when last used; 0: empty */
};

static struct slot slots[IMAGE_CACHE_SIZE];
static uint64_t lookups;

/*
 * A memory entry holding segment seg as mapped (the file's bytes, then
 * zeros), or MACH_PORT_NULL when the segment may be written (each process
 * needs its own) or the entry cannot be made (then exec copies it).
 */
static mach_port_t share_segment(const uint8_t *file, const struct macho_segment *seg)
{
	struct macho_load_step step;
	mach_vm_address_t at = 0;
	mach_port_t entry = MACH_PORT_NULL;

	if (seg->vmsize == 0 || seg->maxprot == 0 || (seg->maxprot & VM_PROT_WRITE))
		return MACH_PORT_NULL;
	macho_plan_segment(file, seg, &step);
	if (mach_vm_allocate(mach_task_self(), &at, step.map_size, VM_FLAGS_ANYWHERE) !=
	    KERN_SUCCESS)
		return MACH_PORT_NULL;
	memcpy((void *)(uintptr_t)at, step.src, step.copy_size);
	memory_object_size_t size = step.map_size;
	kern_return_t kr = mach_make_memory_entry_64(
	    mach_task_self(), &size, at, (vm_prot_t)seg->maxprot, &entry, MACH_PORT_NULL);
	/* The entry keeps the memory; bsdserver's own mapping of it is not needed. */
	mach_vm_deallocate(mach_task_self(), at, step.map_size);
	if (kr == KERN_SUCCESS && size != step.map_size) {
		mach_port_deallocate(mach_task_self(), entry);
		kr = KERN_FAILURE;
	}
	return kr == KERN_SUCCESS ? entry : MACH_PORT_NULL;
}

static void slot_clear(struct slot *s)
{
	for (unsigned i = 0; i < MACHO_MAX_SEGMENTS; i++)
		if (MACH_PORT_VALID(s->img.shared[i]))
			mach_port_deallocate(mach_task_self(), s->img.shared[i]);
	bootstrap_file_free(&s->img.file);
	memset(s, 0, sizeof(*s));
}

/* Reads and parses path into s (empty): 0, or ENOENT/ENOEXEC with *why. */
static int slot_load(struct slot *s, const char *path, const char **why)
{
	static char why_buf[192];
	const char *err = bootstrap_file_read(&bsd.volume, path, &s->img.file);
	int errno_value = ENOENT;

	if (err == NULL) {
		enum macho_error merr =
		    macho_parse(s->img.file.data, s->img.file.size, &s->img.image);
		if (merr == MACHO_OK) {
			for (unsigned i = 0; i < s->img.image.nsegments; i++)
				s->img.shared[i] =
				    share_segment(s->img.file.data, &s->img.image.segments[i]);
			strcpy(s->path, path);
			return 0;
		}
		err = macho_strerror(merr);
		errno_value = ENOEXEC;
	}
	why_buf[0] = '\0';
	strncat(why_buf, path, sizeof(why_buf) - 1);
	strncat(why_buf, ": ", sizeof(why_buf) - 1 - strlen(why_buf));
	strncat(why_buf, err, sizeof(why_buf) - 1 - strlen(why_buf));
	*why = why_buf;
	slot_clear(s);
	return errno_value;
}

int image_cache_get(const char *path, const struct image **out, const char **why)
{
	struct slot *victim = &slots[0];

	if (strlen(path) >= sizeof(victim->path)) {
		*why = "the path is too long";
		return ENOENT;
	}
	lookups++;
	for (int i = 0; i < IMAGE_CACHE_SIZE; i++) {
		struct slot *s = &slots[i];
		if (s->used != 0 && strcmp(s->path, path) == 0) {
			s->used = lookups;
			*out = &s->img;
			return 0;
		}
		if (s->used < victim->used)
			victim = s;
	}
	slot_clear(victim);
	int err = slot_load(victim, path, why);
	if (err != 0)
		return err;
	victim->used = lookups;
	*out = &victim->img;
	return 0;
}
