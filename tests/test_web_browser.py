"""The pages in a real headless Chromium (Debian's), driven by Playwright: click through and screenshot."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from test_api import ARTICLES
from conftest import ingested_store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make test-deps installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from treatywatch.serve.api.app import create_app

    store = ingested_store(tmp_path_factory.mktemp("web"), ARTICLES)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=5)
    store.close()


@pytest.fixture(scope="module")
def page(server):
    SCREENSHOTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.dialogs, page.foreign, page.console_errors = [], [], []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: None if request.url.startswith((server, "data:"))
                else page.foreign.append(request.url))
        page.on("console", lambda message: page.console_errors.append(message.text)
                if message.type == "error" else None)
        yield page
        browser.close()


def wait_for(page, script: str) -> None:
    for _ in range(200):  # the page's CSP forbids wait_for_function's eval; poll instead
        if page.evaluate(script):
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {script}")


def test_click_through_table_agreement_quote_compare_map(server, page):
    page.goto(server + "/")
    assert page.locator("table.agreements tbody tr").count() == 3
    page.screenshot(path=str(SCREENSHOTS / "1-table.png"), full_page=True)

    page.click("a.sort:has-text('Title')")
    page.wait_for_url("**sort=title**")
    titles = page.locator("a.agreement-link").all_inner_texts()
    assert titles == sorted(titles, key=str.lower)
    page.select_option("select[name=kind]", "treaty")  # applies at once (table.js)
    page.wait_for_url("**kind=treaty**")
    assert page.locator("a.agreement-link").all_inner_texts() == ["Treaty on Strategic Partnership"]

    page.click("a.agreement-link:has-text('Strategic Partnership')")
    page.wait_for_selector("svg.timeline")
    assert page.locator("svg.timeline g.step.reached").count() == 2  # signed, ratified by KAZ
    assert page.locator("svg.timeline g.step.missing").count() >= 2  # MNG's ratification, entry into force
    quote = page.locator("li.provision.yes details.quote").first
    assert not quote.locator("blockquote").first.is_visible()
    quote.locator("summary").click()
    assert quote.locator("blockquote").first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "2-agreement.png"), full_page=True)

    quote.locator("blockquote a").first.click()  # the quote's article, scrolled to the marked passage
    page.wait_for_url("**/articles/a2#q-*")
    assert page.locator("div.article-text mark").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "3-article-quote.png"), full_page=True)

    page.goto(server + "/")
    button = page.locator("#compare-button")
    boxes = page.locator("input[name=ids]")
    boxes.nth(0).check()
    assert button.is_disabled()
    boxes.nth(1).check()
    button.click()
    page.wait_for_url("**/compare?ids=**")
    assert page.locator("table.compare thead th[scope=col]").count() == 2
    page.screenshot(path=str(SCREENSHOTS / "4-compare.png"), full_page=True)

    page.goto(server + "/map")
    wait_for(page, "() => Boolean(window.treatywatchGraph && window.treatywatchGraph.nodes().length)")
    assert page.evaluate("window.treatywatchGraph.nodes().length") == 4
    box = page.locator("#graph").bounding_box()
    node = page.evaluate("window.treatywatchGraph.getElementById('KAZ').renderedPosition()")
    page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])  # a real click on the drawn node
    page.wait_for_selector("#party-panel:not([hidden]) a.party-agreement")
    assert "Strategic Partnership" in page.inner_text("#party-agreements")
    assert "MNG (1)" in page.inner_text("#party-partners")
    page.screenshot(path=str(SCREENSHOTS / "5-map.png"), full_page=True)
    page.select_option("#map-colour", "status")
    page.wait_for_selector("#legend-status:not([hidden])")
    # by status, the two signed LAO–VNM agreements share one drawn edge
    wait_for(page, "() => !window.treatywatchGraph.destroyed() && window.treatywatchGraph.edges().length === 2")

    page.goto(server + "/map?year=2000")
    wait_for(page, "() => Boolean(window.treatywatchGraph)")
    assert page.evaluate("window.treatywatchGraph.nodes().length") == 0
    assert page.foreign == [] and page.dialogs == [] and page.console_errors == []


def test_article_scripts_are_shown_as_text(server, page):
    page.goto(server + "/articles/evil")
    text = page.inner_text("div.article-text")
    assert "<script>alert(1)</script>" in text and "onerror=alert(1)" in text
    assert page.locator("div.article-text img, div.article-text script").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "6-article.png"), full_page=True)
    assert page.dialogs == []


def test_api_docs_render_offline(server, page):
    page.console_errors.clear()
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock-tag", timeout=15000)
    assert "/api/agreements" in page.inner_text(".swagger-ui")
    page.screenshot(path=str(SCREENSHOTS / "7-docs.png"))
    assert page.foreign == []
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def open_map_and_click(page, server, code: str) -> None:
    page.goto(server + "/map")
    wait_for(page, "() => Boolean(window.treatywatchGraph && window.treatywatchGraph.nodes().length)")
    box = page.locator("#graph").bounding_box()
    node = page.evaluate(f"window.treatywatchGraph.getElementById('{code}').renderedPosition()")
    page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])
    page.wait_for_selector("#party-panel:not([hidden]) a.party-agreement")


@pytest.mark.parametrize("width", [1024, 1280, 1920])
def test_map_party_panel_is_visible_beside_the_graph(server, page, width):
    """The hardening issue: the graph squeezed the panel to width 0, so a click showed nothing."""
    page.set_viewport_size({"width": width, "height": 900})
    try:
        open_map_and_click(page, server, "KAZ")
        panel = page.locator("#party-panel").bounding_box()
        graph = page.locator("#graph").bounding_box()
        assert panel["width"] > 200 and panel["height"] > 50, panel
        assert panel["x"] >= graph["x"] + graph["width"] - 1 and panel["x"] + panel["width"] <= width, (panel, graph)
        link = page.locator("#party-agreements a.party-agreement").first
        box = link.bounding_box()
        assert link.is_visible() and "Strategic Partnership" in link.inner_text()
        assert box["width"] > 50 and panel["x"] <= box["x"] and box["x"] + box["width"] <= panel["x"] + panel["width"] + 1
        assert graph["width"] > width / 3  # the graph keeps most of the room
        page.screenshot(path=str(SCREENSHOTS / f"8-map-panel-{width}.png"))
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


NARROW = ["/", "/?sort=title", "/map", "/articles/a2", "/agreements/{treaty}", "/compare?ids={treaty},{border}"]


@pytest.mark.parametrize("path", NARROW)
def test_a_phone_screen_has_no_horizontal_overflow(server, page, path):
    """At 390 px the table overflowed the page and the header stopped short of its right edge."""
    import httpx

    items = httpx.get(server + "/api/agreements").json()["items"]
    treaty, border = (next(i["id"] for i in items if i["parties"] == p) for p in (["KAZ", "MNG"], ["LAO", "VNM"]))
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(server + path.format(treaty=treaty, border=border))
        if path == "/map":
            open_map_and_click(page, server, "KAZ")
            panel = page.locator("#party-panel").bounding_box()
            assert panel["width"] > 200 and page.locator("a.party-agreement").first.is_visible()
        sizes = page.evaluate("({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
        assert sizes["scroll"] <= sizes["inner"], sizes
        header = page.locator("body > header").bounding_box()
        assert header["x"] <= 0 and header["x"] + header["width"] >= sizes["inner"], header
        name = path.strip("/").split("?")[0].split("/")[0] or "table"
        page.screenshot(path=str(SCREENSHOTS / f"9-narrow-{name}-{NARROW.index(path)}.png"), full_page=True)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
