#!/usr/bin/env bash
# The console driver (drivers/console), started by the bootstrap with
# host_priv, and its test client (programs/console_client.c): output through
# console_write, malformed requests refused, and input typed on the guest's
# serial line delivered to the client's listener: what is typed before the
# driver starts, and while the client's listener is dead, is kept; lines longer
# than one console_input message arrive whole, and what the listener's
# one-message queue cannot take at once comes later, in order.
#
# Arguments: the kernel, the test's boot volume.
. "$(dirname "$0")/run_guest.sh"
kernel=$1 volume=$2

long=$(printf 'abcdefghij%.0s' $(seq 30)) # 300 bytes: more than one console_input message
typing="${TEST_TMPDIR:-/tmp}/console_typing"
{
	printf '^Tessera kernel\tbefore the driver\n'
	printf '^console_client: type now$\tearly bird\n'
	printf '^console_client: listening$\thello world\n'
	printf '^console_client: listening$\tSecond Line: 123 !?\n'
	printf '^console_client: listening$\t%s\n' "$long"
	printf '^console_client: listening$\tquit\n'
} >"$typing"

guest_boot_typing "$kernel" "$typing" -m 256M -initrd "$volume"
expect '^bootstrap: started /drivers/console with host_priv' "the bootstrap starts the driver"
expect '^console: PL011 at 0x9000000, interrupt 33, serving "console"$' "the driver is ready"
expect '^console_client: hello through console_write$' "a line written through console_write"
expect '^console_client: malformed requests refused$' "malformed requests refused, the driver still serves"
expect '^console_client: got "BEFORE THE DRIVER"$' "input typed before the driver started was kept, whole"
expect '^console_client: got "EARLY BIRD"$' "input typed while the listener was dead was kept"
expect '^console_client: got "HELLO WORLD"$' "input delivered to the listener"
expect '^console_client: got "SECOND LINE: 123 !\?"$' "bytes passed through unchanged"
expect "^console_client: got \"$(echo "$long" | tr a-z A-Z)\"$" "a line longer than one message"
expect '^console_client: 6 lines read$' "the terminator, the sixth line, ends the input"
expect '^console_client: all checks passed$' "every check of the client"
got=$(grep '^console_client: got' "$console" | tr -d '"' | cut -d' ' -f3- | tr '\n' ' ')
if [ "$got" = "BEFORE THE DRIVER EARLY BIRD HELLO WORLD SECOND LINE: 123 !? $(echo "$long" | tr a-z A-Z) " ]; then
	echo "ok: lines arrived in the order typed"
else
	echo "FAIL: lines arrived as: $got"
	failures=$((failures + 1))
fi
expect_not 'panic|^exception:' "kernel panic or exception"
if [ "$guest_status" -ne 0 ]; then
	echo "FAIL: QEMU ended with status $guest_status, not by the client's power-off"
	failures=$((failures + 1))
fi
guest_done
