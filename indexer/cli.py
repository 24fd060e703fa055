"""The `marquee` command: index, reindex, ship, search, extract, stats, serve."""
from __future__ import annotations

import json
import os
import sys

import click

from .build import (DEFAULT_MAX_DELETE, Refused, Report, StrictError, WorkerDied, build_index, collect,
                    extract_entities, parse_max_delete, reindex)
from .entities import Gazetteer
from .query import QueryError
from .search import SORTS, SearchRequest, SearchService
from .store import IndexBusyError, IndexHome, NoIndexError, default_home

EXIT_DONE = 0
EXIT_SKIPPED = 1  # done and switched, but some records (or, with --skip-unreadable, sources) were skipped
EXIT_REFUSED = 2  # refused or failed: the served index is unchanged
EXIT_BAD_INPUT = 2
MAX_PROBLEMS_SHOWN = 20

EXIT_STATUSES = """\b
Exit statuses of index and reindex (the same number is "exit_status" in --json):
  0  done: the index was switched (or was already up to date)
  1  done, but records or sources were skipped: the warnings say which
  2  refused or failed: nothing was switched, the served index is unchanged
     (a source that cannot be read, a shrink or mass delete, --strict with bad
     records, another writer running, a disk error)"""


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


def _exit_status(report: Report) -> int:
    return EXIT_SKIPPED if report.skipped or report.unreadable else EXIT_DONE


def _warnings(problems: list[str], prefix: str = "warning") -> None:
    for p in problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"{prefix}: {p}", err=True)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        click.echo(f"... and {len(problems) - MAX_PROBLEMS_SHOWN} more", err=True)


def _report(report: Report, as_json: bool, verb: str) -> None:
    status = _exit_status(report)
    if as_json:
        click.echo(json.dumps({**report.as_dict(), "exit_status": status}, ensure_ascii=False))
        return
    if report.stale_lock_pid:
        click.echo(f"note: a previous writer (pid {report.stale_lock_pid}) was killed while holding the lock; "
                   "its unfinished work was discarded and the index it left is intact", err=True)
    if report.removed_partial:
        click.echo(f"note: removed {report.removed_partial} half-written index folder(s) from an interrupted run",
                   err=True)
    first = set(report.unreadable)  # a skipped source matters more than a record's warning: it comes first
    _warnings(report.unreadable + [p for p in report.problems if p not in first])
    unread = f", unreadable sources skipped {len(report.unreadable)}" if report.unreadable else ""
    click.echo(f"{verb}: added {report.added}, updated {report.updated}, deleted {report.deleted}, "
               f"unchanged {report.unchanged}, skipped {report.skipped}, warnings {report.warnings}{unread}; "
               f"{report.total} articles in the index ({report.seconds:.1f} s)")


def _fail(as_json: bool, message: str, key: str = "error", problems: list[str] | None = None) -> None:
    """Say why nothing was switched (stderr, or one JSON object on stdout) and exit 2."""
    if as_json:
        click.echo(json.dumps({key: message, "exit_status": EXIT_REFUSED, "problems": problems or []},
                              ensure_ascii=False))
    else:
        _warnings(problems or [])
        click.echo(f"{'refused' if key == 'refused' else 'error'}: {message}", err=True)
    sys.exit(EXIT_REFUSED)


def _run_writer(fn, as_json, verb):
    """Run fn(progress bar) and report; the bar is closed before any message is printed."""
    unchanged = "the served index is unchanged"
    bar = _Bar(not as_json and sys.stderr.isatty())
    try:
        try:
            report = fn(bar)
        finally:
            bar.close()
    except Refused as e:
        said = set(e.report.unreadable) if e.report else set()  # the refusal names these already
        _fail(as_json, f"{e}; {unchanged}", "refused", [p for p in (e.report.problems if e.report else [])
                                                        if not as_json and p not in said or as_json])
    except StrictError as e:
        if not as_json:
            _warnings(e.problems, "error")
        _fail(as_json, f"{e}", "refused", e.problems)
    except (IndexBusyError, NoIndexError, ValueError) as e:
        _fail(as_json, f"{e}; {unchanged}")
    except WorkerDied as e:
        _fail(as_json, f"{e}; {unchanged}")
    except OSError as e:
        where = f" ({e.filename})" if getattr(e, "filename", None) else ""
        _fail(as_json, f"{e.strerror or e}{where}; {unchanged}")
    else:
        _report(report, as_json, verb)
        sys.exit(_exit_status(report))


