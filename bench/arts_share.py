#!/usr/bin/env python3
"""How well the share of music and screen words tells an arts article from the rest, on the BBC corpus's sections.

    python bench/arts_share.py [../shared/corpora/bbc/articles.jsonl]

The entity stages weigh listed titles less in a full article that is not about the arts. Whether an article is
about the arts is read from the share of its words that are topic words (cues.toml). This prints, for a range of
shares, the fraction of the corpus's entertainment articles and of its other sections (business, politics, sport,
tech) at or above it, and their difference (Youden's J): `decide.OFF_TOPIC_SHARE` is near the widest gap.
No entity labels are used.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from indexer.entities.evidence import arts_topic

SHARES = (0.005, 0.0075, 0.01, 0.0125, 0.015, 0.0175, 0.02, 0.025)


def main(path: Path) -> None:
    arts: list[float] = []
    other: list[float] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            text = f"{r['title']}\n\n{r['text']}"
            music, screen, _ = arts_topic(text)
            share = (music + screen) / max(1, text.count(" "))
            (arts if r.get("category") == "entertainment" else other).append(share)
    print(f"{len(arts)} entertainment articles, {len(other)} others")
    print("share   entertainment  others  J")
    for s in SHARES:
        a = sum(x >= s for x in arts) / len(arts)
        b = sum(x >= s for x in other) / len(other)
        print(f"{s:<7} {a:>13.3f}  {b:>6.3f}  {a - b:.3f}")


if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "shared" / "corpora" / "bbc" / "articles.jsonl")
