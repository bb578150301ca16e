/*
 * Device access for drivers through host_priv: devices found by compatible
 * string; the PL011 UART of QEMU's virt machine (registers at 0x09000000,
 * interrupt 33) mapped into this task, its
 * identification registers read and a line written through it; its transmit
 * interrupt delivered as messages, masked until acknowledged; hostile
 * requests refused; an attachment left at exit ends with its port. Returns 0
 * when every check passes.
 */
#include <stddef.h>

#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "mach/tessera_device.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define UART_PHYS      0x09000000ull
#define UART_INTID     33
#define UART_DR        0x000
#define UART_FR        0x018
#define UART_IMSC      0x038
#define UART_ICR       0x044
#define UART_PERIPHID0 0xfe0
#define UART_PCELLID0  0xff0
#define UART_FR_TXFF   (1u << 5)
#define UART_INT_TX    (1u << 5)
#define HOST_PORT      1
#define MACH_VM_READ   4804

static uint32_t task, reply, host;

union reply {
	mig_reply_error_t error;
	struct device_map_mmio_reply map;
	unsigned char room[256];
};

static int map_mmio(uint32_t target_host, uint32_t target_task, uint64_t phys, uint64_t size,
                    uint64_t *address)
{
	union {
		struct device_map_mmio_request req;
		union reply rep;
	} m = {.req = {.Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                                    MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	                                     MACH_MSGH_BITS_COMPLEX,
	                        .msgh_remote_port = target_host,
	                        .msgh_local_port = reply,
	                        .msgh_id = DEVICE_MAP_MMIO_ID},
	               .msgh_body = {1},
	               .task = {.name = target_task,
	                        .disposition = MACH_MSG_TYPE_COPY_SEND,
	                        .type = MACH_MSG_PORT_DESCRIPTOR},
	               .NDR = {0, 1},
	               .phys = phys,
	               .size = size}};
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m.req),
	                  sizeof(m), reply, 1000, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (m.rep.error.RetCode == KERN_SUCCESS)
		*address = m.rep.map.address;
	return m.rep.error.RetCode;
}

static int attach(uint32_t port, uint32_t disposition, uint32_t intid)
{
	union {
		struct device_interrupt_attach_request req;
		union reply rep;
	} m = {.req = {.Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                                    MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	                                     MACH_MSGH_BITS_COMPLEX,
	                        .msgh_remote_port = host,
	                        .msgh_local_port = reply,
	                        .msgh_id = DEVICE_INTERRUPT_ATTACH_ID},
	               .msgh_body = {1},
	               .port = {.name = port,
	                        .disposition = (uint8_t)disposition,
	                        .type = MACH_MSG_PORT_DESCRIPTOR},
	               .NDR = {0, 1},
	               .intid = intid}};
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m.req),
	                  sizeof(m), reply, 1000, 0);
	return mr != MACH_MSG_SUCCESS ? mr : m.rep.error.RetCode;
}

/* device_interrupt_ack or device_interrupt_detach. */
static int control(int id, uint32_t intid)
{
	union {
		struct device_interrupt_request req;
		union reply rep;
	} m = {.req = {.Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                                    MACH_MSG_TYPE_MAKE_SEND_ONCE),
	                        .msgh_remote_port = host,
	                        .msgh_local_port = reply,
	                        .msgh_id = id},
	               .NDR = {0, 1},
	               .intid = intid}};
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m.req),
	                  sizeof(m), reply, 1000, 0);
	return mr != MACH_MSG_SUCCESS ? mr : m.rep.error.RetCode;
}

static volatile uint32_t *reg(uint64_t uart, uint32_t offset)
{
	return (volatile uint32_t *)(uart + offset);
}

static void uart_put(uint64_t uart, char c)
{
	while (*reg(uart, UART_FR) & UART_FR_TXFF)
		;
	*reg(uart, UART_DR) = (uint8_t)c;
}

/* An interrupt announcement on `port` within `ms`: 1, or 0 if none came. */
static int announced(uint32_t port, uint32_t ms)
{
	struct {
		struct device_interrupt_message m;
		mach_msg_trailer_t trailer;
	} in;
	if (mach_msg(&in, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(in), port, ms, 0) !=
	    MACH_MSG_SUCCESS)
		return 0;
	return in.m.Head.msgh_id == DEVICE_INTERRUPT_MSG_ID && in.m.intid == UART_INTID;
}

