"""Stage 1, mentions: capitalised runs, quoted titles and Title Case headlines, each with the words around it."""
from __future__ import annotations

import re
from typing import AbstractSet, Callable
from dataclasses import dataclass, replace

from .cues import (COMMON_SENTENCE_STARTERS, CONNECTORS, CONTRACTION_BASES, DEMONYMS, HEADLINE_SMALL, HONORIFICS,
                   LIST_INTRO, MUSIC_AMBIGUOUS, NAME_PARTICLES, ORG_BEFORE, ORG_WORDS, QUOTE_CLOSE, QUOTE_OPEN,
                   ROLE_IN_WORDS, ROLE_WORDS, SHOW_PLURALS, SONG_NOUNS, SONG_PLURALS, TITLE_GAP_WORDS, WEEKDAYS,
                   WORK_BEFORE)
from .names import is_first_name


def _possessive_start(token: str) -> int | None:
    """Where a possessive ending ("'s", "'") starts in token, or None."""
    if token.endswith(("'s", "’s")):
        return len(token) - 2
    if token.endswith(("'", "’")):
        return len(token) - 1
    return None


@dataclass(slots=True)
class Mention:
    """A capitalised sequence in an article, with the context around it."""

    tokens: list[str]
    sent_start: bool
    before: list[str]  # up to 3 lower-cased tokens before
    after: list[str]  # up to 3 lower-cased tokens after
    quoted: bool = False
    possessive: bool = False
    group: int = 0  # mentions in one list ("X, Y and Z") share a group
    after_persons: bool = False  # follows a person's possessive: "Martin Scorsese's The Aviator"
    list_intro: bool = False  # a later item of a list introduced as works: "films such as A, B and C"
    song_intro: bool = False  # introduced as songs or albums: "other hits including A, B and C"
    owns_work: bool = False  # a possessive followed by a capitalised title: "Mozart's Requiem"
    headline: bool = False  # in a Title Case headline, where every word is capitalised
    credited: bool = False  # a work after its maker's name in an arts article: "Bill Condon for Kinsey"


def display(tokens: list[str]) -> str:
    """A run's tokens as written: spaces between words, none before a colon ("Narcos: Mexico")."""
    return " ".join(tokens).replace(" :", ":") if ":" in tokens else " ".join(tokens)


_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"


# inside a word: an apostrophe or hyphen before a letter, a full stop before a lower-case letter or a digit
# ("Amazon.com") or an initial ("U.S.A"), never before a capitalised word ("Joy Division.Those" lacks a space)
_CAP_REST = r"(?:[\w&]|['’\-](?=\w)|\.(?=[a-z\d]|[A-Z](?:\.|\b)))*"


# initials opening a name keep their full stops ("J.J. Abrams", "R. Kelly"); later in a run, only two or more
# ("Tran and J.J. Abrams"): one "X." there more often ends a sentence ("Malcolm X. His daughter")
_CAP_TAIL = rf"(?:(?:\.[{_UPPER}])*\.(?=[ \t]+[{_UPPER}])|{_CAP_REST})"


_CAP = rf"[{_UPPER}](?:(?:\.[{_UPPER}])+\.(?=[ \t]+[{_UPPER}])|{_CAP_REST})"  # a capitalised word ("J.J." too)


_NUM = r"\d+(?:[.,]\d+)*"


_CONN = r"(?:of|the|and|de|da|del|della|di|van|von|der|den|du|le|la|y|&|auf|des|el|al|bin)"


# A run of capitalised words, joined by spaces, lower-case connectors or a colon ("Narcos: Mexico"),
# optionally with numbers ("Shrek 2", "50 Cent", "The 39 Steps").
# It opens with a number before a capitalised word ("24 Hour Party People") or with the capitalised word, written
# as one character class first so that the regex engine skips quickly to where a run can start.
_RUN = re.compile(rf"[\d{_UPPER}](?:(?<=\d)\d*(?:[.,]\d+)*[ \t]+{_CAP}|(?<=[{_UPPER}]){_CAP_TAIL})(?:(?:[ \t]+(?:{_CONN}[ \t]+)*|:[ \t]+){_CAP}|[ \t]+{_NUM}(?:/\d+)?\b(?![/:\-–]\d)(?!\s+(?:and\s+\d+/\d+\s+)?odds\b))*")


