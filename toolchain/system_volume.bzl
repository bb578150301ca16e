"""system_volume: a boot volume that starts the whole system with a chosen /sbin/init.

The bootstrap, the default /etc/bootstrap.conf (the console driver, then
bsdserver), /usr/lib/dyld and /usr/lib/libSystem.B.dylib, with `init` as
/sbin/init and `files` ({label: path}) besides. //:image is one (lineecho as
init); tests and benchmarks make their own with another program as init.

    system_volume(name = "spawn_volume", init = ":spawn_init",
                  files = {":spawn_child": "bin/spawn_child"})
"""

load("//toolchain:fat_image.bzl", "fat_image")

SYSTEM_FILES = {
    "//bsdserver": "servers/bsdserver",
    "//drivers/console": "drivers/console",
    "//userland/bootstrap": "bootstrap",
    "//userland/dyld": "usr/lib/dyld",
    "//userland/etc:bootstrap.conf": "etc/bootstrap.conf",
    "//userland/libsystem:libSystem": "usr/lib/libSystem.B.dylib",
}

def system_volume(name, init, files = {}, **kwargs):
    fat_image(
        name = name,
        files = dict(SYSTEM_FILES.items() + [(init, "sbin/init")] + files.items()),
        **kwargs
    )
