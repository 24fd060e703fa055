#!/usr/bin/env python3
"""Plot docs/s (full build, --procs 2) and page latency (in-process p50/p95) against corpus size.

    pip install '.[bench]'
    python bench/plot.py docs/performance.json docs/performance.png

The JSON holds the figures docs/performance.md reports: {"build": [{"docs", "docs_s", "peer_docs_s"}...],
"pages": [{"docs", "p50", "p95", "peer_p95"}...]}.
"""
from __future__ import annotations

import json
import sys


def main(src: str, out: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = json.load(open(src, encoding="utf-8"))
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    build = sorted(data["build"], key=lambda r: r["docs"])
    a.plot([r["docs"] for r in build], [r["docs_s"] for r in build], "o-", label="Marquee --procs 2, with entities")
    a.plot([r["docs"] for r in build], [r["peer_docs_s"] for r in build], "s--", label="plain Whoosh, 2 processes")
    a.set(xscale="log", xlabel="articles", ylabel="docs/s (full build)", title="Indexing")
    a.legend()
    pages = sorted(data["pages"], key=lambda r: r["docs"])
    b.plot([r["docs"] for r in pages], [r["p50"] for r in pages], "o-", label="p50")
    b.plot([r["docs"] for r in pages], [r["p95"] for r in pages], "s-", label="p95")
    if all("peer_p95" in r for r in pages):
        b.plot([r["docs"] for r in pages], [r["peer_p95"] for r in pages], "^--", label="plain Whoosh top-10 p95")
    b.set(xscale="log", yscale="log", xlabel="articles", ylabel="ms per results page (in-process)", title="Search")
    b.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
