/*
 * dyld's own way into the kernel: it links nothing, so it carries the few
 * BSD calls and Mach traps it makes (sys.S). BSD calls by XNU's numbers
 * (served by bsdserver) return the result, or -errno when the kernel sets
 * the carry flag; Mach traps return a kern_return_t.
 */
#ifndef DYLD_SYS_H
#define DYLD_SYS_H

#include <stdint.h>

/* open(2) flags and the part of struct stat dyld reads (macOS arm64, 64-bit inode). */
#define DYLD_O_RDONLY 0
#define DYLD_S_IFMT   0170000u
#define DYLD_S_IFREG  0100000u

struct dyld_stat {
	uint32_t st_dev;
	uint16_t st_mode;
	uint16_t st_nlink;
	uint64_t st_ino;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t st_rdev;
	uint32_t pad;
	uint64_t st_times[8]; /* atime, mtime, ctime, birthtime as timespecs */
	int64_t st_size;
	int64_t st_blocks;
	uint32_t st_blksize;
	uint32_t st_flags;
	uint32_t st_gen;
	int32_t st_lspare;
	int64_t st_qspare[2];
};

_Static_assert(sizeof(struct dyld_stat) == 144, "struct stat is 144 bytes on macOS arm64");

/* BSD calls: SYS_exit 1, write 4, open 5, close 6, pread 153, issetugid 327, fstat64 339. */
void dyld_sys_exit(int status) __attribute__((noreturn));
long dyld_sys_write(int fd, const void *buf, uint64_t len);
long dyld_sys_open(const char *path, int flags, int mode);
long dyld_sys_close(int fd);
long dyld_sys_pread(int fd, void *buf, uint64_t len, uint64_t off);
long dyld_sys_fstat64(int fd, struct dyld_stat *st);
long dyld_sys_issetugid(void); /* 1 if the process is tainted by set-id, else 0 */

/* Mach traps (VM_FLAGS_ANYWHERE = 1; VM_PROT_* as MACHO_PROT_*). */
#define DYLD_VM_ANYWHERE 1
uint32_t dyld_task_self(void);
int dyld_vm_allocate(uint32_t task, uint64_t *addr, uint64_t size, int flags);
int dyld_vm_deallocate(uint32_t task, uint64_t addr, uint64_t size);
int dyld_vm_protect(uint32_t task, uint64_t addr, uint64_t size, int set_max, int prot);

/* thread_switch(thread, option, time): with zeros, a yield. */
int dyld_thread_switch(uint32_t thread, int option, uint32_t time);

/* The platform call that makes tsd the calling thread's TPIDRRO_EL0. */
void dyld_set_tsd_base(void *tsd);

#endif
