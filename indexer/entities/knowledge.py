"""The knowledge stage: what the shipped lists know about a name (a known film or TV title, a known person,
how common a first name or surname is, a ceremony or programme and its aliases), and the editors' gazetteer.

The knowledge file (data/knowledge.json.gz) is derived from open lists by `build_knowledge`; it is loaded once
per process, from a faster pickled copy in the cache folder after the first load. A missing or damaged file
leaves recognition working on context alone: it never stops the indexer.
"""
from __future__ import annotations

import gzip
import json
import os
import pickle
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..analysis import fold

FORMAT_VERSION = 1
KNOWLEDGE_FILE = Path(__file__).parent / "data" / "knowledge.json.gz"

_PARENS = re.compile(r"\s*\([^)]*\)\s*$")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_TITLE_MARKS = str.maketrans({"&": " and ", "-": " ", "'": None})


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """A person's name folded for look-up: case, accents and punctuation gone ("Peña" -> "pena")."""
    return _SPACES.sub(" ", _NON_WORD.sub(lambda m: " " if "-" in m.group() else "", fold(name))).strip()


@lru_cache(maxsize=100_000)
def title_key(title: str) -> str:
    """A title folded for look-up: case, accents, punctuation, "&"/"and", a leading "the" and a trailing
    "(...)" do not matter ("The Dawson's Creek (TV series)" -> "dawsons creek")."""
    key = fold(title)
    if "(" in key:
        key = _PARENS.sub("", key)
    key = key.translate(_TITLE_MARKS)
    if not key.replace(" ", "").isalnum():
        key = _NON_WORD.sub(" ", key)
    key = " ".join(key.split())
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True, slots=True)
class TitleInfo:
    """What the lists say of a title: kinds ("f" film, "t" TV, or both), first year, how many lists hold it
    (plus one for a box-office figure or an IMDb id)."""

    kinds: str
    year: int
    weight: int


def _pack(kinds: str, year: int, weight: int) -> int:
    """One small int per title (140k TitleInfo objects would cost ~40 MB and a slower load)."""
    return (weight << 14 | (year & 0xFFF)) << 2 | ("f" in kinds) | ("t" in kinds) << 1


def _unpack(packed: int) -> TitleInfo:
    kinds = ("f" if packed & 1 else "") + ("t" if packed & 2 else "")
    return TitleInfo(kinds, (packed >> 2) & 0xFFF, packed >> 16)


@dataclass
class Knowledge:
    """Look-ups over the knowledge file; an empty Knowledge (no file) knows nothing and says so."""

    titles: dict[str, int] = field(default_factory=dict)  # title key -> packed TitleInfo (see _pack)
    people: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()  # birthplaces and countries (title keys)
    first_names: dict[str, float] = field(default_factory=dict)
    last_names: dict[str, float] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # title_key of an alias -> the full name
    ceremonies: frozenset[str] = frozenset()  # title keys of ceremony names and their aliases
    programmes: frozenset[str] = frozenset()  # title keys of the curated programmes and their abbreviations
    attribution: str = ""

    @classmethod
    def from_data(cls, data: dict) -> "Knowledge":
        titles = {k: _pack(kinds, year, weight) for k, kinds, year, weight in data.get("titles", [])}
        aliases: dict[str, str] = {}
        ceremonies: set[str] = set()
        programmes: set[str] = set()
        for kind, into in (("ceremony", ceremonies), ("abbreviation", programmes)):
            for entry in data.get(kind, []):
                into.add(title_key(entry["name"]))
                for alias in entry["aliases"]:
                    aliases[title_key(alias)] = entry["name"]
                    into.add(title_key(alias))
        return cls(titles, frozenset(data.get("people", [])), frozenset(data.get("places", [])),
                   data.get("first_names", {}),
                   data.get("last_names", {}), aliases, frozenset(ceremonies), frozenset(programmes),
                   data.get("attribution", ""))

    def look_up(self, name: str) -> tuple[TitleInfo | None, bool]:
        """What the lists say of a name in one look-up: its title entry (or None), and whether it is a place."""
        key = title_key(name)
        packed = self.titles.get(key)
        return (None if packed is None else _unpack(packed)), key in self.places

    def title(self, name: str) -> TitleInfo | None:
        packed = self.titles.get(title_key(name))
        return None if packed is None else _unpack(packed)

    def is_listed_title(self, name: str) -> bool:
        """A listed title of two words or more: firm enough to keep a run whole or to cut it."""
        key = title_key(name)
        packed = self.titles.get(key)
        return packed is not None and " " in key

    def is_place(self, name: str) -> bool:
        return title_key(name) in self.places

    def is_person(self, name: str) -> bool:
        return name_key(name) in self.people

    def person_spans(self, tokens: list[str]) -> list[tuple[int, int]]:
        """Known people's names inside a run of words, longest first, not overlapping ("Bill Maher Shreds Donald
        Trump" -> the spans of "Bill Maher" and "Donald Trump")."""
        if not self.people or len(tokens) < 3:
            return []
        spans: list[tuple[int, int]] = []
        taken = [False] * len(tokens)
        for size in (4, 3, 2):
            for i in range(len(tokens) - size + 1):
                if not any(taken[i:i + size]) and name_key(" ".join(tokens[i:i + size])) in self.people:
                    spans.append((i, i + size))
                    taken[i:i + size] = [True] * size
        return sorted(spans)

    def full_name(self, name: str) -> str | None:
        """The full name of a curated ceremony or programme an alias stands for ("Oscars" -> "Academy Awards")."""
        return self.aliases.get(title_key(name))

    def is_ceremony(self, name: str) -> bool:
        return title_key(name) in self.ceremonies


def _cache_dir() -> Path:
    import platformdirs

    return Path(os.environ.get("MARQUEE_CACHE_DIR") or platformdirs.user_cache_dir("marquee"))


@lru_cache(maxsize=1)
def load_knowledge(path: Path = KNOWLEDGE_FILE) -> Knowledge:
    """The shipped knowledge, loaded once per process (an empty one, with a warning, if the file is unusable)."""
    try:
        stat = path.stat()
        cached = _cache_dir() / f"knowledge-{FORMAT_VERSION}-{stat.st_size}-{stat.st_mtime_ns}.pickle"
        try:
            with open(cached, "rb") as f:
                k = pickle.load(f)
            if isinstance(k, Knowledge):
                return k
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT_VERSION}")
        k = Knowledge.from_data(data)
    except Exception as e:  # a missing resource must never crash the indexer
        print(f"warning: knowledge file {path} not usable ({e}); shows and persons from context only",
              file=sys.stderr)
        return Knowledge()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(k, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only home: parse again next time
    return k
