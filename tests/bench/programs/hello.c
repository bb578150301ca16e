/* The program spawn_hello starts (libsystem_bench.c): hello, world, through dyld and libSystem. */
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return 0;
}
