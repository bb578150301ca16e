/*
 * The dyld test harness: the boot task, playing bsdserver's part in
 * starting a process (DESIGN.md, "Starting a process") so that dyld can be
 * tested on its own. For each line "PATH [ARG...]" of /etc/dyld_tests it
 * makes a task, maps the program and /usr/lib/dyld at their link addresses,
 * builds the agreed stack (mach_header address, argc, argv, envp, apple
 * with executable_path=PATH), starts the thread at dyld's entry and serves
 * the BSD calls dyld and the test programs make: open, close, pread, fstat64
 * on files of the boot volume, write to fds 1 and 2 (the console),
 * issetugid and exit. A line may start with NAME=VALUE words, the
 * program's environment, and with the word "setugid", which makes
 * issetugid answer 1 (a set-id program).
 * It prints "harness: PATH: exit N" or "harness: PATH: ended without exit".
 */
#include <string.h>

#include <mach/mach.h>
#include <mach/notify.h>
#include <mach/syscall_forward.h>
#include <mach/thread_status.h>

#include "kern/fat.h"
#include "kern/macho.h"
#include "userland/bootstrap/early_console.h"

#define TESTS_PATH "/etc/dyld_tests"
#define DYLD_PATH  "/usr/lib/dyld"
#define STACK_TOP  0x170000000ull
#define STACK_SIZE (1ull << 20)
#define PAGE       4096u
#define MAX_FILES  16
#define LINE_MAX   512
#define CHUNK      (64u * 1024)
#define MAX_ARGS   8
#define MAX_ENV    6

/* BSD numbers and errno values (XNU's). */
#define SYS_EXIT    1
#define SYS_WRITE   4
#define SYS_OPEN    5
#define SYS_CLOSE   6
#define SYS_PREAD   153
#define SYS_SETUGID 327
#define SYS_FSTAT64 339
#define EBADF       9
#define ENOENT      2
#define EFAULT      14
#define EISDIR      21
#define ENOSYS      78

static struct fat_volume vol;
static uint8_t chunk[CHUNK];

/* One process being run. */
struct child {
	task_t task;
	mach_port_t port; /* its syscall port; also gets the task's dead-name notification */
	struct fat_entry files[MAX_FILES];
	bool open[MAX_FILES];
	char line[LINE_MAX]; /* console output not yet ended by a newline */
	size_t line_len;
	bool exited;
	int status;
	bool setugid; /* issetugid answers 1 */
};

static int mount(char **apple)
{
	for (; *apple; apple++) {
		const char *s = *apple;
		uint64_t addr = 0, size = 0, *v = &addr;

		if (strncmp(s, "boot_volume=0x", 14) != 0)
			continue;
		for (s += 14; *s; s++) {
			if (*s == ',' && v == &addr && s[1] == '0' && s[2] == 'x') {
				v = &size;
				s += 2;
				continue;
			}
			unsigned d = *s <= '9' ? (unsigned)(*s - '0') : (unsigned)(*s - 'a' + 10);
			*v = *v << 4 | d;
		}
		return fat_mount(&vol, (const void *)(uintptr_t)addr, (size_t)size);
	}
	return -1;
}

