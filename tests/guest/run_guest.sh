#!/usr/bin/env bash
# Shared by the guest tests: boots the kernel in QEMU with a time limit and
# leaves the console output in $TEST_TMPDIR/console.log (also echoed to the
# test log). Callers source this file and then use expect/expect_not.
#
# guest_boot KERNEL [QEMU ARGS...]   sets $guest_status to QEMU's exit status
#                                    (124 when the time limit hit).
# guest_boot_typing KERNEL SCRIPT [QEMU ARGS...]
#                                    the same, typing on the guest's serial
#                                    input as SCRIPT says (see below).
set -uo pipefail

GUEST_TIMEOUT=${GUEST_TIMEOUT:-60}
console="${TEST_TMPDIR:-/tmp}/console.log"
failures=0

guest_boot() {
	local kernel=$1
	shift
	timeout --foreground -k 5 "$GUEST_TIMEOUT" qemu-system-aarch64 -M virt -cpu cortex-a72 \
		-display none -no-reboot -nic none -monitor none -serial stdio \
		-kernel "$kernel" "$@" <"${guest_input:-/dev/null}" >"$console" 2>&1
	guest_status=$?
	sed -i "s/\r$//" "$console"
	sed 's/^/| /' "$console"
	if [ "$guest_status" -eq 124 ]; then
		echo "FAIL: guest did not power off within ${GUEST_TIMEOUT}s"
		failures=$((failures + 1))
	fi
}

# SCRIPT has one line per input: REGEX, a tab, TEXT. In order, each waits
# until the console has a line matching REGEX (extended, as expect), then
# types TEXT and a carriage return (Enter on a terminal). Typing stops when
# the guest ends; the guest's input stays open until then.
guest_boot_typing() {
	local kernel=$1 script=$2
	shift 2
	local dir="${TEST_TMPDIR:-/tmp}"
	local guest_input="$dir/serial_input" ended="$dir/guest_ended"
	rm -f "$guest_input" "$ended"
	mkfifo "$guest_input"
	: >"$console"
	(
		while IFS=$'\t' read -r regex text; do
			until tr -d '\r' <"$console" | grep -Eq -- "$regex"; do
				[ -e "$ended" ] && exit 0
				sleep 0.1
			done
			printf '%s\r' "$text"
		done <"$script"
		until [ -e "$ended" ]; do
			sleep 0.1
		done
	) >"$guest_input" &
	local typist=$!
	guest_boot "$kernel" "$@"
	touch "$ended"
	wait "$typist"
	rm -f "$guest_input" "$ended"
}

# expect REGEX [WHAT]: the console must contain a line matching REGEX (extended).
expect() {
	if grep -Eq -- "$1" "$console"; then
		echo "ok: ${2:-$1}"
	else
		echo "FAIL: console lacks /$1/${2:+ ($2)}"
		failures=$((failures + 1))
	fi
}

expect_not() {
	if grep -Eq -- "$1" "$console"; then
		echo "FAIL: console has /$1/${2:+ ($2)}"
		failures=$((failures + 1))
	else
		echo "ok: no ${2:-$1}"
	fi
}

guest_done() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	echo "all checks passed"
}
