"""Stage 4, link: one key per show or person shared by all its names, and the label a facet shows."""
from __future__ import annotations

import tomllib
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..analysis import fold
from .cues import TITLE_SMALL_WORDS
from .knowledge import title_key

CURATED = Path(__file__).parent / "data" / "curated.toml"


def canonical_key(name: str) -> str:
    """The facet key of a name: case- and accent-insensitive, commas removed (they separate keywords), full stops
    too ("Donald Trump Jr." = "Donald Trump Jr", "J.J. Abrams" = "J. J. Abrams")."""
    return " ".join(fold(name).replace(",", " ").replace(".", " ").split())


def in_title_style(name: str) -> bool:
    """False for a headline's every-word capitals ("Game Of Thrones"): small words inside a title are lower case.

    The first word, the last, and a word after a colon ("Star Wars: The Last Jedi") may be capitalised.
    """
    words = name.split()
    for i in range(1, len(words) - 1):
        w = words[i]
        if w.lower() in TITLE_SMALL_WORDS and w[0].isupper() and not words[i - 1].endswith(":"):
            return False
    return True


def facet_label(kind: str, spellings: Counter) -> str:
    """The label a facet value is shown with: its most written spelling, for a show preferring title style."""
    if kind == "show":
        return max(spellings, key=lambda s: (in_title_style(s), spellings[s]))
    return spellings.most_common(1)[0][0]


@lru_cache(maxsize=1)
def show_aliases() -> dict[str, str]:
    """title_key of every curated alias -> its full name ("oscars" -> "Academy Awards", "snl" -> "Saturday Night
    Live"). Read from the small curated file, so that the web process links filters without loading the knowledge."""
    try:
        data = tomllib.loads(CURATED.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}  # never fatal: names then link only by their own spelling
    return {title_key(alias): entry["name"] for kind in ("ceremony", "abbreviation")
            for entry in data.get(kind, []) for alias in entry.get("aliases", [])}


@lru_cache(maxsize=100_000)
def facet_key(kind: str, name: str) -> str:
    """The key of a show or person, shared by all its names: case, accents and a show's leading "the" do not
    matter ("The Aviator" = "Aviator"), and a show's curated alias links to its full name ("Oscars" = "Academy
    Awards", "SNL" = "Saturday Night Live"). Facets count keys; a show: filter matches the key."""
    if kind == "show":
        full = show_aliases().get(title_key(name))
        if full is not None:
            name = full
    key = canonical_key(name)
    return key[4:] if kind == "show" and key.startswith("the ") and len(key) > 4 else key
