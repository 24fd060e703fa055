"""Lexical scoring: BM25F over title and body, one word at a time, with per-word score maps kept in a bounded
cache. Knows the Whoosh reader it scores from and nothing of queries' syntax, pages or HTTP."""
from __future__ import annotations

import math
from collections import defaultdict

from whoosh import query as Q

from .schema import TEXT_FIELDS

BM25_K1, BM25_B = 1.2, 0.3  # BM25F saturation; light length normalisation: 20-word teasers beside 400-word articles
TERM_SCORE_CACHE = 1_500_000  # per-word score maps kept for ranking (1.5 M document scores: ~140 MB measured)


def query_words(*queries: Q.Query) -> dict[str, float]:
    """Each word of the queries, outside exclusions, with its weight: a phrase's words at full weight, a typo's
    correction at its boost (the field does not matter: BM25F scores a word over title and body together)."""
    words: dict[str, float] = {}
    for q in queries:
        for leaf in (q.a if isinstance(q, Q.AndNot) else q).leaves():
            weighted = [(w, 1.0) for w in leaf.words] if isinstance(leaf, Q.Phrase) else [(leaf.text, leaf.boost)]
            for w, b in weighted:
                words[w] = max(words.get(w, 0.0), b)
    return words


class LexicalScorer:
    """BM25F scores of documents for weighted words, over one index generation's reader."""

    def __init__(self, reader, cache_limit: int = TERM_SCORE_CACHE):
        self.reader = reader
        self.cache: dict[str, dict[int, float]] = {}  # BM25F scores of recently ranked words
        self.arrays: dict[str, tuple] = {}  # the same as (document ids, scores) arrays, for large result sets
        self.cached = 0
        self.cache_limit = cache_limit

    def scores(self, words: dict[str, float], docs) -> dict[int, float]:
        """BM25F scores of a set of documents for the query's words (a phrase counts by its words, the set
        already holding only articles that have it), from cached per-word score maps."""
        score = dict.fromkeys(docs, 0.0)
        for t, b in words.items():
            m = self.word(t)
            if len(m) < len(score):
                for d, x in m.items():
                    if d in score:
                        score[d] += x * b
            else:
                for d in score:
                    score[d] += m.get(d, 0.0) * b
        return score

    def word_arrays(self, text: str) -> tuple:
        """One word's scores as numpy arrays (document ids, scores), kept while its score map is."""
        got = self.arrays.get(text)
        if got is None or text not in self.cache:
            import numpy as np

            m = self.word(text)
            got = self.arrays[text] = (np.fromiter(m.keys(), dtype=np.int64, count=len(m)),
                                       np.fromiter(m.values(), dtype=np.float64, count=len(m)))
        return got

    def word(self, text: str) -> dict[int, float]:
        """BM25F of one word in every article that has it: title and body frequencies (the title's counted
        TITLE_BOOST times), each normalised by its field's length, are added before saturating once, with one
        IDF over the articles that have the word in either field."""
        got = self.cache.get(text)
        if got is None:
            reader = self.reader
            n, dl = max(1, reader.doc_count_all()), reader.doc_field_length
            tf: dict[int, float] = defaultdict(float)
            for f in TEXT_FIELDS:
                if (f, text) not in reader:
                    continue
                avg = (reader.field_length(f) or 0) / n or 1.0
                m = reader.postings(f, text)
                while m.is_active():
                    d = m.id()
                    tf[d] += m.weight() / (1 - BM25_B + BM25_B * (dl(d, f) or avg) / avg)
                    m.next()
            df = len(tf)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            got = {d: idf * x * (BM25_K1 + 1) / (x + BM25_K1) for d, x in tf.items()}
            if self.cached + len(got) > self.cache_limit:
                self.cache.clear()
                self.arrays.clear()
                self.cached = 0
            self.cache[text] = got
            self.cached += len(got)
        return got