/* device_lookup(host_priv, index, compatible): the RetCode; where the device is in *r. */
static int lookup(uint32_t target_host, uint32_t index, const char *compatible,
                  struct device_lookup_reply *out)
{
	union {
		struct device_lookup_request req;
		struct {
			struct device_lookup_reply r;
			mach_msg_trailer_t trailer;
		} rep;
	} m;
	uint32_t n = 0;

	/* Field by field: zeroing the whole union would make the compiler call bzero. */
	m.req.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.req.Head.msgh_size = 0;
	m.req.Head.msgh_remote_port = target_host;
	m.req.Head.msgh_local_port = reply;
	m.req.Head.msgh_voucher_port = 0;
	m.req.Head.msgh_id = DEVICE_LOOKUP_ID;
	m.req.NDR[0] = 0;
	m.req.NDR[1] = 1;
	m.req.index = index;
	m.req.compatibleOffset = 0;
	while (n < DEVICE_COMPATIBLE_MAX - 1 && compatible[n]) {
		m.req.compatible[n] = compatible[n];
		n++;
	}
	m.req.compatible[n++] = 0;
	m.req.compatibleCnt = n;
	for (uint32_t pad = n; pad % 4; pad++)
		m.req.compatible[pad] = 0;
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
	                  offsetof(struct device_lookup_request, compatible) + ((n + 3) & ~3u),
	                  sizeof(m), reply, 1000, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	*out = m.rep.r;
	return m.rep.r.RetCode;
}

