#!/usr/bin/env bash
# Writes the boot-volume test files into $1, with deterministic contents.
set -euo pipefail
out=$1
: >"$out/empty.dat"
printf 'x' >"$out/one.dat"
# Fixed contents: the test must be repeatable.
head -c 4095 < <(yes 'cluster boundary minus one byte' | tr -d '\n') >"$out/cluster.dat"
for i in $(seq 1 2500); do printf '%s\n' "$i" | sha256sum; done | head -c 150000 >"$out/large.bin"
echo "a file with a long name, spaces and mixed case" >"$out/long_name.txt"
echo "three levels down" >"$out/nested.txt"
