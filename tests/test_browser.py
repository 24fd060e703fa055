"""End to end in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from .conftest import ROOT

CHROMIUM = os.environ.get("MARQUEE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = ctx.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    ctx.close()


def test_search_facet_chip_and_back(page, live_url):
    page.goto(live_url + "/")
    assert page.evaluate("document.activeElement.id") == "q"  # autofocused
    page.fill("#q", "oscar scorsese")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert page.locator("ol.hits mark").count() > 0
    total = int(page.locator(".count strong").inner_text().replace(",", ""))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "results.png"), full_page=True)

    facet = page.locator('.facet-show a.facet-value').first
    label = facet.locator(".label").inner_text()
    count = int(facet.locator(".n").inner_text())
    facet.click()
    page.wait_for_selector(".chip-show")
    assert "show=" in page.url
    assert label in page.locator(".chip-show").inner_text()
    narrowed = int(page.locator(".count strong").inner_text().replace(",", ""))
    assert narrowed == count and narrowed <= total
    page.screenshot(path=str(ARTIFACTS / "filtered.png"), full_page=True)

    page.locator(".chip-show .chip-remove").click()
    page.wait_for_load_state()
    assert page.locator(".chip-show").count() == 0
    assert int(page.locator(".count strong").inner_text().replace(",", "")) == total

    page.go_back()
    page.wait_for_selector(".chip-show")
    assert int(page.locator(".count strong").inner_text().replace(",", "")) == narrowed


def test_keyboard_only_search_and_open_article(page, live_url):
    page.goto(live_url + "/")
    page.keyboard.type("narcos mexico season 2")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.hits li.hit")
    first = page.locator("ol.hits li.hit .hit-title a").first
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("article.article h1")
    assert "Narcos" in page.locator("article.article h1").inner_text()
    page.locator(".entities a.tag-person", has_text="Diego Luna").click()
    page.wait_for_selector(".chip-person")
    assert "person=Diego+Luna" in page.url


def test_suggestions_appear_while_typing(page, live_url):
    page.goto(live_url + "/")
    page.type("#q", "narc", delay=30)
    page.locator("#suggestions option").first.wait_for(state="attached", timeout=5000)
    values = page.eval_on_selector_all("#suggestions option", "els => els.map(e => e.value)")
    assert any(re.search("narco", v, re.I) for v in values)


def test_phone_width_layout(browser, live_url):
    ctx = browser.new_context(viewport={"width": 390, "height": 800})
    pg = ctx.new_page()
    pg.goto(live_url + "/?q=oscar")
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # no horizontal scrolling
    pg.screenshot(path=str(ARTIFACTS / "phone.png"))
    ctx.close()


def test_hostile_article_runs_no_script(page, hostile_live_url):
    for path in ("/?q=hostile", "/article/evil-1"):
        page.goto(hostile_live_url + path)
        page.wait_for_load_state("load")
        assert page.dialogs == []
        assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "<script>" in page.locator("article.article").inner_text()  # shown as text


@pytest.fixture(scope="module")
def hostile_live_url(tmp_path_factory):
    from indexer.build import build_index
    from indexer.store import IndexHome
    from webapp import create_app

    src = tmp_path_factory.mktemp("evil")
    (src / "evil.jsonl").write_text(
        '{"id": "evil-1", "date": "2020-01-01", "title": "<img src=x onerror=alert(1)> Hostile", '
        '"text": "<script>window.__pwned=1;alert(2)</script> hostile body", "url": "javascript:alert(3)"}\n',
        encoding="utf-8")
    home = IndexHome(tmp_path_factory.mktemp("evilix"))
    build_index([str(src)], home)
    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": str(home.root), "RATE_LIMIT": 0}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
