#!/bin/sh
# Hostile input: every case must end with a clear message naming the file and
# exit status 1 or 2 -- no crash, no hang, bounded memory and output, nothing
# written. Needs $RACOONLINT. The limits these cases meet are in
# docs/limits.md.
#
# Cases that need host folders run when `racoonlint DIR` reads one (tried
# first); until then each prints a SKIP line.
set -u
: "${RACOONLINT:?}"
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
failures=0
cases=0
skipped=0
# most bytes of output a case may print: a case with tens of thousands of
# findings raises it for itself (the output stays linear in the input)
out_limit=2000000

# run NAME EXPECTED-IN-OUTPUT ARGS...
run() {
	name=$1
	want=$2
	shift 2
	cases=$((cases + 1))
	before=$(cd "$t" && find . -type f ! -name .out -exec cksum {} + 2>/dev/null | sort)
	# 20 s of CPU, 30 s in all, 1 GiB of address space (ASan builds reserve
	# more: no cap there)
	# (the sanitizers run several times slower: four times the time there)
	(
		case "$RACOONLINT" in
		*build-san*) ulimit -t 80 2>/dev/null; limit=120 ;;
		*) ulimit -t 20 2>/dev/null; ulimit -v 1048576 2>/dev/null; limit=30 ;;
		esac
		exec timeout $limit "$RACOONLINT" --format=gcc "$@" </dev/null >"$t/.out" 2>&1
	)
	check_result "$name" "$want" $?
}

# check_result NAME EXPECTED-IN-OUTPUT STATUS: the output of a case in $t/.out
check_result() {
	after=$(cd "$t" && find . -type f ! -name .out -exec cksum {} + 2>/dev/null | sort)
	size=$(wc -c <"$t/.out")
	ok=1
	if [ "$3" -ne 1 ] && [ "$3" -ne 2 ]; then
		echo "FAIL $1: exit status $3"
		ok=0
	fi
	if [ "$size" -gt "$out_limit" ]; then
		echo "FAIL $1: $size bytes of output"
		ok=0
	fi
	if [ -n "$2" ] && ! grep -q -- "$2" "$t/.out"; then
		echo "FAIL $1: output does not name $2"
		head -c 600 "$t/.out" | head -5
		ok=0
	fi
	if [ "$before" != "$after" ]; then
		echo "FAIL $1: files changed"
		ok=0
	fi
	[ $ok -eq 1 ] || failures=$((failures + 1))
	rm -f "$t/.out"
	out_limit=2000000
}

# The same with standard input from a file: run_stdin NAME WANT INPUT ARGS...
run_stdin() {
	name=$1
	want=$2
	input=$3
	shift 3
	cases=$((cases + 1))
	before=$(cd "$t" && find . -type f ! -name .out -exec cksum {} + 2>/dev/null | sort)
	(
		ulimit -t 20 2>/dev/null
		case "$RACOONLINT" in *build-san*) ;; *) ulimit -v 1048576 2>/dev/null ;; esac
		exec timeout 30 "$RACOONLINT" --format=gcc "$@" <"$input" >"$t/.out" 2>&1
	)
	check_result "$name" "$want" $?
}

skip() {
	skipped=$((skipped + 1))
	echo "SKIP $1: host folders are not read yet"
}

mkdir -p "$t/in"
cd "$t" || exit 2

# --- bytes --------------------------------------------------------------

head -c 200000 /dev/urandom >in/random.conf
run "random bytes (racoon)" random.conf in/random.conf
cp in/random.conf in/random.psk
run "random bytes (psk)" random.psk --kind=psk in/random.psk
cp in/random.conf in/random.setkey
run "random bytes (setkey)" random.setkey in/random.setkey

printf 'remote anonymous {\0 exchange_mode main;\n}\n' >in/nul.conf
run "NUL bytes" nul.conf in/nul.conf
printf '10.0.0.1 se\0cret\n\0\0\0\n' >in/nul.psk
run "NUL bytes (psk)" nul.psk --kind=psk in/nul.psk
printf 'flush;\0spdflush;\n' >in/nul.setkey
run "NUL bytes (setkey)" nul.setkey in/nul.setkey

printf 'remote anonymous { my_identifier fqdn "\377\376caf\351"; }\n' >in/latin.conf
run "non-UTF-8 bytes in strings" latin.conf in/latin.conf

