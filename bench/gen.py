#!/usr/bin/env python3
"""Generate large racoon inputs for `make bench`.

usage:
  gen.py setkey FILE N        N policies: IPv4 and IPv6, hosts, prefixes and
                              ports, esp and ah (and both), transport and
                              tunnel, every level, one- and multi-line
  gen.py racoon FILE N        N remote blocks with proposals, plus sainfos
  gen.py racoon-lines FILE L  the same, exactly L lines
  gen.py pair DIR N           DIR/west and DIR/east: two host folders with N
                              mirrored policies each
  gen.py hub DIR S [P]        DIR/hub and DIR/spoke1..S, P flows a spoke

Everything is deterministic: the same arguments give the same bytes.
The host folders hold racoon.conf, psk.txt (mode 0600) and setkey.conf, and
addrs.txt: one "HOST=ADDR" line a host, for racoonlint's --addr.
"""
import os
import random
import sys
import zlib

LEVELS = ["require", "use", "default", "unique"]


def v4(i):
    return "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)


def v6(i):
    return "2001:db8:%x:%x::%x" % (i >> 16 & 0xffff, i & 0xffff, (i * 7) & 0xffff or 1)


def net4(i, plen):
    return "%d.%d.%d.0/%d" % (20 + (i >> 16 & 63), i >> 8 & 255, i & 255, plen)


def net6(i, plen):
    return "2001:db8:%x:%x::/%d" % (0x8000 | (i >> 16 & 0xfff), i & 0xffff, plen)


# --- setkey ---------------------------------------------------------------


def level(rng, i, tunnel):
    """Every level, as a maintained file has them: tunnels unique (some with
    a request id), transport require, and now and then use or default."""
    if i % 97 == 1:
        return "use"
    if i % 89 == 2:
        return "default"
    if not tunnel:
        return "require"
    return "unique:%d" % (1 + i % 16383) if i % 8 == 3 else "unique"


def rule(rng, proto, mode, ends, lv):
    if mode == "tunnel":
        return "%s/tunnel/%s/%s" % (proto, ends, lv)
    return "%s/transport//%s" % (proto, lv)


ME4, ME6 = "192.0.2.1", "2001:db8:ffff::1"


def setkey_policy(rng, i):
    """One spdadd command of a gateway (ME4 / ME6) with many peers: a str,
    may span lines."""
    six = i % 3 == 0
    me = ME6 if six else ME4
    gw = v6(0x100000 + i % 1000) if six else "198.51.100.%d" % (1 + i % 250)
    direction = ["out", "in", "fwd", "out"][i % 4]
    pick = rng.random()
    ulp = ["any", "tcp", "udp", "icmp", "any", "47"][i % 6]
    if pick < 0.4:
        # host to host in transport mode, with ports for tcp and udp
        mode = "transport"
        local, remote = me, v6(i) if six else v4(i)
        if ulp in ("tcp", "udp"):
            local += "[%d]" % (1024 + i % 50000)
            remote += "[any]" if i % 2 else "[%d]" % (1 + i % 1023)
        elif six:
            local += "/128"
            remote += "/128"
        if direction == "fwd":
            direction = "in"
    else:
        # a local network to a remote one through a tunnel
        mode = "tunnel"
        plen = 64 if six else 24
        local = net6(2 * i, plen) if six else net4(2 * i, plen)
        remote = net6(2 * i + 1, plen) if six else net4(2 * i + 1, plen)
        if ulp not in ("any", "tcp", "udp"):
            ulp = "any"
    if ulp == "icmp":
        ulp = "icmp6" if six else "icmp"
    if ulp == "47":
        ulp = "any"
    src, dst = (local, remote) if direction == "out" else (remote, local)
    ends = "%s-%s" % ((me, gw) if direction == "out" else (gw, me))
    lv = level(rng, i, mode == "tunnel")
    kind = i % 5
    if kind in (0, 1, 2):
        rules = [rule(rng, "esp", mode, ends, lv)]
    elif kind == 3:
        rules = [rule(rng, "ah", mode, ends, lv)]
    else:
        rules = [rule(rng, "esp", mode, ends, lv), rule(rng, "ah", mode, ends, lv)]
    if i % 97 == 0:
        return "spdadd %s %s %s -P %s %s;" % (src, dst, ulp, direction, ["none", "discard"][i % 2])
    prio = ""
    if i % 11 == 0:
        prio = " prio %d" % (i % 1000)
    elif i % 13 == 0:
        prio = " priority def +%d" % (i % 100)
    head = "spdadd %s %s %s" % (src, dst, ulp)
    body = "-P %s%s ipsec %s;" % (direction, prio, " ".join(rules))
    if i % 2:
        return head + " " + body
    # the layout of most hand-written ipsec-tools.conf files
    return head + "\n\t" + body.replace(" ipsec ", " ipsec\n\t\t", 1)


