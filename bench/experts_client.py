#!/usr/bin/env python3
"""experts_client.py — the client side of bench/experts.sh.

  --port P --db DB --requests N --pid PID --label L
      times expert finding (300-character Chinese problem texts, each a
      different one, built from the demo's research keywords), the profile
      page (HTML and JSON) and a name search against the server on port P,
      and prints Markdown table rows plus the server's peak memory (VmHWM of
      PID) and how long the first search took (the index is built then).
  --import-csv FILE --db DB
      times `./shenrong experts import` of FILE into DB and prints rows/s
      and the import's peak memory.

Only the standard library; deterministic texts (seeded).
"""
import argparse
import http.client
import json
import os
import random
import re
import resource
import socket
import sqlite3
import subprocess
import time

FILLER = [
    "产品需要在高温高湿环境下长期稳定运行，并通过相关行业标准的认证。",
    "现有方案成本偏高、良品率不足，难以实现规模化生产和推广应用。",
    "希望与高校和科研院所的专家合作，共同开展关键技术攻关。",
    "项目拟在两年内完成样机研制，并在长三角地区的示范工程中验证。",
    "企业已有一定的研发基础，但缺少系统的理论分析和仿真工具。",
    "需要专家对技术路线、实验方案和知识产权布局提出意见。",
]
TEMPLATES = [
    "我单位在{}方面遇到技术瓶颈，",
    "现有{}工艺难以满足{}的要求，",
    "拟开展{}与{}相结合的研究，",
    "重点解决{}中的关键共性问题，",
    "需要在{}领域有经验的专家指导，",
]


def keywords():
    out = []
    with open("data/demo/expert_topics.tsv", encoding="utf-8") as f:
        for i, line in enumerate(f):
            parts = line.rstrip("\n").split("\t")
            if i == 0 or len(parts) != 4:
                continue
            out.append(parts[2].split("|"))
    return out


def problem(rng, topics):
    """A 300-character problem text around one or two topics."""
    t = rng.choice(topics) + (rng.choice(topics) if rng.random() < 0.3 else [])
    text = ""
    while len(text) < 300:
        if rng.random() < 0.6:
            tpl = rng.choice(TEMPLATES)
            text += tpl.format(*[rng.choice(t) for _ in range(tpl.count("{}"))])
        else:
            text += rng.choice(FILLER)
    return text[:300]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def connect(port):
    """A keep-alive connection without Nagle's delay."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.connect()
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return conn


def timed(conn, method, path, body=None, headers=None):
    if isinstance(body, str):
        body = body.encode()   # one send with the headers
    t0 = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    ms = (time.perf_counter() - t0) * 1000.0
    if r.status != 200:
        raise SystemExit(f"{method} {path}: {r.status} {data[:200]!r}")
    return ms, data


def cpu_seconds(pid):
    """User and system CPU time the process has used."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def row(label, what, lat, cpu):
    p50, p99 = pct(lat, 50), pct(lat, 99)
    return (f"| {label} | {what} | {p50:.1f} | {p99:.1f} | {cpu * 1000.0 / len(lat):.2f} | "
            f"{p99 / 50.0:.3f} | {10000.0 / p99:,.0f}× | {60000.0 / p99:,.0f}× |")


class Figure:
    """Latencies of one kind of request, and the server's CPU time for them."""
    def __init__(self, pid):
        self.pid, self.lat, self.cpu0 = pid, [], cpu_seconds(pid)

    def add(self, ms):
        self.lat.append(ms)

    def row(self, label, what):
        return row(label, what, self.lat, cpu_seconds(self.pid) - self.cpu0)


def serve(a):
    rng = random.Random(5)
    topics = keywords()
    conn = connect(a.port)
    hdr = {"Content-Type": "application/json"}
    label = f"{int(a.label):,}"
    # the first search builds the index
    first, body = timed(conn, "POST", "/api/v1/experts/match",
                        json.dumps({"text": problem(rng, topics)}), hdr)
    for _ in range(20):
        timed(conn, "POST", "/api/v1/experts/match", json.dumps({"text": problem(rng, topics)}), hdr)
    f, found = Figure(a.pid), 0
    for _ in range(a.requests):
        ms, data = timed(conn, "POST", "/api/v1/experts/match",
                         json.dumps({"text": problem(rng, topics), "limit": 20}), hdr)
        f.add(ms)
        found += len(json.loads(data)["items"]) > 0
    print(f.row(label, "match: 300-character Chinese problem, best 20 with reasons"))
    f = Figure(a.pid)
    for _ in range(a.requests // 3):
        ms, _ = timed(conn, "POST", "/api/v1/experts/match",
                      json.dumps({"text": problem(rng, topics), "region": "320000",
                                  "title": "professor"}), hdr)
        f.add(ms)
    print(f.row(label, "match with region and title filters"))
    db = sqlite3.connect(a.db)
    ids = [r[0] for r in db.execute("SELECT id FROM expert ORDER BY random() LIMIT ?", (a.requests,))]
    names = [r[0] for r in db.execute("SELECT name FROM expert ORDER BY random() LIMIT ?", (a.requests // 3,))]
    db.close()
    html, js, byname = Figure(a.pid), None, None
    for i in ids:
        html.add(timed(conn, "GET", f"/experts/{i}")[0])
    print(html.row(label, "profile page (HTML, no response cache)"))
    js = Figure(a.pid)
    for i in ids:
        js.add(timed(conn, "GET", f"/api/v1/experts/{i}")[0])
    print(js.row(label, "profile (JSON)"))
    byname = Figure(a.pid)
    for n in names:
        q = "/api/v1/experts?q=" + "".join(f"%{b:02X}" for b in n.encode())
        byname.add(timed(conn, "GET", q)[0])
    print(byname.row(label, "name search with led projects (JSON)"))
    hwm = "?"
    with open(f"/proc/{a.pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                hwm = f"{int(line.split()[1]) / 1024:.0f} MiB"
    print(f"|  | ↳ first search (builds the in-memory index) {first:,.0f} ms; "
          f"{found}/{a.requests} texts found experts; server peak memory (VmHWM) {hwm} | | | | | | |")


def imp(a):
    t0 = time.perf_counter()
    r = subprocess.run(["./shenrong", "experts", "import", "--db", a.db, a.import_csv],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"import failed: {r.stderr[-500:]}")
    m = re.search(r"(\d+) experts imported .* in ([0-9.]+) s, ([0-9]+) rows/s", r.stdout)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    print()
    print(f"Import of {int(m.group(1)):,} rows (the 200,000 pool exported to CSV, each a namesake,"
          f" imported into a copy of the pool{a.note}): **{int(m.group(3)):,} rows/s** ({m.group(2)} s"
          f" checking and writing in one transaction, {wall:.1f} s in all); peak memory"
          f" {peak:.0f} MiB.")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int)
    p.add_argument("--db")
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--pid", type=int)
    p.add_argument("--label", default="?")
    p.add_argument("--import-csv")
    p.add_argument("--note", default="")
    a = p.parse_args()
    if a.import_csv:
        imp(a)
    else:
        serve(a)


if __name__ == "__main__":
    main()
