/*
 * Descriptor I/O (<unistd.h>, <sys/uio.h>): XNU's numbers. open, fcntl and
 * ioctl take a variadic last argument, which arm64 Darwin passes on the
 * stack; their C wrappers (variadic.c) read it and call the sys_ stubs here
 * with every argument in a register, as the kernel wants them.
 */
#include "sys/bsd_call.h"

BSD_CALL read, 3
BSD_CALL write, 4
BSD_CALL sys_open, 5
BSD_CALL close, 6
BSD_CALL dup, 41
BSD_CALL sys_ioctl, 54
BSD_CALL dup2, 90
BSD_CALL sys_fcntl, 92
BSD_CALL readv, 120
BSD_CALL writev, 121
BSD_CALL pread, 153
BSD_CALL pwrite, 154
BSD_CALL lseek, 199
