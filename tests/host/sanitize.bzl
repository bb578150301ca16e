"""host_cc_test: a host unit test built, with all its C dependencies, under
AddressSanitizer and UndefinedBehaviorSanitizer.

copts on a cc_test reach only the test's own sources; the code under test is
what must be instrumented, so a transition sets --copt and --linkopt for the
whole dependency graph instead.
"""

_SANITIZE = [
    "-fsanitize=address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
]

def _sanitize_impl(settings, attr):
    return {
        "//command_line_option:copt": settings["//command_line_option:copt"] + _SANITIZE,
        "//command_line_option:linkopt": settings["//command_line_option:linkopt"] + _SANITIZE,
    }

_sanitize = transition(
    implementation = _sanitize_impl,
    inputs = ["//command_line_option:copt", "//command_line_option:linkopt"],
    outputs = ["//command_line_option:copt", "//command_line_option:linkopt"],
)

def _sanitized_test_impl(ctx):
    test = ctx.attr.test[0][DefaultInfo]
    executable = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.symlink(
        output = executable,
        target_file = test.files_to_run.executable,
        is_executable = True,
    )
    return [DefaultInfo(
        executable = executable,
        runfiles = ctx.runfiles().merge(test.default_runfiles),
    )]

sanitized_test = rule(
    implementation = _sanitized_test_impl,
    test = True,
    attrs = {
        "test": attr.label(cfg = _sanitize, executable = True, mandatory = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)

def host_cc_test(name, size = "small", **kwargs):
    """A cc_test that `bazel test //...` runs only in its sanitized build."""
    native.cc_test(
        name = name + "_uninstrumented",
        tags = ["manual"],
        **kwargs
    )
    sanitized_test(
        name = name,
        size = size,
        test = ":" + name + "_uninstrumented",
    )
