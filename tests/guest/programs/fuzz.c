/*
 * A bounded random fuzzer of the Mach traps and messages, run as the boot
 * task. With a fixed seed it does ITERATIONS random operations, each with
 * hostile arguments drawn from pools of interesting values: names it holds,
 * stale names, MACH_PORT_NULL and MACH_PORT_DEAD, made-up and random names,
 * every disposition and right, random header bits and descriptors, bad
 * pointers and sizes, MIG requests to the kernel's objects, semaphore and
 * timer traps, and mach_vm routines and Tessera's copy traps on a second,
 * empty task (the victim). Every send and receive has a zero timeout and every
 * semaphore wait a short one, so nothing blocks for long. At the end it destroys
 * every right it holds, so the kernel's leak counters read 0 once the task
 * ends.
 *
 * The program never touches memory it lets the fuzzed operations destroy:
 * vm_deallocate/vm_protect and OOL "deallocate" only ever aim at the arena
 * (a range the program itself never reads or writes), at regions the
 * fuzzer allocated, or at addresses that must be refused. It avoids the
 * routines that would end the test (task_terminate, thread_terminate, a
 * valid thread_create_running) and every reply id that would look like them.
 *
 * Returns 0 when it reaches the end; otherwise (check << 16) | iteration.
 * argv[1] (bootstrap.arg=N) runs N iterations instead, to narrow down a failure;
 * N:S runs them from seed S, to explore other sequences by hand.
 */
#include <stddef.h>
#include <stdint.h>

#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/notify.h"
#include "mach/port.h"
#include "mach/syscall_forward.h"
#include "mach/tessera_vm_copy.h"
#define FUZZ_SEED 0x9e3779b97f4a7c15ull
#include "fuzz.h"
#include "threads.h"
#include "user.h"

#define ITERATIONS 20000 /* unless argv[1] gives another count */
#define NAMES      48    /* names tracked for reuse and cleanup */
#define STALE      16    /* names that went away */
#define REGIONS    16    /* VM regions the fuzzer allocated */

#define ARENA_BASE 0x200000000ull /* the program's own data never lives here */
#define ARENA_SIZE 0x100000ull
#define STACK_LOW  0x168000000ull /* USER_STACK_TOP - USER_STACK_SIZE (kern/bootstrap.c) */
#define STACK_HIGH 0x170000000ull
#define IMAGE_LOW  0x100000000ull

#define MSG_ROOM  2048 /* send buffer */
#define RCV_ROOM  2048 /* largest rcv_size used on the receive buffer */
#define RCV_SLACK 128  /* canary bytes past it: the kernel must not write there */
#define CANARY    0xa5

#define MIG_PORT_TYPE            3201
#define MIG_PORT_DESTROY         3205
#define MIG_TASK_SET_PORT        3410
#define MIG_THREAD_CREATE        3412
#define MIG_SEMAPHORE_CREATE     3418
#define TRAP_MK_TIMER_CREATE     (-91)
#define TRAP_MK_TIMER_DESTROY    (-92)
#define TRAP_MK_TIMER_ARM        (-93)
#define TRAP_MK_TIMER_CANCEL     (-94)
#define TRAP_MK_TIMER_ARM_LEEWAY (-95)

static uint32_t task, thread, host; /* this task's self names (task refreshed every step) */
static uint32_t rpc;                /* the reply port of our own RPCs; never fuzzed */
static uint32_t names[NAMES];
static uint32_t stale[STALE];
static unsigned nstale;
static struct {
	uint64_t address, size;
} regions[REGIONS];
static unsigned next_region;

static union {
	mach_msg_header_t header;
	uint32_t w[MSG_ROOM / 4];
} sbuf;
static union {
	mach_msg_header_t header;
	uint32_t w[(RCV_ROOM + RCV_SLACK) / 4];
} rbuf;
static union {
	mach_msg_header_t header;
	uint32_t w[64];
} rpc_reply; /* our own RPCs' replies */
static uint32_t name_array[1024]; /* OOL port arrays: the kernel's largest, so a long count reads
                                     MACH_PORT_NULL rather than the program's other data */   /* OOL port arrays sent */
static uint8_t scratch[256];      /* valid but unimportant out-parameter room */
static uint8_t image_end_mark[1]; /* roughly the end of the program's image */

/* Zero fill that the compiler cannot turn into a call to bzero, which we lack. */
static void zero(void *p, uint32_t bytes)
{
	volatile uint32_t *w = p;

	for (uint32_t i = 0; i < bytes / 4; i++)
		w[i] = 0;
}

/* --- Value pools -------------------------------------------------------- */

static uint32_t victim; /* an empty task made at the start: the mach_vm routines aim at it */

static uint32_t pick_name(void)
{
	uint32_t n;

	switch (below(12)) {
	case 0:
	case 1:
	case 2:
	case 3: n = names[below(NAMES)]; break;
	case 4: n = task; break;
	case 5: n = below(2) ? thread : host; break;
	case 6: n = MACH_PORT_NULL; break;
	case 7: n = MACH_PORT_DEAD; break;
	case 8: n = stale[below(STALE)]; break;
	case 9: n = MACH_PORT_MAKE(below(80), below(4)); break;
	case 10: n = (uint32_t)next(); break;
	default: n = names[below(NAMES)] ^ (1u << below(32)); break;
	}
	/* rpc and the victim's task port are never fuzzed: the program needs them to the end. */
	return n == rpc || n == victim ? MACH_PORT_NULL : n;
}

