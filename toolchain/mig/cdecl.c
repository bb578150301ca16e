/*
 * C declarations the emitters share: the request and reply structs (each
 * variable-length item at its largest, so sizeof is the largest message),
 * the parameter lists of client stubs and server routines, and the inline
 * cursor helpers every generated .c file carries.
 */
#include "migc.h"

static void pad(FILE *f, const char *name, const char *suffix, unsigned int bytes)
{
	if (migc_round4(bytes) != bytes)
		fprintf(f, "\tuint8_t %s%sPad[%u];\n", name, suffix, migc_round4(bytes) - bytes);
}

static void descriptor_field(FILE *f, const struct migc_arg *a)
{
	if (a->type->kind == MIGC_OOL)
		fprintf(f, "\tmach_msg_ool_descriptor64_t %s;\n", a->name);
	else if (a->type->kind == MIGC_OOL_PORTS)
		fprintf(f, "\tmach_msg_ool_ports_descriptor64_t %s;\n", a->name);
	else
		fprintf(f, "\tmach_msg_port_descriptor_t %s;\n", a->name);
}

static void inline_fields(FILE *f, const struct migc_arg *a, bool reply)
{
	const struct migc_type *t = a->type;
	if (!reply && a->count_in_out) {
		fprintf(f, "\tmach_msg_type_number_t %sCnt; /* room for %s in the reply */\n",
		        a->name, a->name);
		return;
	}
	switch (t->kind) {
	case MIGC_SCALAR:
		fprintf(f, "\t%s %s;\n", t->ctype, a->name);
		pad(f, a->name, "", t->size);
		break;
	case MIGC_FIXED_ARRAY:
		fprintf(f, "\t%s %s[%u];\n", t->ctype, a->name, t->bound);
		pad(f, a->name, "", t->bound * t->size);
		break;
	case MIGC_VAR_ARRAY:
		fprintf(f, "\tmach_msg_type_number_t %sCnt;\n", a->name);
		fprintf(f, "\t%s %s[%u]; /* %sCnt used; what follows moves up */\n", t->ctype,
		        a->name, t->bound, a->name);
		pad(f, a->name, "", t->bound * t->size);
		break;
	case MIGC_FIXED_STRING:
		fprintf(f, "\tchar %s[%u];\n", a->name, t->bound);
		pad(f, a->name, "", t->bound);
		break;
	case MIGC_VAR_STRING:
		fprintf(f, "\tmach_msg_type_number_t %sOffset; /* always 0 */\n", a->name);
		fprintf(f, "\tmach_msg_type_number_t %sCnt; /* with the NUL */\n", a->name);
		fprintf(f, "\tchar %s[%u]; /* %sCnt used; what follows moves up */\n", a->name,
		        t->bound, a->name);
		pad(f, a->name, "", t->bound);
		break;
	case MIGC_OOL:
	case MIGC_OOL_PORTS: fprintf(f, "\tmach_msg_type_number_t %sCnt;\n", a->name); break;
	case MIGC_PORT:
	case MIGC_POLY: break;
	}
}

static bool in_message(const struct migc_arg *a, bool reply)
{
	return reply ? migc_arg_in_reply(a) : migc_arg_in_request(a);
}

static void message_struct(FILE *f, const struct migc_interface *itf, const struct migc_routine *r,
                           bool reply)
{
	bool complex = migc_descriptor_count(r, reply) > 0;
	fprintf(f, "typedef struct {\n\tmach_msg_header_t Head;\n");
	if (complex) {
		fprintf(f, "\tmach_msg_body_t msgh_body;\n");
		for (int i = 0; i < r->nargs; i++)
			if (in_message(&r->args[i], reply) && migc_arg_is_descriptor(&r->args[i]))
				descriptor_field(f, &r->args[i]);
	}
	if (!complex && reply)
		fprintf(f, "\tNDR_record_t NDR;\n\tkern_return_t RetCode;\n");
	else if (migc_has_inline(r, reply))
		fprintf(f, "\tNDR_record_t NDR;\n");
	for (int i = 0; i < r->nargs; i++)
		if (in_message(&r->args[i], reply))
			inline_fields(f, &r->args[i], reply);
	fprintf(f, "} %s_%s_%s_t;\n", itf->name, r->name, reply ? "reply" : "request");
}

