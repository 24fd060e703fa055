"""The `marquee` command: index, reindex, search, extract, stats, serve."""
from __future__ import annotations

import json
import os
import sys

import click

from .build import Report, StrictError, WorkerDied, build_index, collect, extract_entities, reindex
from .entities import Gazetteer
from .query import QueryError
from .search import SORTS, SearchRequest, SearchService
from .store import IndexBusyError, IndexHome, NoIndexError, default_home

EXIT_BAD_INPUT = 2
MAX_PROBLEMS_SHOWN = 20


def _home(index_dir: str | None) -> IndexHome:
    return IndexHome(index_dir) if index_dir else IndexHome(default_home())


index_dir_option = click.option(
    "--index-dir", type=click.Path(file_okay=False), default=None,
    help="Index home directory (default: $MARQUEE_INDEX_DIR or the per-user data directory).")
procs_option = click.option(
    "--procs", type=click.IntRange(1, 16), default=min(16, os.cpu_count() or 1), show_default=True,
    help="Worker processes (default: one per CPU core); small jobs run in one.")
gazetteer_option = click.option(
    "--gazetteer", type=click.Path(dir_okay=False), default=None, envvar="MARQUEE_GAZETTEER",
    help="Editors' TOML gazetteer of shows/persons/aliases/exclusions (default: corpus/entities.toml if given a folder holding one).")


