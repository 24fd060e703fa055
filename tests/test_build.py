"""Building and updating indexes through the real CLI: reindex, strict mode, kills, locks, extract."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.article import Article
from indexer.build import build_index
from indexer.cli import main
from indexer.corpus import read_sources
from indexer.search import SearchRequest, SearchService
from indexer.store import IndexHome

from .conftest import BBC, HUFFPOST, ROOT, SEED_DIR, SEED_FORMAT, wait_until_writer_holds_lock


def write_article(path: Path, date: str, title: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f" date {date} {title} {body}", encoding="utf-8")


def ids(home, q, **kw):
    with SearchService(home) as svc:
        return [h.id for h in svc.search(SearchRequest(q=q, per_page=50, **kw)).hits]


def test_index_then_search_via_cli(runner, tmp_path, shared):
    home = tmp_path / "ix"
    r = runner.invoke(main, ["index", str(SEED_FORMAT), str(SEED_DIR), "--index-dir", str(home), "--json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.output)
    assert rep["total"] == 387 and rep["warnings"] == 386 and rep["skipped"] == 0
    r = runner.invoke(main, ["search", "narcos mexico season 2", "--index-dir", str(home), "--json"])
    assert r.exit_code == 0
    assert json.loads(r.output)["hits"][0]["title"].startswith("Narcos: Mexico will be back")
    r = runner.invoke(main, ["stats", "--index-dir", str(home), "--json"])
    st = json.loads(r.output)
    assert st["documents"] == 387 and st["dates"] == ["2018-12-05", "2018-12-05"] and st["index_bytes"] > 0


def test_env_var_sets_index_dir(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("MARQUEE_INDEX_DIR", str(tmp_path / "envix"))
    assert runner.invoke(main, ["index", str(SEED_DIR)]).exit_code == 0
    assert (tmp_path / "envix" / "current").is_symlink()


def test_reindex_changes_exactly_the_edited_added_and_deleted(runner, tmp_path):
    src = tmp_path / "src"
    write_article(src / "a.txt", "2020-01-01", "Alpha zebracorn returns.", "The zebracorn show is back.")
    write_article(src / "b.txt", "2020-02-01", "Beta news.", "Nothing about it.")
    write_article(src / "c.txt", "2020-03-01", "Gamma story.", "Will be deleted soon.")
    home = tmp_path / "ix"
    assert runner.invoke(main, ["index", str(src), "--index-dir", str(home)]).exit_code == 0
    write_article(src / "b.txt", "2020-02-01", "Beta news updated.", "Now it mentions the quokkafish.")
    write_article(src / "sub" / "d.txt", "2020-04-01", "Delta arrives.", "A brand new quokkafish article.")
    (src / "c.txt").unlink()
    r = runner.invoke(main, ["reindex", str(src), "--prune", "--index-dir", str(home), "--json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.output)
    assert (rep["added"], rep["updated"], rep["deleted"], rep["unchanged"]) == (1, 1, 1, 1)
    assert sorted(ids(home, "quokkafish")) == ["b", "sub/d"]
    assert ids(home, "deleted") == [] and ids(home, "zebracorn") == ["a"]
    # nothing changed: nothing written
    r = runner.invoke(main, ["reindex", str(src), "--index-dir", str(home), "--json"])
    rep = json.loads(r.output)
    assert (rep["added"], rep["updated"], rep["deleted"], rep["unchanged"]) == (0, 0, 0, 3)


def test_reindex_mixing_undated_and_dated_segments_keeps_dates_right(runner, tmp_path):
    """An index of undated articles, then a reindex adding a dated one: each article keeps its own date."""
    src = tmp_path / "src"
    for i in range(3):
        (src / f"u{i}.txt").parent.mkdir(parents=True, exist_ok=True)
        (src / f"u{i}.txt").write_text(f"Undated wombat story {i}. No date line here.", encoding="utf-8")
    home = tmp_path / "ix"
    assert runner.invoke(main, ["index", str(src), "--index-dir", str(home)]).exit_code == 0
    write_article(src / "dated.txt", "2021-06-15", "Dated wombat news.", "The wombat show returns.")
    (src / "u0.txt").write_text("Undated wombat story 0, edited. Still no date.", encoding="utf-8")
    assert runner.invoke(main, ["reindex", str(src), "--index-dir", str(home)]).exit_code == 0
    with SearchService(IndexHome(home)) as svc:
        res = svc.search(SearchRequest(q="wombat", sort="newest", per_page=10))
        assert [h.id for h in res.hits][0] == "dated"
        assert {h.id: h.date for h in res.hits} == {"dated": "2021-06-15", "u0": None, "u1": None, "u2": None}
        assert [(m.value, m.count) for m in res.months] == [("2021-06", 1)]
        assert [h.id for h in svc.search(SearchRequest(q="wombat", date_from="2021-01-01")).hits] == ["dated"]


def test_reindex_without_prune_keeps_vanished_articles(runner, tmp_path):
    src = tmp_path / "src"
    write_article(src / "a.txt", "2020-01-01", "Alpha.", "Keep me around please.")
    home = tmp_path / "ix"
    runner.invoke(main, ["index", str(src), "--index-dir", str(home)])
    (src / "a.txt").unlink()
    write_article(src / "b.txt", "2020-01-02", "Beta.", "Other text.")
    rep = json.loads(runner.invoke(main, ["reindex", str(src), "--index-dir", str(home), "--json"]).output)
    assert rep["deleted"] == 0 and rep["total"] == 2


def test_reindex_after_a_line_is_put_in_front_of_records_without_ids_adds_only_it(runner, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    rows = [{"title": f"Story {n}.", "text": f"Body {n}.", "date": f"2021-05-0{n}"} for n in (1, 2, 3)]
    (src / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    home = tmp_path / "ix"
    assert runner.invoke(main, ["index", str(src), "--index-dir", str(home)]).exit_code == 0
    rows.insert(0, {"title": "Breaking.", "text": "New on top.", "date": "2021-05-04"})
    rows[2]["text"] = "Body 2, corrected."
    (src / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    rep = json.loads(runner.invoke(main, ["reindex", str(src), "--index-dir", str(home), "--json"]).output)
    assert (rep["added"], rep["updated"], rep["unchanged"], rep["total"]) == (1, 1, 2, 4), rep


def test_reindex_picks_up_a_changed_gazetteer(runner, tmp_path):
    src = tmp_path / "src"
    write_article(src / "a.txt", "2020-01-01", "Plain title.", "Everyone talks about Quibblex these days.")
    home = tmp_path / "ix"
    runner.invoke(main, ["index", str(src), "--index-dir", str(home)])
    assert ids(home, "", shows=["Quibblex"]) == []
    (src / "entities.toml").write_text('[shows]\nnames = ["Quibblex"]\n', encoding="utf-8")
    rep = json.loads(runner.invoke(main, ["reindex", str(src), "--index-dir", str(home), "--json"]).output)
    assert rep["updated"] == 1
    assert ids(home, "", shows=["quibblex"]) == ["a"]


def test_bad_input_is_skipped_and_reported_or_fails_strict(runner, tmp_path):
    src = tmp_path / "src"
    write_article(src / "good.txt", "2020-01-01", "Good one.", "Fine text here.")
    (src / "bad.jsonl").write_text('{"id": "x1", "title": "ok", "text": "fine"}\n{not json}\n', encoding="utf-8")
    home = tmp_path / "ix"
    r = runner.invoke(main, ["index", str(src), "--index-dir", str(home)])
    assert r.exit_code == 1  # done, with a record skipped
    assert "bad.jsonl:2: invalid JSON" in r.output and "skipped 1" in r.output
    before = os.readlink(home / "current")
    write_article(src / "new.txt", "2020-01-03", "New.", "Should not land.")
    r = runner.invoke(main, ["index", str(src), "--index-dir", str(home), "--strict"])
    assert r.exit_code == 2 and "bad.jsonl:2" in r.output
    assert os.readlink(home / "current") == before  # nothing switched
    r = runner.invoke(main, ["reindex", str(src), "--index-dir", str(home), "--strict"])
    assert r.exit_code == 2 and ids(home, "land") == []


def test_duplicate_ids_first_source_wins(runner, tmp_path):
    src1, src2 = tmp_path / "one", tmp_path / "two"
    write_article(src1 / "same.txt", "2020-01-01", "First copy.", "From the first folder.")
    write_article(src2 / "same.txt", "2020-01-01", "Second copy.", "From the second folder.")
    home = tmp_path / "ix"
    r = runner.invoke(main, ["index", str(src1), str(src2), "--index-dir", str(home)])
    assert "duplicate id 'same'" in r.output and "skipped 1" in r.output
    assert ids(home, "folder") == ["same"]
    with SearchService(home) as svc:
        assert svc.article("same").title == "First copy."


def test_duplicate_id_in_json_lines_names_both_lines(runner, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    rows = [{"id": "a", "title": "Alpha.", "text": "One."}, {"id": "b", "title": "Beta.", "text": "Two."},
            {"id": "a", "title": "Alpha again.", "text": "Three."}]
    (src / "items.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    r = runner.invoke(main, ["index", str(src), "--index-dir", str(tmp_path / "ix")])
    assert r.exit_code == 1
    assert f"{src / 'items.jsonl'}:3: duplicate id 'a' (already read at {src / 'items.jsonl'}:1)" in r.output


def test_missing_index_is_a_clear_error(runner, tmp_path):
    r = runner.invoke(main, ["search", "x", "--index-dir", str(tmp_path / "none")])
    assert r.exit_code == 1 and "no index in" in r.output


def test_unwritable_index_dir_is_a_clear_error(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = runner.invoke(main, ["index", str(SEED_DIR), "--index-dir", str(blocker / "ix")])
    assert r.exit_code == 2 and "cannot create index directory" in r.output and "Traceback" not in r.output


def _marquee(*args):
    return subprocess.Popen([sys.executable, "-m", "indexer.cli", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.5, 2.0])  # the whole run takes about 7 s here
def test_killed_index_run_leaves_the_old_index_answering(tmp_path, delay, shared):
    home = tmp_path / "ix"
    assert subprocess.run([sys.executable, "-m", "indexer.cli", "index", str(SEED_DIR), "--index-dir", str(home)],
                          cwd=ROOT, capture_output=True).returncode == 0
    old = os.readlink(home / "current")
    proc = _marquee("index", str(BBC), str(HUFFPOST), "--index-dir", str(home))
    wait_until_writer_holds_lock(home, proc.pid)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert os.readlink(home / "current") == old
    assert ids(home, "narcos mexico") == ["000_98db55d0ec7a5598"]
    # the next run explains the stale lock, cleans up and succeeds
    r = subprocess.run([sys.executable, "-m", "indexer.cli", "reindex", str(SEED_DIR), str(SEED_FORMAT),
                        "--index-dir", str(home), "--json"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["stale_lock_pid"] == proc.pid
    assert rep["added"] == 386 and not list(home.glob(".tmp-gen-*"))


def test_concurrent_writer_is_refused(tmp_path):
    home = IndexHome(tmp_path / "ix")
    home.lock()
    try:
        r = subprocess.run([sys.executable, "-m", "indexer.cli", "index", str(SEED_DIR), "--index-dir",
                            str(home.root)], cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 2 and "another marquee writer" in r.stderr
    finally:
        home.unlock()


def test_extract_jsonl_matches_scorer_format(runner, shared):
    r = runner.invoke(main, ["extract", str(SEED_DIR), "--jsonl"])
    assert r.exit_code == 0
    line = json.loads(r.output.strip().splitlines()[-1])
    assert set(line) == {"id", "shows", "persons"} and "Narcos: Mexico" in line["shows"]


def test_a_shows_leading_the_is_one_facet_value(runner, tmp_path):
    """"The Aviator" in one article and "Aviator" in another are one show facet value, shown as most written."""
    src = tmp_path / "src"
    write_article(src / "a.txt", "2020-01-01", "Oscars night.", "The film The Aviator won five awards on the night.")
    write_article(src / "b.txt", "2020-01-02", "Box office.", "Martin Scorsese's The Aviator topped the box office.")
    write_article(src / "c.txt", "2020-01-03", "Reviews.", "Critics loved Aviator, the film about Howard Hughes.")
    (src / "entities.toml").write_text('[shows]\nnames = ["Aviator", "The Aviator"]\n', encoding="utf-8")
    home = tmp_path / "ix"
    assert runner.invoke(main, ["index", str(src), "--index-dir", str(home)]).exit_code == 0
    assert sorted(ids(home, "", shows=["aviator"])) == ["a", "b", "c"] == sorted(ids(home, "", shows=["The Aviator"]))
    with SearchService(home) as svc:
        facet = svc.search(SearchRequest(q="")).facets["show"]
    assert [(f.label, f.count) for f in facet if "viator" in f.label] == [("The Aviator", 3)]


def test_a_near_miss_of_a_common_word_outranks_weak_full_matches(runner, tmp_path):
    """Three words or more: an article strong on the rare words but missing a common one ranks above articles
    that mention every word only in passing; one missing the rarest word stays below them."""
    src = tmp_path / "src"
    filler = " ".join(f"Other news item {i} was reported from the regions." for i in range(40))
    write_article(src / "strong.txt", "2020-01-01", "Quibblex to play at Zorblat awards show.",
                  "Quibblex will play at the Zorblat awards. Quibblex fans cheered the Zorblat news.")
    write_article(src / "norare.txt", "2020-01-01", "Quibblex to perform at the awards show.",
                  "Quibblex will perform at the awards. Quibblex fans cheered the perform news.")
    for k in range(3):
        write_article(src / f"weak{k}.txt", "2020-01-02", f"Round-up number {k}.",
                      f"{filler} Quibblex may perform. {filler} The Zorblat awards were mentioned {k} times. {filler}")
    for k in range(12):
        write_article(src / f"bands{k}.txt", "2020-01-03", f"Bands perform tonight {k}.", f"Many bands perform {k}.")
    home = tmp_path / "ix"
    assert runner.invoke(main, ["index", str(src), "--index-dir", str(home)]).exit_code == 0
    with SearchService(home) as svc:
        ids = [h.id for h in svc.search(SearchRequest(q="quibblex perform zorblat")).hits]
    assert ids[0] == "strong"
    assert ids.index("norare") > max(ids.index(f"weak{k}") for k in range(3))


@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_parallel_build_matches_a_single_process_build(tmp_path, shared, monkeypatch, start):
    """--procs 2 (workers each extracting, deciding and writing a segment) indexes exactly what one process does:
    same entities, dates, rankings, facets and stats; whether the workers are forked from the building process (a
    small build) or started from a fork server (a large one)."""
    import indexer.build

    monkeypatch.setattr(indexer.build, "FORK_BELOW", 10**9 if start == "fork" else 0)
    services = {}
    for procs in (1, 2):
        home = IndexHome(tmp_path / f"procs{procs}")
        report = build_index([str(SEED_FORMAT), str(SEED_DIR)], home, procs=procs)
        assert report.total >= 200  # from 200 articles on, procs 2 takes the parallel path
        assert 0 < report.read_seconds < report.seconds
        services[procs] = SearchService(home)
    titles = [a.title for a in read_sources([SEED_FORMAT]) if isinstance(a, Article)]
    with services[1] as one, services[2] as two:
        assert two.info()["documents"] == one.info()["documents"] == report.total
        queries = ["", "season", "netflix series renewed", '"second season"'] + titles[:5]
        for q in queries:
            for sort in ("relevance", "newest"):
                a, b = (s.search(SearchRequest(q=q, sort=sort, per_page=50)) for s in (one, two))
                assert b.total == a.total and b.facets == a.facets and b.months == a.months, q
                assert [(h.id, h.shows, h.persons, h.date, round(h.score, 6)) for h in b.hits] == \
                    [(h.id, h.shows, h.persons, h.date, round(h.score, 6)) for h in a.hits], q
        s1, s2 = one.stats(top=50), two.stats(top=50)
        assert (s2["top_shows"], s2["top_persons"], s2["dates"]) == (s1["top_shows"], s1["top_persons"], s1["dates"])
        assert s1["top_shows"] and s1["top_persons"]


def test_postings_worked_out_ahead_index_as_the_text_does(tmp_path, shared):
    """A waiting worker works out its first articles' postings ahead: the index they make is the one the texts
    make (same terms, frequencies, positions, stored fields and scores)."""
    from whoosh import index as windex

    from indexer.build import postings_of, to_document, with_postings
    from indexer.schema import build_schema

    articles = [a for a in read_sources([SEED_FORMAT]) if isinstance(a, Article)][:60]
    homes = []
    for ahead in (False, True):
        home = tmp_path / f"ahead{ahead}"
        home.mkdir()
        ix = windex.create_in(str(home), build_schema())
        with ix.writer() as w:
            for a in articles:
                doc = to_document(a)
                w.add_document(**(with_postings(doc, postings_of(w.schema, a)) if ahead else doc))
        homes.append(ix)
    with homes[0].reader() as r0, homes[1].reader() as r1:
        for field in ("title", "body"):
            terms = list(r0.lexicon(field))
            assert terms and terms == list(r1.lexicon(field))
            for t in terms[::7]:
                m0, m1 = r0.postings(field, t), r1.postings(field, t)
                assert list(m0.items_as("positions")) == list(m1.items_as("positions")), (field, t)
        assert [r0.stored_fields(d) for d in range(len(articles))] == \
            [r1.stored_fields(d) for d in range(len(articles))]
        assert [r0.doc_field_length(d, "body") for d in range(len(articles))] == \
            [r1.doc_field_length(d, "body") for d in range(len(articles))]


def _build_workers() -> list[int]:
    """The processes a parallel build of this test process runs: forked children (a small build) or children of
    its fork server (a grandchild); not the fork server itself, which runs a command line of its own."""
    me, parent, cmdline = os.getpid(), {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    cmdline[int(entry)] = f.read()
            except (OSError, IndexError, ValueError):
                continue
    mine = cmdline.get(me)
    return [pid for pid, pp in parent.items()
            if parent.get(pp) == me or (pp == me and cmdline.get(pid) == mine)]


def _killing_a_worker(fn):
    """fn() run in a thread while this test kills the first build worker it sees (as the OOM killer would);
    returns what fn returned or raised."""
    import threading

    got: dict = {}

    def run() -> None:
        try:
            got["value"] = fn()
        except BaseException as e:  # handed back to the test
            got["value"] = e

    t = threading.Thread(target=run)
    t.start()
    deadline = time.monotonic() + 60
    while t.is_alive() and time.monotonic() < deadline:
        workers = _build_workers()
        if workers:
            time.sleep(0.3)  # mid-way through its slice
            os.kill(workers[0], signal.SIGKILL)
            break
        time.sleep(0.02)
    t.join()
    return got.get("value")


def test_a_worker_that_dies_fails_the_build_clearly_and_the_old_index_serves(tmp_path, runner, shared):
    """A parallel build's worker killed mid-way (as the OOM killer would): a clear error naming it, the served
    generation unchanged, no half-written folder switched in."""
    import threading

    from indexer.build import WorkerDied

    home = IndexHome(tmp_path / "ix")
    build_index([str(SEED_DIR)], home, procs=1)
    before = home.require_current()
    failed = _killing_a_worker(lambda: build_index([str(BBC)], home, procs=2))
    assert isinstance(failed, WorkerDied), failed
    assert re.search(r"indexing worker \(pid \d+\) stopped without finishing", str(failed))
    assert not [t for t in threading.enumerate() if "_feed" in t.name]  # no feed outlives its build's pipes
    r = _killing_a_worker(lambda: runner.invoke(main, ["index", str(BBC), "--index-dir", str(home.root),
                                                       "--procs", "2"]))
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "error: an indexing worker" in r.output and "the served index is unchanged" in r.output
    assert home.require_current() == before
    assert ids(home, "narcos mexico") == ["000_98db55d0ec7a5598"]


def test_builds_leave_the_cycle_collector_as_they_found_it(tmp_path, shared):
    """Builds run with Python's cyclic garbage collector paused, and turn it back on, also when they fail."""
    import gc

    from indexer.build import StrictError, reindex

    home = IndexHome(tmp_path / "ix")
    assert gc.isenabled()
    build_index([str(SEED_DIR)], home, procs=1)
    assert gc.isenabled()
    reindex([str(SEED_DIR)], home)
    assert gc.isenabled()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "title": "T", "text": "body"}\nnot json\n', encoding="utf-8")
    with pytest.raises(StrictError):
        build_index([str(bad)], home, procs=1, strict=True)
    assert gc.isenabled()
    gc.disable()
    try:
        build_index([str(SEED_DIR)], home, procs=1)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_ship_copies_a_served_index_to_another_home_and_both_answer_alike(runner, tmp_path, shared):
    a, b = tmp_path / "a", tmp_path / "b"
    assert runner.invoke(main, ["index", str(SEED_FORMAT), "--index-dir", str(a)]).exit_code in (0, 1)
    r = runner.invoke(main, ["ship", str(a), "--index-dir", str(b), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["articles"] == 386
    for q in ("box office", "oscar nominations", "festival"):
        assert ids(a, q) == ids(b, q) and ids(a, q)
    r = runner.invoke(main, ["ship", str(tmp_path), "--index-dir", str(b)])
    assert r.exit_code == 2 and "no index in" in r.output and ids(b, "festival") == ids(a, "festival")


def test_reindex_updates_the_summary_in_place_as_a_full_build_counts_it(runner, tmp_path, shared):
    """Facet counts, labels and the vocabulary after add / change / delete equal a fresh build's (the date range
    may stay wider)."""
    import shutil

    src = tmp_path / "src"
    shutil.copytree(SEED_FORMAT, src)
    home = tmp_path / "ix"
    runner.invoke(main, ["index", str(src), "--index-dir", str(home)])
    files = sorted(src.glob("*.txt"))
    for f in files[:5]:
        f.unlink()
    files[10].write_text(files[10].read_text(encoding="utf-8") + "\n\nThe actress Zoe Quibble starred. Quibble said.",
                         encoding="utf-8")
    write_article(src / "new.txt", "2020-01-01", "Narcos returns.", "Diego Luna stars in Narcos: Mexico.")
    r = runner.invoke(main, ["reindex", str(src), "--prune", "--index-dir", str(home), "--json"])
    assert json.loads(r.output)["updated"] == 1
    fresh = tmp_path / "fresh"
    runner.invoke(main, ["index", str(src), "--index-dir", str(fresh)])
    a, b = IndexHome(home), IndexHome(fresh)
    ma, mb = a.read_meta(a.require_current()), b.read_meta(b.require_current())
    assert ma["count"] == mb["count"] == 382
    assert ma["entity_counts"] == mb["entity_counts"] and ma["labels"] == mb["labels"]
    assert ma["vocab"].get("quibble") == mb["vocab"].get("quibble") == 2  # the changed article's words count
    gone = set(mb["vocab"]) - set(ma["vocab"])
    assert len(gone) <= 5, gone  # the did-you-mean vocabulary drifts by at most a few rare words


def test_candidates_are_kept_packed_and_come_back_in_order():
    from indexer.build import Analysis

    first, second = Analysis(), Analysis()
    first.add_cands([[("cand", "narcos", "Narcos", 1.0)], []])
    second.add_cands([[("fixed", "netflix", "place", "Netflix")]])
    first.extend(second)
    assert first.count == 3 and all(isinstance(c, bytes) for c in first.cand_chunks)
    assert list(first.cands()) == [[("cand", "narcos", "Narcos", 1.0)], [], [("fixed", "netflix", "place", "Netflix")]]
