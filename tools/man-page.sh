#!/bin/sh
# usage: man-page.sh RACOONLINT MANPAGE
#
# Print MANPAGE brought up to date with the program: the version on its .TH
# line from `RACOONLINT --version`, and the lines between '.\" BEGIN RULES'
# and '.\" END RULES' replaced by one entry per rule of
# `RACOONLINT --list-rules` (code, name, severity, scope, summary).
set -eu
[ $# -eq 2 ] || { echo "usage: $0 RACOONLINT MANPAGE" >&2; exit 2; }
rules=$(mktemp)
trap 'rm -f "$rules"' EXIT
"$1" --list-rules >"$rules"
[ -s "$rules" ] || { echo "$0: $1 --list-rules printed nothing" >&2; exit 1; }
version=$("$1" --version)
awk -v rules="$rules" -v version="$version" '
# roff text: a backslash is \e, a line may not start with a control character
function text(s) {
	gsub(/\\/, "\\e", s)
	return s ~ /^[.'"'"']/ ? "\\&" s : s
}
function dashes(s) { gsub(/-/, "\\-", s); return s }
/^\.TH / {
	n = split($0, f, "\"")
	if (n >= 7) {
		f[4] = version
		line = f[1]
		for (i = 2; i <= n; i++)
			line = line "\"" f[i]
		$0 = line
	}
}
/^\.\\" BEGIN RULES/ {
	print
	while ((getline line < rules) > 0) {
		if (split(line, f, " ") < 4)
			continue
		summary = line
		sub(/^[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ */, "", summary)
		print ".TP"
		print ".B " f[1] " \\%" dashes(f[2])
		print text("(" f[3] ", " f[4] ") " summary)
	}
	skip = 1
	next
}
/^\.\\" END RULES/ { skip = 0 }
!skip { print }
' "$2"
