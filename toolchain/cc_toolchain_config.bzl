"""C toolchain configurations for the two cross compilers.

The kernel is built by aarch64-linux-gnu-gcc (freestanding ELF); everything in
user space by clang + ld64.lld (Mach-O for arm64-apple-macos11). Both see only
the compiler's own builtin headers and the project's headers, never the host's.
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
    "variable_with_value",
)

_COMPILE_ACTIONS = [
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
    ACTION_NAMES.c_compile,
    ACTION_NAMES.cpp_compile,
]

_LINK_ACTIONS = [
    ACTION_NAMES.cpp_link_executable,
    ACTION_NAMES.cpp_link_dynamic_library,
    ACTION_NAMES.cpp_link_nodeps_dynamic_library,
]

def _flags_feature(name, actions, flags):
    return feature(
        name = name,
        enabled = True,
        flag_sets = [flag_set(actions = actions, flag_groups = [flag_group(flags = flags)])] if flags else [],
    )

def _impl(ctx):
    tools = {
        "gcc": ctx.attr.compiler,
        "cpp": ctx.attr.compiler,
        "ld": ctx.attr.linker,
        "ar": ctx.attr.archiver,
        "nm": ctx.attr.binutils_prefix + "nm",
        "objcopy": ctx.attr.binutils_prefix + "objcopy",
        "objdump": ctx.attr.binutils_prefix + "objdump",
        "strip": ctx.attr.binutils_prefix + "strip",
        "gcov": "/bin/false",
    }
    features = [
        _flags_feature("tessera_compile_flags", _COMPILE_ACTIONS, ctx.attr.compile_flags),
        _flags_feature("tessera_link_flags", _LINK_ACTIONS, ctx.attr.link_flags),
        # llvm-ar and GNU ar both take the classic flags, never Apple libtool's.
        feature(
            name = "archiver_flags",
            enabled = True,
            flag_sets = [flag_set(
                actions = [ACTION_NAMES.cpp_link_static_library],
                flag_groups = [
                    flag_group(flags = ["rcsD", "%{output_execpath}"]),
                    flag_group(
                        iterate_over = "libraries_to_link",
                        flag_groups = [flag_group(
                            flags = ["%{libraries_to_link.name}"],
                            expand_if_equal = variable_with_value(name = "libraries_to_link.type", value = "object_file"),
                        ), flag_group(
                            flags = ["%{libraries_to_link.object_files}"],
                            iterate_over = "libraries_to_link.object_files",
                            expand_if_equal = variable_with_value(name = "libraries_to_link.type", value = "object_file_group"),
                        )],
                        expand_if_available = "libraries_to_link",
                    ),
                ],
            )],
        ),
        feature(name = "dbg"),
        feature(name = "opt"),
        feature(name = "fastbuild"),
        feature(
            name = "user_compile_flags",
            enabled = True,
            flag_sets = [flag_set(
                actions = _COMPILE_ACTIONS,
                flag_groups = [flag_group(
                    flags = ["%{user_compile_flags}"],
                    iterate_over = "user_compile_flags",
                    expand_if_available = "user_compile_flags",
                )],
            )],
        ),
        feature(
            name = "dependency_file",
            enabled = True,
            flag_sets = [flag_set(
                actions = _COMPILE_ACTIONS,
                flag_groups = [flag_group(
                    flags = ["-MD", "-MF", "%{dependency_file}"],
                    expand_if_available = "dependency_file",
                )],
            )],
        ),
        feature(
            name = "include_paths",
            enabled = True,
            flag_sets = [flag_set(
                actions = _COMPILE_ACTIONS,
                flag_groups = [
                    flag_group(flags = ["-iquote", "%{quote_include_paths}"], iterate_over = "quote_include_paths"),
                    flag_group(flags = ["-I%{include_paths}"], iterate_over = "include_paths"),
                    flag_group(flags = ["-isystem", "%{system_include_paths}"], iterate_over = "system_include_paths"),
                ],
            )],
        ),
        feature(
            name = "preprocessor_defines",
            enabled = True,
            flag_sets = [flag_set(
                actions = _COMPILE_ACTIONS,
                flag_groups = [flag_group(flags = ["-D%{preprocessor_defines}"], iterate_over = "preprocessor_defines")],
            )],
        ),
    ]
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        cxx_builtin_include_directories = ctx.attr.builtin_include_directories,
        toolchain_identifier = ctx.attr.toolchain_identifier,
        host_system_name = "x86_64-linux-gnu",
        target_system_name = ctx.attr.target_system_name,
        target_cpu = ctx.attr.target_cpu,
        target_libc = ctx.attr.target_libc,
        compiler = ctx.attr.compiler_name,
        abi_version = "unknown",
        abi_libc_version = "unknown",
        tool_paths = [tool_path(name = k, path = v) for k, v in tools.items()],
    )

tessera_cc_toolchain_config = rule(
    implementation = _impl,
    attrs = {
        "toolchain_identifier": attr.string(mandatory = True),
        "target_system_name": attr.string(mandatory = True),
        "target_cpu": attr.string(mandatory = True),
        "target_libc": attr.string(mandatory = True),
        "compiler_name": attr.string(mandatory = True),
        "compiler": attr.string(mandatory = True),
        "linker": attr.string(mandatory = True),
        "archiver": attr.string(mandatory = True),
        "binutils_prefix": attr.string(mandatory = True),
        "compile_flags": attr.string_list(),
        "link_flags": attr.string_list(),
        "builtin_include_directories": attr.string_list(),
    },
    provides = [CcToolchainConfigInfo],
)
