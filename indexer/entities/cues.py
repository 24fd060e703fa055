"""Cue words the recognition stages read (roles, show nouns, honorifics, organisation words...), loaded from
data/cues.toml: general English, never a word for one article. Derived sets are built here from those lists."""
from __future__ import annotations

from pathlib import Path

import tomllib

from ..analysis import STOP_WORDS

_LISTS = tomllib.loads((Path(__file__).parent / "data" / "cues.toml").read_text(encoding="utf-8"))


def _words(name: str) -> frozenset[str]:
    return frozenset(_LISTS[name])


HONORIFICS = _words("honorifics")
DROP_HONORIFICS = _words("drop_honorifics")
ROLE_WORDS = _words("role_words")
SHOW_BEFORE = _words("show_before")
SHOW_AFTER = _words("show_after")
BROADCASTERS = _words("broadcasters")
MEDIUM_AFTER = _words("medium_after")
NOT_A_CAST = _words("not_a_cast")
MEDIUM_NOUNS = _words("medium_nouns")
SHOW_VERBS_BEFORE = _words("show_verbs_before")
APPEAR_VERBS = _words("appear_verbs")
AWARD_EVENT = _words("award_event")
AWARD_MEDIA = _words("award_media")
EVENT_ADJECTIVES = _words("event_adjectives")
EVENT_AFTER = _words("event_after")
PRIZE_FOR = _words("prize_for")
CONTRACTION_BASES = _words("contraction_bases")
NOT_ENTITY = _words("not_entity")
ORG_WORDS = _words("org_words")
MONTHS_DAYS = _words("months_days")
CONNECTORS = _words("connectors")
NAME_PARTICLES = _words("name_particles")
SUFFIXES = _words("suffixes")
COMMON_SENTENCE_STARTERS = _words("common_sentence_starters")
KIN = _words("kin")
SAY_AFTER = _words("say_after")
SONG_NOUNS = _words("song_nouns")
SONG_PLURALS = _words("song_plurals")
MUSIC_WORDS = _words("music_words")
SCREEN_WORDS = _words("screen_words")
BOOK_WORDS = _words("book_words")
MUSIC_AMBIGUOUS = _words("music_ambiguous")
LIST_INTRO = _words("list_intro")
SHOW_PLURALS = _words("show_plurals")
ROLE_IN_WORDS = _words("role_in_words")
OF_WORK = _words("of_work")
OF_LISTED_WORK = _words("of_listed_work")
PLAY_VERB_BEFORE = _words("play_verb_before")
FUNCTION_IN_TITLES = _words("function_in_titles")
TITLE_NOUNS = _words("title_nouns")
TITLE_ABBREVIATIONS = _words("title_abbreviations")
PLACE_BEFORE = _words("place_before")
WEEKDAYS = _words("weekdays")
PRIZE_NOUNS = _words("prize_nouns")
PRIZE_CATEGORY_OPENERS = _words("prize_category_openers")
STAGE_TITLES = _words("stage_titles")
GROUP_BEFORE = _words("group_before")
GROUP_AFTER = _words("group_after")
ORG_BEFORE = _words("org_before")
NOT_SHOW_NOUNS = _words("not_show_nouns")
CREATOR_NOUNS = _words("creator_nouns")
DEMONYMS = _words("demonyms")
NEVER_ALONE = _words("never_alone")
TITLE_SMALL_WORDS = _words("title_small_words")
TITLE_GAP_WORDS = _words("title_gap_words")

# the SHOW_BEFORE words that name a work, not the people in it ("films such as X" but not "stars such as X")
WORK_BEFORE = SHOW_BEFORE - _words("show_before_people")
PEOPLE_NOUNS = _words("people_nouns") | KIN
TOPIC_WORDS = MUSIC_WORDS | SCREEN_WORDS | BOOK_WORDS
NOT_IN_NAMES = (STOP_WORDS | FUNCTION_IN_TITLES) - NAME_PARTICLES
TITLE_ALONE = HONORIFICS - STAGE_TITLES
# Words a Title Case headline capitalises that are never part of a name: function words and headline verbs.
HEADLINE_SMALL = frozenset((STOP_WORDS - {"will", "may"}) | _words("headline_verbs_and_small"))
QUOTE_OPEN = frozenset("\"'“‘«")
QUOTE_CLOSE = frozenset("\"'”’»")
