/*
 * printf arguments, in order or by position (see args.h).
 */
#include <errno.h>
#include <string.h>

#include "stdio/args.h"

void args_start(struct args *a, va_list ap)
{
	va_copy(a->ap, ap);
	a->positional = 0;
	memset(a->classes, 0, sizeof(a->classes));
}

int args_note(struct args *a, int pos, enum arg_class c)
{
	if (pos < 1 || pos > ARGS_MAX)
		return EINVAL;
	a->classes[pos - 1] = c;
	return 0;
}

void args_load(struct args *a)
{
	int last = 0;

	for (int i = 0; i < ARGS_MAX; i++) {
		if (a->classes[i] != ARG_NONE)
			last = i + 1;
	}
	for (int i = 0; i < last; i++) {
		switch (a->classes[i]) {
		case ARG_I64: a->values[i].ll = va_arg(a->ap, long long); break;
		case ARG_DOUBLE: a->values[i].d = va_arg(a->ap, double); break;
		case ARG_PTR: a->values[i].p = va_arg(a->ap, void *); break;
		default: a->values[i].i = va_arg(a->ap, int); break;
		}
	}
	a->positional = 1;
}

int args_int(struct args *a, int pos)
{
	return a->positional ? a->values[pos - 1].i : va_arg(a->ap, int);
}

long long args_i64(struct args *a, int pos)
{
	return a->positional ? a->values[pos - 1].ll : va_arg(a->ap, long long);
}

double args_double(struct args *a, int pos)
{
	return a->positional ? a->values[pos - 1].d : va_arg(a->ap, double);
}

void *args_ptr(struct args *a, int pos)
{
	return a->positional ? a->values[pos - 1].p : va_arg(a->ap, void *);
}
