"""The codec: cached field lengths must equal what Whoosh's own W3 reader reads from disk."""
import pytest
from whoosh import index as windex
from whoosh.codec.whoosh3 import W3PerDocReader

from indexer.codec import MarqueeCodec


def test_cached_lengths_equal_the_w3_readers(index_home):
    ix = windex.open_dir(str(index_home.current_dir()))
    with ix.reader() as reader:
        subreaders = [r for r, _ in reader.leaf_readers()]
        checked = 0
        for sub in subreaders:
            assert isinstance(sub._segment.codec(), MarqueeCodec)
            plain = W3PerDocReader(sub._storage, sub._segment)
            ours = sub._perdoc
            assert type(ours) is not W3PerDocReader
            for field in ("title", "body", "show", "person", "date"):
                for doc in range(0, sub.doc_count_all(), 7):
                    assert ours.doc_field_length(doc, field) == plain.doc_field_length(doc, field)
                    checked += 1
            plain.close()
    ix.close()
    assert checked > 10_000


def test_stored_fields_read_back_from_new_and_from_older_segments(tmp_path, monkeypatch, shared):
    """Stored fields are written uncompressed ("_stored_plain") and posting blocks pickled with protocol 4; an
    index whose segments were written with W3's compressed "_stored" column and Whoosh's own writer (before that)
    still reads, and a reindex merges both kinds."""
    from whoosh.codec.whoosh3 import W3PerDocWriter

    from indexer.build import build_index, reindex
    from indexer.search import SearchRequest, SearchService
    from indexer.store import IndexHome

    from .conftest import SEED_DIR, SEED_FORMAT

    import indexer.build as build_module

    home = IndexHome(tmp_path / "ix")
    with monkeypatch.context() as m:  # an index as earlier versions wrote it: Whoosh's writer, W3's stored column
        m.setattr(MarqueeCodec, "per_document_writer",
                  lambda self, storage, segment: W3PerDocWriter(self, storage, segment))
        m.setattr(build_module, "open_writer", _whoosh_writer)
        build_index([str(SEED_DIR)], home, procs=1)
    ix = windex.open_dir(str(home.current_dir()))
    with ix.reader() as reader:
        (sub, _), = reader.leaf_readers()
        assert not sub._perdoc.has_column("_stored_plain") and sub._perdoc.has_column("_stored")
        assert "Narcos" in reader.stored_fields(0)["title"]
    ix.close()
    reindex([str(SEED_DIR), str(SEED_FORMAT)], home)  # new articles in a new-style segment, merged with the old
    ix = windex.open_dir(str(home.current_dir()))
    with ix.reader() as reader:
        kinds = {sub._perdoc.has_column("_stored_plain") for sub, _ in reader.leaf_readers()}
        titles = [f["title"] for f in reader.all_stored_fields()]
    ix.close()
    assert True in kinds and len(titles) == 387 and all(titles)
    with SearchService(home) as svc:
        hit = svc.search(SearchRequest(q="narcos mexico")).hits[0]
        assert hit.title.startswith("Narcos: Mexico") and "<mark>" in hit.snippet_html


def _read_back(home) -> dict:
    """Every term's statistics and (docnum, weight, value) postings, as Whoosh reads them."""
    ix = windex.open_dir(str(home.current_dir()))
    out = {}
    with ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            ti = reader.term_info(fieldname, text)
            m = reader.postings(fieldname, text)
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight(), m.value()))
                m.next()
            out[fieldname, text] = ((ti.weight(), ti.doc_frequency(), ti.min_length(), ti.max_length(),
                                     ti.max_weight(), ti.min_id(), ti.max_id()), postings)
        out["stored"] = list(reader.all_stored_fields())
        out["lengths"] = [[reader.doc_field_length(d, f) for f in ("title", "body", "show", "person")]
                          for d in range(reader.doc_count_all())]
    ix.close()
    return out


def _whoosh_writer(ix, limitmb=256, lock=True):
    from whoosh.writing import SegmentWriter

    return SegmentWriter(ix, _lk=lock, limitmb=limitmb, codec=MarqueeCodec())


@pytest.mark.parametrize("procs, limitmb", [(2, 256), (1, 2)])
def test_postings_read_back_as_whoosh_writes_them(tmp_path, monkeypatch, shared, procs, limitmb):
    """Our writer gives every term the same postings and statistics, and every document the same stored fields and
    lengths, as Whoosh's SegmentWriter: in the workers' segments, and in one segment with the pool spilled to
    sorted runs on disk (limitmb=2)."""
    import indexer.build as build
    from indexer.store import IndexHome

    from .conftest import SEED_DIR

    from indexer.codec import _GroupedPool

    runs = []
    real_save = _GroupedPool.save
    monkeypatch.setattr(_GroupedPool, "save", lambda pool: runs.append(1) or real_save(pool))
    paths = [str(shared / "corpora" / "bbc" / "articles.jsonl"), str(SEED_DIR)]
    ours = IndexHome(tmp_path / "ours")
    build.build_index(paths, ours, procs=procs, limitmb=limitmb, entities=False)  # entities: not the point here
    if limitmb == 2:  # one process: the pool's runs are seen here
        assert len(runs) > 1  # the small limit did spill sorted runs to disk
    with monkeypatch.context() as m:
        m.setattr(build, "open_writer", _whoosh_writer)
        theirs = IndexHome(tmp_path / "theirs")
        build.build_index(paths, theirs, procs=procs, limitmb=limitmb, entities=False)
    a, b = _read_back(ours), _read_back(theirs)
    terms = [v for k, v in a.items() if isinstance(k, tuple)]
    assert len(terms) > 25_000 and sum(len(p) for _, p in terms) > 350_000
    assert any(stats[1] > 128 for stats, _ in terms)  # terms spanning several posting blocks
    assert len(a["stored"]) == 2226 and all(d["title"] for d in a["stored"])
    assert a == b


def test_postings_added_out_of_docnum_order_are_sorted(tmp_path):
    """A pool fed a term's postings out of docnum order writes them in order, as Whoosh's sorting pool does."""
    from whoosh import fields

    from indexer.codec import open_writer

    schema = fields.Schema(tag=fields.KEYWORD(scorable=True), body=fields.TEXT(stored=True))
    ix = windex.create_in(str(tmp_path), schema)
    w = open_writer(ix)
    w.add_document(tag="b a", body="one two two")
    w.add_document(tag="a", body="two three")
    for terms in w.pool._fields.values():
        for postings in terms.values():
            postings.reverse()  # as if added last document first
    w.commit()
    with ix.searcher() as s:
        assert list(s.postings("tag", "a").all_ids()) == [0, 1]
        assert [(d, w) for d, w in s.postings("body", "two").items_as("weight")] == [(0, 2.0), (1, 1.0)]
        assert s.doc_frequency("tag", "b") == 1
    ix.close()
