/*
 * bsdserver's tty line discipline (bsdserver/tty/tty.h): canonical editing
 * (erase, word erase, kill, EOF), echo and its flags, ICRNL/IGNCR/INLCR,
 * ONLCR on output and echo, non-canonical reads under VMIN/VTIME, a full
 * input queue, and mode changes with and without flushing.
 */
#include <string.h>

#include "bsdserver/tty/tty.h"
#include "host/check.h"

static struct tty tty;

static void type(const char *s)
{
	tty_input(&tty, (const uint8_t *)s, strlen(s));
}

/* The pending output (echo and writes) must be exactly `expected`; it is used up. */
static void output_is(const char *expected)
{
	uint8_t buf[TTY_OUTPUT_MAX + 1];
	size_t n = tty_output_take(&tty, buf, sizeof(buf));

	buf[n] = '\0';
	CHECK(n == strlen(expected));
	CHECK(memcmp(buf, expected, n) == 0);
}

/* A read of up to `room` bytes must be answerable now and give exactly `expected`. */
static void read_is(size_t room, const char *expected)
{
	uint8_t buf[TTY_INPUT_MAX + 1];
	unsigned ds = 0;

	CHECK(tty_read_wait(&tty, room, &ds) == TTY_READ_NOW);
	size_t n = tty_read(&tty, buf, room);
	CHECK(n == strlen(expected));
	CHECK(memcmp(buf, expected, n) == 0);
}

static void must_wait(void)
{
	unsigned ds = 0;

	CHECK(tty_read_wait(&tty, 100, &ds) == TTY_READ_WAIT);
}

static void canonical(void)
{
	tty_init(&tty);
	CHECK(tty.termios.c_lflag & ICANON);
	CHECK(tty.winsize.ws_row == 24 && tty.winsize.ws_col == 80);

	/* Nothing is readable until the line ends; CR becomes NL (ICRNL), echoed as CR NL. */
	type("hello");
	must_wait();
	CHECK(tty_readable(&tty) == 0);
	output_is("hello");
	type("\r");
	output_is("\r\n");
	CHECK(tty_readable(&tty) == 6);
	read_is(100, "hello\n");
	must_wait();

	/* A short read leaves the rest of the line; a read never crosses a line's end. */
	type("ab\ncd\n");
	output_is("ab\r\ncd\r\n");
	read_is(1, "a");
	read_is(100, "b\n");
	read_is(100, "cd\n");

	/* ERASE: DEL, ^H and VERASE rub out, echoed as "\b \b" (ECHOE). */
	type("abc\x7f\x08x\n");
	output_is("abc\b \b\b \bx\r\n");
	read_is(100, "ax\n");
	/* Erasing an empty line does nothing. */
	type("\x7f\x7fz\n");
	output_is("z\r\n");
	read_is(100, "z\n");

	/* A control character echoes as ^X (ECHOCTL) and takes two columns to rub out. */
	type("a\x01\x7f\n");
	output_is("a^A\b \b\b \b\r\n");
	read_is(100, "a\n");

	/* KILL (^U) with ECHOKE rubs the line out; word erase (^W) takes one word. */
	type("junk\x15ok\n");
	output_is("junk\b \b\b \b\b \b\b \bok\r\n");
	read_is(100, "ok\n");
	type("one two  \x17three\n");
	read_is(100, "one three\n");
	output_is("one two  \b \b\b \b\b \b\b \b\b \bthree\r\n");

	/* EOF (^D): ends a non-empty line without itself; on an empty line a read gets 0. */
	type("abc\x04");
	read_is(100, "abc");
	type("\x04");
	read_is(100, "");
	must_wait();
	type("\x04\x04");
	read_is(100, "");
	read_is(100, "");
	output_is("abc");
}

static void echo_flags(void)
{
	struct bsd_termios t;

	tty_init(&tty);
	t = tty.termios;
	/* No ECHO: silent, but ECHONL still echoes newlines. */
	t.c_lflag &= ~(uint64_t)ECHO;
	t.c_lflag |= ECHONL;
	tty_set_termios(&tty, &t, false);
	type("secret\n");
	output_is("\r\n");
	read_is(100, "secret\n");

	/* ECHO without ECHOE or ECHOKE: erase echoes the character, kill echoes it and NL. */
	t.c_lflag = ECHO | ECHOK | ICANON;
	tty_set_termios(&tty, &t, false);
	type("ab\x7f");
	output_is("ab\x7f");
	type("\x15");
	output_is("\x15\r\n");
	type("c\n");
	output_is("c\r\n");
	read_is(100, "c\n");

	/* No OPOST: output is passed through; IGNCR drops CR, INLCR turns NL into CR. */
	t.c_oflag = 0;
	t.c_iflag = IGNCR;
	tty_set_termios(&tty, &t, false);
	type("x\ry\n");
	output_is("xy\n");
	read_is(100, "xy\n");
	t.c_iflag = INLCR;
	t.c_lflag = ECHO; /* raw, so the CR is data */
	tty_set_termios(&tty, &t, false);
	type("\n");
	read_is(100, "\r");
	output_is("\r");
}

