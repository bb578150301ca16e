/*
 * Benchmark, run as the boot task under `-icount shift=0`: mach_vm_allocate
 * 1 MiB anywhere, write one byte in each 4 KiB page (a demand-zero fault
 * each), mach_vm_deallocate it. The exit status is the instructions per
 * operation; a negative status means a call failed.
 */
#include "tests/guest/programs/user.h"

#define SIZE   (1u << 20)
#define PAGE   4096u
#define WARMUP 8
#define RUNS   64

static uint32_t task;

static int alloc_touch_free(void)
{
	uint64_t addr = 0;

	if (mach_vm_allocate(task, &addr, SIZE, VM_FLAGS_ANYWHERE) != 0)
		return -1;
	for (uint32_t off = 0; off < SIZE; off += PAGE)
		*(volatile uint8_t *)(addr + off) = 1;
	if (mach_vm_deallocate(task, addr, SIZE) != 0)
		return -1;
	return 0;
}

int main(int argc, char **argv, char **envp, char **apple)
{
	struct mach_timebase_info tb;

	task = task_self();
	if (task == 0 || mach_timebase_info(&tb) != 0)
		return -1;
	for (int i = 0; i < WARMUP; i++)
		if (alloc_touch_free() != 0)
			return -1;
	uint64_t start = absolute_time();
	for (int i = 0; i < RUNS; i++)
		if (alloc_touch_free() != 0)
			return -1;
	uint64_t ticks = absolute_time() - start;
	/* With icount shift=0 one instruction is one nanosecond of guest time. */
	return (int)(ticks * tb.numer / tb.denom / RUNS);
}
