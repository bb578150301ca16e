/*
 * The system and calendar clocks and their ports (kern/clock.h), with
 * XNU's message ids and layouts (<mach/clock_types.h>). The calendar is
 * kept as an offset from the counter's nanoseconds since boot, so reading
 * it costs one counter read and setting it one store.
 */
#include "kern/clock.h"

#include <stddef.h>

#include "arch/arm64/timer.h"
#include "arch/arm64/vm_layout.h"
#include "ipc/ipc_kobject.h"
#include "kern/kprintf.h"
#include "kern/panic.h"
#include "kern/platform.h"
#include "mach/clock_types.h"
#include "mach/kern_return.h"

#define PL031_RTCDR 0x0 /* data register: seconds since the epoch */

#pragma pack(push, 4)
struct clock_id_request { /* host_get_clock_service, host_get_clock_control */
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t clock_id;
};

struct get_time_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	mach_timespec_t cur_time;
};

struct set_time_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	mach_timespec_t new_time;
};
#pragma pack(pop)

struct clock {
	clock_id_t id;
	struct ipc_port *service; /* IKOT_CLOCK */
	struct ipc_port *control; /* IKOT_CLOCK_CTRL */
};

static struct clock clocks[2] = {{.id = SYSTEM_CLOCK}, {.id = CALENDAR_CLOCK}};

/* Calendar nanoseconds minus timer_nanoseconds(); atomic. */
static int64_t calendar_offset;

/* Seconds since the epoch from the PL031, or false when there is none (or it cannot be read). */
static bool rtc_read(struct platform *p, uint32_t *seconds)
{
	struct platform_device rtc;
	int err = platform_find_device(p, "arm,pl031", 0, &rtc);

	if (err == PLATFORM_ENOTFOUND)
		return false;
	if (err != PLATFORM_OK) {
		kprintf("clock: the PL031 node is malformed: %s\n", platform_error(p));
		return false;
	}
	/* Only the peripheral window below RAM is mapped for the kernel. */
	if (rtc.reg.size < PL031_RTCDR + 4 || rtc.reg.base >= PERIPH_LIMIT_PA ||
	    PERIPH_LIMIT_PA - rtc.reg.base < PL031_RTCDR + 4 || (rtc.reg.base & 3) != 0) {
		kprintf("clock: PL031 at 0x%lx+0x%lx is outside the device window; ignored\n",
		        rtc.reg.base, rtc.reg.size);
		return false;
	}
	*seconds = *(volatile uint32_t *)phys_to_kva(rtc.reg.base + PL031_RTCDR);
	return true;
}

