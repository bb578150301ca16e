/*
 * The Mach VM traps from user mode, run as the boot task: mach_vm_allocate,
 * mach_vm_deallocate, mach_vm_protect and mach_vm_map, with the answers XNU
 * gives for bad arguments. Returns 0 when every check passes, else the number
 * of the first check that failed (the kernel reports it as the exit status).
 */
#include "user.h"

#define PAGE 4096ull

#define KERN_SUCCESS            0
#define KERN_INVALID_ADDRESS    1
#define KERN_PROTECTION_FAILURE 2
#define KERN_NO_SPACE           3
#define KERN_INVALID_ARGUMENT   4
#define KERN_INVALID_TASK       16

#define VM_MAKE_TAG(tag) ((uint32_t)(tag) << 24)
#define KERNEL_ADDRESS   0xffff000040080000ull
#define USER_TOP         0x0000800000000000ull

static uint32_t task;

/* Whether every byte of [p, p + size) is zero, looked at a word at a time. */
static int pages_zero(uint64_t addr, uint64_t size)
{
	for (uint64_t a = addr; a < addr + size; a += 8)
		if (*(volatile uint64_t *)a != 0)
			return 0;
	return 1;
}

/* Where the next one-page anywhere allocation lands (allocated and freed again), or 0. */
static uint64_t next_anywhere(void)
{
	uint64_t addr = 0;

	if (mach_vm_allocate(task, &addr, PAGE, VM_FLAGS_ANYWHERE) != KERN_SUCCESS ||
	    mach_vm_deallocate(task, addr, PAGE) != KERN_SUCCESS)
		return 0;
	return addr;
}

