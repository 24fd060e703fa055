"""The codec: cached field lengths must equal what Whoosh's own W3 reader reads from disk."""
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
    """Stored fields are written uncompressed ("_stored_plain"); an index whose segments were written with W3's
    compressed "_stored" column (before that) still reads, and a reindex merges both kinds."""
    from whoosh.codec.whoosh3 import W3PerDocWriter

    from indexer.build import build_index, reindex
    from indexer.search import SearchRequest, SearchService
    from indexer.store import IndexHome

    from .conftest import SEED_DIR, SEED_FORMAT

    home = IndexHome(tmp_path / "ix")
    with monkeypatch.context() as m:  # an index as earlier versions wrote it
        m.setattr(MarqueeCodec, "per_document_writer",
                  lambda self, storage, segment: W3PerDocWriter(self, storage, segment))
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
