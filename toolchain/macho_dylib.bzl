"""macho_dylib and macho_program: dynamic linking for Tessera's Mach-O.

macho_dylib links cc_library deps (built for //toolchain:macho_platform, as
macho_executable does) into a dylib with an install name, exporting every
global symbol or exactly the names of an exported-symbols list;
libSystem.B.dylib is one (//userland/libsystem:libSystem). It may import from
other dylibs (`dylibs`, e.g. libSystem for a test library); anything else
left undefined fails the link.

macho_program links a program's cc_library deps against such dylibs, as
clang links a macOS program against libSystem: the program imports what it
calls from them (LC_LOAD_DYLIB with each install name) and /usr/lib/dyld
binds it at run time. Both rules take `linker`: ld64.lld 16 (default) or 14
(classic dyld-info opcodes only), and `fixup_chains`, which asks lld-16 for
chained fixups (lld-14 ignores the flag and writes opcodes).

    macho_program(
        name = "hello",
        deps = [":hello_lib"],        # cc_library with main(); #include <stdio.h>
        linker = "lld-14",            # optional
        fixup_chains = True,          # optional
    )
"""

load(
    "//toolchain:macho_executable.bzl",
    "MACHO_LINK_FLAGS",
    "macho_link_inputs",
    "macho_link_transition",
)

_CLANG = "/usr/lib/llvm-16/bin/clang"

_LINKERS = {
    "lld-14": "/usr/lib/llvm-14/bin/ld64.lld",
    "lld-16": "/usr/lib/llvm-16/bin/ld64.lld",
}

MachoDylibInfo = provider(
    doc = "A Mach-O dylib to link programs against.",
    fields = {
        "dylib": "the dylib File",
        "install_name": "the path dyld loads it from",
    },
)

def _linker_args(ctx, kind):
    """The driver flags common to both rules: the link setup and the linker choice."""
    if ctx.attr.linker not in _LINKERS:
        fail("%s %s: linker must be one of %s" % (kind, ctx.label, sorted(_LINKERS.keys())))
    args = ctx.actions.args()
    args.add_all([f for f in MACHO_LINK_FLAGS if not f.startswith("--ld-path=")])
    args.add("--ld-path=" + _LINKERS[ctx.attr.linker])
    if ctx.attr.fixup_chains:
        args.add("-Wl,-fixup_chains")
    return args

_LINK_ATTRS = {
    "deps": attr.label_list(
        cfg = macho_link_transition,
        providers = [CcInfo],
        doc = "cc_library targets; every object in them is linked.",
    ),
    "linker": attr.string(
        default = "lld-16",
        doc = "\"lld-16\" or \"lld-14\" (dyld-info opcodes only).",
    ),
    "fixup_chains": attr.bool(
        default = False,
        doc = "Chained fixups (-fixup_chains; lld-16 only, lld-14 ignores it).",
    ),
    "_allowlist_function_transition": attr.label(
        default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
    ),
}

def _macho_dylib_impl(ctx):
    archives, dep_flags = macho_link_inputs(ctx.attr.deps)
    if not archives:
        fail("macho_dylib %s: the deps compile no sources" % ctx.label)
    dylibs = [d[MachoDylibInfo].dylib for d in ctx.attr.dylibs]
    exports = [ctx.file.exported_symbols_list] if ctx.file.exported_symbols_list else []
    out = ctx.actions.declare_file(ctx.attr.out or (ctx.label.name + ".dylib"))
    args = _linker_args(ctx, "macho_dylib")
    args.add("-dynamiclib")
    args.add("-Wl,-install_name," + ctx.attr.install_name)
    args.add("-Wl,-current_version," + ctx.attr.current_version)
    args.add("-Wl,-compatibility_version," + ctx.attr.compatibility_version)
    if exports:
        args.add("-Wl,-exported_symbols_list," + exports[0].path)
    args.add("-o", out)
    args.add_all(archives)
    args.add_all(dylibs)
    args.add_all(dep_flags)
    ctx.actions.run(
        executable = _CLANG,
        arguments = [args],
        inputs = archives + dylibs + exports,
        outputs = [out],
        mnemonic = "MachoDylib",
        progress_message = "Linking Mach-O dylib %s" % ctx.label,
    )
    return [
        DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out])),
        MachoDylibInfo(dylib = out, install_name = ctx.attr.install_name),
    ]

macho_dylib = rule(
    implementation = _macho_dylib_impl,
    doc = "Links cc_library deps, built for the Mach-O platform, into an arm64 " +
          "Mach-O dylib (exporting exactly exported_symbols_list, if given).",
    attrs = dict({
        "out": attr.string(doc = "The file name (default NAME.dylib)."),
        "install_name": attr.string(mandatory = True, doc = "Where dyld will find it."),
        "exported_symbols_list": attr.label(
            allow_single_file = True,
            doc = "One Mach-O symbol name a line (with the leading underscore of C " +
                  "names; # starts a comment). Without it every global symbol is exported.",
        ),
        "dylibs": attr.label_list(
            providers = [MachoDylibInfo],
            doc = "macho_dylib targets this one imports from (none by default).",
        ),
        "current_version": attr.string(default = "1.0.0"),
        "compatibility_version": attr.string(default = "1.0.0"),
    }, **_LINK_ATTRS),
)

def _macho_program_impl(ctx):
    archives, dep_flags = macho_link_inputs(ctx.attr.deps)
    if not archives:
        fail("macho_program %s: the deps compile no sources" % ctx.label)
    dylibs = [d[MachoDylibInfo].dylib for d in ctx.attr.dylibs]
    out = ctx.actions.declare_file(ctx.label.name)
    args = _linker_args(ctx, "macho_program")
    args.add("-o", out)
    args.add_all(archives)
    args.add_all(dylibs)
    args.add_all(dep_flags)
    args.add_all(ctx.attr.extra_linkopts)
    ctx.actions.run(
        executable = _CLANG,
        arguments = [args],
        inputs = archives + dylibs,
        outputs = [out],
        mnemonic = "MachoProgram",
        progress_message = "Linking Mach-O program %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

macho_program = rule(
    implementation = _macho_program_impl,
    doc = "Links cc_library deps, built for the Mach-O platform, into a " +
          "dynamically linked arm64 Mach-O program NAME whose imports dyld " +
          "binds from `dylibs` (libSystem.B.dylib by default); it starts at main.",
    attrs = dict({
        "dylibs": attr.label_list(
            providers = [MachoDylibInfo],
            default = ["//userland/libsystem:libSystem"],
            doc = "macho_dylib targets the program imports from.",
        ),
        "extra_linkopts": attr.string_list(doc = "More clang driver flags, last."),
    }, **_LINK_ATTRS),
)
