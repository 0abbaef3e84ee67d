#!/usr/bin/env python3
"""The racoonlint benchmark (`make bench`).

usage: bench.py [--exe RACOONLINT] [--out DIR] [--runs N] [--no-callgrind]
                [--no-callgrind-hosts] [--only CASE,...] [--markdown FILE]

Generates the inputs into DIR (build/bench), lints each the way a user does
(the binary, every rule, output to /dev/null) and prints one table: wall
time (median of --runs runs), peak RSS of the child, instructions per input
byte under callgrind, the scaling of the pair check and of a hub from n to
2n, and the time an editor waits for diagnostics after one edit in a
5,000-line racoon.conf (`racoonlint --lsp`). Each figure has its target and
PASS, FAIL or SKIPPED. Exit status 1 when a figure fails.

Cases: setkey, racoon, pair, hub, editor.
"""
import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import gen  # noqa: E402

MIB = 1024 * 1024

# the targets
IPB_SETKEY = 40
IPB_RACOON = 50
SCALING = 2.2
EDIT_MS = 20.0

# sizes
SETKEY_POLICIES = 100000
RACOON_REMOTES = 5000
PAIR_N = 50000       # policies a host; the big pair has 2n = 100,000
HUB_SPOKES = 25      # the big hub has 2n = 50 spokes, 51 folders
HUB_FLOWS = 400      # flows a spoke (800 policies a spoke, 40,000 at the hub of 2n)
EDIT_LINES = 5000


class Row:
    def __init__(self, case, figure, value, target, verdict):
        self.case, self.figure, self.value, self.target, self.verdict = case, figure, value, target, verdict


def verdict(ok):
    return "PASS" if ok else "FAIL"


def input_bytes(paths):
    total = 0
    for p in paths:
        if os.path.isdir(p):
            for d, _, files in os.walk(p):
                total += sum(os.path.getsize(os.path.join(d, f)) for f in files)
        else:
            total += os.path.getsize(p)
    return total


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(argv):
    """(wall seconds, CPU seconds, peak RSS in bytes, exit status, stderr) of
    one run.

    The peak RSS comes from GNU time: a child forked by this (large) Python
    process would count the parent's pages it had before exec. The CPU time
    (user + system) comes from wait4 on GNU time, which adds its waited-for
    child's: microseconds, where GNU time prints hundredths of a second."""
    with open(os.devnull, "wb") as null, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as stat_file:
        pre = [TIME, "-q", "-f", "%M", "-o", stat_file.name] if TIME else []
        t0 = time.perf_counter()
        p = subprocess.Popen(pre + argv, stdout=null, stderr=err, stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        rc = os.waitstatus_to_exitcode(status)
        err.seek(0)
        rss, cpu = ru.ru_maxrss * 1024, ru.ru_utime + ru.ru_stime
        if TIME:
            m = re.search(r"(\d+)\s*$", stat_file.read())
            if m:
                rss = int(m.group(1)) * 1024
        return dt, cpu, rss, rc, err.read().decode("utf-8", "replace")


def measure_each(argvs, runs):
    """For each command: median wall time, median CPU time, largest peak
    RSS, exit status. The commands take turns, run after run, so that a
    slower spell of a shared machine falls on all of them alike."""
    got = [([], [], [0], [0]) for _ in argvs]
    for _ in range(runs):
        for argv, (times, cpus, rss, rc) in zip(argvs, got):
            dt, cpu, r, code, err = run_once(argv)
            if code not in (0, 1):
                raise RuntimeError("%s exited %d: %s" % (" ".join(argv), code, err.strip()))
            times.append(dt)
            cpus.append(cpu)
            rss[0] = max(rss[0], r)
            rc[0] = code
    return [(statistics.median(t), statistics.median(c), r[0], rc[0]) for t, c, r, rc in got]


def measure(argv, runs):
    """median wall time, median CPU time, largest peak RSS, exit status."""
    return measure_each([argv], runs)[0]


def callgrind(argv, out_file):
    """Instructions of one run, and the inclusive count of rl_parse."""
    if not shutil.which("valgrind"):
        return None, None
    subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out_file] + argv,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    total = None
    with open(out_file) as f:
        for line in f:
            m = re.match(r"(?:summary|totals):\s+(\d+)", line)
            if m:
                total = int(m.group(1))
    parse = None
    if shutil.which("callgrind_annotate"):
        r = subprocess.run(["callgrind_annotate", "--inclusive=yes", out_file],
                           capture_output=True, text=True, check=False)
        for line in r.stdout.splitlines():
            m = re.match(r"\s*([\d,]+) .*:rl_parse \[", line)
            if m:
                parse = int(m.group(1).replace(",", ""))
                break
    return total, parse


