"""The Flask app through its test client, against the real session index."""
from __future__ import annotations


import pytest

from webapp import create_app
from webapp.facets import DateFacet, EntityFacet, chips, query_string
from indexer.search import FacetCount


def test_search_page_renders_results_facets_and_marks(client, seed_id):
    r = client.get("/?q=narcos+mexico+season+2")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert f'href="/article/{seed_id}"' in html
    assert "<mark>Narcos</mark>" in html
    assert 'class="facet facet-show"' in html and "autofocus" in html
    for h, v in (("Content-Security-Policy", "script-src 'self'"), ("X-Content-Type-Options", "nosniff"),
                 ("Referrer-Policy", "same-origin")):
        assert v in r.headers[h]
    assert "<script>" not in html and "onclick" not in html  # no inline scripts (CSP)


def test_api_search_shape_and_twin_of_html(client, seed_id):
    r = client.get("/api/search?q=narcos+mexico&show=Narcos:+Mexico")
    data = r.get_json()
    assert r.status_code == 200
    assert set(data) >= {"hits", "facets", "total", "took_ms", "did_you_mean", "months", "pages"}
    assert data["hits"][0]["id"] == seed_id
    assert {"id", "title", "title_html", "snippet_html", "date", "shows", "persons", "url"} <= set(data["hits"][0])
    assert data["active"]["show"] == ["Narcos: Mexico"]


def test_facet_counts_equal_matching_articles(client):
    data = client.get("/api/search?q=oscar").get_json()
    for f in data["facets"]["person"][:3]:
        n = client.get("/api/search", query_string={"q": "oscar", "person": f["label"]}).get_json()["total"]
        assert n == f["count"]


def test_sort_and_pagination(client):
    newest = client.get("/api/search?q=trump&sort=newest").get_json()["hits"]
    dates = [h["date"] for h in newest]
    assert dates == sorted(dates, reverse=True)
    p2 = client.get("/api/search?q=trump&sort=newest&page=2").get_json()["hits"]
    assert p2 and p2[0]["date"] <= dates[-1]
    assert client.get("/api/search?q=trump&page=0").status_code == 400
    assert client.get("/api/search?q=trump&page=999999").status_code == 200  # capped, empty


@pytest.mark.parametrize("url", ["/api/search?sort=bogus", "/api/search?from=2018-99-01", "/api/search?page=abc",
                                 "/api/search?q=" + "x" * 600])
def test_bad_requests_are_json_400s(client, url):
    r = client.get(url)
    assert r.status_code == 400
    err = r.get_json()["error"]
    assert err["status"] == 400 and err["message"] and "Traceback" not in r.get_data(as_text=True)


def test_bad_request_on_html_page_is_a_friendly_400(client):
    r = client.get("/?q=x&from=banana")
    assert r.status_code == 400 and "bad date" in r.get_data(as_text=True)


def test_did_you_mean_link(client):
    html = client.get("/?q=narcso").get_data(as_text=True)
    assert "Did you mean" in html and "q=narcos" in html


def test_article_page_links_entities_and_related(client, seed_id):
    r = client.get(f"/article/{seed_id}")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Diego Luna" in html and "/?person=Diego+Luna" in html
    assert "More like this" in html
    api = client.get(f"/api/articles/{seed_id}").get_json()
    assert api["id"] == seed_id and api["related"]


def test_404s(client):
    assert client.get("/article/nope").status_code == 404
    assert client.get("/api/articles/nope").get_json()["error"]["status"] == 404
    assert "Page not found" in client.get("/no/such/page").get_data(as_text=True)


def test_suggest_and_healthz(client):
    s = client.get("/api/suggest?q=narc").get_json()["suggestions"]
    assert s and all({"kind", "label", "value"} <= set(x) for x in s)
    h = client.get("/healthz").get_json()
    assert h["status"] == "ok" and h["documents"] == 2225 + 13456 + 1 - 0 and h["built_at"]


def test_untrusted_text_is_escaped_everywhere(hostile_client):
    for url in ("/?q=hostile", "/article/evil-1", "/?q=hostile&show=%3Csvg+onload%3Dalert(4)%3E"):
        html = hostile_client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
        assert "javascript:alert" not in html and "<b>src</b>" not in html
    assert "&lt;script&gt;" in hostile_client.get("/article/evil-1").get_data(as_text=True)


