/*
 * Host tests for platform_from_fdt (mach/kern/platform.c): every field
 * against device trees QEMU itself dumps for the machine the kernel runs on,
 * then against dtc-compiled fixtures (board.dtsi and its variants) for the
 * cases QEMU never produces and for each error message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kern/platform.h"
#include "blob.h"

#define DIR "tests/host/fdt/"

/* QEMU virt's fixed layout (hw/arm/virt.c), as dumped and read back with dtc. */
#define VIRT_RAM          0x40000000ULL
#define VIRT_GIC_DIST     0x08000000ULL
#define VIRT_GIC_CPU      0x08010000ULL
#define VIRT_GIC_REDIST   0x080a0000ULL
#define VIRT_UART         0x09000000ULL
#define VIRT_VIRTIO       0x0a000000ULL
#define VIRT_VIRTIO_SLOTS 32

/* Board fixture's bus: child address 0 is CPU address 0x3f000000. */
#define SOC 0x3f000000ULL

static struct platform plat;
static void *plat_blob; /* what plat points into; freed by the next load */

static int load(const char *file)
{
	size_t size;
	int err;

	free(plat_blob);
	plat_blob = load_blob(file, &size);
	err = platform_from_fdt(&plat, plat_blob, size);
	if (err != PLATFORM_OK)
		fprintf(stderr, "%s: %s\n", file, platform_error(&plat));
	return err;
}

static void check_range(const struct platform_range *r, uint64_t base, uint64_t size)
{
	CHECK_EQ(r->base, base);
	CHECK_EQ(r->size, size);
}

struct virt_case {
	const char *file;
	uint64_t ram;   /* -m */
	unsigned gic;   /* gic-version */
	unsigned ncpus; /* -smp */
};

static const struct virt_case virt_cases[] = {
    {DIR "virt_gicv2_128m.dtb", 128ULL << 20, 2, 1},  {DIR "virt_gicv2_4g.dtb", 4ULL << 30, 2, 1},
    {DIR "virt_gicv2_smp2.dtb", 128ULL << 20, 2, 2},  {DIR "virt_gicv3.dtb", 128ULL << 20, 3, 1},
    {DIR "virt_gicv3_4g_smp4.dtb", 4ULL << 30, 3, 4},
};

static void test_virt(const struct virt_case *c)
{
	unsigned i;

	CHECK_EQ(load(c->file), PLATFORM_OK);
	CHECK_STR(platform_error(&plat), "");

	CHECK_EQ(plat.nmemory, 1);
	check_range(&plat.memory[0], VIRT_RAM, c->ram);
	CHECK_EQ(plat.nreserved, 0);

	CHECK_EQ(plat.gic.version, c->gic);
	check_range(&plat.gic.dist, VIRT_GIC_DIST, 0x10000);
	if (c->gic == 2) {
		check_range(&plat.gic.cpuif, VIRT_GIC_CPU, 0x10000);
		CHECK_EQ(plat.gic.nredist, 0);
	} else {
		check_range(&plat.gic.cpuif, 0, 0);
		CHECK_EQ(plat.gic.nredist, 1);
		check_range(&plat.gic.redist[0], VIRT_GIC_REDIST, 0xf60000);
	}

	/* PPIs 13, 14, 11, 10. */
	CHECK_EQ(plat.timer.sec_phys, 29);
	CHECK_EQ(plat.timer.phys, 30);
	CHECK_EQ(plat.timer.virt, 27);
	CHECK_EQ(plat.timer.hyp_phys, 26);
	CHECK(plat.timer.always_on);

	/* SPI 1. */
	check_range(&plat.uart.reg, VIRT_UART, 0x1000);
	CHECK_EQ(plat.uart.intid, 33);
	CHECK_STR(fdt_node_name(&plat.fdt, plat.uart.node), "pl011@9000000");

	/* SPIs 16 to 47, in address order. */
	CHECK_EQ(plat.nvirtio, VIRT_VIRTIO_SLOTS);
	for (i = 0; i < VIRT_VIRTIO_SLOTS; i++) {
		check_range(&plat.virtio[i].reg, VIRT_VIRTIO + 0x200 * i, 0x200);
		CHECK_EQ(plat.virtio[i].intid, 48 + i);
	}

	CHECK_EQ(plat.psci_method, PLATFORM_PSCI_HVC);
	CHECK_EQ(plat.psci_version, 0x10000);
	CHECK(plat.bootargs == NULL);
	CHECK(!plat.has_initrd);
	CHECK_EQ(plat.ncpus, c->ncpus);
}

