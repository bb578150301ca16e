/*
 * The .defs parser: recursive descent over the MIG subset Tessera uses.
 *
 *   subsystem NAME BASE;            routine ids count up from BASE
 *   routine NAME(args);             request and reply
 *   simpleroutine NAME(args);       request only
 *   skip;                           an id left unused
 *   type NAME = SPEC [ctype: C];    SPEC: a type, array[N] / array[*:N] /
 *                                   array[] / ^array[...] of T (T a scalar, or
 *                                   a port type out of line), c_string[N] /
 *                                   c_string[*:N], struct[N] of T; `, dealloc`
 *   import / uimport / simport "file.h";  userprefix P;  serverprefix P;
 *   msgoption OPTION;               ORed into later routines' client mach_msg
 *
 * An argument is `[in|out|inout|requestport|replyport|sreplyport|
 * ServerAuditToken] NAME : TYPE [, dealloc] [, CountInOut]`, separated by
 * `;`. The first argument is the request port. Every error names file and line.
 */
#include <stdlib.h>
#include <string.h>

#include "migc.h"

#define MAX_ROUTINES 100 /* ids base..base+99; base+100.. are the replies */

static struct migc_token tok;
static struct migc_interface *itf;
static char *msgoption;
static int anonymous;

static void next(void)
{
	migc_lex_next(&tok);
}

static bool is_punct(char c)
{
	return tok.kind == MIGC_TOK_PUNCT && tok.text[0] == c;
}

static bool is_word(const char *w)
{
	return tok.kind == MIGC_TOK_IDENT && strcmp(tok.text, w) == 0;
}

static void expect_punct(char c)
{
	if (!is_punct(c))
		migc_error(tok.file, tok.line, "expected '%c' before '%s'", c,
		           tok.kind == MIGC_TOK_EOF ? "end of file" : tok.text);
	next();
}

static char *expect_ident(const char *what)
{
	if (tok.kind != MIGC_TOK_IDENT)
		migc_error(tok.file, tok.line, "expected %s", what);
	char *s = migc_strdup(tok.text);
	next();
	return s;
}

static unsigned int expect_number(const char *what)
{
	if (tok.kind != MIGC_TOK_NUMBER)
		migc_error(tok.file, tok.line, "expected %s", what);
	unsigned int v = (unsigned int)tok.value;
	next();
	return v;
}

static const struct migc_type *find_type(const char *name, const char *file, int line)
{
	const struct migc_type *t = migc_type_find(name);
	if (t == NULL)
		migc_error(file, line, "unknown type '%s'", name);
	return t;
}

/* An array element: a scalar, or a port for out-of-line arrays. */
static const struct migc_type *element(unsigned int bound, bool out_of_line)
{
	const char *file = tok.file;
	int line = tok.line;
	char *name = expect_ident("an element type");
	const struct migc_type *t = find_type(name, file, line);
	if (t->kind != MIGC_SCALAR && !(out_of_line && t->kind == MIGC_PORT))
		migc_error(file, line,
		           "array elements must be scalars (or, out of line, ports of one "
		           "disposition); '%s' is not",
		           name);
	if ((unsigned long long)bound * t->size > 0x100000u)
		migc_error(file, line, "array bound too large");
	return t;
}

/* `of ELEMENT` for an array type `t` of `kind`; port elements make it out-of-line ports. */
static void array_of(struct migc_type *t, bool out_of_line, enum migc_kind kind)
{
	if (!is_word("of"))
		migc_error(tok.file, tok.line, "expected 'of'");
	next();
	const struct migc_type *e = element(t->bound, out_of_line);
	t->kind = e->kind == MIGC_PORT ? MIGC_OOL_PORTS : kind;
	t->size = e->size;
	t->ctype = e->ctype;
	t->disposition = e->disposition;
}

/* `[N]`, `[*:N]` or `[]`: returns the bound, 0 for none; *variable for `*:`. */
static unsigned int brackets(bool *variable, bool *empty)
{
	expect_punct('[');
	*variable = false;
	*empty = false;
	unsigned int n = 0;
	if (is_punct(']')) {
		*empty = true;
	} else {
		if (is_punct('*')) {
			next();
			expect_punct(':');
			*variable = true;
		}
		n = expect_number("an array bound");
		if (n == 0)
			migc_error(tok.file, tok.line, "an array bound must be positive");
	}
	expect_punct(']');
	return n;
}

