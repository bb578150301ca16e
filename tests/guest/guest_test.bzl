"""guest_test: a test script that boots the kernel in QEMU (tests/guest/run_guest.sh).

The script NAME.sh gets the kernel image, then each of `volumes` (boot-volume
labels, in order), then `args`; `data` adds other files it reads.

    guest_test(name = "console_test", volumes = [":console_test_volume"])
"""

def guest_test(name, volumes = [], args = [], data = [], size = "medium"):
    native.sh_test(
        name = name,
        size = size,
        srcs = [name + ".sh"],
        args = ["$(rootpath //mach:kernel.bin)"] +
               ["$(rootpath %s)" % volume for volume in volumes] + args,
        data = [
            "//mach:kernel.bin",
            "//mach:kernel.elf",
            "//tests/guest:run_guest.sh",
        ] + volumes + data,
    )
