#include "bsdserver/tty/tty.h"

#include <string.h>

/* Input entries: a byte, TTY_END on a line's last byte, or TTY_EOF alone. */
#define TTY_END 0x100u
#define TTY_EOF 0x200u

#define CTRL(c) ((c)&0x1f)
#define DEL     0x7f
#define BELL    0x07

void tty_init(struct tty *tp)
{
	static const uint8_t cc[NCCS] = {
	    [VEOF] = CTRL('D'),
	    [VEOL] = _POSIX_VDISABLE,
	    [VEOL2] = _POSIX_VDISABLE,
	    [VERASE] = DEL,
	    [VWERASE] = CTRL('W'),
	    [VKILL] = CTRL('U'),
	    [VREPRINT] = CTRL('R'),
	    [7] = _POSIX_VDISABLE,
	    [VINTR] = CTRL('C'),
	    [VQUIT] = CTRL('\\'),
	    [VSUSP] = CTRL('Z'),
	    [VDSUSP] = CTRL('Y'),
	    [VSTART] = CTRL('Q'),
	    [VSTOP] = CTRL('S'),
	    [VLNEXT] = CTRL('V'),
	    [VDISCARD] = CTRL('O'),
	    [VMIN] = 1,
	    [VTIME] = 0,
	    [VSTATUS] = CTRL('T'),
	    [19] = _POSIX_VDISABLE,
	};

	memset(tp, 0, sizeof(*tp));
	tp->termios.c_iflag = BRKINT | ICRNL | IMAXBEL | IXON | IXANY;
	tp->termios.c_oflag = OPOST | ONLCR;
	tp->termios.c_cflag = CREAD | CS8 | HUPCL;
	tp->termios.c_lflag =
	    ECHOKE | ECHOE | ECHOK | ECHO | ECHOCTL | ISIG | ICANON | IEXTEN | PENDIN;
	memcpy(tp->termios.c_cc, cc, sizeof(cc));
	tp->termios.c_ispeed = tp->termios.c_ospeed = 115200;
	tp->winsize.ws_row = 24;
	tp->winsize.ws_col = 80;
}

/* Whether c is the character in slot `which` (a disabled slot matches nothing). */
static bool is_cc(const struct tty *tp, unsigned which, uint8_t c)
{
	uint8_t v = tp->termios.c_cc[which];

	return v != _POSIX_VDISABLE && v == c;
}

/* Appends one byte of output after OPOST processing; false when it does not fit. */
static bool put_output(struct tty *tp, uint8_t c)
{
	bool post = tp->termios.c_oflag & OPOST;

	if (post && c == '\n' && (tp->termios.c_oflag & ONLCR)) {
		if (tp->output_len + 2 > TTY_OUTPUT_MAX)
			return false;
		tp->output[tp->output_len++] = '\r';
	} else if (post && c == '\r' && (tp->termios.c_oflag & OCRNL)) {
		c = '\n';
	}
	if (tp->output_len == TTY_OUTPUT_MAX)
		return false;
	tp->output[tp->output_len++] = c;
	return true;
}

static void put_string(struct tty *tp, const char *s)
{
	while (*s != '\0')
		put_output(tp, (uint8_t)*s++);
}

/* Control characters that ECHOCTL shows as ^X (two columns). */
static bool shown_as_control(const struct tty *tp, uint8_t c)
{
	return (tp->termios.c_lflag & ECHOCTL) && (c < 0x20 || c == DEL) && c != '\t' && c != '\n';
}

static void echo(struct tty *tp, uint8_t c)
{
	if (shown_as_control(tp, c)) {
		put_output(tp, '^');
		put_output(tp, c == DEL ? '?' : (uint8_t)(c + '@'));
	} else {
		put_output(tp, c);
	}
}

/* Takes the last character of the line off the screen and out of the line. */
static void rub_out(struct tty *tp)
{
	uint8_t c = tp->line[--tp->line_len];

	if (!(tp->termios.c_lflag & ECHO))
		return;
	for (int i = shown_as_control(tp, c) ? 2 : 1; i > 0; i--)
		put_string(tp, "\b \b");
}

