/*
 * Read-only FAT12/FAT16/FAT32 reader over a volume image held in memory: the
 * kernel uses it to list and load the files of the boot volume that QEMU hands
 * over as the initrd.
 *
 * Contract:
 * - The image is borrowed, never written, and must stay mapped and unchanged
 *   while any volume, directory iterator or open file refers to it. Nothing is
 *   allocated; every structure lives where the caller puts it.
 * - The image is untrusted. No function reads outside [image, image + size),
 *   loops without bound or recurses: cluster numbers are range checked, chains
 *   are bounded by the volume's cluster count, directories by the FAT limit of
 *   65536 entries, walks by FAT_WALK_DEPTH. Corruption is reported as a
 *   negative enum fat_error, never ignored.
 * - Functions returning int return 0 (or 1 where documented) on success and a
 *   negative enum fat_error on failure; fat_strerror() describes the error.
 * - No locking: concurrent readers of one volume are safe because nothing in
 *   a mounted struct fat_volume changes; an iterator or open file belongs to
 *   one thread.
 */
#ifndef KERN_FAT_H
#define KERN_FAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fat_error {
	FAT_OK = 0,
	FAT_ENOTFAT = -1,       /* no 0x55AA boot signature */
	FAT_ESECTORSIZE = -2,   /* bytes per sector not 512, 1024, 2048 or 4096 */
	FAT_ECLUSTERSIZE = -3,  /* sectors per cluster not a power of two */
	FAT_ERESERVED = -4,     /* no reserved sectors (the boot sector is one) */
	FAT_ENFATS = -5,        /* number of FATs is zero */
	FAT_ELAYOUT = -6,       /* regions overlap, FAT too small, root field wrong */
	FAT_ETRUNCATED = -7,    /* image smaller than the volume */
	FAT_EBADCLUSTER = -8,   /* chain holds a free, bad or out-of-range cluster */
	FAT_ELOOP = -9,         /* chain longer than the volume or a directory allows */
	FAT_ESHORTCHAIN = -10,  /* file size needs more clusters than its chain */
	FAT_ENOENT = -11,       /* no such file or directory */
	FAT_ENOTDIR = -12,      /* a path component is not a directory */
	FAT_EISDIR = -13,       /* file operation on a directory */
	FAT_EDEPTH = -14,       /* directories nested deeper than FAT_WALK_DEPTH */
	FAT_ENAMETOOLONG = -15, /* name over FAT_NAME_MAX or path over FAT_PATH_MAX */
};

#define FAT_NAME_MAX   255  /* longest name, without the NUL */
#define FAT_PATH_MAX   1024 /* longest path fat_walk builds, with the NUL */
#define FAT_WALK_DEPTH 16   /* deepest directory nesting fat_walk enters */

/* A mounted volume; read-only after fat_mount. */
struct fat_volume {
	const uint8_t *image;   /* the caller's image */
	size_t image_size;      /* bytes in the image */
	uint64_t volume_size;   /* bytes the boot sector claims */
	int type;               /* 12, 16 or 32 */
	uint32_t sector_size;   /* bytes per sector */
	uint32_t cluster_size;  /* bytes per cluster */
	uint32_t cluster_count; /* valid clusters are 2 .. cluster_count + 1 */
	size_t fat_offset;      /* byte offset of the FAT in use */
	size_t fat_size;        /* bytes in one FAT */
	size_t root_offset;     /* FAT12/16: byte offset of the fixed root directory */
	uint32_t root_entries;  /* FAT12/16: 32-byte entries in the fixed root */
	uint32_t root_cluster;  /* FAT32: first cluster of the root directory */
	size_t data_offset;     /* byte offset of cluster 2 */
};

/* A directory entry as the reader presents it. */
struct fat_entry {
	char name[FAT_NAME_MAX + 1]; /* long name, else short name; ASCII, '?' for the rest */
	char short_name[13];         /* 8.3 name as "NAME.EXT", case bits applied */
	uint8_t attr;                /* raw attribute byte */
	bool is_dir;                 /* a directory: size is 0, read it with fat_dir_* */
	uint32_t size;               /* bytes in a file */
	uint32_t first_cluster;      /* 0: empty file, or the root (as FAT's ".." says) */
};

/* Position in a directory between fat_dir_next calls. */
struct fat_dir {
	const struct fat_volume *vol;
	uint32_t cluster;       /* current cluster; 0 in the FAT12/16 fixed root */
	uint32_t index;         /* next entry in the cluster or fixed root */
	uint32_t clusters_left; /* clusters the directory may still span */
	bool done;              /* end marker, end of chain or error seen */
};

/* Sequential reader over one file's cluster chain. */
struct fat_file {
	const struct fat_volume *vol;
	uint32_t size;    /* bytes in the file */
	uint32_t pos;     /* next byte to return */
	uint32_t cluster; /* cluster holding byte pos, while pos < size */
};

/*
 * Checks the boot sector of image[0 .. size) and fills *vol. The FAT type
 * comes from the cluster count, as the Microsoft specification defines it.
 * On FAT_ETRUNCATED, vol->image_size and vol->volume_size say by how much;
 * after any error, the rest of *vol means nothing.
 */
int fat_mount(struct fat_volume *vol, const void *image, size_t size);

/* A message for a fat_error (or "unknown FAT error"); never NULL. */
const char *fat_strerror(int err);

/* Fills *root with an entry for the root directory, named "". */
void fat_root(const struct fat_volume *vol, struct fat_entry *root);

/*
 * Starts iterating over directory dir. fat_dir_next then returns 1 and fills
 * *out for each entry, 0 at the end, or an error, after which the iterator is
 * finished. Volume labels, deleted entries, "." and ".." are skipped.
 */
int fat_dir_open(const struct fat_volume *vol, const struct fat_entry *dir, struct fat_dir *it);
int fat_dir_next(struct fat_dir *it, struct fat_entry *out);

/*
 * Finds a '/'-separated path from the root, comparing each component with the
 * long and the short name, ignoring ASCII case. Empty components are ignored,
 * so "" and "/" name the root; "." and ".." are not interpreted. On error,
 * *out holds nothing useful.
 */
int fat_lookup(const struct fat_volume *vol, const char *path, struct fat_entry *out);

/*
 * Opens file e after checking its whole cluster chain: every cluster in
 * range, the chain ending within the volume, and long enough for e->size.
 */
int fat_file_open(const struct fat_volume *vol, const struct fat_entry *e, struct fat_file *f);

/*
 * Returns the next contiguous run of f without copying: 1 with *data pointing
 * into the image and *len bytes, or 0 at the end of the file.
 */
int fat_file_next(struct fat_file *f, const void **data, size_t *len);

/*
 * Copies up to len bytes of file e from offset into buf, stopping at the end
 * of the file, and stores the count in *nread. Each call opens the file, so
 * it costs a walk of the chain; read large files with fat_file_next.
 */
int fat_read(const struct fat_volume *vol, const struct fat_entry *e, uint32_t offset, void *buf,
             size_t len, size_t *nread);

/*
 * Called by fat_walk for every entry, with its full path ("/dir/file").
 * Return 0 to go on; anything else stops the walk and fat_walk returns it, so
 * use positive values to tell them from fat_error.
 */
typedef int (*fat_walk_fn)(void *ctx, const char *path, const struct fat_entry *e);

/*
 * Visits every entry below the root, each directory before its contents, in
 * on-disk order. Uses under 3 KiB of stack and no recursion.
 */
int fat_walk(const struct fat_volume *vol, fat_walk_fn fn, void *ctx);

#endif /* KERN_FAT_H */
