/* dyld's memory (Mach VM traps on its own task) and file access for the loader. */
#include "runtime.h"
#include "sys.h"

static uint32_t task_port;

uint32_t dyld_task(void)
{
	/* The trap adds a reference each time: ask once. */
	if (task_port == 0)
		task_port = dyld_task_self();
	return task_port;
}

static uint64_t round_page(uint64_t size)
{
	return (size + MACHO_PAGE_SIZE - 1) & ~(uint64_t)(MACHO_PAGE_SIZE - 1);
}

/*
 * dyld's memory and the dylibs go up from DYLD_ALLOC_BASE, just below dyld
 * itself, far from the program, its heap and its stack; the kernel's first
 * fit (from the bottom) is the fallback if something is in the way. Freed
 * ranges are not reused: the region is 60 GiB of address space.
 */
#define DYLD_ALLOC_BASE 0x7000000000ull
#define DYLD_ALLOC_END  0x7f00000000ull

static uint64_t cursor = DYLD_ALLOC_BASE;

void *dyld_allocate(uint64_t size)
{
	uint64_t addr = cursor, rounded = round_page(size);

	if (size == 0 || rounded < size)
		return NULL;
	if (rounded <= DYLD_ALLOC_END - cursor &&
	    dyld_vm_allocate(dyld_task(), &addr, rounded, 0) == 0) {
		cursor += rounded;
		return (void *)(uintptr_t)addr;
	}
	addr = 0;
	if (dyld_vm_allocate(dyld_task(), &addr, rounded, DYLD_VM_ANYWHERE) != 0)
		return NULL;
	return (void *)(uintptr_t)addr;
}

void dyld_deallocate(void *mem, uint64_t size)
{
	dyld_vm_deallocate(dyld_task(), (uint64_t)(uintptr_t)mem, round_page(size));
}

static long file_pread(void *ctx, void *buf, uint64_t len, uint64_t off)
{
	long n = dyld_sys_pread(*(int *)ctx, buf, len, off);

	return n < 0 ? -1 : n;
}

static void *file_allocate(void *ctx, uint64_t size)
{
	(void)ctx;
	return dyld_allocate(size);
}

static void file_deallocate(void *ctx, void *mem, uint64_t size)
{
	(void)ctx;
	dyld_deallocate(mem, size);
}

const struct dyld_load_ops dyld_file_ops = {NULL, file_pread, file_allocate, file_deallocate};
