/*
 * malloc and friends over the page source of pages.h.
 *
 * Every block has a 16-byte header just before the payload, so the payload
 * is 16-byte aligned as on macOS. Requests up to MALLOC_SMALL_MAX go to size
 * classes (16-byte steps to 256, then four steps per doubling); each class
 * keeps a free list and is refilled by carving MALLOC_REGION-sized runs of
 * pages. Larger requests get pages of their own and give them back on free.
 * posix_memalign places the aligned payload inside a larger block, behind a
 * second header that points back to the real one.
 *
 * free() of a pointer whose header does not look like a live block is
 * ignored rather than followed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "malloc/pages.h"

#define MALLOC_SMALL_MAX (32 * 1024)
#define MALLOC_REGION    (256 * 1024)
#define MALLOC_CLASSES   64

enum {
	KIND_SMALL = 0x5a11b10c,
	KIND_LARGE = 0x1a26eb10,
	KIND_ALIGNED = 0xa119ed00,
	KIND_FREE = 0xf2eeb10c,
};

struct header {
	size_t info;    /* class index, mapping size, or offset back */
	uint32_t kind;  /* KIND_* */
	uint32_t check; /* kind ^ low bits of the header's address */
};

/* A free small block, linked through its payload. */
struct free_block {
	struct free_block *next;
};

static const struct malloc_environment *malloc_env;
static struct free_block *malloc_free[MALLOC_CLASSES];
static char *malloc_bump; /* unused part of the current region */
static size_t malloc_bump_left;

void malloc_environment_set(const struct malloc_environment *env)
{
	malloc_env = env;
}

static void malloc_lock(void)
{
	if (malloc_env != NULL && malloc_env->lock != NULL)
		malloc_env->lock();
}

static void malloc_unlock(void)
{
	if (malloc_env != NULL && malloc_env->unlock != NULL)
		malloc_env->unlock();
}

static void header_set(struct header *h, uint32_t kind, size_t info)
{
	h->info = info;
	h->kind = kind;
	h->check = kind ^ (uint32_t)(uintptr_t)h;
}

/* The header of a live block, or NULL if p does not look like one. */
static struct header *header_of(const void *p)
{
	struct header *h = (struct header *)p - 1;

	if ((uintptr_t)p % 16 != 0 || h->check != (h->kind ^ (uint32_t)(uintptr_t)h))
		return NULL;
	if (h->kind != KIND_SMALL && h->kind != KIND_LARGE && h->kind != KIND_ALIGNED)
		return NULL;
	if (h->kind == KIND_SMALL && h->info >= MALLOC_CLASSES)
		return NULL;
	return h;
}

/* The payload size of class c. */
static size_t class_size(unsigned int c)
{
	if (c < 16)
		return 16 * (size_t)(c + 1);
	/* From 256 on: four steps per doubling. */
	unsigned int octave = (c - 16) / 4, step = (c - 16) % 4;
	size_t base = (size_t)256 << octave;

	return base + (base / 4) * (step + 1);
}

static unsigned int class_of(size_t size)
{
	unsigned int c = 0;

	if (size <= 256)
		return size == 0 ? 0 : (unsigned int)((size - 1) / 16);
	c = 16;
	while (class_size(c) < size)
		c++;
	return c;
}

static void *malloc_small(size_t size)
{
	unsigned int c = class_of(size);
	size_t block = sizeof(struct header) + class_size(c);
	struct header *h;

	if (malloc_free[c] != NULL) {
		struct free_block *f = malloc_free[c];

		malloc_free[c] = f->next;
		h = (struct header *)f - 1;
	} else {
		if (malloc_bump_left < block) {
			/* The rest of the old region is too small for this class: start a new one.
			 */
			void *region = malloc_env->pages_get(MALLOC_REGION);

			if (region == NULL)
				return NULL;
			malloc_bump = region;
			malloc_bump_left = MALLOC_REGION;
		}
		h = (struct header *)malloc_bump;
		malloc_bump += block;
		malloc_bump_left -= block;
	}
	header_set(h, KIND_SMALL, c);
	return h + 1;
}

static void *malloc_large(size_t size)
{
	size_t page = malloc_env->page_size;
	size_t total = (size + sizeof(struct header) + page - 1) & ~(page - 1);
	struct header *h;

	if (total < size)
		return NULL;
	h = malloc_env->pages_get(total);
	if (h == NULL)
		return NULL;
	header_set(h, KIND_LARGE, total);
	return h + 1;
}