static uint32_t pick_disposition(void)
{
	if (below(4) == 0)
		return below(2) ? (uint32_t)next() & 0xff : below(32);
	return MACH_MSG_TYPE_MOVE_RECEIVE + below(7);
}

static uint32_t pick_right(void)
{
	return below(8) ? below(8) : (uint32_t)next();
}

static int32_t pick_delta(void)
{
	static const int32_t deltas[] = {0,     1,     -1, 2, -2, 3, 0x7fffffff, -0x7fffffff - 1,
	                                 65535, -65536};
	return below(4) ? deltas[below(3) + 1] : deltas[below(10)];
}

static uint64_t pick_size(void)
{
	static const uint64_t sizes[] = {0,
	                                 1,
	                                 4095,
	                                 4096,
	                                 4097,
	                                 8192,
	                                 65536,
	                                 ARENA_SIZE,
	                                 1ull << 20,
	                                 (4ull << 20) + 1,
	                                 0x7fffffff,
	                                 0xffffffff,
	                                 1ull << 47,
	                                 0x8000000000000000ull,
	                                 0xfffffffffffff000ull,
	                                 0xffffffffffffffffull};
	return below(3) ? (next() & 0x7fff) : sizes[below(16)];
}

/* Addresses no operation may use: every trap and message must refuse them. */
static uint64_t pick_bad_address(void)
{
	static const uint64_t bad[] = {0,
	                               0x10,
	                               0xfff,
	                               IMAGE_LOW, /* text: readable, never writable */
	                               0x7ff000000000ull,
	                               0x0001000000000000ull,
	                               0xffff000040080000ull,
	                               0xffffffffffffffffull,
	                               0xfffffffffffff000ull,
	                               0x8000000000000000ull};
	return bad[below(10)];
}

/* Where an out-parameter goes: valid, misaligned, in the arena, or bad. */
static uint64_t pick_out_pointer(void *good)
{
	switch (below(6)) {
	case 0: return pick_bad_address();
	case 1: return (uint64_t)scratch + 1 + below(7);
	case 2: return ARENA_BASE + (next() & (ARENA_SIZE - 1));
	default: return (uint64_t)good;
	}
}

/* A range that vm_deallocate/vm_protect may hit: the arena, a region of ours, or refused. */
static void pick_range(uint64_t *address, uint64_t *size, int *region)
{
	*region = -1;
	switch (below(4)) {
	case 0:
	case 1: {
		uint64_t at = next() & (ARENA_SIZE - 1) & ~(below(4) ? 0xfffull : 0);
		*address = ARENA_BASE + at;
		*size = next() % (ARENA_SIZE - at + 1);
		break;
	}
	case 2: {
		int r = (int)below(REGIONS);
		*address = regions[r].address;
		*size = regions[r].size;
		*region = r;
		if (*address == 0)
			*size = 4096;
		break;
	}
	default:
		/* Kernel addresses, or a range that wraps past the top. */
		if (below(2)) {
			*address = 0xffff000000000000ull + (next() & 0xffffffffffull);
			*size = next() & 0xffffffffull;
		} else {
			*address = ARENA_BASE + (next() & (ARENA_SIZE - 1));
			*size = -(ARENA_BASE >> below(3)) + below(3);
		}
		break;
	}
}

static int overlaps_program(uint64_t address, uint64_t size)
{
	uint64_t end = address + size;
	uint64_t image_high = (uint64_t)image_end_mark + 0x100000;

	return end < address || (address < image_high && end > IMAGE_LOW) ||
	       (address < STACK_HIGH && end > STACK_LOW);
}

/* --- Bookkeeping -------------------------------------------------------- */

static void forget(unsigned slot)
{
	if (names[slot]) {
		stale[nstale++ % STALE] = names[slot];
		names[slot] = MACH_PORT_NULL;
	}
}

static int rpc_call(void *req, uint32_t size, uint32_t *retcode, uint32_t *value);

/* Every right under `name` goes (mach_port_destroy). */
static void destroy_name(uint32_t name)
{
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		uint32_t name;
	} req = {.Head.msgh_id = MIG_PORT_DESTROY, .NDR = {0, 1}, .name = name};
	uint32_t kr;

	rpc_call(&req, sizeof(req), &kr, NULL);
}

/* Remembers a name the task now holds; a full table gives up its oldest entry. */
static void track(uint32_t name)
{
	static unsigned victim;

	if (!MACH_PORT_VALID(name) || name == task || name == thread || name == host || name == rpc)
		return;
	for (unsigned i = 0; i < NAMES; i++)
		if (names[i] == name)
			return;
	for (unsigned i = 0; i < NAMES; i++)
		if (names[i] == MACH_PORT_NULL) {
			names[i] = name;
			return;
		}
	victim = (victim + 1) % NAMES;
	destroy_name(names[victim]);
	forget(victim);
	names[victim] = name;
}

static void track_region(uint64_t address, uint64_t size)
{
	unsigned r = next_region++ % REGIONS;

	if (regions[r].address)
		mach_vm_deallocate(task, regions[r].address, regions[r].size);
	regions[r].address = address;
	regions[r].size = size;
}

/*
 * A message received whole into rbuf: track the rights it brought and give
 * back the memory it mapped. Returns 0, or a failed check.
 */
