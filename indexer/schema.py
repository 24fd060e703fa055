"""The Whoosh schema: which fields exist, how each is analysed, stored and weighted."""
from __future__ import annotations

from whoosh import columns, fields

from .analysis import analyzer

#: BM25F field weights: a word in the title counts more than one in the body.
TITLE_BOOST = 2.5


def build_schema() -> fields.Schema:
    """Fields of one article document."""
    text = analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=text, stored=True, field_boost=TITLE_BOOST),
        body=fields.TEXT(analyzer=text, stored=True),
        # exact, folded entity keys ("narcos: mexico") for filters and facets; display forms are stored apart
        show=fields.KEYWORD(commas=True, lowercase=False, scorable=True),
        person=fields.KEYWORD(commas=True, lowercase=False, scorable=True),
        shows=fields.STORED(),
        persons=fields.STORED(),
        date=fields.DATETIME(stored=True, sortable=True),
        category=fields.STORED(),
        source=fields.STORED(),
        url=fields.STORED(),
        authors=fields.STORED(),
        origin=fields.STORED(),  # the source file, for reindex --prune
        hash=fields.STORED(),  # content hash, for incremental reindex
        # 8-byte digest of the story text, as a column only: same value = duplicate story
        fingerprint=fields.COLUMN(columns.FixedBytesColumn(8)),
    )