static size_t input_room(const struct tty *tp)
{
	return TTY_INPUT_MAX - tp->input_len;
}

static void push_entry(struct tty *tp, uint16_t entry)
{
	tp->input[(tp->input_head + tp->input_len) % TTY_INPUT_MAX] = entry;
	tp->input_len++;
	if (entry & (TTY_END | TTY_EOF))
		tp->input_lines++;
}

/* Makes the edited line readable, its last byte marked (or an EOF mark for an empty line). */
static void push_line(struct tty *tp, bool end_of_file)
{
	if (input_room(tp) < (tp->line_len > 0 ? tp->line_len : 1)) {
		/* No room for the whole line: it is lost, as a full queue loses input. */
		if (tp->termios.c_iflag & IMAXBEL)
			put_output(tp, BELL);
		tp->line_len = 0;
		return;
	}
	for (size_t i = 0; i < tp->line_len; i++)
		push_entry(tp, (uint16_t)(tp->line[i] | (i + 1 == tp->line_len ? TTY_END : 0)));
	if (tp->line_len == 0 && end_of_file)
		push_entry(tp, TTY_EOF);
	tp->line_len = 0;
}

static void canonical_input(struct tty *tp, uint8_t c)
{
	uint64_t lflag = tp->termios.c_lflag;

	if (is_cc(tp, VERASE, c) || c == DEL || c == '\b') {
		if (tp->line_len > 0 && (lflag & ECHOE)) {
			rub_out(tp);
		} else if (tp->line_len > 0) {
			/* Without ECHOE the erase character itself is echoed. */
			tp->line_len--;
			if (lflag & ECHO)
				echo(tp, c);
		}
	} else if ((lflag & IEXTEN) && is_cc(tp, VWERASE, c)) {
		while (tp->line_len > 0 &&
		       (tp->line[tp->line_len - 1] == ' ' || tp->line[tp->line_len - 1] == '\t'))
			rub_out(tp);
		while (tp->line_len > 0 && tp->line[tp->line_len - 1] != ' ' &&
		       tp->line[tp->line_len - 1] != '\t')
			rub_out(tp);
	} else if (is_cc(tp, VKILL, c)) {
		if ((lflag & ECHO) && (lflag & ECHOKE)) {
			while (tp->line_len > 0)
				rub_out(tp);
		} else {
			tp->line_len = 0;
			if ((lflag & ECHO) && (lflag & ECHOK)) {
				echo(tp, c);
				put_output(tp, '\n');
			}
		}
	} else if (is_cc(tp, VEOF, c)) {
		push_line(tp, true);
	} else if (c == '\n' || is_cc(tp, VEOL, c) || is_cc(tp, VEOL2, c)) {
		if ((lflag & ECHO) || (c == '\n' && (lflag & ECHONL)))
			echo(tp, c);
		if (tp->line_len == TTY_LINE_MAX)
			tp->line_len--; /* the line end always goes in */
		tp->line[tp->line_len++] = c;
		push_line(tp, false);
	} else if (tp->line_len + 1 < TTY_LINE_MAX) {
		/* The last slot is kept for the line's end. */
		tp->line[tp->line_len++] = c;
		if (lflag & ECHO)
			echo(tp, c);
	} else if (tp->termios.c_iflag & IMAXBEL) {
		put_output(tp, BELL);
	}
}

void tty_input(struct tty *tp, const uint8_t *bytes, size_t n)
{
	uint64_t iflag = tp->termios.c_iflag;

	for (size_t i = 0; i < n; i++) {
		uint8_t c = bytes[i];
		if (iflag & ISTRIP)
			c &= 0x7f;
		if (c == '\r') {
			if (iflag & IGNCR)
				continue;
			if (iflag & ICRNL)
				c = '\n';
		} else if (c == '\n' && (iflag & INLCR)) {
			c = '\r';
		}
		if (tp->termios.c_lflag & ICANON) {
			canonical_input(tp, c);
		} else if (input_room(tp) > 0) {
			push_entry(tp, c);
			if (tp->termios.c_lflag & ECHO)
				echo(tp, c);
		} else if (iflag & IMAXBEL) {
			put_output(tp, BELL);
		}
	}
}

