"""Request parsing shared by the HTML pages and their JSON twins."""
from __future__ import annotations

from flask import current_app, request

from indexer.query import QueryError
from indexer.search import SearchRequest, SearchService


def service() -> SearchService:
    return current_app.extensions["marquee.search"]


def args_dict() -> dict[str, list[str]]:
    """The request's query arguments as plain lists (what the facet classes take)."""
    return {k: [v for v in request.args.getlist(k) if v.strip()] for k in request.args}


def _int_arg(name: str, default: int, lo: int, hi: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, got {raw[:40]!r}") from None
    if value < lo:
        raise QueryError(f"{name} must be at least {lo}")
    return min(value, hi)


def search_request(facet_limit: int | None = None) -> SearchRequest:
    """A SearchRequest from ?q=&show=&person=&from=&to=&sort=&page=; QueryError for impossible values."""
    cfg = current_app.config
    q = request.args.get("q", "")
    if len(q) > cfg["MAX_QUERY_CHARS"]:
        raise QueryError(f"query too long ({len(q)} characters; at most {cfg['MAX_QUERY_CHARS']})")
    return SearchRequest(
        q=q,
        shows=[v for v in request.args.getlist("show") if v.strip()][:20],
        persons=[v for v in request.args.getlist("person") if v.strip()][:20],
        date_from=request.args.get("from", "").strip() or None,
        date_to=request.args.get("to", "").strip() or None,
        sort=request.args.get("sort", "relevance").strip() or "relevance",
        page=_int_arg("page", 1, 1, cfg["MAX_PAGE"]),
        per_page=_int_arg("per_page", cfg["PER_PAGE"], 1, 50),
        facet_limit=facet_limit or cfg["FACET_LIMIT"],
    )
