#!/bin/sh
# The json and sarif formats are JSON (python3 -m json.tool reads them), the
# json output follows docs/racoonlint.schema.json, the sarif output has every
# field code-scanning services read, and no format prints a secret.
# Needs $RACOONLINT and python3.
set -u
: "${RACOONLINT:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0

inputs="$top/corpus/cases/format-inputs"
cd "$inputs" || exit 2
chmod 600 psk.txt

for fmt in json sarif; do
	"$RACOONLINT" --no-config --format=$fmt racoon.conf psk.txt >"$t/$fmt" 2>"$t/$fmt.err"
	rc=$?
	if [ $rc -ne 1 ]; then
		echo "FAIL: --format=$fmt exit $rc"; cat "$t/$fmt.err"; fail=1
	fi
	if ! python3 -m json.tool "$t/$fmt" >/dev/null; then
		echo "FAIL: --format=$fmt is not JSON"; fail=1
	fi
done
# no findings is an empty list, not nothing
printf 'log notify;\n' >"$t/clean.conf"
"$RACOONLINT" --no-config --format=json "$t/clean.conf" >"$t/clean.json"
"$RACOONLINT" --no-config --format=sarif "$t/clean.conf" >"$t/clean.sarif"

python3 - "$top/docs/racoonlint.schema.json" "$t/json" "$t/clean.json" <<'EOF' || fail=1
# A validator for the part of JSON Schema that docs/racoonlint.schema.json
# uses, so the test needs nothing beyond python3; the jsonschema module, when
# present, checks the same outputs too.
import json, re, sys

schema = json.load(open(sys.argv[1]))
TYPES = {"object": dict, "array": list, "string": str, "null": type(None), "boolean": bool}

def is_type(v, t):
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    return isinstance(v, TYPES[t])

def check(v, s, path, errs):
    if "$ref" in s:
        s = schema["$defs"][s["$ref"].split("/")[-1]]
    if "oneOf" in s:
        ok = [sub for sub in s["oneOf"] if not check(v, sub, path, [])]
        if len(ok) != 1:
            errs.append("%s: matches %d of oneOf" % (path, len(ok)))
        return errs
    if "type" in s:
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(is_type(v, t) for t in types):
            errs.append("%s: %r is not %s" % (path, v, s["type"]))
            return errs
    if "enum" in s and v not in s["enum"]:
        errs.append("%s: %r not in %s" % (path, v, s["enum"]))
    if "minimum" in s and v < s["minimum"]:
        errs.append("%s: %r below %s" % (path, v, s["minimum"]))
    if "pattern" in s and not re.search(s["pattern"], v):
        errs.append("%s: %r does not match %s" % (path, v, s["pattern"]))
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                errs.append("%s: missing %s" % (path, k))
        props = s.get("properties", {})
        for k, sub in v.items():
            if k in props:
                check(sub, props[k], path + "." + k, errs)
            elif s.get("additionalProperties") is False:
                errs.append("%s: unexpected %s" % (path, k))
    if isinstance(v, list) and "items" in s:
        for i, item in enumerate(v):
            check(item, s["items"], "%s[%d]" % (path, i), errs)
    return errs

try:
    import jsonschema
except ImportError:
    jsonschema = None

