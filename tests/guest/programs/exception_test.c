/*
 * Exception ports from user mode: a second thread serves this task's
 * exception port, and the main thread's own. The main thread faults on
 * purpose: a null read (task level, mach_exception_raise_state_identity)
 * resumes past the load with a value the handler chose; breakpoints go to
 * the thread level first (exception_raise_state), which handles one and
 * refuses, abandons or answers malformed the others, so the task level
 * handles those. set_exception_ports rejects bad arguments. Finally the exit
 * (EXC_SYSCALL) goes to a task-level exception_raise handler that refuses
 * it, so the kernel reports it (exit status in x0) and ends the task; if that
 * handler's checks fail it terminates the task instead, and no report shows.
 */
#include <stddef.h>

#include "mach/exception_types.h"
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define TASK_TERMINATE                      3401
#define TASK_SET_EXCEPTION_PORTS            3413
#define THREAD_SET_EXCEPTION_PORTS          3613
#define EXCEPTION_RAISE                     2401
#define EXCEPTION_RAISE_STATE               2402
#define MACH_EXCEPTION_RAISE_STATE_IDENTITY 2407
#define THREAD_STATE_NONE                   5
#define BAD_ADDRESS                         0x18

/* MIG's layouts (4-byte packing), as exc.defs and mach_exc.defs generate them. */
#pragma pack(push, 4)
struct set_exception_ports_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t new_port;
	uint32_t NDR[2];
	uint32_t exception_mask;
	uint32_t behavior;
	int32_t new_flavor;
};

struct identity {
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t thread;
	mach_msg_port_descriptor_t task;
};

struct raise_request { /* 2401 */
	mach_msg_header_t Head;
	struct identity id;
	uint32_t NDR[2];
	int32_t exception;
	uint32_t codeCnt;
	int32_t code[2];
};

struct raise_state_request { /* 2402 */
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t exception;
	uint32_t codeCnt;
	int32_t code[2];
	int32_t flavor;
	uint32_t old_stateCnt;
	struct arm_thread_state64 old_state;
};

struct mach_raise_state_identity_request { /* 2407 */
	mach_msg_header_t Head;
	struct identity id;
	uint32_t NDR[2];
	int32_t exception;
	uint32_t codeCnt;
	int64_t code[2];
	int32_t flavor;
	uint32_t old_stateCnt;
	struct arm_thread_state64 old_state;
};

struct state_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	int32_t flavor;
	uint32_t new_stateCnt;
	struct arm_thread_state64 new_state;
};
#pragma pack(pop)

_Static_assert(sizeof(struct raise_request) == 76, "exception_raise layout");
_Static_assert(sizeof(struct raise_state_request) == 328, "exception_raise_state layout");
_Static_assert(sizeof(struct mach_raise_state_identity_request) == 364, "identity layout");

/* Each faults on its first instruction; the handler resumes it at the `ret`. */
__asm__(".text\n"
        ".globl _bad_load, _brk_refused, _brk_handled, _brk_abandoned, _brk_malformed\n"
        ".p2align 2\n"
        "_bad_load: ldr x0, [x0]\n ret\n"
        "_brk_refused: brk #7\n ret\n"
        "_brk_handled: brk #8\n ret\n"
        "_brk_abandoned: brk #9\n ret\n"
        "_brk_malformed: brk #10\n ret\n");
extern uint64_t bad_load(uint64_t address);
extern uint64_t brk_refused(void), brk_handled(void), brk_abandoned(void), brk_malformed(void);

static unsigned char handler_stack[64 * 1024] __attribute__((aligned(16)));
static uint32_t task, main_thread;
static volatile int handler_error; /* the first failed check in the handler */
static volatile int32_t seen[16];  /* msgh_id * 100 + subcode of each exception */
static volatile unsigned nseen;

/* Where the breakpoint with this immediate is. */
static uint64_t brk_address(int64_t imm)
{
	switch (imm) {
	case 7: return (uint64_t)brk_refused;
	case 8: return (uint64_t)brk_handled;
	case 9: return (uint64_t)brk_abandoned;
	case 10: return (uint64_t)brk_malformed;
	default: return 0;
	}
}

