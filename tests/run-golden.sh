#!/bin/sh
# Golden tests over corpus/:
#   corpus/racoon/*.conf, corpus/psk/*.psk (and psk.txt files), corpus/setkey/*.setkey
#       each file F is linted as `racoonlint --format=gcc [$(cat F.args)] F` from
#       its folder; stdout plus a last line "exit: N" must equal F.out.
#       Every such file must also print back byte for byte (--print).
#   corpus/pairs/CASE/  one folder per host; `racoonlint --format=gcc
#       [$(cat CASE/args)] HOST...` run from CASE; compared with CASE/expected.out.
#   corpus/cases/CASE/cmd  a shell line run from CASE with $RACOONLINT set;
#       compared with CASE/expected.out (for options and modes).
# UPDATE=1 rewrites the expected files from the actual output.
# Needs RACOONLINT (the binary). Prints "N passed, N failed".
set -u
: "${RACOONLINT:?set RACOONLINT to the racoonlint binary}"
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# git records no 0600 mode; racoon wants psk files owner-only. Cases that test
# the mode set it themselves (corpus/cases/*/cmd).
find "$top/corpus" -name psk.txt -type f -exec chmod 600 {} + 2>/dev/null

check() { # name expected actual
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$3" "$2"
		pass=$((pass + 1))
	elif cmp -s "$2" "$3"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1"
		if [ -f "$2" ]; then diff -u "$2" "$3" | head -40; else echo "  (no expected file $2)"; fi
	fi
}

run_file() { # dir file
	(
		cd "$1" || exit 2
		args=""
		[ -f "$2.args" ] && args=$(cat "$2.args")
		# shellcheck disable=SC2086
		"$RACOONLINT" --format=gcc $args "$2" >"$tmp/out" 2>&1
		echo "exit: $?" >>"$tmp/out"
	)
	check "$1/$2" "$1/$2.out" "$tmp/out"
	(cd "$1" && "$RACOONLINT" --print --show-secrets $( [ -f "$2.args" ] && grep -o -- '--kind=[a-z]*' "$2.args") "$2" >"$tmp/print" 2>&1)
	if cmp -s "$1/$2" "$tmp/print"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: round trip of $1/$2"
	fi
}

for dir in "$top"/corpus/racoon "$top"/corpus/psk "$top"/corpus/setkey; do
	[ -d "$dir" ] || continue
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		case "$f" in *.out | *.args | *.md) continue ;; esac
		run_file "$dir" "$(basename "$f")"
	done
done

if [ -d "$top/corpus/pairs" ]; then
	for case_dir in "$top"/corpus/pairs/*/; do
		[ -d "$case_dir" ] || continue
		case_dir=${case_dir%/}
		(
			cd "$case_dir" || exit 2
			if [ -f args ]; then
				set -- $(cat args)
			else
				set --
				for h in */; do set -- "$@" "${h%/}"; done
			fi
			"$RACOONLINT" --format=gcc "$@" >"$tmp/out" 2>&1
			echo "exit: $?" >>"$tmp/out"
		)
		check "$case_dir" "$case_dir/expected.out" "$tmp/out"
	done
fi

if [ -d "$top/corpus/cases" ]; then
	for case_dir in "$top"/corpus/cases/*/; do
		[ -f "$case_dir/cmd" ] || continue
		case_dir=${case_dir%/}
		(
			cd "$case_dir" || exit 2
			RACOONLINT="$RACOONLINT" sh ./cmd >"$tmp/out" 2>&1
			echo "exit: $?" >>"$tmp/out"
		)
		check "$case_dir" "$case_dir/expected.out" "$tmp/out"
	done
fi

for t in "$top"/tests/*.test.sh; do
	[ -f "$t" ] || continue
	if RACOONLINT="$RACOONLINT" SHARED="${SHARED:-}" sh "$t" >"$tmp/log" 2>&1; then
		pass=$((pass + 1))
		grep '^REPORT:' "$tmp/log" || true
	else
		fail=$((fail + 1))
		echo "FAIL: $t"
		tail -30 "$tmp/log"
	fi
done

echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
