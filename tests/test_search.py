"""The search service over a real index of BBC + HuffPost + the seed."""
from __future__ import annotations

import pytest

from indexer.query import QueryError
from indexer.search import SearchRequest


def search(service, q="", **kw):
    return service.search(SearchRequest(q=q, **kw))


def test_distinctive_words_find_the_known_article_first(service, bbc_records, huffpost_records):
    # titles of known articles, searched as typed (lower-case, no punctuation)
    for aid in ("bbc-00622", "bbc-00539", "huffpost-000643", "huffpost-011249"):
        rec = bbc_records.get(aid) or huffpost_records[aid]
        q = " ".join(w for w in rec["title"].lower().replace(":", " ").split()[:6])
        hits = search(service, q).hits
        assert aid in [h.id for h in hits[:3]] + [d for h in hits[:1] for d in h.duplicates], (q, hits[:3])


def test_seed_ranks_first_for_its_story(service, seed_id):
    res = search(service, "narcos mexico season 2")
    assert res.hits[0].id == seed_id
    assert "<mark>Narcos</mark>" in res.hits[0].title_html


def test_phrase_query_requires_adjacent_words(service):
    res = search(service, '"completely and utterly surreal"')
    assert res.hits and res.hits[0].id == "bbc-00486"
    loose = search(service, "surreal utterly completely")
    assert loose.total >= res.total


def test_accent_folding_both_ways(service, seed_id):
    for q in ("felix gallardo", "Félix Gallardo", "FELIX GALLARDO"):
        assert search(service, q).hits[0].id == seed_id


def test_exclusion(service):
    with_word = {h.id for h in search(service, "oscar scorsese", per_page=50).hits if not h.partial}
    without = {h.id for h in search(service, "oscar scorsese -aviator", per_page=50).hits if not h.partial}
    assert without and without < with_word
    for h in search(service, "oscar scorsese -aviator", per_page=50).hits:
        assert "aviator" not in (h.title + h.snippet_html).lower()


def test_all_words_then_any_word_fallback(service):
    res = search(service, "narcos zzzzqqqq")
    assert res.mode == "any" and res.total > 0


def test_did_you_mean_for_typos(service):
    res = search(service, "narcso")
    assert res.did_you_mean == "narcos"


def test_date_filter_and_newest_sort(service):
    res = search(service, "trump", date_from="2019-01-01", date_to="2019-12-31", sort="newest", per_page=20)
    dates = [h.date for h in res.hits]
    assert dates and all("2019-01-01" <= d <= "2019-12-31" for d in dates)
    assert dates == sorted(dates, reverse=True)
    oldest = search(service, "trump", date_from="2019-01-01", date_to="2019-12-31", sort="oldest")
    assert oldest.hits[0].date <= dates[-1]


def test_date_field_in_query(service):
    res = search(service, "netflix date:2018-12")
    assert res.hits and all(h.date.startswith("2018-12") for h in res.hits)


def test_show_filter_and_facet_counts_match_results(service, seed_id):
    res = search(service, "", shows=["Narcos: Mexico"])
    assert seed_id in [h.id for h in res.hits]
    assert all("narcos: mexico" in [s.lower() for s in h.shows] for h in res.hits)
    base = search(service, "oscar")
    for fc in base.facets["show"][:3]:
        narrowed = search(service, "oscar", shows=[fc.label], per_page=100)
        assert narrowed.total == fc.count


def test_show_facet_label_is_in_title_style_not_headline_capitals(service):
    """HuffPost headlines capitalise every word ("Game Of Thrones"); the label keeps "of" lower case, as teasers
    write it, though the headline spelling is the more frequent one."""
    label = {f.value: f.label for f in search(service, "thrones").facets["show"]}.get("game of thrones")
    assert label == "Game of Thrones"
    hits = search(service, '"game of thrones" final season', per_page=20).hits
    headline = next(h for h in hits if "Game Of Thrones" in h.title)
    assert "Game of Thrones" in headline.shows and "Game Of Thrones" not in headline.shows  # as the facet reads
    assert "Game of Thrones" in service.article(headline.id).shows


def test_show_field_in_query_is_case_insensitive(service, seed_id):
    assert seed_id in [h.id for h in search(service, 'show:"narcos: MEXICO"').hits]


def test_or_within_a_facet_and_across_facets(service):
    a = search(service, "", shows=["Oscars"]).total
    b = search(service, "", shows=["Golden Globes"]).total
    both = search(service, "", shows=["Oscars", "Golden Globes"]).total
    assert max(a, b) <= both <= a + b
    narrowed = search(service, "", shows=["Oscars"], persons=["Martin Scorsese"]).total
    assert 0 < narrowed < a


def test_pagination_bounds(service):
    p1 = search(service, "film", page=1)
    p2 = search(service, "film", page=2)
    assert not {h.id for h in p1.hits} & {h.id for h in p2.hits}
    far = search(service, "film", page=10_000)
    assert far.hits == [] and far.request.page == 10_000


