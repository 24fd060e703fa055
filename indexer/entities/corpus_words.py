"""The words a corpus writes in lower case, counted across its articles: as capitalised one-word names they need
stronger evidence. (A set subclass, so kept apart from the compiled stages: see setup.py.)"""
from __future__ import annotations

from collections import Counter


class CommonWords(set):
    """The words a corpus writes in lower case; `mostly` holds those it writes in lower case at least 3 times and
    in a fifth of their uses or more ("gun", "carpet", "dead"; not "smith", nor "black" beside Black Friday and
    the people called Black)."""

    mostly: frozenset = frozenset()


def lower_case_words(vocab: Counter) -> CommonWords:
    """The words a corpus writes in lower case (counts case kept): as capitalised one-word names they need stronger
    evidence."""
    common, capitalised = CommonWords(), Counter[str]()
    for w, n in vocab.items():
        if w[:1].islower():
            common.add(w)
        else:
            capitalised[w.lower()] += n
    common.mostly = frozenset(w for w in common if (n := vocab[w]) >= 3 and n * 4 >= capitalised[w])
    return common
