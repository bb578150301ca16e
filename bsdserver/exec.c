#include "bsdserver/exec.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <mach/exception_types.h>
#include <mach/notify.h>
#include <mach/syscall_forward.h>
#include <mach/task_special_ports.h>
#include <mach/thread_status.h>

#include "bsdserver/bsd_abi.h"
#include "bsdserver/bsdserver.h"
#include "bsdserver/entropy.h"
#include "bsdserver/exc.h"
#include "bsdserver/exec_image.h"
#include "bsdserver/image_cache.h"
#include "kern/macho.h"
#include "userland/bootstrap/format.h"
#include "userland/bootstrap/segment_map.h"


static char why_buf[192];

static const char *because(const char *a, const char *b, const char *c)
{
	why_buf[0] = '\0';
	strncat(why_buf, a, sizeof(why_buf) - 1);
	strncat(why_buf, b, sizeof(why_buf) - 1 - strlen(why_buf));
	strncat(why_buf, c, sizeof(why_buf) - 1 - strlen(why_buf));
	return why_buf;
}

/* Maps a read-only segment shared from its memory entry, at its address, with its protections. */
static kern_return_t map_shared(task_t task, const struct image *img, unsigned i)
{
	const struct macho_segment *seg = &img->image.segments[i];
	struct macho_load_step step;

	macho_plan_segment(img->file.data, seg, &step);
	mach_vm_address_t address = step.map_start;
	return mach_vm_map(task, &address, step.map_size, 0, VM_FLAGS_FIXED, img->shared[i], 0,
	                   false, (vm_prot_t)step.prot, (vm_prot_t)seg->maxprot, VM_INHERIT_SHARE);
}


