/*
 * The type table. It starts with MIG's primitive MACH_MSG_TYPE_* names and
 * the standard types XNU's std_types.defs and mach_types.defs declare (their
 * C types come from <mach/std_types.h>); each `type` statement adds one.
 * Disposition numbers are XNU's <mach/message.h> values.
 */
#include <string.h>

#include "migc.h"

#define TYPE_MOVE_RECEIVE   16u
#define TYPE_MOVE_SEND      17u
#define TYPE_MOVE_SEND_ONCE 18u
#define TYPE_COPY_SEND      19u
#define TYPE_MAKE_SEND      20u
#define TYPE_MAKE_SEND_ONCE 21u

static struct migc_type *table;

static void scalar(const char *name, const char *ctype, unsigned int size)
{
	struct migc_type *t = migc_alloc(sizeof(*t));
	t->name = migc_strdup(name);
	t->ctype = migc_strdup(ctype);
	t->kind = MIGC_SCALAR;
	t->size = size;
	migc_type_add(t);
}

static void port(const char *name, enum migc_kind kind, unsigned int disposition)
{
	struct migc_type *t = migc_alloc(sizeof(*t));
	t->name = migc_strdup(name);
	t->ctype = migc_strdup("mach_port_t");
	t->kind = kind;
	t->size = 4;
	t->disposition = disposition;
	migc_type_add(t);
}

void migc_types_init(void)
{
	static const struct {
		const char *name, *ctype;
		unsigned int size;
	} scalars[] = {
	    {"MACH_MSG_TYPE_INTEGER_8", "int8_t", 1},
	    {"MACH_MSG_TYPE_INTEGER_16", "int16_t", 2},
	    {"MACH_MSG_TYPE_INTEGER_32", "int32_t", 4},
	    {"MACH_MSG_TYPE_INTEGER_64", "int64_t", 8},
	    {"MACH_MSG_TYPE_CHAR", "char", 1},
	    {"MACH_MSG_TYPE_BYTE", "uint8_t", 1},
	    {"MACH_MSG_TYPE_BOOLEAN", "boolean_t", 4},
	    {"MACH_MSG_TYPE_REAL_32", "float", 4},
	    {"MACH_MSG_TYPE_REAL_64", "double", 8},
	    {"MACH_MSG_TYPE_PORT_NAME", "mach_port_name_t", 4},
	    {"char", "char", 1},
	    {"int8_t", "int8_t", 1},
	    {"uint8_t", "uint8_t", 1},
	    {"int16_t", "int16_t", 2},
	    {"uint16_t", "uint16_t", 2},
	    {"int", "int", 4},
	    {"int32_t", "int32_t", 4},
	    {"uint32_t", "uint32_t", 4},
	    {"int64_t", "int64_t", 8},
	    {"uint64_t", "uint64_t", 8},
	    {"boolean_t", "boolean_t", 4},
	    {"integer_t", "integer_t", 4},
	    {"natural_t", "natural_t", 4},
	    {"kern_return_t", "kern_return_t", 4},
	    {"mach_msg_type_number_t", "mach_msg_type_number_t", 4},
	    {"mach_msg_type_name_t", "mach_msg_type_name_t", 4},
	    {"mach_msg_id_t", "mach_msg_id_t", 4},
	    {"mach_port_name_t", "mach_port_name_t", 4},
	    {"vm_offset_t", "vm_offset_t", 8},
	    {"vm_address_t", "vm_address_t", 8},
	    {"vm_size_t", "vm_size_t", 8},
	    {"mach_vm_address_t", "mach_vm_address_t", 8},
	    {"mach_vm_size_t", "mach_vm_size_t", 8},
	    {"security_token_t", "security_token_t", 8},
	    {"audit_token_t", "audit_token_t", 32},
	};
	for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++)
		scalar(scalars[i].name, scalars[i].ctype, scalars[i].size);

	static const struct {
		const char *name;
		unsigned int disposition;
	} ports[] = {
	    {"MACH_MSG_TYPE_MOVE_RECEIVE", TYPE_MOVE_RECEIVE},
	    {"MACH_MSG_TYPE_MOVE_SEND", TYPE_MOVE_SEND},
	    {"MACH_MSG_TYPE_MOVE_SEND_ONCE", TYPE_MOVE_SEND_ONCE},
	    {"MACH_MSG_TYPE_COPY_SEND", TYPE_COPY_SEND},
	    {"MACH_MSG_TYPE_MAKE_SEND", TYPE_MAKE_SEND},
	    {"MACH_MSG_TYPE_MAKE_SEND_ONCE", TYPE_MAKE_SEND_ONCE},
	    {"MACH_MSG_TYPE_PORT_RECEIVE", TYPE_MOVE_RECEIVE},
	    {"MACH_MSG_TYPE_PORT_SEND", TYPE_MOVE_SEND},
	    {"MACH_MSG_TYPE_PORT_SEND_ONCE", TYPE_MOVE_SEND_ONCE},
	    {"mach_port_t", TYPE_COPY_SEND},
	    {"mach_port_copy_send_t", TYPE_COPY_SEND},
	    {"mach_port_move_send_t", TYPE_MOVE_SEND},
	    {"mach_port_make_send_t", TYPE_MAKE_SEND},
	    {"mach_port_move_send_once_t", TYPE_MOVE_SEND_ONCE},
	    {"mach_port_make_send_once_t", TYPE_MAKE_SEND_ONCE},
	    {"mach_port_move_receive_t", TYPE_MOVE_RECEIVE},
	    {"mach_port_receive_t", TYPE_MOVE_RECEIVE},
	    {"mach_port_send_t", TYPE_MOVE_SEND},
	    {"mach_port_send_once_t", TYPE_MOVE_SEND_ONCE},
	};
	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		port(ports[i].name, MIGC_PORT, ports[i].disposition);
	port("MACH_MSG_TYPE_POLYMORPHIC", MIGC_POLY, 0);
	port("mach_port_poly_t", MIGC_POLY, 0);
}

