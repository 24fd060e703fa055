#!/usr/bin/env python3
"""Entity quality on the dev set: Marquee's extractor vs a plain capitalised-sequence baseline.

    python bench/entity_bench.py

Runs `marquee extract` over the corpora the dev set points into (BBC + the seed), scores both with
../shared/eval/entities_score.py and prints the scorer's lines. The baseline uses no NLTK, no first-name
list and no context: every run of 2-4 capitalised words is a person, every other capitalised run that
follows "the" or sits in quotes is a show.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARQUEE_SHARED", ROOT.parent / "shared"))
GOLD = SHARED / "eval" / "entities-dev.jsonl"
SCORER = SHARED / "eval" / "entities_score.py"
SOURCES = [SHARED / "corpora" / "bbc" / "articles.jsonl", SHARED / "seed"]
RUN = re.compile(r"[A-Z][\w'’-]*(?:[ :]+[A-Z][\w'’-]*)*")


def baseline(title: str, body: str) -> dict:
    text = f"{title}\n\n{body}"
    shows, persons = [], []
    for m in RUN.finditer(text):
        words = m.group().replace(":", " ").split()
        name = m.group().rstrip(":").removesuffix("'s").removesuffix("’s")
        before = text[max(0, m.start() - 4):m.start()]
        if 2 <= len(words) <= 4 and all(w.isalpha() for w in words):
            persons.append(name)
        elif before.endswith(("the ", "\"", "“", "'")):
            shows.append(name)
    return {"shows": sorted(set(shows)), "persons": sorted(set(persons))}


def score(pred_path: Path) -> str:
    out = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(pred_path)], capture_output=True, text=True)
    return out.stdout.strip()


def main() -> None:
    gold_ids = {json.loads(line)["id"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()}
    seed_id = next(p.stem for p in (SHARED / "seed").iterdir() if p.suffix == ".txt")
    alias = {seed_id: "seed-narcos"}  # the dev set names the seed article "seed-narcos"
    tmp = Path(tempfile.mkdtemp())
    ours = subprocess.run([sys.executable, "-m", "indexer.cli", "extract", *map(str, SOURCES), "--jsonl"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout
    with open(tmp / "ours.jsonl", "w", encoding="utf-8") as f:
        for line in ours.splitlines():
            rec = json.loads(line)
            rec["id"] = alias.get(rec["id"], rec["id"])
            if rec["id"] in gold_ids:
                f.write(json.dumps(rec) + "\n")
    sys.path.insert(0, str(ROOT))
    from indexer.article import Article
    from indexer.corpus import read_sources

    with open(tmp / "base.jsonl", "w", encoding="utf-8") as f:
        for a in read_sources(SOURCES):
            if isinstance(a, Article) and alias.get(a.id, a.id) in gold_ids:
                f.write(json.dumps({"id": alias.get(a.id, a.id), **baseline(a.title, a.body)}) + "\n")
    print("== marquee extract\n" + score(tmp / "ours.jsonl"))
    print("== baseline (capitalised sequences, no NLTK)\n" + score(tmp / "base.jsonl"))


if __name__ == "__main__":
    main()
