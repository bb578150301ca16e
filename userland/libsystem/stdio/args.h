/*
 * Where the printf engine's arguments come from: the va_list in order, or,
 * for formats with %n$ positions, a table read from the va_list in position
 * order once the whole format has said which type each position has.
 */
#ifndef LIBSYSTEM_STDIO_ARGS_H
#define LIBSYSTEM_STDIO_ARGS_H

#include <stdarg.h>

/* Positions a format may use (%1$ to %64$). */
#define ARGS_MAX 64

/* How an argument is passed; all 64-bit integers share one class on LP64. */
enum arg_class {
	ARG_NONE,
	ARG_INT,
	ARG_I64,
	ARG_DOUBLE,
	ARG_PTR,
};

union arg_value {
	int i;
	long long ll;
	double d;
	void *p;
};

struct args {
	va_list ap;
	int positional; /* values[] holds the arguments */
	enum arg_class classes[ARGS_MAX];
	union arg_value values[ARGS_MAX];
};

/* Starts reading ap in order (the caller va_ends args->ap). */
void args_start(struct args *a, va_list ap);

/* Records that position pos (1-based) has class c; returns 0 or EINVAL. */
int args_note(struct args *a, int pos, enum arg_class c);

/* Reads every recorded position from the va_list, in order; gaps read as int. */
void args_load(struct args *a);

/* The argument at pos (1-based), or the next one in order when pos is 0. */
int args_int(struct args *a, int pos);
long long args_i64(struct args *a, int pos);
double args_double(struct args *a, int pos);
void *args_ptr(struct args *a, int pos);

#endif
