"""Readers: turn files, folders and feeds into Article objects (and Problems for bad input).

Formats, chosen by file name:
  *.txt                 the seed's native layout: optional ' date YYYY-MM-DD ', title sentence, body
  *.jsonl, *.jsonl.gz   one JSON object per line (id, date, title, text, url, source, category, authors)
  *.xml, *.rss, *.atom  RSS/Atom feeds (also any http(s) URL), parsed with feedparser
Readers know nothing of Whoosh or entities.
"""
from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import html
import json
import os
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator

from .article import Article, Problem

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
FEED_SUFFIXES = (".xml", ".rss", ".atom")

#: Articles longer than this are truncated (with a warning) so one giant file cannot stall indexing.
MAX_BODY_CHARS = 1_000_000

_DATE_LINE = re.compile(r"date\s+(\S+)\s*")
_WORD = re.compile(r"\S+")
# A sentence ends at . ! or ? (optionally closed by quotes/brackets) followed by space and a capital/quote/digit.
_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-Þ])")
_ABBREV = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "no", "co", "inc", "ltd", "u.s", "u.k", "prof",
           "gen", "sen", "rep", "gov", "lt", "col", "capt", "mt", "ft", "approx", "dept", "est", "vol", "feat"}
_FUNCTION_WORDS = {"a", "an", "the", "to", "of", "for", "at", "by", "with", "and", "or", "as",
                   "from", "into", "after", "before", "about", "is", "are", "be", "his", "her",
                   "their", "its", "new", "&", "vs", "v", "says", "say", "said"}


