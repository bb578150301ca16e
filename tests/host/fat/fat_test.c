/*
 * Tests the FAT reader (//mach/kern:fat) on images mtools built from the files
 * listed in BUILD, then on copies damaged in memory: damage must come back as
 * an error, never as a crash, a hang or a pointer outside the image. Each
 * image sits in a buffer of exactly its size, so AddressSanitizer (see
 * fat_sanitized_test) catches any read past its end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kern/fat.h"
#include "tests/host/fat/pattern.h"

#define CHECK(cond)          check((cond), __LINE__, #cond)
#define CHECK_ERR(got, want) check_err((got), (want), __LINE__, #got)

struct image {
	const char *path; /* runfiles path */
	int type;
	uint32_t cluster_size;
	uint8_t *data;
	size_t size;
};

struct file_spec {
	char path[64];
	uint32_t seed;
	uint32_t size;
};

/* What a walk reported. */
struct walk_log {
	struct {
		char path[FAT_PATH_MAX];
		uint32_t size;
		bool is_dir;
	} items[96];
	int n;
};

static struct image images[] = {
    {"tests/host/fat/fat12.img", 12, 512},
    {"tests/host/fat/fat12_4k_sectors.img", 12, 4096},
    {"tests/host/fat/fat16.img", 16, 1024},
    {"tests/host/fat/fat32.img", 32, 512},
};
static struct image frag_image = {"tests/host/fat/frag.img", 12, 512};

static const char *const test_dirs[] = {"/docs", "/docs/deep", "/docs/deep/er", "/many"};
static struct file_spec test_files[64];
static int ntest_files;

static const struct file_spec frag_files[] = {
    {"/a.bin", 200, 3000},
    {"/c.bin", 202, 3000},
    {"/frag.bin", 203, 20000},
};

static const char *current; /* image under test, for messages */
static int failures;

static bool check(bool ok, int line, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fat_test.c:%d: %s: check failed: %s\n", line, current, what);
		failures++;
	}
	return ok;
}

static bool check_err(int got, int want, int line, const char *what)
{
	if (got != want) {
		fprintf(stderr, "fat_test.c:%d: %s: %s returned %d (%s), want %d (%s)\n", line,
		        current, what, got, fat_strerror(got), want, fat_strerror(want));
		failures++;
	}
	return got == want;
}

/* The list in BUILD (TEST_FILES), as absolute volume paths. */
static void add_test_file(uint32_t seed, uint32_t size, const char *fmt, ...)
{
	struct file_spec *f = &test_files[ntest_files++];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->path, sizeof(f->path), fmt, ap);
	va_end(ap);
	f->seed = seed;
	f->size = size;
}

static void list_test_files(void)
{
	int i;

	add_test_file(1, 13, "/hello.txt");
	add_test_file(2, 0, "/empty.dat");
	add_test_file(3, 4096, "/cluster.bin");
	add_test_file(4, 4097, "/cluster+1.bin");
	add_test_file(5, 300000, "/big.bin");
	add_test_file(6, 5000, "/A long file name, with spaces & more.txt");
	add_test_file(7, 700, "/UPPER.TXT");
	add_test_file(8, 1500, "/lower.txt");
	add_test_file(9, 2000, "/docs/readme.txt");
	add_test_file(10, 70000, "/docs/deep/er/nested.bin");
	for (i = 0; i < 10; i++)
		add_test_file(50 + i, 10 * i, "/root file %d with a long name.txt", i);
	for (i = 0; i < 40; i++)
		add_test_file(100 + i, 37 * i, "/many/file number %d has a long name.bin", i);
}

static void load(struct image *im)
{
	FILE *f = fopen(im->path, "rb");

	if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
		perror(im->path);
		exit(1);
	}
	im->size = (size_t)ftell(f);
	im->data = malloc(im->size);
	rewind(f);
	if (im->data == NULL || fread(im->data, 1, im->size, f) != im->size) {
		perror(im->path);
		exit(1);
	}
	fclose(f);
}

static uint8_t *copy_of(const struct image *im)
{
	uint8_t *p = malloc(im->size);

	memcpy(p, im->data, im->size);
	return p;
}

static bool matches(const uint8_t *p, size_t len, uint32_t seed, uint32_t offset)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != pattern_byte(seed, offset + (uint32_t)i))
			return false;
	return true;
}

