"""libc_library: one folder of libSystem's C library, built for Tessera and for the host.

The sources are platform-neutral C. For the Mach-O platform the toolchain already
compiles against userland/libsystem/include. For the host (where
//tests/host/libsystem compares them with glibc) they are compiled with -nostdinc
against the same headers plus the compiler's own freestanding headers (stddef.h,
stdarg.h, stdint.h), so every type and constant they see is libSystem's, never
glibc's. -ffreestanding -fno-builtin stop the compiler from turning our own loops
into calls to the functions they implement.
"""

load("//toolchain:rules.bzl", "macho_static_library")

_HOST_BUILTIN_INCLUDE = "/usr/lib/gcc/x86_64-linux-gnu/12/include"

_COMMON_COPTS = [
    "-ffreestanding",
    "-fno-builtin",
    "-O2",
    "-std=gnu11",
    "-Wall",
    "-Wextra",
    "-Wno-unused-parameter",
    "-Werror",
    "-iquote",
    "userland/libsystem",
]

LIBC_COPTS = _COMMON_COPTS + select({
    "//userland/libsystem:macho": [],
    "//conditions:default": [
        "-nostdinc",
        "-isystem",
        "userland/libsystem/include",
        "-isystem",
        _HOST_BUILTIN_INCLUDE,
    ],
})

def libc_library(name, srcs, hdrs = [], deps = []):
    """A cc_library NAME of libSystem sources and NAME_macho, its archive built
    for Tessera, which `bazel build //...` builds to prove the sources compile
    there. deps may only be header-only libraries (libSystem-internal headers):
    the folders call each other, but //userland/libsystem:libc links them all."""
    native.cc_library(
        name = name,
        srcs = srcs + ["//userland/libsystem:include_files"],
        hdrs = hdrs,
        copts = LIBC_COPTS,
        deps = deps,
        visibility = ["//visibility:public"],
    )
    macho_static_library(
        name = name + "_macho",
        deps = [":" + name],
    )
