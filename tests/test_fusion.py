"""Fusion of lexical and semantic signals, on hand-made candidates (no index, no model)."""
from indexer.fusion import Candidate, fuse


# the rest of a real pool: articles with a word or two of the query, cosines spread from 0 to 0.7
BACKGROUND = [Candidate(100 + k, bm25=0.5, coverage=0.1, cosine=0.07 * k) for k in range(11)]


def order(cands, **kw):
    return [c.doc for c in fuse(cands, **kw)]


def rank(cands):
    """The order of the given candidates inside a realistic pool."""
    mine = {c.doc for c in cands}
    return [d for d in order(cands + BACKGROUND) if d in mine]


def test_an_article_with_every_word_stays_above_a_merely_similar_one():
    exact = Candidate(1, bm25=9.0, coverage=1.0, cosine=0.40)
    similar = Candidate(2, bm25=0.0, coverage=0.0, cosine=0.60)
    assert rank([similar, exact]) == [1, 2]


def test_similarity_lifts_a_paraphrase_over_a_chance_word_match():
    """A 20-word teaser sharing two common words with the query, against the story told in other words."""
    chance = Candidate(1, bm25=6.0, coverage=0.3, cosine=0.20)
    story = Candidate(2, bm25=2.0, coverage=0.2, cosine=0.65)
    assert rank([chance, story]) == [2, 1]


def test_without_lexical_evidence_the_vectors_decide():
    cands = [Candidate(d, 0.0, 0.0, cos) for d, cos in ((1, 0.1), (2, 0.5), (3, 0.3))]
    assert order(cands) == [2, 3, 1]


def test_ties_keep_the_order_given_and_nothing_is_lost():
    cands = [Candidate(d, 1.0, 0.5, 0.3) for d in (5, 3, 9)]
    assert order(cands) == [5, 3, 9]
    assert fuse([]) == []


def test_the_weights_do_what_they_say():
    a = Candidate(1, bm25=10.0, coverage=0.5, cosine=0.2)
    b = Candidate(2, bm25=1.0, coverage=0.5, cosine=0.6)
    assert order([a, b], coverage=0.0, lexical=1.0) == [1, 2]
    assert order([a, b], coverage=0.0, lexical=0.0) == [2, 1]
    c = Candidate(3, bm25=0.0, coverage=1.0, cosine=0.3)
    assert order([b, c], coverage=1.0, lexical=0.0) == [3, 2]


def test_close_cosines_are_not_stretched_over_the_word_matches():
    """Candidates whose cosines all lie within 0.02: the one with the query's words stays on top."""
    words = Candidate(1, bm25=8.0, coverage=0.9, cosine=0.50)
    near = [Candidate(d, bm25=0.0, coverage=0.0, cosine=0.51 + 0.001 * d) for d in range(2, 12)]
    assert order([words, *near])[0] == 1
