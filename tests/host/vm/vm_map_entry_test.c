/*
 * Host tests for the address map entry list (mach/vm/vm_map_entry.c): lookup,
 * first-fit placement, fixed placement, splitting and unlinking, with fake
 * objects, and a random run of map operations checked page by page against a
 * model.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_map_entry.h"
#include "host/check.h"

#define PG     PAGE_SIZE
#define MIN    (16 * PG)
#define MAX    (256 * PG)
#define NPAGES (MAX / PG)
#define OBJ(n) ((struct vm_object *)(uintptr_t)(0x1000 * (n)))
#define NO_OBJ 0

static long live_entries;

static struct vm_map_entry *new_entry(vaddr_t start, vaddr_t end, unsigned obj, uint64_t offset)
{
	struct vm_map_entry *e = calloc(1, sizeof(*e));

	CHECK(e != NULL);
	e->start = start;
	e->end = end;
	e->object = OBJ(obj);
	e->offset = offset;
	e->protection = VM_PROT_DEFAULT;
	e->max_protection = VM_PROT_ALL;
	e->inheritance = VM_INHERIT_DEFAULT;
	live_entries++;
	return e;
}

static void free_entry(struct vm_map_entry *e)
{
	live_entries--;
	free(e);
}

/* Places [start, end) with the same checks vm_map_enter_anon makes; false if it does not fit. */
static bool enter_fixed(struct vm_map_entry_list *l, vaddr_t start, vaddr_t end, unsigned obj)
{
	struct vm_map_entry *prev;

	if (start < l->min || end > l->max || !vm_map_entry_range_free(l, start, end, &prev))
		return false;
	vm_map_entry_link(l, prev, new_entry(start, end, obj, 0));
	return true;
}

/* Makes addr an entry boundary, as vm_map_clip does. */
static void clip(struct vm_map_entry_list *l, vaddr_t addr)
{
	struct vm_map_entry *e;

	if (vm_map_entry_lookup(l, addr, &e) && e->start != addr) {
		struct vm_map_entry *spare = calloc(1, sizeof(*spare));
		CHECK(spare != NULL);
		live_entries++;
		vm_map_entry_split(l, e, addr, spare);
	}
}

/* Removes [start, end) as vm_map_remove does. */
static void remove_range(struct vm_map_entry_list *l, vaddr_t start, vaddr_t end)
{
	struct vm_map_entry *e;

	clip(l, start);
	clip(l, end);
	if (!vm_map_entry_lookup(l, start, &e))
		e = e->next;
	while (!vm_map_entry_is_end(l, e) && e->start < end) {
		struct vm_map_entry *next = e->next;
		vm_map_entry_unlink(l, e);
		free_entry(e);
		e = next;
	}
}

/* Sorted, disjoint, page aligned, inside [min, max), doubly linked, counted, hint valid. */
static void check_list(struct vm_map_entry_list *l)
{
	struct vm_map_entry *e, *prev = &l->head;
	unsigned n = 0;
	bool hint_seen = l->hint == &l->head;

	for (e = vm_map_entry_first(l); !vm_map_entry_is_end(l, e); prev = e, e = e->next) {
		CHECK(e->prev == prev);
		CHECK(e->start < e->end && (e->start & PAGE_MASK) == 0 &&
		      (e->end & PAGE_MASK) == 0);
		CHECK(e->start >= l->min && e->end <= l->max);
		CHECK(prev == &l->head || prev->end <= e->start);
		hint_seen |= e == l->hint;
		n++;
	}
	CHECK(l->head.prev == prev);
	CHECK(n == l->nentries);
	CHECK(hint_seen);
}

static void free_all(struct vm_map_entry_list *l)
{
	struct vm_map_entry *e;

	while (!vm_map_entry_is_end(l, e = vm_map_entry_first(l))) {
		vm_map_entry_unlink(l, e);
		free_entry(e);
	}
	CHECK(l->nentries == 0 && live_entries == 0);
}

static void test_lookup(void)
{
	struct vm_map_entry_list l;
	struct vm_map_entry *e;

	vm_map_entry_list_init(&l, MIN, MAX);
	CHECK(!vm_map_entry_lookup(&l, MIN, &e) && e == &l.head);
	CHECK(enter_fixed(&l, 20 * PG, 30 * PG, 1));
	CHECK(enter_fixed(&l, 40 * PG, 41 * PG, 2));
	CHECK(enter_fixed(&l, 30 * PG, 32 * PG, 3));
	check_list(&l);
	CHECK(!vm_map_entry_lookup(&l, 20 * PG - 1, &e) && e == &l.head);
	CHECK(vm_map_entry_lookup(&l, 20 * PG, &e) && e->object == OBJ(1));
	CHECK(vm_map_entry_lookup(&l, 30 * PG - 1, &e) && e->object == OBJ(1));
	CHECK(vm_map_entry_lookup(&l, 30 * PG, &e) && e->object == OBJ(3));
	CHECK(!vm_map_entry_lookup(&l, 35 * PG, &e) && e->object == OBJ(3));
	CHECK(vm_map_entry_lookup(&l, 40 * PG + 17, &e) && e->object == OBJ(2));
	CHECK(!vm_map_entry_lookup(&l, 41 * PG, &e) && e->object == OBJ(2));
	/* Backwards from the hint. */
	CHECK(vm_map_entry_lookup(&l, 21 * PG, &e) && e->object == OBJ(1));
	CHECK(!vm_map_entry_lookup(&l, 0, &e) && e == &l.head);
	free_all(&l);
}

