/*
 * migc's layouts against the kernel's: the routines the kernel answers by
 * hand (mach/ipc/ipc_kobject.c, mach/ipc/mach_port_server.c), declared in
 * libSystem's .defs files (userland/libsystem/mach) the way XNU declares
 * them, must come out with the offsets and sizes the kernel reads and writes
 * (XNU's, for a 64-bit task).
 */
#include <stddef.h>
#include <string.h>

#include "host/check.h"
#include "mach/tessera_random.h"
#include "mach/thread_status.h"
#include "userland/libsystem/mach/host_random.h"
#include "userland/libsystem/mach/mach_port.h"
#include "userland/libsystem/mach/task.h"
#include "userland/libsystem/mach/thread_act.h"

#define LAYOUT(type, field, offset) CHECK(offsetof(type, field) == (offset))

static void test_task(void)
{
	LAYOUT(task_task_create_request_t, ledgers, 28);
	LAYOUT(task_task_create_request_t, NDR, 44);
	LAYOUT(task_task_create_request_t, ledgersCnt, 52);
	LAYOUT(task_task_create_request_t, inherit_memory, 56);
	CHECK(sizeof(task_task_create_request_t) == 60);
	CHECK(sizeof(task_task_create_reply_t) == 40);

	CHECK(sizeof(task_task_terminate_request_t) == 24);
	CHECK(sizeof(task_task_terminate_reply_t) == sizeof(mig_reply_error_t));

	LAYOUT(task_task_set_special_port_request_t, special_port, 28);
	LAYOUT(task_task_set_special_port_request_t, which_port, 48);
	CHECK(sizeof(task_task_set_special_port_request_t) == 52);

	LAYOUT(task_thread_create_running_request_t, flavor, 32);
	LAYOUT(task_thread_create_running_request_t, new_stateCnt, 36);
	LAYOUT(task_thread_create_running_request_t, new_state, 40);
	CHECK(sizeof(task_thread_create_running_request_t) == 40 + 4 * THREAD_STATE_MAX);
	LAYOUT(task_thread_create_running_reply_t, child_act, 28);
	CHECK(sizeof(task_thread_create_running_reply_t) == 40);

	LAYOUT(task_task_set_exception_ports_request_t, new_port, 28);
	LAYOUT(task_task_set_exception_ports_request_t, exception_mask, 48);
	LAYOUT(task_task_set_exception_ports_request_t, behavior, 52);
	LAYOUT(task_task_set_exception_ports_request_t, new_flavor, 56);

	LAYOUT(task_semaphore_create_request_t, policy, 32);
	LAYOUT(task_semaphore_create_request_t, value, 36);
	CHECK(sizeof(task_semaphore_create_reply_t) == 40);
	LAYOUT(task_semaphore_destroy_request_t, semaphore, 28);
	CHECK(sizeof(task_semaphore_destroy_request_t) == 40);
}

/* Tessera's host_get_random (mach/kern/random.c), against <mach/tessera_random.h>. */
static void test_host_random(void)
{
	LAYOUT(host_random_host_get_random_request_t, size,
	       offsetof(struct host_get_random_request, size));
	CHECK(sizeof(host_random_host_get_random_request_t) ==
	      sizeof(struct host_get_random_request));
	LAYOUT(host_random_host_get_random_reply_t, RetCode,
	       offsetof(struct host_get_random_reply, RetCode));
	LAYOUT(host_random_host_get_random_reply_t, bytesCnt,
	       offsetof(struct host_get_random_reply, bytesCnt));
	LAYOUT(host_random_host_get_random_reply_t, bytes,
	       offsetof(struct host_get_random_reply, bytes));
	CHECK(sizeof(host_random_host_get_random_reply_t) == sizeof(struct host_get_random_reply));
	CHECK(host_random_routine_name_count == 1 &&
	      host_random_routine_names[0].id == HOST_GET_RANDOM_ID &&
	      strcmp(host_random_routine_names[0].name, "host_random.host_get_random") == 0);
}

