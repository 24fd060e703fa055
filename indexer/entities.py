"""Find the shows and persons an article mentions.

Works on capitalised sequences ("mentions") found with NLTK's Punkt sentence splitter and a regexp
tokenizer, and classifies each from general signals: first-name dictionary (shipped in the
gender-guesser wheel), honorifics, role words ("actor", "showrunner"), show context ("the film",
"season 2", "starring"), quotes, title shape (colons, numbers), and corpus-level voting (a name seen in
show contexts in several articles is a show everywhere). Later short mentions resolve to the full
name ("Luna" -> "Diego Luna"). An optional editors' gazetteer adds names, aliases and exclusions.

Knows nothing of Whoosh: input is text, output is lists of display names.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable


from .analysis import STOP_WORDS, fold

# ---------------------------------------------------------------- word lists (general English, not per article)

HONORIFICS = {"mr", "mrs", "ms", "miss", "sir", "dame", "dr", "lord", "lady", "professor", "prof", "rev",
              "judge", "president", "senator", "sen", "gov", "governor", "prince", "princess", "king", "queen",
              "detective", "officer", "general", "captain", "agent", "uncle", "aunt", "saint"}
# honorifics dropped from a canonical name (royal/character titles like "Mrs Potts" are kept when alone)
DROP_HONORIFICS = {"mr", "mrs", "ms", "miss", "sir", "dame", "dr", "lord", "lady", "professor", "prof", "rev",
                   "uncle", "aunt", "auntie", "senator", "sen", "gov", "governor", "president", "queen", "king", "prince", "princess"}
ROLE_WORDS = {
    "actor", "actress", "star", "co-star", "costar", "singer", "songwriter", "singer-songwriter", "director",
    "producer", "writer", "comedian", "comic", "presenter", "host", "showrunner", "creator", "rapper",
    "musician", "model", "chef", "author", "novelist", "playwright", "composer", "guitarist", "drummer",
    "bassist", "frontman", "frontwoman", "vocalist", "pianist", "dancer", "choreographer", "screenwriter",
    "broadcaster", "commentator", "designer", "photographer", "artist", "painter", "poet", "filmmaker",
    "film-maker", "executive", "chairman", "chairwoman", "boss", "chief", "founder", "spokesman",
    "spokeswoman", "spokesperson", "critic", "journalist", "reporter", "editor", "columnist", "anchor",
    "newcomer", "veteran", "legend", "icon", "heir", "contestant", "winner", "nominee", "dj", "conductor",
    "tenor", "soprano", "baritone", "ballerina", "impresario", "lawyer", "attorney", "manager", "agent",
    "prosecutor", "widow", "wife", "husband", "son", "daughter", "brother", "sister", "father", "mother",
    "girlfriend", "boyfriend", "fiancé", "fiance", "fiancée", "rocker", "superstar", "starlet", "mogul",
    "magician", "entertainer", "impressionist", "narrator", "lyricist", "diva", "crooner", "hitmaker",
    "politician", "minister", "mp", "mayor", "pundit", "hostess", "co-host", "cohost", "judges",
}
SHOW_BEFORE = {
    "film", "films", "movie", "movies", "series", "sitcom", "show", "drama", "musical", "comedy", "documentary",
    "soap", "programme", "program", "thriller", "blockbuster", "sequel", "prequel", "remake", "spin-off",
    "spinoff", "miniseries", "mini-series", "cartoon", "opera", "operas", "play", "pantomime", "panto", "ballet",
    "biopic", "franchise", "reboot", "revival", "adaptation", "telefilm", "epic", "animation",
    "dramedy", "docuseries", "sci-fi", "horror", "western", "romcom", "satire", "hit", "serial", "premiere",
    "production", "predecessor", "successor", "starring", "stars", "starred", "star", "starring", "episode", "episodes", "finale",
    "season", "seasons", "cast", "flick", "flicks", "tale",
}
# the SHOW_BEFORE words that name a work, not the people in it ("films such as X" but not "stars such as X")
_WORK_BEFORE = SHOW_BEFORE - {"star", "stars", "starring", "starred", "cast", "season", "seasons", "episode",
                              "episodes", "finale", "premiere", "predecessor", "successor"}
SHOW_AFTER = {"season", "seasons", "series", "star", "stars", "actor", "actress", "creator", "director",
              "episode", "episodes", "finale", "cast", "co-star", "premiered", "premieres",
              "trailer", "sequel", "reboot", "remake", "spin-off", "spinoff", "revival", "showrunner",
              "producers", "writers", "franchise", "movie", "film", "films", "movies", "musical", "soundtrack",
              "starring", "judge", "judges", "contestant", "contestants", "housemate", "housemates"}
# after-nouns that name the medium ("the Harry Potter films") count only after "the" or a possessive
_MEDIUM_AFTER = {"movie", "film", "films", "movies", "musical", "series", "franchise", "soundtrack"}
_NOT_A_CAST = {"in", "on", "as", "alongside", "with", "opposite", "role", "roles"}
_MEDIUM_NOUNS = {"film", "movie", "musical", "sitcom", "series", "documentary", "drama", "opera", "ballet",
                 "pantomime", "miniseries", "biopic", "flick", "telefilm", "docuseries"}
SHOW_VERBS_BEFORE = {"in", "on"}  # "starred in X", "appeared on X" handled with a verb look-back
APPEAR_VERBS = {"starred", "starring", "stars", "appeared", "appears", "appear", "role", "roles", "cameo",
                "directed", "direct", "directing", "watch", "watched", "filming", "filmed", "shooting",
                "appearance", "appearances", "produced", "wrote", "written", "screened", "screening"}
AWARD_EVENT = {"awards", "oscars", "grammys", "baftas", "emmys", "globes", "brits", "tonys", "golden globes",
               "razzies", "sags", "mobos", "oliviers"}
AWARD_SHORT_NAMES = {"oscars": "academy awards", "grammys": "grammy awards", "emmys": "emmy awards",
                     "baftas": "bafta awards", "brits": "brit awards", "tonys": "tony awards"}
NOT_ENTITY = {
    # networks, platforms, studios and other organisations that look like names
    "netflix", "hbo", "bbc", "itv", "cbs", "nbc", "abc", "fox", "hulu", "amazon", "disney", "mtv", "vh1", "cnn",
    "sky", "showtime", "amc", "fx", "pbs", "channel 4", "channel 5", "e4", "bbc one", "bbc two", "bbc three",
    "bbc1", "bbc2", "itv1", "apple", "youtube", "twitter", "instagram", "facebook", "tiktok", "google",
    "spotify", "warner", "paramount", "universal", "sony", "miramax", "dreamworks", "pixar", "lionsgate",
    "marvel", "dc", "huffpost", "reuters", "ap", "dea", "fbi", "cia", "nasa", "nfl", "nba", "nhl", "uk",
    "us", "usa", "eu", "un", "god", "hollywood", "bollywood", "broadway", "west end", "christmas", "easter",
    "oscar", "grammy", "bafta", "emmy", "tony", "internet", "web", "tv", "dvd", "cd", "mp3", "ipod", "pop",
    "rock", "hip-hop", "hip hop", "r&b", "rap", "soul", "jazz", "reggae", "country", "gospel", "dance",
    "republicans", "democrats", "republican", "democrat", "gop", "white house", "congress", "senate",
    "parliament", "downing street", "whitehall", "box office", "top 40", "number one", "billboard",
}
ORG_WORDS = {
    "records", "pictures", "studios", "studio", "entertainment", "company", "corporation", "corp", "inc", "ltd",
    "plc", "group", "association", "academy", "festival", "university", "college", "school", "council",
    "party", "cartel", "police", "department", "agency", "committee", "commission", "club", "band",
    "orchestra", "theatre", "theater", "hall", "street", "road", "square", "park", "museum", "gallery",
    "music", "news", "times", "post", "magazine", "radio", "television", "channel", "network", "foundation",
    "institute", "society", "trust", "church", "hospital", "court", "house", "office", "ministry", "bank",
    "airlines", "media", "press", "books", "comics", "publishing", "exchange", "group", "league", "cup", "championship",
    "olympics", "games", "city", "county", "state", "states", "kingdom", "republic", "island", "islands",
    "centre", "center", "arena", "stadium", "palace", "abbey", "cathedral", "bridge", "river", "valley",
    "mountains", "sea", "ocean", "bay", "beach", "airport", "station", "tower", "hotel", "restaurant",
    "bar", "records", "label", "tv", "service", "services", "fund", "prize", "award", "trophy", "medal", "chart",
    "charts", "army", "navy", "forces", "guard", "project", "federation", "union", "organisation",
    "organization", "brothers", "bros", "sisters", "twins", "boys", "girls", "crew", "gang", "quartet",
    "trio", "duo", "ensemble", "choir", "cinema", "cinemas", "tour", "conference", "summit", "day", "week",
    "year", "month", "weekend", "night", "eve", "season", "series", "episode", "album", "single", "song",
    "website", "blog", "show", "awards", "ceremony", "gala", "fest", "expo", "convention", "fair",
    "pavilion", "hills", "heights", "gardens", "force", "corps", "regiment", "guards", "direct", "movies",
}
MONTHS_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
               "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# lower-case words allowed inside a capitalised title/name ("Lord of the Rings", "Will and Grace", "Ludwig van Beethoven")
CONNECTORS = {"of", "the", "and", "de", "da", "del", "della", "di", "van", "von", "der", "den", "du", "le", "la",
              "y", "&", "auf", "des", "el", "al", "bin"}
NAME_PARTICLES = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "du", "le", "la", "bin", "al", "el"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
COMMON_SENTENCE_STARTERS = {
    "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "you", "his",
    "her", "their", "its", "our", "my", "your", "there", "here", "when", "while", "after", "before", "but",
    "and", "or", "so", "if", "as", "at", "in", "on", "for", "with", "from", "by", "to", "of", "also", "now",
    "then", "yet", "still", "even", "only", "just", "both", "all", "some", "many", "most", "more", "other",
    "another", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "last", "next",
    "first", "new", "former", "late", "veteran", "young", "old", "british", "american", "us", "uk", "irish",
    "english", "scottish", "welsh", "french", "german", "spanish", "italian", "canadian", "australian",
    "however", "meanwhile", "although", "though", "despite", "since", "until", "during", "according",
    "like", "unlike", "what", "who", "which", "where", "why", "how", "not", "no", "yes", "every", "each",
    "such", "much", "few", "several", "about", "over", "under", "between", "among", "because", "instead",
    "speaking", "asked", "earlier", "later", "today", "tonight", "yesterday", "tomorrow", "recently",
    "hit", "top", "best", "oscar-winning", "award-winning", "film", "singer", "actor", "actress", "director",
    "star", "comedian", "rapper", "musician", "producer", "writer", "presenter", "host", "critics", "fans",
    "organisers", "producers", "viewers", "officials", "police", "reports", "sources", "music", "pop",
    "rock", "comedy", "drama", "movie", "tv", "television", "rival", "fellow", "co-star", "actors",
    "singers", "stars", "legendary", "acclaimed", "celebrated", "famed", "renowned", "popular", "fellow",
    "did", "does", "do", "is", "was", "are", "were", "will", "would", "could", "should", "can", "may",
    "might", "must", "has", "have", "had", "be", "been", "being", "said", "says", "let", "watch", "see",
    "read", "get", "meet", "ahead", "following", "amid", "inside", "outside", "behind", "beyond", "through",
    "across", "against", "toward", "towards", "within", "without", "upon", "onto", "into", "out", "up",
    "down", "off", "away", "back", "again", "ever", "never", "always", "often", "sometimes", "perhaps",
    "maybe", "indeed", "well", "oh", "ok", "okay", "so-called", "dear", "thanks", "thank", "please",
    "happy", "sad", "big", "small", "great", "good", "bad", "little", "long", "short", "high", "low",
    "full", "half", "free", "live", "real", "true", "whole", "entire", "exclusive", "breaking", "update",
    "watch", "listen", "look", "see", "here's", "there's", "it's", "that's", "what's", "who's", "how",
}
_KIN = {"daughter", "son", "wife", "husband", "mother", "father", "brother", "sister", "widow", "widower",
        "partner", "girlfriend", "boyfriend", "fiancee", "fiance", "grandson", "granddaughter", "niece", "nephew"}
_PEOPLE_NOUNS = {"woman", "man", "girl", "boy", "person", "lady", "guy", "child", "teenager", "character"} | _KIN
_SAY_AFTER = {"said", "says", "told", "added", "explained", "admitted", "revealed", "insisted", "wrote",
              "tweeted", "posted", "announced", "recalled", "joked", "confirmed", "claimed", "argued",
              "noted", "believes", "thinks", "who", "has", "had", "was", "is", "will", "won", "plays",
              "played", "starred", "stars", "directed", "sang", "performed", "died", "dies", "married"}

_QUOTE_OPEN = set("\"'“‘«")
_QUOTE_CLOSE = set("\"'”’»")


def _possessive_start(token: str) -> int | None:
    """Where a possessive ending ("'s", "'") starts in token, or None."""
    if token.endswith(("'s", "’s")):
        return len(token) - 2
    if token.endswith(("'", "’")):
        return len(token) - 1
    return None


def _name_cache_dir() -> Path:
    """Where the parsed first-name list is kept between runs ($MARQUEE_CACHE_DIR, else the per-user cache)."""
    import platformdirs

    return Path(os.environ.get("MARQUEE_CACHE_DIR") or platformdirs.user_cache_dir("marquee"))


def _parse_name_dictionary(data: str) -> frozenset[str]:
    names = set()
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
    if not word[:1].isupper() or word.isupper() and len(word) > 1:
        return False
    return word.lower() in _first_names()


# ---------------------------------------------------------------- mentions

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


def display(tokens: list[str]) -> str:
    """A run's tokens as written: spaces between words, none before a colon ("Narcos: Mexico")."""
    return " ".join(tokens).replace(" :", ":") if ":" in tokens else " ".join(tokens)


