"""All web settings in one table, with defaults and help; each can be set by env var MARQUEE_<NAME>."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    convert: Callable[[str], Any] = str


def _bool(v: str) -> bool:
    return v.strip().lower() in ("1", "true", "yes", "on")


SETTINGS = [
    Setting("INDEX_DIR", None, "Index home directory (the folder `marquee index --index-dir` wrote)."),
    Setting("PER_PAGE", 10, "Results per page.", int),
    Setting("FACET_LIMIT", 10, "Values shown per show/person facet before 'more'.", int),
    Setting("FACET_MORE_LIMIT", 50, "Values shown when a facet is expanded with 'more'.", int),
    Setting("RATE_LIMIT", 20.0, "Requests per second allowed per client IP (token bucket); 0 turns it off.", float),
    Setting("RATE_BURST", 40, "Requests a client may make at once before the rate limit applies.", int),
    Setting("MAX_QUERY_CHARS", 500, "Longest accepted query; longer ones get a 400.", int),
    Setting("MAX_PAGE", 100, "Highest page number served.", int),
    Setting("MAX_CONTENT_LENGTH", 16 * 1024, "Largest accepted request body in bytes.", int),
    Setting("MAX_URL_CHARS", 4096, "Longest accepted request URL (path + query string).", int),
    Setting("TRUST_PROXY", False, "Take the client IP from X-Forwarded-For (only behind a trusted proxy).", _bool),
]


def load_settings(overrides: dict | None = None, environ: dict | None = None) -> dict:
    """Defaults, then MARQUEE_* environment variables, then explicit overrides."""
    env = os.environ if environ is None else environ
    out = {}
    for s in SETTINGS:
        value = s.default
        raw = env.get(f"MARQUEE_{s.name}")
        if raw is not None and raw != "":
            try:
                value = s.convert(raw)
            except ValueError:
                raise ValueError(f"MARQUEE_{s.name}={raw!r}: {s.help}") from None
        out[s.name] = value
    for k, v in (overrides or {}).items():
        out[k] = v
    return out
