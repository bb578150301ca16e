#!/usr/bin/env bash
# Deliberate kernel faults (boot argument test.fault=KIND) give a decoded,
# symbolized panic report and then power the machine off.
. "$(dirname "$0")/run_guest.sh"
kernel=$1 image=$2

guest_boot "$kernel" -m 256M -initrd "$image" -append "test.fault=data"
expect '^panic: kernel exception: data abort, same EL: translation fault, level 0 \(read\)' "data abort decoded"
expect 'ESR 0x96000004 +EC 0x25 +FAR 0x0000000000000000' "ESR and FAR"
expect '^  PC +0xffff0000400[0-9a-f]{5} <test_fault_trigger\+0x[0-9a-f]+>' "faulting PC symbolized"
expect '^  #1 +0xffff0000400[0-9a-f]{5} kernel_main\+0x[0-9a-f]+' "backtrace reaches kernel_main"
expect '^powering off' "machine stops after the panic"

guest_boot "$kernel" -m 256M -initrd "$image" -append "test.fault=undef"
expect '^panic: kernel exception: unknown reason \(undefined instruction\)' "undefined instruction decoded"
expect '^  PC +0x[0-9a-f]+ <test_fault_trigger\+0x' "undefined instruction symbolized"

guest_boot "$kernel" -m 256M -initrd "$image" -append "test.fault=panic"
expect '^panic: test: panic requested by boot argument' "explicit panic message"
expect '^  #0 +0x[0-9a-f]+ test_fault_trigger\+0x' "panic backtrace starts at the caller"
expect '^  #1 +0x[0-9a-f]+ kernel_main\+0x' "panic backtrace reaches kernel_main"
guest_done