static int identity_ok(const mach_msg_header_t *h, const struct identity *id)
{
	int ok = (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	         id->msgh_body.msgh_descriptor_count == 2 && id->thread.name == main_thread &&
	         id->task.name == task && id->thread.disposition == MACH_MSG_TYPE_PORT_SEND &&
	         id->task.disposition == MACH_MSG_TYPE_PORT_SEND;
	/* The message's rights added references to our names for them. */
	mach_port_deallocate(task, id->thread.name);
	mach_port_deallocate(task, id->task.name);
	return ok;
}

static void fail(int n)
{
	if (!handler_error)
		handler_error = n;
}

static void note(int32_t id, int64_t subcode)
{
	if (nseen < sizeof(seen) / sizeof(seen[0]))
		seen[nseen] = id * 100 + (int32_t)subcode;
	nseen++;
}

/* Answers with a new state: resume after the faulting instruction with x0 = `x0`. */
static uint32_t state_answer(struct state_reply *r, const struct arm_thread_state64 *old,
                             uint64_t x0)
{
	r->new_state = *old;
	r->new_state.pc += 4;
	r->new_state.x[0] = x0;
	r->RetCode = KERN_SUCCESS;
	r->flavor = ARM_THREAD_STATE64;
	r->new_stateCnt = ARM_THREAD_STATE64_COUNT;
	return sizeof(*r);
}

/* Handles one exception message; returns the reply's size (0: no reply). */
static uint32_t handle(void *msg, struct state_reply *r)
{
	const mach_msg_header_t *h = msg;

	r->Head.msgh_id = h->msgh_id + 100;
	r->RetCode = KERN_FAILURE;
	if (h->msgh_id == MACH_EXCEPTION_RAISE_STATE_IDENTITY) {
		/* Task level: the null read, and the breakpoints the thread level left. */
		const struct mach_raise_state_identity_request *q = msg;
		note(h->msgh_id, q->code[1]);
		if (h->msgh_size != sizeof(*q) || !identity_ok(h, &q->id) || q->codeCnt != 2 ||
		    q->flavor != ARM_THREAD_STATE64 || q->old_stateCnt != ARM_THREAD_STATE64_COUNT)
			fail(50);
		else if (q->exception == EXC_BAD_ACCESS && q->code[0] == KERN_INVALID_ADDRESS &&
		         q->code[1] == BAD_ADDRESS && q->old_state.pc == (uint64_t)bad_load &&
		         q->old_state.x[0] == BAD_ADDRESS)
			return state_answer(r, &q->old_state, 1234);
		else if (q->exception == EXC_BREAKPOINT && q->code[0] == EXC_ARM_BREAKPOINT &&
		         q->old_state.pc == brk_address(q->code[1]))
			return state_answer(r, &q->old_state, 2000 + (uint64_t)q->code[1]);
		else
			fail(51);
	} else if (h->msgh_id == EXCEPTION_RAISE_STATE) {
		/* Thread level: breakpoints only, each immediate asking for one outcome. */
		const struct raise_state_request *q = msg;
		note(h->msgh_id, q->code[1]);
		if (h->msgh_size != sizeof(*q) || (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
		    q->exception != EXC_BREAKPOINT || q->code[0] != EXC_ARM_BREAKPOINT ||
		    q->old_state.pc != brk_address(q->code[1]))
			fail(52);
		else if (q->code[1] == 8)
			return state_answer(r, &q->old_state, 1008);
		else if (q->code[1] == 9) {
			mach_port_deallocate(task, h->msgh_remote_port);
			return 0;
		} else if (q->code[1] == 10)
			return state_answer(r, &q->old_state, 1010) - 4;
	} else if (h->msgh_id == EXCEPTION_RAISE) {
		/* The exit: refused, so the kernel reports it; failed checks end the task silently.
		 */
		const struct raise_request *q = msg;
		if (h->msgh_size != sizeof(*q) || !identity_ok(h, &q->id) || q->codeCnt != 2 ||
		    q->exception != EXC_SYSCALL || q->code[0] != 1 || q->code[1] != 0) {
			mach_msg_header_t t = {
			    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			    .msgh_size = sizeof(t),
			    .msgh_remote_port = task,
			    .msgh_id = TASK_TERMINATE,
			};
			mach_msg(&t, MACH_SEND_MSG, sizeof(t), 0, 0, 0, 0);
			return 0;
		}
	} else {
		fail(53);
	}
	return sizeof(mig_reply_error_t);
}

/* The second thread: serves exception messages arriving on `port`. */
static void handler(uint32_t port)
{
	union {
		struct mach_raise_state_identity_request big;
		unsigned char room[sizeof(struct mach_raise_state_identity_request) + 64];
	} m;
	struct state_reply r;

	for (;;) {
		if (mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0) != MACH_MSG_SUCCESS)
			continue;
		__builtin_memset(&r, 0, sizeof(r));
		r.NDR[1] = 1;
		uint32_t size = handle(&m, &r);
		if (!size)
			continue;
		r.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		r.Head.msgh_remote_port = m.big.Head.msgh_remote_port;
		mach_msg(&r, MACH_SEND_MSG, size, 0, 0, 0, 0);
	}
}

/* What (task|thread)_get_exception_ports and _swap_ answer (MIG's layout, 32 ports). */
struct handlers_reply {
	mach_msg_header_t Head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t handlers[32];
	uint32_t NDR[2];
	uint32_t count;
	uint32_t arrays[3 * 32]; /* masks[count], behaviors[count], flavors[count] */
	mach_msg_trailer_t trailer;
};

/*
 * (task|thread)_set_exception_ports by message id (`trim` shortens the
 * request), or _swap_ with the old handlers answered into *answer.
 */
static int exception_ports_call(mach_msg_id_t id, uint32_t target, uint32_t reply, uint32_t mask,
                                uint32_t port, uint32_t behavior, int32_t flavor, uint32_t trim,
                                struct handlers_reply *answer)
{
	/* Not zero-initialized as a whole: the compiler would call bzero, which has no home here. */
	union {
		struct set_exception_ports_request req;
		struct handlers_reply rep;
	} m;

	m.req = (struct set_exception_ports_request){0};
	m.req.Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	    MACH_MSGH_BITS_COMPLEX;
	m.req.Head.msgh_remote_port = target;
	m.req.Head.msgh_local_port = reply;
	m.req.Head.msgh_id = id;
	m.req.msgh_body.msgh_descriptor_count = 1;
	m.req.new_port.name = port;
	m.req.new_port.disposition = MACH_MSG_TYPE_MAKE_SEND;
	m.req.new_port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.req.NDR[1] = 1;
	m.req.exception_mask = mask;
	m.req.behavior = behavior;
	m.req.new_flavor = flavor;
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m.req) - trim,
	                  sizeof(m), reply, 1000, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (!(m.rep.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return ((mig_reply_error_t *)&m)->RetCode;
	if (answer)
		*answer = m.rep;
	return KERN_SUCCESS;
}

static int set_exception_ports(mach_msg_id_t id, uint32_t target, uint32_t reply, uint32_t mask,
                               uint32_t port, uint32_t behavior, int32_t flavor, uint32_t trim)
{
	return exception_ports_call(id, target, reply, mask, port, behavior, flavor, trim, NULL);
}

/* (task|thread)_get_exception_ports(target, mask): the RetCode; the handlers in *r. */
static int get_exception_ports(mach_msg_id_t id, uint32_t target, uint32_t reply, uint32_t mask,
                               struct handlers_reply *r)
{
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		uint32_t mask;
	} req = {.Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                              MACH_MSG_TYPE_MAKE_SEND_ONCE),
	                  .msgh_remote_port = target,
	                  .msgh_local_port = reply,
	                  .msgh_id = id},
	         .NDR = {0, 1},
	         .mask = mask};

	if (mach_msg(&req, MACH_SEND_MSG, sizeof(req), 0, 0, 0, 0) != MACH_MSG_SUCCESS ||
	    mach_msg(r, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*r), reply, 1000, 0) !=
	        MACH_MSG_SUCCESS)
		return -1;
	return (r->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ? KERN_SUCCESS
	                                                   : ((mig_reply_error_t *)r)->RetCode;
}

