/*
 * The symbol table (LC_SYMTAB's nlist_64 entries and strings), for dladdr:
 * the defined symbol at or nearest below an address. Debugging (stab)
 * entries and undefined symbols are skipped; a name outside the string
 * table, or without its NUL there, is an error. Work is one pass over the
 * table. Pure; no allocation.
 */
#ifndef DYLD_SYMTAB_H
#define DYLD_SYMTAB_H

#include <stdint.h>

#include "error.h"
#include "image.h"

struct dyld_symbol {
	const char *name; /* inside the image's string table */
	uint64_t address; /* unslid */
	uint8_t type;     /* nlist_64.n_type */
};

/*
 * The defined symbol with the greatest address <= address (unslid), the
 * first in table order among equals; DYLD_E_NOT_FOUND if there is none.
 */
enum dyld_error dyld_symtab_nearest(const struct dyld_image *img, uint64_t address,
                                    struct dyld_symbol *out);

#endif
