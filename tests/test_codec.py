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
