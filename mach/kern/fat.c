/*
 * FAT boot-volume reader; the contract is in fat.h. On-disk layouts follow
 * Microsoft's "FAT: General Overview of On-Disk Format" (fatgen103).
 */
#include "kern/fat.h"

#include <string.h>

/* Boot sector fields, by byte offset. */
enum {
	BPB_BYTES_PER_SEC = 11, /* u16 */
	BPB_SEC_PER_CLUS = 13,  /* u8 */
	BPB_RSVD_SEC_CNT = 14,  /* u16 */
	BPB_NUM_FATS = 16,      /* u8 */
	BPB_ROOT_ENT_CNT = 17,  /* u16, 0 on FAT32 */
	BPB_TOT_SEC16 = 19,     /* u16, 0 when BPB_TOT_SEC32 holds the count */
	BPB_FAT_SZ16 = 22,      /* u16, 0 on FAT32 */
	BPB_TOT_SEC32 = 32,     /* u32 */
	BPB_FAT_SZ32 = 36,      /* u32, FAT32 only */
	BPB_EXT_FLAGS = 40,     /* u16, FAT32 only: mirroring off and active FAT */
	BPB_ROOT_CLUS = 44,     /* u32, FAT32 only */
	BS_SIGNATURE = 510,     /* 0x55 0xAA, whatever the sector size */
};

/* Directory entry fields, by byte offset; LDIR_ are those of long-name entries. */
enum {
	DIR_ENTRY_SIZE = 32,
	DIR_ATTR = 11,
	DIR_NTRES = 12, /* case bits of the short name */
	DIR_FST_CLUS_HI = 20,
	DIR_FST_CLUS_LO = 26,
	DIR_FILE_SIZE = 28,
	LDIR_TYPE = 12,
	LDIR_CHKSUM = 13,
};

#define ATTR_VOLUME_ID      0x08
#define ATTR_DIRECTORY      0x10
#define ATTR_LONG_NAME      0x0F /* read-only, hidden, system and volume id together */
#define ATTR_LONG_NAME_MASK 0x3F
#define NTRES_LOWER_BASE    0x08
#define NTRES_LOWER_EXT     0x10
#define NAME_END            0x00 /* this and all later entries are free */
#define NAME_DELETED        0xE5
#define NAME_KANJI_E5       0x05 /* a short name whose first byte really is 0xE5 */
#define LAST_LONG_ENTRY     0x40
#define LFN_CHARS           13 /* UTF-16 units per long-name entry */
#define LFN_MAX_ENTRIES     20 /* enough for FAT_NAME_MAX */
#define DIR_MAX_BYTES       (65536 * DIR_ENTRY_SIZE)

/* Where a long-name entry holds its 13 UTF-16 units. */
static const uint8_t lfn_unit_offset[LFN_CHARS] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};

/* A long name being gathered from the entries before a short entry. */
struct lfn {
	uint16_t units[LFN_MAX_ENTRIES * LFN_CHARS];
	int count;   /* entries in the name */
	int ord;     /* ordinal of the last entry seen; 1 when complete, 0 when none */
	uint8_t sum; /* checksum of the short name the entries belong to */
};

