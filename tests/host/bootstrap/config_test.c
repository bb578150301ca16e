/*
 * The bootstrap's configuration parser (userland/bootstrap/config.h): servers
 * in order with their options and services, comments and blank lines, and
 * every kind of bad line reported with its number and skipped while the
 * others stay.
 */
#include <string.h>

#include "host/check.h"
#include "userland/bootstrap/config.h"

#define REPORTS_MAX 64

static struct {
	unsigned line;
	const char *why;
} reports[REPORTS_MAX];
static unsigned nreports;

static void report(unsigned line, const char *why)
{
	CHECK(nreports < REPORTS_MAX);
	reports[nreports].line = line;
	reports[nreports].why = why;
	nreports++;
}

static struct bootstrap_config config;

static unsigned parse(const char *text)
{
	nreports = 0;
	memset(&config, 0xa5, sizeof(config));
	return bootstrap_config_parse(text, strlen(text), &config, report);
}

static void reported(unsigned i, unsigned line, const char *why_start)
{
	CHECK(i < nreports);
	CHECK(reports[i].line == line);
	CHECK(strncmp(reports[i].why, why_start, strlen(why_start)) == 0);
}

static void good_files(void)
{
	CHECK(parse("") == 0 && nreports == 0);
	CHECK(parse("# only a comment\n\n   \t\n") == 0 && nreports == 0);

	CHECK(parse("# drivers first\n"
	            "/drivers/console host_priv service=console  # the UART\n"
	            "\n"
	            "\t/servers/fs   service=fs service=fs.admin\r\n"
	            "/servers/plain\n"
	            "/servers/bsd boot_volume host_priv service=bsd") == 4);
	CHECK(nreports == 0);
	const struct bootstrap_config_server *s = config.servers;
	CHECK(strcmp(s[0].path, "/drivers/console") == 0 && s[0].host_priv && s[0].line == 2);
	CHECK(!s[0].boot_volume && !s[1].boot_volume && !s[2].boot_volume);
	CHECK(s[0].nservices == 1 && strcmp(s[0].services[0], "console") == 0);
	CHECK(strcmp(s[1].path, "/servers/fs") == 0 && !s[1].host_priv && s[1].line == 4);
	CHECK(s[1].nservices == 2 && strcmp(s[1].services[1], "fs.admin") == 0);
	CHECK(strcmp(s[2].path, "/servers/plain") == 0 && s[2].nservices == 0 && s[2].line == 5);
	CHECK(strcmp(s[3].path, "/servers/bsd") == 0 && s[3].boot_volume && s[3].host_priv);
	CHECK(s[3].nservices == 1 && strcmp(s[3].services[0], "bsd") == 0);

	/* The text need not end in a NUL: only size bytes are read. */
	const char text[] = "/a\n/b service=x";
	nreports = 0;
	CHECK(bootstrap_config_parse(text, 2, &config, report) == 1);
	CHECK(strcmp(config.servers[0].path, "/a") == 0);
}

static void bad_lines(void)
{
	char long_path[BOOTSTRAP_PATH_MAX + 2] = "/";
	char long_name[BOOTSTRAP_NAME_MAX + 20] = "/x service=";
	char text[4096];

	memset(long_path + 1, 'p', BOOTSTRAP_PATH_MAX);
	memset(long_name + strlen(long_name), 'n', BOOTSTRAP_NAME_MAX + 1);
	snprintf(text, sizeof(text),
	         "relative/path\n"                                    /* 1 */
	         "/ok1 service=a\n"                                   /* 2 */
	         "/x sometimes\n"                                     /* 3 */
	         "/x service=\n"                                      /* 4 */
	         "/x service=a\n"                                     /* 5: a is /ok1's */
	         "/x service=b service=b\n"                           /* 6 */
	         "%s\n"                                               /* 7 */
	         "%s\n"                                               /* 8 */
	         "/x service=\x01\n"                                  /* 9 */
	         "/x s=1 s=2 s=3 s=4 s=5 s=6 s=7 s=8 s=9 s=10 s=11\n" /* 10 */
	         "/ok2 service=b\n", /* 11: b is free: line 6 was skipped */
	         long_path, long_name);
	CHECK(parse(text) == 2);
	CHECK(strcmp(config.servers[0].path, "/ok1") == 0 && config.servers[0].line == 2);
	CHECK(strcmp(config.servers[1].path, "/ok2") == 0 && config.servers[1].line == 11);
	CHECK(nreports == 9);
	reported(0, 1, "the server's path is not absolute");
	reported(1, 3, "unknown option");
	reported(2, 4, "malformed service name");
	reported(3, 5, "service declared twice");
	reported(4, 6, "service declared twice");
	reported(5, 7, "the server's path is too long");
	reported(6, 8, "malformed service name");
	reported(7, 9, "malformed service name");
	reported(8, 10, "too many words");

	/* Nine services on one line: one more than a server may declare. */
	CHECK(parse("/x service=1 service=2 service=3 service=4 service=5 service=6 service=7 "
	            "service=8 service=9\n") == 0);
	reported(0, 1, "too many services");

	/* A line longer than the parser's buffer. */
	memset(text, 'y', 1000);
	text[0] = '/';
	strcpy(text + 1000, "\n/after\n");
	CHECK(parse(text) == 1 && strcmp(config.servers[0].path, "/after") == 0);
	reported(0, 1, "line too long");
}

static void too_many_servers(void)
{
	char text[BOOTSTRAP_SERVERS_MAX * 16 + 64] = "";

	for (int i = 0; i <= BOOTSTRAP_SERVERS_MAX; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "/s%d\n", i);
	CHECK(parse(text) == BOOTSTRAP_SERVERS_MAX);
	CHECK(nreports == 1);
	reported(0, BOOTSTRAP_SERVERS_MAX + 1, "too many servers");
}

static void names(void)
{
	char name[BOOTSTRAP_NAME_MAX + 2];

	CHECK(bootstrap_name_valid("com.example.service"));
	CHECK(bootstrap_name_valid("~!@"));
	CHECK(!bootstrap_name_valid(""));
	CHECK(!bootstrap_name_valid("two words"));
	CHECK(!bootstrap_name_valid("tab\there"));
	CHECK(!bootstrap_name_valid("del\x7f"));
	CHECK(!bootstrap_name_valid("high\x80"));
	memset(name, 'n', BOOTSTRAP_NAME_MAX);
	name[BOOTSTRAP_NAME_MAX] = '\0';
	CHECK(bootstrap_name_valid(name));
	name[BOOTSTRAP_NAME_MAX] = 'n';
	name[BOOTSTRAP_NAME_MAX + 1] = '\0';
	CHECK(!bootstrap_name_valid(name));
}

int main(void)
{
	good_files();
	bad_lines();
	too_many_servers();
	names();
	puts("config_test: ok");
	return 0;
}
