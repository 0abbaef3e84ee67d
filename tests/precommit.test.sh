#!/bin/sh
# The git hooks (hooks/pre-commit, hooks/racoonlint-precommit) in a
# temporary repository of host folders.
#
# Part 1 runs the hook with a stand-in racoonlint that reports every staged
# line holding the word BROKEN: it checks which host folders are exported
# and passed (the staged hosts and their siblings, at any depth, with the
# racoon/ layout), that the staged content is checked and never the working
# tree, that reported paths are repository paths, and the options passed.
# Part 2 runs the real racoonlint over the example pair: a good commit
# passes, a commit that breaks a file or the pair (a secret, a phase 1
# cipher) is refused, a change only in the working tree does not count.
set -eu
: "${RACOONLINT:?set RACOONLINT to the racoonlint binary}"
top=$(cd "$(dirname "$0")/.." && pwd)
command -v git >/dev/null 2>&1 || { echo "REPORT: precommit: SKIPPED, git not found"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: precommit: $1"
	[ -f "$tmp/commit.out" ] && sed 's/^/  commit: /' "$tmp/commit.out"
	[ -f "$tmp/stub.log" ] && sed 's/^/  stub: /' "$tmp/stub.log"
	exit 1
}

# A repository with the hook installed as a symbolic link.
new_repo() {
	rm -rf "$tmp/repo"
	mkdir "$tmp/repo"
	cd "$tmp/repo"
	git init -q
	git config user.email hook@example.org
	git config user.name hook
	git config commit.gpgsign false
	ln -s "$top/hooks/pre-commit" .git/hooks/pre-commit
}

# commit MESSAGE: run git commit; status in $rc, output in commit.out
commit() {
	rc=0
	git commit -q -m "$1" >"$tmp/commit.out" 2>&1 || rc=$?
}

expect_pass() {
	commit "$1"
	[ "$rc" -eq 0 ] || fail "$1: refused (status $rc)"
}

expect_refused() {
	commit "$1"
	[ "$rc" -ne 0 ] || fail "$1: not refused"
}

# --- part 1: the hook's own work, with a stand-in racoonlint ------------

cat >"$tmp/stub" <<'EOF'
#!/bin/sh
case ${1:-} in
--list-rules)
	echo "RL201  psk-file-mode          error    host  psk.txt readable by others"
	exit 0
	;;
--help)
	echo "      --no-config         read no .racoonlint file"
	exit 0
	;;
esac
{
	echo "args: $*"
	echo "files: $(find . -type f | LC_ALL=C sort | tr '\n' ' ')"
} >>"$STUB_LOG"
rc=0
for a in "$@"; do
	case $a in -*) continue ;; esac
	for f in $(find "$a" -type f | LC_ALL=C sort); do
		n=$(grep -n BROKEN "$f" | head -1 | cut -d: -f1)
		[ -n "$n" ] || continue
		echo "$f:$n:1: error: a broken line [RL001 syntax-error]"
		echo "$PWD/$f:$n:1: note: the same line"
		rc=1
	done
done
exit $rc
EOF
chmod +x "$tmp/stub"
export STUB_LOG="$tmp/stub.log"

