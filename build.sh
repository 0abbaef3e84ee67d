#!/bin/sh
# Set up a Debian machine for racoonlint and run one make target:
#   sh build.sh example   lint the bundled example pair
#   sh build.sh check     the whole test suite
# Build dependencies missing from the machine are installed with apt-get
# (as root, or through sudo).
set -eu
cd "$(dirname "$0")"

PKGS="make gcc flex bison pkg-config libcmocka-dev libjansson-dev"
case " $* " in
*" check "* | *" fuzz"* | *" bench "*)
	# the test suite also drives the fuzzers, valgrind, neovim and python3
	PKGS="$PKGS clang libclang-rt-14-dev valgrind python3 neovim git pre-commit time"
	;;
esac
missing=""
for p in $PKGS; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "build.sh: installing:$missing" >&2
	if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
exec make -j2 --no-print-directory "${@:-all}"
