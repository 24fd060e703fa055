"""The search service: answers queries against the served index generation.

Used by the web app and by ``marquee search``; knows nothing of HTTP. Returns plain dataclasses. One
searcher is kept open and swapped for a new one when ``marquee index``/``reindex`` switches generations.
"""
from __future__ import annotations

import datetime as _dt
import heapq
import html
import math
import re
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from whoosh import highlight
from whoosh import index as windex
from whoosh import query as Q
from whoosh.spelling import ListCorrector
from whoosh.util.times import long_to_datetime

from . import counting
from .analysis import analyzer, fold
from .docset import DocSet
from .entities import facet_key
from .lexical import LexicalScorer, query_words, term_docs
from .query import MAX_QUERY_CHARS, ParsedQuery, QueryError, parse, parse_date_bound
from .schema import TEXT_FIELDS
from .store import IndexHome, NoIndexError

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE = 1000
MAX_PER_PAGE = 100
SNIPPET_CHARS = 160
SOFT_AND_WORDS = 3  # from this many words or phrases, an article missing one can rank among full matches ...
NEAR_MISS_POWER = 3.0  # ... by its score times (its share of the query's IDF) ** this (set on generated queries)
TERM_DOCS_CACHE = 2_000_000  # posting sets kept for matching: 2 M document ids (~120 MB) whatever the index size
FUSION_DEPTH = 100  # with vectors: the first this many results are ranked by fusion (indexer/fusion.py)
FUSION_SCORED = 5000  # above this many any-word matches, only those with two words or more are scored for it
CORRECTION_MIN_COUNT = 5  # did-you-mean: a correction must be written at least this often in the index
PARTIAL_ANY_LIMIT = 5000  # partial tier: above this many any-word matches, require two words


# ---------------------------------------------------------------- plain result types

@dataclass
class Hit:
    id: str
    title: str
    title_html: str
    snippet_html: str
    date: str | None
    source: str | None
    url: str | None
    category: str | None
    shows: list[str]
    persons: list[str]
    score: float
    partial: bool = False  # shown because few articles had all the words
    duplicates: list[str] = field(default_factory=list)


@dataclass
class FacetCount:
    value: str
    label: str
    count: int


@dataclass
class SearchRequest:
    q: str = ""
    shows: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    facet_limit: int = 10


@dataclass
class SearchResult:
    request: SearchRequest
    hits: list[Hit]
    total: int
    pages: int
    facets: dict[str, list[FacetCount]]
    months: list[FacetCount]
    did_you_mean: str | None
    took_ms: float
    mode: str  # "all" words, "any" word (fallback), or "browse" (no words)
    active: dict[str, list[str]]

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ArticleView:
    id: str
    title: str
    body: str
    date: str | None
    source: str | None
    url: str | None
    category: str | None
    authors: list[str]
    shows: list[str]
    persons: list[str]
    related: list[Hit]
    duplicates: list[str]


@dataclass
class Suggestion:
    kind: str  # show / person / title
    label: str
    value: str  # what to search or filter by


# ---------------------------------------------------------------- highlighting

class MarkFormatter(highlight.Formatter):
    """Wraps matched words in <mark>; every other character is HTML-escaped (article text is untrusted)."""

    between = " … "

    def _text(self, text):
        return html.escape(text, quote=True)

    def format_token(self, text, token, replace=False):
        return "<mark>%s</mark>" % html.escape(highlight.get_text(text, token, replace), quote=True)


# ---------------------------------------------------------------- open index state

def _column_values(reader, fieldname: str, default, **kwargs) -> list:
    """Every document's column value, segment by segment.

    Whoosh's multi-segment column reader misplaces documents when a segment has no such column (a reindex
    whose new segment has no dated article), so each segment is read on its own.
    """
    out = []
    for sub, _ in reader.leaf_readers():
        count = sub.doc_count_all()
        if fieldname in sub.schema and sub.has_column(fieldname):  # a generation older than the field lacks it
            col = sub.column_reader(fieldname, **kwargs)
            out += [col[d] for d in range(count)]
        else:
            out += [default] * count
    return out


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment): insertions, deletions, substitutions and swaps of two
    neighbouring letters each cost one."""
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def _fixed_bytes(values: list[bytes]) -> np.ndarray:
    """A column of 8-byte digests as one integer array."""
    return np.frombuffer(b"".join(values), dtype=np.uint64) if values else np.zeros(0, dtype=np.uint64)


def _key_tables(reader, alive: np.ndarray) -> dict[str, counting.KeyTable]:
    """The facet keys (show and person) of every live document: from the facet_keys column, else (a generation
    indexed before it) from the fields' postings."""
    if "facet_keys" not in reader.schema:
        return {fname: _key_table(reader, fname, alive) for fname in ("show", "person")}
    index: dict[str, dict[str, int]] = {"show": {}, "person": {}}
    docs: dict[str, list[int]] = {"show": [], "person": []}
    keys: dict[str, list[int]] = {"show": [], "person": []}
    live = alive.tolist()
    for d, raw in enumerate(_column_values(reader, "facet_keys", b"")):
        if not raw or not live[d]:
            continue
        shows, _, persons = raw.decode("utf-8").partition("\n")
        for fname, joined in (("show", shows), ("person", persons)):
            if joined:
                ids = index[fname]
                for k in joined.split(","):
                    docs[fname].append(d)
                    keys[fname].append(ids.setdefault(k, len(ids)))
    return {fname: counting.KeyTable(list(index[fname]), np.array(docs[fname], dtype=np.int64),
                                                np.array(keys[fname], dtype=np.int64), len(alive))
            for fname in ("show", "person")}