# --- size ---------------------------------------------------------------

awk 'BEGIN { for (i = 0; i < 100000; i++) printf "{"; print "" }' >in/braces.conf
run "100000 nested braces" braces.conf in/braces.conf
awk 'BEGIN { printf "sainfo anonymous "; for (i = 0; i < 100000; i++) printf "{ "; print "" }' >in/braces2.conf
run "100000 nested braces after a block" braces2.conf in/braces2.conf
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "remote anonymous { "; print "" }' >in/nested-remote.conf
run "100000 nested remote blocks" nested-remote.conf in/nested-remote.conf
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "sainfo anonymous { "; print "" }' >in/nested-sainfo.conf
run "100000 nested sainfo blocks" nested-sainfo.conf in/nested-sainfo.conf
awk 'BEGIN { printf "remote anonymous { exchange_mode main; "; for (i = 0; i < 100000; i++) printf "proposal { ";
	for (i = 0; i < 100000; i++) printf "} "; print "}" }' >in/nested-proposal.conf
run "100000 nested proposal blocks, closed" nested-proposal.conf in/nested-proposal.conf

awk 'BEGIN { printf "path include "; for (i = 0; i < 2000000; i++) printf "a"; print ";" }' >in/longline.conf
run "2 MB line" longline.conf in/longline.conf
# one long secret and thousands of findings on one line: each code frame
# must not scan the line again
awk 'BEGIN { printf "remote 10.1.1.1 { shared_secret use \""; for (i = 0; i < 1000000; i++) printf "Q";
	printf "\"; }"; for (i = 300; i < 20300; i++) printf " remote 10.0.0.%d { shared_secret use \"s%dxyzzy\"; }", i, i;
	print "" }' >in/longline-secret.conf
# (a few findings a block, each with its frame: output linear in the input)
out_limit=80000000
run "2 MB line, a long secret and 20000 findings (text)" longline-secret.conf in/longline-secret.conf --format=text
# SARIF counts columns in characters: each one must not walk the line again
out_limit=150000000
run "2 MB line, a long secret and 20000 findings (sarif)" longline-secret.conf in/longline-secret.conf --format=sarif
# the editor server converts each position to UTF-16 units: nor there
# (plain build only: the client waits 20 s an answer)
if command -v python3 >/dev/null 2>&1 && case "$RACOONLINT" in *build-san*) false ;; *) true ;; esac; then
	cases=$((cases + 1))
	if ! (ulimit -t 60; timeout 90 python3 "$here/secrets.py" lsp "$RACOONLINT" in/longline-secret.conf >/dev/null 2>&1); then
		echo "FAIL 2 MB line, a long secret and 20000 findings (lsp): no diagnostics in time"
		failures=$((failures + 1))
	fi
fi
# many secrets and many findings: each frame must not walk every secret
awk 'BEGIN { for (i = 0; i < 70000; i++) printf "remote 10.%d.%d.1 { shared_secret use \"sec%dxyzzy\"; }\n",
	i / 250, i % 250, i }' >in/many-secrets.conf
out_limit=100000000
run "70000 secrets and their findings (text)" many-secrets.conf in/many-secrets.conf --format=text

awk 'BEGIN { for (i = 0; i < 1000000; i++) print "log notify;"; print "bogus;" }' >in/tiny.conf
run "1000000 tiny statements (racoon)" 'tiny.conf:1000001' in/tiny.conf
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "10.%d.%d.%d k%d\n", i / 65536, i / 256 % 256, i % 256, i;
	print "10.0.0.1" }' >in/tiny.psk
chmod 600 in/tiny.psk
# (every key is short: psk-weak-secret would report each line)
run "1000000 tiny statements (psk)" 'tiny.psk:1000001' --kind=psk --ignore=psk-weak-secret in/tiny.psk
awk 'BEGIN { for (i = 0; i < 1000000; i++) print "flush;"; print "bogus;" }' >in/tiny.setkey
run "1000000 tiny statements (setkey)" 'tiny.setkey:1000001' in/tiny.setkey

# past the error cap no message is built: building each one (and finding
# where the misplaced word belongs) took a minute for 6,000,000 of them (a
# third of that under the sanitizers, which run some ten times slower)
n=6000000
case "$RACOONLINT" in *build-san*) n=2000000 ;; esac
awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) print "a ;" }' >in/errors.conf
run "$n statements with syntax errors" 'errors.conf:100:1' in/errors.conf
rm -f in/errors.conf

