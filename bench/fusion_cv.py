#!/usr/bin/env python3
"""Five-fold cross-validation of the fusion weights on the dev query sets (dev2 and dev pooled).

    python bench/fusion_cv.py --index-dir HOME      # an index of BBC + HuffPost + seed built with --vectors

For every query and title share (the weight of the title's own vector in an article's vector), the candidates the
search service fuses (best lexical matches and nearest vectors) are gathered once with their BM25, coverage and
cosine; then for each fold the title share and the fusion weights are chosen on the other four folds from a grid and
scored on the held-out one. Prints the held-out MRR@10 per set and kind, and what each fold chose.
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
GRID = list(itertools.product([0.0, 0.05, 0.1, 0.15, 0.2, 0.3], [0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0]))


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
    by_share = gather(a.index_dir, SHARES)
    grid = [(share, lexical, coverage) for share in SHARES for lexical, coverage in GRID]
    order = list(range(len(by_share[SHARES[0]])))
    random.Random(1).shuffle(order)
    folds = [order[i::a.folds] for i in range(a.folds)]

    def total(params, ids):
        rows = by_share[params[0]]
        return sum(rr(ranked(rows[i], *params[1:]), rows[i]["rel"]) for i in ids)

    for params in [(s, 0.05, 0.5) for s in SHARES]:
        print(f"title share {params[0]}, lexical 0.05, coverage 0.5, on all queries:", report(
            [(by_share[params[0]][i], rr(ranked(by_share[params[0]][i], *params[1:]), by_share[params[0]][i]["rel"]))
             for i in order]))
    held: list[tuple[dict, float]] = []
    for k, fold in enumerate(folds):
        train = [i for j, f in enumerate(folds) if j != k for i in f]
        best = max(grid, key=lambda p: total(p, train))
        print(f"fold {k}: title share {best[0]}, lexical {best[1]}, coverage {best[2]}")
        rows = by_share[best[0]]
        held += [(rows[i], rr(ranked(rows[i], *best[1:]), rows[i]["rel"])) for i in fold]
    print("held out:", report(held))


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