static void test_fixed(void)
{
	struct vm_map_entry_list l;
	struct vm_map_entry *prev;

	vm_map_entry_list_init(&l, MIN, MAX);
	CHECK(enter_fixed(&l, 20 * PG, 30 * PG, 1));
	CHECK(!vm_map_entry_range_free(&l, 19 * PG, 21 * PG, &prev));
	CHECK(!vm_map_entry_range_free(&l, 29 * PG, 31 * PG, &prev));
	CHECK(!vm_map_entry_range_free(&l, 10 * PG, 40 * PG, &prev));
	CHECK(!vm_map_entry_range_free(&l, 22 * PG, 23 * PG, &prev));
	CHECK(vm_map_entry_range_free(&l, 19 * PG, 20 * PG, &prev) && prev == &l.head);
	CHECK(vm_map_entry_range_free(&l, 30 * PG, 31 * PG, &prev) && prev->object == OBJ(1));
	CHECK(enter_fixed(&l, 19 * PG, 20 * PG, 2));
	CHECK(enter_fixed(&l, 30 * PG, 31 * PG, 3));
	CHECK(!enter_fixed(&l, MAX - PG, MAX + PG, 4));
	CHECK(enter_fixed(&l, MAX - PG, MAX, 4));
	CHECK(enter_fixed(&l, MIN, MIN + PG, 5));
	check_list(&l);
	CHECK(l.nentries == 5);
	free_all(&l);
}

static void test_find_space(void)
{
	struct vm_map_entry_list l;
	struct vm_map_entry *prev;
	vaddr_t at;

	vm_map_entry_list_init(&l, MIN, MAX);
	CHECK(vm_map_entry_find_space(&l, 0, PG, &at, &prev) == KERN_SUCCESS);
	CHECK(at == MIN && prev == &l.head);
	CHECK(vm_map_entry_find_space(&l, 0, MAX - MIN, &at, &prev) == KERN_SUCCESS && at == MIN);
	CHECK(vm_map_entry_find_space(&l, 0, MAX - MIN + PG, &at, &prev) == KERN_NO_SPACE);
	CHECK(vm_map_entry_find_space(&l, MAX, PG, &at, &prev) == KERN_NO_SPACE);
	CHECK(vm_map_entry_find_space(&l, UINT64_MAX, PG, &at, &prev) == KERN_NO_SPACE);

	/* Holes of 2 pages at [18, 20) and 3 at [22, 25), then free from 30. */
	CHECK(enter_fixed(&l, MIN, 18 * PG, 1));
	CHECK(enter_fixed(&l, 20 * PG, 22 * PG, 2));
	CHECK(enter_fixed(&l, 25 * PG, 30 * PG, 3));
	CHECK(vm_map_entry_find_space(&l, 0, 2 * PG, &at, &prev) == KERN_SUCCESS);
	CHECK(at == 18 * PG && prev->object == OBJ(1));
	CHECK(vm_map_entry_find_space(&l, 0, 3 * PG, &at, &prev) == KERN_SUCCESS);
	CHECK(at == 22 * PG && prev->object == OBJ(2));
	CHECK(vm_map_entry_find_space(&l, 0, 4 * PG, &at, &prev) == KERN_SUCCESS);
	CHECK(at == 30 * PG && prev->object == OBJ(3));
	/* A hint inside an entry starts after it; an unaligned hint rounds up. */
	CHECK(vm_map_entry_find_space(&l, 21 * PG, PG, &at, &prev) == KERN_SUCCESS);
	CHECK(at == 22 * PG);
	CHECK(vm_map_entry_find_space(&l, 22 * PG + 1, 2 * PG, &at, &prev) == KERN_SUCCESS);
	CHECK(at == 23 * PG && prev->object == OBJ(2));
	CHECK(vm_map_entry_find_space(&l, 23 * PG + 1, 2 * PG, &at, &prev) == KERN_SUCCESS);
	CHECK(at == 30 * PG);
	/* The space right up to max fits; one page more does not. */
	CHECK(vm_map_entry_find_space(&l, 0, MAX - 30 * PG, &at, &prev) == KERN_SUCCESS);
	CHECK(at == 30 * PG);
	CHECK(vm_map_entry_find_space(&l, 0, MAX - 29 * PG, &at, &prev) == KERN_NO_SPACE);
	CHECK(enter_fixed(&l, 30 * PG, MAX, 4));
	CHECK(vm_map_entry_find_space(&l, 0, 3 * PG, &at, &prev) == KERN_SUCCESS);
	CHECK(vm_map_entry_find_space(&l, 23 * PG, 3 * PG, &at, &prev) == KERN_NO_SPACE);
	check_list(&l);
	free_all(&l);
}

