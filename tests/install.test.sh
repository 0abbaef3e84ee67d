#!/bin/sh
# make install and make uninstall with PREFIX and DESTDIR.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: install: $1"
	sed 's/^/  make: /' "$tmp/log"
	exit 1
}
make -C "$top" --no-print-directory install DESTDIR="$tmp/root" PREFIX=/opt/rl >"$tmp/log" 2>&1 || fail "make install"
root=$tmp/root/opt/rl
for f in bin/racoonlint bin/racoonlint-precommit share/racoonlint/hooks/pre-commit; do
	[ -x "$root/$f" ] || fail "$f is not installed as a program"
done
[ -f "$root/share/man/man1/racoonlint.1" ] || fail "no manual page"
[ ! -x "$root/share/man/man1/racoonlint.1" ] || fail "the manual page is executable"
"$root/bin/racoonlint" --version | grep -q '^racoonlint ' || fail "the installed program does not run"
grep -q '^\.SH RULES' "$root/share/man/man1/racoonlint.1" || fail "the manual page lacks its rules"
make -C "$top" --no-print-directory uninstall DESTDIR="$tmp/root" PREFIX=/opt/rl >"$tmp/log" 2>&1 || fail "make uninstall"
left=$(find "$tmp/root" -type f | wc -l)
[ "$left" -eq 0 ] || fail "$left files left after make uninstall"
echo "REPORT: install: PREFIX and DESTDIR honoured, uninstall removes everything"
