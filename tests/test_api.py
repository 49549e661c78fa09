"""The REST API through FastAPI's test client: every endpoint, filters, paging, errors, the token rule."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import ingested_store
from treatywatch.serve.api.app import create_app

ARTICLES = {
    "a1": ("HANOI, June 2, 2024 - Vietnam and Laos signed an agreement on the demarcation of their common "
           "border in Hanoi on Sunday. The agreement sets out the line of the state border."),
    "a2": ("ULAANBAATAR, May 14, 2024 - The presidents of Mongolia and Kazakhstan signed the Treaty on Strategic "
           "Partnership between Mongolia and the Republic of Kazakhstan on Tuesday. The treaty commits both states "
           "to cooperation in trade and investment."),
    "a3": ("ASTANA, September 3, 2024 - Kazakhstan's Senate ratified the Treaty on Strategic Partnership with "
           "Mongolia on Monday."),
    "evil": ("VIENTIANE, July 1, 2024 - Laos and Vietnam signed a memorandum on river transport in Vientiane "
             "on Monday. <script>alert(1)</script> <img src=x onerror=alert(1)>"),
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    store = ingested_store(tmp_path_factory.mktemp("articles"), ARTICLES)
    yield store
    store.close()


@pytest.fixture
def client(loaded):
    return TestClient(create_app(loaded))


def add_record(store, record):
    """Store an export record directly, as a rebuild would (for shapes no short article yields)."""
    from treatywatch.store.tables import AgreementPartyRow, AgreementRow
    dates = sorted(e["date"] for e in record["events"] if e["date"])
    with store.sessions.begin() as session:
        session.add(AgreementRow(id=record["id"], title=record["title"], kind=record["kind"], status=record["status"],
                                 first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
                                 record=record))
        session.flush()
        session.add_all(AgreementPartyRow(agreement_id=record["id"], party=p) for p in record["parties"])


DISPUTED = {"id": "chl-per-disputed-1999", "title": "Fisheries <b>accord</b>", "kind": "agreement",
            "parties": ["CHL", "PER"], "status": "signed",
            "events": [{"kind": "signed", "date": "1999", "place": None, "party": None, "body": None, "articles": []}],
            "provisions": {"border": False}, "articles": [],
            "evidence": {"agreement": [], "events": [[]], "provisions": {}},
            "conflicts": [{"kind": "date", "field": "events.signed.date", "party": None,
                           "values": [{"value": "1999", "supports": [{"article_id": "x1", "outlet": "Wire <i>A</i>",
                                                                     "start": 0, "end": 4}]},
                                      {"value": "2001", "supports": []}]}],
            "flags": [{"reason": "title <script>alert(2)</script> is a guess"}]}


@pytest.fixture
def disputed(tmp_path):
    from treatywatch.store.repo import Store
    store = Store(f"sqlite:///{tmp_path / 'disputed.db'}")
    add_record(store, DISPUTED)
    yield TestClient(create_app(store))
    store.close()


@pytest.fixture
def writer(loaded):
    return TestClient(create_app(loaded, token="s3cret"))


def ids(response):
    return [item["id"] for item in response.json()["items"]]


def finished(client, accepted, token="s3cret"):
    """The job behind a 202 once it has finished (polled through GET /api/jobs/{id})."""
    import time

    for _ in range(1200):
        job = client.get(accepted.headers["location"], headers={"Authorization": f"Bearer {token}"}).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"the job did not finish: {job}")


def test_list_filters_and_paging(client):
    everything = client.get("/api/agreements").json()
    assert everything["total"] == 3 and everything["next"] is None
    # A list has summaries: counts instead of quotes; the full record is one request away.
    assert not any({"evidence", "provenance", "conflicts"} & set(item) for item in everything["items"])
    assert all(item["counts"]["articles"] == len(item["articles"]) >= 1 for item in everything["items"])
    assert len(ids(client.get("/api/agreements", params={"party": "MNG"}))) == 1
    assert len(ids(client.get("/api/agreements", params={"party": "lao"}))) == 2
    assert len(ids(client.get("/api/agreements", params={"kind": "memorandum"}))) == 1
    assert len(ids(client.get("/api/agreements", params={"status": "ratified"}))) == 1
    assert len(ids(client.get("/api/agreements", params={"since": "2024-06-01"}))) == 3
    assert len(ids(client.get("/api/agreements", params={"until": "2024-05-31"}))) == 1
    assert len(ids(client.get("/api/agreements", params={"q": "strategic"}))) == 1
    page = client.get("/api/agreements", params={"limit": 2}).json()
    assert len(page["items"]) == 2 and page["next"] == 2
    rest = client.get("/api/agreements", params={"limit": 2, "offset": 2}).json()
    assert len(rest["items"]) == 1 and rest["next"] is None
    assert not set(ids(client.get("/api/agreements", params={"limit": 2}))) & {i["id"] for i in rest["items"]}


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"kind": "alliance"},
                                    {"status": "done"}, {"since": "yesterday"}, {"party": "<b>"}])
def test_bad_filters_are_422_json(client, params):
    response = client.get("/api/agreements", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["status"] == 422 and response.json()["error"]["message"]


def test_one_agreement_article_party_graph(client):
    treaty = next(i for i in client.get("/api/agreements").json()["items"] if i["parties"] == ["KAZ", "MNG"])
    detail = client.get(f"/api/agreements/{treaty['id']}").json()
    assert {e["kind"] for e in detail["events"]} == {"signed", "ratified"}
    assert detail["articles"] == ["a2", "a3"] and detail["evidence"]["events"]
    article = client.get("/api/articles/a3").json()
    assert article["agreements"] == [treaty["id"]] and "Senate" in article["text"]
    party = client.get("/api/parties/kaz").json()
    assert party["party"] == "KAZ" and [p["party"] for p in party["partners"]] == ["MNG"]
    graph = client.get("/api/graph").json()
    assert {"KAZ", "MNG", "LAO", "VNM"} <= {n["id"] for n in graph["nodes"]}
    assert any(e["agreement"] == treaty["id"] for e in graph["edges"])
    assert client.get("/api/graph", params={"year": 2000}).json() == {"nodes": [], "edges": []}


@pytest.mark.parametrize("path", ["/api/agreements/nope", "/api/articles/nope", "/api/parties/XYZ"])
def test_unknown_ids_are_404_json(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.json()["error"]["status"] == 404


def test_writes_exist_only_with_a_token(client, writer):
    body = [{"id": "w1", "text": "Peru and Chile signed a fisheries agreement in Lima on 3 March 2024."}]
    assert client.post("/api/articles", json=body).status_code in (404, 405)
    assert writer.post("/api/articles", json=body).status_code == 401
    assert writer.post("/api/articles", json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
    accepted = writer.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret"})
    assert accepted.status_code == 202 and accepted.json()["status"] in ("queued", "running", "done")
    assert accepted.headers["location"] == f"/api/jobs/{accepted.json()['id']}"
    job = finished(writer, accepted)
    assert job["status"] == "done" and job["report"]["extracted"] == 1
    assert len(ids(writer.get("/api/agreements", params={"party": "PER"}))) == 1
    bad = writer.post("/api/articles", json=[{"id": "w2"}], headers={"Authorization": "Bearer s3cret"})
    assert bad.status_code == 422


def test_pages_render_and_escape_article_text(client):
    for path in ["/", "/?sort=title&desc=1", "/?year=2024&kind=treaty", "/map", "/compare"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    treaty = next(i for i in client.get("/api/agreements").json()["items"] if i["parties"] == ["KAZ", "MNG"])
    page = client.get(f"/agreements/{treaty['id']}").text
    assert "<svg class=\"timeline\"" in page and "ratified" in page and "economic cooperation" in page
    article = client.get("/articles/evil").text
    assert "<script>alert(1)</script>" not in article and "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "<img src=x" not in article
    assert client.get("/agreements/nope").status_code == 404
    assert client.get("/?year=abc").status_code == 422


def test_since_and_year_keep_agreements_dated_to_the_year_only(disputed):
    assert ids(disputed.get("/api/agreements", params={"since": "1999-06-01"})) == [DISPUTED["id"]]
    assert ids(disputed.get("/api/agreements", params={"since": "2000-01-01"})) == []
    assert "Fisheries" in disputed.get("/", params={"year": 1999}).text


def test_flags_and_conflicts_are_returned_and_shown_escaped(disputed):
    detail = disputed.get(f"/api/agreements/{DISPUTED['id']}").json()
    assert detail["conflicts"] == DISPUTED["conflicts"] and detail["flags"] == DISPUTED["flags"]
    page = disputed.get(f"/agreements/{DISPUTED['id']}").text
    assert "Sources disagree" in page and "events.signed.date" in page and "2001" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page and "<script>alert(2)" not in page
    assert "Wire &lt;i&gt;A&lt;/i&gt;" in page and "Fisheries &lt;b&gt;accord&lt;/b&gt;" in page
    assert "disputed" in disputed.get("/").text


def test_table_sorts_status_in_lifecycle_order(client):
    page = client.get("/", params={"sort": "status", "desc": 1}).text
    assert page.index("badge ratified") < page.index("badge signed")
    assert 'aria-sort="descending"' in page


@pytest.mark.parametrize("path", ["/?kind=alliance", "/?status=done", "/?year=abc", "/?page=0", "/map?year=x",
                                  "/compare?ids=" + ",".join(f"a{i}" for i in range(9))])
def test_bad_page_filters_are_422_pages(client, path):
    response = client.get(path)
    assert response.status_code == 422 and "<h1>422</h1>" in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_compare_lines_up_lifecycle_and_provisions(client):
    treaty, border = (next(i["id"] for i in client.get("/api/agreements").json()["items"] if i["parties"] == p)
                      for p in (["KAZ", "MNG"], ["LAO", "VNM"]))
    page = client.get("/compare", params=[("ids", treaty), ("ids", border)]).text
    assert page.count('<th scope="col">') == 2 and "KAZ 2024-09-02" in page
    assert "economic cooperation" in page and 'class="provision-row differs"' in page
    assert client.get("/compare", params={"ids": f"{treaty},nope"}).status_code == 404


def test_article_page_marks_quotes_and_links_back(client):
    treaty = next(i for i in client.get("/api/agreements").json()["items"] if i["parties"] == ["KAZ", "MNG"])
    page = client.get("/articles/a3").text
    assert "<mark>" in page and f"/agreements/{treaty['id']}" in page
    quote = client.get(f"/api/agreements/{treaty['id']}").json()["evidence"]["events"][1][0]
    assert f'id="q-{quote["start"]}"' in page


def test_docs_work_offline_under_the_csp(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "<script>" not in docs.text.replace("<script src=", "")
    assert "http" not in docs.text and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    schema = client.get("/openapi.json").json()
    assert {"/api/agreements", "/api/agreements/{agreement_id}", "/api/articles/{article_id}",
            "/api/parties/{code}", "/api/graph"} <= set(schema["paths"])
    assert "post" not in schema["paths"].get("/api/articles", {})


def test_unexpected_errors_are_500_json(loaded, monkeypatch):
    app = create_app(loaded)
    monkeypatch.setattr(loaded, "party", lambda code: 1 / 0)
    response = TestClient(app, raise_server_exceptions=False).get("/api/parties/KAZ")
    assert response.status_code == 500
    assert response.json() == {"error": {"status": 500, "message": "internal error: see the server's log"}}
