#!/bin/sh
# valgrind memcheck of racoonlint: every corpus file in every format and
# --print (a racoon.conf given on the command line has its includes
# followed), every command-line case of corpus/cases, the real-world files of
# $SHARED/realworld when present, the example pair, editor sessions over
# the corpus and over the example pair's host folders (the LSP), and a few
# hostile inputs. Each run must end without
# a memcheck error and without a leak of any kind.
#
#   sh tests/valgrind.sh RACOONLINT
#
# Files of one language are checked in one run, so that valgrind starts a
# few dozen times, not hundreds. Prints "N passed, N failed" (runs).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v valgrind >/dev/null 2>&1; then
	echo "memcheck: SKIPPED, valgrind not found"
	exit 0
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir "$t/logs"
# racoonlint under memcheck, for scripts that take $RACOONLINT
cat >"$t/vg" <<EOF
#!/bin/sh
exec valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \\
	--error-exitcode=99 --log-file="$t/logs/%p.log" "$bin" "\$@"
EOF
chmod +x "$t/vg"
vg=$t/vg
pass=0
fail=0

# vrun NAME ARGS...: one run under memcheck (output discarded)
vrun() {
	[ -z "${VG_TIME:-}" ] || date "+%T $1" >&2 # VG_TIME=1: when each run starts
	name=$1
	shift
	"$vg" "$@" >/dev/null 2>&1 </dev/null
	verdict "$name" $?
}

verdict() {
	if [ "$2" -eq 99 ] || [ "$2" -gt 128 ]; then
		echo "FAIL memcheck $1: exit status $2"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

# The corpus files of a language (not the expected outputs and notes).
corpus_files() {
	find "$top/corpus/$1" -maxdepth 1 -type f ! -name '*.out' ! -name '*.args' ! -name '*.md' | sort
}

cd "$top/corpus" || exit 2
find . -name psk.txt -type f -exec chmod 600 {} +
for kind in racoon psk setkey; do
	files=$(corpus_files $kind)
	for f in gcc json sarif; do
		# shellcheck disable=SC2086
		vrun "$kind $f" --no-config --kind=$kind --format=$f $files
	done
	# shellcheck disable=SC2086
	vrun "$kind text" --no-config --kind=$kind --format=text --color=always $files
	# shellcheck disable=SC2086
	vrun "$kind --print" --no-config --kind=$kind --print $files
	# shellcheck disable=SC2086
	(cd "$t" && vrun "$kind --print --show-secrets" --no-config --kind=$kind --print --show-secrets $files)
done

# every case but explain-every-rule and help (static text printed a hundred
# times): --help, one --explain and --list-rules stand for them
vrun "--help" --help
vrun "--list-rules" --list-rules
vrun "--explain" --explain=psk-malformed
for c in "$top"/corpus/cases/*/; do
	[ -f "$c/cmd" ] || continue
	case "$c" in */explain-every-rule/ | */help/) continue ;; esac
	(cd "$c" && RACOONLINT="$vg" sh ./cmd >/dev/null 2>&1 </dev/null)
	pass=$((pass + 1))
done

rw="${SHARED:-}/realworld"
if [ -f "$rw/MANIFEST.tsv" ]; then
	for kind in racoon psk setkey; do
		files=$(awk -F '\t' -v k=$kind -v d="$rw" '$2 == k { printf "%s/%s\n", d, $1 }' "$rw/MANIFEST.tsv")
		[ -n "$files" ] || continue
		# shellcheck disable=SC2086
		vrun "realworld $kind" --no-config --kind=$kind --format=text --color=always $files
		# shellcheck disable=SC2086
		vrun "realworld $kind json" --no-config --kind=$kind --format=json $files
	done
else
	echo "memcheck: no \$SHARED/realworld, real-world files skipped"
fi

vrun "example pair" --no-config --format=text "$top"/examples/iscsi/server1/* "$top"/examples/iscsi/client1/*
"$bin" --no-config "$top/examples/iscsi/server1" >/dev/null 2>&1
if [ $? -le 1 ]; then # host folders are read
	vrun "example host folders" --no-config --format=text "$top/examples/iscsi/server1" "$top/examples/iscsi/client1"
fi

if command -v python3 >/dev/null 2>&1; then
	# shellcheck disable=SC2046
	python3 "$top/tests/secrets.py" lsp "$vg" $(corpus_files racoon | head -20) $(corpus_files psk) \
		$(corpus_files setkey) >/dev/null 2>&1
	verdict "lsp session" $?
	# the example pair: each buffer is checked with the other host folder,
	# whose parsed files the server keeps from one run to the next
	python3 "$top/tests/secrets.py" lsp "$vg" "$top"/examples/iscsi/server1/* "$top"/examples/iscsi/client1/* \
		>/dev/null 2>&1
	verdict "lsp session in a site" $?
fi

cd "$t" || exit 2
head -c 100000 /dev/urandom >random.conf
printf 'remote anonymous {\0 exchange_mode main;\n}\n' >nul.conf
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{"; print "" }' >braces.conf
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "sainfo anonymous { "; print "" }' >nested.conf
printf 'path include "%s";\ninclude "self.conf";\ninclude "*.conf";\n' "$t" >self.conf
printf 'remote anonymous { dpd_delay 99999999999999999999999999999; nonce_size 0x1ffffffffffffffffff; }\n' >big.conf
vrun "hostile racoon.conf" --format=text random.conf nul.conf braces.conf nested.conf self.conf big.conf
cp random.conf random.psk
vrun "hostile psk.txt" --format=text --kind=psk random.psk
vrun "hostile setkey" --format=text --kind=setkey random.conf

leaks=0
for l in "$t"/logs/*.log; do
	[ -s "$l" ] || continue
	leaks=$((leaks + 1))
	echo "== memcheck report $(basename "$l")"
	head -60 "$l"
done
[ $leaks -eq 0 ] || fail=$((fail + 1))
echo "memcheck: $pass passed, $fail failed"
[ $fail -eq 0 ]