_RUN_TOKENS = re.compile(r"[^\s:]+|:")


_CONTEXT_TOKEN = r"\w+(?:[-'’.&]\w+)*|[^\w\s]"


_CONTEXT = re.compile(_CONTEXT_TOKEN)  # words around a mention


# the first three _CONTEXT tokens from a position, in one match: only spaces can come between them
_NEXT_THREE = re.compile(rf"\s*({_CONTEXT_TOKEN})(?:\s*({_CONTEXT_TOKEN})(?:\s*({_CONTEXT_TOKEN}))?)?")


_SENT_END_CHARS = ".!?…"


PLACE = re.compile(r"\b(?:in|at|from|near|across|outside)\s+([A-Z][a-z]+)\b(?![-'’])")


LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")


_MAKER_FOR = re.compile(r"\b([A-Z][a-z]+) [A-Z][\w'\-]+ for $")  # "Bill Condon for " right before a run


def _names_a_work(tokens: list[str]) -> bool:
    """Capitalised words after a possessive that read as a work, not a place or a firm ("Chinese Theatre"), nor a
    person's name ("Festen's Rufus Norris": the play's director; but "Shakespeare's Richard III" is a play)."""
    if 2 <= len(tokens) <= 3 and is_first_name(tokens[0]) \
            and all(t[:1].isupper() and t[1:].islower() and t.isalpha() for t in tokens):
        return False
    return tokens[-1].lower() not in ORG_WORDS and tokens[-1].lower() not in DEMONYMS


def _show_intro(before: list[str], music: bool = False) -> bool:
    """The words before a mention introduce a work: "the film X", "hits such as X", "the overlooked films were X".

    In an article about music, "hit" and "hits" introduce songs, not shows.
    """
    b = [w for w in before if w not in QUOTE_OPEN and not (music and w in MUSIC_AMBIGUOUS)]
    if not b:
        return False
    return b[-1] in WORK_BEFORE or (b[-1] in LIST_INTRO and any(w in WORK_BEFORE or w in SHOW_PLURALS
                                                                   for w in b[:-1]))


def _song_intro(before: list[str]) -> bool:
    """"the hit X", "other hits including X": in a music article, X is a song or an album."""
    b = [w for w in before if w not in QUOTE_OPEN]
    if not b:
        return False
    if re.fullmatch(r"(19|20)\d\d['’]s", b[-1]) and len(b) > 1 and b[-2] in {"was", "is"}:
        b = b[:-1]  # "Their first hit was 1972's X"
    return b[-1] in SONG_NOUNS or (b[-1] in LIST_INTRO and any(w in SONG_NOUNS or w in SONG_PLURALS
                                                                  for w in b[:-1]))


_LOWER_LONG_WORD = re.compile(r"(?<![^\s'\"‘“(])[a-z]{4,}\b")


_LONG_WORD = re.compile(r"(?<![^\s'\"‘“(])[A-Za-z][a-z]{3,}\b")  # a word of 4+ letters that starts after a space


def _title_cased(para: str) -> bool:
    """A headline in Title Case ("Colbert Mocks Trump's Speech"): capitals there say nothing of names."""
    if _LOWER_LONG_WORD.search(para):
        return False
    return len(_LONG_WORD.findall(para)) >= 5


# a possessive's apostrophe inside a quoted title does not close it ("'America's Got Talent'"); a contraction's
# does ("'Won't Rule Out ...'" quotes a sentence, not a title)
_POSSESSIVE_INSIDE = "".join(rf"(?<!\b{w.title()})" for w in sorted(CONTRACTION_BASES)) + r"['’]s(?= )"
_QUOTED_SPAN = re.compile(rf"(?<!\w)['‘\"“](?:[^'’\"”\n]|{_POSSESSIVE_INSIDE})+['’\"”](?!\w)")


_WORD_END = ",.;:!?)]}\"'’”"