/* SPEC, defining a type called `name`; `statement`: a type statement's `, dealloc` and ctype. */
static struct migc_type *type_spec(const char *name, bool statement)
{
	struct migc_type *t = migc_alloc(sizeof(*t));
	const char *file = tok.file;
	int line = tok.line;
	bool variable, empty;
	t->name = migc_strdup(name);

	if (is_punct('^')) {
		next();
		if (!is_word("array"))
			migc_error(file, line, "expected 'array' after '^'");
		next();
		t->bound = brackets(&variable, &empty);
		if (!empty && !variable)
			migc_error(file, line,
			           "an out-of-line array is variable: use ^array[] or ^array[*:N]");
		array_of(t, true, MIGC_OOL);
	} else if (is_word("array")) {
		next();
		t->bound = brackets(&variable, &empty);
		array_of(t, empty, empty ? MIGC_OOL : variable ? MIGC_VAR_ARRAY : MIGC_FIXED_ARRAY);
	} else if (is_word("c_string")) {
		next();
		t->bound = brackets(&variable, &empty);
		if (empty)
			migc_error(file, line, "a c_string needs a bound");
		t->kind = variable ? MIGC_VAR_STRING : MIGC_FIXED_STRING;
		t->size = 1;
		t->ctype = migc_strdup("char");
	} else if (is_word("struct")) {
		next();
		t->bound = brackets(&variable, &empty);
		if (empty || variable)
			migc_error(file, line, "a struct has a fixed size: struct[N] of T");
		array_of(t, false, MIGC_SCALAR);
		t->size *= t->bound;
		t->bound = 0;
		t->ctype = t->name;
	} else {
		char *base = expect_ident("a type");
		*t = *find_type(base, file, line);
		t->name = migc_strdup(name);
		/* An alias of a scalar is a new C type; ports and arrays keep theirs. */
		if (t->kind == MIGC_SCALAR)
			t->ctype = t->name;
	}
	while (statement && is_punct(',')) {
		next();
		if (!is_word("dealloc"))
			migc_error(tok.file, tok.line, "expected 'dealloc' after ','");
		if (t->kind != MIGC_OOL && t->kind != MIGC_OOL_PORTS)
			migc_error(tok.file, tok.line,
			           "only out-of-line arrays can be deallocated");
		t->dealloc = true;
		next();
	}
	if (statement && is_word("ctype")) {
		next();
		expect_punct(':');
		t->ctype = expect_ident("a C type name");
	}
	return t;
}

static void type_statement(void)
{
	const char *file = tok.file;
	int line = tok.line;
	char *name = expect_ident("a type name");
	if (migc_type_find(name) != NULL)
		migc_error(file, line, "type '%s' is already defined", name);
	expect_punct('=');
	migc_type_add(type_spec(name, true));
	expect_punct(';');
}

static const struct {
	const char *word;
	enum migc_dir dir;
} directions[] = {
    {"in", MIGC_IN},
    {"out", MIGC_OUT},
    {"inout", MIGC_INOUT},
    {"requestport", MIGC_REQUESTPORT},
    {"replyport", MIGC_REPLYPORT},
    {"sreplyport", MIGC_SREPLYPORT},
    {"ServerAuditToken", MIGC_AUDIT},
};

static void argument(struct migc_arg *a)
{
	a->line = tok.line;
	a->dir = MIGC_IN;
	for (size_t i = 0; i < sizeof(directions) / sizeof(directions[0]); i++) {
		if (is_word(directions[i].word)) {
			a->dir = directions[i].dir;
			next();
			break;
		}
	}
	a->name = expect_ident("an argument name");
	expect_punct(':');
	if (tok.kind == MIGC_TOK_IDENT && !is_word("array") && !is_word("c_string") &&
	    !is_word("struct")) {
		a->type = find_type(tok.text, tok.file, tok.line);
		next();
	} else {
		char name[64];
		snprintf(name, sizeof(name), "anonymous_%d", anonymous++);
		a->type = type_spec(name, false);
	}
	while (is_punct(',')) {
		next();
		if (is_word("dealloc")) {
			if (a->type->kind != MIGC_OOL && a->type->kind != MIGC_OOL_PORTS)
				migc_error(tok.file, tok.line,
				           "only out-of-line arrays can be deallocated");
			a->dealloc = true;
		} else if (is_word("CountInOut")) {
			if (a->type->kind != MIGC_VAR_ARRAY || a->dir != MIGC_OUT)
				migc_error(
				    tok.file, tok.line,
				    "CountInOut is for out arguments of variable inline arrays");
			a->count_in_out = true;
		} else {
			migc_error(tok.file, tok.line,
			           "expected 'dealloc' or 'CountInOut' after ','");
		}
		next();
	}
	a->dealloc = a->dealloc || a->type->dealloc;
}