printf 'remote anonymous { dpd_delay 99999999999999999999999999999; }\ntimer { counter 18446744073709551616; }\n' >in/bignum.conf
run "numbers beyond 64 bits" bignum.conf in/bignum.conf
printf 'remote anonymous { lifetime time 18446744073709551615 hour; }\npadding { maximum_length 4294967296; }\n' >in/bignum2.conf
run "numbers beyond 64 bits after a unit" bignum2.conf in/bignum2.conf
printf 'spdadd 10.0.0.1 10.0.0.2 any -P out prio 99999999999999999999 ipsec esp/transport//unique:99999999999999999999;\n' >in/bignum.setkey
run "numbers beyond 64 bits (setkey)" bignum.setkey in/bignum.setkey
printf 'add 10.0.0.1 10.0.0.2 esp 0x1ffffffffffffffffffff -E null;\nspdadd 10.0.0.1/4294967297[99999999999] 10.0.0.2 any -P out none;\n' >in/bignum2.setkey
run "SPI, prefix and port beyond 64 bits (setkey)" bignum2.setkey in/bignum2.setkey

# over the size limit (64 MiB): a sparse file, and a real 100 MB key line
truncate -s 70M in/huge.conf
run "a file over the size limit" 'huge.conf: file larger than' in/huge.conf
head -c 100000000 /dev/zero | tr '\0' a >in/huge.psk
chmod 600 in/huge.psk
run "a 100 MB psk.txt line" 'huge.psk: file larger than' --kind=psk in/huge.psk
run_stdin "over the size limit on standard input" 'larger than' in/huge.psk --kind=psk -
rm -f in/huge.psk

# --- not a regular file -------------------------------------------------

mkfifo in/fifo.conf
run "a FIFO in place of a file" 'fifo.conf: not a regular file' in/fifo.conf
run "/dev/zero as input" '/dev/zero' --kind=racoon /dev/zero
run "/dev/urandom as input" '/dev/urandom' --kind=psk /dev/urandom
run_stdin "/dev/zero on standard input" 'larger than' /dev/zero --kind=racoon -
mkdir -p dirhost/racoon.conf
run "a folder where a file should be" racoon.conf dirhost/racoon.conf

# --- includes -----------------------------------------------------------

mkdir -p self
printf 'path include "/etc/racoon";\ninclude "racoon.conf";\n' >self/racoon.conf
run "include of itself" racoon.conf self/racoon.conf

mkdir -p cycle
printf 'path include "/etc/racoon";\ninclude "b.conf";\n' >cycle/racoon.conf
printf 'include "racoon.conf";\n' >cycle/b.conf
run "two-file include cycle" b.conf cycle/racoon.conf

mkdir -p glob
printf 'path include "/etc/racoon";\ninclude "*.conf";\n' >glob/racoon.conf
run "glob that includes its own file" racoon.conf glob/racoon.conf

mkdir -p deep
i=0
printf 'path include "/etc/racoon";\ninclude "d1.conf";\n' >deep/racoon.conf
while [ $i -lt 40 ]; do
	n=$((i + 1))
	printf 'include "d%d.conf";\n' $((n + 1)) >deep/d$n.conf
	i=$n
done
run "deep include chain" 'nest more than 10 deep' deep/racoon.conf

mkdir -p many
i=0
while [ $i -lt 300 ]; do
	printf 'log notify;\n' >many/m$i.inc
	i=$((i + 1))
done
printf 'path include "/etc/racoon";\ninclude "*.inc";\n' >many/racoon.conf
run "a glob of 300 files" 'more than 256 included files' many/racoon.conf

