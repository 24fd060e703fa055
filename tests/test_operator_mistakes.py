"""Operator mistakes (a typo, an empty or unmounted folder, a dead feed, a shrink, a mass delete) never empty the
served index: each is refused with exit 2 and a message naming the source, and the flags that accept them work."""
from __future__ import annotations

import http.server
import json
import shutil
import socket
import threading
from pathlib import Path

import pytest

from indexer.cli import main
from indexer.search import SearchRequest, SearchService

from .conftest import SEED_FORMAT

N_SEED = 386  # articles in ../shared/corpora/seed-format


def served(home: Path) -> int:
    """How many articles the served index holds, asked of the search service as the web site would."""
    with SearchService(home) as svc:
        return svc.info()["documents"]


def served_ids(home: Path, q: str) -> list[str]:
    with SearchService(home) as svc:
        return [h.id for h in svc.search(SearchRequest(q=q, per_page=50)).hits]


@pytest.fixture()
def news(tmp_path, shared) -> Path:
    """A copy of the real seed-format corpus in a folder the test may change."""
    dest = tmp_path / "news"
    shutil.copytree(SEED_FORMAT, dest)
    return dest


@pytest.fixture()
def home(tmp_path, news, runner) -> Path:
    """An index home serving the copied corpus."""
    h = tmp_path / "ix"
    r = runner.invoke(main, ["index", str(news), "--index-dir", str(h), "--procs", "1"])
    assert r.exit_code in (0, 1), r.output
    assert served(h) == N_SEED
    return h


def run(runner, *args):
    return runner.invoke(main, [*map(str, args)])


def test_a_mistyped_path_is_refused_and_the_index_still_serves(runner, home, tmp_path):
    typo = tmp_path / "newz"
    for verb in ("index", "reindex"):
        r = run(runner, verb, typo, "--index-dir", home)
        assert r.exit_code == 2, r.output
        assert f"refused: cannot read {typo}: no such file or folder" in r.output
        assert "the served index is unchanged" in r.output
        assert served(home) == N_SEED


def test_skip_unreadable_turns_the_refusal_into_a_warning(runner, home, news, tmp_path):
    r = run(runner, "index", news, tmp_path / "newz", "--index-dir", home, "--skip-unreadable")
    assert r.exit_code == 1, r.output  # done, with a source skipped
    assert f"warning: {tmp_path / 'newz'}: no such file or folder" in r.output
    assert "unreadable sources skipped 1" in r.output
    assert served(home) == N_SEED


def test_an_empty_folder_is_refused_by_index_and_by_reindex_prune(runner, home, tmp_path):
    empty = tmp_path / "unmounted"
    empty.mkdir()
    r = run(runner, "reindex", empty, "--prune", "--index-dir", home)
    assert r.exit_code == 2 and f"cannot read {empty}: folder holds no article files" in r.output
    r = run(runner, "index", empty, "--index-dir", home)
    assert r.exit_code == 2
    assert served(home) == N_SEED


def test_an_unread_source_is_never_pruned_even_when_skipped(runner, home, news):
    """With --skip-unreadable, the articles of a folder that went away are kept, not taken as deleted."""
    shutil.rmtree(news)
    news.mkdir()  # the share is there but empty, as when unmounted
    r = run(runner, "reindex", news, "--prune", "--max-delete", "100%", "--skip-unreadable", "--index-dir", home,
            "--json")
    rep = json.loads(r.output)
    assert r.exit_code == 1 and rep["exit_status"] == 1
    assert rep["deleted"] == 0 and rep["unreadable"] == [f"{news}: folder holds no article files"]
    assert served(home) == N_SEED


