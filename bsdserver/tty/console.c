#include "bsdserver/tty/console.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bsdserver/bsdserver.h"
#include "bsdserver/copyio.h"
#include "bsdserver/tty/tty.h"
#include "drivers/console/console.h"
#include "drivers/console/console_inputServer.h"
#include "userland/bootstrap/bootstrap.h"

#define PENDING_MAX 16   /* reads waiting at once, over all processes */
#define CHUNK       4096 /* console_write's most bytes per message */

struct pending_read {
	struct proc *p; /* NULL: slot free */
	mach_port_t reply;
	struct bsd_iovec *iov; /* malloc'ed copy of the caller's */
	int iovcnt;
	uint64_t total;    /* bytes the iovecs ask for */
	uint64_t deadline; /* VTIME's, in mach_absolute_time units; 0: none */
	uint64_t order;    /* FIFO among waiting reads */
};

static struct tty tty;
static mach_port_t device = MACH_PORT_NULL;   /* send right to the console service */
static mach_port_t listener = MACH_PORT_NULL; /* receive right, in the port set */
static struct pending_read pending[PENDING_MAX];
static uint64_t next_order;
unsigned console_tty_timed;
static mach_timebase_info_data_t timebase;

const char *console_tty_init(void)
{
	tty_init(&tty);
	mach_timebase_info(&timebase);
	if (bootstrap_look_up(bsd.bootstrap, "console", &device) != KERN_SUCCESS) {
		device = MACH_PORT_NULL;
		return "no console service: /dev/console cannot be opened";
	}
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &listener) !=
	        KERN_SUCCESS ||
	    mach_port_move_member(mach_task_self(), listener, bsd.port_set) != KERN_SUCCESS ||
	    console_listen(device, listener) != KERN_SUCCESS)
		return "the console refused bsdserver as its listener: no console input";
	return NULL;
}

bool console_tty_present(void)
{
	return MACH_PORT_VALID(device);
}

mach_port_t console_tty_listener(void)
{
	return listener;
}

/* Sends the line discipline's pending output (echo and writes) to the device. */
static int flush_output(void)
{
	static uint8_t buf[CHUNK];
	size_t n;

	while ((n = tty_output_take(&tty, buf, sizeof(buf))) > 0) {
		uint32_t written = 0;
		if (console_write(device, buf, (mach_msg_type_number_t)n, &written) != KERN_SUCCESS)
			return EIO;
	}
	return 0;
}

int console_tty_write(const uint8_t *data, size_t n, size_t *written)
{
	size_t done = 0;

	*written = 0;
	if (!console_tty_present())
		return ENXIO;
	while (done < n) {
		done += tty_write(&tty, data + done, n - done);
		/* A device failure after some bytes went out is a short write. */
		if (flush_output() != 0)
			return *written > 0 ? 0 : EIO;
		*written = done;
	}
	return 0;
}

static uint64_t total_of(const struct bsd_iovec *iov, int iovcnt)
{
	uint64_t total = 0;

	for (int i = 0; i < iovcnt; i++)
		total += iov[i].iov_len;
	return total;
}

/* Takes what a read may take now and writes it into the caller's iovecs: 0 or EFAULT. */
static int take(task_t task, const struct bsd_iovec *iov, int iovcnt, uint64_t total, size_t *count)
{
	static uint8_t buf[TTY_INPUT_MAX];
	size_t n = tty_read(&tty, buf, total < sizeof(buf) ? (size_t)total : sizeof(buf));
	size_t at = 0;

	*count = n;
	for (int i = 0; i < iovcnt && at < n; i++) {
		size_t part = iov[i].iov_len < n - at ? (size_t)iov[i].iov_len : n - at;
		if (copyout(task, buf + at, iov[i].iov_base, part) != 0)
			return EFAULT;
		at += part;
	}
	return 0;
}

static uint64_t deciseconds_to_ticks(unsigned ds)
{
	/* ticks = ns * denom / numer; 100 ms per decisecond. */
	uint64_t ns = (uint64_t)ds * 100000000ull;
	return timebase.numer != 0 ? ns * timebase.denom / timebase.numer : ns;
}

static void drop(struct pending_read *r)
{
	if (r->deadline != 0)
		console_tty_timed--;
	free(r->iov);
	memset(r, 0, sizeof(*r));
}

static void set_deadline(struct pending_read *r, unsigned ds)
{
	if (r->deadline == 0)
		console_tty_timed++;
	r->deadline = mach_absolute_time() + deciseconds_to_ticks(ds);
}

