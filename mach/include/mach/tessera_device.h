/*
 * Tessera's device access for user-space drivers: routines on the host_priv
 * port (the kernel answers them in kern/device.c) that find a device in the
 * machine's device tree, map its registers into a task and turn its
 * interrupt into messages. Only a holder
 * of host_priv can call them; a driver gets that right from the bootstrap.
 *
 * An attached interrupt is masked each time it fires and announced with one
 * DEVICE_INTERRUPT_MSG_ID message; the driver quiets the device, then calls
 * device_interrupt_ack to unmask it. The attachment ends with
 * device_interrupt_detach or when the announcement port dies, so a restarted
 * driver can attach again.
 *
 * Layouts are MIG's (4-byte packing); replies carry RetCode after NDR and
 * answer request id + 100.
 */
#ifndef _MACH_TESSERA_DEVICE_H_
#define _MACH_TESSERA_DEVICE_H_

#include <stdint.h>

#include "mach/message.h"

#define DEVICE_MAP_MMIO_ID         7400 /* (host_priv, task, phys, size) -> address */
#define DEVICE_INTERRUPT_ATTACH_ID 7401 /* (host_priv, port, intid) */
#define DEVICE_INTERRUPT_ACK_ID    7402 /* (host_priv, intid) */
#define DEVICE_INTERRUPT_DETACH_ID 7403 /* (host_priv, intid) */
#define DEVICE_LOOKUP_ID           7404 /* (host_priv, index, compatible) -> phys, size, intid */
#define DEVICE_COMPATIBLE_MAX      64   /* bytes of a compatible string, its NUL included */
#define DEVICE_INTERRUPT_MSG_ID    7450 /* kernel -> driver: the interrupt fired */

#pragma pack(push, 4)
/* Maps [phys, phys + size) (page aligned, a device's registers) anywhere in `task`, read/write. */
struct device_map_mmio_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t task; /* a send right to the task's port */
	uint32_t NDR[2];
	uint64_t phys;
	uint64_t size;
};

struct device_map_mmio_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint64_t address;
};

/* Announces interrupt `intid` (a shared peripheral interrupt) on `port`. */
struct device_interrupt_attach_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t port; /* a send right; the kernel keeps it */
	uint32_t NDR[2];
	uint32_t intid;
};

/* device_interrupt_ack and device_interrupt_detach. */
struct device_interrupt_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint32_t intid;
};

/*
 * Where the `index`th device compatible with `compatible` (a device-tree
 * "compatible" string, NUL-terminated) is: its first register range and
 * interrupt. A MIG c_string[*:64], so the request ends after
 * round4(compatibleCnt) bytes of it. KERN_NOT_FOUND if there is none.
 */
struct device_lookup_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint32_t index;
	uint32_t compatibleOffset; /* unused, as in MIG */
	uint32_t compatibleCnt;
	char compatible[DEVICE_COMPATIBLE_MAX];
};

struct device_lookup_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint64_t phys;
	uint64_t size;
	uint32_t intid;
};

struct device_interrupt_message {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint32_t intid;
};
#pragma pack(pop)

#endif
