"""Lexical scoring: BM25F over title and body, one word at a time, with per-word score maps kept in a bounded
cache. Knows the Whoosh reader it scores from and nothing of queries' syntax, pages or HTTP."""
from __future__ import annotations

import io
import math
import pickle
import struct
import zlib

from whoosh import query as Q

from .docset import as_array
from .schema import TEXT_FIELDS

_INT = struct.Struct("!i")  # Whoosh's block length prefix
BM25_K1, BM25_B = 1.2, 0.3  # BM25F saturation; light length normalisation: 20-word teasers beside 400-word articles
TERM_SCORE_CACHE = 6_000_000  # document scores kept for ranking, as arrays (16 bytes each: at most ~96 MB)


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
        self.arrays: dict[str, tuple] = {}  # recently ranked words' BM25F scores: (document ids in order, scores)
        self.cached = 0
        self.cache_limit = cache_limit
        self._length_arrays: dict[tuple, object] = {}  # (segment, field) -> every document's length

    def scores(self, words: dict[str, float], docs) -> dict[int, float]:
        """BM25F scores of a set of documents for the query's words (a phrase counts by its words, the set
        already holding only articles that have it), from cached per-word score arrays."""
        import numpy as np

        d = as_array(docs)
        total = np.zeros(len(d), dtype=np.float64)
        for t, b in words.items():
            ids, vals = self.word_arrays(t)
            if not len(ids) or not len(d):
                continue
            pos = np.minimum(np.searchsorted(ids, d), len(ids) - 1)
            hit = ids[pos] == d
            total[hit] += vals[pos[hit]] * b
        return dict(zip(d.tolist(), total.tolist()))

    def word_arrays(self, text: str) -> tuple:
        """BM25F of one word in every article that has it, as arrays (document ids in order, scores): title and
        body frequencies (the title's counted TITLE_BOOST times), each normalised by its field's length, are added
        before saturating once, with one IDF over the articles that have the word in either field. Worked out on
        the postings' arrays, block by block (a common word at a million articles has a hundred thousand
        postings), and kept in a cache bounded by the scores it holds."""
        got = self.arrays.get(text)
        if got is None:
            got = self._word_scores(text)
            if self.cached + len(got[0]) > self.cache_limit:
                self.arrays.clear()
                self.cached = 0
            self.arrays[text] = got
            self.cached += len(got[0])
        return got

    def word(self, text: str) -> dict[int, float]:
        """One word's BM25F scores as a map from document to score."""
        ids, scores = self.word_arrays(text)
        return dict(zip(ids.tolist(), scores.tolist()))

    def _word_scores(self, text: str):
        import numpy as np

        reader = self.reader
        n = max(1, reader.doc_count_all())
        ids_parts, tf_parts = [], []
        for f in TEXT_FIELDS:
            avg = (reader.field_length(f) or 0) / n or 1.0
            for seg, offset in reader.leaf_readers():
                if (f, text) not in seg:
                    continue
                ids, weights = postings_arrays(seg, f, text)
                lengths = self._lengths(seg, f)[ids] if len(ids) else np.zeros(0)
                lengths = np.where(lengths > 0, lengths, avg)
                ids_parts.append(ids + offset)
                tf_parts.append(weights / (1 - BM25_B + BM25_B * lengths / avg))
        if not ids_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        ids, inverse = np.unique(np.concatenate(ids_parts), return_inverse=True)
        tf = np.bincount(inverse, weights=np.concatenate(tf_parts), minlength=len(ids))
        df = len(ids)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return ids, idf * tf * (BM25_K1 + 1) / (tf + BM25_K1)

    def _lengths(self, seg, field: str):
        """Every document's length in a field of one segment, as an array (0 where none is kept)."""
        key = (id(seg), field)
        got = self._length_arrays.get(key)
        if got is None:
            import numpy as np

            count = seg.doc_count_all()
            perdoc = seg._perdoc
            got = perdoc.length_array(field) if hasattr(perdoc, "length_array") else None
            if got is None:  # another codec: ask document by document
                got = np.array([seg.doc_field_length(d, field) or 0 for d in range(count)], dtype=np.float64)
            if len(got) < count:
                got = np.concatenate([got, np.zeros(count - len(got))])
            self._length_arrays[key] = got
        return got


def postings_arrays(seg, field: str, text: str):
    """(document numbers, weights) of one term's postings in one segment as numpy arrays, read a block at a time
    from Whoosh's W3 postings (deleted documents left out)."""
    import numpy as np
    from whoosh.codec.whoosh3 import W3LeafMatcher

    btext = seg._text_to_bytes(field, text)
    m = seg._terms.matcher(field, btext, seg.schema[field].format)
    ids_parts, w_parts = [], []
    if isinstance(m, W3LeafMatcher):
        # the term's postings in one read, then block by block: [length (negative: the last block)]
        # [pickled info: count, max id, max weight, compression, min and max length] [pickled data: ids, weights...]
        extent = m._length[0] if isinstance(m._length, tuple) else m._length  # (W3 keeps it in a 1-tuple)
        buf = io.BytesIO(m._postfile.get(m._baseoffset, m._startoffset + extent - m._baseoffset))
        raw_ids: list = []
        weights: list = []
        sizes: list[int] = []
        last = False
        while not last:
            start = buf.tell()
            (size,) = _INT.unpack(buf.read(4))
            last, size = size < 0, abs(size)
            count, _, _, compressed, _, _ = pickle.load(buf)
            raw = buf.read(start + 4 + size - buf.tell())
            block_ids, block_w = pickle.loads(zlib.decompress(raw) if compressed else raw)[:2]
            raw_ids.extend(block_ids)
            sizes.append(count)
            if block_w is None or isinstance(block_w, float):
                weights.extend([1.0 if block_w is None else block_w] * count)
            else:
                weights.extend(block_w)
        ids = np.array(raw_ids, dtype=np.int64)
        if not m._byteids and len(ids):  # each block's ids are gaps from the block's start
            total = np.cumsum(ids)
            ends = np.cumsum(sizes)
            before = np.concatenate([[0], total[ends[:-1] - 1]])
            ids = total - np.repeat(before, sizes)
        ids_parts.append(ids)
        w_parts.append(np.array(weights, dtype=np.float64))
    else:  # a term with one posting, inlined in the terms file
        got_ids, got_w = [], []
        while m.is_active():
            got_ids.append(m.id())
            got_w.append(m.weight())
            m.next()
        ids_parts.append(np.array(got_ids, dtype=np.int64))
        w_parts.append(np.array(got_w, dtype=np.float64))
    ids, weights = np.concatenate(ids_parts), np.concatenate(w_parts)
    deleted = seg.deleted_docs_set if seg.has_deletions() else None
    if deleted:
        keep = ~np.isin(ids, np.fromiter(deleted, dtype=np.int64, count=len(deleted)))
        ids, weights = ids[keep], weights[keep]
    return ids, weights


def term_docs(reader, field: str, text: str):
    """Every document number (index-wide, deleted ones left out) holding a term, as a numpy array."""
    import numpy as np

    parts = [postings_arrays(seg, field, text)[0] + offset
             for seg, offset in reader.leaf_readers() if (field, text) in seg]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
