/*
 * strftime and asctime in the C locale. %E and %O modifiers are accepted and
 * ignored, as the C locale has no alternative forms. A result that does not
 * fit (with its NUL) makes strftime return 0.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "time/calendar.h"

static const char *const day_names[7] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

struct out {
	char *s;
	size_t max, len; /* len may pass max: then the result does not fit */
};

static void put(struct out *o, const char *text, size_t n)
{
	for (size_t i = 0; i < n; i++, o->len++) {
		if (o->len < o->max)
			o->s[o->len] = text[i];
	}
}

static void put_str(struct out *o, const char *text)
{
	put(o, text, strlen(text));
}

/* v in at least `width` digits, padded with pad ('0' or ' '). */
static void put_num(struct out *o, long v, int width, char pad)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), pad == '0' ? "%0*ld" : "%*ld", width, v);

	put(o, buf, (size_t)n);
}

/*
 * The century (top) and/or the last two digits (yy) of a year, the BSD way:
 * both truncate toward zero, so year -6939 is century "-69" and yy "39".
 */
static void put_year_parts(struct out *o, long year, int top, int yy)
{
	long lead = year / 100, trail = year % 100;

	if (top) {
		if (lead == 0 && trail < 0)
			put(o, "-0", 2);
		else
			put_num(o, lead, 2, '0');
	}
	if (yy)
		put_num(o, trail < 0 ? -trail : trail, 2, '0');
}

static const char *name_or_q(const char *const *names, int i, int count)
{
	return i >= 0 && i < count ? names[i] : "?";
}

/* Whether a year has 53 ISO weeks, given its December 31 (Monday = 0). */
static int iso_long_year(long y, int dec31)
{
	return dec31 == 3 || (dec31 == 4 && time_is_leap(y));
}

/* The ISO 8601 week-based year and week of tm (weeks start on Monday; week 1 holds January 4). */
static void iso_week(const struct tm *tm, long *year, int *week)
{
	long y = (long)tm->tm_year + 1900;
	int wday = (tm->tm_wday + 6) % 7; /* Monday = 0 */
	int w = (tm->tm_yday - wday + 10) / 7;

	if (w < 1) {
		/* The last week of the previous year. */
		int dec31 = (wday - tm->tm_yday - 1 + 7 * 60) % 7;

		y--;
		w = iso_long_year(y, dec31) ? 53 : 52;
	} else if (w == 53) {
		int days = time_is_leap(y) ? 366 : 365;
		int dec31 = (wday + days - 1 - tm->tm_yday) % 7;

		if (!iso_long_year(y, dec31)) {
			w = 1;
			y++;
		}
	}
	*year = y;
	*week = w;
}

static void format(struct out *o, const char *fmt, const struct tm *tm)
{
	for (; *fmt != '\0'; fmt++) {
		long year;
		int week;

		if (*fmt != '%') {
			put(o, fmt, 1);
			continue;
		}
		fmt++;
		if (*fmt == 'E' || *fmt == 'O')
			fmt++;
		switch (*fmt) {
		case 'a': put(o, name_or_q(day_names, tm->tm_wday, 7), 3); break;
		case 'A': put_str(o, name_or_q(day_names, tm->tm_wday, 7)); break;
		case 'b':
		case 'h': put(o, name_or_q(month_names, tm->tm_mon, 12), 3); break;
		case 'B': put_str(o, name_or_q(month_names, tm->tm_mon, 12)); break;
		case 'c': format(o, "%a %b %e %H:%M:%S %Y", tm); break;
		case 'C': put_year_parts(o, (long)tm->tm_year + 1900, 1, 0); break;
		case 'd': put_num(o, tm->tm_mday, 2, '0'); break;
		case 'D': format(o, "%m/%d/%y", tm); break;
		case 'e': put_num(o, tm->tm_mday, 2, ' '); break;
		case 'F': format(o, "%Y-%m-%d", tm); break;
		case 'g':
			iso_week(tm, &year, &week);
			put_year_parts(o, year, 0, 1);
			break;
		case 'G':
			iso_week(tm, &year, &week);
			put_num(o, year, 1, '0');
			break;
		case 'H': put_num(o, tm->tm_hour, 2, '0'); break;
		case 'I': put_num(o, tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12, 2, '0'); break;
		case 'j': put_num(o, tm->tm_yday + 1, 3, '0'); break;
		case 'k': put_num(o, tm->tm_hour, 2, ' '); break;
		case 'l': put_num(o, tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12, 2, ' '); break;
		case 'm': put_num(o, tm->tm_mon + 1, 2, '0'); break;
		case 'M': put_num(o, tm->tm_min, 2, '0'); break;
		case 'n': put(o, "\n", 1); break;
		case 'p': put_str(o, tm->tm_hour < 12 ? "AM" : "PM"); break;
		case 'r': format(o, "%I:%M:%S %p", tm); break;
		case 'R': format(o, "%H:%M", tm); break;
		case 'S': put_num(o, tm->tm_sec, 2, '0'); break;
		case 't': put(o, "\t", 1); break;
		case 'T': format(o, "%H:%M:%S", tm); break;
		case 'u': put_num(o, tm->tm_wday == 0 ? 7 : tm->tm_wday, 1, '0'); break;
		case 'U': put_num(o, (tm->tm_yday + 7 - tm->tm_wday) / 7, 2, '0'); break;
		case 'V':
			iso_week(tm, &year, &week);
			put_num(o, week, 2, '0');
			break;
		case 'w': put_num(o, tm->tm_wday, 1, '0'); break;
		case 'W': put_num(o, (tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, '0'); break;
		case 'x': format(o, "%m/%d/%y", tm); break;
		case 'X': format(o, "%H:%M:%S", tm); break;
		case 'y': put_year_parts(o, (long)tm->tm_year + 1900, 0, 1); break;
		case 'Y': put_num(o, (long)tm->tm_year + 1900, 1, '0'); break;
		case 'z': {
			long off = tm->tm_gmtoff, a = off < 0 ? -off : off;

			put(o, off < 0 ? "-" : "+", 1);
			put_num(o, a / 3600 * 100 + a / 60 % 60, 4, '0');
			break;
		}
		case 'Z': put_str(o, tm->tm_zone != NULL ? tm->tm_zone : ""); break;
		case '%': put(o, "%", 1); break;
		case '\0': return;
		default:
			/* Unknown: printed as it stands. */
			put(o, fmt - 1, 2);
			break;
		}
	}
}

size_t strftime(char *restrict s, size_t maxsize, const char *restrict format_str,
                const struct tm *restrict tm)
{
	struct out o = {s, maxsize, 0};

	format(&o, format_str, tm);
	if (o.len >= maxsize)
		return 0;
	s[o.len] = '\0';
	return o.len;
}

/* "Sun Sep 16 01:03:52 1973\n"; NULL (EOVERFLOW) when the year needs more than four digits. */
char *asctime_r(const struct tm *restrict tm, char *restrict buf)
{
	int n =
	    snprintf(buf, 26, "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n",
	             name_or_q(day_names, tm->tm_wday, 7), name_or_q(month_names, tm->tm_mon, 12),
	             tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_year + 1900);

	if (n < 0 || n >= 26)
		return NULL;
	return buf;
}

char *asctime(const struct tm *tm)
{
	static char buf[26];

	return asctime_r(tm, buf);
}
