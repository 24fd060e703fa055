#!/usr/bin/env python3
"""Known-item relevance of the peer engines in ../shared/bench/engines on the dev queries, for comparison
with `marquee search --queries ... --jsonl`.

    /tmp/peerbench/venv/bin/python bench/peer_relevance.py --engines whoosh,sqlite,tantivy
    /usr/bin/python3 bench/peer_relevance.py --engines xapian

Indexes ../shared/corpora/bbc + huffpost with each engine's own adapter (in a temp dir), runs the 40 dev
queries with the adapter's default AND grouping and, where the adapter allows it, with OR grouping, and prints
MRR@10 / S@1 / S@10 as computed by ../shared/eval/relevance_score.py.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARQUEE_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(SHARED / "bench" / "engines"))
CORPORA = [SHARED / "corpora" / "bbc" / "articles.jsonl", SHARED / "corpora" / "huffpost" / "articles.jsonl"]
QUERIES = SHARED / "eval" / "queries-dev.jsonl"


def or_grouping(name: str, mod, eng) -> bool:
    """Switch an opened adapter to OR grouping, where it exposes a way to; False if it does not."""
    if name == "sqlite":
        mod.fts_query = lambda q: " OR ".join('"%s"' % (p or w).replace('"', '""')
                                             for p, w in re.findall(r'"([^"]*)"|(\S+)', q) if (p or w).strip())
        return True
    if name == "whoosh" and hasattr(eng, "parser"):
        from whoosh.qparser import OrGroup

        eng.parser.group = OrGroup
        return True
    return False


def score(queries: Path, runfile: Path) -> str:
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "relevance_score.py"), str(queries), str(runfile)],
                         capture_output=True, text=True)
    lines = out.stdout.strip().splitlines()
    kinds = [ln.strip() for ln in lines[lines.index("-- per kind") + 1:lines.index("-- per corpus")]] \
        if "-- per kind" in lines and "-- per corpus" in lines else []
    return lines[-1] + "".join(f" | {k}" for k in kinds)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engines", default="whoosh,sqlite,tantivy,xapian")
    ap.add_argument("--queries", type=Path, default=QUERIES,
                    help="known-item queries (default: the dev set; see bench/synthetic_queries.py)")
    args = ap.parse_args()
    docs = [json.loads(line) for p in CORPORA for line in open(p, encoding="utf-8")]
    queries = [json.loads(line) for line in open(args.queries, encoding="utf-8")]
    for name in args.engines.split(","):
        try:
            mod = importlib.import_module(f"{name}_engine")
        except ImportError as e:
            print(f"| {name} | skipped: {e} |")
            continue
        with tempfile.TemporaryDirectory() as d:
            eng = mod.Engine()
            eng.build(docs, d)
            eng.open(d)
            for grouping in ("AND", "OR"):
                if grouping == "OR" and not or_grouping(name, mod, eng):
                    continue
                run = Path(d) / f"run-{grouping}.jsonl"
                with open(run, "w") as f:
                    for q in queries:
                        try:
                            ranked = eng.search(q["query"], k=10)
                        except Exception:  # an engine's own syntax error counts as no result
                            ranked = []
                        f.write(json.dumps({"qid": q["qid"], "ranked": ranked}) + "\n")
                print(f"| {name} | {grouping} | {score(args.queries, run)} |", flush=True)


if __name__ == "__main__":
    main()
