#!/bin/bash
# conformance_test.sh [GLIBC_PROGRAM LIBSYSTEM_PROGRAM]: runs the conformance
# program built against each C library and compares the outputs
# (compare_outputs.sh). The programs default to their places in the test's
# runfiles (the sanitized wrapper passes no arguments). Both outputs are
# left in the test's undeclared outputs for a closer look.
set -uo pipefail
glibc=${1:-tests/conformance/conformance_glibc}
libsystem=${2:-tests/conformance/conformance_libsystem}
dir=${TEST_UNDECLARED_OUTPUTS_DIR:-$(mktemp -d)}
# Under AddressSanitizer the glibc build's malloc is the sanitizer's, which by
# default aborts on the impossible requests the program makes on purpose, and
# its check of glibc's printf arguments reads past the end of a %.3s array that
# has no NUL (libSystem's own printf is instrumented code, checked anyway).
export ASAN_OPTIONS=allocator_may_return_null=1:check_printf=0
"$glibc" >"$dir/glibc.out"
glibc_status=$?
"$libsystem" >"$dir/libsystem.out"
libsystem_status=$?
status=0
if [[ $glibc_status -ne 0 || $libsystem_status -ne 0 ]]; then
	echo "conformance: exit status glibc $glibc_status, libSystem $libsystem_status"
	status=1
fi
tests/conformance/compare_outputs.sh glibc "$dir/glibc.out" libSystem "$dir/libsystem.out" ||
	status=1
exit $status