def test_rate_limit_returns_429(index_home):
    app = create_app({"INDEX_DIR": str(index_home.root), "RATE_LIMIT": 1, "RATE_BURST": 3})
    c = app.test_client()
    codes = [c.get("/api/search?q=film").status_code for _ in range(6)]
    assert codes[:3] == [200, 200, 200] and 429 in codes[3:]
    assert c.get("/api/search?q=film").get_json()["error"]["status"] == 429


def test_settings_from_environment(monkeypatch, index_home):
    monkeypatch.setenv("MARQUEE_INDEX_DIR", str(index_home.root))
    monkeypatch.setenv("MARQUEE_PER_PAGE", "3")
    app = create_app({"RATE_LIMIT": 0})
    assert len(app.test_client().get("/api/search?q=film").get_json()["hits"]) == 3
    assert app.debug is False


# ---- facet classes, without HTTP

def test_entity_facet_toggles_and_selection():
    f = EntityFacet("show", "Shows")
    args = {"q": ["oscar"], "show": ["The Aviator"], "page": ["3"]}
    vals = f.values([FacetCount("the aviator", "The Aviator", 5), FacetCount("ray", "Ray", 2)], args)
    assert vals[0].selected and vals[0].toggle_url == "?q=oscar"
    assert not vals[1].selected and vals[1].toggle_url == "?q=oscar&show=The+Aviator&show=Ray"


def test_date_facet_drill_down():
    f = DateFacet()
    months = [FacetCount("2018-11", "2018-11", 2), FacetCount("2018-12", "2018-12", 3),
              FacetCount("2019-01", "2019-01", 1)]
    years = f.years(months, {})
    assert [(y.value, y.count) for y in years] == [("2019", 1), ("2018", 5)]
    assert years[1].toggle_url == "?from=2018-01-01&to=2018-12-31"
    sel = {"from": ["2018-01-01"], "to": ["2018-12-31"]}
    ms = f.months(months, sel)
    assert [(m.label, m.count) for m in ms] == [("Nov", 2), ("Dec", 3)]
    assert ms[1].toggle_url == "?from=2018-12-01&to=2018-12-31"


def test_chips_remove_one_filter_each():
    args = {"q": ["x"], "show": ["A", "B"], "from": ["2018-01-01"], "to": ["2018-12-31"]}
    c = chips(args)
    assert [(x.kind, x.label) for x in c] == [("show", "A"), ("show", "B"), ("date", "2018-01-01 – 2018-12-31")]
    assert c[0].remove_url == "?q=x&show=B&from=2018-01-01&to=2018-12-31"
    assert query_string(args, show=None, **{"from": None, "to": None}) == "?q=x"


def test_request_size_limits(client):
    assert client.get("/?q=" + "x" * 5000).status_code == 414
    r = client.post("/api/search", data="x" * 20_000)
    assert r.status_code in (405, 413) and "Traceback" not in r.get_data(as_text=True)


def test_show_aliases_are_one_facet_value_on_the_page_and_in_the_api(client):
    """"Oscars" and "Academy Awards" are one show: one facet row, and either name (or show:"...") filters to the
    same articles."""
    data = client.get("/api/search?q=oscars+academy+awards").get_json()
    shows = {f["value"]: f for f in data["facets"]["show"]}
    assert "academy awards" in shows and "oscars" not in shows
    by_short = client.get("/api/search", query_string={"show": "Oscars", "per_page": 50}).get_json()
    by_full = client.get("/api/search", query_string={"show": "Academy Awards", "per_page": 50}).get_json()
    by_syntax = client.get("/api/search", query_string={"q": 'show:"the Oscars"', "per_page": 50}).get_json()
    assert by_short["total"] == by_full["total"] == by_syntax["total"] > 40
    within = client.get("/api/search", query_string={"q": "oscars academy awards", "show": "Oscars"}).get_json()
    assert within["total"] == shows["academy awards"]["count"]
    spellings = {s for h in by_full["hits"] for s in h["shows"]}
    assert {"Oscars", "Academy Awards"} & spellings  # hits named either way are in the one value
    page = client.get("/?q=oscars+academy+awards").get_data(as_text=True)
    label = shows["academy awards"]["label"]
    assert page.count(f">{label}<") >= 1 and ">Academy Awards<" not in page.replace(f">{label}<", "")