def parse_date(value: object) -> _dt.date | None:
    """Parse YYYY-MM-DD (a longer ISO timestamp is cut to its date); None stays None; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"date must be a string like 2018-12-05, got {value!r}")
    return _dt.date.fromisoformat(value.strip()[:10])


def clean_text(text: str) -> str:
    """Decode HTML entities left in source text (BBC has '&#163;') and normalise line ends."""
    if "&" in text:
        text = html.unescape(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_sentence_end(text: str, end: int) -> bool:
    """False when the period at text[end-1] closes a known abbreviation or a single initial."""
    start = text.rfind(" ", 0, end) + 1
    word = text[start:end].rstrip(".\"'”’)]").lower()
    return not (word in _ABBREV or (len(word) == 1 and word.isalpha()))


def first_sentence_end(text: str) -> int | None:
    """Index just past the first sentence of text, or None if it holds a single sentence."""
    for m in _SENT_END.finditer(text):
        if _looks_like_sentence_end(text, m.start() + 1):
            return m.end()
    return None


def _inside_quote(words) -> bool:
    """True if a quotation opened by one of these words is still open after them."""
    depth = 0
    for m in words:
        w = m.group()
        if w[0] in "\"'“‘":
            depth += 1
        if w[-1] in "\"'”’" and depth and not w.endswith(("'s", "’s")):
            depth -= 1
    return depth > 0


def split_headline(paragraph: str) -> int:
    """Find where an unpunctuated headline ends and the first sentence begins (BBC style).

    A headline is a handful of words; the body sentence starts with a capitalised word that does not
    follow a function word ('to', 'for', ...) or another capitalised word (which would make it part of a name).
    Returns the character offset of the body start, or 0 if no plausible split exists.
    """
    words = list(_WORD.finditer(paragraph))
    best, best_score = 0, 0.0
    for k in range(2, min(len(words) - 3, 16)):
        w, prev = words[k].group(), words[k - 1].group()
        if not w[0].isupper() and not w[0].isdigit() and w[0] not in "\"'“‘":
            continue
        prev_plain = prev.strip("\"'“”‘’").lower()
        if prev_plain in _FUNCTION_WORDS or prev.endswith(":"):
            continue
        if _inside_quote(words[:k]):
            continue
        score = 1.0
        if prev[0].isupper():
            score -= 0.6  # "Viacom Media": probably one name, split is less likely
        if w.lower() in {"the", "a", "an", "it", "he", "she", "they", "we", "i", "this", "there", "one",
                         "two", "three", "us", "uk", "an", "film", "singer", "actor", "actress", "director",
                         "hollywood", "british", "music", "comedian", "former", "oscar-winning", "media",
                         "tv", "rock", "pop", "veteran", "producers", "organisers", "fans", "critics"}:
            score += 0.8
        score -= abs(k - 6) * 0.06  # headlines are usually 4-8 words
        if score > best_score:
            best, best_score = words[k].start(), score
    return best


def parse_seed_text(text: str, origin: str, article_id: str) -> tuple[Article | None, list[Problem]]:
    """Parse the native layout: ' date YYYY-MM-DD Title sentence. Body...' (date line optional)."""
    problems: list[Problem] = []
    text = clean_text(text.lstrip("\ufeff"))
    stripped = text.lstrip()
    date = None
    m = _DATE_LINE.match(stripped)
    if m and stripped.startswith("date"):
        line = text[: len(text) - len(stripped)].count("\n") + 1
        try:
            date = parse_date(m.group(1))
        except ValueError:
            return None, [Problem(origin, line, f"bad date {m.group(1)!r} (expected YYYY-MM-DD)")]
        stripped = stripped[m.end():]
    else:
        problems.append(Problem(origin, 1, "no 'date YYYY-MM-DD' line: indexed without a date", warning=True))
    stripped = stripped.strip()
    if not stripped:  # skipped: a missing date line would not matter
        return None, [Problem(origin, 1, "empty article (no title or body)")]
    para_end = stripped.find("\n\n")
    first_para = stripped if para_end < 0 else stripped[:para_end]
    cut = first_sentence_end(first_para)
    if cut is None or len(first_para[:cut].split()) > 12:
        # a long "sentence" is usually an unpunctuated headline run into the body
        cut = split_headline(first_para) or cut or len(first_para)
    title = " ".join(stripped[:cut].split())
    body = stripped[cut:].strip()
    return Article(id=article_id, title=title, body=body, date=date, origin=origin), problems


def _authors(value: object) -> list[str]:
    if not value:
        return []
    if isinstance(value, list):
        return [str(a).strip() for a in value if str(a).strip()]
    return [a.strip() for a in re.split(r",|\band\b", str(value)) if a.strip()]


def article_from_record(rec: dict, origin: str, line: int | None, id_prefix: str) -> tuple[Article | None, Problem | None]:
    """Build an Article from a JSON-like record; a Problem when it is unusable.

    A record without an id is named by its url, else by id_prefix and a hash of its title and date: never by its
    position, so inserting a line or a feed entry does not rename every record after it.
    """
    if not isinstance(rec, dict):
        return None, Problem(origin, line, "expected a JSON object")
    try:
        date = parse_date(rec.get("date"))
    except ValueError:
        return None, Problem(origin, line, f"bad date {rec.get('date')!r} (expected YYYY-MM-DD)")
    title = clean_text(str(rec.get("title") or "")).strip()
    body = clean_text(str(rec.get("text") or rec.get("body") or "")).strip()
    if not title and not body:
        return None, Problem(origin, line, "empty article (no title or text)")
    url = str(rec["url"]) if rec.get("url") else None
    art_id = str(rec.get("id") or "").strip() or (url or "").strip()
    if not art_id:
        digest = hashlib.sha1(f"{title}\n{date}".encode("utf-8")).hexdigest()[:12]
        art_id = f"{id_prefix}#{digest}"
    return Article(
        id=art_id, title=title, body=body, date=date,
        url=url,
        source=(str(rec["source"]) if rec.get("source") else None),
        category=(str(rec["category"]).lower() if rec.get("category") else None),
        authors=_authors(rec.get("authors")), origin=origin, line=line,
    ), None


def read_jsonl(path: Path, rel: str) -> Iterator[Article | Problem]:
    """Read JSON Lines (optionally gzipped); every bad line becomes a Problem naming its line number."""
    opener = gzip.open if path.name.endswith(".gz") else open
    origin = str(path)
    lineno = 0
    try:
        with opener(path, "rb") as f:
            for lineno, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                try:
                    rec = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError as e:
                    yield Problem(origin, lineno, f"not valid UTF-8 ({e.reason} at byte {e.start})")
                    continue
                except ValueError as e:
                    yield Problem(origin, lineno, f"invalid JSON: {e}")
                    continue
                art, prob = article_from_record(rec, origin, lineno, rel)
                yield art if art is not None else prob
    except (EOFError, OSError, zlib.error) as e:
        if lineno == 0:  # nothing of it was read: the file itself is unreadable, not one record
            yield Problem(origin, None, f"cannot read file: {getattr(e, 'strerror', None) or e}", unreadable=True)
            return
        yield Problem(origin, lineno + 1, f"cannot read further ({type(e).__name__}: {e}); file truncated or corrupt?")


def _utf8_error_line(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def read_text_file(path: Path, rel: str) -> Iterator[Article | Problem]:
    """Read one seed-layout article; undecodable bytes are reported with their line."""
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        yield Problem(origin, None, f"cannot read file: {e.strerror or e}", unreadable=True)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        yield Problem(origin, _utf8_error_line(data, e.start),
                      f"not valid UTF-8 (byte 0x{data[e.start]:02x}); re-save the file as UTF-8")
        return
    article_id = rel[: -len(path.suffix)] if path.suffix else rel
    art, problems = parse_seed_text(text, origin, article_id)
    yield from problems
    if art is not None:
        yield art


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment (feed entries carry HTML), dropping scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "blockquote"):
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, paragraphs separated by blank lines."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


#: A feed host that does not answer within this many seconds is reported as unreadable.
FEED_TIMEOUT = 30
#: Feeds larger than this are refused rather than read into memory.
MAX_FEED_BYTES = 50_000_000


def fetch_feed(url: str, timeout: float = FEED_TIMEOUT) -> bytes:
    """The bytes of a feed URL; OSError (naming the reason) when the host is down, slow or answers an error."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, headers={"User-Agent": "marquee feed reader",
                                               "Accept": "application/atom+xml, application/rss+xml, */*"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as e:
        raise OSError(f"HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        raise OSError(f"cannot connect: {getattr(e.reason, 'strerror', None) or e.reason}") from None
    except (TimeoutError, ValueError) as e:
        raise OSError(f"no answer in {timeout:g} s" if isinstance(e, TimeoutError) else str(e)) from None
    if len(data) > MAX_FEED_BYTES:
        raise OSError(f"feed larger than {MAX_FEED_BYTES:,} bytes")
    return data


def read_feed(source: str, id_prefix: str | None = None) -> Iterator[Article | Problem]:
    """Read an RSS/Atom feed (file path or http(s) URL) through feedparser.

    A feed that cannot be fetched or is not a feed is one `unreadable` Problem (the run must not take it for a
    feed that emptied); a bad entry inside a good feed is a Problem of its own.
    """
    import feedparser  # imported here: only feed users pay for it

    if source.startswith(("http://", "https://")):
        try:
            parsed = feedparser.parse(fetch_feed(source))
        except OSError as e:
            yield Problem(source, None, f"feed not readable: {e}", unreadable=True)
            return
    else:
        parsed = feedparser.parse(source)
    if parsed.get("bozo") and not parsed.entries:
        err = parsed.get("bozo_exception")
        line = getattr(err, "getLineNumber", lambda: None)() if err else None
        yield Problem(source, line, f"not a readable RSS/Atom feed: {err}", unreadable=True)
        return
    if not parsed.get("version") and not parsed.entries:
        yield Problem(source, None, "not an RSS/Atom feed (well-formed, but no <rss>, <feed> or <rdf:RDF> root)",
                      unreadable=True)
        return
    site = (parsed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(parsed.entries, 1):
        content = ""
        if entry.get("content"):
            content = entry.content[0].get("value", "")
        content = content or entry.get("summary", "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        rec = {
            "id": entry.get("id") or entry.get("link"),
            "title": html_to_text(entry.get("title", "")),
            "text": html_to_text(content),
            "url": entry.get("link"),
            "source": site,
            "date": _dt.date(*stamp[:3]).isoformat() if stamp else None,
            "authors": [a.get("name") for a in entry.get("authors", []) if a.get("name")],
            "category": (entry.get("tags") or [{}])[0].get("term"),
        }
        art, prob = article_from_record(rec, source, None, id_prefix or source)
        if prob is not None:
            prob.message = f"entry {n}: {prob.message}"
        yield art if art is not None else prob


def _kind(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(FEED_SUFFIXES):
        return "feed"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def iter_files(root: Path) -> Iterator[Path]:
    """Every readable article file under root, sorted, without following symlinked directories."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and _kind(name):
                yield Path(dirpath) / name


def read_file(path: Path, rel: str) -> Iterator[Article | Problem]:
    """Read one file by its type."""
    kind = _kind(path.name)
    if kind == "jsonl":
        yield from read_jsonl(path, rel)
    elif kind == "feed":
        yield from read_feed(str(path), rel)
    elif kind == "text":
        yield from read_text_file(path, rel)
    else:
        yield Problem(str(path), None, "unknown file type (expected .txt, .jsonl, .jsonl.gz, .xml, .rss or .atom)",
                      unreadable=True)


def read_sources(paths: Iterable[str | os.PathLike]) -> Iterator[Article | Problem]:
    """Read every article from the given files, folders and feed URLs, in a stable order."""
    for raw in paths:
        spec = str(raw)
        if spec.startswith(("http://", "https://")):
            yield from read_feed(spec)
            continue
        path = Path(spec)
        if path.is_dir():
            files = list(iter_files(path))
            if not files:  # an unmounted share looks like this: never read it as "everything was deleted"
                yield Problem(spec, None, "folder holds no article files", unreadable=True)
            for f in files:
                yield from read_file(f, f.relative_to(path).as_posix())
        elif path.is_file():
            yield from read_file(path, path.name)
        elif not path.exists():
            yield Problem(spec, None, "no such file or folder", unreadable=True)
        else:
            yield Problem(spec, None, "not a regular file or folder", unreadable=True)
