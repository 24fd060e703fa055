"""Shared fixtures: real corpora from ../shared, a real Whoosh index built once per session, the Flask app."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.build import build_index
from indexer.search import SearchService
from indexer.store import IndexHome

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARQUEE_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
BBC = CORPORA / "bbc" / "articles.jsonl"
HUFFPOST = CORPORA / "huffpost" / "articles.jsonl"
SEED_DIR = SHARED / "seed"
SEED_FORMAT = CORPORA / "seed-format"
EVAL = SHARED / "eval"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory):
    """The run's caches (the parsed first-name list) go to a fresh folder, not the user's: each run parses once.
    Set in os.environ, so the CLI subprocesses the tests start use it too."""
    before = os.environ.get("MARQUEE_CACHE_DIR")
    os.environ["MARQUEE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["MARQUEE_CACHE_DIR"]
    else:
        os.environ["MARQUEE_CACHE_DIR"] = before


NO_SHARED = f"the shared corpora are not at {SHARED} (put ../shared beside the checkout or set MARQUEE_SHARED)"
SHARED_NAMES = {"SHARED", "CORPORA", "BBC", "HUFFPOST", "SEED_DIR", "SEED_FORMAT", "EVAL"}


def _reads_shared(item) -> bool:
    """The test takes the shared fixture (directly or through another) or names one of the shared paths."""
    if "shared" in item.fixturenames:
        return True
    code = getattr(getattr(item, "function", None), "__code__", None)
    names = set(code.co_names) if code else set()
    for const in code.co_consts if code else ():
        if hasattr(const, "co_names"):  # nested functions and comprehensions
            names |= set(const.co_names)
    return bool(names & SHARED_NAMES)


def pytest_collection_modifyitems(config, items):
    """Without ../shared, every test that reads it is skipped, with one reason (the summary counts them)."""
    if CORPORA.is_dir():
        return
    marker = pytest.mark.skip(reason=NO_SHARED)
    for item in items:
        if _reads_shared(item):
            item.add_marker(marker)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not CORPORA.is_dir():
        n = sum(1 for r in terminalreporter.stats.get("skipped", []) if NO_SHARED in str(r.longrepr))
        terminalreporter.write_line(f"{n} tests skipped: {NO_SHARED}", yellow=True)


@pytest.fixture(scope="session")
def shared():
    if not CORPORA.is_dir():
        pytest.skip(NO_SHARED)
    return SHARED


@pytest.fixture(scope="session")
def bbc_records(shared):
    return {r["id"]: r for r in read_jsonl(BBC)}


@pytest.fixture(scope="session")
def huffpost_records(shared):
    return {r["id"]: r for r in read_jsonl(HUFFPOST)}


@pytest.fixture(scope="session")
def index_home(tmp_path_factory, shared) -> IndexHome:
    """BBC (2,225) + HuffPost (13,456) + the seed article, indexed once for the whole session."""
    home = IndexHome(tmp_path_factory.mktemp("index"))
    report = build_index([str(BBC), str(HUFFPOST), str(SEED_DIR)], home, procs=2)
    assert report.total == 2225 + 13456 + 1, report.problems[:5]
    return home


@pytest.fixture(scope="session")
def service(index_home) -> SearchService:
    return SearchService(index_home)


@pytest.fixture(scope="session")
def app(index_home):
    from webapp import create_app

    return create_app({"INDEX_DIR": str(index_home.root), "RATE_LIMIT": 0, "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def seed_id(service) -> str:
    """The seed article's id (its file name without extension)."""
    return next(p.stem for p in SEED_DIR.iterdir() if p.suffix == ".txt")


def wait_until_writer_holds_lock(home, pid: int, timeout: float = 20.0) -> None:
    """Block until the writer process `pid` has taken the index lock (so a kill after this leaves a stale lock)."""
    import time

    lock = Path(home) / ".lock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if lock.read_text().strip() == str(pid):
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise AssertionError(f"writer {pid} never took the lock in {home}")


@pytest.fixture(scope="session")
def vector_home(tmp_path_factory, shared) -> IndexHome:
    """The same corpora indexed with article vectors (about three minutes of embedding); skipped where the vectors
    extra is not installed."""
    from indexer import vectors

    if not vectors.available():
        pytest.skip("the vectors extra is not installed")
    home = IndexHome(tmp_path_factory.mktemp("vindex"))
    report = build_index([str(BBC), str(HUFFPOST), str(SEED_DIR)], home, procs=2, vectors=True)
    assert report.total == 2225 + 13456 + 1
    return home


HOSTILE_TITLE = "<script>alert('t')</script> Hostile <img src=x onerror=alert(1)> title."


@pytest.fixture(scope="session")
def hostile_client(tmp_path_factory):
    src = tmp_path_factory.mktemp("hostile")
    (src / "evil.jsonl").write_text(
        '{"id": "evil-1", "date": "2020-01-01", "title": "%s", '
        '"text": "Body with <script>alert(2)</script> and &lt;b&gt;entities&lt;/b&gt; about Hostile Drama.", '
        '"url": "javascript:alert(3)", "source": "<b>src</b>"}\n' % HOSTILE_TITLE.replace('"', '\\"'),
        encoding="utf-8")
    (src / "entities.toml").write_text('[shows]\nnames = ["<svg onload=alert(4)>"]\n', encoding="utf-8")
    (src / "evil2.txt").write_text(" date 2020-01-02 Second <svg onload=alert(4)> hostile. Text hostile.",
                                   encoding="utf-8")
    home = IndexHome(tmp_path_factory.mktemp("hix"))
    build_index([str(src)], home, gazetteer_path=str(src / "entities.toml"))
    from webapp import create_app

    app = create_app({"INDEX_DIR": str(home.root), "RATE_LIMIT": 0})
    return app.test_client()
