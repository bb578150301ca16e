/*
 * Benchmarks of libSystem calls, run as /sbin/init under `-icount shift=0`
 * (one nanosecond of guest time is one instruction): bsdserver starts it
 * through dyld with the console as descriptors 0, 1 and 2. Each figure is
 * RUNS calls timed with mach_absolute_time after WARMUP untimed ones, the loop
 * included, as in the Mach benchmarks; spawn_hello, a whole process's life,
 * runs SPAWN_RUNS times. The program prints one line
 * `BENCH <name> <value> instructions/op` per figure, on lines of their own,
 * and exits 0 (nonzero when a call fails); bsdserver then powers off.
 */
#include <mach/mach_time.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* The build sets a smaller count for the check that the benchmark still runs. */
#ifndef RUNS
#define RUNS 2000
#endif
#define WARMUP       (RUNS / 10 + 1)
#define SPAWN_RUNS   (RUNS / 20 + 1)
#define SPAWN_WARMUP 2
#define HELLO        "/bin/hello"

static mach_timebase_info_data_t timebase;

/* Instructions per call for `ticks` of mach_absolute_time spent on RUNS calls. */
static uint64_t per_call(uint64_t ticks)
{
	return ticks * timebase.numer / timebase.denom / RUNS;
}

/* A forwarded BSD call with nothing to do: libSystem -> svc -> kernel -> bsdserver and back. */
static int bench_getppid(uint64_t *result)
{
	for (int i = 0; i < WARMUP; i++)
		if (getppid() < 0)
			return -1;
	uint64_t start = mach_absolute_time();
	for (int i = 0; i < RUNS; i++)
		getppid();
	*result = per_call(mach_absolute_time() - start);
	return 0;
}

/*
 * One byte through bsdserver's tty and the console driver's console_write:
 * a carriage return, which leaves the console's lines as they are.
 */
static int bench_write_console(uint64_t *result)
{
	for (int i = 0; i < WARMUP; i++)
		if (write(STDOUT_FILENO, "\r", 1) != 1)
			return -1;
	uint64_t start = mach_absolute_time();
	for (int i = 0; i < RUNS; i++)
		write(STDOUT_FILENO, "\r", 1);
	*result = per_call(mach_absolute_time() - start);
	return 0;
}

/* A short formatted line on stdout, line-buffered on the tty: one write per call. */
static int bench_printf_line(uint64_t *result)
{
	for (int i = 0; i < WARMUP; i++)
		if (printf("printf_line warm-up %d\n", i) < 0)
			return -1;
	uint64_t start = mach_absolute_time();
	for (int i = 0; i < RUNS; i++)
		printf("printf_line %d\n", i);
	*result = per_call(mach_absolute_time() - start);
	return 0;
}

/* One hello-world process: posix_spawn, then waitpid until it has exited with 0. */
static int spawn_hello(void)
{
	static char *const argv[] = {HELLO, NULL};
	static char *const envp[] = {NULL};
	pid_t pid;
	int status;

	if (posix_spawn(&pid, HELLO, NULL, NULL, argv, envp) != 0 ||
	    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

/*
 * From bsdserver starting a process (the task, its files mapped, dyld,
 * libSystem's initializers, main's printf) to its exit, reaped by waitpid.
 */
static int bench_spawn_hello(uint64_t *result)
{
	for (int i = 0; i < SPAWN_WARMUP; i++)
		if (spawn_hello() != 0)
			return -1;
	uint64_t start = mach_absolute_time();
	for (int i = 0; i < SPAWN_RUNS; i++)
		if (spawn_hello() != 0)
			return -1;
	*result = (mach_absolute_time() - start) * timebase.numer / timebase.denom / SPAWN_RUNS;
	return 0;
}

static const struct benchmark {
	const char *name;
	int (*run)(uint64_t *result);
} benchmarks[] = {
    {"getppid", bench_getppid},
    {"write_console_1byte", bench_write_console},
    {"printf_line", bench_printf_line},
    {"spawn_hello", bench_spawn_hello},
};

#define NBENCHMARKS (sizeof(benchmarks) / sizeof(benchmarks[0]))

int main(void)
{
	uint64_t results[NBENCHMARKS];

	if (mach_timebase_info(&timebase) != KERN_SUCCESS || timebase.denom == 0) {
		fprintf(stderr, "libsystem_bench: no timebase\n");
		return 1;
	}
	for (size_t i = 0; i < NBENCHMARKS; i++) {
		if (benchmarks[i].run(&results[i]) != 0) {
			fprintf(stderr, "\nlibsystem_bench: %s failed\n", benchmarks[i].name);
			return 1;
		}
	}
	/* After the timed output: the results start on a fresh line. */
	printf("\n");
	for (size_t i = 0; i < NBENCHMARKS; i++)
		printf("BENCH %s %llu instructions/op\n", benchmarks[i].name,
		       (unsigned long long)results[i]);
	return 0;
}