const struct migc_type *migc_type_find(const char *name)
{
	for (const struct migc_type *t = table; t != NULL; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

void migc_type_add(struct migc_type *type)
{
	type->next = table;
	table = type;
}

/* The type a receiver sees for a right sent with `disposition`. */
unsigned int migc_port_received(unsigned int disposition)
{
	switch (disposition) {
	case TYPE_MOVE_RECEIVE: return TYPE_MOVE_RECEIVE;
	case TYPE_MOVE_SEND_ONCE:
	case TYPE_MAKE_SEND_ONCE: return TYPE_MOVE_SEND_ONCE;
	default: return TYPE_MOVE_SEND;
	}
}

/* The <mach/message.h> name of a disposition, for readable generated code. */
const char *migc_disposition_name(unsigned int disposition)
{
	switch (disposition) {
	case TYPE_MOVE_RECEIVE: return "MACH_MSG_TYPE_MOVE_RECEIVE";
	case TYPE_MOVE_SEND: return "MACH_MSG_TYPE_MOVE_SEND";
	case TYPE_MOVE_SEND_ONCE: return "MACH_MSG_TYPE_MOVE_SEND_ONCE";
	case TYPE_COPY_SEND: return "MACH_MSG_TYPE_COPY_SEND";
	case TYPE_MAKE_SEND: return "MACH_MSG_TYPE_MAKE_SEND";
	default: return "MACH_MSG_TYPE_MAKE_SEND_ONCE";
	}
}

/* The name of the type a receiver sees. */
const char *migc_received_name(unsigned int disposition)
{
	switch (migc_port_received(disposition)) {
	case TYPE_MOVE_RECEIVE: return "MACH_MSG_TYPE_PORT_RECEIVE";
	case TYPE_MOVE_SEND_ONCE: return "MACH_MSG_TYPE_PORT_SEND_ONCE";
	default: return "MACH_MSG_TYPE_PORT_SEND";
	}
}
