"""Flask front end: a thin layer over indexer.search.SearchService (it never writes to the index)."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request

from indexer.query import QueryError
from indexer.search import SearchService
from indexer.store import NoIndexError, default_home

from .ratelimit import RateLimiter
from .settings import load_settings

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def create_app(config: dict | None = None) -> Flask:
    """Build the app; config keys override the settings table (see webapp/settings.py)."""
    app = Flask(__name__)
    settings = load_settings(config)
    app.config.update(settings)
    app.config["MAX_CONTENT_LENGTH"] = settings["MAX_CONTENT_LENGTH"]
    app.config["DEBUG"] = bool(config and config.get("DEBUG"))
    index_dir = settings["INDEX_DIR"] or str(default_home())
    app.extensions["marquee.search"] = SearchService(index_dir)
    app.extensions["marquee.ratelimit"] = RateLimiter(settings["RATE_LIMIT"], settings["RATE_BURST"])

    from . import api, feeds, pages

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)

    @app.before_request
    def _limits():
        if len(request.full_path) > app.config["MAX_URL_CHARS"]:
            return _error(414, "request URL too long")
        if request.path.startswith("/static/"):
            return None
        if not app.extensions["marquee.ratelimit"].allow(client_ip()):
            resp = _error(429, "too many requests: slow down and retry in a second")
            resp.headers["Retry-After"] = "1"
            return resp
        return None

    @app.after_request
    def _headers(resp):
        for k, v in SECURITY_HEADERS.items():
            resp.headers.setdefault(k, v)
        return resp

    @app.errorhandler(QueryError)
    def _bad_query(e):
        return _error(400, str(e))

    @app.errorhandler(NoIndexError)
    def _no_index(e):
        return _error(503, "the search index is not built yet; run 'marquee index PATH'")

    for code, msg in ((400, "bad request"), (404, "not found"), (405, "method not allowed"),
                      (413, "request too large"), (414, "request URL too long"), (429, "too many requests")):
        app.register_error_handler(code, lambda e, code=code, msg=msg: _error(code, getattr(e, "description", msg)
                                                                             if code != 404 else msg))

    @app.errorhandler(Exception)
    def _crash(e):
        if hasattr(e, "code") and isinstance(getattr(e, "code"), int) and 400 <= e.code < 600:
            return _error(e.code, getattr(e, "description", "error"))
        logging.getLogger("marquee").exception("unhandled error on %s", request.path)
        return _error(500, "internal error: the problem was logged")

    def client_ip() -> str:
        if app.config["TRUST_PROXY"] and request.headers.get("X-Forwarded-For"):
            return request.headers["X-Forwarded-For"].split(",")[0].strip()
        return request.remote_addr or "?"

    return app


def _error(code: int, message: str):
    if _wants_json():
        resp = jsonify({"error": {"status": code, "message": str(message)}})
    else:
        resp = app_render_error(code, str(message))
    resp.status_code = code
    return resp


def app_render_error(code: int, message: str):
    from flask import make_response

    return make_response(render_template("error.html", code=code, message=message), code)