def setkey_file(n, seed=1):
    rng = random.Random(seed)
    out = ["#!/usr/sbin/setkey -f", "# generated: %d policies" % n, "", "flush;", "spdflush;", ""]
    for i in range(n):
        if i % 1000 == 0:
            out.append("")
            out.append("# block %d" % (i // 1000))
        out.append(setkey_policy(rng, i))
    return "\n".join(out) + "\n"


# --- racoon.conf ------------------------------------------------------------

# strong choices; remote_block puts a weak one in now and then
ENC = ["aes 256", "aes 128", "aes 256", "aes"]
HASH = ["sha256", "sha512", "sha256", "sha384"]
DH = ["14", "modp2048", "15", "16"]


def remote_block(i):
    six = i % 4 == 3
    peer = v6(0x200000 + i) if six else v4(0x200000 + i)
    lines = ["remote %s {" % peer,
             "\texchange_mode %s;" % ("main" if i % 100 else "aggressive,main"),
             "\tmy_identifier %s;" % ("address" if i % 2 else 'fqdn "gw%d.example.net"' % i),
             "\tpeers_identifier address %s;" % peer if i % 5 == 0 else "\tverify_identifier off;",
             "\tlifetime time %d hour;" % (1 + i % 24),
             "\tproposal_check %s;" % ["obey", "strict", "claim", "exact"][i % 4],
             "\tdpd_delay %d;" % (10 + i % 50),
             "\tnat_traversal %s;" % ("on" if i % 2 else "off"),
             "\tgenerate_policy off;"]
    for k in range(1 + i % 3):
        lines += ["\tproposal {",
                  "\t\tencryption_algorithm %s;" % ("3des" if i % 50 == 7 else ENC[(i + k) % 4]),
                  "\t\thash_algorithm %s;" % ("md5" if i % 50 == 9 else HASH[(i + k) % 4]),
                  "\t\tauthentication_method pre_shared_key;",
                  "\t\tdh_group %s;" % DH[(i + k) % 4],
                  "\t\tlifetime time %d min;" % (30 + k * 30),
                  "\t}"]
    lines += ["}", ""]
    if i % 7 == 0:
        lines.insert(0, "# peer %d: branch office" % i)
    return lines


def sainfo_block(i):
    six = i % 4 == 3
    local = net6(2 * i, 64) if six else net4(2 * i, 24)
    remote = net6(2 * i + 1, 64) if six else net4(2 * i + 1, 24)
    return ["sainfo address %s any address %s any {" % (local, remote),
            "\tpfs_group %s;" % DH[i % 4],
            "\tlifetime time %d hour;" % (1 + i % 8),
            "\tencryption_algorithm aes 256, aes 128%s;" % (", 3des" if i % 40 == 4 else ""),
            "\tauthentication_algorithm hmac_sha256%s;" % (", hmac_sha1" if i % 40 == 6 else ""),
            "\tcompression_algorithm deflate;",
            "}", ""]


RACOON_HEAD = [
    "# generated racoon.conf",
    'path include "/etc/racoon";',
    'path pre_shared_key "/etc/racoon/psk.txt";',
    "log notify;",
    "",
    "listen {",
    "\tisakmp 192.0.2.1 [500];",
    "\tisakmp_natt 192.0.2.1 [4500];",
    "}",
    "",
    "timer {",
    "\tcounter 5;",
    "\tinterval 20 sec;",
    "\tphase1 30 sec;",
    "\tphase2 15 sec;",
    "}",
    "",
]

SAINFO_ANON = [
    "sainfo anonymous {",
    "\tpfs_group 14;",
    "\tlifetime time 1 hour;",
    "\tencryption_algorithm aes 256, aes 128;",
    "\tauthentication_algorithm hmac_sha256;",
    "\tcompression_algorithm deflate;",
    "}",
]


def racoon_lines(nremote, max_lines=None):
    out = list(RACOON_HEAD)
    tail = list(SAINFO_ANON)
    i = 0
    while i < nremote:
        block = remote_block(i) + (sainfo_block(i) if i % 2 == 0 else [])
        if max_lines is not None and len(out) + len(block) + len(tail) > max_lines:
            break
        out += block
        i += 1
    out += tail
    if max_lines is not None:
        while len(out) < max_lines:
            out.append("# padding")
    return out


def racoon_file(n):
    return "\n".join(racoon_lines(n)) + "\n"


# --- host folders -------------------------------------------------------------


def write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def host_racoon(me, peers, psk=True):
    """racoon.conf of a host that talks to each (name, addr) of peers."""
    out = ["# racoon.conf of %s" % me,
           'path pre_shared_key "/etc/racoon/psk.txt";',
           "",
           "listen {",
           "\tisakmp %s [500];" % me,
           "}",
           ""]
    for _, addr in peers:
        out += ["remote %s {" % addr,
                "\texchange_mode main;",
                "\tmy_identifier address;",
                "\tlifetime time 8 hour;",
                "\tproposal_check obey;",
                "\tgenerate_policy off;",
                "\tproposal {",
                "\t\tencryption_algorithm aes 256;",
                "\t\thash_algorithm sha256;",
                "\t\tauthentication_method %s;" % ("pre_shared_key" if psk else "rsasig"),
                "\t\tdh_group 14;",
                "\t}",
                "}",
                ""]
    out += SAINFO_ANON
    return "\n".join(out) + "\n"


def host_psk(me, peers):
    """psk.txt of a host: one key for each peer, the same on both sides."""
    out = ["# peer\tkey"]
    for _, addr in peers:
        pair = "-".join(sorted((me, addr)))
        out.append("%s\tkey-%08x" % (addr, zlib.crc32(pair.encode())))
    return "\n".join(out) + "\n"


def flow(i):
    """(local net, remote net, upper protocol) of flow i, seen from west."""
    six = i % 3 == 0
    if six:
        a, b = net6(2 * i, 64), net6(2 * i + 1, 64)
    else:
        a, b = net4(2 * i, 24), net4(2 * i + 1, 24)
    return a, b, ["any", "tcp", "udp"][i % 3]


def mirrored(me, peer, flows, west):
    """setkey lines of one side: out and in for each flow."""
    out = ["#!/usr/sbin/setkey -f", "flush;", "spdflush;", ""]
    for i, (a, b, ulp) in enumerate(flows):
        if not west:
            a, b = b, a
            if i % 5000 == 4999:
                continue  # a few flows without their mirror: findings to report
        mode = i % 4 != 1
        lv = ("unique" if mode else "require") if i % 97 != 5 else "use"
        proto = "ah" if i % 10 == 9 else "esp"
        if mode:
            r_out = "%s/tunnel/%s-%s/%s" % (proto, me, peer, lv)
            r_in = "%s/tunnel/%s-%s/%s" % (proto, peer, me, lv)
            out.append("spdadd %s %s %s -P out ipsec %s;" % (a, b, ulp, r_out))
            out.append("spdadd %s %s %s -P in ipsec %s;" % (b, a, ulp, r_in))
        else:
            # transport between the two hosts, one port each
            port = 1024 + i % 60000
            sa, sb = ("%s[%d]" % (me, port), "%s[any]" % peer) if west else \
                     ("%s[any]" % me, "%s[%d]" % (peer, port))
            out.append("spdadd %s %s tcp -P out ipsec %s/transport//%s;" % (sa, sb, proto, lv))
            out.append("spdadd %s %s tcp -P in ipsec %s/transport//%s;" % (sb, sa, proto, lv))
    return "\n".join(out) + "\n"


def host_folder(path, me, peers, setkey_text):
    os.makedirs(path, exist_ok=True)
    write(os.path.join(path, "racoon.conf"), host_racoon(me, peers))
    write(os.path.join(path, "psk.txt"), host_psk(me, peers), 0o600)
    write(os.path.join(path, "setkey.conf"), setkey_text)


def pair(root, n):
    """Two hosts, n policies each (n/2 flows, out and in)."""
    west, east = "192.0.2.1", "192.0.2.2"
    flows = [flow(i) for i in range(n // 2)]
    host_folder(os.path.join(root, "west"), west, [("east", east)], mirrored(west, east, flows, True))
    host_folder(os.path.join(root, "east"), east, [("west", west)], mirrored(east, west, flows, False))
    write(os.path.join(root, "addrs.txt"), "west=%s\neast=%s\n" % (west, east))


def hub(root, spokes, per_spoke):
    """A hub and its spokes: each spoke has per_spoke flows to the hub."""
    hub_addr = "198.51.100.1"
    names = [("spoke%d" % s, "198.51.100.%d" % (s + 1)) for s in range(1, spokes + 1)]
    hub_policies = []
    for s, (name, addr) in enumerate(names):
        flows = [flow(s * per_spoke + k) for k in range(per_spoke)]
        text = mirrored(addr, hub_addr, flows, True)
        host_folder(os.path.join(root, name), addr, [("hub", hub_addr)], text)
        if s == 1:
            # one spoke with a key that is not the hub's: a finding to report
            write(os.path.join(root, name, "psk.txt"), "%s\tstale-key\n" % hub_addr, 0o600)
        # the hub's side of the same flows
        hub_policies.append(mirrored(hub_addr, addr, flows, False).split("\n", 4)[4])
    setkey = "#!/usr/sbin/setkey -f\nflush;\nspdflush;\n\n" + "".join(hub_policies)
    host_folder(os.path.join(root, "hub"), hub_addr, names, setkey)
    write(os.path.join(root, "addrs.txt"),
          "hub=%s\n" % hub_addr + "".join("%s=%s\n" % (n, a) for n, a in names))


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    what, path, n = argv[1], argv[2], int(argv[3])
    if what == "setkey":
        write(path, setkey_file(n))
    elif what == "racoon":
        write(path, racoon_file(n))
    elif what == "racoon-lines":
        write(path, "\n".join(racoon_lines(10 ** 9, n)) + "\n")
    elif what == "pair":
        pair(path, n)
    elif what == "hub":
        hub(path, n, int(argv[4]) if len(argv) > 4 else 200)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
