/*
 * The test interface's server routines: small computations on every
 * argument, so the round-trip test can tell each value arrived intact.
 */
#include "migtest_server.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct server_log server_log;

static void called(mach_port_t server)
{
	server_log.calls++;
	server_log.request_port = server;
}

kern_return_t do_add(mach_port_t server, int32_t a, int64_t b, int64_t *sum)
{
	called(server);
	*sum = a + b;
	return KERN_SUCCESS;
}

kern_return_t do_scalars(mach_port_t server, char c, small_t h, uint32_t *acc, point_t where,
                         boolean_t *flag, point_t *moved)
{
	called(server);
	*flag = c == 'x';
	*acc += (uint32_t)h;
	moved->x = where.x + 1;
	moved->y = where.y + 1;
	return KERN_SUCCESS;
}

kern_return_t do_fixed(mach_port_t server, const int32_t vec[4], int32_t doubled[4],
                       uint8_t bytes[3])
{
	called(server);
	for (int i = 0; i < 4; i++)
		doubled[i] = 2 * vec[i];
	for (int i = 0; i < 3; i++)
		bytes[i] ^= 0xff;
	return KERN_SUCCESS;
}

kern_return_t do_var(mach_port_t server, const int32_t *items, mach_msg_type_number_t itemsCnt,
                     int32_t tail, int32_t *reversed, mach_msg_type_number_t *reversedCnt,
                     int32_t *count)
{
	called(server);
	if (itemsCnt > *reversedCnt)
		return KERN_INVALID_ARGUMENT;
	for (mach_msg_type_number_t i = 0; i < itemsCnt; i++)
		reversed[i] = items[itemsCnt - 1 - i];
	*reversedCnt = itemsCnt;
	*count = (int32_t)itemsCnt + tail;
	return KERN_SUCCESS;
}

kern_return_t do_strings(mach_port_t server, const char *name, const char *path, int32_t after,
                         char greeting[64], char upper[16])
{
	called(server);
	if (after < 0)
		return KERN_INVALID_ARGUMENT;
	snprintf(greeting, 64, "%s@%s#%d", name, path, after);
	for (size_t i = 0; i < 16; i++)
		upper[i] = (char)toupper((unsigned char)name[i]);
	return KERN_SUCCESS;
}

kern_return_t do_ool(mach_port_t server, uint8_t *data, mach_msg_type_number_t dataCnt,
                     int32_t *words, mach_msg_type_number_t wordsCnt, uint8_t **copy,
                     mach_msg_type_number_t *copyCnt, uint32_t *sum)
{
	called(server);
	uint8_t *c = malloc(dataCnt ? dataCnt : 1);
	if (c == NULL)
		return KERN_RESOURCE_SHORTAGE;
	*sum = 0;
	for (mach_msg_type_number_t i = 0; i < dataCnt; i++) {
		*sum += data[i];
		c[i] = (uint8_t)(data[i] + 1);
	}
	for (mach_msg_type_number_t i = 0; i < wordsCnt; i++)
		*sum += (uint32_t)words[i];
	*copy = c;
	*copyCnt = dataCnt;
	return KERN_SUCCESS;
}

kern_return_t do_ports(mach_port_t server, mach_port_t send, mach_port_t once, mach_port_t recv,
                       mach_port_t poly, mach_msg_type_name_t polyPoly, mach_port_t *made,
                       mach_port_t *back, mach_msg_type_name_t *backPoly)
{
	called(server);
	server_log.once = once;
	server_log.recv = recv;
	server_log.poly = poly;
	server_log.poly_type = polyPoly;
	*made = send + 1;
	*back = recv;
	*backPoly = MACH_MSG_TYPE_MOVE_RECEIVE;
	return KERN_SUCCESS;
}

kern_return_t do_note(mach_port_t server, int32_t value)
{
	called(server);
	server_log.note = value;
	return KERN_SUCCESS;
}

kern_return_t do_ask(mach_port_t server, mach_port_t answer, int32_t value)
{
	called(server);
	server_log.answer = answer;
	server_log.asked = value;
	return KERN_SUCCESS;
}

kern_return_t do_later(mach_port_t server, mach_port_t reply, int32_t value, int32_t *result)
{
	called(server);
	server_log.later_reply = reply;
	server_log.later_value = value;
	*result = 0;
	return MIG_NO_REPLY;
}

kern_return_t do_whoami(mach_port_t server, audit_token_t token, int32_t *pid)
{
	called(server);
	*pid = (int32_t)token.val[5];
	return KERN_SUCCESS;
}

kern_return_t do_portarray(mach_port_t server, mach_port_t *rights,
                           mach_msg_type_number_t rightsCnt, mach_port_t *once,
                           mach_msg_type_number_t onceCnt, mach_port_t **back,
                           mach_msg_type_number_t *backCnt, int32_t *state,
                           mach_msg_type_number_t *stateCnt)
{
	called(server);
	server_log.rights = rightsCnt;
	server_log.onces = onceCnt;
	server_log.first_once = onceCnt > 0 ? once[0] : MACH_PORT_NULL;
	server_log.state_room = *stateCnt;
	mach_port_t *b = malloc((rightsCnt ? rightsCnt : 1) * sizeof(*b));
	if (b == NULL)
		return KERN_RESOURCE_SHORTAGE;
	for (mach_msg_type_number_t i = 0; i < rightsCnt; i++)
		b[i] = rights[i] + 1;
	*back = b;
	*backCnt = rightsCnt;
	for (mach_msg_type_number_t i = 0; i < *stateCnt; i++)
		state[i] = (int32_t)i * 10;
	return KERN_SUCCESS;
}

kern_return_t do_ping(mach_port_t server)
{
	called(server);
	return KERN_SUCCESS;
}
