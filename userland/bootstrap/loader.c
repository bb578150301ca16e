#include "userland/bootstrap/loader.h"

#include <stdarg.h>
#include <string.h>

#include <mach/thread_status.h>

#include "kern/macho.h"
#include "userland/bootstrap/format.h"
#include "userland/bootstrap/segment_map.h"
#include "userland/bootstrap/volume.h"

/* Where the stack goes, as the kernel places the bootstrap's. */
#define STACK_TOP  0x170000000ull
#define STACK_SIZE (8ull << 20)
#define PAGE_SIZE  4096u

static const char *failed(struct bootstrap_program *prog, kern_return_t kr, const char *why)
{
	prog->error = kr;
	return why;
}


static void format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bootstrap_vformat(buf, size, fmt, ap);
	va_end(ap);
}

/* Appends s and its NUL at page[*at], moving *at on; the caller has checked the room. */
static uint64_t put_string(uint8_t *page, size_t *at, uint64_t page_at, const char *s)
{
	size_t n = strlen(s) + 1;
	uint64_t address = page_at + *at;

	memcpy(page + *at, s, n);
	*at += n;
	return address;
}

/*
 * Builds the top page of the stack: argc, argv, NULL, (no envp) NULL, apple,
 * NULL at the stack pointer, the strings above them. apple[1] is `volume`
 * unless that is NULL.
 */
static kern_return_t build_stack(struct bootstrap_program *prog, const char *path,
                                 const char *volume)
{
	static uint8_t page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
	static char exec_path[PAGE_SIZE / 2];
	const uint64_t page_at = STACK_TOP - PAGE_SIZE;
	uint64_t words[8];

	memset(page, 0, sizeof(page));
	strcpy(exec_path, "executable_path=");
	strcat(exec_path, path);
	size_t strings =
	    strlen(path) + 1 + strlen(exec_path) + 1 + (volume != NULL ? strlen(volume) + 1 : 0);
	size_t first = (PAGE_SIZE - strings) & ~(size_t)15, at = first;
	words[0] = 1; /* argc */
	words[1] = put_string(page, &at, page_at, path);
	words[2] = 0;
	words[3] = 0; /* envp: empty */
	words[4] = put_string(page, &at, page_at, exec_path);
	words[5] = volume != NULL ? put_string(page, &at, page_at, volume) : 0;
	words[6] = 0;
	words[7] = 0; /* padding to 16 bytes */
	size_t sp = (first - sizeof(words)) & ~(size_t)15;
	memcpy(page + sp, words, sizeof(words));

	mach_vm_address_t stack = STACK_TOP - STACK_SIZE;
	kern_return_t kr = mach_vm_allocate(prog->task, &stack, STACK_SIZE, VM_FLAGS_FIXED);
	if (kr == KERN_SUCCESS)
		kr = mach_vm_write(prog->task, page_at, page, PAGE_SIZE);
	prog->sp = page_at + sp;
	prog->args[0] = 1;
	prog->args[1] = prog->sp + 8;
	prog->args[2] = prog->sp + 24;
	prog->args[3] = prog->sp + 32;
	return kr;
}

/*
 * Maps the boot volume's pages (read-only in the bootstrap too) into the task
 * through a memory entry, so both see the same memory, and describes the
 * task's view in `apple` ("boot_volume=0xADDRESS,0xSIZE").
 */
