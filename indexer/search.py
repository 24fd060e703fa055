"""The search service: answers queries against the served index generation.

Used by the web app and by ``marquee search``; knows nothing of HTTP. Returns plain dataclasses. One
searcher is kept open and swapped for a new one when ``marquee index``/``reindex`` switches generations.
"""
from __future__ import annotations

import datetime as _dt
import html
import math
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from whoosh import highlight
from whoosh import index as windex
from whoosh import query as Q
from whoosh.sorting import FieldFacet
from whoosh.spelling import ListCorrector

from .analysis import analyzer, fold
from .entities import canonical_key
from .query import MAX_QUERY_CHARS, ParsedQuery, QueryError, parse, parse_date_bound
from .store import IndexHome, NoIndexError

TEXT_FIELDS = ("title", "body", "names")
SORTS = ("relevance", "newest", "oldest")
MAX_PAGE = 1000
MAX_PER_PAGE = 100
SNIPPET_CHARS = 160


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

class _State:
    """Everything derived from one index generation, built once when it is opened."""

    def __init__(self, path, meta: dict):
        self.ix = windex.open_dir(str(path))
        self.searcher = self.ix.searcher()
        self.meta = meta
        reader = self.searcher.reader()
        n = reader.doc_count_all()
        self.live = set(reader.all_doc_ids())
        self.doc_keys: dict[str, list[tuple]] = {}
        self.postings: dict[str, dict[str, set[int]]] = {}
        for fname in ("show", "person"):
            per_doc: list[list[str]] = [[] for _ in range(n)]
            inv: dict[str, set[int]] = {}
            if fname in reader.schema and reader.field_length(fname) is not None:
                for term in reader.field_terms(fname):
                    ids = {d for d in reader.postings(fname, term).all_ids() if d in self.live}
                    inv[term] = ids
                    for d in ids:
                        per_doc[d].append(term)
            self.doc_keys[fname] = per_doc
            self.postings[fname] = inv
        self.doc_month: list[str | None] = [None] * n
        for term in reader.field_terms("month"):
            for d in reader.postings("month", term).all_ids():
                self.doc_month[d] = term
        fps = reader.column_reader("fingerprint")
        self.doc_fp = [fps[d] for d in range(n)]
        self.fp_docs: dict[str, list[int]] = defaultdict(list)
        for d in sorted(self.live):
            self.fp_docs[self.doc_fp[d]].append(d)
        self.labels = meta.get("labels", {"show": {}, "person": {}})
        vocab = meta.get("vocab", {})
        self.vocab = vocab
        self.corrector = ListCorrector(sorted(vocab))
        self.entity_counts = meta.get("entity_counts", {})
        self.suggest_index = sorted(
            ((fold(label), label, kind, self.entity_counts.get(kind, {}).get(key, 0))
             for kind in ("show", "person") for key, label in self.labels.get(kind, {}).items()),
            key=lambda e: -e[3])

    def close(self):
        self.searcher.close()
        self.ix.close()


