/*
 * lineecho: the first process until a real init exists. bsdserver starts it
 * as /sbin/init through dyld, with the console as its standard input and
 * output. It prints a banner, then echoes every line typed, prefixed with
 * "echo: ", until end of input (^D on an empty line); then it exits, and
 * bsdserver, with no process left, powers the machine off.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	char chunk[256];
	bool line_start = true;

	printf("Tessera: lineecho is pid 1; type lines, ^D to end\n");
	/* A line longer than the buffer comes in several chunks and keeps one prefix. */
	while (fgets(chunk, sizeof(chunk), stdin) != NULL) {
		printf("%s%s", line_start ? "echo: " : "", chunk);
		line_start = strchr(chunk, '\n') != NULL;
	}
	if (!line_start)
		printf("\n");
	printf("lineecho: end of input\n");
	return 0;
}
