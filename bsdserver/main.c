/*
 * bsdserver: the BSD personality. The bootstrap starts it with host_priv and
 * the boot volume (bootstrap.conf: `host_priv boot_volume`); it finds the
 * console service, starts /sbin/init from the boot volume as pid 1 (exec.h)
 * with the console as descriptors 0, 1 and 2, and then serves, on one port
 * set: each process's syscall port (forwarded BSD calls,
 * mach/syscall_forward.h, dispatched by syscalls.c), the console's input
 * (tty/console.h), dead-name notifications for the processes' tasks and
 * their exceptions (exc.h).
 * When init has ended and no process is left, it powers the machine off.
 */
#include <stdarg.h>

#include <mach/mach.h>
#include <mach/notify.h>
#include <mach/syscall_forward.h>
#include <mach/task_special_ports.h>

#include "bsdserver/bsd_abi.h"
#include "bsdserver/bsdserver.h"
#include "bsdserver/exc.h"
#include "bsdserver/exec.h"
#include "bsdserver/proc.h"
#include "bsdserver/syscalls.h"
#include "bsdserver/tty/console.h"
#include "userland/bootstrap/early_console.h"
#include "userland/bootstrap/format.h"
#include "userland/bootstrap/volume.h"
#include "userland/libsystem/malloc/pages.h"

#define HOST_PORT        1   /* host special port: the unprivileged host port */
#define HOST_REBOOT_HALT 0x8 /* XNU's <mach/host_reboot.h> */
#define INIT_PATH        "/sbin/init"

struct bsdserver bsd;

union request {
	mach_msg_header_t head;
	struct syscall_forward_request syscall;
	struct syscall_forward_reply answer;
	uint8_t room[1024 + MAX_TRAILER_SIZE];
};

void bsd_log(const char *format, ...)
{
	char line[EARLY_CONSOLE_LINE_MAX];
	va_list ap;

	va_start(ap, format);
	bootstrap_vformat(line, sizeof(line), format, ap);
	va_end(ap);
	early_console_printf("%s", line);
}

