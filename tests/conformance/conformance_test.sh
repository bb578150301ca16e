#!/bin/bash
# conformance_test.sh [GLIBC_PROGRAM LIBSYSTEM_PROGRAM]: runs the conformance
# program built against each C library and compares the outputs line by
# line; on a difference it prints the first differing lines of each. The
# programs default to their places in the test's runfiles (the sanitized
# wrapper passes no arguments).
set -uo pipefail
glibc=${1:-tests/conformance/conformance_glibc}
libsystem=${2:-tests/conformance/conformance_libsystem}
dir=${TEST_UNDECLARED_OUTPUTS_DIR:-$(mktemp -d)}
# Under AddressSanitizer the glibc build's malloc is the sanitizer's, which by
# default aborts on the impossible requests the program makes on purpose.
export ASAN_OPTIONS=allocator_may_return_null=1
"$glibc" >"$dir/glibc.out"
glibc_status=$?
"$libsystem" >"$dir/libsystem.out"
libsystem_status=$?
status=0
if [[ $glibc_status -ne 0 || $libsystem_status -ne 0 ]]; then
	echo "conformance: exit status glibc $glibc_status, libSystem $libsystem_status"
	status=1
fi
# A run that stopped early could still match the other: both must reach the end.
for out in glibc libsystem; do
	if [[ "$(tail -n 3 "$dir/$out.out" | head -n 1)" != "conformance end" ]]; then
		echo "conformance: the $out output does not reach \"conformance end\""
		status=1
	fi
done
# Line N of each output side by side, for the first 30 lines that differ.
awk -v limit=30 '
	FILENAME == ARGV[1] { ref[FNR] = $0; nref = FNR; next }
	{ got[FNR] = $0; ngot = FNR }
	END {
		n = nref > ngot ? nref : ngot
		bad = 0
		for (i = 1; i <= n; i++) {
			a = i <= nref ? ref[i] : "(end of output)"
			b = i <= ngot ? got[i] : "(end of output)"
			if (a == b)
				continue
			if (++bad <= limit)
				printf("line %d\n  glibc:     %s\n  libSystem: %s\n", i, a, b)
		}
		printf("conformance: %d lines from glibc, %d from libSystem, %d differ\n", nref, ngot, bad)
		exit bad != 0
	}' "$dir/glibc.out" "$dir/libsystem.out" || status=1
exit $status
