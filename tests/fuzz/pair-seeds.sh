#!/bin/sh
# pair-seeds.sh OUT DIR...: seeds for the pair fuzz target. Every folder
# under DIR that holds two host folders (each with a racoon.conf) becomes one
# input: racoon.conf, psk.txt and the setkey file of the first host, then of
# the second, cut by the byte 0x1e (see tests/fuzz/fuzz_pair.c).
set -eu
out=$1
shift
mkdir -p "$out"
sep=$(printf '\036')
n=0
# one host's three files, each followed by the separator
host() {
	for f in racoon.conf psk.txt; do
		[ -f "$1/$f" ] && cat "$1/$f"
		printf '%s' "$sep"
	done
	for f in ipsec-tools.conf setkey.conf; do
		if [ -f "$1/$f" ]; then cat "$1/$f"; break; fi
	done
}
for top in "$@"; do
	[ -d "$top" ] || continue
	for pair in "$top"/*/; do
		set --
		for h in "$pair"*/; do
			[ -f "$h/racoon.conf" ] && set -- "$@" "$h"
		done
		[ $# -ge 2 ] || continue
		n=$((n + 1))
		{ host "$1"; printf '%s' "$sep"; host "$2"; } >"$out/seed-$n"
	done
done
echo "pair-seeds: $n seeds in $out"
