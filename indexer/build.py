"""Build and update indexes: read -> extract entities -> write a new generation -> switch.

`build_index` is a full rebuild into a fresh generation; `reindex` is incremental (content hashes decide
what changed) but also writes a new generation (hard-linked from the served one) so readers never see a
half-applied update.
"""
from __future__ import annotations

import ctypes
import datetime as _dt
import gc
import hashlib
import itertools
import math
import os
import pickle
import re
import tempfile
import threading
import time
import zlib
from collections import Counter, defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import wraps
from multiprocessing import get_context
from multiprocessing.connection import wait
from multiprocessing.reduction import ForkingPickler
from typing import Callable, Iterable, Iterator

from whoosh import index as windex

from .analysis import fold
from .article import Article, Problem
from .codec import open_writer
from .corpus import MAX_BODY_CHARS, read_sources
from .entities import EntityExtractor, Gazetteer, Votes, facet_key, facet_label, lower_case_words, preload
from .schema import Analysed, build_schema
from .store import IndexHome, checkpoint

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class WorkerDied(RuntimeError):
    """A worker process of a parallel build ended without reporting back; nothing was switched."""


class Refused(RuntimeError):
    """The run would have lost served articles (a source unread, a shrink, a mass delete): nothing was switched.

    `report` is what the run had read when it stopped (its warnings, for the operator's mail)."""

    report: "Report | None" = None


class StrictError(RuntimeError):
    """--strict and the input had errors: nothing was switched."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} bad input item(s); index left unchanged")


@dataclass
class Report:
    """What a build or reindex did, for the CLI summary (and --json)."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: int = 0
    warnings: int = 0
    total: int = 0
    seconds: float = 0.0
    read_seconds: float = 0.0  # of which reading and parsing the sources
    generation: str = ""
    stale_lock_pid: int | None = None
    removed_partial: int = 0
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the problems that made an item be skipped
    unreadable: list[str] = field(default_factory=list)  # sources (files, folders, feeds) not read at all
    unreadable_origins: list[str] = field(default_factory=list)  # their paths or URLs, kept out of --prune
    embedded: int = 0  # texts embedded, an article's text and its title (the others' vectors were reused by content hash)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


# ---------------------------------------------------------------- reading with the duplicate-id rule

def collect(paths: Iterable[str], report: Report, max_body: int = MAX_BODY_CHARS) -> list[Article]:
    """Read every source; bad items become problems. Duplicate ids: the first one read wins."""
    articles: list[Article] = []
    seen: dict[str, str] = {}
    absolute: dict[str, str] = {}
    for item in read_sources(paths):
        if isinstance(item, Problem):
            report.problems.append(str(item))
            if item.unreadable:  # a whole source: counted apart from skipped records (--strict fails on it too)
                report.unreadable.append(str(item))
                report.unreadable_origins.append(item.origin if "://" in item.origin else os.path.abspath(item.origin))
                report.errors.append(str(item))
            elif item.warning:
                report.warnings += 1
            else:
                report.skipped += 1
                report.errors.append(str(item))
            continue
        if item.id in seen:
            msg = f"{item.where}: duplicate id {item.id!r} (already read at {seen[item.id]}); skipped"
            report.problems.append(msg)
            report.errors.append(msg)
            report.skipped += 1
            continue
        if len(item.body) > max_body:
            report.problems.append(f"{item.where}: article {item.id!r} is {len(item.body):,} characters; "
                                   f"indexed the first {max_body:,}")
            report.warnings += 1
            item.body = item.body[:max_body]
        seen[item.id] = item.where
        if "://" not in item.origin:
            if item.origin not in absolute:  # one per source file, not one per article
                absolute[item.origin] = os.path.abspath(item.origin)
            item.origin = absolute[item.origin]
        articles.append(item)
    return articles


# ---------------------------------------------------------------- entity extraction (optionally in parallel)

_WORKER: EntityExtractor | None = None


def _init_worker(gazetteer: Gazetteer | None) -> None:
    global _WORKER  # per-process extractor for the multiprocessing pool (None: no entity extraction)
    _WORKER = EntityExtractor(gazetteer) if gazetteer is not None else None


def _cycle_collector_paused(fn):
    """Run fn with Python's cyclic garbage collector off.

    Analysis and indexing make millions of small objects and few reference cycles; collections, each walking
    every live object, cost about 5% of a one-process bbc build (5.6 -> 5.3 s). Worker processes forked meanwhile
    (the analysis pool, a parallel build's workers) start with it off too.
    """
    @wraps(fn)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()
    return paused


