/*
 * Host tests for the device tree reader's interface (mach/libkern/fdt.c),
 * on the board fixture (board.dtsi), its version 16 encoding, and QEMU's
 * own virt tree.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libkern/fdt.h"
#include "blob.h"

#define DIR "tests/host/fdt/"

/* Nodes in board.dtsi, counting the root. */
#define BOARD_NODES 26

static struct fdt f;

static void *open_blob(const char *file)
{
	size_t size;
	void *blob = load_blob(file, &size);

	CHECK_EQ(fdt_open(&f, blob, size), 0);
	return blob;
}

static int path(const char *p)
{
	int node = fdt_path(&f, p);

	if (node < 0)
		fprintf(stderr, "%s: %s\n", p, fdt_strerror(node));
	CHECK(node >= 0);
	return node;
}

static void check_path_of(int node, const char *want)
{
	char buf[128];

	CHECK_EQ(fdt_get_path(&f, node, buf, sizeof(buf)), strlen(want));
	CHECK_STR(buf, want);
}

static void test_header(void)
{
	uint64_t base, size;

	CHECK_EQ(f.nrsv, 2);
	CHECK_EQ(fdt_rsv(&f, 0, &base, &size), 0);
	CHECK_EQ(base, 0x80000000);
	CHECK_EQ(size, 0x10000);
	CHECK_EQ(fdt_rsv(&f, 1, &base, &size), 0);
	CHECK_EQ(base, 0x80100000);
	CHECK_EQ(size, 0x2000);
	CHECK_EQ(fdt_rsv(&f, 2, &base, &size), -FDT_ERR_NOTFOUND);
	CHECK_EQ(f.boot_cpuid, 0);
}