static void test_split(void)
{
	struct vm_map_entry_list l;
	struct vm_map_entry *e;

	vm_map_entry_list_init(&l, MIN, MAX);
	struct vm_map_entry *orig = new_entry(20 * PG, 30 * PG, 7, 100 * PG);
	orig->protection = VM_PROT_READ;
	orig->inheritance = VM_INHERIT_NONE;
	vm_map_entry_link(&l, &l.head, orig);
	clip(&l, 23 * PG);
	clip(&l, 23 * PG);
	clip(&l, 20 * PG);
	clip(&l, 30 * PG);
	clip(&l, 29 * PG);
	check_list(&l);
	CHECK(l.nentries == 3);
	CHECK(vm_map_entry_lookup(&l, 20 * PG, &e) && e == orig && e->end == 23 * PG);
	CHECK(e->offset == 100 * PG);
	CHECK(vm_map_entry_lookup(&l, 25 * PG, &e) && e->start == 23 * PG && e->end == 29 * PG);
	CHECK(e->offset == 103 * PG && e->object == OBJ(7) && e->protection == VM_PROT_READ);
	CHECK(e->inheritance == VM_INHERIT_NONE);
	CHECK(vm_map_entry_lookup(&l, 29 * PG, &e) && e->offset == 109 * PG && e->end == 30 * PG);
	/* Unlinking the hint moves it to a live neighbour. */
	CHECK(l.hint == e);
	vm_map_entry_unlink(&l, e);
	free_entry(e);
	check_list(&l);
	CHECK(!vm_map_entry_lookup(&l, 29 * PG, &e) && e->end == 29 * PG);
	free_all(&l);
}

/*
 * The model: for each page, which object (0: none) and which offset maps it.
 * Random anywhere and fixed placements, removals and splits must keep the list
 * consistent with it, page by page.
 */
static void test_random(void)
{
	static unsigned owner[NPAGES];
	static uint64_t offset[NPAGES];
	unsigned long long seed = 0x9a9e5;
	struct vm_map_entry_list l;
	unsigned next_obj = 1;

	vm_map_entry_list_init(&l, MIN, MAX);
	memset(owner, 0, sizeof(owner));
	for (unsigned step = 0; step < 20000; step++) {
		unsigned long long r = test_rand(&seed);
		vaddr_t a = (r >> 8) % NPAGES * PG;
		uint64_t len = ((r >> 24) % 12 + 1) * PG;
		struct vm_map_entry *prev;
		vaddr_t at;

		switch (r % 4) {
		case 0: {
			/* Anywhere, from a random hint: first fit, checked against the model. */
			kern_return_t kr = vm_map_entry_find_space(&l, a, len, &at, &prev);
			vaddr_t want = a < MIN ? MIN : a;
			for (; want + len <= MAX; want += PG) {
				unsigned busy = 0;
				for (vaddr_t p = want; p < want + len; p += PG)
					busy |= owner[p / PG];
				if (!busy)
					break;
			}
			if (want + len > MAX) {
				CHECK(kr == KERN_NO_SPACE);
				break;
			}
			CHECK(kr == KERN_SUCCESS && at == want);
			vm_map_entry_link(&l, prev, new_entry(at, at + len, next_obj, 0));
			for (vaddr_t p = at; p < at + len; p += PG) {
				owner[p / PG] = next_obj;
				offset[p / PG] = p - at;
			}
			next_obj++;
			break;
		}
		case 1: {
			bool fits = a >= MIN && a + len <= MAX;
			for (vaddr_t p = a; fits && p < a + len; p += PG)
				fits = owner[p / PG] == NO_OBJ;
			CHECK(enter_fixed(&l, a, a + len, next_obj) == fits);
			for (vaddr_t p = a; fits && p < a + len; p += PG) {
				owner[p / PG] = next_obj;
				offset[p / PG] = p - a;
			}
			next_obj++;
			break;
		}
		case 2:
			remove_range(&l, a, a + len < MAX ? a + len : MAX);
			for (vaddr_t p = a; p < a + len && p < MAX; p += PG)
				owner[p / PG] = NO_OBJ;
			break;
		default: clip(&l, a); break;
		}
		check_list(&l);
		for (unsigned p = 0; p < NPAGES; p++) {
			struct vm_map_entry *e;
			bool mapped = vm_map_entry_lookup(&l, p * PG, &e);
			CHECK(mapped == (owner[p] != NO_OBJ));
			if (mapped)
				CHECK(e->object == OBJ(owner[p]) &&
				      e->offset + (p * PG - e->start) == offset[p]);
		}
	}
	free_all(&l);
}

int main(void)
{
	test_lookup();
	test_fixed();
	test_find_space();
	test_split();
	test_random();
	printf("vm_map_entry_test: ok\n");
	return 0;
}