@dataclass
class Analysis:
    """What the analysis pass learns from articles: their entity candidates and the corpus votes these cast, their
    duplicate fingerprints, and the words they use, counted as written (case kept).

    Candidates wait for the corpus votes before they are decided, so they are kept packed (pickled and compressed
    a chunk of articles at a time: about 30 times smaller than the live tuples, which at a million articles would
    be the largest thing a build holds)."""

    cand_chunks: list[bytes] = field(default_factory=list)
    count: int = 0  # articles analysed
    votes: Votes = field(default_factory=Votes)
    fingerprints: list[bytes] = field(default_factory=list)
    vocab: Counter = field(default_factory=Counter)

    def add_cands(self, cands: list[list[tuple]]) -> None:
        """Pack the candidates of the next articles."""
        self.cand_chunks.append(zlib.compress(pickle.dumps(cands, protocol=pickle.HIGHEST_PROTOCOL), 1))
        self.count += len(cands)

    def cands(self) -> Iterator[list[tuple]]:
        """Each article's candidates, in order, unpacked a chunk at a time."""
        for chunk in self.cand_chunks:
            yield from pickle.loads(zlib.decompress(chunk))

    def extend(self, other: "Analysis") -> None:
        """Add the analysis of the articles that follow."""
        self.cand_chunks += other.cand_chunks
        self.count += other.count
        self.votes.merge(other.votes)
        self.fingerprints += other.fingerprints
        self.vocab.update(other.vocab)


def _prepare_chunk(pairs: list[tuple[str, str]], into: Analysis | None = None) -> Analysis:
    """Worker side: the analysis of a chunk of (title, body) pairs (added to `into` when given)."""
    out = Analysis() if into is None else into
    cands = []
    for title, body in pairs:
        c = _WORKER.candidates(title, body) if _WORKER is not None else []
        if c:
            EntityExtractor.votes_of(c, into=out.votes)
        cands.append(c)
        out.fingerprints.append(text_fingerprint(title, body))
        # counted as written (case kept): lower-case spellings tell the entity step which words are common
        out.vocab.update(_VOCAB_WORD.findall(f"{title}\n{body}".replace("’", "'")))  # no word spans a line break
    out.add_cands(cands)
    return out


def _chunks(seq: list, size: int) -> list[list]:
    return [seq[i:i + size] for i in range(0, len(seq), size)]