static void size_range(FILE *f, const struct migc_routine *r, bool reply)
{
	unsigned int min = migc_message_min(r, reply), max = migc_message_max(r, reply);
	if (min == max)
		fprintf(f, "%u bytes", min);
	else
		fprintf(f, "%u to %u bytes", min, max);
}

static void message_structs(FILE *f, const struct migc_interface *itf, const struct migc_routine *r)
{
	fprintf(f, "/* %s: request id %d, ", r->name, r->id);
	size_range(f, r, false);
	if (!r->simple) {
		fprintf(f, "; reply id %d, ", r->id + 100);
		size_range(f, r, true);
	}
	fprintf(f, ". */\n");
	message_struct(f, itf, r, false);
	if (!r->simple)
		message_struct(f, itf, r, true);
	fprintf(f, "\n");
}

/* Every routine's layouts, once per translation unit whichever header brings them. */
void migc_emit_message_layouts(FILE *f, const struct migc_interface *itf)
{
	fprintf(f, "#ifndef %s_MESSAGES\n#define %s_MESSAGES\n\n#pragma pack(push, 4)\n\n",
	        itf->name, itf->name);
	for (int i = 0; i < itf->nroutines; i++)
		if (itf->routines[i].name != NULL)
			message_structs(f, itf, &itf->routines[i]);
	fprintf(f, "#pragma pack(pop)\n\n#endif\n\n");
}

/* One parameter; `server` gives the server routine's view. */
static void param(FILE *f, const struct migc_arg *a, bool server)
{
	const struct migc_type *t = a->type;
	bool out = a->dir == MIGC_OUT || a->dir == MIGC_INOUT;
	switch (a->dir) {
	case MIGC_REQUESTPORT:
	case MIGC_REPLYPORT: fprintf(f, "mach_port_t %s", a->name); return;
	case MIGC_SREPLYPORT: fprintf(f, "mach_port_t %s", a->name); return;
	case MIGC_AUDIT: fprintf(f, "audit_token_t %s", a->name); return;
	default: break;
	}
	switch (t->kind) {
	case MIGC_SCALAR: fprintf(f, out ? "%s *%s" : "%s %s", t->ctype, a->name); break;
	case MIGC_FIXED_ARRAY:
		fprintf(f, "%s%s %s[%u]", out ? "" : "const ", t->ctype, a->name, t->bound);
		break;
	case MIGC_VAR_ARRAY:
		if (out)
			fprintf(f, "%s *%s, mach_msg_type_number_t *%sCnt", t->ctype, a->name,
			        a->name);
		else
			fprintf(f, "const %s *%s, mach_msg_type_number_t %sCnt", t->ctype, a->name,
			        a->name);
		break;
	case MIGC_FIXED_STRING:
	case MIGC_VAR_STRING:
		if (out)
			fprintf(f, "char %s[%u]", a->name, t->bound);
		else
			fprintf(f, "const char *%s", a->name);
		break;
	case MIGC_OOL:
	case MIGC_OOL_PORTS:
		if (out)
			fprintf(f, "%s **%s, mach_msg_type_number_t *%sCnt", t->ctype, a->name,
			        a->name);
		else
			fprintf(f, "%s%s *%s, mach_msg_type_number_t %sCnt", server ? "" : "const ",
			        t->ctype, a->name, a->name);
		break;
	case MIGC_PORT: fprintf(f, out ? "mach_port_t *%s" : "mach_port_t %s", a->name); break;
	case MIGC_POLY:
		if (out)
			fprintf(f, "mach_port_t *%s, mach_msg_type_name_t *%sPoly", a->name,
			        a->name);
		else
			fprintf(f, "mach_port_t %s, mach_msg_type_name_t %sPoly", a->name, a->name);
		break;
	}
}

static void params(FILE *f, const struct migc_routine *r, bool server)
{
	bool first = true;
	for (int i = 0; i < r->nargs; i++) {
		const struct migc_arg *a = &r->args[i];
		if (!server && (a->dir == MIGC_SREPLYPORT || a->dir == MIGC_AUDIT))
			continue;
		fprintf(f, first ? "" : ", ");
		param(f, a, server);
		first = false;
	}
}

