"""Text analysis for the index: NLTK tokenizer and Snowball stemmer wrapped as a Whoosh analyzer.

Pipeline per token: NLTK RegexpTokenizer span -> lower-case -> accent fold (Félix -> felix, Peña -> pena)
-> stop-word removal -> Snowball English stem. Positions and character offsets are kept, so phrase
queries and highlighting work. Needs no nltk.download() data.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

import Stemmer
from nltk.stem.snowball import EnglishStemmer
from nltk.tokenize import RegexpTokenizer
from whoosh.analysis import Composable, Token

from .postings import term_positions

#: Words joined by apostrophes or dots stay one token ("alzheimer's", "u.s"); hyphens split ("spider-man").
TOKEN_PATTERN = r"\w+(?:[.'’]\w+)*"

#: English function words dropped from the index and from queries (our own list: NLTK's needs a download).
STOP_WORDS = frozenset("""
a an and are as at be been but by for from had has have he her his i if in into is it its me my
no not of on or our she so than that the their them then there these they this those to was we were
which while who whom will with would you your
""".split())

#: The stemmer new indexes record and use: the Snowball project's own English stemmer, compiled (PyStemmer), 5.6
#: times as fast as NLTK's Python port over the corpora's words, and of the current algorithm ("added" stays "add", where NLTK's makes it
#: "ad"; "international" is not "intern"). An index built before records none and keeps NLTK's, so that its
#: queries stem as its documents did; the two differ on 0.2% of the words of the news corpora.
STEMMER = "snowball"
_OLD_STEMMER = "nltk"


def stem_function(name: str) -> Callable[[str], str]:
    """The stemming function an index's analyzer records by name."""
    return EnglishStemmer().stem if name == _OLD_STEMMER else Stemmer.Stemmer("english").stemWord


_STEM = stem_function(STEMMER)


class WordTokenizer(RegexpTokenizer):
    """NLTK's RegexpTokenizer for our own word pattern, compiled by the stdlib `re`.

    NLTK (3.10+) compiles a caller's pattern with the `regex` engine under a wall-clock timeout, a guard against
    catastrophically backtracking patterns from untrusted callers. TOKEN_PATTERN is ours and linear (no nested
    or overlapping repeats), so the guard buys nothing here and costs 4-6x the tokenising time.
    """

    def __init__(self):
        super().__init__(TOKEN_PATTERN)

    def _check_regexp(self):
        if self._regexp is None:
            self._regexp = re.compile(self._pattern, self._flags)


_TOKENIZER = WordTokenizer()


def _combining_class() -> re.Pattern:
    """A character class of the combining marks (accents) in the Basic Multilingual Plane."""
    marks = [chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))]
    return re.compile("[" + "".join(re.escape(m) for m in marks) + "]+")


_COMBINING = _combining_class()


def fold(text: str) -> str:
    """Lower-case and strip accents ("Peña" -> "pena"); the canonical form for matching names and words."""
    text = text.lower().replace("’", "'")
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def normalize_word(word: str, stem: bool = True, stems: dict[str, str] | None = None,
                   stemmer: Callable[[str], str] = _STEM) -> str | None:
    """The index term for one raw token, or None for a stop word.

    stems: a cache of stems by folded word, shared by the spellings that fold alike ("Film", "film", "FILM").
    """
    w = fold(word)
    if w.endswith("'s"):
        w = w[:-2]
    if not w or w in STOP_WORDS:
        return None
    if not stem:
        return w
    if stems is None:
        return stemmer(w)
    s = stems.get(w)
    if s is None:
        s = stems[w] = stemmer(w)
    return s


class _TermCache(dict):
    """Raw token -> index term (None when dropped), worked out on first lookup."""

    def __init__(self, analyzer: "MarqueeAnalyzer"):
        super().__init__()
        self._analyzer = analyzer

    def __missing__(self, word: str) -> str | None:
        a = self._analyzer
        if len(self) > 500_000:
            self.clear()
            a._stems.clear()
        t = self[word] = normalize_word(word, a.stem, a._stems, a._stemmer)
        return t


class MarqueeAnalyzer(Composable):
    """Whoosh analyzer built on NLTK; one object so the per-token work is a single cached lookup."""

    def __init__(self, stem: bool = True, stemmer: str = STEMMER):
        self.stem = stem
        self.stemmer = stemmer
        self._stemmer = stem_function(stemmer)
        self._stems: dict[str, str] = {}  # folded word -> stem
        self._cache = _TermCache(self)  # raw token -> term

    def __getstate__(self):
        # The schema is pickled into the index: keep the cache out of it.
        return {"stem": self.stem, "stemmer": self.stemmer}

    def __setstate__(self, state):
        self.__init__(state.get("stem", True), state.get("stemmer", _OLD_STEMMER))

    def __eq__(self, other):
        return type(other) is type(self) and (other.stem, other.stemmer) == (self.stem, self.stemmer)

    def __hash__(self):
        return hash((type(self), self.stem, self.stemmer))

    def _spans(self, value: str):
        return _TOKENIZER.span_tokenize(value)

    def term(self, word: str) -> str | None:
        """Cached index term for a raw token (None when dropped)."""
        return self._cache[word]

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """Index term -> its positions in value: what the token stream below yields, without Token objects.

        The indexer's fast path (see schema.ArticleText); tests check it agrees with __call__.
        """
        return term_positions(self._cache, _TOKENIZER.tokenize(value))

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        term = self.term
        for start, end in self._spans(value):
            word = value[start:end]
            text = term(word)
            if text is None:
                if not removestops:
                    t.text, t.stopped = fold(word), True
                    if chars:
                        t.startchar, t.endchar = start_char + start, start_char + end
                    yield t
                continue  # no position: Whoosh phrases match on consecutive positions, stop words are invisible
            t.text = text
            t.stopped = False
            t.boost = 1.0
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            pos += 1
            yield t


def analyzer(stem: bool = True, stemmer: str = STEMMER) -> MarqueeAnalyzer:
    """The analyzer used for title and body (an index's own records its stemmer: see STEMMER)."""
    return MarqueeAnalyzer(stem=stem, stemmer=stemmer)
