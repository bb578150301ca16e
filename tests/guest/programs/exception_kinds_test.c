/*
 * Every exception a user thread can raise on this machine, at every level and
 * in every behavior: EXC_BAD_ACCESS, EXC_BAD_INSTRUCTION, EXC_BREAKPOINT,
 * EXC_SYSCALL (a BSD call with no syscall port, or an unknown platform call)
 * and EXC_MACH_SYSCALL (an unknown trap), sent to a handler on the thread's, then the task's, then
 * the host's exception port, with EXCEPTION_DEFAULT, _STATE and _STATE_IDENTITY, each with 32-bit
 * (exc.defs) and 64-bit (mach_exc.defs) codes. A second thread handles them all: a _STATE handler
 * answers with the new state, a DEFAULT handler sets it with thread_set_state on the thread port
 * the message carries and answers KERN_SUCCESS. Either way the thread resumes where the handler
 * says, with the handler's value in x0. (EXC_ARITHMETIC needs FP exception traps, which the
 * Cortex-A72 does not implement.) Returns 0 when every check passes: 10 + 10 * level + behavior
 * index when a raise did not come back as expected, 100 + a code when the handler saw a malformed
 * message.
 */
#include <stddef.h>

#include "mach/exception_types.h"
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/notify.h"
#include "mach/port.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define ARM_NEON_STATE64           17
#define ARM_NEON_STATE64_COUNT     130
#define THREAD_GET_STATE           3603
#define THREAD_SET_STATE           3604
#define TASK_SET_EXCEPTION_PORTS   3413
#define THREAD_SET_EXCEPTION_PORTS 3613
#define HOST_SET_EXCEPTION_PORTS   414
#define EXCEPTION_RAISE            2401
#define MACH_EXCEPTION_RAISE       2405
#define BAD_ADDRESS                0x18
#define BSD_CALL                   0x1234                /* no syscall port: an exception */
#define BAD_TRAP                   (-200)                /* no such Mach trap */
#define PLATFORM_SYSCALL_CODE      ((int32_t)0x80000000) /* x16 of a platform call */
#define RAISED_MASK                                                                                \
	(EXC_MASK_BAD_ACCESS | EXC_MASK_BAD_INSTRUCTION | EXC_MASK_BREAKPOINT | EXC_MASK_SYSCALL | \
	 EXC_MASK_MACH_SYSCALL)

/* Each raises its exception on its first instruction (a call: on the `svc`). */
__asm__(".text\n"
        ".globl _raise_bad_access, _raise_undefined, _raise_breakpoint, _raise_syscall, "
        "_raise_mach_syscall, _raise_platform, _raise_neon\n"
        ".p2align 2\n"
        "_raise_bad_access: ldr x0, [x0]\n ret\n"
        "_raise_undefined: udf #7\n ret\n"
        "_raise_breakpoint: brk #5\n ret\n"
        "_raise_syscall: mov x16, #0x1234\n svc #0x80\n ret\n"
        "_raise_mach_syscall: mov x16, #-200\n svc #0x80\n ret\n"
        "_raise_platform: mov x16, #0x80000000\n mov x3, #9\n svc #0x80\n ret\n"
        "_raise_neon: mov x9, #0x5555\n fmov d30, x9\n brk #6\n fmov x0, d30\n ret\n");
extern uint64_t raise_bad_access(uint64_t address), raise_undefined(uint64_t),
    raise_breakpoint(uint64_t), raise_syscall(uint64_t), raise_mach_syscall(uint64_t),
    raise_platform(uint64_t), raise_neon(void);

/* What the handler must see for the exception being raised, and how it resumes the thread. */
struct expected {
	int exc;
	int64_t code[2];
	int check_subcode; /* whether code[1] is known beforehand */
	uint64_t pc;       /* in the state the message carries */
	uint64_t resume;   /* where the handler sends the thread */
	uint32_t behavior;
	uint64_t x0; /* the handler's value, in x0 when the thread resumes */
};

