#!/usr/bin/env bash
# Bad boot input gives a clear console message, never a hang or a silent crash:
# no boot volume, a corrupt boot volume, a device tree missing mandatory nodes.
. "$(dirname "$0")/run_guest.sh"
kernel=$1 image=$2
tmp=${TEST_TMPDIR:-$(mktemp -d)}

guest_boot "$kernel" -m 256M
expect '^bootvol: no boot volume: the device tree names no initrd' "missing boot volume reported"
expect '^boot complete' "boot goes on without a boot volume"

head -c 65536 /dev/zero | tr '\0' '\245' >"$tmp/garbage.img"
guest_boot "$kernel" -m 256M -initrd "$tmp/garbage.img"
expect '^bootvol: boot volume at 0x[0-9a-f]+ \(65536 bytes\) is unusable: ' "corrupt boot volume reported"
expect '^boot complete' "boot goes on with a corrupt boot volume"

# A truncated copy of a real volume: the boot sector claims more than is there.
head -c 10000 "$image" >"$tmp/truncated.img"
guest_boot "$kernel" -m 256M -initrd "$tmp/truncated.img"
expect '^bootvol: boot volume at 0x[0-9a-f]+ \(10000 bytes\) is unusable: .*truncated' "truncated boot volume reported"

# QEMU's own device tree, minus one node the kernel needs.
qemu-system-aarch64 -M virt,dumpdtb="$tmp/virt.dtb" -cpu cortex-a72 -m 256M -nic none >/dev/null 2>&1
dtc -q -I dtb -O dts -o "$tmp/virt.dts" "$tmp/virt.dtb"
python3 - "$tmp/virt.dts" "$tmp/no-timer.dts" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
# Drop the "timer {...};" node (it has no children, so the first "};" ends it).
start = text.index("\ttimer {")
end = text.index("};", start) + 2
open(sys.argv[2], "w").write(text[:start] + text[end:])
PY
dtc -q -I dts -O dtb -o "$tmp/no-timer.dtb" "$tmp/no-timer.dts"
guest_boot "$kernel" -m 256M -initrd "$image" -dtb "$tmp/no-timer.dtb"
expect '^panic: device tree: .*timer' "missing timer node named"
expect '^powering off' "stops cleanly"
guest_done
