#!/usr/bin/env python3
"""Alternating pairs: Marquee's full build (`marquee index --procs 2`, NLTK analysis and entity extraction) and
plain Whoosh with two processes (whoosh-p2 in ../shared/bench/runner.py, the peers' own harness), one after the
other, so both meet the same machine load. Prints docs/s per pair and the medians.

    python bench/pairs.py [--corpora bbc,huffpost] [--pairs 5]

Marquee's docs/s is over the whole build, reading the file included; whoosh-p2's build time leaves out loading
the documents (its harness times the engine only), which favours the peer.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARQUEE_SHARED", ROOT.parent / "shared"))
CORPORA = {"bbc": SHARED / "corpora" / "bbc" / "articles.jsonl",
           "huffpost": SHARED / "corpora" / "huffpost" / "articles.jsonl"}


def marquee_build(corpus: Path, work: Path) -> float:
    home = work / "marquee"
    shutil.rmtree(home, ignore_errors=True)
    out = subprocess.run([sys.executable, "-m", "indexer.cli", "index", str(corpus), "--index-dir", str(home),
                          "--procs", "2", "--json"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    rep = json.loads(out)
    return rep["total"] / rep["seconds"]


def whoosh_p2_build(corpus: Path, work: Path) -> float:
    idx, res = work / "whoosh-p2", work / "whoosh-p2.json"
    shutil.rmtree(idx, ignore_errors=True)
    idx.mkdir()
    subprocess.run([sys.executable, str(SHARED / "bench" / "runner.py"), "build", "whoosh-p2", str(corpus), "0", "1",
                    str(idx), str(res)], check=True, capture_output=True)
    b = json.loads(res.read_text())
    return b["docs"] / b["build_s"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default="bbc,huffpost")
    ap.add_argument("--pairs", type=int, default=5)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="marquee-pairs-") as tmp:
        work = Path(tmp)
        for name in a.corpora.split(","):
            ours, theirs = [], []
            for _ in range(a.pairs):
                ours.append(marquee_build(CORPORA[name], work))
                theirs.append(whoosh_p2_build(CORPORA[name], work))
                print(f"{name}: marquee --procs 2 {ours[-1]:,.0f} docs/s, whoosh-p2 {theirs[-1]:,.0f} docs/s",
                      flush=True)
            mo, mt = statistics.median(ours), statistics.median(theirs)
            wins = sum(o > t for o, t in zip(ours, theirs))
            print(f"{name}: medians {mo:,.0f} vs {mt:,.0f} docs/s = {mo / mt:.0%} of whoosh-p2; "
                  f"faster in {wins} of {a.pairs} pairs", flush=True)


if __name__ == "__main__":
    main()
