#include "arch/arm64/pmap.h"

#include <string.h>

#include "arch/arm64/cpu.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/vm_layout.h"
#include "kern/panic.h"

#define L1_BLOCK (1UL << 30)
#define L2_BLOCK (1UL << 21)

#define ATTR_RW  (PTE_AF | PTE_SH_INNER | PTE_ATTR_NORMAL | PTE_PXN | PTE_UXN)
#define ATTR_RX  (PTE_AF | PTE_SH_INNER | PTE_ATTR_NORMAL | PTE_AP_RO | PTE_UXN)
#define ATTR_RO  (PTE_AF | PTE_SH_INNER | PTE_ATTR_NORMAL | PTE_AP_RO | PTE_PXN | PTE_UXN)
#define ATTR_DEV (PTE_AF | PTE_ATTR_DEVICE | PTE_PXN | PTE_UXN)

static pmap_table_alloc_t table_alloc;
static uint64_t *kernel_l0;
static paddr_t kernel_l0_pa, user_l0_pa;
static unsigned table_pages;

static paddr_t pmap_new_table(void)
{
	paddr_t pa = table_alloc();

	memset(phys_to_kva(pa), 0, PAGE_SIZE);
	table_pages++;
	return pa;
}

/* The table an entry points to, creating it if the entry is empty. */
static uint64_t *pmap_descend(uint64_t *entry)
{
	if (!(*entry & PTE_VALID))
		*entry = pmap_new_table() | PTE_TABLE;
	else if ((*entry & 3) != PTE_TABLE)
		panic("pmap: mapping overlaps an existing block");
	return phys_to_kva(*entry & PTE_ADDR_MASK);
}

/* Maps [pa, pa + size) at KVA_OFFSET + pa with the largest blocks alignment allows. */
static void pmap_map_linear(paddr_t pa, uint64_t size, uint64_t attrs)
{
	while (size > 0) {
		uint64_t va = KVA_OFFSET + pa;
		uint64_t *l1 = pmap_descend(&kernel_l0[(va >> 39) & 511]);
		uint64_t *e1 = &l1[(va >> 30) & 511];
		uint64_t step;

		if ((pa & (L1_BLOCK - 1)) == 0 && size >= L1_BLOCK) {
			*e1 = pa | attrs | PTE_BLOCK;
			step = L1_BLOCK;
		} else {
			uint64_t *l2 = pmap_descend(e1);
			uint64_t *e2 = &l2[(va >> 21) & 511];
			if ((pa & (L2_BLOCK - 1)) == 0 && size >= L2_BLOCK) {
				*e2 = pa | attrs | PTE_BLOCK;
				step = L2_BLOCK;
			} else {
				uint64_t *l3 = pmap_descend(e2);
				l3[(va >> 12) & 511] = pa | attrs | PTE_PAGE;
				step = PAGE_SIZE;
			}
		}
		pa += step;
		size -= step;
	}
}

void pmap_bootstrap_begin(pmap_table_alloc_t alloc)
{
	table_alloc = alloc;
	kernel_l0_pa = pmap_new_table();
	kernel_l0 = phys_to_kva(kernel_l0_pa);
	user_l0_pa = pmap_new_table();
	pmap_map_linear(0, PERIPH_LIMIT_PA, ATTR_DEV);
}

/* Maps the part of [start, end) that lies inside [lo, hi). */
static void pmap_map_clipped(paddr_t start, paddr_t end, paddr_t lo, paddr_t hi, uint64_t attrs)
{
	if (start < lo)
		start = lo;
	if (end > hi)
		end = hi;
	if (start < end)
		pmap_map_linear(start, end - start, attrs);
}

void pmap_bootstrap_map_ram(paddr_t start, paddr_t end)
{
	paddr_t text = kva_to_phys(_kernel_start), etext = kva_to_phys(_etext);
	paddr_t erodata = kva_to_phys(_erodata);

	if (start < PERIPH_LIMIT_PA || (start & PAGE_MASK) || (end & PAGE_MASK))
		panic("pmap: RAM range 0x%lx-0x%lx is not usable", start, end);
	pmap_map_clipped(start, end, 0, text, ATTR_RW);
	pmap_map_clipped(start, end, text, etext, ATTR_RX);
	pmap_map_clipped(start, end, etext, erodata, ATTR_RO);
	pmap_map_clipped(start, end, erodata, ~(paddr_t)0, ATTR_RW);
}

void pmap_bootstrap_activate(void)
{
	dsb_ish();
	sysreg_write(ttbr1_el1, kernel_l0_pa);
	sysreg_write(ttbr0_el1, user_l0_pa);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
}

unsigned pmap_bootstrap_table_pages(void)
{
	return table_pages;
}
