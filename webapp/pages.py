"""HTML pages: search, article, (and the error page via the app's handlers)."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, render_template, request, url_for

from .common import args_dict, search_request, service
from .facets import DateFacet, EntityFacet, chips, query_string

bp = Blueprint("pages", __name__)

SHOW_FACET = EntityFacet("show", "Shows")
PERSON_FACET = EntityFacet("person", "People")
DATE_FACET = DateFacet()
FEED_ARGS = ("q", "show", "person", "from", "to")  # what a feed keeps of a search (it is always newest first)
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


def _safe_url(url: str | None) -> str | None:
    """Article links only for http(s) URLs (never javascript: or data:)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


@bp.app_template_global()
def safe_url(url):
    return _safe_url(url)


@bp.get("/")
def search():
    expand = request.args.get("more", "")
    cfg = current_app.config
    req = search_request(facet_limit=cfg["FACET_MORE_LIMIT"] if expand else cfg["FACET_LIMIT"])
    args = args_dict()
    has_query = bool(req.q.strip() or req.shows or req.persons or req.date_from or req.date_to)
    res = service().search(req)
    facets = [
        (SHOW_FACET, SHOW_FACET.values(res.facets["show"], args)),
        (PERSON_FACET, PERSON_FACET.values(res.facets["person"], args)),
    ]
    page_url = lambda n: query_string(args) + f"&page={n}"  # noqa: E731
    return render_template(
        "search.html", res=res, req=req, args=args, has_query=has_query, facets=facets,
        years=DATE_FACET.years(res.months, args), months=DATE_FACET.months(res.months, args),
        chips=chips(args), sort_labels=SORT_LABELS, page_url=page_url, expand=expand,
        more_url=lambda name: query_string(args) + f"&more={name}",
        dym_url=query_string(args, q=[res.did_you_mean]) if res.did_you_mean else None,
        feed_url=url_for("feeds.search_atom") + "?" + urlencode(
            [(k, v) for k, vs in args.items() if k in FEED_ARGS for v in vs]),
    )


@bp.get("/article/<path:article_id>")
def article(article_id):
    view = service().article(article_id)
    if view is None:
        abort(404)
    return render_template("article.html", a=view, back=request.referrer if request.referrer and
                           request.referrer.startswith(request.host_url) else None)
