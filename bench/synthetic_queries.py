#!/usr/bin/env python3
"""A larger known-item query set, generated from the corpora, to check ranking beyond the 40 dev queries.

    python bench/synthetic_queries.py [--n 600] [--seed 11] > /tmp/synth.jsonl
    marquee search --queries /tmp/synth.jsonl --jsonl --index-dir IX > /tmp/run.jsonl
    python ../shared/eval/relevance_score.py /tmp/synth.jsonl /tmp/run.jsonl
    /tmp/peerbench/venv/bin/python bench/peer_relevance.py --queries /tmp/synth.jsonl

Each query targets one article of ../shared/corpora/bbc + huffpost and imitates a reader who half-remembers it:
  * words:   three of its moderately rare words (in 3 .. N/20 articles), in the article's order;
  * foreign: the same plus one word the article does not have (from another article's title), as a paraphrase
             brings in;
  * typo:    three of its words, one with two adjacent letters swapped.
Articles with identical text are listed as `also_relevant`, which the official scorer accepts.
Deterministic for a seed; never written into the repository (the corpora are not ours).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARQUEE_SHARED", ROOT.parent / "shared"))
CORPORA = {"bbc": SHARED / "corpora" / "bbc" / "articles.jsonl",
           "huffpost": SHARED / "corpora" / "huffpost" / "articles.jsonl"}
STOP = set("""a an and are as at be been but by for from had has have he her his i if in into is it its me my no not
of on or our she so than that the their them then there these they this those to was we were which while who whom
will with would you your said says also after over about more than just""".split())
WORD = re.compile(r"(?<![a-z'’])[a-z]{4,}(?![a-z'’])")  # whole words ("aren't" is no "aren")


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP]


def same_text(rec: dict) -> str:
    """Records with this value have the same text (duplicates a scorer should accept)."""
    return hashlib.sha1(rec["text"].strip().lower().encode()).hexdigest()


def typo(word: str, rnd: random.Random) -> str:
    i = rnd.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    recs = [(name, json.loads(line)) for name, p in CORPORA.items() for line in open(p, encoding="utf-8")]
    same: dict[str, list[str]] = defaultdict(list)
    for _, r in recs:
        same[same_text(r)].append(r["id"])
    df = Counter(w for _, r in recs for w in set(words(r["title"] + " " + r["text"])))
    rnd = random.Random(args.seed)
    kinds = ["words", "foreign", "typo"]
    out = 0
    while out < args.n:
        corpus, r = rnd.choice(recs)
        own = list(dict.fromkeys(words(r["title"] + " " + r["text"])))
        pick = [w for w in own if 3 <= df[w] <= len(recs) / 20]
        if len(pick) < 3:
            continue
        picked = sorted(rnd.sample(pick, 3), key=own.index)
        kind = kinds[out % 3]
        if kind == "foreign":
            other = [w for w in words(rnd.choice(recs)[1]["title"]) if w not in set(own) and df[w] > 3]
            if not other:
                continue
            picked.insert(rnd.randrange(4), rnd.choice(other))
        elif kind == "typo":
            k = rnd.randrange(3)
            if len(picked[k]) < 5:
                continue
            picked[k] = typo(picked[k], rnd)
        dups = [i for i in same[same_text(r)] if i != r["id"]]
        print(json.dumps({"qid": f"s{out:04d}", "query": " ".join(picked), "target": r["id"], "kind": kind,
                          "corpus": corpus, "also_relevant": dups}))
        out += 1


if __name__ == "__main__":
    sys.exit(main())
