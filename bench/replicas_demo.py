#!/usr/bin/env python3
"""Scaling reads by copying immutable index generations: one writer home, one web home, two gunicorn instances.

    python bench/replicas_demo.py [CORPUS...]      # default: ../shared/corpora/bbc + huffpost

Builds the index in home A (the indexing host), copies A to a staging folder as rsync would to another host,
ships it into home B (`marquee ship`: an atomic switch under B's lock), starts gunicorn on A and on B, sends both
the same queries and compares the JSON answers. Then reindexes A with a changed article, ships again, and checks
that B answers with the change, with no restart. Prints what it saw; temp dirs only.
"""
from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from query_bench import BBC, HUFF, free_port, make_queries  # noqa: E402


def serve(home: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, MARQUEE_INDEX_DIR=str(home), MARQUEE_RATE_LIMIT="0", MARQUEE_ACCESS_LOG="/dev/null")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", "2", "--bind",
                             f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def ask(port: int, q: str) -> list[str]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q}))
    return [h["id"] for h in json.loads(c.getresponse().read())["hits"]]


def marquee(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          check=False).stdout.strip()


def main() -> None:
    corpora = sys.argv[1:] or [str(BBC), str(HUFF)]
    tmp = Path(tempfile.mkdtemp(prefix="marquee-replicas-"))
    procs = []
    try:
        a, staging, b = tmp / "host-a", tmp / "staging", tmp / "host-b"
        src = tmp / "news"
        src.mkdir()
        names = [f"{Path(c).parent.name}-{Path(c).name}" for c in corpora]  # bbc/articles.jsonl -> bbc-articles.jsonl
        for c, name in zip(corpora, names):
            shutil.copy(c, src / name)
        t = time.perf_counter()
        print(marquee("index", str(src), "--index-dir", str(a)).splitlines()[-1])
        print(f"build on A: {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        shutil.copytree(a, staging, symlinks=True)  # what `rsync -a host-a/ web-host:staging/` does
        print(marquee("ship", str(staging), "--index-dir", str(b)))
        print(f"copy + ship to B: {time.perf_counter() - t:.1f} s, {sum(f.stat().st_size for f in staging.rglob('*') if f.is_file()) / 2**20:.0f} MB")
        (pa, port_a), (pb, port_b) = serve(a), serve(b)
        procs += [pa, pb]
        queries = make_queries([Path(c) for c in corpora])[:200]
        same = sum(ask(port_a, q) == ask(port_b, q) for q in queries)
        print(f"A and B answered {same} of {len(queries)} queries identically")
        first = json.loads(open(src / names[0], encoding="utf-8").readline())
        lines = (src / names[0]).read_text(encoding="utf-8").splitlines()
        first["title"] = "Quokkavision premieres on the shipped index"
        lines[0] = json.dumps(first, ensure_ascii=False)
        (src / names[0]).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(marquee("reindex", str(src), "--index-dir", str(a)).splitlines()[-1])
        shutil.rmtree(staging)
        shutil.copytree(a, staging, symlinks=True)
        print(marquee("ship", str(staging), "--index-dir", str(b)))
        print(f"after the reindex and a second ship, B finds the change: {ask(port_b, 'quokkavision') == [first['id']]}"
              f" (A: {ask(port_a, 'quokkavision') == [first['id']]}); no restart")
    finally:
        for p in procs:
            p.terminate()
            p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