static void output(void)
{
	uint8_t big[TTY_OUTPUT_MAX];

	tty_init(&tty);
	CHECK(tty_write(&tty, (const uint8_t *)"a\nb", 3) == 3);
	output_is("a\r\nb");
	/* A full buffer takes what fits, never half of a CR NL. */
	memset(big, '\n', sizeof(big));
	size_t n = tty_write(&tty, big, sizeof(big));
	CHECK(n == TTY_OUTPUT_MAX / 2);
	CHECK(tty.output_len == TTY_OUTPUT_MAX);
	CHECK(tty_write(&tty, big, 1) == 0);
	uint8_t out[8];
	CHECK(tty_output_take(&tty, out, sizeof(out)) == 8);
	CHECK(memcmp(out, "\r\n\r\n\r\n\r\n", 8) == 0);
	CHECK(tty.output_len == TTY_OUTPUT_MAX - 8);
}

static void raw_mode(void)
{
	struct bsd_termios t;
	unsigned ds = 0;

	tty_init(&tty);
	type("par");
	t = tty.termios;
	t.c_lflag &= ~(uint64_t)(ICANON | ECHO);
	/* Leaving canonical mode makes the partial line readable. */
	tty_set_termios(&tty, &t, false);
	read_is(2, "pa");
	read_is(100, "r");

	/* VMIN 1, VTIME 0: wait for one byte; a DEL is data. */
	must_wait();
	type("\x7f\x04q");
	read_is(100, "\x7f\x04q");

	/* VMIN 3: wait for three bytes (or fewer if the read asks for fewer). */
	t.c_cc[VMIN] = 3;
	tty_set_termios(&tty, &t, false);
	type("ab");
	CHECK(tty_read_wait(&tty, 100, &ds) == TTY_READ_WAIT);
	CHECK(tty_read_wait(&tty, 2, &ds) == TTY_READ_NOW);
	type("c");
	read_is(100, "abc");

	/* VMIN 0, VTIME 0: a poll. */
	t.c_cc[VMIN] = 0;
	tty_set_termios(&tty, &t, false);
	read_is(100, "");

	/* VMIN 0, VTIME 5: wait up to half a second for any byte. */
	t.c_cc[VTIME] = 5;
	tty_set_termios(&tty, &t, false);
	CHECK(tty_read_wait(&tty, 100, &ds) == TTY_READ_TIMED && ds == 5);
	type("z");
	read_is(100, "z");

	/* VMIN 2, VTIME 5: no timer before the first byte, then the timer. */
	t.c_cc[VMIN] = 2;
	tty_set_termios(&tty, &t, false);
	must_wait();
	type("1");
	ds = 0;
	CHECK(tty_read_wait(&tty, 100, &ds) == TTY_READ_TIMED && ds == 5);
	read_is(1, "1");

	/* Back to canonical: raw bytes typed meanwhile stay readable as a line. */
	type("xy");
	t.c_lflag |= ICANON;
	tty_set_termios(&tty, &t, false);
	read_is(100, "xy");
	must_wait();
}

static void full_queue(void)
{
	char line[TTY_LINE_MAX + 10];
	struct bsd_termios t;

	tty_init(&tty);
	t = tty.termios;
	t.c_lflag &= ~(uint64_t)ECHO;
	tty_set_termios(&tty, &t, false);
	/* An overlong line keeps TTY_LINE_MAX - 1 bytes and its end; the rest rings the bell. */
	memset(line, 'x', sizeof(line));
	tty_input(&tty, (const uint8_t *)line, sizeof(line));
	CHECK(tty.line_len == TTY_LINE_MAX - 1);
	type("\n");
	CHECK(tty_readable(&tty) == TTY_LINE_MAX);
	tty_output_take(&tty, (uint8_t[TTY_OUTPUT_MAX]){0}, TTY_OUTPUT_MAX);
	/* A second one fits; a third does not and is lost, with a bell. */
	tty_input(&tty, (const uint8_t *)line, TTY_LINE_MAX - 1);
	type("\n");
	CHECK(tty_readable(&tty) == 2 * TTY_LINE_MAX);
	tty_output_take(&tty, (uint8_t[TTY_OUTPUT_MAX]){0}, TTY_OUTPUT_MAX);
	type("lost\n");
	output_is("\a");
	CHECK(tty_readable(&tty) == 2 * TTY_LINE_MAX);

	/* TIOCSETAF: a flush discards everything typed. */
	tty_set_termios(&tty, &t, true);
	CHECK(tty_readable(&tty) == 0);
	must_wait();
}

int main(void)
{
	CHECK(sizeof(struct bsd_termios) == 72);
	CHECK(TIOCGETA == 0x40487413u && TIOCSETA == 0x80487414u && TIOCSETAW == 0x80487415u &&
	      TIOCSETAF == 0x80487416u && TIOCGWINSZ == 0x40087468u && TIOCSWINSZ == 0x80087467u);
	canonical();
	echo_flags();
	output();
	raw_mode();
	full_queue();
	puts("tty_test: ok");
	return 0;
}
