#!/bin/sh
# Secrets: canaries (unique random strings) are planted in every secret
# position of the three languages; every output format and mode runs over
# them, and nothing any of them prints (standard output and error) may hold
# a canary, in any case, hex-encoded, base64-encoded, or 8 bytes of it in a
# row (tests/secrets.py find).
#
# Secret positions: psk.txt keys (plain, also quoted in a comment, equal to
# an identifier word, with CRLF, hexadecimal, in quotes, with blanks, the
# "*" line); racoon.conf ldapcfg bind_pw, radiuscfg auth and acct secrets,
# Apple's shared_secret use (quoted and bare), a psk key quoted in a
# comment; setkey -E and -A keys in quotes and in hexadecimal.
#
# Modes: text (with and without colour), gcc, json, sarif; --print without
# --show-secrets; --print --show-secrets to a terminal (refused); --diff,
# --fix --print, --canonical --diff and --negotiate once they exist (each is
# tried first: a SKIP line until then); the LSP (diagnostics, code actions,
# formatting); host folders once they are read. As a control,
# --print --show-secrets into a file must show every canary.
set -u
: "${RACOONLINT:?}"
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
	echo "REPORT: secrets: SKIPPED, python3 not found"
	exit 0
fi
t=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$t"' EXIT
cd "$t" || exit 2
exec </dev/null
mkdir out a b
failures=0
runs=0
skipped=0

# A canary: letters and digits that no file or message holds by chance.
canary() {
	head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 18
}
hexcanary() {
	od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}
# plant LABEL VALUE HOME: record a canary whose secret position is in the
# file HOME. A run of one file is searched for the canaries at home there
# (copies elsewhere, like the key quoted in racoon.conf, are no secret to a
# run that does not read the key's file); a run of several files for all.
plant() {
	printf '%s %s\n' "$1" "$2" >>canaries
	printf '%s %s\n' "$1" "$2" >>"canaries-$(echo "$3" | tr / -)"
}

: >canaries
for v in plain comment ident crlf quoted blank1 blank2 star; do
	eval "c_$v=\$(canary)"
	eval "plant $v \"\$c_$v\" a/psk.txt"
done
for v in bindpw radauth radacct apple bare; do
	eval "c_$v=\$(canary)"
	eval "plant $v \"\$c_$v\" a/racoon.conf"
done
for v in enc auth; do
	eval "c_$v=\$(canary)"
	eval "plant $v \"\$c_$v\" a/ipsec-tools.conf"
done
c_bkey=$(canary)
plant bkey "$c_bkey" b/psk.txt
c_hexpsk=$(hexcanary 20)
c_hexenc=$(hexcanary 16)
c_hexauth=$(hexcanary 20)
plant hexpsk "$c_hexpsk" a/psk.txt
plant hexenc "$c_hexenc" a/ipsec-tools.conf
plant hexauth "$c_hexauth" a/ipsec-tools.conf

# --- host a: every secret position ---------------------------------------

cat >a/racoon.conf <<EOF
# racoon.conf with a secret in every position (old key: $c_plain)
path pre_shared_key "/etc/racoon/psk.txt";
ldapcfg {
	version 3;
	bind_dn "cn=racoon,dc=example";
	bind_pw "$c_bindpw"; bogus;
}
radiuscfg {
	auth "192.0.2.40" "$c_radauth";
	acct "192.0.2.41" 1813 "$c_radacct"; bogus;
}
remote 192.0.2.2 {
	exchange_mode aggressive;
	my_identifier fqdn "$c_ident";
	shared_secret use "$c_apple"; bogus;
	proposal {
		encryption_algorithm aes 256;
		hash_algorithm sha256;
		authentication_method pre_shared_key;
		dh_group 14;
	}
}
remote 192.0.2.9 {
	exchange_mode main;
	shared_secret use $c_bare;
}
sainfo anonymous {
	encryption_algorithm aes;
	authentication_algorithm hmac_sha256;
	compression_algorithm deflate;
}
EOF
{
	printf '# peers and keys\n'
	printf '192.0.2.2\t%s\n' "$c_plain"
	printf '# the key of 192.0.2.3 was %s\n' "$c_comment"
	printf '192.0.2.3\t%s\n' "$c_comment"
	printf '%s\t%s\n' "$c_ident" "$c_ident"
	printf '192.0.2.4\t%s\r\n' "$c_crlf"
	printf '192.0.2.5\t0x%s\n' "$c_hexpsk"
	printf '192.0.2.6\t"%s"\n' "$c_quoted"
	printf 'gw.example.net\t%s %s\n' "$c_blank1" "$c_blank2"
	printf '192.0.2.999 broken line\n'
	printf '*\t%s\n' "$c_star"
} >a/psk.txt
chmod 600 a/psk.txt
cat >a/ipsec-tools.conf <<EOF
#!/usr/sbin/setkey -f
flush;
add 192.0.2.1 192.0.2.2 esp 0x1001 -E aes-cbc "$c_enc" -A hmac-sha1 "$c_auth";
add 192.0.2.2 192.0.2.1 esp 0x1002 -E aes-cbc 0x$c_hexenc -A hmac-sha1 0x$c_hexauth;
add 192.0.2.1 192.0.2.2 esp 0x1003 -E 3des-cbc "$c_enc" -A bogus;
spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//require;
EOF

# --- host b: the peer, with the mirrored key -----------------------------

