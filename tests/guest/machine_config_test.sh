#!/usr/bin/env bash
# The kernel boots on the machine configurations it supports: any memory size
# from 128 MiB to 4 GiB, GICv2 and GICv3, entry at EL1 or EL2, more than one CPU
# (only CPU 0 runs the kernel so far).
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
guest_boot "$kernel" -M virt,virtualization=on -m 256M -initrd "$image"
expect '^timer: .* 10 ticks at 100 Hz' "entered at EL2, ticks at EL1"
expect '^boot complete' "EL2 entry boot completes"

guest_boot "$kernel" -smp 2 -m 256M -initrd "$image"
expect '^boot: 2 CPU\(s\)' "two CPUs counted"
expect '^boot complete' "two-CPU boot completes"
guest_done
