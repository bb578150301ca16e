/*
 * The time of day (<sys/time.h>): XNU's numbers. gettimeofday's stub takes
 * XNU's three arguments (timeval, timezone, a mach_absolute_time to fill or
 * NULL); bsdserver writes the results through the pointers and returns 0.
 */
#include "sys/bsd_call.h"

BSD_CALL sys_gettimeofday, 116
BSD_CALL settimeofday, 122
