/*
 * Thread-local variables. Each image's __thread_vars descriptors get dyld's
 * thunk and the image's index as key; a thread's first access to an image's
 * variables copies the image's template into a block of its own. A thread
 * finds its blocks, one per image by key, through TSD slot
 * TESSERA_DYLD_TSD_TLV. Blocks live as long as the process (thread exit does
 * not free them yet).
 */
#include <string.h>

#include "runtime.h"

struct dyld_tlv_descriptor {
	void *(*thunk)(struct dyld_tlv_descriptor *);
	uint64_t key;
	uint64_t offset;
};

enum dyld_error dyld_tlv_setup(struct dyld_record *r)
{
	enum dyld_error err = dyld_init_tlv(&r->img, r->mem, &r->tlv);

	if (err != DYLD_OK)
		return dyld_fail(err, r->path, NULL);
	for (uint64_t i = 0; i < r->tlv.nvars; i++) {
		struct dyld_tlv_descriptor *d =
		    (struct dyld_tlv_descriptor *)(r->mem + (r->tlv.vars - r->img.macho.vm_start) +
		                                   24 * i);

		d->thunk = dyld_tlv_thunk;
		d->key = r->index;
	}
	return DYLD_OK;
}

static void out_of_memory(void)
{
	dyld_fail_text(NULL, "out of memory for thread-local variables");
	dyld_die();
}

void *dyld_tlv_get_addr(struct dyld_tlv_descriptor *descriptor)
{
	void **tsd = dyld_thread_tsd();
	uint8_t **blocks;
	struct dyld_record *r;

	if (descriptor->key >= dyld_nimages ||
	    descriptor->offset >= dyld_images[descriptor->key]->tlv.size) {
		dyld_fail_text(NULL, "thread-local descriptor dyld did not set up");
		dyld_die();
	}
	r = dyld_images[descriptor->key];
	blocks = tsd[TESSERA_DYLD_TSD_TLV];
	if (blocks == NULL) {
		blocks = dyld_allocate(DYLD_MAX_IMAGES * sizeof(*blocks));
		if (blocks == NULL)
			out_of_memory();
		tsd[TESSERA_DYLD_TSD_TLV] = blocks;
	}
	if (blocks[r->index] == NULL) {
		uint8_t *block = dyld_allocate(r->tlv.size);

		if (block == NULL)
			out_of_memory();
		memcpy(block, r->mem + (r->tlv.start - r->img.macho.vm_start), r->tlv.init_size);
		blocks[r->index] = block;
	}
	return blocks[r->index] + descriptor->offset;
}
