/*
 * Packing and checking message bodies, shared by the client emitter (which
 * packs requests and checks replies) and the server emitter (which checks
 * requests and packs replies).
 *
 * Packing reads each argument from a variable of its own name: the client's
 * parameters, or the server stub's locals. Checking writes the client's out
 * parameters through their pointers, or the server stub's locals directly.
 */
#include "migc.h"

static bool in_message(const struct migc_arg *a, bool reply)
{
	return reply ? migc_arg_in_reply(a) : migc_arg_in_request(a);
}

/* Where a message's inline data starts, as a cursor expression. */
static void cursor_start(FILE *f, const struct migc_routine *r, bool reply, const char *ptr,
                         const char *qual, const char *var)
{
	if (reply && !migc_reply_complex(r))
		fprintf(f, "\t%s = (%suint8_t *)(&%s->RetCode + 1);\n", var, qual, ptr);
	else
		fprintf(f, "\t%s = (%suint8_t *)(&%s->NDR + 1);\n", var, qual, ptr);
}

static void pack_descriptor(FILE *f, const struct migc_arg *a, const char *ptr)
{
	const struct migc_type *t = a->type;
	const char *n = a->name;
	if (t->kind == MIGC_OOL_PORTS) {
		if (t->bound > 0)
			fprintf(f, "\tif (%sCnt > %u)\n\t\treturn MIG_ARRAY_TOO_LARGE;\n", n,
			        t->bound);
		fprintf(f, "\t%s->%s.address = (uint64_t)(uintptr_t)%s;\n", ptr, n, n);
		fprintf(f, "\t%s->%s.deallocate = %d;\n", ptr, n, a->dealloc);
		fprintf(f, "\t%s->%s.copy = MACH_MSG_VIRTUAL_COPY;\n", ptr, n);
		fprintf(f, "\t%s->%s.disposition = %s;\n", ptr, n,
		        migc_disposition_name(t->disposition));
		fprintf(f, "\t%s->%s.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;\n", ptr, n);
		fprintf(f, "\t%s->%s.count = %sCnt;\n", ptr, n, n);
		return;
	}
	if (t->kind == MIGC_OOL) {
		if (t->bound > 0)
			fprintf(f, "\tif (%sCnt > %u)\n\t\treturn MIG_ARRAY_TOO_LARGE;\n", n,
			        t->bound);
		else
			fprintf(f,
			        "\tif (%sCnt > UINT32_MAX / %u)\n\t\treturn MIG_ARRAY_TOO_LARGE;\n",
			        n, t->size);
		fprintf(f, "\t%s->%s.address = (uint64_t)(uintptr_t)%s;\n", ptr, n, n);
		fprintf(f, "\t%s->%s.deallocate = %d;\n", ptr, n, a->dealloc);
		fprintf(f, "\t%s->%s.copy = MACH_MSG_VIRTUAL_COPY;\n", ptr, n);
		fprintf(f, "\t%s->%s.pad1 = 0;\n", ptr, n);
		fprintf(f, "\t%s->%s.type = MACH_MSG_OOL_DESCRIPTOR;\n", ptr, n);
		fprintf(f, "\t%s->%s.size = %sCnt * %uu;\n", ptr, n, n, t->size);
		return;
	}
	fprintf(f, "\t%s->%s.name = %s;\n", ptr, n, n);
	fprintf(f, "\t%s->%s.pad1 = 0;\n", ptr, n);
	fprintf(f, "\t%s->%s.pad2 = 0;\n", ptr, n);
	if (t->kind == MIGC_POLY)
		fprintf(f, "\t%s->%s.disposition = (uint8_t)%sPoly;\n", ptr, n, n);
	else
		fprintf(f, "\t%s->%s.disposition = %s;\n", ptr, n,
		        migc_disposition_name(t->disposition));
	fprintf(f, "\t%s->%s.type = MACH_MSG_PORT_DESCRIPTOR;\n", ptr, n);
}

