"""Plain data types that cross module boundaries (no Whoosh objects leave indexer/)."""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field


@dataclass
class Article:
    """One news article as read from a source, before or after entity extraction."""

    id: str
    title: str
    body: str
    date: _dt.date | None = None
    url: str | None = None
    source: str | None = None
    category: str | None = None
    authors: list[str] = field(default_factory=list)
    shows: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    origin: str = ""  # the file (or URL) the article was read from, for --prune and messages
    line: int | None = None  # its line in that file, when it is one record of many (JSON Lines)

    @property
    def where(self) -> str:
        """Where the article was read, as messages name it: `file:line` or `file`."""
        return f"{self.origin}:{self.line}" if self.line else self.origin

    def content_hash(self) -> str:
        """Hash of everything read from the source, so reindex can tell a changed article."""
        payload = json.dumps(
            [self.title, self.body, self.date.isoformat() if self.date else None,
             self.url, self.source, self.category, self.authors],
            ensure_ascii=False,
        )
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()


@dataclass
class Problem:
    """A piece of bad input: where it is and what is wrong with it."""

    origin: str
    line: int | None
    message: str
    warning: bool = False  # a warning is reported but the article is still indexed
    unreadable: bool = False  # the whole source (file, folder or feed) could not be read, not one record of it

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line else self.origin
        return f"{where}: {self.message}"
