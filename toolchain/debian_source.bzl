"""debian_source: a Debian source package, by name and pinned version, as a repository.

apt fetches the package (so it comes from the machine's own configured archive and
is checked against the signed indexes); the pinned SHA-256 of the .dsc then ties
the build to exactly one upload, and every file the .dsc lists is checked against
the checksums it carries. dpkg-source unpacks it with Debian's patches applied.
The project's BUILD file for the sources is laid over the unpacked tree.
"""

def _fail(ctx, what, result):
    fail("debian_source(%s %s=%s): %s\n%s%s" % (
        ctx.name,
        ctx.attr.package,
        ctx.attr.version,
        what,
        result.stdout,
        result.stderr,
    ))

def _debian_source_impl(ctx):
    pkg = ctx.attr.package
    ver = ctx.attr.version
    fetch = ctx.execute(
        ["apt-get", "source", "--download-only", "-qq", "%s=%s" % (pkg, ver)],
        working_directory = ".",
        timeout = 600,
    )
    if fetch.return_code != 0:
        _fail(ctx, "apt-get source failed; is the version still in the archive and " +
                   "has toolchain/setup.sh added the deb-src entries? Update the pin if " +
                   "a point release replaced it", fetch)

    upstream_ver = ver.split(":")[-1]
    dsc = "%s_%s.dsc" % (pkg, upstream_ver)
    check = ctx.execute(["sha256sum", dsc])
    if check.return_code != 0:
        _fail(ctx, "no %s after download" % dsc, check)
    got = check.stdout.split(" ")[0]
    if got != ctx.attr.dsc_sha256:
        fail("debian_source(%s): %s has SHA-256 %s, the pin says %s" % (ctx.name, dsc, got, ctx.attr.dsc_sha256))

    # Each file named in the .dsc's Checksums-Sha256 field must match it.
    in_field = False
    checked = 0
    for line in ctx.read(dsc).splitlines():
        if line.startswith("Checksums-Sha256:"):
            in_field = True
            continue
        if in_field:
            if not line.startswith(" "):
                break
            fields = [f for f in line.split(" ") if f]
            sha, name = fields[0], fields[2]
            res = ctx.execute(["sha256sum", name])
            if res.return_code != 0 or res.stdout.split(" ")[0] != sha:
                fail("debian_source(%s): %s does not match the checksum in %s" % (ctx.name, name, dsc))
            checked += 1
    if checked == 0:
        fail("debian_source(%s): %s lists no Checksums-Sha256" % (ctx.name, dsc))

    unpack = ctx.execute(["dpkg-source", "--no-check", "-x", dsc, "src"], timeout = 600)
    if unpack.return_code != 0:
        _fail(ctx, "dpkg-source -x failed", unpack)
    ctx.execute(["sh", "-c", "rm -f *.dsc *.tar.* *.diff.gz"])
    ctx.symlink(ctx.attr.build_file, "BUILD.bazel")
    ctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % ctx.name)

debian_source = repository_rule(
    implementation = _debian_source_impl,
    attrs = {
        "package": attr.string(mandatory = True, doc = "Debian source package name"),
        "version": attr.string(mandatory = True, doc = "exact Debian version"),
        "dsc_sha256": attr.string(mandatory = True, doc = "SHA-256 of the .dsc file"),
        "build_file": attr.label(mandatory = True, allow_single_file = True),
    },
)