static uint32_t task, main_thread, host;
static volatile struct expected want;
static volatile int handler_error; /* the first malformed message's code */
static volatile unsigned handled;
static unsigned char handler_stack[64 * 1024] __attribute__((aligned(16)));

static void fail(int code)
{
	if (!handler_error)
		handler_error = code;
}

static uint32_t read_u32(const unsigned char *p)
{
	uint32_t v;
	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/* thread_get_state or thread_set_state (ARM_THREAD_STATE64) on `thread`: the RetCode. */
static int thread_state_call(int id, uint32_t thread, uint32_t reply, struct arm_thread_state64 *s)
{
	union {
		struct {
			mach_msg_header_t Head;
			uint32_t NDR[2];
			int32_t flavor;
			uint32_t count;
			struct arm_thread_state64 state;
		} req;
		struct {
			mach_msg_header_t Head;
			uint32_t NDR[2];
			int32_t RetCode;
			uint32_t count;
			struct arm_thread_state64 state;
			mach_msg_trailer_t trailer;
		} rep;
	} m;
	uint32_t size = offsetof(__typeof__(m.req), state);

	m.req.Head = (mach_msg_header_t){
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
	    .msgh_remote_port = thread,
	    .msgh_local_port = reply,
	    .msgh_id = id};
	m.req.NDR[0] = 0;
	m.req.NDR[1] = 1;
	m.req.flavor = ARM_THREAD_STATE64;
	m.req.count = ARM_THREAD_STATE64_COUNT;
	if (id == THREAD_SET_STATE) {
		m.req.state = *s;
		size += sizeof(*s);
	}
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, size, sizeof(m),
	                  reply, 1000, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (m.rep.RetCode == KERN_SUCCESS && id == THREAD_GET_STATE) {
		if (m.rep.count != ARM_THREAD_STATE64_COUNT)
			return -1;
		*s = m.rep.state;
	}
	return m.rep.RetCode;
}

/*
 * Checks one exception message against `want`, resumes the thread as asked,
 * and builds the reply in `r`: its size.
 */
static uint32_t handle(const unsigned char *msg, unsigned char *r, uint32_t reply)
{
	const mach_msg_header_t *h = (const void *)msg;
	uint32_t behavior = want.behavior;
	uint32_t kind = behavior & ~MACH_EXCEPTION_CODES;
	int wide = (behavior & MACH_EXCEPTION_CODES) != 0;
	int identity = kind != EXCEPTION_STATE, state = kind != EXCEPTION_DEFAULT;
	uint32_t at = sizeof(mach_msg_header_t), thread = 0;
	mig_reply_error_t *err = (void *)r;

	err->Head.msgh_id = h->msgh_id + 100;
	err->NDR[1] = 1;
	err->RetCode = KERN_FAILURE;
	if (h->msgh_id != (wide ? MACH_EXCEPTION_RAISE : EXCEPTION_RAISE) + (int)kind - 1) {
		fail(1);
		return sizeof(*err);
	}
	if (identity) {
		const mach_msg_port_descriptor_t *d = (const void *)(msg + at + 4);
		if (!(h->msgh_bits & MACH_MSGH_BITS_COMPLEX) || read_u32(msg + at) != 2 ||
		    d[0].name != main_thread || d[1].name != task ||
		    d[0].disposition != MACH_MSG_TYPE_PORT_SEND ||
		    d[1].disposition != MACH_MSG_TYPE_PORT_SEND)
			fail(2);
		thread = d[0].name;
		at += 4 + 2 * sizeof(*d);
	} else if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		fail(3);
	}
	at += 8; /* NDR */
	int64_t code[2];
	int exc = (int)read_u32(msg + at);
	uint32_t ncodes = read_u32(msg + at + 4);
	at += 8;
	for (int i = 0; i < 2; i++) {
		if (wide) {
			__builtin_memcpy(&code[i], msg + at, 8);
			at += 8;
		} else {
			code[i] = (int32_t)read_u32(msg + at);
			at += 4;
		}
	}
	/* exc.defs codes are the low 32 bits of the real ones. */
	int64_t code0 = wide ? want.code[0] : (int32_t)want.code[0];
	int64_t code1 = wide ? want.code[1] : (int32_t)want.code[1];
	if (exc != want.exc || ncodes != 2 || code[0] != code0 ||
	    (want.check_subcode && code[1] != code1))
		fail(4);
	struct arm_thread_state64 s;
	if (state) {
		if ((int32_t)read_u32(msg + at) != ARM_THREAD_STATE64 ||
		    read_u32(msg + at + 4) != ARM_THREAD_STATE64_COUNT)
			fail(5);
		__builtin_memcpy(&s, msg + at + 8, sizeof(s));
		at += 8 + sizeof(s);
	}
	if (h->msgh_size != at)
		fail(6);

	if (state) {
		if (s.pc != want.pc)
			fail(7);
		s.pc = want.resume;
		s.x[0] = want.x0;
		/* mig's layout: RetCode, then flavor, count and the new state. */
		uint32_t words[3] = {KERN_SUCCESS, ARM_THREAD_STATE64, ARM_THREAD_STATE64_COUNT};
		__builtin_memcpy(r + sizeof(mach_msg_header_t) + 8, words, sizeof(words));
		__builtin_memcpy(r + sizeof(mach_msg_header_t) + 20, &s, sizeof(s));
		handled++;
		return sizeof(mach_msg_header_t) + 20 + sizeof(s);
	}
	/* DEFAULT: the handler changes the thread itself, through its thread port. */
	if (thread_state_call(THREAD_GET_STATE, thread, reply, &s) != KERN_SUCCESS ||
	    s.pc != want.pc)
		fail(8);
	s.pc = want.resume;
	s.x[0] = want.x0;
	if (thread_state_call(THREAD_SET_STATE, thread, reply, &s) != KERN_SUCCESS)
		fail(9);
	err->RetCode = KERN_SUCCESS;
	handled++;
	return sizeof(*err);
}

