#include "userland/bootstrap/config.h"

#include <string.h>

#define LINE_MAX_LEN 512
#define SERVICE_KEY  "service="

bool bootstrap_name_valid(const char *name)
{
	size_t len = 0;

	for (; name[len] != '\0'; len++)
		if (len >= BOOTSTRAP_NAME_MAX || name[len] <= ' ' || name[len] > '~')
			return false;
	return len > 0;
}

/* Whether any server before `upto` in config, or `upto` itself, declares name. */
static bool declared(const struct bootstrap_config *config,
                     const struct bootstrap_config_server *upto, const char *name)
{
	for (unsigned i = 0; i <= config->nservers && i < BOOTSTRAP_SERVERS_MAX; i++) {
		const struct bootstrap_config_server *s = &config->servers[i];
		for (unsigned j = 0; j < s->nservices; j++)
			if (strcmp(s->services[j], name) == 0)
				return true;
		if (s == upto)
			break;
	}
	return false;
}

/*
 * Parses one line (a NUL-terminated copy, which it cuts into words) into the
 * next server slot, setting *listed if it names a server. Returns NULL, or
 * why the line is skipped.
 */
static const char *parse_line(char *line, struct bootstrap_config *config, bool *listed)
{
	struct bootstrap_config_server *s = &config->servers[config->nservers];
	char *words[3 + BOOTSTRAP_SERVICES_MAX]; /* path, two flags, services */
	unsigned nwords = 0;

	for (char *p = line; *p != '\0';) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (nwords == sizeof(words) / sizeof(words[0]))
			return "too many words";
		words[nwords++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
	}
	*listed = false;
	if (nwords == 0)
		return NULL;
	if (config->nservers == BOOTSTRAP_SERVERS_MAX)
		return "too many servers (the limit is 32)";
	memset(s, 0, sizeof(*s));
	if (words[0][0] != '/')
		return "the server's path is not absolute";
	if (strlen(words[0]) >= sizeof(s->path))
		return "the server's path is too long";
	strcpy(s->path, words[0]);
	for (unsigned i = 1; i < nwords; i++) {
		const char *w = words[i];
		if (strcmp(w, "host_priv") == 0) {
			s->host_priv = true;
		} else if (strcmp(w, "boot_volume") == 0) {
			s->boot_volume = true;
		} else if (strncmp(w, SERVICE_KEY, strlen(SERVICE_KEY)) == 0) {
			const char *name = w + strlen(SERVICE_KEY);
			if (!bootstrap_name_valid(name))
				return "malformed service name";
			if (s->nservices == BOOTSTRAP_SERVICES_MAX)
				return "too many services for one server (the limit is 8)";
			if (declared(config, s, name))
				return "service declared twice";
			strcpy(s->services[s->nservices++], name);
		} else {
			return "unknown option (expected host_priv, boot_volume or service=NAME)";
		}
	}
	*listed = true;
	return NULL;
}

unsigned bootstrap_config_parse(const char *text, size_t size, struct bootstrap_config *config,
                                bootstrap_config_report_fn report)
{
	unsigned line_no = 0;
	size_t at = 0;

	config->nservers = 0;
	while (at < size) {
		char line[LINE_MAX_LEN];
		size_t len = 0;
		bool too_long = false;

		line_no++;
		for (; at < size && text[at] != '\n'; at++) {
			if (len + 1 < sizeof(line))
				line[len++] = text[at];
			else
				too_long = true;
		}
		at++; /* the newline */
		line[len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		char *hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		bool listed = false;
		const char *why = too_long ? "line too long" : parse_line(line, config, &listed);
		if (why != NULL) {
			report(line_no, why);
			continue;
		}
		if (listed) {
			config->servers[config->nservers].line = line_no;
			config->nservers++;
		}
	}
	return config->nservers;
}
