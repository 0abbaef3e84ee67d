#!/usr/bin/env python3
"""Helpers of tests/secrets.test.sh.

secrets.py find CANARIES FILE...
    Print "LEAK label form file" for every canary of CANARIES (lines
    "label value"; a label starting with "hex" marks a hexadecimal key) found
    in a FILE: the value itself, in upper or lower case, any 8 bytes of it
    in a row, its bytes hex-encoded, base64-encoded (at each of the three
    alignments), and for a hexadecimal key the bytes it stands for. Exits 1
    when it found one.

secrets.py lsp RACOONLINT FILE...
    Drive `racoonlint --lsp` as an editor does: open each FILE, wait for its
    diagnostics, ask for the code actions over the whole file and for
    formatting, then shut down. Writes every byte the server sent (stdout
    and stderr) to standard output.
"""
import base64
import binascii
import json
import os
import subprocess
import sys
import threading
import time

WINDOW = 8


def forms(label, value):
    """(name, bytes) of each form of a canary that must not be printed."""
    v = value.encode()
    out = [("value", v), ("lower", v.lower()), ("upper", v.upper())]
    out += [("hex", binascii.hexlify(v)), ("HEX", binascii.hexlify(v).upper())]
    for k in range(3):
        s = base64.b64encode(b"\0" * k + v)
        out.append(("base64+%d" % k, s[4:-4]))
    if label.startswith("hex"):
        raw = binascii.unhexlify(value if len(value) % 2 == 0 else "0" + value)
        out.append(("bytes", raw))
    for i in range(len(v) - WINDOW + 1):
        out.append(("part@%d" % i, v[i : i + WINDOW]))
    return out


def find(canary_file, files):
    canaries = [line.split(None, 1) for line in open(canary_file) if line.strip()]
    leaks = 0
    for path in files:
        data = open(path, "rb").read()
        for label, value in canaries:
            value = value.strip()
            for name, b in forms(label, value):
                if b and b in data:
                    print("LEAK %s %s %s" % (label, name, path))
                    leaks += 1
                    break
    return 1 if leaks else 0


class Lsp:
    def __init__(self, exe):
        self.proc = subprocess.Popen([exe, "--lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.raw = bytearray()
        self.err = bytearray()
        self.msgs = []
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    with self.lock:
                        self.msgs.append(None)
                        self.lock.notify_all()
                    return
                head += c
            self.raw += head
            n = int(head.split(b"Content-Length:")[1].split(b"\r\n")[0])
            body = out.read(n)
            self.raw += body
            with self.lock:
                self.msgs.append(json.loads(body))
                self.lock.notify_all()

    def _drain(self):
        for line in self.proc.stderr:
            self.err += line

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def wait(self, pred, timeout=20):
        end = time.monotonic() + timeout
        with self.lock:
            while True:
                for m in self.msgs:
                    if m is not None and pred(m):
                        return m
                left = end - time.monotonic()
                if left <= 0 or None in self.msgs:
                    raise SystemExit("secrets.py lsp: no answer from the server")
                self.lock.wait(left)

    def request(self, ident, method, params):
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == ident and "method" not in m)


def lsp(exe, files):
    s = Lsp(exe)
    s.request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    ident = 2
    for path in files:
        path = os.path.abspath(path)
        uri = "file://" + path
        text = open(path, "rb").read().decode("utf-8", "replace")
        lang = "psk" if path.endswith("psk.txt") else "setkey" if "ipsec-tools" in path else "racoon"
        s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": lang, "version": 1, "text": text}}})
        pub = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and
                     m["params"]["uri"] == uri)
        end = {"line": text.count("\n") + 1, "character": 0}
        whole = {"start": {"line": 0, "character": 0}, "end": end}
        s.request(ident, "textDocument/codeAction",
                  {"textDocument": {"uri": uri}, "range": whole,
                   "context": {"diagnostics": pub["params"]["diagnostics"]}})
        s.request(ident + 1, "textDocument/formatting",
                  {"textDocument": {"uri": uri}, "options": {"tabSize": 8, "insertSpaces": False}})
        ident += 2
    s.request(ident, "shutdown", None)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    s.proc.stdin.close()
    s.proc.wait(20)
    sys.stdout.buffer.write(bytes(s.raw) + bytes(s.err))
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "find":
        return find(argv[2], argv[3:])
    if len(argv) >= 3 and argv[1] == "lsp":
        return lsp(argv[2], argv[3:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
