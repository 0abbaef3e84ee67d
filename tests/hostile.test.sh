#!/bin/sh
# Hostile input: every case must end with a clear message naming the file and
# exit status 1 or 2 -- no crash, no hang, bounded memory and output, nothing
# written. Needs $RACOONLINT.
set -u
: "${RACOONLINT:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
failures=0
cases=0

# run NAME EXPECTED-NAME-IN-OUTPUT ARGS...
run() {
	name=$1
	want=$2
	shift 2
	cases=$((cases + 1))
	before=$(cd "$t" && find . -type f -exec cksum {} + 2>/dev/null | sort)
	# 20 s, 1 GiB of address space (ASan builds reserve more: skip the cap there)
	(
		ulimit -t 20 2>/dev/null
		case "$RACOONLINT" in *build-san*) ;; *) ulimit -v 1048576 2>/dev/null ;; esac
		timeout 30 "$RACOONLINT" --format=gcc "$@" >"$t/.out" 2>&1
	)
	rc=$?
	after=$(cd "$t" && find . -type f ! -name .out -exec cksum {} + 2>/dev/null | sort)
	before=$(printf '%s\n' "$before" | grep -v ' ./.out$')
	size=$(wc -c <"$t/.out")
	ok=1
	if [ "$rc" -ne 1 ] && [ "$rc" -ne 2 ]; then
		echo "FAIL $name: exit status $rc"
		ok=0
	fi
	if [ "$size" -gt 2000000 ]; then
		echo "FAIL $name: $size bytes of output"
		ok=0
	fi
	if [ -n "$want" ] && ! grep -q -- "$want" "$t/.out"; then
		echo "FAIL $name: output does not name $want"
		head -5 "$t/.out"
		ok=0
	fi
	if [ "$before" != "$after" ]; then
		echo "FAIL $name: files changed"
		ok=0
	fi
	[ $ok -eq 1 ] || failures=$((failures + 1))
	rm -f "$t/.out"
}

mkdir -p "$t/in"
cd "$t" || exit 2

head -c 200000 /dev/urandom >in/random.conf
run "random bytes (racoon)" random.conf in/random.conf
cp in/random.conf in/random.psk
run "random bytes (psk)" random.psk --kind=psk in/random.psk
cp in/random.conf in/random.setkey
run "random bytes (setkey)" random.setkey in/random.setkey

printf 'remote anonymous {\0 exchange_mode main;\n}\n' >in/nul.conf
run "NUL bytes" nul.conf in/nul.conf

awk 'BEGIN { for (i = 0; i < 100000; i++) printf "{"; print "" }' >in/braces.conf
run "100000 nested braces" braces.conf in/braces.conf
awk 'BEGIN { printf "sainfo anonymous "; for (i = 0; i < 100000; i++) printf "{ "; print "" }' >in/braces2.conf
run "100000 nested braces after a block" braces2.conf in/braces2.conf

awk 'BEGIN { printf "path include "; for (i = 0; i < 2000000; i++) printf "a"; print ";" }' >in/longline.conf
run "2 MB line" longline.conf in/longline.conf

printf 'remote anonymous { dpd_delay 99999999999999999999999999999; }\ntimer { counter 18446744073709551616; }\n' >in/bignum.conf
run "numbers beyond 64 bits" bignum.conf in/bignum.conf
printf 'spdadd 10.0.0.1 10.0.0.2 any -P out prio 99999999999999999999 ipsec esp/transport//unique:99999999999999999999;\n' >in/bignum.setkey
run "numbers beyond 64 bits (setkey)" bignum.setkey in/bignum.setkey

printf 'remote anonymous { my_identifier fqdn "\377\376caf\351"; }\n' >in/latin.conf
run "non-UTF-8 bytes in strings" latin.conf in/latin.conf

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
run "deep include chain" deep/ deep/racoon.conf

mkdir -p dirhost/racoon.conf
run "a folder where a file should be" racoon.conf dirhost/racoon.conf

mkdir -p empty
run "an empty folder" empty empty

mkdir -p hosts/h1
head -c 5000 /dev/urandom >hosts/h1/psk.txt
head -c 5000 /dev/urandom >hosts/h1/ipsec-tools.conf
printf 'path pre_shared_key "/etc/racoon/psk.txt";\n' >hosts/h1/racoon.conf
chmod 600 hosts/h1/psk.txt
run "psk.txt and setkey file of random bytes" h1 hosts/h1

mkdir -p loop
ln -s a loop/b
ln -s b loop/a
printf 'path include "/etc/racoon";\ninclude "a";\n' >loop/racoon.conf
run "symlink loop" loop/ loop/racoon.conf

echo "REPORT: hostile input: $((cases - failures))/$cases cases handled"
[ "$failures" -eq 0 ]
