"""Derive the package's knowledge file from the open lists in ../shared/knowledge (and data/curated.toml).

    python -m indexer.entities.build_knowledge ../shared/knowledge

writes indexer/entities/data/knowledge.json.gz: normalised title keys with kind (film / TV), first year and how
many lists hold them; people's names; census first- and last-name frequencies; the curated ceremonies and
abbreviations with their aliases. The file is rebuilt by this script, never edited by hand.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections import defaultdict
from pathlib import Path

import tomllib

from .knowledge import FORMAT_VERSION, KNOWLEDGE_FILE, name_key, title_key

ATTRIBUTION = ("Titles from TVmaze (CC BY-SA 4.0), Wikipedia (CC BY-SA) and the CMU Movie Summary Corpus (CC BY-SA); "
               "people from Wikidata (CC0); name frequencies from the 1990 US Census (public domain).")
CURATED = Path(__file__).parent / "data" / "curated.toml"


class _Titles:
    """Title keys gathered over the lists: kinds seen, earliest year, the lists holding it, notability marks."""

    def __init__(self):
        self.kinds: dict[str, set[str]] = defaultdict(set)
        self.year: dict[str, int] = {}
        self.lists: dict[str, set[str]] = defaultdict(set)
        self.marks: dict[str, int] = defaultdict(int)  # a box-office figure, an IMDb id: a title people know

    def add(self, title: str, kind: str, source: str, year: int | None = None, mark: bool = False) -> None:
        key = title_key(title)
        if not key or len(key) < 2 or not any(c.isalpha() for c in key) or not key.isascii():
            return
        self.kinds[key].add(kind)
        self.lists[key].add(source)
        if year and (key not in self.year or year < self.year[key]):
            self.year[key] = year
        if mark:
            self.marks[key] = 1

    def rows(self) -> list[list]:
        """[key, kinds ("f", "t" or "ft"), first year or 0, weight] sorted by key."""
        out = []
        for key in sorted(self.kinds):
            kinds = "".join(k for k in "ft" if k in self.kinds[key])
            out.append([key, kinds, self.year.get(key, 0), len(self.lists[key]) + self.marks[key]])
        return out


def _year(text: str) -> int | None:
    return int(text[:4]) if text[:4].isdigit() else None


def read_titles(root: Path) -> tuple[_Titles, set[str]]:
    """All four title lists (and the film casts' names, which are people)."""
    titles, cast = _Titles(), set()
    with open(root / "titles" / "tvmaze-shows.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            name, _, imdb = line.rstrip("\n").partition("\t")
            titles.add(name, "t", "tvmaze", mark=bool(imdb.strip()))
    with open(root / "titles" / "wikipedia-english-tv.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            _, _, name = line.rstrip("\n").partition("\t")
            titles.add(name, "t", "wikipedia-tv")
    with gzip.open(root / "titles" / "wikipedia-american-films.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            titles.add(rec["title"], "f", "wikipedia-films", rec.get("year"))
            cast.update(c for c in rec.get("cast") or [] if isinstance(c, str))
    with gzip.open(root / "titles" / "cmu-movie-metadata.tsv.gz", "rt", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 5:
                titles.add(row[2], "f", "cmu", _year(row[3]), mark=bool(row[4].strip()))
    return titles, cast


def read_people(root: Path, cast: set[str]) -> tuple[list[str], list[str]]:
    """People's names (two words or more: a lone word is no evidence of a person) and the places, countries and
    continents they were born in."""
    names, places = set(), set()
    with gzip.open(root / "people" / "wikidata-people.csv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names.add(row["nameSurname"])
            places.update(p for p in (row["placeOfBirth"], row["country"], row["continent"])
                          if p and not p.startswith("http"))
    names |= cast
    keys = {name_key(n) for n in names}
    return sorted(k for k in keys if " " in k and len(k) <= 40), sorted({title_key(p) for p in places} - {""})


def read_census(path: Path) -> dict[str, float]:
    """NAME -> frequency in percent (lower-cased)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                out[parts[0].lower()] = float(parts[1])
    return out


def read_curated(path: Path = CURATED) -> dict:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {kind: [{"name": e["name"], "aliases": list(e.get("aliases", []))} for e in data.get(kind, [])]
            for kind in ("ceremony", "abbreviation")}


def build(root: Path, out: Path = KNOWLEDGE_FILE) -> dict:
    titles, cast = read_titles(root)
    people, places = read_people(root, cast)
    first = read_census(root / "names" / "census-1990-female-first.txt")
    for name, freq in read_census(root / "names" / "census-1990-male-first.txt").items():
        first[name] = first.get(name, 0.0) + freq
    last = read_census(root / "names" / "census-1990-all-last.txt")
    data = {
        "format": FORMAT_VERSION,
        "attribution": ATTRIBUTION,
        "licence": "CC BY-SA 4.0 (derived from CC BY-SA title lists)",
        "titles": titles.rows(),
        "people": people,
        "places": places,
        "first_names": {k: round(v, 3) for k, v in sorted(first.items())},
        "last_names": {k: round(v, 3) for k, v in sorted(last.items())},
        **read_curated(),
    }
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:  # mtime 0: the same input gives the same bytes
        gz.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(out)
    return {"titles": len(data["titles"]), "people": len(people), "places": len(places), "first_names": len(first),
            "last_names": len(last), "bytes": out.stat().st_size}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "build":
        print("usage: python -m indexer.entities.build_knowledge build KNOWLEDGE_DIR", file=sys.stderr)
        return 2
    root = Path(argv[1])
    if not (root / "titles").is_dir():
        print(f"error: {root}: no titles/ folder (expected ../shared/knowledge)", file=sys.stderr)
        return 2
    print(json.dumps(build(root)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
