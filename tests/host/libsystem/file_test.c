/*
 * libSystem's FILE streams against glibc's: the same seeded sequence of
 * reads, writes, seeks, ungetc, fprintf and fscanf on a libSystem stream
 * (funopen) and a glibc stream (fopencookie), each over its own copy of an
 * in-memory file that delivers short reads; results, positions and the final
 * bytes must agree. Then buffering modes, errors, and stdout through exit.
 *
 * glibc 2.36 gets fseek(SEEK_CUR) wrong on a cookie stream that was written
 * after a seek had read ahead (it counts from the position before the
 * writes), so the random sequence seeks with SEEK_SET from ftell instead;
 * test_errors checks SEEK_CUR on its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/check.h"
#include "ts.h"
#include "pages.h"

/* An in-memory file; reads return at most `chunk` bytes to exercise refills. */
struct mem {
	char data[1 << 22];
	size_t len, pos, chunk;
	int writes; /* calls of the write function */
};

static long mem_read(struct mem *m, char *buf, size_t n)
{
	if (n > m->chunk)
		n = m->chunk;
	if (m->pos >= m->len)
		n = 0;
	else if (n > m->len - m->pos)
		n = m->len - m->pos;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (long)n;
}

static long mem_write(struct mem *m, const char *buf, size_t n)
{
	if (m->pos + n > sizeof(m->data))
		return -1;
	memcpy(m->data + m->pos, buf, n);
	m->pos += n;
	if (m->pos > m->len)
		m->len = m->pos;
	m->writes++;
	return (long)n;
}

static long long mem_seek(struct mem *m, long long off, int whence)
{
	long long base = whence == SEEK_SET   ? 0
	                 : whence == SEEK_CUR ? (long long)m->pos
	                                      : (long long)m->len;

	if (base + off < 0 || base + off > (long long)sizeof(m->data))
		return -1;
	m->pos = (size_t)(base + off);
	return (long long)m->pos;
}

static int ts_read_fn(void *c, char *buf, int n)
{
	return (int)mem_read(c, buf, (size_t)n);
}

static int ts_write_fn(void *c, const char *buf, int n)
{
	return (int)mem_write(c, buf, (size_t)n);
}

static long long ts_seek_fn(void *c, long long off, int whence)
{
	return mem_seek(c, off, whence);
}

static ssize_t gl_read_fn(void *c, char *buf, size_t n)
{
	return mem_read(c, buf, n);
}

static ssize_t gl_write_fn(void *c, const char *buf, size_t n)
{
	return mem_write(c, buf, n);
}

static int gl_seek_fn(void *c, off64_t *off, int whence)
{
	long long r = mem_seek(c, *off, whence);

	if (r < 0)
		return -1;
	*off = r;
	return 0;
}

static struct mem ours, theirs;

