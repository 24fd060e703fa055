"""The vectorised path for large result sets gives what the plain Python path gives (counts, stories, ranking)."""
import random
from collections import Counter

import numpy as np

from indexer import counting
from indexer.search import SearchRequest


def test_key_counts_equal_a_counter():
    rng = random.Random(3)
    per_doc = [[f"k{rng.randrange(50)}" for _ in range(rng.randrange(4))] for _ in range(20_000)]
    per_doc[7] = None
    table = counting.KeyTable.from_per_doc(per_doc, len(per_doc))
    docs = set(rng.sample(range(20_000), 9_000))
    expect = Counter()
    for d in docs:
        expect.update(per_doc[d] or [])
    assert counting.KeyTable.from_per_doc(per_doc, len(per_doc)).counts(docs) == dict(expect) == table.counts(docs)
    assert counting.KeyTable.from_per_doc(["2018-01", None, "2018-01"], 3).counts({0, 1, 2}) == {"2018-01": 2}


def test_top_keys_equal_a_counters_most_common():
    rng = random.Random(5)
    per_doc = [[f"k{rng.randrange(400)}" for _ in range(rng.randrange(3))] for _ in range(20_000)]
    table = counting.KeyTable.from_per_doc(per_doc, len(per_doc))
    for size in (0, 10, 3_000, 15_000):
        docs = set(rng.sample(range(20_000), size))
        expect = Counter(table.counts(docs))  # keys in key order: most_common breaks ties by first met
        for limit in (1, 10, 100, 1_000):
            assert table.top(docs, limit) == expect.most_common(limit)
        also = ["k399", "nowhere", "k0"]
        got = table.top(docs, 5, also)
        shown = [k for k, _ in expect.most_common(5)]
        assert got == expect.most_common(5) + [(k, expect.get(k, 0)) for k in also if k not in shown]


def test_stories_keep_one_document_per_story():
    rep = np.array([0, 0, 2, 2, 4, 4, 4])  # stories {0,1}, {2,3}, {4,5,6}
    assert sorted(counting.stories({0, 1, 3, 5, 6}, rep, 7)) == [0, 3, 5]


def test_top_scores_rank_by_score_then_newer():
    arrays = {"a": (np.array([1, 2, 3]), np.array([1.0, 2.0, 2.0])), "b": (np.array([3]), np.array([0.5]))}
    order = np.array([0, 10, 30, 20])
    got = counting.top_scores({"a": 1.0, "b": 2.0}, arrays.get, {1, 2, 3}, 4, 2, order)
    assert [d for d, _ in got] == [3, 2] and got[0][1] == 3.0
    ties = counting.top_scores({"a": 1.0}, arrays.get, {1, 2, 3}, 4, 1, order)
    assert ties[0][0] == 2  # 2 and 3 tie on score: the newer (date ordinal 30) first


def test_a_query_matching_many_articles_takes_the_large_path_with_the_same_answers(service, monkeypatch):
    """The same page, facets and months whether counted by numpy or by Python."""
    monkeypatch.setattr(counting, "LARGE_SET", 500)
    big = service.search(SearchRequest(q="said", per_page=20, facet_limit=100_000))
    assert big.total > counting.LARGE_SET
    monkeypatch.setattr(counting, "LARGE_SET", 10**9)
    small = service.search(SearchRequest(q="said", per_page=20, facet_limit=100_000))
    assert [h.id for h in big.hits] == [h.id for h in small.hits] and big.total == small.total
    for kind in ("show", "person"):
        assert {(f.value, f.count) for f in big.facets[kind]} == {(f.value, f.count) for f in small.facets[kind]}
    assert [(m.value, m.count) for m in big.months] == [(m.value, m.count) for m in small.months]
