/*
 * The host and its privilege: the boot task's mach_host_self is host_priv;
 * host_info, host_kernel_version and _host_page_size on either host port;
 * host_get/set_special_port and host-level exception ports on host_priv only;
 * task special ports (kernel, host, bootstrap) and their inheritance by a
 * child; a child given the plain host port loses the privilege; the IPC trace
 * read through host_priv, a handed-over message in one record;
 * host_get_random on either port (sizes beyond 256 refused, fresh bytes each
 * call); the clocks: host_get_clock_service on either port, clock_get_time
 * (the calendar started from QEMU's RTC, which the test sets with -rtc
 * base=2030-01-02T03:04:05; the system clock against the counter; both
 * monotonic), clock_get_attributes, and clock_set_time on the calendar's
 * control port from host_priv only. With argument "reboot"
 * (bootstrap.arg=reboot), ends by powering the machine off through
 * host_reboot. Returns 0 when every check passes.
 */
#include <stddef.h>

#include "mach/clock_types.h"
#include "mach/exception_types.h"
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "mach/task_special_ports.h"
#include "mach/tessera_random.h"
#include "mach/tessera_trace.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define HOST_INFO                 200
#define HOST_KERNEL_VERSION       201
#define HOST_PAGE_SIZE            202
#define HOST_REBOOT               401
#define HOST_GET_SPECIAL_PORT     412
#define HOST_SET_SPECIAL_PORT     413
#define HOST_SET_EXCEPTION_PORTS  414
#define HOST_BASIC_INFO           1
#define HOST_SCHED_INFO           3
#define HOST_PRIORITY_INFO        5
#define HOST_PORT                 1
#define HOST_PRIV_PORT            2
#define HOST_REBOOT_HALT          8
#define CPU_TYPE_ARM64            0x0100000c
#define EXCEPTION_DEFAULT         1
#define EXCEPTION_RAISE           2401

union reply {
	mig_reply_error_t error;
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		int32_t RetCode;
		uint32_t count;
		int32_t info[68];
	} info;
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		int32_t RetCode;
		uint32_t offset, count;
		char text[512];
	} version;
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		int32_t RetCode;
		uint32_t size_lo, size_hi; /* a 64-bit vm_size_t at a 4-byte offset */
	} page_size;
	struct host_get_random_reply random;
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		int32_t RetCode;
		mach_timespec_t time;
	} clock;
	unsigned char room[1024];
};

static uint32_t task, reply;

/* A request {Head[, NDR, words...]} to `target`, answered into *r: its RetCode (or the send's error). */
static int call(uint32_t target, int id, const int32_t *words, int nwords, union reply *r)
{
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		int32_t w[4];
	} *req = (void *)r;

	*req = (__typeof__(*req)){
	    .Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                         MACH_MSG_TYPE_MAKE_SEND_ONCE),
	             .msgh_remote_port = target,
	             .msgh_local_port = reply,
	             .msgh_id = id},
	    .NDR = {0, 1}};
	for (int i = 0; i < nwords; i++)
		req->w[i] = words[i];
	uint32_t size = sizeof(mach_msg_header_t) + (nwords ? 8 + 4 * (uint32_t)nwords : 0);
	int mr = mach_msg(r, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, size, sizeof(*r),
	                  reply, 1000, 0);
	return mr != MACH_MSG_SUCCESS ? mr : r->error.RetCode;
}

/* host_set_special_port and host_set_exception_ports: {Head, body, port, NDR, words}. */
static int call_with_port(uint32_t target, int id, uint32_t port, const int32_t *words,
                          int nwords)
{
	union reply r;
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
		uint32_t NDR[2];
		int32_t w[3];
	} *req = (void *)&r;

	*req = (__typeof__(*req)){
	    .Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                         MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	                          MACH_MSGH_BITS_COMPLEX,
	             .msgh_remote_port = target,
	             .msgh_local_port = reply,
	             .msgh_id = id},
	    .body = {1},
	    .port = {.name = port,
	             .disposition = MACH_MSG_TYPE_MAKE_SEND,
	             .type = MACH_MSG_PORT_DESCRIPTOR},
	    .NDR = {0, 1}};
	for (int i = 0; i < nwords; i++)
		req->w[i] = words[i];
	int mr = mach_msg(&r, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
	                  offsetof(__typeof__(*req), w) + 4 * (uint32_t)nwords, sizeof(r), reply,
	                  1000, 0);
	return mr != MACH_MSG_SUCCESS ? mr : r.error.RetCode;
}

