"""Property-based tests: any query, page, sort or date gives a 200 or a clear 400, never a 500 or a trace."""
from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.query import QueryError, parse
from indexer.search import SearchRequest

NASTY = st.sampled_from(['"', "(", ")", "-", ":", "show:", "person:", "date:", "*", "?", "~", "^", "\\", "\x00",
                         "\u202e", "<script>", "&amp;", "AND", "OR", "NOT", "..", "'", "\n", "\t"])
QUERY = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(NASTY, st.text(alphabet=string.ascii_letters, min_size=1, max_size=8)), max_size=12)
    .map(" ".join),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",)),
            max_size=40),
)
PAGE = st.one_of(st.integers(-10**6, 10**9).map(str), st.text(max_size=6))
SORT = st.one_of(st.sampled_from(["relevance", "newest", "oldest"]), st.text(max_size=8))
DATE = st.one_of(st.none(), st.text(max_size=12), st.dates().map(str))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(q=QUERY)
def test_parser_accepts_anything(q):
    try:
        parse(q)
    except QueryError as e:
        assert "date" in str(e)


@FAST
@given(q=QUERY, sort=SORT, d1=DATE, d2=DATE)
def test_service_answers_or_raises_query_error(service, q, sort, d1, d2):
    try:
        res = service.search(SearchRequest(q=q, sort=sort, date_from=d1, date_to=d2))
    except QueryError:
        return
    assert res.total >= 0 and len(res.hits) <= 10


@FAST
@given(q=QUERY, page=PAGE, sort=SORT, d1=DATE)
def test_api_never_500(client, q, page, sort, d1):
    params = {"q": q, "page": page, "sort": sort}
    if d1 is not None:
        params["from"] = d1
    r = client.get("/api/search", query_string=params)
    assert r.status_code in (200, 400, 414), r.status_code
    body = r.get_data(as_text=True)
    assert "Traceback" not in body
    if r.status_code != 200:
        assert r.get_json()["error"]["message"]


@FAST
@given(q=QUERY, page=PAGE)
def test_search_page_never_500(client, q, page):
    r = client.get("/", query_string={"q": q, "page": page})
    assert r.status_code in (200, 400, 414)
    assert "Traceback" not in r.get_data(as_text=True)


def test_huge_query_is_a_400(client):
    r = client.get("/api/search", query_string={"q": "a" * 10_000})
    assert r.status_code in (400, 414) and "too long" in r.get_json()["error"]["message"]


def test_suggest_and_article_with_odd_input(client):
    for q in ["", "\x00", "<script>", "a" * 300, '"((']:
        assert client.get("/api/suggest", query_string={"q": q}).status_code == 200
    assert client.get("/article/%00%2F..%2F..").status_code == 404
