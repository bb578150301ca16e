/*
 * The tty line discipline: what happens to bytes between a terminal device
 * and the processes reading and writing it, as macOS's termios describes it.
 *
 * Input (tty_input): ISTRIP, IGNCR, ICRNL and INLCR; in canonical mode
 * (ICANON) a line is edited — ERASE (VERASE, and always DEL and ^H), word
 * erase (VWERASE, with IEXTEN), KILL (VKILL) — and becomes readable at a
 * newline, VEOL, VEOL2 or VEOF (which is not part of the line; on an empty
 * line it makes a read return 0). Non-canonical input is readable at once,
 * and reads follow VMIN and VTIME (tty_read_wait). ECHO, ECHOE, ECHOK,
 * ECHOKE, ECHONL and ECHOCTL decide the echo. Signal characters (ISIG) are
 * ordinary input until bsdserver has signals. Output (tty_write, and echo)
 * goes through OPOST with ONLCR and OCRNL.
 *
 * Pure: no Mach calls, no allocation, no clock (the caller times VTIME). One
 * struct tty per terminal, used by one thread. Nothing blocks: input that
 * does not fit is dropped (with a bell under IMAXBEL), and the caller drains
 * the output with tty_output_take before writing more.
 */
#ifndef BSDSERVER_TTY_TTY_H
#define BSDSERVER_TTY_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bsdserver/tty/termios.h"

#define TTY_LINE_MAX   1024 /* MAX_CANON: longest line being edited */
#define TTY_INPUT_MAX  2048 /* readable bytes and end marks */
#define TTY_OUTPUT_MAX 4096 /* processed output and echo waiting for the device */

struct tty {
	struct bsd_termios termios;
	struct bsd_winsize winsize;
	uint8_t line[TTY_LINE_MAX]; /* the canonical line being edited */
	size_t line_len;
	/* Readable input, a ring of entries: a byte, maybe marked as a line's last, or an EOF mark.
	 */
	uint16_t input[TTY_INPUT_MAX];
	size_t input_head, input_len;
	size_t input_lines; /* line ends and EOF marks in input */
	uint8_t output[TTY_OUTPUT_MAX];
	size_t output_len;
};

/* A terminal with macOS's default settings (ttydefaults: canonical, echo, ICRNL, ONLCR), 24x80. */
void tty_init(struct tty *tp);

/* Takes bytes from the device; their echo is added to the output. */
void tty_input(struct tty *tp, const uint8_t *bytes, size_t n);

enum tty_wait {
	TTY_READ_NOW,   /* tty_read answers now (perhaps with 0 bytes: end of file, or a timeout) */
	TTY_READ_WAIT,  /* wait for input */
	TTY_READ_TIMED, /* wait for input, or *deciseconds, whichever comes first; then read */
};

/* Whether a read of `want` bytes (> 0) can be answered now, under the current mode. */
enum tty_wait tty_read_wait(const struct tty *tp, size_t want, unsigned *deciseconds);

/*
 * Takes up to n readable bytes into buf and returns their count: in
 * canonical mode at most one line (an EOF mark ends the read and is used
 * up), else whatever is there.
 */
size_t tty_read(struct tty *tp, uint8_t *buf, size_t n);

/* Bytes a read could take now (canonical mode: those of complete lines). */
size_t tty_readable(const struct tty *tp);

/*
 * Processes up to n bytes of a process's output into the output buffer.
 * Returns how many were taken: fewer when the buffer filled.
 */
size_t tty_write(struct tty *tp, const uint8_t *buf, size_t n);

/* Moves up to cap bytes of pending output into buf, for the device; returns their count. */
size_t tty_output_take(struct tty *tp, uint8_t *buf, size_t cap);

/*
 * New settings. With flush, pending input is discarded (TIOCSETAF). Leaving
 * canonical mode makes the line being edited readable.
 */
void tty_set_termios(struct tty *tp, const struct bsd_termios *t, bool flush);

#endif
