#include "vm/vm_map_entry.h"

#include <stddef.h>

void vm_map_entry_list_init(struct vm_map_entry_list *list, vaddr_t min, vaddr_t max)
{
	list->head.prev = &list->head;
	list->head.next = &list->head;
	list->min = min;
	list->max = max;
	list->nentries = 0;
	list->hint = &list->head;
}

bool vm_map_entry_lookup(struct vm_map_entry_list *list, vaddr_t addr, struct vm_map_entry **entry)
{
	struct vm_map_entry *e = list->hint;

	/* The walk only goes forward: from the hint unless addr lies below it. */
	if (vm_map_entry_is_end(list, e) || addr < e->start)
		e = list->head.next;
	while (!vm_map_entry_is_end(list, e) && e->end <= addr)
		e = e->next;
	if (!vm_map_entry_is_end(list, e) && e->start <= addr) {
		list->hint = e;
		*entry = e;
		return true;
	}
	/* e is the first entry above addr (or the sentinel), so its predecessor is below. */
	list->hint = e->prev;
	*entry = e->prev;
	return false;
}

kern_return_t vm_map_entry_find_space(struct vm_map_entry_list *list, vaddr_t hint, uint64_t size,
                                      vaddr_t *addr, struct vm_map_entry **prev)
{
	struct vm_map_entry *p;
	vaddr_t start;

	if (hint >= list->max)
		return KERN_NO_SPACE;
	start = round_page(hint);
	if (start < list->min)
		start = list->min;
	if (vm_map_entry_lookup(list, start, &p))
		start = p->end;
	/* p ends at or below start and the gap after it runs to the next entry or max. */
	for (;;) {
		struct vm_map_entry *n = p->next;
		vaddr_t limit = vm_map_entry_is_end(list, n) ? list->max : n->start;

		if (start <= limit && limit - start >= size) {
			*addr = start;
			*prev = p;
			return KERN_SUCCESS;
		}
		if (vm_map_entry_is_end(list, n))
			return KERN_NO_SPACE;
		start = n->end;
		p = n;
	}
}

bool vm_map_entry_range_free(struct vm_map_entry_list *list, vaddr_t start, vaddr_t end,
                             struct vm_map_entry **prev)
{
	struct vm_map_entry *p;

	if (vm_map_entry_lookup(list, start, &p))
		return false;
	if (!vm_map_entry_is_end(list, p->next) && p->next->start < end)
		return false;
	*prev = p;
	return true;
}

void vm_map_entry_link(struct vm_map_entry_list *list, struct vm_map_entry *prev,
                       struct vm_map_entry *e)
{
	e->prev = prev;
	e->next = prev->next;
	prev->next->prev = e;
	prev->next = e;
	list->nentries++;
	list->hint = e;
}

void vm_map_entry_unlink(struct vm_map_entry_list *list, struct vm_map_entry *e)
{
	if (list->hint == e)
		list->hint = e->prev;
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->prev = e->next = NULL;
	list->nentries--;
}

void vm_map_entry_split(struct vm_map_entry_list *list, struct vm_map_entry *e, vaddr_t addr,
                        struct vm_map_entry *spare)
{
	*spare = *e;
	spare->start = addr;
	spare->offset += addr - e->start;
	e->end = addr;
	vm_map_entry_link(list, e, spare);
}