static int absorb(uint32_t rcv_size)
{
	mach_msg_header_t *h = &rbuf.header;
	uint32_t size = h->msgh_size;
	uint8_t *bytes = (uint8_t *)&rbuf;

	CHECK(20, size >= sizeof(mach_msg_header_t) && size <= rcv_size);
	if (MACH_MSGH_BITS_REMOTE(h->msgh_bits))
		track(h->msgh_remote_port);
	track(h->msgh_local_port);
	if (MACH_MSGH_BITS_VOUCHER(h->msgh_bits))
		track(h->msgh_voucher_port);
	if (!(h->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return 0;
	CHECK(21, size >= sizeof(mach_msg_header_t) + 4);
	uint32_t count = rbuf.w[sizeof(mach_msg_header_t) / 4];
	uint32_t at = sizeof(mach_msg_header_t) + 4;
	for (uint32_t i = 0; i < count; i++) {
		CHECK(22, at + 12 <= size);
		uint8_t type = bytes[at + 11];
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			mach_msg_port_descriptor_t *d = (void *)(bytes + at);
			track(d->name);
			at += 12;
			continue;
		}
		CHECK(23, type <= MACH_MSG_OOL_VOLATILE_DESCRIPTOR && at + 16 <= size);
		mach_msg_ool_descriptor64_t *ool = (void *)(bytes + at);
		uint64_t address = ool->address, length = ool->size;
		if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR)
			length = 4ull * ool->size; /* the count */
		if (address && length) {
			CHECK(24, !overlaps_program(address, length));
			if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR)
				for (uint32_t k = 0; k < ool->size; k++)
					track(((const uint32_t *)address)[k]);
			mach_vm_deallocate(task, address, length);
		}
		at += 16;
	}
	return 0;
}

/*
 * mach_msg on rbuf (whose first send_size bytes the caller filled when
 * `option` has MACH_SEND_MSG), receiving with a zero timeout; absorbs what
 * arrives. The kernel must write nothing past rcv_size.
 */
static int send_receive(uint32_t option, uint32_t send_size, uint32_t rcv_size, uint32_t name,
                        int *result)
{
	for (unsigned i = rcv_size; i < sizeof(rbuf); i++)
		((uint8_t *)&rbuf)[i] = CANARY;
	*result = mach_msg(&rbuf, MACH_RCV_MSG | MACH_RCV_TIMEOUT | option, send_size, rcv_size,
	                   name, 0, 0);
	for (unsigned i = rcv_size; i < sizeof(rbuf); i++)
		CHECK(25, ((uint8_t *)&rbuf)[i] == CANARY);
	if (*result == MACH_MSG_SUCCESS)
		return absorb(rcv_size);
	return 0;
}

static int receive(uint32_t name, uint32_t option, uint32_t rcv_size, int *result)
{
	return send_receive(option & ~MACH_SEND_MSG, 0, rcv_size, name, result);
}

/* A routine on our own task port, answered on rpc: its RetCode and first value. */
static int rpc_call(void *req, uint32_t size, uint32_t *retcode, uint32_t *value)
{
	mach_msg_header_t *h = req;
	h->msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* The step may have moved or destroyed `task`: a fresh reference, given back after. */
	uint32_t self = task_self();
	h->msgh_remote_port = self;
	h->msgh_local_port = rpc;
	int mr = mach_msg(req, MACH_SEND_MSG | MACH_SEND_TIMEOUT, size, 0, 0, 0, 0);
	mach_port_deallocate(self, self);
	if (mr != MACH_MSG_SUCCESS)
		return -1;
	/*
	 * A random step may have aborted this thread (thread_abort) during an
	 * earlier call's receive, leaving that call's reply queued on rpc: such
	 * late replies (simple, the routines used here) are passed over by id.
	 */
	mach_msg_id_t want = h->msgh_id + 100;
	for (unsigned tries = 0;; tries++) {
		mr = mach_msg(&rpc_reply, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(rpc_reply),
		              rpc, 100, 0);
		if (mr == MACH_RCV_INTERRUPTED && tries < 8)
			continue;
		if (mr != MACH_MSG_SUCCESS)
			return -1;
		if (rpc_reply.header.msgh_id == want)
			break;
		if ((rpc_reply.header.msgh_bits & MACH_MSGH_BITS_COMPLEX) || tries >= 8)
			return -1;
	}
	*retcode = rpc_reply.w[8];
	if (value)
		*value = rpc_reply.w[9];
	return 0;
}

/* Ids that would end the test, directly or as the id of a reply (request id + 100). */
static int32_t sanitize_id(int32_t id)
{
	/*
	 * host_reboot (401, on the boot task's host_priv) would end the run too, and
	 * task_suspend (3407) or thread_suspend (3605) of the fuzzer itself would stop it.
	 */
	if (id == 3401 || id == 3301 || id == 3600 || id == 3500 || id == 3312 || id == 401 ||
	    id == 501 || id == 3407 || id == 3507 || id == 3605 || id == 3705)
		return id ^ 0x10000;
	return id;
}

static int32_t pick_id(void)
{
	switch (below(5)) {
	case 0: return (int32_t)(3200 + below(100));
	case 1: return (int32_t)(3400 + below(100));
	case 2: return (int32_t)(3600 + below(100));
	case 3: return (int32_t)below(4) - 1;
	default: return (int32_t)next();
	}
}

