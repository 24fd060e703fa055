#!/usr/bin/env python3
"""Five-fold cross-validation of the fusion weights on the dev query sets (dev2 and dev pooled).

    python bench/fusion_cv.py --index-dir HOME      # an index of BBC + HuffPost + seed built with --vectors

For every query, the candidates the search service fuses (best lexical matches and nearest vectors) are gathered
once with their BM25, coverage and cosine; then for each fold the weights are chosen on the other four folds from a
grid and scored on the held-out one. Prints the held-out MRR@10 per set and kind, and the weights each fold chose.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARQUEE_SHARED", ROOT.parent / "shared"))
GRID = list(itertools.product([0.0, 0.05, 0.1, 0.15, 0.2, 0.3], [0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0]))


def gather(home: str) -> list[dict]:
    import numpy as np

    from indexer import vectors
    from indexer.lexical import query_words
    from indexer.query import parse
    from indexer.search import FUSION_DEPTH, SearchRequest, SearchService

    svc = SearchService(home)
    st = svc._current()
    rows = []
    for name in ("queries-dev2.jsonl", "queries-dev.jsonl"):
        for line in open(SHARED / "eval" / name, encoding="utf-8"):
            q = json.loads(line)
            pq = parse(q["query"])
            lexical = [h.id for h in svc.search(SearchRequest(q=q["query"], per_page=10)).hits]
            row = {"set": name, "kind": q["kind"], "rel": [q["target"], *q.get("also_relevant", [])],
                   "phrase": bool(pq.phrases), "lexical": lexical, "cands": []}
            if not pq.phrases and pq.words:
                parts = svc._compile(st, pq)[4]
                sets = [svc._docset(st, p) for p in parts]
                count = Counter()
                for docs in sets:
                    count.update(docs)
                words = query_words(*parts)
                score = st.lexical.scores(words, list(count))
                pool = sorted(score, key=lambda d: (-count[d], -score[d]))[:FUSION_DEPTH]
                pool += sorted(score, key=lambda d: -score[d])[:FUSION_DEPTH]
                cos = st.vectors @ vectors.embedder(threads=1).embed([" ".join(pq.words)])[0]
                pool += [int(d) for d in np.argsort(-cos)[:FUSION_DEPTH] if int(d) in st.live]
                pool = list(dict.fromkeys(pool))
                score.update(st.lexical.scores(words, [d for d in pool if d not in score]))
                idf = [math.log(1 + len(st.live) / (1 + len(docs))) for docs in sets]
                for d in pool:
                    cov = sum(w for docs, w in zip(sets, idf) if d in docs) / (sum(idf) or 1.0)
                    row["cands"].append([svc._doc_id(st, d), score.get(d, 0.0), cov, float(cos[d])])
            rows.append(row)
    return rows


def ranked(row: dict, lexical: float, coverage: float) -> list[str]:
    from indexer.fusion import Candidate, fuse

    if row["phrase"] or not row["cands"]:
        return row["lexical"]
    cands = [Candidate(i, b, c, s) for i, b, c, s in row["cands"]]
    return [c.doc for c in fuse(cands, lexical, coverage)]


def rr(ids: list[str], rel: list[str]) -> float:
    return next((1 / k for k, i in enumerate(ids[:10], 1) if i in rel), 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index-dir", required=True)
    ap.add_argument("--folds", type=int, default=5)
    a = ap.parse_args()
    rows = gather(a.index_dir)
    random.Random(1).shuffle(rows)
    folds = [rows[i::a.folds] for i in range(a.folds)]
    held: list[tuple[dict, float]] = []
    for k, fold in enumerate(folds):
        train = [r for j, f in enumerate(folds) if j != k for r in f]
        best = max(GRID, key=lambda p: sum(rr(ranked(r, *p), r["rel"]) for r in train))
        print(f"fold {k}: lexical {best[0]}, coverage {best[1]}")
        held += [(r, rr(ranked(r, *best), r["rel"])) for r in fold]
    for name in ("queries-dev2.jsonl", "queries-dev.jsonl"):
        mine = [(r, x) for r, x in held if r["set"] == name]
        kinds = sorted({r["kind"] for r, _ in mine})
        per = {k: round(sum(x for r, x in mine if r["kind"] == k) / sum(r["kind"] == k for r, _ in mine), 3)
               for k in kinds}
        print(f"{name}: held-out MRR@10 {sum(x for _, x in mine) / len(mine):.3f} {per}")


if __name__ == "__main__":
    main()
