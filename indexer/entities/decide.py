"""Stage 3, decide: candidates from mentions and knowledge, weighed with the evidence, resolved per article."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import AbstractSet, Iterable

from ..analysis import fold
from .cues import (COMMON_SENTENCE_STARTERS, CREATOR_NOUNS, DEMONYMS, DROP_HONORIFICS, GROUP_AFTER, GROUP_BEFORE,
                   HEADLINE_SMALL, MEDIUM_NOUNS, MONTHS_DAYS, NEVER_ALONE, NOT_ENTITY, NOT_SHOW_NOUNS, OF_LISTED_WORK,
                   ORG_BEFORE, PLACE_BEFORE, SUFFIXES, TITLE_ABBREVIATIONS)
from .evidence import (COMMON_SURNAME, SEQUEL, Votes, arts_topic, ceremonies, headline_name, headline_phrase, headline_verb_after,
                       listed_title_weight, never_entity, person_score, release_year, role_in, show_context,
                       title_like, title_prior, voted_show)
from .gazetteer import Gazetteer
from .knowledge import Knowledge, load_knowledge, title_key
from .mentions import (LOWER_WORD, PLACE, Mention, display, mentions_in, split_at_connectors, split_before_first_name,
                       strip_sentence_start)
from .names import is_first_name


def initials(name: str) -> str:
    """The capital initials of a name of two or more words ("Saturday Night Live" -> "SNL")."""
    words = [w for w in name.split() if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")


#: Added to a person score when the knowledge lists hold the whole name ("Stephen Colbert").
KNOWN_PERSON = 1.0
#: An article of this many words or more that is not about the arts weighs listed titles less.
LONG_ARTICLE_WORDS = 120
#: Shares of an article's words that are music or screen words (cues.toml), read against the BBC corpus's own
#: section labels, no entity labels (`bench/arts_share.py`). Below 1.5% a long article is off the arts and its
#: listed titles weigh less: that keeps 91% of the entertainment articles and 7% of the others (business,
#: politics, sport, tech), the widest gap. A creator's possessive ("Mozart's Requiem") and a
#: nominee's "X for Y" need the stricter 2% (4% of the others), as a firm's product reads the same way ("Nokia's
#: N-Gage" in a technology article).
ARTS_SHARE = 0.02
OFF_TOPIC_SHARE = 0.015
#: The title prior of each listed title in a list of two or more is multiplied by this.
LISTED_TOGETHER = 2.0


@dataclass
class Entities:
    shows: list[str]
    persons: list[str]


class EntityExtractor:
    """Extracts shows and persons; call learn() over a corpus first to enable corpus voting."""

    def __init__(self, gazetteer: Gazetteer | None = None, known: Knowledge | None = None):
        self.gazetteer = gazetteer or Gazetteer()
        self.knowledge = known if known is not None else load_knowledge()
        self.votes = Votes()
        self.common_words: AbstractSet[str] = set()  # words the corpus also writes in lower case ("ocean", "destiny")
        g = self.gazetteer
        # one-word names candidates() drops whatever their context, so mentions_in() skips them before reading
        # it (unless an alias makes one a name)
        self._dropped_words = frozenset(
            w for w in NOT_ENTITY | MONTHS_DAYS | COMMON_SENTENCE_STARTERS | DEMONYMS | NEVER_ALONE | g.never
            if " " not in w and w.isascii() and w not in g.aliases and self._unwanted(w))

    def _unwanted(self, key: str) -> bool:
        """Never tagged: the gazetteer's exclusions, NOT_ENTITY, lone pronouns, dates and numbers, and names
        ending in a demonym ("Native American", "Latin American": adjectives of people, not names)."""
        return key in self.gazetteer.never or key in NOT_ENTITY or never_entity(key) \
            or key.rsplit(" ", 1)[-1] in DEMONYMS

    def _plural_band(self, key: str) -> bool:
        """A name ending in a plural the corpus writes as a word and the census hardly knows as a surname: a band
        ("Talking Heads", "Black Eyed Peas"), where a surname that is also a plural word is common ("Tyra Banks",
        "Tiger Woods"); a known person's rarer one too ("Alicia Keys", "Jeremy Irons")."""
        words = key.split()
        last = words[-1]
        return len(words) >= 2 and not (is_first_name(words[0].title()) and self.knowledge.is_person(key)) \
            and last.endswith("s") and not last.endswith(("ss", "'s", "us", "is")) \
            and last in self.common_words and self.knowledge.last_names.get(last, 0.0) < COMMON_SURNAME

    def _known_people_first(self, parts, whole: str, lower_words: AbstractSet[str]) -> list:
        """Split parts of three or more words at the known people's names inside them (a Title Case headline's
        capitals run a name into the verb after it), unless the whole run is itself a known title or person."""
        kn = self.knowledge
        out = []
        for part, pm in parts:
            spans = kn.person_spans(part) if len(part) >= 3 else []
            if not spans or kn.title(whole) or kn.is_person(" ".join(part)) or spans[0][0] == 1 and part[0] == "The":
                # "The Red Hot Chili Peppers": a name after "The" is a band's (a list of people may call it one)
                out.append((part, pm))
                continue
            ends = []
            for i, j in spans:
                if j < len(part) and part[j].rstrip(".").lower() in SUFFIXES:
                    j += 1  # "Donald Trump Jr."
                out.append((part[i:j], Mention(part[i:j], pm.sent_start and i == 0, pm.before if i == 0 else ["and"],
                                               pm.after if j == len(part) else ["and"], headline=pm.headline)))
                ends.append(j)
            rest = part[ends[-1]:]
            if pm.headline and len(rest) >= 3:
                # "Trevor Noah Skewers Betsy DeVos": after a known name and the headline's verb, a name the lists
                # do not hold
                pieces = split_before_first_name(rest, lower_words)
                if len(pieces) == 2:
                    out.append((pieces[1], Mention(pieces[1], False, ["and"], pm.after, headline=True)))
        return out

    # -- stage 1: candidates (the expensive part; no corpus votes needed)
    def candidates(self, title: str, body: str = "") -> list[tuple]:
        """Scored candidate mentions of one article: ("fixed", key, kind, disp) or
        ("cand", key, disp, show_score, whole_person_score, [(pkey, pdisp, person_score, single), ...], group,
        in_headline, title_prior, known_place, off_topic)."""
        text = f"{title}\n\n{body}" if body else title
        lower_words = set(LOWER_WORD.findall(text))
        places = set(PLACE.findall(text))
        g, kn = self.gazetteer, self.knowledge
        out: list[tuple] = [("fixed", key, kind, disp) for key, kind, disp in g.matches(text)]
        out += [("fixed", fold(p), "place", p) for p in places]
        n_music, n_screen, n_books = arts_topic(text)
        # a music (or book) article: a person's possessive work is an album (or a book), "hits" are songs
        music = n_music > n_screen or n_books > max(n_screen, n_music)
        # "Mozart's Requiem" names a creator in an arts article; "Labour's Gordon Brown" does not
        arts = n_music + n_screen >= max(3, ARTS_SHARE * text.count(" "))
        off_topic = n_music + n_screen < OFF_TOPIC_SHARE * text.count(" ") and text.count(" ") >= LONG_ARTICLE_WORDS
        for m in mentions_in(text, music, arts=arts, skip=self._dropped_words, known=kn.is_listed_title,
                               person=kn.is_person):
            stripped = strip_sentence_start(m, lower_words, text, kn.is_listed_title)
            if stripped is None:
                continue
            m = stripped
            toks = m.tokens
            lead_the = toks[0] == "The" and not m.sent_start
            # keep a leading "The" only mid-sentence (capital T): the article shows it as part of a title
            core = toks[1:] if toks[0] in ("The", "A", "An") and len(toks) > 1 and m.sent_start and not m.quoted \
                else toks
            if len(core) > 1 and core[-1].lower() in TITLE_ABBREVIATIONS:
                core = core[:-1]  # "Oregon Gov. Kate Brown": the run stopped at the title's full stop
            if len(core) > 2 and core[0] in ("US", "UK") and kn.title(display(core[1:])) and not kn.title(display(core)):
                core = core[1:]  # "US Wife Swap": a country's version of a listed title is the title
            if m.after[:1] == ["."] and (core[-1].lower() in ("jr", "sr") or _INITIALS.fullmatch(core[-1])):
                core = core[:-1] + [core[-1] + "."]  # "Roy Wood Jr.", "Louis C.K.": the full stop is the name's
            disp = display(core)
            key = fold(disp)
            if key in g.aliases:
                disp = g.aliases[key]
                key = fold(disp)
            if self._unwanted(key):
                if len(core) == 1 and (events := ceremonies(core, m)):
                    out += [("fixed", fold(e), "show+", e) for e in events]  # "the Bafta film awards"
                continue
            if m.song_intro:
                continue  # a song or an album, neither a show nor a person
            if m.quoted and len(m.before) >= 2 and len(m.after) >= 2 and m.before[-2] in kn.first_names \
                    and m.after[1] in kn.last_names:
                continue  # Dwayne 'The Rock' Johnson, Brian "Head" Welch: a nickname inside a name
            b = m.before
            if "name" in b and any(b[i] in ("real", "birth") and b[i + 1] == "name" for i in range(len(b) - 1)) \
                    or b[-1:] in (["née"], ["nee"]):
                continue  # "50 Cent, real name Curtis Jackson": one person, listed under the name used
            # (but "duo Jayne Torvill and Christopher Dean" names the duo's members)
            noun_after = _without_possessive(m.after[0]) if m.after else ""  # "Empire magazine's editor"
            group_cue = (m.before and m.before[-1] in GROUP_BEFORE and m.after[:1] not in (["and"], ["&"], [","])) \
                or (m.before and m.before[-1] in ORG_BEFORE) or (noun_after in GROUP_AFTER and not m.possessive)
            # "the Robert Palmer track Addicted To Love": a full name before its work is the maker, no show
            maker = noun_after in CREATOR_NOUNS and not m.possessive and 2 <= len(core) <= 3 \
                and is_first_name(core[0]) and not group_cue
            if group_cue or (m.before and m.before[-1] in NOT_SHOW_NOUNS) or (
                    noun_after in NOT_SHOW_NOUNS and not m.possessive and not maker):
                if group_cue:
                    out.append(("fixed", key, "group", disp))  # "band X", "X frontman": never a person here
                continue  # "the album X", "X tour", "band X": not a show, not a person
            if m.after and m.after[0] in {"are", "were", "have", "'re", "’re"} and not m.possessive \
                    and not (set(m.before) & {"and", ",", "&"}) and "and" not in core:
                out.append(("fixed", key, "plural", disp))  # "Keane are": a band (or a title: "The History Boys")
            if key in g.shows or key in g.persons:
                out.append(("fixed", key, "show" if key in g.shows else "person", g.display.get(key, disp)))
                continue
            if len(core) == 1 and core[0] in places and not (release_year(m) or role_in(m)):
                continue  # "in France" elsewhere in the article: a place (but "in Casablanca (1942)" is a film)
            events = ceremonies(core, m)
            if events is not None:
                # awards ceremonies named as occasions: "the Oscars", "the Brit Awards ceremony"
                out += [("fixed", fold(e), "show+", e) for e in events]
                continue
            whole = person_score(core, m, lower_words, kn.last_names)
            if whole > -1.0 and len(core) >= 2 and kn.is_person(disp):
                whole += KNOWN_PERSON
            parts = []
            pieces = split_at_connectors(core, m, lower_words)
            if len(core) >= 3:
                pieces = self._known_people_first(pieces, disp, lower_words)
            for part, pm in pieces:
                if len(part) == 1 and part[0] in places:
                    continue  # "in London" elsewhere in the article: a place, not a mononym
                ptoks = part[1:] if part[0].lower() in DROP_HONORIFICS and len(part) > 1 else part
                pdisp = display(ptoks)
                pkey = fold(pdisp)
                if pkey in NOT_ENTITY or pkey in g.never:
                    continue
                score = whole if pm is m and ptoks == core else person_score(ptoks, pm, lower_words, kn.last_names)
                if pm is not m and score > -1.0 and len(ptoks) >= 2 and kn.is_person(pdisp):
                    score += KNOWN_PERSON
                parts.append((pkey, pdisp, score, len(ptoks) == 1))
                if pm is not m and pm.before[-1:] and pm.before[-1] in ORG_BEFORE:
                    out.append(("fixed", pkey, "group", pdisp))  # "Bookmaker William Hill": a firm, here and on
                if pm.owns_work and len(ptoks) == 1:
                    out.append(("fixed", pkey, "owner", pdisp))
            if len(core) >= 2 and m.before and m.before[-1] in PLACE_BEFORE and not m.possessive \
                    and not role_in(m) and whole < 1.5:
                out.append(("fixed", key, "place", disp))  # "in San Francisco": a vote that it is a place
            place = bool(m.before) and m.before[-1] in {"in", "at", "from", "across", "near", "around", "to", "of"}
            # "Ray Charles biopic Ray": a name before the medium noun describes the work after it; it is no
            # item of the list around it
            describes = bool(m.after) and m.after[0] in MEDIUM_NOUNS and not m.possessive
            if describes and m.list_intro:
                m = replace(m, list_intro=False)
            # "the Howard Hughes biopic": a biopic's subject is a person, whatever context the phrase is in
            show = 0.0 if m.after[:1] == ["biopic"] or maker else show_context(m, lead_the, music)
            info, place_name = kn.look_up(disp)
            if maker:
                info = None
            if info is None and (full := kn.full_name(disp)):
                info = kn.look_up(full)[0]  # "SNL": an abbreviation the knowledge ties to a title is that title
            if info is not None and not off_topic and not place_name and m.before[-1:] == ["of"] \
                    and m.before[-2:-1] and m.before[-2] in OF_LISTED_WORK and not m.possessive:
                show += 1.0  # "the directors of Shameless": a listed title's makers
            if place_name and m.before and m.before[-1] in PLACE_BEFORE and not m.possessive and show < 2.0 \
                    and whole < 1.5 and not (role_in(m) or release_year(m)):
                out.append(("fixed", key, "place", disp))  # "a building near Atlanta": the city, not the series
                continue
            out.append(("cand", key, disp, show, whole, parts,
                        # a negative group: a list of places; a possessive owns what follows, it is in no list
                        -(10**6 + len(out)) if m.possessive or describes else (-m.group if place else m.group),
                        m.headline, title_prior(info, m, music, n_screen, off_topic), place_name,
                        off_topic))
        return out

    # -- stage 2: decisions, with corpus votes
    @staticmethod
    def decide(cands: list[tuple], votes: Votes | None = None, common: AbstractSet[str] = frozenset()):
        """Yield (key, kind, display); kind is show, person, or person? (a lone word to resolve later).

        common: words the corpus also writes in lower case; as one-word shows they need stronger votes.
        """
        mostly: frozenset[str] = getattr(common, "mostly", frozenset())  # a plain set of words carries no counts
        # list groups (a negative group is a list after "in", "of"...; a possessive is in no list)
        listed = Counter(abs(c[6]) for c in cands if c[0] == "cand" and c[8] > 0 and abs(c[6]) < 10**6)
        decided: list[tuple[tuple, list[tuple], bool]] = []  # (candidate, its readings, a person among them)
        show_groups: set[int] = set()
        shows_in_group: dict[int, int] = {}
        for c in cands:
            if c[0] == "fixed":
                decided.append((c, [(c[1], c[2], c[3])], False))
                continue
            _, key, disp, show, whole_person, parts, group, headline, prior, known_place, off_topic = c
            strong = show >= 2.0  # from the article's own words ("biopic Ray"), not from corpus votes
            # items of a list of two or more listed titles ("Shameless, Hustle and Bodies") back each other up
            show += listed_title_weight(prior, key, show, common, mostly, known_place) \
                * (LISTED_TOGETHER if listed[abs(group)] >= 2 else 1.0)
            if votes is not None:
                # in show contexts in at least two articles, and in a good share of the articles naming it
                # ("Labour" meets a show word now and then in 173 articles: not a show; "Death", "Wife" are
                # headline words, so a word also written in lower case needs a larger share)
                if not prior and (known_place or off_topic and show <= 0):
                    # "Kenya": a place the lists know and no title; "CBI" in a business article: corpus votes
                    # alone do not make a show of a name no list holds
                    pass
                elif voted_show(votes, key, common):
                    show += 1.8  # "Vera Drake": seen as a film in several articles, though Vera is a name
                elif (sequel := SEQUEL.fullmatch(key)) and voted_show(votes, sequel.group(1), common):
                    show += 1.8  # "Spider-Man 2": a number after a title the corpus knows
                if not strong and votes.place.get(key, 0) >= 3 and votes.place[key] >= votes.show.get(key, 0):
                    show = min(show, 0.0)  # "in Europe", "at Arsenal" in 3+ articles: a place, not a show
            # a run ending in a confident person's name is that person with a descriptor ("Sex Pistol John
            # Lydon"), unless the article's own words make it a work
            named_part = not strong and any(p[2] >= show + 1.0 and p[2] >= 2.0 for p in parts if p[0] != key)
            # (a name no list holds as a title, reading firmly as a person, or one the corpus names as a person more
            # often, needs the show reading to outweigh it: "other contenders include Susan Fletcher for Eve Green")
            named_more = votes is not None and votes.person.get(key, 0) >= max(2, votes.show.get(key, 0) + 1)
            weak_over_name = not prior and show < 1.2 and (whole_person >= 2.0 or whole_person >= 1.0 and named_more)
            if show >= 0.8 and not named_part and (
                    show >= whole_person or (show >= 1.0 and whole_person < 1.5 and not weak_over_name)):
                # a strong reading ("biopic Ray") survives a person of the same name in the article
                decided.append((c, [(key, "show+" if strong else "show", disp)], False))
                show_groups.add(group)
                shows_in_group[group] = shows_in_group.get(group, 0) + 1
                continue
            out = []
            has_person = False
            # "Gary McKendry and Ashvin Kumar": a full name joined by "and" to a confident person's is one too,
            # though its first name is not in the dictionary
            paired = " and " in key and any(q[2] >= 2.0 and not q[3] for q in parts)
            for pkey, pdisp, person, single in parts:
                if paired and not single and 0.0 <= person < 1.0 and pkey.count(" ") in (1, 2):
                    person = 1.0
                if votes is not None:
                    vs, vp = votes.show.get(pkey, 0), votes.person.get(pkey, 0)
                    if vp >= 2 and vp > vs:
                        person += 0.4
                    words = pkey.split()
                    if 2 <= len(words) <= 3 and person > -1.0 and votes.surname.get(words[-1], 0) >= 2 \
                            and words[0] not in common and votes.place.get(words[0], 0) < 3:
                        # "Kanye West": the corpus knows West as a surname (but "Jailhouse Rock", "Glasgow
                        # Green" open with a common word or a place)
                        person += 0.7
                if headline and votes is not None and person > -1.0:
                    if person >= 1.0 and pdisp.count(" ") >= 2:
                        pkey, pdisp = headline_name(pkey, pdisp, votes, common, mostly)
                    if pkey.count(" ") == 1 and pkey.split()[1] in HEADLINE_SMALL:
                        continue  # "Likens Him", "Battle It": a headline's verb and its object, no name
                    if headline_verb_after(pkey, votes, mostly):
                        # "Nelly Battle It Out", "Roseanne Banned Him": a one-word name and the headline's verb;
                        # the word alone is a person only where the corpus knows it as one
                        pkey, pdisp = pkey.split()[0], pdisp.split()[0]
                        person, single = min(person, 0.5), True
                    if headline_phrase(pkey, mostly):
                        continue
                if person >= 1.0:
                    out.append((pkey, "person", pdisp))
                    has_person = True
                elif single and person > -1.0:
                    out.append((pkey, "person?", pdisp))
                elif 0.0 <= person and pkey.count(" ") in (1, 2) and not headline and (first := pkey.split()[0]) \
                        not in getattr(common, "mostly", common) and (votes is None or votes.place.get(first, 0) < 3):
                    # a full name with no first name the dictionary knows (but not "Glasgow Green", "Jailhouse
                    # Rock": a place or a word mostly written in lower case first)
                    out.append((pkey, "name?", pdisp))
            decided.append((c, out, has_person))
        person_groups = {c[6] for c, _, has_person in decided if has_person}
        person_groups -= {-g for g in person_groups if g < 0} | {g for g in person_groups if g < 0}
        for c, out, has_person in decided:
            if c[0] == "cand" and c[6] in person_groups and len(out) == 1 and out[0][1] in ("person?", "name?") \
                    and c[6] not in show_groups and out[0][0] not in mostly \
                    and (out[0][1] == "person?" or c[8] == 0):
                # listed beside people: "Usher, Kanye West and Alicia Keys", "Rowetta Satchell, Steve Brookstein"
                # (but not a word the corpus mostly writes in lower case: "Paul Duncan, Former Notre Dame Star
                # ..., Dead at 35", nor a listed title)
                yield out[0][0], "person", out[0][2]
                continue
            out = [o for o in out if o[1] != "name?"]
            # listed beside a show, and no person reading, or only a weak one (a first name) in a list of at
            # least two shows or in "Harry Potter and the ..."
            # (a list after "of" or "in" has its first item apart: "the directors of Shameless, Hustle and Bodies";
            # the later items follow it only where the lists know them as titles and not as places)
            if c[0] == "cand" and (c[6] in show_groups or -c[6] in show_groups and c[8] > 0 and not c[9]) \
                    and c[6] not in person_groups \
                    and (not has_person or c[4] < 1.5 and (shows_in_group.get(c[6], 0) >= 2 or (
                        c[4] <= -1.0 and " and the " in c[2] and title_like(c[2])))) \
                    and (c[4] > -1.0 or title_like(c[2])) \
                    and not (" " not in c[1] and c[1] in common and not c[8]) \
                    and not (out[:1] and out[0][0] == c[1] and out[0][1] in ("show", "show+")):
                # listed beside a show ("Raging Bull, Goodfellas and ..."): a show too (but not an ordinary word
                # no list holds: "'Ceaseless, Shameless, Witless' Lies")
                yield c[1], "show", c[2]
                continue
            yield from out

    @staticmethod
    def votes_of(cands: list[tuple], into: Votes | None = None) -> Votes:
        """Corpus votes contributed by one article's candidates (added to `into` when given)."""
        v = Votes() if into is None else into
        v.seen.update({c[1] for c in cands if c[0] == "cand"})
        for c in cands:
            if c[0] == "cand" and c[3] >= 0.8 and c[4] < 1.0 + c[3]:
                v.show[c[1]] += 1  # a show context counts even where a first name made it look like a person
        # a Title Case headline capitalises the verb after a name ("Nelly Battle It Out"): surnames are learnt
        # from names written in the text
        in_text = {p[0] for c in cands if c[0] == "cand" and not c[7] for p in c[5]}
        for key, kind, _ in EntityExtractor.decide(cands):
            if kind in ("group", "plural"):
                v.band[key] += 1
            if kind == "place":
                v.place[key] += 1
            if kind == "person":
                v.person[key] += 1
                words = key.split()
                if len(words) >= 2 and key in in_text:
                    v.surname[words[-1]] += 1
        return v

    def observe(self, text: str) -> Votes:
        """Votes from one article."""
        return self.votes_of(self.candidates(text))

    def learn(self, texts: Iterable[str]) -> None:
        """Gather corpus-level votes from many articles."""
        for t in texts:
            self.votes.merge(self.observe(t))

    def entities(self, cands: list[tuple]) -> Entities:
        """Final shows and persons from an article's candidates and the learnt votes."""
        return self._resolve(self.decide(cands, self.votes, self.common_words))

    def extract(self, title: str, body: str) -> Entities:
        """Shows and persons of one article, in order of first mention, one entry each."""
        return self.entities(self.candidates(title, body))

    def _resolve(self, items) -> Entities:
        shows: dict[str, str] = {}
        persons: dict[str, str] = {}
        partial: list[tuple[str, str]] = []
        groups = set()
        owners = set()
        strong: set[str] = set()
        named_groups: set[str] = set()  # called a band or group in so many words ("the band X", "X frontman")
        for key, kind, disp in items:
            if kind == "place":
                continue
            if kind == "owner":
                owners.add(key)
                continue
            if kind in ("group", "plural"):
                groups.add(key)
                if kind == "group":
                    named_groups.add(key)
            elif kind in ("show", "show+"):
                shows.setdefault(key, disp)
                if kind == "show+":
                    strong.add(key)
            elif kind == "person":
                persons.setdefault(key, disp)
            else:
                partial.append((key, disp))
        for key in [k for k in persons if self._plural_band(k)]:
            groups.add(key)
        for key in groups | {k for k in persons if self.votes.band.get(k, 0) >= 2}:
            persons.pop(key, None)  # a band named as a group somewhere (here, or in two other articles)
        for key in named_groups:
            shows.pop(key, None)  # "the group Westlife": a band here, whatever the corpus votes say
        for key in [k for k in shows if k not in strong and self.votes.band.get(k, 0) >= 2]:
            if self.votes.band[key] >= self.votes.show.get(key, 0) and not self.knowledge.title(shows[key]):
                shows.pop(key)  # "former Westlife star": a name the corpus calls a band as often as a show
        # merge shorter person names into longer ones that contain them ("Luna" / "Diego Luna")
        words = {key: key.split() for key in persons}
        for key, parts in words.items():
            if any(len(other) > len(parts) and _is_part(parts, other) for other in words.values()):
                persons.pop(key)
        person_words = {w for key in persons if " " in key for w in key.split()}
        for key in [k for k in shows if " " not in k and k not in strong]:
            if key in person_words:
                shows.pop(key)  # "Davis's co-star" beside "Ossie Davis": the person, not a show
        for key in [k for k in shows if " and " in k]:
            # "Million Dollar Baby and Sideways": two titles joined, when each is a show on its own
            halves = key.split(" and ", 1)
            disp_halves = re.split(r" and ", shows[key], maxsplit=1, flags=re.I)
            known = lambda h: any(x in shows or self.votes.show.get(x, 0) >= 1  # noqa: E731
                                  for x in (h, h.removeprefix("the "))) or self.knowledge.title(h)
            # "Harry Potter and the Prisoner of Azkaban": a lower-case "the" after "and", or a title the lists
            # know whole, keeps one title
            if len(disp_halves) == 2 and all(known(h) for h in halves) and not disp_halves[1].startswith("the ") \
                    and not self.knowledge.title(shows[key]):
                shows.pop(key)
                for h, d in zip(halves, disp_halves):
                    shows.setdefault(h, d)
        for key in [k for k in shows if "the " + k in shows]:
            shows.pop(key)  # "Aviator" in the headline, "The Aviator" in the text: one show, its fullest form
        by_full: dict[str, list[str]] = {}
        for key, disp in shows.items():
            by_full.setdefault(title_key(self.knowledge.full_name(disp) or disp), []).append(key)
        for full, keys in by_full.items():
            # "the Oscars" beside "the Academy Awards", "the Baftas" beside "the Bafta film awards": one, in the
            # fullest form the article writes
            best = max(keys, key=lambda k: (title_key(shows[k]) == full, len(shows[k].split()), len(shows[k])))
            for key in keys:
                if key != best:
                    shows.pop(key)
        for key in [k for k in shows if shows[k].isupper() and 2 <= len(k) <= 6]:
            if any(initials(d) == shows[key] for d in shows.values()):
                shows.pop(key)  # "SNL" beside "Saturday Night Live": one show, in its full form
        franchises = {k.split(":")[0].strip() for k in shows if ":" in k}
        for key, disp in partial:
            if key in franchises:
                shows.setdefault(key, disp)  # "Narcos" beside "Narcos: Mexico": the franchise is a show too
                continue
            if key in persons or key in shows or key in groups:
                continue
            if key in person_words:
                continue  # a word of a person's name
            if self.votes.person.get(key, 0) >= 3 and self.votes.person[key] > self.votes.show.get(key, 0) \
                    and self.votes.band.get(key, 0) < 2 \
                    and key not in getattr(self.common_words, "mostly", self.common_words):
                # a mononym the corpus knows as a person (Madonna; Usher, though "usher" is a word now and then),
                # not as a band ("Keane are")
                persons.setdefault(key, disp)
        for key in [k for k in persons if " " not in k and any(s.startswith(k + "'s ") for s in shows)]:
            persons.pop(key)  # "Howl" beside "Howl's Moving Castle": the title's opening word, not a person
        for key in list(persons):
            place = self.votes.place.get(key, 0)
            if place >= 3 and place > (0.3 if " " in key else 1.0) * self.votes.person.get(key, 0):
                # "Scotland's ...": a word the corpus mostly writes as a place; people are seldom "in" someone,
                # so a longer name often written after "in" is a place ("San Francisco") however it looks
                persons.pop(key)
            elif key in owners and key in self.common_words and " " not in key:
                persons.pop(key)  # "Ocean's Twelve", "Destiny's Child": a common word, so part of a title
        return Entities(shows=list(shows.values()), persons=list(persons.values()))


def _without_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _is_part(parts: list[str], full: list[str]) -> bool:
    """True when parts is a first/last name or a contiguous run of full ("luna" in "diego luna")."""
    n = len(parts)
    return any(full[i:i + n] == parts for i in range(len(full) - n + 1))