static void differential(unsigned long long seed)
{
	static const char text[] = "alpha beta 42 -17 3.25e2 gamma\nsecond line 0x1f\n\nlast";
	ts_FILE *a;
	FILE *b;
	cookie_io_functions_t io = {gl_read_fn, gl_write_fn, gl_seek_fn, NULL};
	int writing = -1; /* direction since the last seek: C needs a seek to change it */

	memset(ours.data, 0, sizeof(ours.data));
	for (int i = 0; i < 40; i++)
		memcpy(ours.data + i * (sizeof(text) - 1), text, sizeof(text) - 1);
	ours.len = 40 * (sizeof(text) - 1);
	ours.pos = 0;
	ours.chunk = 1 + test_rand(&seed) % 200;
	memcpy(theirs.data, ours.data, sizeof(ours.data));
	theirs.len = ours.len;
	theirs.pos = 0;
	theirs.chunk = ours.chunk;
	a = ts_funopen(&ours, ts_read_fn, ts_write_fn, ts_seek_fn, NULL);
	b = fopencookie(&theirs, "r+", io);
	CHECK(a != NULL && b != NULL);
	for (int op = 0; op < 400; op++) {
		unsigned int k = (unsigned int)(test_rand(&seed) % 14);
		char s1[300], s2[300];
		int want_write = k >= 8 && k <= 11;

		if (writing != -1 && writing != want_write) {
			long off = (long)(test_rand(&seed) % 100), at = ts_ftell(a);

			CHECK(at == ftell(b));
			CHECK(ts_fseek(a, at + off, SEEK_SET) == fseek(b, at + off, SEEK_SET));
			writing = -1;
		}
		if (k < 12)
			writing = want_write;
		switch (k) {
		case 0: CHECK(ts_fgetc(a) == fgetc(b)); break;
		case 1: {
			int n = (int)(test_rand(&seed) % 80);
			char *r1 = ts_fgets(s1, n, a), *r2 = fgets(s2, n, b);

			CHECK((r1 == NULL) == (r2 == NULL));
			CHECK(r1 == NULL || strcmp(s1, s2) == 0);
			break;
		}
		case 2: {
			size_t n = test_rand(&seed) % 300;

			CHECK(ts_fread(s1, 1, n, a) == fread(s2, 1, n, b));
			CHECK(memcmp(s1, s2, n) == 0 || ts_feof(a));
			break;
		}
		case 3: {
			/* The pushback is read again at once: glibc's ftell drops it. */
			int c1 = ts_fgetc(a), c2 = fgetc(b);

			CHECK(c1 == c2);
			if (c1 != EOF) {
				CHECK(ts_ungetc(c1 ^ 1, a) == ungetc(c2 ^ 1, b));
				CHECK(ts_fgetc(a) == fgetc(b));
			}
			break;
		}
		case 4: {
			char w1[64] = "", w2[64] = "";
			int x1 = 0, x2 = 0;

			CHECK(ts_fscanf(a, "%63s %d", w1, &x1) == fscanf(b, "%63s %d", w2, &x2));
			CHECK(strcmp(w1, w2) == 0 && x1 == x2);
			break;
		}
		case 5: {
			char *l1 = NULL, *l2 = NULL;
			size_t c1 = 0, c2 = 0;
			long n1 = ts_getline(&l1, &c1, a);

			CHECK(n1 == getline(&l2, &c2, b));
			CHECK(n1 < 0 || strcmp(l1, l2) == 0);
			ts_free(l1);
			free(l2);
			break;
		}
		case 6:
		case 7:
			CHECK(ts_feof(a) == !!feof(b));
			CHECK(ts_ftell(a) == ftell(b));
			break;
		case 8: CHECK(ts_fputc('A' + op % 26, a) == fputc('A' + op % 26, b)); break;
		case 9: CHECK(ts_fputs("put\n", a) == 0 && fputs("put\n", b) >= 0); break;
		case 10:
			CHECK(ts_fprintf(a, "<%d|%.3f>", op, op / 7.0) ==
			      fprintf(b, "<%d|%.3f>", op, op / 7.0));
			break;
		case 11: {
			size_t n = test_rand(&seed) % 5000;

			memset(s1, 'a' + op % 26, sizeof(s1));
			for (size_t done = 0; done < n; done += 300) {
				size_t k2 = n - done < 300 ? n - done : 300;

				CHECK(ts_fwrite(s1, 1, k2, a) == fwrite(s1, 1, k2, b));
			}
			break;
		}
		case 12: {
			long off = (long)(test_rand(&seed) % 3000);
			int whence = test_rand(&seed) % 2 ? SEEK_SET : SEEK_END;

			if (whence == SEEK_END)
				off = -off;
			CHECK(ts_fseek(a, off, whence) == fseek(b, off, whence));
			writing = -1;
			break;
		}
		default:
			/* C allows a flush between output and input, not the other way. */
			CHECK(ts_fflush(a) == fflush(b));
			if (writing == 1)
				writing = -1;
			break;
		}
	}
	CHECK(ts_fclose(a) == 0 && fclose(b) == 0);
	CHECK(ours.len == theirs.len && memcmp(ours.data, theirs.data, ours.len) == 0);
}

static void test_buffering(void)
{
	static char buf[8];
	ts_FILE *fp;

	/* Line buffered: nothing reaches the file before the newline. */
	ours.len = ours.pos = 0;
	fp = ts_funopen(&ours, NULL, ts_write_fn, NULL, NULL);
	CHECK(ts_setvbuf(fp, NULL, _IOLBF, 0) == 0);
	CHECK(ts_fputs("ab", fp) == 0 && ours.len == 0);
	CHECK(ts_fputc('\n', fp) == '\n' && ours.len == 3);
	/* The putc macro's path: __swbuf. */
	CHECK(ts___swbuf('x', fp) == 'x' && ours.len == 3);
	CHECK(ts___swbuf('\n', fp) == '\n' && ours.len == 5);
	/* Unbuffered: every byte at once. */
	CHECK(ts_setvbuf(fp, NULL, _IONBF, 0) == 0);
	CHECK(ts_fputc('y', fp) == 'y' && ours.len == 6);
	/* Fully buffered in a caller's 8 bytes. */
	CHECK(ts_setvbuf(fp, buf, _IOFBF, sizeof(buf)) == 0);
	ours.writes = 0;
	CHECK(ts_fwrite("0123456", 1, 7, fp) == 7 && ours.len == 6);
	CHECK(ts_fwrite("789", 1, 3, fp) == 3 && ours.len == 14 && ours.writes == 1);
	CHECK(ts_fclose(fp) == 0 && ours.len == 16);
	CHECK(memcmp(ours.data, "ab\nx\ny0123456789", 16) == 0);
	CHECK(ts_setvbuf(NULL == fp ? NULL : ts___stderrp, NULL, 3, 0) == EOF && ts_errno == 22);
}

