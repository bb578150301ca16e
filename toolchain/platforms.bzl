"""Constraint lists for target_compatible_with: a host `bazel build //...` skips
targets that only make sense for one of the two cross platforms."""

KERNEL_ONLY = [
    "@platforms//os:none",
    "@platforms//cpu:aarch64",
]

MACHO_ONLY = [
    "@platforms//os:macos",
    "@platforms//cpu:arm64",
]
