"""Stage 4, link: one key per show or person shared by all its names, and the label a facet shows."""
from __future__ import annotations

from collections import Counter

from ..analysis import fold
from .cues import TITLE_SMALL_WORDS


def canonical_key(name: str) -> str:
    """The facet key of a name: case- and accent-insensitive, commas removed (they separate keywords)."""
    return fold(name).replace(",", " ").strip()


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


def facet_key(kind: str, name: str) -> str:
    """The facet key of a show or person; a show's leading "the" is dropped ("The Aviator" = "Aviator")."""
    key = canonical_key(name)
    return key[4:] if kind == "show" and key.startswith("the ") and len(key) > 4 else key