static void test_paths(void)
{
	int soc = path("/soc");

	CHECK_EQ(path("/"), f.root);
	CHECK_STR(fdt_node_name(&f, f.root), "");
	check_path_of(f.root, "/");
	check_path_of(path("/chosen"), "/chosen");

	/* Without a unit address a component matches the first node of that name. */
	check_path_of(path("/memory"), "/memory@80000000");
	check_path_of(path("/memory@f0000000"), "/memory@f0000000");
	check_path_of(path("/soc/serial"), "/soc/serial@1000");
	check_path_of(path("//soc//serial@2000/"), "/soc/serial@2000");
	CHECK_EQ(fdt_path(&f, "/memory@1"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path(&f, "/mem"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path(&f, "/soc/serial@2000/x"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path(&f, ""), -FDT_ERR_NOTFOUND);

	/* Aliases: one from a label reference, one written as a path string. */
	check_path_of(path("serial0"), "/soc/serial@1000");
	check_path_of(path("serial1"), "/soc/serial@2000");
	CHECK_EQ(fdt_path(&f, "serial2"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path(&f, "serial1/x"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_len(&f, "serial1:115200n8", 7), path("/soc/serial@2000"));
	CHECK_EQ(fdt_path_len(&f, "/chosen:junk", 7), path("/chosen"));

	CHECK_EQ(fdt_parent(&f, f.root), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_parent(&f, path("/soc/serial@2000")), soc);
	CHECK_EQ(fdt_parent(&f, soc), f.root);
	CHECK_EQ(fdt_parent(&f, path("/cpus/cpu-map/cluster0/core0")),
	         path("/cpus/cpu-map/cluster0"));
}

static void test_get_path_space(void)
{
	static const char want[] = "/cpus/cpu-map/cluster0/core0";
	int node = path(want);
	char buf[sizeof(want)];

	CHECK_EQ(fdt_get_path(&f, node, buf, sizeof(buf)), strlen(want));
	CHECK_STR(buf, want);
	CHECK_EQ(fdt_get_path(&f, node, buf, sizeof(buf) - 1), -FDT_ERR_NOSPACE);
	CHECK_EQ(fdt_get_path(&f, f.root, buf, 1), -FDT_ERR_NOSPACE);
	CHECK_EQ(fdt_get_path(&f, f.root, buf, 2), 1);
}

/* Counts the nodes below 'node' through the child and sibling links. */
static int count_subtree(int node)
{
	int n = 1, child;

	for (child = fdt_first_child(&f, node); child >= 0; child = fdt_next_sibling(&f, child))
		n += count_subtree(child);
	CHECK_EQ(child, -FDT_ERR_NOTFOUND);
	return n;
}

static void test_walks(void)
{
	static const char *const cpus[] = {"cpu-map", "cpu@0", "cpu@1", "cpu@2"};
	int node, depth = 0, max_depth = 0, n = 0, i = 0;

	for (node = fdt_next_node(&f, -1, &depth); node >= 0;
	     node = fdt_next_node(&f, node, &depth)) {
		n++;
		CHECK(depth >= 0);
		if (depth > max_depth)
			max_depth = depth;
	}
	CHECK_EQ(node, -FDT_ERR_NOTFOUND);
	CHECK_EQ(n, BOARD_NODES);
	CHECK_EQ(max_depth, 4); /* /cpus/cpu-map/cluster0/core0 */
	CHECK_EQ(count_subtree(f.root), BOARD_NODES);

	for (node = fdt_first_child(&f, path("/cpus")); node >= 0;
	     node = fdt_next_sibling(&f, node))
		CHECK_STR(fdt_node_name(&f, node), cpus[i++]);
	CHECK_EQ(i, 4);
	CHECK_EQ(fdt_first_child(&f, path("/chosen")), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_sibling(&f, f.root), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_sibling(&f, path("/soc/virtio@3400")), -FDT_ERR_NOTFOUND);
}

static void test_compatible(void)
{
	static const char *const virtio[] = {"/soc/virtio@3000", "/soc/virtio@3200",
	                                     "/soc/virtio@3400"};
	int node, i = 0;

	/* Status does not matter here: that is the caller's choice. */
	for (node = fdt_next_compatible(&f, -1, "virtio,mmio"); node >= 0;
	     node = fdt_next_compatible(&f, node, "virtio,mmio"))
		CHECK_EQ(node, path(virtio[i++]));
	CHECK_EQ(i, 3);
	CHECK_EQ(fdt_next_compatible(&f, -1, "tessera,test-board"), f.root);
	CHECK_EQ(fdt_next_compatible(&f, -1, "arm,primecell"), path("/soc/serial@1000"));
	CHECK_EQ(fdt_next_compatible(&f, -1, "arm"), -FDT_ERR_NOTFOUND);

	node = path("/soc/serial@1000");
	CHECK_EQ(fdt_node_is_compatible(&f, node, "arm,pl011"), 1);
	CHECK_EQ(fdt_node_is_compatible(&f, node, "arm,primecell"), 1);
	CHECK_EQ(fdt_node_is_compatible(&f, node, "arm,pl01"), 0);
	CHECK_EQ(fdt_node_is_compatible(&f, path("/chosen"), "arm,pl011"), 0);

	CHECK(fdt_node_enabled(&f, path("/soc/virtio@3000")));
	CHECK(!fdt_node_enabled(&f, path("/soc/virtio@3200")));
	CHECK(fdt_node_enabled(&f, path("/soc/virtio@3400")));
	CHECK(!fdt_node_enabled(&f, path("/memory@0")));
}

static void test_stringlist(void)
{
	static const char list[] = "arm,pl011\0arm,primecell"; /* two strings, both ended */

	CHECK(fdt_stringlist_contains(list, sizeof(list), "arm,pl011"));
	CHECK(fdt_stringlist_contains(list, sizeof(list), "arm,primecell"));
	CHECK(!fdt_stringlist_contains(list, sizeof(list), "arm"));
	CHECK(!fdt_stringlist_contains(list, sizeof(list), ""));
	/* The last string loses its NUL: it no longer counts. */
	CHECK(!fdt_stringlist_contains(list, sizeof(list) - 1, "arm,primecell"));
	CHECK(fdt_stringlist_contains(list, sizeof(list) - 1, "arm,pl011"));
	CHECK(!fdt_stringlist_contains(list, 0, "arm,pl011"));
	CHECK(fdt_stringlist_contains("\0", 1, ""));
}

static void test_properties(void)
{
	const void *data;
	const char *s;
	uint32_t len, v;
	int chosen = path("/chosen");

	CHECK_EQ(fdt_getprop(&f, chosen, "bootargs", &data, &len), 0);
	CHECK_EQ(len, sizeof("init=/sbin/init -v"));
	CHECK(memcmp(data, "init=/sbin/init -v", len) == 0);
	CHECK_EQ(fdt_getprop_string(&f, chosen, "stdout-path", &s), strlen("serial1:115200n8"));
	CHECK_STR(s, "serial1:115200n8");
	CHECK_EQ(fdt_getprop(&f, chosen, "bootarg", &data, &len), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_getprop(&f, chosen, "bootargs2", &data, &len), -FDT_ERR_NOTFOUND);

	CHECK_EQ(fdt_getprop_u32(&f, chosen, "linux,initrd-start", &v), 0);
	CHECK_EQ(v, 0x84000000);
	CHECK_EQ(fdt_getprop_u32(&f, chosen, "bootargs", &v), -FDT_ERR_BADVALUE);

	/* Properties belong to their node alone, not to its children. */
	CHECK_EQ(fdt_getprop(&f, f.root, "device_type", &data, &len), -FDT_ERR_NOTFOUND);
	CHECK_EQ(
	    fdt_getprop(&f, path("/soc/interrupt-controller"), "interrupt-controller", &data, &len),
	    0);
	CHECK_EQ(len, 0);
}

static void test_cells(void)
{
	static const uint8_t cells[] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
	uint64_t v = 99;

	CHECK_EQ(fdt_be32(cells), 0x12345678);
	CHECK_EQ(fdt_be32(cells + 1), 0x3456789a);
	CHECK_EQ(fdt_be64(cells), 0x123456789abcdef0ULL);
	CHECK_EQ(fdt_read_cells(cells, 0, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(fdt_read_cells(cells, 1, &v), 0);
	CHECK_EQ(v, 0x12345678);
	CHECK_EQ(fdt_read_cells(cells, 2, &v), 0);
	CHECK_EQ(v, 0x123456789abcdef0ULL);
	CHECK_EQ(fdt_read_cells(cells, 3, &v), -FDT_ERR_BADVALUE);

	CHECK_EQ(fdt_address_cells(&f, f.root), 1);
	CHECK_EQ(fdt_size_cells(&f, f.root), 1);
	CHECK_EQ(fdt_address_cells(&f, path("/cpus")), 1);
	CHECK_EQ(fdt_size_cells(&f, path("/cpus")), 0);
	/* The specification's defaults where a node says nothing. */
	CHECK_EQ(fdt_address_cells(&f, path("/chosen")), 2);
	CHECK_EQ(fdt_size_cells(&f, path("/chosen")), 1);
}

static void test_reg(void)
{
	uint64_t base, size;
	int mem = path("/memory@80000000"), uart = path("/soc/serial@2000");
	int cpu1 = path("/cpus/cpu@1");

	CHECK_EQ(fdt_reg_count(&f, mem), 2);
	CHECK_EQ(fdt_reg(&f, mem, 1, &base, &size), 0);
	CHECK_EQ(base, 0xc0000000);
	CHECK_EQ(size, 0x10000000);
	CHECK_EQ(fdt_reg(&f, mem, 2, &base, &size), -FDT_ERR_NOTFOUND);

	/* The soc bus maps its address 0 to the CPU's 0x3f000000. */
	CHECK_EQ(fdt_reg(&f, uart, 0, &base, &size), 0);
	CHECK_EQ(base, 0x2000);
	CHECK_EQ(size, 0x1000);
	CHECK_EQ(fdt_reg_phys(&f, uart, 0, &base, &size), 0);
	CHECK_EQ(base, 0x3f002000);
	CHECK_EQ(size, 0x1000);

	/* /reserved-memory has an empty ranges: the identity. */
	CHECK_EQ(fdt_reg_phys(&f, path("/reserved-memory/firmware"), 0, &base, &size), 0);
	CHECK_EQ(base, 0x81000000);

	/* /cpus has #size-cells 0 and no ranges: a CPU's reg is an id, not an address. */
	CHECK_EQ(fdt_reg_count(&f, cpu1), 1);
	CHECK_EQ(fdt_reg(&f, cpu1, 0, &base, &size), 0);
	CHECK_EQ(base, 1);
	CHECK_EQ(size, 0);
	CHECK_EQ(fdt_reg_phys(&f, cpu1, 0, &base, &size), -FDT_ERR_NOTRANSLATION);

	CHECK_EQ(fdt_reg_count(&f, path("/chosen")), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_reg_count(&f, f.root), -FDT_ERR_NOTFOUND);
}

static void test_phandles(void)
{
	int gic = path("/soc/interrupt-controller@40000");
	uint32_t phandle;

	CHECK_EQ(fdt_getprop_u32(&f, gic, "phandle", &phandle), 0);
	CHECK_EQ(fdt_find_phandle(&f, phandle), gic);
	CHECK_EQ(fdt_find_phandle(&f, 0), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_find_phandle(&f, 0xffffffff), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_find_phandle(&f, 0x1234), -FDT_ERR_NOTFOUND);
}

static void test_board(const char *file)
{
	void *blob = open_blob(file);

	test_header();
	test_paths();
	test_get_path_space();
	test_walks();
	test_compatible();
	test_properties();
	test_cells();
	test_reg();
	test_phandles();
	free(blob);
}

/* QEMU's tree: 2-cell addresses, and its 1 MiB of padding after the blocks. */
static void test_virt(void)
{
	void *blob = open_blob(DIR "virt_gicv2_128m.dtb");
	uint64_t base, size;
	uint32_t phandle;
	int intc = path("/intc"), node, n = 0;

	CHECK_EQ(f.totalsize, 0x100000);
	CHECK_EQ(f.nrsv, 0);
	CHECK_EQ(fdt_address_cells(&f, f.root), 2);
	CHECK_EQ(fdt_size_cells(&f, f.root), 2);
	CHECK_EQ(fdt_reg_count(&f, intc), 2);
	CHECK_EQ(fdt_reg_phys(&f, intc, 1, &base, &size), 0);
	CHECK_EQ(base, 0x08010000);
	CHECK_EQ(size, 0x10000);
	CHECK_EQ(fdt_reg_phys(&f, path("/pl011@9000000"), 0, &base, &size), 0);
	CHECK_EQ(base, 0x09000000);
	CHECK_EQ(size, 0x1000);

	/* The root's interrupt-parent is the GIC. */
	CHECK_EQ(fdt_getprop_u32(&f, f.root, "interrupt-parent", &phandle), 0);
	CHECK_EQ(fdt_find_phandle(&f, phandle), intc);

	for (node = fdt_next_compatible(&f, -1, "virtio,mmio"); node >= 0;
	     node = fdt_next_compatible(&f, node, "virtio,mmio"))
		n++;
	CHECK_EQ(n, 32);
	check_path_of(path("/intc/v2m"), "/intc@8000000/v2m@8020000");
	free(blob);
}

static void test_strerror(void)
{
	int e;

	CHECK_STR(fdt_strerror(0), "no error");
	for (e = FDT_ERR_NOTFOUND; e <= FDT_ERR_NOSPACE; e++) {
		CHECK(strcmp(fdt_strerror(-e), "unknown error") != 0);
		CHECK_STR(fdt_strerror(e), fdt_strerror(-e));
	}
	CHECK_STR(fdt_strerror(FDT_ERR_NOSPACE + 1), "unknown error");
	CHECK_STR(fdt_strerror(-2147483647 - 1), "unknown error");
}

int main(void)
{
	test_board(DIR "board.dtb");
	/* Version 16: no size_dt_struct in the header; everything else the same. */
	test_board(DIR "board_v16.dtb");
	test_virt();
	test_stringlist();
	test_strerror();
	printf("fdt_test: ok\n");
	return 0;
}
