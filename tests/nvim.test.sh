#!/bin/sh
# Neovim's built-in LSP client against racoonlint --lsp (tests/nvim_lsp.lua):
# open a racoon.conf with a fault, wait for the diagnostics, edit the buffer,
# ask for code actions and formatting, stop the server. The diagnostics must
# be those the command line reports for the same file, at the same line and
# byte column. Skipped when nvim is not installed.
set -eu
: "${RACOONLINT:?set RACOONLINT to the racoonlint binary}"
if ! command -v nvim >/dev/null 2>&1; then
	echo "REPORT: nvim: SKIPPED, nvim not found"
	exit 0
fi
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/config" "$tmp/data" "$tmp/state" "$tmp/cache" "$tmp/ws/server1"
conf=$tmp/ws/server1/racoon.conf
# line 5 (0-based 4) holds the fault, after non-ASCII text
printf '%s\n' \
	'# racoon.conf für den Test 😀' \
	'path pre_shared_key "/etc/racoon/psk.txt";' \
	'' \
	'remote anonymous {' \
	'	my_identifier fqdn "clïent😀" oops;' \
	'	exchange_mode main;' \
	'}' >"$conf"
fault=4

# "LINE COL CODE" of each finding, 0-based, from the command line
findings() {
	rc=0
	"$RACOONLINT" --format=gcc "$1" >"$tmp/cli" 2>&1 || rc=$?
	[ "$rc" -le 1 ] || { cat "$tmp/cli"; exit 1; }
	sed -n "s|^$1:\([0-9]*\):\([0-9]*\): [a-z]*: .*\[\(RL[0-9]*\) [^]]*\]\$|\1 \2 \3|p" "$tmp/cli" |
		awk '{ print $1 - 1, $2 - 1, $3 }' | sort
}
findings "$conf" >"$tmp/want"
sed "$((fault + 1))d" "$conf" >"$tmp/edited.conf"
edited=$(findings "$tmp/edited.conf" | wc -l)

HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
	XDG_CACHE_HOME=$tmp/cache RACOONLINT=$RACOONLINT CONF=$conf RESULT=$tmp/result FAULT_LINE=$fault \
	timeout 120 nvim --headless --clean -n -i NONE -c "luafile $here/nvim_lsp.lua" \
	</dev/null >"$tmp/nvim.log" 2>&1 || true

fail() {
	echo "FAIL: nvim: $1"
	[ -f "$tmp/result" ] && sed 's/^/  result: /' "$tmp/result"
	sed 's/^/  nvim: /' "$tmp/nvim.log" | head -20
	exit 1
}
[ -f "$tmp/result" ] || fail "no result written"
! grep -q '^error' "$tmp/result" || fail "the script failed"
grep -q '^published ' "$tmp/result" || fail "no diagnostics arrived"
sed -n 's/^diag //p' "$tmp/result" | sort >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || { diff "$tmp/want" "$tmp/got"; fail "diagnostics differ from the command line's"; }
if [ -s "$tmp/want" ]; then
	grep -q "^$fault " "$tmp/got" || fail "no diagnostic on line $fault"
	echo "REPORT: nvim: $(wc -l <"$tmp/got") diagnostic(s) at the command line's positions"
else
	echo "REPORT: nvim: diagnostics published (none yet: no racoon parser)"
fi
grep -qx "edited $edited" "$tmp/result" || fail "after the edit: want $edited diagnostics"
grep -qx 'codeAction ok' "$tmp/result" || fail "codeAction"
grep -qx 'formatting ok' "$tmp/result" || fail "formatting"
grep -qx 'stopped' "$tmp/result" || fail "the server did not stop"

# the quickfix way of docs/editors.md: makeprg and errorformat on --format=gcc
bin=$(dirname "$RACOONLINT")
PATH=$bin:$PATH HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
	XDG_CACHE_HOME=$tmp/cache timeout 60 nvim --headless --clean -n -i NONE \
	-c 'set makeprg=racoonlint\ --format=gcc\ %' \
	-c 'set errorformat=%f:%l:%c:\ %t%*[^:]:\ %m' \
	-c 'silent make' \
	-c "call writefile(map(filter(getqflist(), 'v:val.valid && v:val.type !=# \"n\"'), 'printf(\"%d:%d: %s\", v:val.lnum, v:val.col, v:val.type)'), '$tmp/qf')" \
	-c 'qall!' "$conf" </dev/null >"$tmp/nvim.log" 2>&1 || true
[ -f "$tmp/qf" ] || fail "quickfix: no result"
sort "$tmp/qf" >"$tmp/qf.got"
"$RACOONLINT" --format=gcc "$conf" 2>&1 | sed -n "s|^$conf:\([0-9]*:[0-9]*: [a-z]\)[a-z]*: .*|\1|p" | grep -v ' n$' | sort >"$tmp/qf.want" || true
cmp -s "$tmp/qf.want" "$tmp/qf.got" || { diff "$tmp/qf.want" "$tmp/qf.got"; fail "quickfix entries differ from the command line's"; }
echo "REPORT: nvim: quickfix with makeprg and errorformat: $(wc -l <"$tmp/qf.got") entr(y/ies)"