new_repo
mkdir -p site/server1 site/client1 site/gw/racoon lab/a lab/b docs
cp "$top"/examples/iscsi/server1/* site/server1/
cp "$top"/examples/iscsi/client1/* site/client1/
cp "$top"/examples/iscsi/server1/racoon.conf site/gw/racoon/
cp "$top"/examples/iscsi/server1/ipsec-tools.conf site/gw/
echo "client1 key" >lab/a/psk.txt
echo "server1 key" >lab/b/psk.txt
echo "notes" >docs/README
git add .
: >"$STUB_LOG"
RACOONLINT="$tmp/stub" expect_pass "first commit"
[ "$(grep -c '^args:' "$STUB_LOG")" -eq 2 ] || fail "two groups of peers (site/ and lab/) expected"
grep -qx 'args: --format=gcc --severity=error --no-config --ignore=psk-file-mode lab/a lab/b' "$STUB_LOG" ||
	fail "the lab/ peers with the default options"
grep -qx 'args: --format=gcc --severity=error --no-config --ignore=psk-file-mode site/client1 site/gw site/server1' "$STUB_LOG" ||
	fail "the site/ peers, site/gw with its racoon/ folder"
grep -q 'files: .*\./site/gw/racoon/racoon.conf' "$STUB_LOG" || fail "site/gw/racoon exported"

# a change outside every host folder runs nothing
echo "more notes" >>docs/README
git add docs/README
: >"$STUB_LOG"
RACOONLINT="$tmp/stub" expect_pass "docs only"
[ ! -s "$STUB_LOG" ] || fail "racoonlint ran for a change outside the host folders"

# a staged fault is refused and reported at its repository path
echo "BROKEN" >>site/server1/racoon.conf
git add site/server1/racoon.conf
: >"$STUB_LOG"
RACOONLINT="$tmp/stub" expect_refused "staged fault"
grep -q '^args: .* site/client1 site/gw site/server1$' "$STUB_LOG" || fail "a change in site/server1 checks its peers"
! grep -q '^args: .*lab/' "$STUB_LOG" || fail "lab/ has no staged change"
grep -q '^site/server1/racoon.conf:[0-9]*:1: error: a broken line' "$tmp/commit.out" || fail "repository path of the finding"
grep -q '^site/server1/racoon.conf:[0-9]*:1: note: the same line' "$tmp/commit.out" || fail "absolute temporary path mapped back"
! grep -q "racoonlint\.[A-Za-z0-9]\{6\}" "$tmp/commit.out" || fail "a temporary path in the output"

# fixed in the working tree only: the index still holds the fault
git show HEAD:site/server1/racoon.conf >site/server1/racoon.conf
RACOONLINT="$tmp/stub" expect_refused "fault staged, fixed only in the working tree"

# broken in the working tree only: the staged content is good
git add site/server1/racoon.conf
echo "BROKEN" >>site/client1/psk.txt
echo "# a comment" >>site/client1/racoon.conf
git add site/client1/racoon.conf
RACOONLINT="$tmp/stub" expect_pass "fault only in the working tree"
git checkout -q -- site/client1/psk.txt

# the threshold: RACOONLINT_SEVERITY, or a staged .racoonlint that sets one
echo "# again" >>lab/a/psk.txt
git add lab/a/psk.txt
: >"$STUB_LOG"
RACOONLINT="$tmp/stub" RACOONLINT_SEVERITY=warning RACOONLINT_ARGS="--select=RL001 --color=never" \
	expect_pass "severity from the environment"
grep -qx 'args: --format=gcc --severity=warning --no-config --ignore=psk-file-mode --select=RL001 --color=never lab/a lab/b' \
	"$STUB_LOG" || fail "RACOONLINT_SEVERITY and RACOONLINT_ARGS"
# a .racoonlint for one host of two: the default threshold, and the files read
printf 'severity = info\n' >lab/a/.racoonlint
git add lab/a/.racoonlint
: >"$STUB_LOG"
RACOONLINT="$tmp/stub" expect_pass "a .racoonlint for one host"
grep -qx 'args: --format=gcc --severity=error --ignore=psk-file-mode lab/a lab/b' "$STUB_LOG" ||
	fail "one host with a .racoonlint"
# every host with a .racoonlint that sets a threshold: theirs
printf 'severity = warning\n' >.racoonlint
echo "# once more" >>lab/b/psk.txt
git add .racoonlint lab/b/psk.txt
: >"$STUB_LOG"
RACOONLINT="$tmp/stub" expect_pass "severity from .racoonlint"
grep -qx 'args: --format=gcc --ignore=psk-file-mode lab/a lab/b' "$STUB_LOG" || fail "the threshold left to .racoonlint"
grep -q 'files: .*\./\.racoonlint .*\./lab/a/\.racoonlint ' "$STUB_LOG" || fail ".racoonlint files exported"

# the pre-commit framework's way: file names as arguments
: >"$STUB_LOG"
(RACOONLINT="$tmp/stub" "$top/hooks/racoonlint-precommit" lab/b/psk.txt) >"$tmp/commit.out" 2>&1 ||
	fail "racoonlint-precommit FILE"
grep -qx 'args: --format=gcc --ignore=psk-file-mode lab/a lab/b' "$STUB_LOG" || fail "racoonlint-precommit FILE"

# a repository that is one host
new_repo
cp "$top"/examples/iscsi/server1/* .
git add .
: >"$STUB_LOG"
RACOONLINT="$tmp/stub" expect_pass "a repository that is one host"
grep -qx 'args: --format=gcc --severity=error --no-config --ignore=psk-file-mode \.' "$STUB_LOG" || fail "the top folder as the host"

# no racoonlint: the hook fails and says why
echo "# x" >>racoon.conf
git add racoon.conf
RACOONLINT="$tmp/no-such-racoonlint" expect_refused "racoonlint missing"
grep -q 'not found' "$tmp/commit.out" || fail "a missing racoonlint is named"
echo "REPORT: precommit: hook logic checked with a stand-in racoonlint"

# the pre-commit framework, through .pre-commit-hooks.yaml
if command -v pre-commit >/dev/null 2>&1; then
	new_repo
	rm .git/hooks/pre-commit
	mkdir -p site
	cp -R "$top/examples/iscsi/server1" "$top/examples/iscsi/client1" site/
	echo "BROKEN" >>site/server1/racoon.conf
	git add .
	export PRE_COMMIT_HOME="$tmp/pre-commit-home"
	rc=0
	RACOONLINT="$tmp/stub" pre-commit try-repo "$top" racoonlint >"$tmp/commit.out" 2>&1 || rc=$?
	[ "$rc" -ne 0 ] || fail "pre-commit framework: a staged fault passes"
	grep -q '^site/server1/racoon.conf:[0-9]*:1: error: a broken line' "$tmp/commit.out" ||
		fail "pre-commit framework: the finding"
	git show :site/server1/racoon.conf | grep -v BROKEN >"$tmp/fixed"
	cp "$tmp/fixed" site/server1/racoon.conf
	git add site/server1/racoon.conf
	RACOONLINT="$tmp/stub" pre-commit try-repo "$top" racoonlint >"$tmp/commit.out" 2>&1 ||
		fail "pre-commit framework: a good change is refused"
	echo "REPORT: precommit: the pre-commit framework runs the hook"
else
	echo "REPORT: precommit: pre-commit framework SKIPPED, pre-commit not installed"
fi

# --- part 2: the real racoonlint ---------------------------------------

rc=0
(cd "$top/examples/iscsi" && chmod 600 server1/psk.txt client1/psk.txt &&
	"$RACOONLINT" --format=gcc --severity=error server1 client1) >"$tmp/pair.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "the example pair does not pass at the error threshold (status $rc): $(cat "$tmp/pair.out")"

new_repo
mkdir -p site
cp -R "$top/examples/iscsi/server1" "$top/examples/iscsi/client1" site/
git add .
expect_pass "the example pair"

# a syntax error, staged: a word too many
sed 's/dpd_delay 20;/dpd_delay 20 oops;/' site/server1/racoon.conf >"$tmp/broken.conf"
! cmp -s site/server1/racoon.conf "$tmp/broken.conf" || fail "the example changed: no dpd_delay 20 to break"
cp "$tmp/broken.conf" site/server1/racoon.conf
git add site/server1/racoon.conf
expect_refused "a syntax error"
grep -q '^site/server1/racoon.conf:[0-9]*:[0-9]*: error: ' "$tmp/commit.out" || fail "the syntax error at its repository path"
# fixed in the working tree only: still refused
git show HEAD:site/server1/racoon.conf >site/server1/racoon.conf
expect_refused "a syntax error fixed only in the working tree"
git add site/server1/racoon.conf
# broken in the working tree only: passes
cp "$tmp/broken.conf" site/server1/racoon.conf
echo "# a comment" >>site/client1/racoon.conf
git add site/client1/racoon.conf
expect_pass "a syntax error only in the working tree"
git checkout -q -- site/server1/racoon.conf
echo "REPORT: precommit: syntax errors refused, working tree ignored"

# replace FILE SED: rewrite a file of the repository in place
replace() {
	sed "$2" "$1" >"$tmp/edit"
	! cmp -s "$1" "$tmp/edit" || fail "the example changed: '$2' changes nothing in $1"
	cat "$tmp/edit" >"$1"
}

# a pair broken: the secrets of the two hosts no longer agree
replace site/client1/psk.txt 's/secret1/secret2/'
git add site/client1/psk.txt
expect_refused "psk.txt secrets that differ between the peers"
grep -q '\[RL301 psk-mirror\]' "$tmp/commit.out" || fail "psk-mirror reported"
grep -q 'secret[12]' "$tmp/commit.out" && fail "a secret in the hook's output"
git checkout -q HEAD -- site/client1/psk.txt

# a pair broken: phase 1 with another cipher on one side
replace site/server1/racoon.conf 's/encryption_algorithm 3des;/encryption_algorithm blowfish;/'
git add site/server1/racoon.conf
expect_refused "a phase 1 cipher that only one host has"
grep -q '\[RL302 phase1-mismatch\]' "$tmp/commit.out" || fail "phase1-mismatch reported"
# the same break only in the working tree: the staged pair is good
git checkout -q HEAD -- site/server1/racoon.conf
replace site/server1/racoon.conf 's/encryption_algorithm 3des;/encryption_algorithm blowfish;/'
replace site/client1/psk.txt 's/secret1/secret2/'
echo "# a comment" >>site/client1/racoon.conf
git add site/client1/racoon.conf
expect_pass "a broken pair only in the working tree"
echo "REPORT: precommit: a broken pair is refused, working tree ignored"
