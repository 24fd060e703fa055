"""The search-box language, parsed into plain data (no Whoosh here).

    narcos mexico            all words (falls back to any word when nothing has all)
    "second season"          a phrase
    -reboot  -"box office"   exclude a word or phrase
    show:"Narcos: Mexico"    filter by show (exact name, any case or accents)
    person:luna              filter by person
    date:2018  date:2018-12  date:2018-12-05  date:2018-01..2018-06   filter by date

Unknown ``field:`` prefixes and stray quotes or brackets are read as plain words, so any input parses.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 500
MAX_TERMS = 32

_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))')


class QueryError(ValueError):
    """A query or filter the user must fix (shown as a 400 with this message)."""


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    exclude_words: list[str] = field(default_factory=list)
    exclude_phrases: list[list[str]] = field(default_factory=list)
    shows: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    date_from: _dt.date | None = None
    date_to: _dt.date | None = None

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)


def parse_date_bound(value: str, end: bool = False) -> _dt.date:
    """'2018' / '2018-12' / '2018-12-05' -> a date (the first day, or the last day when end=True)."""
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            y = int(value)
            return _dt.date(y, 12, 31) if end else _dt.date(y, 1, 1)
        if re.fullmatch(r"\d{4}-\d{1,2}", value):
            y, m = map(int, value.split("-"))
            return _dt.date(y, m, calendar.monthrange(y, m)[1] if end else 1)
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD") from None


def _plain_words(text: str) -> list[str]:
    return re.findall(r"\w+(?:[.'’]\w+)*", text)


def parse(text: str) -> ParsedQuery:
    """Parse the search box; never raises for odd syntax, only for impossible dates."""
    text = "".join(ch if ch.isprintable() else " " for ch in (text or ""))[:MAX_QUERY_CHARS]
    q = ParsedQuery()
    for m in _TOKEN.finditer(text):
        neg, fname, quoted, bare = m.group(1) == "-", (m.group(2) or "").lower(), m.group(3), m.group(4)
        value = quoted if quoted is not None else (bare or "")
        if fname in ("show", "person") and value.strip():
            (q.shows if fname == "show" else q.persons).append(value.strip())
            continue
        if fname == "date" and value.strip():
            lo, _, hi = value.partition("..")
            q.date_from = parse_date_bound(lo) if lo else None
            q.date_to = parse_date_bound(hi or lo, end=True) if (hi or lo) else None
            continue
        if fname:  # unknown field: keep its words
            value = f"{fname} {value}"
        ws = _plain_words(value)
        if not ws:
            continue
        if quoted is not None and len(ws) > 1:
            (q.exclude_phrases if neg else q.phrases).append(ws)
        else:
            (q.exclude_words if neg else q.words).extend(ws)
    q.words = q.words[:MAX_TERMS]
    return q
