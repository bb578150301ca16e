/*
 * libSystem's stdio and atexit under host threads (pthreads here only): a
 * stream written by four threads at once, through a write function that is
 * itself unlocked, must hold every line whole; flockfile groups calls;
 * ftrylockfile and funlockfile answer for the right thread; handlers
 * registered from four threads each run exactly once, even when two threads
 * finalize at once. Without the locks lines tear, the buffer is overrun, or
 * registrations are lost.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/check.h"
#include "threads.h"
#include "ts.h"

#define THREADS 4
#define LINES   3000

/* The stream's far end: appends, with no lock of its own. */
struct mem {
	char data[THREADS * LINES * 96];
	size_t len;
};

static struct mem out;

static int mem_write(void *cookie, const char *buf, int n)
{
	struct mem *m = cookie;

	CHECK(m->len + (size_t)n <= sizeof(m->data));
	memcpy(m->data + m->len, buf, (size_t)n);
	m->len += (size_t)n;
	return n;
}

static ts_FILE *mem_open(int mode, size_t size)
{
	ts_FILE *fp;

	out.len = 0;
	fp = ts_funopen(&out, NULL, mem_write, NULL, NULL);
	CHECK(fp != NULL);
	CHECK(ts_setvbuf(fp, NULL, mode, size) == 0);
	return fp;
}

static ts_FILE *shared;

static void start_all(void *(*fn)(void *))
{
	pthread_t t[THREADS];

	for (long i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, fn, (void *)i) == 0);
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
}

