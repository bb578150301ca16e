#include "bsdserver/exec_image.h"

#include <errno.h>
#include <string.h>

static uint64_t page_round(uint64_t v)
{
	return (v + MACHO_PAGE_SIZE - 1) & ~(uint64_t)(MACHO_PAGE_SIZE - 1);
}

static bool mapped(const struct macho_segment *s)
{
	/* __PAGEZERO and its like are not mapped (macho_parse leaves __PAGEZERO out already). */
	return s->vmsize != 0 && s->maxprot != 0;
}

static bool overlap(uint64_t a_low, uint64_t a_high, uint64_t b_low, uint64_t b_high)
{
	return a_low < b_high && b_low < a_high;
}

/* Whether any mapped segment of img meets [low, high). */
static bool meets(const struct macho_image *img, uint64_t low, uint64_t high)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct macho_segment *s = &img->segments[i];
		if (mapped(s) && overlap(s->vmaddr, s->vmaddr + page_round(s->vmsize), low, high))
			return true;
	}
	return false;
}

const char *exec_layout_check(const struct macho_image *prog, const struct macho_image *dyld,
                              uint64_t stack_low, uint64_t stack_high)
{
	for (unsigned i = 0; i < dyld->nsegments; i++) {
		const struct macho_segment *s = &dyld->segments[i];
		if (mapped(s) && meets(prog, s->vmaddr, s->vmaddr + page_round(s->vmsize)))
			return "the program's segments overlap the dynamic linker's";
	}
	if (meets(prog, stack_low, stack_high))
		return "the program's segments overlap the stack";
	if (meets(dyld, stack_low, stack_high))
		return "the dynamic linker's segments overlap the stack";
	return NULL;
}

uint64_t exec_header_address(const struct macho_image *prog)
{
	for (unsigned i = 0; i < prog->nsegments; i++) {
		const struct macho_segment *s = &prog->segments[i];
		if (mapped(s) && s->fileoff == 0 && s->filesize > 0)
			return s->vmaddr;
	}
	return 0;
}

static size_t count(const char *const *v)
{
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	return n;
}

/* Copies the strings of v down from *at (an offset in buf) and stores their addresses. */
static void put_strings(uint8_t *buf, size_t *at, uint64_t base, const char *const *v,
                        uint64_t *addresses)
{
	for (size_t i = 0; v[i] != NULL; i++) {
		size_t len = strlen(v[i]) + 1;
		*at -= len;
		memcpy(buf + *at, v[i], len);
		addresses[i] = base + *at;
	}
}

int exec_stack_build(uint8_t *buf, size_t size, uint64_t top, uint64_t header,
                     const char *const *argv, const char *const *envp, const char *const *apple,
                     uint64_t *sp)
{
	size_t argc = count(argv), envc = count(envp), applec = count(apple);
	size_t words = 1 + 1 + argc + 1 + envc + 1 + applec + 1;
	size_t strings = 0;
	const char *const *lists[3] = {argv, envp, apple};
	uint64_t base = top - size;

	for (int l = 0; l < 3; l++)
		for (size_t i = 0; lists[l][i] != NULL; i++)
			strings += strlen(lists[l][i]) + 1;
	/* Room for the strings, 16 bytes of alignment slack, and the pointer words. */
	if (strings + 16 > size || words > (size - strings - 16) / 8)
		return E2BIG;
	size_t table_at = (size - strings - words * 8) & ~(size_t)15;
	/* Only the pages the stack reaches are cleared: the ones exec copies to the task. */
	size_t into_page = (size_t)((base + table_at) % EXEC_PAGE_SIZE);
	size_t clear_from = into_page <= table_at ? table_at - into_page : 0;
	memset(buf + clear_from, 0, size - clear_from);
	size_t at = size;
	uint64_t *table = (uint64_t *)(void *)(buf + table_at);
	/* table[0] is the header, table[1] argc, then the three arrays with their NULLs. */
	table[0] = header;
	table[1] = argc;
	put_strings(buf, &at, base, argv, &table[2]);
	put_strings(buf, &at, base, envp, &table[2 + argc + 1]);
	put_strings(buf, &at, base, apple, &table[2 + argc + 1 + envc + 1]);
	*sp = base + (uint64_t)((uint8_t *)table - buf);
	return 0;
}
