#!/usr/bin/env python3
"""Drive `racoonlint --lsp` through pipes, as an editor does.

usage: lsp_protocol.py RACOONLINT

Checks the framing of every byte the server writes, the answers to
initialize, codeAction, formatting and shutdown, that diagnostics arrive for
an opened and an edited buffer and agree with what the command line reports
for the same text (positions converted to UTF-16 code units), that malformed
messages get JSON-RPC errors and the server carries on, that no pre-shared
key leaves the server, and the exit status. Prints REPORT lines with the
diagnostics latency for an edit in a 5,000-line racoon.conf.
"""
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

TIMEOUT = 20
HEADER = re.compile(rb"Content-Length: (\d+)\r\n\r\n")
CANARY = "Canary-Psk-7f3a9c"

FAULTY = (
    "# racoon.conf f\u00fcr den Test \U0001F600\n"
    'path pre_shared_key "/etc/racoon/psk.txt";\n'
    "\n"
    "remote anonymous {\n"
    '\tmy_identifier fqdn "cl\u00efent\U0001F600" oops;\n'
    "\texchange_mode main;\n"
    "}\n"
)
FAULT_LINE = 4  # 0-based: the line with "oops"


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


class Server:
    """One `racoonlint --lsp` process; a thread reads and checks its frames."""

    def __init__(self, exe):
        self.proc = subprocess.Popen(
            [exe, "--lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.inbox = queue.Queue()
        self.raw = bytearray()
        self.err = bytearray()
        self.held = []  # messages read while waiting for another one
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self.stderr_thread.start()

    def _read(self):
        out = self.proc.stdout
        try:
            while True:
                head = b""
                while not head.endswith(b"\r\n\r\n"):
                    c = out.read(1)
                    if not c:
                        if head:
                            self.inbox.put(Failure("output ends inside a header: %r" % head))
                        self.inbox.put(None)
                        return
                    head += c
                    if len(head) > 100:
                        raise Failure("bad header from the server: %r" % head)
                m = HEADER.fullmatch(head)
                if not m:
                    raise Failure("bad header from the server: %r" % head)
                body = out.read(int(m.group(1)))
                if len(body) != int(m.group(1)):
                    raise Failure("short body from the server")
                self.raw += head + body
                self.inbox.put(json.loads(body.decode("utf-8")))
        except Exception as e:  # reported by the waiting side
            self.inbox.put(e if isinstance(e, Failure) else Failure("reader: %r" % e))

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.err += line

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def next(self, timeout=TIMEOUT):
        try:
            m = self.inbox.get(timeout=timeout)
        except queue.Empty:
            raise Failure("no message from the server within %s s" % timeout)
        if isinstance(m, Exception):
            raise m
        check(m is not None, "the server closed its output")
        check(m.get("jsonrpc") == "2.0", "message without jsonrpc 2.0: %r" % m)
        return m

    def wait(self, pred, what, timeout=TIMEOUT):
        for i, m in enumerate(self.held):
            if pred(m):
                return self.held.pop(i)
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            check(left > 0, "timed out waiting for " + what)
            m = self.next(left)
            if pred(m):
                return m
            self.held.append(m)

    def request(self, ident, method, params=None):
        msg = {"jsonrpc": "2.0", "id": ident, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.answer(ident, method)

    def answer(self, ident, what):
        return self.wait(lambda m: "method" not in m and m.get("id") == ident, "the answer to " + what)

    def diagnostics(self, uri, version=None):
        def match(m):
            if m.get("method") != "textDocument/publishDiagnostics":
                return False
            p = m["params"]
            return p["uri"] == uri and (version is None or p.get("version") == version)

        return self.wait(match, "diagnostics for %s v%s" % (uri, version))["params"]["diagnostics"]

    def finish(self, timeout=TIMEOUT):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Failure("the server did not exit")
        self.stderr_thread.join(timeout)
        check(b"Sanitizer" not in self.err and b"runtime error" not in self.err,
              "the server's log: %s" % self.err.decode("utf-8", "replace"))
        return rc


def error_code(msg):
    check("error" in msg and "result" not in msg, "expected an error, got %r" % msg)
    check(isinstance(msg["error"].get("message"), str), "error without a message")
    return msg["error"]["code"]


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def cli_findings(exe, path):
    """(line, character, code) of each finding of `racoonlint --format=json
    PATH`, in LSP terms."""
    r = subprocess.run([exe, "--format=json", path], capture_output=True)
    check(r.returncode in (0, 1), "racoonlint %s exited %d: %s" % (path, r.returncode, r.stderr))
    lines = open(path, "rb").read().split(b"\n")
    out = set()
    for f in json.loads(r.stdout)["findings"]:
        if f["range"] is None:
            continue
        start = f["range"]["start"]
        text = lines[start["line"] - 1][: start["column"] - 1].decode("utf-8", "replace")
        out.add((start["line"] - 1, utf16_len(text), f["code"]))
    return out


def lsp_findings(diags):
    out = set()
    for d in diags:
        check(d.get("source") == "racoonlint", "diagnostic source: %r" % d)
        check(d.get("severity") in (1, 2, 3), "diagnostic severity: %r" % d)
        check(re.fullmatch(r"RL\d{3}", d.get("code", "")), "diagnostic code: %r" % d)
        check(re.match(r"[a-z0-9-]+: ", d.get("message", "")), "diagnostic message: %r" % d)
        for k in ("start", "end"):
            p = d["range"][k]
            check(p["line"] >= 0 and p["character"] >= 0, "range: %r" % d)
        for rel in d.get("relatedInformation", []):
            check(rel["location"]["uri"].startswith("file://"), "related location: %r" % rel)
        out.add((d["range"]["start"]["line"], d["range"]["start"]["character"], d["code"]))
    return out


def uri_of(path):
    return "file://" + path


def initialize(srv):
    res = srv.request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})["result"]
    caps = res["capabilities"]
    check(caps["textDocumentSync"]["change"] == 2, "incremental sync")
    check(caps["textDocumentSync"]["openClose"] is True, "openClose")
    check(caps.get("positionEncoding", "utf-16") == "utf-16", "utf-16 positions")
    check(caps["documentFormattingProvider"] is True, "formatting")
    check("quickfix" in caps["codeActionProvider"]["codeActionKinds"], "quick fixes")
    check(res["serverInfo"]["name"] == "racoonlint", "serverInfo")
    srv.notify("initialized", {})


def open_doc(srv, path, text, version=1, language="racoon"):
    srv.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri_of(path), "languageId": language, "version": version, "text": text}},
    )


