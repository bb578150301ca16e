/*
 * atexit, __cxa_atexit, __cxa_finalize and exit. Handlers run newest first,
 * each once; one registered while handlers run is run too, before older
 * ones. The first 32 slots are static, so the 32 registrations C guarantees
 * never fail; more come from malloc. One lock covers the list: a handler is
 * taken off it under the lock and run without it, so handlers may register
 * more, and two threads finalizing at once never run one handler twice.
 */
#include <stdlib.h>
#include <unistd.h>

#include "lock/lock.h"
#include "stdio/file.h"

#define ATEXIT_BLOCK 32

struct atexit_entry {
	void (*plain)(void); /* from atexit */
	void (*cxa)(void *); /* from __cxa_atexit */
	void *arg;
	void *dso; /* the image that registered it (NULL: none) */
};

struct atexit_block {
	struct atexit_block *older;
	int n; /* entries used */
	struct atexit_entry e[ATEXIT_BLOCK];
};

static struct lock atexit_lock; /* the blocks and their entries */
static struct atexit_block atexit_first;
static struct atexit_block *atexit_newest = &atexit_first;

static int atexit_add(const struct atexit_entry *entry)
{
	int r = 0;

	lock_take(&atexit_lock);
	if (atexit_newest->n == ATEXIT_BLOCK) {
		struct atexit_block *b = calloc(1, sizeof(*b));

		if (b == NULL) {
			r = -1;
			goto out;
		}
		b->older = atexit_newest;
		atexit_newest = b;
	}
	atexit_newest->e[atexit_newest->n++] = *entry;
out:
	lock_give(&atexit_lock);
	return r;
}

int __cxa_atexit(void (*func)(void *), void *arg, void *dso)
{
	struct atexit_entry e = {NULL, func, arg, dso};

	return atexit_add(&e);
}

int atexit(void (*func)(void))
{
	struct atexit_entry e = {func, NULL, NULL, NULL};

	return atexit_add(&e);
}

/* Takes the newest pending handler of dso (any, if dso is NULL); 0 if none is left. */
static int atexit_take(void *dso, struct atexit_entry *out)
{
	int found = 0;

	lock_take(&atexit_lock);
	for (struct atexit_block *b = atexit_newest; b != NULL && !found; b = b->older) {
		for (int i = b->n - 1; i >= 0; i--) {
			struct atexit_entry *e = &b->e[i];

			if ((e->plain == NULL && e->cxa == NULL) || (dso != NULL && e->dso != dso))
				continue;
			*out = *e;
			e->plain = NULL;
			e->cxa = NULL;
			found = 1;
			break;
		}
	}
	lock_give(&atexit_lock);
	return found;
}

/* Runs dso's handlers (all of them for NULL), as when an image is unloaded or the process exits. */
void __cxa_finalize(void *dso)
{
	struct atexit_entry e;

	while (atexit_take(dso, &e)) {
		if (e.plain != NULL)
			e.plain();
		else
			e.cxa(e.arg);
	}
}

/* Runs the handlers, writes out every stream's pending output, and ends the process. */
void exit(int status)
{
	__cxa_finalize(NULL);
	file_flush_all();
	_exit(status);
}
