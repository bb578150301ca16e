/*
 * The kernel's instance of the generator. Seeding: the counter first (so
 * two boots with the same seed still differ), then rng-seed and
 * kaslr-seed, then a run of counter readings taken around the mixing work
 * itself, whose spacing varies with the host under emulation. The seeds
 * are zeroed in the blob once absorbed: the tree stays mapped for the
 * kernel's life and nothing should find them there later.
 */
#include "kern/random.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arm64/cpu.h"
#include "ipc/ipc_kobject.h"
#include "kern/kprintf.h"
#include "kern/platform.h"
#include "kern/spinlock.h"
#include "libkern/csprng.h"
#include "mach/kern_return.h"
#include "mach/tessera_random.h"

/* Rounds of counter readings at boot: with a seed, extra; without, all there is. */
#define JITTER_ROUNDS      64
#define JITTER_ROUNDS_WEAK 1024

/* Fewer seed bytes than this (128 bits) leave the generator weak. */
#define SEED_MIN 16

static spinlock_t random_lock = SPINLOCK_INIT;
static struct csprng rng; /* random_lock */

static uint64_t counter(void)
{
	isb(); /* not read ahead of the work it is meant to time */
	return sysreg_read(cntvct_el0);
}

static void mix_counter(void)
{
	uint64_t now = counter();

	csprng_mix(&rng, &now, sizeof(now));
}

/* Each reading times the mixing of the one before, whose duration varies. */
static void mix_jitter(unsigned rounds)
{
	for (unsigned r = 0; r < rounds; r++)
		mix_counter();
}

static void absorb_seed(const uint8_t *seed, uint32_t len)
{
	if (seed == NULL)
		return;
	csprng_mix(&rng, seed, len);
	chacha20_wipe((void *)seed, len);
}

void random_init(const struct platform *p)
{
	uint64_t daif = spin_lock_irqsave(&random_lock);
	uint32_t seeded = p->rng_seed_len + p->kaslr_seed_len;
	bool weak = seeded < SEED_MIN;

	csprng_init(&rng);
	mix_counter();
	absorb_seed(p->rng_seed, p->rng_seed_len);
	absorb_seed(p->kaslr_seed, p->kaslr_seed_len);
	mix_jitter(weak ? JITTER_ROUNDS_WEAK : JITTER_ROUNDS);
	spin_unlock_irqrestore(&random_lock, daif);

	if (seeded == 0)
		kprintf("random: WARNING: the device tree has no /chosen rng-seed or kaslr-seed; "
		        "seeded from timer jitter only, which is WEAK\n");
	else if (weak)
		kprintf("random: WARNING: the device tree gives only %u bytes of seed; "
		        "seeded from them and timer jitter, which is WEAK\n",
		        seeded);
	else
		kprintf("random: seeded from the device tree (rng-seed %u bytes, kaslr-seed %u "
		        "bytes) and the timer\n",
		        p->rng_seed_len, p->kaslr_seed_len);
}

void random_bytes(void *buf, size_t len)
{
	uint64_t daif = spin_lock_irqsave(&random_lock);

	mix_counter();
	csprng_generate(&rng, buf, len);
	spin_unlock_irqrestore(&random_lock, daif);
}

struct ipc_kmsg *random_host_get_random(struct ipc_kmsg *request)
{
	const struct host_get_random_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->size > HOST_GET_RANDOM_MAX)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	uint32_t size = req->size;
	mach_msg_size_t reply_size =
	    offsetof(struct host_get_random_reply, bytes) + ((size + 3) & ~3u);
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(reply_size, id);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct host_get_random_reply *r = (void *)&reply->header;
	r->NDR[1] = 1;
	r->bytesCnt = size;
	random_bytes(r->bytes, size); /* the padding after them is already zero */
	return reply;
}