def _decapitalise_headline(para: str) -> str:
    """A Title Case headline with its function words and headline verbs in lower case, quoted titles untouched:
    "Wayne Brady Is In Quarantine With His Ex-Wife" -> "Wayne Brady is in Quarantine with his Ex-Wife"."""
    keep = [q.span() for q in _QUOTED_SPAN.finditer(para)]
    words = para.split(" ")
    pos = 0
    for k, w in enumerate(words):
        if w[:1].isupper():
            core = w.rstrip(_WORD_END)
            low = core.lower()
            if (low in HEADLINE_SMALL or low[-2:] in ("'s", "’s") and low[:-2] in CONTRACTION_BASES) \
                    and not any(a <= pos < b for a, b in keep):  # (and "That's": "Amazon Prime that's New")
                words[k] = core.lower() + w[len(core):]
        pos += len(w) + 1
    return " ".join(words)


def _sentence_start(para: str, start: int) -> bool:
    """True when the text before `start` in its paragraph ends a sentence (or is empty)."""
    before = para[max(0, start - 40):start].rstrip(" \t\"'“‘([")
    if not before:
        return start < 40 or not para[:start].strip()
    if before[-1] not in _SENT_END_CHARS:
        return False
    word = before[:-1].rsplit(None, 1)[-1].lower() if before[:-1].split() else ""
    return not (word in {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "prof", "gen", "sen", "gov", "lt"}
                or (len(word) == 1 and word.isalpha()))


def _split_run(tokens: list[str]) -> list[tuple[list[str], bool]]:
    """Cut a run at possessives ("Netflix's | Narcos") and hyphenated adjectives ("Mexico-set")."""
    parts: list[tuple[list[str], bool]] = []
    cur: list[str] = []
    for t in tokens:
        if "-" in t and t.rsplit("-", 1)[1][:1].islower():
            head = t.rsplit("-", 1)[0].rstrip("'’")
            if cur and head[:1].isupper():
                cur.append(head)  # "Pop Idol-style": the name is what comes before the hyphen
            if cur:
                parts.append((cur, False))
            cur = []
            continue
        cut = _possessive_start(t) if len(t) > 2 and t[0].isalpha() and not (cur and cur[-1].lower() == "the") \
            else None  # "The Handmaid's Tale", "the Cuckoo's Nest": the possessive is inside the title
        if cut is not None and t[:cut].lower() in CONTRACTION_BASES:
            cut = None  # "All's Well That Ends Well", "They Think It's All Over": a contraction, no possessive
        if cut is not None:
            cur.append(t[:cut])
            parts.append((cur, True))
            cur = []
            continue
        cur.append(t)
    if cur:
        parts.append((cur, False))
    out = []
    for toks, poss in parts:
        while toks and (toks[-1] in CONNECTORS or toks[-1] == ":"):
            toks = toks[:-1]
        while toks and (toks[0] in CONNECTORS or toks[0] == ":"):
            toks = toks[1:]
        if toks:
            out.append((toks, poss))
    return out


_AWARDS_NEXT = re.compile(r" (?:[a-z]+ )?awards\b")  # "Bafta film awards", "Brit awards": lower case
_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:and|or|&))\s*")


def _nothing_known(_name: str) -> bool:
    return False


# small words between two runs, a comma ("Good Morning, Vietnam"), a plural's apostrophe ("Footballers' Wives"), or
# an ellipsis ("I'm A Celebrity... Get Me Out Of Here")
_SMALL_GAP = re.compile(rf"(?:[ \t]+(?:{'|'.join(sorted(TITLE_GAP_WORDS))}))+[ \t]+|,[ \t]+|['’][ \t]+"
                        r"|(?:\.\.\.|…)[ \t]*")
_MAX_TITLE_RUNS = 3
_MAX_GAP = 16  # characters between two runs: longer gaps are no small words


def _ceremony_with_plural(tokens: list[str]) -> bool:
    """An awards ceremony's name whose possessives are all plurals' apostrophes: "the Critics' Circle Theatre
    Awards" is one name, where "Ireland's Meteor Awards" is cut at its possessive."""
    owners = [t for t in tokens[:-1] if _possessive_start(t)]
    return tokens[-1] == "Awards" and bool(owners) and all(t.endswith(("s'", "s’")) for t in owners)


