#!/bin/sh
# docs/rules.md and README.md against the program: the table between the
# BEGIN RULES and END RULES markers holds one row per rule of --list-rules,
# in its order, with the same code, name, severity, scope and summary.
set -eu
: "${RACOONLINT:?set RACOONLINT to the racoonlint binary}"
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$RACOONLINT" --list-rules >"$tmp/list"
[ -s "$tmp/list" ] || { echo "FAIL: --list-rules printed nothing"; exit 1; }
# the rows the list makes: | CODE | `NAME` | SEVERITY | SCOPE | SUMMARY |
awk '{ s = $0; sub(/^[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", s)
       printf "| %s | `%s` | %s | %s | %s |\n", $1, $2, $3, $4, s }' "$tmp/list" >"$tmp/want"
for doc in "$top/docs/rules.md" "$top/README.md"; do
	# the rows the document has
	awk '/<!-- END RULES -->/ { on = 0 }
	     on && /^\| RL[0-9]/ { print }
	     /<!-- BEGIN RULES -->/ { on = 1 }' "$doc" >"$tmp/have"
	if ! cmp -s "$tmp/want" "$tmp/have"; then
		echo "FAIL: ${doc#"$top"/} and --list-rules disagree (- document, + program):"
		diff -u "$tmp/have" "$tmp/want" | tail -n +3
		exit 1
	fi
done
echo "REPORT: rules doc: $(wc -l <"$tmp/want") rules listed as --list-rules lists them"
