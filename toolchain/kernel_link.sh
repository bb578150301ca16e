#!/usr/bin/env bash
# Links the kernel in two passes so it carries its own symbol table:
#   1. link with an empty table; 2. list the text symbols of that image;
#   3. link again with the table, which lives after .bss so no text moves.
# Usage: kernel_link.sh OUT.elf OUT.bin LINKER_SCRIPT ARCHIVE...
set -euo pipefail
out_elf=$1 out_bin=$2 script=$3
shift 3
cross=/usr/bin/aarch64-linux-gnu-
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

link() {
	"${cross}gcc" -nostdlib -static -Wl,--build-id=none -Wl,-T,"$script" \
		-Wl,--whole-archive "$@" -Wl,--no-whole-archive -lgcc -o "$out"
}

# The table: (address, offset into the name blob) pairs sorted by address, then
# the NUL-separated names. Layout matches struct ksym in mach/kern/ksyms.h.
make_table() {
	{
		echo '.section .ksyms, "a"'
		echo '.balign 8'
		echo '.globl ksyms_count'
		echo "ksyms_count: .quad $(wc -l <"$1")"
		echo '.globl ksyms_table'
		echo 'ksyms_table:'
		awk '{ printf ".quad 0x%s\n.quad %d\n", $1, off; off += length($3) + 1 }' "$1"
		echo '.globl ksyms_names'
		echo 'ksyms_names:'
		awk '{ printf ".asciz \"%s\"\n", $3 }' "$1"
	} >"$2"
}

text_symbols() {
	"${cross}nm" -n "$1" | awk '$2 ~ /^[tTwW]$/ && $3 !~ /^\$/' >"$2"
}

: >"$tmp/empty.syms"
make_table "$tmp/empty.syms" "$tmp/ksyms0.S"
"${cross}gcc" -c "$tmp/ksyms0.S" -o "$tmp/ksyms0.o"
out="$tmp/stage1.elf" link "$@" "$tmp/ksyms0.o"

text_symbols "$tmp/stage1.elf" "$tmp/stage1.syms"
make_table "$tmp/stage1.syms" "$tmp/ksyms.S"
"${cross}gcc" -c "$tmp/ksyms.S" -o "$tmp/ksyms.o"
out="$out_elf" link "$@" "$tmp/ksyms.o"

text_symbols "$out_elf" "$tmp/final.syms"
if ! cmp -s "$tmp/stage1.syms" "$tmp/final.syms"; then
	echo "kernel_link: text moved between link passes; the symbol table would lie" >&2
	exit 1
fi
"${cross}objcopy" -O binary "$out_elf" "$out_bin"