/* A whole file from the boot volume in fresh memory, or NULL. */
static uint8_t *read_file(const char *path, size_t *size)
{
	struct fat_entry e;
	mach_vm_address_t at = 0;
	size_t n;

	if (fat_lookup(&vol, path, &e) != FAT_OK || e.is_dir || e.size == 0)
		return NULL;
	if (mach_vm_allocate(mach_task_self(), &at, e.size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return NULL;
	if (fat_read(&vol, &e, 0, (void *)(uintptr_t)at, e.size, &n) != FAT_OK || n != e.size) {
		mach_vm_deallocate(mach_task_self(), at, e.size);
		return NULL;
	}
	*size = e.size;
	return (uint8_t *)(uintptr_t)at;
}

static kern_return_t map_image(task_t task, const uint8_t *file, const struct macho_image *img)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct macho_segment *seg = &img->segments[i];
		struct macho_load_step step;
		mach_vm_address_t at;
		kern_return_t kr;

		if (seg->maxprot == 0)
			continue;
		macho_plan_segment(file, seg, &step);
		at = step.map_start;
		kr = mach_vm_allocate(task, &at, step.map_size, VM_FLAGS_FIXED);
		if (kr == KERN_SUCCESS && step.copy_size)
			kr = mach_vm_write(task, step.map_start, step.src,
			                   (mach_msg_type_number_t)step.copy_size);
		if (kr == KERN_SUCCESS)
			kr = mach_vm_protect(task, step.map_start, step.map_size, false,
			                     (vm_prot_t)step.prot);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

/* The agreed stack: [mach_header, argc, argv..., 0, envp..., 0, apple0, 0]. */
static kern_return_t build_stack(task_t task, uint64_t header, char **args, int nargs, char **env,
                                 int nenv, uint64_t *sp)
{
	static uint8_t page[PAGE] __attribute__((aligned(16)));
	uint64_t page_at = STACK_TOP - PAGE, words[MAX_ARGS + MAX_ENV + 8];
	size_t top = PAGE, n = 0;
	mach_vm_address_t stack = STACK_TOP - STACK_SIZE;

	memset(page, 0, sizeof(page));
	uint64_t argv_at[MAX_ARGS], envp_at[MAX_ENV];
	for (int i = nargs - 1; i >= 0; i--) {
		top -= strlen(args[i]) + 1;
		memcpy(page + top, args[i], strlen(args[i]) + 1);
		argv_at[i] = page_at + top;
	}
	for (int i = nenv - 1; i >= 0; i--) {
		top -= strlen(env[i]) + 1;
		memcpy(page + top, env[i], strlen(env[i]) + 1);
		envp_at[i] = page_at + top;
	}
	top -= strlen(args[0]) + 1;
	memcpy(page + top, args[0], strlen(args[0]) + 1);
	top -= 16;
	memcpy(page + top, "executable_path=", 16);
	uint64_t apple0 = page_at + top;
	words[n++] = header;
	words[n++] = (uint64_t)nargs;
	for (int i = 0; i < nargs; i++)
		words[n++] = argv_at[i];
	words[n++] = 0;
	for (int i = 0; i < nenv; i++)
		words[n++] = envp_at[i];
	words[n++] = 0;
	words[n++] = apple0;
	words[n++] = 0;
	top = (top - n * 8) & ~(size_t)15;
	memcpy(page + top, words, n * 8);
	*sp = page_at + top;
	kern_return_t kr = mach_vm_allocate(task, &stack, STACK_SIZE, VM_FLAGS_FIXED);
	if (kr == KERN_SUCCESS)
		kr = mach_vm_write(task, page_at, page, PAGE);
	return kr;
}

/* Reads a NUL-terminated string of at most max - 1 bytes from the child. */
static bool read_string(struct child *c, uint64_t at, char *out, size_t max)
{
	size_t got = 0;

	while (got < max) {
		uint64_t page_left = PAGE - ((at + got) & (PAGE - 1));
		mach_vm_size_t n = page_left < max - got ? page_left : max - got, outsize;

		if (mach_vm_read_overwrite(c->task, at + got, n, (mach_vm_address_t)(out + got),
		                           &outsize) != KERN_SUCCESS)
			return false;
		for (size_t i = got; i < got + n; i++) {
			if (out[i] == '\0')
				return true;
		}
		got += n;
	}
	return false;
}

static void console(struct child *c, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' || c->line_len == LINE_MAX - 1) {
			c->line[c->line_len] = '\0';
			early_console_printf("%s\n", c->line);
			c->line_len = 0;
			if (s[i] == '\n')
				continue;
		}
		c->line[c->line_len++] = s[i];
	}
}

