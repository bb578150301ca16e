/*
 * Stack protection: __stack_chk_guard, the canary clang's -fstack-protector
 * code compares, and __stack_chk_fail, where it goes on a mismatch. The
 * guard comes from the kernel's apple[] string stack_guard=0x... when there
 * is one (as XNU passes it), else from getentropy; until then it holds a
 * value with a NUL, newline and 0xff, so a string copy cannot forge it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "start/start.h"

uintptr_t __stack_chk_guard = 0x00000aff00000aff;

/* The value of apple[]'s "stack_guard=0x<hex>", or 0 if it has none (or a bad one). */
static uintptr_t stack_guard_from_apple(char **apple)
{
	static const char key[] = "stack_guard=0x";

	for (; apple != NULL && *apple != NULL; apple++) {
		const char *s = *apple;
		uintptr_t v = 0;
		int digits = 0;

		if (strncmp(s, key, sizeof(key) - 1) != 0)
			continue;
		for (s += sizeof(key) - 1; *s != '\0' && *s != ','; s++, digits++) {
			int d = (*s >= '0' && *s <= '9')   ? *s - '0'
			        : (*s >= 'a' && *s <= 'f') ? *s - 'a' + 10
			        : (*s >= 'A' && *s <= 'F') ? *s - 'A' + 10
			                                   : -1;

			if (d < 0 || digits == 16)
				return 0;
			v = v << 4 | (uintptr_t)d;
		}
		return v;
	}
	return 0;
}

void start_stack_guard(char **apple)
{
	uintptr_t guard = stack_guard_from_apple(apple);

	if (guard == 0 && getentropy(&guard, sizeof(guard)) != 0)
		return;
	if (guard != 0)
		__stack_chk_guard = guard;
}

void __stack_chk_fail(void)
{
	static const char message[] = ": stack buffer overflow detected\n";
	const char *name = getprogname();

	write(STDERR_FILENO, name, strlen(name));
	write(STDERR_FILENO, message, sizeof(message) - 1);
	abort();
}
