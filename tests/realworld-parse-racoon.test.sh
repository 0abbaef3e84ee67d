#!/bin/sh
# racoon.conf files from public repositories ($SHARED/realworld):
#  - every racoon row of MANIFEST.tsv prints back byte for byte;
#  - racoonlint's syntax verdict agrees with racoon -t's (VERDICTS.tsv): a
#    row racoon rejects as a syntax error gets a syntax-error finding of
#    severity error on the line racoon names or up to 5 lines before it (where
#    the fault is, e.g. a missing ';'); a row racoon accepts, or rejects only
#    for files missing on the machine that ran it (class "environment"), gets
#    none.
# Exceptions: files in Apple's dialect, which ipsec-tools' racoon (the oracle)
# rejects and Apple's racoon reads; racoonlint must parse them.
# Needs RACOONLINT; SHARED is the shared folder (skipped without it).
set -u
: "${RACOONLINT:?set RACOONLINT to the racoonlint binary}"
rw="${SHARED:-}/realworld"
if [ -z "${SHARED:-}" ] || [ ! -f "$rw/MANIFEST.tsv" ]; then
	echo "SKIP: no \$SHARED/realworld/MANIFEST.tsv"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# id<TAB>why: rows where the oracle and racoonlint differ on purpose
cat >"$tmp/apple" <<'EOF'
apple-ipsec-sample/racoon.conf	Apple's sample: 'auto_exit_delay' (line 50) is a timer statement only Apple's racoon has; ipsec-tools' scanner does not know it and stops at "a"
uint2048-spice/racoon.conf	a copy of Apple's sample: 'auto_exit_delay' (line 50) exists only in Apple's racoon
ios-rootfs-iblessing/racoon.conf	iOS's copy of Apple's sample: 'auto_exit_delay' (line 50) exists only in Apple's racoon
apple-ipsec-sample/anonymous.conf	Apple's sample: 'support_mip6' (line 16), KAME's name for support_proxy, which Apple kept and ipsec-tools renamed
EOF

# ---- round trip ----
rows=0
for id in $(awk -F'\t' 'NR > 1 && $2 == "racoon" { print $1 }' "$rw/MANIFEST.tsv"); do
	rows=$((rows + 1))
	(cd "$rw" && "$RACOONLINT" --print --show-secrets --kind=racoon "$id") >"$tmp/print" 2>&1
	if ! cmp -s "$tmp/print" "$rw/$id"; then
		echo "FAIL: round trip of $id"
		fail=1
	fi
done
echo "round trip: $rows racoon files"

# ---- verdicts ----
# first line of a syntax-error finding of severity error in the file itself
first_error_line() {
	(cd "$rw" && "$RACOONLINT" --format=gcc --kind=racoon --select=syntax-error "$1") 2>/dev/null |
		awk -v f="$1:" 'index($0, f) == 1 && / error: / { split(substr($0, length(f) + 1), a, ":"); print a[1]; exit }'
}

total=0
agree=0
tab=$(printf '\t')
awk -F'\t' 'NR > 1 && $2 == "racoon" { print $1 "\t" $4 "\t" $5 "\t" $6 }' "$rw/VERDICTS.tsv" >"$tmp/verdicts"
while IFS="$tab" read -r id verdict first class; do
	total=$((total + 1))
	got=$(first_error_line "$id")
	why=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$tmp/apple")
	if [ -n "$why" ]; then
		if [ -n "$got" ]; then
			echo "FAIL: $id: Apple dialect, must parse, but has a syntax error on line $got"
			fail=1
		else
			echo "EXCEPTION: $id: racoon -t rejects it; $why"
		fi
		continue
	fi
	if [ "$class" = syntax ]; then
		want=$(printf '%s\n' "$first" | sed -n 's/.*:\([0-9][0-9]*\): .*/\1/p' | head -1)
		if [ -n "$got" ] && [ "$got" -le "$want" ] && [ "$got" -ge $((want - 5)) ]; then
			agree=$((agree + 1))
			echo "agree: $id: syntax error on line $got (racoon: line $want)"
		else
			echo "FAIL: $id: racoon rejects line $want; racoonlint's first syntax error: ${got:-none}"
			fail=1
		fi
	else
		if [ -z "$got" ]; then
			agree=$((agree + 1))
			[ "$class" = - ] && class=""
			echo "agree: $id: no syntax error (racoon: $verdict${class:+, $class})"
		else
			echo "FAIL: $id: racoon: $verdict ($class); racoonlint: syntax error on line $got"
			fail=1
		fi
	fi
done <"$tmp/verdicts"
echo "REPORT: racoon verdict agreement $agree/$total ($((total - agree)) exceptions: Apple dialect)"
exit "$fail"
