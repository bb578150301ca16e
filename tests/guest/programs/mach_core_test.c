/*
 * The first user-mode test of the Mach core, run as the boot task: demand-zero
 * memory, stack growth, FP state across switches, the Mach traps that need
 * no IPC, and the boot volume the kernel maps for the boot task. Returns 0 when every check passes, else the number of the first
 * check that failed (the kernel reports it as the exit status).
 */
#include "mach/kern_return.h"
#include "user.h"

#define BSS_PAGES 64
#define PAGE      16384

static unsigned char bss[BSS_PAGES * PAGE];
static volatile unsigned long data_word = 0x5eed;

static int recurse(int depth)
{
	volatile unsigned char frame[1024];

	frame[0] = (char)depth;
	if (depth == 0)
		return frame[0];
	return recurse(depth - 1) + frame[0];
}

static volatile double fp_seed = 1.5;

/* The hexadecimal number at *s, moving *s past it. */
static uint64_t parse_hex(const char **s)
{
	uint64_t v = 0;

	if ((*s)[0] == '0' && (*s)[1] == 'x')
		*s += 2;
	for (;; (*s)++) {
		char c = **s;
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return v;
		v = v * 16 + (uint64_t)d;
	}
}

/* 11: apple[] names the boot volume, mapped read-only: a FAT boot sector. */
static int boot_volume(char **apple)
{
	static const char key[] = "boot_volume=";
	const char *found = 0;

	for (int i = 0; apple[i]; i++) {
		int k = 0;
		while (key[k] && apple[i][k] == key[k])
			k++;
		if (!key[k])
			found = apple[i] + k;
	}
	if (!found)
		return 11;
	uint64_t address = parse_hex(&found);
	if (*found++ != ',')
		return 11;
	uint64_t size = parse_hex(&found);
	const unsigned char *volume = (const unsigned char *)address;
	if (size < 512 || volume[510] != 0x55 || volume[511] != 0xaa)
		return 11;
	/* Read-only for good: its maximum rights have no write. */
	if (mach_vm_protect(task_self(), address & ~4095ull, 4096, 0, VM_PROT_DEFAULT) !=
	    KERN_PROTECTION_FAILURE)
		return 11;
	return 0;
}

int main(int argc, char **argv, char **envp, char **apple)
{
	struct mach_timebase_info tb = {0, 0};

	/* 1: arguments as the kernel built them. */
	if (argc < 1 || argv[0] == 0 || argv[argc] != 0)
		return 1;
	/* 2-3: .bss reads as zero, then keeps what is written, page by page. */
	for (unsigned i = 0; i < sizeof(bss); i += 512)
		if (bss[i] != 0)
			return 2;
	for (unsigned i = 0; i < sizeof(bss); i += 512)
		bss[i] = (unsigned char)(i / 512);
	for (unsigned i = 0; i < sizeof(bss); i += 512)
		if (bss[i] != (unsigned char)(i / 512))
			return 3;
	/* 4: initialized data came from the file. */
	if (data_word != 0x5eed)
		return 4;
	/* 5: the stack grows well past its first page (200 KiB). */
	if (recurse(200) != 200 * 201 / 2)
		return 5;
	/* 6: mach_timebase_info answers and converts the counter to nanoseconds. */
	if (mach_timebase_info(&tb) != 0 || tb.numer == 0 || tb.denom == 0)
		return 6;
	/* 7: a bad pointer is refused with an error, not a crash. */
	if (mach_timebase_info((struct mach_timebase_info *)0x10) == 0)
		return 7;
	/* 8: mach_wait_until sleeps at least until the deadline (50 ms). */
	uint64_t start = absolute_time();
	uint64_t wait = 50000000ull * tb.denom / tb.numer;
	if (mach_wait_until(start + wait) != 0 || absolute_time() - start < wait)
		return 8;
	/* 9: FP registers survive trips through the kernel: (1.5 + 2) * 1.25^10 - 2. */
	double x = fp_seed;
	for (int i = 0; i < 10; i++) {
		x = x * 1.25 + 0.5;
		thread_switch(0, 0, 0);
	}
	if (x < 30.595 || x > 30.597)
		return 9;
	/* 10: the platform call keeps the thread's TSD base. */
	platform_call(PLATFORM_SET_CTHREAD, (uint64_t)&bss[128]);
	if (platform_call(PLATFORM_GET_CTHREAD, 0) != (uint64_t)&bss[128])
		return 10;
	uint64_t tsd;
	__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(tsd));
	if (tsd != (uint64_t)&bss[128])
		return 10;
	/* 12: thread_switch with SWITCH_OPTION_WAIT (2) sleeps 30 ms; unknown options are refused. */
	start = absolute_time();
	if (thread_switch(0, 2, 30) != 0 || absolute_time() - start < 30000000ull * tb.denom / tb.numer)
		return 12;
	if (thread_switch(0, 9, 0) != KERN_INVALID_ARGUMENT)
		return 12;
	/* swtch (trap -60): nobody else here wants the processor. */
	if (trap6(-60, 0, 0, 0, 0, 0, 0) != 0)
		return 12;
	return boot_volume(apple);
}
