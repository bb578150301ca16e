"""Test dylibs and programs for the dyld guest test, compiled by clang-16 and
linked without libSystem by the linker LINKERS names: "op" is ld64.lld 14
(dyld-info opcodes, lazy binding), "ch" is ld64.lld 16 with -fixup_chains.
Each output lands in LINKER/NAME; deps are other test dylibs of the same linker.
"""

_CC = ("/usr/lib/llvm-16/bin/clang -target arm64-apple-macos11 -nostdlibinc -ffreestanding -fno-stack-protector " +
       "-O2 -Wall -Werror -fuse-ld=lld -nostdlib -Iuserland -I$$(dirname $(location tsys.h)) ")

_HDRS = [
    "tsys.h",
    "//userland/dyld:dyld_libsystem.h",
]

# Linkers: "op" is lld-14 (opcodes), "ch" is lld-16 with chained fixups.
LINKERS = ["op", "ch"]

_LD = {
    "op": "--ld-path=/usr/lib/llvm-14/bin/ld64.lld ",
    "ch": "--ld-path=/usr/lib/llvm-16/bin/ld64.lld -Wl,-fixup_chains ",
}

def test_dylib(name, srcs, deps, ld, install = None, copts = "", out = None):
    """LINKER/OUT.dylib (OUT defaults to NAME), install name @loader_path/NAME.dylib
    unless install gives another; copts go to the compiler."""
    native.genrule(
        name = name + "_" + ld,
        srcs = srcs + _HDRS + [":%s_%s" % (d, ld) for d in deps],
        outs = [ld + "/" + (out or name) + ".dylib"],
        cmd = (_CC + _LD[ld] + copts + " -dynamiclib -install_name " +
               (install or "@loader_path/%s.dylib" % name) + " -o $@ " +
               " ".join(["$(location %s)" % s for s in srcs]) + " " +
               " ".join(["$(location :%s_%s)" % (d, ld) for d in deps])),
    )

def test_program(name, srcs, deps, ld, weak = [], linkopts = ""):
    """LINKER/NAME, an executable with LC_MAIN; weak dylibs are linked with -weak_library."""
    native.genrule(
        name = name + "_" + ld,
        srcs = srcs + _HDRS + [":%s_%s" % (d, ld) for d in deps + weak],
        outs = [ld + "/" + name],
        cmd = (_CC + _LD[ld] + linkopts + " -o $@ " +
               " ".join(["$(location %s)" % s for s in srcs]) + " " +
               " ".join(["$(location :%s_%s)" % (d, ld) for d in deps]) + " " +
               " ".join(["-Wl,-weak_library,$(location :%s_%s)" % (d, ld) for d in weak])),
    )
