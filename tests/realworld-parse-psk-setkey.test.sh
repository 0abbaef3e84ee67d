#!/bin/sh
# Real-world psk.txt and setkey files ($SHARED/realworld, when present):
#   - every psk and setkey file of MANIFEST.tsv prints back byte for byte
#     (--print --show-secrets);
#   - every setkey row of VERDICTS.tsv agrees with the real `setkey -n`:
#     a row of class syntax gets a syntax-error finding on the line setkey
#     names or an earlier one; an ACCEPT row gets no syntax-error finding.
# Prints "REPORT: ..." lines; fails when a file disagrees.
set -u
: "${RACOONLINT:?set RACOONLINT to the racoonlint binary}"
rw="${SHARED:-}/realworld"
if [ -z "${SHARED:-}" ] || [ ! -f "$rw/MANIFEST.tsv" ]; then
	echo "SKIP: no real-world files (SHARED is unset or has no realworld/MANIFEST.tsv)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$rw" || exit 2
fail=0

# --- round trip --------------------------------------------------------
awk -F'\t' 'NR > 1 && ($2 == "psk" || $2 == "setkey") { print $1 "\t" $2 }' MANIFEST.tsv >"$tmp/files"
total=0
same=0
while IFS='	' read -r id kind; do
	total=$((total + 1))
	if "$RACOONLINT" --print --show-secrets --kind="$kind" "$id" >"$tmp/print" 2>"$tmp/err" &&
		cmp -s "$id" "$tmp/print"; then
		same=$((same + 1))
	else
		echo "FAIL: round trip of $id"
		head -3 "$tmp/err"
		fail=$((fail + 1))
	fi
done <"$tmp/files"
echo "REPORT: psk/setkey round trip $same/$total"

# --- setkey -n verdicts ------------------------------------------------
awk -F'\t' 'NR > 1 && $2 == "setkey" { print $1 "\t" $4 "\t" $6 "\t" $5 }' VERDICTS.tsv >"$tmp/verdicts"
checked=0
agree=0
while IFS='	' read -r id verdict class first; do
	if [ "$verdict" != ACCEPT ] && [ "$class" != syntax ]; then
		echo "note: $id: $class verdict, not a parse question; skipped"
		continue
	fi
	checked=$((checked + 1))
	"$RACOONLINT" --format=gcc --kind=setkey "$id" >"$tmp/out" 2>&1
	ours=$(awk -F: '/\[RL001 syntax-error\]$/ { print $2 }' "$tmp/out" | sort -n | head -1)
	if [ "$verdict" = ACCEPT ]; then
		if [ -z "$ours" ]; then
			agree=$((agree + 1))
		else
			echo "FAIL: $id: setkey accepts it, racoonlint reports a syntax error on line $ours"
			fail=$((fail + 1))
		fi
		continue
	fi
	theirs=$(printf '%s\n' "$first" | sed -n 's/.*,\([0-9][0-9]*\): .*/\1/p')
	if [ -n "$ours" ] && [ -n "$theirs" ] && [ "$ours" -le "$theirs" ]; then
		agree=$((agree + 1))
	else
		echo "FAIL: $id: setkey fails on line ${theirs:-?}, racoonlint's first syntax error is on line ${ours:-none}"
		fail=$((fail + 1))
	fi
done <"$tmp/verdicts"
echo "REPORT: setkey verdict agreement $agree/$checked"

[ "$fail" -eq 0 ]
