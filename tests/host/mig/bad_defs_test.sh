#!/bin/bash
# Each bad/*.defs file starts with "/* expect: [FILE:]LINE: TEXT */". migc
# must fail on it with status 1, print FILE:LINE: (FILE defaults to the .defs
# file itself) and TEXT on stderr, and leave no output file behind.
set -u
migc="$1"
shift
failed=0
for defs in "$@"; do
	expect=$(sed -n '1s|^/\* expect: \(.*\) \*/$|\1|p' "$defs")
	if [ -z "$expect" ]; then
		echo "FAIL $defs: no expect line"
		failed=1
		continue
	fi
	case "$expect" in
	[0-9]*) want="$defs:$expect" ;;
	*) want="$(dirname "$defs")/$expect" ;;
	esac
	out="$TEST_TMPDIR/out"
	rm -rf "$out" && mkdir -p "$out"
	"$migc" --header "$out/x.h" --user "$out/xUser.c" --server-header "$out/xServer.h" \
		--server "$out/xServer.c" --names "$out/x_names.c" "$defs" 2>"$out/stderr"
	status=$?
	got=$(cat "$out/stderr")
	if [ "$status" -ne 1 ]; then
		echo "FAIL $defs: exit status $status, want 1"
		failed=1
	elif [[ "$got" != "$want"* ]]; then
		echo "FAIL $defs: got '$got', want '$want...'"
		failed=1
	elif [ -n "$(ls "$out" | grep -v '^stderr$')" ]; then
		echo "FAIL $defs: output files left behind"
		failed=1
	else
		echo "ok   $defs: $got"
	fi
done
exit $failed