/* 11: the handlers read back, grouped by handler; a swap answers the old ones. */
static int handlers_test(uint32_t task, uint32_t reply, uint32_t port, uint32_t state_identity64)
{
	struct handlers_reply r;

	CHECK(11, get_exception_ports(TASK_SET_EXCEPTION_PORTS + 1, task, reply,
	                              EXC_MASK_BAD_ACCESS | EXC_MASK_BREAKPOINT | EXC_MASK_SYSCALL,
	                              &r) == KERN_SUCCESS);
	CHECK(11, r.body.msgh_descriptor_count == 32 && r.count == 2);
	/* The task's handler for two exceptions, then nobody for the third. */
	CHECK(11, r.arrays[0] == (EXC_MASK_BAD_ACCESS | EXC_MASK_BREAKPOINT) &&
	              r.handlers[0].name == port &&
	              r.handlers[0].disposition == MACH_MSG_TYPE_PORT_SEND &&
	              r.arrays[2] == state_identity64 && r.arrays[4] == ARM_THREAD_STATE64);
	CHECK(11, r.arrays[1] == EXC_MASK_SYSCALL && r.handlers[1].name == MACH_PORT_NULL &&
	              r.handlers[2].name == MACH_PORT_NULL);
	mach_port_deallocate(task, port); /* the copy the reply carried */
	CHECK(11, get_exception_ports(TASK_SET_EXCEPTION_PORTS + 1, task, reply, 1, &r) ==
	              KERN_INVALID_ARGUMENT);

	/* Swapped, the thread's breakpoint handler comes back in the answer; then put back. */
	CHECK(11, exception_ports_call(THREAD_SET_EXCEPTION_PORTS + 2, main_thread, reply,
	                               EXC_MASK_BREAKPOINT, MACH_PORT_NULL, EXCEPTION_DEFAULT,
	                               THREAD_STATE_NONE, 0, &r) == KERN_SUCCESS);
	CHECK(11, r.count == 1 && r.arrays[0] == EXC_MASK_BREAKPOINT && r.handlers[0].name == port &&
	              r.arrays[1] == EXCEPTION_STATE && r.arrays[2] == ARM_THREAD_STATE64);
	mach_port_deallocate(task, port);
	CHECK(11, get_exception_ports(THREAD_SET_EXCEPTION_PORTS + 1, main_thread, reply,
	                              EXC_MASK_BREAKPOINT, &r) == KERN_SUCCESS);
	CHECK(11, r.count == 1 && r.handlers[0].name == MACH_PORT_NULL);
	CHECK(11, set_exception_ports(THREAD_SET_EXCEPTION_PORTS, main_thread, reply,
	                              EXC_MASK_BREAKPOINT, port, EXCEPTION_STATE, ARM_THREAD_STATE64,
	                              0) == KERN_SUCCESS);
	return 0;
}

