/*
 * getentropy (<sys/random.h>): XNU's number 500. bsdserver refuses more
 * than 256 bytes with EINVAL.
 */
#include "sys/bsd_call.h"

BSD_CALL getentropy, 500
