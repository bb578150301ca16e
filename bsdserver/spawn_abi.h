/*
 * posix_spawn between libSystem and bsdserver: XNU's syscall 244,
 * __posix_spawn(pid_t *pid, const char *path,
 *               const struct spawn_args_desc *adesc, char **argv, char **envp),
 * and the blocks adesc points to. The descriptor and the file actions have
 * XNU's arm64 layouts (bsd/sys/spawn_internal.h, macOS 11); the attributes
 * block is the leading fields of XNU's _posix_spawnattr, the rest of which
 * (jetsam, QoS, CPU monitors, ...) Tessera does not have. Both blocks are
 * opaque to programs (<spawn.h> hands out pointers), so only libSystem and
 * bsdserver see these layouts; bsdserver refuses an attributes block of
 * any other size (EINVAL), as XNU does.
 */
#ifndef BSDSERVER_SPAWN_ABI_H
#define BSDSERVER_SPAWN_ABI_H

#include <stdint.h>

#define SPAWN_SYSCALL  244
#define SPAWN_PATH_MAX 1024 /* XNU's PATH_MAX: the open action's path, NUL included */

/* posix_spawnattr flags (<spawn.h>). */
#define SPAWN_RESETIDS        0x0001
#define SPAWN_SETPGROUP       0x0002
#define SPAWN_SETSIGDEF       0x0004
#define SPAWN_SETSIGMASK      0x0008
#define SPAWN_SETEXEC         0x0040
#define SPAWN_START_SUSPENDED 0x0080
#define SPAWN_SETSID          0x0400
#define SPAWN_CLOEXEC_DEFAULT 0x4000

/* File action types (psfa_t). */
enum spawn_action_type {
	SPAWN_ACTION_OPEN = 0,
	SPAWN_ACTION_CLOSE = 1,
	SPAWN_ACTION_DUP2 = 2,
	SPAWN_ACTION_INHERIT = 3, /* posix_spawn_file_actions_addinherit_np */
	SPAWN_ACTION_FILEPORT_DUP2 = 4,
	SPAWN_ACTION_CHDIR = 5,
	SPAWN_ACTION_FCHDIR = 6,
	SPAWN_ACTION_CLOSEFROM = 7,
};

/* _psfa_action_t: 1040 bytes. */
struct spawn_action {
	int32_t type;    /* enum spawn_action_type */
	int32_t filedes; /* the descriptor acted on (dup2: the source) */
	union {
		struct {
			int32_t oflag;
			uint16_t mode;
			char path[SPAWN_PATH_MAX];
		} open;
		struct {
			int32_t newfiledes;
		} dup2;
	} u;
};

/* struct _posix_spawn_file_actions: a header and `count` actions (room for `alloc`). */
struct spawn_actions {
	int32_t alloc;
	int32_t count;
	struct spawn_action acts[];
};

#define SPAWN_ACTIONS_SIZE(n)                                                                      \
	(sizeof(struct spawn_actions) + (uint64_t)(n) * sizeof(struct spawn_action))

/* The attributes block (the leading fields of XNU's struct _posix_spawnattr). */
struct spawn_attr {
	int16_t flags; /* SPAWN_* */
	int16_t pad;
	uint32_t sigdefault; /* sigset_t */
	uint32_t sigmask;    /* sigset_t */
	int32_t pgroup;      /* pid_t */
};

/* struct _posix_spawn_args_desc: (size, pointer) pairs; 128 bytes on arm64. */
struct spawn_args_desc {
	uint64_t attr_size;
	uint64_t attrp; /* struct spawn_attr */
	uint64_t file_actions_size;
	uint64_t file_actions; /* struct spawn_actions */
	/* Not supported by Tessera: each pair must be zero. */
	uint64_t port_actions_size;
	uint64_t port_actions;
	uint64_t mac_extensions_size;
	uint64_t mac_extensions;
	uint64_t coal_info_size;
	uint64_t coal_info;
	uint64_t persona_info_size;
	uint64_t persona_info;
	uint64_t posix_cred_info_size;
	uint64_t posix_cred_info;
	uint64_t subsystem_root_path_size;
	uint64_t subsystem_root_path;
};

_Static_assert(sizeof(struct spawn_action) == 1040, "XNU's _psfa_action_t is 1040 bytes");
_Static_assert(sizeof(struct spawn_actions) == 8, "XNU's file actions header is 8 bytes");
_Static_assert(sizeof(struct spawn_args_desc) == 128, "XNU's (macOS 11) args descriptor");
_Static_assert(sizeof(struct spawn_attr) == 16, "the attributes block");

#endif