static volatile int neon_next; /* the next message carries NEON state: see handle_neon() */

/*
 * A mach_exception_raise_state_identity message with ARM_NEON_STATE64: the
 * raising code's v30 (0x5555) is in it; the answer puts want.x0 in v30 and,
 * through the thread port, moves the pc past the breakpoint.
 */
static uint32_t handle_neon(const unsigned char *msg, unsigned char *r, uint32_t reply)
{
	const mach_msg_header_t *h = (const void *)msg;
	const mach_msg_port_descriptor_t *d = (const void *)(msg + sizeof(*h) + 4);
	/* Header, body, two ports, NDR, exception, count, two 64-bit codes, flavor, count. */
	const uint32_t at = sizeof(*h) + 4 + 2 * sizeof(*d) + 8 + 8 + 16;
	uint32_t neon[ARM_NEON_STATE64_COUNT];
	struct arm_thread_state64 s;

	((mig_reply_error_t *)r)->Head.msgh_id = h->msgh_id + 100;
	((mig_reply_error_t *)r)->NDR[1] = 1;
	((mig_reply_error_t *)r)->RetCode = KERN_FAILURE;
	if (h->msgh_id != MACH_EXCEPTION_RAISE + 2 || h->msgh_size != at + 8 + sizeof(neon) ||
	    read_u32(msg + at) != ARM_NEON_STATE64 ||
	    read_u32(msg + at + 4) != ARM_NEON_STATE64_COUNT) {
		fail(20);
		return sizeof(mig_reply_error_t);
	}
	__builtin_memcpy(neon, msg + at + 8, sizeof(neon));
	if (neon[120] != 0x5555 || neon[121] != 0)
		fail(21);
	if (thread_state_call(THREAD_GET_STATE, d[0].name, reply, &s) != KERN_SUCCESS ||
	    s.pc != want.pc)
		fail(22);
	s.pc += 4;
	if (thread_state_call(THREAD_SET_STATE, d[0].name, reply, &s) != KERN_SUCCESS)
		fail(22);
	neon[120] = (uint32_t)want.x0;
	uint32_t words[3] = {KERN_SUCCESS, ARM_NEON_STATE64, ARM_NEON_STATE64_COUNT};
	__builtin_memcpy(r + sizeof(mach_msg_header_t) + 8, words, sizeof(words));
	__builtin_memcpy(r + sizeof(mach_msg_header_t) + 20, neon, sizeof(neon));
	mach_port_deallocate(task, d[0].name);
	mach_port_deallocate(task, d[1].name);
	handled++;
	return sizeof(mach_msg_header_t) + 20 + sizeof(neon);
}

