#!/bin/sh
# Real host sets: for each pair-group of $SHARED/realworld/MANIFEST.tsv, host
# folders are built in a temporary folder from the group's racoon.conf,
# psk.txt and setkey files (copies: ../shared is never changed) and checked
# together. racoonlint must not crash (status 0 or 1), and a group whose
# notes say LIKELY BROKEN (on a file it reads) must get at least one error
# finding.
#
# A file lies in the host folder named by its folder inside the group (the
# group's name when it lies at the top); a psk file at the top of a group of
# several hosts goes to each of them. Templates and setkey calls inside
# shell scripts are not configuration files and are left out.
set -u
: "${RACOONLINT:?set RACOONLINT to the racoonlint binary}"
manifest=${SHARED:-}/realworld/MANIFEST.tsv
if [ -z "${SHARED:-}" ] || [ ! -f "$manifest" ]; then
	echo "REPORT: realworld pairs: SKIPPED, no \$SHARED/realworld/MANIFEST.tsv"
	exit 0
fi
rw=$(dirname "$manifest")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The psk file name a racoon.conf gives, inside a copy of /etc/racoon.
psk_name() {
	p=$(sed -n 's/^[ 	]*path[ 	]*pre_shared_key[ 	]*"\([^"]*\)".*/\1/p' "$1" | tail -1)
	case $p in
	/etc/racoon/?*) echo "${p#/etc/racoon/}" ;;
	?*) basename "$p" ;;
	*) echo psk.txt ;;
	esac
}

# place GROUPDIR HOST KIND SRC: copy one file into its host folder
place() {
	mkdir -p "$1/$2"
	case $3 in
	racoon) cp "$4" "$1/$2/racoon.conf" ;;
	setkey) cp "$4" "$1/$2/setkey.conf" ;;
	psk) cp "$4" "$1/$2/.psk" ;;
	esac
}

# Give each host its psk file under the name its racoon.conf uses.
name_psk_files() {
	for h in "$1"/*/; do
		h=${h%/}
		[ -f "$h/.psk" ] || continue
		name=psk.txt
		[ -f "$h/racoon.conf" ] && name=$(psk_name "$h/racoon.conf")
		mkdir -p "$(dirname "$h/$name")"
		mv "$h/.psk" "$h/$name"
		chmod 600 "$h/$name"
	done
}

# the rows of group g that are configuration files
read_kinds='NR > 1 && $6 == g && ($2 == "racoon" || $2 == "psk" || $2 == "setkey")'
groups=0
broken=0
caught=0
crashed=0
for g in $(awk -F'\t' 'NR > 1 && $6 != "-" { print $6 }' "$manifest" | sort -u); do
	gdir=$tmp/$g
	mkdir -p "$gdir"
	rows=$(awk -F'\t' -v g="$g" "$read_kinds"' { print $2 "\t" $1 }' "$manifest" | sort -u)
	[ -n "$rows" ] || continue
	# hosts: the folders below the group's own folder
	hosts=$(printf '%s\n' "$rows" | awk -F'\t' '{ n = split($2, p, "/"); if (n > 2) print p[2] }' | sort -u)
	printf '%s\n' "$rows" | while IFS='	' read -r kind id; do
		[ -f "$rw/$id" ] || continue
		sub=$(printf '%s\n' "$id" | awk -F/ '{ if (NF > 2) print $2 }')
		if [ -n "$sub" ]; then
			place "$gdir" "$sub" "$kind" "$rw/$id"
		elif [ -n "$hosts" ]; then
			for h in $hosts; do place "$gdir" "$h" "$kind" "$rw/$id"; done
		else
			place "$gdir" "$g" "$kind" "$rw/$id"
		fi
	done
	name_psk_files "$gdir"
	set --
	for h in "$gdir"/*/; do
		[ -f "$h/racoon.conf" ] || [ -f "$h/setkey.conf" ] || continue
		set -- "$@" "${h%/}"
	done
	[ $# -gt 0 ] || continue
	groups=$((groups + 1))
	rc=0
	"$RACOONLINT" --format=gcc --no-config "$@" >"$tmp/out" 2>&1 || rc=$?
	errors=$(grep -c ': error: ' "$tmp/out")
	if [ "$rc" -gt 1 ]; then
		crashed=$((crashed + 1))
		echo "FAIL: realworld pair $g: status $rc"
		tail -5 "$tmp/out"
	fi
	if awk -F'\t' -v g="$g" "$read_kinds"' && /LIKELY BROKEN/ { f = 1 } END { exit !f }' "$manifest"; then
		broken=$((broken + 1))
		if [ "$errors" -gt 0 ]; then
			caught=$((caught + 1))
			echo "realworld pair $g: LIKELY BROKEN, caught ($errors errors, $# hosts)"
		else
			echo "FAIL: realworld pair $g: LIKELY BROKEN but no error finding ($# hosts)"
		fi
	elif awk -F'\t' -v g="$g" 'NR > 1 && $6 == g && /LIKELY BROKEN/ { f = 1 } END { exit !f }' "$manifest"; then
		echo "realworld pair $g: $errors errors, $# hosts (LIKELY BROKEN in a file not read: a template or script)"
	else
		echo "realworld pair $g: $errors errors, $# hosts"
	fi
done
echo "REPORT: realworld pairs: $groups groups run, $caught LIKELY BROKEN caught of $broken"
[ "$crashed" -eq 0 ] && [ "$caught" -eq "$broken" ]