/* thread_create_running must never succeed: its flavor (word 8) is never the valid one. */
static void sanitize_message(uint32_t *w, uint32_t bytes)
{
	mach_msg_header_t *h = (mach_msg_header_t *)w;

	h->msgh_id = sanitize_id(h->msgh_id);
	if (h->msgh_id == MIG_THREAD_CREATE && bytes > 32)
		w[8] = 0;
}

/* --- Operations ------------------------------------------------------------- */

/* Writes random descriptors after the header; returns the bytes used. */
static uint32_t fill_descriptors(uint8_t *at, uint32_t count)
{
	uint32_t used = 0;

	for (uint32_t i = 0; i < count && used + 16 <= MSG_ROOM - 64; i++) {
		uint32_t type = below(8) ? below(4) : (uint32_t)next() & 0xff;
		if (type == MACH_MSG_PORT_DESCRIPTOR) {
			mach_msg_port_descriptor_t *d = (void *)(at + used);
			d->name = pick_name();
			d->pad1 = below(8) ? 0 : (uint32_t)next();
			d->pad2 = 0;
			d->disposition = (uint8_t)pick_disposition();
			d->type = (uint8_t)type;
			used += 12;
			continue;
		}
		mach_msg_ool_ports_descriptor64_t *d = (void *)(at + used);
		int in_arena = 0;
		switch (below(4)) {
		case 0: d->address = pick_bad_address(); break;
		case 1:
			d->address = ARENA_BASE + (next() & (ARENA_SIZE - 1));
			in_arena = 1;
			break;
		default:
			d->address = type == MACH_MSG_OOL_PORTS_DESCRIPTOR ? (uint64_t)name_array
			                                                   : (uint64_t)&sbuf;
			break;
		}
		d->deallocate = in_arena ? (uint8_t)below(2) : 0;
		d->copy = (uint8_t)(below(4) ? below(2) : next());
		d->disposition =
		    type == MACH_MSG_OOL_PORTS_DESCRIPTOR ? (uint8_t)pick_disposition() : 0;
		d->type = (uint8_t)type;
		if (type == MACH_MSG_OOL_PORTS_DESCRIPTOR)
			d->count = below(4) ? below(65) : (uint32_t)pick_size();
		else
			d->count = (uint32_t)pick_size(); /* the size of OOL memory */
		used += 16;
	}
	return used;
}

static int op_send(int also_receive)
{
	uint32_t *w = sbuf.w;
	mach_msg_header_t *h = &sbuf.header;
	uint32_t exact = sizeof(mach_msg_header_t);
	int result;

	zero(&sbuf, sizeof(sbuf));
	for (unsigned i = 0; i < 64; i++)
		name_array[i] = pick_name();
	h->msgh_bits = MACH_MSGH_BITS(pick_disposition(), below(3) ? pick_disposition() : 0);
	if (below(8) == 0)
		h->msgh_bits |= (uint32_t)next() & ~MACH_MSGH_BITS_COMPLEX;
	if (below(8) == 0)
		h->msgh_bits |= pick_disposition() << 16;
	h->msgh_remote_port = pick_name();
	h->msgh_local_port = pick_name();
	h->msgh_voucher_port = below(8) ? 0 : pick_name();
	h->msgh_id = pick_id();
	if (below(2)) {
		static const uint32_t counts[] = {0, 1, 2, 3, 4, 8, 64, 65, 1000, 0xffffffff};
		uint32_t count = below(2) ? below(5) : counts[below(10)];
		h->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
		w[6] = count;
		exact += 4 + fill_descriptors((uint8_t *)&w[7], count < 80 ? count : 80);
	}
	uint32_t inline_words = below(4) ? below(16) : below(200);
	if (inline_words > (MSG_ROOM - exact) / 4)
		inline_words = (MSG_ROOM - exact) / 4;
	for (uint32_t i = 0; i < inline_words; i++)
		w[exact / 4 + i] = below(2) ? pick_name() : (uint32_t)next();
	exact += 4 * inline_words;
	sanitize_message(w, exact);

	uint32_t size = exact;
	switch (below(10)) {
	case 0: {
		static const uint32_t sizes[] = {0,  4,        23,      24,       28,
		                                 30, MSG_ROOM, 0x10001, 1u << 20, 0xffffffff};
		size = sizes[below(10)];
		break;
	}
	case 1: size = exact + 4 * below(8) - 16; break;
	default: break;
	}
	if (size > MSG_ROOM && size <= 0x10000)
		size = MSG_ROOM;

	uint32_t option = MACH_SEND_MSG | MACH_SEND_TIMEOUT;
	if (below(4) == 0)
		option |= (uint32_t)next() & ~(MACH_RCV_MSG | 0x7f000000u);
	void *buffer = &sbuf;
	switch (below(16)) {
	case 0: buffer = (void *)pick_bad_address(); break;
	case 1: buffer = (void *)(ARENA_BASE + (next() & (ARENA_SIZE - 1))); break;
	default: break;
	}
	if (also_receive) {
		/* Send and receive in one call: what arrives lands in the same buffer (rbuf). */
		__builtin_memcpy(&rbuf, &sbuf, MSG_ROOM < RCV_ROOM ? MSG_ROOM : RCV_ROOM);
		if (size > RCV_ROOM && size <= 0x10000)
			size = RCV_ROOM;
		return send_receive(option, size, RCV_ROOM, pick_name(), &result);
	}
	mach_msg(buffer, option, size, 0, 0, 0, 0);
	return 0;
}

