/*
 * The conformance program's entry point: each area in turn, then exit()
 * rather than a return, so that the C library's own exit path runs the
 * atexit handlers (in reverse order) and writes out buffered output.
 */
#include <stdio.h>
#include <stdlib.h>

#include "conformance.h"

static void conf_atexit_first(void)
{
	printf("exit first-registered handler runs last\n");
}

static void conf_atexit_second(void)
{
	printf("exit second-registered handler runs first\n");
}

int main(void)
{
	printf("conformance start\n");
	conf_printf();
	conf_scanf();
	conf_strtod();
	conf_strtol();
	conf_sort();
	conf_string();
	conf_ctype();
	conf_malloc();
	conf_environ();
	conf_stdlib();
	conf_time();
	atexit(conf_atexit_first);
	atexit(conf_atexit_second);
	/* Still buffered when a pipe or file is the output: exit must write it out. */
	printf("conformance end\n");
	exit(0);
}
