/*
 * Reading the platform description out of the device tree. See platform.h.
 *
 * Each find_* function fills one part of struct platform and returns 0 or,
 * through fail(), an error whose message names the node and property at
 * fault. fdt_open has validated the structure block, so the walks below
 * only end, never fail; properties are still checked one by one.
 */
#include <string.h>

#include "kern/platform.h"

/* Interrupt specifier types of the GIC binding. */
#define GIC_SPI 0
#define GIC_PPI 1

/* Bounds the interrupt-parent chain, which phandles could make circular. */
#define MAX_INTERRUPT_HOPS FDT_MAX_DEPTH

static const char *const gic_compat[] = {"arm,gic-v3", "arm,gic-400", "arm,cortex-a15-gic", NULL};
static const char *const timer_compat[] = {"arm,armv8-timer", "arm,armv7-timer", NULL};
static const char *const uart_compat[] = {"arm,pl011", NULL};
static const char *const virtio_compat[] = {"virtio,mmio", NULL};
/* Newest first; psci_versions[i] is the PSCI_VERSION that psci_compat[i] promises. */
static const char *const psci_compat[] = {"arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL};
static const uint32_t psci_versions[] = {0x10000, 0x2, 0x1};

/* Appends s to the message, truncating at the end of the buffer. */
static void say(struct platform *p, const char *s)
{
	size_t used = strlen(p->message);
	size_t room = sizeof(p->message) - 1 - used;
	size_t n = strlen(s);

	if (n > room)
		n = room;

	memcpy(p->message + used, s, n);
	p->message[used + n] = '\0';
}

static void say_num(struct platform *p, uint64_t v)
{
	char buf[21];
	char *d = buf + sizeof(buf) - 1;

	*d = '\0';
	do {
		*--d = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	say(p, d);
}

static void say_node(struct platform *p, int node)
{
	char path[PLATFORM_MESSAGE_SIZE];
	const char *name;

	if (fdt_get_path(&p->fdt, node, path, sizeof(path)) >= 0) {
		say(p, path);
		return;
	}
	name = fdt_node_name(&p->fdt, node);
	say(p, name != NULL ? name : "(unknown node)");
}

static int fail(struct platform *p, enum platform_result err)
{
	p->error = err;
	return err;
}

/* "<node>: missing <what>", or "<node>: <what>: <reason>" for a malformed one. */
static int bad(struct platform *p, int node, const char *what, int fdt_err)
{
	say_node(p, node);
	if (fdt_err == -FDT_ERR_NOTFOUND) {
		say(p, ": missing ");
		say(p, what);
		return fail(p, PLATFORM_EMISSING);
	}
	say(p, ": ");
	say(p, what);
	say(p, ": ");
	say(p, fdt_strerror(fdt_err));
	return fail(p, PLATFORM_EMALFORMED);
}

/* "<node>: <prop> needs <need> entries<why> but has <have>" */
static int too_few(struct platform *p, int node, const char *prop, uint32_t have, uint32_t need,
                   const char *why)
{
	say_node(p, node);
	say(p, ": ");
	say(p, prop);
	say(p, " needs ");
	say_num(p, need);
	say(p, need == 1 ? " entry" : " entries");
	say(p, why);
	say(p, " but has ");
	say_num(p, have);
	return fail(p, PLATFORM_EMALFORMED);
}

static int too_many(struct platform *p, unsigned max, const char *what)
{
	say(p, "device tree has more than ");
	say_num(p, max);
	say(p, " ");
	say(p, what);
	return fail(p, PLATFORM_ETOOMANY);
}

/* The first enabled node after 'after' compatible with any string in 'compat'. */
static int next_match(const struct fdt *f, int after, const char *const *compat)
{
	int node, i;

	for (node = fdt_next_node(f, after, NULL); node >= 0; node = fdt_next_node(f, node, NULL)) {
		if (!fdt_node_enabled(f, node))
			continue;
		for (i = 0; compat[i] != NULL; i++)
			if (fdt_node_is_compatible(f, node, compat[i]) == 1)
				return node;
	}
	return node;
}

static bool has_device_type(const struct fdt *f, int node, const char *type)
{
	const char *s;

	return fdt_getprop_string(f, node, "device_type", &s) >= 0 && strcmp(s, type) == 0;
}

/* Entry 'index' of node's reg as a CPU physical range that does not wrap. */
static int get_reg(struct platform *p, int node, uint32_t index, struct platform_range *r)
{
	int err = fdt_reg_phys(&p->fdt, node, index, &r->base, &r->size);

	if (err < 0)
		return bad(p, node, "reg", err);
	if (r->size != 0 && r->base + (r->size - 1) < r->base) {
		say_node(p, node);
		say(p, ": reg entry ");
		say_num(p, index);
		say(p, " runs past the end of the address space");
		return fail(p, PLATFORM_EMALFORMED);
	}
	return 0;
}

/* Appends node's non-empty reg entries to table t, which holds n of max. */
static int add_regs(struct platform *p, int node, struct platform_range *t, unsigned *n,
                    unsigned max, const char *what)
{
	struct platform_range r;
	int count, i, err;

	count = fdt_reg_count(&p->fdt, node);
	if (count < 0)
		return bad(p, node, "reg", count);
	for (i = 0; i < count; i++) {
		err = get_reg(p, node, (uint32_t)i, &r);
		if (err != 0)
			return err;
		if (r.size == 0)
			continue;
		if (*n == max)
			return too_many(p, max, what);
		t[(*n)++] = r;
	}
	return 0;
}

/*
 * The interrupt controller that 'node' reports to: follow interrupt-parent,
 * or else the tree parent, until a node with #interrupt-cells.
 */
static int interrupt_parent(const struct fdt *f, int node)
{
	const void *v;
	uint32_t phandle, len;
	int hop, err;

	for (hop = 0; hop < MAX_INTERRUPT_HOPS; hop++) {
		err = fdt_getprop_u32(f, node, "interrupt-parent", &phandle);
		if (err == 0)
			node = fdt_find_phandle(f, phandle);
		else if (err == -FDT_ERR_NOTFOUND)
			node = fdt_parent(f, node);
		else
			return err;
		if (node < 0)
			return node;
		if (fdt_getprop(f, node, "#interrupt-cells", &v, &len) == 0)
			return node;
	}
	return -FDT_ERR_BADVALUE;
}

/* Entry 'index' of node's interrupts, which must go to the GIC, as an INTID. */
static int get_intid(struct platform *p, int node, uint32_t index, uint32_t *intid)
{
	const struct fdt *f = &p->fdt;
	const uint8_t *spec;
	const void *data;
	uint32_t len, ncells, count, type, num;
	int parent, err;

	parent = interrupt_parent(f, node);
	if (parent != p->gic.node) {
		say_node(p, node);
		say(p, ": interrupts are not routed to the GIC ");
		say_node(p, p->gic.node);
		return fail(p, PLATFORM_EMALFORMED);
	}
	err = fdt_getprop_u32(f, parent, "#interrupt-cells", &ncells);
	if (err < 0 || ncells < 3 || ncells > 4)
		return bad(p, parent, "#interrupt-cells (must be 3 or 4)",
		           err < 0 ? err : -FDT_ERR_BADVALUE);
	err = fdt_getprop(f, node, "interrupts", &data, &len);
	if (err < 0)
		return bad(p, node, "interrupts", err);
	if (len % (4 * ncells) != 0)
		return bad(p, node, "interrupts", -FDT_ERR_BADVALUE);
	count = len / (4 * ncells);
	if (index >= count)
		return too_few(p, node, "interrupts", count, index + 1, "");
	spec = (const uint8_t *)data + (size_t)index * 4 * ncells;
	type = fdt_be32(spec);
	num = fdt_be32(spec + 4);
	if (type == GIC_SPI && num < 988) {
		*intid = 32 + num;
	} else if (type == GIC_PPI && num < 16) {
		*intid = 16 + num;
	} else {
		say_node(p, node);
		say(p, ": interrupts entry ");
		say_num(p, index);
		say(p, " is neither an SPI (type 0, 0-987) nor a PPI (type 1, 0-15)");
		return fail(p, PLATFORM_EMALFORMED);
	}
	return 0;
}

/* A device's first reg entry and first interrupt. */
static int get_device(struct platform *p, int node, struct platform_device *d)
{
	int err;

	d->node = node;
	err = get_reg(p, node, 0, &d->reg);
	if (err != 0)
		return err;
	return get_intid(p, node, 0, &d->intid);
}

static int find_memory(struct platform *p)
{
	const struct fdt *f = &p->fdt;
	int node, err;

	for (node = f->root; node >= 0; node = fdt_next_node(f, node, NULL)) {
		if (!has_device_type(f, node, "memory") || !fdt_node_enabled(f, node))
			continue;
		err =
		    add_regs(p, node, p->memory, &p->nmemory, PLATFORM_MAX_MEMORY, "memory ranges");
		if (err != 0)
			return err;
	}
	if (p->nmemory == 0) {
		say(p,
		    "device tree has no memory node (device_type \"memory\" with a non-empty reg)");
		return fail(p, PLATFORM_EMISSING);
	}
	return 0;
}

/*
 * Reservation block entries and /reserved-memory children with a reg.
 * Children with only a size ask the OS to allocate a pool; none is fixed.
 */
static int find_reserved(struct platform *p)
{
	const struct fdt *f = &p->fdt;
	struct platform_range r;
	uint32_t i;
	int parent, node, err;

	for (i = 0; i < f->nrsv; i++) {
		fdt_rsv(f, i, &r.base, &r.size);
		if (r.size == 0)
			continue;
		if (p->nreserved == PLATFORM_MAX_RESERVED)
			return too_many(p, PLATFORM_MAX_RESERVED, "reserved memory ranges");
		p->reserved[p->nreserved++] = r;
	}
	parent = fdt_path(f, "/reserved-memory");
	if (parent < 0)
		return 0;
	for (node = fdt_first_child(f, parent); node >= 0; node = fdt_next_sibling(f, node)) {
		if (!fdt_node_enabled(f, node) || fdt_reg_count(f, node) == -FDT_ERR_NOTFOUND)
			continue;
		err = add_regs(p, node, p->reserved, &p->nreserved, PLATFORM_MAX_RESERVED,
		               "reserved memory ranges");
		if (err != 0)
			return err;
	}
	return 0;
}

static int find_gic(struct platform *p)
{
	const struct fdt *f = &p->fdt;
	struct platform_gic *g = &p->gic;
	uint32_t nredist = 0, need, i;
	int node, count, err;

	node = next_match(f, -1, gic_compat);
	if (node < 0) {
		say(p, "device tree has no interrupt controller (compatible \"arm,gic-v3\", "
		       "\"arm,gic-400\" or \"arm,cortex-a15-gic\")");
		return fail(p, PLATFORM_EMISSING);
	}
	g->node = node;
	g->version = fdt_node_is_compatible(f, node, "arm,gic-v3") == 1 ? 3 : 2;
	if (g->version == 3) {
		err = fdt_getprop_u32(f, node, "#redistributor-regions", &nredist);
		if (err == -FDT_ERR_NOTFOUND)
			nredist = 1;
		else if (err < 0 || nredist < 1 || nredist > PLATFORM_MAX_REDIST)
			return bad(p, node, "#redistributor-regions (must be 1 to 4)",
			           err < 0 ? err : -FDT_ERR_BADVALUE);
	}
	need = 1 + (g->version == 3 ? nredist : 1);
	count = fdt_reg_count(f, node);
	if (count < 0)
		return bad(p, node, "reg", count);
	if ((uint32_t)count < need)
		return too_few(p, node, "reg", (uint32_t)count, need,
		               g->version == 3 ? " (distributor, redistributors)"
		                               : " (distributor, CPU interface)");
	err = get_reg(p, node, 0, &g->dist);
	if (err != 0)
		return err;
	if (g->version == 2)
		return get_reg(p, node, 1, &g->cpuif);
	for (i = 0; i < nredist; i++) {
		err = get_reg(p, node, 1 + i, &g->redist[i]);
		if (err != 0)
			return err;
	}
	g->nredist = nredist;
	return 0;
}

static int find_timer(struct platform *p)
{
	const struct fdt *f = &p->fdt;
	struct platform_timer *t = &p->timer;
	const void *v;
	uint32_t len;
	int node, err;

	node = next_match(f, -1, timer_compat);
	if (node < 0) {
		say(p, "device tree has no timer node (compatible \"arm,armv8-timer\" or "
		       "\"arm,armv7-timer\")");
		return fail(p, PLATFORM_EMISSING);
	}
	t->node = node;
	if ((err = get_intid(p, node, 0, &t->sec_phys)) != 0 ||
	    (err = get_intid(p, node, 1, &t->phys)) != 0 ||
	    (err = get_intid(p, node, 2, &t->virt)) != 0 ||
	    (err = get_intid(p, node, 3, &t->hyp_phys)) != 0)
		return err;
	t->always_on = fdt_getprop(f, node, "always-on", &v, &len) == 0;
	return 0;
}

/* The node stdout-path names ("serial0:115200n8", "/pl011@9000000"), if a usable PL011. */
static int stdout_uart(const struct fdt *f)
{
	const char *path, *colon;
	int chosen, len, node;

	chosen = fdt_path(f, "/chosen");
	if (chosen < 0)
		return chosen;
	len = fdt_getprop_string(f, chosen, "stdout-path", &path);
	if (len < 0)
		return len;
	colon = memchr(path, ':', (size_t)len);
	node = fdt_path_len(f, path, colon != NULL ? (size_t)(colon - path) : (size_t)len);
	if (node < 0)
		return node;
	if (fdt_node_is_compatible(f, node, "arm,pl011") != 1 || !fdt_node_enabled(f, node))
		return -FDT_ERR_NOTFOUND;
	return node;
}

/*
 * The console. When stdout-path names no usable PL011 the first PL011 still
 * gives the kernel somewhere to print why it is unhappy.
 */
static int find_uart(struct platform *p)
{
	int node = stdout_uart(&p->fdt);

	if (node < 0)
		node = next_match(&p->fdt, -1, uart_compat);
	if (node < 0) {
		say(p, "device tree has no UART (compatible \"arm,pl011\")");
		return fail(p, PLATFORM_EMISSING);
	}
	return get_device(p, node, &p->uart);
}

static int find_virtio(struct platform *p)
{
	int node, err;

	for (node = next_match(&p->fdt, -1, virtio_compat); node >= 0;
	     node = next_match(&p->fdt, node, virtio_compat)) {
		if (p->nvirtio == PLATFORM_MAX_VIRTIO)
			return too_many(p, PLATFORM_MAX_VIRTIO, "virtio,mmio nodes");
		err = get_device(p, node, &p->virtio[p->nvirtio]);
		if (err != 0)
			return err;
		p->nvirtio++;
	}
	return 0;
}

static int find_psci(struct platform *p)
{
	const struct fdt *f = &p->fdt;
	const char *method;
	int node, i, err;

	node = next_match(f, -1, psci_compat);
	if (node < 0)
		return 0;
	for (i = 0; psci_compat[i] != NULL; i++) {
		if (fdt_node_is_compatible(f, node, psci_compat[i]) == 1) {
			p->psci_version = psci_versions[i];
			break;
		}
	}
	err = fdt_getprop_string(f, node, "method", &method);
	if (err < 0)
		return bad(p, node, "method", err);
	if (strcmp(method, "hvc") == 0) {
		p->psci_method = PLATFORM_PSCI_HVC;
	} else if (strcmp(method, "smc") == 0) {
		p->psci_method = PLATFORM_PSCI_SMC;
	} else {
		say_node(p, node);
		say(p, ": method is neither \"hvc\" nor \"smc\"");
		return fail(p, PLATFORM_EMALFORMED);
	}
	return 0;
}

/* A /chosen address of one or two cells; *found says whether it is there. */
static int chosen_addr(struct platform *p, int chosen, const char *name, uint64_t *v, bool *found)
{
	const void *data;
	uint32_t len;
	int err;

	err = fdt_getprop(&p->fdt, chosen, name, &data, &len);
	*found = err == 0;
	if (err == -FDT_ERR_NOTFOUND)
		return 0;
	if (err < 0 || (len != 4 && len != 8))
		return bad(p, chosen, name, err < 0 ? err : -FDT_ERR_BADVALUE);
	fdt_read_cells(data, len / 4, v);
	return 0;
}

/* A /chosen seed of any length (QEMU gives 32 bytes of rng-seed, 8 of kaslr-seed); absent is fine.
 */
static int find_seed(struct platform *p, int chosen, const char *name, const uint8_t **seed,
                     uint32_t *len)
{
	const void *data;
	int err = fdt_getprop(&p->fdt, chosen, name, &data, len);

	if (err == -FDT_ERR_NOTFOUND) {
		*len = 0;
		return 0;
	}
	if (err < 0)
		return bad(p, chosen, name, err);
	*seed = *len ? data : NULL;
	return 0;
}

static int find_chosen(struct platform *p)
{
	const struct fdt *f = &p->fdt;
	bool has_start, has_end;
	int chosen, len, err;

	chosen = fdt_path(f, "/chosen");
	if (chosen < 0)
		return 0;
	len = fdt_getprop_string(f, chosen, "bootargs", &p->bootargs);
	if (len >= 0)
		p->bootargs_len = (size_t)len;
	else if (len != -FDT_ERR_NOTFOUND)
		return bad(p, chosen, "bootargs", len);

	err = chosen_addr(p, chosen, "linux,initrd-start", &p->initrd_start, &has_start);
	if (err != 0)
		return err;
	err = chosen_addr(p, chosen, "linux,initrd-end", &p->initrd_end, &has_end);
	if (err != 0)
		return err;
	if (has_start != has_end)
		return bad(p, chosen, has_start ? "linux,initrd-end" : "linux,initrd-start",
		           -FDT_ERR_NOTFOUND);
	if (has_start && p->initrd_end < p->initrd_start) {
		say_node(p, chosen);
		say(p, ": linux,initrd-end is below linux,initrd-start");
		return fail(p, PLATFORM_EMALFORMED);
	}
	p->has_initrd = has_start;
	err = find_seed(p, chosen, "rng-seed", &p->rng_seed, &p->rng_seed_len);
	if (err != 0)
		return err;
	return find_seed(p, chosen, "kaslr-seed", &p->kaslr_seed, &p->kaslr_seed_len);
}

static void count_cpus(struct platform *p)
{
	const struct fdt *f = &p->fdt;
	int cpus, node;

	cpus = fdt_path(f, "/cpus");
	if (cpus < 0)
		return;
	for (node = fdt_first_child(f, cpus); node >= 0; node = fdt_next_sibling(f, node))
		if (has_device_type(f, node, "cpu"))
			p->ncpus++;
}

int platform_from_fdt(struct platform *p, const void *blob, size_t max)
{
	int err;

	memset(p, 0, sizeof(*p));
	err = fdt_open(&p->fdt, blob, max);
	if (err < 0) {
		say(p, "device tree blob is invalid: ");
		say(p, fdt_strerror(err));
		return fail(p, PLATFORM_EBLOB);
	}
	/* The GIC comes before every device whose interrupts refer to it. */
	if ((err = find_memory(p)) != 0 || (err = find_reserved(p)) != 0 ||
	    (err = find_gic(p)) != 0 || (err = find_timer(p)) != 0 || (err = find_uart(p)) != 0 ||
	    (err = find_virtio(p)) != 0 || (err = find_psci(p)) != 0 || (err = find_chosen(p)) != 0)
		return err;
	count_cpus(p);
	return PLATFORM_OK;
}

const char *platform_error(const struct platform *p)
{
	return p->message;
}

int platform_find_device(struct platform *p, const char *compat, unsigned index,
                         struct platform_device *d)
{
	const char *const compats[] = {compat, NULL};
	int node = -1;

	p->error = PLATFORM_OK;
	p->message[0] = '\0';
	for (unsigned seen = 0;;) {
		node = next_match(&p->fdt, node, compats);
		if (node < 0)
			return PLATFORM_ENOTFOUND;
		if (seen++ == index)
			return get_device(p, node, d);
	}
}
