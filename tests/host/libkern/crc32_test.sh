#!/usr/bin/env bash
# crc32_update must agree with zlib's crc32 on empty, small and large inputs.
set -euo pipefail
tool=$1
dir=${TEST_TMPDIR:-$(mktemp -d)}
: >"$dir/empty"
printf 'a' >"$dir/one"
printf '123456789' >"$dir/check"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 1000)' >"$dir/large"
for f in empty one check large; do
	want=$(python3 -c 'import sys, zlib; print("%08x" % zlib.crc32(open(sys.argv[1], "rb").read()))' "$dir/$f")
	got=$("$tool" "$dir/$f")
	if [ "$got" != "$want" ]; then
		echo "FAIL: $f: crc32 $got, zlib says $want"
		exit 1
	fi
done
# The standard check value of CRC-32/ISO-HDLC.
[ "$("$tool" "$dir/check")" = cbf43926 ] || { echo "FAIL: check value"; exit 1; }
echo "PASS"