static unsigned char faulter_stack[16 * 1024] __attribute__((aligned(16)));

/* Reads address 0: with no thread or task handler, the host-level one gets it. */
static void faulter(uint32_t unused)
{
	*(volatile int *)0;
	end_self(0);
}

static int host_ports(uint32_t host)
{
	union reply r;
	uint32_t priv = 0, plain = 0;

	/* 1: mach_host_self is host_priv: it answers host_get_special_port, for itself too. */
	CHECK(1, port_routine(host, reply, HOST_GET_SPECIAL_PORT, (int32_t[]){0, HOST_PRIV_PORT}, 2,
	                      &priv) == KERN_SUCCESS);
	CHECK(1, priv == host);
	CHECK(1, port_routine(host, reply, HOST_GET_SPECIAL_PORT, (int32_t[]){0, HOST_PORT}, 2,
	                      &plain) == KERN_SUCCESS);
	CHECK(1, MACH_PORT_VALID(plain) && plain != host);

	/* 2: host_info on the plain port: one CPU running, arm64, 256 MiB (the test's -m). */
	CHECK(2, call(plain, HOST_INFO, (int32_t[]){HOST_BASIC_INFO, 68}, 2, &r) == KERN_SUCCESS);
	CHECK(2, r.info.count == 12 && r.info.info[0] >= 1 && r.info.info[1] == 1 &&
	             r.info.info[2] == 256 << 20 && r.info.info[3] == CPU_TYPE_ARM64 &&
	             r.info.info[10] == 256 << 20 && r.info.info[11] == 0);
	CHECK(2, call(plain, HOST_INFO, (int32_t[]){HOST_BASIC_INFO, 5}, 2, &r) == KERN_SUCCESS &&
	             r.info.count == 5);
	CHECK(2, call(plain, HOST_INFO, (int32_t[]){HOST_BASIC_INFO, 4}, 2, &r) == KERN_FAILURE);
	CHECK(2, call(plain, HOST_INFO, (int32_t[]){HOST_SCHED_INFO, 68}, 2, &r) == KERN_SUCCESS &&
	             r.info.count == 2 && r.info.info[0] == 10 && r.info.info[1] == 50);
	CHECK(2, call(plain, HOST_INFO, (int32_t[]){HOST_PRIORITY_INFO, 68}, 2, &r) ==
	                 KERN_SUCCESS &&
	             r.info.count == 8 && r.info.info[7] == 127);
	CHECK(2, call(plain, HOST_INFO, (int32_t[]){99, 68}, 2, &r) == KERN_INVALID_ARGUMENT);

	/* 3: the kernel's version string and page size. */
	CHECK(3, call(plain, HOST_KERNEL_VERSION, 0, 0, &r) == KERN_SUCCESS);
	CHECK(3, r.version.count > 8 && r.version.text[r.version.count - 1] == 0 &&
	             __builtin_memcmp(r.version.text, "Tessera", 7) == 0);
	CHECK(3, call(host, HOST_PAGE_SIZE, 0, 0, &r) == KERN_SUCCESS && r.page_size.size_lo == 4096 &&
	             r.page_size.size_hi == 0);

	/* 4: the plain port has no privileged routines. */
	CHECK(4, call(plain, HOST_GET_SPECIAL_PORT, (int32_t[]){0, HOST_PRIV_PORT}, 2, &r) ==
	             MIG_BAD_ID);
	CHECK(4, call(plain, HOST_REBOOT, (int32_t[]){HOST_REBOOT_HALT}, 1, &r) == MIG_BAD_ID);

	/* 5: host special ports past the kernel's own can be set, and read back. */
	uint32_t service, back = 0;
	CHECK(5, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &service) == KERN_SUCCESS);
	CHECK(5, call_with_port(host, HOST_SET_SPECIAL_PORT, service, (int32_t[]){8}, 1) ==
	             KERN_SUCCESS);
	CHECK(5, port_routine(host, reply, HOST_GET_SPECIAL_PORT, (int32_t[]){0, 8}, 2, &back) ==
	             KERN_SUCCESS &&
	         back == service);
	CHECK(5, call_with_port(host, HOST_SET_SPECIAL_PORT, service, (int32_t[]){HOST_PRIV_PORT},
	                        1) == KERN_INVALID_ARGUMENT);
	CHECK(5, call_with_port(plain, HOST_SET_SPECIAL_PORT, service, (int32_t[]){8}, 1) ==
	             MIG_BAD_ID);
	CHECK(5, call(host, HOST_GET_SPECIAL_PORT, (int32_t[]){0, 4000}, 2, &r) ==
	             KERN_INVALID_ARGUMENT);
	CHECK(5, call(host, HOST_REBOOT, (int32_t[]){0x1234}, 1, &r) == KERN_INVALID_ARGUMENT);

	/* 6: a host-level exception handler gets a fault nobody below it handles. */
	uint32_t handler;
	CHECK(6, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &handler) == KERN_SUCCESS);
	CHECK(6, call_with_port(host, HOST_SET_EXCEPTION_PORTS, handler,
	                        (int32_t[]){EXC_MASK_BAD_ACCESS, EXCEPTION_DEFAULT, ARM_THREAD_STATE64}, 3) ==
	             KERN_SUCCESS);
	CHECK(6, call_with_port(plain, HOST_SET_EXCEPTION_PORTS, handler,
	                        (int32_t[]){EXC_MASK_BAD_ACCESS, EXCEPTION_DEFAULT, ARM_THREAD_STATE64}, 3) ==
	             MIG_BAD_ID);
	uint32_t victim = thread_start_simple(task, reply, faulter, 0,
	                                      faulter_stack + sizeof(faulter_stack));
	CHECK(6, victim != 0);
	struct {
		mach_msg_header_t Head;
		unsigned char body[256];
	} exc;
	CHECK(6, mach_msg(&exc, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(exc), handler, 1000, 0) ==
	             MACH_MSG_SUCCESS);
	CHECK(6, exc.Head.msgh_id == EXCEPTION_RAISE);
	/* The faulting thread ends; the exception's reply right goes unanswered. */
	kernel_request(victim, THREAD_TERMINATE);
	mach_port_deallocate(task, exc.Head.msgh_remote_port);
	CHECK(6, call_with_port(host, HOST_SET_EXCEPTION_PORTS, MACH_PORT_NULL,
	                        (int32_t[]){EXC_MASK_BAD_ACCESS, EXCEPTION_DEFAULT, ARM_THREAD_STATE64}, 3) ==
	             KERN_SUCCESS);

	/* The service port and the handler go; the host keeps no right to them. */
	CHECK(6, call_with_port(host, HOST_SET_SPECIAL_PORT, MACH_PORT_NULL, (int32_t[]){8}, 1) ==
	             KERN_SUCCESS);
	mach_port_mod_refs(task, service, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(task, back);
	mach_port_mod_refs(task, handler, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(task, victim);
	mach_port_deallocate(task, plain);
	return 0;
}

static int task_ports(uint32_t host)
{
	uint32_t port = 0, bootstrap, child, plain = 0;

	/* 7: the task's own port and its host port; no bootstrap port yet. */
	CHECK(7, port_routine(task, reply, TASK_GET_SPECIAL_PORT, (int32_t[]){TASK_KERNEL_PORT}, 1,
	                      &port) == KERN_SUCCESS &&
	             port == task);
	CHECK(7, port_routine(task, reply, TASK_GET_SPECIAL_PORT, (int32_t[]){TASK_HOST_PORT}, 1,
	                      &port) == KERN_SUCCESS &&
	             port == host);
	port = 1;
	CHECK(7, port_routine(task, reply, TASK_GET_SPECIAL_PORT, (int32_t[]){TASK_BOOTSTRAP_PORT},
	                      1, &port) == KERN_SUCCESS &&
	             port == MACH_PORT_NULL);
	CHECK(7, port_routine(task, reply, TASK_GET_SPECIAL_PORT, (int32_t[]){99}, 1, &port) ==
	             KERN_INVALID_ARGUMENT);
	CHECK(7, task_set_special_port(task, reply, TASK_KERNEL_PORT, task,
	                               MACH_MSG_TYPE_COPY_SEND) == KERN_INVALID_ARGUMENT);

	/* 8: a bootstrap port, then a child that inherits it and the host port. */
	CHECK(8, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &bootstrap) == KERN_SUCCESS);
	CHECK(8, task_set_special_port(task, reply, TASK_BOOTSTRAP_PORT, bootstrap,
	                               MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	child = task_create_simple(task, reply, 0);
	CHECK(8, MACH_PORT_VALID(child));
	CHECK(8, port_routine(child, reply, TASK_GET_SPECIAL_PORT, (int32_t[]){TASK_BOOTSTRAP_PORT},
	                      1, &port) == KERN_SUCCESS &&
	             port == bootstrap);
	CHECK(8, port_routine(child, reply, TASK_GET_SPECIAL_PORT, (int32_t[]){TASK_HOST_PORT}, 1,
	                      &port) == KERN_SUCCESS &&
	             port == host);

	/* 9: given the plain host port, the child (and its children) lose the privilege. */
	CHECK(9, port_routine(host, reply, HOST_GET_SPECIAL_PORT, (int32_t[]){0, HOST_PORT}, 2,
	                      &plain) == KERN_SUCCESS);
	CHECK(9, task_set_special_port(child, reply, TASK_HOST_PORT, plain,
	                               MACH_MSG_TYPE_COPY_SEND) == KERN_SUCCESS);
	uint32_t grandchild = task_create_simple(child, reply, 0);
	CHECK(9, MACH_PORT_VALID(grandchild));
	CHECK(9, port_routine(grandchild, reply, TASK_GET_SPECIAL_PORT, (int32_t[]){TASK_HOST_PORT},
	                      1, &port) == KERN_SUCCESS &&
	             port == plain);

	kernel_request(grandchild, TASK_TERMINATE);
	kernel_request(child, TASK_TERMINATE);
	mach_port_deallocate(task, grandchild);
	mach_port_deallocate(task, child);
	CHECK(9, task_set_special_port(task, reply, TASK_BOOTSTRAP_PORT, MACH_PORT_NULL,
	                               MACH_MSG_TYPE_COPY_SEND) == KERN_SUCCESS);
	mach_port_mod_refs(task, bootstrap, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(task, bootstrap); /* the names the routines gave back */
	mach_port_deallocate(task, plain);
	return 0;
}

union trace_message {
	struct ipc_trace_read_request req;
	struct {
		struct ipc_trace_read_reply r;
		mach_msg_trailer_t trailer;
	} rep;
	mig_reply_error_t error;
};

/* ipc_trace_read(host, from) into *m: the mach_msg result. */
static int trace_read_from(uint32_t host, uint64_t from, union trace_message *m)
{
	m->req = (struct ipc_trace_read_request){
	    .Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                         MACH_MSG_TYPE_MAKE_SEND_ONCE),
	             .msgh_remote_port = host,
	             .msgh_local_port = reply,
	             .msgh_id = IPC_TRACE_READ_ID},
	    .NDR = {0, 1},
	    .from = from};
	return mach_msg(m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m->req),
	                sizeof(*m), reply, 1000, 0);
}

