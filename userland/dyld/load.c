/* Reading and laying out a Mach-O file; see load.h. */
#include "load.h"

#include <string.h>

static enum dyld_error read_whole(const struct dyld_load_ops *ops, uint8_t *buf, uint64_t size)
{
	uint64_t done = 0;

	while (done < size) {
		long n = ops->pread(ops->ctx, buf + done, size - done, done);

		if (n <= 0 || (uint64_t)n > size - done)
			return DYLD_E_READ;
		done += (uint64_t)n;
	}
	return DYLD_OK;
}

enum dyld_error dyld_load_read(const struct dyld_load_ops *ops, uint64_t file_size,
                               uint32_t filetype, struct dyld_image *img, struct dyld_mapping *map)
{
	enum dyld_error err;

	memset(map, 0, sizeof(*map));
	img->error_cmd = MACHO_NO_CMD;
	if (file_size == 0 || file_size > DYLD_LOAD_FILE_MAX)
		return DYLD_E_FILE_SIZE;
	map->file = ops->allocate(ops->ctx, file_size);
	if (!map->file)
		return DYLD_E_NO_MEMORY;
	map->file_size = file_size;
	err = read_whole(ops, map->file, file_size);
	if (err == DYLD_OK)
		err = dyld_image_parse(map->file, file_size, img);
	if (err == DYLD_OK && img->macho.filetype != filetype)
		err = DYLD_E_FILETYPE;
	if (err == DYLD_OK && img->macho.vm_end - img->macho.vm_start > DYLD_LOAD_SPAN_MAX)
		err = DYLD_E_SPAN;
	if (err != DYLD_OK)
		dyld_load_release(ops, map);
	return err;
}

enum dyld_error dyld_load_map(const struct dyld_load_ops *ops, const struct dyld_image *img,
                              struct dyld_mapping *map)
{
	const struct macho_image *m = &img->macho;

	map->mem_size = m->vm_end - m->vm_start;
	map->mem = ops->allocate(ops->ctx, map->mem_size);
	if (!map->mem)
		return DYLD_E_NO_MEMORY;
	map->slide = (uint64_t)(uintptr_t)map->mem - m->vm_start;
	for (unsigned i = 0; i < m->nsegments; i++) {
		struct macho_load_step step;

		macho_plan_segment(img->file, &m->segments[i], &step);
		memcpy(map->mem + (step.map_start - m->vm_start), step.src, step.copy_size);
	}
	return DYLD_OK;
}

void dyld_load_release(const struct dyld_load_ops *ops, struct dyld_mapping *map)
{
	if (map->mem)
		ops->deallocate(ops->ctx, map->mem, map->mem_size);
	if (map->file)
		ops->deallocate(ops->ctx, map->file, map->file_size);
	memset(map, 0, sizeof(*map));
}
