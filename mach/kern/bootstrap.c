#include "kern/bootstrap.h"

#include <string.h>

#include "arch/arm64/psci.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_trace.h"
#include "kern/bootargs.h"
#include "kern/bootvol.h"
#include "kern/fat.h"
#include "kern/host.h"
#include "kern/kprintf.h"
#include "kern/macho.h"
#include "kern/task.h"
#include "libkern/format.h"
#include "kern/thread.h"
#include "mach/vm_prot.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
#include "vm/vm_param.h"

#define BOOTSTRAP_DEFAULT_PATH "/bootstrap"
#define USER_STACK_TOP         0x170000000UL
#define USER_STACK_SIZE        (8UL << 20)
#define STRINGS_MAX            1024
#define PATH_MAX_LEN           256

/* Copies a boot argument's value into buf as a C string; false if absent or too long. */
static bool bootarg_string(const struct platform *p, const char *key, char *buf, size_t size)
{
	const char *value;
	size_t len;

	if (!bootargs_lookup(p->bootargs, p->bootargs_len, key, &value, &len) || len >= size)
		return NULL;
	memcpy(buf, value, len);
	buf[len] = '\0';
	return true;
}

/*
 * Builds argc, argv, envp and apple on the new task's stack: pointers at the
 * stack pointer, strings above them. Returns the stack pointer, or 0.
 */
static vaddr_t bootstrap_stack(struct vm_map *map, const char *path, const char *arg,
                               const char *boot_volume, struct trap_frame *frame)
{
	char strings[STRINGS_MAX];
	char executable[PATH_MAX_LEN + 32];
	const char *string[4];
	int nstrings = 0;
	size_t used = 0;
	uint64_t string_offset[4];

	/* argv[0..argc), then apple[0] = "executable_path=PATH" and apple[1], the boot volume. */
	string[nstrings++] = path;
	if (arg)
		string[nstrings++] = arg;
	int argc = nstrings;
	format_snprintf(executable, sizeof(executable), "executable_path=%s", path);
	string[nstrings++] = executable;
	string[nstrings++] = boot_volume;
	for (int i = 0; i < nstrings; i++) {
		size_t len = strlen(string[i]) + 1;
		if (used + len > sizeof(strings))
			return 0;
		string_offset[i] = used;
		memcpy(strings + used, string[i], len);
		used += len;
	}

	/* argc, argv..., NULL, (no envp) NULL, apple..., NULL. */
	uint64_t words[10];
	int n = 0;
	vaddr_t strings_at = (USER_STACK_TOP - used) & ~15UL;
	words[n++] = (uint64_t)argc;
	for (int i = 0; i < argc; i++)
		words[n++] = strings_at + string_offset[i];
	words[n++] = 0;
	int envp_index = n;
	words[n++] = 0;
	int apple_index = n;
	for (int i = argc; i < nstrings; i++)
		words[n++] = strings_at + string_offset[i];
	words[n++] = 0;
	vaddr_t sp = (strings_at - n * sizeof(uint64_t)) & ~15UL;

	if (vm_map_copyout_bytes(map, strings_at, strings, used, true) != KERN_SUCCESS ||
	    vm_map_copyout_bytes(map, sp, words, n * sizeof(uint64_t), true) != KERN_SUCCESS)
		return 0;
	frame->x[0] = (uint64_t)argc;
	frame->x[1] = sp + 8;
	frame->x[2] = sp + envp_index * 8;
	frame->x[3] = sp + apple_index * 8;
	return sp;
}

/*
 * Maps the boot volume read-only into the boot task, which starts the
 * servers from it, and describes it as apple string
 * "boot_volume=0xADDRESS,0xSIZE" in `out`.
 */
static bool bootstrap_map_volume(struct task *task, char *out, size_t size)
{
	uint64_t pa, bytes;

	if (!bootvol_range(&pa, &bytes))
		return false;
	uint64_t start = trunc_page(pa), length = round_page(pa + bytes) - start;
	struct vm_object *object = vm_object_physical(start, length, false);
	vaddr_t address = VM_MAP_MIN_ADDRESS;
	if (!object)
		return false;
	if (vm_map_enter_object(task->map, &address, length, object, VM_PROT_READ, VM_PROT_READ) !=
	    KERN_SUCCESS) {
		vm_object_deallocate(object);
		return false;
	}
	format_snprintf(out, size, "boot_volume=0x%lx,0x%lx", address + (pa - start), bytes);
	return true;
}

static bool bootstrap_map_segments(struct task *task, const struct macho_image *image,
                                   const uint8_t *file)
{
	for (unsigned i = 0; i < image->nsegments; i++) {
		const struct macho_segment *seg = &image->segments[i];
		struct macho_load_step step;

		/* __PAGEZERO and its like stay unmapped, so stray pointers fault. */
		if (seg->vmsize == 0 || seg->maxprot == VM_PROT_NONE)
			continue;
		macho_plan_segment(file, seg, &step);
		vaddr_t addr = step.map_start;
		kern_return_t kr = vm_map_enter_anon(task->map, &addr, step.map_size, false,
		                                     (vm_prot_t)step.prot, (vm_prot_t)seg->maxprot);
		/* The rest of the segment is demand-zero memory already. */
		if (kr == KERN_SUCCESS && step.copy_size > 0)
			kr = vm_map_copyout_bytes(task->map, step.map_start, step.src,
			                          step.copy_size, true);
		if (kr != KERN_SUCCESS) {
			kprintf("bootstrap: cannot map segment %s at 0x%lx (error %d)\n", seg->name,
			        seg->vmaddr, kr);
			return false;
		}
	}
	return true;
}