static int op_receive(void)
{
	static const uint32_t sizes[] = {0, 4, 24, 28, 32, 44, 64, 100, 256, RCV_ROOM};
	uint32_t option = 0;
	int result;

	if (below(2))
		option |= MACH_RCV_LARGE;
	if (below(3) == 0)
		option |= MACH_RCV_TRAILER_ELEMENTS(below(16)) | (below(2) ? 0x10000000u : 0);
	if (below(8) == 0)
		option |= (uint32_t)next() & ~(MACH_SEND_MSG | 0xff000000u);
	uint32_t name = pick_name();
	if (below(8) == 0) {
		/* Into memory we never read, or cannot be written. */
		uint64_t buffer = below(2) ? pick_bad_address() : ARENA_BASE + (next() & 0xffff);
		mach_msg((void *)buffer, MACH_RCV_MSG | MACH_RCV_TIMEOUT | option, 0,
		         (uint32_t)pick_size(), name, 0, 0);
		return 0;
	}
	/* MACH_RCV_LARGE keeps a message too large for this size queued: its sizes
	 * are still in rbuf; only a whole message is absorbed. */
	int bad = receive(name, option & ~MACH_SEND_MSG, sizes[below(10)], &result);
	return bad;
}

static int op_port_trap(void)
{
	uint32_t target = below(6) ? task : pick_name();
	uint32_t name = MACH_PORT_NULL, type = 0;

	switch (below(10)) {
	case 0: {
		uint32_t right = pick_right();
		uint64_t out = pick_out_pointer(&name);
		kern_return_t kr = mach_port_allocate(target, right, (uint32_t *)out);
		if (kr == KERN_SUCCESS && out == (uint64_t)&name) {
			CHECK(2, MACH_PORT_VALID(name));
			track(name);
			if (right == MACH_PORT_RIGHT_RECEIVE && target == task) {
				struct {
					mach_msg_header_t Head;
					uint32_t NDR[2];
					uint32_t name;
				} req = {
				    .Head.msgh_id = MIG_PORT_TYPE, .NDR = {0, 1}, .name = name};
				uint32_t kr2;
				CHECK(3, rpc_call(&req, sizeof(req), &kr2, &type) == 0 &&
				             kr2 == KERN_SUCCESS &&
				             (type & MACH_PORT_TYPE_RECEIVE));
				CHECK(3, mach_port_insert_right(task, name, name,
				                                MACH_MSG_TYPE_MAKE_SEND) ==
				             KERN_SUCCESS);
			}
		}
		break;
	}
	case 1: mach_port_deallocate(target, pick_name()); break;
	case 2: mach_port_mod_refs(target, pick_name(), pick_right(), pick_delta()); break;
	case 3: {
		uint32_t chosen = pick_name(), poly = pick_name(), disposition = pick_disposition();
		if (mach_port_insert_right(target, chosen, poly, disposition) == KERN_SUCCESS)
			track(chosen);
		break;
	}
	case 4: {
		mach_port_options_t options = {.flags = (uint32_t)next() & 0x3f,
		                               .mpl_qlimit =
		                                   below(4) ? below(8) : (uint32_t)next()};
		uint64_t out = pick_out_pointer(&name);
		const void *in =
		    below(8) ? (const void *)&options : (const void *)pick_bad_address();
		if (mach_port_construct(target, in, below(4), (uint32_t *)out) == KERN_SUCCESS &&
		    out == (uint64_t)&name)
			track(name);
		break;
	}
	case 5: mach_port_destruct(target, pick_name(), pick_delta(), below(4)); break;
	case 6: {
		/* mach_port_type and mach_port_get_attributes, by trap. */
		uint32_t info[17], count = below(4) ? below(18) : (uint32_t)next();
		if (below(2))
			trap6(-76, target, pick_name(), pick_out_pointer(&type), 0, 0, 0);
		else
			trap6(-40, target, pick_name(), below(4), pick_out_pointer(info),
			      below(8) ? (uint64_t)&count : pick_bad_address(), 0);
		break;
	}
	case 7: {
		/* mach_port_request_notification by trap: the previous right is ours to track. */
		static const int32_t kinds[] = {MACH_NOTIFY_PORT_DELETED,
		                                MACH_NOTIFY_PORT_DESTROYED, MACH_NOTIFY_NO_SENDERS,
		                                MACH_NOTIFY_DEAD_NAME};
		uint64_t out = pick_out_pointer(&name);
		int32_t msgid = below(8) ? kinds[below(4)] : (int32_t)next();
		if (trap7(-77, target, pick_name(), (uint32_t)msgid, below(3), pick_name(),
		          pick_disposition(), out) == KERN_SUCCESS &&
		    out == (uint64_t)&name)
			track(name);
		break;
	}
	case 8:
		/* mach_port_guard / mach_port_unguard by trap. */
		trap6(below(2) ? -41 : -42, target, pick_name(), below(4), below(2), 0, 0);
		break;
	default: {
		uint32_t reply = mach_reply_port();
		CHECK(4, reply == MACH_PORT_NULL || MACH_PORT_VALID(reply));
		track(reply);
		break;
	}
	}
	return 0;
}