static volatile int misuse_reply; /* the next EXCEPTION_DEFAULT message: see misuse() */
static volatile int misuse_result = -1;

/*
 * Instead of answering, gives the reply right to the kernel as the notify
 * port of a no-senders request that fires at once: the notification is all
 * the waiting thread's reply port ever gets.
 */
static void misuse(uint32_t reply_right)
{
	uint32_t p, previous;

	if (mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &p) != KERN_SUCCESS)
		return;
	misuse_result =
	    (int)trap7(-77 /* request_notification */, task, p, MACH_NOTIFY_NO_SENDERS, 0,
	               reply_right, MACH_MSG_TYPE_MOVE_SEND_ONCE, (uint64_t)&previous);
	mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1);
}

/* The second thread: handles every exception message arriving on `port`. */
static void handler(uint32_t port)
{
	uint32_t reply = mach_reply_port();
	union {
		mach_msg_header_t Head;
		unsigned char bytes[1024]; /* room for the NEON state */
	} m, r;

	for (;;) {
		if (mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0) != MACH_MSG_SUCCESS)
			continue;
		if (neon_next) {
			neon_next = 0;
			uint32_t size = handle_neon(m.bytes, r.bytes, reply);
			r.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
			r.Head.msgh_remote_port = m.Head.msgh_remote_port;
			mach_msg(&r, MACH_SEND_MSG, size, 0, 0, 0, 0);
			continue;
		}
		if (misuse_reply && m.Head.msgh_id == EXCEPTION_RAISE) {
			misuse_reply = 0;
			misuse(m.Head.msgh_remote_port);
			mach_port_deallocate(task, main_thread);
			mach_port_deallocate(task, task);
			continue;
		}
		__builtin_memset(&r, 0, sizeof(r));
		uint32_t size = handle(m.bytes, r.bytes, reply);
		/* The rights the message carried added references to our names for them. */
		if (m.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) {
			mach_port_deallocate(task, main_thread);
			mach_port_deallocate(task, task);
		}
		r.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		r.Head.msgh_remote_port = m.Head.msgh_remote_port;
		mach_msg(&r, MACH_SEND_MSG, size, 0, 0, 0, 0);
	}
}

/* (thread|task|host)_set_exception_ports(target, RAISED_MASK, port, behavior, flavor). */
static int set_handler_flavor(int id, uint32_t target, uint32_t reply, uint32_t port,
                              uint32_t behavior, int32_t flavor)
{
	union {
		struct {
			mach_msg_header_t Head;
			mach_msg_body_t body;
			mach_msg_port_descriptor_t port;
			uint32_t NDR[2];
			uint32_t mask;
			uint32_t behavior;
			int32_t flavor;
		} req;
		struct {
			mig_reply_error_t rep;
			mach_msg_trailer_t trailer;
		} rep;
	} m;

	m.req.Head = (mach_msg_header_t){
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	                 MACH_MSGH_BITS_COMPLEX,
	    .msgh_remote_port = target,
	    .msgh_local_port = reply,
	    .msgh_id = id};
	m.req.body.msgh_descriptor_count = 1;
	m.req.port = (mach_msg_port_descriptor_t){
	    .name = port, .disposition = MACH_MSG_TYPE_MAKE_SEND, .type = MACH_MSG_PORT_DESCRIPTOR};
	m.req.NDR[0] = 0;
	m.req.NDR[1] = 1;
	m.req.mask = RAISED_MASK;
	m.req.behavior = behavior;
	m.req.flavor = flavor;
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m.req),
	                  sizeof(m), reply, 1000, 0);
	return mr != MACH_MSG_SUCCESS ? mr : m.rep.rep.RetCode;
}