static bool trace_on_exit;    /* boot argument ipc.trace=1 */
static uint64_t kernel_ports; /* ports the kernel itself holds (the host port): not leaks */
static size_t pages_before;   /* vm_kern_other_pages before the task was made */
static long heap_before;      /* heap_held then */

/*
 * Kernel heap allocations held, less the message buffers kept for reuse (the
 * shared cache and threads' spares), which come and go with traffic.
 */
static long heap_held(void)
{
	return (long)vm_kern_heap_allocs() - (long)ipc_kmsg_cached_count() -
	       (long)thread_kmsg_spares();
}

static void bootstrap_ended(struct task *task)
{
	/* Everything the task held is released by now: the tests read these as leak checks. */
	task_reap();
	kprintf("bootstrap: task '%s' has ended; kernel objects left: %lu ports, %lu tasks, "
	        "%zu VM objects\n",
	        task->name, ipc_port_count() - kernel_ports, task_count() - 1, vm_object_count());
	/*
	 * Pages the kernel took for anything but its heap (whose allocations the
	 * small-message cache keeps, so they are no exact count): ended threads
	 * are freed now, but for the caller, the task's last thread on its way
	 * out, which still holds its kernel stack.
	 */
	thread_reap();
	kprintf("bootstrap: kernel pages left: %ld\n",
	        (long)(vm_kern_other_pages() - pages_before - KSTACK_SIZE / PAGE_SIZE));
	/* Still held, and no leak: the caller and the task, which the caller references. */
	kprintf("bootstrap: kernel heap allocations left: %ld\n", heap_held() - heap_before - 2);
	if (trace_on_exit)
		ipc_trace_dump();
	kprintf("bootstrap: nothing left to run, powering off\n");
	psci_system_off();
}

struct thread *bootstrap_start(const struct platform *p)
{
	char path[PATH_MAX_LEN] = BOOTSTRAP_DEFAULT_PATH;
	char arg[PATH_MAX_LEN];
	bool has_arg = bootarg_string(p, "bootstrap.arg", arg, sizeof(arg));
	const struct fat_volume *vol = bootvol_volume();
	struct fat_entry entry;
	struct macho_image image;
	size_t nread;

	bootarg_string(p, "bootstrap", path, sizeof(path));
	trace_on_exit = bootargs_equal(p->bootargs, p->bootargs_len, "ipc.trace", "1");
	kernel_ports = ipc_port_count();
	if (!vol) {
		kprintf("bootstrap: no boot volume, so no bootstrap task\n");
		return NULL;
	}
	int err = fat_lookup(vol, path, &entry);
	if (err != FAT_OK || entry.is_dir) {
		kprintf("bootstrap: %s: %s\n", path,
		        err != FAT_OK ? fat_strerror(err) : "is a directory");
		return NULL;
	}
	pages_before = vm_kern_other_pages();
	heap_before = heap_held();
	uint8_t *file = kalloc(entry.size ? entry.size : 1);
	if (!file) {
		kprintf("bootstrap: %s: no memory for %u bytes\n", path, entry.size);
		return NULL;
	}
	struct thread *thread = NULL;
	err = fat_read(vol, &entry, 0, file, entry.size, &nread);
	if (err != FAT_OK || nread != entry.size) {
		kprintf("bootstrap: %s: %s\n", path,
		        err != FAT_OK ? fat_strerror(err) : "short read");
		goto out;
	}
	enum macho_error merr = macho_parse(file, entry.size, &image);
	if (merr != MACHO_OK) {
		kprintf("bootstrap: %s: %s\n", path, macho_strerror(merr));
		goto out;
	}
	if (!macho_self_contained(&image)) {
		kprintf("bootstrap: %s needs dyld (it imports symbols or has chained fixups); "
		        "the boot task must be self-contained\n",
		        path);
		goto out;
	}

	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct task *task = task_create(name, NULL, false);
	if (!task) {
		kprintf("bootstrap: no memory for a task\n");
		goto out;
	}
	/* The first task holds the machine's privilege: mach_host_self gives it host_priv. */
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	task->itk_host = host_port(true);
	ipc_port_copy_send(task->itk_host);
	spin_unlock_irqrestore(&ipc_lock, daif);
	struct trap_frame frame;
	memset(&frame, 0, sizeof(frame));
	vaddr_t stack = USER_STACK_TOP - USER_STACK_SIZE;
	char boot_volume[64];
	if (bootstrap_map_segments(task, &image, file) &&
	    vm_map_enter_anon(task->map, &stack, USER_STACK_SIZE, false, VM_PROT_DEFAULT,
	                      VM_PROT_DEFAULT) == KERN_SUCCESS &&
	    bootstrap_map_volume(task, boot_volume, sizeof(boot_volume)) &&
	    (frame.sp_el0 = bootstrap_stack(task->map, path, has_arg ? arg : NULL, boot_volume,
	                                    &frame)) != 0) {
		frame.elr = image.entry;
		frame.spsr = 0; /* EL0t, interrupts unmasked */
		thread = thread_create_user(task, &frame);
	}
	if (!thread) {
		kprintf("bootstrap: cannot set up task '%s'\n", name);
		task_terminate(task);
		goto out;
	}
	task->on_terminated = bootstrap_ended;
	kprintf("bootstrap: started %s (task %lu, entry 0x%lx)\n", path, task->id, image.entry);
out:
	kfree(file);
	return thread;
}
