/*
 * The .defs lexer. It reads whole files, skips comments, and resolves
 * `#include "file"` and `#include <file>` itself (the quoted form looks
 * beside the including file first, then in the -I directories), so every
 * token knows its real file and line. A file is included once; any other
 * preprocessor directive is an error.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "migc.h"

#define MAX_DEPTH 16
#define MAX_FILES 64

struct source {
	char *path;
	char *text;
	size_t pos;
	int line;
	bool line_start; /* only whitespace since the last newline */
};

static struct source stack[MAX_DEPTH];
static int depth;
static char *seen[MAX_FILES];
static int nseen;
static const char *const *inc_dirs;
static int ninc_dirs;
static bool after_import; /* the next `<...>` is a header name, not punctuation */

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, len = 0;
	char *buf = migc_alloc(cap);
	size_t n;
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (buf == NULL)
				migc_error(path, 0, "out of memory");
		}
	}
	fclose(f);
	buf[len] = '\0';
	if (strlen(buf) != len)
		migc_error(path, 0, "file contains a NUL byte");
	return buf;
}

static bool already_seen(const char *path)
{
	for (int i = 0; i < nseen; i++)
		if (strcmp(seen[i], path) == 0)
			return true;
	return false;
}

static bool push(const char *path, const char *from_file, int from_line)
{
	if (already_seen(path))
		return true;
	char *text = read_file(path);
	if (text == NULL)
		return false;
	if (depth == MAX_DEPTH || nseen == MAX_FILES)
		migc_error(from_file, from_line, "includes nested too deeply or too many files");
	seen[nseen++] = migc_strdup(path);
	stack[depth++] = (struct source){
	    .path = seen[nseen - 1], .text = text, .pos = 0, .line = 1, .line_start = true};
	return true;
}

void migc_lex_open(const char *path, const char *const *include_dirs, int ninclude_dirs)
{
	inc_dirs = include_dirs;
	ninc_dirs = ninclude_dirs;
	if (!push(path, path, 0))
		migc_error(path, 0, "cannot read file");
}

static char *join(const char *dir, size_t dirlen, const char *name)
{
	size_t n = strlen(name);
	char *p = migc_alloc(dirlen + 1 + n + 1);
	memcpy(p, dir, dirlen);
	p[dirlen] = '/';
	memcpy(p + dirlen + 1, name, n + 1);
	return p;
}

static void include(struct source *s, const char *name, bool quoted)
{
	const char *file = s->path;
	int line = s->line;
	if (quoted) {
		const char *slash = strrchr(file, '/');
		char *p = slash ? join(file, (size_t)(slash - file), name) : migc_strdup(name);
		if (push(p, file, line))
			return;
	}
	for (int i = 0; i < ninc_dirs; i++)
		if (push(join(inc_dirs[i], strlen(inc_dirs[i]), name), file, line))
			return;
	migc_error(file, line, "cannot find include file '%s'", name);
}

/* A `#` line: only #include is understood. */
static void directive(struct source *s)
{
	const char *p = s->text + s->pos + 1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "include", 7) != 0)
		migc_error(s->path, s->line, "unsupported preprocessor directive");
	p += 7;
	while (*p == ' ' || *p == '\t')
		p++;
	char close = *p == '"' ? '"' : *p == '<' ? '>' : '\0';
	if (close == '\0')
		migc_error(s->path, s->line, "#include needs \"file\" or <file>");
	const char *start = ++p;
	while (*p != close && *p != '\n' && *p != '\0')
		p++;
	if (*p != close || p == start || p - start >= 256)
		migc_error(s->path, s->line, "malformed #include");
	char name[256];
	memcpy(name, start, (size_t)(p - start));
	name[p - start] = '\0';
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\n' && *p != '\0')
		migc_error(s->path, s->line, "junk after #include");
	s->pos = (size_t)(p - s->text);
	include(s, name, close == '"');
}

