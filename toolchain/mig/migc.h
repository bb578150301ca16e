/*
 * migc, Tessera's interface compiler: the model of a parsed .defs file that
 * the parser builds and the emitters read, and the functions between them.
 *
 * A message has three parts, in XNU's MIG order: the header; for a complex
 * message a body and one descriptor per port or out-of-line argument; then,
 * if any argument travels inline, the NDR record and the inline data. Inline
 * items are packed at 4-byte granularity (XNU's `#pragma pack(4)`); an item
 * after a variable-length one moves up to follow it directly.
 */
#ifndef MIGC_H
#define MIGC_H

#include <stdbool.h>
#include <stdio.h>

enum migc_kind {
	MIGC_SCALAR,       /* inline value (integer, or struct[N] of T) of `size` bytes */
	MIGC_FIXED_ARRAY,  /* inline array of exactly `bound` elements */
	MIGC_VAR_ARRAY,    /* inline count, then up to `bound` elements */
	MIGC_FIXED_STRING, /* inline `bound` bytes holding a NUL-terminated string */
	MIGC_VAR_STRING,   /* inline offset and count, then up to `bound` bytes ending in NUL */
	MIGC_OOL,          /* out-of-line descriptor, inline element count; bound 0 = none */
	MIGC_OOL_PORTS,    /* out-of-line port names, each with `disposition`; inline count */
	MIGC_PORT,         /* port descriptor with a fixed disposition */
	MIGC_POLY,         /* port descriptor whose disposition is an argument */
};

struct migc_type {
	char *name;  /* .defs name */
	char *ctype; /* C type (of the elements, for arrays) */
	enum migc_kind kind;
	unsigned int size;        /* scalar size, or element size for arrays, in bytes */
	unsigned int bound;       /* arrays and strings: (maximum) element count */
	unsigned int disposition; /* MIGC_PORT, MIGC_OOL_PORTS: the MACH_MSG_TYPE_* sent */
	bool dealloc;             /* out-of-line: the sender's memory goes with the message */
	struct migc_type *next;   /* the type table */
};

enum migc_dir {
	MIGC_IN,
	MIGC_OUT,
	MIGC_INOUT,
	MIGC_REQUESTPORT, /* the port the request goes to (the first argument) */
	MIGC_REPLYPORT,   /* simpleroutine: the client names where an answer goes */
	MIGC_SREPLYPORT,  /* server only: the request's reply right, for a later reply */
	MIGC_AUDIT,       /* server only: the sender's audit token from the trailer */
};

struct migc_arg {
	char *name;
	enum migc_dir dir;
	const struct migc_type *type;
	bool dealloc;      /* out-of-line: this argument's memory goes with the message */
	bool count_in_out; /* out MIGC_VAR_ARRAY: the request carries the client's capacity */
	int line;
};

struct migc_routine {
	char *name;      /* NULL for a `skip` */
	bool simple;     /* simpleroutine: no reply */
	int id;          /* request msgh_id; the reply is id + 100 */
	char *msgoption; /* C expression ORed into the client's mach_msg options, or NULL */
	struct migc_arg *args;
	int nargs;
	int line;
};

enum migc_import_kind { MIGC_IMPORT, MIGC_UIMPORT, MIGC_SIMPORT };

struct migc_import {
	enum migc_import_kind kind;
	char *text; /* "file.h" or <file.h>, as written */
};

struct migc_interface {
	char *name;
	int base;
	char *user_prefix;
	char *server_prefix;
	struct migc_import *imports;
	int nimports;
	struct migc_routine *routines;
	int nroutines;
};

/* Errors: print "file:line: message" and exit with status 1. */
void migc_error(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
void *migc_alloc(size_t size);
char *migc_strdup(const char *s);

/* The lexer: tokens of a .defs file, with #include resolved in place. */
enum migc_token_kind {
	MIGC_TOK_EOF,
	MIGC_TOK_IDENT,
	MIGC_TOK_NUMBER,
	MIGC_TOK_HEADER,
	MIGC_TOK_PUNCT
};

struct migc_token {
	enum migc_token_kind kind;
	char text[256];      /* identifier, header name with its quotes, or punctuation */
	unsigned long value; /* MIGC_TOK_NUMBER */
	const char *file;
	int line;
};

void migc_lex_open(const char *path, const char *const *include_dirs, int ninclude_dirs);
void migc_lex_next(struct migc_token *tok);

/* The type table: the standard types, then each `type` statement. */
void migc_types_init(void);
const struct migc_type *migc_type_find(const char *name);
void migc_type_add(struct migc_type *type);
unsigned int migc_port_received(unsigned int disposition);
const char *migc_disposition_name(unsigned int disposition);
const char *migc_received_name(unsigned int disposition);

/* The parser: reads the whole input through the lexer. */
struct migc_interface *migc_parse(const char *path, const char *const *include_dirs,
                                  int ninclude_dirs);

/* Message layout, shared by the emitters (layout.c). */
bool migc_arg_in_request(const struct migc_arg *arg);
bool migc_arg_in_reply(const struct migc_arg *arg);
bool migc_arg_is_descriptor(const struct migc_arg *arg);
bool migc_is_ool(const struct migc_arg *arg);
unsigned int migc_inline_max(const struct migc_arg *arg, bool reply);
unsigned int migc_inline_min(const struct migc_arg *arg, bool reply);
int migc_descriptor_count(const struct migc_routine *r, bool reply);
bool migc_has_inline(const struct migc_routine *r, bool reply);
bool migc_reply_complex(const struct migc_routine *r);
unsigned int migc_message_fixed(const struct migc_routine *r, bool reply);
unsigned int migc_message_max(const struct migc_routine *r, bool reply);
unsigned int migc_message_min(const struct migc_routine *r, bool reply);
const struct migc_arg *migc_request_port(const struct migc_routine *r);
bool migc_uses_audit(const struct migc_interface *itf);
unsigned int migc_round4(unsigned int n);

/* C declarations shared by the header and stub emitters (cdecl.c). */
void migc_emit_message_layouts(FILE *f, const struct migc_interface *itf);
void migc_emit_user_params(FILE *f, const struct migc_routine *r);
void migc_emit_server_params(FILE *f, const struct migc_routine *r);
void migc_emit_reply_value_params(FILE *f, const struct migc_routine *r);
void migc_emit_cursor_helpers(FILE *f);

/* Packing and checking message bodies (marshal.c). `ptr` names the message struct pointer. */
void migc_emit_pack(FILE *f, const struct migc_routine *r, bool reply, bool client,
                    const char *ptr);
void migc_emit_check_shape(FILE *f, const struct migc_routine *r, bool reply, const char *ptr,
                           const char *fail);
void migc_emit_unpack_locals(FILE *f, const struct migc_routine *r, bool reply);
void migc_emit_unpack(FILE *f, const struct migc_routine *r, bool reply, bool client,
                      const char *ptr, const char *fail);
void migc_emit_size_checks(FILE *f, const struct migc_interface *itf);

/* The emitters, one per generated file. */
void migc_emit_header(FILE *f, const struct migc_interface *itf);
void migc_emit_user(FILE *f, const struct migc_interface *itf, const char *header);
void migc_emit_server_header(FILE *f, const struct migc_interface *itf);
void migc_emit_server(FILE *f, const struct migc_interface *itf, const char *server_header);
void migc_emit_names(FILE *f, const struct migc_interface *itf);

#endif
