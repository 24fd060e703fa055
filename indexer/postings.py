"""The per-token and per-posting loops of indexing, compiled with mypyc (setup.py): a text's term positions, their
encoded postings, a document's postings pooled by term, and each term's posting blocks written in Whoosh's W3
format. Plain functions over plain values: the Whoosh classes that call them live in codec.py and schema.py."""
from __future__ import annotations

from array import array
from hashlib import md5
from pickle import dumps
from struct import Struct
from typing import Any, cast

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte


def term_positions(terms: Any, words: list) -> dict[str, list[int]]:
    """Index term -> its positions among words, looked up in terms (raw token -> term, None when dropped: a
    mapping that works a missing token out, so it is read by item, never with get)."""
    out: dict[str, list[int]] = {}
    pos = 0
    for word in words:
        text = terms[word]
        if text is None:
            continue
        positions = out.get(text)
        if positions is None:
            out[text] = [pos]
        else:
            positions.append(pos)
        pos += 1
    return out


_SINGLE_POSITION: dict[int, bytes] = {}  # position -> the Positions format's bytes for that one position


def encoded_postings(positions: dict[str, list[int]], boost: Any) -> list[tuple]:
    """(term bytes, frequency, weight, encoded positions) for each term: what fields.TEXT with a Positions format
    writes for the same terms."""
    out: list[tuple] = []
    single = _SINGLE_POSITION
    for word, poses in positions.items():
        if len(poses) == 1:  # most terms occur once in a text: their encoded position is looked up
            v = single.get(poses[0])
            if v is None:
                v = single[poses[0]] = pack_uint(1) + dumps(poses, 2)
            out.append((word.encode("utf-8"), 1, boost, v))
            continue
        deltas = [p - q for p, q in zip(poses, [0] + poses[:-1])]
        out.append((word.encode("utf-8"), len(poses), len(poses) * boost, pack_uint(len(deltas)) + dumps(deltas, 2)))
    return out


def pool_postings(terms: dict, fieldname: str, docnum: int, items: Any, boost: Any, scorable: Any
                  ) -> tuple[int, int]:
    """Add a document's (btext, freq, weight, value) postings in one field to terms (term bytes -> postings);
    returns the field's length and Whoosh's estimate of the postings' memory, so that runs spill about where its
    pool's do."""
    length = size = 0
    overhead = 150 + len(fieldname)
    for btext, freq, weight, value in items:
        if scorable:
            length += freq
        posting = (docnum, weight * boost, value)
        postings = terms.get(btext)
        if postings is None:
            terms[btext] = [posting]
        else:
            postings.append(posting)
        size += overhead + 2 * len(btext) + len(value or "")
    return length, size


def _float32(weight: float) -> float:
    """A weight as W3 keeps a block's weights: a 32-bit float."""
    as32: array[float] = array("f", (weight,))
    return as32[0]


#: Posting blocks are pickled with protocol 4, W3's with 2. Any pickle reads back the same (Whoosh's reader calls
#: pickle.loads), but protocol 2 has no opcode for bytes and writes every posting's positions as a call to
#: codecs.encode: 12x slower to write, 15x slower to read, twice the size.
_BLOCK_PICKLE = 4
_TERM_HEAD = W3TermInfo._struct.pack
_KEY_AND_VALUE_LENGTHS = Struct("!ii").pack  # filetables' record header


