/*
 * The pure half of bsdserver's exec (bsdserver/exec_image.h): a program and
 * its dynamic linker overlapping each other or the stack are refused,
 * __PAGEZERO-like reservations do not count, the mach_header's address is
 * found, and the stack holds header, argc, argv, envp and apple as dyld
 * expects, aligned, with the strings above — or E2BIG when it cannot —
 * written only in the pages from the stack pointer's up.
 */
#include <errno.h>
#include <string.h>

#include "bsdserver/exec_image.h"
#include "host/check.h"

#define STACK_LOW  0x16f800000ull
#define STACK_HIGH 0x170000000ull

static void segment(struct macho_image *img, uint64_t vmaddr, uint64_t vmsize, uint64_t fileoff,
                    uint64_t filesize, uint32_t maxprot)
{
	struct macho_segment *s = &img->segments[img->nsegments++];

	memset(s, 0, sizeof(*s));
	s->vmaddr = vmaddr;
	s->vmsize = vmsize;
	s->fileoff = fileoff;
	s->filesize = filesize;
	s->initprot = s->maxprot = maxprot;
}

static void layouts(void)
{
	struct macho_image prog, dyld;

	memset(&prog, 0, sizeof(prog));
	memset(&dyld, 0, sizeof(dyld));
	segment(&prog, 0x100000000, 0x4000, 0, 0x4000, 5);
	segment(&prog, 0x100004000, 0x1001, 0x4000, 0x10, 3); /* ends mid-page: rounded up */
	segment(&dyld, 0x200000000, 0x8000, 0, 0x8000, 5);
	CHECK(exec_layout_check(&prog, &dyld, STACK_LOW, STACK_HIGH) == NULL);
	CHECK(exec_header_address(&prog) == 0x100000000);

	/* dyld's segment on the page the program's rounded segment takes. */
	dyld.segments[0].vmaddr = 0x100005000;
	CHECK(strstr(exec_layout_check(&prog, &dyld, STACK_LOW, STACK_HIGH), "dynamic linker"));
	dyld.segments[0].vmaddr = 0x100006000; /* the page after: fine */
	CHECK(exec_layout_check(&prog, &dyld, STACK_LOW, STACK_HIGH) == NULL);

	/* A reservation (no access) may cover anything. */
	segment(&dyld, 0x0, 0x200000000, 0, 0, 0);
	CHECK(exec_layout_check(&prog, &dyld, STACK_LOW, STACK_HIGH) == NULL);

	/* Either image reaching the stack. */
	segment(&prog, STACK_LOW - 0x1000, 0x2000, 0, 0, 3);
	CHECK(strstr(exec_layout_check(&prog, &dyld, STACK_LOW, STACK_HIGH), "the stack"));
	prog.nsegments--;
	segment(&dyld, STACK_HIGH - 0x1000, 0x1000, 0, 0, 3);
	CHECK(strstr(exec_layout_check(&prog, &dyld, STACK_LOW, STACK_HIGH), "the stack"));

	/* No segment maps file offset 0: no header address. */
	prog.segments[0].fileoff = 0x100;
	CHECK(exec_header_address(&prog) == 0);
}

static void stacks(void)
{
	static uint8_t buf[4096] __attribute__((aligned(16)));
	const uint64_t top = STACK_HIGH, base = top - sizeof(buf);
	const char *argv[] = {"/sbin/init", "-v", NULL};
	const char *envp[] = {"TERM=vt100", NULL};
	const char *apple[] = {"executable_path=/sbin/init", NULL};
	uint64_t sp = 0;

	CHECK(exec_stack_build(buf, sizeof(buf), top, 0x100000000, argv, envp, apple, &sp) == 0);
	CHECK(sp % 16 == 0 && sp >= base && sp < top);
	const uint64_t *w = (const uint64_t *)(buf + (sp - base));
	CHECK(w[0] == 0x100000000); /* the mach_header */
	CHECK(w[1] == 2);           /* argc */
	CHECK(w[4] == 0 && w[6] == 0 && w[8] == 0);
	const char *expected[] = {argv[0], argv[1], NULL, envp[0], NULL, apple[0]};
	for (int i = 0; i < 6; i++) {
		if (expected[i] == NULL)
			continue;
		uint64_t at = w[2 + i];
		/* Each string lies above the pointers, inside the buffer, whole. */
		CHECK(at > sp + 9 * 8 && at < top);
		CHECK(strcmp((const char *)buf + (at - base), expected[i]) == 0);
	}

	/* Empty envp and apple still get their NULLs. */
	const char *none[] = {NULL};
	CHECK(exec_stack_build(buf, sizeof(buf), top, 0x1000, argv, none, none, &sp) == 0);
	w = (const uint64_t *)(buf + (sp - base));
	CHECK(w[1] == 2 && w[4] == 0 && w[5] == 0 && w[6] == 0);

	/* Strings that do not fit, or pointers that do not: E2BIG. */
	static char big[5000];
	memset(big, 'x', sizeof(big) - 1);
	const char *too_big[] = {big, NULL};
	CHECK(exec_stack_build(buf, sizeof(buf), top, 0x1000, too_big, none, none, &sp) == E2BIG);
	static const char *many[600];
	for (int i = 0; i < 599; i++)
		many[i] = "";
	CHECK(exec_stack_build(buf, sizeof(buf), top, 0x1000, many, none, none, &sp) == E2BIG);
}

/* Only the pages from sp's up are written: cleared, then filled; the rest is left alone. */
static void partial_pages(void)
{
	static uint8_t buf[4 * EXEC_PAGE_SIZE] __attribute__((aligned(16)));
	const uint64_t top = STACK_HIGH, base = top - sizeof(buf);
	static char arg[EXEC_PAGE_SIZE + 100];
	const char *argv[] = {arg, NULL};
	const char *none[] = {NULL};
	uint64_t sp = 0;

	memset(arg, 'a', sizeof(arg) - 1);
	memset(buf, 0xee, sizeof(buf));
	CHECK(exec_stack_build(buf, sizeof(buf), top, 0x1000, argv, none, none, &sp) == 0);
	size_t from = (size_t)((sp & ~(uint64_t)(EXEC_PAGE_SIZE - 1)) - base);
	CHECK(from == EXEC_PAGE_SIZE * 2); /* the string spills into a second page */
	for (size_t i = 0; i < from; i++)
		CHECK(buf[i] == 0xee);
	for (size_t i = from; i < sp - base; i++)
		CHECK(buf[i] == 0);
	CHECK(strcmp((const char *)buf + (((const uint64_t *)(buf + (sp - base)))[2] - base),
	             arg) == 0);
}

int main(void)
{
	layouts();
	stacks();
	partial_pages();
	puts("exec_image_test: ok");
	return 0;
}