/* `scalar_by_pointer`: the client's inout scalars are pointers. */
static void pack_inline(FILE *f, const struct migc_arg *a, bool reply, bool scalar_by_pointer)
{
	const struct migc_type *t = a->type;
	const char *n = a->name;
	if (!reply && a->count_in_out) {
		fprintf(f, "\tmig_put(&mig_q, %sCnt, sizeof(*%sCnt));\n", n, n);
		return;
	}
	switch (t->kind) {
	case MIGC_SCALAR:
		fprintf(f, "\tmig_put(&mig_q, %s%s, %u);\n", scalar_by_pointer ? "" : "&", n,
		        t->size);
		break;
	case MIGC_FIXED_ARRAY:
		fprintf(f, "\tmig_put(&mig_q, %s, %u);\n", n, t->bound * t->size);
		break;
	case MIGC_VAR_ARRAY:
		fprintf(f, "\tif (%sCnt > %u)\n\t\treturn MIG_ARRAY_TOO_LARGE;\n", n, t->bound);
		fprintf(f, "\tmig_put(&mig_q, &%sCnt, sizeof(%sCnt));\n", n, n);
		fprintf(f, "\tmig_put(&mig_q, %s, (size_t)%sCnt * %u);\n", n, n, t->size);
		break;
	case MIGC_FIXED_STRING:
	case MIGC_VAR_STRING:
		fprintf(
		    f,
		    "\tif (!mig_put_string(&mig_q, %s, %u, %s))\n\t\treturn MIG_ARRAY_TOO_LARGE;\n",
		    n, t->bound, t->kind == MIGC_VAR_STRING ? "true" : "false");
		break;
	case MIGC_OOL:
	case MIGC_OOL_PORTS: fprintf(f, "\tmig_put(&mig_q, &%sCnt, sizeof(%sCnt));\n", n, n); break;
	case MIGC_PORT:
	case MIGC_POLY: break;
	}
}

void migc_emit_pack(FILE *f, const struct migc_routine *r, bool reply, bool client, const char *ptr)
{
	int ndesc = migc_descriptor_count(r, reply);
	if (ndesc > 0) {
		fprintf(f, "\t%s->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;\n", ptr);
		fprintf(f, "\t%s->msgh_body.msgh_descriptor_count = %d;\n", ptr, ndesc);
		for (int i = 0; i < r->nargs; i++)
			if (in_message(&r->args[i], reply) && migc_arg_is_descriptor(&r->args[i]))
				pack_descriptor(f, &r->args[i], ptr);
	}
	if (reply && ndesc == 0)
		fprintf(f, "\t%s->NDR = NDR_RECORD_NATIVE;\n\t%s->RetCode = KERN_SUCCESS;\n", ptr,
		        ptr);
	else if (migc_has_inline(r, reply))
		fprintf(f, "\t%s->NDR = NDR_RECORD_NATIVE;\n", ptr);
	if (!migc_has_inline(r, reply)) {
		fprintf(f, "\t%s->Head.msgh_size = %uu;\n", ptr, migc_message_fixed(r, reply));
		return;
	}
	cursor_start(f, r, reply, ptr, "", "mig_q");
	for (int i = 0; i < r->nargs; i++) {
		const struct migc_arg *a = &r->args[i];
		if (in_message(a, reply))
			pack_inline(f, a, reply, client && a->dir == MIGC_INOUT);
	}
	fprintf(f, "\t%s->Head.msgh_size = (mach_msg_size_t)(mig_q - (uint8_t *)%s);\n", ptr, ptr);
}

static void check_descriptor(FILE *f, const struct migc_arg *a, const char *ptr, const char *fail)
{
	const char *n = a->name;
	switch (a->type->kind) {
	case MIGC_OOL:
		fprintf(f, "\tif (%s->%s.type != MACH_MSG_OOL_DESCRIPTOR)\n\t\t%s\n", ptr, n, fail);
		break;
	case MIGC_OOL_PORTS:
	case MIGC_PORT:
		fprintf(f,
		        "\tif (%s->%s.type != %s ||\n"
		        "\t    %s->%s.disposition != %s)\n"
		        "\t\t%s\n",
		        ptr, n,
		        a->type->kind == MIGC_PORT ? "MACH_MSG_PORT_DESCRIPTOR"
		                                   : "MACH_MSG_OOL_PORTS_DESCRIPTOR",
		        ptr, n, migc_received_name(a->type->disposition), fail);
		break;
	case MIGC_POLY:
		fprintf(f,
		        "\tif (%s->%s.type != MACH_MSG_PORT_DESCRIPTOR ||\n"
		        "\t    (%s->%s.disposition != MACH_MSG_TYPE_PORT_RECEIVE &&\n"
		        "\t     %s->%s.disposition != MACH_MSG_TYPE_PORT_SEND &&\n"
		        "\t     %s->%s.disposition != MACH_MSG_TYPE_PORT_SEND_ONCE))\n"
		        "\t\t%s\n",
		        ptr, n, ptr, n, ptr, n, ptr, n, fail);
		break;
	default: break;
	}
}

