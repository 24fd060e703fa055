#!/usr/bin/env python3
"""How well did-you-mean helps: on the dev queries' typo kind and on names the index does not hold.

    python bench/did_you_mean.py --index-dir HOME      # an index of BBC + HuffPost + seed

Typo queries (dev2 and dev): how many get a suggestion, and for how many the suggested query puts the target in
the top 10 (and at rank 1). Other kinds: how many correct queries get a (needless) suggestion. Absent names: real
film/TV titles and people from the knowledge file whose every word is missing from the index (seeded sample);
a suggestion for one rewrites a name the reader typed right into something else.
"""
from __future__ import annotations

import argparse
import json
import os
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARQUEE_SHARED", ROOT.parent / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index-dir", required=True)
    ap.add_argument("--names", type=int, default=300)
    a = ap.parse_args()
    from indexer.analysis import fold
    from indexer.entities.knowledge import load_knowledge
    from indexer.search import SearchRequest, SearchService

    svc = SearchService(a.index_dir)

    def top(q: str) -> list[str]:
        return [h.id for h in svc.search(SearchRequest(q=q)).hits]

    typo = {"n": 0, "offered": 0, "top10": 0, "top1": 0, "top10_before": 0}
    other = {"n": 0, "offered": 0}
    examples = []
    for name in ("queries-dev2.jsonl", "queries-dev.jsonl"):
        for line in open(SHARED / "eval" / name, encoding="utf-8"):
            q = json.loads(line)
            rel = {q["target"], *q.get("also_relevant", [])}
            dym = svc.search(SearchRequest(q=q["query"])).did_you_mean
            if q["kind"] == "typo":
                typo["n"] += 1
                typo["top10_before"] += bool(rel & set(top(q["query"])))
                if dym:
                    typo["offered"] += 1
                    ids = top(dym)
                    typo["top10"] += bool(rel & set(ids))
                    typo["top1"] += bool(ids and ids[0] in rel)
                    examples.append(f"{q['query']!r} -> {dym!r}")
            else:
                other["n"] += 1
                if dym:
                    other["offered"] += 1
                    examples.append(f"(not a typo) {q['query']!r} -> {dym!r}")
    vocab = svc._current().vocab
    k = load_knowledge()
    pool = sorted(n for n in k.people if all(fold(w) not in vocab for w in n.split()) and n.isascii())
    pool += sorted(t for t in k.titles if " " in t and all(w not in vocab for w in t.split()) and t.isascii()
                   and t.replace(" ", "").isalpha())
    names = random.Random(5).sample(pool, min(a.names, len(pool)))
    rewritten = []
    for n in names:
        dym = svc.search(SearchRequest(q=n)).did_you_mean
        if dym:
            rewritten.append(f"{n!r} -> {dym!r}")
    print(f"typo queries: {typo['n']}; suggestion offered for {typo['offered']}; the suggested query has the target "
          f"in the top 10 for {typo['top10']} (rank 1: {typo['top1']}); the typed query already had it for "
          f"{typo['top10_before']}")
    print(f"queries without a typo: {other['n']}; needless suggestions: {other['offered']}")
    print(f"names absent from the index: {len(names)}; rewritten into something else: {len(rewritten)} "
          f"({len(rewritten) / max(1, len(names)):.1%})")
    for e in examples + rewritten[:15]:
        print("  ", e)


if __name__ == "__main__":
    main()
