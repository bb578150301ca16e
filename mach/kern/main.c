/*
 * kernel_main: the boot sequence, from the device tree to a running clock.
 * Entered from boot.S on the boot stack with the MMU on (boot tables) and
 * interrupts masked.
 */
#include "arch/arm64/cpu.h"
#include "arch/arm64/gic.h"
#include "arch/arm64/pmap.h"
#include "arch/arm64/psci.h"
#include "arch/arm64/timer.h"
#include "arch/arm64/vm_layout.h"
#include "kern/device.h"
#include "kern/host.h"
#include "kern/bootargs.h"
#include "kern/bootstrap.h"
#include "kern/bootvol.h"
#include "kern/clock.h"
#include "kern/console.h"
#include "kern/kprintf.h"
#include "kern/panic.h"
#include "kern/platform.h"
#include "kern/random.h"
#include "kern/sched.h"
#include "kern/virtio_probe.h"
#include "vm/vm_kern.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"
#include "vm/vm_selftest.h"

#define TIMER_HZ   100
#define BOOT_TICKS 10

/* boot.S maps the first 5 GiB of physical space; the device tree must lie below. */
#define BOOT_MAP_LIMIT_PA 0x140000000UL
#define DTB_MAX_SIZE      (2UL << 20)

void kernel_main(paddr_t dtb_pa);

static struct platform platform;
static bool halt_on_panic;

void panic_halt_machine(void)
{
	if (!halt_on_panic) {
		kprintf("powering off\n");
		psci_system_off();
	}
	kprintf("halted (panic=halt)\n");
	for (;;)
		wfi();
}

static void read_device_tree(paddr_t dtb_pa)
{
	if (dtb_pa == 0 || dtb_pa < RAM_BASE_PA || dtb_pa >= BOOT_MAP_LIMIT_PA)
		panic("no usable device tree: the boot loader passed 0x%lx in x0", dtb_pa);
	size_t max = BOOT_MAP_LIMIT_PA - dtb_pa;
	if (max > DTB_MAX_SIZE)
		max = DTB_MAX_SIZE;
	if (platform_from_fdt(&platform, phys_to_kva(dtb_pa), max) != PLATFORM_OK)
		panic("device tree: %s", platform_error(&platform));
	for (unsigned i = 0; i < platform.nmemory; i++)
		if (platform.memory[i].base < RAM_BASE_PA ||
		    platform.memory[i].base + platform.memory[i].size > BOOT_MAP_LIMIT_PA)
			panic("memory 0x%lx+0x%lx is outside what this kernel supports "
			      "(RAM from 1 GiB up to 4 GiB on QEMU virt)",
			      platform.memory[i].base, platform.memory[i].size);
}

static paddr_t alloc_table_page(void)
{
	paddr_t pa = vm_phys_alloc(0);

	if (pa == VM_PAGE_NONE)
		panic("pmap: out of memory for translation tables");
	return pa;
}

static void memory_init(paddr_t dtb_pa)
{
	struct vm_phys_range ram[PLATFORM_MAX_MEMORY];
	struct vm_phys_range reserved[VM_PHYS_MAX_RESERVED];
	unsigned nreserved = 0;
	uint64_t total = 0;

	for (unsigned i = 0; i < platform.nmemory; i++) {
		ram[i].start = platform.memory[i].base;
		ram[i].end = platform.memory[i].base + platform.memory[i].size;
		total += platform.memory[i].size;
		kprintf("memory: %lu MiB at 0x%lx-0x%lx\n", platform.memory[i].size >> 20,
		        ram[i].start, ram[i].end);
	}
	reserved[nreserved++] = (struct vm_phys_range){dtb_pa, dtb_pa + platform.fdt.totalsize};
	if (platform.has_initrd && platform.initrd_end > platform.initrd_start)
		reserved[nreserved++] =
		    (struct vm_phys_range){platform.initrd_start, platform.initrd_end};
	for (unsigned i = 0; i < platform.nreserved && nreserved < VM_PHYS_MAX_RESERVED; i++)
		reserved[nreserved++] =
		    (struct vm_phys_range){platform.reserved[i].base,
		                           platform.reserved[i].base + platform.reserved[i].size};

	vm_phys_bootstrap(ram, platform.nmemory, reserved, nreserved);
	pmap_bootstrap_begin(alloc_table_page);
	for (unsigned i = 0; i < platform.nmemory; i++)
		pmap_bootstrap_map_ram(ram[i].start, ram[i].end);
	pmap_bootstrap_activate();
	vm_kern_bootstrap();
	kprintf("memory: %lu MiB total, %lu KiB kernel image, %zu pages free, "
	        "%u translation table pages\n",
	        total >> 20, (uint64_t)(_kernel_end - _kernel_start) >> 10, vm_phys_free_pages(),
	        pmap_bootstrap_table_pages());
}

