#!/usr/bin/env bash
# dyld (/usr/lib/dyld) in a guest, started the way bsdserver starts a
# process (DESIGN.md, "Starting a process") by a harness boot task that
# also serves the BSD calls (//tests/guest/dyld). The same test program and
# dylibs, linked by lld-14 (dyld-info opcodes, lazy binding) into /test/op
# and by lld-16 -fixup_chains into /test/ch: initializers dependencies first
# with (argc, argv, envp, apple) (__mod_init_func in op, __init_offsets in ch), binds across images, lazy binds through
# dyld_stub_binder, weak coalescing, a missing weak dylib, thread-local
# variables, dlopen/dlsym/dladdr/dlclose/dlerror and their refusals; then
# programs whose dylib is damaged or missing, refused with one line and
# exit status 127; a dylib found through the second of two run paths; a
# missing symbol, refused at launch (chained) or at the lazy call (opcodes);
# thread-locals on a second thread that starts with no TSD; a read just
# above NULL faults (dyld keeps the program's __PAGEZERO unmapped).
#
# dyld's later work: RTLD_SELF and RTLD_NEXT (program, libn1, libn2 each
# defining which()) and dlopen's @loader_path from the caller's image;
# dlclose unloading (terminators, dladdr, a fresh dlopen, a dependency kept
# while needed, a dylib with thread-locals kept); dlerror per thread; the
# DYLD_* variables (DYLD_LIBRARY_PATH, DYLD_FALLBACK_LIBRARY_PATH and the
# default fallback, DYLD_INSERT_LIBRARIES, DYLD_PRINT_LIBRARIES) and a
# set-id program ignoring them.
#
# Then the real path: bsdserver starts /sbin/init through dyld, first the
# opcodes test program (its dylibs in /sbin), then libSystem programs
# (libsystem_init, opcodes and chained) on /usr/lib/libSystem.B.dylib.
#
# Last, dyld through libSystem's dlfcn (dyld/ls_prog.c as /sbin/init):
# RTLD_SELF and RTLD_NEXT from the program and from a dylib, dlclose
# running libSystem's __cxa_atexit handlers of the image, terminators at
# exit (after the program's own __cxa_atexit destructor), and children
# spawned with and without DYLD_INSERT_LIBRARIES and DYLD_PRINT_LIBRARIES.
#
# Arguments: the kernel, the harness volume, the bsdserver volume, the
# libSystem volumes (opcodes, chained, calls).
. "$(dirname "$0")/run_guest.sh"
kernel=$1 volume=$2 bsd_volume=$3 libsystem_opcodes_volume=$4 libsystem_chained_volume=$5
libsystem_calls_volume=$6

# check_prog NAME FILE DIR END: the test program's lines in FILE (its run in
# folder DIR, up to the line END) are all there.
check_prog() {
	local name=$1 file=$2 dir=$3 end=$4
	check() {
		if grep -qx -- "$1" "$file"; then
			echo "ok: $name: $1"
		else
			echo "FAIL: $name: no line '$1'"
			failures=$((failures + 1))
		fi
	}
	check "init-args: 1"
	check "lazy: 42"
	check "b-saw: 42"
	check "weak: 2"
	check "weak-import-null: 1"
	check "dylibs-above-program: 1"
	check "tls-a: 5"
	check "tls-p: 7"
	check "tls-zero: 0"
	check "tls-a-set: 6"
	check "tls-zero-set: 9"
	check "tls-same: 1"
	check "api-version: 2"
	check "dlopen: 1"
	check "order-after: sabpd"
	check "dlsym: 77"
	check "dladdr-sym: dl_value"
	check "dladdr-file: $dir/libdl.dylib"
	check "dladdr-addr: 1"
	check "dladdr-nowhere: 0"
	check "dlsym-default: 1"
	check "dlsym-missing: 1"
	check "dlerror: no_such_symbol: symbol not found"
	check "dlerror-again: (null)"
	check "dlopen-again-same: 1"
	check "dlclose-over: -1"
	check "dlerror: dlclose with a handle dlopen did not return"
	check "dlopen-missing: 1"
	check "dlerror: $dir/nothere.dylib: cannot open the file"
	check "dlopen-bad: 1"
	check "dlopen-self: 1"
	check "dlopen-executable: 1"
	check "dlerror: $dir/needs_gone: not a dylib (or, for the program, not an executable)"
	check "$end"
}

guest_boot "$kernel" -m 256M -initrd "$volume"
for ld in op ch; do
	# Each program's lines run from its "argv0:" line to the harness's verdict.
	sed -n "/^argv0: \/test\/$ld\/prog$/,/^harness: \/test\/$ld\/prog: /p" "$console" >"$console.$ld"
	check_prog "$ld" "$console.$ld" "/test/$ld" "harness: /test/$ld/prog: exit 3"