static void test_errors(void)
{
	ts_FILE *r, *w;
	char c;

	ours.pos = 0;
	memcpy(ours.data, "xyz", 3);
	ours.len = 3;
	ours.chunk = 1;
	r = ts_funopen(&ours, ts_read_fn, NULL, NULL, NULL);
	w = ts_funopen(&ours, NULL, ts_write_fn, NULL, NULL);
	ts_errno = 0;
	CHECK(ts_fputc('a', r) == EOF && ts_ferror(r) && ts_errno == 9);
	CHECK(ts_fread(&c, 1, 1, w) == 0 && ts_ferror(w));
	ts_clearerr(r);
	CHECK(!ts_ferror(r));
	/* Reading: __srget is where the getc macro goes; EOF is sticky. */
	CHECK(ts___srget(r) == 'x' && ts_fgetc(r) == 'y' && ts_fgetc(r) == 'z');
	CHECK(ts_fgetc(r) == EOF && ts_feof(r));
	ours.len = 4;
	ours.data[3] = 'w';
	CHECK(ts_fgetc(r) == EOF);
	ts_clearerr(r);
	CHECK(ts_fgetc(r) == 'w');
	/* Pushback of more than one byte. */
	CHECK(ts_ungetc('1', r) == '1' && ts_ungetc('2', r) == '2' && ts_ungetc('3', r) == '3');
	CHECK(ts_fgetc(r) == '3' && ts_fgetc(r) == '2' && ts_fgetc(r) == '1');
	ts_errno = 0;
	CHECK(ts_fseek(r, 0, SEEK_SET) == -1 && ts_errno == 29);
	CHECK(ts_funopen(NULL, NULL, NULL, NULL, NULL) == NULL && ts_errno == 22);
	CHECK(ts_fclose(r) == 0 && ts_fclose(w) == 0);
}

/*
 * The first fields of macOS's struct __sFILE and its getc/putc macros, as a
 * binary compiled against macOS's <stdio.h> uses them on libSystem's FILE.
 */
struct mac_file {
	unsigned char *_p;
	int _r;
	int _w;
	short _flags;
	short _file;
	struct {
		unsigned char *_base;
		int _size;
	} _bf;
	int _lbfsize;
};

#define mac_getc(fp) (--(fp)->_r < 0 ? ts___srget((ts_FILE *)(fp)) : (int)(*(fp)->_p++))

static int mac_putc(int c, struct mac_file *fp)
{
	if (--fp->_w >= 0 || (fp->_w >= fp->_lbfsize && (char)c != '\n'))
		return (*fp->_p++ = (unsigned char)c);
	return ts___swbuf(c, (ts_FILE *)fp);
}

static void test_macos_macros(void)
{
	static const char want[] = "ab\ncd\nline\n0123456789xyz";
	ts_FILE *fp;
	struct mac_file *m;

	ours.len = ours.pos = 0;
	ours.chunk = 1000;
	fp = ts_funopen(&ours, ts_read_fn, ts_write_fn, ts_seek_fn, NULL);
	m = (struct mac_file *)fp;
	/* Line buffered: the macro buffers until the newline. */
	CHECK(ts_setvbuf(fp, NULL, _IOLBF, 0) == 0);
	CHECK(mac_putc('a', m) == 'a' && mac_putc('b', m) == 'b' && ours.len == 0);
	CHECK(mac_putc('\n', m) == '\n' && ours.len == 3);
	CHECK(ts_fputs("c", fp) == 0 && mac_putc('d', m) == 'd' && ours.len == 3);
	CHECK(mac_putc('\n', m) == '\n' && ours.len == 6);
	/* Unbuffered: every byte goes through __swbuf at once. */
	CHECK(ts_setvbuf(fp, NULL, _IONBF, 0) == 0);
	for (const char *p = "line\n"; *p != '\0'; p++)
		CHECK(mac_putc(*p, m) == *p);
	CHECK(ours.len == 11);
	/* Fully buffered in 4 bytes: the macro fills, __swbuf flushes. */
	static char small[4];
	CHECK(ts_setvbuf(fp, small, _IOFBF, sizeof(small)) == 0);
	for (const char *p = "0123456789"; *p != '\0'; p++)
		CHECK(mac_putc(*p, m) == *p);
	CHECK(ts_fwrite("xyz", 1, 3, fp) == 3 && ts_fflush(fp) == 0);
	CHECK(ours.len == sizeof(want) - 1 && memcmp(ours.data, want, ours.len) == 0);
	/* Reading back with the getc macro, ungetc and fgetc mixed. */
	CHECK(ts_fseek(fp, 0, SEEK_SET) == 0);
	CHECK(mac_getc(m) == 'a' && ts_fgetc(fp) == 'b' && mac_getc(m) == '\n');
	CHECK(ts_ungetc('Q', fp) == 'Q' && mac_getc(m) == 'Q' && mac_getc(m) == 'c');
	for (size_t i = 4; i < sizeof(want) - 1; i++)
		CHECK(mac_getc(m) == want[i]);
	CHECK(mac_getc(m) == EOF && ts_feof(fp));
	CHECK(ts_fclose(fp) == 0);
}

