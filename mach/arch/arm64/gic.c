/*
 * GIC driver (Arm GIC Architecture Specification, v2 and v3/v4 register maps).
 * Both versions share the distributor's enable/priority registers; they differ
 * in how a CPU acknowledges interrupts (v2: memory-mapped CPU interface; v3:
 * ICC_* system registers) and where private interrupts are configured (v3:
 * the redistributor's SGI frame).
 */
#include "arch/arm64/gic.h"

#include <stddef.h>

#include "arch/arm64/cpu.h"
#include "arch/arm64/vm_layout.h"
#include "kern/panic.h"

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR  0x0800
#define GICD_IROUTER    0x6000
#define GICD_CTLR_RWP   (1u << 31)

#define GICC_CTLR 0x0000
#define GICC_PMR  0x0004
#define GICC_IAR  0x000c
#define GICC_EOIR 0x0010

#define GICR_WAKER        0x0014
#define GICR_WAKER_SLEEP  (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_SGI_FRAME    0x10000
#define GICR_IGROUPR0     (GICR_SGI_FRAME + 0x0080)
#define GICR_ISENABLER0   (GICR_SGI_FRAME + 0x0100)
#define GICR_IPRIORITYR   (GICR_SGI_FRAME + 0x0400)

#define ICC_SRE_EL1     S3_0_C12_C12_5
#define ICC_PMR_EL1     S3_0_C4_C6_0
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_IAR1_EL1    S3_0_C12_C12_0
#define ICC_EOIR1_EL1   S3_0_C12_C12_1

#define INTID_SPURIOUS 1023
#define GIC_MAX_INTID  1020
#define GIC_PRIORITY   0xa0
#define SPIN_LIMIT     1000000

struct gic_vector {
	gic_handler_t handler; /* NULL: not enabled */
	void *arg;
};

static int gic_version;
static uintptr_t gicd, gicc, gicr;
static uint32_t gic_lines;
static struct gic_vector gic_vectors[GIC_MAX_INTID];

/* One level of indirection so the ICC_* names expand before being stringified. */
#define read_sysreg_s(name)     sysreg_read(name)
#define write_sysreg_s(name, v) sysreg_write(name, v)

static void gic_wait(uintptr_t reg, uint32_t bit, uint32_t want, const char *what)
{
	for (int i = 0; i < SPIN_LIMIT; i++)
		if ((mmio_read32(reg) & bit) == want)
			return;
	panic("GIC: timed out waiting for %s", what);
}

static void gic_dist_common(void)
{
	gic_lines = ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1) * 32;
	if (gic_lines > GIC_MAX_INTID)
		gic_lines = GIC_MAX_INTID;
}

void gic_init_v2(uint64_t dist_pa, uint64_t cpu_pa)
{
	gic_version = 2;
	gicd = (uintptr_t)phys_to_kva(dist_pa);
	gicc = (uintptr_t)phys_to_kva(cpu_pa);
	gic_dist_common();
	mmio_write32(gicd + GICD_CTLR, 1);
	mmio_write32(gicc + GICC_PMR, 0xff);
	mmio_write32(gicc + GICC_CTLR, 1);
}

void gic_init_v3(uint64_t dist_pa, uint64_t redist_pa)
{
	gic_version = 3;
	gicd = (uintptr_t)phys_to_kva(dist_pa);
	gicr = (uintptr_t)phys_to_kva(redist_pa);
	gic_dist_common();
	/* Affinity routing, both groups enabled (non-secure, single security state view). */
	mmio_write32(gicd + GICD_CTLR, (1u << 4) | (1u << 1) | (1u << 0));
	gic_wait(gicd + GICD_CTLR, GICD_CTLR_RWP, 0, "distributor");
	mmio_write32(gicr + GICR_WAKER, mmio_read32(gicr + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	gic_wait(gicr + GICR_WAKER, GICR_WAKER_ASLEEP, 0, "redistributor wake-up");
	write_sysreg_s(ICC_SRE_EL1, read_sysreg_s(ICC_SRE_EL1) | 1);
	isb();
	write_sysreg_s(ICC_PMR_EL1, 0xff);
	write_sysreg_s(ICC_IGRPEN1_EL1, 1);
	isb();
}

const char *gic_name(void)
{
	return gic_version == 3 ? "GICv3" : "GICv2";
}

void gic_enable(uint32_t intid, gic_handler_t handler, void *arg)
{
	uint32_t bit = 1u << (intid % 32);

	if (intid >= gic_lines || handler == NULL)
		panic("GIC: cannot enable interrupt %u (controller has %u)", intid, gic_lines);
	gic_vectors[intid].handler = handler;
	gic_vectors[intid].arg = arg;

	if (gic_version == 3 && intid < 32) {
		mmio_write32(gicr + GICR_IGROUPR0, mmio_read32(gicr + GICR_IGROUPR0) | bit);
		*(volatile uint8_t *)(gicr + GICR_IPRIORITYR + intid) = GIC_PRIORITY;
		mmio_write32(gicr + GICR_ISENABLER0, bit);
		return;
	}
	*(volatile uint8_t *)(gicd + GICD_IPRIORITYR + intid) = GIC_PRIORITY;
	if (gic_version == 3) {
		uintptr_t group = gicd + GICD_IGROUPR + 4 * (intid / 32);
		mmio_write32(group, mmio_read32(group) | bit);
		/* Route to the CPU with this MPIDR's affinity. */
		uint64_t mpidr = sysreg_read(mpidr_el1);
		uint64_t aff = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 32;
		*(volatile uint64_t *)(gicd + GICD_IROUTER + 8 * intid) = aff;
	} else if (intid >= 32) {
		*(volatile uint8_t *)(gicd + GICD_ITARGETSR + intid) = 1;
	}
	mmio_write32(gicd + GICD_ISENABLER + 4 * (intid / 32), bit);
}

bool gic_spi_available(uint32_t intid)
{
	return intid >= 32 && intid < gic_lines && intid < GIC_MAX_INTID &&
	       !gic_vectors[intid].handler;
}

void gic_mask(uint32_t intid)
{
	mmio_write32(gicd + GICD_ICENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

void gic_unmask(uint32_t intid)
{
	mmio_write32(gicd + GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

void gic_release(uint32_t intid)
{
	gic_mask(intid);
	gic_vectors[intid].handler = NULL;
	gic_vectors[intid].arg = NULL;
}

static uint32_t gic_ack(void)
{
	if (gic_version == 3)
		return (uint32_t)read_sysreg_s(ICC_IAR1_EL1) & 0xffffff;
	return mmio_read32(gicc + GICC_IAR);
}

static void gic_eoi(uint32_t iar)
{
	if (gic_version == 3)
		write_sysreg_s(ICC_EOIR1_EL1, iar);
	else
		mmio_write32(gicc + GICC_EOIR, iar);
}

void gic_handle_irq(void)
{
	for (;;) {
		uint32_t iar = gic_ack();
		uint32_t intid = gic_version == 3 ? iar : iar & 0x3ff;

		if (intid >= INTID_SPURIOUS)
			return;
		if (intid < GIC_MAX_INTID && gic_vectors[intid].handler)
			gic_vectors[intid].handler(intid, gic_vectors[intid].arg);
		gic_eoi(iar);
	}
}