@_cycle_collector_paused
def prepare(articles: list[Article], gazetteer: Gazetteer, procs: int = 1, progress: Progress | None = None,
            entities: bool = True) -> Analysis:
    """One pass over the articles (in parallel with procs > 1): fill shows/persons, fingerprint, count words.

    Entity candidates are found per article; corpus votes are gathered from all of them; then each article's
    entities are decided with the votes (cheap, in this process).
    """
    pairs = [(a.title, a.body) for a in articles]
    total = len(articles)
    done = Analysis()
    size = max(50, min(1000, total // (procs * 8) or 50))
    if entities:
        preload()  # once, before forking: the workers inherit the first-name dictionary
    with ExitStack() as stack:
        if procs <= 1 or total < 200:
            _init_worker(gazetteer if entities else None)
            steps = (_prepare_chunk(chunk, into=done) for chunk in _chunks(pairs, size))
        else:
            pool = stack.enter_context(get_context("fork").Pool(
                procs, initializer=_init_worker, initargs=(gazetteer if entities else None,)))
            steps = (done.extend(chunk) for chunk in pool.imap(_prepare_chunk, _chunks(pairs, size)))
        for _ in steps:  # each step adds one chunk's analysis to done
            if progress:
                progress("analysing", done.count, total)
    if entities:
        decide_entities(articles, done.cands(), gazetteer, done.votes, lower_case_words(done.vocab))
    return done


def fold_counts(vocab: Counter) -> Counter:
    """Word counts with case and accents folded (the did-you-mean vocabulary)."""
    folded: Counter = Counter()
    for w, n in vocab.items():
        folded[fold(w)] += n
    return folded


def decide_entities(articles: list[Article], cands: Iterable[list[tuple]], gazetteer: Gazetteer, votes: Votes,
                    common: set[str]) -> None:
    """Set each article's shows and persons from its candidates, the corpus votes and the corpus's lower-case
    words."""
    for a, (shows, persons) in zip(articles, decided(cands, gazetteer, votes, common)):
        a.shows, a.persons = shows, persons


def decided(cands: Iterable[list[tuple]], gazetteer: Gazetteer, votes: Votes, common: set[str]
            ) -> Iterator[tuple[list[str], list[str]]]:
    """(shows, persons) of each article's candidates, decided with the corpus votes and lower-case words."""
    ex = EntityExtractor(gazetteer)
    ex.common_words, ex.votes = common, votes
    for c in cands:
        e = ex.entities(c)
        yield e.shows, e.persons


def extract_entities(articles: list[Article], gazetteer: Gazetteer, procs: int = 1,
                     progress: Progress | None = None) -> None:
    """Fill article.shows / article.persons (what `marquee extract` prints)."""
    prepare(articles, gazetteer, procs, progress)


# ---------------------------------------------------------------- documents and summaries

_NORM_WORDS = re.compile(r"[a-z0-9]+")
# a letter, then word characters, apostrophes or hyphens, ending in a letter or digit: two characters at least
_VOCAB_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]")


def text_fingerprint(title: str, body: str) -> bytes:
    """Same normalised text -> same value: marks duplicate stories (one result per story).

    A long body alone decides (the same story re-headlined is still the same story); short teasers
    need the title too.
    """
    words = _NORM_WORDS.findall(fold(body))
    if len(words) < 40:
        words = _NORM_WORDS.findall(fold(title)) + words  # the words of f"{title} {body}"
    return _digest(words)


def _digest(words: list[str]) -> bytes:
    return hashlib.sha1(" ".join(words).encode()).digest()[:8]


#: Words of the body that, with the title, make an article's lead fingerprint.
LEAD_WORDS = 60


def lead_fingerprint(title: str, body: str) -> bytes:
    """Same title and opening -> same value: a story republished with a correction further down is one story."""
    return _digest(_NORM_WORDS.findall(fold(title)) + _NORM_WORDS.findall(fold(body[:LEAD_WORDS * 20]))[:LEAD_WORDS])


def to_document(a: Article, fp: bytes | None = None) -> dict:
    """The Whoosh document for an article."""
    shows = ",".join(dict.fromkeys(facet_key("show", s) for s in a.shows))
    persons = ",".join(dict.fromkeys(facet_key("person", p) for p in a.persons))
    doc = {
        "id": a.id,
        "title": a.title,
        "body": a.body,
        # None (not "") when there are none: Whoosh then skips the field instead of analysing an empty string
        "show": shows or None,
        "person": persons or None,
        # the same keys again in one column, which the web reads for every document at start
        "facet_keys": f"{shows}\n{persons}".encode("utf-8"),
        "shows": a.shows,
        "persons": a.persons,
        "category": a.category or "",
        "source": a.source,
        "url": a.url,
        "authors": a.authors,
        "origin": a.origin,
        "hash": a.content_hash(),
        "fingerprint": fp if fp is not None else text_fingerprint(a.title, a.body),
        "lead": lead_fingerprint(a.title, a.body),
    }
    if a.date:
        doc["date"] = _dt.datetime(a.date.year, a.date.month, a.date.day)
    return doc


class Summary:
    """Index-wide facts kept beside the index: facet labels, vocabulary for did-you-mean, date range."""

    def __init__(self):
        self.labels: dict[str, dict[str, Counter]] = {"show": defaultdict(Counter), "person": defaultdict(Counter)}
        self.vocab: Counter = Counter()
        self.dates: list[str] = []
        self.count = 0

    def add(self, title: str, body: str, shows: list[str], persons: list[str], date, words: bool = True) -> None:
        self.count += 1
        for s in shows:
            self.labels["show"][facet_key("show", s)][s] += 1
        for p in persons:
            self.labels["person"][facet_key("person", p)][p] += 1
        if words:
            self.vocab.update(_VOCAB_WORD.findall(fold(title)))
            self.vocab.update(_VOCAB_WORD.findall(fold(body)))
        if date:
            d = date.isoformat()[:10]
            if not self.dates:
                self.dates = [d, d]
            else:
                self.dates = [min(self.dates[0], d), max(self.dates[1], d)]

    def remove(self, title: str, body: str, shows: list[str], persons: list[str]) -> None:
        """Take an article's contribution out again (a reindex's deleted or changed article). The date range is
        left as it was: it may end up a little wider than the articles left."""
        self.count -= 1
        for kind, names in (("show", shows), ("person", persons)):
            for name in names:
                key = facet_key(kind, name)
                spellings = self.labels[kind].get(key)
                if spellings is not None:
                    spellings[name] -= 1
                    if spellings[name] <= 0:
                        del spellings[name]
                    if not spellings:
                        del self.labels[kind][key]
        for w in _VOCAB_WORD.findall(fold(title)) + _VOCAB_WORD.findall(fold(body)):
            if w in self.vocab:
                self.vocab[w] -= 1
                if self.vocab[w] <= 0:
                    del self.vocab[w]

    @classmethod
    def from_meta(cls, meta: dict) -> "Summary | None":
        """The summary a generation's meta.json holds, to update it in place; None for a meta too old to hold the
        spelling counts."""
        spellings = meta.get("label_counts")
        if spellings is None:
            return None
        s = cls()
        s.count, s.dates, s.vocab = int(meta.get("count", 0)), list(meta.get("dates") or []), Counter(meta.get("vocab"))
        for kind, per_key in spellings.items():
            for key, counts in per_key.items():
                s.labels[kind][key] = Counter(counts)
        return s

    def meta(self, **extra) -> dict:
        labels = {kind: {k: facet_label(kind, c) for k, c in d.items()} for kind, d in self.labels.items()}
        counts = {kind: {k: sum(c.values()) for k, c in d.items()} for kind, d in self.labels.items()}
        vocab = {w: n for w, n in self.vocab.items() if n >= 2 or len(self.vocab) < 5000}
        return {"count": self.count, "dates": self.dates, "labels": labels, "entity_counts": counts,
                "label_counts": {kind: {k: dict(c) for k, c in d.items()} for kind, d in self.labels.items()},
                "vocab": vocab, "built_at": _dt.datetime.now().isoformat(timespec="seconds"), **extra}


# ---------------------------------------------------------------- full build

def _balanced_parts(articles: list[Article], n: int) -> list[list[Article]]:
    """n contiguous slices of about the same amount of text (document order is kept across the segments)."""
    total = sum(len(a.title) + len(a.body) for a in articles) or 1
    parts: list[list[Article]] = [[] for _ in range(n)]
    done = 0
    for a in articles:
        parts[min(n - 1, done * n // total)].append(a)
        done += len(a.title) + len(a.body)
    return [p for p in parts if p]


def _build_part(conn, gazetteer: Gazetteer, entities: bool, index_dir: str, limitmb: int) -> None:
    """Worker of a parallel build: receives its slice of the articles chunk by chunk and works out their candidates
    and votes, then (given the corpus-wide votes) their entities, then a finished segment of the slice. Talks to the
    parent through conn. The articles wait for the votes in a spill file beside the index, not in memory: at a
    million articles a slice is most of a worker's memory."""
    try:
        gc.disable()  # millions of small objects, few cycles (see _cycle_collector_paused)
        _init_worker(gazetteer if entities else None)
        done = Analysis()
        with tempfile.TemporaryFile(dir=index_dir, prefix="spill") as spill:
            while (chunk := conn.recv()) is not None:
                _prepare_chunk([(a.title, a.body) for a in chunk], into=done)
                pickle.dump(chunk, spill, protocol=pickle.HIGHEST_PROTOCOL)
                conn.send(("analysed", len(chunk)))
            spill.seek(0)
            part = _unspilled(spill)
            writer = open_writer(windex.open_dir(index_dir), limitmb, lock=False)
            try:
                conn.send(("votes", done.votes, done.vocab))
                firsts, ahead = _analyse_while_waiting(writer.schema, part, conn)
                all_votes, common = conn.recv()
                found = list(decided(done.cands(), gazetteer, all_votes, common)) if entities \
                    else [([], [])] * len(done.fingerprints)
                fps = done.fingerprints
                del done, all_votes, common  # the candidates are done with: free them before the postings
                conn.send(("entities", found))
                for i, a in enumerate(itertools.chain(firsts, part)):
                    a.shows, a.persons = found[i]
                    doc = to_document(a, fps[i])
                    writer.add_document(**(with_postings(doc, ahead[i]) if i < len(ahead) else doc))
                    if i % 500 == 499:
                        conn.send(("indexed", 500))
                conn.send(("segment", writer._finalize_segment()))
            except BaseException:
                writer.cancel()
                raise
    except BaseException as e:  # re-raised by the parent (an OSError stays one: "disk full" is no crash)
        try:
            conn.send(("error", e))
        except Exception:  # an exception that does not pickle
            conn.send(("error", RuntimeError(f"indexing worker failed: {type(e).__name__}: {e}")))


def _unspilled(spill) -> Iterator[Article]:
    """The articles of a spill file, in the order they were written, a chunk in memory at a time."""
    while True:
        try:
            chunk = pickle.load(spill)
        except EOFError:
            return
        yield from chunk


#: At most this many articles' postings are worked out ahead while a worker waits (each holds its postings until
#: its segment is written: a long wait at a million articles would otherwise hold hundreds of MB).
AHEAD_LIMIT = 5000


def _analyse_while_waiting(schema, part: Iterator[Article], conn) -> tuple[list[Article], list[tuple[Analysed, Analysed]]]:
    """The title and body postings of the slice's first articles, worked out until the parent's answer arrives.

    A worker that has sent its votes waits for the slowest worker's votes and for the parent to merge them; this
    puts the wait to use on work its segment needs anyway.
    """
    firsts: list[Article] = []
    ahead: list[tuple[Analysed, Analysed]] = []
    while len(ahead) < AHEAD_LIMIT and not conn.poll():
        a = next(part, None)
        if a is None:
            break
        firsts.append(a)
        ahead.append(postings_of(schema, a))
    return firsts, ahead


def postings_of(schema, a: Article) -> tuple[Analysed, Analysed]:
    """An article's title and body postings, worked out before its document is added."""
    return Analysed(list(schema["title"].index(a.title))), Analysed(list(schema["body"].index(a.body)))


def with_postings(doc: dict, postings: tuple[Analysed, Analysed]) -> dict:
    """A document whose title and body are indexed from postings worked out ahead, their text still stored."""
    doc["_stored_title"], doc["_stored_body"] = doc["title"], doc["body"]
    doc["title"], doc["body"] = postings
    return doc


#: Parallel builds of fewer articles fork their workers from the building process (see _parallel_build).
FORK_BELOW = 50_000


def _parallel_build(articles: list[Article], gazetteer: Gazetteer, procs: int, ix, limitmb: int,
                    progress: Progress | None, entities: bool, meanwhile: Callable[[Counter], None],
                    keep_bodies: bool = True) -> list:
    """Index articles into new segments of ix with procs worker processes, each doing every step for its slice.

    One pass per worker instead of an entity pool followed by Whoosh's MpWriter: a worker is sent its articles
    once, in chunks, and spills them to disk while it waits for the votes, keeps its candidates packed (nothing
    else goes back and forth but votes, entities and the finished segment), and decides its own entities. Fills
    the articles' shows and persons, calls meanwhile(the corpus word counts, case kept) while the workers write,
    and returns the segments. Without keep_bodies, the list of articles is emptied once the workers have them and
    refilled with what the summary reads (dates, shows, persons).
    """
    # Past FORK_BELOW articles, workers start from a fork server, not from this process: a forked worker would
    # keep every article read here (a million articles: gigabytes counted again in each worker's memory, as pages
    # this process frees stay with the child), where it needs only its slice, which is sent to it. Below, forking
    # is instant and the workers share the knowledge already loaded.
    if len(articles) < FORK_BELOW:
        if entities:
            preload()
        ctx = get_context("fork")
    else:
        ctx = get_context("forkserver")
        ctx.set_forkserver_preload(["indexer.build"])
    parts = _balanced_parts(articles, procs)
    conns, workers, feeders = [], [], []
    total = len(articles)
    counts = {"analysing": 0, "indexing": 0}

    def receive(k: int, want: str, block: bool = True):
        """The payload of worker k's next `want` message (None if it has not come and block is false); progress
        reports on the way are passed on, an error report is raised."""
        while block or conns[k].poll():
            try:
                msg = conns[k].recv()
            except (EOFError, ConnectionResetError):  # the worker is gone without a word: killed (by the OOM
                # killer, say); a reset when it died with our chunks unread
                workers[k].join(5)
                raise WorkerDied(f"an indexing worker (pid {workers[k].pid}) stopped without finishing "
                                 f"(exit code {workers[k].exitcode}); was it killed or out of memory?") from None
            if msg[0] == "error":
                raise msg[1]
            if msg[0] in ("analysed", "indexed"):
                stage = "analysing" if msg[0] == "analysed" else "indexing"
                counts[stage] += msg[1]
                if progress:
                    progress(stage, counts[stage], total)
                continue
            if msg[0] != want:
                raise RuntimeError(f"indexing worker sent {msg[0]!r}, expected {want!r}")
            return msg[1:]
        return None

    bounds = list(itertools.accumulate([0] + [len(p) for p in parts]))
    try:
        for part in parts:
            parent, child = ctx.Pipe()
            w = ctx.Process(target=_build_part, args=(child, gazetteer, entities, ix.storage.folder, limitmb),
                            daemon=True)
            w.start()
            child.close()
            conns.append(parent)
            workers.append(w)
        # each worker is fed its slice a chunk at a time, by a thread of its own, as fast as it analyses them
        feeders.extend(threading.Thread(target=_feed, args=(conn, part), daemon=True)
                       for conn, part in zip(conns, parts))
        for t in feeders:
            t.start()
        del parts
        votes, vocab = Votes(), Counter()
        pending = set(range(len(conns)))
        dates: list | None = None  # the articles' dates, once the articles themselves are let go
        while pending:  # merged in the order they come: the workers wait only for the last one's merge
            for conn in wait([conns[k] for k in pending]):
                k = conns.index(conn)
                got = receive(k, "votes", block=False)
                if dates is None and not keep_bodies and not any(t.is_alive() for t in feeders):
                    dates = _let_go(articles)  # every worker has its slice
                if got is not None:
                    votes.merge(got[0])
                    vocab.update(got[1])
                    pending.discard(k)
        votes.prune()  # the names seen in one article only weigh nothing in the decisions: not sent
        reply = ForkingPickler.dumps((votes, lower_case_words(vocab)))  # pickled once for every worker
        for conn in conns:
            conn.send_bytes(reply)
        if dates is None and not keep_bodies:  # (the last feed ended as the last votes came)
            dates = _let_go(articles)
        for k in range(len(conns)):
            (found,) = receive(k, "entities")
            if dates is None:
                for a, (shows, persons) in zip(articles[bounds[k]:bounds[k + 1]], found):
                    a.shows, a.persons = shows, persons
            else:  # what the summary reads: dates and entities
                articles.extend(Article("", "", "", date, shows=shows, persons=persons)
                                for date, (shows, persons) in zip(dates[bounds[k]:bounds[k + 1]], found))
        checkpoint("write")  # entities decided, the workers writing their segments
        meanwhile(vocab)
        segments = [receive(k, "segment")[0] for k in range(len(conns))]
        for w in workers:
            w.join()
        return segments
    finally:
        for w in workers:
            if w.is_alive():
                w.kill()
                w.join()
        for t in feeders:  # a feed to a killed worker ends on a broken pipe: its connection is closed only then
            t.join(10)
        for conn in conns:
            conn.close()


def _feed(conn, part: list[Article], size: int = 200) -> None:
    """Send a worker its articles in chunks, then None. A worker that is gone stops the feed (the parent learns
    why from its connection)."""
    try:
        for chunk in _chunks(part, size):
            conn.send(chunk)
        conn.send(None)
    except OSError:  # a broken pipe or a reset
        pass


def _let_go(articles: list[Article]) -> list:
    """Empty the list of articles, in place, and return their dates: once the workers have their slices, the
    summary needs no more than dates and the entities the workers send back, and a million articles' texts would
    otherwise stay in this process as long as the build."""
    dates = [a.date for a in articles]
    articles.clear()
    gc.collect()
    try:  # hand the freed texts back to the system (glibc keeps freed heap memory otherwise)
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    return dates


def _commit_segments(writer, segments: list) -> None:
    """Make finished segments (written by worker processes) the index's content, as Whoosh's MpWriter does."""
    writer._close_segment()  # this writer added nothing itself
    writer._commit_toc(segments)
    writer._finish()


#: A full build that would hold fewer than this share of the served index's articles is refused (--allow-shrink).
MIN_KEPT_SHARE = 0.5
#: reindex --prune deletes at most this much of the index unless told otherwise (--max-delete).
DEFAULT_MAX_DELETE = "25%"


def refuse_unreadable(report: Report, skip_unreadable: bool) -> None:
    """Stop the run when a source could not be read at all, unless the operator said to skip such sources."""
    if report.unreadable and not skip_unreadable:
        names = "; ".join(report.unreadable[:5]) + (f"; and {len(report.unreadable) - 5} more"
                                                   if len(report.unreadable) > 5 else "")
        raise Refused(f"cannot read {names} (--skip-unreadable indexes the rest)")


def refuse_shrink(home: IndexHome, new_total: int, allow_shrink: bool) -> None:
    """Stop a full build that would replace the served index with an empty or much smaller one."""
    if allow_shrink:
        return
    current = home.current_dir()
    if current is None:
        return  # the first build into an empty home is never refused
    served = int(home.read_meta(current).get("count") or 0)
    if served and (new_total == 0 or new_total < served * MIN_KEPT_SHARE):
        raise Refused(f"the new index would hold {new_total:,} articles, the served one holds {served:,} "
                      f"(under {MIN_KEPT_SHARE:.0%}); --allow-shrink accepts it")


def parse_max_delete(value: str | int) -> tuple[int | None, float | None]:
    """'100' -> (100, None); '25%' -> (None, 0.25). ValueError for anything else."""
    text = str(value).strip()
    try:
        if text.endswith("%"):
            share = float(text[:-1]) / 100
            if not 0 <= share <= 1:
                raise ValueError
            return None, share
        count = int(text)
        if count < 0:
            raise ValueError
        return count, None
    except ValueError:
        raise ValueError(f"--max-delete must be a count (100) or a share (25%), got {value!r}") from None


def refuse_mass_delete(n_gone: int, total: int, max_delete: str | int) -> None:
    """Stop a prune that would delete more than the operator allowed (rsync's --max-delete)."""
    count, share = parse_max_delete(max_delete)
    limit = count if count is not None else math.ceil(total * share)  # rounded up: a tiny index can lose one
    if n_gone > limit:
        raise Refused(f"--prune would delete {n_gone:,} of {total:,} articles, more than --max-delete {max_delete} "
                      f"({limit:,}); raise --max-delete to accept it")


def embed_articles(home: IndexHome, articles: list[Article], progress: Progress | None = None,
                   keep_only: bool = False) -> int:
    """Vectors for the articles' texts and titles in the home's vector store (those it lacks are embedded); how
    many texts were new.
    keep_only (a full build): the store keeps only these articles' vectors."""
    from .vectors import VECTORS_FOLDER, VectorStore, available, store_items

    if not available():
        raise ValueError("--vectors needs the vectors extra: pip install 'marquee[vectors]'")
    store = VectorStore(home.root / VECTORS_FOLDER)
    return store.update([item for a in articles for item in store_items(a.content_hash(), a.title, a.body)],
                        keep_only, progress)


def _open_lock(home: IndexHome, report: Report) -> None:
    info = home.lock()
    report.stale_lock_pid = info.stale_pid
    report.removed_partial = info.removed_partial


@_cycle_collector_paused
def build_index(paths: list[str], home: IndexHome, procs: int = 1, strict: bool = False,
                gazetteer_path: str | None = None, progress: Progress | None = None,
                limitmb: int = 256, entities: bool = True, skip_unreadable: bool = False,
                allow_shrink: bool = False, vectors: bool = False) -> Report:
    """Full build into a fresh generation, then an atomic switch (the old one serves until then).

    Refused (nothing switched) when a source cannot be read, unless skip_unreadable, and when the result would
    hold no articles or under half the served index's, unless allow_shrink.
    """
    t0 = time.perf_counter()
    report = Report()
    _open_lock(home, report)
    try:
        gazetteer = Gazetteer.load(gazetteer_path)
        articles = collect(paths, report)
        report.read_seconds = round(time.perf_counter() - t0, 3)
        checkpoint("read")
        refuse_unreadable(report, skip_unreadable)
        if strict and report.errors:
            raise StrictError(report.errors)
        refuse_shrink(home, len(articles), allow_shrink)
        # entities=False only in bench/index_bench.py, to show what extraction costs
        tmp = home.new_generation()
        ix = windex.create_in(str(tmp), build_schema())
        writer = open_writer(ix, limitmb)
        summary = Summary()
        total = len(articles)

        def summarise(vocab: Counter) -> None:
            summary.vocab = fold_counts(vocab)
            for a in articles:
                summary.add(a.title, a.body, a.shows, a.persons, a.date, words=False)

        try:
            if procs > 1 and total >= 200:
                # workers write the segments (the "write" checkpoint comes while they do) as this process sums up
                segments = _parallel_build(articles, gazetteer, procs, ix, limitmb, progress, entities, summarise,
                                           keep_bodies=vectors)
            else:
                segments, analysis = None, prepare(articles, gazetteer, 1, progress, entities=entities)
                for i, a in enumerate(articles):
                    writer.add_document(**to_document(a, analysis.fingerprints[i]))
                    if progress and i % 500 == 0:
                        progress("indexing", i, total)
                summarise(analysis.vocab)
            if progress:
                progress("committing", total, total)
            if segments is None:
                checkpoint("write")  # documents handed to the writer, segments being written
                writer.commit()
            else:
                _commit_segments(writer, segments)
            checkpoint("commit")
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        ix.close()
        if vectors:  # the article vectors, reused by content hash: only new or changed articles are embedded
            report.embedded = embed_articles(home, articles, progress, keep_only=True)
        report.added = report.total = total
        final = home.publish(tmp, summary.meta(gazetteer=gazetteer.fingerprint(), sources=[str(p) for p in paths],
                                               vectors=vectors))
        report.generation = final.name
    except Refused as e:
        e.report = report
        raise
    finally:
        home.unlock()
    report.seconds = round(time.perf_counter() - t0, 3)
    return report


# ---------------------------------------------------------------- incremental reindex

def _under(origin: str, roots: list[str]) -> bool:
    if "://" in origin:
        return origin in roots
    return any(origin == r or origin.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


@_cycle_collector_paused
def reindex(paths: list[str], home: IndexHome, prune: bool = False, strict: bool = False,
            gazetteer_path: str | None = None, procs: int = 1, progress: Progress | None = None,
            skip_unreadable: bool = False, max_delete: str | int = DEFAULT_MAX_DELETE) -> Report:
    """Add new, re-index changed (content hash) and, with prune, delete vanished articles.

    Refused (nothing switched) when a source cannot be read, unless skip_unreadable (its articles are then kept,
    never pruned), and when prune would delete more than max_delete ('100' articles or '25%' of the index).
    """
    parse_max_delete(max_delete)  # a bad value fails before any work
    t0 = time.perf_counter()
    report = Report()
    _open_lock(home, report)
    try:
        current = home.require_current()
        old_meta = home.read_meta(current)
        gazetteer = Gazetteer.load(gazetteer_path)
        gaz_changed = gazetteer.fingerprint() != old_meta.get("gazetteer", Gazetteer().fingerprint())
        articles = collect(paths, report)
        report.read_seconds = round(time.perf_counter() - t0, 3)
        checkpoint("read")
        refuse_unreadable(report, skip_unreadable)
        if strict and report.errors:
            raise StrictError(report.errors)
        ix = windex.open_dir(str(current))
        with ix.searcher() as s:
            known = {f["id"]: (f.get("hash"), f.get("origin", "")) for f in s.all_stored_fields()}
        ix.close()
        summary = Summary.from_meta(old_meta)  # updated in place below (None: recounted over every article)
        read_ids = {a.id for a in articles}
        new = [a for a in articles if a.id not in known]
        changed = [a for a in articles if a.id in known and (gaz_changed or known[a.id][0] != a.content_hash())]
        report.unchanged = len(articles) - len(new) - len(changed)
        roots = [os.path.abspath(p) if "://" not in str(p) else str(p) for p in paths]
        unread = report.unreadable_origins
        gone = [i for i, (_, origin) in known.items()
                if i not in read_ids and _under(origin, roots) and not _under(origin, unread)] if prune else []
        refuse_mass_delete(len(gone), len(known), max_delete)
        if not (new or changed or gone):
            report.total = len(known)
            report.generation = current.name
            return report
        if summary is not None:
            ix = windex.open_dir(str(current))
            with ix.searcher() as s:
                for i in gone + [a.id for a in changed]:
                    f = s.document(id=i) or {}
                    summary.remove(f.get("title", ""), f.get("body", ""), f.get("shows") or [],
                                   f.get("persons") or [])
            ix.close()
        extract_entities(new + changed, gazetteer, procs if len(new) + len(changed) > 2000 else 1, progress)
        tmp = home.new_generation(link_from=current)
        ix = windex.open_dir(str(tmp))
        writer = open_writer(ix)
        try:
            for i in gone:
                writer.delete_by_term("id", i)
            known = set(writer.schema.names())  # a generation indexed before a field was added lacks it

            def doc(a: Article) -> dict:
                return {k: v for k, v in to_document(a).items() if k in known}

            for a in changed:
                writer.update_document(**doc(a))
            for a in new:
                writer.add_document(**doc(a))
            checkpoint("write")  # documents handed to the writer, segments being written
            writer.commit()
            checkpoint("commit")
        except BaseException:
            writer.cancel()
            raise
        if old_meta.get("vectors"):
            report.embedded = embed_articles(home, new + changed, progress)
        if summary is None:
            summary = Summary()
            with ix.searcher() as s:
                for f in s.all_stored_fields():
                    summary.add(f.get("title", ""), f.get("body", ""), f.get("shows") or [], f.get("persons") or [],
                                f.get("date"))
        else:
            for a in new + changed:
                summary.add(a.title, a.body, a.shows, a.persons, a.date)
        ix.close()
        report.added, report.updated, report.deleted = len(new), len(changed), len(gone)
        report.total = summary.count
        final = home.publish(tmp, summary.meta(gazetteer=gazetteer.fingerprint(),
                                                sources=old_meta.get("sources", []),
                                                vectors=bool(old_meta.get("vectors"))))
        report.generation = final.name
    except Refused as e:
        e.report = report
        raise
    finally:
        home.unlock()
    report.seconds = round(time.perf_counter() - t0, 3)
    return report