static kern_return_t share_volume(task_t task, const struct fat_volume *vol, char *apple,
                                  size_t size)
{
	uint64_t image = (uint64_t)(uintptr_t)vol->image;
	uint64_t start = image & ~(uint64_t)(PAGE_SIZE - 1);
	memory_object_size_t length =
	    (image + vol->image_size - start + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	mem_entry_name_port_t entry = MACH_PORT_NULL;
	mach_vm_address_t address = 0;

	kern_return_t kr = mach_make_memory_entry_64(mach_task_self(), &length, start, VM_PROT_READ,
	                                             &entry, MACH_PORT_NULL);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = mach_vm_map(task, &address, length, 0, VM_FLAGS_ANYWHERE, entry, 0, false,
	                 VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE);
	mach_port_deallocate(mach_task_self(), entry);
	if (kr == KERN_SUCCESS)
		format(apple, size, "boot_volume=0x%llx,0x%llx",
		       (unsigned long long)(address + (image - start)),
		       (unsigned long long)vol->image_size);
	return kr;
}

/* Parses the file into *image: NULL if the bootstrap can start it, else why not. */
static const char *check_image(const struct bootstrap_file *file, struct macho_image *image)
{
	enum macho_error err = macho_parse(file->data, file->size, image);

	if (err != MACHO_OK)
		return macho_strerror(err);
	if (!macho_self_contained(image))
		return "needs dyld (it imports symbols or has chained fixups); the "
		       "bootstrap starts only self-contained programs";
	if (image->vm_end > STACK_TOP - STACK_SIZE)
		return "its segments reach the stack's address";
	return NULL;
}

/* The kernel's reports call the task by its program's file name (cut to fit). */
static void name_task(mach_port_t task, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char name[24];
	size_t n = strlen(base) < sizeof(name) - 1 ? strlen(base) : sizeof(name) - 1;

	memcpy(name, base, n);
	name[n] = '\0';
	task_set_name(task, name);
}

const char *bootstrap_program_load(const struct fat_volume *vol, const char *path,
                                   bool share_volume_too, struct bootstrap_program *prog)
{
	char volume[64];
	struct bootstrap_file file;
	struct macho_image image;
	const char *why;
	kern_return_t kr;

	memset(prog, 0, sizeof(*prog));
	/* The path and the strings built from it must fit in the stack's top page. */
	if (strlen(path) > PAGE_SIZE / 4)
		return "path too long";
	why = bootstrap_file_read(vol, path, &file);
	if (why != NULL)
		return why;
	why = check_image(&file, &image);
	if (why != NULL) {
		bootstrap_file_free(&file);
		return why;
	}
	kr = task_create(mach_task_self(), NULL, 0, false, &prog->task);
	if (kr != KERN_SUCCESS) {
		bootstrap_file_free(&file);
		return failed(prog, kr, "cannot create a task");
	}
	name_task(prog->task, path);
	why = NULL;
	for (unsigned i = 0; i < image.nsegments && why == NULL; i++) {
		const struct macho_segment *seg = &image.segments[i];
		/* __PAGEZERO and its like stay unmapped, so stray pointers fault. */
		if (seg->vmsize == 0 || seg->maxprot == VM_PROT_NONE)
			continue;
		kr = segment_map(prog->task, file.data, seg);
		if (kr != KERN_SUCCESS)
			why = failed(prog, kr, "cannot map a segment into the new task");
	}
	if (why == NULL && share_volume_too &&
	    (kr = share_volume(prog->task, vol, volume, sizeof(volume))) != KERN_SUCCESS)
		why = failed(prog, kr, "cannot map the boot volume into the new task");
	if (why == NULL &&
	    (kr = build_stack(prog, path, share_volume_too ? volume : NULL)) != KERN_SUCCESS)
		why = failed(prog, kr, "cannot build the new task's stack");
	prog->entry = image.entry;
	bootstrap_file_free(&file);
	if (why != NULL) {
		kern_return_t error = prog->error;
		bootstrap_program_discard(prog);
		prog->error = error;
	}
	return why;
}

kern_return_t bootstrap_program_start(struct bootstrap_program *prog)
{
	struct arm_thread_state64 state;
	thread_act_t thread;

	memset(&state, 0, sizeof(state));
	for (int i = 0; i < 4; i++)
		state.x[i] = prog->args[i];
	state.sp = prog->sp;
	state.pc = prog->entry;
	state.cpsr = 0; /* EL0t, interrupts unmasked */
	kern_return_t kr = thread_create_running(
	    prog->task, ARM_THREAD_STATE64, (natural_t *)&state, ARM_THREAD_STATE64_COUNT, &thread);
	if (kr == KERN_SUCCESS)
		mach_port_deallocate(mach_task_self(), thread);
	return kr;
}

void bootstrap_program_discard(struct bootstrap_program *prog)
{
	if (MACH_PORT_VALID(prog->task)) {
		task_terminate(prog->task);
		mach_port_deallocate(mach_task_self(), prog->task);
	}
	memset(prog, 0, sizeof(*prog));
}