/* Line i of thread t: its length varies, so lines straddle buffer ends. */
static void line_text(char *buf, size_t size, long t, int i)
{
	snprintf(buf, size, "t%ld %05d %.*s|%d\n", t, i, i % 41,
	         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO", i * 7);
}

static void *write_lines(void *arg)
{
	long t = (long)arg;
	char buf[96];

	for (int i = 0; i < LINES; i++) {
		switch (i % 3) {
		case 0:
			CHECK(ts_fprintf(shared, "t%ld %05d %.*s|%d\n", t, i, i % 41,
			                 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO", i * 7) > 0);
			break;
		case 1:
			line_text(buf, sizeof(buf), t, i);
			CHECK(ts_fputs(buf, shared) == 0);
			break;
		default:
			line_text(buf, sizeof(buf), t, i);
			CHECK(ts_fwrite(buf, 1, strlen(buf), shared) == strlen(buf));
			break;
		}
	}
	return NULL;
}

/* Every line whole, each thread's in its order, none missing. */
static void check_lines(void)
{
	int next[THREADS] = {0};
	char want[96];
	size_t pos = 0;

	while (pos < out.len) {
		char *nl = memchr(out.data + pos, '\n', out.len - pos);
		long t;

		CHECK(nl != NULL);
		CHECK(out.data[pos] == 't');
		t = out.data[pos + 1] - '0';
		CHECK(t >= 0 && t < THREADS && next[t] < LINES);
		line_text(want, sizeof(want), t, next[t]);
		CHECK((size_t)(nl + 1 - (out.data + pos)) == strlen(want));
		CHECK(memcmp(out.data + pos, want, strlen(want)) == 0);
		next[t]++;
		pos = (size_t)(nl + 1 - out.data);
	}
	for (int t = 0; t < THREADS; t++)
		CHECK(next[t] == LINES);
}

static void test_whole_lines(int mode, size_t size)
{
	shared = mem_open(mode, size);
	start_all(write_lines);
	CHECK(ts_fclose(shared) == 0);
	check_lines();
}

/* Three calls under one flockfile: a line each, adjacent in the output. */
static void *write_groups(void *arg)
{
	long t = (long)arg;
	char buf[32];

	for (int i = 0; i < LINES / 4; i++) {
		ts_flockfile(shared);
		CHECK(ts_fprintf(shared, "g%ld %d a\n", t, i) > 0);
		snprintf(buf, sizeof(buf), "g%ld %d b\n", t, i);
		for (char *p = buf; *p != '\0'; p++)
			CHECK(ts_putc_unlocked(*p, shared) == (unsigned char)*p);
		snprintf(buf, sizeof(buf), "g%ld %d c\n", t, i);
		CHECK(ts_fputs(buf, shared) == 0);
		ts_funlockfile(shared);
	}
	return NULL;
}

static void test_groups(void)
{
	size_t pos = 0, groups = 0;

	shared = mem_open(0 /* _IOFBF */, 64);
	start_all(write_groups);
	CHECK(ts_fclose(shared) == 0);
	CHECK(out.len < sizeof(out.data));
	out.data[out.len] = '\0';
	while (pos < out.len) {
		long t;
		int i, n = 0;
		char want[96];

		CHECK(sscanf(out.data + pos, "g%ld %d a\n%n", &t, &i, &n) == 2 && n > 0);
		snprintf(want, sizeof(want), "g%ld %d a\ng%ld %d b\ng%ld %d c\n", t, i, t, i, t, i);
		CHECK(strncmp(out.data + pos, want, strlen(want)) == 0);
		pos += strlen(want);
		groups++;
	}
	CHECK(groups == THREADS * (LINES / 4));
}

static volatile int other_wrote;

/* Runs while the main thread holds `shared`. */
static void *try_while_held(void *arg)
{
	(void)arg;
	CHECK(ts_ftrylockfile(shared) != 0);
	/* Not the holder: changes nothing. */
	ts_funlockfile(shared);
	CHECK(ts_ftrylockfile(shared) != 0);
	CHECK(ts_fputs("other\n", shared) == 0);
	__atomic_store_n(&other_wrote, 1, __ATOMIC_RELEASE);
	CHECK(ts_ftrylockfile(shared) == 0);
	ts_funlockfile(shared);
	return NULL;
}

static void test_trylock(void)
{
	pthread_t t;

	shared = mem_open(0 /* _IOFBF */, 1024);
	ts_flockfile(shared);
	CHECK(ts_ftrylockfile(shared) == 0); /* the holder takes it again */
	CHECK(pthread_create(&t, NULL, try_while_held, NULL) == 0);
	CHECK(ts_fputs("main\n", shared) == 0);
	usleep(100000);
	/* The other thread's fputs is still waiting for the stream. */
	CHECK(__atomic_load_n(&other_wrote, __ATOMIC_ACQUIRE) == 0);
	ts_funlockfile(shared);
	usleep(20000);
	CHECK(__atomic_load_n(&other_wrote, __ATOMIC_ACQUIRE) == 0);
	ts_funlockfile(shared);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(other_wrote == 1);
	CHECK(ts_fclose(shared) == 0);
	CHECK(out.len == 11 && memcmp(out.data, "main\nother\n", 11) == 0);
}

#define HANDLERS 300

static int ran[THREADS][HANDLERS];
static int ran_late[THREADS];

static void count(void *arg)
{
	__atomic_fetch_add((int *)arg, 1, __ATOMIC_RELAXED);
}

/* A handler that registers another while the handlers run: that one runs too. */
static void register_late(void *arg)
{
	CHECK(ts___cxa_atexit(count, arg, NULL) == 0);
}

static void *register_handlers(void *arg)
{
	long t = (long)arg;

	CHECK(ts___cxa_atexit(register_late, &ran_late[t], NULL) == 0);
	for (int i = 0; i < HANDLERS; i++)
		CHECK(ts___cxa_atexit(count, &ran[t][i], NULL) == 0);
	return NULL;
}

static void *finalize(void *arg)
{
	(void)arg;
	ts___cxa_finalize(NULL);
	return NULL;
}

static void test_atexit(void)
{
	pthread_t a, b;

	start_all(register_handlers);
	CHECK(pthread_create(&a, NULL, finalize, NULL) == 0);
	CHECK(pthread_create(&b, NULL, finalize, NULL) == 0);
	CHECK(pthread_join(a, NULL) == 0);
	CHECK(pthread_join(b, NULL) == 0);
	for (int t = 0; t < THREADS; t++) {
		CHECK(ran_late[t] == 1);
		for (int i = 0; i < HANDLERS; i++)
			CHECK(ran[t][i] == 1);
	}
}

int main(void)
{
	test_threads_setup();
	test_whole_lines(0 /* _IOFBF */, 64);
	test_whole_lines(1 /* _IOLBF */, 100);
	test_whole_lines(2 /* _IONBF */, 0);
	test_groups();
	test_trylock();
	test_atexit();
	printf("stdio_threads_test: ok\n");
	return 0;
}
