"""Fusion of the lexical and the semantic signal into one ranking, as a pure function over candidates.

score = LEXICAL * bm25 / best bm25  +  (1 - LEXICAL) * cosine rescaled to [0, 1] over the candidates
        + COVERAGE * the share of the query's IDF the article has

The coverage term keeps exact-word matches (names, headline words) on top, the cosine lifts articles that say
the same thing in other words, and BM25 orders what the two leave tied. Weights chosen on the dev query sets,
reported by five-fold cross-validation (docs/relevance.md).
"""
from __future__ import annotations

from dataclasses import dataclass

LEXICAL = 0.05
COVERAGE = 0.5


@dataclass
class Candidate:
    """One article competing for the top of the ranking."""

    doc: int
    bm25: float  # over the query's words (0 when it has none)
    coverage: float  # share of the query's IDF it has, 0..1
    cosine: float  # query vector . article vector


def fuse(cands: list[Candidate], lexical: float = LEXICAL, coverage: float = COVERAGE) -> list[Candidate]:
    """The candidates, best first (ties: the order given, which is the lexical one)."""
    if not cands:
        return []
    best = max(c.bm25 for c in cands) or 1.0
    lo = min(c.cosine for c in cands)
    span = (max(c.cosine for c in cands) - lo) or 1.0
    scored = [(lexical * c.bm25 / best + (1 - lexical) * (c.cosine - lo) / span + coverage * c.coverage, -k, c)
              for k, c in enumerate(cands)]
    scored.sort(key=lambda e: (-e[0], -e[1]))
    return [c for *_, c in scored]
