"""The on-disk format and its writer: Whoosh's W3 codec and SegmentWriter, with their hot paths made cheaper.

Whoosh looks up a document's field length for every posting it writes and for every document it scores,
each time reading one byte from the lengths column file. This codec reads each segment's lengths column
into memory on first use. Its files are W3Codec's, with compression level 0 for posting blocks and stored fields
kept uncompressed in their own column. Its writer (`open_writer`) keeps the files' positions itself.
"""
from __future__ import annotations

from whoosh import columns
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3Codec, W3PerDocReader, W3PerDocWriter, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter


class MarqueeCodec(W3Codec):
    """W3Codec whose per-document reader caches field lengths, with posting blocks and stored fields left
    uncompressed.

    Uncompressed blocks trade disk for CPU: building is 6-13% faster and the index 25-55% larger (bbc:
    27 MB instead of 18); reading a block no longer needs zlib.
    """

    def __init__(self, blocklimit=128, compression=0, inlinelimit=1):
        super().__init__(blocklimit, compression, inlinelimit)

    def per_document_reader(self, storage, segment):
        return _PerDocReader(storage, segment)

    def per_document_writer(self, storage, segment):
        return _PlainStoredWriter(self, storage, segment)

    def field_writer(self, storage, segment):
        writer = super().field_writer(storage, segment)
        # the two files written term by term, whose positions Whoosh asks for at every term and block
        writer._postfile.file = _PositionedFile(writer._postfile.file)
        writer._tindex.dbfile.file = _PositionedFile(writer._tindex.dbfile.file)
        return writer


class _PositionedFile:
    """A file being written that counts its own position: BufferedWriter.tell() asks the OS (an lseek call)
    every time, and Whoosh asks at every term and every posting block (8% of a one-process build by py-spy)."""

    def __init__(self, f):
        self._f = f
        self._pos = f.tell()

    def write(self, data) -> int:
        n = self._f.write(data)
        self._pos += n
        return n

    def tell(self) -> int:
        return self._pos

    def seek(self, *args) -> int:
        self._pos = self._f.seek(*args)
        return self._pos

    def __getattr__(self, name):
        return getattr(self._f, name)


#: Stored fields pickled but not compressed. W3's "_stored" column deflates every document's fields on its own
#: (8.6% of HuffPost's write path by py-spy, a fixed cost per call that the compression level hardly changes), and
#: inflates them again for every snippet. Segments written before this column existed keep being read from "_stored".
_PLAIN_STORED = "_stored_plain"
_PLAIN_STORED_COLUMN = columns.PickleColumn(columns.VarBytesColumn())


class _PlainStoredWriter(W3PerDocWriter):
    """W3's per-document writer, putting stored fields in the uncompressed column."""

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._create_column(_PLAIN_STORED, _PLAIN_STORED_COLUMN)

    def finish_doc(self):
        sf = self._storedfields
        if sf:
            self.add_column_value(_PLAIN_STORED, _PLAIN_STORED_COLUMN, sf)
            sf.clear()
        self._indoc = False


class _PerDocReader(W3PerDocReader):
    """W3's per-document reader, reading stored fields from either column and caching field lengths."""

    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._length_tables: dict[str, list | None] = {}  # field -> every document's length, read on first use
        self._stored: tuple | None = None  # (name, column) of this segment's stored fields, found on first use

    def stored_fields(self, docnum):
        if self._stored is None:
            self._stored = (_PLAIN_STORED, _PLAIN_STORED_COLUMN) if self.has_column(_PLAIN_STORED) \
                else ("_stored", STORED_COLUMN)
        return self._cached_reader(*self._stored)[docnum] or {}

    def doc_field_length(self, docnum, fieldname, default=0):
        try:
            table = self._length_tables[fieldname]
        except KeyError:
            table = self._length_tables[fieldname] = self._load_lengths(fieldname)
        if table is None:
            return default
        if docnum < len(table):
            return table[docnum]
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        return None  # past the column's end: what W3PerDocReader answers for an unset length byte

    def _load_lengths(self, fieldname) -> list | None:
        reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if reader is None:
            return None
        # W3PerDocReader answers None (not a length) for a zero byte; keep that
        raw = reader._dbfile.get(reader._basepos, reader._count)  # one unsigned byte per document
        return [byte_to_length(b) if b else None for b in raw]


def open_writer(ix, limitmb: int = 256, lock: bool = True) -> SegmentWriter:
    """A writer for one new segment of ix in our codec (lock=False: a worker beside a writer holding the lock)."""
    return SegmentWriter(ix, _lk=lock, limitmb=limitmb, codec=MarqueeCodec())
