#!/usr/bin/env bash
# In-kernel self-tests that need the real MMU: the VM system's maps, objects,
# faults and page tables, with exact page accounting (boot argument test.vm=1).
. "$(dirname "$0")/run_guest.sh"
kernel=$1 image=$2

guest_boot "$kernel" -m 256M -initrd "$image" -append "test.vm=1"
expect '^vm_selftest: ok \(' "VM self-test passed"
expect '^boot complete' "boot goes on after the self-test"
expect_not 'panic' "panic"
guest_done