static void *malloc_locked(size_t size)
{
	void *p;

	if (malloc_env == NULL || size > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	p = size <= MALLOC_SMALL_MAX ? malloc_small(size) : malloc_large(size);
	if (p == NULL)
		errno = ENOMEM;
	return p;
}

/* The bytes usable at p (a live block). */
static size_t usable_size(const struct header *h)
{
	switch (h->kind) {
	case KIND_SMALL: return class_size((unsigned int)h->info);
	case KIND_LARGE: return h->info - sizeof(struct header);
	default: {
		const void *outer = (const char *)(h + 1) - h->info;

		return usable_size(header_of(outer)) - h->info;
	}
	}
}

static void free_locked(void *p)
{
	struct header *h = header_of(p);

	if (h == NULL)
		return;
	switch (h->kind) {
	case KIND_SMALL: {
		struct free_block *f = p;
		unsigned int c = (unsigned int)h->info;

		header_set(h, KIND_FREE, c);
		f->next = malloc_free[c];
		malloc_free[c] = f;
		break;
	}
	case KIND_LARGE: {
		size_t total = h->info;

		header_set(h, KIND_FREE, 0);
		malloc_env->pages_put(h, total);
		break;
	}
	case KIND_ALIGNED: {
		void *outer = (char *)p - h->info;

		header_set(h, KIND_FREE, 0);
		free_locked(outer);
		break;
	}
	}
}

void *malloc(size_t size)
{
	void *p;

	malloc_lock();
	p = malloc_locked(size);
	malloc_unlock();
	return p;
}

void free(void *ptr)
{
	if (ptr == NULL)
		return;
	malloc_lock();
	free_locked(ptr);
	malloc_unlock();
}

void *calloc(size_t count, size_t size)
{
	void *p;

	if (size != 0 && count > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(count * size);
	if (p != NULL)
		memset(p, 0, count * size);
	return p;
}

/* realloc(p, 0) keeps a minimal block, as macOS does; on failure p is untouched. */
void *realloc(void *ptr, size_t size)
{
	struct header *h;
	size_t have;
	void *q;

	if (ptr == NULL)
		return malloc(size);
	malloc_lock();
	h = header_of(ptr);
	if (h == NULL) {
		malloc_unlock();
		errno = EINVAL;
		return NULL;
	}
	have = usable_size(h);
	/* Keep the block unless shrinking a large one would waste pages. */
	if (size <= have && (h->kind != KIND_LARGE || size > have / 2)) {
		malloc_unlock();
		return ptr;
	}
	q = malloc_locked(size);
	if (q != NULL) {
		memcpy(q, ptr, size < have ? size : have);
		free_locked(ptr);
	}
	malloc_unlock();
	return q;
}

void *reallocf(void *ptr, size_t size)
{
	void *q = realloc(ptr, size);

	if (q == NULL && ptr != NULL)
		free(ptr);
	return q;
}

int posix_memalign(void **memptr, size_t alignment, size_t size)
{
	char *outer, *inner;
	struct header *h;

	if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0)
		return EINVAL;
	if (alignment <= 16) {
		*memptr = malloc(size);
		return *memptr != NULL ? 0 : ENOMEM;
	}
	if (size > SIZE_MAX / 2 || alignment > SIZE_MAX / 4)
		return ENOMEM;
	malloc_lock();
	/* Room to move the payload up to the boundary with a header in front. */
	outer = malloc_locked(size + alignment + sizeof(struct header));
	if (outer == NULL) {
		malloc_unlock();
		return ENOMEM;
	}
	inner =
	    (char *)(((uintptr_t)outer + sizeof(struct header) + alignment - 1) & ~(alignment - 1));
	h = (struct header *)inner - 1;
	header_set(h, KIND_ALIGNED, (size_t)(inner - outer));
	malloc_unlock();
	*memptr = inner;
	return 0;
}

/* C11: the size must be a multiple of the alignment. */
void *aligned_alloc(size_t alignment, size_t size)
{
	void *p;
	int error;

	if (alignment == 0 || size % alignment != 0) {
		errno = EINVAL;
		return NULL;
	}
	if (alignment < sizeof(void *))
		alignment = sizeof(void *);
	error = posix_memalign(&p, alignment, size);
	if (error != 0) {
		errno = error;
		return NULL;
	}
	return p;
}

/* macOS's malloc_size: the usable bytes of a live block, 0 for anything else. */
size_t malloc_size(const void *ptr)
{
	struct header *h;
	size_t n = 0;

	if (ptr == NULL)
		return 0;
	malloc_lock();
	h = header_of(ptr);
	if (h != NULL)
		n = usable_size(h);
	malloc_unlock();
	return n;
}