def _runs_with_known_titles(para: str, known: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The (start, end) of each capitalised run, where runs parted only by small words or a comma that make a
    listed title together are one ("Christmas with the Kranks", "Good Morning, Vietnam"): the longest join wins."""
    spans = [m.span() for m in _RUN.finditer(para)]
    if len(spans) < 2:
        return spans
    out = []
    k, n = 0, len(spans)
    while k < n:
        s, e = spans[k]
        best = j = k
        while j + 1 < n and j - k + 1 < _MAX_TITLE_RUNS and spans[j + 1][0] - spans[j][1] <= _MAX_GAP \
                and _SMALL_GAP.fullmatch(para, spans[j][1], spans[j + 1][0]):
            j += 1
            joined = para[s:spans[j][1]]
            if known(joined) or para[spans[j - 1][1]] in "'’" and _ceremony_with_plural(joined.split()):
                best = j
        out.append((s, spans[best][1]))
        k = best + 1
    return out


def mentions_in(text: str, music: bool = False, arts: bool = True, skip: frozenset[str] = frozenset(),
                known: Callable[[str], bool] = _nothing_known,
                person: Callable[[str], bool] = _nothing_known) -> list[Mention]:
    """All capitalised sequences in text, with their sentence position, surrounding words and list group.

    known(name): the knowledge stage's word that a run is a listed title, so that runs parted by small words join
    ("Lost in Translation"), a possessive inside one does not cut it ("Ocean's Twelve"), and "X and Y" is cut
    where Y is a listed title but the whole is not ("Roger Clarke and Touching the Void").

    person(name): the knowledge stage's word that a name is a known person's: "Coldplay's Chris Martin" names a
    band's member, not a creator's work.

    skip: one-word sequences (lower-cased) the caller would drop anyway; left out before their context is read.
    """
    out: list[Mention] = []
    group = 0
    for para in text.split("\n"):
        if not para.strip():
            continue
        prev_end = -1
        group_start, intro, song = 0, None, False
        headline = _title_cased(para)
        if headline:
            para = _decapitalise_headline(para)
        for s, e in _runs_with_known_titles(para, known):
            in_list = prev_end >= 0 and bool(_LIST_GAP.fullmatch(para[prev_end:s]))
            if not in_list:
                group += 1
                group_start, intro, song = s, None, False
            elif intro is None:  # the second item of a list: what introduced the list?
                lead = [w.lower() for w in _CONTEXT.findall(para[max(0, group_start - 60):group_start])[-3:]]
                intro, song = _show_intro(lead, music), music and _song_intro(lead)
            prev_end = e
            text = para[s:e]
            if " " not in text and text.lower() in COMMON_SENTENCE_STARTERS and _sentence_start(para, s):
                continue  # "The", "But", "However" opening a sentence: never a name (the common case, made cheap)
            if " " not in text and text.isascii() and text.lower() in skip and not _AWARDS_NEXT.match(para, e):
                continue  # "I", "US", "January": dropped by the caller whatever their context (but "the Bafta
                # film awards" name a ceremony)
            tokens = _RUN_TOKENS.findall(text)
            before = [w.lower() for w in _CONTEXT.findall(para, max(0, s - 60), s)[-3:]]
            cut = len(tokens) - 1 - tokens[::-1].index("and") if "and" in tokens else -1
            if "The" in tokens[2:] and any(tokens[i - 1] == "and" for i in range(2, len(tokens)) if tokens[i] == "The"):
                cut = next(i - 1 for i in range(2, len(tokens)) if tokens[i] == "The" and tokens[i - 1] == "and")
            if cut > 0 and not known(display(tokens)) and ((before and before[-1] == ",") or (
                    cut + 2 < len(tokens) and (is_first_name(tokens[cut + 1]) or tokens[cut + 1] == "The")
                    and tokens[cut + 2][0].isupper())
                    or known(display(tokens[cut + 1:])) or known(display(tokens[:cut]))):
                # "Raging Bull, Goodfellas and Gangs of New York", "La Traviata and Richard Strauss", "Big
                # Brother and The Simpsons" (a title's own "and the" is lower case), "Million Dollar Baby and
                # Sideways": a list, not one title
                runs = [tokens[:cut], tokens[cut + 1:]]
            else:
                runs = [tokens]
            joins = ["and"] * len(runs)  # joins[r]: the word between runs r - 1 and r
            head = runs[0]
            if not headline and "For" in head[2:-1] and is_first_name(head[0]):
                at = head.index("For", 2)
                if known(display(head[at + 1:])) and not known(display(head)):
                    # "Roger Michell For Enduring Love": a capitalised "for" between a name and a listed title
                    runs, joins = [head[:at], head[at + 1:]] + runs[1:], ["and", "for"] + joins[1:]
            nxt = _NEXT_THREE.match(para, e, e + 60)
            if nxt is None:
                after = []
            else:
                a1, a2, a3 = nxt.groups()
                after = [a1.lower()] if a2 is None else [a1.lower(), a2.lower()] if a3 is None \
                    else [a1.lower(), a2.lower(), a3.lower()]
            # (American style closes a sentence inside the quotes: "in "The Theory of Everything."")
            quoted = s > 0 and para[s - 1] in QUOTE_OPEN and e < len(para) and (
                para[e] in QUOTE_CLOSE or para[e] in ".,!?" and para[e + 1:e + 2] in QUOTE_CLOSE
                and not _sentence_start(para, s - 1))  # but ""Ditto." she said" quotes a sentence
            maker = _MAKER_FOR.search(para, max(0, s - 60), s) if arts and not headline else None
            credited = maker is not None and is_first_name(maker.group(1))
            sent = _sentence_start(para, s)
            for r, run_tokens in enumerate(runs):
                pieces = _split_run(run_tokens)
                if len(pieces) > 1 and (known(display(run_tokens)) or quoted and len(runs) == 1
                                        or _ceremony_with_plural(run_tokens)):
                    # a listed title with a possessive inside ("Ocean's Twelve"), or a quoted one ("'RuPaul's
                    # Drag Race All Stars 3'")
                    pieces = [(run_tokens, False)]
                elif r == 0 and len(pieces) == 2 and pieces[0][1] and not pieces[1][1] \
                        and (len(pieces[0][0]) == 1 or not is_first_name(pieces[0][0][0])) \
                        and (_show_intro(before, music) or role_in_words(before))\
                        and not pieces[0][0][0].isupper():
                    # "films such as Hobson's Choice", "animated movie Howl's Moving Castle", "his role in Dead
                    # Man's Shoes": the possessive is in the title
                    pieces = [(run_tokens, False)]
                for k, (toks, poss) in enumerate(pieces):
                    first, last = r == 0 and k == 0, r == len(runs) - 1 and k == len(pieces) - 1
                    if k > 0:
                        group += 1  # after a possessive: "Netflix's | Narcos" are not a list
                    prev_piece = pieces[k - 1][0] if k else []
                    out.append(Mention(toks, sent and first, before if first else
                                       ([t.lower() for t in prev_piece[-2:]] + ["'s"] if k else [joins[r]]),
                                       after if last else (["'s"] if poss else [
                                           joins[r + 1] if k == len(pieces) - 1 else "and"]),
                                       quoted and len(pieces) == 1 and len(runs) == 1, poss, group,
                                       len(prev_piece) >= 2 and is_first_name(prev_piece[0])
                                       and not (headline and not quoted),
                                       bool(k == 0 and (in_list and intro or r > 0 and (
                                           intro if in_list else _show_intro(before, music)))),
                                       bool(music and (song if in_list else _song_intro(before))),
                                       arts and poss and k < len(pieces) - 1 and _names_a_work(pieces[k + 1][0])
                                       and not (person(display(pieces[k + 1][0]))
                                                and not known(display(pieces[k + 1][0]))),
                                       headline, k == 0 and (credited and r == 0 or arts and joins[r] == "for")))
    return out


def strip_sentence_start(m: Mention, lower_words: AbstractSet[str], text: str = "",
                         known: Callable[[str], bool] = _nothing_known) -> Mention | None:
    """Drop a sentence-initial ordinary word ("Even Luna" -> "Luna"), unless the article writes the whole
    sequence again elsewhere ("Star Wars: The Last Jedi" at a sentence start and mid-sentence) or the whole is a
    listed title ("American Beauty's Sam Mendes")."""
    if m.sent_start and len(m.tokens) > 1 and (text.count(display(m.tokens)) > 1 or known(display(m.tokens))):
        return m
    toks = list(m.tokens)
    before = m.before
    while toks and toks[0].lower() in ROLE_WORDS and len(toks) > 1 and not known(display(toks)) and (
            is_first_name(toks[1]) or len(toks) in (3, 4) and all(t[:1].isupper() for t in toks[1:])):
        # "Showrunner Eric Newman": a capitalised role word is context, not part of the name
        before = before + [toks.pop(0).lower()]
        m = replace(m, tokens=toks, sent_start=False, before=before)
    while toks and m.sent_start and (toks[0].lower() in COMMON_SENTENCE_STARTERS or
                                     (toks[0].lower() in lower_words and not is_first_name(toks[0]))):
        w = toks.pop(0).lower()
        if not m.headline and w not in COMMON_SENTENCE_STARTERS:
            before = before + [w]  # "Movies Open Water and Saw are ...": the ordinary word is the names' context
        while toks and (toks[0] in CONNECTORS or toks[0] == ":"):
            # a small word written in lower case is the name's context ("At the | Bafta film awards")
            w = toks.pop(0)
            if w.islower() and not m.headline:
                before = before + [w]
        m = replace(m, tokens=toks, sent_start=False, before=before[-3:])
    return m if toks else None


def split_at_connectors(core: list[str], m: Mention, lower_words: AbstractSet[str] = frozenset()):
    """Split "Diego Luna and Michael Pena" / "Pablo Escobar in Colombia" into the parts around connectors."""
    parts: list[list[str]] = []
    cur: list[str] = []
    joins: list[list[str]] = []  # joins[k]: the connector(s) between parts k and k + 1
    gap: list[str] = []
    for t in core:
        if (t in CONNECTORS and t not in NAME_PARTICLES) or t == ":":
            if cur:
                parts.append(cur)
                gap = []
                joins.append(gap)
            cur = []
            gap.append(t)
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    joins = joins[:len(parts) - 1]
    described = len(parts) == 1
    if described:
        parts = split_before_first_name(parts[0], lower_words)
        if len(parts) == 1:
            yield parts[0], m
            return
        joins = [["and"]]
    # a Title Case headline's bare colon attributes ("Liz Cheney: Trump's Latest ..."): the parts stand alone
    free = (["and"], ["&"], [":"]) if m.headline and not m.quoted else (["and"], ["&"])
    for k, p in enumerate(parts):
        # a fragment tied by "of" / "the" belongs to a longer name ("Blind Boys of Alabama", "Lord of the
        # Rings"): only parts joined by "and" can be names on their own; but a Title Case headline runs its
        # words together, and a full name after its "of" is a name ("Countdown of Donald Trump")
        named_after_of = m.headline and k > 0 and joins[k - 1] == ["of"] and len(p) >= 2 and is_first_name(p[0]) \
            and k == len(parts) - 1
        if not named_after_of and ((k > 0 and joins[k - 1][:1] not in free)
                                   or (k < len(parts) - 1 and joins[k][:1] not in free)):
            continue
        before = m.before if k == 0 else ["and"]
        if described and k == 1 and not m.headline and parts[0][-1].lower() in ORG_BEFORE:
            before = [parts[0][-1].lower()]  # "Bookmaker William Hill": the firm's noun is the name's context
        after = m.after if k == len(parts) - 1 else ["and"]
        for q in split_before_first_name(p, lower_words):
            yield q, Mention(q, m.sent_start and k == 0, before, after, headline=m.headline)


def split_before_first_name(part: list[str], lower_words: AbstractSet[str]) -> list[list[str]]:
    """"Beach Boy Bruce Johnston" -> "Beach Boy" | "Bruce Johnston": a name that starts after a descriptor."""
    if len(part) >= 3 and part[1] == "Night" and part[0].lower() in WEEKDAYS:
        return [part]  # "Saturday Night Live", "Friday Night Lights": a title, not a day and a person
    if len(part) >= 3 and not is_first_name(part[0]) and part[-1].lower() not in lower_words \
            and part[-1].lower() not in ORG_WORDS:
        for i in range(len(part) - 2, 0, -1):  # the shortest name first: first name + surname
            w = part[i]
            if is_first_name(w) and w.lower() not in lower_words and part[i - 1].lower() not in HONORIFICS \
                    and len(part) - i <= 3 and part[:i] != ["The"]:
                return [part[:i], part[i:]]
    return [part]


def role_in_words(before: list[str]) -> bool:
    b = [w for w in before if w not in QUOTE_OPEN]
    return len(b) >= 2 and b[-1] in {"in", "on"} and b[-2] in ROLE_IN_WORDS

