"""Readers: native seed layout, JSON Lines (plain and gzip), RSS/Atom feeds, and every kind of bad input."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re

from indexer.article import Article, Problem
from indexer.corpus import html_to_text, read_sources

from .conftest import BBC, SEED_DIR, SEED_FORMAT


def split(items):
    items = list(items)
    arts = [i for i in items if isinstance(i, Article)]
    probs = [i for i in items if isinstance(i, Problem)]
    return arts, probs


def test_seed_article_parses_date_title_and_body(shared):
    arts, probs = split(read_sources([SEED_DIR]))
    assert len(arts) == 1 and not probs
    a = arts[0]
    assert a.date == dt.date(2018, 12, 5)
    assert a.title == "Narcos: Mexico will be back for a second season."
    assert a.body.startswith("Netflix has officially ordered")
    assert "\n\n" in a.body  # paragraphs kept


def test_seed_format_corpus_ids_titles_and_missing_date_warning(shared, bbc_records):
    arts, probs = split(read_sources([SEED_FORMAT]))
    assert len(arts) == 386
    assert all(p.warning and "no 'date" in p.message for p in probs) and len(probs) == 386
    assert all(a.date is None for a in arts)
    by_id = {a.id: a for a in arts}
    assert set(by_id) <= set(bbc_records)  # ids are file names without extension
    # Headlines there have no full stop: the title is recovered for most articles.
    right = sum(1 for i, a in by_id.items() if a.title == " ".join(bbc_records[i]["title"].split()))
    assert right / len(arts) > 0.8


def test_ids_are_relative_paths_without_extension(tmp_path):
    (tmp_path / "2018").mkdir()
    (tmp_path / "2018" / "narcos.txt").write_text(" date 2018-01-02 A title. Body.", encoding="utf-8")
    (tmp_path / "top.txt").write_text(" date 2019-01-02 Another. Body.", encoding="utf-8")
    arts, _ = split(read_sources([tmp_path]))
    assert sorted(a.id for a in arts) == ["2018/narcos", "top"]


def test_jsonl_fields(shared):
    arts, probs = split(read_sources([BBC]))
    assert len(arts) == 2225 and not probs
    a = next(x for x in arts if x.id == "bbc-00431")
    assert a.source == "BBC" and a.category == "entertainment" and a.date is None
    assert a.title.startswith("£1.8m")  # HTML entity &#163; decoded


def test_bad_inputs_name_file_and_line(tmp_path):
    (tmp_path / "bad.jsonl").write_text(
        '{"id": "ok-1", "title": "Fine", "text": "fine"}\n'
        '{"id": "broken", "title": \n'
        '{"id": "d", "title": "T", "text": "x", "date": "2018-13-45"}\n'
        '{"id": "e", "title": "", "text": ""}\n', encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(" date 2018-01-01 Caf\xe9 title. Body\n".encode("latin-1"))
    (tmp_path / "baddate.txt").write_text(" date 2018-02-30 Title. Body.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    arts, probs = split(read_sources([tmp_path]))
    assert [a.id for a in arts] == ["ok-1"]
    msgs = [str(p) for p in probs if not p.warning]
    assert any("bad.jsonl:2: invalid JSON" in m for m in msgs)
    assert any("bad.jsonl:3: bad date '2018-13-45'" in m for m in msgs)
    assert any("bad.jsonl:4: empty article" in m for m in msgs)
    assert any("latin1.txt:1: not valid UTF-8" in m for m in msgs)
    assert any("baddate.txt:1: bad date '2018-02-30'" in m for m in msgs)
    assert [str(p) for p in probs if "empty.txt" in str(p)] == [f"{tmp_path / 'empty.txt'}:1: empty article (no title or body)"]


def test_truncated_gzip_is_reported_not_fatal(tmp_path):
    lines = "".join(json.dumps({"id": f"g{i}", "title": f"T {i}", "text": "x" * 200}) + "\n" for i in range(500))
    data = gzip.compress(lines.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    arts, probs = split(read_sources([tmp_path]))
    assert 0 < len(arts) < 500
    assert any("cut.jsonl.gz" in str(p) and "truncated" in p.message for p in probs)


def test_missing_path_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    _, probs = split(read_sources([tmp_path / "nope", tmp_path / "empty"]))
    assert any("no such file" in p.message for p in probs)
    assert any("holds no article files" in p.message for p in probs)


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Telly News</title><link>https://example.org/</link>
<item><title>Bodyguard returns</title><link>https://example.org/a/1</link><guid>tn-1</guid>
<pubDate>Mon, 24 Sep 2018 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Richard Madden stars.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;Second para.&lt;/p&gt;</description></item>
<item><title>No guid here</title><link>https://example.org/a/2</link><description>Text two.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Screen Feed</title><id>urn:x</id><updated>2020-01-01T00:00:00Z</updated>
<entry><title>Parasite wins</title><id>urn:entry:7</id><link href="https://example.org/p"/>
<updated>2020-02-10T10:00:00Z</updated><author><name>Ann Critic</name></author>
<content type="html">&lt;p&gt;Bong Joon-ho made history.&lt;/p&gt;</content></entry></feed>"""


