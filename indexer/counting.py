"""Per-document facts as arrays (numpy), and counting and ranking over them: facet and month counts for any result
set, story keys, and, for the queries that match a good share of a big index, one article per story and the top
BM25F scores (smaller sets are counted in Python, which is faster there; both give the same answers)."""
from __future__ import annotations

import numpy as np

from .docset import DocSet, as_array

#: From this many documents on, counting and ranking go through numpy.
LARGE_SET = 5000


class KeyTable:
    """Which keys (facet values, months) each document carries, as compressed rows: the key numbers of document d
    are key[start[d]:start[d + 1]]. A million documents cost a few arrays, not a million Python lists."""

    def __init__(self, names: list[str], docs: np.ndarray, keys: np.ndarray, n: int):
        """A table from (document, key number) pairs in any order; names[k] is key number k."""
        order = np.argsort(docs, kind="stable")
        self.keys = names
        self.key = keys[order].astype(np.int32)
        self.start = np.searchsorted(docs[order], np.arange(n + 1)).astype(np.int64)
        self.n = n
        self._key_index: dict[str, int] | None = None  # key -> key number, made on first use

    @classmethod
    def from_per_doc(cls, per_doc: list, n: int) -> "KeyTable":
        """A table from each document's key, list of keys or None."""
        index: dict[str, int] = {}
        docs: list[int] = []
        keys: list[int] = []
        for d, values in enumerate(per_doc):
            if values is None:
                continue
            for v in ([values] if isinstance(values, str) else values):
                docs.append(d)
                keys.append(index.setdefault(v, len(index)))
        return cls(list(index), np.array(docs, dtype=np.int64), np.array(keys, dtype=np.int64), n)

    def _bincount(self, docs) -> np.ndarray | None:
        """Each key number's count of documents among docs, or None when none has a key."""
        if not len(self.keys) or not len(docs):
            return None
        d = docs if isinstance(docs, np.ndarray) else as_array(docs)
        first, lengths = self.start[d], self.start[d + 1] - self.start[d]
        total = int(lengths.sum())
        if not total:
            return None
        # the positions first[i] .. first[i] + lengths[i] - 1 of every document, in one array
        offsets = np.repeat(first - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        return np.bincount(self.key[offsets], minlength=len(self.keys))

    def counts(self, docs) -> dict[str, int]:
        """Each key's number of documents among docs (keys with none left out)."""
        c = self._bincount(docs)
        if c is None:
            return {}
        nz = np.nonzero(c)[0]
        return {self.keys[i]: int(c[i]) for i in nz}

    def top(self, docs, limit: int, also: list[str] = ()) -> list[tuple[str, int]]:
        """The `limit` keys most common among docs, most first (ties: the key first met first), then the keys of
        `also` not among them with their counts (0 if none): a facet's rows, without counting every key into a
        dictionary (a person facet over a hundred thousand articles holds tens of thousands of names)."""
        c = self._bincount(docs)
        if c is None:
            return [(k, 0) for k in dict.fromkeys(also)]
        nz = np.flatnonzero(c)
        if len(nz) > limit:
            cut = np.partition(c[nz], len(nz) - limit)[len(nz) - limit]  # the limit-th largest count
            nz = nz[c[nz] >= cut]
        order = nz[np.lexsort((nz, -c[nz]))][:limit]
        out = [(self.keys[i], int(c[i])) for i in order.tolist()]
        if also:
            index = self._index()
            shown = {k for k, _ in out}
            out += [(k, int(c[index[k]]) if k in index else 0) for k in dict.fromkeys(also) if k not in shown]
        return out

    def _index(self) -> dict[str, int]:
        if self._key_index is None:
            self._key_index = {k: i for i, k in enumerate(self.keys)}
        return self._key_index

    def of(self, d: int) -> list[str]:
        """The keys of one document."""
        return [self.keys[k] for k in self.key[self.start[d]:self.start[d + 1]].tolist()]


def story_roots(keyings: list[tuple[np.ndarray, np.ndarray]], n: int) -> np.ndarray:
    """Each document's story: documents sharing a key under any keying (key array, mask of the documents that have
    one) are one story, named by its smallest document number; a document with no match is its own story."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for keys, has in keyings:
        idx = np.flatnonzero(has)
        order = np.argsort(keys[idx], kind="stable")
        k, d = keys[idx][order], idx[order]
        same = np.flatnonzero(k[1:] == k[:-1])
        for a, b in zip(d[same].tolist(), d[same + 1].tolist()):  # few: the duplicates only
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    story = np.arange(n, dtype=np.int64)
    for x in list(parent):
        story[x] = root(x)
    return story


def stories(docs, rep: np.ndarray, n: int) -> DocSet:
    """One document per story: a story's first document when it is among docs, else its first one that is."""
    arr = DocSet.of(docs).arr
    mask = np.zeros(n, dtype=bool)
    mask[arr] = True
    keep = rep[arr] == arr
    orphans = np.flatnonzero(~keep & ~mask[rep[arr]])  # copies whose story's first document is not among docs
    _, pick = np.unique(rep[arr[orphans]], return_index=True)  # the smallest of them per story (arr is sorted)
    keep[orphans[pick]] = True
    return DocSet(arr[keep])


def top_scores(words: dict[str, float], arrays, docs, n: int, limit: int, order: np.ndarray) -> list[tuple[int, float]]:
    """The `limit` best (document, BM25F score) among docs: summed word by word over dense arrays, equal scores
    newer first (order: a document's date ordinal)."""
    total = np.zeros(n, dtype=np.float64)
    for word, boost in words.items():
        ids, vals = arrays(word)
        total[ids] += vals * boost
    cand = as_array(docs)
    scores = np.round(total[cand], 6)
    if len(cand) > limit:
        keep = np.argpartition(-scores, limit - 1)[:limit]
        threshold = scores[keep].min()
        keep = np.nonzero(scores >= threshold)[0]  # every tie at the cut competes on date
        cand, scores = cand[keep], scores[keep]
    ranked = np.lexsort((-order[cand], -scores))[:limit]
    return [(int(cand[i]), float(total[cand[i]])) for i in ranked]
