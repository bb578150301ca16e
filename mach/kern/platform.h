/*
 * The machine as the kernel needs to know it, read once at boot from the
 * device tree the boot loader passes in x0: RAM, reserved RAM, the GIC, the
 * generic timer, the console UART, virtio-mmio slots, PSCI, the command line,
 * the initrd and the boot loader's random seeds.
 *
 * platform_from_fdt fills a caller-owned struct platform. It allocates
 * nothing and keeps pointers into the blob (bootargs, fdt), so the blob must
 * stay mapped and unchanged while the struct is in use. Call it once, before
 * anything else reads the struct; afterwards the struct is read-only.
 *
 * All addresses are CPU physical addresses (bus "ranges" applied). Interrupts
 * are GIC INTIDs: SPI n is 32 + n, PPI n is 16 + n. Nodes whose "status" is
 * neither "okay" nor absent are ignored, and so are zero-sized memory and
 * reserved ranges.
 */
#ifndef KERN_PLATFORM_H
#define KERN_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libkern/fdt.h"

#define PLATFORM_MAX_MEMORY   8
#define PLATFORM_MAX_RESERVED 16
#define PLATFORM_MAX_REDIST   4
#define PLATFORM_MAX_VIRTIO   64
#define PLATFORM_MESSAGE_SIZE 160

/* Results of platform_from_fdt; platform_error() says which node or property. */
enum platform_result {
	PLATFORM_OK = 0,
	PLATFORM_EBLOB,      /* the blob failed validation (fdt_open) */
	PLATFORM_EMISSING,   /* a mandatory node or property is absent */
	PLATFORM_EMALFORMED, /* a node or property does not have the expected shape */
	PLATFORM_ETOOMANY,   /* more entries than the fixed tables below hold */
	PLATFORM_ENOTFOUND,  /* platform_find_device: no such device */
};

struct platform_range {
	uint64_t base;
	uint64_t size;
};

/* A memory-mapped device with one interrupt. */
struct platform_device {
	int node;                  /* its node in platform.fdt */
	struct platform_range reg; /* first "reg" entry */
	uint32_t intid;            /* first "interrupts" entry */
};

struct platform_gic {
	int node;                                          /* its node in platform.fdt */
	unsigned version;                                  /* 2 (GICv2 / GIC-400) or 3 */
	struct platform_range dist;                        /* distributor */
	struct platform_range cpuif;                       /* CPU interface; GICv2 only */
	struct platform_range redist[PLATFORM_MAX_REDIST]; /* GICv3 only */
	unsigned nredist;                                  /* redistributor regions; 0 for GICv2 */
};

/* Generic timer interrupts, in the binding's order. */
struct platform_timer {
	int node;          /* its node in platform.fdt */
	uint32_t sec_phys; /* secure EL1 physical timer */
	uint32_t phys;     /* non-secure EL1 physical timer */
	uint32_t virt;     /* virtual timer */
	uint32_t hyp_phys; /* EL2 physical timer */
	bool always_on;    /* counter keeps running in low-power states */
};

enum platform_psci_method {
	PLATFORM_PSCI_NONE = 0, /* no PSCI node: secondary CPUs cannot be started */
	PLATFORM_PSCI_HVC,
	PLATFORM_PSCI_SMC,
};

struct platform {
	struct fdt fdt; /* the validated blob, for lookups beyond this struct */

	struct platform_range memory[PLATFORM_MAX_MEMORY]; /* RAM, in tree order */
	unsigned nmemory;
	/* Memory reservation block entries, then /reserved-memory children with "reg". */
	struct platform_range reserved[PLATFORM_MAX_RESERVED];
	unsigned nreserved;

	struct platform_gic gic;
	struct platform_timer timer;
	/* The PL011 /chosen's stdout-path names, or else the first PL011. */
	struct platform_device uart;
	struct platform_device virtio[PLATFORM_MAX_VIRTIO]; /* virtio-mmio slots, in tree order */
	unsigned nvirtio;

	enum platform_psci_method psci_method;
	/* PSCI_VERSION (major << 16 | minor) that "compatible" promises; 0x1 for "arm,psci" */
	uint32_t psci_version;

	const char *bootargs;  /* /chosen bootargs in the blob, NUL-terminated; or NULL */
	size_t bootargs_len;   /* without the NUL */
	bool has_initrd;       /* /chosen has linux,initrd-start and -end */
	uint64_t initrd_start; /* physical, inclusive */
	uint64_t initrd_end;   /* physical, exclusive */
	unsigned ncpus;        /* /cpus children with device_type "cpu"; 0 if none listed */

	/* /chosen rng-seed and kaslr-seed in the blob, or NULL and 0; kern/random.c wipes them. */
	const uint8_t *rng_seed;
	uint32_t rng_seed_len;
	const uint8_t *kaslr_seed;
	uint32_t kaslr_seed_len;

	enum platform_result error;          /* what platform_from_fdt returned */
	char message[PLATFORM_MESSAGE_SIZE]; /* see platform_error() */
};

/*
 * Fills *p from the DTB at 'blob', reading at most 'max' bytes. Memory, the
 * GIC, the timer and a PL011 are mandatory; everything else may be absent.
 * Returns PLATFORM_OK, or a PLATFORM_E* code with platform_error(p) naming what was
 * missing or malformed; then only that message is meaningful.
 */
int platform_from_fdt(struct platform *p, const void *blob, size_t max);

/*
 * The `index`th enabled node compatible with `compat` (in tree order), as a
 * device: its first register range and first interrupt. 0, or
 * PLATFORM_ENOTFOUND when there are not that many, or another PLATFORM_E*
 * code with p->message saying what is malformed. Needs p filled in by
 * platform_from_fdt; writes only p->error and p->message.
 */
int platform_find_device(struct platform *p, const char *compat, unsigned index,
                         struct platform_device *d);

/* The message for p->error: one line, no trailing newline; "" after success. */
const char *platform_error(const struct platform *p);

#endif /* KERN_PLATFORM_H */