/* 10-19: allocate anywhere and fixed, demand zero, deallocate and reuse. */
static int check_allocate(void)
{
	uint64_t a = 0, b;

	if (mach_vm_allocate(task, &a, 8 * PAGE, VM_FLAGS_ANYWHERE) != KERN_SUCCESS || a == 0 ||
	    (a & (PAGE - 1)))
		return 10;
	if (!pages_zero(a, 8 * PAGE))
		return 11;
	/* Every word written, so that pages used again must be zeroed whole. */
	for (uint64_t p = a; p < a + 8 * PAGE; p += 8)
		*(volatile uint64_t *)p = p;
	for (uint64_t p = a; p < a + 8 * PAGE; p += 8)
		if (*(volatile uint64_t *)p != p)
			return 12;
	/* Over the allocation, partly or wholly: refused. */
	b = a + 3 * PAGE;
	if (mach_vm_allocate(task, &b, PAGE, VM_FLAGS_FIXED) != KERN_NO_SPACE)
		return 13;
	b = a + 7 * PAGE;
	if (mach_vm_allocate(task, &b, 2 * PAGE, VM_FLAGS_FIXED) != KERN_NO_SPACE)
		return 14;
	/* Freed, the range can be allocated at that address again, zero-filled. */
	if (mach_vm_deallocate(task, a, 8 * PAGE) != KERN_SUCCESS)
		return 15;
	b = a;
	if (mach_vm_allocate(task, &b, 8 * PAGE, VM_FLAGS_FIXED) != KERN_SUCCESS || b != a)
		return 16;
	if (!pages_zero(a, 8 * PAGE))
		return 17;
	/* Part of it freed (unaligned arguments widen to pages), then refilled. */
	if (mach_vm_deallocate(task, a + 2 * PAGE + 0x10, 0x20) != KERN_SUCCESS)
		return 18;
	b = a + 2 * PAGE + 0x123;
	if (mach_vm_allocate(task, &b, 1, VM_FLAGS_FIXED) != KERN_SUCCESS || b != a + 2 * PAGE ||
	    mach_vm_deallocate(task, a, 8 * PAGE) != KERN_SUCCESS)
		return 19;
	/*
	 * More pages than the kernel forgets one by one (it flushes the whole
	 * address space's TLB entries instead): written, freed and allocated
	 * again at once, they read as zero, not as the pages they were.
	 */
	const uint64_t big = 128 * PAGE;
	a = 0;
	if (mach_vm_allocate(task, &a, big, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return 19;
	for (uint64_t p = a; p < a + big; p += 8)
		*(volatile uint64_t *)p = p | 1;
	b = a;
	if (mach_vm_deallocate(task, a, big) != KERN_SUCCESS ||
	    mach_vm_allocate(task, &b, big, VM_FLAGS_FIXED) != KERN_SUCCESS || b != a ||
	    !pages_zero(a, big) || mach_vm_deallocate(task, a, big) != KERN_SUCCESS)
		return 19;
	return 0;
}

/* 20-31: sizes, addresses, flags and targets XNU refuses or accepts specially. */
static int check_arguments(void)
{
	uint64_t a = 0x5000, base = next_anywhere();

	if (base == 0)
		return 20;
	/* A zero size succeeds with address 0. */
	if (mach_vm_allocate(task, &a, 0, VM_FLAGS_ANYWHERE) != KERN_SUCCESS || a != 0)
		return 21;
	/* Too big for the address space; a size that wraps when rounded. */
	if (mach_vm_allocate(task, &a, 1ull << 62, VM_FLAGS_ANYWHERE) != KERN_NO_SPACE ||
	    mach_vm_allocate(task, &a, ~0ull, VM_FLAGS_ANYWHERE) != KERN_INVALID_ARGUMENT)
		return 22;
	/* Fixed below the map, past its top, over the kernel. */
	a = 0;
	if (mach_vm_allocate(task, &a, PAGE, VM_FLAGS_FIXED) != KERN_INVALID_ADDRESS)
		return 23;
	a = USER_TOP - PAGE;
	if (mach_vm_allocate(task, &a, 2 * PAGE, VM_FLAGS_FIXED) != KERN_NO_SPACE)
		return 24;
	a = KERNEL_ADDRESS;
	if (mach_vm_allocate(task, &a, PAGE, VM_FLAGS_FIXED) != KERN_NO_SPACE)
		return 25;
	/* Flags not provided are refused; the caller's tag is accepted. */
	if (mach_vm_allocate(task, &a, PAGE, VM_FLAGS_ANYWHERE | 0x2) != KERN_INVALID_ARGUMENT)
		return 26;
	if (mach_vm_allocate(task, &a, PAGE, VM_FLAGS_ANYWHERE | VM_MAKE_TAG(240)) !=
	        KERN_SUCCESS ||
	    mach_vm_deallocate(task, a, PAGE) != KERN_SUCCESS)
		return 27;
	/* Not a task: a bad name, no name, a port that is not a task. */
	uint32_t port = mach_reply_port();
	if (mach_vm_allocate(0x1234, &a, PAGE, VM_FLAGS_ANYWHERE) != KERN_INVALID_TASK ||
	    mach_vm_allocate(0, &a, PAGE, VM_FLAGS_ANYWHERE) != KERN_INVALID_TASK ||
	    mach_vm_allocate(port, &a, PAGE, VM_FLAGS_ANYWHERE) != KERN_INVALID_TASK ||
	    mach_vm_deallocate(0x1234, base, PAGE) != KERN_INVALID_TASK ||
	    mach_vm_protect(0x1234, base, PAGE, 0, VM_PROT_READ) != KERN_INVALID_TASK ||
	    mach_vm_map_anon(0x1234, &a, PAGE, 0, VM_FLAGS_ANYWHERE, VM_PROT_DEFAULT) !=
	        KERN_INVALID_TASK)
		return 28;
	if (mach_port_mod_refs(task, port, 1 /* MACH_PORT_RIGHT_RECEIVE */, -1) != KERN_SUCCESS)
		return 29;
	/* Deallocate: a wrapping range is refused; nothing and holes are fine. */
	if (mach_vm_deallocate(task, ~0ull - 10, 100) != KERN_INVALID_ARGUMENT ||
	    mach_vm_deallocate(task, ~0ull - PAGE, PAGE) != KERN_INVALID_ARGUMENT ||
	    mach_vm_deallocate(task, base, 0) != KERN_SUCCESS ||
	    mach_vm_deallocate(task, base, PAGE) != KERN_SUCCESS ||
	    mach_vm_deallocate(task, KERNEL_ADDRESS, PAGE) != KERN_SUCCESS)
		return 30;
	/* Nothing above left memory behind. */
	if (next_anywhere() != base)
		return 31;
	return 0;
}

/* 40-45: address pointers the kernel cannot read or write. */
static int check_pointers(void)
{
	uint64_t page = 0, base;

	if (mach_vm_allocate(task, (uint64_t *)0x10, PAGE, VM_FLAGS_ANYWHERE) !=
	        KERN_INVALID_ADDRESS ||
	    mach_vm_allocate(task, (uint64_t *)KERNEL_ADDRESS, PAGE, VM_FLAGS_ANYWHERE) !=
	        KERN_INVALID_ADDRESS ||
	    mach_vm_map_anon(task, (uint64_t *)0x10, PAGE, 0, VM_FLAGS_ANYWHERE, VM_PROT_DEFAULT) !=
	        KERN_INVALID_ADDRESS)
		return 40;
	/* A pointer that can be read but not written: the memory is taken back. */
	if (mach_vm_allocate(task, &page, PAGE, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return 41;
	base = next_anywhere();
	if (base == 0 || mach_vm_protect(task, page, PAGE, 0, VM_PROT_READ) != KERN_SUCCESS)
		return 42;
	if (mach_vm_allocate(task, (uint64_t *)page, PAGE, VM_FLAGS_ANYWHERE) !=
	        KERN_PROTECTION_FAILURE ||
	    mach_vm_map_anon(task, (uint64_t *)page, PAGE, 0xffff, VM_FLAGS_ANYWHERE,
	                     VM_PROT_DEFAULT) != KERN_PROTECTION_FAILURE)
		return 43;
	if (next_anywhere() != base)
		return 44;
	if (mach_vm_deallocate(task, page, PAGE) != KERN_SUCCESS)
		return 45;
	return 0;
}

/* 50-57: protection, and the kernel honouring it when it writes for the task. */
static int check_protect(void)
{
	struct mach_timebase_info *info;
	uint64_t a = 0;

	if (mach_vm_allocate(task, &a, 3 * PAGE, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return 50;
	info = (struct mach_timebase_info *)a;
	info->numer = 7;
	if (mach_vm_protect(task, a, PAGE, 0, VM_PROT_READ) != KERN_SUCCESS)
		return 51;
	/* The kernel may not write into a read-only page: an error, not a crash. */
	if (mach_timebase_info(info) != KERN_PROTECTION_FAILURE || info->numer != 7)
		return 52;
	/* The next page is still writable, and so is the first once allowed again. */
	if (mach_timebase_info((struct mach_timebase_info *)(a + PAGE)) != KERN_SUCCESS ||
	    mach_vm_protect(task, a, PAGE, 0, VM_PROT_DEFAULT) != KERN_SUCCESS ||
	    mach_timebase_info(info) != KERN_SUCCESS || info->numer == 7)
		return 53;
	/* Lowering the maximum is for good. */
	if (mach_vm_protect(task, a, PAGE, 1, VM_PROT_READ) != KERN_SUCCESS ||
	    mach_vm_protect(task, a, PAGE, 0, VM_PROT_DEFAULT) != KERN_PROTECTION_FAILURE ||
	    mach_timebase_info(info) != KERN_PROTECTION_FAILURE)
		return 54;
	/* Bad rights (VM_PROT_COPY is not provided), a wrapping range: refused. */
	if (mach_vm_protect(task, a, PAGE, 0, 0x10) != KERN_INVALID_ARGUMENT ||
	    mach_vm_protect(task, a, PAGE, 0, 0x100) != KERN_INVALID_ARGUMENT ||
	    mach_vm_protect(task, ~0ull - 10, 100, 0, VM_PROT_READ) != KERN_INVALID_ARGUMENT)
		return 55;
	/* A range with a hole or outside the map; and an empty one. */
	if (mach_vm_deallocate(task, a + 2 * PAGE, PAGE) != KERN_SUCCESS ||
	    mach_vm_protect(task, a, 3 * PAGE, 0, VM_PROT_READ) != KERN_INVALID_ADDRESS ||
	    mach_vm_protect(task, KERNEL_ADDRESS, PAGE, 0, VM_PROT_READ) != KERN_INVALID_ADDRESS ||
	    mach_vm_protect(task, a + 5 * PAGE, 0, 0, VM_PROT_READ) != KERN_SUCCESS)
		return 56;
	if (mach_vm_deallocate(task, a, 2 * PAGE) != KERN_SUCCESS)
		return 57;
	/*
	 * More pages than the kernel protects one by one (it flushes the whole
	 * address space's TLB entries instead), whole 2 MiB tables among them
	 * (denied at the table), every one written by the kernel first: it may
	 * not write into any of them once they are read-only.
	 */
	const uint64_t big = 1024 * PAGE;
	a = 0;
	if (mach_vm_allocate(task, &a, big, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return 57;
	for (uint64_t p = a; p < a + big; p += PAGE)
		if (mach_timebase_info((struct mach_timebase_info *)p) != KERN_SUCCESS)
			return 57;
	if (mach_vm_protect(task, a, big, 0, VM_PROT_READ) != KERN_SUCCESS)
		return 57;
	for (uint64_t p = a; p < a + big; p += PAGE)
		if (((volatile struct mach_timebase_info *)p)->numer == 0 ||
		    mach_timebase_info((struct mach_timebase_info *)p) != KERN_PROTECTION_FAILURE)
			return 57;
	if (mach_vm_deallocate(task, a, big) != KERN_SUCCESS)
		return 57;
	return 0;
}

/* 70-80: mach_vm_map of anonymous memory, with alignment. */
static int check_map(void)
{
	uint64_t a = 0, b, free = 0;

	/* A free range of 16 MiB, so where each mapping must land is known. */
	if (mach_vm_allocate(task, &free, 16 << 20, VM_FLAGS_ANYWHERE) != KERN_SUCCESS ||
	    mach_vm_deallocate(task, free, 16 << 20) != KERN_SUCCESS)
		return 70;
	for (uint64_t mask = 0xffff; mask <= 0x3fffff; mask = mask * 4 + 3) {
		/* Searching from just past a boundary finds the next one. */
		uint64_t boundary = (free + mask) & ~mask;
		a = boundary + PAGE;
		if (mach_vm_map_anon(task, &a, 3 * PAGE, mask, VM_FLAGS_ANYWHERE,
		                     VM_PROT_DEFAULT) != KERN_SUCCESS ||
		    a != boundary + mask + 1)
			return 71;
		if (!pages_zero(a, 3 * PAGE))
			return 72;
		*(volatile uint8_t *)(a + 3 * PAGE - 1) = 1;
		/* Only the aligned range stays mapped: the page below it is free again. */
		b = a - PAGE;
		if (mach_vm_allocate(task, &b, PAGE, VM_FLAGS_FIXED) != KERN_SUCCESS ||
		    mach_vm_deallocate(task, b, PAGE) != KERN_SUCCESS)
			return 73;
		if (mach_vm_deallocate(task, a, 3 * PAGE) != KERN_SUCCESS)
			return 74;
	}
	/* Fixed: at an aligned address it maps, at a misaligned one there is no space. */
	b = a + PAGE;
	if (mach_vm_map_anon(task, &b, PAGE, 0xffff, VM_FLAGS_FIXED, VM_PROT_DEFAULT) !=
	    KERN_NO_SPACE)
		return 75;
	b = a;
	if (mach_vm_map_anon(task, &b, PAGE, 0xffff, VM_FLAGS_FIXED, VM_PROT_DEFAULT) !=
	        KERN_SUCCESS ||
	    b != a)
		return 76;
	/* Read-only from the start: the kernel cannot write into it either. */
	b = 0;
	if (mach_vm_map_anon(task, &b, PAGE, 0, VM_FLAGS_ANYWHERE, VM_PROT_READ) != KERN_SUCCESS ||
	    *(volatile uint8_t *)b != 0 ||
	    mach_timebase_info((struct mach_timebase_info *)b) != KERN_PROTECTION_FAILURE)
		return 77;
	if (mach_vm_deallocate(task, a, PAGE) != KERN_SUCCESS ||
	    mach_vm_deallocate(task, b, PAGE) != KERN_SUCCESS)
		return 78;
	/* Refused: zero size, bad rights, a mask that is no alignment, unknown flags. */
	if (mach_vm_map_anon(task, &b, 0, 0, VM_FLAGS_ANYWHERE, VM_PROT_DEFAULT) !=
	        KERN_INVALID_ARGUMENT ||
	    mach_vm_map_anon(task, &b, PAGE, 0, VM_FLAGS_ANYWHERE, 0x8) != KERN_INVALID_ARGUMENT ||
	    mach_vm_map_anon(task, &b, PAGE, 0x12345fff, VM_FLAGS_ANYWHERE, VM_PROT_DEFAULT) !=
	        KERN_INVALID_ARGUMENT ||
	    mach_vm_map_anon(task, &b, PAGE, 0, VM_FLAGS_ANYWHERE | 0x4000, VM_PROT_DEFAULT) !=
	        KERN_INVALID_ARGUMENT)
		return 79;
	/* Alignments or sizes the address space cannot hold. */
	if (mach_vm_map_anon(task, &b, PAGE, ~0ull, VM_FLAGS_ANYWHERE, VM_PROT_DEFAULT) !=
	        KERN_NO_SPACE ||
	    mach_vm_map_anon(task, &b, PAGE, (1ull << 47) - 1, VM_FLAGS_ANYWHERE,
	                     VM_PROT_DEFAULT) != KERN_NO_SPACE ||
	    mach_vm_map_anon(task, &b, ~0ull, 0, VM_FLAGS_ANYWHERE, VM_PROT_DEFAULT) !=
	        KERN_INVALID_ARGUMENT)
		return 80;
	return 0;
}

/* 90-96: many allocations and deallocations leave the address space as it was. */
static int check_cycles(void)
{
	uint64_t held[32];
	uint64_t base = next_anywhere();

	if (base == 0)
		return 90;
	for (unsigned i = 0; i < 2000; i++) {
		uint64_t a = 0, size = (1 + i % 16) * PAGE;
		if (mach_vm_allocate(task, &a, size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
			return 91;
		if (*(volatile uint8_t *)a != 0 || *(volatile uint8_t *)(a + size - 1) != 0)
			return 92;
		*(volatile uint8_t *)a = 1;
		*(volatile uint8_t *)(a + size - 1) = 1;
		if (mach_vm_deallocate(task, a, size) != KERN_SUCCESS)
			return 93;
	}
	/* Many at once, freed in an interleaved order. */
	for (unsigned round = 0; round < 20; round++) {
		for (unsigned i = 0; i < 32; i++) {
			held[i] = 0;
			if (mach_vm_allocate(task, &held[i], (1 + i % 3) * PAGE,
			                     VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
				return 94;
			*(volatile uint32_t *)held[i] = i;
		}
		for (unsigned i = 0; i < 32; i++) {
			unsigned j = (i * 7) % 32;
			if (*(volatile uint32_t *)held[j] != j ||
			    mach_vm_deallocate(task, held[j], (1 + j % 3) * PAGE) != KERN_SUCCESS)
				return 95;
		}
	}
	if (next_anywhere() != base)
		return 96;
	return 0;
}

int main(int argc, char **argv, char **envp, char **apple)
{
	int failed;

	task = task_self();
	if (task == 0)
		return 1;
	if ((failed = check_allocate()) || (failed = check_arguments()) ||
	    (failed = check_pointers()) || (failed = check_protect()) || (failed = check_map()) ||
	    (failed = check_cycles()))
		return failed;
	return 0;
}