class SearchService:
    """Queries over an index home; thread-safe; reopens when the served generation changes."""

    def __init__(self, home: IndexHome | str):
        self.home = home if isinstance(home, IndexHome) else IndexHome(home)
        self._state: _State | None = None
        self._gen: str | None = None
        self._lock = threading.RLock()
        self.analyzer = analyzer()

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

    def _correct(self, st: _State, word: str) -> str | None:
        """A likelier spelling of word from the corpus vocabulary, or None."""
        w = fold(word)
        if len(w) < 4 or not w.isalpha():
            return None
        own = st.vocab.get(w, 0)
        if own >= 3:
            return None
        best, best_n = None, own * 5
        for cand in st.corrector.suggest(w, limit=8, maxdist=2 if len(w) > 5 else 1, prefix=1):
            n = st.vocab.get(cand, 0)
            if n > best_n:
                best, best_n = cand, n
        return best

    def _word_query(self, st: _State, word: str, fuzzy: bool) -> tuple[Q.Query | None, str | None]:
        terms = self._terms(word)
        if not terms:
            return None, None
        subs = [Q.Term(f, t) for t in terms for f in TEXT_FIELDS]
        fix = self._correct(st, word) if fuzzy else None
        if fix:
            subs += [Q.Term(f, t, boost=0.8) for t in self._terms(fix) for f in TEXT_FIELDS]
        return Q.Or(subs), fix

    def _phrase_query(self, words: list[str]) -> Q.Query | None:
        terms = self._terms(" ".join(words))
        if not terms:
            return None
        if len(terms) == 1:
            return Q.Or([Q.Term(f, terms[0]) for f in TEXT_FIELDS])
        return Q.Or([Q.Phrase("title", terms, boost=1.5), Q.Phrase("body", terms)])

    def _compile(self, st: _State, pq: ParsedQuery):
        """(all-words query, any-word query, did-you-mean, highlight terms) for the text part."""
        parts, corrections, hl = [], {}, set()
        for w in pq.words:
            q, fix = self._word_query(st, w, fuzzy=True)
            if q is not None:
                parts.append(q)
                hl.update(self._terms(w))
            if fix:
                corrections[w] = fix
                hl.update(self._terms(fix))
        for ph in pq.phrases:
            q = self._phrase_query(ph)
            if q is not None:
                parts.append(q)
                hl.update(self._terms(" ".join(ph)))
        if not parts:
            return None, None, None, hl
        # phrases proximity: words that sit next to each other in the title/body score a bonus
        bonus = []
        if len(pq.words) > 1:
            terms = self._terms(" ".join(pq.words))
            if len(terms) > 1:
                bonus.append(Q.Phrase("body", terms, slop=3, boost=0.5))
                bonus.append(Q.Phrase("title", terms, slop=3, boost=0.8))
        excl = [self._word_query(st, w, fuzzy=False)[0] for w in pq.exclude_words]
        excl += [self._phrase_query(p) for p in pq.exclude_phrases]
        excl = [e for e in excl if e is not None]
        q_all = Q.And(parts) if len(parts) > 1 else parts[0]
        q_any = Q.Or(parts + bonus)
        if bonus:
            q_all = Q.AndMaybe(q_all, Q.Or(bonus))
        if excl:
            q_all = Q.AndNot(q_all, Q.Or(excl))
            q_any = Q.AndNot(q_any, Q.Or(excl))
        dym = None
        if corrections:
            dym = " ".join(corrections.get(w, w) for w in pq.words)
            dym = " ".join([dym] + ['"%s"' % " ".join(p) for p in pq.phrases]).strip()
        return q_all, q_any, dym, hl

    # -- filters and facets
    def _entity_docs(self, st: _State, fname: str, values: list[str]) -> set[int] | None:
        if not values:
            return None
        out: set[int] = set()
        for v in values:
            out |= st.postings[fname].get(canonical_key(v), set())
        return out

    def _date_docs(self, st: _State, lo: _dt.date | None, hi: _dt.date | None) -> set[int] | None:
        if lo is None and hi is None:
            return None
        q = Q.DateRange("date", _dt.datetime.combine(lo, _dt.time()) if lo else None,
                        _dt.datetime.combine(hi, _dt.time(23, 59, 59)) if hi else None)
        return set(st.searcher.docs_for_query(q))

    @staticmethod
    def _stories(st: _State, docs) -> list[int]:
        """One document per story (duplicates by fingerprint count once)."""
        seen: set = set()
        out = []
        fp = st.doc_fp
        for d in docs:
            f = fp[d]
            if f not in seen:
                seen.add(f)
                out.append(d)
        return out

    def _count(self, st: _State, fname: str, docs: list[int], limit: int, selected: list[str]) -> list[FacetCount]:
        c: Counter = Counter()
        per_doc = st.doc_keys[fname]
        for d in docs:
            c.update(per_doc[d])
        labels = st.labels.get(fname, {})
        top = c.most_common(limit)
        keys = {k for k, _ in top}
        for s in selected:  # a selected value stays visible (with its count) so it can be removed
            k = canonical_key(s)
            if k not in keys:
                top.append((k, c.get(k, 0)))
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
            q_all, q_any, dym, hl_terms = self._compile(st, pq)
            mode = "browse"
            if q_all is not None:
                base = set(st.searcher.docs_for_query(q_all))
                mode = "all"
                if not base:
                    base = set(st.searcher.docs_for_query(q_any))
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
            stories = self._stories(st, sorted(final))
            total = len(stories)
            pages = max(1, math.ceil(total / per_page))
            facets = {
                "show": self._count(st, "show", self._stories(st, sorted(narrowed(f_person, f_date))),
                                    req.facet_limit, shows),
                "person": self._count(st, "person", self._stories(st, sorted(narrowed(f_show, f_date))),
                                      req.facet_limit, persons),
            }
            month_docs = self._stories(st, sorted(narrowed(f_show, f_person)))
            mc = Counter(st.doc_month[d] for d in month_docs if st.doc_month[d])
            months = [FacetCount(k, k, n) for k, n in sorted(mc.items())]

            hits = self._ranked(st, mode, q_all, q_any, final, stories, req.sort, page, per_page, hl_terms)
            if mode == "all" and page == 1 and len(hits) < per_page and q_any is not None and req.sort == "relevance":
                # few articles have every word: add the best partial matches below them
                extra = set(st.searcher.docs_for_query(q_any)) - base
                for s in (f_show, f_person, f_date):
                    if s is not None:
                        extra &= s
                if extra:
                    more = self._ranked(st, "any", None, q_any, extra, self._stories(st, sorted(extra)),
                                        "relevance", 1, per_page - len(hits), hl_terms)
                    for h in more:
                        h.partial = True
                    hits += more
        took = (time.perf_counter() - t0) * 1000
        active = {"show": shows, "person": persons,
                  "from": [lo.isoformat()] if lo else [], "to": [hi.isoformat()] if hi else []}
        return SearchResult(req, hits, total, pages, facets, months, dym, round(took, 2), mode, active)

    def _ranked(self, st, mode, q_all, q_any, final, stories, sort, page, per_page, hl_terms) -> list[Hit]:
        if not final:
            return []
        allowed = set(stories)  # one document per story
        limit = page * per_page
        if mode == "browse" or sort != "relevance":
            q = Q.Every() if mode == "browse" else (q_all if mode == "all" else q_any)
            if sort == "relevance":  # browsing: newest first
                sort = "newest"
            dated = {d for d in allowed if st.doc_month[d]}
            results = list(st.searcher.search(q, limit=limit, filter=dated,
                                              sortedby=FieldFacet("date", reverse=(sort == "newest"))))
            if len(results) < limit and len(dated) < len(allowed):  # undated articles come last
                results += list(st.searcher.search(q, limit=limit - len(results), filter=allowed - dated))
        else:
            q = q_all if mode == "all" else q_any
            results = st.searcher.search(q, limit=limit, filter=allowed)
        docs = [(r.docnum, r.score or 0.0) for r in results]
        if sort == "relevance" and mode != "browse":
            # equal scores: newer first
            docs.sort(key=lambda x: (-round(x[1], 6), -self._date_ord(st, x[0])))
        docs = docs[(page - 1) * per_page: page * per_page]
        return [self._hit(st, d, s, hl_terms) for d, s in docs]

    @staticmethod
    def _date_ord(st: _State, docnum: int) -> int:
        m = st.doc_month[docnum]
        if not m:
            return 0
        d = st.searcher.stored_fields(docnum).get("date")
        return d.toordinal() if d else 0

    def _hit(self, st: _State, docnum: int, score: float, terms: set[str]) -> Hit:
        f = st.searcher.stored_fields(docnum)
        date = f.get("date")
        dups = [st.searcher.stored_fields(d)["id"] for d in st.fp_docs.get(st.doc_fp[docnum], []) if d != docnum]
        return Hit(
            id=f["id"], title=f.get("title", ""),
            title_html=self.highlight_title(f.get("title", ""), terms),
            snippet_html=self.snippet(f.get("body", ""), terms),
            date=date.date().isoformat() if date else None,
            source=f.get("source"), url=f.get("url"), category=f.get("category") or None,
            shows=f.get("shows") or [], persons=f.get("persons") or [], score=round(score, 4),
            duplicates=dups,
        )

    # -- snippets
    def highlight_title(self, title: str, terms: set[str]) -> str:
        if not terms:
            return html.escape(title)
        out = highlight.highlight(title, terms, self.analyzer, highlight.WholeFragmenter(), MarkFormatter(),
                                  top=1, minscore=1)
        return out or html.escape(title)

    def snippet(self, body: str, terms: set[str], chars: int = SNIPPET_CHARS) -> str:
        """Up to 3 escaped fragments of about `chars` characters around the best matches."""
        if terms:
            # Only re-tokenise the paragraphs that can hold a match (stems are prefixes of their words).
            stems = {t[:5] for t in terms}
            paras = [p for p in body.split("\n\n") if any(s in fold(p) for s in stems)] or [body[:2000]]
            text = "\n\n".join(paras[:6])
            frag = highlight.ContextFragmenter(maxchars=chars, surround=chars // 3)
            out = highlight.highlight(text, terms, self.analyzer, frag, MarkFormatter(), top=3, minscore=1,
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
            same = set(st.fp_docs.get(st.doc_fp[docnum], []))
            rel: list[Hit] = []
            try:
                for r in st.searcher.more_like(docnum, "body", top=related + len(same) + 3, numterms=12):
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
                category=f.get("category") or None, authors=f.get("authors") or [], shows=f.get("shows") or [],
                persons=f.get("persons") or [], related=rel,
                duplicates=[st.searcher.stored_fields(d)["id"] for d in sorted(same) if d != docnum],
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