_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_CAP_REST = r"(?:[\w&]|['’.\-](?=\w))*"
_CAP = rf"[{_UPPER}]{_CAP_REST}"  # a capitalised word
_NUM = r"\d+(?:[.,]\d+)*"
_CONN = r"(?:of|the|and|de|da|del|della|di|van|von|der|den|du|le|la|y|&|auf|des|el|al|bin)"
# A run of capitalised words, joined by spaces, lower-case connectors or a colon ("Narcos: Mexico"),
# optionally with numbers ("Shrek 2", "50 Cent", "The 39 Steps").
# It opens with a number before a capitalised word ("24 Hour Party People") or with the capitalised word, written
# as one character class first so that the regex engine skips quickly to where a run can start.
_RUN = re.compile(rf"[\d{_UPPER}](?:(?<=\d)\d*(?:[.,]\d+)*[ \t]+{_CAP}|(?<=[{_UPPER}]){_CAP_REST})(?:(?:[ \t]+(?:{_CONN}[ \t]+)*|:[ \t]+){_CAP}|[ \t]+{_NUM}(?:/\d+)?\b(?![/:\-–]\d)(?!\s+(?:and\s+\d+/\d+\s+)?odds\b))*")
_RUN_TOKENS = re.compile(r"[^\s:]+|:")
_CONTEXT_TOKEN = r"\w+(?:[-'’.&]\w+)*|[^\w\s]"
_CONTEXT = re.compile(_CONTEXT_TOKEN)  # words around a mention
# the first three _CONTEXT tokens from a position, in one match: only spaces can come between them
_NEXT_THREE = re.compile(rf"\s*({_CONTEXT_TOKEN})(?:\s*({_CONTEXT_TOKEN})(?:\s*({_CONTEXT_TOKEN}))?)?")
_SENT_END_CHARS = ".!?…"
_PLACE = re.compile(r"\b(?:in|at|from|near|across|outside)\s+([A-Z][a-z]+)\b(?![-'’])")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")


