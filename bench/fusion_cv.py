#!/usr/bin/env python3
"""Repeated five-fold cross-validation of the fusion weights on the dev query sets (dev2 and dev pooled).

    python bench/fusion_cv.py --index-dir HOME      # an index of BBC + HuffPost + seed built with --vectors

For every query and title share (the weight of the title's own vector in an article's vector), the candidates the
search service fuses (best lexical matches and nearest vectors) are gathered once with their BM25, coverage and
cosine; then for each fold the title share and the fusion weights are chosen on the other four folds from a grid and
scored on the held-out one. With 140 queries one split into folds is a noisy estimate (a few queries move it by a
point), so the split is repeated with different shuffles: prints the held-out MRR@10 per set and kind averaged over
the repeats, their range, and what the folds of the first split chose.
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
SHARES = [0.0, 0.2, 0.35, 0.5]
GRID = list(itertools.product([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4], [0.0, 0.01, 0.02, 0.03, 0.05]))  # coverage, lexical


def gather(home: str, shares: list[float]) -> dict[float, list[dict]]:
    """For each title share, every dev query's fusion candidates as the search service would gather them."""
    import numpy as np

    from indexer import vectors
    from indexer.lexical import query_words
    from indexer.query import parse
    from indexer.search import FUSION_DEPTH, SearchRequest, SearchService

    svc = SearchService(home)
    st = svc._current()
    reader = st.searcher.reader()
    fields = [reader.stored_fields(d) if d in st.live else {} for d in range(reader.doc_count_all())]
    store = vectors.VectorStore(Path(home) / vectors.VECTORS_FOLDER)
    titles, bodies = [f.get("title") for f in fields], [f.get("body") for f in fields]
    mixed = {share: (store.articles([f.get("hash") for f in fields], titles, share),
                     store.passages(titles, bodies, share)) for share in shares}
    emb = vectors.embedder(threads=1)
    out: dict[float, list[dict]] = {share: [] for share in shares}
    for name in ("queries-dev2.jsonl", "queries-dev.jsonl"):
        for line in open(SHARED / "eval" / name, encoding="utf-8"):
            q = json.loads(line)
            pq = parse(q["query"])
            lexical = [h.id for h in svc.search(SearchRequest(q=q["query"], per_page=10)).hits]
            base = {"set": name, "kind": q["kind"], "rel": [q["target"], *q.get("also_relevant", [])],
                    "phrase": bool(pq.phrases), "lexical": lexical}
            if pq.phrases or not pq.words:
                for share in shares:
                    out[share].append({**base, "cands": []})
                continue
            parts = svc._compile(st, pq)[4]
            sets = [svc._docset(st, p) for p in parts]
            count = Counter()
            for docs in sets:
                count.update(docs)
            words = query_words(*parts)
            lex_score = st.lexical.scores(words, list(count))
            lex_pool = sorted(lex_score, key=lambda d: (-count[d], -lex_score[d]))[:FUSION_DEPTH]
            lex_pool += sorted(lex_score, key=lambda d: -lex_score[d])[:FUSION_DEPTH]
            qv = emb.embed([" ".join(pq.words)])[0]
            idf = [math.log(1 + len(st.live) / (1 + len(docs))) for docs in sets]
            for share in shares:
                cos = vectors.cosines(qv, *mixed[share])
                pool = lex_pool + [int(d) for d in np.argsort(-cos)[:FUSION_DEPTH] if int(d) in st.live]
                pool = list(dict.fromkeys(pool))
                score = dict(lex_score)
                score.update(st.lexical.scores(words, [d for d in pool if d not in score]))
                cands = []
                for d in pool:
                    cov = sum(w for docs, w in zip(sets, idf) if d in docs) / (sum(idf) or 1.0)
                    cands.append([svc._doc_id(st, d), score.get(d, 0.0), cov, float(cos[d])])
                out[share].append({**base, "cands": cands})
    return out


def ranked(row: dict, coverage: float, lexical: float) -> list[str]:
    from indexer.fusion import Candidate, fuse

    if row["phrase"] or not row["cands"]:
        return row["lexical"]
    cands = [Candidate(i, b, c, s) for i, b, c, s in row["cands"]]
    return [c.doc for c in fuse(cands, coverage, lexical)]


def rr(ids: list[str], rel: list[str]) -> float:
    return next((1 / k for k, i in enumerate(ids[:10], 1) if i in rel), 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index-dir", required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=20, help="splits into folds, each from its own shuffle")
    a = ap.parse_args()
    from indexer.fusion import COVERAGE, LEXICAL
    from indexer.vectors import TITLE_SHARE

    by_share = gather(a.index_dir, SHARES)
    grid = [(share, coverage, lexical) for share in SHARES for coverage, lexical in GRID]
    n = len(by_share[SHARES[0]])
    cache: dict[tuple, float] = {}

    def score(params, i):
        if (params, i) not in cache:
            row = by_share[params[0]][i]
            cache[params, i] = rr(ranked(row, *params[1:]), row["rel"])
        return cache[params, i]

    shipped = (TITLE_SHARE, COVERAGE, LEXICAL)
    print(f"shipped (title share {shipped[0]}, coverage {shipped[1]}, lexical {shipped[2]}) on all queries:",
          report([(by_share[shipped[0]][i], score(shipped, i)) for i in range(n)]))
    rows = by_share[SHARES[0]]  # a query's set and kind, the same under every share
    runs: list[dict[int, float]] = []  # per split: each query's held-out reciprocal rank
    for repeat in range(a.repeats):
        order = list(range(n))
        random.Random(1 + repeat).shuffle(order)
        folds = [order[i::a.folds] for i in range(a.folds)]
        held: dict[int, float] = {}
        for k, fold in enumerate(folds):
            train = [i for j, f in enumerate(folds) if j != k for i in f]
            best = max(grid, key=lambda p: sum(score(p, i) for i in train))
            if repeat == 0:
                print(f"split 1, fold {k}: title share {best[0]}, coverage {best[1]}, lexical {best[2]}")
            held.update((i, score(best, i)) for i in fold)
        runs.append(held)
    print(f"held out, mean of {a.repeats} splits:",
          report([(rows[i], sum(run[i] for run in runs) / len(runs)) for i in range(n)]))
    for kind in (None, "paraphrase"):
        per_split = [_mrr([(rows[i], x) for i, x in run.items()], "queries-dev2.jsonl", kind) for run in runs]
        print(f"dev2 {kind or 'overall'} over the splits: {min(per_split):.3f} to {max(per_split):.3f}")


def _mrr(scored: list[tuple[dict, float]], name: str, kind: str | None = None) -> float:
    mine = [x for r, x in scored if r["set"] == name and (kind is None or r["kind"] == kind)]
    return sum(mine) / len(mine)


def report(scored: list[tuple[dict, float]]) -> str:
    """MRR@10 per query set, and per kind."""
    out = []
    for name in ("queries-dev2.jsonl", "queries-dev.jsonl"):
        mine = [(r, x) for r, x in scored if r["set"] == name]
        kinds = sorted({r["kind"] for r, _ in mine})
        per = {k: round(sum(x for r, x in mine if r["kind"] == k) / sum(r["kind"] == k for r, _ in mine), 3)
               for k in kinds}
        out.append(f"{name}: MRR@10 {sum(x for _, x in mine) / len(mine):.3f} {per}")
    return "\n  ".join(out)


if __name__ == "__main__":
    main()
