"""The on-disk format and its writer: Whoosh's W3 codec and SegmentWriter, with their hot paths made cheaper.

Whoosh looks up a document's field length for every posting it writes and for every document it scores,
each time reading one byte from the lengths column file. This codec reads each segment's lengths column
into memory on first use. Its files are W3Codec's, with compression level 0 for posting blocks, blocks and stored
fields pickled with protocol 4 instead of 2, and stored fields uncompressed in their own column; Whoosh's readers
read them as they are. Its writer (`open_writer`) keeps each term's postings together as they arrive and writes
them term by term (`write_postings`), keeping the files' positions itself.
"""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from pickle import dumps
from struct import Struct

from whoosh import columns
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3Codec, W3PerDocReader, W3PerDocWriter, _lenfield
from whoosh.filedb import filetables
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from .postings import pool_postings, write_postings


class MarqueeCodec(W3Codec):
    """W3Codec whose per-document reader caches field lengths, with posting blocks and stored fields left
    uncompressed.

    Uncompressed blocks trade disk for CPU: measured with protocol-2 blocks, building was 6-13% faster and the index
    25-55% larger; reading a block needs no zlib.
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
        writer._tindex.__class__ = _TermIndexWriter  # W3FieldWriter makes its own; only a method differs
        return writer


class _TermIndexWriter(filetables.OrderedHashWriter):
    """The terms file's writer, writing each of its 256 hash tables in one call instead of one per slot."""

    def _write_hashes(self):
        dbfile = self.dbfile
        null = (0, 0)  # an empty slot (no key starts at position 0, the header's)
        for entries in self.buckets:
            numslots = 2 * len(entries)
            self.directory.append((dbfile.tell(), numslots))
            table = [null] * numslots
            for hashval, position in entries:
                slot = (hashval >> 8) % numslots
                while table[slot] != null:
                    slot = (slot + 1) % numslots
                table[slot] = (hashval, position)
            if table:
                dbfile.write(Struct("!" + "Iq" * numslots).pack(*[x for pair in table for x in pair]))


class _PositionedFile:
    """A file being written that counts its own position: BufferedWriter.tell() asks the OS (an lseek call)
    every time, and Whoosh asks at every term and every posting block (8% of a one-process HuffPost build without
    entities, by py-spy)."""

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


class _PickleColumn(columns.PickleColumn):
    """PickleColumn writing protocol 4 (Whoosh's writes 2). For a HuffPost item's fields: 40% less time to pickle,
    31% less to unpickle, 16% smaller."""

    class Writer(columns.PickleColumn.Writer):
        def add(self, docnum, v):
            self._child.add(docnum, b"" if v is None else dumps(v, 4))


_PLAIN_STORED_COLUMN = _PickleColumn(columns.VarBytesColumn())


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


_BYTE_LENGTHS = [byte_to_length(b) if b else 0 for b in range(256)]  # a length byte's length (0: none kept)


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
            table = self.lengths_of(fieldname)
        if table is None:
            return default
        if docnum < len(table):
            return table[docnum]
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        return None  # past the column's end: what W3PerDocReader answers for an unset length byte

    def lengths_of(self, fieldname) -> list | None:
        """Every document's length in fieldname (None for a zero byte), or None when the field keeps none."""
        if fieldname not in self._length_tables:
            self._length_tables[fieldname] = self._load_lengths(fieldname)
        return self._length_tables[fieldname]

    def length_array(self, fieldname):
        """Every document's length in fieldname as a float64 numpy array (0 for a zero byte), or None when the
        field keeps none: for scoring a word's postings all at once."""
        import numpy as np

        reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if reader is None:
            return None
        raw = reader._dbfile.get(reader._basepos, reader._count)
        return np.array(_BYTE_LENGTHS, dtype=np.float64)[np.frombuffer(raw, dtype=np.uint8)]

    def _load_lengths(self, fieldname) -> list | None:
        reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if reader is None:
            return None
        # W3PerDocReader answers None (not a length) for a zero byte; keep that
        raw = reader._dbfile.get(reader._basepos, reader._count)  # one unsigned byte per document
        return [byte_to_length(b) if b else None for b in raw]


class _GroupedPool(PostingPool):
    """Whoosh's posting pool, keeping each term's postings together as they arrive instead of in one list to sort.

    Documents are added in docnum order, so a term's postings are already in order: sorting only the field
    names and terms (not every posting) gives the same stream. A posting is kept as (docnum, weight, value).
    Past the same memory estimate as Whoosh's pool it spills sorted runs to disk as that does.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fields: dict[str, dict[bytes, list[tuple]]] = {}

    def add(self, item):
        """Add one (fieldname, btext, docnum, weight, value) posting: Whoosh's interface, used by merges."""
        fieldname, btext, docnum, weight, value = item
        self.add_postings(fieldname, docnum, ((btext, 0, weight, value),), 1, False)  # weight * 1 keeps its type

    def add_postings(self, fieldname: str, docnum: int, items, boost: float, scorable: bool) -> int:
        """Add a document's (btext, freq, weight, value) postings in one field; returns the field's length."""
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
        length, size = pool_postings(terms, fieldname, docnum, items, boost, scorable)
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()
        return length

    def _sorted_groups(self):
        for fieldname in sorted(self._fields):
            terms = self._fields[fieldname]
            for btext in sorted(terms):
                yield fieldname, btext, terms[btext]

    def save(self):
        self.current = [(f, t) + p for f, t, postings in self._sorted_groups() for p in postings]
        self._fields = {}
        super().save()  # writes the (already sorted) postings as a run

    def iter_groups(self):
        """(fieldname, term bytes, [(docnum, weight, value) in docnum order]) for every term, in field and term
        order."""
        if not self.runs:
            return self._sorted_groups()
        return ((f, t, [p[2:] for p in ps]) for (f, t), ps in groupby(self.items(), key=itemgetter(0, 1)))


class _Writer(SegmentWriter):
    """Whoosh's SegmentWriter with a grouped posting pool, writing the postings with `write_postings`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = _GroupedPool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        # the fields add_document handles itself: neither spelling words nor term vectors to write
        self._plain = {name for name, f in self.schema.items() if not (f.separate_spelling() or f.vector)}

    def add_document(self, **fields):
        """SegmentWriter.add_document, handing each field's postings to the pool in one call."""
        if not self._plain.issuperset(name for name in fields if not name.startswith("_")):
            return super().add_document(**fields)
        self._check_state()
        schema, perdoc, docnum = self.schema, self.perdocwriter, self.docnum
        docboost = self._doc_boost(fields)
        perdoc.start_doc(docnum)
        try:
            for fieldname in sorted(name for name in fields if not name.startswith("_")):
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    length = self.pool.add_postings(fieldname, docnum, field.index(value),
                                                    self._field_boost(fields, fieldname, docboost), field.scorable)
                stored = fields.get("_stored_" + fieldname, value)
                perdoc.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdoc.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        pdr = self.per_document_reader()
        try:
            write_postings(self.fieldwriter, self.schema, pdr, self.pool.iter_groups())
            self.fieldwriter.close()
        finally:
            pdr.close()


def open_writer(ix, limitmb: int = 256, lock: bool = True) -> SegmentWriter:
    """A writer for one new segment of ix in our codec (lock=False: a worker beside a writer holding the lock)."""
    return _Writer(ix, _lk=lock, limitmb=limitmb, codec=MarqueeCodec())