static bool port_kind(const struct migc_type *t)
{
	return t->kind == MIGC_PORT || t->kind == MIGC_POLY;
}

/* Names the generated code uses for itself, or makes from argument names. */
static void check_name(const char *file, const struct migc_routine *r, const struct migc_arg *a)
{
	/* The generated code's own names, and C's keywords. */
	static const char *const reserved[] = {
	    "InP",      "OutP",   "Mess",     "in",       "out",      "auto",    "break",
	    "case",     "char",   "const",    "continue", "default",  "do",      "double",
	    "else",     "enum",   "extern",   "float",    "for",      "goto",    "if",
	    "inline",   "int",    "long",     "register", "restrict", "return",  "short",
	    "signed",   "sizeof", "static",   "struct",   "switch",   "typedef", "union",
	    "unsigned", "void",   "volatile", "while",    "bool",     "true",    "false",
	    "NULL",
	};
	static const char *const suffixes[] = {"Cnt", "Poly", "Pad", "Offset"};
	if (strncmp(a->name, "mig_", 4) == 0)
		migc_error(file, a->line, "argument names starting with mig_ are reserved");
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(a->name, reserved[i]) == 0)
			migc_error(file, a->line, "argument name '%s' is reserved", a->name);
	for (int j = 0; j < r->nargs; j++) {
		size_t n = strlen(r->args[j].name);
		for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
			if (strncmp(a->name, r->args[j].name, n) == 0 &&
			    strcmp(a->name + n, suffixes[i]) == 0)
				migc_error(file, a->line,
				           "argument '%s' clashes with a name made from '%s'",
				           a->name, r->args[j].name);
	}
}

/* The rules MIG's grammar leaves to meaning. */
static void check_routine(const char *file, struct migc_routine *r)
{
	bool reply_port = false;
	if (r->nargs == 0 || !port_kind(r->args[0].type) ||
	    (r->args[0].dir != MIGC_IN && r->args[0].dir != MIGC_REQUESTPORT))
		migc_error(file, r->line, "the first argument of '%s' must be its request port",
		           r->name);
	if (r->args[0].type->kind == MIGC_POLY)
		migc_error(file, r->line, "a request port cannot be polymorphic");
	r->args[0].dir = MIGC_REQUESTPORT;
	for (int i = 0; i < r->nargs; i++) {
		struct migc_arg *a = &r->args[i];
		check_name(file, r, a);
		for (int j = 0; j < i; j++)
			if (strcmp(r->args[j].name, a->name) == 0)
				migc_error(file, a->line, "argument '%s' appears twice", a->name);
		switch (a->dir) {
		case MIGC_REQUESTPORT:
			if (i != 0)
				migc_error(file, a->line,
				           "the request port must be the first argument");
			break;
		case MIGC_REPLYPORT:
		case MIGC_SREPLYPORT:
			if (reply_port)
				migc_error(file, a->line, "only one reply port per routine");
			reply_port = true;
			if (a->type->kind != MIGC_PORT)
				migc_error(file, a->line, "a reply port needs a port type");
			if (a->dir == MIGC_REPLYPORT && !r->simple)
				migc_error(
				    file, a->line,
				    "replyport is for simpleroutines; a routine's server gets "
				    "its reply port with sreplyport");
			break;
		case MIGC_AUDIT:
			if (strcmp(a->type->ctype, "audit_token_t") != 0)
				migc_error(file, a->line,
				           "ServerAuditToken needs type audit_token_t");
			break;
		case MIGC_OUT:
		case MIGC_INOUT:
			if (r->simple)
				migc_error(file, a->line, "a simpleroutine has no out arguments");
			if (a->dir == MIGC_INOUT && a->type->kind != MIGC_SCALAR &&
			    a->type->kind != MIGC_FIXED_ARRAY)
				migc_error(file, a->line,
				           "inout is for scalars and fixed arrays; use in and out");
			break;
		case MIGC_IN: break;
		}
		if (port_kind(a->type) && a->dir == MIGC_INOUT)
			migc_error(file, a->line, "a port cannot be inout");
	}
}

