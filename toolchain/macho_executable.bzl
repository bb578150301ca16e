"""macho_executable: an arm64 Mach-O executable linked from cc_library deps.

The deps are built for //toolchain:macho_platform (clang-16, Mach-O objects) by
a transition, and linked by clang-16's driver with ld64.lld and no libSystem:
the program brings everything it calls, or imports it through extra_linkopts
(a dylib, `-undefined dynamic_lookup`). ld64.lld always writes LC_MAIN and
LC_LOAD_DYLINKER; whether the kernel can start the result without dyld is for
mach/kern/macho.h to say.
"""

# The Mach-O toolchain's LLVM, as in //toolchain:BUILD.
_LLVM = "/usr/lib/llvm-16"

_LINK_FLAGS = [
    "-target",
    "arm64-apple-macos11",
    "-fuse-ld=lld",
    "--ld-path=" + _LLVM + "/bin/ld64.lld",
    "-nostdlib",
    # Every archive member, as if the objects were named: a member no symbol
    # reference pulls in (a constructor, say) would otherwise be dropped.
    "-Wl,-all_load",
]

def _is_sanitizer_flag(flag):
    return flag.startswith("-fsanitize") or flag.startswith("-fno-sanitize")

def _macho_transition_impl(settings, attr):
    # Host tests build their data with sanitizer copts (//tests/host:sanitize.bzl);
    # Mach-O programs have no sanitizer runtime to link, so those flags stay behind.
    copts = settings["//command_line_option:copt"]
    return {
        "//command_line_option:platforms": "//toolchain:macho_platform",
        "//command_line_option:copt": [c for c in copts if not _is_sanitizer_flag(c)],
    }

_macho_transition = transition(
    implementation = _macho_transition_impl,
    inputs = ["//command_line_option:copt"],
    outputs = [
        "//command_line_option:platforms",
        "//command_line_option:copt",
    ],
)

def _link_inputs(deps):
    """The deps' static archives, each once, and their linkopts, in link order."""
    merged = cc_common.merge_cc_infos(cc_infos = [dep[CcInfo] for dep in deps])
    archives = []
    flags = []
    for linker_input in merged.linking_context.linker_inputs.to_list():
        flags.extend(linker_input.user_link_flags)
        for lib in linker_input.libraries:
            a = lib.static_library or lib.pic_static_library
            if a and a not in archives:
                archives.append(a)
    return archives, flags

def _macho_executable_impl(ctx):
    archives, dep_flags = _link_inputs(ctx.attr.deps)
    if not archives:
        fail("macho_executable %s: the deps compile no sources" % ctx.label)
    out = ctx.actions.declare_file(ctx.label.name)
    args = ctx.actions.args()
    args.add_all(_LINK_FLAGS)
    # Mach-O symbols carry a leading underscore that C names do not.
    args.add("-Wl,-e,_" + ctx.attr.entry)
    args.add("-o", out)
    args.add_all(archives)
    args.add_all(dep_flags)
    args.add_all([
        ctx.expand_location(opt, ctx.attr.additional_linker_inputs)
        for opt in ctx.attr.extra_linkopts
    ])
    ctx.actions.run(
        executable = _LLVM + "/bin/clang",
        arguments = [args],
        inputs = archives + ctx.files.additional_linker_inputs,
        outputs = [out],
        mnemonic = "MachoLink",
        progress_message = "Linking Mach-O executable %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

macho_executable = rule(
    implementation = _macho_executable_impl,
    doc = "Links cc_library deps, built for the Mach-O platform, into the arm64 " +
          "Mach-O executable NAME with ld64.lld and no libSystem.",
    attrs = {
        "deps": attr.label_list(
            cfg = _macho_transition,
            providers = [CcInfo],
            doc = "cc_library targets; every object in them is linked.",
        ),
        "entry": attr.string(
            default = "_start",
            doc = "The C name of the entry point (LC_MAIN); the rule adds the Mach-O underscore.",
        ),
        "extra_linkopts": attr.string_list(
            doc = "More clang driver flags, after the archives; $(location) of " +
                  "additional_linker_inputs is expanded.",
        ),
        "additional_linker_inputs": attr.label_list(
            allow_files = True,
            doc = "Files extra_linkopts names, such as dylibs to link against.",
        ),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

# For the other Mach-O link rules (macho_dylib.bzl): the same transition and
# the same way of collecting the deps' archives.
macho_link_transition = _macho_transition
macho_link_inputs = _link_inputs
MACHO_LINK_FLAGS = _LINK_FLAGS
