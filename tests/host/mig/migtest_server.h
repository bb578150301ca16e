/* The test interface's server routines (migtest_server.c) and what they saw. */
#ifndef MIGTEST_SERVER_H
#define MIGTEST_SERVER_H

#include "tests/host/mig/migtestServer.h"

struct server_log {
	int calls;                    /* routine calls of any kind */
	mach_port_t request_port;     /* of the last call */
	mach_port_t once, recv, poly; /* ports() */
	mach_msg_type_name_t poly_type;
	int32_t note;       /* note() */
	mach_port_t answer; /* ask() */
	int32_t asked;
	mach_port_t later_reply; /* later(): the kept reply right */
	int32_t later_value;
	mach_msg_type_number_t rights, onces; /* portarray(): counts received */
	mach_port_t first_once;
	mach_msg_type_number_t state_room; /* portarray(): CountInOut capacity */
};

extern struct server_log server_log;

#endif
