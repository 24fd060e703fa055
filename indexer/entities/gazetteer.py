"""The editors' gazetteer (entities.toml): local shows, persons, aliases and exclusions."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

from ..analysis import fold


@dataclass
class Gazetteer:
    """Editors' lists: shows and persons to always recognise, aliases, and names never to tag."""

    shows: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # folded alias -> canonical display name
    never: set[str] = field(default_factory=set)  # folded names
    display: dict[str, str] = field(default_factory=dict)  # folded -> display for listed names

    @classmethod
    def load(cls, path: str | Path | None) -> "Gazetteer":
        """Read a TOML gazetteer ([shows] names, [persons] names, [aliases] map, [never] names)."""
        g = cls()
        if not path:
            return g

        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise ValueError(f"{p}: invalid TOML: {e}") from e
        for kind in ("shows", "persons"):
            names = data.get(kind, {}).get("names", []) if isinstance(data.get(kind), dict) else data.get(kind, [])
            for name in names:
                getattr(g, kind).add(fold(name))
                g.display[fold(name)] = name
        for alias, canon in (data.get("aliases") or {}).items():
            g.aliases[fold(alias)] = canon
        never = data.get("never", {})
        never = never.get("names", []) if isinstance(never, dict) else never
        g.never = {fold(x) for x in never}
        return g

    def matches(self, text: str):
        """(key, kind, display) for every listed name or alias written in text (case/accent-insensitive)."""
        if not (self.shows or self.persons or self.aliases):
            return
        if getattr(self, "_pattern", None) is None:
            names = sorted(self.shows | self.persons | set(self.aliases), key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
        for m in self._pattern.finditer(fold(text)):
            key = m.group(1)
            if key in self.aliases:
                disp = self.aliases[key]
                key = fold(disp)
                kind = "person" if key in self.persons else "show"
            else:
                disp = self.display.get(key, key)
                kind = "show" if key in self.shows else "person"
            yield key, kind, disp

    def fingerprint(self) -> str:
        """Stable summary, so reindex can tell the gazetteer changed."""
        import hashlib

        blob = repr((sorted(self.shows), sorted(self.persons), sorted(self.aliases.items()), sorted(self.never)))
        return hashlib.sha1(blob.encode()).hexdigest()