def _check_max_delete(ctx, param, value):
    try:
        parse_max_delete(value)
    except ValueError as e:
        raise click.BadParameter(str(e).replace("--max-delete ", "")) from None
    return value


skip_unreadable_option = click.option(
    "--skip-unreadable", is_flag=True,
    help="Index the rest when a named file, folder or feed cannot be read (default: refuse, exit 2). "
         "Articles from an unread source are kept, never pruned.")


@click.group(epilog=EXIT_STATUSES)
@click.version_option(package_name="marquee")
def main():
    """Marquee: full-text search for entertainment news."""


@main.command("index")
@click.argument("paths", nargs=-1, required=True)
@index_dir_option
@procs_option
@click.option("--strict", is_flag=True, help="Fail (exit 2) on any bad input instead of skipping it.")
@skip_unreadable_option
@click.option("--allow-shrink", is_flag=True,
              help="Accept a new index with no articles or under half of the served index's (default: refuse).")
@click.option("--vectors", is_flag=True,
              help="Also compute article vectors (semantic ranking; needs the vectors extra). Reused by content "
                   "hash: a rebuild embeds only new or changed articles; reindex keeps them up to date.")
@gazetteer_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def index_cmd(paths, index_dir, procs, strict, skip_unreadable, allow_shrink, vectors, gazetteer, as_json):
    """Build a fresh index of PATHS (files, folders, feed URLs) and switch to it atomically."""
    _run_writer(lambda bar: build_index(list(paths), _home(index_dir), procs=procs, strict=strict,
                                        skip_unreadable=skip_unreadable, allow_shrink=allow_shrink, vectors=vectors,
                                        gazetteer_path=_find_gazetteer(paths, gazetteer), progress=bar),
                as_json, "index")


@main.command("reindex")
@click.argument("paths", nargs=-1, required=True)
@index_dir_option
@click.option("--prune", is_flag=True, help="Delete indexed articles whose source under PATHS is gone.")
@click.option("--max-delete", default=DEFAULT_MAX_DELETE, show_default=True, callback=_check_max_delete,
              help="With --prune: refuse to delete more than this many articles (100) or share of the index (25%).")
@click.option("--strict", is_flag=True, help="Fail (exit 2) on any bad input instead of skipping it.")
@skip_unreadable_option
@procs_option
@gazetteer_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def reindex_cmd(paths, index_dir, prune, max_delete, strict, skip_unreadable, procs, gazetteer, as_json):
    """Update the index from PATHS: add new articles, re-index changed ones (content hash)."""
    _run_writer(lambda bar: reindex(list(paths), _home(index_dir), prune=prune, strict=strict, procs=procs,
                                    skip_unreadable=skip_unreadable, max_delete=max_delete,
                                    gazetteer_path=_find_gazetteer(paths, gazetteer), progress=bar),
                as_json, "reindex")


@main.command("ship")
@click.argument("source", type=click.Path(file_okay=False, exists=True))
@index_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def ship_cmd(source, index_dir, as_json):
    """Copy the index SOURCE serves into --index-dir and switch to it atomically (to serve it from another host,
    copy SOURCE there first, with rsync, then ship it into the served home)."""
    home = _home(index_dir)
    try:
        final = home.receive(IndexHome(source))
    except (IndexBusyError, NoIndexError, OSError) as e:
        _fail(as_json, f"{e}; the served index is unchanged")
    docs = home.read_meta(final).get("count", 0)
    if as_json:
        click.echo(json.dumps({"generation": final.name, "articles": docs, "exit_status": EXIT_DONE}))
    else:
        click.echo(f"ship: {home.root} now serves {final.name} ({docs} articles) from {source}")


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
