"""mig_interface: runs the interface compiler (//toolchain/mig:migc) on a .defs file.

    mig_interface(name = "bootstrap", src = "bootstrap.defs", deps = [":shared_defs"])

yields, for the .defs file's stem NAME:
  NAME.h, NAMEUser.c        client: message layouts, stubs
  NAMEServer.h, NAMEServer.c server: routine prototypes, stubs, demux
  NAME_names.c              request id -> "interface.routine" table

and filegroups for a cc_library: :<name>_headers (both headers, for hdrs),
:<name>_client, :<name>_server and :<name>_names (the .c files, for srcs). The
library depends on //mach/include:abi and whatever the .defs file imports;
other code includes the headers by workspace path ("path/to/NAMEServer.h").

`deps` are other .defs files (or filegroups of them) the source may #include;
their folders are searched, then the workspace root (so
`#include "bsdserver/bsd_types.defs"` works too). A bad .defs file fails the
build with "file:line: message".
"""

def _mig_interface_impl(ctx):
    stem = ctx.file.src.basename
    if stem.endswith(".defs"):
        stem = stem[:-len(".defs")]
    outs = {
        "--header": ctx.actions.declare_file(stem + ".h"),
        "--user": ctx.actions.declare_file(stem + "User.c"),
        "--server-header": ctx.actions.declare_file(stem + "Server.h"),
        "--server": ctx.actions.declare_file(stem + "Server.c"),
        "--names": ctx.actions.declare_file(stem + "_names.c"),
    }
    deps = depset(transitive = [d.files for d in ctx.attr.deps]).to_list()
    args = ctx.actions.args()
    dirs = []
    for f in deps:
        if f.dirname not in dirs:
            dirs.append(f.dirname)
    for d in dirs:
        args.add("-I", d)
    args.add("-I", ".")
    for flag, f in outs.items():
        args.add(flag, f)
    args.add(ctx.file.src)
    ctx.actions.run(
        executable = ctx.executable._migc,
        arguments = [args],
        inputs = [ctx.file.src] + deps,
        outputs = outs.values(),
        mnemonic = "Mig",
        progress_message = "Compiling interface %s" % ctx.file.src.short_path,
    )
    return [
        DefaultInfo(
            files = depset(outs.values()),
            runfiles = ctx.runfiles(files = outs.values()),
        ),
        OutputGroupInfo(
            headers = depset([outs["--header"], outs["--server-header"]]),
            client = depset([outs["--user"]]),
            server = depset([outs["--server"]]),
            names = depset([outs["--names"]]),
        ),
    ]

_mig_interface = rule(
    implementation = _mig_interface_impl,
    attrs = {
        "src": attr.label(allow_single_file = [".defs"], mandatory = True),
        "deps": attr.label_list(allow_files = [".defs"]),
        "_migc": attr.label(
            default = "//toolchain/mig:migc",
            executable = True,
            cfg = "exec",
        ),
    },
)

def mig_interface(name, src, deps = [], **kwargs):
    """Generates an interface's stubs; see the file's docstring."""
    _mig_interface(name = name, src = src, deps = deps, **kwargs)
    for part in ["headers", "client", "server", "names"]:
        native.filegroup(
            name = name + "_" + part,
            srcs = [":" + name],
            output_group = part,
            **kwargs
        )
