"""Fusion of the lexical and the semantic signal into one ranking, as a pure function over candidates.

score = cosine  +  COVERAGE * the share of the query's IDF the article has  +  LEXICAL * bm25 / best bm25

The cosine lifts articles that say the same thing in other words, the coverage term keeps exact-word matches
(names, headline words) on top, and BM25 orders what the two leave tied. The cosine is used as it is, not rescaled
over the candidates: a query whose candidates all sit within a few hundredths of each other would otherwise have
those hundredths stretched to the full scale and outweigh its word matches. Weights chosen on the dev query sets,
reported by repeated five-fold cross-validation (docs/relevance.md).
"""
from __future__ import annotations

from dataclasses import dataclass

COVERAGE = 0.2
LEXICAL = 0.05


@dataclass
class Candidate:
    """One article competing for the top of the ranking."""

    doc: int
    bm25: float  # over the query's words (0 when it has none)
    coverage: float  # share of the query's IDF it has, 0..1
    cosine: float  # query vector . article vector


def fuse(cands: list[Candidate], coverage: float = COVERAGE, lexical: float = LEXICAL) -> list[Candidate]:
    """The candidates, best first (ties: the order given, which is the lexical one)."""
    if not cands:
        return []
    best = max(c.bm25 for c in cands) or 1.0
    scored = [(c.cosine + coverage * c.coverage + lexical * c.bm25 / best, -k, c) for k, c in enumerate(cands)]
    scored.sort(key=lambda e: (-e[0], -e[1]))
    return [c for *_, c in scored]