def _names_a_work(tokens: list[str]) -> bool:
    """Capitalised words after a possessive that read as a work, not a place or a firm ("Chinese Theatre")."""
    return tokens[-1].lower() not in ORG_WORDS and tokens[-1].lower() not in _DEMONYMS


def _show_intro(before: list[str], music: bool = False) -> bool:
    """The words before a mention introduce a work: "the film X", "hits such as X", "the overlooked films were X".

    In an article about music, "hit" and "hits" introduce songs, not shows.
    """
    b = [w for w in before if w not in _QUOTE_OPEN and not (music and w in _MUSIC_AMBIGUOUS)]
    if not b:
        return False
    return b[-1] in _WORK_BEFORE or (b[-1] in _LIST_INTRO and any(w in _WORK_BEFORE or w in _SHOW_PLURALS
                                                                   for w in b[:-1]))


_SONG_NOUNS = {"hit", "single", "song", "album", "track", "ep", "anthem", "ballad", "lp", "cover"}
_SONG_PLURALS = {"hits", "singles", "songs", "albums", "tracks", "anthems", "ballads", "covers"}


def _song_intro(before: list[str]) -> bool:
    """"the hit X", "other hits including X": in a music article, X is a song or an album."""
    b = [w for w in before if w not in _QUOTE_OPEN]
    if not b:
        return False
    if re.fullmatch(r"(19|20)\d\d['’]s", b[-1]) and len(b) > 1 and b[-2] in {"was", "is"}:
        b = b[:-1]  # "Their first hit was 1972's X"
    return b[-1] in _SONG_NOUNS or (b[-1] in _LIST_INTRO and any(w in _SONG_NOUNS or w in _SONG_PLURALS
                                                                  for w in b[:-1]))


_MUSIC_WORDS = {"album", "albums", "single", "singles", "song", "songs", "chart", "charts", "band", "bands",
                "singer", "track", "tracks", "gig", "gigs", "tour", "music", "rapper", "guitarist", "lyrics",
                "record", "records", "label", "ep", "vocals"}
_SCREEN_WORDS = {"film", "films", "movie", "movies", "series", "episode", "episodes", "actor", "actress", "director",
                 "cinema", "tv", "television", "sitcom", "drama", "stage", "theatre", "musical", "broadway",
                 "screen", "oscar", "oscars", "box", "cast", "role", "starring", "play", "opera"}
_BOOK_WORDS = {"book", "books", "novel", "novels", "novelist", "author", "authors", "fiction", "poems", "poetry",
               "poet", "publisher", "publishers", "published", "literary", "bestseller", "paperback", "memoir"}
_TOPIC_WORDS = _MUSIC_WORDS | _SCREEN_WORDS | _BOOK_WORDS
_WORD = re.compile(r"\w+")
_MUSIC_AMBIGUOUS = {"hit", "hits", "release", "releases", "classics", "successes"}


def arts_topic(text: str) -> tuple[int, int, int]:
    """How many music words, screen and stage words, and book words the article uses."""
    music = screen = books = 0
    for w in _WORD.findall(text.lower()):
        if w not in _TOPIC_WORDS:
            continue
        if w in _MUSIC_WORDS:
            music += 1
        elif w in _BOOK_WORDS:
            books += 1
        else:
            screen += 1
    return music, screen, books


_SEQUEL = re.compile(r"(.+) (?:[2-9]|1[0-9]|ii|iii|iv|v|vi)")


def _voted_show(votes: "Votes", key: str, common: set[str] = frozenset()) -> bool:
    """The corpus saw key in show contexts in enough of the articles naming it."""
    vs = votes.show.get(key, 0)
    share = 0.35 if key in common else 0.15
    return vs >= 2 and vs >= votes.person.get(key, 0) and vs >= share * votes.seen.get(key, 0)


_LOWER_LONG_WORD = re.compile(r"(?<![^\s'\"‘“(])[a-z]{4,}\b")
_LONG_WORD = re.compile(r"(?<![^\s'\"‘“(])[A-Za-z][a-z]{3,}\b")  # a word of 4+ letters that starts after a space


def _title_cased(para: str) -> bool:
    """A headline in Title Case ("Colbert Mocks Trump's Speech"): capitals there say nothing of names."""
    if _LOWER_LONG_WORD.search(para):
        return False
    return len(_LONG_WORD.findall(para)) >= 5


# Words a Title Case headline capitalises that are never part of a name: function words and headline verbs.
_HEADLINE_SMALL = frozenset((STOP_WORDS - {"will", "may"}) | set("""
after about above across against ahead along amid among around away before behind below beneath beside besides
beyond despite down during except inside into like near off onto out outside over past per since than through
throughout till toward towards under underneath unlike until up upon via within without just still now finally
really totally already ever never even also again here there why how what who when where whose whom all every
some any no not more most much many very too only why's what's who's here's there's it's that's he's she's
they're we're you're i'm isn't aren't wasn't weren't doesn't don't didn't can't won't couldn't wouldn't
shouldn't hasn't haven't hadn't is are was were be been being do does did done has have had can could would
should must might shall says say said tells tell told talks talk reveals reveal revealed slams slam slammed
shares share shared gets get got makes make made wants want calls call called thinks think admits admit
explains explain responds respond reacts react defends defend denies deny confirms confirm announces announce
announced opens open opened speaks speak spoke gives give gave takes take took goes go went comes come came
looks look sees see saw knows know needs need tries try tried finds find found shows show showed showing
mocks mock mocked roasts roast roasted trolls troll jokes joke joked rips rip praises praise honors honours
honor honour dies die died drops drop dropped joins join joined leaves leave left returns return returned
pays pay paid posts post posted wins win won loses lose lost hits hit blasts blast blasted fires fire fired
claps clap shuts shut teases tease teased celebrates celebrate celebrated addresses address apologizes
apologises apologize apologise apologized apologised breaks break broke brings bring brought buys buy bought
cancels cancel cancelled canceled sues sue sued launches launch launched plans plan planned puts put sets set
turns turn turned uses use used welcomes welcome welcomed wishes wish wished stuns stun stunned tweets tweeted
felt feels feel recalls recall reflects reflect gushes dishes spills hints confesses insists urges vows warns
accuses blames thanks shades weighs sounds names named becomes became keeps kept lets helps helped
asks asked begs answers answered writes wrote pens penned nails slays owns reunites reunite
""".split()))
_QUOTED_SPAN = re.compile(r"(?<!\w)['‘\"“][^'’\"”\n]+['’\"”](?!\w)")
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
            if core.lower() in _HEADLINE_SMALL and not any(a <= pos < b for a, b in keep):
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
            if cur:
                parts.append((cur, False))
            cur = []
            continue
        cut = _possessive_start(t) if len(t) > 2 and t[0].isalpha() and not (cur and cur[-1].lower() == "the") \
            else None  # "The Handmaid's Tale", "the Cuckoo's Nest": the possessive is inside the title
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