done
expect '^order: sabp$' "initializers: libtsys, liba, libb (after liba), then the program"
expect '^argc: 3$' "argc and argv reach main"
grep -qx "stub-binder-used: 1" "$console.op" && echo "ok: op: lazy binds went through dyld_stub_binder" ||
	{ echo "FAIL: op: dyld_stub_binder never called"; failures=$((failures + 1)); }
grep -qx "stub-binder-used: 0" "$console.ch" && echo "ok: ch: chained fixups bind everything at load" ||
	{ echo "FAIL: ch: dyld_stub_binder called"; failures=$((failures + 1)); }
expect '^dlerror: /test/op/libbad.dylib: malformed Mach-O image: segment.s file range lies outside the image' \
	"truncated dylib refused by dlopen"
expect '^dlerror: /test/ch/libbad.dylib: malformed Mach-O image: more load commands than sizeofcmds can hold' \
	"dylib with absurd ncmds refused by dlopen"
expect '^dyld: /test/op/needs_bad: needs /test/op/libbad.dylib: malformed Mach-O image' \
	"program with a damaged dylib refused at launch"
expect '^harness: /test/op/needs_bad: exit 127$' "refusal exit status"
expect '^dyld: /test/ch/needs_gone: needs /test/ch/libgone.dylib: cannot open the file$' \
	"program with a missing dylib refused at launch"
expect '^harness: /test/ch/needs_gone: exit 127$' "refusal exit status"
for ld in op ch; do
	expect "^harness: /test/$ld/rpath_prog: exit 0$" "$ld: @rpath dylib found through the second run path"
done
expect '^rpath: 5$' "the @rpath dylib's function ran"
expect '^needs_short started$' "opcodes: the program starts, its import still unbound"
expect '^dyld: /test/op/needs_short: non-weak import is not defined by any image: _short_value \(lazy bind\)$' \
	"opcodes: the missing symbol refused at its first call, by name"
expect '^dyld: /test/ch/needs_short: non-weak import is not defined by any image: _short_value$' \
	"chained: the missing symbol refused at launch, by name"
expect '^harness: /test/ch/needs_short: exit 127$' "refusal exit status"
expect '^harness: /test/op/needs_short: exit 127$' "refusal exit status"
expect '^tlv-thread-template: 5$' "a second thread starts from the template"
expect '^tlv-thread-own: 8$' "and writes its own copy"
expect '^tlv-thread-distinct: 1$' "at another address"
expect '^tlv-main-kept: 6$' "the main thread's copy untouched"
expect '^harness: /test/ch/tlv_threads: exit 0$' "the two-thread program ends"
expect_not 'ran:' "a refused program's main ran"
expect_not '__tlv_bootstrap reached' "a thread-local descriptor kept __tlv_bootstrap"
expect '^exception: EXC_BAD_ACCESS .*' "a read near NULL faults"
expect '^harness: /test/op/null_read: ended without exit$' "and ends the program"
expect_not 'null_read: read -?[0-9]' "a read near NULL succeeded"
if [ "$(grep -c 'ended without exit' "$console")" -ne 1 ]; then
	echo "FAIL: a process other than null_read crashed"
	failures=$((failures + 1))
fi
expect '^plain: ran$' "a program with no dylibs runs"
expect '^harness: /test/ch/plain: exit 7$' "and its status reaches the exit call"
# count_is N REGEX WHAT: exactly N console lines match.
count_is() {
	if [ "$(grep -Ec -- "$2" "$console")" -eq "$1" ]; then
		echo "ok: $3"
	else
		echo "FAIL: $3: not $1 lines /$2/"
		failures=$((failures + 1))
	fi
}
count_is 2 '^next-prog-self: 0$' "RTLD_SELF from the program finds its own which()"
count_is 2 '^next-prog-next: 1$' "RTLD_NEXT from the program finds libn1's"
count_is 2 '^next-n1-self: 1$' "RTLD_SELF from libn1 finds its own"
count_is 2 '^next-n1-next: 2$' "RTLD_NEXT from libn1 finds libn2's"
count_is 2 '^next-n2-self: 2$' "RTLD_SELF from libn2 finds its own"
count_is 2 '^next-n2-next: -1$' "RTLD_NEXT from the last definer finds none"
count_is 2 '^next-dlerror: which: symbol not found$' "and says so"
count_is 2 '^next-no-caller: 1$' "RTLD_NEXT without a caller fails"
count_is 4 '^next-dlerror: which: RTLD_SELF or RTLD_NEXT from an address in no image$' \
	"with a caller in no image too"
