"""The Whoosh schema: which fields exist, how each is analysed, stored and weighted."""
from __future__ import annotations

import re

from whoosh import columns, fields
from whoosh.system import pack_uint

from .analysis import analyzer
from .postings import encoded_postings

#: BM25F field weights: a word in the title counts more than one in the body.
TITLE_BOOST = 2.5
TEXT_FIELDS = ("title", "body")  # the fields a query's words are searched in


class ArticleText(fields.TEXT):
    """TEXT whose indexing skips Whoosh's per-token objects: same postings, about a third of the work.

    The postings (term, frequency, weight, encoded positions) are exactly what fields.TEXT would produce
    with the same analyzer and a Positions format; queries still go through the analyzer's token stream.
    """

    def index(self, value, **kwargs):
        if isinstance(value, Analysed):
            return value.postings
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not text")
        return encoded_postings(self.analyzer.term_positions(value), self.format.field_boost)


class Analysed:
    """A text's postings worked out ahead of adding its document (ArticleText.index returns them as they are)."""

    __slots__ = ("postings",)

    def __init__(self, postings: list[tuple]):
        self.postings = postings


class ArticleId(fields.ID):
    """ID whose indexing skips Whoosh's token objects: the whole value is the one term (tests compare with ID)."""

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not text")
        return [(value.encode("utf-8"), 1, self.format.field_boost, b"")]


class EntityKeys(fields.KEYWORD):
    """Comma-separated, case-kept keywords with frequencies (KEYWORD(commas=True, lowercase=False, scorable=True)),
    indexed without Whoosh's token objects (tests compare the two)."""

    def __init__(self):
        super().__init__(commas=True, lowercase=False, scorable=True)

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not text")
        counts: dict[str, int] = {}
        for piece in _COMMA_SEPARATED.findall(value):
            word = piece.strip()
            counts[word] = counts.get(word, 0) + 1
        boost = self.format.field_boost
        return [(w.encode("utf-8"), n, float(n) * boost, pack_uint(n)) for w, n in counts.items()]


_COMMA_SEPARATED = re.compile(r"[^,]+")  # Whoosh's CommaSeparatedTokenizer, whose tokens are then stripped


class DateColumn(fields.DATETIME):
    """A stored, sortable date that is not indexed: filters and sorting read the column, never postings."""

    def __init__(self):
        super().__init__(stored=True, sortable=True)
        self.indexed = False


def build_schema() -> fields.Schema:
    """Fields of one article document."""
    text = analyzer()
    return fields.Schema(
        id=ArticleId(stored=True, unique=True),
        title=ArticleText(analyzer=text, stored=True, field_boost=TITLE_BOOST),
        body=ArticleText(analyzer=text, stored=True),
        # exact, folded entity keys ("narcos: mexico") for filters and facets; display forms are stored apart
        show=EntityKeys(),
        person=EntityKeys(),
        shows=fields.STORED(),
        persons=fields.STORED(),
        date=DateColumn(),
        category=fields.STORED(),
        source=fields.STORED(),
        url=fields.STORED(),
        authors=fields.STORED(),
        origin=fields.STORED(),  # the source file, for reindex --prune
        hash=fields.STORED(),  # content hash, for incremental reindex
        # 8-byte digest of the story text, as a column only: same value = duplicate story
        fingerprint=fields.COLUMN(columns.FixedBytesColumn(8)),
        # 8-byte digest of the title and the body's opening: same value = the same story, corrected
        lead=fields.COLUMN(columns.FixedBytesColumn(8)),
        # the show keys and the person keys again, as "show,keys\nperson,keys": the web reads every document's
        # facet keys from this column in seconds, where the fields' postings take minutes at a million articles
        facet_keys=fields.COLUMN(columns.VarBytesColumn()),
    )