/* SEEK_CUR counts from the stream's position, behind the read-ahead and after pending output. */
static void test_seek_cur(void)
{
	ts_FILE *fp;

	memcpy(ours.data, "0123456789", 10);
	ours.len = 10;
	ours.pos = 0;
	ours.chunk = 1000;
	fp = ts_funopen(&ours, ts_read_fn, ts_write_fn, ts_seek_fn, NULL);
	CHECK(ts_fgetc(fp) == '0');
	CHECK(ts_fseek(fp, 2, SEEK_CUR) == 0 && ts_ftell(fp) == 3 && ts_fgetc(fp) == '3');
	CHECK(ts_fseek(fp, 0, SEEK_CUR) == 0);
	CHECK(ts_fputs("ab", fp) == 0 && ts_ftell(fp) == 6);
	CHECK(ts_fseek(fp, -3, SEEK_CUR) == 0 && ts_ftell(fp) == 3);
	CHECK(ts_fgetc(fp) == '3' && ts_fgetc(fp) == 'a');
	ts_rewind(fp);
	CHECK(ts_ftell(fp) == 0);
	ts_errno = 0;
	CHECK(ts_fseek(fp, 0, 7) == -1 && ts_errno == 22);
	CHECK(ts_fclose(fp) == 0 && memcmp(ours.data, "0123ab6789", 10) == 0);
}

/* stdout and stderr on descriptors: exit writes out what stdout still buffers. */
static void test_std_streams(void)
{
	int fds[2], status;
	char buf[256];
	ssize_t n, total = 0;
	pid_t pid;

	CHECK(pipe(fds) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		test_malloc_setup();
		CHECK(ts_printf("out %d,", 1) == 6);
		ts_fputs("err,", ts___stderrp);
		ts_dprintf(1, "fd,");
		ts_puts("line");
		ts_errno = 2;
		ts_perror("open x");
		CHECK(ts_errno == 2);
		ts_errno = 35;
		ts_perror(NULL);
		ts_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + total, sizeof(buf) - 1 - (size_t)total)) > 0)
		total += n;
	buf[total] = '\0';
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* stderr is unbuffered; stdout on a pipe is fully buffered until exit. */
	if (strcmp(buf, "err,fd,open x: No such file or directory\n"
	                "Resource temporarily unavailable\nout 1,line\n") != 0) {
		fprintf(stderr, "got \"%s\"\n", buf);
		abort();
	}
	/* fdopen on a pipe. */
	CHECK(pipe(fds) == 0);
	ts_FILE *w = ts_fdopen(fds[1], "w"), *r = ts_fdopen(fds[0], "r");
	CHECK(w != NULL && r != NULL && ts_fileno(w) == fds[1]);
	CHECK(ts_fprintf(w, "%s %d\n", "piped", 99) == 9 && ts_fclose(w) == 0);
	char word[16];
	int v = 0;
	CHECK(ts_fscanf(r, "%15s %d", word, &v) == 2 && strcmp(word, "piped") == 0 && v == 99);
	CHECK(ts_fgetc(r) == '\n' && ts_fgetc(r) == EOF);
	CHECK(ts_fclose(r) == 0);
	CHECK(ts_fdopen(0, "q") == NULL);
	/* The name macOS binaries built with _DARWIN_C_SOURCE import. */
	CHECK(pipe(fds) == 0);
	w = ts_fdopen_extsn(fds[1], "w");
	CHECK(w != NULL && ts_fileno(w) == fds[1] && ts_fclose(w) == 0);
	close(fds[0]);
}

int main(void)
{
	test_malloc_setup();
	for (unsigned long long seed = 1; seed <= 200; seed++)
		differential(seed * 7919);
	test_buffering();
	test_errors();
	test_seek_cur();
	test_macos_macros();
	test_std_streams();
	printf("file_test: ok\n");
	return 0;
}