count_is 2 '^next-caller-nowhere: 1$' "an address in no image"
count_is 2 '^next-open-from-n1: 1$' "dlopen @loader_path from libn1 is libn1's folder"
count_is 2 '^next-open-from-prog: 1$' "from the program, the program's"
expect '^next-dlerror: /test/op/libn2.dylib: cannot open the file$' "op: which is named when not found"
expect '^next-dlerror: /test/ch/libn2.dylib: cannot open the file$' "ch: which is named when not found"
for ld in op ch; do
	expect "^harness: /test/$ld/next_prog: exit 0\$" "$ld: next_prog ends"
	expect "^harness: /test/$ld/unload_prog: exit 0\$" "$ld: unload_prog ends"
done
count_is 2 '^unload-u-value: 13$' "libu's function, through libudep"
count_is 2 '^unload-twice-same: 1$' "a second dlopen gives the same handle"
count_is 2 '^unload-close-one: 0$' "dlclose of one of two references"
count_is 2 '^unload-still-there: 1$' "leaves libu loaded"
count_is 2 '^unload-order-before: svuw$' "initializers: libudep before libu, then libu2"
count_is 2 '^unload-close-last: 0$' "dlclose of the last reference"
count_is 2 '^unload-order-closed: svuwU$' "runs libu's terminator, not libudep's"
count_is 2 '^unload-dladdr-gone: 0$' "dladdr no longer finds libu"
count_is 2 '^unload-dep-kept: 1$' "libudep stays while libu2 needs it"
count_is 2 '^unload-noload: 1$' "RTLD_NOLOAD no longer finds libu"
count_is 2 '^unload-handle-stale: 1$' "its old handle is refused"
count_is 2 '^unload-reopened: 13$' "a new dlopen loads it again"
count_is 2 '^unload-dep-gone: 0$' "libudep goes with the last image needing it"
count_is 2 '^unload-tl-value: 4$' "a dylib with thread-locals"
count_is 2 '^unload-tl-close: 0$' "is closed"
count_is 2 '^unload-tl-kept: 1$' "and stays"
count_is 2 '^unload-order: svuwUuUWV$' "initializers again, terminators dependents first"
count_is 2 '^unload-nodelete-close: 0$' "dlclose of an RTLD_NODELETE image"
count_is 2 '^unload-nodelete-kept: 1$' "leaves it loaded"
count_is 2 '^unload-order-nodelete: svuwUuUWVvu$' "with no terminator run"
sed -n '/^harness: \/test\/ch\/plain: /,/^harness: \/test\/op\/unload_prog: /p' "$console" >"$console.unload"
if grep -q '^dyld: unloaded: /test/op/libu.dylib$' "$console.unload" &&
	[ "$(grep -c '^dyld: loaded: /test/op/libu.dylib$' "$console.unload")" -eq 3 ] &&
	grep -q '^dyld: unloaded: /test/op/libudep.dylib$' "$console.unload"; then
	echo "ok: DYLD_PRINT_LIBRARIES names loads and unloads"
else
	echo "FAIL: DYLD_PRINT_LIBRARIES lines of unload_prog"
	failures=$((failures + 1))
fi
expect '^dlerror-thread-before: \(null\)$' "a new thread has no error of the main thread's"
expect '^dlerror-thread-own: thread_missing: symbol not found$' "it gets its own"
expect '^dlerror-thread-after: \(null\)$' "reading clears it"
expect '^dlerror-main: main_missing: symbol not found$' "the main thread's error is kept"
expect '^dlerror-main-again: \(null\)$' "and handed out once"
expect '^env a: order sip, lib 2, fb 7, def 0, hook 9$' \
	"DYLD_LIBRARY_PATH, DYLD_FALLBACK_LIBRARY_PATH (no default), DYLD_INSERT_LIBRARIES first"
expect '^env b: order sp, lib 1, fb 0, def 5, hook 1$' "no variables: the default fallback /usr/lib"
expect '^env c: order sp, lib 1, fb 0, def 5, hook 1$' "a set-id program ignores them"
sed -n '/^harness: \/test\/ch\/dlerror_threads: /,/^harness: \/test\/ch\/env_prog: /p' "$console" |
	grep '^dyld: loaded: ' >"$console.env"
