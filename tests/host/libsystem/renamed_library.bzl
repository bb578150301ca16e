"""renamed_library: libSystem's objects, built for the host, with every symbol
they define renamed PREFIX + name, so a test links them beside glibc.

The objects of every static archive in the dep's closure go into one archive;
`nm --defined-only` lists the global symbols they define and `objcopy
--redefine-syms` renames those everywhere, references included, so the
library keeps calling its own functions (ts_memcpy, ts___error, ...) while
anything it does not define (the sanitizer runtimes) still resolves on the host.
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")
load("//toolchain:cc_archives.bzl", "static_archives")

def _renamed_library_impl(ctx):
    archives = static_archives(ctx.attr.deps)
    out = ctx.actions.declare_file("lib" + ctx.label.name + ".a")
    args = ctx.actions.args()
    args.add(ctx.attr.prefix)
    args.add(out)
    args.add_all(archives)
    ctx.actions.run(
        executable = ctx.executable._rename,
        arguments = [args],
        inputs = archives,
        outputs = [out],
        mnemonic = "RenameSymbols",
        progress_message = "Renaming the symbols of %s" % ctx.label,
    )

    cc_toolchain = find_cpp_toolchain(ctx)
    feature_configuration = cc_common.configure_features(
        ctx = ctx,
        cc_toolchain = cc_toolchain,
        requested_features = ctx.features,
        unsupported_features = ctx.disabled_features,
    )
    library = cc_common.create_library_to_link(
        actions = ctx.actions,
        feature_configuration = feature_configuration,
        cc_toolchain = cc_toolchain,
        static_library = out,
    )
    linker_input = cc_common.create_linker_input(
        owner = ctx.label,
        libraries = depset([library]),
    )
    return [
        DefaultInfo(files = depset([out])),
        CcInfo(linking_context = cc_common.create_linking_context(
            linker_inputs = depset([linker_input]),
        )),
    ]

renamed_library = rule(
    implementation = _renamed_library_impl,
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "prefix": attr.string(mandatory = True),
        "_rename": attr.label(
            default = "//tests/host/libsystem:rename_symbols",
            executable = True,
            cfg = "exec",
        ),
        "_cc_toolchain": attr.label(default = "@bazel_tools//tools/cpp:current_cc_toolchain"),
    },
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    fragments = ["cpp"],
)