#define HANDOFF_REQUEST 4242
static uint32_t handoff_port;
static unsigned char answerer_stack[16 * 1024] __attribute__((aligned(16)));

/* Receives one request on handoff_port and answers it by a plain send. */
static void answerer(uint32_t unused)
{
	struct {
		mach_msg_header_t header;
		mach_msg_trailer_t trailer;
	} m;

	if (mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), handoff_port, 0, 0) == MACH_MSG_SUCCESS) {
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		m.header.msgh_id = HANDOFF_REQUEST + 100;
		mach_msg(&m.header, MACH_SEND_MSG, sizeof(m.header), 0, 0, 0, 0);
	}
	end_self(0);
}

/*
 * 11: the IPC trace, read through host_priv, shows this task's host_info
 * request; a request handed straight to a waiting thread is one
 * IPC_TRACE_HANDOFF record naming both threads.
 */
static int trace_read(uint32_t host)
{
	union trace_message m;
	int found = 0;

	CHECK(11, trace_read_from(host, 0, &m) == MACH_MSG_SUCCESS);
	CHECK(11, (m.rep.r.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) && m.rep.r.recordsCnt > 0 &&
	              m.rep.r.next - m.rep.r.first == m.rep.r.recordsCnt &&
	              m.rep.r.records.size ==
	                  m.rep.r.recordsCnt * sizeof(struct ipc_trace_record));
	const struct ipc_trace_record *rec = (const void *)m.rep.r.records.address;
	for (uint32_t i = 0; i < m.rep.r.recordsCnt; i++)
		if (rec[i].kind == IPC_TRACE_SEND && rec[i].msgh_id == HOST_INFO && rec[i].task == 1)
			found = 1;
	CHECK(11, found);
	uint64_t next = m.rep.r.next;
	mach_vm_deallocate(task, m.rep.r.records.address, m.rep.r.records.size);

	/* From the end: nothing yet, but this very request is recorded by the time it is answered. */
	CHECK(11, trace_read_from(host, ~0ull, &m) == MACH_MSG_SUCCESS);
	CHECK(11, m.rep.r.recordsCnt == 0 && m.rep.r.first == m.rep.r.next && m.rep.r.next > next);
	next = m.rep.r.next;

	/* The answerer, switched to, runs until it waits: the request goes straight to it. */
	CHECK(11, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &handoff_port) == KERN_SUCCESS);
	CHECK(11, mach_port_insert_right(task, handoff_port, handoff_port,
	                                 MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	uint32_t thread = thread_start_simple(task, reply, answerer, 0,
	                                      answerer_stack + sizeof(answerer_stack));
	CHECK(11, thread != 0);
	thread_switch(thread, 0, 0);
	struct {
		mach_msg_header_t header;
		mach_msg_trailer_t trailer;
	} call = {.header = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                                 MACH_MSG_TYPE_MAKE_SEND_ONCE),
	                     .msgh_remote_port = handoff_port,
	                     .msgh_local_port = reply,
	                     .msgh_id = HANDOFF_REQUEST}};
	CHECK(11, mach_msg(&call, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(call.header), sizeof(call),
	                   reply, 0, 0) == MACH_MSG_SUCCESS &&
	              call.header.msgh_id == HANDOFF_REQUEST + 100);
	CHECK(11, trace_read_from(host, next, &m) == MACH_MSG_SUCCESS && m.rep.r.first == next);
	rec = (const void *)m.rep.r.records.address;
	found = 0;
	for (uint32_t i = 0; i < m.rep.r.recordsCnt; i++)
		if (rec[i].kind == IPC_TRACE_HANDOFF && rec[i].msgh_id == HANDOFF_REQUEST &&
		    rec[i].size == sizeof(mach_msg_header_t) && rec[i].descriptors == 0 &&
		    rec[i].result == MACH_MSG_SUCCESS && rec[i].task == 1 && rec[i].peer_task == 1 &&
		    rec[i].thread != 0 && rec[i].peer_thread != 0 && rec[i].thread != rec[i].peer_thread)
			found = 1;
	CHECK(11, found);
	mach_vm_deallocate(task, m.rep.r.records.address, m.rep.r.records.size);
	mach_port_deallocate(task, thread);
	mach_port_mod_refs(task, handoff_port, MACH_PORT_RIGHT_RECEIVE, -1);
	return 0;
}

