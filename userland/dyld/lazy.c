/*
 * Lazy binding. lld's __stub_helper starts with
 *     adrp x17, __dyld_private@PAGE ; add x17, x17, __dyld_private@PAGEOFF
 *     stp x16, x17, [sp, #-16]! ; ... br dyld_stub_binder
 * so the image's __dyld_private slot is found by decoding those two
 * instructions. dyld writes the image's record there; dyld_stub_binder
 * hands lazy_bind either that value or the slot's address, and both lead
 * back to the image.
 */
#include <string.h>

#include "apply.h"
#include "runtime.h"

#define LC_SEGMENT_64    0x19u
#define SEGMENT_CMD_SIZE 72u
#define SECTION_SIZE     80u
#define ADRP_X17_MASK    0x9f00001fu
#define ADRP_X17         0x90000011u
#define ADD_X17_X17_MASK 0xffc003ffu
#define ADD_X17_X17      0x91000231u

/* The unslid address of the __TEXT,__stub_helper section, 0 if none. */
static uint64_t stub_helper(const struct dyld_image *img, uint64_t *size)
{
	struct macho_command cmd = {.data = NULL};

	while (macho_command_next(img->file, &cmd)) {
		if (cmd.type != LC_SEGMENT_64)
			continue;
		uint32_t nsects = macho_le32(cmd.data + 64);

		/* The kernel's parse checked nsects against cmdsize. */
		for (uint32_t i = 0; i < nsects; i++) {
			const uint8_t *s = cmd.data + SEGMENT_CMD_SIZE + i * SECTION_SIZE;

			if (strncmp((const char *)s, "__stub_helper", 16) == 0 &&
			    strncmp((const char *)s + 16, "__TEXT", 16) == 0) {
				*size = macho_le64(s + 40);
				return macho_le64(s + 32);
			}
		}
	}
	return 0;
}

void dyld_lazy_setup(struct dyld_record *r)
{
	const struct macho_image *m = &r->img.macho;
	uint64_t size, at = stub_helper(&r->img, &size);

	if (at == 0 || size < 8)
		return;
	const uint8_t *code = r->mem + (at - m->vm_start);
	uint32_t adrp = macho_le32(code), add = macho_le32(code + 4);

	if ((adrp & ADRP_X17_MASK) != ADRP_X17 || (add & ADD_X17_X17_MASK) != ADD_X17_X17)
		return;
	uint64_t imm = (adrp >> 29 & 3) | (uint64_t)(adrp >> 5 & 0x7ffff) << 2;
	int64_t pages = (int64_t)(imm << 43) >> 43; /* 21-bit signed */
	uint64_t slot = (at & ~(uint64_t)0xfff) + (uint64_t)(pages * 4096) + (add >> 10 & 0xfff);

	/* Only a slot in writable file data: the same rule as any fixup. */
	for (unsigned i = 0; i < m->nsegments; i++) {
		const struct macho_segment *s = &m->segments[i];

		if ((s->initprot & MACHO_PROT_WRITE) && slot >= s->vmaddr && s->filesize >= 8 &&
		    slot - s->vmaddr <= s->filesize - 8 && slot % 8 == 0) {
			*(struct dyld_record **)(r->mem + (slot - m->vm_start)) = r;
			return;
		}
	}
}

void *dyld_lazy_bind(void *image_private, uint32_t lazy_bind_offset)
{
	struct dyld_record *r;
	enum dyld_error err;
	uint64_t target;

	dyld_lock();
	r = dyld_images_from_handle(image_private);
	if (r == NULL)
		r = dyld_images_containing((uint64_t)(uintptr_t)image_private);
	if (r == NULL) {
		dyld_fail_text(NULL, "lazy bind for an address in no image");
		dyld_die();
	}
	err = dyld_apply_lazy(&r->img, r->mem, r->slide, lazy_bind_offset, dyld_images_resolve, r,
	                      &target);
	if (err != DYLD_OK) {
		dyld_fail(err, r->path, NULL);
		dyld_images_name_symbol();
		dyld_fail_append(" (lazy bind)");
		dyld_die();
	}
	dyld_unlock();
	return (void *)(uintptr_t)target;
}