bad = 0
for f in sys.argv[2:]:
    doc = json.load(open(f))
    errs = check(doc, schema, "$", [])
    if jsonschema:
        errs += [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    for e in errs:
        print("FAIL: %s: %s" % (f, e))
    bad += len(errs)
doc = json.load(open(sys.argv[2]))
if not doc["findings"] or not any(f["fixes"] for f in doc["findings"]):
    print("FAIL: the json case has no finding with a fix"); bad += 1
if json.load(open(sys.argv[3]))["findings"] != []:
    print("FAIL: a clean file has findings"); bad += 1
sys.exit(1 if bad else 0)
EOF

python3 - "$t/sarif" "$t/clean.sarif" <<'EOF' || fail=1
# The SARIF 2.1.0 fields racoonlint writes, as code-scanning services read them.
import json, sys

bad = []
def need(cond, what):
    if not cond:
        bad.append(what)

for f in sys.argv[1:]:
    d = json.load(open(f))
    need(d.get("version") == "2.1.0", "version")
    need("sarif-schema-2.1.0" in d.get("$schema", ""), "$schema")
    need(len(d.get("runs", [])) == 1, "one run")
    run = d["runs"][0]
    need(run.get("columnKind") == "unicodeCodePoints", "columnKind")
    drv = run["tool"]["driver"]
    for k in ("name", "version", "semanticVersion", "rules"):
        need(k in drv, "driver." + k)
    ids = []
    for r in drv["rules"]:
        for k in ("id", "name"):
            need(isinstance(r.get(k), str), "rule." + k)
        for k in ("shortDescription", "fullDescription", "help"):
            need(isinstance(r.get(k, {}).get("text"), str) and r[k]["text"], "rule.%s.text" % k)
        need(r.get("defaultConfiguration", {}).get("level") in ("error", "warning", "note"), "rule level")
        ids.append(r["id"])
    need(len(ids) == len(set(ids)), "distinct rule ids")
    need(isinstance(run.get("results"), list), "results")
    for res in run["results"]:
        need(res.get("ruleId") in ids, "ruleId")
        need(ids[res.get("ruleIndex", -1)] == res.get("ruleId"), "ruleIndex matches ruleId")
        need(res.get("level") in ("error", "warning", "note"), "level")
        need(isinstance(res.get("message", {}).get("text"), str), "message.text")
        for loc in res.get("locations", []) + res.get("relatedLocations", []):
            pl = loc["physicalLocation"]
            need(isinstance(pl["artifactLocation"]["uri"], str), "uri")
            reg = pl["region"]
            for k in ("startLine", "startColumn", "endLine", "endColumn", "byteOffset", "byteLength"):
                need(isinstance(reg.get(k), int), "region." + k)
            need((reg["endLine"], reg["endColumn"]) >= (reg["startLine"], reg["startColumn"]), "region order")
        for rl in res.get("relatedLocations", []):
            need(isinstance(rl.get("id"), int), "relatedLocations.id")
        for fx in res.get("fixes", []):
            need(isinstance(fx["description"]["text"], str), "fix.description")
            for ch in fx["artifactChanges"]:
                need(isinstance(ch["artifactLocation"]["uri"], str), "change uri")
                for rep in ch["replacements"]:
                    need("deletedRegion" in rep and isinstance(rep["insertedContent"]["text"], str), "replacement")
first = json.load(open(sys.argv[1]))["runs"][0]["results"]
need(len(first) > 0 and any("fixes" in r for r in first), "the sarif case has findings with fixes")
for b in sorted(set(bad)):
    print("FAIL: sarif:", b)
sys.exit(1 if bad else 0)
EOF

# Canary secrets: psk.txt's keys never appear, in any format. One of them is
# also pasted into a racoon.conf directive: the message quoting it and the
# code frame showing it must mask it too.
cp psk.txt "$t/psk.txt"
chmod 600 "$t/psk.txt"
printf 'log notify; # racoonlint: disable=CANARY-GOLDEN-0001 # the old key\n' >"$t/racoon.conf"
check_canary() { # what args...
	what=$1
	shift
	"$RACOONLINT" --no-config "$@" >"$t/out" 2>&1
	if grep -q -e CANARY -e GOLDEN -e 0123456789abcdef "$t/out"; then
		echo "FAIL: a secret in the output of $what"
		grep -n -e CANARY -e GOLDEN -e 0123456789abcdef "$t/out" | head -5
		fail=1
	fi
	if ! grep -q '[*][*][*][*]' "$t/out"; then
		echo "FAIL: $what masks nothing"
		fail=1
	fi
}
for fmt in "--color=never" "--color=always"; do
	check_canary "text $fmt" --format=text $fmt "$t/psk.txt" "$t/racoon.conf"
done
for fmt in gcc json sarif; do
	check_canary "$fmt" --format=$fmt "$t/psk.txt" "$t/racoon.conf"
done
check_canary "--print" --print "$t/psk.txt"

[ $fail -eq 0 ] && echo "REPORT: formats: json schema, sarif fields and secret canaries checked"
exit $fail