int main(void)
{
	uint32_t reply = mach_reply_port(), port;
	const uint32_t state_identity64 = EXCEPTION_STATE_IDENTITY | MACH_EXCEPTION_CODES;

	task = task_self();
	main_thread = thread_self();
	CHECK(1, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(1, thread_start_simple(task, reply, handler, port,
	                             handler_stack + sizeof(handler_stack)) != 0);

	/* 2: bad arguments are refused: mask bits, behavior, flavor, a short request. */
	CHECK(2,
	      set_exception_ports(TASK_SET_EXCEPTION_PORTS, task, reply, 1, port, EXCEPTION_DEFAULT,
	                          ARM_THREAD_STATE64, 0) == KERN_INVALID_ARGUMENT);
	CHECK(2, set_exception_ports(TASK_SET_EXCEPTION_PORTS, task, reply, 1u << EXC_TYPES_COUNT,
	                             port, EXCEPTION_DEFAULT, ARM_THREAD_STATE64,
	                             0) == KERN_INVALID_ARGUMENT);
	CHECK(2, set_exception_ports(TASK_SET_EXCEPTION_PORTS, task, reply, EXC_MASK_BAD_ACCESS,
	                             port, 4, ARM_THREAD_STATE64, 0) == KERN_INVALID_ARGUMENT);
	CHECK(2, set_exception_ports(TASK_SET_EXCEPTION_PORTS, task, reply, EXC_MASK_BAD_ACCESS,
	                             port, EXCEPTION_STATE, 7, 0) == KERN_INVALID_ARGUMENT);
	CHECK(2, set_exception_ports(THREAD_SET_EXCEPTION_PORTS, main_thread, reply,
	                             EXC_MASK_BREAKPOINT, port, 0, ARM_THREAD_STATE64,
	                             0) == KERN_INVALID_ARGUMENT);
	CHECK(2,
	      set_exception_ports(TASK_SET_EXCEPTION_PORTS, task, reply, EXC_MASK_BAD_ACCESS, port,
	                          EXCEPTION_STATE, ARM_THREAD_STATE64, 4) == MIG_BAD_ARGUMENTS);

	/* 3: the handlers: the task's for bad accesses and breakpoints, the thread's for
	 * breakpoints. */
	CHECK(3, set_exception_ports(TASK_SET_EXCEPTION_PORTS, task, reply,
	                             EXC_MASK_BAD_ACCESS | EXC_MASK_BREAKPOINT, port,
	                             state_identity64, ARM_THREAD_STATE64, 0) == KERN_SUCCESS);
	CHECK(3, set_exception_ports(THREAD_SET_EXCEPTION_PORTS, main_thread, reply,
	                             EXC_MASK_BREAKPOINT, port, EXCEPTION_STATE, ARM_THREAD_STATE64,
	                             0) == KERN_SUCCESS);

	/* 4: a null read resumes after the load with the handler's value in the register. */
	CHECK(4, bad_load(BAD_ADDRESS) == 1234 && !handler_error);
	CHECK(4, nseen == 1 && seen[0] == MACH_EXCEPTION_RAISE_STATE_IDENTITY * 100 + BAD_ADDRESS);
	/* 5: the thread's handler comes first and can resume the thread itself. */
	CHECK(5, brk_handled() == 1008 && nseen == 2 && seen[1] == EXCEPTION_RAISE_STATE * 100 + 8);
	/* 6: when it refuses, the task's handler gets the exception. */
	CHECK(6, brk_refused() == 2007 && nseen == 4 &&
	             seen[2] == EXCEPTION_RAISE_STATE * 100 + 7 &&
	             seen[3] == MACH_EXCEPTION_RAISE_STATE_IDENTITY * 100 + 7);
	/* 7: so it does when the thread's handler drops the reply right... */
	CHECK(7, brk_abandoned() == 2009 && nseen == 6 &&
	             seen[5] == MACH_EXCEPTION_RAISE_STATE_IDENTITY * 100 + 9);
	/* 8: ...or answers with a malformed reply (whose state is not applied). */
	CHECK(8, brk_malformed() == 2010 && nseen == 8 &&
	             seen[7] == MACH_EXCEPTION_RAISE_STATE_IDENTITY * 100 + 10);
	CHECK(9, !handler_error);
	if (handlers_test(task, reply, port, state_identity64))
		return 11;

	/* 10: the exit goes to a task-level EXCEPTION_DEFAULT handler with 32-bit codes. */
	CHECK(10, set_exception_ports(TASK_SET_EXCEPTION_PORTS, task, reply, EXC_MASK_SYSCALL, port,
	                              EXCEPTION_DEFAULT, THREAD_STATE_NONE, 0) == KERN_SUCCESS);
	return 0;
}
