#!/usr/bin/env python3
"""The cost curve: what N articles of the news-like proxy (bench/scale_corpus.py) cost to build, update and serve.

    python bench/scale_bench.py [--sizes 15000,100000,300000,1000000] [--http-seconds 10] [--no-peers]

For each size, in a temp dir (never the repo): the full build (`marquee index --procs 2`, extraction included)
seconds, docs/s, peak RSS, index MB; an incremental reindex after 1,000 articles changed; page latency in-process
(the query mix of bench/query_bench.py, 350 queries); /api/search through gunicorn with 2 workers (req/s), the time
to the first answer after boot, and a worker's RSS after 2,000 queries; and plain Whoosh's build and top-10 query
(../shared/bench/peers.py's runner, whoosh-p2) on the same file. Prints one markdown row per size.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from query_bench import SHARED, free_port, in_process, make_queries, through_gunicorn, wait_healthy  # noqa: E402


def _tree_rss_mb(root: int) -> tuple[float, float]:
    """(largest, total) resident memory in MB of a process and all its descendants, read from /proc."""
    parent, rss = {}, {}
    page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                with open(f"/proc/{entry}/statm") as f:
                    rss[int(entry)] = int(f.read().split()[1]) * page_mb
                parent[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [c for c, pp in parent.items() if pp == pid and c not in tree]
    sizes = [rss.get(pid, 0.0) for pid in tree]
    return max(sizes, default=0.0), sum(sizes)


def timed(cmd: list[str], tree: dict | None = None, **kw) -> tuple[float, float, str]:
    """(seconds, peak RSS MB of the largest process among the child and its descendants, stdout).

    The peak is sampled from /proc every half second as well as read from wait4: a build's workers start from a
    fork server, whose children wait4 does not report. With tree, tree["total"] is set to the peak of the
    descendants' summed RSS (shared pages counted in each)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **kw)
    peak = {"single": 0.0, "total": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            single, total = _tree_rss_mb(p.pid)
            peak["single"], peak["total"] = max(peak["single"], single), max(peak["total"], total)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    stop.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{cmd[:4]} failed ({status})")
    if tree is not None:
        tree["total"] = peak["total"]
    return time.perf_counter() - t, max(ru.ru_maxrss / 1024, peak["single"]), out


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def change_some(src: Path, dst: Path, n: int = 1000) -> None:
    """The same articles with n of them edited (a sentence added), spread through the file."""
    lines = src.read_text(encoding="utf-8").splitlines()
    step = max(1, len(lines) // n)
    for k in range(0, min(len(lines), step * n), step):
        rec = json.loads(lines[k])
        rec["text"] = (rec.get("text") or "") + " An update was added to this story."
        lines[k] = json.dumps(rec, ensure_ascii=False)
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")


def first_answer(home: Path, query: str) -> tuple[float, float]:
    """Seconds from starting gunicorn to the first /healthz answer, and ms of the first search after it."""
    port = free_port()
    env = dict(os.environ, MARQUEE_INDEX_DIR=str(home), MARQUEE_RATE_LIMIT="0", MARQUEE_ACCESS_LOG="/dev/null")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", "2", "--bind",
                             f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        if not wait_healthy(port, 3600.0):
            raise RuntimeError("gunicorn did not answer /healthz within an hour")
        boot = time.perf_counter() - t0
        t = time.perf_counter()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("GET", "/api/search?" + urllib.parse.urlencode({"q": query}))
        c.getresponse().read()
        return boot, (time.perf_counter() - t) * 1000
    finally:
        proc.terminate()
        proc.wait()


def peer(corpus: Path, work: Path, queries_file: Path) -> dict:
    idx = work / "whoosh-p2"
    shutil.rmtree(idx, ignore_errors=True)
    idx.mkdir()
    runner = SHARED / "bench" / "runner.py"
    _, rss, _ = timed([sys.executable, str(runner), "build", "whoosh-p2", str(corpus), "0", "1", str(idx),
                       str(work / "b.json")])
    b = json.loads((work / "b.json").read_text())
    subprocess.run([sys.executable, str(runner), "search", "whoosh-p2", str(queries_file), str(idx),
                    str(work / "s.json")], check=True, capture_output=True)
    s = json.loads((work / "s.json").read_text())
    return {"build_s": b["build_s"], "docs_s": b["docs"] / b["build_s"], "rss": rss, "p50": s.get("p50_ms"),
            "p95": s.get("p95_ms")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="15000,100000,300000,1000000")
    ap.add_argument("--http-seconds", type=float, default=10.0)
    ap.add_argument("--no-peers", action="store_true")
    a = ap.parse_args()
    print("| articles | build s | docs/s | build peak RSS MB (largest process / all together) | index MB | reindex 1,000 s | page p50 / p95 / max ms | "
          "gunicorn req/s | boot s / first search ms | worker RSS MB after 2,000 | whoosh-p2 build s (docs/s) | "
          "whoosh-p2 top-10 p50 / p95 ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in [int(x) for x in a.sizes.split(",")]:
        work = Path(tempfile.mkdtemp(prefix=f"marquee-scale-{n}-"))
        try:
            corpus = work / "proxy.jsonl"
            subprocess.run([sys.executable, str(HERE / "scale_corpus.py"), str(n), str(corpus)], check=True)
            home = work / "ix"
            cli = [sys.executable, "-m", "indexer.cli"]
            tree: dict = {}
            secs, rss, out = timed(cli + ["index", str(corpus), "--index-dir", str(home), "--procs", "2", "--json"],
                                   tree=tree, cwd=ROOT)
            built = json.loads(out)
            changed = work / "changed" / "proxy.jsonl"
            changed.parent.mkdir()
            change_some(corpus, changed)
            shutil.move(str(changed), str(corpus))  # the same path: the reindex sees 1,000 changed articles
            rsecs, _, rout = timed(cli + ["reindex", str(corpus), "--index-dir", str(home), "--json"], cwd=ROOT)
            updated = json.loads(rout)["updated"]
            queries = make_queries([corpus])
            from indexer.store import IndexHome

            ip = in_process(IndexHome(home), queries)
            boot, first = first_answer(home, queries[0])
            hp = through_gunicorn(IndexHome(home), (queries * 6)[:2000], a.http_seconds)
            pr = {}
            if not a.no_peers:
                qf = work / "queries.json"
                qf.write_text(json.dumps([{"kind": "terms", "q": q} for q in queries]))
                try:
                    pr = peer(corpus, work, qf)
                except Exception as e:  # the peer's harness may want a different query file: say so, go on
                    pr = {"error": str(e)[:80]}
            peer_cells = (f"{pr['build_s']:.1f} ({pr['docs_s']:,.0f}) | {pr.get('p50')} / {pr.get('p95')}"
                          if "build_s" in pr else f"{pr.get('error', 'not run')} | ")
            print(f"| {built['total']:,} | {secs:.1f} | {built['total'] / secs:,.0f} | {rss:,.0f} / {tree['total']:,.0f} | "
                  f"{dir_mb(home):,.0f} | {rsecs:.1f} ({updated} updated) | {ip['p50']:.1f} / {ip['p95']:.1f} / "
                  f"{ip['max']:.0f} | {hp['rps']:.0f} | {boot:.1f} / {first:.0f} | {hp['worker_mb']:.0f} | "
                  f"{peer_cells} |", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
