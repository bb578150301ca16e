/*
 * Names in the file system (<unistd.h>, <sys/stat.h>, <stdio.h>'s rename):
 * XNU's numbers. bsdserver answers those it does not serve yet with ENOSYS.
 */
#include "sys/bsd_call.h"

BSD_CALL unlink, 10
BSD_CALL chdir, 12
BSD_CALL fchdir, 13
BSD_CALL chmod, 15
BSD_CALL access, 33
BSD_CALL fsync, 95
BSD_CALL fchmod, 124
BSD_CALL rename, 128
BSD_CALL mkdir, 136
BSD_CALL rmdir, 137
BSD_CALL truncate, 200
BSD_CALL ftruncate, 201