cat >b/racoon.conf <<EOF
path pre_shared_key "/etc/racoon/psk.txt";
remote 192.0.2.1 {
	exchange_mode main;
	proposal {
		encryption_algorithm 3des;
		hash_algorithm md5;
		authentication_method pre_shared_key;
		dh_group 2;
	}
}
EOF
printf '192.0.2.1\t%s\n# %s\n' "$c_bkey" "$c_plain" >b/psk.txt
chmod 600 b/psk.txt
printf 'spdadd 192.0.2.2 192.0.2.1 any -P in ipsec esp/transport//require;\n' >b/ipsec-tools.conf

files="a/racoon.conf a/psk.txt a/ipsec-tools.conf b/racoon.conf b/psk.txt b/ipsec-tools.conf"

# --- runs ------------------------------------------------------------------

# out NAME ARGS...: run racoonlint, keep stdout and stderr in out/NAME (a
# run of one file: name it --ID, ID the file's path with - for /)
out() {
	name=$1
	shift
	runs=$((runs + 1))
	timeout 60 "$RACOONLINT" "$@" >"out/$name" 2>&1
	rc=$?
	if [ $rc -gt 2 ]; then
		echo "FAIL $name: exit status $rc"
		failures=$((failures + 1))
	fi
}

# supports OPTION...: does racoonlint take these options?
supports() {
	"$RACOONLINT" "$@" --version >/dev/null 2>&1
}

skip() {
	skipped=$((skipped + 1))
	echo "SKIP $1"
}

# shellcheck disable=SC2086
for f in text gcc json sarif; do
	out "$f-all" --format=$f --color=never $files
	for x in $files; do out "$f--$(echo "$x" | tr / -)" --format=$f --color=never "$x"; done
done
# shellcheck disable=SC2086
out text-colour --format=text --color=always $files
for x in $files; do
	out "print--$(echo "$x" | tr / -)" --print "$x"
	out "stdin--$(echo "$x" | tr / -)" --format=text --stdin-filename="$x" - <"$x"
done

# --print --show-secrets on a terminal is refused, and shows nothing
runs=$((runs + 1))
python3 -c 'import pty, sys; pty.spawn(sys.argv[1:])' "$RACOONLINT" --print --show-secrets a/psk.txt \
	>out/print-tty--a-psk.txt 2>&1 </dev/null
if ! grep -q 'not writing secrets to a terminal' out/print-tty--a-psk.txt; then
	echo "FAIL --print --show-secrets on a terminal was not refused"
	failures=$((failures + 1))
fi

# shellcheck disable=SC2086
if supports --diff; then out diff --diff $files; else skip "--diff: not an option yet"; fi
if supports --fix --print; then
	mkdir fix
	cp -p -R a b fix/
	(cd fix && out fix-print --fix --print a/racoon.conf a/psk.txt a/ipsec-tools.conf)
	mv fix/out/* out/ 2>/dev/null
else
	skip "--fix --print: not an option yet"
fi
# shellcheck disable=SC2086
if supports --canonical --diff; then out canonical --canonical --diff $files; else skip "--canonical --diff: not an option yet"; fi

mkdir -p probe/h
printf 'log notify;\n' >probe/h/racoon.conf
"$RACOONLINT" --format=gcc probe/h >/dev/null 2>&1
if [ $? -le 1 ]; then # the folder was read (2: "host folders are not read yet")
	for f in text gcc json sarif; do out "hosts-$f" --format=$f --color=never a b; done
	out hosts-colour --format=text --color=always a b
	if supports --diff; then out hosts-diff --diff a b; fi
	if supports --canonical --diff; then out hosts-canonical --canonical --diff a b; fi
	if supports --negotiate; then out hosts-negotiate --negotiate a b; else skip "--negotiate: not an option yet"; fi
else
	skip "host folders (text, gcc, json, sarif, --diff, --negotiate): not read yet"
fi
rm -rf probe

runs=$((runs + 1))
# shellcheck disable=SC2086
if ! python3 "$here/secrets.py" lsp "$RACOONLINT" $files >out/lsp 2>&1; then
	echo "FAIL lsp: the editor session did not finish"
	tail -5 out/lsp
	failures=$((failures + 1))
fi

# --- the search --------------------------------------------------------------

several=$(ls out | grep -v -- '--')
# shellcheck disable=SC2086
if ! (cd out && python3 "$here/secrets.py" find ../canaries $several); then
	failures=$((failures + 1))
fi
for x in $files; do
	id=$(echo "$x" | tr / -)
	[ -f "canaries-$id" ] || continue
	if ! python3 "$here/secrets.py" find "canaries-$id" out/*--"$id"; then
		failures=$((failures + 1))
	fi
done

# the control: the search finds what --print --show-secrets writes
for x in a/psk.txt a/racoon.conf a/ipsec-tools.conf; do
	"$RACOONLINT" --print --show-secrets "$x" >>control 2>&1
done
missing=$(python3 "$here/secrets.py" find canaries control | wc -l)
planted=$(grep -vc '^bkey ' canaries)
if [ "$missing" -ne "$planted" ]; then
	echo "FAIL control: the search found $missing of the $planted canaries in --print --show-secrets"
	failures=$((failures + 1))
fi

echo "REPORT: secrets: $(wc -l <canaries) canaries, $runs runs, $skipped modes skipped, $failures failures"
[ "$failures" -eq 0 ]
