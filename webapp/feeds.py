"""Feeds: every search as an Atom feed (newest first, the same filters), and the OpenSearch description that lets
a browser offer "search Marquee" from its address bar. Twins of the search page over the same service call."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace

from flask import Blueprint, Response, render_template, request, url_for

from .common import search_request, service

bp = Blueprint("feeds", __name__)

FEED_ENTRIES = 20
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry


@bp.app_template_filter("xml_text")
def xml_text(value) -> str:
    """Text XML can carry (control characters dropped); escaping is left to the template's autoescape."""
    return _NOT_XML.sub("", str(value or ""))


def _stamp(day: str | None, fallback: str) -> str:
    """An RFC 3339 time for an article's date (midnight UTC); undated articles take the feed's own time."""
    return f"{day}T00:00:00Z" if day else fallback


@bp.get("/search.atom")
def search_atom():
    req = replace(search_request(), sort="newest", page=1, per_page=FEED_ENTRIES)
    svc = service()
    res = svc.search(req)
    built = svc.info().get("built_at") or _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    fallback = built if built.endswith("Z") or "+" in built[10:] else built + "Z"
    entries = []
    for h in res.hits:
        view = svc.article(h.id, related=0)
        if view is None:
            continue
        entries.append({"hit": h, "body": view.body, "authors": view.authors,
                        "updated": _stamp(h.date, fallback),
                        "page": url_for("pages.article", article_id=h.id, _external=True)})
    page_url = url_for("pages.search", _external=True) + ("?" + request.query_string.decode("utf-8", "replace")
                                                          if request.query_string else "")
    body = render_template("search.atom.xml", res=res, req=req, entries=entries, page_url=page_url,
                           self_url=request.url,
                           updated=max((e["updated"] for e in entries), default=fallback))
    return Response(body, mimetype="application/atom+xml")


@bp.get("/opensearch.xml")
def opensearch():
    body = render_template("opensearch.xml", root=url_for("pages.search", _external=True),
                           atom=url_for("feeds.search_atom", _external=True))
    return Response(body, mimetype="application/opensearchdescription+xml")