static void *pages_get(size_t size)
{
	mach_vm_address_t address = 0;

	if (mach_vm_allocate(mach_task_self(), &address, size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return NULL;
	return (void *)(uintptr_t)address;
}

static void pages_put(void *pages, size_t size)
{
	mach_vm_deallocate(mach_task_self(), (mach_vm_address_t)(uintptr_t)pages, size);
}

/* malloc's memory: whole pages from the VM; one thread, so no lock. */
static const struct malloc_environment malloc_env = {
    .page_size = 4096,
    .pages_get = pages_get,
    .pages_put = pages_put,
};

static void power_off(const char *why)
{
	bsd_log("bsdserver: %s; powering off\n", why);
	kern_return_t kr = host_reboot(bsd.host_priv, HOST_REBOOT_HALT);
	bsd_log("bsdserver: cannot power off (error 0x%x): bsdserver lacks host_priv\n", kr);
	task_terminate(mach_task_self());
}

/*
 * A forwarded BSD call on the syscall port of process p. Returns true when m
 * now holds the answer, to be sent with the next receive.
 */
static bool syscall_request(struct proc *p, union request *m)
{
	const struct syscall_forward_request *req = &m->syscall;
	mach_msg_bits_t bits = m->head.msgh_bits;

	/* Only the kernel's shape is answered: anything else is destroyed unanswered. */
	if ((bits & (MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS_REMOTE_MASK)) !=
	        MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	    m->head.msgh_size != sizeof(*req) || m->head.msgh_id != SYSCALL_FORWARD_REQUEST_ID ||
	    !MACH_PORT_VALID(m->head.msgh_remote_port)) {
		mach_msg_destroy(&m->head);
		return false;
	}
	struct sys_call call = {
	    .p = p, .number = req->number, .args = req->args, .reply = m->head.msgh_remote_port};
	return syscall_dispatch(&call, &m->answer);
}

/* A dead-name notification: a process's task has gone without calling exit. */
static void notification(union request *m)
{
	mach_dead_name_notification_t *n = (void *)&m->head;
	mach_port_type_t type = 0;

	if (m->head.msgh_id != MACH_NOTIFY_DEAD_NAME ||
	    (m->head.msgh_bits & MACH_MSGH_BITS_COMPLEX) || m->head.msgh_size != sizeof(*n)) {
		mach_msg_destroy(&m->head);
		return;
	}
	/* Only a name that really is dead counts (nobody else should hold this port, but still). */
	if (mach_port_type(mach_task_self(), n->not_port, &type) != KERN_SUCCESS ||
	    type != MACH_PORT_TYPE_DEAD_NAME)
		return;
	struct proc *p = proc_by_task(n->not_port);
	if (p != NULL) {
		bsd_log("bsdserver: pid %d (%s) ended without exit\n", p->pid, p->name);
		proc_exit(p, W_SIGNALED(p->signal != 0 ? p->signal : SIGKILL));
	}
	/* The notification's reference to the dead name (proc_exit released the process's). */
	mach_port_deallocate(mach_task_self(), n->not_port);
}

/* Starts init as pid 1, with the console (if any) as its standard descriptors. */
static bool start_init(void)
{
	static const char *const argv[] = {INIT_PATH, NULL};
	static const char *const envp[] = {NULL};
	static struct fdtable fds;
	const char *why = NULL;
	struct proc *p;

	for (int fd = 0; fd < 3 && console_tty_present(); fd++) {
		struct file *f;
		if (file_open("/dev/console", O_RDWR, &f) == 0 && fd_install(&fds, fd, f, 0) < 0)
			file_release(f);
	}
	int err = exec_process(NULL, &fds, INIT_PATH, argv, envp, &p, &why);
	if (err != 0) {
		bsd_log("bsdserver: cannot start %s: %s (errno %d)\n", INIT_PATH, why, err);
		return false;
	}
	bsd_log("bsdserver: started %s as pid %d\n", INIT_PATH, p->pid);
	return true;
}

/* The receive's timeout in milliseconds until `deadline` (mach_absolute_time), rounded up. */
static mach_msg_timeout_t timeout_until(uint64_t deadline)
{
	static mach_timebase_info_data_t tb;
	uint64_t now = mach_absolute_time();

	if (tb.denom == 0)
		mach_timebase_info(&tb);
	if (deadline <= now)
		return 0;
	return (mach_msg_timeout_t)((deadline - now) * tb.numer / tb.denom / 1000000 + 1);
}

/* Whether mach_msg failed in its send half. */
static bool send_failed(mach_msg_return_t mr)
{
	return mr >= MACH_SEND_INVALID_DATA && mr < MACH_RCV_INVALID_NAME;
}

/*
 * After the receive loop's mach_msg failed with mr: whether to go round again.
 * *answer stays true only when the answer is still to be sent.
 */
static bool receive_again(mach_msg_return_t mr, bool *answer, mach_port_t reply)
{
	if (mr == MACH_SEND_INTERRUPTED)
		return true; /* nothing sent: the answer goes again */
	if (*answer && send_failed(mr))
		syscall_reply_failed(reply, mr);
	*answer = false;
	if (mr == MACH_RCV_TIMED_OUT || mr == MACH_RCV_INTERRUPTED || mr == MACH_RCV_TOO_LARGE ||
	    send_failed(mr))
		return true;
	bsd_log("bsdserver: the receive loop failed (error 0x%x)\n", mr);
	return false;
}

/*
 * The receive loop. An answer ready at once goes out with the next receive,
 * in one mach_msg (SEND|RCV): the kernel hands the caller its result and the
 * CPU in one go.
 */
static void serve(void)
{
	static union request m;
	bool answer = false; /* m holds an answer to send first */

	while (proc_count() > 0) {
		/* A request's syscall port names its process: no trailer is needed. */
		mach_msg_option_t options = MACH_RCV_MSG | (answer ? MACH_SEND_MSG : 0);
		mach_msg_size_t send_size = answer ? m.head.msgh_size : 0;
		mach_port_t reply = m.head.msgh_remote_port;
		mach_msg_timeout_t timeout = MACH_MSG_TIMEOUT_NONE;
		uint64_t deadline = console_tty_timeouts();
		if (deadline != 0) {
			options |= MACH_RCV_TIMEOUT;
			timeout = timeout_until(deadline);
		}
		/* The trap itself, not libSystem's mach_msg: this loop retries what was
		 * interrupted. */
		mach_msg_return_t mr =
		    mach_msg_trap(&m.head, options, send_size, sizeof(m) - MAX_TRAILER_SIZE,
		                  bsd.port_set, timeout, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS) {
			if (!receive_again(mr, &answer, reply))
				return;
			continue;
		}
		answer = false;
		/* Forwarded calls first: nearly every message is one. */
		mach_port_t local = m.head.msgh_local_port;
		struct proc *p = proc_by_syscall_port(local);
		if (p != NULL) {
			answer = syscall_request(p, &m);
		} else if (local == bsd.notify) {
			notification(&m);
		} else if (local == bsd.exc) {
			exc_message(&m.head);
		} else if (local == console_tty_listener() && MACH_PORT_VALID(local)) {
			if (!console_tty_message(&m.head))
				mach_msg_destroy(&m.head);
		} else {
			mach_msg_destroy(&m.head);
		}
	}
	/* The last process went with an answer still due: its caller is gone too. */
	if (answer)
		mach_port_deallocate(mach_task_self(), m.head.msgh_remote_port);
}

/* The ports and rights bsdserver runs on; false (reported) when it cannot run. */
static bool set_up(char **apple)
{
	bsd.host_priv = mach_host_self();
	if (host_get_special_port(bsd.host_priv, 0, HOST_PORT, &bsd.host) != KERN_SUCCESS) {
		bsd_log("bsdserver: no host_priv (give it `host_priv` in bootstrap.conf)\n");
		return false;
	}
	const char *why = bootstrap_volume_mount(apple, &bsd.volume);
	if (why != NULL) {
		bsd_log("bsdserver: no boot volume (give it `boot_volume` in bootstrap.conf): %s\n",
		        why);
		return false;
	}
	if (task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &bsd.bootstrap) !=
	        KERN_SUCCESS ||
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &bsd.port_set) !=
	        KERN_SUCCESS ||
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &bsd.notify) !=
	        KERN_SUCCESS ||
	    mach_port_move_member(mach_task_self(), bsd.notify, bsd.port_set) != KERN_SUCCESS ||
	    mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &bsd.exc) !=
	        KERN_SUCCESS ||
	    mach_port_insert_right(mach_task_self(), bsd.exc, bsd.exc, MACH_MSG_TYPE_MAKE_SEND) !=
	        KERN_SUCCESS ||
	    mach_port_move_member(mach_task_self(), bsd.exc, bsd.port_set) != KERN_SUCCESS) {
		bsd_log("bsdserver: cannot make its ports\n");
		return false;
	}
	why = console_tty_init();
	if (why != NULL)
		bsd_log("bsdserver: %s\n", why);
	return true;
}

int main(int argc, char **argv, char **envp, char **apple)
{
	(void)argc;
	(void)argv;
	(void)envp;
	mach_init();
	malloc_environment_set(&malloc_env);
	early_console_init(mach_host_self());
	if (!set_up(apple))
		power_off("bsdserver cannot run");
	else if (!start_init())
		power_off("init could not start");
	serve();
	power_off("init has ended and no process is left");
	return 0;
}
