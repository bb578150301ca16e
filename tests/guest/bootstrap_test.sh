#!/usr/bin/env bash
# The bootstrap, the first task: it reads /etc/bootstrap.conf from the boot
# volume, makes the configured service's port, starts the servers in order
# (reporting the ones that cannot start and why), serves the name service,
# gets each service's receive right back when its server dies (port-destroyed),
# with the messages sent meanwhile waiting on it, and ends when no server is
# left; then nothing may be left in the kernel.
#
# Arguments: the kernel, the test's boot volume, a volume whose configuration
# lists no servers, a volume with the bootstrap and no configuration.
. "$(dirname "$0")/run_guest.sh"
kernel=$1 volume=$2 no_servers_volume=$3 unconfigured_volume=$4

no_leaks='^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects'
no_heap_leaks='^bootstrap: kernel heap allocations left: 0$'

guest_boot "$kernel" -m 256M -initrd "$volume"
expect '^bootstrap: started /bootstrap \(task 1,' "the kernel starts the bootstrap"
expect '^bootstrap: /etc/bootstrap.conf line 8 skipped: unknown option' "malformed line reported"
expect '^bootstrap: started /test/echo_server with the boot volume \(entry 0x[0-9a-f]+\)$' "server started without host_priv, with the boot volume"
expect '^bootstrap: /no/such/server: cannot start: no such file or directory' "missing server reported"
expect '^bootstrap: /etc/bootstrap.conf: cannot start: not a 64-bit little-endian Mach-O image' "file that is not Mach-O reported"
expect '^bootstrap: /test/needs_dyld: cannot start: needs dyld' "program with imports reported"
expect '^bootstrap: started /test/echo_client with host_priv \(entry 0x[0-9a-f]+\)$' "later server still started, with host_priv"
expect '^bootstrap_echo_client: all checks passed$' "look-up, RPCs, refusals, sends after the server exited"
expect '^bootstrap: /test/echo_server has ended$' "server's end noticed"
expect '^bootstrap: /test/echo_client has ended$' "client's end noticed"
expect '^bootstrap: every server has ended$' "bootstrap ends with its servers"
expect '^bootstrap: service test.echo: no server; the bootstrap holds its port, 2 message\(s\) waiting$' \
	"the receive right came back with the messages sent after the server exited"
expect "$no_leaks" "nothing leaked"
expect "$no_heap_leaks" "no heap allocation leaked"
expect_not 'panic|^exception:' "kernel panic or exception"

# An empty configuration: the bootstrap ends at once.
guest_boot "$kernel" -m 256M -initrd "$no_servers_volume"
expect '^bootstrap: /etc/bootstrap.conf lists no servers; nothing to start$' "empty configuration"
expect "$no_leaks" "empty configuration: nothing leaked"
expect "$no_heap_leaks" "empty configuration: no heap allocation leaked"
expect '^bootstrap: nothing left to run, powering off' "empty configuration: the boot ends"
expect_not 'panic|^exception:' "empty configuration: kernel panic or exception"

# No configuration file: said, and the bootstrap ends.
guest_boot "$kernel" -m 256M -initrd "$unconfigured_volume"
expect '^bootstrap: /etc/bootstrap.conf: no such file or directory; no servers to start$' "missing configuration"
expect "$no_leaks" "no configuration: nothing leaked"
expect "$no_heap_leaks" "no configuration: no heap allocation leaked"
expect_not 'panic|^exception:' "no configuration: kernel panic or exception"
guest_done
