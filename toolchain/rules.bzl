"""Top-level rules that pick a platform by transition.

`bazel build //...` needs no flags: cc_library targets for the kernel or for
Mach-O are marked target_compatible_with their platform (so the host build skips
them), and these rules build them for the right platform on demand.
"""

def _kernel_transition_impl(settings, attr):
    return {"//command_line_option:platforms": "//toolchain:kernel_platform"}

_kernel_transition = transition(
    implementation = _kernel_transition_impl,
    inputs = [],
    outputs = ["//command_line_option:platforms"],
)

def _macho_transition_impl(settings, attr):
    return {"//command_line_option:platforms": "//toolchain:macho_platform"}

_macho_transition = transition(
    implementation = _macho_transition_impl,
    inputs = [],
    outputs = ["//command_line_option:platforms"],
)

_ALLOWLIST = {
    "_allowlist_function_transition": attr.label(
        default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
    ),
}

def _static_archives(deps):
    """Each static library in the deps' transitive closure, once."""
    merged = cc_common.merge_cc_infos(cc_infos = [dep[CcInfo] for dep in deps])
    archives = []
    for linker_input in merged.linking_context.linker_inputs.to_list():
        for lib in linker_input.libraries:
            a = lib.static_library or lib.pic_static_library
            if a and a not in archives:
                archives.append(a)
    return archives

def _kernel_image_impl(ctx):
    elf = ctx.outputs.elf
    image = ctx.outputs.bin
    archives = _static_archives(ctx.attr.deps)
    args = ctx.actions.args()
    args.add(elf)
    args.add(image)
    args.add(ctx.file.linker_script)
    args.add_all(archives)
    ctx.actions.run(
        executable = ctx.executable._link,
        arguments = [args],
        inputs = archives + [ctx.file.linker_script],
        outputs = [elf, image],
        mnemonic = "KernelLink",
        progress_message = "Linking kernel %s" % ctx.label,
    )
    return [DefaultInfo(
        files = depset([image, elf]),
        runfiles = ctx.runfiles(files = [image, elf]),
    )]

kernel_image = rule(
    implementation = _kernel_image_impl,
    doc = "Links kernel libraries into NAME.elf (unstripped, with an embedded " +
          "symbol table for backtraces) and NAME.bin (the raw image QEMU boots).",
    attrs = dict({
        "deps": attr.label_list(cfg = _kernel_transition, providers = [CcInfo]),
        "linker_script": attr.label(allow_single_file = True, mandatory = True),
        "_link": attr.label(
            default = "//toolchain:kernel_link",
            executable = True,
            cfg = "exec",
        ),
    }, **_ALLOWLIST),
    outputs = {
        "bin": "%{name}.bin",
        "elf": "%{name}.elf",
    },
)

def _macho_static_library_impl(ctx):
    archives = _static_archives(ctx.attr.deps)
    if len(archives) != 1:
        fail("macho_static_library takes one cc_library dep, got %d archives" % len(archives))
    out = ctx.actions.declare_file(ctx.label.name + ".a")
    ctx.actions.run(
        executable = "cp",
        arguments = [archives[0].path, out.path],
        inputs = archives,
        outputs = [out],
        mnemonic = "MachoArchive",
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

macho_static_library = rule(
    implementation = _macho_static_library_impl,
    doc = "Builds a cc_library for the Mach-O platform and names its archive NAME.a.",
    attrs = dict({
        "deps": attr.label_list(cfg = _macho_transition, providers = [CcInfo]),
    }, **_ALLOWLIST),
)
