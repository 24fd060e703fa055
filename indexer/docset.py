"""A set of document numbers held as one sorted numpy array: what a query word, a filter or a result set matches.

A common word at a million articles matches a hundred thousand of them; as a Python set that costs megabytes and
milliseconds every time it is built, intersected or turned into an array for counting. Here intersections and unions
are array operations, counting reads the array as it is, and a membership test reads a mask (or, for a small set, a
Python set) made on first use.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np

#: Up to this many documents, membership is tested through a Python set; above it, through a boolean mask.
SMALL = 2048


class DocSet:
    """Document numbers, sorted and unique, immutable."""

    __slots__ = ("arr", "_lookup")

    def __init__(self, arr: np.ndarray):
        """arr must be sorted and unique (use DocSet.of for anything else)."""
        self.arr = arr
        self._lookup = None

    @classmethod
    def of(cls, docs: "DocSet | np.ndarray | Iterable[int]") -> "DocSet":
        """A DocSet from another, from an array, or from any iterable of document numbers."""
        if isinstance(docs, DocSet):
            return docs
        if isinstance(docs, np.ndarray):
            return cls(sorted_unique(docs.astype(np.int64, copy=False)))
        if not isinstance(docs, (set, frozenset, list, tuple)):
            docs = list(docs)
        return cls(sorted_unique(np.fromiter(docs, dtype=np.int64, count=len(docs))))

    @classmethod
    def from_mask(cls, mask: np.ndarray) -> "DocSet":
        """The documents whose entry is True; membership reads the mask itself."""
        out = cls(np.flatnonzero(mask).astype(np.int64))
        out._lookup = mask
        return out

    @classmethod
    def empty(cls) -> "DocSet":
        return cls(np.zeros(0, dtype=np.int64))

    @classmethod
    def union(cls, sets: Iterable["DocSet | set | frozenset"]) -> "DocSet":
        arrays = [as_array(s) for s in sets]
        if len(arrays) == 1:
            return cls.of(arrays[0])
        return cls(sorted_unique(np.concatenate(arrays))) if arrays else cls.empty()

    def __len__(self) -> int:
        return len(self.arr)

    def __bool__(self) -> bool:
        return len(self.arr) > 0

    def __iter__(self):
        return iter(self.arr.tolist())

    def __contains__(self, d) -> bool:
        look = self._lookup
        if look is None:
            if len(self.arr) <= SMALL:
                look = frozenset(self.arr.tolist())
            else:
                look = np.zeros(int(self.arr[-1]) + 1, dtype=bool)
                look[self.arr] = True
            self._lookup = look
        if isinstance(look, frozenset):
            return d in look
        return 0 <= d < len(look) and bool(look[d])

    def __and__(self, other) -> "DocSet":
        a, b = self.arr, as_array(other, sort=True)
        if len(a) > len(b):
            a, b = b, a
        if not len(a) or not len(b):
            return DocSet.empty()
        if len(a) * 32 < len(b):  # a few documents against many: look each up
            pos = np.minimum(np.searchsorted(b, a), len(b) - 1)
            return DocSet(a[b[pos] == a])
        return DocSet(np.intersect1d(a, b, assume_unique=True))

    __rand__ = __and__

    def __or__(self, other) -> "DocSet":
        return DocSet(np.union1d(self.arr, as_array(other, sort=True)))

    __ror__ = __or__

    def __sub__(self, other) -> "DocSet":
        b = as_array(other, sort=True)
        if not len(b) or not len(self.arr):
            return self
        pos = np.minimum(np.searchsorted(b, self.arr), len(b) - 1)
        return DocSet(self.arr[b[pos] != self.arr])

    def __eq__(self, other) -> bool:
        if isinstance(other, (DocSet, set, frozenset)):
            b = as_array(other, sort=True)
            return len(b) == len(self.arr) and bool(np.array_equal(b, self.arr))
        return NotImplemented

    __hash__ = None  # mutable-looking containers are not hashed; DocSets are compared by content

    def within(self, mask: np.ndarray) -> "DocSet":
        """The documents whose mask entry is True (the live ones, say)."""
        return DocSet(self.arr[mask[self.arr]]) if len(self.arr) else self

    def __repr__(self) -> str:
        return f"DocSet({len(self.arr)} documents)"


def sorted_unique(arr: np.ndarray) -> np.ndarray:
    """arr sorted without repeats; as it is when it already is (a posting list is)."""
    if len(arr) < 2 or bool((arr[1:] > arr[:-1]).all()):
        return arr
    arr = np.sort(arr)
    keep = np.empty(len(arr), dtype=bool)
    keep[0] = True
    np.not_equal(arr[1:], arr[:-1], out=keep[1:])
    return arr[keep]


def as_array(docs, sort: bool = False) -> np.ndarray:
    """Document numbers as an int64 array (a DocSet's own array, sorted; anything else in its order, or sorted)."""
    if isinstance(docs, DocSet):
        return docs.arr
    if isinstance(docs, np.ndarray):
        arr = docs.astype(np.int64, copy=False)
    else:
        arr = np.fromiter(docs, dtype=np.int64, count=len(docs))
    return np.sort(arr) if sort else arr
