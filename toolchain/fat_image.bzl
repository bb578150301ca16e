"""fat_image: a FAT volume image, such as the boot volume QEMU loads as the initrd.

The image is built by mtools (toolchain/fat_image.sh) with a fixed volume serial
and fixed timestamps, so the same inputs give the same bytes.
"""

def _check_paths(paths):
    """Fails on volume paths that are malformed or clash, as FAT ignores case."""
    kinds = {}
    for path in paths:
        parts = path.split("/")
        if path.startswith("/") or "" in parts or "." in parts or ".." in parts:
            fail("volume path %r must be relative, like \"dir/file\"" % path)
        for i in range(len(parts)):
            sub = "/".join(parts[:i + 1])
            kind = "file" if i == len(parts) - 1 else "directory"
            key = sub.lower()
            if key in kinds and (kinds[key] != (sub, kind) or kind == "file"):
                fail("volume path %r (%s) clashes with %r (%s); FAT ignores case" %
                     (sub, kind, kinds[key][0], kinds[key][1]))
            kinds[key] = (sub, kind)

def _fat_image_impl(ctx):
    _check_paths(ctx.attr.files.values())
    out = ctx.actions.declare_file(ctx.label.name + ".img")
    args = ctx.actions.args()
    args.add(out)
    args.add(ctx.attr.size_kb)
    args.add(ctx.attr.sector_size)
    args.add(ctx.attr.cluster_sectors)
    args.add("1" if ctx.attr.fat32 else "0")
    inputs = []
    for target, path in ctx.attr.files.items():
        files = target.files.to_list()
        if len(files) != 1:
            fail("%s must be a single file to copy to %r" % (target.label, path))
        inputs.append(files[0])
        args.add(files[0])
        args.add(path)
    ctx.actions.run(
        executable = ctx.file._script,
        arguments = [args],
        inputs = inputs,
        outputs = [out],
        mnemonic = "FatImage",
        progress_message = "Building FAT image %s" % out.short_path,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

fat_image = rule(
    implementation = _fat_image_impl,
    doc = "Builds NAME.img, a FAT volume holding the given files. mformat picks " +
          "FAT12 or FAT16 from the cluster count that size_kb and cluster_sectors " +
          "give; fat32 asks for FAT32, which needs at least 65525 clusters.",
    attrs = {
        "files": attr.label_keyed_string_dict(
            allow_files = True,
            doc = "Each file and its path on the volume, e.g. \"dir/file.txt\".",
        ),
        "size_kb": attr.int(default = 4096, doc = "Volume size in KiB."),
        "sector_size": attr.int(default = 512, values = [512, 1024, 2048, 4096]),
        "cluster_sectors": attr.int(
            default = 0,
            doc = "Sectors per cluster, a power of two; 0 lets mformat choose.",
        ),
        "fat32": attr.bool(default = False),
        "_script": attr.label(
            default = "//toolchain:fat_image.sh",
            allow_single_file = True,
        ),
    },
)