static void test_mach_port(void)
{
	LAYOUT(mach_port_mach_port_type_request_t, name, 32);
	LAYOUT(mach_port_mach_port_type_reply_t, ptype, 36);
	CHECK(sizeof(mach_port_mach_port_get_refs_request_t) == 40);
	LAYOUT(mach_port_mach_port_get_refs_reply_t, refs, 36);

	LAYOUT(mach_port_mach_port_request_notification_request_t, notify, 28);
	LAYOUT(mach_port_mach_port_request_notification_request_t, NDR, 40);
	LAYOUT(mach_port_mach_port_request_notification_request_t, name, 48);
	LAYOUT(mach_port_mach_port_request_notification_request_t, msgid, 52);
	LAYOUT(mach_port_mach_port_request_notification_request_t, sync, 56);
	CHECK(sizeof(mach_port_mach_port_request_notification_request_t) == 60);
	CHECK(sizeof(mach_port_mach_port_request_notification_reply_t) == 40);

	LAYOUT(mach_port_mach_port_get_attributes_request_t, flavor, 36);
	LAYOUT(mach_port_mach_port_get_attributes_request_t, port_info_outCnt, 40);
	CHECK(sizeof(mach_port_mach_port_get_attributes_request_t) == 44);
	LAYOUT(mach_port_mach_port_get_attributes_reply_t, port_info_outCnt, 36);
	LAYOUT(mach_port_mach_port_get_attributes_reply_t, port_info_out, 40);
	CHECK(sizeof(mach_port_mach_port_get_attributes_reply_t) == 40 + 4 * 17);
	LAYOUT(mach_port_mach_port_set_attributes_request_t, port_infoCnt, 40);
	LAYOUT(mach_port_mach_port_set_attributes_request_t, port_info, 44);
}

static void test_thread_act(void)
{
	LAYOUT(thread_act_thread_get_state_request_t, flavor, 32);
	LAYOUT(thread_act_thread_get_state_request_t, old_stateCnt, 36);
	CHECK(sizeof(thread_act_thread_get_state_request_t) == 40);
	LAYOUT(thread_act_thread_get_state_reply_t, old_stateCnt, 36);
	LAYOUT(thread_act_thread_get_state_reply_t, old_state, 40);
	LAYOUT(thread_act_thread_set_state_request_t, new_stateCnt, 36);
	LAYOUT(thread_act_thread_set_state_request_t, new_state, 40);
}

/* The ids the kernel switches on. */
static void test_ids(void)
{
	static const struct {
		const struct mig_routine_name *table;
		unsigned int count;
		const char *name;
		mach_msg_id_t id;
	} expect[] = {
	    {task_routine_names, 0, "task.task_terminate", 3401},
	    {task_routine_names, 0, "task.task_suspend", 3407},
	    {task_routine_names, 0, "task.task_get_special_port", 3409},
	    {task_routine_names, 0, "task.task_set_special_port", 3410},
	    {task_routine_names, 0, "task.thread_create", 3411},
	    {task_routine_names, 0, "task.thread_create_running", 3412},
	    {task_routine_names, 0, "task.task_set_exception_ports", 3413},
	    {task_routine_names, 0, "task.semaphore_destroy", 3419},
	    {mach_port_routine_names, 1, "mach_port.mach_port_type", 3201},
	    {mach_port_routine_names, 1, "mach_port.mach_port_request_notification", 3213},
	    {mach_port_routine_names, 1, "mach_port.mach_port_set_attributes", 3218},
	    {thread_act_routine_names, 2, "thread_act.thread_get_state", 3603},
	    {thread_act_routine_names, 2, "thread_act.thread_set_state", 3604},
	    {thread_act_routine_names, 2, "thread_act.thread_abort", 3607},
	    {thread_act_routine_names, 2, "thread_act.thread_set_exception_ports", 3613},
	};
	const unsigned int counts[] = {task_routine_name_count, mach_port_routine_name_count,
	                               thread_act_routine_name_count};
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		bool found = false;
		for (unsigned int j = 0; j < counts[expect[i].count]; j++)
			if (strcmp(expect[i].table[j].name, expect[i].name) == 0)
				found = expect[i].table[j].id == expect[i].id;
		CHECK(found);
	}
}

int main(void)
{
	test_task();
	test_mach_port();
	test_thread_act();
	test_host_random();
	test_ids();
	return 0;
}