def _key_table(reader, fname: str, alive: np.ndarray) -> counting.KeyTable:
    """The facet keys (show or person) of every live document, read from the field's postings."""
    names, docs, keys = [], [], []
    if fname in reader.schema and reader.field_length(fname) is not None:
        for term in reader.field_terms(fname):
            ids = np.fromiter(reader.postings(fname, term).all_ids(), dtype=np.int64)
            ids = ids[alive[ids]]
            if len(ids):
                docs.append(ids)
                keys.append(np.full(len(ids), len(names), dtype=np.int64))
                names.append(term)
    return counting.KeyTable(names, np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
                                        np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64),
                                        len(alive))


def _article_vectors(path, meta: dict, searcher, n: int, live: DocSet):
    """The generation's article vectors by document number (float32 [n, 384]) and its long articles' passage
    vectors (matrix, owner), when it was built with vectors and the vectors extra can run here; else (None, None),
    and ranking is lexical."""
    if not meta.get("vectors"):
        return None, None
    from . import vectors

    if not vectors.available():
        return None, None
    fields = [searcher.stored_fields(d) if d in live else {} for d in range(n)]
    store = vectors.VectorStore(Path(path).parent / vectors.VECTORS_FOLDER)
    titles = [f.get("title") for f in fields]
    matrix = store.articles([f.get("hash") for f in fields], titles)
    passages = store.passages(titles, [f.get("body") for f in fields])
    vectors.embedder(threads=1)  # open the model now, not on the first query
    return matrix, passages


def _words_in_text(q: Q.Or) -> tuple[str, ...] | None:
    """The words of an Or that asks for each of them in every text field (how a query word is compiled), else
    None."""
    terms = {(c.fieldname, c.text) for c in q.subqueries if isinstance(c, Q.Term) and c.boost == 1.0}
    if len(terms) != len(q.subqueries):
        return None
    words = tuple(sorted({t for _, t in terms}))
    return words if all((f, w) in terms for w in words for f in TEXT_FIELDS) else None


