#!/bin/sh
# The canonical layout is idempotent: laying out a laid-out file changes
# nothing. Checked over every racoon.conf, psk.txt and setkey file of
# corpus/ and, when $SHARED/realworld/MANIFEST.tsv exists, over every racoon,
# psk and setkey file listed there. Files that do not parse are left out
# (they are never laid out); a file the printer gives up on fails the test
# (its output would not read back into the same tokens).
# Prints "REPORT: canonical idempotent N/N".
set -u
: "${RACOONLINT:?set RACOONLINT to the racoonlint binary}"
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
total=0
same=0
unparsed=0

layout() { # kind in out: the canonical layout of in, with its keys
	"$RACOONLINT" --print --canonical --show-secrets --ignore=all --no-config --kind="$1" "$2" >"$3" 2>"$tmp/err"
}

check() { # kind file
	if ! layout "$1" "$2" "$tmp/once"; then
		echo "FAIL: $2: racoonlint failed"
		head -3 "$tmp/err"
		fail=$((fail + 1))
		return
	fi
	if grep -q 'not laid out: it does not parse' "$tmp/err"; then
		unparsed=$((unparsed + 1))
		return
	fi
	if [ -s "$tmp/err" ]; then
		echo "FAIL: $2: $(head -1 "$tmp/err")"
		fail=$((fail + 1))
		return
	fi
	total=$((total + 1))
	if layout "$1" "$tmp/once" "$tmp/twice" && [ ! -s "$tmp/err" ] && cmp -s "$tmp/once" "$tmp/twice"; then
		same=$((same + 1))
	else
		echo "FAIL: $2: the layout of its layout differs"
		diff "$tmp/once" "$tmp/twice" | head -10
		fail=$((fail + 1))
	fi
}

kind_of() { # file: racoon, psk, setkey, or nothing
	case "$1" in
	*.out | *.args | *.md | */cmd | */expected.out) ;;
	*.psk | */psk.txt) echo psk ;;
	*.setkey | */ipsec-tools.conf | */setkey.conf) echo setkey ;;
	*.conf) echo racoon ;;
	esac
}

find "$top/corpus" -type f | sort >"$tmp/corpus"
while IFS= read -r f; do
	k=$(kind_of "$f")
	[ -n "$k" ] && check "$k" "$f"
done <"$tmp/corpus"
corpus="$same/$total"

rw="${SHARED:-}/realworld"
if [ -n "${SHARED:-}" ] && [ -f "$rw/MANIFEST.tsv" ]; then
	awk -F'\t' 'NR > 1 && ($2 == "racoon" || $2 == "psk" || $2 == "setkey") { print $2 "\t" $1 }' \
		"$rw/MANIFEST.tsv" >"$tmp/rw"
	before_total=$total
	before_same=$same
	while IFS='	' read -r k id; do
		[ -f "$rw/$id" ] && check "$k" "$rw/$id"
	done <"$tmp/rw"
	real="$((same - before_same))/$((total - before_total))"
else
	echo "SKIP: real-world part: SHARED is unset or has no realworld/MANIFEST.tsv"
	real="skipped"
fi

echo "REPORT: canonical idempotent $same/$total (corpus $corpus, real world $real; $unparsed files that do not parse left out)"
[ "$fail" -eq 0 ]