/* QEMU with -kernel, -initrd and -append; BUILD passes the initrd's size as INITRD_SIZE. */
static void test_virt_boot(void)
{
	static const char cmdline[] = "console=ttyAMA0 root=/dev/vda";

	CHECK_EQ(load(DIR "virt_boot.dtb"), PLATFORM_OK);
	check_range(&plat.memory[0], VIRT_RAM, 256ULL << 20);
	CHECK_EQ(plat.bootargs_len, strlen(cmdline));
	CHECK(memcmp(plat.bootargs, cmdline, plat.bootargs_len) == 0);
	CHECK(plat.has_initrd);
	CHECK_EQ(plat.initrd_end - plat.initrd_start, INITRD_SIZE);
	CHECK(plat.initrd_start >= VIRT_RAM && plat.initrd_end <= VIRT_RAM + (256ULL << 20));
	/* QEMU's random seeds for the kernel's generator (kern/random.c). */
	CHECK_EQ(plat.rng_seed_len, 32);
	CHECK_EQ(plat.kaslr_seed_len, 8);
	CHECK(plat.rng_seed != NULL && plat.kaslr_seed != NULL);
}

/* QEMU with dtb-randomness=off: /chosen without seeds, which is no error. */
static void test_virt_no_seed(void)
{
	CHECK_EQ(load(DIR "virt_no_seed.dtb"), PLATFORM_OK);
	CHECK(plat.rng_seed == NULL && plat.rng_seed_len == 0);
	CHECK(plat.kaslr_seed == NULL && plat.kaslr_seed_len == 0);
}

static void check_board(void)
{
	static const char cmdline[] = "init=/sbin/init -v";

	CHECK_EQ(plat.nmemory, 3);
	check_range(&plat.memory[0], 0x80000000, 0x20000000);
	check_range(&plat.memory[1], 0xc0000000, 0x10000000);
	check_range(&plat.memory[2], 0xf0000000, 0x1000000);

	CHECK_EQ(plat.nreserved, 3);
	check_range(&plat.reserved[0], 0x80000000, 0x10000);
	check_range(&plat.reserved[1], 0x80100000, 0x2000);
	check_range(&plat.reserved[2], 0x81000000, 0x100000);

	CHECK_EQ(plat.gic.version, 2);
	check_range(&plat.gic.dist, SOC + 0x40000, 0x1000);
	check_range(&plat.gic.cpuif, SOC + 0x42000, 0x2000);

	CHECK_EQ(plat.timer.sec_phys, 29);
	CHECK_EQ(plat.timer.phys, 30);
	CHECK_EQ(plat.timer.virt, 27);
	CHECK_EQ(plat.timer.hyp_phys, 26);
	CHECK(!plat.timer.always_on);

	/* stdout-path "serial1:115200n8" picks the second PL011. */
	check_range(&plat.uart.reg, SOC + 0x2000, 0x1000);
	CHECK_EQ(plat.uart.intid, 38);

	/* virtio@3200 is disabled. */
	CHECK_EQ(plat.nvirtio, 2);
	check_range(&plat.virtio[0].reg, SOC + 0x3000, 0x200);
	CHECK_EQ(plat.virtio[0].intid, 72);
	check_range(&plat.virtio[1].reg, SOC + 0x3400, 0x200);
	CHECK_EQ(plat.virtio[1].intid, 74);

	CHECK_EQ(plat.psci_method, PLATFORM_PSCI_SMC);
	CHECK_EQ(plat.psci_version, 0x2);

	CHECK_EQ(plat.bootargs_len, strlen(cmdline));
	CHECK(memcmp(plat.bootargs, cmdline, plat.bootargs_len) == 0);
	CHECK(plat.has_initrd);
	CHECK_EQ(plat.initrd_start, 0x84000000);
	CHECK_EQ(plat.initrd_end, 0x84100000);
	CHECK_EQ(plat.ncpus, 3);

	/* Devices by compatible string and index: both PL011s, virtio skipping the disabled one. */
	struct platform_device d;
	CHECK_EQ(platform_find_device(&plat, "arm,pl011", 0, &d), 0);
	check_range(&d.reg, SOC + 0x1000, 0x1000);
	CHECK_EQ(d.intid, 37);
	CHECK_EQ(platform_find_device(&plat, "arm,pl011", 1, &d), 0);
	check_range(&d.reg, SOC + 0x2000, 0x1000);
	CHECK_EQ(platform_find_device(&plat, "arm,pl011", 2, &d), PLATFORM_ENOTFOUND);
	CHECK_EQ(platform_find_device(&plat, "virtio,mmio", 1, &d), 0);
	check_range(&d.reg, SOC + 0x3400, 0x200);
	CHECK_EQ(d.intid, 74);
	CHECK_EQ(platform_find_device(&plat, "no,such-device", 0, &d), PLATFORM_ENOTFOUND);
	/* Any device with registers and an interrupt, such as the test GPIO controller. */
	CHECK_EQ(platform_find_device(&plat, "tessera,test-gpio", 0, &d), 0);
	check_range(&d.reg, SOC + 0x5000, 0x100);
	CHECK_EQ(d.intid, 35);
}

