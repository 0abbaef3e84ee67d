#!/bin/sh
# No network: racoonlint never opens a socket or resolves a name.
#  (a) the binary imports no resolver or socket function (nm -D), nor does
#      any library it loads besides the C library;
#  (b) with strace, a run over inputs full of host names makes no network
#      system call (socket, connect, ...);
#  (c) where `unshare -n` works (root), the same runs give the same output,
#      byte for byte, inside a network namespace without any interface up
#      as outside it.
# Needs $RACOONLINT (a plain build: sanitizer runtimes import more).
set -u
: "${RACOONLINT:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
failures=0
checks=0
forbidden='^(socket|socketpair|connect|bind|listen|accept4?|getaddrinfo|freeaddrinfo|gai_strerror|gethostbyname2?(_r)?|gethostbyaddr(_r)?|getnameinfo|getservbyname(_r)?|getservbyport(_r)?|res_[a-z_]*|__res_[a-z_]*|send|sendto|sendmsg|sendmmsg|recv|recvfrom|recvmsg|recvmmsg|dn_expand|ns_[a-z_]*)$'

fail() {
	echo "FAIL $*"
	failures=$((failures + 1))
}

# imports OBJECT: the functions it takes from other objects, one a line
imports() {
	nm -D --undefined-only "$1" 2>/dev/null | awk '{ print $NF }' | sed 's/@.*//'
}

case "$RACOONLINT" in *build-san*)
	echo "REPORT: network: SKIPPED for the sanitizer build (its runtime imports sockets)"
	exit 0
	;;
esac

if command -v nm >/dev/null 2>&1; then
	checks=$((checks + 1))
	bad=$(imports "$RACOONLINT" | grep -E "$forbidden")
	[ -z "$bad" ] || fail "racoonlint imports: $(echo $bad)"
	for lib in $(ldd "$RACOONLINT" 2>/dev/null | awk '$3 ~ /^\// { print $3 }'); do
		case "$lib" in */libc.so.* | */ld-linux*) continue ;; esac
		checks=$((checks + 1))
		bad=$(imports "$lib" | grep -E "$forbidden")
		[ -z "$bad" ] || fail "$lib imports: $(echo $bad)"
	done
else
	echo "SKIP nm: not found"
fi

# Inputs full of host names, where a resolver would be tempted.
mkdir -p "$t/in"
cd "$t/in" || exit 2
cat >racoon.conf <<'EOF'
path pre_shared_key "/etc/racoon/psk.txt";
listen { isakmp gw.example.net [500]; isakmp localhost; }
remote vpn.example.com {
	exchange_mode main;
	my_identifier fqdn "gw.example.net";
	peers_identifier fqdn "vpn.example.com";
	proposal {
		encryption_algorithm aes;
		hash_algorithm sha256;
		authentication_method pre_shared_key;
		dh_group 14;
	}
}
remote localhost { exchange_mode main; }
sainfo address www.example.org any address mail.example.org any {
	encryption_algorithm aes;
	authentication_algorithm hmac_sha256;
	compression_algorithm deflate;
}
ldapcfg { host "ldap.example.com"; uri "ldap://ldap.example.com"; }
radiuscfg { auth "radius.example.com" "a-radius-key"; }
EOF
printf 'vpn.example.com\tsecret-one\nlocalhost\tsecret-two\nuser@mail.example.org\tsecret-three\n' >psk.txt
chmod 600 psk.txt
cat >ipsec-tools.conf <<'EOF'
add gw.example.net vpn.example.com esp 0x1001 -E aes-cbc 0x00112233445566778899aabbccddeeff;
spdadd gw.example.net vpn.example.com any -P out ipsec esp/transport//require;
spdadd www.example.org[80] localhost[any] tcp -P in ipsec esp/tunnel/gw.example.net-vpn.example.com/require;
EOF

# runs.sh DIR: the outputs of every format over the inputs, into DIR
cat >"$t/runs.sh" <<'EOF'
mkdir -p "$1"
for f in text gcc json sarif; do
	"$RACOONLINT" --no-config --format=$f racoon.conf psk.txt ipsec-tools.conf >"$1/$f" 2>&1
	echo "exit: $?" >>"$1/$f"
done
EOF

if command -v strace >/dev/null 2>&1 && strace -o /dev/null true 2>/dev/null; then
	checks=$((checks + 1))
	strace -f -qq -e trace=%network -o "$t/strace" "$RACOONLINT" --no-config --format=json \
		racoon.conf psk.txt ipsec-tools.conf >/dev/null 2>&1
	[ ! -s "$t/strace" ] || fail "network system calls: $(head -3 "$t/strace")"
else
	echo "SKIP strace: not found or not allowed"
fi

if unshare -n true 2>/dev/null; then
	checks=$((checks + 1))
	RACOONLINT="$RACOONLINT" sh "$t/runs.sh" "$t/outside"
	RACOONLINT="$RACOONLINT" unshare -n sh "$t/runs.sh" "$t/inside"
	for f in text gcc json sarif; do
		cmp -s "$t/outside/$f" "$t/inside/$f" || fail "$f output differs inside a network namespace"
	done
else
	echo "SKIP unshare -n: not allowed here"
fi

echo "REPORT: network: $((checks - failures))/$checks checks passed"
[ "$failures" -eq 0 ]