static int set_handler(int id, uint32_t target, uint32_t reply, uint32_t port, uint32_t behavior)
{
	return set_handler_flavor(id, target, reply, port, behavior, ARM_THREAD_STATE64);
}

/* One way to raise an exception: what the handler must see, where the thread goes on. */
struct kind {
	uint64_t (*raise)(uint64_t);
	int exc;
	int64_t code[2];
	int check_subcode;
	unsigned pc_offset; /* from raise: the faulting instruction, or past the `svc` */
	unsigned resume_offset;
};

/* Raises each exception in turn; whether each came back as the handler said. */
static int raise_each(uint32_t behavior, uint64_t base)
{
	/* After `svc` the pc is past it already: the thread goes on from there. */
	const struct kind kinds[] = {
	    {raise_bad_access, EXC_BAD_ACCESS, {KERN_INVALID_ADDRESS, BAD_ADDRESS}, 1, 0, 4},
	    /* `udf #7` is the word 0x00000007, which XNU gives as the subcode. */
	    {raise_undefined, EXC_BAD_INSTRUCTION, {EXC_ARM_UNDEFINED, 7}, 1, 0, 4},
	    {raise_breakpoint, EXC_BREAKPOINT, {EXC_ARM_BREAKPOINT, 5}, 1, 0, 4},
	    {raise_syscall, EXC_SYSCALL, {BSD_CALL, 0}, 1, 8, 8},
	    {raise_mach_syscall, EXC_MACH_SYSCALL, {BAD_TRAP, 0}, 1, 8, 8},
	    /* A platform call the kernel does not know: its code comes as the subcode. */
	    {raise_platform, EXC_SYSCALL, {PLATFORM_SYSCALL_CODE, 9}, 1, 12, 12},
	};

	for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const struct kind *k = &kinds[i];
		want.exc = k->exc;
		want.code[0] = k->code[0];
		want.code[1] = k->code[1];
		want.check_subcode = k->check_subcode;
		want.pc = (uint64_t)k->raise + k->pc_offset;
		want.resume = (uint64_t)k->raise + k->resume_offset;
		want.behavior = behavior;
		want.x0 = base + i;
		unsigned before = handled;
		if (k->raise(BAD_ADDRESS) != base + i || handled != before + 1 || handler_error)
			return 0;
	}
	return 1;
}

/* Level 0: the thread's handler; 1: the task's; 2: the host's (host_priv: the boot task's). */
static const struct {
	int id;
	uint32_t *target;
} levels[] = {
    {THREAD_SET_EXCEPTION_PORTS, &main_thread},
    {TASK_SET_EXCEPTION_PORTS, &task},
    {HOST_SET_EXCEPTION_PORTS, &host},
};