if [ "$(cat "$console.env")" = "dyld: loaded: /test/ch/env_prog
dyld: loaded: /test/ch/libins.dylib
dyld: loaded: /test/ch/lp/libenv.dylib
dyld: loaded: /test/ch/libtsys.dylib
dyld: loaded: /test/ch/fb/libfb.dylib" ]; then
	echo "ok: DYLD_PRINT_LIBRARIES: one line per image, the inserted library first"
else
	echo "FAIL: DYLD_PRINT_LIBRARIES lines:"
	cat "$console.env"
	failures=$((failures + 1))
fi
count_is 1 '^dyld: loaded: /test/ch/env_prog$' "only the variables' run prints (not the set-id one)"
expect '^harness: /test/ch/dlerror_threads: exit 0$' "dlerror_threads ends"
count_is 3 '^harness: /test/ch/env_prog: exit 0$' "env_prog ends each time"
expect_not 'unhandled BSD call' "a process made an unexpected call"
expect '^harness: done$' "every program ran"
expect 'kernel objects left: 0 ports, 0 tasks, 0 VM objects' "nothing leaked"
expect '^bootstrap: kernel heap allocations left: 0$' "no heap allocation leaked"
expect_not 'panic' "kernel panic"
if [ "$(grep -c '^exception: EXC' "$console")" -ne 1 ]; then
	echo "FAIL: an exception other than null_read's"
	failures=$((failures + 1))
fi

# bsdserver starts the test program as /sbin/init through dyld.
guest_boot "$kernel" -m 256M -initrd "$bsd_volume"
expect '^bsdserver: started /sbin/init as pid 1$' "bsdserver: init started"
expect '^order: sabp$' "bsdserver: initializers in order"
sed -n '/^argv0: \/sbin\/init$/,/^bsdserver: pid 1 (init) exited/p' "$console" >"$console.bsd"
check_prog bsdserver "$console.bsd" /sbin "bsdserver: pid 1 (init) exited with status 3"
grep -qx "stub-binder-used: 1" "$console.bsd" && echo "ok: bsdserver: lazy binds through dyld_stub_binder" ||
	{ echo "FAIL: bsdserver: dyld_stub_binder never called"; failures=$((failures + 1)); }
expect '^dlerror: /sbin/libbad.dylib: malformed Mach-O image: segment.s file range lies outside the image' \
	"bsdserver: damaged dylib refused by dlopen"
expect_not 'panic|^exception:' "bsdserver: kernel panic or exception"

# libSystem programs: lazy binding through libSystem's dyld_stub_binder (opcodes)
# or chained fixups, libSystem's initializer, exit through libSystem's exit.
for kind in opcodes chained; do
	eval "v=\$libsystem_${kind}_volume"
	guest_boot "$kernel" -m 256M -initrd "$v"
	expect '^libsystem_init: hello from init, pid 1, 1 argument\(s\)$' "$kind: printf through libSystem"
	expect '^libsystem_init: all checks passed$' "$kind: libSystem's checks"
	expect '^libsystem_init: exiting with status 3 and atexit ran$' "$kind: exit ran atexit, then flushed stdout"
	expect '^bsdserver: pid 1 \(init\) exited with status 3$' "$kind: main's status reached exit"
	expect_not 'panic|^exception:|^dyld:' "$kind: kernel panic, exception or dyld refusal"
done

guest_boot "$kernel" -m 256M -initrd "$libsystem_calls_volume"
expect '^ls-prog-self: 0$' "libSystem: dlsym(RTLD_SELF) from the program finds its own"
expect '^ls-prog-next: 1$' "libSystem: dlsym(RTLD_NEXT) from the program skips libSystem to libwhich1"
expect '^ls-w1-next: 2$' "libSystem: RTLD_NEXT from libwhich1 finds libwhich2's"
expect '^ls-w2-next: -1$' "libSystem: RTLD_NEXT from libwhich2 finds none"
expect '^ls-dlerror: ls_which: symbol not found$' "libSystem: dlerror says why"
expect '^ls-fin-value: 11$' "libSystem: libfin opened"
expect '^ls-fin: handler ran with its argument$' "libSystem: dlclose ran libfin's __cxa_atexit handler"
expect '^ls-fin-close: 0$' "libSystem: dlclose succeeded"
expect '^ls-fin-dladdr: 0$' "libSystem: libfin is unloaded"
count_is 1 '^ls-fin: handler ran' "libSystem: the handler ran once (not again at exit)"
expect '^dyld: loaded: /usr/lib/libins2.dylib$' "libSystem: a spawned child's DYLD_PRINT_LIBRARIES"
expect '^ls-child: hook 9$' "libSystem: DYLD_INSERT_LIBRARIES reaches a spawned child"
expect '^ls-spawn-inserted: 0$' "libSystem: that child exits 0"
expect '^ls-child: hook -1$' "libSystem: a child spawned without them has no libins2"
expect '^ls-spawn-plain: 0$' "libSystem: that child exits 0"
count_is 1 '^dyld: loaded: /sbin/init$' "libSystem: only the first child printed its libraries"
if [ "$(grep '^ls-term: ' "$console" | tr '\n' ' ')" = "ls-term: prog ls-term: 2 ls-term: 1 " ]; then
	echo "ok: libSystem: at exit, __cxa_atexit destructors, then terminators, last initialized first"
else
	echo "FAIL: libSystem: exit terminators: $(grep '^ls-term: ' "$console" | tr '\n' ' ')"
	failures=$((failures + 1))
fi
expect '^bsdserver: pid 1 \(init\) exited with status 0$' "libSystem: init exits 0"
expect_not 'panic|^exception:' "libSystem: kernel panic or exception"
guest_done
