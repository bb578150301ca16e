#!/usr/bin/env bash
# The first process on the default boot volume, as `bazel run //:qemu` shows
# it: the bootstrap starts the console driver and bsdserver, bsdserver starts
# /sbin/init (lineecho) through /usr/lib/dyld with libSystem.B.dylib, and
# every typed line comes back prefixed with "echo: ", edited by bsdserver's
# tty (erase, kill); ^D on an empty line ends lineecho, and bsdserver powers
# the machine off.
. "$(dirname "$0")/run_guest.sh"
kernel=$1 volume=$2

long=$(printf 'x%.0s' $(seq 300))
script="${TEST_TMPDIR:-/tmp}/typing"
{
	printf '^Tessera: lineecho is pid 1\thello, Tessera\n'
	printf '^echo: hello, Tessera$\tabc\177d\n'
	printf '^echo: abd$\tjunk\025ok\n'
	printf '^echo: ok$\t%s\n' "$long"
	printf '^echo: %s$\t\004\n' "$long"
} >"$script"

guest_boot_typing "$kernel" "$script" -m 256M -initrd "$volume"
[ "$guest_status" -eq 0 ] || { echo "FAIL: QEMU exited with $guest_status"; failures=$((failures + 1)); }
expect '^console: PL011 at 0x9000000, interrupt 33, serving "console"' "the console driver runs"
expect '^bsdserver: started /sbin/init as pid 1' "bsdserver starts init"
expect '^Tessera: lineecho is pid 1; type lines, \^D to end$' "lineecho's banner, through dyld and libSystem"
expect '^hello, Tessera$' "the tty echoes what is typed"
expect '^echo: hello, Tessera$' "a line comes back"
expect '^echo: abd$' "erase (DEL) takes back one character"
expect '^echo: ok$' "kill (^U) takes back the line"
expect "^echo: $long\$" "a line longer than lineecho's buffer keeps one prefix"
expect '^lineecho: end of input$' "^D on an empty line is end of input"
expect '^bsdserver: pid 1 \(init\) exited with status 0$' "init's exit status"
expect '^host: power-off requested by task [0-9]+ .bsdserver.$' "bsdserver powers off"
expect_not 'getentropy' "libSystem's start-up needs no getentropy (exec gives stack_guard=), nor is it unwritten"
expect_not 'panic|^exception:' "kernel panic or exception"
guest_done