void migc_emit_check_shape(FILE *f, const struct migc_routine *r, bool reply, const char *ptr,
                           const char *fail)
{
	int ndesc = migc_descriptor_count(r, reply);
	if (ndesc > 0)
		fprintf(f, "\tif (!(%s->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX))\n\t\t%s\n", ptr,
		        fail);
	else
		fprintf(f, "\tif (%s->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)\n\t\t%s\n", ptr,
		        fail);
	unsigned int min = migc_message_min(r, reply), max = migc_message_max(r, reply);
	if (min == max)
		fprintf(f, "\tif (%s->Head.msgh_size != %uu)\n\t\t%s\n", ptr, min, fail);
	else
		fprintf(f, "\tif (%s->Head.msgh_size < %uu || %s->Head.msgh_size > %uu)\n\t\t%s\n",
		        ptr, min, ptr, max, fail);
	if (ndesc == 0)
		return;
	fprintf(f, "\tif (%s->msgh_body.msgh_descriptor_count != %d)\n\t\t%s\n", ptr, ndesc, fail);
	for (int i = 0; i < r->nargs; i++)
		if (in_message(&r->args[i], reply) && migc_arg_is_descriptor(&r->args[i]))
			check_descriptor(f, &r->args[i], ptr, fail);
}

/* Reads one inline item; `deref` is "*" where the destination is a client out pointer. */
static void unpack_inline(FILE *f, const struct migc_arg *a, bool reply, const char *ptr,
                          bool client, const char *fail)
{
	const struct migc_type *t = a->type;
	const char *n = a->name;
	const char *deref = client ? "*" : "";
	if (!reply && a->count_in_out) {
		fprintf(f, "\tif (!mig_get(&mig_p, mig_end, &%sCnt, sizeof(%sCnt)))\n\t\t%s\n", n,
		        n, fail);
		fprintf(f, "\tif (%sCnt > %u)\n\t\t%sCnt = %u;\n", n, t->bound, n, t->bound);
		return;
	}
	switch (t->kind) {
	case MIGC_SCALAR:
		fprintf(f, "\tif (!mig_get(&mig_p, mig_end, %s%s, %u))\n\t\t%s\n",
		        client ? "" : "&", n, t->size, fail);
		break;
	case MIGC_FIXED_ARRAY:
		fprintf(f, "\tif (!mig_get(&mig_p, mig_end, %s, %u))\n\t\t%s\n", n,
		        t->bound * t->size, fail);
		break;
	case MIGC_VAR_ARRAY:
		fprintf(f,
		        "\tif (!mig_get(&mig_p, mig_end, &mig_count, sizeof(mig_count)) || "
		        "mig_count > %u)\n\t\t%s\n",
		        t->bound, fail);
		if (client)
			fprintf(f,
			        "\tif (mig_count > *%sCnt) {\n\t\tmig_kr = MIG_ARRAY_TOO_LARGE;\n"
			        "\t\tgoto destroy;\n\t}\n",
			        n);
		fprintf(f, "\tif (!mig_get(&mig_p, mig_end, %s, (size_t)mig_count * %u))\n\t\t%s\n",
		        n, t->size, fail);
		fprintf(f, "\t%s%sCnt = mig_count;\n", deref, n);
		break;
	case MIGC_FIXED_STRING:
	case MIGC_VAR_STRING:
		fprintf(f, "\tif (!mig_get_string(&mig_p, mig_end, %s, %u, %s))\n\t\t%s\n", n,
		        t->bound, t->kind == MIGC_VAR_STRING ? "true" : "false", fail);
		break;
	case MIGC_OOL:
		fprintf(f, "\tif (!mig_get(&mig_p, mig_end, &mig_count, sizeof(mig_count))");
		if (t->bound > 0)
			fprintf(f, " || mig_count > %u", t->bound);
		fprintf(f, " ||\n\t    %s->%s.size != (uint64_t)mig_count * %u)\n\t\t%s\n", ptr, n,
		        t->size, fail);
		fprintf(f, "\t%s%s = (%s *)(uintptr_t)%s->%s.address;\n", deref, n, t->ctype, ptr,
		        n);
		fprintf(f, "\t%s%sCnt = mig_count;\n", deref, n);
		break;
	case MIGC_OOL_PORTS:
		fprintf(f, "\tif (!mig_get(&mig_p, mig_end, &mig_count, sizeof(mig_count))");
		if (t->bound > 0)
			fprintf(f, " || mig_count > %u", t->bound);
		fprintf(f, " ||\n\t    %s->%s.count != mig_count)\n\t\t%s\n", ptr, n, fail);
		fprintf(f, "\t%s%s = (mach_port_t *)(uintptr_t)%s->%s.address;\n", deref, n, ptr,
		        n);
		fprintf(f, "\t%s%sCnt = mig_count;\n", deref, n);
		break;
	case MIGC_PORT:
	case MIGC_POLY: break;
	}
}