/* One BSD call: sets *rv and returns 0, or returns an errno. */
static int serve_call(struct child *c, const struct syscall_forward_request *req, uint64_t *rv)
{
	const uint64_t *a = req->args;
	char path[LINE_MAX];
	size_t n;

	*rv = 0;
	switch (req->number) {
	case SYS_WRITE:
		if (a[0] != 1 && a[0] != 2)
			return EBADF;
		for (uint64_t done = 0; done < a[2];) {
			mach_vm_size_t len = a[2] - done < CHUNK ? a[2] - done : CHUNK, outsize;

			if (mach_vm_read_overwrite(c->task, a[1] + done, len,
			                           (mach_vm_address_t)chunk,
			                           &outsize) != KERN_SUCCESS)
				return EFAULT;
			console(c, (const char *)chunk, len);
			done += len;
		}
		*rv = a[2];
		return 0;
	case SYS_OPEN:
		if (!read_string(c, a[0], path, sizeof(path)))
			return EFAULT;
		for (int fd = 3; fd < MAX_FILES; fd++) {
			if (c->open[fd])
				continue;
			if (fat_lookup(&vol, path, &c->files[fd]) != FAT_OK)
				return ENOENT;
			c->open[fd] = true;
			*rv = (uint64_t)fd;
			return 0;
		}
		return 24; /* EMFILE */
	case SYS_CLOSE:
		if (a[0] >= MAX_FILES || !c->open[a[0]])
			return EBADF;
		c->open[a[0]] = false;
		return 0;
	case SYS_FSTAT64: {
		uint8_t st[144];
		uint16_t mode;
		int64_t size;

		if (a[0] >= MAX_FILES || !c->open[a[0]])
			return EBADF;
		memset(st, 0, sizeof(st));
		mode = c->files[a[0]].is_dir ? 0040755 : 0100755;
		size = c->files[a[0]].size;
		memcpy(st + 4, &mode, 2);
		memcpy(st + 96, &size, 8);
		return mach_vm_write(c->task, a[1], st, sizeof(st)) == KERN_SUCCESS ? 0 : EFAULT;
	}
	case SYS_PREAD:
		if (a[0] >= MAX_FILES || !c->open[a[0]])
			return EBADF;
		if (c->files[a[0]].is_dir)
			return EISDIR;
		if (a[3] >= c->files[a[0]].size)
			return 0;
		for (uint64_t done = 0; done < a[2] && a[3] + done < c->files[a[0]].size;) {
			uint64_t len = a[2] - done < CHUNK ? a[2] - done : CHUNK;

			if (fat_read(&vol, &c->files[a[0]], (uint32_t)(a[3] + done), chunk, len,
			             &n) != FAT_OK ||
			    n == 0)
				break;
			if (mach_vm_write(c->task, a[1] + done, chunk, (mach_msg_type_number_t)n) !=
			    KERN_SUCCESS)
				return EFAULT;
			done += n;
			*rv = done;
		}
		return 0;
	case SYS_SETUGID: *rv = c->setugid; return 0;
	case SYS_EXIT:
		c->exited = true;
		c->status = (int)a[0];
		return 0;
	default:
		early_console_printf("harness: unhandled BSD call %u\n", req->number);
		return ENOSYS;
	}
}

union message {
	struct {
		struct syscall_forward_request req;
		mach_msg_audit_trailer_t trailer;
	} in;
	mach_dead_name_notification_t dead;
	struct syscall_forward_reply out;
	uint8_t bytes[512];
};

/* Serves the child's calls until its task is gone. */
static void serve(struct child *c)
{
	static union message m;

	for (;;) {
		if (mach_msg(&m.in.req.Head, MACH_RCV_MSG, 0, sizeof(m), c->port, 0, 0) !=
		    MACH_MSG_SUCCESS)
			return;
		if (m.in.req.Head.msgh_id == MACH_NOTIFY_DEAD_NAME) {
			mach_port_deallocate(mach_task_self(), m.dead.not_port);
			return;
		}
		if (m.in.req.Head.msgh_id != SYSCALL_FORWARD_REQUEST_ID)
			continue;
		uint64_t rv;
		int err = serve_call(c, &m.in.req, &rv);
		mach_port_t reply = m.in.req.Head.msgh_remote_port;

		if (c->exited) {
			mach_port_deallocate(mach_task_self(), reply);
			task_terminate(c->task);
			continue;
		}
		memset(&m.out, 0, sizeof(m.out));
		m.out.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.out.Head.msgh_remote_port = reply;
		m.out.Head.msgh_size = sizeof(m.out);
		m.out.Head.msgh_id = SYSCALL_FORWARD_REPLY_ID;
		m.out.kind = SYSCALL_REPLY_VALUES;
		m.out.carry = err != 0;
		m.out.rv[0] = err ? (uint64_t)err : rv;
		mach_msg(&m.out.Head, MACH_SEND_MSG, sizeof(m.out), 0, 0, 0, 0);
	}
}