class _State:
    """Everything derived from one index generation, built once when it is opened."""

    def __init__(self, path, meta: dict):
        self.ix = windex.open_dir(str(path))
        # Read compound segment files through the file, not a memory map: Whoosh hands out a map's parts as BytesIO
        # copies, so every web worker would hold a copy of the whole index (1.4 GB at a million articles).
        self.ix.storage.supports_mmap = False
        self.searcher = self.ix.searcher()
        # what the web needs of the summary; the spellings per label are the next build's (a million articles
        # write hundreds of MB of them)
        meta.pop("label_counts", None)
        self.meta = meta
        reader = self.searcher.reader()
        n = reader.doc_count_all()
        self.n = n
        alive = np.zeros(n, dtype=bool)
        alive[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self.alive = alive
        self.live = DocSet.from_mask(alive)
        # Per-document facts live in arrays (indexer/counting.py), not in per-document Python objects: a web
        # worker holds them for every document, a million at scale.
        self.tables = _key_tables(reader, alive)
        # dates from the date column: an ordinal for sorting and date filters (0: undated), "2018-12" for months
        undated = reader.schema["date"].column_type.default_value()
        raw = np.array(_column_values(reader, "date", undated, translate=False), dtype=np.uint64)
        dated = np.flatnonzero(raw != np.uint64(undated)) if n else np.zeros(0, dtype=np.int64)
        days = (raw[dated] // np.uint64(86_400_000_000)).astype(np.int64)  # Whoosh keeps µs since 0001-01-01
        self.order = np.zeros(n, dtype=np.int64)
        self.order[dated] = days + 1
        months = (np.datetime64("0001-01-01", "D") + days).astype("datetime64[M]")
        names, month_keys = np.unique(months, return_inverse=True)
        self.month_table = counting.KeyTable([str(m) for m in names], dated, month_keys.reshape(-1), n)
        # stories: documents sharing a body fingerprint (the same story re-headlined) or a lead fingerprint (the
        # same headline and opening, corrected further down) are one story, named by its first document
        body = _fixed_bytes(_column_values(reader, "fingerprint", b"\0" * 8))
        leads = _column_values(reader, "lead", None)  # None: a generation older than lead fingerprints
        has_lead = np.array([x is not None for x in leads], dtype=bool) & alive
        lead = _fixed_bytes([x or b"\0" * 8 for x in leads])
        self.story = counting.story_roots([(body, alive), (lead, has_lead)], n)
        copies = np.flatnonzero(self.story != np.arange(n))
        self.story_docs: dict[int, list[int]] = {}  # the documents of each story with more than one
        for d in sorted(set(copies.tolist()) | set(self.story[copies].tolist())):
            self.story_docs.setdefault(int(self.story[d]), []).append(d)
        self.labels = meta.get("labels", {"show": {}, "person": {}})
        vocab = meta.get("vocab", {})
        self.vocab = vocab
        self.corrector = ListCorrector(sorted(vocab))
        self.entity_counts = meta.get("entity_counts", {})
        self.term_docs: dict[tuple, DocSet] = {}  # posting sets of recently used terms
        self.term_docs_size = 0  # document ids they hold
        self.lexical = LexicalScorer(reader)
        self.ids: dict[int, str] = {}  # docnum -> article id, filled lazily
        self.browse_cache: dict[tuple, object] = {}  # unfiltered browsing: facets and date order
        # None: lexical ranking only
        self.vectors, self.passages = _article_vectors(path, meta, self.searcher, n, self.live)
        self.suggest_index = sorted(
            ((fold(label), label, kind, self.entity_counts.get(kind, {}).get(key, 0))
             for kind in ("show", "person") for key, label in self.labels.get(kind, {}).items()),
            key=lambda e: -e[3])

    def close(self):
        if not self.searcher.is_closed:
            self.searcher.close()
            self.ix.close()

    def __del__(self):
        """A state dropped without close() (a service let go of) still closes its segment files."""
        try:
            self.close()
        except Exception:  # half-built, or the interpreter is shutting down
            pass


class SearchService:
    """Queries over an index home; thread-safe; reopens when the served generation changes."""

    def __init__(self, home: IndexHome | str):
        self.home = home if isinstance(home, IndexHome) else IndexHome(home)
        self._state: _State | None = None
        self._gen: str | None = None
        self._lock = threading.RLock()
        self.analyzer = analyzer()
        self.hl_analyzer = analyzer()  # its own term cache, for re-tokenising stored text into snippets

    # -- lifecycle
    def _current(self) -> _State:
        gen = self.home.current_name()
        if gen is None:
            raise NoIndexError(f"no index in {self.home.root}: build one with 'marquee index PATH'")
        if gen != self._gen:
            with self._lock:
                if gen != self._gen:
                    path = self.home.require_current()
                    new = _State(path, self.home.read_meta(path))
                    stemmer = new.ix.schema["body"].analyzer.stemmer
                    if stemmer != self.analyzer.stemmer:  # queries stem as this generation's documents were
                        self.analyzer, self.hl_analyzer = analyzer(stemmer=stemmer), analyzer(stemmer=stemmer)
                    old, self._state, self._gen = self._state, new, gen
                    if old is not None:
                        old.close()
        return self._state

    def __enter__(self) -> "SearchService":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._state:
                self._state.close()
            self._state = self._gen = None

    def info(self) -> dict:
        """Health facts: document count, generation, when it was built."""
        st = self._current()
        return {"documents": len(st.live), "generation": self._gen, "built_at": st.meta.get("built_at"),
                "dates": st.meta.get("dates"), "shows": len(st.labels.get("show", {})),
                "persons": len(st.labels.get("person", {}))}

    def stats(self, top: int = 10) -> dict:
        st = self._current()
        ec = st.entity_counts
        return {
            **self.info(),
            "top_shows": [(st.labels["show"].get(k, k), c) for k, c in Counter(ec.get("show", {})).most_common(top)],
            "top_persons": [(st.labels["person"].get(k, k), c)
                            for k, c in Counter(ec.get("person", {})).most_common(top)],
            "index_bytes": self.home.size_bytes(),
        }

    # -- query building
    def _terms(self, text: str) -> list[str]:
        return [t.text for t in self.analyzer(text)]

    def _spellings(self, st: _State, word: str) -> list[str]:
        """Likelier spellings of a rare word, the closest and then the most frequent first: one edit away (two for
        words of eight letters or more; a swap of two letters is one edit), written at least CORRECTION_MIN_COUNT
        times."""
        w = fold(word)
        if len(w) < 4 or not w.isalpha() or st.vocab.get(w, 0) >= 3:
            return []
        limit = 2 if len(w) >= 8 else 1
        # the corrector counts a swap as two edits: ask it for two, keep those within the limit
        cands = [c for c in st.corrector.suggest(w, limit=12, maxdist=2, prefix=1)
                 if st.vocab.get(c, 0) >= CORRECTION_MIN_COUNT and edit_distance(w, c) <= limit]
        return sorted(cands, key=lambda c: (edit_distance(w, c), -st.vocab.get(c, 0)))

    def _word_query(self, st: _State, word: str, fix: str | None = None) -> Q.Query | None:
        """The word in title or body; with a correction, the corrected word too (at a lower weight)."""
        terms = self._terms(word)
        if not terms:
            return None
        subs = [Q.Term(f, t) for t in terms for f in TEXT_FIELDS]
        if fix:
            subs += [Q.Term(f, t, boost=0.8) for t in self._terms(fix) for f in TEXT_FIELDS]
        return Q.Or(subs)

    def _corrections(self, st: _State, pq: ParsedQuery) -> dict[str, str]:
        """Did-you-mean, word by word: a rare word is corrected only to a close, frequent spelling that makes the
        query match where the word as typed did not (so a name the index does not hold is never rewritten into an
        unrelated word: "lekh tandon" is not "leah tendon")."""
        options = {w: self._spellings(st, w) for w in pq.words}
        if not any(options.values()):
            return {}

        def docs(word: str):
            q = self._word_query(st, word)
            return self._docset(st, q) if q is not None else None

        def docs_of(word: str, spellings: list[str]):
            sets = [d for d in [docs(word), *map(docs, spellings)] if d is not None]
            return DocSet.union(sets) if sets else None

        fixes: dict[str, str] = {}
        for w, cands in options.items():
            if not cands:
                continue
            # the articles with the other words (rare ones as typed or corrected); from three other words on,
            # all but one of them
            others = [d for d in (docs_of(o, options.get(o, [])) for o in pq.words if o != w) if d is not None]
            others += [self._docset(st, q) for q in map(self._phrase_query, pq.phrases) if q is not None]
            base = None
            if others:
                have = Counter()
                for d in others:
                    have.update(d)
                need = len(others) - 1 if len(others) >= 3 else len(others)
                base = {d for d, n in have.items() if n >= need}
            typed = docs(w)
            if typed and (base is None or base & typed):
                continue  # the word as typed already matches with the others
            for c in cands:
                found = docs(c)
                if found and (base is None or base & found):
                    fixes[w] = c
                    break
        return fixes

    def _phrase_query(self, words: list[str]) -> Q.Query | None:
        terms = self._terms(" ".join(words))
        if not terms:
            return None
        if len(terms) == 1:
            return Q.Or([Q.Term(f, terms[0]) for f in TEXT_FIELDS])
        return Q.Or([Q.Phrase("title", terms, boost=1.5), Q.Phrase("body", terms)])

    def _compile(self, st: _State, pq: ParsedQuery):
        """(all-words query, any-word query, did-you-mean, highlight terms) for the text part."""
        parts, hl = [], set()
        corrections = self._corrections(st, pq)
        for w in pq.words:
            fix = corrections.get(w)
            q = self._word_query(st, w, fix)
            if q is not None:
                parts.append(q)
                hl.update(self._terms(w))
            if fix:
                hl.update(self._terms(fix))
        for ph in pq.phrases:
            q = self._phrase_query(ph)
            if q is not None:
                parts.append(q)
                hl.update(self._terms(" ".join(ph)))
        if not parts:
            return None, None, None, hl, [], None
        excl = [self._word_query(st, w) for w in pq.exclude_words]
        excl += [self._phrase_query(p) for p in pq.exclude_phrases]
        excl = [e for e in excl if e is not None]
        q_all = Q.And(parts) if len(parts) > 1 else parts[0]
        q_any = Q.Or(parts)
        if excl:
            q_all = Q.AndNot(q_all, Q.Or(excl))
            q_any = Q.AndNot(q_any, Q.Or(excl))
        dym = None
        if corrections:
            dym = " ".join(corrections.get(w, w) for w in pq.words)
            dym = " ".join([dym] + ['"%s"' % " ".join(p) for p in pq.phrases]).strip()
        return q_all, q_any, dym, hl, parts, (Q.Or(excl) if excl else None)

    # -- matching sets (sorted arrays, indexer/docset.py: faster than Whoosh matcher trees for counting and facets)
    def _docset(self, st: _State, q: Q.Query) -> DocSet:
        """All live documents matching q, built from cached posting sets."""
        if isinstance(q, Q.Term):
            return self._cached_docs(st, (q.fieldname, q.text), lambda: term_docs(
                st.searcher.reader(), q.fieldname, q.text))
        if isinstance(q, Q.Or):
            words = _words_in_text(q)
            if words:  # a word (and its variants) in title or body: the documents its BM25F scores cover
                return self._cached_docs(st, ("words", *words), lambda: np.concatenate(
                    [st.lexical.word_arrays(w)[0] for w in words]))
            return DocSet.union(self._docset(st, c) for c in q.subqueries)
        if isinstance(q, Q.And):
            sets = sorted((self._docset(st, c) for c in q.subqueries), key=len)
            out = sets[0] if sets else DocSet.empty()
            for other in sets[1:]:
                out &= other
            return out
        if isinstance(q, Q.AndMaybe):
            return self._docset(st, q.a)
        if isinstance(q, Q.AndNot):
            return self._docset(st, q.a) - self._docset(st, q.b)
        return DocSet.of(np.fromiter(st.searcher.docs_for_query(q), dtype=np.int64))

    @staticmethod
    def _cached_docs(st: _State, key: tuple, ids) -> DocSet:
        """The live documents of a posting list (ids(): a sorted numpy array of document numbers), cached by key."""
        hit = st.term_docs.get(key)
        if hit is None:
            try:
                hit = DocSet.of(ids())
            except KeyError:
                hit = DocSet.empty()
            if len(hit) and st.searcher.reader().has_deletions():
                hit = hit.within(st.alive)
            if st.term_docs_size + len(hit) > TERM_DOCS_CACHE:  # bounded by document ids held, not terms
                st.term_docs.clear()
                st.term_docs_size = 0
            st.term_docs[key] = hit
            st.term_docs_size += len(hit)
        return hit

    # -- filters and facets
    def _entity_docs(self, st: _State, fname: str, values: list[str]) -> DocSet | None:
        if not values:
            return None
        return DocSet.union(self._docset(st, Q.Term(fname, facet_key(fname, v))) for v in values)

    def _date_docs(self, st: _State, lo: _dt.date | None, hi: _dt.date | None) -> DocSet | None:
        if lo is None and hi is None:
            return None
        first = lo.toordinal() if lo else 1
        last = hi.toordinal() if hi else _dt.date.max.toordinal()
        inside = np.flatnonzero((st.order >= first) & (st.order <= last))  # undated articles (0) never match
        return DocSet(inside[st.alive[inside]])

    @staticmethod
    def _stories(st: _State, docs: DocSet) -> DocSet:
        """One document per story (duplicates by fingerprint count once)."""
        if len(docs) > counting.LARGE_SET:
            return counting.stories(docs, st.story, st.n)
        story = st.story
        return DocSet(np.array([d for d in docs if story[d] == d or (
            int(story[d]) not in docs and d == min(x for x in st.story_docs[int(story[d])] if x in docs))],
            dtype=np.int64))

    def _count(self, st: _State, fname: str, docs: list[int], limit: int, selected: list[str]) -> list[FacetCount]:
        labels = st.labels.get(fname, {})
        # a selected value stays visible (with its count) so it can be removed
        top = st.tables[fname].top(docs, limit, [facet_key(fname, s) for s in selected])
        return [FacetCount(k, labels.get(k, k), n) for k, n in top]

    # -- the main call
    def search(self, req: SearchRequest) -> SearchResult:
        """Ranked, filtered, faceted, highlighted results for one request."""
        t0 = time.perf_counter()
        st = self._current()
        if req.sort not in SORTS:
            raise QueryError(f"unknown sort {req.sort!r}: use one of {', '.join(SORTS)}")
        if len(req.q or "") > MAX_QUERY_CHARS * 20:
            raise QueryError(f"query too long ({len(req.q)} characters; at most {MAX_QUERY_CHARS})")
        page = max(1, min(int(req.page), MAX_PAGE))
        per_page = max(1, min(int(req.per_page), MAX_PER_PAGE))
        pq = parse(req.q)
        shows = list(dict.fromkeys(req.shows + pq.shows))
        persons = list(dict.fromkeys(req.persons + pq.persons))
        lo = parse_date_bound(req.date_from) if req.date_from else pq.date_from
        hi = parse_date_bound(req.date_to, end=True) if req.date_to else pq.date_to
        if lo and hi and lo > hi:
            raise QueryError(f"the 'from' date {lo} is after the 'to' date {hi}")

        with self._lock:
            q_all, q_any, dym, hl_terms, parts, q_excl = self._compile(st, pq)
            mode = "browse"
            if q_all is not None:
                base = self._docset(st, q_all)
                mode = "all"
                if not base and len(parts) > 1:  # (with one word or phrase, the any-word set is the same)
                    base = self._docset(st, q_any)
                    mode = "any"
            else:
                base = st.live
            f_show = self._entity_docs(st, "show", shows)
            f_person = self._entity_docs(st, "person", persons)
            f_date = self._date_docs(st, lo, hi)

            def narrowed(*sets):
                out = base
                for s in sets:
                    if s is not None:
                        out = out & s if len(out) <= len(s) else s & out
                return out

            final = narrowed(f_show, f_person, f_date)
            story_cache: dict[int, list[int]] = {}

            def stories_of(docs) -> list[int]:
                if id(docs) not in story_cache:
                    story_cache[id(docs)] = self._stories(st, docs)
                return story_cache[id(docs)]

            stories = stories_of(final)
            total = len(stories)
            pages = max(1, math.ceil(total / per_page))
            filtered = any(x is not None for x in (f_show, f_person, f_date))
            cache_key = ("facets", req.facet_limit) if mode == "browse" and not filtered else None
            if cache_key in st.browse_cache:
                facets, months = st.browse_cache[cache_key]
            else:
                facets = {
                    "show": self._count(st, "show", stories_of(narrowed(f_person, f_date)), req.facet_limit, shows),
                    "person": self._count(st, "person", stories_of(narrowed(f_show, f_date)), req.facet_limit,
                                          persons),
                }
                month_docs = stories_of(narrowed(f_show, f_person))
                mc = Counter(st.month_table.counts(month_docs))
                months = [FacetCount(k, k, n) for k, n in sorted(mc.items())]
                if cache_key:
                    st.browse_cache[cache_key] = (facets, months)

            copies = max(1.0, len(final) / max(1, len(stories)))  # documents per story (duplicates)
            hits = self._ranked(st, mode, q_all, q_any, final if filtered else None, stories, req.sort, page,
                                per_page, hl_terms)
            if mode == "all" and page == 1 and req.sort == "relevance" and (
                    len(hits) < per_page or len(parts) >= SOFT_AND_WORDS):
                # few articles have every word: the best partial matches fill the page below them; and from
                # three words on, an article missing one common word may outrank weak articles with them all
                near = self._partial_ranked(st, parts, q_excl, base, stories, (f_show, f_person, f_date),
                                            per_page, copies)
                hits = self._with_near_misses(st, hits, near, len(parts), per_page, hl_terms)
            if st.vectors is not None and req.sort == "relevance" and mode in ("all", "any") and not pq.phrases \
                    and page * per_page <= FUSION_DEPTH:
                hits = self._fused(st, pq, parts, q_excl, (f_show, f_person, f_date), page, per_page, hl_terms)
        took = (time.perf_counter() - t0) * 1000
        active = {"show": shows, "person": persons,
                  "from": [lo.isoformat()] if lo else [], "to": [hi.isoformat()] if hi else []}
        return SearchResult(req, hits, total, pages, facets, months, dym, round(took, 2), mode, active)

    def _fused(self, st: _State, pq: ParsedQuery, parts, q_excl, filters, page: int, per_page: int,
               hl_terms) -> list[Hit]:
        """One page of the fused ranking: the best lexical matches and the nearest article vectors, ranked by
        indexer.fusion, one article per story. Phrase queries never come here: their words must be there."""
        from . import fusion, vectors

        sets = [self._docset(st, p) for p in parts]
        drop = self._docset(st, q_excl) if q_excl is not None else frozenset()

        active = [f for f in filters if f is not None]

        def eligible(d: int) -> bool:
            return d in st.live and d not in drop and (not active or all(d in f for f in active))

        count: Counter = Counter()
        for docs in sets:
            count.update(docs)
        lexical = [d for d in count if eligible(d)]
        if len(lexical) > FUSION_SCORED:
            lexical = [d for d in lexical if count[d] >= 2] or lexical[:FUSION_SCORED]
        words = query_words(*parts)
        score = st.lexical.scores(words, lexical)
        pool = heapq.nlargest(FUSION_DEPTH, score, key=lambda d: (count[d], score[d]))
        pool += heapq.nlargest(FUSION_DEPTH, lexical, key=lambda d: score[d])
        qv = vectors.embedder(threads=1).embed([" ".join(pq.words)])[0]
        cos = vectors.cosines(qv, st.vectors, st.passages)
        near = np.argpartition(-cos, min(len(cos) - 1, FUSION_DEPTH * 3))[:FUSION_DEPTH * 3]
        near = near[np.argsort(-cos[near], kind="stable")]  # argpartition leaves its top in no order
        pool += [int(d) for d in near if eligible(int(d))][:FUSION_DEPTH]
        pool = list(dict.fromkeys(pool))
        missing = [d for d in pool if d not in score]
        if missing:
            score.update(st.lexical.scores(words, missing))
        total = max(1, len(st.live))
        idf = [math.log(1 + total / (1 + len(docs))) for docs in sets]
        whole = sum(idf) or 1.0
        cands = [fusion.Candidate(d, score.get(d, 0.0), sum(w for docs, w in zip(sets, idf) if d in docs) / whole,
                                  float(cos[d])) for d in pool]
        ranked, seen_fp = [], set()
        for c in fusion.fuse(cands):
            if int(st.story[c.doc]) not in seen_fp:  # one article per story
                seen_fp.add(int(st.story[c.doc]))
                ranked.append(c)
        out = []
        for c in ranked[(page - 1) * per_page: page * per_page]:
            h = self._hit(st, c.doc, c.bm25, hl_terms)
            h.partial = count[c.doc] < len(parts)
            out.append(h)
        return out

    def _with_near_misses(self, st: _State, hits: list[Hit], near: list[tuple[int, int, float, float]], n: int,
                          per_page: int, hl_terms) -> list[Hit]:
        """Page 1: the all-words hits with the near misses (every word but one) ranked among them by score x
        share ** NEAR_MISS_POWER (missing a rare word costs much more than missing a common one), then other
        partial matches below, marked partial."""
        entries = [(h.score, 0, k, h) for k, h in enumerate(hits)]
        if n >= SOFT_AND_WORDS:
            entries += [(score * share ** NEAR_MISS_POWER, 1, k, d)
                        for k, (d, c, score, share) in enumerate(near) if c == n - 1]
        entries.sort(key=lambda e: (-e[0], e[1], e[2]))
        page = entries[:per_page]
        used = {e[3] for e in page if e[1] == 1}
        page += [(0.0, 1, k, d) for k, (d, *_) in enumerate(near) if d not in used][:per_page - len(page)]
        scores = {d: sc for d, _, sc, _ in near}
        out = []
        for _, near_miss, _, item in page:
            if near_miss:
                item = self._hit(st, item, scores[item], hl_terms)
                item.partial = True
            out.append(item)
        return out

    def _partial_ranked(self, st: _State, parts, q_excl, base, stories, filters, need: int,
                        copies: float) -> list[tuple[int, int, float, float]]:
        """Up to `need` (document, words matched, score, share of the query's IDF it has) for articles that match
        most but not all of the words, one per story, not already shown.

        Ranked by how many of the words an article has, then BM25F over those words, then newer first. The
        candidates come from the cached posting sets; only the best few hundred are scored.
        """
        if len(parts) < 2:
            return []  # one word or phrase: every article that has it is already listed
        sets = [self._docset(st, p) for p in parts]
        arrays = [docs.arr for docs in sets]
        n = len(parts)
        total = max(1, len(st.live))
        idf = [math.log(1 + total / (1 + len(docs))) for docs in sets]
        # how many of the words each article has, and the IDF of those it has, over the whole index
        count = np.zeros(st.n, dtype=np.int16)
        rough = np.zeros(st.n, dtype=np.float64)
        for arr, w in zip(arrays, idf):
            count[arr] += 1
            rough[arr] += w
        blocked = np.zeros(st.n, dtype=bool)
        blocked[base.arr] = True
        if q_excl is not None:
            blocked[self._docset(st, q_excl).arr] = True
        for f in filters:
            if f is not None:
                outside = np.ones(st.n, dtype=bool)
                outside[f.arr] = False
                blocked |= outside
        # the largest k such that enough articles have at least k of the words (k >= 1; >= 2 when k = 1 would
        # mean ranking thousands of single common-word matches)
        per_k = np.bincount(count, minlength=n + 1)
        want = int((need + len(base)) * copies * 1.5) + 10
        k, have = n, 0
        while k > 1:
            have += int(per_k[k])
            if have >= want:
                break
            k -= 1
        if k == 1 and int(per_k[1:].sum()) > PARTIAL_ANY_LIMIT and n > 2:
            k = 2
        if k >= 2:
            cands = np.flatnonzero((count >= k) & ~blocked)
            if len(cands) > want:  # the best `want` by words matched, then by the IDF of those words
                key = count[cands] * (sum(idf) + 1.0) + rough[cands]
                cands = cands[np.argpartition(-key, want - 1)[:want]]
            top = cands.tolist()
        else:
            # one word each: the rarest word's articles first (the same order as above, without scoring
            # every single-word match of a common word)
            top, taken = [], set()
            for docs in sorted(sets, key=len):
                for d in docs:
                    if d not in taken and not blocked[d]:
                        taken.add(d)
                        top.append(d)
                        if len(top) >= want:
                            break
                if len(top) >= want:
                    break
        if not top:
            return []
        score = st.lexical.scores(query_words(*parts), top)
        top.sort(key=lambda d: (-int(count[d]), -round(score.get(d, 0.0), 6), -st.order[d]))
        shown = np.zeros(st.n, dtype=bool)  # stories already on the page (by their first document)
        shown[st.story[stories.arr]] = True
        more: list[tuple[int, int, float, float]] = []
        for d in top:
            root = int(st.story[d])
            if shown[root]:
                continue
            shown[root] = True
            share = float(rough[d]) / (sum(idf) or 1.0)
            more.append((d, int(count[d]), score.get(d, 0.0), share))
            if len(more) >= need:
                break
        return more

    def _ranked(self, st, mode, q_all, q_any, final, stories, sort, page, per_page, hl_terms) -> list[Hit]:
        """One page of hits. `final` is the filtered set (None: no facet filter active)."""
        if not stories:
            return []
        limit = page * per_page
        if mode == "browse":
            # no words: order by date in Python (cached when unfiltered); undated articles last
            key = ("order", sort)
            order = st.browse_cache.get(key) if final is None else None
            if order is None:
                oldest = sort == "oldest"
                order = sorted(stories, key=lambda d: (st.order[d] == 0,
                                                       st.order[d] if oldest else -st.order[d], d))
                if final is None:
                    st.browse_cache[key] = order
            docs = [(d, 0.0) for d in order[:limit]]
        elif sort != "relevance":
            # by date, undated articles last; only the page's articles are scored (the score is shown)
            oldest = sort == "oldest"
            order = heapq.nsmallest(limit, stories, key=lambda d: (st.order[d] == 0,
                                                                   st.order[d] if oldest else -st.order[d], d))
            page_docs = order[(page - 1) * per_page:]
            score = st.lexical.scores(query_words(q_all if mode == "all" else q_any), page_docs)
            return [self._hit(st, d, score[d], hl_terms) for d in page_docs]
        else:
            # the matching stories are known already (from the posting sets): score just those
            words = query_words(q_all if mode == "all" else q_any)
            if len(stories) > counting.LARGE_SET:
                docs = counting.top_scores(words, st.lexical.word_arrays, stories, st.n, limit, st.order)
            else:
                score = st.lexical.scores(words, stories)
                docs = [(d, score[d]) for d in heapq.nsmallest(
                    limit, score, key=lambda d: (-round(score[d], 6), -st.order[d]))]  # equal scores: newer first
        docs = docs[(page - 1) * per_page: page * per_page]
        return [self._hit(st, d, s, hl_terms) for d, s in docs]

    @staticmethod
    def _doc_id(st: _State, docnum: int) -> str:
        """An article id by document number, cached (duplicate lists would otherwise load whole articles)."""
        got = st.ids.get(docnum)
        if got is None:
            got = st.ids[docnum] = st.searcher.stored_fields(docnum)["id"]
        return got

    def _hit(self, st: _State, docnum: int, score: float, terms: set[str]) -> Hit:
        f = st.searcher.stored_fields(docnum)
        date = f.get("date")
        dups = [self._doc_id(st, d) for d in st.story_docs.get(int(st.story[docnum]), []) if d != docnum]
        return Hit(
            id=f["id"], title=f.get("title", ""),
            title_html=self.highlight_title(f.get("title", ""), terms),
            snippet_html=self.snippet(f.get("body", ""), terms),
            date=date.date().isoformat() if date else None,
            source=f.get("source"), url=f.get("url"), category=f.get("category") or None,
            shows=self._labelled(st, "show", f.get("shows")), persons=self._labelled(st, "person", f.get("persons")),
            score=round(score, 4),
            duplicates=dups,
        )

    @staticmethod
    def _labelled(st: _State, kind: str, names: list[str] | None) -> list[str]:
        """An article's shows or persons as their facets label them (one spelling index-wide, no repeats)."""
        labels = st.labels.get(kind, {})
        return list(dict.fromkeys(labels.get(facet_key(kind, n), n) for n in names or []))

    # -- snippets
    def highlight_title(self, title: str, terms: set[str]) -> str:
        if not terms:
            return html.escape(title)
        out = highlight.highlight(title, terms, self.hl_analyzer, highlight.WholeFragmenter(), MarkFormatter(),
                                  top=1, minscore=1)
        return out or html.escape(title)

    def snippet(self, body: str, terms: set[str], chars: int = SNIPPET_CHARS) -> str:
        """Up to 3 escaped fragments of about `chars` characters around the best matches."""
        if terms:
            # Only re-tokenise the paragraphs that can hold a match (stems are prefixes of their words).
            stems = {t[:5] for t in terms}
            paras = [p for p in body.split("\n\n") if any(s in fold(p) for s in stems)] or [body[:2000]]
            text = "\n\n".join(paras[:4])
            frag = highlight.ContextFragmenter(maxchars=chars, surround=chars // 3)
            out = highlight.highlight(text, terms, self.hl_analyzer, frag, MarkFormatter(), top=3, minscore=1,
                                      order=highlight.SCORE)
            if out:
                return out
        lead = body[: chars * 2]
        cut = lead.rfind(" ", 0, chars * 2 - 10) if len(body) > chars * 2 else len(lead)
        return html.escape(lead[: max(cut, 0)]) + (" …" if len(body) > len(lead[:cut]) else "")

    # -- article page, suggestions
    def article(self, article_id: str, related: int = 5) -> ArticleView | None:
        st = self._current()
        with self._lock:
            docnum = st.searcher.document_number(id=article_id)
            if docnum is None or docnum not in st.live:
                return None
            f = st.searcher.stored_fields(docnum)
            same = set(st.story_docs.get(int(st.story[docnum]), []))
            rel: list[Hit] = []
            try:
                for r in [] if related <= 0 else st.searcher.more_like(docnum, "body", top=related + len(same) + 3, numterms=12):
                    if r.docnum in same or r.docnum == docnum:
                        continue
                    rel.append(self._hit(st, r.docnum, r.score or 0.0, set()))
                    if len(rel) >= related:
                        break
            except Exception:  # a related-articles failure must not break the article page
                rel = []
            date = f.get("date")
            return ArticleView(
                id=f["id"], title=f.get("title", ""), body=f.get("body", ""),
                date=date.date().isoformat() if date else None, source=f.get("source"), url=f.get("url"),
                category=f.get("category") or None, authors=f.get("authors") or [],
                shows=self._labelled(st, "show", f.get("shows")), persons=self._labelled(st, "person", f.get("persons")),
                related=rel,
                duplicates=[self._doc_id(st, d) for d in sorted(same) if d != docnum],
            )

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Shows, persons and titles that start with what was typed so far."""
        st = self._current()
        p = fold(" ".join((prefix or "")[:100].split()))
        if len(p) < 2:
            return []
        out: list[Suggestion] = []
        for key, label, kind, _ in st.suggest_index:
            if key.startswith(p) or f" {p}" in key:
                out.append(Suggestion(kind, label, label))
                if len(out) >= limit // 2 + 1:
                    break
        last = re.findall(r"\w+", p)
        if last:
            with self._lock:
                parts = [Q.Term("title", t) for t in self._terms(" ".join(last[:-1]))]
                parts.append(Q.Prefix("title", last[-1]) if len(last[-1]) >= 2 else Q.NullQuery)
                q = Q.And(parts) if len(parts) > 1 else parts[0]
                for r in st.searcher.search(q, limit=limit - len(out)):
                    out.append(Suggestion("title", r["title"], r["title"]))
        return out[:limit]