static void test_board(void)
{
	static const char *const same[] = {
	    DIR "board.dtb", DIR "board_v16.dtb", /* version 16 header, no size_dt_struct */
	    DIR "board_legacy_phandle.dtb",       /* "linux,phandle" only */
	};
	unsigned i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		CHECK_EQ(load(same[i]), PLATFORM_OK);
		check_board();
	}
}

/* Fixtures that change one thing and still describe a usable machine. */
static void test_variants(void)
{
	CHECK_EQ(load(DIR "gicv3.dtb"), PLATFORM_OK);
	CHECK_EQ(plat.gic.version, 3);
	check_range(&plat.gic.dist, SOC + 0x40000, 0x10000);
	check_range(&plat.gic.cpuif, 0, 0);
	CHECK_EQ(plat.gic.nredist, 2);
	check_range(&plat.gic.redist[0], SOC + 0x80000, 0x20000);
	check_range(&plat.gic.redist[1], SOC + 0xa0000, 0x20000);
	CHECK_EQ(plat.uart.intid, 38);

	CHECK_EQ(load(DIR "stdout_alias.dtb"), PLATFORM_OK);
	check_range(&plat.uart.reg, SOC + 0x1000, 0x1000);
	CHECK_EQ(plat.uart.intid, 37);

	CHECK_EQ(load(DIR "stdout_path_options.dtb"), PLATFORM_OK);
	check_range(&plat.uart.reg, SOC + 0x1000, 0x1000);

	CHECK_EQ(load(DIR "stdout_missing.dtb"), PLATFORM_OK);
	check_range(&plat.uart.reg, SOC + 0x1000, 0x1000);

	CHECK_EQ(load(DIR "no_chosen.dtb"), PLATFORM_OK);
	check_range(&plat.uart.reg, SOC + 0x1000, 0x1000);
	CHECK(plat.bootargs == NULL);
	CHECK_EQ(plat.bootargs_len, 0);
	CHECK(!plat.has_initrd);
	CHECK(plat.rng_seed == NULL && plat.rng_seed_len == 0);
	CHECK(plat.kaslr_seed == NULL && plat.kaslr_seed_len == 0);

	CHECK_EQ(load(DIR "initrd64.dtb"), PLATFORM_OK);
	CHECK(plat.has_initrd);
	CHECK_EQ(plat.initrd_start, 0x120000000ULL);
	CHECK_EQ(plat.initrd_end, 0x120800000ULL);

	CHECK_EQ(load(DIR "no_psci.dtb"), PLATFORM_OK);
	CHECK_EQ(plat.psci_method, PLATFORM_PSCI_NONE);
	CHECK_EQ(plat.psci_version, 0);
}

struct error_case {
	const char *file;
	int err;
	const char *message;
};

