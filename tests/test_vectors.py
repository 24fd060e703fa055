"""The semantic signal with the real model (all-MiniLM-L6-v2 int8 on onnxruntime): vectors, their store keyed by
content hash, and search over an index built with --vectors. Skipped where the vectors extra is not installed."""
from __future__ import annotations

import json
import shutil

import pytest

from indexer import vectors
from indexer.build import build_index
from indexer.cli import main
from indexer.search import SearchRequest, SearchService
from indexer.store import IndexHome

from .conftest import SEED_FORMAT

pytestmark = pytest.mark.skipif(not vectors.available(), reason="the vectors extra is not installed")


def test_similar_sentences_are_closer_than_unrelated_ones():
    v = vectors.embedder().embed(["Singer cancels gigs after illness",
                                  "rock star calls off concerts because he is sick",
                                  "Interest rates rise as inflation climbs"])
    assert v.shape == (3, vectors.DIM)
    assert abs(float((v[0] ** 2).sum()) - 1.0) < 1e-4
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.2


def test_the_store_reuses_vectors_by_content_hash(tmp_path):
    store = vectors.VectorStore(tmp_path / "vectors")
    items = [("h1", "Film festival opens"), ("h2", "Band announces tour")]
    assert store.update(items) == 2
    assert store.update(items) == 0  # nothing new: nothing embedded
    assert store.update(items + [("h3", "Actor wins award")]) == 1
    keys, _ = store.load()
    assert keys == ["h1", "h2", "h3"]
    assert store.update(items[:1], keep_only=True) == 0
    assert store.load()[0] == ["h1"]
    m = store.matrix(["h1", "missing"])
    assert m.shape == (2, vectors.DIM) and float(abs(m[1]).sum()) == 0.0


def test_an_article_vector_mixes_its_text_and_its_title(tmp_path):
    store = vectors.VectorStore(tmp_path / "vectors")
    assert store.update(vectors.store_items("h1", "Band cancels tour", "The band said the singer was ill.")) == 2
    text, title = store.matrix(["h1"])[0], store.matrix([vectors.title_key("Band cancels tour")])[0]
    mixed = store.articles(["h1"], ["Band cancels tour"], title_share=0.35)[0]
    assert float(abs(mixed - (0.65 * text + 0.35 * title)).max()) < 1e-6
    assert float(abs(text - title).max()) > 0.01  # two different vectors


def test_a_model_file_that_is_not_the_pinned_one_is_refused(tmp_path, monkeypatch):
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not the model")
    monkeypatch.setattr(vectors, "_model_path", lambda: fake)
    with pytest.raises(vectors.VectorsUnavailable, match="expected the pinned"):
        vectors.Embedder()


@pytest.fixture(scope="module")
def vector_home(tmp_path_factory, shared):
    """The 386 seed-format BBC articles, indexed with vectors."""
    src = tmp_path_factory.mktemp("src") / "news"
    shutil.copytree(SEED_FORMAT, src)
    home = IndexHome(tmp_path_factory.mktemp("vix"))
    rep = build_index([str(src)], home, procs=1, vectors=True)
    stored, _ = vectors.VectorStore(home.root / vectors.VECTORS_FOLDER).load()
    texts = [k for k in stored if not k.startswith(("title:", "passage:"))]
    titles = [k for k in stored if k.startswith("title:")]
    # one vector per distinct text, per distinct title and per passage of a long text: some files are duplicates
    assert 350 < len(texts) <= 386 and 340 < len(titles) <= len(texts) and rep.embedded == len(stored)
    assert len(stored) - len(texts) - len(titles) > 2 * len(texts)  # BBC articles run to several passages
    return home, src


@pytest.mark.parametrize("query, target", [
    ("heavy metal group voted greatest british record", "bbc-00467"),  # "Black Sabbath top rock album poll"
    ("prime minister bought the charity record", "bbc-00468"),  # "Blair buys copies of new Band Aid"
])
def test_a_paraphrase_finds_its_story_through_the_vectors(vector_home, query, target):
    home, _ = vector_home
    with SearchService(home) as svc:
        assert svc._current().vectors is not None
        ids = [h.id for h in svc.search(SearchRequest(q=query)).hits]
    assert target in ids[:3], ids[:5]


def test_a_phrase_query_stays_lexical(vector_home):
    home, _ = vector_home
    with SearchService(home) as svc:
        hits = svc.search(SearchRequest(q='"box office"', per_page=50)).hits
    assert hits and all("box office" in (h.title + " " + h.snippet_html.replace("<mark>", "").replace("</mark>", "")
                                         ).lower() or not h.snippet_html for h in hits[:5])


def test_a_long_body_is_cut_into_passages_at_sentences():
    body = " ".join(f"Sentence number {i} tells part of the story." for i in range(60))
    parts = vectors.passages(body)
    assert len(parts) >= 3 and all(len(p) <= vectors.PASSAGE_CHARS for p in parts)
    assert parts[0] == body[:vectors.PASSAGE_CHARS] and all(p.startswith("Sentence") for p in parts[1:])
    assert vectors.passages("A short teaser.") == []


def test_an_article_is_as_close_as_its_closest_passage(tmp_path):
    """A detail told deep in a long story (past what the article's own vector reads) still brings the story up."""
    body = "The council met on Monday to discuss the budget for roads and schools. " * 25 \
        + "Later a famous violinist played a surprise concert for the children in the school hall."
    store = vectors.VectorStore(tmp_path / "vectors")
    store.update(vectors.store_items("h1", "Council budget meeting", body))
    articles = store.articles(["h1"], ["Council budget meeting"])
    passages = store.passages(["Council budget meeting"], [body])
    assert len(passages[1]) >= 2 and set(passages[1].tolist()) == {0}
    qv = vectors.embedder().embed(["violinist gives surprise concert for schoolchildren"])[0]
    best = vectors.cosines(qv, articles, passages)[0]
    assert best > float(articles[0] @ qv) + 0.1


@pytest.mark.parametrize("query", ["zorbly quintessa marvix", "flurbish gromple", "qwertzu plinthox",
                                   "snarfle vumble", "drizzop frantix"])
def test_words_found_nowhere_rank_the_nearest_article_vectors_first(vector_home, query):
    """With no lexical match the ranking is the vectors' own: the nearest article comes first (the nearest ones are
    taken in cosine order, not as any 100 of the nearest 300)."""
    import numpy as np

    home, _ = vector_home
    with SearchService(home) as svc:
        st = svc._current()
        cos = vectors.cosines(vectors.embedder(threads=1).embed([query])[0], st.vectors, st.passages)
        hits = svc.search(SearchRequest(q=query)).hits
        nearest = svc._doc_id(st, int(np.argmax(cos)))
    assert hits and nearest in [hits[0].id, *hits[0].duplicates]


def test_rebuild_and_reindex_embed_only_what_changed(vector_home, runner):
    home, src = vector_home
    rep = build_index([str(src)], home, procs=1, vectors=True)
    assert rep.embedded == 0  # every article's vector is reused
    first = sorted(src.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nA late paragraph about a film premiere.",
                     encoding="utf-8")
    out = runner.invoke(main, ["reindex", str(src), "--index-dir", str(home.root), "--json"]).output
    rep = json.loads(out)
    # its text and its last passage (or the last two, if the new paragraph starts one): the others are reused
    assert rep["updated"] == 1 and rep["embedded"] in (2, 3)
