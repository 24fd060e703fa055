"""Stage 2, evidence: scores from the article's own context (cue words, quotes, lists), the corpus's votes
across articles, and the words the corpus writes in lower case."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import AbstractSet

from ..analysis import STOP_WORDS, fold
from .cues import (APPEAR_VERBS, AWARD_EVENT, AWARD_MEDIA, BOOK_WORDS, BROADCASTERS, COMMON_SENTENCE_STARTERS,
                   DEMONYMS, EVENT_ADJECTIVES, EVENT_AFTER, FUNCTION_IN_TITLES, HONORIFICS, KIN, LIST_INTRO,
                   MEDIUM_AFTER, MEDIUM_NOUNS, MONTHS_DAYS, MUSIC_AMBIGUOUS, MUSIC_WORDS, NAME_PARTICLES, NEVER_ALONE,
                   NOT_A_CAST, NOT_ENTITY, NOT_IN_NAMES, OF_WORK, ORG_WORDS, PEOPLE_NOUNS, PLACE_BEFORE,
                   PLAY_VERB_BEFORE, PRIZE_CATEGORY_OPENERS, PRIZE_FOR, PRIZE_NOUNS, QUOTE_CLOSE, QUOTE_OPEN,
                   ROLE_IN_WORDS, ROLE_WORDS, SAY_AFTER, SHOW_AFTER, SHOW_BEFORE, SHOW_PLURALS, SHOW_VERBS_BEFORE,
                   SUFFIXES, TITLE_ALONE, TITLE_NOUNS, TOPIC_WORDS, WEEKDAYS, WORK_BEFORE)
from .knowledge import TitleInfo
from .mentions import Mention, role_in_words
from .names import is_first_name

_WORD = re.compile(r"\w+")


def arts_topic(text: str) -> tuple[int, int, int]:
    """How many music words, screen and stage words, and book words the article uses."""
    music = screen = books = 0
    for w in _WORD.findall(text.lower()):
        if w not in TOPIC_WORDS:
            continue
        if w in MUSIC_WORDS:
            music += 1
        elif w in BOOK_WORDS:
            books += 1
        else:
            screen += 1
    return music, screen, books


SEQUEL = re.compile(r"(.+) (?:[2-9]|1[0-9]|ii|iii|iv|v|vi)")


def voted_show(votes: "Votes", key: str, common: AbstractSet[str] = frozenset()) -> bool:
    """The corpus saw key in show contexts in enough of the articles naming it."""
    vs = votes.show.get(key, 0)
    share = 0.35 if key in common else 0.15
    return vs >= 2 and vs >= votes.person.get(key, 0) and vs >= share * votes.seen.get(key, 0)


def role_in(m: Mention) -> bool:
    """"his role in Closer", "her performance in X": a part in a work (not "filmed in London")."""
    return role_in_words(m.before)


def release_year(m: Mention) -> bool:
    """Followed by a year in brackets: "Casablanca (1942)"."""
    a = [w for w in m.after if w not in QUOTE_CLOSE]
    return len(a) >= 3 and a[0] == "(" and bool(re.fullmatch(r"(18[89]|19\d|20[0-4])\d", a[1])) and a[2] == ")"


_YEARS_S = re.compile(r"(19|20)\d\d['’]s")


def show_context(m: Mention, lead_the: bool, music: bool = False) -> float:
    score = 0.0
    # look past an opening quote (the drama "Killing Eve"); in a music article "hit" means a song
    b = [w for w in m.before if w not in QUOTE_OPEN and not (music and w in MUSIC_AMBIGUOUS)]
    if m.before and m.before[-1] in QUOTE_CLOSE and not m.quoted:
        b = []  # "'Daily Show' Supercut": the words before close a quoted title, they are no cue for this one
    a = [w for w in m.after if w not in QUOTE_CLOSE]
    prev = b[-1] if b else ""
    prev2 = b[-2] if len(b) > 1 else ""
    play_verb = prev in {"play", "plays"} and prev2 in PLAY_VERB_BEFORE  # "will play Fern": a role, not a play
    if prev in SHOW_BEFORE and prev not in {"star", "stars", "starring", "starred", "cast", "season"} \
            and not play_verb:
        # the medium itself right before ("children's film Mary Poppins") outweighs a first name
        score += 2.0 if prev in MEDIUM_NOUNS else 1.0
    if prev[:1] in "12" and _YEARS_S.fullmatch(prev) and not music:
        score += 1.0  # "1999's American Beauty": a year's release
    if len(a) >= 3 and a[0] == "," and (a[1] in {"directed", "produced", "written"} and a[2] == "by"
                                        or a[1] == "starring" and a[2] not in NOT_A_CAST):
        score += 0.8  # "House of Flying Daggers, directed by ..."
    if prev in {"the", "a"} and prev2 in SHOW_BEFORE:
        score += 0.5
    if prev == "," and prev2 in MEDIUM_NOUNS and a[:1] in ([","], ["."]) and not m.possessive:
        score += 1.0  # "the film, Sins, ahead of its release": the medium named in apposition
    if prev in ("'s", "’s") and (prev2 in BROADCASTERS or " ".join(b[-3:-1]) in BROADCASTERS) and not m.possessive \
            and not (len(m.tokens) >= 2 and is_first_name(m.tokens[0]) and all(t[:1].isupper() for t in m.tokens)):
        score += 1.0  # "NBC's The Contender" is a channel's programme; "the BBC's Jonathan Beale", its reporter
    if prev in LIST_INTRO and any(w in WORK_BEFORE or w in SHOW_PLURALS for w in b[:-1]):
        score += 1.0  # "films including X, Y and Z", "the overlooked films were X, Y", "hits such as X"
    if m.list_intro:
        score += 1.0  # "B" and "C" in "films such as A, B and C"
    if release_year(m):
        score += 1.0  # "Casablanca (1944)": a title with its release year
    if prev in SHOW_VERBS_BEFORE and (prev2 in APPEAR_VERBS or prev2 in ROLE_IN_WORDS) and not m.possessive:
        score += 1.0  # "starred in X", "his role in X" (but "starred in Martin Scorsese's ...": the work follows)
    if prev == "of" and prev2 in OF_WORK and not m.possessive:
        score += 1.0  # "the Broadway revival of The Glass Menagerie", "the cast of Friends"
    if prev in {"directed", "co-directed", "produced", "producing", "directing"} and title_like(" ".join(m.tokens)):
        score += 1.0  # "who directed Harry Potter and the Prisoner of Azkaban"
    if prev == "the" and prev2 in SHOW_VERBS_BEFORE and len(b) > 2 and b[-3] in APPEAR_VERBS:
        score += 1.0
    nxt = a[0] if a else ""
    if m.possessive:
        nxt = a[0] if a else ""
    if nxt == "starring" and len(a) > 1 and a[1] in NOT_A_CAST:
        nxt = ""  # "Davis starring in ...": a person starring, not a film starring someone
    if nxt in SHOW_AFTER and not (nxt in MEDIUM_AFTER and prev not in {"the", "'s", "his", "her", "their", "its"}
                                  and not (nxt == "series" and len(a) > 1 and a[1].isdigit())):
        if nxt not in {"star", "stars", "actor", "actress", "director"}:
            score += 0.8
        elif len(a) > 1 and is_first_name(a[1].title()) and a[1] not in STOP_WORDS \
                and not (m.sent_start and len(m.tokens) == 1):  # "Lead actress Laura ..." opens a sentence
            score += 1.2  # "Vera Drake star Imelda Staunton", "Harry Potter director Alfonso Cuaron"
        else:
            score += 0.6
    if m.tokens[-1] == "Show" and len(m.tokens) >= 3 and m.tokens[0] == "The":
        score += 1.0  # "The Doris Day Show", "The Graham Norton Show"
    elif m.tokens[-1] == "Show" and len(m.tokens) >= 2 and prev == "the":
        score += 0.5  # "the Benny Hill Show" (a listed title), but not "the Consumer Electronics Show" alone
    if m.quoted:
        score += 0.5
    if ":" in m.tokens and not music and (m.quoted or not m.headline):
        # "Narcos: Mexico" (in a music or book article, an album's or a book's title); a Title Case headline
        # quotes its titles, and its bare colons attribute ("Liz Cheney: Trump ...", "... Arrested: Report")
        score += 0.8
    if len(a) > 2 and a[0] in {"is", "was", "'s"} and a[1] in {"a", "an", "the"} and a[2] in SHOW_BEFORE:
        score += 1.0  # "X is a spin-off", "X was a film"
    if lead_the:
        score += 0.2
    if m.credited and not music:
        score += 1.0  # "Bill Condon for Kinsey", "Shane Meadows for Dead Man's Shoes": a nominee's work
    elif prev == "for" and (prev2 in ROLE_WORDS or prev2 in PRIZE_NOUNS) and not music \
            and m.tokens[0].lower() not in PRIZE_CATEGORY_OPENERS:
        score += 1.0  # "best actress for Suddenly Last Summer", "the design award for X": a prize's work
    if m.after_persons and not music:
        score += 0.8  # a director's or composer's work
    return score


_HAS_DIGIT = re.compile(r"\d")


def title_prior(info: TitleInfo | None, m: Mention, music: bool, screen_words: int, off_topic: bool = False
                ) -> float:
    """How strongly the knowledge lists say a mention is a film or TV title: more lists, more weight (0.7 for one,
    1.2 for three or more), cut where a listed name says little: a Title Case headline capitalises every word, a
    music article names albums and songs, an article with no screen word seldom names a show, and a full article
    that is not about the arts (sport, business, politics) names its own things ("Grand Slam", "Number 10")."""
    if info is None:
        return 0.0
    prior = min(1.2, 0.4 + 0.3 * info.weight)
    if m.headline and not m.quoted:
        prior *= 0.4
    if music:
        prior *= 0.5
    if screen_words == 0:
        prior *= 0.8
    if off_topic:
        prior *= 0.4
    return prior


def listed_title_weight(prior: float, key: str, context: float, common: AbstractSet[str], mostly: frozenset[str],
                        place: bool = False) -> float:
    """The title prior as decided with the corpus's words: a one-word title or a place needs evidence beyond the
    list (an ordinary word, a town, a first name: "Fargo", "Friends"), and so does a phrase of ordinary words or
    one ending in a word that names a place or a firm ("Times Square")."""
    if not prior:
        return 0.0
    words = key.removeprefix("the ").split()
    if all(w in DEMONYMS or w.endswith("s") and w[:-1] in DEMONYMS for w in words):
        return 0.0  # "Asian Americans", "Native Americans": a people, whatever docuseries bears the name
    if len(words) == 1 or place or words[-1] in ORG_WORDS or words[-1] in WEEKDAYS:
        # (a day: "Black Friday" deals, "Cyber Monday", unless the article calls it a film)
        prior *= 0.4 if context <= 0 else 0.8
        if words[0] in common:
            prior *= 0.5
    elif all(w in mostly for w in words):
        prior *= 0.8
    return prior


def _plays_a_part(m: Mention, prev: str) -> bool:
    """A name an actor plays: after "plays"/"played"/"playing" (a person's verb, not "will play" a stage play),
    or after "the part of", "the role of", "the character of"."""
    b = m.before
    if m.quoted or m.possessive:
        return False
    if prev in {"plays", "played", "playing"}:
        return len(b) < 2 or b[-2] not in PLAY_VERB_BEFORE - {"he", "she", "who", "they", "i", "we", "you"}
    return prev == "of" and len(b) >= 3 and b[-2] in {"part", "role", "character"} and b[-3] == "the"


COMMON_SURNAME = 0.01  # per cent of the census: Love 0.035, Just 0.002
_OPENING_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def person_score(toks: list[str], m: Mention, lower_words: AbstractSet[str], surnames: dict[str, float] | None = None
                 ) -> float:
    """How much the words and context of a run say "a person's name"; -1.0 means never a person.

    surnames: census surname frequencies (per cent); a function word common as a surname closes a name after a
    first name ("Courtney Love").
    """
    words = [t for t in toks if t[0].isalpha()]
    if not words or len(toks) > 5:
        return -1.0
    low = [t.lower() for t in toks]
    if (len(toks) == 1 and low[0].rstrip(".") in TITLE_ALONE) or low[-1] in TITLE_NOUNS:
        return -1.0  # "Sen." alone, "Prime Minister", "Liberal Democrat": a title or a party, not a name
    if low[0] in DEMONYMS:
        return -1.0  # "Australian Open", "British Academy": a people's adjective never opens a name
    prev = m.before[-1] if m.before else ""
    if prev.lower() == "the" and low[-1].endswith("s") and not low[-1].endswith("ss") and not m.possessive and (
            len(toks) == 1 or not (m.after and m.after[0].isalpha() and m.after[0].islower())):
        # "the Beatles", "the Killers", "the Stone Roses,": a band, not a person ("the Howard Hughes biopic"
        # uses a person's name as an adjective)
        return -1.0
    # a first name, a surname that is also a word, and a role before: "actress Doris Day", "Will Smith"
    named = 2 <= len(toks) <= 3 and is_first_name(toks[0]) and not m.sent_start and (
        low[0] in {"will", "may"} or not (low[0] in STOP_WORDS or low[0] in FUNCTION_IN_TITLES))
    surname_ok = named and (prev in ROLE_WORDS or prev.rstrip("s") in ROLE_WORDS or (
        prev in {"for", "by", "with"} and len(m.before) > 1 and m.before[-2] in ROLE_WORDS))
    if not ORG_WORDS.isdisjoint(low[1:-1] if surname_ok else low[1:]) or fold(" ".join(toks)) in NOT_ENTITY:
        return -1.0
    if not MONTHS_DAYS.isdisjoint(low[:-1] if surname_ok else low):
        return -1.0
    if low[0] in {"st", "st."} or any(t.isupper() and len(t) >= 3 and t.isalpha() for t in toks):
        return -1.0  # "St Andrews", "CBS TV": saints' places and acronyms are not people's names
    tail = [w for w in low[1:] if not (surnames and surnames.get(w, 0.0) >= COMMON_SURNAME)] if named else low
    if m.quoted or not NOT_IN_NAMES.isdisjoint(tail):
        return -1.0  # quoted titles and "His Latest Flame"-style phrases are not names
    if m.after and m.after[0] in {"are", "were", "have", "'re", "’re"} and not (
            set(m.before) & {"and", ",", "&"}):
        return -1.0  # "Keane are", "Franz Ferdinand have": a band (plural verb), not a person
    if len(toks) > 1 and _HAS_DIGIT.search(" ".join(toks)) and not re.fullmatch(r"\d+ [A-Z]\w+", " ".join(toks)):
        return -1.0
    score = 0.0
    if low[0] in HONORIFICS:
        score += 1.5
    if prev in ROLE_WORDS or prev.rstrip("s") in ROLE_WORDS:
        score += 1.0
    if m.after and m.after[0] in SAY_AFTER:
        score += 0.4
    if len(m.after) >= 3 and m.after[0] == "," and m.after[1] in {"the", "his", "her", "their"} \
            and (m.after[2] in KIN or m.after[2] in ROLE_WORDS):
        score += 1.0  # "Attallah Shabazz, the daughter of ...", "X, the actor who ..."
    if _plays_a_part(m, prev):
        score += 1.5  # "who plays Hector", "the part of Matron", "the character of Buffy": a character
    if prev in {"called", "named"} and len(m.before) > 1 and m.before[-2] in PEOPLE_NOUNS:
        score += 1.0  # "a woman called Sacheen Littlefeather"
    if prev in {"for", "by", "with"} and len(m.before) > 1 and m.before[-2] in ROLE_WORDS:
        score += 0.5  # "supporting actor for Thomas Haden Church"
    if m.after and m.after[0] == "(":
        score += 0.2
    if is_first_name(toks[0]) and not (low[0] in lower_words):
        score += 1.0 if len(toks) >= 2 else 0.3
    elif is_first_name(toks[0]):
        score += 0.6 if len(toks) >= 2 else 0.0
    elif len(toks) >= 2 and _OPENING_INITIALS.fullmatch(toks[0]) and low[0].replace(".", "") not in NOT_ENTITY:
        score += 1.0  # "J.J. Abrams", "R. Kelly": initials stand for given names (but "U.S. Capitol" does not)
    if len(toks) >= 2 and all(t[0].isupper() for t in toks if t.lower() not in NAME_PARTICLES):
        score += 0.3
    if len(toks) == 1:
        score -= 0.5
        if (prev in ROLE_WORDS or prev.rstrip("s") in ROLE_WORDS) and toks[0].lower() not in lower_words:
            score += 0.6  # "rapper Nelly", "singer Madonna": a mononym
        if m.owns_work and toks[0].lower() not in lower_words and toks[0].isalpha():
            score += 1.5  # "Mozart's Requiem", "Shakespeare's Richard III": a creator's work
    if len(toks) > 4:
        score -= 0.5
    if prev in PLACE_BEFORE and not m.possessive and not role_in(m):
        score -= 1.0  # "a concert in San Francisco": a place, however like a first name San looks
    return score


@dataclass
class Votes:
    """Corpus-level evidence: how often each folded name appeared in show or person contexts."""

    show: Counter = field(default_factory=Counter)
    person: Counter = field(default_factory=Counter)
    surname: Counter = field(default_factory=Counter)  # last words of confident multi-word person names
    band: Counter = field(default_factory=Counter)  # names seen as a band or group
    place: Counter = field(default_factory=Counter)  # single words seen after "in", "at", "from" ...
    seen: Counter = field(default_factory=Counter)  # articles in which the name is a candidate at all

    def prune(self) -> None:
        """Drop what cannot change a decision: person, surname, band and place votes of one article (every rule
        asks for two or more), and the article counts of names without two show votes (only voted_show reads
        them). A million articles name millions of things once."""
        for c in (self.person, self.surname, self.band, self.place):
            for k in [k for k, n in c.items() if n < 2]:
                del c[k]
        self.seen = Counter({k: n for k, n in self.seen.items() if self.show.get(k, 0) >= 2})

    def merge(self, other: "Votes") -> None:
        self.show.update(other.show)
        self.person.update(other.person)
        self.surname.update(other.surname)
        self.band.update(other.band)
        self.place.update(other.place)
        self.seen.update(other.seen)


def headline_name(key: str, disp: str, votes: "Votes", common: AbstractSet[str], mostly: frozenset[str]
                   ) -> tuple[str, str]:
    """The name in a Title Case headline's run of three or more words, whose capitals also cover the verb and
    the words after it ("Jimmy Kimmel Taunts", "Larry King Recovering").

    Cut to the longest shorter name the corpus names as a person more often (in two articles at least); else,
    after a first name and one more word, drop words the corpus also writes in lower case, unless it knows them
    as surnames and mostly writes them capitalised ("Sarah Jessica Parker").
    """
    words, shown = key.split(), disp.split()
    if len(words) != len(shown):
        return key, disp
    have = votes.person.get(key, 0)
    for n in range(len(words) - 1, 1, -1):
        if words[n].rstrip(".") not in SUFFIXES and votes.person.get(" ".join(words[:n]), 0) >= max(2, have + 1):
            return " ".join(words[:n]), " ".join(shown[:n])  # (never "Donald Trump" of "Donald Trump Jr")
    if have < 2 and is_first_name(shown[0]) and words[2].rstrip(".") not in SUFFIXES and all(
            w in common and (votes.surname.get(w, 0) < 2 or w in mostly) for w in words[2:]):
        return " ".join(words[:2]), " ".join(shown[:2])
    return key, disp


def headline_verb_after(key: str, votes: "Votes", mostly: frozenset[str]) -> bool:
    """A two-word person run in a Title Case headline whose second word the corpus mostly writes in lower case and
    never as a known surname, and which it never names as a person elsewhere: one name and the verb after it."""
    words = key.split()
    return len(words) == 2 and words[1] in mostly and votes.surname.get(words[1], 0) < 2 \
        and votes.person.get(key, 0) < 2 and words[0] not in mostly


def headline_phrase(key: str, mostly: frozenset[str]) -> bool:
    """A person run of two or more words in a Title Case headline, made only of words the corpus mostly writes in
    lower case ("Gun Control", "Red Carpet", "Man Arrested"): a phrase the headline capitalised, not a name.
    (One word is left alone: a capitalised line-up of players, "Strong, Bridge, Fortune", reads as a headline.)"""
    words = key.split()
    return len(words) >= 2 and all(w in mostly for w in words)


def title_like(disp: str) -> bool:
    """Written like a work's title rather than a name: "The Full Monty", "Why We Fight", "The 39 Steps"."""
    words = disp.split()
    if len(words) < 2 or any(w.isupper() and len(w) > 2 for w in words):
        return False  # one word, or an acronym ("BBC Four")
    low = [w.lower() for w in words]
    return low[0] in {"the", "a", "an"} or any(w in STOP_WORDS or w in FUNCTION_IN_TITLES for w in low[1:])


def never_entity(key: str) -> bool:
    """Words that are never a show or person on their own: pronouns, numbers, dates, nationalities."""
    return (len(key) < 2 or key.isdigit() or key in MONTHS_DAYS or key in COMMON_SENTENCE_STARTERS
            or key in DEMONYMS or key in NEVER_ALONE)


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


def _event_cue(before: list[str], after: list[str]) -> bool:
    """Named as an occasion, not as a prize: "the X Awards", "last year's X Awards", "the 77th X Awards", "the
    first X Awards", "the X Awards ceremony" (but "three X Awards", "an X Award" are prizes)."""
    b = list(before)
    while b and (b[-1] in EVENT_ADJECTIVES or _ORDINAL.fullmatch(b[-1])) and len(b) > 1:
        b.pop()
    prev = b[-1] if b else ""
    if prev == "the" and len(b) >= 3 and b[-2] == "for" and b[-3] in PRIZE_FOR:
        return False  # "nominations for the Brit Awards": the prize, not the night
    return prev == "the" or prev.endswith(("'s", "’s")) or bool(_ORDINAL.fullmatch(prev)) \
        or (after[:1] != [] and after[0] in EVENT_AFTER)


def ceremonies(core: list[str], m: Mention) -> list[str] | None:
    """The awards ceremony a capitalised run names as an occasion, as written ("at the first Australian MTV Music
    Awards", "the Directors Guild of Great Britain awards"); [] for a run that names a prize ("won three Brit
    Awards"), None for a run that names no awards at all."""
    after = m.after
    tail: list[str] = []
    if core[-1].lower() not in AWARD_EVENT:
        if after[:1] == ["awards"]:
            tail = ["awards"]
        elif len(after) >= 2 and after[0] in AWARD_MEDIA and after[1] == "awards":
            tail = after[:2]
        else:
            return None
    if core[0][:1].isdigit():
        return []  # "15 Brit Awards": a count of prizes
    if len(core) + len(tail) > 6 or not _event_cue(m.before, after[len(tail):]):
        return []
    words = core + tail
    return [" ".join(words)] if len(words) <= 6 else []