class _Bar:
    """A click progress bar fed by (stage, done, total) callbacks; silent when not a terminal or --json."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None
        self.stage = None
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = click.progressbar(length=max(total, 1), label=f"{stage:<20}", file=sys.stderr)
            self.bar.__enter__()
            self.done = 0
        self.bar.update(max(0, done - self.done))
        self.done = done

    def close(self):
        if self.bar is not None:
            self.bar.update(self.bar.length - self.done)
            self.bar.__exit__(None, None, None)
            self.bar = None


def _find_gazetteer(paths, explicit):
    if explicit:
        return explicit
    for p in paths:
        cand = os.path.join(str(p), "entities.toml")
        if os.path.isfile(cand):
            return cand
    return None


def _report(report: Report, as_json: bool, verb: str) -> None:
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    if report.stale_lock_pid:
        click.echo(f"note: a previous writer (pid {report.stale_lock_pid}) was killed while holding the lock; "
                   "its unfinished work was discarded and the index it left is intact", err=True)
    if report.removed_partial:
        click.echo(f"note: removed {report.removed_partial} half-written index folder(s) from an interrupted run",
                   err=True)
    for p in report.problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"warning: {p}", err=True)
    if len(report.problems) > MAX_PROBLEMS_SHOWN:
        click.echo(f"... and {len(report.problems) - MAX_PROBLEMS_SHOWN} more", err=True)
    click.echo(f"{verb}: added {report.added}, updated {report.updated}, deleted {report.deleted}, "
               f"unchanged {report.unchanged}, skipped {report.skipped}, warnings {report.warnings}; "
               f"{report.total} articles in the index ({report.seconds:.1f} s)")


def _run_writer(fn, as_json, verb):
    try:
        _report(fn(), as_json, verb)
    except StrictError as e:
        for p in e.problems[:MAX_PROBLEMS_SHOWN]:
            click.echo(f"error: {p}", err=True)
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except (IndexBusyError, NoIndexError, ValueError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    except WorkerDied as e:
        click.echo(f"error: {e}; the served index is unchanged", err=True)
        sys.exit(1)
    except OSError as e:
        click.echo(f"error: {e.strerror or e} ({getattr(e, 'filename', '') or ''}); the served index is unchanged",
                   err=True)
        sys.exit(1)


@click.group()
@click.version_option(package_name="marquee")
def main():
    """Marquee: full-text search for entertainment news."""


@main.command("index")
@click.argument("paths", nargs=-1, required=True)
@index_dir_option
@procs_option
@click.option("--strict", is_flag=True, help="Fail (exit 2) on any bad input instead of skipping it.")
@gazetteer_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def index_cmd(paths, index_dir, procs, strict, gazetteer, as_json):
    """Build a fresh index of PATHS (files, folders, feed URLs) and switch to it atomically."""
    bar = _Bar(not as_json and sys.stderr.isatty())
    home = _home(index_dir)
    _run_writer(lambda: build_index(list(paths), home, procs=procs, strict=strict,
                                    gazetteer_path=_find_gazetteer(paths, gazetteer), progress=bar), as_json, "index")
    bar.close()


@main.command("reindex")
@click.argument("paths", nargs=-1, required=True)
@index_dir_option
@click.option("--prune", is_flag=True, help="Delete indexed articles whose source under PATHS is gone.")
@click.option("--strict", is_flag=True, help="Fail (exit 2) on any bad input instead of skipping it.")
@procs_option
@gazetteer_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def reindex_cmd(paths, index_dir, prune, strict, procs, gazetteer, as_json):
    """Update the index from PATHS: add new articles, re-index changed ones (content hash)."""
    bar = _Bar(not as_json and sys.stderr.isatty())
    home = _home(index_dir)
    _run_writer(lambda: reindex(list(paths), home, prune=prune, strict=strict, procs=procs,
                                gazetteer_path=_find_gazetteer(paths, gazetteer), progress=bar), as_json, "reindex")
    bar.close()


def _hit_line(h) -> str:
    date = h.date or "----------"
    return f"{date}  {h.id:<20} {h.title}"


@main.command("search")
@click.argument("query", required=False, default="")
@index_dir_option
@click.option("--show", "shows", multiple=True, help="Only articles about this show (repeatable: OR).")
@click.option("--person", "persons", multiple=True, help="Only articles mentioning this person (repeatable: OR).")
@click.option("--from", "date_from", default=None, help="From date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="To date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1, 1000), default=1, show_default=True)
@click.option("--queries", type=click.File("r", encoding="utf-8"), default=None,
              help="Run every query of a JSONL file ({qid, query}) and write one ranking line per query.")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option("--jsonl", is_flag=True, help="With --queries: one {qid, ranked} line per query.")
def search_cmd(query, index_dir, shows, persons, date_from, date_to, sort, limit, page, queries, as_json, jsonl):
    """Search the index."""
    service = SearchService(_home(index_dir))
    try:
        if queries is not None:
            for n, line in enumerate(queries, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    text = item["query"]
                except (ValueError, KeyError, TypeError):
                    click.echo(f"error: {queries.name}:{n}: expected a JSON object with 'qid' and 'query'", err=True)
                    sys.exit(EXIT_BAD_INPUT)
                res = service.search(SearchRequest(q=text, shows=list(shows), persons=list(persons),
                                                   date_from=date_from, date_to=date_to, sort=sort, per_page=limit))
                ranked = [h.id for h in res.hits]
                if jsonl or as_json:
                    click.echo(json.dumps({"qid": item.get("qid"), "ranked": ranked}))
                else:
                    click.echo(f"{item.get('qid')}\t{text}\t{' '.join(ranked[:3])}")
            return
        res = service.search(SearchRequest(q=query, shows=list(shows), persons=list(persons), date_from=date_from,
                                           date_to=date_to, sort=sort, page=page, per_page=limit))
    except QueryError as e:
        click.echo(f"error: bad query {query!r}: {e}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except NoIndexError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(res.as_dict(), ensure_ascii=False, default=str))
        return
    notice = " (no article has all the words; showing any-word matches)" if res.mode == "any" else ""
    click.echo(f"{res.total} result(s) in {res.took_ms:.1f} ms{notice}")
    if res.did_you_mean:
        click.echo(f"did you mean: {res.did_you_mean}")
    for h in res.hits:
        click.echo(_hit_line(h) + ("   [partial match]" if h.partial else ""))


@main.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--jsonl", is_flag=True, default=True, help="One {id, shows, persons} line per article (default).")
@procs_option
@gazetteer_option
def extract_cmd(paths, jsonl, procs, gazetteer):
    """Print the shows and persons found in each article (same code path as the indexer)."""
    report = Report()
    articles = collect(list(paths), report)
    for p in report.problems:
        click.echo(f"warning: {p}", err=True)
    extract_entities(articles, Gazetteer.load(_find_gazetteer(paths, gazetteer)), procs)
    for a in articles:
        click.echo(json.dumps({"id": a.id, "shows": a.shows, "persons": a.persons}, ensure_ascii=False))


@main.command("stats")
@index_dir_option
@click.option("--json", "as_json", is_flag=True)
def stats_cmd(index_dir, as_json):
    """Article count, date range, top shows and persons, index size."""
    try:
        st = SearchService(_home(index_dir)).stats()
    except NoIndexError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(st, ensure_ascii=False))
        return
    dates = st["dates"] or ["-", "-"]
    click.echo(f"articles:   {st['documents']}")
    click.echo(f"dates:      {dates[0]} .. {dates[1]}")
    click.echo(f"index size: {st['index_bytes'] / 1e6:.1f} MB ({st['generation']}, built {st['built_at']})")
    click.echo("top shows:  " + ", ".join(f"{n} ({c})" for n, c in st["top_shows"]))
    click.echo("top persons: " + ", ".join(f"{n} ({c})" for n, c in st["top_persons"]))


@main.command("serve")
@index_dir_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Flask debug mode (development only).")
def serve_cmd(index_dir, host, port, debug):
    """Serve the search site locally (use gunicorn wsgi:app in production)."""
    from webapp import create_app

    cfg = {"INDEX_DIR": str(_home(index_dir).root)}
    app = create_app(cfg)
    app.run(host=host, port=port, debug=debug)


if __name__ == "__main__":
    main()
