#!/bin/bash
# conformance_test.sh GLIBC_BINARY LIBSYSTEM_BINARY: the conformance program
# must print the same bytes with either C library.
set -euo pipefail
glibc=$("$1")
libsystem=$("$2")
if [[ "$glibc" != "$libsystem" ]]; then
	diff <(printf '%s\n' "$glibc") <(printf '%s\n' "$libsystem") || true
	echo "conformance: outputs differ" >&2
	exit 1
fi
echo "conformance: $(printf '%s\n' "$glibc" | wc -l) identical lines"