/* Each segment of img at its address: shared when it can be (image_cache.h), else copied. */
static kern_return_t map_image(task_t task, const struct image *img)
{
	for (unsigned i = 0; i < img->image.nsegments; i++) {
		const struct macho_segment *seg = &img->image.segments[i];
		if (seg->vmsize == 0 || seg->maxprot == 0)
			continue;
		kern_return_t kr = MACH_PORT_VALID(img->shared[i])
		                       ? map_shared(task, img, i)
		                       : segment_map(task, img->file.data, seg);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

/* The syscall port: a receive right in the port set, its context the pid, a send right given. */
static kern_return_t make_syscall_port(struct proc *p, task_t task)
{
	mach_port_t port;
	kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	p->syscall_port = port;
	kr = mach_port_set_context(mach_task_self(), port, (uint64_t)p->pid);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = task_set_special_port(task, TASK_SYSCALL_PORT, port);
	mach_port_deallocate(mach_task_self(), port); /* the send right made above */
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(mach_task_self(), port, bsd.port_set);
	return kr;
}

/* The task's ports, memory and stack; its thread is started by the caller. */
static kern_return_t build_task(struct proc *p, task_t task, const struct image *prog,
                                const struct image *dyld, const uint8_t *stack, uint64_t stack_size)
{
	mach_port_t previous = MACH_PORT_NULL;
	kern_return_t kr = make_syscall_port(p, task);

	if (kr == KERN_SUCCESS)
		kr = task_set_special_port(task, TASK_BOOTSTRAP_PORT, bsd.bootstrap);
	if (kr == KERN_SUCCESS)
		kr = task_set_special_port(task, TASK_HOST_PORT, bsd.host);
	if (kr == KERN_SUCCESS)
		kr = task_set_exception_ports(task, EXC_PROCESS_MASK, bsd.exc, EXCEPTION_DEFAULT,
		                              THREAD_STATE_NONE);
	if (kr == KERN_SUCCESS)
		kr = map_image(task, prog);
	if (kr == KERN_SUCCESS)
		kr = map_image(task, dyld);
	mach_vm_address_t stack_low = EXEC_STACK_TOP - EXEC_STACK_SIZE;
	if (kr == KERN_SUCCESS)
		kr = mach_vm_allocate(task, &stack_low, EXEC_STACK_SIZE, VM_FLAGS_FIXED);
	if (kr == KERN_SUCCESS)
		kr = mach_vm_write(task, EXEC_STACK_TOP - stack_size, stack,
		                   (mach_msg_type_number_t)stack_size);
	if (kr == KERN_SUCCESS)
		kr = mach_port_request_notification(mach_task_self(), task, MACH_NOTIFY_DEAD_NAME,
		                                    0, bsd.notify, &previous);
	return kr;
}

static kern_return_t start_thread(task_t task, uint64_t pc, uint64_t sp)
{
	struct arm_thread_state64 state;
	thread_act_t thread;

	memset(&state, 0, sizeof(state));
	state.sp = sp;
	state.pc = pc;
	kern_return_t kr = thread_create_running(task, ARM_THREAD_STATE64, (natural_t *)&state,
	                                         ARM_THREAD_STATE64_COUNT, &thread);
	if (kr == KERN_SUCCESS)
		mach_port_deallocate(mach_task_self(), thread);
	return kr;
}

static void name_task(struct proc *p, task_t task, const char *path)
{
	const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;

	strncpy(p->name, base, sizeof(p->name) - 1);
	p->name[sizeof(p->name) - 1] = '\0';
	task_set_name(task, p->name);
}

/* The strings behind apple[], as XNU passes them; the random values are new for each process. */
struct apple_strings {
	char exec_path[sizeof("executable_path=") + PATH_MAX];
	char stack_guard[sizeof("stack_guard=0x") + 16];
	char malloc_entropy[sizeof("malloc_entropy=0x,0x") + 32];
	char ptr_munge[sizeof("ptr_munge=0x") + 16];
};

static void format(char *buf, size_t size, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	bootstrap_vformat(buf, size, format, ap);
	va_end(ap);
}

/*
 * Fills s and apple[0..4] (NULL-terminated): executable_path=PATH, then
 * stack_guard= (libSystem's __stack_chk_guard; its second byte zero, as
 * XNU's, so a C string copy cannot reproduce it), malloc_entropy= and
 * ptr_munge=. 0, or EIO when the kernel gives no random bytes.
 */
static int apple_strings_make(struct apple_strings *s, const char *path, const char *apple[5])
{
	uint64_t v[4];

	if (entropy_bytes(v, sizeof(v)) != 0)
		return EIO;
	strcpy(s->exec_path, "executable_path=");
	strncat(s->exec_path, path, sizeof(s->exec_path) - 1 - strlen(s->exec_path));
	format(s->stack_guard, sizeof(s->stack_guard), "stack_guard=0x%llx",
	       (unsigned long long)(v[0] & ~(0xffull << 8)));
	format(s->malloc_entropy, sizeof(s->malloc_entropy), "malloc_entropy=0x%llx,0x%llx",
	       (unsigned long long)v[1], (unsigned long long)v[2]);
	format(s->ptr_munge, sizeof(s->ptr_munge), "ptr_munge=0x%llx", (unsigned long long)v[3]);
	apple[0] = s->exec_path;
	apple[1] = s->stack_guard;
	apple[2] = s->malloc_entropy;
	apple[3] = s->ptr_munge;
	apple[4] = NULL;
	return 0;
}

/* The dynamic linker's checks and the stack, with both files loaded: 0 or an errno with *why. */
static int check_pair(const char *path, const char *dyld_path, const struct image *prog,
                      const struct image *dyld, const char *const *argv, const char *const *envp,
                      uint8_t *stack, uint64_t *sp, const char **why)
{
	static struct apple_strings strings;
	const char *apple[5];

	if (!macho_self_contained(&dyld->image)) {
		*why = because(dyld_path, ": ", "the dynamic linker imports or needs fixups");
		return ENOEXEC;
	}
	*why = exec_layout_check(&prog->image, &dyld->image, EXEC_STACK_TOP - EXEC_STACK_SIZE,
	                         EXEC_STACK_TOP);
	if (*why != NULL) {
		*why = because(path, ": ", *why);
		return ENOEXEC;
	}
	if (apple_strings_make(&strings, path, apple) != 0) {
		*why = "the kernel gave no random bytes for the new process";
		return EIO;
	}
	int err = exec_stack_build(stack, EXEC_ARGS_MAX, EXEC_STACK_TOP,
	                           exec_header_address(&prog->image), argv, envp, apple, sp);
	if (err != 0)
		*why = "the arguments and environment do not fit";
	return err;
}

/*
 * Everything that can be checked before a task exists: 0 with *prog and
 * *dyld (image_cache_get's), or an errno with *why.
 */
static int prepare(const char *path, const char *const *argv, const char *const *envp,
                   const struct image **prog, const struct image **dyld, uint8_t *stack,
                   uint64_t *sp, const char **why)
{
	static char load_why[sizeof(why_buf)];
	int err = image_cache_get(path, prog, why);

	if (err != 0)
		return err;
	const char *dyld_path =
	    (*prog)->image.dylinker[0] != '\0' ? (*prog)->image.dylinker : EXEC_DYLD_PATH;
	if (exec_header_address(&(*prog)->image) == 0) {
		*why = because(path, ": ", "no segment maps its Mach-O header");
		return ENOEXEC;
	}
	err = image_cache_get(dyld_path, dyld, why);
	if (err != 0) {
		strcpy(load_why, *why);
		*why = because("cannot load the dynamic linker: ", load_why, "");
		return err;
	}
	return check_pair(path, dyld_path, *prog, *dyld, argv, envp, stack, sp, why);
}

/* Makes p (a fresh slot) run path: 0, or an errno with *why and no task left. */
static int exec_start(struct proc *p, const char *path, const char *const *argv,
                      const char *const *envp, const char **why)
{
	static uint8_t stack[EXEC_ARGS_MAX] __attribute__((aligned(16)));
	const struct image *prog, *dyld;
	uint64_t sp;
	task_t task;

	int err = prepare(path, argv, envp, &prog, &dyld, stack, &sp, why);
	if (err != 0)
		return err;
	uint64_t entry = dyld->image.entry;
	kern_return_t kr = task_create(mach_task_self(), NULL, 0, false, &task);
	if (kr == KERN_SUCCESS) {
		name_task(p, task, path);
		/* Only the pages the strings and pointers reach: the rest is demand-zero. */
		uint64_t used = EXEC_STACK_TOP - (sp & ~(uint64_t)(EXEC_PAGE_SIZE - 1));
		kr = build_task(p, task, prog, dyld, stack + EXEC_ARGS_MAX - used, used);
		if (kr == KERN_SUCCESS)
			kr = start_thread(task, entry, sp);
		if (kr != KERN_SUCCESS) {
			task_terminate(task);
			mach_port_deallocate(mach_task_self(), task);
			if (MACH_PORT_VALID(p->syscall_port))
				mach_port_mod_refs(mach_task_self(), p->syscall_port,
				                   MACH_PORT_RIGHT_RECEIVE, -1);
			p->syscall_port = MACH_PORT_NULL;
		}
	}
	if (kr != KERN_SUCCESS) {
		*why = kr == KERN_RESOURCE_SHORTAGE || kr == KERN_NO_SPACE
		           ? "no memory for the new task"
		           : "the kernel refused to build the new task";
		return kr == KERN_RESOURCE_SHORTAGE || kr == KERN_NO_SPACE ? ENOMEM : EIO;
	}
	p->task = task;
	return 0;
}

int exec_process(const struct proc *parent, struct fdtable *fds, const char *path,
                 const char *const *argv, const char *const *envp, struct proc **out,
                 const char **why)
{
	struct proc *p = proc_alloc(parent != NULL ? parent->pid : 0);

	if (p == NULL) {
		fd_close_all(fds);
		*why = "the process table is full";
		return EAGAIN;
	}
	if (parent != NULL) {
		p->uid = parent->uid;
		p->euid = parent->euid;
		p->gid = parent->gid;
		p->egid = parent->egid;
	}
	p->fds = *fds;
	memset(fds, 0, sizeof(*fds));
	int err = exec_start(p, path, argv, envp, why);
	if (err != 0) {
		fd_close_all(&p->fds);
		proc_free(p);
		return err;
	}
	*out = p;
	return 0;
}