def write_postings(fw: Any, schema: Any, lengths: Any, groups: Any) -> None:
    """Write each term's postings, (fieldname, btext, [(docnum, weight, value), ...]) in field and term order,
    into the W3 field writer fw's files.

    What W3FieldWriter.add_postings writes, but for the block pickles' protocol (_BLOCK_PICKLE), with a few list
    operations per term instead of four method calls per posting and a term-info object per term; a test reads
    every term back from both. Blocks of `blocklimit` postings, uncompressed, none inlined: our codec's settings.
    """
    codec = fw._codec
    if codec._compression or codec._inlinelimit > 1:
        raise ValueError("write_postings writes uncompressed, never-inlined blocks only")
    limit = codec._blocklimit
    post = fw._postfile.file  # a _PositionedFile: our writes keep its position
    tindex = fw._tindex
    tfile, index, buckets, fieldmap = tindex.dbfile.file, tindex.index, tindex.buckets, fw._fieldmap
    ppos, tpos, lastkey = post.tell(), tfile.tell(), tindex.lastkey
    lastfn = None
    key_prefix, fixed, table, tablen = b"", None, None, 0
    f32: dict[float, float] = {}  # weight -> as a 32-bit float
    # weights, lengths and values keep the Python types they arrive with (an int weight pickles as an int)
    bvals: Any
    maxweight: Any
    post_out: list[bytes] = []  # written a few thousand terms at a time
    term_out: list[bytes] = []
    for fieldname, btext, postings in groups:
        if fieldname != lastfn:
            if fieldname not in fieldmap:
                fieldmap[fieldname] = len(fieldmap)
            key_prefix = pack_ushort(fieldmap[fieldname])
            fixed = schema[fieldname].format.fixed_value_size()
            table = lengths.lengths_of(fieldname) if lengths is not None else None
            tablen = len(table) if table is not None else 0
            lastfn = fieldname
        if len(postings) == 1:  # most terms: one posting, one block
            docnum, weight, vbytes = postings[0]
            if docnum == -1:
                continue
            w32 = f32.get(weight)
            if w32 is None:
                w32 = f32[weight] = _float32(weight)
            length = (table[docnum] if docnum < tablen else None) if table is not None else None
            lb = length_to_byte(length) if length else 0
            if fixed == 0:
                bvals = None
            elif fixed is None:
                bvals = (vbytes,) if vbytes else ()
            else:
                bvals = vbytes or b""
            maxweight = weight if weight > 0 else 0
            data = dumps(((docnum,), None if w32 == 1.0 else w32, bvals), _BLOCK_PICKLE)
            info = dumps((1, docnum, maxweight, 0, lb, lb), 2)
            blob = WHOOSH3_HEADER_MAGIC + pack_int(-(len(info) + len(data))) + info + data
            value = _TERM_HEAD(False, w32, 1, lb, lb, maxweight, docnum, docnum) + pack_long(ppos) \
                + pack_int(len(blob))
            n = 1
        else:
            blob, value, n = _term_blocks(postings, limit, fixed, table, tablen, ppos)
            if not n:
                continue
        post_out.append(blob)
        ppos += len(blob)
        key = key_prefix + btext
        if key <= lastkey:
            raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
        index.append(tpos)
        record = _KEY_AND_VALUE_LENGTHS(len(key), len(value)) + key + value
        term_out.append(record)
        h = int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")  # filetables' md5_hash
        buckets[h & 255].append((h, tpos))
        tpos += len(record)
        lastkey = key
        if len(term_out) >= 4096:
            post.write(b"".join(post_out))
            tfile.write(b"".join(term_out))
            post_out, term_out = [], []
    post.write(b"".join(post_out))
    tfile.write(b"".join(term_out))
    tindex.lastkey = lastkey


def _term_blocks(postings: list[tuple], limit: int, fixed: int | None, table: list | None, tablen: int,
                 start: int) -> tuple[bytes, bytes, int]:
    """A term's posting blocks as W3 writes them, its term-info bytes (the blocks written at `start` in the
    postings file), and its number of postings (0: none, only spelling entries)."""
    ids = [p[0] for p in postings if p[0] != -1]  # -1: a spelling entry (Whoosh's convention), not a posting
    if not ids:
        return b"", b"", 0
    if len(ids) < len(postings):
        postings = [p for p in postings if p[0] != -1]
    if len(ids) > 1 and sorted(ids) != ids:  # added out of docnum order: Whoosh's pool would sort them
        postings = sorted(postings)
        ids = [p[0] for p in postings]
    weights = [p[1] for p in postings]
    parts = [WHOOSH3_HEADER_MAGIC]
    # weights, lengths and values keep the Python types they arrive with (an int weight pickles as an int): cast
    # to Any, the compiler reads them as Python objects, not as the type of their first value
    t_weight, t_minlen, t_maxlen, t_maxweight = cast(Any, 0), cast(Any, None), cast(Any, 0), cast(Any, 0)
    minlen: Any
    maxlen: Any
    bvals: Any
    mini_w: Any
    n = len(ids)
    for b in range(0, n, limit):
        bids = ids[b:b + limit]
        bweights = weights[b:b + limit]
        bw: array[float] = array("f", bweights)
        maxweight = cast(Any, 0)
        for w in bweights:
            if w > maxweight:
                maxweight = w
        if table is None:
            minlen, maxlen = None, 0
        else:
            lens = [x for x in (table[d] if d < tablen else None for d in bids) if x]
            minlen, maxlen = (min(lens), max(lens)) if lens else (None, 0)
        if fixed == 0:
            bvals = None
        else:
            bvals = [p[2] for p in postings[b:b + limit] if p[2]]
            bvals = tuple(bvals) if fixed is None else b"".join(bvals)
        t_weight += sum(bw)
        t_minlen = minlen if t_minlen is None else min(t_minlen, minlen)
        t_maxlen = max(t_maxlen, maxlen)
        t_maxweight = max(t_maxweight, maxweight)
        deltas = [bids[0]]
        deltas += [d - prev for prev, d in zip(bids, bids[1:])]
        if all(w == 1.0 for w in bw):
            mini_w = None
        elif all(w == bw[0] for w in bw):
            mini_w = bw[0]
        else:
            mini_w = tuple(bw)
        data = dumps((tuple(deltas), mini_w, bvals), _BLOCK_PICKLE)
        info = dumps((len(bids), bids[-1], maxweight, 0, length_to_byte(minlen), length_to_byte(maxlen)), 2)
        size = len(info) + len(data)
        parts += (pack_int(-size if b + limit >= n else size), info, data)
    blob = b"".join(parts)
    value = _TERM_HEAD(False, t_weight, n, 0 if t_minlen is None else length_to_byte(t_minlen),
                       length_to_byte(t_maxlen), t_maxweight, ids[0], ids[-1]) \
        + pack_long(start) + pack_int(len(blob))
    return blob, value, n