/* Every behavior at every level, the other levels without a handler. */
static int each_level(uint32_t reply, uint32_t port)
{
	static const uint32_t behaviors[] = {
	    EXCEPTION_DEFAULT,
	    EXCEPTION_STATE,
	    EXCEPTION_STATE_IDENTITY,
	    EXCEPTION_DEFAULT | MACH_EXCEPTION_CODES,
	    EXCEPTION_STATE | MACH_EXCEPTION_CODES,
	    EXCEPTION_STATE_IDENTITY | MACH_EXCEPTION_CODES,
	};

	for (int level = 0; level < 3; level++) {
		for (int b = 0; b < 6; b++) {
			int n = 10 + 10 * level + b;
			CHECK(n, set_handler(levels[level].id, *levels[level].target, reply, port,
			                     behaviors[b]) == KERN_SUCCESS);
			int ok = raise_each(behaviors[b], 0x1000 * (uint64_t)(n + 1));
			if (handler_error)
				return 100 + handler_error;
			CHECK(n, ok);
		}
		CHECK(9, set_handler(levels[level].id, *levels[level].target, reply, MACH_PORT_NULL,
		                     EXCEPTION_DEFAULT) == KERN_SUCCESS);
	}
	CHECK(9, handled == 3 * 6 * 6);

	/*
	 * 40: a thread-level handler that spends the reply right on a notification
	 * is taken to have refused: the task-level handler gets the exception.
	 * (Queued on the kernel's reply port, the notification would hold the
	 * right, and the thread would wait for ever.)
	 */
	CHECK(40, set_handler(THREAD_SET_EXCEPTION_PORTS, main_thread, reply, port,
	                      EXCEPTION_DEFAULT) == KERN_SUCCESS);
	CHECK(40, set_handler(TASK_SET_EXCEPTION_PORTS, task, reply, port, EXCEPTION_STATE) ==
	              KERN_SUCCESS);
	want.exc = EXC_BREAKPOINT;
	want.code[0] = EXC_ARM_BREAKPOINT;
	want.code[1] = 5;
	want.check_subcode = 1;
	want.pc = (uint64_t)raise_breakpoint;
	want.resume = (uint64_t)raise_breakpoint + 4;
	want.behavior = EXCEPTION_STATE;
	want.x0 = 0x4040;
	misuse_reply = 1;
	CHECK(40, raise_breakpoint(0) == 0x4040 && !handler_error);
	CHECK(40, misuse_result == KERN_SUCCESS && !misuse_reply);
	CHECK(40, set_handler(THREAD_SET_EXCEPTION_PORTS, main_thread, reply, MACH_PORT_NULL,
	                      EXCEPTION_DEFAULT) == KERN_SUCCESS);
	CHECK(40, set_handler(TASK_SET_EXCEPTION_PORTS, task, reply, MACH_PORT_NULL,
	                      EXCEPTION_DEFAULT) == KERN_SUCCESS);

	/* 41: a handler may ask for the NEON registers instead, and answer with new ones. */
	CHECK(41, set_handler_flavor(THREAD_SET_EXCEPTION_PORTS, main_thread, reply, port,
	                             EXCEPTION_STATE_IDENTITY | MACH_EXCEPTION_CODES,
	                             ARM_NEON_STATE64) == KERN_SUCCESS);
	want.pc = (uint64_t)raise_neon + 8;
	want.x0 = 0x4141;
	neon_next = 1;
	unsigned before = handled;
	CHECK(41, raise_neon() == 0x4141 && handled == before + 1 && !handler_error);
	CHECK(41, set_handler_flavor(THREAD_SET_EXCEPTION_PORTS, main_thread, reply, port,
	                             EXCEPTION_STATE, 7 /* ARM_EXCEPTION_STATE64: not given */) ==
	              KERN_INVALID_ARGUMENT);
	CHECK(41, set_handler(THREAD_SET_EXCEPTION_PORTS, main_thread, reply, MACH_PORT_NULL,
	                      EXCEPTION_DEFAULT) == KERN_SUCCESS);
	return 0;
}

int main(void)
{
	uint32_t reply = mach_reply_port(), port;

	task = task_self();
	main_thread = thread_self();
	host = host_self();
	CHECK(1, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(1, thread_start_simple(task, reply, handler, port,
	                             handler_stack + sizeof(handler_stack)) != 0);
	int failed = each_level(reply, port);
	/* No handler left anywhere: the exit must go unhandled, to be reported. */
	for (int level = 0; level < 3; level++)
		set_handler(levels[level].id, *levels[level].target, reply, MACH_PORT_NULL,
		            EXCEPTION_DEFAULT);
	return failed;
}