static uint32_t le16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static bool power_of_two(uint32_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

static bool cluster_valid(const struct fat_volume *vol, uint32_t c)
{
	return c >= 2 && c - 2 < vol->cluster_count;
}

static const uint8_t *cluster_data(const struct fat_volume *vol, uint32_t c)
{
	return vol->image + vol->data_offset + (size_t)(c - 2) * vol->cluster_size;
}

/*
 * Follows the chain on from valid cluster c: returns 1 and the next cluster,
 * 0 at the end of the chain, or FAT_EBADCLUSTER. fat_mount checked that the
 * FAT holds an entry for every valid cluster.
 */
static int chain_next(const struct fat_volume *vol, uint32_t c, uint32_t *next)
{
	const uint8_t *fat = vol->image + vol->fat_offset;
	uint32_t v, end;

	switch (vol->type) {
	case 12:
		v = le16(fat + c + c / 2);
		v = c & 1 ? v >> 4 : v & 0xFFF;
		end = 0xFF8;
		break;
	case 16:
		v = le16(fat + (size_t)c * 2);
		end = 0xFFF8;
		break;
	default:
		v = le32(fat + (size_t)c * 4) & 0x0FFFFFFF;
		end = 0x0FFFFFF8;
		break;
	}
	if (v >= end)
		return 0;
	if (!cluster_valid(vol, v))
		return FAT_EBADCLUSTER;
	*next = v;
	return 1;
}

int fat_mount(struct fat_volume *vol, const void *image, size_t size)
{
	const uint8_t *bs = image;
	uint32_t sec_per_clus, reserved, nfats, fat_sectors, total, root_sectors, active = 0;
	uint64_t fat_bytes, fat_need, meta, clusters;

	memset(vol, 0, sizeof(*vol));
	vol->image = bs;
	vol->image_size = size;
	if (size < 512 || bs[BS_SIGNATURE] != 0x55 || bs[BS_SIGNATURE + 1] != 0xAA)
		return FAT_ENOTFAT;

	vol->sector_size = le16(bs + BPB_BYTES_PER_SEC);
	if (vol->sector_size < 512 || vol->sector_size > 4096 || !power_of_two(vol->sector_size))
		return FAT_ESECTORSIZE;
	sec_per_clus = bs[BPB_SEC_PER_CLUS];
	if (!power_of_two(sec_per_clus))
		return FAT_ECLUSTERSIZE;
	vol->cluster_size = sec_per_clus * vol->sector_size;
	reserved = le16(bs + BPB_RSVD_SEC_CNT);
	if (reserved == 0)
		return FAT_ERESERVED;
	nfats = bs[BPB_NUM_FATS];
	if (nfats == 0)
		return FAT_ENFATS;

	total = le16(bs + BPB_TOT_SEC16);
	if (total == 0)
		total = le32(bs + BPB_TOT_SEC32);
	vol->volume_size = (uint64_t)total * vol->sector_size;
	if (vol->volume_size > size)
		return FAT_ETRUNCATED;

	fat_sectors = le16(bs + BPB_FAT_SZ16);
	if (fat_sectors == 0)
		fat_sectors = le32(bs + BPB_FAT_SZ32);
	vol->root_entries = le16(bs + BPB_ROOT_ENT_CNT);
	root_sectors =
	    (vol->root_entries * DIR_ENTRY_SIZE + vol->sector_size - 1) / vol->sector_size;
	meta = reserved + (uint64_t)nfats * fat_sectors + root_sectors;
	if (fat_sectors == 0 || meta >= total)
		return FAT_ELAYOUT;
	clusters = (total - meta) / sec_per_clus;
	if (clusters == 0)
		return FAT_ELAYOUT;

	/* The type is the cluster count's alone; the thresholds are the specification's. */
	vol->type = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
	if (vol->type == 32) {
		/* Cluster numbers must stay below the bad-cluster mark 0x0FFFFFF7. */
		if (vol->root_entries != 0 || le16(bs + BPB_FAT_SZ16) != 0 || clusters > 0x0FFFFFF5)
			return FAT_ELAYOUT;
		if (le16(bs + BPB_EXT_FLAGS) & 0x80)
			active = le16(bs + BPB_EXT_FLAGS) & 0x0F;
		if (active >= nfats)
			return FAT_ELAYOUT;
	} else if (vol->root_entries == 0 || le16(bs + BPB_FAT_SZ16) == 0) {
		return FAT_ELAYOUT;
	}
	vol->cluster_count = (uint32_t)clusters;

	/* Every valid cluster needs an entry in the FAT; FAT12 entries take 1.5 bytes. */
	fat_bytes = (uint64_t)fat_sectors * vol->sector_size;
	fat_need =
	    vol->type == 12 ? ((clusters + 2) * 3 + 1) / 2 : (clusters + 2) * (vol->type / 8);
	if (fat_need > fat_bytes)
		return FAT_ELAYOUT;

	/* All offsets lie below volume_size, which fits in size. */
	vol->fat_offset = (size_t)(reserved * vol->sector_size + active * fat_bytes);
	vol->fat_size = (size_t)fat_bytes;
	vol->root_offset = (size_t)((reserved + (uint64_t)nfats * fat_sectors) * vol->sector_size);
	vol->data_offset = (size_t)(meta * vol->sector_size);
	if (vol->type == 32) {
		vol->root_cluster = le32(bs + BPB_ROOT_CLUS);
		if (!cluster_valid(vol, vol->root_cluster))
			return FAT_EBADCLUSTER;
	}
	return 0;
}

const char *fat_strerror(int err)
{
	switch (err) {
	case FAT_OK: return "success";
	case FAT_ENOTFAT: return "not a FAT volume: boot signature missing";
	case FAT_ESECTORSIZE:
		return "bad FAT boot sector: bytes per sector not 512, 1024, 2048 or 4096";
	case FAT_ECLUSTERSIZE: return "bad FAT boot sector: sectors per cluster not a power of two";
	case FAT_ERESERVED: return "bad FAT boot sector: no reserved sectors";
	case FAT_ENFATS: return "bad FAT boot sector: no FATs";
	case FAT_ELAYOUT:
		return "bad FAT boot sector: FAT, root directory and volume sizes disagree";
	case FAT_ETRUNCATED: return "FAT volume truncated: image smaller than its boot sector says";
	case FAT_EBADCLUSTER: return "corrupt FAT volume: cluster number free, bad or out of range";
	case FAT_ELOOP: return "corrupt FAT volume: cluster chain loops";
	case FAT_ESHORTCHAIN: return "corrupt FAT volume: file larger than its cluster chain";
	case FAT_ENOENT: return "no such file or directory";
	case FAT_ENOTDIR: return "not a directory";
	case FAT_EISDIR: return "is a directory";
	case FAT_EDEPTH: return "directories nested too deep";
	case FAT_ENAMETOOLONG: return "name or path too long";
	}
	return "unknown FAT error";
}

void fat_root(const struct fat_volume *vol, struct fat_entry *root)
{
	memset(root, 0, sizeof(*root));
	root->attr = ATTR_DIRECTORY;
	root->is_dir = true;
	root->first_cluster = vol->type == 32 ? vol->root_cluster : 0;
}

int fat_dir_open(const struct fat_volume *vol, const struct fat_entry *dir, struct fat_dir *it)
{
	uint32_t c = dir->first_cluster;
	uint32_t max = DIR_MAX_BYTES / vol->cluster_size;

	memset(it, 0, sizeof(*it));
	it->vol = vol;
	it->done = true;
	if (!dir->is_dir)
		return FAT_ENOTDIR;
	if (c == 0 && vol->type == 32)
		c = vol->root_cluster;
	if (c != 0 && !cluster_valid(vol, c))
		return FAT_EBADCLUSTER;
	it->cluster = c;
	it->clusters_left = (max < vol->cluster_count ? max : vol->cluster_count) - 1;
	it->done = false;
	return 0;
}

/* Steps to the next raw entry: 1 and *d, 0 past the last one, or an error. */
static int dir_step(struct fat_dir *it, const uint8_t **d)
{
	const struct fat_volume *vol = it->vol;
	uint32_t per = it->cluster ? vol->cluster_size / DIR_ENTRY_SIZE : vol->root_entries;
	const uint8_t *base;
	int r;

	if (it->index == per) {
		if (it->cluster == 0)
			return 0;
		r = chain_next(vol, it->cluster, &it->cluster);
		if (r <= 0)
			return r;
		if (it->clusters_left == 0)
			return FAT_ELOOP;
		it->clusters_left--;
		it->index = 0;
	}
	base = it->cluster ? cluster_data(vol, it->cluster) : vol->image + vol->root_offset;
	*d = base + (size_t)it->index++ * DIR_ENTRY_SIZE;
	return 1;
}

/* Adds a long-name entry; one out of sequence drops what was gathered. */
static void lfn_add(struct lfn *l, const uint8_t *d)
{
	int ord = d[0] & ~LAST_LONG_ENTRY;
	int i;

	if (d[LDIR_TYPE] != 0 || ord < 1 || ord > LFN_MAX_ENTRIES) {
		l->ord = 0;
		return;
	}
	if (d[0] & LAST_LONG_ENTRY) {
		l->count = ord;
		l->sum = d[LDIR_CHKSUM];
	} else if (ord != l->ord - 1 || d[LDIR_CHKSUM] != l->sum) {
		l->ord = 0;
		return;
	}
	l->ord = ord;
	for (i = 0; i < LFN_CHARS; i++)
		l->units[(ord - 1) * LFN_CHARS + i] = (uint16_t)le16(d + lfn_unit_offset[i]);
}

static uint8_t short_name_sum(const uint8_t *d)
{
	uint8_t sum = 0;
	int i;

	for (i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + d[i]);
	return sum;
}

/* Printable ASCII stays; anything else, and '/' that would split a path, reads as '?'. */
static char name_char(uint32_t c)
{
	return c >= 0x20 && c < 0x7F && c != '/' ? (char)c : '?';
}

/*
 * Converts a complete long name into out, one '?' per non-ASCII character (a
 * surrogate pair is one character). Returns false if it is empty or too long.
 */
static bool lfn_name(const struct lfn *l, char *out)
{
	size_t n = 0;
	int i;

	for (i = 0; i < l->count * LFN_CHARS && l->units[i] != 0; i++) {
		uint16_t u = l->units[i];

		if (u >= 0xDC00 && u <= 0xDFFF && i > 0 && l->units[i - 1] >= 0xD800 &&
		    l->units[i - 1] <= 0xDBFF)
			continue;
		if (n == FAT_NAME_MAX)
			return false;
		out[n++] = name_char(u);
	}
	out[n] = '\0';
	return n != 0;
}

/* A byte of a short name as shown: lower-cased if the entry's case bit says so. */
static char short_char(uint8_t c, bool lower)
{
	return name_char(lower && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

/* Formats the 8.3 name as "NAME.EXT"; an empty base shows as '?', never as "". */
static void short_name(const uint8_t *d, char *out)
{
	bool lower_base = d[DIR_NTRES] & NTRES_LOWER_BASE;
	bool lower_ext = d[DIR_NTRES] & NTRES_LOWER_EXT;
	int end, i;
	size_t n = 0;

	for (end = 8; end > 0 && d[end - 1] == ' '; end--)
		;
	for (i = 0; i < end; i++)
		out[n++] =
		    short_char(i == 0 && d[0] == NAME_KANJI_E5 ? NAME_DELETED : d[i], lower_base);
	if (n == 0)
		out[n++] = '?';
	for (end = 11; end > 8 && d[end - 1] == ' '; end--)
		;
	if (end > 8)
		out[n++] = '.';
	for (i = 8; i < end; i++)
		out[n++] = short_char(d[i], lower_ext);
	out[n] = '\0';
}

static bool is_dot_entry(const uint8_t *d)
{
	return memcmp(d, ".          ", 11) == 0 || memcmp(d, "..         ", 11) == 0;
}

int fat_dir_next(struct fat_dir *it, struct fat_entry *out)
{
	struct lfn l;
	const uint8_t *d;
	int r;

	l.count = 0;
	l.ord = 0;
	l.sum = 0;
	while (!it->done) {
		r = dir_step(it, &d);
		if (r <= 0 || d[0] == NAME_END) {
			it->done = true;
			return r < 0 ? r : 0;
		}
		if (d[0] == NAME_DELETED) {
			l.ord = 0;
			continue;
		}
		if ((d[DIR_ATTR] & ATTR_LONG_NAME_MASK) == ATTR_LONG_NAME) {
			lfn_add(&l, d);
			continue;
		}
		if ((d[DIR_ATTR] & ATTR_VOLUME_ID) || is_dot_entry(d)) {
			l.ord = 0;
			continue;
		}

		out->attr = d[DIR_ATTR];
		out->is_dir = d[DIR_ATTR] & ATTR_DIRECTORY;
		out->size = out->is_dir ? 0 : le32(d + DIR_FILE_SIZE);
		out->first_cluster = le16(d + DIR_FST_CLUS_LO);
		if (it->vol->type == 32)
			out->first_cluster |= le16(d + DIR_FST_CLUS_HI) << 16;
		short_name(d, out->short_name);
		if (l.ord != 1 || l.sum != short_name_sum(d) || !lfn_name(&l, out->name))
			memcpy(out->name, out->short_name, sizeof(out->short_name));
		return 1;
	}
	return 0;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Whether NUL-terminated name equals the len bytes at s, ignoring ASCII case. */
static bool name_is(const char *name, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] == '\0' || ascii_lower(name[i]) != ascii_lower(s[i]))
			return false;
	return name[len] == '\0';
}

int fat_lookup(const struct fat_volume *vol, const char *path, struct fat_entry *out)
{
	struct fat_dir it;
	size_t len;
	int r;

	fat_root(vol, out);
	for (;;) {
		while (*path == '/')
			path++;
		if (*path == '\0')
			return 0;
		len = 0;
		while (path[len] != '\0' && path[len] != '/')
			len++;
		if (len > FAT_NAME_MAX)
			return FAT_ENAMETOOLONG;
		/* The iterator keeps what it needs of out, so out can take the children. */
		r = fat_dir_open(vol, out, &it);
		if (r < 0)
			return r;
		do {
			r = fat_dir_next(&it, out);
			if (r <= 0)
				return r < 0 ? r : FAT_ENOENT;
		} while (!name_is(out->name, path, len) && !name_is(out->short_name, path, len));
		path += len;
	}
}

int fat_file_open(const struct fat_volume *vol, const struct fat_entry *e, struct fat_file *f)
{
	uint64_t need = ((uint64_t)e->size + vol->cluster_size - 1) / vol->cluster_size;
	uint32_t c = e->first_cluster, n;
	int r;

	f->vol = vol;
	f->size = e->size;
	f->pos = 0;
	f->cluster = c;
	if (e->is_dir)
		return FAT_EISDIR;
	if (need == 0)
		return 0;
	if (need > vol->cluster_count)
		return FAT_ESHORTCHAIN;
	if (!cluster_valid(vol, c))
		return FAT_EBADCLUSTER;
	/* A chain that ends within cluster_count clusters cannot loop. */
	for (n = 1; (r = chain_next(vol, c, &c)) == 1; n++)
		if (n == vol->cluster_count)
			return FAT_ELOOP;
	if (r < 0)
		return r;
	return n < need ? FAT_ESHORTCHAIN : 0;
}

/*
 * Takes up to max bytes from f->pos on, as far as they lie in consecutive
 * clusters, and says where they start in the image. f only moves on success.
 */
static int file_take(struct fat_file *f, size_t max, const uint8_t **data, size_t *len)
{
	const struct fat_volume *vol = f->vol;
	uint32_t cluster = f->cluster, next;
	size_t off = f->pos & (vol->cluster_size - 1);
	size_t want = f->size - f->pos, got = 0;
	bool run_ends;
	int r;

	*len = 0;
	if (max < want)
		want = max;
	if (want == 0)
		return 0;
	*data = cluster_data(vol, cluster) + off;
	while (got < want) {
		if (want - got < vol->cluster_size - off) {
			got = want;
			break;
		}
		got += vol->cluster_size - off;
		off = 0;
		if (f->pos + got == f->size)
			break;
		r = chain_next(vol, cluster, &next);
		if (r <= 0)
			return r < 0 ? r : FAT_ESHORTCHAIN;
		run_ends = next != cluster + 1;
		cluster = next;
		if (run_ends)
			break;
	}
	f->cluster = cluster;
	f->pos += (uint32_t)got;
	*len = got;
	return 0;
}

int fat_file_next(struct fat_file *f, const void **data, size_t *len)
{
	const uint8_t *p = NULL;
	int r = file_take(f, f->size - f->pos, &p, len);

	*data = p;
	return r < 0 ? r : *len != 0;
}

int fat_read(const struct fat_volume *vol, const struct fat_entry *e, uint32_t offset, void *buf,
             size_t len, size_t *nread)
{
	struct fat_file f;
	const uint8_t *p;
	size_t n;
	int r;

	*nread = 0;
	r = fat_file_open(vol, e, &f);
	if (r < 0 || offset >= f.size)
		return r;
	while (f.pos < offset) {
		r = file_take(&f, offset - f.pos, &p, &n);
		if (r < 0)
			return r;
	}
	while (*nread < len) {
		r = file_take(&f, len - *nread, &p, &n);
		if (r < 0 || n == 0)
			return r;
		memcpy((uint8_t *)buf + *nread, p, n);
		*nread += n;
	}
	return 0;
}

int fat_walk(const struct fat_volume *vol, fat_walk_fn fn, void *ctx)
{
	struct fat_dir dirs[FAT_WALK_DEPTH + 1]; /* dirs[0] is the root */
	size_t base[FAT_WALK_DEPTH + 1];         /* length of each directory's path */
	char path[FAT_PATH_MAX];
	struct fat_entry e;
	size_t len;
	int depth = 0, r;

	fat_root(vol, &e);
	r = fat_dir_open(vol, &e, &dirs[0]);
	if (r < 0)
		return r;
	base[0] = 0;
	while (depth >= 0) {
		r = fat_dir_next(&dirs[depth], &e);
		if (r < 0)
			return r;
		if (r == 0) {
			depth--;
			continue;
		}
		len = strlen(e.name);
		if (base[depth] + 1 + len >= FAT_PATH_MAX)
			return FAT_ENAMETOOLONG;
		path[base[depth]] = '/';
		memcpy(path + base[depth] + 1, e.name, len + 1);
		r = fn(ctx, path, &e);
		if (r != 0)
			return r;
		if (!e.is_dir)
			continue;
		if (depth == FAT_WALK_DEPTH)
			return FAT_EDEPTH;
		r = fat_dir_open(vol, &e, &dirs[depth + 1]);
		if (r < 0)
			return r;
		base[depth + 1] = base[depth] + 1 + len;
		depth++;
	}
	return 0;
}