/* A MIG request to a kernel object: random id, random words, sometimes a port descriptor. */
static void op_kobject(void)
{
	struct {
		mach_msg_header_t Head;
		uint32_t w[40];
	} req;
	uint32_t words = below(12), at = 0;

	zero(&req, sizeof(req));
	req.Head.msgh_bits =
	    MACH_MSGH_BITS(below(8) ? MACH_MSG_TYPE_COPY_SEND : pick_disposition(),
	                   below(4) ? MACH_MSG_TYPE_MAKE_SEND_ONCE : pick_disposition());
	switch (below(8)) {
	case 0: req.Head.msgh_remote_port = thread; break;
	case 1: req.Head.msgh_remote_port = host; break;
	case 2: req.Head.msgh_remote_port = pick_name(); break;
	default: req.Head.msgh_remote_port = task; break;
	}
	req.Head.msgh_local_port = below(4) ? names[below(NAMES)] : pick_name();
	if (below(3) == 0) {
		req.Head.msgh_id = MIG_TASK_SET_PORT;
	} else {
		req.Head.msgh_id = below(4) ? pick_id() : (int32_t)(3200 + below(20));
	}
	if (below(3) == 0) {
		req.Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
		req.w[at++] = below(8) ? 1 : below(4);
		mach_msg_port_descriptor_t *d = (void *)&req.w[at];
		d->name = pick_name();
		d->disposition = (uint8_t)pick_disposition();
		d->type = (uint8_t)(below(8) ? MACH_MSG_PORT_DESCRIPTOR : below(4));
		at += 3;
	}
	req.w[at++] = 0;
	req.w[at++] = 1; /* NDR */
	for (uint32_t i = 0; i < words; i++) {
		switch (below(4)) {
		case 0: req.w[at++] = pick_name(); break;
		case 1: req.w[at++] = pick_right(); break;
		case 2: req.w[at++] = below(2) ? TASK_SYSCALL_PORT : below(16); break;
		default: req.w[at++] = (uint32_t)next(); break;
		}
	}
	uint32_t size = sizeof(mach_msg_header_t) + 4 * at;
	if (below(8) == 0)
		size -= 4 * below(at + 1);
	sanitize_message((uint32_t *)&req, size);
	mach_msg(&req, MACH_SEND_MSG | MACH_SEND_TIMEOUT, size, 0, 0, 0, 0);
}

static int op_vm(void)
{
	uint64_t address = 0, size, out;
	int region;
	kern_return_t kr;

	switch (below(5)) {
	case 0:
	case 1: {
		static const uint64_t masks[] = {0,     0xfff, 0xffff, 3, 0xffffffffffffffffull,
		                                 0x1000};
		int anywhere = below(2);
		int flags = below(8) ? anywhere : (int)next();
		address = anywhere ? next()
		                   : (below(2) ? ARENA_BASE + (next() & (ARENA_SIZE - 1))
		                               : pick_bad_address());
		size = pick_size();
		out = pick_out_pointer(&address);
		if (below(2))
			kr = mach_vm_allocate(below(8) ? task : pick_name(), (uint64_t *)out, size,
			                      flags);
		else
			kr = mach_vm_map_anon(below(8) ? task : pick_name(), (uint64_t *)out, size,
			                      masks[below(6)], flags, (int)below(16));
		if (kr == KERN_SUCCESS && out == (uint64_t)&address) {
			CHECK(5, (address & 0xfff) == 0 && !overlaps_program(address, size));
			track_region(address, size);
		}
		break;
	}
	case 2:
		pick_range(&address, &size, &region);
		kr = mach_vm_deallocate(below(16) ? task : pick_name(), address, size);
		if (region >= 0 && kr == KERN_SUCCESS)
			regions[region].address = 0;
		break;
	case 3:
		pick_range(&address, &size, &region);
		mach_vm_protect(task, address, size, (int)below(3) - (int)below(2),
		                (int)next() & 0x1f);
		break;
	default: {
		struct mach_timebase_info tb = {0, 0};
		out = pick_out_pointer(&tb);
		kr = mach_timebase_info((struct mach_timebase_info *)out);
		if (out == (uint64_t)&tb)
			CHECK(6, kr == KERN_SUCCESS && tb.numer && tb.denom);
		else if (out >= 0x0001000000000000ull || out < 0x1000 || out == IMAGE_LOW)
			CHECK(6, kr != KERN_SUCCESS);
		break;
	}
	}
	return 0;
}

static void op_time(void)
{
	switch (below(3)) {
	case 0: thread_switch(pick_name(), (int)below(8) - 2, below(2)); break;
	case 1: {
		uint64_t now = absolute_time();
		uint64_t past[] = {0, 1, now / 2};
		mach_wait_until(below(2) ? now - below(1000) : past[below(3)]);
		break;
	}
	default: {
		/* The self traps add a reference each time; give it back. */
		uint32_t n = below(2) ? thread_self() : host_self();
		if (n)
			mach_port_deallocate(task, n);
		break;
	}
	}
}

/*
 * Semaphores and Mach timers: made through the task port and the timer trap,
 * then their traps with hostile names, pointers and deadlines. Waits are
 * timed and short, so no step blocks for long.
 */