static void routine_statement(bool simple)
{
	const char *file = tok.file;
	if (itf->name == NULL)
		migc_error(file, tok.line, "subsystem must come before routines");
	if (itf->nroutines == MAX_ROUTINES)
		migc_error(file, tok.line, "more than %d routines", MAX_ROUTINES);
	struct migc_routine *r = &itf->routines[itf->nroutines];
	r->line = tok.line;
	r->simple = simple;
	r->id = itf->base + itf->nroutines;
	r->msgoption = msgoption;
	r->name = expect_ident("a routine name");
	for (int i = 0; i < itf->nroutines; i++)
		if (itf->routines[i].name != NULL && strcmp(itf->routines[i].name, r->name) == 0)
			migc_error(file, r->line, "routine '%s' is already defined", r->name);
	expect_punct('(');
	int cap = 0;
	while (!is_punct(')')) {
		if (r->nargs == cap) {
			cap = cap ? 2 * cap : 8;
			r->args = realloc(r->args, (size_t)cap * sizeof(*r->args));
			if (r->args == NULL)
				migc_error(file, r->line, "out of memory");
		}
		memset(&r->args[r->nargs], 0, sizeof(*r->args));
		argument(&r->args[r->nargs++]);
		if (!is_punct(';'))
			break;
		next();
	}
	expect_punct(')');
	expect_punct(';');
	check_routine(file, r);
	itf->nroutines++;
}

static void import_statement(enum migc_import_kind kind)
{
	if (tok.kind != MIGC_TOK_HEADER)
		migc_error(tok.file, tok.line, "expected \"file.h\" or <file.h>");
	itf->imports = realloc(itf->imports, (size_t)(itf->nimports + 1) * sizeof(*itf->imports));
	if (itf->imports == NULL)
		migc_error(tok.file, tok.line, "out of memory");
	itf->imports[itf->nimports++] = (struct migc_import){kind, migc_strdup(tok.text)};
	next();
	expect_punct(';');
}

static void statement(void)
{
	const char *file = tok.file;
	int line = tok.line;
	char *word = expect_ident("a statement");
	if (strcmp(word, "subsystem") == 0) {
		if (itf->name != NULL)
			migc_error(file, line, "a second subsystem statement");
		itf->name = expect_ident("the subsystem name");
		itf->base = (int)expect_number("the subsystem's base id");
		if (itf->base > 0x7fffffff - 200)
			migc_error(file, line, "base id too large");
		expect_punct(';');
	} else if (strcmp(word, "routine") == 0) {
		routine_statement(false);
	} else if (strcmp(word, "simpleroutine") == 0) {
		routine_statement(true);
	} else if (strcmp(word, "skip") == 0) {
		if (itf->name == NULL)
			migc_error(file, line, "subsystem must come before skip");
		if (itf->nroutines == MAX_ROUTINES)
			migc_error(file, line, "more than %d routines", MAX_ROUTINES);
		itf->routines[itf->nroutines].id = itf->base + itf->nroutines;
		itf->nroutines++;
		expect_punct(';');
	} else if (strcmp(word, "type") == 0) {
		type_statement();
	} else if (strcmp(word, "import") == 0) {
		import_statement(MIGC_IMPORT);
	} else if (strcmp(word, "uimport") == 0) {
		import_statement(MIGC_UIMPORT);
	} else if (strcmp(word, "simport") == 0) {
		import_statement(MIGC_SIMPORT);
	} else if (strcmp(word, "userprefix") == 0) {
		itf->user_prefix = expect_ident("a prefix");
		expect_punct(';');
	} else if (strcmp(word, "serverprefix") == 0) {
		itf->server_prefix = expect_ident("a prefix");
		expect_punct(';');
	} else if (strcmp(word, "msgoption") == 0) {
		if (tok.kind != MIGC_TOK_IDENT && tok.kind != MIGC_TOK_NUMBER)
			migc_error(tok.file, tok.line, "expected a mach_msg option");
		msgoption = migc_strdup(tok.text);
		next();
		expect_punct(';');
	} else {
		migc_error(file, line, "unknown statement '%s'", word);
	}
}

struct migc_interface *migc_parse(const char *path, const char *const *include_dirs,
                                  int ninclude_dirs)
{
	itf = migc_alloc(sizeof(*itf));
	itf->routines = migc_alloc(MAX_ROUTINES * sizeof(*itf->routines));
	itf->user_prefix = migc_strdup("");
	itf->server_prefix = migc_strdup("");
	migc_types_init();
	migc_lex_open(path, include_dirs, ninclude_dirs);
	next();
	while (tok.kind != MIGC_TOK_EOF)
		statement();
	if (itf->name == NULL)
		migc_error(path, 0, "no subsystem statement");
	return itf;
}