size_t tty_readable(const struct tty *tp)
{
	size_t n = 0, upto = tp->input_len;

	if (tp->termios.c_lflag & ICANON) {
		/* Only up to the last complete line's end. */
		upto = 0;
		for (size_t i = 0; i < tp->input_len; i++)
			if (tp->input[(tp->input_head + i) % TTY_INPUT_MAX] & (TTY_END | TTY_EOF))
				upto = i + 1;
	}
	for (size_t i = 0; i < upto; i++)
		if (!(tp->input[(tp->input_head + i) % TTY_INPUT_MAX] & TTY_EOF))
			n++;
	return n;
}

enum tty_wait tty_read_wait(const struct tty *tp, size_t want, unsigned *deciseconds)
{
	unsigned vmin = tp->termios.c_cc[VMIN], vtime = tp->termios.c_cc[VTIME];

	if (tp->termios.c_lflag & ICANON)
		return tp->input_lines > 0 ? TTY_READ_NOW : TTY_READ_WAIT;
	size_t have = tp->input_len, need = vmin < want ? vmin : want;
	if (have >= need && (need > 0 || vtime == 0 || have > 0))
		return TTY_READ_NOW;
	if (vtime == 0)
		return TTY_READ_WAIT;
	if (vmin > 0 && have == 0)
		return TTY_READ_WAIT; /* the timer runs from the first byte on */
	*deciseconds = vtime;
	return TTY_READ_TIMED;
}

static uint16_t take_entry(struct tty *tp)
{
	uint16_t entry = tp->input[tp->input_head];

	tp->input_head = (tp->input_head + 1) % TTY_INPUT_MAX;
	tp->input_len--;
	if (entry & (TTY_END | TTY_EOF))
		tp->input_lines--;
	return entry;
}

size_t tty_read(struct tty *tp, uint8_t *buf, size_t n)
{
	bool canonical = tp->termios.c_lflag & ICANON;
	size_t got = 0;

	while (got < n && tp->input_len > 0) {
		if (canonical && tp->input_lines == 0)
			break; /* a line still being completed (left from non-canonical mode) */
		uint16_t entry = tp->input[tp->input_head];
		if (entry & TTY_EOF) {
			/* End of file ends the read; at the start of one it is the answer itself.
			 */
			if (got == 0 || canonical)
				take_entry(tp);
			break;
		}
		take_entry(tp);
		buf[got++] = (uint8_t)entry;
		if (canonical && (entry & TTY_END))
			break;
	}
	return got;
}

size_t tty_write(struct tty *tp, const uint8_t *buf, size_t n)
{
	size_t i;

	/* Two bytes of room, so a newline under ONLCR is never split. */
	for (i = 0; i < n && tp->output_len + 2 <= TTY_OUTPUT_MAX; i++)
		put_output(tp, buf[i]);
	return i;
}

size_t tty_output_take(struct tty *tp, uint8_t *buf, size_t cap)
{
	size_t n = tp->output_len < cap ? tp->output_len : cap;

	memcpy(buf, tp->output, n);
	memmove(tp->output, tp->output + n, tp->output_len - n);
	tp->output_len -= n;
	return n;
}

void tty_set_termios(struct tty *tp, const struct bsd_termios *t, bool flush)
{
	bool was_canonical = tp->termios.c_lflag & ICANON;

	tp->termios = *t;
	if (flush) {
		tp->input_head = tp->input_len = tp->input_lines = 0;
		tp->line_len = 0;
	}
	if (was_canonical && !(t->c_lflag & ICANON)) {
		for (size_t i = 0; i < tp->line_len && input_room(tp) > 0; i++)
			push_entry(tp, tp->line[i]);
		tp->line_len = 0;
	} else if (!was_canonical && (t->c_lflag & ICANON) && tp->input_len > 0) {
		/* Bytes typed in raw mode stay readable as one line. */
		size_t last = (tp->input_head + tp->input_len - 1) % TTY_INPUT_MAX;
		if (!(tp->input[last] & (TTY_END | TTY_EOF))) {
			tp->input[last] |= TTY_END;
			tp->input_lines++;
		}
	}
}
