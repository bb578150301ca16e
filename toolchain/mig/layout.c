/*
 * Where each argument travels and how big messages get. Sizes are XNU's
 * for a 64-bit task: header 24 bytes, body 4, port descriptor 12,
 * out-of-line descriptor 16, NDR record 8, RetCode 4; inline items are
 * padded to 4 bytes.
 */
#include "migc.h"

#define HEADER_SIZE  24u
#define BODY_SIZE    4u
#define PORT_DESC    12u
#define OOL_DESC     16u
#define NDR_SIZE     8u
#define RETCODE_SIZE 4u
#define COUNT_SIZE   4u /* mach_msg_type_number_t */

unsigned int migc_round4(unsigned int n)
{
	return (n + 3u) & ~3u;
}

bool migc_arg_in_request(const struct migc_arg *arg)
{
	return arg->dir == MIGC_IN || arg->dir == MIGC_INOUT || arg->count_in_out;
}

bool migc_arg_in_reply(const struct migc_arg *arg)
{
	return arg->dir == MIGC_OUT || arg->dir == MIGC_INOUT;
}

bool migc_is_ool(const struct migc_arg *arg)
{
	return arg->type->kind == MIGC_OOL || arg->type->kind == MIGC_OOL_PORTS;
}

bool migc_arg_is_descriptor(const struct migc_arg *arg)
{
	enum migc_kind k = arg->type->kind;
	return k == MIGC_PORT || k == MIGC_POLY || migc_is_ool(arg);
}

/* Inline bytes at the largest; a CountInOut array's request carries just its count. */
unsigned int migc_inline_max(const struct migc_arg *arg, bool reply)
{
	const struct migc_type *t = arg->type;
	if (!reply && arg->count_in_out)
		return COUNT_SIZE;
	switch (t->kind) {
	case MIGC_SCALAR: return migc_round4(t->size);
	case MIGC_FIXED_ARRAY: return migc_round4(t->bound * t->size);
	case MIGC_VAR_ARRAY: return COUNT_SIZE + migc_round4(t->bound * t->size);
	case MIGC_FIXED_STRING: return migc_round4(t->bound);
	case MIGC_VAR_STRING: return 2 * COUNT_SIZE + migc_round4(t->bound);
	case MIGC_OOL:
	case MIGC_OOL_PORTS: return COUNT_SIZE;
	case MIGC_PORT:
	case MIGC_POLY: return 0;
	}
	return 0;
}

/* Inline bytes at the smallest: an empty array, a string of just its NUL. */
unsigned int migc_inline_min(const struct migc_arg *arg, bool reply)
{
	switch (arg->type->kind) {
	case MIGC_VAR_ARRAY: return COUNT_SIZE;
	case MIGC_VAR_STRING: return 2 * COUNT_SIZE + 4;
	default: return migc_inline_max(arg, reply);
	}
}

static bool in_message(const struct migc_arg *arg, bool reply)
{
	return reply ? migc_arg_in_reply(arg) : migc_arg_in_request(arg);
}

int migc_descriptor_count(const struct migc_routine *r, bool reply)
{
	int n = 0;
	for (int i = 0; i < r->nargs; i++)
		if (in_message(&r->args[i], reply) && migc_arg_is_descriptor(&r->args[i]))
			n++;
	return n;
}

bool migc_has_inline(const struct migc_routine *r, bool reply)
{
	for (int i = 0; i < r->nargs; i++)
		if (in_message(&r->args[i], reply) && migc_inline_max(&r->args[i], reply) > 0)
			return true;
	return false;
}

/* A reply with descriptors has no RetCode: errors come as mig_reply_error_t. */
bool migc_reply_complex(const struct migc_routine *r)
{
	return migc_descriptor_count(r, true) > 0;
}

/* Bytes before the inline data (which starts right after NDR, or RetCode). */
unsigned int migc_message_fixed(const struct migc_routine *r, bool reply)
{
	unsigned int size = HEADER_SIZE;
	int ndesc = migc_descriptor_count(r, reply);
	if (ndesc > 0) {
		size += BODY_SIZE;
		for (int i = 0; i < r->nargs; i++) {
			const struct migc_arg *a = &r->args[i];
			if (in_message(a, reply) && migc_arg_is_descriptor(a))
				size += migc_is_ool(a) ? OOL_DESC : PORT_DESC;
		}
		if (migc_has_inline(r, reply))
			size += NDR_SIZE;
	} else if (reply) {
		size += NDR_SIZE + RETCODE_SIZE;
	} else if (migc_has_inline(r, reply)) {
		size += NDR_SIZE;
	}
	return size;
}

static unsigned int message_size(const struct migc_routine *r, bool reply, bool max)
{
	unsigned int size = migc_message_fixed(r, reply);
	for (int i = 0; i < r->nargs; i++)
		if (in_message(&r->args[i], reply))
			size += max ? migc_inline_max(&r->args[i], reply)
			            : migc_inline_min(&r->args[i], reply);
	return size;
}

unsigned int migc_message_max(const struct migc_routine *r, bool reply)
{
	return message_size(r, reply, true);
}

unsigned int migc_message_min(const struct migc_routine *r, bool reply)
{
	return message_size(r, reply, false);
}

const struct migc_arg *migc_request_port(const struct migc_routine *r)
{
	return &r->args[0];
}

bool migc_uses_audit(const struct migc_interface *itf)
{
	for (int i = 0; i < itf->nroutines; i++)
		for (int j = 0; j < itf->routines[i].nargs; j++)
			if (itf->routines[i].args[j].dir == MIGC_AUDIT)
				return true;
	return false;
}