def top_functions(out_file, n=12):
    """The functions with the most instructions of their own."""
    r = subprocess.run(["callgrind_annotate", out_file], capture_output=True, text=True, check=False)
    rows = []
    for line in r.stdout.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*([\d.]+)%\)\s+(\S+?):(\S+)", line)
        if m and "PROGRAM TOTALS" not in line:
            rows.append((m.group(2), m.group(4), os.path.basename(m.group(3))))
        if len(rows) >= n:
            break
    return rows


def reads_folders(exe, folder):
    """Does racoonlint read host folders yet?"""
    r = subprocess.run([exe, "--no-config", folder], capture_output=True, text=True)
    return not (r.returncode == 2 and "not read yet" in r.stderr), r.stderr.strip()


def addr_flags(root):
    with open(os.path.join(root, "addrs.txt")) as f:
        return ["--addr=" + line.strip() for line in f if line.strip()]


def fmt_bytes(n):
    return "%.1f MiB" % (n / MIB)


def rss_rows(rows, case, rss, size):
    limit = 3 * size + 8 * MIB
    rows.append(Row(case, "peak RSS", fmt_bytes(rss), "<= %s (3 x %s + 8 MiB)" % (fmt_bytes(limit), fmt_bytes(size)),
                    verdict(rss <= limit)))


# --- the cases -------------------------------------------------------------


def case_file(a, rows, profiles, case, path, target_ipb):
    argv = [a.exe, "--no-config", path]
    size = input_bytes([path])
    t, cpu, rss, rc = measure(argv, a.runs)
    rows.append(Row(case, "wall time (median of %d)" % a.runs, "%.3f s" % t, "-", "-"))
    # the machine-readable formats carry every fix's edits
    tj = measure(argv[:1] + ["--format=json"] + argv[1:], a.runs)[0]
    rows.append(Row(case, "  the same, --format=json", "%.3f s" % tj, "-", "-"))
    rss_rows(rows, case, rss, size)
    if a.callgrind:
        out = os.path.join(a.out, "callgrind.%s" % case)
        total, parse = callgrind(argv, out)
        if total is None:
            rows.append(Row(case, "instructions / byte", "-", "<= %d" % target_ipb, "SKIPPED (no valgrind)"))
            return
        rows.append(Row(case, "instructions / byte", "%.1f" % (total / size), "<= %d" % target_ipb,
                        verdict(total / size <= target_ipb)))
        if parse is not None:
            rows.append(Row(case, "  of which parse+value checks", "%.1f" % (parse / size), "-", "-"))
        profiles[case] = (total, size, top_functions(out))


def case_folders(a, rows, profiles, case, roots_n, roots_2n, label):
    """A multi-host case at n and 2n: time, RSS and scaling."""
    results, cases = {}, []
    for tag, root, hosts in (("n", roots_n[0], roots_n[1]), ("2n", roots_2n[0], roots_2n[1])):
        argv = [a.exe, "--no-config"] + addr_flags(root) + [os.path.join(root, h) for h in hosts]
        cases.append((tag, argv, input_bytes([os.path.join(root, h) for h in hosts])))
    # n and 2n in turns: the ratio compares runs made side by side
    for (tag, argv, size), (t, cpu, rss, rc) in zip(cases, measure_each([c[1] for c in cases], a.runs)):
        results[tag] = (t, cpu, rss, size, argv)
    (t1, c1), (t2, c2) = results["n"][:2], results["2n"][:2]
    t, cpu, rss, size, argv = results["2n"]
    rows.append(Row(case, "wall time, %s (median of %d)" % (label, a.runs), "%.3f s" % t, "-", "-"))
    rows.append(Row(case, "wall time, n (median of %d)" % a.runs, "%.3f s" % t1, "-", "-"))
    rss_rows(rows, case, rss, size)
    # CPU time (user + system): the wall time also counts the waits for a
    # core when other work shares the machine
    ratio = c2 / c1 if c1 > 0 else float("inf")
    rows.append(Row(case, "scaling time(2n)/time(n), CPU time", "%.2f" % ratio, "<= %.1f" % SCALING,
                    verdict(ratio <= SCALING)))
    rows.append(Row(case, "  the same, wall time", "%.2f" % (t2 / t1 if t1 > 0 else float("inf")), "-", "-"))
    if a.callgrind and a.callgrind_hosts:
        counts = {}
        for tag in ("n", "2n"):
            out = os.path.join(a.out, "callgrind.%s-%s" % (case, tag))
            counts[tag] = callgrind(results[tag][4], out)[0]
            if tag == "2n" and counts[tag] is not None:
                profiles[case] = (counts[tag], size, top_functions(out))
        if counts["n"] and counts["2n"]:
            rows.append(Row(case, "  instructions(2n)/instructions(n)", "%.2f" % (counts["2n"] / counts["n"]),
                            "-", "-"))
            rows.append(Row(case, "  instructions / byte, 2n", "%.1f" % (counts["2n"] / size), "-", "-"))


