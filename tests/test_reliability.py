"""Crash safety and bad corpora: killed reindex runs, a full disk, a 50 MB article, symlink loops."""
from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.search import SearchRequest, SearchService

from .conftest import ROOT, SEED_DIR, SEED_FORMAT, HUFFPOST, wait_until_writer_holds_lock


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          **kw)


def answers(home, q="narcos mexico"):
    with SearchService(home) as svc:
        return [h.id for h in svc.search(SearchRequest(q=q)).hits]


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 1.5, 4.0])
def test_killed_reindex_leaves_the_old_index_and_recovers(tmp_path, delay):
    home = tmp_path / "ix"
    assert run_cli("index", str(SEED_DIR), "--index-dir", str(home)).returncode == 0
    before = os.readlink(home / "current")
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "reindex", str(SEED_DIR), str(HUFFPOST),
                             "--index-dir", str(home)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_until_writer_holds_lock(home, proc.pid)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # On a fast machine the writer may be done before the kill lands: it then emptied the lock file on its way out.
    held_lock = (home / ".lock").read_text().strip() == str(proc.pid)
    now = os.readlink(home / "current")
    if now == before:  # killed before the switch: the old index is untouched
        assert held_lock
        assert answers(home) == ["000_98db55d0ec7a5598"]
    else:  # the reindex had already switched: the new index is complete
        with SearchService(home) as svc:
            assert svc.info()["documents"] == 13456 + 1
    r = run_cli("reindex", str(SEED_DIR), str(SEED_FORMAT), "--index-dir", str(home), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["stale_lock_pid"] == (proc.pid if held_lock else None)
    assert not list(home.glob(".tmp-gen-*"))
    assert answers(home)[0] == "000_98db55d0ec7a5598"
    with SearchService(home) as svc:
        assert svc.info()["documents"] in (387, 13456 + 387)


def _processes_mentioning(text: str) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if text in (d / "cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(d.name))
            except OSError:
                pass
    return pids


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


@pytest.mark.parametrize("procs", ["1", "2"])  # seed-format's 385 articles take the parallel path at 2
def test_full_disk_is_a_clear_error_and_the_old_index_survives(tmp_path, procs):
    """No room to write (files capped at 200 KB, as a full disk would stop them): clear error, old index kept."""
    home = tmp_path / "ix"
    assert run_cli("index", str(SEED_DIR), "--index-dir", str(home)).returncode == 0
    before = os.readlink(home / "current")
    r = subprocess.run([sys.executable, "-m", "indexer.cli", "index", str(SEED_FORMAT), "--index-dir", str(home),
                        "--procs", procs], cwd=ROOT, capture_output=True, text=True, preexec_fn=_limit_file_size)
    assert r.returncode == 2 and "error:" in r.stderr and "the served index is unchanged" in r.stderr
    assert "Traceback" not in r.stderr
    assert os.readlink(home / "current") == before and answers(home) == ["000_98db55d0ec7a5598"]
    assert run_cli("index", str(SEED_FORMAT), "--index-dir", str(home)).returncode == 0  # recovers with room


def test_huge_article_is_truncated_with_a_warning(tmp_path, runner):
    from indexer.cli import main

    src = tmp_path / "src"
    src.mkdir()
    body = ("Blockbuster sequel talk. " * 2_100_000)[:50_000_000]
    (src / "huge.txt").write_text(f" date 2020-01-01 A huge article. {body}", encoding="utf-8")
    (src / "small.txt").write_text(" date 2020-01-02 Small one. Just a zebracorn.", encoding="utf-8")
    r = runner.invoke(main, ["index", str(src), "--index-dir", str(tmp_path / "ix"), "--json"])
    assert r.exit_code == 0
    rep = json.loads(r.output.strip().splitlines()[-1])
    assert rep["total"] == 2 and rep["warnings"] == 1
    assert any("indexed the first 1,000,000" in p for p in rep["problems"])
    assert answers(tmp_path / "ix", "zebracorn") == ["small"]


def test_symlink_loop_and_broken_links_do_not_hang(tmp_path):
    from indexer.article import Article
    from indexer.corpus import read_sources

    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    (src / "a" / "one.txt").write_text(" date 2020-01-01 One. Text.", encoding="utf-8")
    (src / "a" / "loop").symlink_to(src)  # a -> .. -> a -> ...
    (src / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    items = list(read_sources([src]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a/one"]
    assert any("dangling.txt" in str(p) for p in items if not isinstance(p, Article))


@pytest.mark.slow
@pytest.mark.parametrize("command", ["index", "reindex"])
@pytest.mark.parametrize("point", ["read", "write", "commit", "switch"])
def test_sigkill_at_each_step(tmp_path, command, point):
    """SIGKILL while reading, writing segments, after the commit and mid-switch: the old index serves, the
    next run recovers on its own."""
    home = tmp_path / "ix"
    assert run_cli("index", str(SEED_DIR), "--index-dir", str(home)).returncode == 0
    before = os.readlink(home / "current")
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", command, str(SEED_DIR), str(SEED_FORMAT),
                             "--index-dir", str(home), "--procs", "2"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "MARQUEE_PAUSE_AT": point})
    try:
        assert proc.stderr.readline().strip() == f"paused at {point}"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    assert os.readlink(home / "current") == before
    with SearchService(home) as svc:
        assert svc.info()["documents"] == 1
    time.sleep(0.5)
    assert not _processes_mentioning(str(home)), "worker processes outlived the killed writer"
    r = run_cli(command, str(SEED_DIR), str(SEED_FORMAT), "--index-dir", str(home), "--json")
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["stale_lock_pid"] == proc.pid and rep["total"] == 387
    assert sorted(p.name for p in home.iterdir() if not p.name.startswith(".lock")) == \
        sorted(["current", os.readlink(home / "current")])