int console_tty_read(struct sys_call *call, const struct bsd_iovec *iov, int iovcnt, bool nonblock)
{
	uint64_t total = total_of(iov, iovcnt);
	unsigned ds = 0;
	size_t count;

	if (!console_tty_present())
		return ENXIO;
	if (total == 0)
		return 0;
	enum tty_wait wait = tty_read_wait(&tty, total, &ds);
	if (wait == TTY_READ_NOW) {
		int err = take(call->p->task, iov, iovcnt, total, &count);
		call->rv[0] = count;
		return err;
	}
	if (nonblock)
		return EAGAIN;
	for (int i = 0; i < PENDING_MAX; i++) {
		struct pending_read *r = &pending[i];
		/* A slot whose caller has gone (aborted) is free again. */
		if (r->p != NULL && syscall_reply_alive(r->reply))
			continue;
		if (r->p != NULL)
			drop(r);
		r->iov = malloc(sizeof(*iov) * (size_t)iovcnt);
		if (r->iov == NULL)
			return ENOMEM;
		memcpy(r->iov, iov, sizeof(*iov) * (size_t)iovcnt);
		r->p = call->p;
		r->reply = call->reply;
		r->iovcnt = iovcnt;
		r->total = total;
		if (wait == TTY_READ_TIMED)
			set_deadline(r, ds);
		r->order = next_order++;
		call->reply = MACH_PORT_NULL;
		return SYS_DEFERRED;
	}
	return EAGAIN; /* more reads waiting than bsdserver keeps */
}

/* Answers r with what the tty has now (perhaps nothing: a VTIME timeout). */
static void complete(struct pending_read *r)
{
	size_t count = 0;
	int err = take(r->p->task, r->iov, r->iovcnt, r->total, &count);

	syscall_reply(r->reply, err, count, 0);
	drop(r);
}

/* The oldest waiting read, or NULL. */
static struct pending_read *oldest(void)
{
	struct pending_read *best = NULL;

	for (int i = 0; i < PENDING_MAX; i++)
		if (pending[i].p != NULL && (best == NULL || pending[i].order < best->order))
			best = &pending[i];
	return best;
}

/* Answers waiting reads, oldest first, for as long as the tty has something for them. */
static void serve_reads(void)
{
	struct pending_read *r;
	unsigned ds;

	while ((r = oldest()) != NULL) {
		enum tty_wait wait = tty_read_wait(&tty, r->total, &ds);
		/* A caller that is gone must not take the input meant for the next read. */
		if (wait == TTY_READ_NOW && !syscall_reply_alive(r->reply)) {
			drop(r);
			continue;
		}
		if (wait == TTY_READ_NOW) {
			complete(r);
			continue;
		}
		/* VMIN with VTIME: the timer starts (again) with each byte that arrives. */
		if (wait == TTY_READ_TIMED && tty_readable(&tty) > 0)
			set_deadline(r, ds);
		break;
	}
}

kern_return_t do_console_input(mach_port_t port, const uint8_t *data, mach_msg_type_number_t n)
{
	if (port != listener)
		return KERN_INVALID_ARGUMENT;
	tty_input(&tty, data, n);
	flush_output();
	serve_reads();
	return KERN_SUCCESS;
}

bool console_tty_message(mach_msg_header_t *request)
{
	union {
		mig_reply_error_t error;
		uint8_t room[256];
	} reply;

	/* A simpleroutine: the stub's reply is never sent, only its RetCode read. */
	return console_input_server(request, &reply.error.Head) &&
	       reply.error.RetCode == KERN_SUCCESS;
}

int console_tty_ioctl(struct proc *p, uint32_t command, uint64_t arg)
{
	struct bsd_termios t;
	struct bsd_winsize w;

	switch (command) {
	case TIOCGETA: return copyout(p->task, &tty.termios, arg, sizeof(tty.termios));
	case TIOCSETA:
	case TIOCSETAW:
	case TIOCSETAF:
		/* Output never waits in bsdserver, so TIOCSETAW has nothing to drain. */
		if (copyin(p->task, arg, &t, sizeof(t)) != 0)
			return EFAULT;
		tty_set_termios(&tty, &t, command == TIOCSETAF);
		serve_reads();
		return 0;
	case TIOCGWINSZ: return copyout(p->task, &tty.winsize, arg, sizeof(tty.winsize));
	case TIOCSWINSZ:
		if (copyin(p->task, arg, &w, sizeof(w)) != 0)
			return EFAULT;
		tty.winsize = w;
		return 0;
	default: return ENOTTY;
	}
}

void console_tty_cancel(struct proc *p)
{
	for (int i = 0; i < PENDING_MAX; i++) {
		if (pending[i].p != p)
			continue;
		mach_port_deallocate(mach_task_self(), pending[i].reply);
		drop(&pending[i]);
	}
}

uint64_t console_tty_timeouts_scan(void)
{
	uint64_t next = 0;
	uint64_t now = mach_absolute_time();

	for (int i = 0; i < PENDING_MAX; i++) {
		struct pending_read *r = &pending[i];
		if (r->p == NULL || r->deadline == 0)
			continue;
		if (r->deadline <= now && !syscall_reply_alive(r->reply))
			drop(r);
		else if (r->deadline <= now)
			complete(r);
		else if (next == 0 || r->deadline < next)
			next = r->deadline;
	}
	return next;
}