static void interrupts_init(void)
{
	if (platform.gic.version == 3) {
		if (platform.gic.nredist == 0)
			panic("device tree: GICv3 without a redistributor region");
		gic_init_v3(platform.gic.dist.base, platform.gic.redist[0].base);
	} else {
		gic_init_v2(platform.gic.dist.base, platform.gic.cpuif.base);
	}
	kprintf("gic: %s, distributor at 0x%lx\n", gic_name(), platform.gic.dist.base);

	timer_init(platform.timer.virt, TIMER_HZ);
	irq_enable();
	uint64_t start = timer_nanoseconds();
	while (timer_ticks() < BOOT_TICKS)
		wfi();
	uint64_t elapsed = timer_nanoseconds() - start;
	kprintf("timer: %lu Hz counter, %u ticks at %u Hz in %lu ms (virtual timer, INTID %u)\n",
	        timer_frequency(), BOOT_TICKS, TIMER_HZ, elapsed / 1000000, platform.timer.virt);
}

/* Deliberate faults for the guest tests (boot argument test.fault=KIND). */
static void __attribute__((noinline)) test_fault_trigger(const char *kind, size_t len)
{
	if (len == 4 && __builtin_memcmp(kind, "data", 4) == 0) {
		kprintf("test: reading through a null pointer\n");
		(void)*(volatile uint64_t *)0;
	} else if (len == 5 && __builtin_memcmp(kind, "undef", 5) == 0) {
		kprintf("test: executing an undefined instruction\n");
		__asm__ volatile("udf #0");
	} else if (len == 5 && __builtin_memcmp(kind, "panic", 5) == 0) {
		panic("test: panic requested by boot argument");
	} else {
		kprintf("test: unknown test.fault kind '%.*s'\n", (int)len, kind);
	}
}

void kernel_main(paddr_t dtb_pa)
{
	const char *value;
	size_t value_len;

	console_early_init();
	sched_bootstrap();
	kprintf("\nTessera kernel (AArch64), booting\n");
	read_device_tree(dtb_pa);
	console_init((uintptr_t)phys_to_kva(platform.uart.reg.base));
	psci_init(platform.psci_method == PLATFORM_PSCI_SMC);
	halt_on_panic = bootargs_equal(platform.bootargs, platform.bootargs_len, "panic", "halt");
	kprintf("boot: %u CPU(s), device tree at 0x%lx (%u bytes), arguments \"%.*s\"\n",
	        platform.ncpus, dtb_pa, platform.fdt.totalsize, (int)platform.bootargs_len,
	        platform.bootargs ? platform.bootargs : "");
	kprintf("uart: PL011 at 0x%lx, INTID %u\n", platform.uart.reg.base, platform.uart.intid);

	memory_init(dtb_pa);
	interrupts_init();
	random_init(&platform);
	virtio_probe(&platform);
	bootvol_init(&platform);

	/* Before any task exists: for a moment it takes every free page. */
	if (bootargs_equal(platform.bootargs, platform.bootargs_len, "test.vm", "1"))
		vm_selftest();

	if (bootargs_lookup(platform.bootargs, platform.bootargs_len, "test.fault", &value,
	                    &value_len))
		test_fault_trigger(value, value_len);

	if (platform.psci_method == PLATFORM_PSCI_NONE)
		panic("device tree has no PSCI node: the machine could not be powered off");
	host_init(&platform);
	clock_init(&platform);
	device_init(&platform);
	struct thread *bootstrap_thread = bootstrap_start(&platform);
	if (bootstrap_thread) {
		kprintf("boot complete: running the bootstrap task\n");
		thread_start(bootstrap_thread);
		sched_start();
	}
	kprintf("boot complete: no bootstrap task, powering off\n");
	psci_system_off();
}