static void run(char **args, int nargs, char **env, int nenv, bool setugid)
{
	static struct child c;
	size_t prog_size, dyld_size;
	uint8_t *prog = read_file(args[0], &prog_size), *dyld = read_file(DYLD_PATH, &dyld_size);
	struct macho_image pimg, dimg;
	struct arm_thread_state64 state;
	mach_port_t prev;
	thread_act_t thread;
	uint64_t sp;

	memset(&c, 0, sizeof(c));
	c.setugid = setugid;
	if (!prog || !dyld || macho_parse(prog, prog_size, &pimg) != MACHO_OK ||
	    macho_parse(dyld, dyld_size, &dimg) != MACHO_OK || pimg.vm_end > dimg.vm_start) {
		early_console_printf("harness: %s: cannot map it with %s\n", args[0], DYLD_PATH);
		return;
	}
	task_create(mach_task_self(), NULL, 0, false, &c.task);
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &c.port);
	mach_port_insert_right(mach_task_self(), c.port, c.port, MACH_MSG_TYPE_MAKE_SEND);
	task_set_special_port(c.task, TASK_SYSCALL_PORT, c.port);
	mach_port_deallocate(mach_task_self(), c.port);
	mach_port_request_notification(mach_task_self(), c.task, MACH_NOTIFY_DEAD_NAME, 0, c.port,
	                               &prev);
	if (map_image(c.task, prog, &pimg) != KERN_SUCCESS ||
	    map_image(c.task, dyld, &dimg) != KERN_SUCCESS ||
	    build_stack(c.task, macho_find_segment(&pimg, "__TEXT")->vmaddr, args, nargs, env, nenv,
	                &sp) != KERN_SUCCESS) {
		early_console_printf("harness: %s: cannot build its task\n", args[0]);
		task_terminate(c.task);
	} else {
		memset(&state, 0, sizeof(state));
		state.sp = sp;
		state.pc = dimg.entry;
		thread_create_running(c.task, ARM_THREAD_STATE64, (natural_t *)&state,
		                      ARM_THREAD_STATE64_COUNT, &thread);
		mach_port_deallocate(mach_task_self(), thread);
	}
	serve(&c);
	if (c.line_len)
		console(&c, "\n", 1);
	if (c.exited)
		early_console_printf("harness: %s: exit %d\n", args[0], c.status);
	else
		early_console_printf("harness: %s: ended without exit\n", args[0]);
	mach_port_deallocate(mach_task_self(), c.task);
	mach_port_mod_refs(mach_task_self(), c.port, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_vm_deallocate(mach_task_self(), (mach_vm_address_t)prog, prog_size);
	mach_vm_deallocate(mach_task_self(), (mach_vm_address_t)dyld, dyld_size);
}

int main(int argc, char **argv, char **envp, char **apple)
{
	size_t size = 0;
	uint8_t *tests = NULL;

	(void)argc;
	(void)argv;
	(void)envp;
	mach_init();
	early_console_init(mach_host_self());
	if (mount(apple) != FAT_OK || (tests = read_file(TESTS_PATH, &size)) == NULL) {
		early_console_printf("harness: no boot volume or no %s\n", TESTS_PATH);
		task_terminate(mach_task_self());
	}
	for (size_t at = 0; at < size;) {
		char line[LINE_MAX], *args[MAX_ARGS], *env[MAX_ENV];
		size_t n = 0;
		int nargs = 0, nenv = 0;
		bool setugid = false;

		while (at < size && tests[at] != '\n' && n < sizeof(line) - 1)
			line[n++] = (char)tests[at++];
		line[n] = '\0';
		at++;
		for (char *p = line; *p && nargs < MAX_ARGS;) {
			while (*p == ' ')
				*p++ = '\0';
			size_t len = strcspn(p, " ");

			/* Before the program: its environment, and "setugid". */
			if (*p && nargs == 0 && len == 7 && strncmp(p, "setugid", 7) == 0)
				setugid = true;
			else if (*p && nargs == 0 && memchr(p, '=', len) && nenv < MAX_ENV)
				env[nenv++] = p;
			else if (*p)
				args[nargs++] = p;
			while (*p && *p != ' ')
				p++;
		}
		if (nargs > 0 && args[0][0] != '#')
			run(args, nargs, env, nenv, setugid);
	}
	early_console_printf("harness: done\n");
	task_terminate(mach_task_self());
	return 0;
}
