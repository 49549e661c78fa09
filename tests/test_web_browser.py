"""The pages in a real headless Chromium (Debian's), driven by Playwright: click through and screenshot."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from test_api import ARTICLES
from treatywatch.jobs import ingest

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

    from treatywatch.serve.app import create_app
    from treatywatch.store.repo import Store

    folder = tmp_path_factory.mktemp("web")
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text)
    store = Store(f"sqlite:///{folder / 'web.db'}")
    ingest(store, [str(folder)])
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
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.dialogs = dialogs
        yield page
        browser.close()


def test_click_through_table_agreement_quote_compare_map(server, page):
    page.goto(server + "/")
    assert page.locator("table.agreements tbody tr").count() == 3
    page.screenshot(path=str(SCREENSHOTS / "1-table.png"), full_page=True)

    page.click("a.sort:has-text('Title')")
    page.wait_for_url("**sort=title**")
    titles = page.locator("a.agreement-link").all_inner_texts()
    assert titles == sorted(titles)

    page.click("a.agreement-link:has-text('Strategic Partnership')")
    page.wait_for_selector("svg.timeline")
    assert page.locator("svg.timeline g.step").count() == 2
    quote = page.locator("li.provision.yes details.quote").first
    quote.locator("summary").click()
    assert quote.locator("blockquote").first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "2-agreement.png"), full_page=True)

    page.goto(server + "/")
    boxes = page.locator("input[name=pick]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.click("#compare-button")
    page.wait_for_url("**/compare?ids=**")
    assert page.locator("table.compare thead th").count() == 3
    page.screenshot(path=str(SCREENSHOTS / "3-compare.png"), full_page=True)

    page.goto(server + "/map")
    for _ in range(100):  # the page's CSP forbids wait_for_function's eval; poll instead
        if page.evaluate("() => Boolean(window.treatywatchGraph && window.treatywatchGraph.nodes().length)"):
            break
        time.sleep(0.05)
    assert page.evaluate("window.treatywatchGraph.nodes().length") == 4
    page.evaluate("window.treatywatchGraph.getElementById('KAZ').emit('tap')")
    page.wait_for_selector("#party-panel:not([hidden]) a.party-agreement")
    assert "Strategic Partnership" in page.inner_text("#party-agreements")
    page.screenshot(path=str(SCREENSHOTS / "4-map.png"), full_page=True)


def test_article_scripts_are_shown_as_text(server, page):
    page.goto(server + "/articles/evil")
    text = page.inner_text("pre.article-text")
    assert "<script>alert(1)</script>" in text and "onerror=alert(1)" in text
    assert page.locator("pre.article-text img").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "5-article.png"), full_page=True)
    assert page.dialogs == []
