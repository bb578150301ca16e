#!/bin/bash
# rename_symbols.sh PREFIX OUT.a IN.a...: one archive of the inputs' objects,
# with every global symbol they define renamed PREFIX + name.
set -euo pipefail
prefix=$1
out=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
for a in "$@"; do
	dir="$work/a$n"
	mkdir -p "$dir"
	(cd "$dir" && ar x "$OLDPWD/$a")
	n=$((n + 1))
done
objs=$(find "$work" -name '*.o' | sort)
nm --defined-only -g $objs | awk -v p="$prefix" 'NF == 3 { print $3, p $3 }' | sort -u >"$work/syms"
renamed=()
i=0
for o in $objs; do
	objcopy --redefine-syms="$work/syms" "$o" "$work/r$i.o"
	renamed+=("$work/r$i.o")
	i=$((i + 1))
done
rm -f "$out"
ar rcs "$out" "${renamed[@]}"
