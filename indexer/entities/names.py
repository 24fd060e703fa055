"""First names (gender-guesser's dictionary, shipped in its wheel): is a capitalised word a given name?"""
from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..analysis import STOP_WORDS

# function words the name dictionary lists as rare given names ("The", "He", "An"): in English text they are
# never the first word of a person's name, while "Will" is
_NEVER_GIVEN = STOP_WORDS - {"will"}


def _name_cache_dir() -> Path:
    """Where the parsed first-name list is kept between runs ($MARQUEE_CACHE_DIR, else the per-user cache)."""
    import platformdirs

    return Path(os.environ.get("MARQUEE_CACHE_DIR") or platformdirs.user_cache_dir("marquee"))


def _parse_name_dictionary(data: str) -> frozenset[str]:
    names: set[str] = set()
    for line in data.splitlines():
        line = line.strip()
        if line and line[0] not in "#=":
            name = line.split()[1].lower()
            if "+" in name:  # the dictionary's spelling variants: "Jean+Pierre" is Jeanpierre, Jean Pierre, Jean-Pierre
                names.update(name.replace("+", sep) for sep in ("", " ", "-"))
            else:
                names.add(name)
    return frozenset(names)


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """The given names (lower case) of gender-guesser's name dictionary, or none if it cannot be read.

    Read straight from the dictionary file: gender_guesser.Detector parses it into per-country gender tables
    (0.2 s a process) and we only ask whether a word is there. Parsing the 4 MB file still takes ~60 ms, so the
    names are kept in a small cache file keyed by the dictionary's size and time (~7 ms to read back).
    """
    try:
        source = resources.files("gender_guesser") / "data" / "nam_dict.txt"
        with resources.as_file(source) as path:
            stat = path.stat()
            cached = _name_cache_dir() / f"first-names-{stat.st_size}-{stat.st_mtime_ns}.txt"
            try:
                count, _, body = cached.read_text(encoding="utf-8").partition("\n")
                names = frozenset(body.split("\n"))
                if count == str(len(names)):  # a damaged cache holds a different number of names
                    return names
            except (OSError, UnicodeDecodeError):
                pass
            data = path.read_text(encoding="utf-8")
    except Exception:  # a missing resource must never crash the indexer
        return frozenset()
    names = _parse_name_dictionary(data)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        tmp.write_text(f"{len(names)}\n" + "\n".join(sorted(names)), encoding="utf-8")
        os.replace(tmp, cached)  # readers see the whole file or none
    except OSError:
        pass  # a read-only home: parse again next time
    return names


def preload() -> None:
    """Load the first-name dictionary now (before forking workers, so that they share one copy)."""
    _first_names()


@lru_cache(maxsize=200_000)
def is_first_name(word: str) -> bool:
    """True when word is a capitalised given name in the dictionary (an all-capitals acronym is not)."""
    if not word[:1].isupper() or word.isupper() and len(word) > 1 or word.lower() in _NEVER_GIVEN:
        return False
    return word.lower() in _first_names()
