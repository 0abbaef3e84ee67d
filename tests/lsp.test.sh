#!/bin/sh
# racoonlint --lsp driven over pipes by tests/lsp_protocol.py: framing,
# answers, diagnostics against the command line, JSON-RPC errors, secrets,
# exit status, and the latency of diagnostics in a 5,000-line file.
set -eu
: "${RACOONLINT:?set RACOONLINT to the racoonlint binary}"
if ! command -v python3 >/dev/null 2>&1; then
	echo "REPORT: lsp: SKIPPED, python3 not found"
	exit 0
fi
exec python3 "$(dirname "$0")/lsp_protocol.py" "$RACOONLINT"