void migc_emit_user_params(FILE *f, const struct migc_routine *r)
{
	params(f, r, false);
}

void migc_emit_server_params(FILE *f, const struct migc_routine *r)
{
	params(f, r, true);
}

/* The out arguments by value, as a deferred reply sends them. */
void migc_emit_reply_value_params(FILE *f, const struct migc_routine *r)
{
	for (int i = 0; i < r->nargs; i++) {
		if (!migc_arg_in_reply(&r->args[i]))
			continue;
		struct migc_arg a = r->args[i];
		a.dir = MIGC_IN;
		fprintf(f, ", ");
		param(f, &a, false);
	}
}

void migc_emit_cursor_helpers(FILE *f)
{
	fputs(
	    "/*\n"
	    " * Inline data is read and written through a cursor. Items are padded to\n"
	    " * 4 bytes; an item is read only if all of it lies before the message end.\n"
	    " */\n"
	    "static inline bool mig_get(const uint8_t **p, const uint8_t *end, void *dst, size_t "
	    "n)\n"
	    "{\n"
	    "\tsize_t padded = (n + 3) & ~(size_t)3;\n"
	    "\n"
	    "\tif (padded < n || (size_t)(end - *p) < padded)\n"
	    "\t\treturn false;\n"
	    "\tif (n > 0)\n"
	    "\t\tmemcpy(dst, *p, n);\n"
	    "\t*p += padded;\n"
	    "\treturn true;\n"
	    "}\n"
	    "\n"
	    "static inline void mig_put(uint8_t **p, const void *src, size_t n)\n"
	    "{\n"
	    "\tsize_t padded = (n + 3) & ~(size_t)3;\n"
	    "\n"
	    "\tif (n > 0)\n"
	    "\t\tmemcpy(*p, src, n);\n"
	    "\tmemset(*p + n, 0, padded - n);\n"
	    "\t*p += padded;\n"
	    "}\n"
	    "\n"
	    "/* A string into `bound` bytes (fixed) or as offset, count and bytes (variable). */\n"
	    "static inline bool mig_put_string(uint8_t **p, const char *s, size_t bound, bool "
	    "variable)\n"
	    "{\n"
	    "\tsize_t n = strnlen(s, bound);\n"
	    "\n"
	    "\tif (n == bound)\n"
	    "\t\treturn false;\n"
	    "\tif (variable) {\n"
	    "\t\tmach_msg_type_number_t offset = 0, count = (mach_msg_type_number_t)(n + 1);\n"
	    "\n"
	    "\t\tmig_put(p, &offset, sizeof(offset));\n"
	    "\t\tmig_put(p, &count, sizeof(count));\n"
	    "\t\tmig_put(p, s, n + 1);\n"
	    "\t} else {\n"
	    "\t\tmemcpy(*p, s, n);\n"
	    "\t\tmemset(*p + n, 0, ((bound + 3) & ~(size_t)3) - n);\n"
	    "\t\t*p += (bound + 3) & ~(size_t)3;\n"
	    "\t}\n"
	    "\treturn true;\n"
	    "}\n"
	    "\n"
	    "/* A string into buf[bound]: it must end in a NUL within its count. */\n"
	    "static inline bool mig_get_string(const uint8_t **p, const uint8_t *end, char *buf,\n"
	    "                                  size_t bound, bool variable)\n"
	    "{\n"
	    "\tmach_msg_type_number_t offset = 0, count = (mach_msg_type_number_t)bound;\n"
	    "\n"
	    "\tif (variable && (!mig_get(p, end, &offset, sizeof(offset)) ||\n"
	    "\t                 !mig_get(p, end, &count, sizeof(count))))\n"
	    "\t\treturn false;\n"
	    "\tif (offset != 0 || count == 0 || count > bound || !mig_get(p, end, buf, count))\n"
	    "\t\treturn false;\n"
	    "\treturn memchr(buf, '\\0', count) != NULL;\n"
	    "}\n"
	    "\n",
	    f);
}
