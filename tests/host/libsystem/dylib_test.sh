#!/bin/bash
# libSystem.B.dylib and the programs linked against it, checked with LLVM's
# tools: the install name, no dependency and no undefined symbol (so every
# call inside libSystem resolves inside it), exports equal to
# libSystem.exports, and for each linker setting a program that loads
# libSystem, imports only exported names, and uses the fixup format asked for.
# Also a dylib of the test's own that imports from libSystem.
# Usage: dylib_test.sh DYLIB EXPORTS LLD16 LLD16_CHAINED LLD14 LLD14_CHAINED PROBE_DYLIB
set -u
LLVM=/usr/lib/llvm-16/bin
dylib=$1 exports=$2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

id=$("$LLVM/llvm-otool" -D "$dylib" | tail -n +2)
[ "$id" = /usr/lib/libSystem.B.dylib ] && pass "install name $id" || fail "install name '$id'"

deps=$("$LLVM/llvm-otool" -L "$dylib" | tail -n +2 | grep -v "^[[:space:]]*/usr/lib/libSystem.B.dylib ")
[ -z "$deps" ] && pass "no dylib dependency" || fail "depends on: $deps"

undefined=$("$LLVM/llvm-nm" -u "$dylib")
[ -z "$undefined" ] && pass "no undefined symbol" || fail "undefined: $undefined"

# QEMU's cortex-a72 is ARMv8.0: an LSE atomic (clang's default for Apple CPUs) would be an undefined instruction.
lse=$("$LLVM/llvm-objdump" -d --no-show-raw-insn "$dylib" | grep -cE '\s(ldadd|ldclr|ldeor|ldset|ldsmax|ldsmin|ldumax|ldumin|swp|cas)[a-z]*\s')
[ "$lse" -eq 0 ] && pass "no ARMv8.1 atomics" || fail "$lse ARMv8.1 atomic instructions"

want=$(sed 's/#.*//' "$exports" | tr -d '[:blank:]' | grep . | sort)
dups=$(printf '%s\n' "$want" | uniq -d)
[ -z "$dups" ] && pass "no name listed twice" || fail "listed twice: $dups"
have=$("$LLVM/llvm-nm" -gU "$dylib" | awk '{print $3}' | sort)
missing=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$have"))
extra=$(comm -13 <(printf '%s\n' "$want") <(printf '%s\n' "$have"))
[ -z "$missing" ] && pass "every listed name is defined and exported ($(printf '%s\n' "$want" | wc -l))" ||
	fail "listed but not exported: $missing"
[ -z "$extra" ] && pass "nothing exported beyond the list" || fail "exported but not listed: $extra"
# Every global symbol of libSystem's objects is exported unless the list's
# "#private:" line names it: a public function cannot be forgotten.
private_re=$(sed -n 's/^#private://p' "$exports" | tr ' ' '\n' | grep . |
	sed 's/\*$/.*/; s/^\*/.*/; s/^/^_/; s/$/$/' | paste -sd'|')
if [ -z "$private_re" ]; then
	fail "no #private: line in $exports"
else
	hidden=$("$LLVM/llvm-nm" -m "$dylib" | grep "(was a private external)" | awk '{print $NF}' |
		grep -Ev "$private_re")
	[ -z "$hidden" ] && pass "every global symbol is exported or named private" ||
		fail "global but neither exported nor private: $hidden"
fi

for name in _printf ___stdoutp ___stdinp ___stderrp ___error ___stack_chk_guard \
	___stack_chk_fail _mach_task_self_ dyld_stub_binder _tessera_dyld_api _environ \
	'_fdopen$DARWIN_EXTSN' '_fstat$INODE64' _exit __exit _isatty _dlopen __tlv_bootstrap; do
	printf '%s\n' "$have" | grep -qxF -- "$name" || fail "$name not exported"
done

# A section or load command in a Mach-O file, by name.
has_cmd() { "$LLVM/llvm-otool" -l "$1" | grep -q "cmd $2\$"; }

check_program() { # FILE NAME CHAINED(yes|no)
	local prog=$1 name=$2 chained=$3 imports bad
	"$LLVM/llvm-otool" -L "$prog" | grep -q "^[[:space:]]*/usr/lib/libSystem.B.dylib " &&
		pass "$name loads libSystem" || fail "$name does not load /usr/lib/libSystem.B.dylib"
	has_cmd "$prog" LC_MAIN && has_cmd "$prog" LC_LOAD_DYLINKER &&
		pass "$name has LC_MAIN and LC_LOAD_DYLINKER" || fail "$name lacks LC_MAIN or LC_LOAD_DYLINKER"
	imports=$("$LLVM/llvm-nm" -u "$prog" | sort)
	for name_needed in _printf _malloc _free _strtod ___error ___stdoutp _fflush \
		___stack_chk_guard ___stack_chk_fail __tlv_bootstrap; do
		printf '%s\n' "$imports" | grep -qxF "$name_needed" || fail "$name does not import $name_needed"
	done
	bad=$(comm -23 <(printf '%s\n' "$imports") <(printf '%s\n' "$have"))
	[ -z "$bad" ] && pass "$name imports only exported names" || fail "$name imports unknown: $bad"
	if [ "$chained" = yes ]; then
		has_cmd "$prog" LC_DYLD_CHAINED_FIXUPS && ! has_cmd "$prog" LC_DYLD_INFO_ONLY &&
			pass "$name uses chained fixups" || fail "$name: no chained fixups"
	else
		has_cmd "$prog" LC_DYLD_INFO_ONLY && ! has_cmd "$prog" LC_DYLD_CHAINED_FIXUPS &&
			pass "$name uses dyld-info opcodes" || fail "$name: no dyld-info opcodes"
	fi
}

check_program "$3" lld16 no
check_program "$4" lld16_chained yes
check_program "$5" lld14 no
# lld-14 does not know chained fixups; it ignores the flag and writes opcodes.
check_program "$6" lld14_chained no

# Classic lazy binding goes through libSystem's dyld_stub_binder.
"$LLVM/llvm-objdump" --macho --bind "$3" | grep -q dyld_stub_binder &&
	pass "lld16 binds dyld_stub_binder" || fail "lld16 does not bind dyld_stub_binder"

# A dylib that imports from libSystem: its own install name, libSystem as a
# dependency, its imports among libSystem's exports, chained fixups as asked.
probe=$7
[ "$("$LLVM/llvm-otool" -D "$probe" | tail -n +2)" = /usr/lib/libprobe.dylib ] &&
	pass "probe dylib's install name" || fail "probe dylib's install name"
"$LLVM/llvm-otool" -L "$probe" | grep -q "^[[:space:]]*/usr/lib/libSystem.B.dylib " &&
	pass "probe dylib loads libSystem" || fail "probe dylib does not load libSystem"
probe_imports=$("$LLVM/llvm-nm" -u "$probe" | sort)
printf '%s\n' "$probe_imports" | grep -qxF _snprintf && [ -z "$(comm -23 <(printf '%s\n' "$probe_imports") <(printf '%s\n' "$have"))" ] &&
	pass "probe dylib imports _snprintf, only exported names" || fail "probe dylib imports: $probe_imports"
has_cmd "$probe" LC_DYLD_CHAINED_FIXUPS && pass "probe dylib uses chained fixups" ||
	fail "probe dylib: no chained fixups"
"$LLVM/llvm-nm" -gU "$probe" | grep -q " _probe_format$" && pass "probe dylib exports _probe_format" ||
	fail "probe dylib does not export _probe_format"

echo "$failures failures"
[ "$failures" -eq 0 ]
