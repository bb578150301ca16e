/*
 * Thread-local variables. An image with any gets a key (its place in
 * dyld_tlv_images, which only grows: such an image is never unloaded); its
 * __thread_vars descriptors get dyld's thunk and that key, and a thread's
 * first access to the image's variables copies the image's template into a
 * block of its own, found by key in the thread's dyld state. Blocks live as
 * long as the process (thread exit does not free them yet).
 */
#include <string.h>

#include "runtime.h"

struct dyld_record *dyld_tlv_images[DYLD_MAX_IMAGES];
unsigned dyld_tlv_count;

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
	if (r->tlv.size == 0 && r->tlv.nvars == 0)
		return DYLD_OK;
	/* There are never more such images than images. */
	r->tlv_key = dyld_tlv_count;
	for (uint64_t i = 0; i < r->tlv.nvars; i++) {
		struct dyld_tlv_descriptor *d =
		    (struct dyld_tlv_descriptor *)(r->mem + (r->tlv.vars - r->img.macho.vm_start) +
		                                   24 * i);

		d->thunk = dyld_tlv_thunk;
		d->key = r->tlv_key;
	}
	dyld_tlv_images[r->tlv_key] = r;
	__atomic_store_n(&dyld_tlv_count, r->tlv_key + 1, __ATOMIC_RELEASE);
	return DYLD_OK;
}

void dyld_tlv_forget(struct dyld_record *r)
{
	if ((r->tlv.size != 0 || r->tlv.nvars != 0) && r->tlv_key + 1 == dyld_tlv_count)
		__atomic_store_n(&dyld_tlv_count, r->tlv_key, __ATOMIC_RELEASE);
}

void *dyld_tlv_get_addr(struct dyld_tlv_descriptor *descriptor)
{
	unsigned count = __atomic_load_n(&dyld_tlv_count, __ATOMIC_ACQUIRE);
	struct dyld_thread *t = dyld_thread_state(true);
	struct dyld_record *r;

	if (descriptor->key >= count ||
	    descriptor->offset >= dyld_tlv_images[descriptor->key]->tlv.size) {
		dyld_fail_text(NULL, "thread-local descriptor dyld did not set up");
		dyld_die();
	}
	r = dyld_tlv_images[descriptor->key];
	if (t->tlv[r->tlv_key] == NULL) {
		uint8_t *block = dyld_allocate(r->tlv.size);

		if (block == NULL) {
			dyld_fail_text(NULL, "out of memory for thread-local variables");
			dyld_die();
		}
		memcpy(block, r->mem + (r->tlv.start - r->img.macho.vm_start), r->tlv.init_size);
		t->tlv[r->tlv_key] = block;
	}
	return t->tlv[r->tlv_key] + descriptor->offset;
}
