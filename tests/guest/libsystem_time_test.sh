#!/usr/bin/env bash
# The time of day, end to end: the kernel reads QEMU's PL031 RTC at boot
# (set here to 2030-01-02 03:04:05 UTC), bsdserver answers gettimeofday
# from the kernel's calendar clock, and libSystem builds time, the clock_*
# calls, ctime and localtime on it (programs/libsystem_time.c, as
# /sbin/init). The program checks what needs no known date; the dates it
# prints are checked here: within the boot's first minutes of the RTC's
# time, and 2040-02-29 after settimeofday. Then a machine whose device tree
# has no RTC: the calendar starts at the epoch.
# Arguments: the kernel, then the boot volume.
. "$(dirname "$0")/run_guest.sh"
kernel=$1
volume=$2

guest_boot "$kernel" -m 256M -initrd "$volume" -rtc base=2030-01-02T03:04:05
expect '^clock: PL031 real-time clock, 2030-01-02 03:04:0[5-9] UTC at boot$' "the kernel read the RTC"
expect '^libsystem_time: time\(\) = 18935534[4-9][0-9]$' "time() is the RTC's time plus the boot"
expect '^libsystem_time: ctime Wed Jan  2 03:0[4-7]:[0-5][0-9] 2030$' "ctime"
expect '^libsystem_time: localtime 2030-01-02 03:0[4-7]:[0-5][0-9] UTC$' "localtime and strftime"
expect '^libsystem_time: CLOCK_REALTIME 18935534[4-9][0-9]\.[0-9]{9}, resolution 1000 ns$' "CLOCK_REALTIME"
for clock in MONOTONIC MONOTONIC_RAW MONOTONIC_RAW_APPROX UPTIME_RAW UPTIME_RAW_APPROX; do
	expect "^libsystem_time: CLOCK_$clock [0-9]{1,3}\\.[0-9]{9}, resolution [0-9]+ ns\$" "CLOCK_$clock: seconds since boot"
done
expect '^libsystem_time: after settimeofday, ctime Wed Feb 29 12:00:0[0-4] 2040$' "settimeofday as root"
expect '^libsystem_time: arc4random 0x[0-9a-f]{8} 0x[0-9a-f]{8} 0x[0-9a-f]{8}$' "arc4random"
expect '^libsystem_time: all checks passed$' "every check in the program"
expect '^bsdserver: pid 1 \(init\) exited with status 0$' "exit status 0"
expect_not 'libsystem_time: check [0-9]+ failed' "failed checks"
expect_not '^bsdserver: (gettimeofday|settimeofday|getentropy) ' "time calls answered, not logged as unwritten"
expect_not 'panic|^exception:|^dyld:|^libSystem:' "panic, exception, dyld or libSystem refusal"

# No RTC node in the device tree (QEMU's own, with the PL031 removed).
dtb="${TEST_TMPDIR:-/tmp}/no_rtc.dtb"
qemu-system-aarch64 -M virt,dumpdtb="$dtb" -cpu cortex-a72 -m 256M -display none -nic none >/dev/null 2>&1
fdtput -r "$dtb" /pl031@9010000
guest_boot "$kernel" -m 256M -initrd "$volume" -dtb "$dtb"
expect '^clock: no real-time clock; the calendar starts at the epoch, 1970-01-01 00:00:00 UTC$' "no RTC: the epoch"
expect '^libsystem_time: ctime Thu Jan  1 00:0[0-3]:[0-5][0-9] 1970$' "no RTC: the calendar counts from the epoch"
expect '^libsystem_time: all checks passed$' "no RTC: every check in the program"
guest_done
