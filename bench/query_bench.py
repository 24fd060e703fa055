#!/usr/bin/env python3
"""Query benchmark: full results pages (10 hits, snippets, show/person/date facets).

    python bench/query_bench.py [--sets bbc+huffpost,huffpost-x8] [--http-seconds 10] [--vectors]
                                [--index-dir HOME]

--vectors builds with article vectors (fused ranking); --index-dir HOME measures an index already built there
(the bbc+huffpost set only), instead of building one.

For each set: builds an index in a temp dir, generates 350 queries deterministically from the corpus
(random.Random(7): 300 of 1-3 title words, 50 two-word title phrases, as ../shared/bench/peers.py does),
then measures
  * the search service in-process: p50 / p95 / max ms over 3 passes after a warm pass;
  * /api/search through gunicorn (2 sync workers, 127.0.0.1) from this separate process with 4 client
    threads: requests/s, p50 / p95 ms, errors.
Also runs the known-item dev queries and prints MRR@10 when ../shared/eval is present.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("MARQUEE_SHARED", ROOT.parent / "shared"))
BBC = SHARED / "corpora" / "bbc" / "articles.jsonl"
HUFF = SHARED / "corpora" / "huffpost" / "articles.jsonl"
STOP = set("a an and are as at be by for from has he in is it its of on or that the to was were will with".split())

from bench.index_bench import replicated  # noqa: E402


def make_queries(paths: list[Path], n_terms=300, n_phrases=50) -> list[str]:
    titles = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            titles += [json.loads(line)["title"] for line in f]
    rnd = random.Random(7)
    out = []
    while len(out) < n_terms:
        words = [w for w in re.findall(r"[a-z0-9]+", rnd.choice(titles).lower()) if w not in STOP and len(w) >= 3]
        if words:
            out.append(" ".join(rnd.sample(words, min(len(words), rnd.randint(1, 3)))))
    while len(out) < n_terms + n_phrases:
        words = [w for w in re.findall(r"[a-z0-9]+", rnd.choice(titles).lower())]
        pairs = [(a, b) for a, b in zip(words, words[1:]) if a not in STOP and b not in STOP and len(a) > 2]
        if pairs:
            out.append('"%s %s"' % rnd.choice(pairs))
    return out


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def in_process(home, queries) -> dict:
    from indexer.search import SearchRequest, SearchService

    svc = SearchService(home)
    for q in queries:
        svc.search(SearchRequest(q=q))
    times = []
    for _ in range(3):
        for q in queries:
            t = time.perf_counter()
            svc.search(SearchRequest(q=q))
            times.append((time.perf_counter() - t) * 1000)
    return {"p50": pct(times, 50), "p95": pct(times, 95), "max": max(times)}


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_healthy(port: int, seconds: float) -> bool:
    """Poll /healthz on a local port until it answers 200 or the seconds are up; whether it answered."""
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=max(1.0, min(60.0, seconds)))
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return True
        except OSError:
            time.sleep(0.05)
    return False


def through_gunicorn(home, queries, seconds: float, workers: int = 2, clients: int = 4) -> dict:
    port = free_port()
    env = dict(os.environ, MARQUEE_INDEX_DIR=str(home.root), MARQUEE_RATE_LIMIT="0", MARQUEE_ACCESS_LOG="/dev/null")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", str(workers),
                             "--bind", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(port, 10.0)
        lat, errors, lock = [], [0], threading.Lock()
        stop = time.perf_counter() + seconds

        def client(k):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            i = k
            while time.perf_counter() < stop:
                q = queries[i % len(queries)]
                i += clients
                t = time.perf_counter()
                try:
                    conn.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q}))
                    r = conn.getresponse()
                    r.read()
                    ok = r.status == 200
                except OSError:
                    ok = False
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                with lock:
                    lat.append((time.perf_counter() - t) * 1000)
                    errors[0] += 0 if ok else 1

        for q in queries[:50]:  # warm both workers (a worker opens the index on its first search: a minute at 1M)
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            c.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q}))
            c.getresponse().read()
        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        return {"rps": len(lat) / wall, "p50": pct(lat, 50), "p95": pct(lat, 95), "requests": len(lat),
                "errors": errors[0], "worker_mb": max(worker_peaks_mb(proc.pid) or [0])}
    finally:
        proc.terminate()
        proc.wait()


def worker_peaks_mb(master: int) -> list[float]:
    """Peak RSS (VmHWM) of each worker process of a gunicorn master, in MB."""
    out = []
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                out.append(int(line.split()[1]) / 1024)
    return out


def mrr(home) -> float | None:
    qfile = SHARED / "eval" / "queries-dev.jsonl"
    if not qfile.exists():
        return None
    from indexer.search import SearchRequest, SearchService

    svc = SearchService(home)
    rr = []
    with open(qfile, encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            targets = {q["target"], *q.get("also_relevant", [])}
            ranked = [h.id for h in svc.search(SearchRequest(q=q["query"])).hits]
            rank = next((i for i, d in enumerate(ranked, 1) if d in targets), None)
            rr.append(1 / rank if rank else 0.0)
    return sum(rr) / len(rr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="bbc+huffpost,huffpost-x8")
    ap.add_argument("--http-seconds", type=float, default=10.0)
    ap.add_argument("--vectors", action="store_true", help="build with article vectors (fused ranking)")
    ap.add_argument("--index-dir", default=None, help="measure this already built bbc+huffpost index home")
    args = ap.parse_args()
    from indexer.build import build_index
    from indexer.store import IndexHome

    tmp = Path(tempfile.mkdtemp(prefix="marquee-qbench-"))
    print("| set | docs | queries | in-process p50 ms | p95 ms | max ms | gunicorn 2w req/s | http p50 ms | http p95 ms "
          "| errors | worker peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in args.sets.split(","):
        paths = [BBC, HUFF] if name == "bbc+huffpost" else [replicated(HUFF, 8, tmp)]
        if args.index_dir and name == "bbc+huffpost":
            from indexer.search import SearchService

            home = IndexHome(args.index_dir)
            total = SearchService(home).info()["documents"]
        else:
            home = IndexHome(tmp / name)
            total = build_index([str(p) for p in paths], home, procs=2, vectors=args.vectors).total
        queries = make_queries([BBC, HUFF] if name == "bbc+huffpost" else [HUFF])
        ip = in_process(home, queries)
        hp = through_gunicorn(home, queries, args.http_seconds)
        print(f"| {name} | {total} | {len(queries)} | {ip['p50']:.1f} | {ip['p95']:.1f} | {ip['max']:.0f} | "
              f"{hp['rps']:.0f} | {hp['p50']:.1f} | {hp['p95']:.1f} | {hp['errors']}/{hp['requests']} | "
              f"{hp['worker_mb']:.0f} |", flush=True)
        if name == "bbc+huffpost":
            m = mrr(home)
            if m is not None:
                print(f"\nknown-item dev queries (40): MRR@10 {m:.3f}\n")
    subprocess.run(["rm", "-rf", str(tmp)])


if __name__ == "__main__":
    main()