def test_rss_and_atom_feeds(tmp_path):
    (tmp_path / "news.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "screen.atom").write_text(ATOM, encoding="utf-8")
    arts, probs = split(read_sources([tmp_path]))
    by_id = {a.id: a for a in arts}
    assert set(by_id) == {"tn-1", "https://example.org/a/2", "urn:entry:7"}
    a = by_id["tn-1"]
    assert a.title == "Bodyguard returns" and a.date == dt.date(2018, 9, 24) and a.source == "Telly News"
    assert a.body == "Richard Madden stars.\n\nSecond para."  # script dropped, paragraphs kept
    atom = by_id["urn:entry:7"]
    assert atom.authors == ["Ann Critic"] and atom.date == dt.date(2020, 2, 10) and "history" in atom.body


def test_unreadable_feed(tmp_path):
    (tmp_path / "junk.xml").write_text("this is not xml <<<", encoding="utf-8")
    _, probs = split(read_sources([tmp_path]))
    assert len(probs) == 1 and "junk.xml" in str(probs[0]) and "feed" in probs[0].message


def test_well_formed_xml_that_is_not_a_feed_is_reported(tmp_path):
    (tmp_path / "settings.xml").write_text('<?xml version="1.0"?><config><a>1</a></config>', encoding="utf-8")
    (tmp_path / "empty.rss").write_text('<rss version="2.0"><channel><title>T</title></channel></rss>',
                                        encoding="utf-8")
    arts, probs = split(read_sources([tmp_path]))
    assert arts == [] and [str(p) for p in probs] == \
        [f"{tmp_path / 'settings.xml'}: not an RSS/Atom feed (well-formed, but no <rss>, <feed> or <rdf:RDF> root)"]


def test_records_without_an_id_are_named_by_content_not_position(tmp_path):
    """No id: the url, else the file and a hash of title and date; a line or entry put in front renames nothing."""
    rows = [{"title": "Alpha.", "text": "One.", "date": "2020-01-01"},
            {"title": "Beta.", "text": "Two.", "url": "https://example.org/beta"}]
    (tmp_path / "items.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    item = "<item><title>{}</title><description>Text.</description></item>"
    feed = '<rss version="2.0"><channel><title>T</title>{}</channel></rss>'
    (tmp_path / "news.rss").write_text(feed.format(item.format("Gamma")), encoding="utf-8")
    before, _ = split(read_sources([tmp_path]))
    ids = {a.title: a.id for a in before}
    assert ids["Beta."] == "https://example.org/beta"
    assert re.fullmatch(r"items\.jsonl#[0-9a-f]{12}", ids["Alpha."])
    assert re.fullmatch(r"news\.rss#[0-9a-f]{12}", ids["Gamma"])
    rows.insert(0, {"title": "New first line.", "text": "Zero.", "date": "2020-01-01"})
    (tmp_path / "items.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "news.rss").write_text(feed.format(item.format("New") + item.format("Gamma")), encoding="utf-8")
    after, _ = split(read_sources([tmp_path]))
    assert {a.id: a.title for a in before}.items() <= {a.id: a.title for a in after}.items()
    assert len(after) == 5 and len({a.id for a in after}) == 5


def test_html_to_text_keeps_text_only():
    assert html_to_text("<p>a &amp; b</p><style>x{}</style><p>c</p>") == "a & b\n\nc"