/* Year, month (1-12) and day (1-31) of day `days` since 1970-01-01, proleptic Gregorian. */
static void civil_from_days(uint64_t days, uint64_t *y, unsigned *m, unsigned *d)
{
	uint64_t z = days + 719468; /* days since 0000-03-01 */
	uint64_t era = z / 146097;
	uint64_t doe = z - era * 146097;                                      /* [0, 146096] */
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
	uint64_t mp = (5 * doy + 2) / 153;                                    /* March = 0 */

	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void clock_init(struct platform *p)
{
	uint32_t rtc_seconds = 0;
	bool have_rtc = rtc_read(p, &rtc_seconds);
	uint64_t now = timer_nanoseconds();

	__atomic_store_n(&calendar_offset, (int64_t)(rtc_seconds * NSEC_PER_SEC) - (int64_t)now,
	                 __ATOMIC_RELAXED);
	if (have_rtc) {
		uint64_t year;
		unsigned month, day, s = rtc_seconds % 86400;
		civil_from_days(rtc_seconds / 86400, &year, &month, &day);
		kprintf(
		    "clock: PL031 real-time clock, %04lu-%02u-%02u %02u:%02u:%02u UTC at boot\n",
		    year, month, day, s / 3600, s / 60 % 60, s % 60);
	} else {
		kprintf("clock: no real-time clock; the calendar starts at the epoch, "
		        "1970-01-01 00:00:00 UTC\n");
	}

	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	for (unsigned i = 0; i < 2; i++) {
		clocks[i].service = ipc_kobject_port_alloc(IKOT_CLOCK, &clocks[i]);
		clocks[i].control = ipc_kobject_port_alloc(IKOT_CLOCK_CTRL, &clocks[i]);
		if (!clocks[i].service || !clocks[i].control)
			panic("clock: no memory for the clock ports");
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
}

uint64_t clock_calendar_nanoseconds(void)
{
	return timer_nanoseconds() + (uint64_t)__atomic_load_n(&calendar_offset, __ATOMIC_RELAXED);
}

/* The reply of host_get_clock_service and host_get_clock_control: a send right, or an error. */
static struct ipc_kmsg *clock_port_routine(struct ipc_kmsg *request, bool control)
{
	const struct clock_id_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->clock_id != SYSTEM_CLOCK && req->clock_id != CALENDAR_CLOCK)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	struct ipc_kmsg *reply = ipc_kobject_port_reply_alloc(id);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct clock *c = &clocks[req->clock_id];
	struct ipc_port *port = control ? c->control : c->service;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	ipc_port_copy_send(port);
	spin_unlock_irqrestore(&ipc_lock, daif);
	ipc_kobject_port_reply_set(reply, port, MACH_MSG_TYPE_PORT_SEND);
	return reply;
}

struct ipc_kmsg *clock_host_get_clock_service(struct ipc_kmsg *request)
{
	return clock_port_routine(request, false);
}

struct ipc_kmsg *clock_host_get_clock_control(struct ipc_kmsg *request)
{
	return clock_port_routine(request, true);
}

static struct ipc_kmsg *get_time_routine(const struct clock *c, mach_msg_id_t id)
{
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct get_time_reply), id);

	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	uint64_t ns = c->id == CALENDAR_CLOCK ? clock_calendar_nanoseconds() : timer_nanoseconds();
	struct get_time_reply *r = (void *)&reply->header;
	r->NDR[1] = 1;
	r->cur_time.tv_sec = (unsigned int)(ns / NSEC_PER_SEC); /* 32 bits, as XNU's */
	r->cur_time.tv_nsec = (clock_res_t)(ns % NSEC_PER_SEC);
	return reply;
}

/* Only CLOCK_GET_TIME_RES: there are no alarms, so the alarm flavors are refused. */
static struct ipc_kmsg *get_attributes_routine(struct ipc_kmsg *request)
{
	const struct ipc_kobject_info_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->info_outCnt < 1)
		return ipc_kobject_error_reply(id, KERN_FAILURE);
	if (req->flavor != CLOCK_GET_TIME_RES)
		return ipc_kobject_error_reply(id, KERN_INVALID_VALUE);
	uint64_t freq = timer_frequency();
	int32_t resolution = (int32_t)((NSEC_PER_SEC + freq - 1) / freq);
	return ipc_kobject_info_reply(id, &resolution, 1);
}

static struct ipc_kmsg *set_time_routine(const struct clock *c, struct ipc_kmsg *request)
{
	const struct set_time_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (c->id != CALENDAR_CLOCK)
		return ipc_kobject_error_reply(id, KERN_FAILURE);
	if (req->new_time.tv_nsec < 0 || (uint64_t)req->new_time.tv_nsec >= NSEC_PER_SEC)
		return ipc_kobject_error_reply(id, KERN_INVALID_VALUE);
	uint64_t ns = req->new_time.tv_sec * NSEC_PER_SEC + (uint64_t)req->new_time.tv_nsec;
	__atomic_store_n(&calendar_offset, (int64_t)ns - (int64_t)timer_nanoseconds(),
	                 __ATOMIC_RELAXED);
	return ipc_kobject_error_reply(id, KERN_SUCCESS);
}

struct ipc_kmsg *clock_server(void *clock, bool control, struct ipc_kmsg *request)
{
	const struct clock *c = clock;
	mach_msg_id_t id = request->header.msgh_id;

	switch (id) {
	case CLOCK_GET_TIME_ID:
		if (control)
			break;
		if (!ipc_kobject_request_is_simple(request, sizeof(mach_msg_header_t)))
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		return get_time_routine(c, id);
	case CLOCK_GET_ATTRIBUTES_ID:
		if (control)
			break;
		return get_attributes_routine(request);
	case CLOCK_SET_TIME_ID:
		if (!control)
			break;
		return set_time_routine(c, request);
	default: break;
	}
	return ipc_kobject_error_reply(id, MIG_BAD_ID);
}