static void put_le(uint8_t *p, int bytes, uint32_t v)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le(const uint8_t *p, int bytes)
{
	uint32_t v = 0;
	int i;

	for (i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The test's own FAT access, to damage chains; img is the volume's image. */
static uint32_t fat_get(uint8_t *img, const struct fat_volume *v, uint32_t c)
{
	uint8_t *fat = img + v->fat_offset;

	if (v->type == 12)
		return c & 1 ? get_le(fat + c + c / 2, 2) >> 4 : get_le(fat + c + c / 2, 2) & 0xFFF;
	return v->type == 16 ? get_le(fat + 2 * c, 2) : get_le(fat + 4 * c, 4) & 0x0FFFFFFF;
}

static void fat_set(uint8_t *img, const struct fat_volume *v, uint32_t c, uint32_t val)
{
	uint8_t *p = img + v->fat_offset + c + c / 2;

	if (v->type == 16) {
		put_le(img + v->fat_offset + 2 * c, 2, val);
	} else if (v->type == 32) {
		put_le(img + v->fat_offset + 4 * c, 4, val);
	} else if (c & 1) {
		p[0] = (uint8_t)((p[0] & 0x0F) | (val << 4 & 0xF0));
		p[1] = (uint8_t)(val >> 4);
	} else {
		p[0] = (uint8_t)val;
		p[1] = (uint8_t)((p[1] & 0xF0) | (val >> 8 & 0x0F));
	}
}

static uint32_t end_of_chain(const struct fat_volume *v)
{
	return v->type == 12 ? 0xFFF : v->type == 16 ? 0xFFFF : 0x0FFFFFFF;
}

static uint32_t bad_cluster_mark(const struct fat_volume *v)
{
	return end_of_chain(v) - 8;
}

static uint32_t last_cluster(uint8_t *img, const struct fat_volume *v, uint32_t c)
{
	while (fat_get(img, v, c) >= 2 && fat_get(img, v, c) < bad_cluster_mark(v))
		c = fat_get(img, v, c);
	return c;
}

static uint8_t *cluster_at(uint8_t *img, const struct fat_volume *v, uint32_t c)
{
	return img + v->data_offset + (size_t)(c - 2) * v->cluster_size;
}

/*
 * The raw 32-byte entry with short name name11 ("NAME    EXT") in directory
 * dir_path, found by the test's own walk of the directory.
 */
static uint8_t *raw_entry(uint8_t *img, const struct fat_volume *v, const char *dir_path,
                          const char *name11)
{
	struct fat_entry dir;
	uint32_t c, i, per;
	uint8_t *base;

	if (!CHECK_ERR(fat_lookup(v, dir_path, &dir), FAT_OK))
		return NULL;
	c = dir.first_cluster;
	if (c == 0 && v->type == 32)
		c = v->root_cluster;
	for (;;) {
		base = c ? cluster_at(img, v, c) : img + v->root_offset;
		per = c ? v->cluster_size / 32 : v->root_entries;
		for (i = 0; i < per; i++)
			if (memcmp(base + 32 * i, name11, 11) == 0)
				return base + 32 * i;
		if (c == 0 || fat_get(img, v, c) >= bad_cluster_mark(v))
			break;
		c = fat_get(img, v, c);
	}
	CHECK(!"raw entry not found");
	return NULL;
}

/* "NAME.EXT" to the 11-byte on-disk form. */
static void to_name11(const char *name, char *out)
{
	const char *dot = strchr(name, '.');
	size_t base = dot ? (size_t)(dot - name) : strlen(name);
	size_t i;

	memset(out, ' ', 11);
	for (i = 0; i < base && i < 8; i++)
		out[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
	for (i = 0; dot && dot[1 + i] && i < 3; i++)
		out[8 + i] =
		    (char)(dot[1 + i] >= 'a' && dot[1 + i] <= 'z' ? dot[1 + i] - 32 : dot[1 + i]);
}

static int log_entry(void *ctx, const char *path, const struct fat_entry *e)
{
	struct walk_log *log = ctx;

	if (log->n == (int)(sizeof(log->items) / sizeof(log->items[0])))
		return 1;
	snprintf(log->items[log->n].path, sizeof(log->items[0].path), "%s", path);
	log->items[log->n].size = e->size;
	log->items[log->n].is_dir = e->is_dir;
	log->n++;
	return 0;
}

static int find_logged(const struct walk_log *log, const char *path)
{
	int i;

	for (i = 0; i < log->n; i++)
		if (strcmp(log->items[i].path, path) == 0)
			return i;
	return -1;
}

/* Reads f whole, run by run and with fat_read at awkward offsets; returns the runs. */
static int check_file(const struct fat_volume *vol, const struct file_spec *spec)
{
	static uint8_t buf[3 * 4096 + 7];
	struct fat_entry e;
	struct fat_file f;
	const void *data;
	size_t len, n, want, total = 0;
	uint32_t cs = vol->cluster_size;
	uint32_t offsets[] = {
	    0, 1, cs - 1, cs, cs + 1, spec->size / 2, spec->size - 1, spec->size, spec->size + 5};
	int runs = 0, r;
	size_t i;

	if (!CHECK_ERR(fat_lookup(vol, spec->path, &e), FAT_OK))
		return 0;
	CHECK(!e.is_dir && e.size == spec->size);
	if (!CHECK_ERR(fat_file_open(vol, &e, &f), FAT_OK))
		return 0;
	while ((r = fat_file_next(&f, &data, &len)) == 1) {
		CHECK(len > 0 && total + len <= spec->size);
		CHECK(matches(data, len, spec->seed, (uint32_t)total));
		total += len;
		runs++;
	}
	CHECK_ERR(r, 0);
	CHECK(total == spec->size);

	for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		want = offsets[i] >= spec->size ? 0 : spec->size - offsets[i];
		if (want > sizeof(buf))
			want = sizeof(buf);
		CHECK_ERR(fat_read(vol, &e, offsets[i], buf, sizeof(buf), &n), FAT_OK);
		CHECK(n == want && matches(buf, n, spec->seed, offsets[i]));
	}
	return runs;
}

static int count_entry(void *ctx, const char *path, const struct fat_entry *e)
{
	return ++*(int *)ctx == 3 ? 42 : 0;
}

static void check_lookups(const struct fat_volume *vol)
{
	static const char long_name[] = "A long file name, with spaces & more.txt";
	char too_long[FAT_NAME_MAX + 3];
	struct fat_entry e, e2;
	struct fat_dir it;
	int n = 0;

	CHECK_ERR(fat_lookup(vol, "/", &e), FAT_OK);
	CHECK(e.is_dir);
	CHECK_ERR(fat_lookup(vol, "", &e), FAT_OK);
	CHECK(e.is_dir);
	CHECK_ERR(fat_lookup(vol, "//docs//deep/", &e), FAT_OK);
	CHECK(e.is_dir && strcmp(e.name, "deep") == 0);

	CHECK_ERR(fat_lookup(vol, "/DOCS/README.TXT", &e), FAT_OK);
	CHECK_ERR(fat_lookup(vol, "docs/readme.txt", &e2), FAT_OK);
	CHECK(e.size == 2000 && e.first_cluster == e2.first_cluster);

	/* A long name is found by either name; the short one is mtools' ~1 alias. */
	CHECK_ERR(fat_lookup(vol, "/a LONG file name, with spaces & more.TXT", &e), FAT_OK);
	CHECK(strcmp(e.name, long_name) == 0);
	CHECK(strcmp(e.short_name, "ALONGF~1.TXT") == 0);
	CHECK_ERR(fat_lookup(vol, e.short_name, &e2), FAT_OK);
	CHECK(e2.first_cluster == e.first_cluster && strcmp(e2.name, long_name) == 0);

	/* mtools stores lower-case 8.3 names with the case bits, not a long name. */
	CHECK_ERR(fat_lookup(vol, "/LOWER.TXT", &e), FAT_OK);
	CHECK(strcmp(e.name, "lower.txt") == 0 && strcmp(e.short_name, "lower.txt") == 0);
	CHECK_ERR(fat_lookup(vol, "/upper.txt", &e), FAT_OK);
	CHECK(strcmp(e.name, "UPPER.TXT") == 0);

	CHECK_ERR(fat_lookup(vol, "/nonexistent", &e), FAT_ENOENT);
	CHECK_ERR(fat_lookup(vol, "/docs/nope/readme.txt", &e), FAT_ENOENT);
	CHECK_ERR(fat_lookup(vol, "/hello.txt/x", &e), FAT_ENOTDIR);
	CHECK_ERR(fat_lookup(vol, "/docs/..", &e), FAT_ENOENT);
	memset(too_long, 'a', sizeof(too_long) - 1);
	too_long[0] = '/';
	too_long[sizeof(too_long) - 1] = '\0';
	CHECK_ERR(fat_lookup(vol, too_long, &e), FAT_ENAMETOOLONG);

	CHECK_ERR(fat_lookup(vol, "/docs", &e), FAT_OK);
	CHECK_ERR(fat_read(vol, &e, 0, too_long, 1, &(size_t){0}), FAT_EISDIR);
	CHECK_ERR(fat_dir_open(vol, &e, &it), FAT_OK);
	while (fat_dir_next(&it, &e2) == 1)
		CHECK(++n <= 2 &&
		      (strcmp(e2.name, "readme.txt") == 0 || strcmp(e2.name, "deep") == 0));
	CHECK(n == 2);
	CHECK_ERR(fat_lookup(vol, "/hello.txt", &e), FAT_OK);
	CHECK_ERR(fat_dir_open(vol, &e, &it), FAT_ENOTDIR);

	n = 0;
	CHECK_ERR(fat_walk(vol, count_entry, &n), 42);
	CHECK(n == 3);
}

static void check_image(struct image *im)
{
	static struct walk_log log;
	struct fat_volume vol;
	char parent[FAT_PATH_MAX];
	size_t i;
	int j, k;

	current = im->path;
	if (!CHECK_ERR(fat_mount(&vol, im->data, im->size), FAT_OK))
		return;
	CHECK(vol.type == im->type && vol.cluster_size == im->cluster_size);
	CHECK(vol.volume_size == im->size);

	log.n = 0;
	CHECK_ERR(fat_walk(&vol, log_entry, &log), FAT_OK);
	CHECK(log.n == ntest_files + (int)(sizeof(test_dirs) / sizeof(test_dirs[0])));
	for (j = 0; j < ntest_files; j++) {
		k = find_logged(&log, test_files[j].path);
		if (CHECK(k >= 0))
			CHECK(!log.items[k].is_dir && log.items[k].size == test_files[j].size);
	}
	for (i = 0; i < sizeof(test_dirs) / sizeof(test_dirs[0]); i++) {
		k = find_logged(&log, test_dirs[i]);
		CHECK(k >= 0 && log.items[k].is_dir);
	}
	/* Each directory is reported before its contents. */
	for (j = 0; j < log.n; j++) {
		snprintf(parent, sizeof(parent), "%s", log.items[j].path);
		*strrchr(parent, '/') = '\0';
		CHECK(parent[0] == '\0' ||
		      (find_logged(&log, parent) >= 0 && find_logged(&log, parent) < j));
	}

	for (j = 0; j < ntest_files; j++)
		check_file(&vol, &test_files[j]);
	check_lookups(&vol);
}

static void check_frag_image(void)
{
	static struct walk_log log;
	struct fat_volume vol;
	struct fat_entry e;
	size_t i;

	current = frag_image.path;
	if (!CHECK_ERR(fat_mount(&vol, frag_image.data, frag_image.size), FAT_OK))
		return;
	log.n = 0;
	CHECK_ERR(fat_walk(&vol, log_entry, &log), FAT_OK);
	CHECK(log.n == 3);
	for (i = 0; i < sizeof(frag_files) / sizeof(frag_files[0]); i++)
		CHECK(find_logged(&log, frag_files[i].path) >= 0);
	CHECK(check_file(&vol, &frag_files[0]) == 1);
	CHECK(check_file(&vol, &frag_files[2]) >= 2);
	CHECK_ERR(fat_lookup(&vol, "/b.bin", &e), FAT_ENOENT);
}

/* Mounts a copy of im with bytes [off, off + bytes) set to value. */
static int mount_patched(const struct image *im, size_t off, int bytes, uint32_t value)
{
	uint8_t *img = copy_of(im);
	struct fat_volume vol;
	int r;

	put_le(img + off, bytes, value);
	r = fat_mount(&vol, img, im->size);
	free(img);
	return r;
}

/* Mounts a copy of im claiming total sectors, in the field mformat used if it fits. */
static int mount_with_total(const struct image *im, uint32_t total)
{
	uint8_t *img = copy_of(im);
	struct fat_volume vol;
	int r;

	if (get_le(img + 19, 2) != 0 && total <= 0xFFFF) {
		put_le(img + 19, 2, total);
	} else {
		put_le(img + 19, 2, 0);
		put_le(img + 32, 4, total);
	}
	r = fat_mount(&vol, img, im->size);
	free(img);
	return r;
}

static void check_bad_boot_sector(const struct image *im, const struct fat_volume *good)
{
	static const uint32_t bad_sector_sizes[] = {0, 1, 256, 511, 513, 768, 8192, 0xFFFF};
	static const uint32_t bad_cluster_sectors[] = {0, 3, 6, 255};
	bool fat32 = good->type == 32;
	uint32_t total = (uint32_t)(im->size / good->sector_size);
	struct fat_volume vol;
	uint8_t *img;
	size_t i;

	CHECK_ERR(mount_patched(im, 510, 1, 0), FAT_ENOTFAT);
	CHECK_ERR(mount_patched(im, 511, 1, 0x55), FAT_ENOTFAT);
	for (i = 0; i < sizeof(bad_sector_sizes) / sizeof(bad_sector_sizes[0]); i++)
		CHECK_ERR(mount_patched(im, 11, 2, bad_sector_sizes[i]), FAT_ESECTORSIZE);
	for (i = 0; i < sizeof(bad_cluster_sectors) / sizeof(bad_cluster_sectors[0]); i++)
		CHECK_ERR(mount_patched(im, 13, 1, bad_cluster_sectors[i]), FAT_ECLUSTERSIZE);
	CHECK_ERR(mount_patched(im, 14, 2, 0), FAT_ERESERVED);
	CHECK_ERR(mount_patched(im, 16, 1, 0), FAT_ENFATS);

	/* Reserved sectors, FATs or root directory that leave no room for data. */
	CHECK_ERR(mount_patched(im, 14, 2, 0xFFFF), FAT_ELAYOUT);
	CHECK_ERR(mount_patched(im, fat32 ? 36 : 22, fat32 ? 4 : 2, 0), FAT_ELAYOUT);
	if ((uint64_t)(good->cluster_count + 2) * good->type / 8 > good->sector_size)
		CHECK_ERR(mount_patched(im, fat32 ? 36 : 22, fat32 ? 4 : 2, 1), FAT_ELAYOUT);
	CHECK_ERR(mount_patched(im, 17, 2, fat32 ? 16 : 0), FAT_ELAYOUT);
	CHECK_ERR(mount_with_total(im, 0), FAT_ELAYOUT);

	/* A volume larger than the image, and an image cut short. */
	CHECK_ERR(mount_with_total(im, total + 1), FAT_ETRUNCATED);
	CHECK_ERR(mount_with_total(im, 0xFFFFFFFF), FAT_ETRUNCATED);
	for (i = 0; i < 4; i++) {
		size_t sizes[] = {im->size - 1, im->size / 2, 4096, 512};

		img = malloc(sizes[i]);
		memcpy(img, im->data, sizes[i]);
		CHECK_ERR(fat_mount(&vol, img, sizes[i]), FAT_ETRUNCATED);
		CHECK(vol.image_size == sizes[i] && vol.volume_size == im->size);
		free(img);
	}
	img = malloc(511);
	memcpy(img, im->data, 511);
	CHECK_ERR(fat_mount(&vol, img, 511), FAT_ENOTFAT);
	CHECK_ERR(fat_mount(&vol, img, 0), FAT_ENOTFAT);
	free(img);

	if (!fat32)
		return;
	CHECK_ERR(mount_patched(im, 44, 4, 0), FAT_EBADCLUSTER);
	CHECK_ERR(mount_patched(im, 44, 4, 1), FAT_EBADCLUSTER);
	CHECK_ERR(mount_patched(im, 44, 4, good->cluster_count + 2), FAT_EBADCLUSTER);
	CHECK_ERR(mount_patched(im, 44, 4, 0x0FFFFFFF), FAT_EBADCLUSTER);
	/* Mirroring off, with the active FAT one that does not exist. */
	CHECK_ERR(mount_patched(im, 40, 2, 0x80 | im->data[16]), FAT_ELAYOUT);
	CHECK_ERR(mount_patched(im, 40, 2, 0x80 | 1), FAT_OK);
}

/* A damaged copy of an image, mounted. */
struct damaged {
	uint8_t *img;
	struct fat_volume vol;
	struct fat_entry big; /* /big.bin */
};

static bool damage_start(struct damaged *d, const struct image *im)
{
	d->img = copy_of(im);
	return CHECK_ERR(fat_mount(&d->vol, d->img, im->size), FAT_OK) &&
	       CHECK_ERR(fat_lookup(&d->vol, "/big.bin", &d->big), FAT_OK);
}

static int open_big(struct damaged *d)
{
	struct fat_file f;
	size_t n;
	uint8_t b;
	int r = fat_file_open(&d->vol, &d->big, &f);

	CHECK_ERR(fat_read(&d->vol, &d->big, 0, &b, 1, &n), r);
	return r;
}

static int ignore_entry(void *ctx, const char *path, const struct fat_entry *e)
{
	return 0;
}

static int walk_quietly(const struct fat_volume *vol)
{
	return fat_walk(vol, ignore_entry, NULL);
}

static void check_bad_chains(const struct image *im)
{
	struct damaged d;
	uint32_t first, last, count;
	uint32_t bad_values[] = {0, 1, 0, 0, 0};
	size_t i;

	if (!damage_start(&d, im))
		return;
	first = d.big.first_cluster;
	last = last_cluster(d.img, &d.vol, first);
	count = d.vol.cluster_count;
	bad_values[2] = count + 2;
	bad_values[3] = bad_cluster_mark(&d.vol);
	bad_values[4] = bad_cluster_mark(&d.vol) - 1;
	CHECK(last != first);

	fat_set(d.img, &d.vol, last, first);
	CHECK_ERR(open_big(&d), FAT_ELOOP);
	fat_set(d.img, &d.vol, first, first);
	CHECK_ERR(open_big(&d), FAT_ELOOP);
	for (i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++) {
		fat_set(d.img, &d.vol, first, bad_values[i]);
		CHECK_ERR(open_big(&d), FAT_EBADCLUSTER);
	}
	fat_set(d.img, &d.vol, first, end_of_chain(&d.vol));
	CHECK_ERR(open_big(&d), FAT_ESHORTCHAIN);
	/* The rest of the volume is untouched and still reads. */
	CHECK_ERR(walk_quietly(&d.vol), FAT_OK);

	/* Hostile directory entries, as the caller passes them in. */
	d.big.size = 0xFFFFFFFF;
	CHECK_ERR(open_big(&d), FAT_ESHORTCHAIN);
	d.big.size = 300000;
	d.big.first_cluster = 0;
	CHECK_ERR(open_big(&d), FAT_EBADCLUSTER);
	d.big.first_cluster = count + 2;
	CHECK_ERR(open_big(&d), FAT_EBADCLUSTER);
	d.big.size = 0;
	CHECK_ERR(open_big(&d), FAT_OK);
	free(d.img);
}

static void check_bad_entries(const struct image *im)
{
	static const char long_name[] = "/A long file name, with spaces & more.txt";
	struct damaged d;
	struct fat_entry e, docs;
	uint8_t *raw;
	uint32_t first, last, c;
	char name11[11];
	size_t i;

	/* The size in a directory entry larger than the chain. */
	if (!damage_start(&d, im))
		return;
	raw = raw_entry(d.img, &d.vol, "/", "BIG     BIN");
	if (raw) {
		put_le(raw + 28, 4, 300000 + d.vol.cluster_size);
		CHECK_ERR(fat_lookup(&d.vol, "/big.bin", &e), FAT_OK);
		CHECK_ERR(fat_read(&d.vol, &e, 0, name11, 1, &i), FAT_ESHORTCHAIN);
		put_le(raw + 26, 2, 0xFFFF);
		put_le(raw + 20, 2, 0x0FFF);
		CHECK_ERR(fat_lookup(&d.vol, "/big.bin", &e), FAT_OK);
		CHECK_ERR(fat_read(&d.vol, &e, 0, name11, 1, &i), FAT_EBADCLUSTER);
	}

	/* Names with '/' or bytes beyond ASCII read as '?'. */
	raw = raw_entry(d.img, &d.vol, "/", "HELLO   TXT");
	if (raw) {
		raw[2] = '/';
		raw[3] = 0x80;
		CHECK_ERR(fat_lookup(&d.vol, "/he??o.txt", &e), FAT_OK);
		raw[0] = 0x05;
		CHECK_ERR(fat_lookup(&d.vol, "/?e??o.txt", &e), FAT_OK);
	}

	/*
	 * A long name in 4 entries (ordinals 0x44, 3, 2, 1) before its short
	 * entry; damaged, the short name must take its place. Only where all 4
	 * sit in one cluster, as in any fixed root.
	 */
	CHECK_ERR(fat_lookup(&d.vol, long_name, &e), FAT_OK);
	to_name11(e.short_name, name11);
	raw = raw_entry(d.img, &d.vol, "/", name11);
	if (raw && (d.vol.type != 32 ||
	            ((size_t)(raw - d.img) - d.vol.data_offset) % d.vol.cluster_size >= 4 * 32)) {
		struct {
			uint8_t *at;
			uint8_t value;
		} lfn_damage[] = {
		    {raw - 4 * 32, 0x40 | 0x3F}, /* ordinal beyond any name */
		    {raw - 4 * 32, 0x40 | 21},   /* 21 entries, 273 characters */
		    {raw - 2 * 32, 1},           /* out of sequence */
		    {raw - 32 + 12, 1},          /* type: not a name part */
		    {raw - 32 + 13, (uint8_t)(raw[-32 + 13] ^ 0xFF)}, /* checksum */
		};

		CHECK(raw[-4 * 32] == 0x44);
		for (i = 0; i < sizeof(lfn_damage) / sizeof(lfn_damage[0]); i++) {
			uint8_t old = *lfn_damage[i].at;

			*lfn_damage[i].at = lfn_damage[i].value;
			CHECK_ERR(fat_lookup(&d.vol, long_name, &e), FAT_ENOENT);
			CHECK_ERR(fat_lookup(&d.vol, "/ALONGF~1.TXT", &e), FAT_OK);
			CHECK(strcmp(e.name, "ALONGF~1.TXT") == 0);
			*lfn_damage[i].at = old;
		}
		CHECK_ERR(fat_lookup(&d.vol, long_name, &e), FAT_OK);
	}

	/* A directory that contains its own ancestor stops the walk at the depth limit. */
	CHECK_ERR(fat_lookup(&d.vol, "/docs", &docs), FAT_OK);
	raw = raw_entry(d.img, &d.vol, "/docs/deep", "ER         ");
	if (raw) {
		put_le(raw + 26, 2, docs.first_cluster);
		put_le(raw + 20, 2, docs.first_cluster >> 16);
		CHECK_ERR(walk_quietly(&d.vol), FAT_EDEPTH);
		CHECK_ERR(fat_lookup(&d.vol, "/docs/deep/er/deep/er/deep/er/readme.txt", &e),
		          FAT_OK);
		/* Cluster 0 means the root, as in "..". */
		put_le(raw + 26, 2, 0);
		put_le(raw + 20, 2, 0);
		CHECK_ERR(walk_quietly(&d.vol), FAT_EDEPTH);
		CHECK_ERR(fat_lookup(&d.vol, "/docs/deep/er/docs/deep/er/UPPER.TXT", &e), FAT_OK);
		/* And one outside the volume. */
		put_le(raw + 26, 2, 0xFFFF);
		put_le(raw + 20, 2, 0x0FFF);
		CHECK_ERR(walk_quietly(&d.vol), FAT_EBADCLUSTER);
		CHECK_ERR(fat_lookup(&d.vol, "/docs/deep/er/nested.bin", &e), FAT_EBADCLUSTER);
	}
	free(d.img);

	/* A directory chain that loops, with no end marker to stop at. */
	if (!damage_start(&d, im))
		return;
	CHECK_ERR(fat_lookup(&d.vol, "/many", &e), FAT_OK);
	first = e.first_cluster;
	last = last_cluster(d.img, &d.vol, first);
	CHECK(last != first);
	for (c = first;; c = fat_get(d.img, &d.vol, c)) {
		for (i = 0; i < d.vol.cluster_size; i += 32)
			if (cluster_at(d.img, &d.vol, c)[i] == 0)
				cluster_at(d.img, &d.vol, c)[i] = 0xE5;
		if (c == last)
			break;
	}
	fat_set(d.img, &d.vol, last, first);
	CHECK_ERR(walk_quietly(&d.vol), FAT_ELOOP);
	CHECK_ERR(fat_lookup(&d.vol, "/many/nonexistent", &e), FAT_ELOOP);
	/* And one that leaves the volume. */
	fat_set(d.img, &d.vol, first, d.vol.cluster_count + 2);
	CHECK_ERR(fat_lookup(&d.vol, "/many/file number 39 has a long name.bin", &e),
	          FAT_EBADCLUSTER);
	CHECK_ERR(fat_lookup(&d.vol, "/many/file number 0 has a long name.bin", &e), FAT_OK);
	free(d.img);
}

/* The index-th 32-byte entry of the directory starting at cluster c. */
static uint8_t *dir_slot(uint8_t *img, const struct fat_volume *v, uint32_t c, uint32_t index)
{
	for (; index >= v->cluster_size / 32; index -= v->cluster_size / 32)
		c = fat_get(img, v, c);
	return cluster_at(img, v, c) + 32 * index;
}

/*
 * Writes a long name of n UTF-16 units, and the short entry name11 it
 * belongs to, over the start of /many (after "." and ".."). Returns the
 * short entry.
 */
static uint8_t *craft_name(uint8_t *img, const struct fat_volume *v, const uint16_t *units, int n,
                           const char *name11, uint8_t attr)
{
	static const uint8_t at[13] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
	int entries = (n + 12) / 13, k, i, u;
	struct fat_entry many;
	uint8_t *slot, sum = 0;
	uint32_t index = 2;

	CHECK_ERR(fat_lookup(v, "/many", &many), FAT_OK);
	for (i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + (uint8_t)name11[i]);
	for (k = entries; k >= 1; k--) {
		slot = dir_slot(img, v, many.first_cluster, index++);
		memset(slot, 0, 32);
		slot[0] = (uint8_t)(k | (k == entries ? 0x40 : 0));
		slot[11] = 0x0F;
		slot[13] = sum;
		for (i = 0; i < 13; i++) {
			u = (k - 1) * 13 + i;
			put_le(slot + at[i], 2, u < n ? units[u] : u == n ? 0x0000 : 0xFFFF);
		}
	}
	slot = dir_slot(img, v, many.first_cluster, index);
	memset(slot, 0, 32);
	memcpy(slot, name11, 11);
	slot[11] = attr;
	return slot;
}

/* Long names at and past FAT_NAME_MAX, and characters beyond ASCII. */
static void check_crafted_names(const struct image *im)
{
	static const uint16_t cafe[] = {'c',    'a', 'f', 0xE9, ' ', 0xD83D,
	                                0xDE00, '.', 't', 'x',  't'};
	uint16_t units[260];
	char path[300];
	struct damaged d;
	struct fat_entry e;
	uint8_t *slot;
	int i;

	for (i = 0; i < 260; i++)
		units[i] = 'y';
	memcpy(path, "/many/", 6);
	memset(path + 6, 'y', 255);
	path[6 + 255] = '\0';

	if (!damage_start(&d, im))
		return;
	craft_name(d.img, &d.vol, units, 255, "LONGNAME   ", 0x20);
	CHECK_ERR(fat_lookup(&d.vol, path, &e), FAT_OK);
	CHECK(strlen(e.name) == 255 && strcmp(e.short_name, "LONGNAME") == 0);

	/* A directory named that long, containing itself, outgrows FAT_PATH_MAX. */
	CHECK_ERR(fat_lookup(&d.vol, "/many", &e), FAT_OK);
	slot = craft_name(d.img, &d.vol, units, 255, "LONGNAME   ", 0x10);
	put_le(slot + 26, 2, e.first_cluster);
	put_le(slot + 20, 2, e.first_cluster >> 16);
	CHECK_ERR(walk_quietly(&d.vol), FAT_ENAMETOOLONG);

	/* 260 characters: too long, so the short name stands in. */
	craft_name(d.img, &d.vol, units, 260, "LONGNAME   ", 0x20);
	CHECK_ERR(fat_lookup(&d.vol, "/many/longname", &e), FAT_OK);
	CHECK(strcmp(e.name, "LONGNAME") == 0);

	craft_name(d.img, &d.vol, cafe, sizeof(cafe) / sizeof(cafe[0]), "CAF~1   TXT", 0x20);
	CHECK_ERR(fat_lookup(&d.vol, "/many/caf~1.txt", &e), FAT_OK);
	CHECK(strcmp(e.name, "caf? ?.txt") == 0);
	free(d.img);
}

static uint32_t rng_state = 0x2545F491;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

struct fuzz {
	const struct fat_volume *vol;
	const uint8_t *img;
	size_t size;
	unsigned sum; /* of every byte read, so that each is read */
};

static int fuzz_entry(void *ctx, const char *path, const struct fat_entry *e)
{
	static uint8_t buf[5000];
	struct fuzz *z = ctx;
	struct fat_file f;
	const void *data;
	size_t len, total = 0, i;
	int r;

	CHECK(path[0] == '/' && strlen(path) < FAT_PATH_MAX);
	for (i = 0; e->name[i]; i++)
		CHECK(e->name[i] >= 0x20 && e->name[i] < 0x7F && e->name[i] != '/');
	if (e->is_dir || fat_file_open(z->vol, e, &f) != FAT_OK)
		return 0;
	while ((r = fat_file_next(&f, &data, &len)) == 1) {
		const uint8_t *p = data;

		CHECK(p >= z->img && len <= z->size && p - z->img <= (ptrdiff_t)(z->size - len));
		for (i = 0; i < len; i++)
			z->sum += p[i];
		total += len;
	}
	CHECK(r < 0 || total == e->size);
	r = fat_read(z->vol, e, e->size / 3, buf, sizeof(buf), &len);
	CHECK(r < 0 || len <= sizeof(buf));
	return 0;
}

/*
 * Random damage to the boot sector, FATs and first directories: whatever the
 * reader makes of it, it must stay inside the image and finish.
 */
static void fuzz(const struct image *im, int rounds)
{
	struct fat_volume good, vol;
	struct fat_entry e;
	struct fuzz z;
	uint8_t *img = copy_of(im);
	size_t region, pos[8];
	uint8_t old[8];
	int round, i, n;

	fat_mount(&good, im->data, im->size);
	region = good.data_offset + 64 * (size_t)good.cluster_size;
	if (region > im->size)
		region = im->size;
	for (round = 0; round < rounds; round++) {
		n = 1 + (int)(rng() % 8);
		for (i = 0; i < n; i++) {
			pos[i] = rng() % region;
			old[i] = img[pos[i]];
			img[pos[i]] = (uint8_t)rng();
		}
		if (fat_mount(&vol, img, im->size) == FAT_OK) {
			z.vol = &vol;
			z.img = img;
			z.size = im->size;
			z.sum = 0;
			fat_walk(&vol, fuzz_entry, &z);
			fat_lookup(&vol, "/docs/deep/er/nested.bin", &e);
			fat_lookup(&vol, "/many/file number 39 has a long name.bin", &e);
		}
		for (i = n - 1; i >= 0; i--)
			img[pos[i]] = old[i];
	}
	free(img);
}

int main(void)
{
	struct fat_volume vol;
	size_t i;
	int err;

	list_test_files();
	for (err = FAT_ENAMETOOLONG; err < 0; err++)
		CHECK(strcmp(fat_strerror(err), fat_strerror(1)) != 0);
	CHECK(strcmp(fat_strerror(1), "unknown FAT error") == 0);

	for (i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		load(&images[i]);
		check_image(&images[i]);
		fat_mount(&vol, images[i].data, images[i].size);
		check_bad_boot_sector(&images[i], &vol);
		check_bad_chains(&images[i]);
		check_bad_entries(&images[i]);
		check_crafted_names(&images[i]);
		fuzz(&images[i], 300);
		free(images[i].data);
	}
	load(&frag_image);
	check_frag_image();
	free(frag_image.data);

	if (failures) {
		fprintf(stderr, "%d checks failed\n", failures);
		return 1;
	}
	printf("all FAT reader checks passed\n");
	return 0;
}
