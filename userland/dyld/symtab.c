/* nlist_64: n_strx (4), n_type (1), n_sect (1), n_desc (2), n_value (8). */
#include "symtab.h"

#include <stdbool.h>

#define NLIST_SIZE 16u
#define N_STAB     0xe0u
#define N_TYPE     0x0eu
#define N_SECT     0x0eu

/* One past the string table's last NUL: a name starting before it is terminated. */
static uint32_t strings_end(const struct dyld_image *img)
{
	const uint8_t *strings = img->file + img->strings.off;

	for (uint32_t i = img->strings.size; i > 0; i--) {
		if (strings[i - 1] == '\0')
			return i;
	}
	return 0;
}

enum dyld_error dyld_symtab_nearest(const struct dyld_image *img, uint64_t address,
                                    struct dyld_symbol *out)
{
	const uint8_t *sym = img->file + img->symbols.off;
	uint32_t end = strings_end(img);
	bool found = false;

	for (uint32_t i = 0; i < img->nsymbols; i++, sym += NLIST_SIZE) {
		uint8_t type = sym[4];
		uint64_t value = macho_le64(sym + 8);

		if ((type & N_STAB) || (type & N_TYPE) != N_SECT || value > address)
			continue;
		if (found && value <= out->address)
			continue;
		if (macho_le32(sym) >= end)
			return DYLD_E_STRING;
		out->name = (const char *)img->file + img->strings.off + macho_le32(sym);
		out->address = value;
		out->type = type;
		found = true;
	}
	return found ? DYLD_OK : DYLD_E_NOT_FOUND;
}
