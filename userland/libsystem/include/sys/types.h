/*
 * <sys/types.h> for Tessera's libSystem: the system data types with macOS
 * arm64's sizes (64-bit inodes, 32-bit dev_t, 16-bit mode_t and nlink_t).
 */
#ifndef _SYS_TYPES_H_
#define _SYS_TYPES_H_

#include <stddef.h>
#include <stdint.h>
#include <sys/_types/_off_t.h>
#include <sys/_types/_ssize_t.h>
#include <sys/_types/_time_t.h>

typedef int32_t blksize_t;
typedef int64_t blkcnt_t;
typedef int32_t dev_t;
typedef uint64_t ino_t;
typedef uint16_t mode_t;
typedef uint16_t nlink_t;
typedef uint32_t fsblkcnt_t;
typedef uint32_t fsfilcnt_t;
typedef int32_t id_t;
typedef char *caddr_t;
typedef int32_t suseconds_t;
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
#ifndef _PID_T
#define _PID_T
typedef int pid_t;
#endif
#ifndef _UID_T
#define _UID_T
typedef uint32_t uid_t;
#endif
#ifndef _GID_T
#define _GID_T
typedef uint32_t gid_t;
#endif
#ifndef _USECONDS_T
#define _USECONDS_T
typedef uint32_t useconds_t;
#endif

#endif