# glibc's glob needs memory in the square of the path components: this one
# crashed racoonlint after a minute and 12 GB. A token holds at most 65535
# bytes: the pattern is a syntax error of its own now, and only its last
# 65535 bytes reach the parser
awk 'BEGIN { printf "include \""; for (i = 0; i < 1000000; i++) printf "*/"; print "x\";" }' >in/glob-deep.conf
run "an include pattern of a million path components" 'glob-deep.conf:1:9: .*a token of 2000003 bytes' in/glob-deep.conf
# tokens longer than a token holds, in each language
awk 'BEGIN { printf "#"; for (i = 0; i < 70000; i++) printf "c"; print ""; printf "spdadd "; for (i = 0; i < 70000; i++) printf "a"; print " 1.1.1.1 any -P out none;" }' >in/longtok.setkey
run "a 70 KB comment and a 70 KB word (setkey)" 'longtok.setkey:2:8: .*a token of 70000 bytes' in/longtok.setkey
awk 'BEGIN { printf "192.0.2.1 "; for (i = 0; i < 70000; i++) printf "k"; print "" }' >in/longtok.psk
run "a 70 KB key (psk)" 'longtok.psk:1:11: .*a token of 70000 bytes' --kind=psk in/longtok.psk
awk 'BEGIN { printf "#"; for (i = 0; i < 70000; i++) printf "c"; print ""; printf "path certificate \""; for (i = 0; i < 70000; i++) printf "a"; print "\";" }' >in/longtok.conf
run "a 70 KB comment and a 70 KB string (racoon)" 'longtok.conf:2:18: .*a token of 70002 bytes' in/longtok.conf

mkdir -p loop
ln -s a loop/b
ln -s b loop/a
printf 'path include "/etc/racoon";\ninclude "a";\n' >loop/racoon.conf
run "symlink loop" loop/ loop/racoon.conf

mkdir -p special
mkfifo special/fifo.conf
ln -s /dev/zero special/zero.conf
printf 'path include "/etc/racoon";\ninclude "fifo.conf";\ninclude "zero.conf";\n' >special/racoon.conf
run "an include of a FIFO and of /dev/zero" 'fifo.conf: not a regular file' special/racoon.conf

# --- host folders -------------------------------------------------------

mkdir -p probe/h
printf 'log notify;\n' >probe/h/racoon.conf
# exit status 0 or 1: the folder was read (2: "host folders are not read yet")
"$RACOONLINT" --format=gcc probe/h >/dev/null 2>&1
if [ $? -le 1 ]; then folders=1; else folders=0; fi
rm -rf probe

# host NAME WANT ARGS...: a case that needs host folders
host() {
	if [ $folders -eq 1 ]; then run "$@"; else skip "$1"; fi
}

mkdir -p empty
host "an empty folder" empty empty

mkdir -p hosts/h1
head -c 5000 /dev/urandom >hosts/h1/psk.txt
head -c 5000 /dev/urandom >hosts/h1/ipsec-tools.conf
printf 'path pre_shared_key "/etc/racoon/psk.txt";\n' >hosts/h1/racoon.conf
chmod 600 hosts/h1/psk.txt
host "psk.txt and setkey file of random bytes" h1 hosts/h1

mkdir -p hosts/fifo
printf 'path pre_shared_key "/etc/racoon/psk.txt";\n' >hosts/fifo/racoon.conf
mkfifo hosts/fifo/psk.txt hosts/fifo/ipsec-tools.conf
host "a host whose psk.txt and setkey file are FIFOs" 'psk.txt' hosts/fifo

mkdir -p hosts/dev
printf 'path pre_shared_key "/etc/racoon/psk.txt";\n' >hosts/dev/racoon.conf
ln -s /dev/zero hosts/dev/psk.txt
ln -s /dev/urandom hosts/dev/ipsec-tools.conf
host "a host whose psk.txt is /dev/zero" 'psk.txt' hosts/dev

mkdir -p hosts/dirs/psk.txt hosts/dirs/ipsec-tools.conf
printf 'path pre_shared_key "/etc/racoon/psk.txt";\n' >hosts/dirs/racoon.conf
host "a host with folders where files should be" 'psk.txt' hosts/dirs

mkdir -p hosts/loop
ln -s racoon.conf hosts/loop/racoon.conf 2>/dev/null || true
host "a host whose racoon.conf is a symlink loop" racoon.conf hosts/loop

mkdir -p hosts/big
printf 'path pre_shared_key "/etc/racoon/psk.txt";\n' >hosts/big/racoon.conf
truncate -s 100M hosts/big/psk.txt
chmod 600 hosts/big/psk.txt
host "a host whose psk.txt is over the size limit" 'psk.txt' hosts/big hosts/h1

echo "REPORT: hostile input: $((cases - failures))/$cases cases handled, $skipped skipped"
[ "$failures" -eq 0 ]