/* host_get_random(size) on `port` into *r: its RetCode; a reply must carry `size` bytes. */
static int get_random(uint32_t port, uint32_t size, union reply *r)
{
	int kr = call(port, HOST_GET_RANDOM_ID, (int32_t[]){(int32_t)size}, 1, r);

	if (kr == KERN_SUCCESS &&
	    (r->random.bytesCnt != size ||
	     r->random.Head.msgh_size !=
	         offsetof(struct host_get_random_reply, bytes) + ((size + 3) & ~3u)))
		return -1;
	return kr;
}

static int all_zero(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* No C library here: memcmp's job. */
static int same(const uint8_t *a, const uint8_t *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* 12: random bytes from either host port: fresh each call, not zero, at most 256 a call. */
static int random_bytes(uint32_t host)
{
	union reply a, b;
	uint32_t plain = 0;

	CHECK(12, port_routine(host, reply, HOST_GET_SPECIAL_PORT, (int32_t[]){0, HOST_PORT}, 2,
	                       &plain) == KERN_SUCCESS);
	CHECK(12, get_random(plain, HOST_GET_RANDOM_MAX, &a) == KERN_SUCCESS);
	CHECK(12, get_random(plain, HOST_GET_RANDOM_MAX, &b) == KERN_SUCCESS);
	CHECK(12, !all_zero(a.random.bytes, HOST_GET_RANDOM_MAX) &&
	              !same(a.random.bytes, b.random.bytes, HOST_GET_RANDOM_MAX));
	CHECK(12, get_random(host, 8, &a) == KERN_SUCCESS &&
	              get_random(host, 8, &b) == KERN_SUCCESS &&
	              !same(a.random.bytes, b.random.bytes, 8));
	/* Odd sizes: the reply is padded to 4 with zeros. */
	CHECK(12, get_random(plain, 5, &a) == KERN_SUCCESS && a.random.bytes[5] == 0 &&
	              a.random.bytes[6] == 0 && a.random.bytes[7] == 0);
	CHECK(12, get_random(plain, 0, &a) == KERN_SUCCESS);

	/* Bad sizes and malformed requests are refused. */
	CHECK(12, get_random(plain, HOST_GET_RANDOM_MAX + 1, &a) == KERN_INVALID_ARGUMENT);
	CHECK(12, get_random(plain, 0x80000000u, &a) == KERN_INVALID_ARGUMENT);
	CHECK(12, get_random(host, ~0u, &a) == KERN_INVALID_ARGUMENT);
	CHECK(12, call(plain, HOST_GET_RANDOM_ID, (int32_t[]){32, 0}, 2, &a) == MIG_BAD_ARGUMENTS);
	CHECK(12, call(plain, HOST_GET_RANDOM_ID, 0, 0, &a) == MIG_BAD_ARGUMENTS);
	mach_port_deallocate(task, plain);
	return 0;
}

/* The RTC's time at boot (-rtc base=2030-01-02T03:04:05 in the test) and a bound on the boot's
 * length. */
#define RTC_BASE     1893553445u
#define BOOT_SECONDS 600u

/* clock_get_time on `clock` in nanoseconds, or 0 when it fails. */
static uint64_t clock_ns(uint32_t clock)
{
	union reply r;

	if (call(clock, CLOCK_GET_TIME_ID, 0, 0, &r) != KERN_SUCCESS ||
	    r.clock.Head.msgh_size != sizeof(r.clock) || r.clock.time.tv_nsec < 0 ||
	    r.clock.time.tv_nsec >= 1000000000)
		return 0;
	return r.clock.time.tv_sec * 1000000000ull + (uint64_t)r.clock.time.tv_nsec;
}

/* Counter ticks to nanoseconds, as mach_timebase_info says. */
static uint64_t ticks_ns(uint64_t ticks, const struct mach_timebase_info *tb)
{
	return ticks / tb->denom * tb->numer + ticks % tb->denom * tb->numer / tb->denom;
}

/* 13: the system and calendar clocks. */
static int clocks(uint32_t host)
{
	union reply r;
	struct mach_timebase_info tb;
	uint32_t plain = 0, system = 0, calendar = 0, control = 0, system_control = 0;

	CHECK(13, port_routine(host, reply, HOST_GET_SPECIAL_PORT, (int32_t[]){0, HOST_PORT}, 2,
	                       &plain) == KERN_SUCCESS);
	CHECK(13, port_routine(plain, reply, HOST_GET_CLOCK_SERVICE_ID, (int32_t[]){SYSTEM_CLOCK},
	                       1, &system) == KERN_SUCCESS);
	CHECK(13, port_routine(plain, reply, HOST_GET_CLOCK_SERVICE_ID, (int32_t[]){CALENDAR_CLOCK},
	                       1, &calendar) == KERN_SUCCESS);
	CHECK(13, MACH_PORT_VALID(system) && MACH_PORT_VALID(calendar) && system != calendar);
	CHECK(13, call(plain, HOST_GET_CLOCK_SERVICE_ID, (int32_t[]){2}, 1, &r) ==
	              KERN_INVALID_ARGUMENT);
	CHECK(13, call(plain, HOST_GET_CLOCK_SERVICE_ID, (int32_t[]){-1}, 1, &r) ==
	              KERN_INVALID_ARGUMENT);
	CHECK(13, call(plain, HOST_GET_CLOCK_SERVICE_ID, 0, 0, &r) == MIG_BAD_ARGUMENTS);

	/* The system clock lies between two counter readings taken around it. */
	CHECK(13, mach_timebase_info(&tb) == KERN_SUCCESS && tb.numer && tb.denom);
	uint64_t before = ticks_ns(absolute_time(), &tb);
	uint64_t up = clock_ns(system);
	uint64_t after = ticks_ns(absolute_time(), &tb);
	CHECK(13, up != 0 && before <= up + 100 && up <= after + 100);
	CHECK(13, clock_ns(system) >= up);

	/* The calendar started at the RTC's time and moves forward. */
	uint64_t cal = clock_ns(calendar);
	CHECK(13, cal / 1000000000 >= RTC_BASE && cal / 1000000000 < RTC_BASE + BOOT_SECONDS);
	CHECK(13, clock_ns(calendar) >= cal);

	/* The resolution: one counter tick, in whole nanoseconds; no alarms. */
	CHECK(13, call(calendar, CLOCK_GET_ATTRIBUTES_ID, (int32_t[]){CLOCK_GET_TIME_RES, 1}, 2,
	               &r) == KERN_SUCCESS &&
	              r.info.count == 1 && r.info.info[0] >= 1 && r.info.info[0] <= 1000);
	CHECK(13, call(system, CLOCK_GET_ATTRIBUTES_ID, (int32_t[]){CLOCK_ALARM_CURRES, 1}, 2,
	               &r) == KERN_INVALID_VALUE);
	CHECK(13, call(system, CLOCK_GET_ATTRIBUTES_ID, (int32_t[]){CLOCK_GET_TIME_RES, 0}, 2,
	               &r) == KERN_FAILURE);
	CHECK(13, call(system, CLOCK_GET_TIME_ID, (int32_t[]){1}, 1, &r) == MIG_BAD_ARGUMENTS);

	/* Setting: only host_priv gives the control port, and only the calendar's can be set. */
	CHECK(13, call(plain, HOST_GET_CLOCK_CONTROL_ID, (int32_t[]){CALENDAR_CLOCK}, 1, &r) ==
	              MIG_BAD_ID);
	CHECK(13,
	      call(calendar, CLOCK_SET_TIME_ID, (int32_t[]){2000000000, 0}, 2, &r) == MIG_BAD_ID);
	CHECK(13, port_routine(host, reply, HOST_GET_CLOCK_CONTROL_ID, (int32_t[]){CALENDAR_CLOCK},
	                       1, &control) == KERN_SUCCESS);
	CHECK(13, port_routine(host, reply, HOST_GET_CLOCK_CONTROL_ID, (int32_t[]){SYSTEM_CLOCK}, 1,
	                       &system_control) == KERN_SUCCESS);
	CHECK(13, call(system_control, CLOCK_SET_TIME_ID, (int32_t[]){2000000000, 0}, 2, &r) ==
	              KERN_FAILURE);
	CHECK(13, call(control, CLOCK_GET_TIME_ID, 0, 0, &r) == MIG_BAD_ID);
	CHECK(13, call(control, CLOCK_SET_TIME_ID, (int32_t[]){2000000000, 1000000000}, 2, &r) ==
	              KERN_INVALID_VALUE);
	CHECK(13, call(control, CLOCK_SET_TIME_ID, (int32_t[]){2000000000}, 1, &r) ==
	              MIG_BAD_ARGUMENTS);
	/* 2040-02-29 12:00:00 UTC; the clock runs on from there. */
	CHECK(13, call(control, CLOCK_SET_TIME_ID, (int32_t[]){(int32_t)2214129600u, 500000000}, 2,
	               &r) == KERN_SUCCESS);
	cal = clock_ns(calendar);
	CHECK(13, cal >= 2214129600500000000ull && cal < 2214129610000000000ull);
	/* Back to about where it was, for whatever runs next. */
	CHECK(13, call(control, CLOCK_SET_TIME_ID, (int32_t[]){(int32_t)RTC_BASE, 0}, 2, &r) ==
	              KERN_SUCCESS);
	CHECK(13, clock_ns(system) >= up);

	mach_port_deallocate(task, system);
	mach_port_deallocate(task, calendar);
	mach_port_deallocate(task, control);
	mach_port_deallocate(task, system_control);
	mach_port_deallocate(task, plain);
	return 0;
}

int main(int argc, char **argv)
{
	union reply r;

	task = task_self();
	reply = mach_reply_port();
	uint32_t host = host_self();
	CHECK(1, MACH_PORT_VALID(host));
	int failed = host_ports(host);
	if (!failed)
		failed = task_ports(host);
	if (!failed)
		failed = trace_read(host);
	if (!failed)
		failed = random_bytes(host);
	if (!failed)
		failed = clocks(host);
	const char *arg = argc > 1 ? argv[1] : "";
	if (failed || arg[0] != 'r' || arg[1] != 'e' || arg[2] != 'b')
		return failed;
	/* 10: power-off: the machine stops here (the test sees no exit). */
	call(host, HOST_REBOOT, (int32_t[]){HOST_REBOOT_HALT}, 1, &r);
	return 10;
}