/* Skips blanks, newlines and comments, counting lines. */
static void skip_space(struct source *s)
{
	for (;;) {
		char c = s->text[s->pos];
		if (c == '\n') {
			s->line++;
			s->line_start = true;
			s->pos++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
			s->pos++;
		} else if (c == '/' && s->text[s->pos + 1] == '/') {
			while (s->text[s->pos] != '\n' && s->text[s->pos] != '\0')
				s->pos++;
		} else if (c == '/' && s->text[s->pos + 1] == '*') {
			int line = s->line;
			s->pos += 2;
			while (!(s->text[s->pos] == '*' && s->text[s->pos + 1] == '/')) {
				if (s->text[s->pos] == '\0')
					migc_error(s->path, line, "unterminated comment");
				if (s->text[s->pos] == '\n')
					s->line++;
				s->pos++;
			}
			s->pos += 2;
		} else {
			return;
		}
	}
}

static void lex_header(struct source *s, struct migc_token *tok, char close)
{
	size_t start = s->pos;
	s->pos++;
	while (s->text[s->pos] != close) {
		if (s->text[s->pos] == '\n' || s->text[s->pos] == '\0')
			migc_error(s->path, s->line, "unterminated header name");
		s->pos++;
	}
	s->pos++;
	size_t n = s->pos - start;
	if (n >= sizeof(tok->text))
		migc_error(s->path, s->line, "header name too long");
	memcpy(tok->text, s->text + start, n);
	tok->text[n] = '\0';
	tok->kind = MIGC_TOK_HEADER;
}

static void lex_number(struct source *s, struct migc_token *tok)
{
	char *end;
	const char *start = s->text + s->pos;
	unsigned long v = strtoul(start, &end, 0);
	if (isalnum((unsigned char)*end) || *end == '_' || v > 0x7fffffffu)
		migc_error(s->path, s->line, "malformed or too large number");
	tok->kind = MIGC_TOK_NUMBER;
	tok->value = v;
	size_t n = (size_t)(end - start);
	if (n >= sizeof(tok->text))
		n = sizeof(tok->text) - 1;
	memcpy(tok->text, start, n);
	tok->text[n] = '\0';
	s->pos += (size_t)(end - start);
}

void migc_lex_next(struct migc_token *tok)
{
	struct source *s;
	for (;;) {
		if (depth == 0) {
			tok->kind = MIGC_TOK_EOF;
			tok->text[0] = '\0';
			return;
		}
		s = &stack[depth - 1];
		skip_space(s);
		if (s->text[s->pos] == '#' && s->line_start) {
			directive(s);
			continue;
		}
		if (s->text[s->pos] == '\0') {
			free(s->text);
			depth--;
			continue;
		}
		break;
	}
	s->line_start = false;
	tok->file = s->path;
	tok->line = s->line;
	char c = s->text[s->pos];
	bool import_context = after_import;
	after_import = false;
	if (isalpha((unsigned char)c) || c == '_') {
		size_t n = 0;
		while (isalnum((unsigned char)s->text[s->pos]) || s->text[s->pos] == '_') {
			if (n + 1 >= sizeof(tok->text))
				migc_error(s->path, s->line, "identifier too long");
			tok->text[n++] = s->text[s->pos++];
		}
		tok->text[n] = '\0';
		tok->kind = MIGC_TOK_IDENT;
		after_import = strcmp(tok->text, "import") == 0 ||
		               strcmp(tok->text, "uimport") == 0 ||
		               strcmp(tok->text, "simport") == 0;
	} else if (isdigit((unsigned char)c)) {
		lex_number(s, tok);
	} else if (c == '"') {
		lex_header(s, tok, '"');
	} else if (c == '<' && import_context) {
		lex_header(s, tok, '>');
	} else if (strchr(";:,()[]=^*", c) != NULL) {
		tok->kind = MIGC_TOK_PUNCT;
		tok->text[0] = c;
		tok->text[1] = '\0';
		s->pos++;
	} else {
		migc_error(s->path, s->line, "unexpected character '%c'",
		           isprint((unsigned char)c) ? c : '?');
	}
}
