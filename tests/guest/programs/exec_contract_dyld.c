/*
 * bsdserver_test's /usr/lib/dyld: a dynamic linker for self-contained
 * programs only, which checks bsdserver's side of the exec contract
 * (DESIGN.md, "Starting a process") and calls the program's main. It is
 * linked far above programs (a large __PAGEZERO), as the real dyld is.
 *
 * At entry sp must be 16-byte aligned and point at the program's
 * mach_header address, followed by argc, argv, NULL, envp, NULL, apple,
 * NULL, with apple[0] "executable_path=...", then "stack_guard=0xH",
 * "malloc_entropy=0xH,0xH" and "ptr_munge=0xH" (H: 1 to 16 hex digits),
 * then NULL. A broken contract ends the
 * process with exit status 100 + the check's number, which bsdserver logs;
 * otherwise main(argc, argv, envp, apple) runs and its result goes to exit.
 */
#include <stdint.h>

#define MH_MAGIC_64 0xfeedfacfu
#define LC_MAIN     0x80000028u

/* The entry point: sp as bsdserver left it goes to contract_main. */
__asm__(".globl __start\n"
        ".p2align 2\n"
        "__start:\n"
        "\tmov x0, sp\n"
        "\tbl _contract_main\n"
        "\tbrk #1\n");

static void bsd_exit(long status)
{
	register long x0 __asm__("x0") = status;
	register long x16 __asm__("x16") = 1;

	__asm__ volatile("svc #0x80" : "+r"(x0) : "r"(x16) : "memory", "cc");
	__builtin_trap();
}

static int prefixed(const char *s, const char *prefix)
{
	while (*prefix != '\0')
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

/* s is `count` numbers "0x" + 1 to 16 lowercase hex digits, separated by commas. */
static int hex_list(const char *s, int count)
{
	for (int i = 0; i < count; i++) {
		int digits = 0;

		if (i > 0 && *s++ != ',')
			return 0;
		if (!prefixed(s, "0x"))
			return 0;
		for (s += 2; (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'); s++)
			digits++;
		if (digits < 1 || digits > 16)
			return 0;
	}
	return *s == '\0';
}

/* The program's entry: its __TEXT (which maps the header) plus LC_MAIN's entryoff. */
static uint64_t program_entry(const uint8_t *header)
{
	uint32_t ncmds = *(const uint32_t *)(header + 16);
	const uint8_t *cmd = header + 32;

	for (uint32_t i = 0; i < ncmds; i++) {
		uint32_t type = *(const uint32_t *)cmd, size = *(const uint32_t *)(cmd + 4);
		if (type == LC_MAIN)
			return (uint64_t)(uintptr_t)header + *(const uint64_t *)(cmd + 8);
		if (size < 8)
			return 0;
		cmd += size;
	}
	return 0;
}

void contract_main(uint64_t *sp)
{
	typedef int (*main_fn)(int, char **, char **, char **);

	if ((uintptr_t)sp % 16 != 0)
		bsd_exit(101);
	const uint8_t *header = (const uint8_t *)(uintptr_t)sp[0];
	if (header == 0 || *(const uint32_t *)header != MH_MAGIC_64)
		bsd_exit(102);
	long argc = (long)sp[1];
	char **argv = (char **)&sp[2];
	if (argc < 1 || argv[argc] != 0)
		bsd_exit(103);
	char **envp = argv + argc + 1, **apple = envp;
	while (*apple != 0)
		apple++;
	apple++;
	if (apple[0] == 0 || !prefixed(apple[0], "executable_path="))
		bsd_exit(104);
	if (apple[1] == 0 || !prefixed(apple[1], "stack_guard=") || !hex_list(apple[1] + 12, 1) ||
	    apple[2] == 0 || !prefixed(apple[2], "malloc_entropy=") ||
	    !hex_list(apple[2] + 15, 2) || apple[3] == 0 || !prefixed(apple[3], "ptr_munge=") ||
	    !hex_list(apple[3] + 10, 1) || apple[4] != 0)
		bsd_exit(106);
	uint64_t entry = program_entry(header);
	if (entry == 0)
		bsd_exit(105);
	bsd_exit(((main_fn)(uintptr_t)entry)((int)argc, argv, envp, apple));
}
