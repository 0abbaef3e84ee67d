#!/bin/sh
# The manual page against the program: every option of --help and every
# rule of --list-rules is in man/racoonlint.1, the page is what
# tools/man-page.sh makes of it (run `make man` after changing rules), and
# groff renders it without a warning.
set -eu
: "${RACOONLINT:?set RACOONLINT to the racoonlint binary}"
top=$(cd "$(dirname "$0")/.." && pwd)
page=$top/man/racoonlint.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
missing() {
	echo "FAIL: man/racoonlint.1 does not document $1"
	bad=1
}
# roff spells a dash in an option or a name \-
roff() { printf '%s\n' "$1" | sed 's/-/\\-/g'; }

"$RACOONLINT" --help >"$tmp/help"
grep -o -- '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u >"$tmp/long"
sed -n 's/^ *\(-[A-Za-z]\),.*/\1/p' "$tmp/help" | sort -u >"$tmp/short"
[ -s "$tmp/long" ] || { echo "FAIL: no options found in --help"; exit 1; }
while IFS= read -r opt; do
	grep -qF -- "$(roff "$opt")" "$page" || missing "the option $opt"
done <"$tmp/long"
while IFS= read -r opt; do
	grep -qE -- "^\.BR? $(roff "$opt" | sed 's/\\/\\\\/g')( |\$)" "$page" || missing "the option $opt"
done <"$tmp/short"

"$RACOONLINT" --list-rules >"$tmp/rules"
[ -s "$tmp/rules" ] || { echo "FAIL: --list-rules printed nothing"; exit 1; }
while read -r code name _; do
	grep -qF -- ".B $code \\%$(roff "$name")" "$page" || missing "the rule $code $name"
done <"$tmp/rules"

sh "$top/tools/man-page.sh" "$RACOONLINT" "$page" >"$tmp/page"
if ! cmp -s "$page" "$tmp/page"; then
	echo "FAIL: man/racoonlint.1 is out of date: run make man"
	diff -u "$page" "$tmp/page" | head -20
	bad=1
fi

if command -v groff >/dev/null 2>&1; then
	groff -man -ww -z "$page" 2>"$tmp/warnings" || bad=1
	if [ -s "$tmp/warnings" ]; then
		echo "FAIL: groff warns about man/racoonlint.1"
		cat "$tmp/warnings"
		bad=1
	fi
fi
[ "$bad" -eq 0 ] || exit 1
echo "REPORT: man: $(wc -l <"$tmp/long") long options and $(wc -l <"$tmp/rules") rules documented"
