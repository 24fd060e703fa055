"""DocSet: set algebra over sorted arrays gives what Python sets give, for small and large sets alike."""
import random

import numpy as np
import pytest

from indexer.docset import SMALL, DocSet, as_array


def sets(seed: int, sizes: tuple[int, int], universe: int):
    rnd = random.Random(seed)
    return [set(rnd.sample(range(universe), k)) for k in sizes]


@pytest.mark.parametrize("sizes", [(0, 10), (5, 20_000), (3_000, 4_000), (40_000, 60_000)])
def test_operations_match_python_sets(sizes):
    a, b = sets(sum(sizes), sizes, 200_000)
    da, db = DocSet.of(a), DocSet.of(b)
    assert list(da & db) == sorted(a & b)
    assert list(db & da) == sorted(a & b)
    assert list(da | db) == sorted(a | b)
    assert list(da - db) == sorted(a - b)
    assert list(db - da) == sorted(b - a)
    assert list(DocSet.union([da, db, set()])) == sorted(a | b)
    # with a plain set on either side
    assert list(a & db) == sorted(a & b)
    assert list(da & b) == sorted(a & b)
    assert len(da) == len(a) and bool(da) == bool(a)


@pytest.mark.parametrize("size", [10, SMALL + 1, 50_000])
def test_membership_small_and_large(size):
    members = set(random.Random(size).sample(range(300_000), size))
    ds = DocSet.of(members)
    probe = list(members)[:200] + [x for x in range(0, 300_100, 997) if x not in members][:200]
    assert [x in ds for x in probe] == [x in members for x in probe]
    assert -1 not in ds and 10**9 not in ds


def test_built_from_unsorted_repeats_and_arrays():
    ds = DocSet.of([5, 1, 5, 3])
    assert list(ds) == [1, 3, 5]
    assert DocSet.of(np.array([9, 2, 2])) == {2, 9}
    assert list(as_array(ds)) == [1, 3, 5]
    assert DocSet.empty() == set() and not DocSet.empty()


def test_within_keeps_the_masked_documents_and_a_mask_is_a_set():
    mask = np.zeros(10, dtype=bool)
    mask[[1, 4, 7]] = True
    assert list(DocSet.of({1, 2, 4, 9}).within(mask)) == [1, 4]
    live = DocSet.from_mask(mask)
    assert list(live) == [1, 4, 7] and 4 in live and 5 not in live and 12 not in live
