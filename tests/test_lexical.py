"""BM25F scoring on its own, over the real session index's reader."""
from whoosh import query as Q

from indexer.lexical import LexicalScorer, query_words


def test_query_words_weigh_phrases_fully_and_corrections_by_their_boost():
    q = Q.Or([Q.Term("body", "oscar"), Q.Term("body", "oskar", boost=0.8),
              Q.Phrase("body", ["box", "offic"])])
    assert query_words(Q.AndNot(q, Q.Term("body", "music"))) == {"oscar": 1.0, "oskar": 0.8, "box": 1.0,
                                                                  "offic": 1.0}


def test_scores_add_words_and_rarer_words_weigh_more(service):
    st = service._current()
    scorer = LexicalScorer(st.searcher.reader(), cache_limit=10_000_000)
    (narcos,), (film,) = service._terms("Narcos"), service._terms("film")  # the index's terms for the words
    rare, common = scorer.word(narcos), scorer.word(film)
    assert rare and common and len(rare) < len(common)
    for d in rare:
        assert scorer.scores({narcos: 1.0, film: 1.0}, [d])[d] == rare[d] + common.get(d, 0.0)
    assert max(rare.values()) > max(common.values())  # IDF: the rare word's best match outweighs the common's
    assert scorer.scores({narcos: 0.5}, [d])[d] == rare[d] * 0.5


def test_the_cache_is_bounded(service):
    scorer = LexicalScorer(service._current().searcher.reader(), cache_limit=1000)
    for w in ("film", "Narcos"):  # thousands of articles: the cache empties rather than grows past its limit
        scorer.word(service._terms(w)[0])
    assert scorer.cached <= 1000 or len(scorer.arrays) == 1
