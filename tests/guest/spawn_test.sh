#!/usr/bin/env bash
# posix_spawn through bsdserver: /sbin/init (programs/spawn_init.c, on
# libSystem) spawns /bin/spawn_child (programs/spawn_child.c) through dyld
# and checks what it gets back: exit statuses through waitpid and wait,
# argv and envp, descriptors inherited or closed on exec, file actions
# (open, close, dup2 redirecting the child's stdout, inherit), attributes
# and the ones refused with ENOTSUP/EINVAL, errors (ENOENT, ENOEXEC,
# EFAULT, E2BIG, EBADF), WNOHANG and ECHILD, posix_spawnp's PATH search, 100
# spawns in a row, children that fault (ending with their exception's
# signal: SIGSEGV, SIGTRAP, SIGILL), and a
# child that outlives init (bsdserver powers off only after it).
. "$(dirname "$0")/run_guest.sh"
kernel=$1 volume=$2

guest_boot "$kernel" -m 256M -initrd "$volume"
expect '^bsdserver: started /sbin/init as pid 1$' "init started"
expect '^spawn_init: init is pid 1$' "init runs on libSystem"
for what in "exit status 7" "the child's parent is the caller, its pid another" \
	"argv and envp reach the child" "a NULL envp is an empty environment" \
	"dyld's shared text cannot be made writable" \
	"descriptors inherited, close-on-exec ones closed" "file actions open, dup2 and close" \
	"dup2 redirects the child's stdout" "dup2 clears close-on-exec" \
	"POSIX_SPAWN_CLOEXEC_DEFAULT keeps only the named descriptors" \
	"POSIX_SPAWN_RESETIDS" "POSIX_SPAWN_SETPGROUP: ENOTSUP" "an unknown flag: EINVAL" \
	"a missing file: ENOENT" "a file that is not Mach-O: ENOEXEC" "a bad path pointer: EFAULT" \
	"a bad argv pointer: EFAULT" "a bad argument string: EFAULT" "a bad pid pointer: EFAULT, and no child" \
	"arguments over ARG_MAX: E2BIG" "an argument of 3/4 ARG_MAX reaches the child whole" \
	"dup2 of a descriptor not open: EBADF" "twenty-one file actions" \
	"attributes keep what they are given" "addopen of a path over PATH_MAX: ENAMETOOLONG" \
	"no child was left by the refused spawns: ECHILD" "WNOHANG on a running child: 0" \
	"wait reaps three children, each with its status" \
	"posix_spawnp searches PATH" \
	"many spawns, and bsdserver still answers"; do
	expect "^spawn_init: ok: $what\$" "$what"
done
expect '^child: argc 5$' "the child's argc"
expect '^child: argv\[0\] /bin/spawn_child$' "argv[0]"
expect '^child: argv\[2\] two words$' "an argument with a space"
expect '^child: argv\[3\] $' "an empty argument"
expect '^child: env SPAWN_VAR=hello$' "the environment given"
expect '^child: 2 environment strings, SPAWN_VAR hello$' "nothing else in it, getenv sees it"
expect '^child: stdout reads "hello from the boot volume"$' "the redirected stdout is the file"
expect '^spawn_init: 100 of 100 spawns in a row exited right$' "100 spawns, more than the process table holds"
# Faults: bsdserver, the exception handler, names the signal; the kernel
# still reports the fault and ends the task; waitpid sees the signal.
for f in "fault SIGSEGV 11 1 EXC_BAD_ACCESS" "trap SIGTRAP 5 6 EXC_BREAKPOINT" \
	"undefined SIGILL 4 2 EXC_BAD_INSTRUCTION"; do
	set -- $f
	expect "^bsdserver: pid [0-9]+ \(spawn_child\) raised exception $4 .*: signal $3\$" "$1: bsdserver maps $5 to $2"
	expect "^exception: $5 .* 'spawn_child'" "$1: the kernel reports $5"
	expect "^spawn_init: $1: signaled, signal $3\$" "$1: waitpid sees $2"
done
if [ "$(grep -c '^spawn_init: ok: a child that faults ends with its exception.s signal$' "$console")" -ne 3 ]; then
	echo "FAIL: a faulting child's status"
	failures=$((failures + 1))
fi
expect '^bsdserver: pid [0-9]+ \(spawn_child\) ended without exit$' "bsdserver notices a faulting child's end"
expect '^spawn_init: all checks passed$' "every check"
expect_not 'spawn_init: FAILED' "failed checks"
expect '^bsdserver: pid 1 \(init\) exited with status 0$' "init exits"
expect '^child: still running after init ended, parent 0$' "a child outlives init"
expect '^bsdserver: init has ended and no process is left; powering off$' "then bsdserver powers off"
if ! sed -n '/still running after init ended/,$p' "$console" | grep -q 'powering off'; then
	echo "FAIL: bsdserver powered off before the last child ended"
	failures=$((failures + 1))
fi
expect_not 'panic' "kernel panic"
guest_done