def skip_rows(rows, case, why, scaling=True):
    rows.append(Row(case, "wall time, peak RSS", "-", "-", "SKIPPED (%s)" % why))
    if scaling:
        rows.append(Row(case, "scaling time(2n)/time(n)", "-", "<= %.1f" % SCALING, "SKIPPED (%s)" % why))


def edit_latency(a, doc, text, line, n_edits):
    """Times (ms) from each edit to its diagnostics, and to the first ones."""
    import lsp_protocol as lp

    srv = lp.Server(a.exe)
    lp.initialize(srv)
    uri = lp.uri_of(doc)
    t0 = time.perf_counter()
    lp.open_doc(srv, doc, text)
    srv.diagnostics(uri, 1)
    open_ms = (time.perf_counter() - t0) * 1000
    times = []
    for v in range(2, 2 + n_edits):
        # type one character at the start of a line, then take it back
        if v % 2 == 0:
            edit = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                    "text": "#"}
        else:
            edit = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 1}},
                    "text": ""}
        t0 = time.perf_counter()
        lp.change(srv, doc, v, [edit])
        srv.diagnostics(uri, v)
        times.append((time.perf_counter() - t0) * 1000)
    srv.request(2, "shutdown")
    srv.notify("exit", None)
    srv.finish()
    times.sort()
    return times, open_ms


