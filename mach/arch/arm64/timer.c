#include "arch/arm64/timer.h"

#include "arch/arm64/cpu.h"
#include "arch/arm64/gic.h"
#include "kern/panic.h"
#include "kern/mk_timer.h"
#include "kern/sched.h"

#define CNTV_CTL_ENABLE (1u << 0)

static uint64_t timer_interval; /* counter cycles per tick */
static volatile uint64_t ticks;

uint64_t timer_frequency(void)
{
	return sysreg_read(cntfrq_el0);
}

uint64_t timer_nanoseconds(void)
{
	uint64_t freq = timer_frequency();
	uint64_t count = sysreg_read(cntvct_el0);

	/* Split to avoid overflowing 64 bits after a few minutes of uptime. */
	return (count / freq) * 1000000000ull + (count % freq) * 1000000000ull / freq;
}

static void timer_tick(uint32_t intid, void *arg)
{
	uint64_t next = sysreg_read(cntv_cval_el0) + timer_interval;
	uint64_t now = sysreg_read(cntvct_el0);

	/* After a long stall, skip missed ticks instead of firing in a burst. */
	if (next <= now)
		next = now + timer_interval;
	sysreg_write(cntv_cval_el0, next);
	ticks++;
	sched_tick(trap_irq_from_user());
	mk_timer_tick(now);
}

void timer_init(uint32_t intid, uint32_t hz)
{
	uint64_t freq = timer_frequency();

	if (freq == 0 || hz == 0 || freq < hz)
		panic("timer: counter frequency %lu Hz cannot tick at %u Hz", freq, hz);
	timer_interval = freq / hz;
	/* CNTKCTL_EL1.EL0VCTEN: user code reads the virtual counter (mach_absolute_time). */
	sysreg_write(cntkctl_el1, sysreg_read(cntkctl_el1) | (1u << 1));
	gic_enable(intid, timer_tick, 0);
	sysreg_write(cntv_cval_el0, sysreg_read(cntvct_el0) + timer_interval);
	sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
}

uint64_t timer_ticks(void)
{
	return ticks;
}
