#!/usr/bin/env bash
# The kernel boots with any memory size from 128 MiB to 4 GiB and reports it,
# on both GIC versions.
. "$(dirname "$0")/run_guest.sh"
kernel=$1 image=$2

for mib in 128 512 2048 4096; do
	guest_boot "$kernel" -m "${mib}M" -initrd "$image"
	expect "^memory: $mib MiB at 0x40000000-" "$mib MiB reported"
	expect '^boot complete' "$mib MiB boot completes"
	expect_not 'panic' "panic with $mib MiB"
done

guest_boot "$kernel" -M virt,gic-version=3 -m 256M -initrd "$image"
expect '^gic: GICv3, distributor at 0x8000000' "GICv3 detected"
expect '^timer: .* 10 ticks at 100 Hz' "ticks through GICv3"
expect '^boot complete' "GICv3 boot completes"
guest_done
