"""libc_names: a header of `#define NAME PREFIXNAME` for every global symbol
libSystem's C library defines.

//tests/host/libsystem:ts_libc renames those same symbols (renamed_library.bzl,
the same `nm --defined-only -g` list); forced into a program compiled against
libSystem's headers, this header sends every call the program makes, and every
declaration it sees, to the renamed functions, so the program runs on the
host against libSystem while glibc supplies only the system calls beneath.
"""

load("//toolchain:cc_archives.bzl", "static_archives")

def _libc_names_impl(ctx):
    archives = static_archives(ctx.attr.deps)
    out = ctx.actions.declare_file(ctx.label.name + ".h")
    args = ctx.actions.args()
    args.add(ctx.attr.prefix)
    args.add(out)
    args.add_all(archives)
    ctx.actions.run(
        executable = ctx.executable._names,
        arguments = [args],
        inputs = archives,
        outputs = [out],
        mnemonic = "LibcNames",
        progress_message = "Listing the symbols of %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([out]))]

libc_names = rule(
    implementation = _libc_names_impl,
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "prefix": attr.string(mandatory = True),
        "_names": attr.label(
            default = "//tests/conformance:libc_names",
            executable = True,
            cfg = "exec",
        ),
    },
)