_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:and|or|&))\s*")


def mentions_in(text: str, music: bool = False, arts: bool = True, skip: frozenset[str] = frozenset()
                ) -> list[Mention]:
    """All capitalised sequences in text, with their sentence position, surrounding words and list group.

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
        for m in _RUN.finditer(para):
            s, e = m.span()
            in_list = prev_end >= 0 and bool(_LIST_GAP.fullmatch(para[prev_end:s]))
            if not in_list:
                group += 1
                group_start, intro, song = s, None, False
            elif intro is None:  # the second item of a list: what introduced the list?
                lead = [w.lower() for w in _CONTEXT.findall(para[max(0, group_start - 60):group_start])[-3:]]
                intro, song = _show_intro(lead, music), music and _song_intro(lead)
            prev_end = e
            text = m.group()
            if " " not in text and text.lower() in COMMON_SENTENCE_STARTERS and _sentence_start(para, s):
                continue  # "The", "But", "However" opening a sentence: never a name (the common case, made cheap)
            if " " not in text and text.isascii() and text.lower() in skip:
                continue  # "I", "US", "January": dropped by the caller whatever their context
            tokens = _RUN_TOKENS.findall(text)
            before = [w.lower() for w in _CONTEXT.findall(para, max(0, s - 60), s)[-3:]]
            cut = len(tokens) - 1 - tokens[::-1].index("and") if "and" in tokens else -1
            if cut > 0 and ((before and before[-1] == ",") or (
                    cut + 2 < len(tokens) and is_first_name(tokens[cut + 1]) and tokens[cut + 2][0].isupper())):
                # "Raging Bull, Goodfellas and Gangs of New York", "La Traviata and Richard Strauss":
                # a list, not one title
                runs = [tokens[:cut], tokens[cut + 1:]]
            else:
                runs = [tokens]
            nxt = _NEXT_THREE.match(para, e, e + 60)
            if nxt is None:
                after = []
            else:
                a1, a2, a3 = nxt.groups()
                after = [a1.lower()] if a2 is None else [a1.lower(), a2.lower()] if a3 is None \
                    else [a1.lower(), a2.lower(), a3.lower()]
            quoted = s > 0 and para[s - 1] in _QUOTE_OPEN and e < len(para) and para[e] in _QUOTE_CLOSE
            sent = _sentence_start(para, s)
            for r, run_tokens in enumerate(runs):
                pieces = _split_run(run_tokens)
                if r == 0 and len(pieces) == 2 and pieces[0][1] and not pieces[1][1] \
                        and (len(pieces[0][0]) == 1 or not is_first_name(pieces[0][0][0])) \
                        and (_show_intro(before, music) or _role_in_words(before))\
                        and not run_tokens[0].isupper():
                    # "films such as Hobson's Choice", "animated movie Howl's Moving Castle", "his role in Dead
                    # Man's Shoes": the possessive is in the title
                    pieces = [(run_tokens, False)]
                for k, (toks, poss) in enumerate(pieces):
                    first, last = r == 0 and k == 0, r == len(runs) - 1 and k == len(pieces) - 1
                    if k > 0:
                        group += 1  # after a possessive: "Netflix's | Narcos" are not a list
                    prev_piece = pieces[k - 1][0] if k else []
                    out.append(Mention(toks, sent and first, before if first else
                                       ([prev_piece[-1].lower()] if k else ["and"]),
                                       after if last else (["'s"] if poss else ["and"]),
                                       quoted and len(pieces) == 1 and len(runs) == 1, poss, group,
                                       len(prev_piece) >= 2 and is_first_name(prev_piece[0])
                                       and not (headline and not quoted),
                                       bool(k == 0 and (in_list and intro or r > 0 and (
                                           intro if in_list else _show_intro(before, music)))),
                                       bool(music and (song if in_list else _song_intro(before))),
                                       arts and poss and k < len(pieces) - 1 and _names_a_work(pieces[k + 1][0]),
                                       headline))
    return out


# ---------------------------------------------------------------- classification

@dataclass
class Gazetteer:
    """Editors' lists: shows and persons to always recognise, aliases, and names never to tag."""

    shows: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # folded alias -> canonical display name
    never: set[str] = field(default_factory=set)  # folded names
    display: dict[str, str] = field(default_factory=dict)  # folded -> display for listed names

    @classmethod
    def load(cls, path: str | Path | None) -> "Gazetteer":
        """Read a TOML gazetteer ([shows] names, [persons] names, [aliases] map, [never] names)."""
        g = cls()
        if not path:
            return g
        import tomllib

        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise ValueError(f"{p}: invalid TOML: {e}") from e
        for kind in ("shows", "persons"):
            names = data.get(kind, {}).get("names", []) if isinstance(data.get(kind), dict) else data.get(kind, [])
            for name in names:
                getattr(g, kind).add(fold(name))
                g.display[fold(name)] = name
        for alias, canon in (data.get("aliases") or {}).items():
            g.aliases[fold(alias)] = canon
        never = data.get("never", {})
        never = never.get("names", []) if isinstance(never, dict) else never
        g.never = {fold(x) for x in never}
        return g

    def matches(self, text: str):
        """(key, kind, display) for every listed name or alias written in text (case/accent-insensitive)."""
        if not (self.shows or self.persons or self.aliases):
            return
        if getattr(self, "_pattern", None) is None:
            names = sorted(self.shows | self.persons | set(self.aliases), key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
        for m in self._pattern.finditer(fold(text)):
            key = m.group(1)
            if key in self.aliases:
                disp = self.aliases[key]
                key = fold(disp)
                kind = "person" if key in self.persons else "show"
            else:
                disp = self.display.get(key, key)
                kind = "show" if key in self.shows else "person"
            yield key, kind, disp

    def fingerprint(self) -> str:
        """Stable summary, so reindex can tell the gazetteer changed."""
        import hashlib

        blob = repr((sorted(self.shows), sorted(self.persons), sorted(self.aliases.items()), sorted(self.never)))
        return hashlib.sha1(blob.encode()).hexdigest()


def _strip_sentence_start(m: Mention, lower_words: set[str], text: str = "") -> Mention | None:
    """Drop a sentence-initial ordinary word ("Even Luna" -> "Luna"), unless the article writes the whole
    sequence again elsewhere ("Star Wars: The Last Jedi" at a sentence start and mid-sentence)."""
    if m.sent_start and len(m.tokens) > 1 and text.count(display(m.tokens)) > 1:
        return m
    toks = list(m.tokens)
    before = m.before
    while toks and toks[0].lower() in ROLE_WORDS and len(toks) > 1 and (
            is_first_name(toks[1]) or len(toks) in (3, 4) and all(t[:1].isupper() for t in toks[1:])):
        # "Showrunner Eric Newman": a capitalised role word is context, not part of the name
        before = before + [toks.pop(0).lower()]
        m = replace(m, tokens=toks, sent_start=False, before=before)
    while toks and m.sent_start and (toks[0].lower() in COMMON_SENTENCE_STARTERS or
                                     (toks[0].lower() in lower_words and not is_first_name(toks[0]))):
        toks.pop(0)
        while toks and (toks[0] in CONNECTORS or toks[0] == ":"):
            toks.pop(0)
        m = replace(m, tokens=toks, sent_start=False)
    return m if toks else None


_LIST_INTRO = {"including", "include", "included", "includes", "like", "as", "such", "were", "was", "are", "is"}
_SHOW_PLURALS = {"hits", "successes", "classics", "titles", "dramas", "comedies", "musicals", "sitcoms", "shows",
                 "documentaries", "thrillers", "blockbusters", "nominees", "contenders", "releases"}


_ROLE_IN_WORDS = {"role", "roles", "performance", "starred", "starring", "appeared", "appears", "cameo",
                  "appearance", "portrayal", "part", "turn"}  # singular: "performances in Chicago" is a tour
_OF_WORK = {"revival", "production", "adaptation", "remake", "staging", "premiere", "sequel", "screening",
            "cast", "star", "stars", "creator", "creators", "episode", "episodes", "season", "series", "finale",
            "producers", "makers"}


def _role_in(m: Mention) -> bool:
    """"his role in Closer", "her performance in X": a part in a work (not "filmed in London")."""
    return _role_in_words(m.before)


def _role_in_words(before: list[str]) -> bool:
    b = [w for w in before if w not in _QUOTE_OPEN]
    return len(b) >= 2 and b[-1] in {"in", "on"} and b[-2] in _ROLE_IN_WORDS


def _release_year(m: Mention) -> bool:
    """Followed by a year in brackets: "Casablanca (1942)"."""
    a = [w for w in m.after if w not in _QUOTE_CLOSE]
    return len(a) >= 3 and a[0] == "(" and bool(re.fullmatch(r"(18[89]|19\d|20[0-4])\d", a[1])) and a[2] == ")"


_PLAY_VERB_BEFORE = {"will", "would", "to", "can", "could", "should", "may", "might", "shall", "also", "he", "she",
                     "they", "who", "i", "you", "we", "and", "'ll", "’ll"}


_YEARS_S = re.compile(r"(19|20)\d\d['’]s")


def _show_context(m: Mention, lead_the: bool, music: bool = False) -> float:
    score = 0.0
    # look past an opening quote (the drama "Killing Eve"); in a music article "hit" means a song
    b = [w for w in m.before if w not in _QUOTE_OPEN and not (music and w in _MUSIC_AMBIGUOUS)]
    a = [w for w in m.after if w not in _QUOTE_CLOSE]
    prev = b[-1] if b else ""
    prev2 = b[-2] if len(b) > 1 else ""
    play_verb = prev in {"play", "plays"} and prev2 in _PLAY_VERB_BEFORE  # "will play Fern": a role, not a play
    if prev in SHOW_BEFORE and prev not in {"star", "stars", "starring", "starred", "cast", "season"} \
            and not play_verb:
        # the medium itself right before ("children's film Mary Poppins") outweighs a first name
        score += 2.0 if prev in _MEDIUM_NOUNS else 1.0
    if prev[:1] in "12" and _YEARS_S.fullmatch(prev) and not music:
        score += 1.0  # "1999's American Beauty": a year's release
    if len(a) >= 3 and a[0] == "," and (a[1] in {"directed", "produced", "written"} and a[2] == "by"
                                        or a[1] == "starring" and a[2] not in _NOT_A_CAST):
        score += 0.8  # "House of Flying Daggers, directed by ..."
    if prev in {"the", "a"} and prev2 in SHOW_BEFORE:
        score += 0.5
    if prev in _LIST_INTRO and any(w in _WORK_BEFORE or w in _SHOW_PLURALS for w in b[:-1]):
        score += 1.0  # "films including X, Y and Z", "the overlooked films were X, Y", "hits such as X"
    if m.list_intro:
        score += 1.0  # "B" and "C" in "films such as A, B and C"
    if _release_year(m):
        score += 1.0  # "Casablanca (1944)": a title with its release year
    if prev in SHOW_VERBS_BEFORE and (prev2 in APPEAR_VERBS or prev2 in _ROLE_IN_WORDS) and not m.possessive:
        score += 1.0  # "starred in X", "his role in X" (but "starred in Martin Scorsese's ...": the work follows)
    if prev == "of" and prev2 in _OF_WORK and not m.possessive:
        score += 1.0  # "the Broadway revival of The Glass Menagerie", "the cast of Friends"
    if prev in {"directed", "co-directed", "produced", "producing", "directing"} and _title_like(" ".join(m.tokens)):
        score += 1.0  # "who directed Harry Potter and the Prisoner of Azkaban"
    if prev == "the" and prev2 in SHOW_VERBS_BEFORE and len(b) > 2 and b[-3] in APPEAR_VERBS:
        score += 1.0
    nxt = a[0] if a else ""
    if m.possessive:
        nxt = a[0] if a else ""
    if nxt == "starring" and len(a) > 1 and a[1] in _NOT_A_CAST:
        nxt = ""  # "Davis starring in ...": a person starring, not a film starring someone
    if nxt in SHOW_AFTER and not (nxt in _MEDIUM_AFTER and prev not in {"the", "'s", "his", "her", "their", "its"}
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
    if m.after_persons and not music:
        score += 0.8  # a director's or composer's work
    return score


_FUNCTION_IN_TITLES = {"my", "oh", "hey", "your", "our", "me", "what", "how", "why", "when", "who", "is", "do",
                       "does", "did", "can", "don't", "let", "love", "just", "never", "ever", "all", "no", "yes"}


_NOT_IN_NAMES = (STOP_WORDS | _FUNCTION_IN_TITLES) - NAME_PARTICLES
_TITLE_NOUNS = {"minister", "ministers", "secretary", "chancellor", "democrat", "democrats", "republican",
                "republicans", "senator", "governor", "mayor", "leader", "spokesman", "spokeswoman", "chairman",
                "president", "congressman", "congresswoman", "mp", "mps", "tory", "tories", "conservative",
                "conservatives", "liberal", "liberals", "justice", "attorney", "general", "officials", "official"}
# abbreviated titles: a run ending in one stops before the name it precedes ("Oregon Gov. Kate Brown")
_TITLE_ABBREVIATIONS = {"gov", "sen", "rep", "lt", "gen", "sgt", "capt", "dept", "atty"}
_PLACE_BEFORE = {"in", "near", "across", "outside"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_STAGE_TITLES = {"prince", "princess", "king", "queen"}  # honorifics that are also stage names alone ("Prince")
_TITLE_ALONE = HONORIFICS - _STAGE_TITLES
_HAS_DIGIT = re.compile(r"\d")


def _person_score(toks: list[str], m: Mention, lower_words: set[str]) -> float:
    words = [t for t in toks if t[0].isalpha()]
    if not words or len(toks) > 5:
        return -1.0
    low = [t.lower() for t in toks]
    if (len(toks) == 1 and low[0].rstrip(".") in _TITLE_ALONE) or low[-1] in _TITLE_NOUNS:
        return -1.0  # "Sen." alone, "Prime Minister", "Liberal Democrat": a title or a party, not a name
    if low[0] in _DEMONYMS:
        return -1.0  # "Australian Open", "British Academy": a people's adjective never opens a name
    prev = m.before[-1] if m.before else ""
    if prev == "the" and low[-1].endswith("s") and not low[-1].endswith("ss") and not m.possessive and (
            len(toks) == 1 or not (m.after and m.after[0].isalpha() and m.after[0].islower())):
        # "the Beatles", "the Killers", "the Stone Roses,": a band, not a person ("the Howard Hughes biopic"
        # uses a person's name as an adjective)
        return -1.0
    # a first name, a surname that is also a word, and a role before: "actress Doris Day", "Will Smith"
    named = 2 <= len(toks) <= 3 and is_first_name(toks[0]) and not m.sent_start and (
        low[0] in {"will", "may"} or not (low[0] in STOP_WORDS or low[0] in _FUNCTION_IN_TITLES))
    surname_ok = named and (prev in ROLE_WORDS or prev.rstrip("s") in ROLE_WORDS or (
        prev in {"for", "by", "with"} and len(m.before) > 1 and m.before[-2] in ROLE_WORDS))
    if not ORG_WORDS.isdisjoint(low[1:-1] if surname_ok else low[1:]) or fold(" ".join(toks)) in NOT_ENTITY:
        return -1.0
    if not MONTHS_DAYS.isdisjoint(low[:-1] if surname_ok else low):
        return -1.0
    if low[0] in {"st", "st."} or any(t.isupper() and len(t) >= 3 and t.isalpha() for t in toks):
        return -1.0  # "St Andrews", "CBS TV": saints' places and acronyms are not people's names
    if m.quoted or not _NOT_IN_NAMES.isdisjoint(low[1:] if named else low):
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
    if m.after and m.after[0] in _SAY_AFTER:
        score += 0.4
    if len(m.after) >= 3 and m.after[0] == "," and m.after[1] in {"the", "his", "her", "their"} \
            and (m.after[2] in _KIN or m.after[2] in ROLE_WORDS):
        score += 1.0  # "Attallah Shabazz, the daughter of ...", "X, the actor who ..."
    if prev in {"called", "named"} and len(m.before) > 1 and m.before[-2] in _PEOPLE_NOUNS:
        score += 1.0  # "a woman called Sacheen Littlefeather"
    if prev in {"for", "by", "with"} and len(m.before) > 1 and m.before[-2] in ROLE_WORDS:
        score += 0.5  # "supporting actor for Thomas Haden Church"
    if m.after and m.after[0] == "(":
        score += 0.2
    if is_first_name(toks[0]) and not (low[0] in lower_words):
        score += 1.0 if len(toks) >= 2 else 0.3
    elif is_first_name(toks[0]):
        score += 0.6 if len(toks) >= 2 else 0.0
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
    if prev in _PLACE_BEFORE and not m.possessive and not _role_in(m):
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

    def merge(self, other: "Votes") -> None:
        self.show.update(other.show)
        self.person.update(other.person)
        self.surname.update(other.surname)
        self.band.update(other.band)
        self.place.update(other.place)
        self.seen.update(other.seen)


@dataclass
class Entities:
    shows: list[str]
    persons: list[str]


def _headline_name(key: str, disp: str, votes: "Votes", common: set[str], mostly: frozenset[str]
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


class CommonWords(set):
    """The words a corpus writes in lower case; `mostly` holds those it writes in lower case at least 3 times and
    in a fifth of their uses or more ("gun", "carpet", "dead"; not "smith", nor "black" beside Black Friday and
    the people called Black)."""

    mostly: frozenset = frozenset()


def lower_case_words(vocab: Counter) -> CommonWords:
    """The words a corpus writes in lower case (counts case kept): as capitalised one-word names they need stronger
    evidence."""
    common, capitalised = CommonWords(), Counter()
    for w, n in vocab.items():
        if w[:1].islower():
            common.add(w)
        else:
            capitalised[w.lower()] += n
    common.mostly = frozenset(w for w in common if (n := vocab[w]) >= 3 and n * 4 >= capitalised[w])
    return common


def _headline_phrase(key: str, mostly: frozenset[str]) -> bool:
    """A person run of two or more words in a Title Case headline, made only of words the corpus mostly writes in
    lower case ("Gun Control", "Red Carpet", "Man Arrested"): a phrase the headline capitalised, not a name.
    (One word is left alone: a capitalised line-up of players, "Strong, Bridge, Fortune", reads as a headline.)"""
    words = key.split()
    return len(words) >= 2 and all(w in mostly for w in words)


class EntityExtractor:
    """Extracts shows and persons; call learn() over a corpus first to enable corpus voting."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or Gazetteer()
        self.votes = Votes()
        self.common_words: set[str] = set()  # words the corpus also writes in lower case ("ocean", "destiny")
        g = self.gazetteer
        # one-word names candidates() drops whatever their context, so mentions_in() skips them before reading
        # it (unless an alias makes one a name)
        self._dropped_words = frozenset(
            w for w in NOT_ENTITY | MONTHS_DAYS | COMMON_SENTENCE_STARTERS | _DEMONYMS | _NEVER_ALONE | g.never
            if " " not in w and w.isascii() and w not in g.aliases and self._unwanted(w))

    def _unwanted(self, key: str) -> bool:
        """Never tagged: the gazetteer's exclusions, NOT_ENTITY, lone pronouns, dates and numbers, and names
        ending in a demonym ("Native American", "Latin American": adjectives of people, not names)."""
        return key in self.gazetteer.never or key in NOT_ENTITY or _never_entity(key) \
            or key.rsplit(" ", 1)[-1] in _DEMONYMS

    # -- stage 1: candidates (the expensive part; no corpus votes needed)
    def candidates(self, title: str, body: str = "") -> list[tuple]:
        """Scored candidate mentions of one article: ("fixed", key, kind, disp) or
        ("cand", key, disp, show_score, whole_person_score, [(pkey, pdisp, person_score, single), ...], group,
        in_headline)."""
        text = f"{title}\n\n{body}" if body else title
        lower_words = set(_LOWER_WORD.findall(text))
        places = set(_PLACE.findall(text))
        g = self.gazetteer
        out: list[tuple] = [("fixed", key, kind, disp) for key, kind, disp in g.matches(text)]
        out += [("fixed", fold(p), "place", p) for p in places]
        n_music, n_screen, n_books = arts_topic(text)
        # a music (or book) article: a person's possessive work is an album (or a book), "hits" are songs
        music = n_music > n_screen or n_books > max(n_screen, n_music)
        # "Mozart's Requiem" names a creator in an arts article; "Labour's Gordon Brown" does not
        arts = n_music + n_screen >= max(3, 0.02 * text.count(" "))  # 2% of the words: an arts article
        for m in mentions_in(text, music, arts=arts, skip=self._dropped_words):
            m = _strip_sentence_start(m, lower_words, text)
            if m is None:
                continue
            toks = m.tokens
            lead_the = toks[0] == "The" and not m.sent_start
            # keep a leading "The" only mid-sentence (capital T): the article shows it as part of a title
            core = toks[1:] if toks[0] in ("The", "A", "An") and len(toks) > 1 and m.sent_start and not m.quoted \
                else toks
            if len(core) > 1 and core[-1].lower() in _TITLE_ABBREVIATIONS:
                core = core[:-1]  # "Oregon Gov. Kate Brown": the run stopped at the title's full stop
            disp = display(core)
            key = fold(disp)
            if key in g.aliases:
                disp = g.aliases[key]
                key = fold(disp)
            if self._unwanted(key):
                continue
            if m.song_intro:
                continue  # a song or an album, neither a show nor a person
            b = m.before
            if "name" in b and any(b[i] in ("real", "birth") and b[i + 1] == "name" for i in range(len(b) - 1)) \
                    or b[-1:] in (["née"], ["nee"]):
                continue  # "50 Cent, real name Curtis Jackson": one person, listed under the name used
            if (m.before and m.before[-1] in NOT_SHOW_NOUNS) or (m.after and m.after[0] in NOT_SHOW_NOUNS
                                                                 and not m.possessive):
                if (m.before and m.before[-1] in _GROUP_BEFORE) or (m.after and m.after[0] in _GROUP_AFTER):
                    out.append(("fixed", key, "group", disp))  # "band X", "X frontman": never a person here
                continue  # "the album X", "X tour", "band X": not a show, not a person
            if m.after and m.after[0] in {"are", "were", "have", "'re", "’re"} and not m.possessive \
                    and not (set(m.before) & {"and", ",", "&"}) and "and" not in core:
                out.append(("fixed", key, "plural", disp))  # "Keane are": a band (or a title: "The History Boys")
            if key in g.shows or key in g.persons:
                out.append(("fixed", key, "show" if key in g.shows else "person", g.display.get(key, disp)))
                continue
            if len(core) == 1 and core[0] in places and not (_release_year(m) or _role_in(m)):
                continue  # "in France" elsewhere in the article: a place (but "in Casablanca (1942)" is a film)
            if core[-1].lower() in AWARD_EVENT and len(core) <= 5:
                # awards ceremonies named as events: "the Oscars", "the Brit Awards ceremony"
                prev = m.before[-1] if m.before else ""
                nxt = m.after[0] if m.after else ""
                if prev == "the" or prev.endswith(("'s", "’s")) or re.fullmatch(r"\d+(st|nd|rd|th)", prev) \
                        or nxt in {"ceremony", "show", "telecast", "broadcast", "gala", "nominations", "night"}:
                    out.append(("fixed", key, "show", disp))
                continue
            whole = _person_score(core, m, lower_words)
            parts = []
            for part, pm in _split_at_connectors(core, m, lower_words):
                if len(part) == 1 and part[0] in places:
                    continue  # "in London" elsewhere in the article: a place, not a mononym
                ptoks = part[1:] if part[0].lower() in DROP_HONORIFICS and len(part) > 1 else part
                pdisp = display(ptoks)
                pkey = fold(pdisp)
                if pkey in NOT_ENTITY or pkey in g.never:
                    continue
                score = whole if pm is m and ptoks == core else _person_score(ptoks, pm, lower_words)
                parts.append((pkey, pdisp, score, len(ptoks) == 1))
                if pm.owns_work and len(ptoks) == 1:
                    out.append(("fixed", pkey, "owner", pdisp))
            if len(core) >= 2 and m.before and m.before[-1] in _PLACE_BEFORE and not m.possessive \
                    and not _role_in(m) and whole < 1.5:
                out.append(("fixed", key, "place", disp))  # "in San Francisco": a vote that it is a place
            place = bool(m.before) and m.before[-1] in {"in", "at", "from", "across", "near", "around", "to", "of"}
            # "Ray Charles biopic Ray": a name before the medium noun describes the work after it; it is no
            # item of the list around it
            describes = bool(m.after) and m.after[0] in _MEDIUM_NOUNS and not m.possessive
            if describes and m.list_intro:
                m = replace(m, list_intro=False)
            # "the Howard Hughes biopic": a biopic's subject is a person, whatever context the phrase is in
            show = 0.0 if m.after[:1] == ["biopic"] else _show_context(m, lead_the, music)
            out.append(("cand", key, disp, show, whole, parts,
                        # a negative group: a list of places; a possessive owns what follows, it is in no list
                        -(10**6 + len(out)) if m.possessive or describes else (-m.group if place else m.group),
                        m.headline))
        return out

    # -- stage 2: decisions, with corpus votes
    @staticmethod
    def decide(cands: list[tuple], votes: Votes | None = None, common: set[str] = frozenset()):
        """Yield (key, kind, display); kind is show, person, or person? (a lone word to resolve later).

        common: words the corpus also writes in lower case; as one-word shows they need stronger votes.
        """
        mostly = getattr(common, "mostly", frozenset())  # a plain set of words carries no counts
        decided: list[tuple[tuple, list[tuple], bool]] = []  # (candidate, its readings, a person among them)
        show_groups: set[int] = set()
        shows_in_group: dict[int, int] = {}
        for c in cands:
            if c[0] == "fixed":
                decided.append((c, [(c[1], c[2], c[3])], False))
                continue
            _, key, disp, show, whole_person, parts, group, headline = c
            strong = show >= 2.0  # from the article's own words ("biopic Ray"), not from corpus votes
            if votes is not None:
                # in show contexts in at least two articles, and in a good share of the articles naming it
                # ("Labour" meets a show word now and then in 173 articles: not a show; "Death", "Wife" are
                # headline words, so a word also written in lower case needs a larger share)
                if _voted_show(votes, key, common):
                    show += 1.8  # "Vera Drake": seen as a film in several articles, though Vera is a name
                elif (sequel := _SEQUEL.fullmatch(key)) and _voted_show(votes, sequel.group(1), common):
                    show += 1.8  # "Spider-Man 2": a number after a title the corpus knows
                if not strong and votes.place.get(key, 0) >= 3 and votes.place[key] >= votes.show.get(key, 0):
                    show = min(show, 0.0)  # "in Europe", "at Arsenal" in 3+ articles: a place, not a show
            if show >= 0.8 and (show >= whole_person or (show >= 1.0 and whole_person < 1.5)):
                # a strong reading ("biopic Ray") survives a person of the same name in the article
                decided.append((c, [(key, "show+" if strong else "show", disp)], False))
                show_groups.add(group)
                shows_in_group[group] = shows_in_group.get(group, 0) + 1
                continue
            out = []
            has_person = False
            for pkey, pdisp, person, single in parts:
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
                        pkey, pdisp = _headline_name(pkey, pdisp, votes, common, mostly)
                    if _headline_phrase(pkey, mostly):
                        continue
                if person >= 1.0:
                    out.append((pkey, "person", pdisp))
                    has_person = True
                elif single and person > -1.0:
                    out.append((pkey, "person?", pdisp))
            decided.append((c, out, has_person))
        person_groups = {c[6] for c, _, has_person in decided if has_person}
        person_groups -= {-g for g in person_groups if g < 0} | {g for g in person_groups if g < 0}
        for c, out, has_person in decided:
            if c[0] == "cand" and c[6] in person_groups and len(out) == 1 and out[0][1] == "person?" \
                    and c[6] not in show_groups and out[0][0] not in mostly:
                # listed beside people: "Usher, Kanye West and Alicia Keys" (but not a word the corpus mostly
                # writes in lower case: "Paul Duncan, Former Notre Dame Star ..., Dead at 35")
                yield out[0][0], "person", out[0][2]
                continue
            # listed beside a show, and no person reading, or only a weak one (a first name) in a list of at
            # least two shows or in "Harry Potter and the ..."
            if c[0] == "cand" and c[6] in show_groups and (not has_person or c[4] < 1.5 and (
                    shows_in_group.get(c[6], 0) >= 2 or (
                        c[4] <= -1.0 and " and the " in c[2] and _title_like(c[2])))) \
                    and (c[4] > -1.0 or _title_like(c[2])) \
                    and not (out[:1] and out[0][0] == c[1] and out[0][1] in ("show", "show+")):
                # listed beside a show ("Raging Bull, Goodfellas and ..."): a show too
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
        for key, kind, _ in EntityExtractor.decide(cands):
            if kind in ("group", "plural"):
                v.band[key] += 1
            if kind == "place":
                v.place[key] += 1
            if kind == "person":
                v.person[key] += 1
                words = key.split()
                if len(words) >= 2:
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
        for key in groups | {k for k in persons if self.votes.band.get(k, 0) >= 2}:
            persons.pop(key, None)  # a band named as a group somewhere (here, or in two other articles)
        for key in named_groups:
            shows.pop(key, None)  # "the group Westlife": a band here, whatever the corpus votes say
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
                                  for x in (h, h.removeprefix("the ")))
            # "Harry Potter and the Prisoner of Azkaban": a lower-case "the" after "and" keeps one title
            if len(disp_halves) == 2 and all(known(h) for h in halves) and not disp_halves[1].startswith("the "):
                shows.pop(key)
                for h, d in zip(halves, disp_halves):
                    shows.setdefault(h, d)
        for key in [k for k in shows if "the " + k in shows]:
            shows.pop(key)  # "Aviator" in the headline, "The Aviator" in the text: one show, its fullest form
        for short, full_name in AWARD_SHORT_NAMES.items():
            if short in shows and full_name in shows:
                shows.pop(short)  # "the Oscars" beside "the Academy Awards": one ceremony, its full name
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
                    and key not in self.common_words:
                persons.setdefault(key, disp)  # a mononym the corpus knows as a person (Madonna)
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


_GROUP_BEFORE = {"band", "bands", "group", "duo", "trio", "quartet"}  # "the band Keane"
_GROUP_AFTER = {"band", "frontman", "frontwoman", "singer", "guitarist", "drummer", "bassist", "lineup", "line-up"}
NOT_SHOW_NOUNS = {"album", "albums", "song", "songs", "single", "singles", "track", "tracks", "ep", "book", "books",
                  "novel", "novels", "memoir", "autobiography", "magazine", "newspaper", "band", "bands", "group",
                  "festival", "tour", "game", "games", "label", "chart", "charts", "anthem", "ballad", "lp",
                  "records", "exhibition", "station", "channel", "network", "website", "hotel", "street"}

_DEMONYMS = set("""
british english french german spanish italian american mexican canadian australian japanese chinese indian russian
european african asian irish scottish welsh dutch swedish norwegian danish finnish polish greek turkish korean
brazilian argentine argentinian cuban jamaican nigerian kenyan egyptian israeli iranian iraqi afghan pakistani
angolan belgian swiss austrian portuguese hungarian czech latin hispanic arab jewish catholic western eastern
northern southern hollywood bollywood colombian native chilean peruvian thai vietnamese filipino indonesian ukrainian
""".split())


def _title_like(disp: str) -> bool:
    """Written like a work's title rather than a name: "The Full Monty", "Why We Fight", "The 39 Steps"."""
    words = disp.split()
    if len(words) < 2 or any(w.isupper() and len(w) > 2 for w in words):
        return False  # one word, or an acronym ("BBC Four")
    low = [w.lower() for w in words]
    return low[0] in {"the", "a", "an"} or any(w in STOP_WORDS or w in _FUNCTION_IN_TITLES for w in low[1:])


_NEVER_ALONE = frozenset({"i", "it", "we", "you", "ok", "tv"})


def _never_entity(key: str) -> bool:
    """Words that are never a show or person on their own: pronouns, numbers, dates, nationalities."""
    return (len(key) < 2 or key.isdigit() or key in MONTHS_DAYS or key in COMMON_SENTENCE_STARTERS
            or key in _DEMONYMS or key in _NEVER_ALONE)


def _split_at_connectors(core: list[str], m: Mention, lower_words: set[str] = frozenset()):
    """Split "Diego Luna and Michael Pena" / "Pablo Escobar in Colombia" into the parts around connectors."""
    parts, cur, joins = [], [], []  # joins[k]: the connector(s) between parts k and k + 1
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
    if len(parts) == 1:
        parts = _split_before_first_name(parts[0], lower_words)
        if len(parts) == 1:
            yield parts[0], m
            return
        joins = [["and"]]
    # a Title Case headline's bare colon attributes ("Liz Cheney: Trump's Latest ..."): the parts stand alone
    free = (["and"], ["&"], [":"]) if m.headline and not m.quoted else (["and"], ["&"])
    for k, p in enumerate(parts):
        # a fragment tied by "of" / "the" belongs to a longer name ("Blind Boys of Alabama", "Lord of the
        # Rings"): only parts joined by "and" can be names on their own
        if (k > 0 and joins[k - 1][:1] not in free) or (k < len(parts) - 1 and joins[k][:1] not in free):
            continue
        before = m.before if k == 0 else ["and"]
        after = m.after if k == len(parts) - 1 else ["and"]
        for q in _split_before_first_name(p, lower_words):
            yield q, Mention(q, m.sent_start and k == 0, before, after, headline=m.headline)


def _split_before_first_name(part: list[str], lower_words: set[str]) -> list[list[str]]:
    """"Beach Boy Bruce Johnston" -> "Beach Boy" | "Bruce Johnston": a name that starts after a descriptor."""
    if len(part) >= 3 and part[1] == "Night" and part[0].lower() in _WEEKDAYS:
        return [part]  # "Saturday Night Live", "Friday Night Lights": a title, not a day and a person
    if len(part) >= 3 and not is_first_name(part[0]) and part[-1].lower() not in lower_words \
            and part[-1].lower() not in ORG_WORDS:
        for i in range(len(part) - 2, 0, -1):  # the shortest name first: first name + surname
            w = part[i]
            if is_first_name(w) and w.lower() not in lower_words and part[i - 1].lower() not in HONORIFICS \
                    and len(part) - i <= 3:
                return [part[:i], part[i:]]
    return [part]


def _is_part(parts: list[str], full: list[str]) -> bool:
    """True when parts is a first/last name or a contiguous run of full ("luna" in "diego luna")."""
    n = len(parts)
    return any(full[i:i + n] == parts for i in range(len(full) - n + 1))


def canonical_key(name: str) -> str:
    """The facet key of a name: case- and accent-insensitive, commas removed (they separate keywords)."""
    return fold(name).replace(",", " ").strip()


_TITLE_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
                      "or", "the", "to", "vs", "with"}


def in_title_style(name: str) -> bool:
    """False for a headline's every-word capitals ("Game Of Thrones"): small words inside a title are lower case.

    The first word, the last, and a word after a colon ("Star Wars: The Last Jedi") may be capitalised.
    """
    words = name.split()
    for i in range(1, len(words) - 1):
        w = words[i]
        if w.lower() in _TITLE_SMALL_WORDS and w[0].isupper() and not words[i - 1].endswith(":"):
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