static const struct error_case error_cases[] = {
    {DIR "no_memory.dtb", PLATFORM_EMISSING,
     "device tree has no memory node (device_type \"memory\" with a non-empty reg)"},
    {DIR "no_gic.dtb", PLATFORM_EMISSING,
     "device tree has no interrupt controller (compatible \"arm,gic-v3\", \"arm,gic-400\" "
     "or \"arm,cortex-a15-gic\")"},
    {DIR "no_timer.dtb", PLATFORM_EMISSING,
     "device tree has no timer node (compatible \"arm,armv8-timer\" or "
     "\"arm,armv7-timer\")"},
    {DIR "no_uart.dtb", PLATFORM_EMISSING, "device tree has no UART (compatible \"arm,pl011\")"},
    {DIR "gic_short_reg.dtb", PLATFORM_EMALFORMED,
     "/soc/interrupt-controller@40000: reg needs 2 entries (distributor, CPU interface) but "
     "has 1"},
    {DIR "timer_short.dtb", PLATFORM_EMALFORMED, "/timer: interrupts needs 4 entries but has 3"},
    {DIR "timer_bad_type.dtb", PLATFORM_EMALFORMED,
     "/timer: interrupts entry 1 is neither an SPI (type 0, 0-987) nor a PPI (type 1, 0-15)"},
    {DIR "uart_not_routed.dtb", PLATFORM_EMALFORMED,
     "/soc/serial@2000: interrupts are not routed to the GIC /soc/interrupt-controller@40000"},
    {DIR "initrd_no_end.dtb", PLATFORM_EMISSING, "/chosen: missing linux,initrd-end"},
    {DIR "initrd_bad_size.dtb", PLATFORM_EMALFORMED,
     "/chosen: linux,initrd-start: property has a bad length or value"},
    {DIR "initrd_reversed.dtb", PLATFORM_EMALFORMED,
     "/chosen: linux,initrd-end is below linux,initrd-start"},
    {DIR "psci_bad_method.dtb", PLATFORM_EMALFORMED,
     "/psci: method is neither \"hvc\" nor \"smc\""},
    {DIR "no_ranges.dtb", PLATFORM_EMALFORMED,
     "/soc/interrupt-controller@40000: reg: address not mapped to the CPU by the parent "
     "buses' ranges"},
    {DIR "outside_ranges.dtb", PLATFORM_EMALFORMED,
     "/soc/serial@2000: reg: address not mapped to the CPU by the parent buses' ranges"},
    {DIR "too_much_memory.dtb", PLATFORM_ETOOMANY, "device tree has more than 8 memory ranges"},
    {DIR "memory_wraps.dtb", PLATFORM_EMALFORMED,
     "/memory@fffffffffffff000: reg entry 0 runs past the end of the address space"},
};

static void test_errors(void)
{
	static const uint8_t not_a_dtb[] = "/dts-v1/; / { };";
	unsigned i;

	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		const struct error_case *c = &error_cases[i];
		size_t size;
		void *blob = load_blob(c->file, &size);

		CHECK_EQ(platform_from_fdt(&plat, blob, size), c->err);
		CHECK_EQ(plat.error, c->err);
		CHECK_STR(platform_error(&plat), c->message);
		free(blob);
	}

	CHECK_EQ(platform_from_fdt(&plat, not_a_dtb, sizeof(not_a_dtb)), PLATFORM_EBLOB);
	CHECK_STR(platform_error(&plat), "device tree blob is invalid: bad magic number");
	CHECK_EQ(platform_from_fdt(&plat, NULL, 0), PLATFORM_EBLOB);
	CHECK_STR(platform_error(&plat), "device tree blob is invalid: blob or block truncated");
}

/* The blob need not be aligned: the reader loads bytes, so UBSan stays quiet. */
static void test_unaligned(void)
{
	size_t size;
	uint8_t *blob = load_blob(DIR "virt_gicv3.dtb", &size);
	uint8_t *shifted = malloc(size + 1);

	CHECK(shifted != NULL);
	memcpy(shifted + 1, blob, size);
	CHECK_EQ(platform_from_fdt(&plat, shifted + 1, size), PLATFORM_OK);
	CHECK_EQ(plat.gic.version, 3);
	free(shifted);
	free(blob);
}

int main(void)
{
	unsigned i;

	for (i = 0; i < sizeof(virt_cases) / sizeof(virt_cases[0]); i++)
		test_virt(&virt_cases[i]);
	test_virt_boot();
	test_virt_no_seed();
	test_board();
	test_variants();
	test_errors();
	test_unaligned();
	free(plat_blob);
	printf("platform_test: ok\n");
	return 0;
}
