"""Facets as small classes that turn the search service's counts into plain, linkable values.

No HTTP here: request arguments come in as a dict of lists, links go out as query strings.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from urllib.parse import urlencode

Args = dict[str, list[str]]

FILTER_KEYS = ("q", "show", "person", "from", "to", "sort")


def query_string(args: Args, **changes: list[str] | None) -> str:
    """'?...' for args with some keys replaced (None removes them); the page always resets."""
    new = {k: list(v) for k, v in args.items() if k in FILTER_KEYS and v}
    for k, v in changes.items():
        if v:
            new[k] = list(v)
        else:
            new.pop(k, None)
    pairs = [(k, v) for k in FILTER_KEYS for v in new.get(k, []) if v != ""]
    return "?" + urlencode(pairs)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    toggle_url: str
    selected: bool


@dataclass
class Chip:
    """An active filter, shown as a removable chip."""

    kind: str
    label: str
    remove_url: str


class EntityFacet:
    """Show or person facet: values OR together; toggling one adds or removes it from the URL."""

    def __init__(self, name: str, title: str):
        self.name = name
        self.title = title

    def values(self, counts, args: Args) -> list[FacetValue]:
        chosen = args.get(self.name, [])
        chosen_keys = {c.casefold() for c in chosen}
        out = []
        for c in counts:
            selected = c.label.casefold() in chosen_keys or c.value in chosen_keys
            if selected:
                rest = [x for x in chosen if x.casefold() not in (c.label.casefold(), c.value)]
            else:
                rest = chosen + [c.label]
            out.append(FacetValue(c.value, c.label, c.count, query_string(args, **{self.name: rest}), selected))
        return out


class DateFacet:
    """Year -> month drill-down over the service's month counts ('YYYY-MM')."""

    name = "date"
    title = "Date"

    def years(self, months, args: Args) -> list[FacetValue]:
        per_year: dict[str, int] = {}
        for m in months:
            per_year[m.value[:4]] = per_year.get(m.value[:4], 0) + m.count
        sel = self.selected_year(args)
        out = []
        for y in sorted(per_year, reverse=True):
            selected = y == sel
            url = query_string(args, **{"from": None, "to": None}) if selected else \
                query_string(args, **{"from": [f"{y}-01-01"], "to": [f"{y}-12-31"]})
            out.append(FacetValue(y, y, per_year[y], url, selected))
        return out

    def months(self, months, args: Args) -> list[FacetValue]:
        """Months of the selected year (empty unless a single year is selected)."""
        year = self.selected_year(args) or self.selected_month(args, year_only=True)
        if not year:
            return []
        sel = self.selected_month(args)
        out = []
        for m in months:
            if not m.value.startswith(year):
                continue
            y, mo = int(m.value[:4]), int(m.value[5:7])
            last = calendar.monthrange(y, mo)[1]
            selected = m.value == sel
            url = query_string(args, **{"from": [f"{year}-01-01"], "to": [f"{year}-12-31"]}) if selected else \
                query_string(args, **{"from": [f"{m.value}-01"], "to": [f"{m.value}-{last:02d}"]})
            out.append(FacetValue(m.value, calendar.month_abbr[mo], m.count, url, selected))
        return out

    @staticmethod
    def selected_year(args: Args) -> str | None:
        f, t = (args.get("from") or [""])[0], (args.get("to") or [""])[0]
        if len(f) >= 4 and f[:4] == t[:4] and f[4:] in ("", "-01-01") and t[4:] in ("", "-12-31"):
            return f[:4]
        return None

    @staticmethod
    def selected_month(args: Args, year_only: bool = False) -> str | None:
        f, t = (args.get("from") or [""])[0], (args.get("to") or [""])[0]
        if len(f) >= 7 and f[:7] == t[:7] and f[7:] in ("", "-01"):
            return f[:4] if year_only else f[:7]
        return None


def chips(args: Args) -> list[Chip]:
    """One removable chip per active filter."""
    out = []
    for kind in ("show", "person"):
        vals = args.get(kind, [])
        for v in vals:
            out.append(Chip(kind, v, query_string(args, **{kind: [x for x in vals if x != v]})))
    f, t = (args.get("from") or [""])[0], (args.get("to") or [""])[0]
    if f or t:
        label = f"{f or '…'} – {t or '…'}"
        out.append(Chip("date", label, query_string(args, **{"from": None, "to": None})))
    return out
