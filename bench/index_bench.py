#!/usr/bin/env python3
"""Indexing benchmark: docs/s, seconds, index MB and peak RSS for marquee builds of the shared corpora.

docs/s is over the whole build (reading the files included); "docs/s after reading" leaves out reading and
parsing the sources, as ../shared/bench/peers.py leaves out loading the documents when it times its engines.

    python bench/index_bench.py [--corpora bbc,huffpost,huffpost-x8] [--procs 1,2] [--no-entities-too]

Each build runs in a child process (peak RSS from os.wait4, as ../shared/bench/peers.py measures it).
huffpost-x8 is ../shared/corpora/huffpost/articles.jsonl written 8 times with ids suffixed ~rK into a temp
file (never into the repo): ~108,000 items, the same scale proxy as `peers.py --repeat 8`.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARQUEE_SHARED", ROOT.parent / "shared"))
CORPORA = {
    "bbc": SHARED / "corpora" / "bbc" / "articles.jsonl",
    "huffpost": SHARED / "corpora" / "huffpost" / "articles.jsonl",
}


def replicated(path: Path, k: int, tmp: Path) -> Path:
    out = tmp / f"{path.stem}-x{k}.jsonl"
    if not out.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        with open(out, "w", encoding="utf-8") as f:
            for r in range(k):
                for line in lines:
                    rec = json.loads(line)
                    rec["id"] = f"{rec['id']}~r{r}"
                    f.write(json.dumps(rec) + "\n")
    return out


def child(args) -> None:
    sys.path.insert(0, str(ROOT))
    from indexer.build import build_index
    from indexer.store import IndexHome

    home = IndexHome(args.index_dir)
    t0 = time.perf_counter()
    rep = build_index([args.path], home, procs=args.procs, entities=not args.no_entities)
    secs = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in home.current_dir().iterdir())
    print(json.dumps({"docs": rep.total, "seconds": secs, "read_seconds": rep.read_seconds, "mb": size / 1e6}))


def run(name: str, path: Path, procs: int, entities: bool, tmp: Path) -> dict:
    ixdir = tempfile.mkdtemp(dir=tmp)
    cmd = [sys.executable, __file__, "--child", str(path), "--index-dir", ixdir, "--procs-child", str(procs)]
    if not entities:
        cmd.append("--no-entities")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"child failed for {name}")
    res = json.loads(out.strip().splitlines()[-1])
    res.update(corpus=name, procs=procs, entities=entities, peak_rss_mb=usage.ru_maxrss / 1024,
               docs_per_s=res["docs"] / res["seconds"],
               # as ../shared/bench/peers.py times its engines: the documents already loaded
               docs_per_s_loaded=res["docs"] / (res["seconds"] - res["read_seconds"]))
    subprocess.run(["rm", "-rf", ixdir])
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", default="bbc,huffpost,huffpost-x8")
    ap.add_argument("--procs", default="1,2")
    ap.add_argument("--no-entities-too", action="store_true",
                    help="also build without entity extraction (to show what extraction costs)")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--index-dir", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--procs-child", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--no-entities", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        args.path, args.procs = args.child, args.procs_child
        child(args)
        return
    tmp = Path(tempfile.mkdtemp(prefix="marquee-bench-"))
    rows = []
    print("| corpus | docs | procs | entities | seconds | docs/s | reading s | docs/s after reading | index MB | "
          "peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in args.corpora.split(","):
        path = replicated(CORPORA["huffpost"], 8, tmp) if name == "huffpost-x8" else CORPORA[name]
        for procs in [int(p) for p in args.procs.split(",")]:
            for entities in ([True, False] if args.no_entities_too else [True]):
                r = run(name, path, procs, entities, tmp)
                rows.append(r)
                print(f"| {name} | {r['docs']} | {procs} | {'yes' if entities else 'no'} | {r['seconds']:.1f} | "
                      f"{r['docs_per_s']:.0f} | {r['read_seconds']:.2f} | {r['docs_per_s_loaded']:.0f} | "
                      f"{r['mb']:.1f} | {r['peak_rss_mb']:.0f} |", flush=True)
    subprocess.run(["rm", "-rf", str(tmp)])


if __name__ == "__main__":
    main()