def case_editor(a, rows, path):
    text = open(path).read()
    # the buffer's path: a host folder alone in a site folder of its own, so
    # the server finds no sibling host and no include or key file
    top = tempfile.mkdtemp(prefix="rlbench")
    os.makedirs(os.path.join(top, "site", "gw"))
    doc = os.path.join(top, "site", "gw", "racoon.conf")
    with open(doc, "w") as f:
        f.write(text)
    times, open_ms = edit_latency(a, doc, text, EDIT_LINES // 2, 80)
    shutil.rmtree(top, ignore_errors=True)
    med, p90, worst = times[len(times) // 2], times[int(len(times) * 0.9)], times[-1]
    rows.append(Row("editor", "diagnostics after one edit (median of %d)" % len(times), "%.1f ms" % med,
                    "< %.0f ms" % EDIT_MS, verdict(med < EDIT_MS)))
    rows.append(Row("editor", "  90th percentile / worst", "%.1f / %.1f ms" % (p90, worst), "-", "-"))
    rows.append(Row("editor", "  first diagnostics after didOpen", "%.1f ms" % open_ms, "-", "-"))
    # the hub's racoon.conf of the 50-spoke site: the server reads the
    # sibling host folders too, for the cross-host findings
    hub = os.path.join(a.out, "hub-%d" % (2 * HUB_SPOKES), "hub", "racoon.conf")
    if os.path.exists(hub):
        text = open(hub).read()
        times, open_ms = edit_latency(a, os.path.abspath(hub), text, 3, 20)
        rows.append(Row("editor", "  edit in the hub's racoon.conf, 50 sibling hosts (median of %d)" % len(times),
                        "%.1f ms" % times[len(times) // 2], "-", "-"))
        # the first run reads and parses every host folder; the edits parse
        # only the buffer, the other files kept from the runs before
        rows.append(Row("editor", "  first diagnostics after didOpen at the hub", "%.1f ms" % open_ms, "-", "-"))


# --- inputs ----------------------------------------------------------------


def generate(out):
    files = os.path.join(out, "files")
    os.makedirs(files, exist_ok=True)
    paths = {
        "setkey": os.path.join(files, "ipsec-tools.conf"),
        "racoon": os.path.join(files, "racoon.conf"),
        "editor": os.path.join(files, "editor-5000-lines.conf"),
    }
    stamp = os.path.join(out, ".generated")
    me = [os.path.join(HERE, "gen.py"), os.path.abspath(__file__)]
    if not os.path.exists(stamp) or any(os.path.getmtime(p) > os.path.getmtime(stamp) for p in me):
        gen.write(paths["setkey"], gen.setkey_file(SETKEY_POLICIES))
        gen.write(paths["racoon"], gen.racoon_file(RACOON_REMOTES))
        gen.write(paths["editor"], "\n".join(gen.racoon_lines(10 ** 9, EDIT_LINES)) + "\n")
        for n in (PAIR_N, 2 * PAIR_N):
            root = os.path.join(out, "pair-%d" % n)
            shutil.rmtree(root, ignore_errors=True)
            gen.pair(root, n)
        for s in (HUB_SPOKES, 2 * HUB_SPOKES):
            root = os.path.join(out, "hub-%d" % s)
            shutil.rmtree(root, ignore_errors=True)
            gen.hub(root, s, HUB_FLOWS)
        open(stamp, "w").close()
    return paths


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%d x %s, %s %s" % (os.cpu_count() or 0, model, platform.system(), platform.release())


def print_table(rows, out=sys.stdout, markdown=False):
    head = ("case", "figure", "value", "target", "verdict")
    table = [head] + [(r.case, r.figure, r.value, r.target, r.verdict) for r in rows]
    if markdown:
        out.write("| " + " | ".join(head) + " |\n")
        out.write("|" + "|".join(" --- " for _ in head) + "|\n")
        for t in table[1:]:
            out.write("| " + " | ".join(t) + " |\n")
        return
    w = [max(len(t[i]) for t in table) for i in range(len(head))]
    for k, t in enumerate(table):
        out.write("  ".join(t[i].ljust(w[i]) for i in range(len(head))).rstrip() + "\n")
        if k == 0:
            out.write("  ".join("-" * w[i] for i in range(len(head))) + "\n")


def print_profiles(profiles, out=sys.stdout):
    for case, (total, size, top) in profiles.items():
        out.write("\n%s: %s instructions for %s bytes (%.1f a byte); most of their own:\n"
                  % (case, format(total, ","), format(size, ","), total / size))
        for pct, fn, where in top:
            out.write("  %6s%%  %s (%s)\n" % (pct, fn, where))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--exe", default="./racoonlint")
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-callgrind", dest="callgrind", action="store_false")
    ap.add_argument("--no-callgrind-hosts", dest="callgrind_hosts", action="store_false",
                    help="count no instructions for the pair and hub cases (the slowest part)")
    ap.add_argument("--only", default="setkey,racoon,pair,hub,editor")
    ap.add_argument("--markdown", help="also write the table and profiles as Markdown to this file")
    a = ap.parse_args()
    a.exe = os.path.abspath(a.exe)
    os.makedirs(a.out, exist_ok=True)
    only = set(a.only.split(","))

    t0 = time.time()
    paths = generate(a.out)
    rows, profiles = [], {}
    if "setkey" in only:
        case_file(a, rows, profiles, "setkey", paths["setkey"], IPB_SETKEY)
    if "racoon" in only:
        case_file(a, rows, profiles, "racoon", paths["racoon"], IPB_RACOON)
    folders_ok, why = reads_folders(a.exe, os.path.join(a.out, "pair-%d" % PAIR_N, "west"))
    why = "host folders are not read yet" if not folders_ok else why
    if "pair" in only:
        if folders_ok:
            case_folders(a, rows, profiles, "pair",
                         (os.path.join(a.out, "pair-%d" % PAIR_N), ["west", "east"]),
                         (os.path.join(a.out, "pair-%d" % (2 * PAIR_N)), ["west", "east"]),
                         "2n = %d policies a host" % (2 * PAIR_N))
        else:
            skip_rows(rows, "pair", why)
    if "hub" in only:
        if folders_ok:
            def hosts(s):
                return ["hub"] + ["spoke%d" % i for i in range(1, s + 1)]
            case_folders(a, rows, profiles, "hub",
                         (os.path.join(a.out, "hub-%d" % HUB_SPOKES), hosts(HUB_SPOKES)),
                         (os.path.join(a.out, "hub-%d" % (2 * HUB_SPOKES)), hosts(2 * HUB_SPOKES)),
                         "2n = %d spokes" % (2 * HUB_SPOKES))
        else:
            skip_rows(rows, "hub", why)
    if "editor" in only:
        case_editor(a, rows, paths["editor"])

    print("racoonlint bench: %s" % machine())
    print("command: python3 bench/bench.py %s\n" % " ".join(sys.argv[1:]))
    print_table(rows)
    print_profiles(profiles)
    print("\n(%.0f s)" % (time.time() - t0))
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write("Machine: %s\n\n" % machine())
            print_table(rows, f, markdown=True)
            f.write("\n```\n")
            print_profiles(profiles, f)
            f.write("```\n")
    return 1 if any(r.verdict == "FAIL" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