static void op_sync(void)
{
	uint64_t result;

	switch (below(8)) {
	case 0: {
		struct {
			mach_msg_header_t Head;
			uint32_t NDR[2];
			int32_t policy, value;
		} req = {.Head.msgh_id = MIG_SEMAPHORE_CREATE,
		         .NDR = {0, 1},
		         .value = below(4) ? (int32_t)below(3) : (int32_t)next()};
		uint32_t kr;
		if (rpc_call(&req, sizeof(req), &kr, NULL) == 0 &&
		    (rpc_reply.header.msgh_bits & MACH_MSGH_BITS_COMPLEX))
			track(rpc_reply.w[1]);
		break;
	}
	case 1:
		trap6(TRAP_SEMAPHORE_SIGNAL - (int64_t)below(3), pick_name(), pick_name(), 0, 0, 0,
		      0);
		break;
	case 2:
		/* At most a millisecond: (name, seconds, nanoseconds), or with a signal. */
		if (below(2))
			trap6(TRAP_SEMAPHORE_TIMEDWAIT, pick_name(), 0, below(1000000), 0, 0, 0);
		else
			trap6(TRAP_SEMAPHORE_TIMEDWAIT_SIGNAL, pick_name(), pick_name(), 0,
			      below(1000000), 0, 0);
		break;
	case 3: track((uint32_t)trap6(TRAP_MK_TIMER_CREATE, 0, 0, 0, 0, 0, 0)); break;
	case 4:
		trap6(below(2) ? TRAP_MK_TIMER_ARM : TRAP_MK_TIMER_ARM_LEEWAY, pick_name(),
		      below(2) ? absolute_time() + below(100000) : next(), next(), next(), 0, 0);
		break;
	case 5:
		trap6(TRAP_MK_TIMER_CANCEL, pick_name(), pick_out_pointer(&result), 0, 0, 0, 0);
		break;
	default: trap6(TRAP_MK_TIMER_DESTROY, pick_name(), 0, 0, 0, 0, 0); break;
	}
}

/* --- Another task's memory ----------------------------------------------------- */

#define VICTIM_BASE 0x300000000ull /* where the victim's memory mostly is */

static uint64_t pick_victim_address(void)
{
	switch (below(4)) {
	case 0: return pick_bad_address();
	case 1: return next();
	default: return (VICTIM_BASE + (next() & (ARENA_SIZE - 1))) & ~(below(2) ? 0xfffull : 0);
	}
}

/*
 * A mach_vm routine (ids 4800-4820, valid or not) on the victim's task port
 * with hostile arguments; mach_vm_write carries OOL memory of ours (only ever
 * read), read_overwrite writes only into the arena or where it must fail.
 */
static void op_remote_vm(void)
{
	struct {
		mach_msg_header_t Head;
		uint32_t w[24];
	} req;
	union {
		mach_msg_header_t Head;
		struct {
			mach_msg_header_t Head;
			mach_msg_body_t body;
			mach_msg_ool_descriptor64_t data;
		} __attribute__((packed, aligned(4))) ool;
		uint8_t room[RCV_ROOM];
	} rep;
	int32_t id = below(8) ? 4800 + (int32_t)below(21) : 3825 /* mach_make_memory_entry_64 */;
	uint32_t at = 0;

	zero(&req, sizeof(req));
	req.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	req.Head.msgh_remote_port = victim;
	req.Head.msgh_local_port = rpc;
	req.Head.msgh_id = id;
	if (id == 4806 && below(4)) { /* mach_vm_write: one OOL descriptor */
		mach_msg_ool_descriptor64_t d = {
		    .address = below(4) ? ARENA_BASE + (next() & 0xffff) : pick_bad_address(),
		    .copy = MACH_MSG_VIRTUAL_COPY,
		    .type = (uint8_t)(below(8) ? MACH_MSG_OOL_DESCRIPTOR : below(4)),
		    .size = (uint32_t)(below(2) ? below(3) * 4096 : pick_size())};
		req.Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
		req.w[at++] = 1;
		__builtin_memcpy(&req.w[at], &d, sizeof(d));
		at += 4;
	} else if ((id == 4811 || id == 4817 || id == 3825) && below(4)) {
		/* mach_vm_map's memory entry, a memory entry's parent: any name at all. */
		mach_msg_port_descriptor_t d = {.name = pick_name(),
		                                .disposition = (uint8_t)pick_disposition(),
		                                .type = MACH_MSG_PORT_DESCRIPTOR};
		req.Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
		req.w[at++] = 1;
		__builtin_memcpy(&req.w[at], &d, sizeof(d));
		at += 3;
	}
	req.w[at++] = 0;
	req.w[at++] = 1; /* NDR */
	uint64_t words[3] = {pick_victim_address(), pick_size(), pick_victim_address()};
	if (id == 4808) /* read_overwrite: the third word is where the data lands, in our space */
		words[2] = below(2) ? ARENA_BASE + (next() & (ARENA_SIZE - 1)) : pick_bad_address();
	if (id == 4800 && below(2)) /* allocate somewhere the other routines look */
		words[0] = VICTIM_BASE + (next() & (ARENA_SIZE - 1));
	for (uint32_t k = 0, n = below(4); k < n; k++, at += 2)
		__builtin_memcpy(&req.w[at], &words[k], 8);
	for (uint32_t k = 0, n = below(8); k < n && at < 24; k++)
		req.w[at++] = below(2) ? below(12) : (uint32_t)next();
	mach_msg(&req, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(mach_msg_header_t) + 4 * at, 0, 0,
	         0, 0);
	/* The kernel answers at once; mapped-in data from mach_vm_read goes back. */
	if (mach_msg(&rep, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(rep), rpc, 0, 0) ==
	        MACH_MSG_SUCCESS &&
	    (rep.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) && rep.Head.msgh_id == 4904)
		mach_vm_deallocate(task, rep.ool.data.address, rep.ool.data.size);
}

