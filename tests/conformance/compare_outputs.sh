#!/bin/bash
# compare_outputs.sh NAME_A FILE_A NAME_B FILE_B: compares two outputs of the
# conformance program line by line and prints the first 30 lines that
# differ, each side labelled by its name. Each output must also reach the
# program's "conformance end" line (followed by the two atexit lines), so a
# run that stopped early cannot pass by matching another that did too.
# Exits 0 when the outputs are identical and complete.
set -uo pipefail
status=0
for side in "$1:$2" "$3:$4"; do
	name=${side%%:*}
	file=${side#*:}
	if [[ "$(tail -n 3 "$file" | head -n 1)" != "conformance end" ]]; then
		echo "conformance: the $name output does not reach \"conformance end\""
		status=1
	fi
done
awk -v limit=30 -v name_a="$1" -v name_b="$3" '
	FILENAME == ARGV[1] { a[FNR] = $0; na = FNR; next }
	{ b[FNR] = $0; nb = FNR }
	END {
		n = na > nb ? na : nb
		bad = 0
		for (i = 1; i <= n; i++) {
			x = i <= na ? a[i] : "(end of output)"
			y = i <= nb ? b[i] : "(end of output)"
			if (x == y)
				continue
			if (++bad <= limit)
				printf("line %d\n  %-10s %s\n  %-10s %s\n", i, name_a ":", x, name_b ":", y)
		}
		printf("conformance: %d lines from %s, %d from %s, %d differ\n", na, name_a, nb, name_b, bad)
		exit bad != 0
	}' "$2" "$4" || status=1
exit $status