static bool needs_count(const struct migc_routine *r, bool reply)
{
	for (int i = 0; i < r->nargs; i++) {
		enum migc_kind k = r->args[i].type->kind;
		if (!reply && r->args[i].count_in_out)
			continue;
		if (in_message(&r->args[i], reply) &&
		    (k == MIGC_VAR_ARRAY || k == MIGC_OOL || k == MIGC_OOL_PORTS))
			return true;
	}
	return false;
}

void migc_emit_unpack_locals(FILE *f, const struct migc_routine *r, bool reply)
{
	if (migc_has_inline(r, reply))
		fprintf(f, "\tconst uint8_t *mig_p, *mig_end;\n");
	if (needs_count(r, reply))
		fprintf(f, "\tmach_msg_type_number_t mig_count;\n");
}

void migc_emit_unpack(FILE *f, const struct migc_routine *r, bool reply, bool client,
                      const char *ptr, const char *fail)
{
	const char *deref = client ? "*" : "";
	if (migc_has_inline(r, reply)) {
		cursor_start(f, r, reply, ptr, "const ", "mig_p");
		fprintf(f, "\tmig_end = (const uint8_t *)%s + %s->Head.msgh_size;\n", ptr, ptr);
		for (int i = 0; i < r->nargs; i++)
			if (in_message(&r->args[i], reply))
				unpack_inline(f, &r->args[i], reply, ptr, client, fail);
		fprintf(f, "\tif (mig_p != mig_end)\n\t\t%s\n", fail);
	}
	for (int i = 0; i < r->nargs; i++) {
		const struct migc_arg *a = &r->args[i];
		if (!in_message(a, reply) ||
		    (a->type->kind != MIGC_PORT && a->type->kind != MIGC_POLY))
			continue;
		fprintf(f, "\t%s%s = %s->%s.name;\n", deref, a->name, ptr, a->name);
		if (a->type->kind == MIGC_POLY)
			fprintf(f, "\t%s%sPoly = %s->%s.disposition;\n", deref, a->name, ptr,
			        a->name);
	}
}

/* The C types the layouts assume, checked where the generated code compiles. */
void migc_emit_size_checks(FILE *f, const struct migc_interface *itf)
{
	for (int i = 0; i < itf->nroutines; i++) {
		const struct migc_routine *r = &itf->routines[i];
		if (r->name == NULL)
			continue;
		for (int j = 0; j < r->nargs; j++) {
			const struct migc_type *t = r->args[j].type;
			if (t->kind == MIGC_PORT || t->kind == MIGC_POLY ||
			    r->args[j].dir == MIGC_AUDIT)
				continue;
			fprintf(f, "_Static_assert(sizeof(%s) == %u, \"%s.%s: %s is %u bytes\");\n",
			        t->ctype, t->size, r->name, r->args[j].name, t->ctype, t->size);
		}
		fprintf(f,
		        "_Static_assert(sizeof(%s_%s_request_t) == %u, \"%s request layout\");\n",
		        itf->name, r->name, migc_message_max(r, false), r->name);
		if (!r->simple)
			fprintf(
			    f,
			    "_Static_assert(sizeof(%s_%s_reply_t) == %u, \"%s reply layout\");\n",
			    itf->name, r->name, migc_message_max(r, true), r->name);
	}
	fprintf(f, "\n");
}