int main(void)
{
	uint64_t uart = 0, other;
	uint32_t port, spare, plain = 0;

	task = task_self();
	reply = mach_reply_port();
	host = host_self();

	/* 9: the UART and the virtio slots found by compatible string, as the device tree says. */
	struct device_lookup_reply where;
	CHECK(9, lookup(host, 0, "arm,pl011", &where) == KERN_SUCCESS);
	CHECK(9, where.phys == UART_PHYS && where.size == 4096 && where.intid == UART_INTID);
	CHECK(9, lookup(host, 1, "arm,pl011", &where) == KERN_NOT_FOUND);
	CHECK(9, lookup(host, 0, "virtio,mmio", &where) == KERN_SUCCESS && where.intid >= 32);
	CHECK(9, lookup(host, 0, "no,such-device", &where) == KERN_NOT_FOUND);

	/* 1: the UART's registers, mapped here: its PrimeCell and peripheral ids. */
	CHECK(1, map_mmio(host, task, UART_PHYS, 4096, &uart) == KERN_SUCCESS && uart != 0);
	static const uint8_t cell[4] = {0x0d, 0xf0, 0x05, 0xb1};
	for (int i = 0; i < 4; i++)
		CHECK(1, (*reg(uart, UART_PCELLID0 + 4 * i) & 0xff) == cell[i]);
	CHECK(1, (*reg(uart, UART_PERIPHID0) & 0xff) == 0x11);

	/* 2: a line written through the device from user space (the test reads the console). */
	for (const char *c = "device_test: written by user space\n"; *c; c++)
		uart_put(uart, *c);

	/* 3: the transmit interrupt arrives as a message, and stays masked until acknowledged. */
	CHECK(3, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(3, attach(port, MACH_MSG_TYPE_MAKE_SEND, UART_INTID) == KERN_SUCCESS);
	*reg(uart, UART_IMSC) = UART_INT_TX;
	uart_put(uart, '.');
	CHECK(3, announced(port, 1000));
	uart_put(uart, '.');
	CHECK(3, !announced(port, 50)); /* masked: the driver has not acknowledged */
	*reg(uart, UART_ICR) = UART_INT_TX;
	CHECK(3, control(DEVICE_INTERRUPT_ACK_ID, UART_INTID) == KERN_SUCCESS);
	CHECK(3, !announced(port, 50)); /* the device was quieted before the ack */
	uart_put(uart, '\n');
	CHECK(3, announced(port, 1000));
	*reg(uart, UART_ICR) = UART_INT_TX;
	CHECK(3, control(DEVICE_INTERRUPT_ACK_ID, UART_INTID) == KERN_SUCCESS);

	/* 4: registers the kernel keeps, RAM, odd ranges and non-tasks are refused. */
	CHECK(4, map_mmio(host, task, 0x08000000ull, 4096, &other) == KERN_INVALID_ADDRESS);
	CHECK(4, map_mmio(host, task, 0x40000000ull, 4096, &other) == KERN_INVALID_ADDRESS);
	CHECK(4, map_mmio(host, task, 0x3ffff000ull, 8192, &other) == KERN_INVALID_ADDRESS);
	CHECK(4, map_mmio(host, task, ~0xfffull, 8192, &other) == KERN_INVALID_ADDRESS);
	CHECK(4, map_mmio(host, task, UART_PHYS + 4, 4096, &other) == KERN_INVALID_ARGUMENT);
	CHECK(4, map_mmio(host, task, UART_PHYS, 0, &other) == KERN_INVALID_ADDRESS);
	CHECK(4, map_mmio(host, host, UART_PHYS, 4096, &other) == KERN_INVALID_TASK);

	/* 5: interrupts the kernel uses, taken ones, and kernel ports as targets are refused. */
	CHECK(5, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &spare) == KERN_SUCCESS);
	CHECK(5, attach(spare, MACH_MSG_TYPE_MAKE_SEND, 27) == KERN_INVALID_ARGUMENT);
	CHECK(5, attach(spare, MACH_MSG_TYPE_MAKE_SEND, 5000) == KERN_INVALID_ARGUMENT);
	CHECK(5, attach(spare, MACH_MSG_TYPE_MAKE_SEND, UART_INTID) == KERN_NO_ACCESS);
	CHECK(5, attach(task, MACH_MSG_TYPE_COPY_SEND, 40) == KERN_INVALID_RIGHT);
	CHECK(5, control(DEVICE_INTERRUPT_ACK_ID, 40) == KERN_INVALID_ARGUMENT);

	/* 6: the plain host port has none of this. */
	CHECK(6, port_routine(host, reply, 412, (int32_t[]){0, HOST_PORT}, 2, &plain) ==
	             KERN_SUCCESS);
	CHECK(6, map_mmio(plain, task, UART_PHYS, 4096, &other) == MIG_BAD_ID);

	/* 7: nobody reads the registers behind the driver's back, and children do not get them. */
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		uint64_t address, size;
	} rd = {.Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                             MACH_MSG_TYPE_MAKE_SEND_ONCE),
	                 .msgh_remote_port = task,
	                 .msgh_local_port = reply,
	                 .msgh_id = MACH_VM_READ},
	        .NDR = {0, 1},
	        .address = uart,
	        .size = 16};
	union reply r;
	CHECK(7, mach_msg(&rd, MACH_SEND_MSG, sizeof(rd), 0, 0, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(7, mach_msg(&r, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r), reply, 1000, 0) ==
	             MACH_MSG_SUCCESS &&
	         r.error.RetCode == KERN_PROTECTION_FAILURE);
	uint32_t child = task_create_simple(task, reply, 1);
	CHECK(7, MACH_PORT_VALID(child));
	rd.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	rd.Head.msgh_remote_port = child;
	rd.Head.msgh_local_port = reply;
	CHECK(7, mach_msg(&rd, MACH_SEND_MSG, sizeof(rd), 0, 0, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(7, mach_msg(&r, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r), reply, 1000, 0) ==
	             MACH_MSG_SUCCESS &&
	         r.error.RetCode == KERN_INVALID_ADDRESS);
	kernel_request(child, TASK_TERMINATE);
	mach_port_deallocate(task, child);

	/* 8: detached, the line is free again; attached once more, it is left for the exit. */
	*reg(uart, UART_IMSC) = 0;
	CHECK(8, control(DEVICE_INTERRUPT_DETACH_ID, UART_INTID) == KERN_SUCCESS);
	CHECK(8, control(DEVICE_INTERRUPT_ACK_ID, UART_INTID) == KERN_INVALID_ARGUMENT);
	CHECK(8, attach(spare, MACH_MSG_TYPE_MAKE_SEND, UART_INTID) == KERN_SUCCESS);
	mach_port_deallocate(task, plain);
	return 0;
}
