#!/usr/bin/env python3
"""A scale proxy that behaves like news: N articles from the BBC, HuffPost and MIND texts in ../shared/corpora,
whose vocabulary keeps growing with N as real text does (Heaps' law), with dates spread over 25 years.

    python bench/scale_corpus.py N OUT.jsonl [--seed 7]
    python bench/scale_corpus.py --heaps            # the Heaps exponent of the real corpora and of the proxy

The first pass over the ~17,700 source articles copies them as they are. Every later copy of an article renames
some of its words: capitalised names (so extraction meets new shows and people) and long lower-case words, each to
a new but word-like spelling drawn from a pool that grows with the number of copies (Zipf-distributed, so old
spellings recur and new ones keep appearing). Copies of one corpus would repeat its vocabulary and understate how the
term dictionary grows. Writes to OUT only (a temp dir, never the repo).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import gzip
import json
import math
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARQUEE_SHARED", ROOT.parent / "shared"))
SOURCES = [SHARED / "corpora" / "bbc" / "articles.jsonl", SHARED / "corpora" / "huffpost" / "articles.jsonl",
           SHARED / "corpora" / "mind" / "articles.jsonl.gz"]
NAME_SHARE = 0.25  # of a copy's capitalised names, renamed
WORD_SHARE = 0.03  # of a copy's lower-case words of 7+ letters, renamed
POOL_PER_COPY = 4  # spellings a word can take grow by this many with every copy
SYLLABLES = ("ba be bi bo du fa fe ga go ha ka ke ki ko la le li lo lu ma me mi mo na ne ni no ra re ri ro sa se si "
             "ta te ti to va ve vi za zo").split()
_WORD = re.compile(r"[A-Za-z]{4,}")
FIRST_DAY = _dt.date(2000, 1, 1)


def sources() -> list[dict]:
    out = []
    for path in SOURCES:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            out += [json.loads(line) for line in f if line.strip()]
    return out


def respell(word: str, variant: int) -> str:
    """A word-like new spelling: the word's first half and two syllables picked by the variant."""
    keep = word[:max(2, len(word) // 2)]
    a, b = SYLLABLES[variant % len(SYLLABLES)], SYLLABLES[(variant // len(SYLLABLES)) % len(SYLLABLES)]
    tail = "" if variant < len(SYLLABLES) ** 2 else str(variant // len(SYLLABLES) ** 2)
    return keep + a + b + tail


def zipf_index(rng: random.Random, n: int) -> int:
    """An index in [0, n), small ones far likelier (Zipf s=1), drawn in O(1)."""
    return min(n - 1, int(math.exp(rng.random() * math.log(n + 1))) - 1)


def variant_of(rec: dict, copy: int, seed: int) -> dict:
    """Copy number `copy` of a source record (0: the record as it is)."""
    if copy == 0:
        return dict(rec)
    rng = random.Random(f"{seed}:{rec['id']}:{copy}")
    pool = POOL_PER_COPY * copy
    mapping: dict[str, str] = {}

    def sub(m: re.Match) -> str:
        w = m.group()
        if w not in mapping:
            share = NAME_SHARE if w[0].isupper() else (WORD_SHARE if len(w) >= 7 else 0.0)
            mapping[w] = respell(w, zipf_index(rng, pool)) if rng.random() < share else w
            if w[0].isupper() and mapping[w] != w:
                mapping[w] = mapping[w][0].upper() + mapping[w][1:]
        return mapping[w]

    out = dict(rec)
    out["title"] = _WORD.sub(sub, rec.get("title") or "")
    out["text"] = _WORD.sub(sub, rec.get("text") or rec.get("body") or "")
    return out


def generate(n: int, seed: int = 7):
    src = sources()
    rng = random.Random(seed)
    order = list(range(len(src)))
    rng.shuffle(order)
    for i in range(n):
        copy, k = divmod(i, len(src))
        rec = variant_of(src[order[k]], copy, seed)
        rec["id"] = f"{rec['id']}~{copy}" if copy else rec["id"]
        rec["date"] = (FIRST_DAY + _dt.timedelta(days=(i * 7919) % 9131)).isoformat()  # 25 years, spread
        yield rec


def heaps(records, checkpoints) -> list[tuple[int, int]]:
    """(articles read, distinct lower-cased words) at each checkpoint."""
    seen, out, n = set(), [], 0
    marks = iter(sorted(checkpoints))
    nxt = next(marks)
    for r in records:
        n += 1
        seen.update(w.lower() for w in _WORD.findall(f"{r.get('title') or ''} {r.get('text') or ''}"))
        if n == nxt:
            out.append((n, len(seen)))
            nxt = next(marks, None)
            if nxt is None:
                break
    return out


def exponent(points) -> float:
    """The slope of log V against log N (Heaps' beta), least squares."""
    xs, ys = [math.log(n) for n, _ in points], [math.log(v) for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int)
    ap.add_argument("out", nargs="?")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--heaps", action="store_true")
    a = ap.parse_args()
    if a.heaps:
        src = sources()
        random.Random(a.seed).shuffle(src)
        real = heaps(src, [500, 1000, 2000, 4000, 8000, 16000, len(src)])
        proxy = heaps(generate(300_000, a.seed), [1000, 4000, 16000, 50000, 100000, 200000, 300000])
        print(f"real (BBC + HuffPost + MIND, {len(src):,} articles): beta {exponent(real):.3f}  {real}")
        print(f"proxy to 300,000 articles: beta {exponent(proxy):.3f}  {proxy}")
        print(f"proxy past the real corpora (17k-300k): beta {exponent([p for p in proxy if p[0] >= 16000]):.3f}")
        return
    if not a.n or not a.out:
        ap.error("N and OUT are needed (or --heaps)")
    if Path(a.out).resolve().is_relative_to(ROOT):
        sys.exit("error: write the proxy outside the repository (a temp dir)")
    with open(a.out, "w", encoding="utf-8") as f:
        for rec in generate(a.n, a.seed):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
