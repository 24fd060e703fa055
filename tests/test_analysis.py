"""The NLTK-based analyzer: tokens, folding, stop words, stems, positions and offsets."""
from indexer.analysis import analyzer, fold, normalize_word


def toks(text, **kw):
    return [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer()(text, positions=True, chars=True, **kw)]


def test_accents_case_and_stems():
    assert fold("Félix PEÑA") == "felix pena"
    assert [t[0] for t in toks("Félix Peña's running shows")] == ["felix", "pena", "run", "show"]


def test_stop_words_dropped_and_positions_consecutive():
    out = toks("the series of the year")
    assert [t[0] for t in out] == ["seri", "year"]
    assert [t[1] for t in out] == [0, 1]


def test_character_offsets_point_into_the_original_text():
    text = "Narcos: Mexico returns"
    for term, _, start, end in toks(text):
        assert normalize_word(text[start:end]) == term


def test_stopped_tokens_kept_for_highlighting_when_asked():
    out = [(t.text, t.stopped) for t in analyzer()("the crown", removestops=False)]
    assert out == [("the", True), ("crown", False)]


def test_analyzer_pickles_without_its_cache():
    import pickle

    a = analyzer()
    list(a("warm the cache"))
    b = pickle.loads(pickle.dumps(a))
    assert b == a and b._cache == {}


def test_fast_indexing_path_gives_the_same_postings_as_whoosh_text(bbc_records):
    """schema.ArticleText skips Token objects; its postings must equal fields.TEXT's with the same analyzer."""
    from whoosh import fields

    from indexer.schema import build_schema

    schema = build_schema()
    records = list(bbc_records.values())[:300]
    for name in ("title", "body"):
        ours = schema[name]
        plain = fields.TEXT(analyzer=ours.analyzer, field_boost=ours.format.field_boost)
        for r in records:
            assert sorted(ours.index(r["text"])) == sorted(plain.index(r["text"])), r["id"]


def test_id_and_entity_key_fields_give_the_same_postings_as_whoosh_id_and_keyword(service, bbc_records):
    """schema.ArticleId and schema.EntityKeys skip Token objects; their postings must equal fields.ID's and
    fields.KEYWORD's, for the indexed articles' ids and entity keys and for odd keyword lists (repeats, blanks
    around and between commas, accents, an empty value)."""
    from whoosh import fields

    from indexer.schema import build_schema
    from indexer.search import SearchRequest

    schema = build_schema()
    plain_id = fields.ID(stored=True, unique=True)
    plain_keys = fields.KEYWORD(commas=True, lowercase=False, scorable=True)
    ids = list(bbc_records)[:500] + ["2018/narcos", "a b", " spaced "]
    for value in ids:
        assert list(schema["id"].index(value)) == list(plain_id.index(value))
    values = ["narcos: mexico,narcos", "diego luna,michael pena,diego luna", " x , y,x,, ,", "félix gallardo,felix",
              "", ",", "one"]
    hits = service.search(SearchRequest(q="film", per_page=50)).hits
    values += [",".join(h.persons) for h in hits] + [",".join(h.shows) for h in hits]
    for value in values:
        assert list(schema["person"].index(value)) == list(plain_keys.index(value)), value


def test_fold_strips_combining_marks_but_keeps_other_symbols():
    assert fold("Zoë Ångström naïve £5 “quoted” ’s") == "zoe angstrom naive £5 “quoted” 's"


def test_word_tokenizer_equals_nltks_stock_regexp_tokenizer(bbc_records):
    """WordTokenizer only swaps NLTK's guarded regex engine for the stdlib's: same tokens and spans."""
    from nltk.tokenize import RegexpTokenizer

    from indexer.analysis import TOKEN_PATTERN, WordTokenizer

    stock, ours = RegexpTokenizer(TOKEN_PATTERN), WordTokenizer()
    texts = [r["text"] for r in list(bbc_records.values())[:200]] + ["Félix Peña’s U.S. spider-man, isn't 2nd"]
    for text in texts:
        assert ours.tokenize(text) == stock.tokenize(text)
        assert list(ours.span_tokenize(text)) == list(stock.span_tokenize(text))


def test_stems_are_the_current_snowball_english_and_an_older_index_keeps_its_own():
    """New indexes stem with Snowball's own compiled stemmer; an index whose schema records no stemmer (built
    before) unpickles with NLTK's port, so its queries stem as its documents did."""
    from indexer.analysis import MarqueeAnalyzer

    new = [t.text for t in analyzer()("added international evening")]
    assert new == ["add", "internat", "evening"]
    old = MarqueeAnalyzer.__new__(MarqueeAnalyzer)
    old.__setstate__({"stem": True})
    assert old.stemmer == "nltk" and old != analyzer()
    assert [t.text for t in old("added international evening")] == ["ad", "intern", "even"]


def test_a_service_queries_an_index_with_the_stemmer_it_was_built_with(tmp_path, monkeypatch, shared):
    """An index built with NLTK's stemmer ("international" -> "intern") finds the articles that use the word, as an
    index built now does ("internat"): the service stems queries as that index's documents were."""
    from indexer import analysis, schema
    from indexer.build import build_index
    from indexer.search import SearchRequest, SearchService
    from indexer.store import IndexHome

    from .conftest import SEED_FORMAT

    old, new = IndexHome(tmp_path / "old"), IndexHome(tmp_path / "new")
    build_index([str(SEED_FORMAT)], new, procs=1)
    monkeypatch.setattr(schema, "analyzer", lambda: analysis.analyzer(stemmer="nltk"))
    build_index([str(SEED_FORMAT)], old, procs=1)
    monkeypatch.undo()
    found = {}
    for home in (old, new):
        with SearchService(home) as service:
            found[service.analyzer.stemmer] = {h.id for h in service.search(SearchRequest(q="international",
                                                                                          per_page=100)).hits}
    assert len(found["snowball"]) > 20 and found["snowball"] <= found["nltk"]  # NLTK's "intern" is "internal" too