/*
 * Tessera's copy traps on the victim, or on names that are no task: the
 * read lands only in the arena or where it must fail; the write reads
 * memory of ours, which it never changes.
 */
static void op_copy_trap(void)
{
	static const uint32_t not_tasks[] = {MACH_PORT_NULL, MACH_PORT_DEAD, 0x12345};
	uint32_t target = below(4) ? victim : (below(4) ? not_tasks[below(3)] : rpc);
	uint64_t address = pick_victim_address(), size = pick_size();

	if (below(2)) {
		uint64_t data =
		    below(2) ? ARENA_BASE + (next() & (ARENA_SIZE - 1)) : pick_bad_address();
		trap6(-TESSERA_VM_READ_OVERWRITE_TRAP, target, address, size, data, 0, 0);
	} else {
		uint64_t data = below(2) ? (uint64_t)scratch : pick_out_pointer(scratch);
		trap6(-TESSERA_VM_WRITE_TRAP, target, address, data, size, 0, 0);
	}
}

static int fuzz_step(void)
{
	switch (below(18)) {
	case 0:
	case 1:
	case 2:
	case 3: return op_send(0);
	case 4: return op_send(1);
	case 5:
	case 6:
	case 7:
	case 8: return op_receive();
	case 9:
	case 10:
	case 11: return op_port_trap();
	case 12: op_kobject(); return 0;
	case 13:
	case 14: return op_vm();
	case 15:
		if (below(4))
			op_remote_vm();
		else
			op_copy_trap();
		return 0;
	case 16: op_sync(); return 0;
	default: op_time(); return 0;
	}
}

/* --- Cleanup ------------------------------------------------------------------ */

/* No syscall port may stay set: the program's exit goes through it otherwise. */
static int clear_syscall_port(void)
{
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
		uint32_t NDR[2];
		int32_t which;
	} req = {0};
	uint32_t kr;

	req.Head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	req.Head.msgh_id = MIG_TASK_SET_PORT;
	req.body.msgh_descriptor_count = 1;
	req.port.name = MACH_PORT_NULL;
	req.port.disposition = MACH_MSG_TYPE_COPY_SEND;
	req.port.type = MACH_MSG_PORT_DESCRIPTOR;
	req.NDR[1] = 1;
	req.which = TASK_SYSCALL_PORT;
	CHECK(7, rpc_call(&req, sizeof(req), &kr, NULL) == 0 && kr == KERN_SUCCESS);
	return 0;
}

static int cleanup(void)
{
	int result, bad;

	if ((bad = clear_syscall_port()) != 0)
		return bad;
	/* Destroying rights sends notifications, which may bring new rights: repeat. */
	for (int pass = 0; pass < 8; pass++) {
		for (unsigned i = 0; i < NAMES; i++)
			for (int k = 0; names[i] && k < 16; k++) {
				if ((bad = receive(names[i], 0, RCV_ROOM, &result)) != 0)
					return bad;
				if (result != MACH_MSG_SUCCESS)
					break;
			}
		int any = 0;
		for (unsigned i = 0; i < NAMES; i++)
			if (names[i]) {
				destroy_name(names[i]);
				forget(i);
				any = 1;
			}
		if (!any)
			break;
	}
	for (unsigned i = 0; i < NAMES; i++)
		CHECK(8, names[i] == MACH_PORT_NULL);
	/* A right to our own task port may have been tracked under another name and destroyed. */
	task = task_self();
	for (unsigned r = 0; r < REGIONS; r++)
		if (regions[r].address)
			mach_vm_deallocate(task, regions[r].address, regions[r].size);
	mach_vm_deallocate(task, ARENA_BASE, ARENA_SIZE);
	CHECK(9, mach_port_mod_refs(task, rpc, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t iterations = ITERATIONS;
	int bad;

	if (argc > 1 && argv[1][0])
		iterations = fuzz_parse_arg(argv[1]);
	task = task_self();
	thread = thread_self();
	host = host_self();
	rpc = mach_reply_port();
	CHECK(1, MACH_PORT_VALID(task) && MACH_PORT_VALID(thread) && MACH_PORT_VALID(rpc));
	image_end_mark[0] = 1;
	uint64_t arena = ARENA_BASE, victim_memory = VICTIM_BASE;
	CHECK(1, mach_vm_allocate(task, &arena, ARENA_SIZE, VM_FLAGS_FIXED) == KERN_SUCCESS);
	victim = task_create_simple(task, rpc, 0);
	CHECK(1, MACH_PORT_VALID(victim));
	CHECK(1,
	      mach_vm_allocate(victim, &victim_memory, ARENA_SIZE, VM_FLAGS_FIXED) == KERN_SUCCESS);

	for (iteration = 0; iteration < iterations; iteration++) {
		/* The task name may have been moved or destroyed by the last step: take it again.
		 */
		task = task_self();
		CHECK(10, MACH_PORT_VALID(task));
		/* No step ever names rpc: its receive right must still be there. */
		CHECK(11,
		      mach_port_mod_refs(task, rpc, MACH_PORT_RIGHT_RECEIVE, 0) == KERN_SUCCESS);
		if ((bad = fuzz_step()) != 0)
			return bad;
		mach_port_deallocate(task, task);
	}
	task = task_self();
	kernel_request(victim, TASK_TERMINATE);
	mach_port_deallocate(task, victim);
	return cleanup();
}
