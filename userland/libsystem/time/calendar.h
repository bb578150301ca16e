/*
 * Calendar facts shared by the time functions.
 */
#ifndef LIBSYSTEM_TIME_CALENDAR_H
#define LIBSYSTEM_TIME_CALENDAR_H

/* Whether the Gregorian year (e.g. 2024) has a February 29. */
int time_is_leap(long year);

#endif