def test_an_unreadable_file_named_on_the_command_line_is_refused(runner, home, tmp_path):
    broken = tmp_path / "wire.jsonl.gz"
    broken.write_bytes(b"this is not gzip at all")
    notes = tmp_path / "notes.pdf"
    notes.write_bytes(b"%PDF-1.4")
    for bad, why in ((broken, "cannot read file"), (notes, "unknown file type")):
        r = run(runner, "index", bad, "--index-dir", home)
        assert r.exit_code == 2 and f"cannot read {bad}: {why}" in r.output, r.output
    assert served(home) == N_SEED


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves a web page (not a feed) at /page and a small Atom feed at /feed."""

    def do_GET(self):
        if self.path == "/page":
            body, kind = b"<html><body><h1>Site down for maintenance</h1></body></html>", "text/html"
        elif self.path == "/feed":
            body = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                    b'<title>Wire</title><id>urn:wire</id><updated>2024-01-01T00:00:00Z</updated>'
                    b'<entry><title>Loopback premiere</title><id>urn:wire:1</id><updated>2024-01-01T00:00:00Z</updated>'
                    b'<summary>A feed entry about a premiere.</summary></entry></feed>')
            kind = "application/atom+xml"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def web():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_feed_that_is_down_or_not_a_feed_is_refused(runner, home, web):
    down = f"http://127.0.0.1:{_closed_port()}/news.xml"
    for url, why in ((down, "feed not readable: cannot connect"), (f"{web}/page", "not a"),
                     (f"{web}/missing.xml", "feed not readable: HTTP 404")):
        r = run(runner, "index", url, "--index-dir", home, "--json")
        out = json.loads(r.output)
        assert r.exit_code == 2 and out["exit_status"] == 2, r.output
        assert out["refused"].startswith(f"cannot read {url}: {why}"), out
        r = run(runner, "reindex", url, "--prune", "--index-dir", home)
        assert r.exit_code == 2 and f"cannot read {url}" in r.output
    assert served(home) == N_SEED


def test_a_feed_that_answers_is_indexed(runner, tmp_path, web):
    r = run(runner, "index", f"{web}/feed", "--index-dir", tmp_path / "fx")
    assert r.exit_code == 0, r.output
    assert served_ids(tmp_path / "fx", "loopback premiere") == ["urn:wire:1"]


def test_a_build_that_would_shrink_the_index_is_refused_unless_allowed(runner, home, news, tmp_path):
    few = tmp_path / "few"
    few.mkdir()
    for f in sorted(news.glob("*.txt"))[:10]:
        shutil.copy(f, few / f.name)
    r = run(runner, "index", few, "--index-dir", home, "--json")
    out = json.loads(r.output)
    assert r.exit_code == 2 and "would hold 10 articles, the served one holds 386" in out["refused"]
    assert served(home) == N_SEED
    r = run(runner, "index", few, "--index-dir", home, "--allow-shrink")
    assert r.exit_code == 0, r.output
    assert served(home) == 10


def test_a_readable_source_with_no_good_records_is_refused_as_empty(runner, home, tmp_path):
    junk = tmp_path / "junk.jsonl"
    junk.write_text("{not json}\n[1, 2]\n", encoding="utf-8")
    r = run(runner, "index", junk, "--index-dir", home)
    assert r.exit_code == 2 and "would hold 0 articles, the served one holds 386" in r.output
    assert f"warning: {junk}:1: invalid JSON" in r.output  # the mail says why it came out empty
    assert served(home) == N_SEED


def test_the_first_build_into_an_empty_home_is_never_refused_for_size(runner, tmp_path, news):
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sorted(news.glob("*.txt"))[0], one)
    r = run(runner, "index", one, "--index-dir", tmp_path / "fresh")
    assert r.exit_code == 0 and served(tmp_path / "fresh") == 1


def test_prune_refuses_a_mass_delete_unless_max_delete_allows_it(runner, home, news):
    files = sorted(news.glob("*.txt"))
    for f in files[:150]:
        f.unlink()
    r = run(runner, "reindex", news, "--prune", "--index-dir", home)
    assert r.exit_code == 2
    assert "--prune would delete 150 of 386 articles, more than --max-delete 25% (97)" in r.output
    assert served(home) == N_SEED
    r = run(runner, "reindex", news, "--prune", "--index-dir", home, "--max-delete", "149")
    assert r.exit_code == 2 and served(home) == N_SEED
    r = run(runner, "reindex", news, "--prune", "--index-dir", home, "--max-delete", "150", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["deleted"] == 150
    assert served(home) == N_SEED - 150


def test_a_normal_days_prune_passes_the_default_limit(runner, home, news):
    for f in sorted(news.glob("*.txt"))[:5]:
        f.unlink()
    r = run(runner, "reindex", news, "--prune", "--index-dir", home)
    assert r.exit_code == 0 and "deleted 5" in r.output
    assert served(home) == N_SEED - 5


def test_a_bad_max_delete_is_a_usage_error(runner, home, news):
    r = run(runner, "reindex", news, "--prune", "--index-dir", home, "--max-delete", "lots")
    assert r.exit_code == 2 and "count (100) or a share (25%)" in r.output
    assert served(home) == N_SEED


def test_exit_statuses_are_in_the_help(runner):
    out = run(runner, "--help").output
    assert "0  done" in out and "1  done, but records or sources were skipped" in out and "2  refused or failed" in out
