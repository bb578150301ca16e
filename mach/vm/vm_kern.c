#include "vm/vm_kern.h"

#include "arch/arm64/vm_layout.h"
#include "kern/kalloc.h"
#include "kern/panic.h"
#include "kern/spinlock.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"

static struct kheap kernel_heap;
static spinlock_t kernel_heap_lock = SPINLOCK_INIT; /* protects kernel_heap */

static void *vm_kern_page_alloc(void *ctx, unsigned order)
{
	paddr_t pa = vm_phys_alloc(order);

	return pa == VM_PAGE_NONE ? NULL : phys_to_kva(pa);
}

static void vm_kern_page_free(void *ctx, void *va, unsigned order)
{
	vm_phys_free(kva_to_phys(va), order);
}

void vm_kern_bootstrap(void)
{
	kheap_init(&kernel_heap, vm_kern_page_alloc, vm_kern_page_free, 0);
}

void *kalloc(size_t size)
{
	uint64_t daif = spin_lock_irqsave(&kernel_heap_lock);
	void *p = kheap_alloc(&kernel_heap, size);
	spin_unlock_irqrestore(&kernel_heap_lock, daif);
	return p;
}

void *kalloc_zeroed(size_t size)
{
	uint64_t daif = spin_lock_irqsave(&kernel_heap_lock);
	void *p = kheap_alloc_zeroed(&kernel_heap, size);
	spin_unlock_irqrestore(&kernel_heap_lock, daif);
	return p;
}

void kfree(void *ptr)
{
	uint64_t daif = spin_lock_irqsave(&kernel_heap_lock);
	int err = kheap_free(&kernel_heap, ptr);
	spin_unlock_irqrestore(&kernel_heap_lock, daif);
	if (err != KHEAP_OK)
		panic("kfree: bad pointer %p (error %d)", ptr, err);
}

size_t vm_kern_heap_allocs(void)
{
	uint64_t daif = spin_lock_irqsave(&kernel_heap_lock);
	size_t n = kernel_heap.live_allocs;
	spin_unlock_irqrestore(&kernel_heap_lock, daif);
	return n;
}

size_t vm_kern_other_pages(void)
{
	uint64_t daif = spin_lock_irqsave(&kernel_heap_lock);
	size_t pages = vm_phys_managed_pages() - vm_phys_free_pages() - kernel_heap.pages_held;
	spin_unlock_irqrestore(&kernel_heap_lock, daif);
	return pages;
}
