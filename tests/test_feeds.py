"""Searches people can follow: the Atom twin of every search page, read back with feedparser and with Marquee's own
reader, and the OpenSearch description browsers use."""
from __future__ import annotations

import threading
import xml.etree.ElementTree as ET

import feedparser
import pytest
from werkzeug.serving import make_server

from indexer.build import build_index
from indexer.search import SearchRequest, SearchService
from indexer.store import IndexHome
from webapp import create_app

from .conftest import HOSTILE_TITLE


def test_the_feed_is_the_search_newest_first_with_the_same_filters(client):
    raw = client.get("/search.atom?q=oscars&show=Oscars")
    assert raw.status_code == 200 and raw.mimetype == "application/atom+xml"
    feed = feedparser.parse(raw.get_data())
    assert not feed.bozo and feed.version == "atom10"
    api = client.get("/api/search?q=oscars&show=Oscars&sort=newest&per_page=20").get_json()
    assert [e.id.rsplit("/article/", 1)[1] for e in feed.entries] == [h["id"] for h in api["hits"]]
    dates = [e.published_parsed for e in feed.entries if e.get("published_parsed")]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 10
    assert all("Oscars" in [t.term for t in e.tags] for e in feed.entries)  # the show filter holds
    first = feed.entries[0]
    assert first.content[0].value and first.link.endswith(f"/article/{api['hits'][0]['id']}")


def test_search_pages_announce_their_feed_and_the_site_its_search(client):
    html = client.get("/?q=narcos+mexico&show=Narcos:+Mexico&sort=oldest&page=2").get_data(as_text=True)
    assert ('<link rel="alternate" type="application/atom+xml"' in html
            and 'href="/search.atom?q=narcos+mexico&amp;show=Narcos%3A+Mexico"' in html)
    assert '<link rel="search" type="application/opensearchdescription+xml" title="Marquee" href="/opensearch.xml">' \
        in html
    desc = ET.fromstring(client.get("/opensearch.xml").get_data())
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    assert desc.find("os:ShortName", ns).text == "Marquee"
    templates = {u.get("type"): u.get("template") for u in desc.findall("os:Url", ns)}
    assert templates["text/html"].endswith("/?q={searchTerms}")
    assert templates["application/atom+xml"].endswith("/search.atom?q={searchTerms}")


def test_hostile_articles_make_well_formed_feeds(hostile_client):
    raw = hostile_client.get("/search.atom?q=hostile").get_data()
    root = ET.fromstring(raw)  # well-formed: nothing in an article can close or open an element
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.find(f"{atom}title").text for e in root.iter(f"{atom}entry")]
    assert HOSTILE_TITLE in titles
    assert b"<script>" not in raw and b"javascript:" not in raw


@pytest.fixture()
def live_site(index_home):
    """The real app on a loopback port, as a feed reader would meet it."""
    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": str(index_home.root), "RATE_LIMIT": 0}),
                         threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_marquee_reads_its_own_feed_into_a_second_index(live_site, tmp_path, client):
    url = f"{live_site}/search.atom?q=narcos&show=Narcos:+Mexico"
    home = IndexHome(tmp_path / "follower")
    rep = build_index([url], home)
    feed = feedparser.parse(client.get("/search.atom?q=narcos&show=Narcos:+Mexico").get_data())
    assert rep.total == len(feed.entries) >= 1 and not rep.unreadable
    with SearchService(home) as svc:
        got = {h.title for h in svc.search(SearchRequest(q="", per_page=50)).hits}
    assert got == {e.title for e in feed.entries}
