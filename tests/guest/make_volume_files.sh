#!/usr/bin/env bash
# Writes the boot-volume test files into $1, with fixed contents so the test is repeatable.
set -euo pipefail
out=$1
: >"$out/empty.dat"
printf 'x' >"$out/one.dat"
python3 - "$out" <<'PY'
import hashlib, sys
out = sys.argv[1]
# Just under one 4 KiB cluster, then many clusters of hash-chain bytes.
open(out + "/cluster.dat", "wb").write((b"cluster boundary minus one byte\n" * 200)[:4095])
data, block = bytearray(), b"tessera"
while len(data) < 150000:
    block = hashlib.sha256(block).digest()
    data += block
open(out + "/large.bin", "wb").write(bytes(data[:150000]))
PY
echo "a file with a long name, spaces and mixed case" >"$out/long_name.txt"
echo "three levels down" >"$out/nested.txt"