def test_duplicates_collapse_to_one_story(service):
    res = search(service, "jamie foxx hilary swank sag awards", per_page=20)
    ids = [h.id for h in res.hits]
    assert not ({"bbc-00550", "bbc-00551"} <= set(ids))  # identical pair shows once
    top = next(h for h in res.hits if h.id in ("bbc-00550", "bbc-00551"))
    assert set(top.duplicates) & {"bbc-00550", "bbc-00551"}


def test_a_story_republished_with_a_correction_is_one_story(service):
    """bbc-00509 and bbc-90128 differ in one word ("Hurosawa" / "Kurosawa") far below the same headline and lead."""
    res = search(service, '"particularly indebted to" day-lewis', per_page=20)
    ids = [h.id for h in res.hits]
    assert ids[0] == "bbc-00509" and "bbc-90128" not in ids  # the first copy stands for the story
    assert "bbc-90128" in res.hits[0].duplicates


def test_story_keys_join_body_and_lead_fingerprints():
    import numpy as np

    from indexer.counting import story_roots

    body = np.array([1, 2, 3, 1, 4])
    lead = np.array([7, 8, 8, 9, 0])  # 0 ~ 3 by body, 1 ~ 2 by lead; 4 from an older generation (no lead)
    alive = np.ones(5, dtype=bool)
    has_lead = np.array([True, True, True, True, False])
    assert story_roots([(body, alive), (lead, has_lead)], 5).tolist() == [0, 1, 1, 0, 4]
    alive[1] = False  # a deleted copy links nothing
    assert story_roots([(body, alive), (lead, has_lead & alive)], 5).tolist() == [0, 1, 2, 0, 4]
    chain = np.array([5, 5, 6, 6, 7]), np.array([0, 1, 1, 2, 2])  # 0-1 by one key, 1-2 and 2... by the other
    assert story_roots([(chain[0], np.ones(5, bool)), (chain[1], np.ones(5, bool))], 5).tolist() == [0, 0, 0, 0, 0]


def test_snippets_are_escaped_and_marked(service):
    res = search(service, "oscar")
    for h in res.hits:
        assert "<mark>" in h.snippet_html or "<mark>" in h.title_html
        stripped = h.snippet_html.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped


def test_bad_requests_raise_query_errors(service):
    with pytest.raises(QueryError):
        search(service, "x", sort="sideways")
    with pytest.raises(QueryError):
        search(service, "x", date_from="2018-99-99")
    with pytest.raises(QueryError):
        search(service, "x", date_from="2019-01-01", date_to="2018-01-01")


def test_article_view_and_related(service, seed_id):
    a = service.article(seed_id)
    assert a.title.startswith("Narcos") and "Diego Luna" in a.persons and len(a.related) > 0
    assert service.article("no-such-id") is None


def test_suggest(service):
    kinds = {s.kind for s in service.suggest("narc")}
    assert "show" in kinds or "title" in kinds
    assert service.suggest("a") == []


def test_known_item_dev_queries_mrr(service, shared):
    """Quality guard: the dev known-item queries keep MRR@10 >= 0.85 (measured 0.95)."""
    import json

    with open(shared / "eval" / "queries-dev.jsonl", encoding="utf-8") as f:
        qs = [json.loads(line) for line in f]
    rr = []
    for q in qs:
        targets = {q["target"], *q.get("also_relevant", [])}
        ranked = [h.id for h in search(service, q["query"]).hits]
        rank = next((i for i, d in enumerate(ranked, 1) if d in targets), None)
        rr.append(1 / rank if rank else 0)
    assert sum(rr) / len(rr) >= 0.85


def test_partial_matches_follow_full_matches_with_the_most_words_first(service):
    from indexer.analysis import analyzer

    words = ["oscar", "scorsese", "aviator", "budget"]
    res = search(service, " ".join(words))
    full = [h for h in res.hits if not h.partial]
    part = [h for h in res.hits if h.partial]
    assert part, "no partial tier for a query that few articles match in full"
    assert [h.score for h in full] == sorted((h.score for h in full), reverse=True)
    stems = {t.text for t in analyzer()(" ".join(words))}

    def words_in(hit):
        a = service.article(hit.id)
        return len(stems & {t.text for t in analyzer()(f"{a.title} {a.body}")})

    counts = {h.id: words_in(h) for h in part}
    assert all(c < len(stems) for c in counts.values())
    # a near miss (every word but one) may rank among the full matches, above weaker ones only
    for i, h in enumerate(res.hits):
        if h.partial and any(not x.partial for x in res.hits[i + 1:]):
            assert counts[h.id] == len(stems) - 1
            assert all(h.score > x.score for x in res.hits[i + 1:] if not x.partial)
    below = [counts[h.id] for h in res.hits[max(i for i, h in enumerate(res.hits) if not h.partial) + 1:]]
    assert below == sorted(below, reverse=True), below  # the rest: most words first


