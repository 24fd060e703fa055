"""JSON API: the twins of the HTML pages, over the same service calls."""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, jsonify, request

from .common import search_request, service

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search():
    res = service().search(search_request())
    return jsonify(res.as_dict())


@bp.get("/api/articles/<path:article_id>")
def article(article_id):
    view = service().article(article_id)
    if view is None:
        abort(404)
    return jsonify(asdict(view))


@bp.get("/api/suggest")
def suggest():
    return jsonify({"suggestions": [asdict(s) for s in service().suggest(request.args.get("q", ""))]})


@bp.get("/healthz")
def healthz():
    info = service().info()
    return jsonify({"status": "ok", **info})