def change(srv, path, version, changes):
    srv.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri_of(path), "version": version}, "contentChanges": changes},
    )


def edit_utf16(text, line, character, new):
    """text with new inserted at an LSP position (UTF-16 units)."""
    lines = text.split("\n")
    s = lines[line]
    i = 0
    units = 0
    while units < character:
        units += utf16_len(s[i])
        i += 1
    lines[line] = s[:i] + new + s[i:]
    return "\n".join(lines)


def test_session(exe, tmp):
    srv = Server(exe)
    # a request before initialize
    check(error_code(srv.request(0, "shutdown")) == -32002, "request before initialize")
    initialize(srv)

    host = os.path.join(tmp, "server1")
    os.mkdir(host)
    conf = os.path.join(host, "racoon.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(FAULTY)
    uri = uri_of(conf)

    # the buffer: diagnostics must match the command line's on the same text
    open_doc(srv, conf, FAULTY)
    got = lsp_findings(srv.diagnostics(uri, 1))
    want = cli_findings(exe, conf)
    check(got == want, "diagnostics %r, command line %r" % (sorted(got), sorted(want)))
    if want:
        check(any(l == FAULT_LINE for l, _, _ in got), "no diagnostic on the faulty line %d" % FAULT_LINE)
        print("REPORT: lsp: diagnostics on an opened buffer match the command line (%d)" % len(got))
    else:
        print("REPORT: lsp: no findings for the faulty racoon.conf yet (no racoon parser): compared empty")

    # incremental edits, in UTF-16 units after non-ASCII text: remove "oops",
    # then put a fault back after the emoji
    line = FAULTY.split("\n")[FAULT_LINE]
    col = utf16_len(line[: line.index(" oops")])
    change(srv, conf, 2, [{"range": {"start": {"line": FAULT_LINE, "character": col},
                                     "end": {"line": FAULT_LINE, "character": col + 5}}, "text": ""}])
    fixed = FAULTY.replace(" oops", "")
    srv.diagnostics(uri, 2)
    after = edit_utf16(fixed, FAULT_LINE, col, " {")
    change(srv, conf, 3, [{"range": {"start": {"line": FAULT_LINE, "character": col},
                                     "end": {"line": FAULT_LINE, "character": col}}, "text": " {"}])
    got = lsp_findings(srv.diagnostics(uri, 3))
    with open(conf, "w", encoding="utf-8") as f:
        f.write(after)
    want = cli_findings(exe, conf)
    check(got == want, "after edits: diagnostics %r, command line %r" % (sorted(got), sorted(want)))

    # code actions and formatting answer with lists
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}
    actions = srv.request(10, "textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}})["result"]
    check(isinstance(actions, list), "codeAction result")
    for a in actions:
        check(a["kind"] == "quickfix" and a["title"] and "changes" in a["edit"], "code action %r" % a)
    edits = srv.request(11, "textDocument/formatting", {
        "textDocument": {"uri": uri}, "options": {"tabSize": 8, "insertSpaces": False}})["result"]
    check(isinstance(edits, list), "formatting result")

    # malformed messages: errors, and the server carries on
    srv.send_raw(b"Content-Length: 9\r\n\r\n{\"jsonrpc")
    check(error_code(srv.answer(None, "bad JSON")) == -32700, "parse error")
    srv.send_raw(b"Content-Lenght: 5\r\n\r\nhello")
    check(error_code(srv.answer(None, "bad header")) == -32700, "bad header")
    check(error_code(srv.request(12, "no/such/method", {})) == -32601, "method not found")
    check(error_code(srv.request(13, "textDocument/codeAction", {})) == -32602, "invalid params")
    srv.send({"jsonrpc": "1.0", "id": 14, "method": "shutdown"})
    check(error_code(srv.answer(14, "jsonrpc 1.0")) == -32600, "invalid request")
    srv.notify("no/such/notification", {})
    srv.notify("textDocument/didChange", {"bogus": True})
    big = 64 * 1024 * 1024 + 1
    srv.send_raw(b"Content-Length: %d\r\n\r\n" % big)
    chunk = b" " * (1 << 20)
    for _ in range(big // len(chunk)):
        srv.send_raw(chunk)
    srv.send_raw(b" " * (big % len(chunk)))
    check(error_code(srv.answer(None, "a 64 MiB message")) == -32600, "too large")
    # the notifications above got no answer: the next answer is this one
    srv.send({"jsonrpc": "2.0", "id": 15, "method": "textDocument/formatting",
              "params": {"textDocument": {"uri": uri}, "options": {"tabSize": 8, "insertSpaces": False}}})
    m = srv.next()
    while m.get("method") == "textDocument/publishDiagnostics":
        m = srv.next()
    check(m.get("id") == 15 and "result" in m, "the server answered a notification: %r" % m)

    # a pre-shared key never leaves the server
    # (its file on disk open to others: psk-file-mode, as on the command line)
    psk = os.path.join(host, "psk.txt")
    with open(psk, "w", encoding="utf-8") as f:
        f.write("# peers\n")
    os.chmod(psk, 0o644)
    open_doc(srv, psk, "# peers\nclient1\t%s\n192.168.0.20 %s-2\n" % (CANARY, CANARY), language="plaintext")
    got = srv.diagnostics(uri_of(psk), 1)
    check(any(d.get("code") == "RL201" for d in got), "no psk-file-mode for a key file of mode 0644: %r" % got)
    print("REPORT: lsp: psk-file-mode from the mode of the buffer's file on disk")
    srv.request(16, "textDocument/codeAction", {
        "textDocument": {"uri": uri_of(psk)}, "range": whole, "context": {"diagnostics": []}})
    srv.request(17, "textDocument/formatting", {
        "textDocument": {"uri": uri_of(psk)}, "options": {"tabSize": 8, "insertSpaces": False}})

    # closing clears
    srv.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    check(srv.diagnostics(uri) == [], "didClose clears the diagnostics")

    check(srv.request(20, "shutdown")["result"] is None, "shutdown result")
    check(error_code(srv.request(21, "textDocument/formatting", {})) == -32600, "request after shutdown")
    srv.notify("exit", None)
    rc = srv.finish()
    check(rc == 0, "exit after shutdown: status %d" % rc)
    check(CANARY.encode() not in srv.raw, "a pre-shared key in the server's output")
    check(CANARY.encode() not in srv.err, "a pre-shared key in the server's log")


def test_exit_codes(exe):
    srv = Server(exe)
    initialize(srv)
    srv.notify("exit", None)
    rc = srv.finish()
    check(rc == 1, "exit without shutdown: status %d" % rc)
    srv = Server(exe)
    initialize(srv)
    rc = srv.finish()
    check(rc == 1, "end of input without shutdown: status %d" % rc)
    srv = Server(exe)
    initialize(srv)
    srv.request(2, "shutdown")
    rc = srv.finish()
    check(rc == 0, "end of input after shutdown: status %d" % rc)


def big_racoon_conf(lines):
    out = ["path pre_shared_key \"/etc/racoon/psk.txt\";", ""]
    i = 0
    while len(out) < lines - 16:
        out += [
            "remote 10.%d.%d.%d {" % (i // 65536 % 256, i // 256 % 256, i % 256),
            "\texchange_mode main;",
            "\tmy_identifier address;",
            "\tlifetime time 8 hour;",
            "\tproposal {",
            "\t\tencryption_algorithm aes 256;",
            "\t\thash_algorithm sha256;",
            "\t\tauthentication_method pre_shared_key;",
            "\t\tdh_group 14;",
            "\t}",
            "}",
            "",
        ]
        i += 1
    out += [
        "sainfo anonymous {",
        "\tpfs_group 14;",
        "\tencryption_algorithm aes 256;",
        "\tauthentication_algorithm hmac_sha256;",
        "\tcompression_algorithm deflate;",
        "}",
    ]
    while len(out) < lines:
        out.append("# padding")
    return "\n".join(out) + "\n"


def test_latency(exe, tmp):
    srv = Server(exe)
    initialize(srv)
    host = os.path.join(tmp, "big")
    os.mkdir(host)
    path = os.path.join(host, "racoon.conf")
    text = big_racoon_conf(5000)
    check(text.count("\n") == 5000, "5,000 lines")
    uri = uri_of(path)
    open_doc(srv, path, text)
    srv.diagnostics(uri, 1)
    times = []
    for v in range(2, 42):
        # type one character in the middle of the file, then take it back
        edit = {"range": {"start": {"line": 2500, "character": 0}, "end": {"line": 2500, "character": 0}},
                "text": "#"} if v % 2 == 0 else \
               {"range": {"start": {"line": 2500, "character": 0}, "end": {"line": 2500, "character": 1}},
                "text": ""}
        t0 = time.perf_counter()
        change(srv, path, v, [edit])
        srv.diagnostics(uri, v)
        times.append((time.perf_counter() - t0) * 1000)
    srv.request(2, "shutdown")
    srv.notify("exit", None)
    check(srv.finish() == 0, "exit status")
    times.sort()
    median, worst = times[len(times) // 2], times[-1]
    print("REPORT: lsp: diagnostics after an edit in a 5,000-line racoon.conf: median %.1f ms, max %.1f ms"
          % (median, worst))
    # a loose bound that catches quadratic work, not machine noise
    check(median < 250, "median latency %.1f ms" % median)


def test_cross_host(exe, tmp):
    """A buffer in a host folder with sibling host folders gets the pair
    findings, its text standing for the file on disk."""
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "iscsi")
    site = os.path.join(tmp, "site")
    for host in ("server1", "client1"):
        shutil.copytree(os.path.join(top, host), os.path.join(site, host))
        os.chmod(os.path.join(site, host, "psk.txt"), 0o600)
    srv = Server(exe)
    initialize(srv)
    conf = os.path.join(site, "server1", "racoon.conf")
    text = open(conf, encoding="utf-8").read()
    open_doc(srv, conf, text)
    codes = {d["code"] for d in srv.diagnostics(uri_of(conf))}
    check("RL302" not in codes, "phase1-mismatch on the example pair: %r" % codes)
    check("RL101" in codes, "aes-preference on the example pair: %r" % codes)
    broken = text.replace("encryption_algorithm 3des;", "encryption_algorithm blowfish;")
    change(srv, conf, 2, [{"text": broken}])
    diags = srv.diagnostics(uri_of(conf), 2)
    mismatch = [d for d in diags if d["code"] == "RL302"]
    check(mismatch, "phase1-mismatch from the unsaved buffer: %r" % diags)
    rel = [r["location"]["uri"] for d in mismatch for r in d.get("relatedInformation", [])]
    check(any(u.endswith("/client1/racoon.conf") for u in rel), "the peer's line as a related location: %r" % rel)
    psk = os.path.join(site, "server1", "psk.txt")
    open_doc(srv, psk, open(psk, encoding="utf-8").read().replace("secret1", "secret9"), language="psk")
    diags = srv.diagnostics(uri_of(psk))
    check(any(d["code"] == "RL301" for d in diags), "psk-mirror from the unsaved psk.txt: %r" % diags)
    # the keys themselves (rule names such as psk-weak-secret may say "secret")
    check(not any(k in json.dumps(d) for d in diags for k in ("secret1", "secret9")), "a secret in a diagnostic")
    srv.request(9, "shutdown")
    srv.notify("exit", {})
    srv.finish()
    print("REPORT: lsp: cross-host findings from unsaved buffers")


def fresh_diagnostics(exe, docs):
    """What a server that never ran before publishes for each document."""
    srv = Server(exe)
    initialize(srv)
    out = {}
    for path, (text, language) in docs.items():
        open_doc(srv, path, text, language=language)
        out[path] = srv.diagnostics(uri_of(path), 1)
    srv.request(99, "shutdown")
    srv.notify("exit", None)
    check(srv.finish() == 0, "exit status of the fresh server")
    return out


def test_sibling_changes(exe, tmp):
    """The server keeps what it read of the sibling host folders between
    edits: after every change on disk (a key of the same size under the
    same modification time, a touched file, an included file, a host folder
    created or deleted) the next edit's diagnostics are what a fresh server
    publishes, and no key leaves the server."""
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "iscsi")
    site = os.path.join(tmp, "cache-site")
    for host in ("server1", "client1"):
        shutil.copytree(os.path.join(top, host), os.path.join(site, host))
    key1, key2, key3 = "Cache-Key-%s-1111" % CANARY, "Cache-Key-%s-2222" % CANARY, "Cache-Key-%s-3333" % CANARY
    conf1 = os.path.join(site, "client1", "racoon.conf")
    # client1's remote block in a file of its own, included
    included = os.path.join(site, "client1", "remote.conf")
    text = open(conf1, encoding="utf-8").read()
    start, end = text.index("remote anonymous {"), text.index("\n}\n") + 3
    with open(included, "w", encoding="utf-8") as f:
        f.write(text[start:end])
    with open(conf1, "w", encoding="utf-8") as f:
        f.write(text[:start] + 'include "/etc/racoon/remote.conf";\n' + text[end:])
    def write_key(host, key, mtime_ns=None):
        path = os.path.join(site, host, "psk.txt")
        peer = "client1" if host == "server1" else "server1"
        with open(path, "w", encoding="utf-8") as f:
            f.write("# identifier\tshared secret\n%s\t%s\n" % (peer, key))
        os.chmod(path, 0o600)
        if mtime_ns is not None:
            os.utime(path, ns=(mtime_ns, mtime_ns))
    write_key("server1", key1)
    write_key("client1", key1)
    old = (int(time.time()) - 7200) * 10 ** 9 + 123456789
    for d, _, files in os.walk(site):
        for name in files:
            os.utime(os.path.join(d, name), ns=(old, old))
    # let the change times settle: the server then trusts the file status
    # alone, without reading the files again
    time.sleep(4.5)

    conf = os.path.join(site, "server1", "racoon.conf")
    psk = os.path.join(site, "server1", "psk.txt")
    docs = {conf: (open(conf, encoding="utf-8").read(), "racoon"),
            psk: (open(psk, encoding="utf-8").read(), "psk")}
    srv = Server(exe)
    initialize(srv)
    for path, (t, language) in docs.items():
        open_doc(srv, path, t, language=language)
    version = [1]

    def step(what, expect=None):
        """Edit both buffers (type a character, take it back) and compare."""
        version[0] += 1
        got = {}
        for path in docs:
            change(srv, path, version[0], [{"range": {"start": {"line": 0, "character": 0},
                                                      "end": {"line": 0, "character": 0}}, "text": "#"}])
            change(srv, path, version[0] + 1, [{"range": {"start": {"line": 0, "character": 0},
                                                          "end": {"line": 0, "character": 1}}, "text": ""}])
        for path in docs:
            got[path] = srv.diagnostics(uri_of(path), version[0] + 1)
        version[0] += 1
        want = fresh_diagnostics(exe, docs)
        for path in docs:
            check(got[path] == want[path], "%s: %s: diagnostics %s, a fresh server's %s"
                  % (what, os.path.basename(path), json.dumps(got[path]), json.dumps(want[path])))
        if expect:
            check(expect(got), "%s: %s" % (what, json.dumps(got)))

    def codes(got, path):
        return {d["code"] for d in got[path]}

    def related(got, path):
        return {r["location"]["uri"] for d in got[path] for r in d.get("relatedInformation", [])}

    for path in docs:
        srv.diagnostics(uri_of(path), 1)
    step("unchanged", lambda g: "RL301" not in codes(g, psk) and "RL302" not in codes(g, conf))
    # the same size and the same modification time: only the change time moved
    write_key("client1", key2, old)
    step("a key of the same size under the same time", lambda g: "RL301" in codes(g, psk))
    write_key("client1", key1, old + 10 ** 9)
    step("the key back, another time", lambda g: "RL301" not in codes(g, psk))
    write_key("client1", key3)
    step("a key of the same size, touched now", lambda g: "RL301" in codes(g, psk))
    write_key("client1", key1)
    step("the key back at once", lambda g: "RL301" not in codes(g, psk))
    prop = open(included, encoding="utf-8").read()
    with open(included, "w", encoding="utf-8") as f:
        f.write(prop.replace("encryption_algorithm 3des;", "encryption_algorithm des; "))
    os.utime(included, ns=(old, old))
    step("an included file changed", lambda g: "RL302" in codes(g, conf))
    with open(included, "w", encoding="utf-8") as f:
        f.write(prop)
    step("the included file back", lambda g: "RL302" not in codes(g, conf))
    client2 = os.path.join(site, "client2")
    shutil.copytree(os.path.join(site, "client1"), client2)
    with open(os.path.join(client2, "racoon.conf"), "r+", encoding="utf-8") as f:
        t = f.read().replace('"client1"', '"client2"')
        f.seek(0)
        f.write(t)
    step("a host folder created", lambda g: any("/client2/" in u for u in related(g, conf)))
    shutil.rmtree(client2)
    step("a host folder deleted", lambda g: not any("/client2/" in u for u in related(g, conf)))
    os.rename(os.path.join(site, "client1"), os.path.join(tmp, "client1-away"))
    step("the only sibling gone", lambda g: "RL301" not in codes(g, psk) and not any("/client1/" in u for u in related(g, conf)))
    os.rename(os.path.join(tmp, "client1-away"), os.path.join(site, "client1"))
    write_key("client1", key2)
    step("the sibling back, with another key", lambda g: "RL301" in codes(g, psk))
    srv.notify("textDocument/didClose", {"textDocument": {"uri": uri_of(psk)}})
    srv.notify("textDocument/didClose", {"textDocument": {"uri": uri_of(conf)}})
    srv.request(98, "shutdown")
    srv.notify("exit", None)
    check(srv.finish() == 0, "exit status")
    for k in (key1, key2, key3, CANARY):
        check(k.encode() not in srv.raw and k.encode() not in srv.err, "a pre-shared key left the server")
    print("REPORT: lsp: sibling folders kept between edits: 11 changes on disk, each seen as a fresh server sees it")


def main():
    exe = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        try:
            test_session(exe, tmp)
            test_cross_host(exe, tmp)
            test_sibling_changes(exe, tmp)
            test_exit_codes(exe)
            test_latency(exe, tmp)
        except Failure as e:
            print("FAIL: %s" % e)
            return 1
    print("lsp protocol: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