@pytest.mark.parametrize("q", ["music", "oscar nominations", '"prime minister"', "film -oscar", "trump tweets"])
def test_relevance_ranking_is_exhaustive_bm25f(service, q):
    """The page holds the best-scoring stories of all matches, scored by BM25F: each word's title (x TITLE_BOOST)
    and body frequencies, normalised by field length, summed, saturated once, times one IDF. The reference here
    re-analyses every matching article's stored text instead of reading postings."""
    import math
    from collections import Counter

    from indexer.analysis import analyzer
    from indexer.query import parse
    from indexer.schema import TITLE_BOOST
    from indexer.lexical import BM25_B, BM25_K1

    st = service._current()
    parsed = parse(q)
    q_all = service._compile(st, parsed)[0]
    stories = service._stories(st, service._docset(st, q_all))
    words = {t for w in parsed.words + [" ".join(p) for p in parsed.phrases] for t in service._terms(w)}
    reader = st.searcher.reader()
    n = reader.doc_count_all()
    avg = {f: reader.field_length(f) / n for f in ("title", "body")}
    df = {w: len(service._docset(st, service._word_query(st, w))) for w in words}
    a = analyzer()

    def reference(d):
        stored = st.searcher.stored_fields(d)
        tf = {f: Counter({t: len(p) for t, p in a.term_positions(stored.get(f, "")).items()}) for f in avg}
        total = 0.0
        for w in words:
            x = sum(tf[f][w] * (TITLE_BOOST if f == "title" else 1.0)
                    / (1 - BM25_B + BM25_B * (reader.doc_field_length(d, f) or avg[f]) / avg[f]) for f in avg)
            idf = math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5))
            total += idf * x * (BM25_K1 + 1) / (x + BM25_K1) if x else 0.0
        return total

    expected = sorted((round(reference(d), 4) for d in stories), reverse=True)[:10]
    got = [h.score for h in service.search(SearchRequest(q=q)).hits if not h.partial]
    assert got and got == pytest.approx(expected, abs=2e-3)


def test_date_sorts_put_undated_articles_last_and_page_on(service):
    """BBC articles have no date: sorted by date they follow every dated match, page after page."""
    for sort in ("newest", "oldest"):
        first = search(service, "concert", sort=sort, per_page=100)
        assert 20 < first.total <= 100
        dates = [h.date for h in first.hits]
        dated = [d for d in dates if d]
        assert dated and None in dates and dates == dated + [None] * (len(dates) - len(dated))
        assert dated == sorted(dated, reverse=(sort == "newest"))
        second = search(service, "concert", sort=sort, per_page=10, page=2)
        assert [h.id for h in second.hits] == [h.id for h in first.hits[10:20]]


def test_did_you_mean_never_rewrites_a_name_the_index_does_not_hold(tmp_path, shared):
    """On BBC articles with no Narcos, "narcos mexico" is not "corrected" into "narrow mexico"; a real typo still
    is, where the correction makes the query match."""
    from indexer.build import build_index
    from indexer.search import SearchService
    from indexer.store import IndexHome

    from .conftest import SEED_FORMAT

    home = IndexHome(tmp_path / "ix")
    build_index([str(SEED_FORMAT)], home)
    with SearchService(home) as svc:
        assert svc.search(SearchRequest(q="narcos mexico")).did_you_mean is None
        assert svc.search(SearchRequest(q="lekh tandon")).did_you_mean is None
        assert svc.search(SearchRequest(q="bangkok film festivel tsunami")).did_you_mean == \
            "bangkok film festival tsunami"


def test_edit_distance_counts_a_swap_as_one():
    from indexer.search import edit_distance

    assert edit_distance("narcso", "narcos") == 1
    assert edit_distance("kimel", "kimmel") == 1
    assert edit_distance("narcos", "narrow") == 2
    assert edit_distance("", "abc") == 3


def test_facet_keys_read_from_the_column_equal_the_postings(service):
    """The web reads each document's facet keys from one column (seconds at a million articles); a generation
    indexed before the column reads them from the fields' postings (minutes): both give the same keys."""
    import numpy as np

    from indexer.search import _key_table, _key_tables

    st = service._current()
    reader = st.searcher.reader()
    alive = np.zeros(st.n, dtype=bool)
    alive[list(st.live)] = True
    by_column = _key_tables(reader, alive)
    everything = np.flatnonzero(alive)
    for fname in ("show", "person"):
        by_postings = _key_table(reader, fname, alive)
        assert by_column[fname].counts(everything) == by_postings.counts(everything) != {}
        for d in everything[::97].tolist():
            assert sorted(by_column[fname].of(d)) == sorted(by_postings.of(d))
