#!/usr/bin/env python3
"""Reindex under load: gunicorn (2 workers) serves /api/search from a second process while
`marquee reindex` adds, changes and deletes articles and a full `marquee index` switches generations.

    python bench/reload_bench.py [--workers 2] [--clients 4]

Prints requests served, errors, inconsistent hits and p50/p95/max latency for each phase, and checks that
new articles are visible after each switch without a restart.
"""
from __future__ import annotations

import argparse
import http.client
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.query_bench import SHARED, free_port, pct  # noqa: E402

SEED_FORMAT = SHARED / "corpora" / "seed-format"
QUERIES = ["film", "oscar", "music", "award", "show", "star", "actor", "box office", "band", "tv",
           "marker version", "newarticle"]


class Load:
    """Client threads hitting /api/search; records latency, errors and hits that mix two article versions."""

    def __init__(self, port: int, clients: int):
        self.port, self.clients = port, clients
        self.lat: list[float] = []
        self.errors = 0
        self.inconsistent = 0
        self.lock = threading.Lock()
        self.running = True
        self.threads = [threading.Thread(target=self.run, args=(k,)) for k in range(clients)]

    def run(self, k: int):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        i = k
        while self.running:
            q = QUERIES[i % len(QUERIES)]
            i += 1
            t = time.perf_counter()
            ok, bad = True, 0
            try:
                conn.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q}))
                r = conn.getresponse()
                body = r.read()
                ok = r.status == 200
                if ok:
                    for h in json.loads(body)["hits"]:
                        # a changed article is "[v2]" in title and "v2marker" in body, never one of each
                        if ("[v2]" in h["title"]) != ("v1marker" not in h["snippet_html"]) and \
                                ("v1marker" in h["snippet_html"] or "v2marker" in h["snippet_html"]):
                            bad += 1
            except (OSError, ValueError):
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            with self.lock:
                self.lat.append((time.perf_counter() - t) * 1000)
                self.errors += 0 if ok else 1
                self.inconsistent += bad

    def start(self):
        for t in self.threads:
            t.start()

    def snapshot(self):
        with self.lock:
            return len(self.lat), self.errors, self.inconsistent

    def stop(self):
        self.running = False
        for t in self.threads:
            t.join()


def marquee(*args):
    r = subprocess.run([sys.executable, "-m", "indexer.cli", *args], cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(r.stderr)
    return r.stdout


def api(port, q):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q}))
    return json.loads(c.getresponse().read())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="marquee-reload-"))
    src, home = tmp / "src", tmp / "ix"
    shutil.copytree(SEED_FORMAT, src)
    files = sorted(src.glob("*.txt"))
    for f in files[:50]:  # v1 markers on the articles that will change
        f.write_text(f.read_text(encoding="utf-8") + "\n\nv1marker version text.", encoding="utf-8")
    marquee("index", str(src), "--index-dir", str(home))
    port = free_port()
    env = {"MARQUEE_INDEX_DIR": str(home), "MARQUEE_RATE_LIMIT": "0", "MARQUEE_ACCESS_LOG": "/dev/null",
           "PATH": "/usr/bin:/bin"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", str(args.workers),
                               "--bind", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                api(port, "film")
                break
            except OSError:
                time.sleep(0.1)
        load = Load(port, args.clients)
        load.start()
        time.sleep(2)
        print("| phase | seconds | requests | errors | inconsistent hits | p50 ms | p95 ms | max ms |")
        print("|---|---|---|---|---|---|---|---|")

        def phase(name, fn):
            n0 = len(load.lat)
            e0, i0 = load.errors, load.inconsistent
            t0 = time.perf_counter()
            fn()
            time.sleep(1.0)  # let the workers notice the switch under load
            secs = time.perf_counter() - t0
            lat = load.lat[n0:]
            print(f"| {name} | {secs:.1f} | {len(lat)} | {load.errors - e0} | {load.inconsistent - i0} | "
                  f"{pct(lat, 50):.1f} | {pct(lat, 95):.1f} | {max(lat):.0f} |", flush=True)

        def edit():
            for f in files[:50]:
                text = f.read_text(encoding="utf-8").replace("v1marker", "v2marker")
                lead = text.find(" ", 1)
                f.write_text(text[:lead] + " [v2]" + text[lead:], encoding="utf-8")
            for f in files[50:100]:
                f.unlink()
            for k in range(50):
                (src / f"new-{k}.txt").write_text(f" date 2024-01-{k % 28 + 1:02d} Newarticle number {k}. "
                                                  f"Body of newarticle {k}.", encoding="utf-8")
            out = json.loads(marquee("reindex", str(src), "--prune", "--index-dir", str(home), "--json"))
            assert (out["added"], out["updated"], out["deleted"]) == (50, 50, 50), out

        phase("steady (before)", lambda: time.sleep(3))
        phase("reindex +50 ~50 -50", edit)
        seen = api(port, "newarticle")["total"]
        phase("full index switch", lambda: marquee("index", str(src), "--index-dir", str(home)))
        after = api(port, "newarticle")["total"]
        load.stop()
        n, e, bad = load.snapshot()
        print(f"\ntotal requests {n}, errors {e}, inconsistent hits {bad}; new articles visible after reindex: "
              f"{seen}/50, after full switch: {after}/50")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
