"""The API under hostile input and load (the hardening issue): the token before the body, a body limit,
ingests as background jobs, small lists, bounded paging, literal search, ids with slashes, known parties."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient

from test_api import add_record, finished
from treatywatch.serve.api.app import create_app
from treatywatch.store.repo import Store

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CHUNK = b"x" * 65536


def quotes(article: str, count: int) -> list[dict]:
    return [{"article_id": article, "start": i * 10, "end": i * 10 + 400, "primary": False,
             "quote": "The ministers of both states agreed to share the northern fishing grounds. " * 5}
            for i in range(count)]


# Written for these tests: Norway, Iceland and Finland, with an id and titles that hold LIKE's wildcards.
FISHERIES = {"id": "isl-nor/fisheries-1", "title": "Agreement on 100% shared_quota fisheries", "kind": "agreement",
             "parties": ["ISL", "NOR"], "status": "signed",
             "events": [{"kind": "signed", "date": "2023-05-04", "place": "Reykjavik", "party": None, "body": None,
                         "articles": ["wire/2023/05/fish"]}],
             "provisions": {"economic_cooperation": True}, "articles": ["wire/2023/05/fish"],
             "evidence": {"agreement": quotes("wire/2023/05/fish", 200), "events": [quotes("wire/2023/05/fish", 50)],
                          "provisions": {"economic_cooperation": quotes("wire/2023/05/fish", 50)}},
             "provenance": {"parties": {"supports": quotes("wire/2023/05/fish", 100)}},
             "stories": ["wire/2023/05/fish"],
             "conflicts": [{"kind": "date", "field": "events.signed.date", "values": [
                 {"value": "2023-05-04", "supports": quotes("wire/2023/05/fish", 20)},
                 {"value": "2023-05-05", "supports": []}]}]}
BORDER = {"id": "fin-nor-border-2", "title": "Treaty on the border rivers", "kind": "treaty",
          "parties": ["FIN", "NOR"], "status": "ratified",
          "events": [{"kind": "signed", "date": "2021", "place": None, "party": None, "body": None, "articles": []},
                     {"kind": "ratified", "date": "2022-02", "place": None, "party": "FIN", "body": "Eduskunta",
                      "articles": []}],
          "provisions": {"border": True}, "articles": [], "evidence": {"agreement": [], "events": [[], []],
                                                                       "provisions": {}}}


@pytest.fixture
def store(tmp_path):
    from treatywatch.store.tables import AgreementArticleRow, ArticleRow

    store = Store(f"sqlite:///{tmp_path / 'hardening.db'}")
    with store.sessions.begin() as session:
        session.add(ArticleRow(id="wire/2023/05/fish", url="https://news.example.org/fish", outlet="North Wire",
                               published=date(2023, 5, 4), title="Fishing grounds shared", text="REYKJAVIK - " * 40,
                               content_hash="f" * 64, facts={}, ingested_at=datetime(2023, 5, 5)))
    add_record(store, FISHERIES)
    add_record(store, BORDER)
    with store.sessions.begin() as session:
        session.add(AgreementArticleRow(agreement_id=FISHERIES["id"], article_id="wire/2023/05/fish"))
    yield store
    store.close()


@pytest.fixture
def client(store):
    return TestClient(create_app(store))


@pytest.fixture
def writer(store):
    """A server with a token whose ingests run in a thread of its own process, so a test can stand in for them."""
    app = create_app(store, token=TOKEN)
    app.state.jobs.separate_process = False
    return TestClient(app)


def post_raw(app, headers: dict[str, str], chunks):
    """POST /api/articles straight through ASGI: (status, JSON body, body bytes the app read before answering)."""
    read = 0
    answered = False
    messages: list[dict] = []

    async def receive():
        nonlocal read
        chunk = None if answered else next(chunks, None)
        if answered:
            return {"type": "http.disconnect"}
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message):
        nonlocal answered
        answered = answered or message["type"] == "http.response.start"
        messages.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/articles", "raw_path": b"/api/articles", "query_string": b"", "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return status, json.loads(body), read


def endless(megabytes: int):
    """A body of `megabytes` MiB, made a chunk at a time (never held whole)."""
    return (CHUNK for _ in range(megabytes * 16))


@pytest.mark.parametrize("headers, status", [({}, 401), ({"Authorization": "Bearer nope"}, 403),
                                             ({"Authorization": "Basic czNjcmV0"}, 401)])
def test_token_is_checked_before_the_body_is_read(store, headers, status):
    app = create_app(store, token=TOKEN)
    answer, body, read = post_raw(app, {"content-type": "application/json", **headers}, endless(400))
    assert (answer, body["error"]["status"], read) == (status, status, 0)


def test_a_body_over_the_limit_is_413_without_reading_past_it(store):
    app = create_app(store, token=TOKEN, max_body=1024 * 1024)
    status, body, read = post_raw(app, {"content-type": "application/json", **AUTH}, endless(400))
    assert status == 413 and body["error"]["status"] == 413 and "limit" in body["error"]["message"]
    assert read <= 1024 * 1024 + len(CHUNK)
    # A declared length over the limit is refused before a byte is read.
    declared = {"content-type": "application/json", "content-length": str(400 * 1024 * 1024), **AUTH}
    status, body, read = post_raw(app, declared, endless(400))
    assert (status, read) == (413, 0)


def test_a_body_within_the_limit_is_accepted_and_the_default_limit_is_50_mib(store, monkeypatch):
    monkeypatch.setattr("treatywatch.jobs.ingest_articles", lambda store, items, **options: FakeReport())
    article = json.dumps([{"id": "n1", "text": "OSLO - Norway and Iceland signed a fisheries agreement. " * 100}])
    app = create_app(store, token=TOKEN, max_body=len(article))
    app.state.jobs.separate_process = False
    status, body, read = post_raw(app, {"content-type": "application/json", **AUTH}, iter([article.encode()]))
    assert status == 202 and read == len(article) and body["articles"] == 1
    assert create_app(store, token=TOKEN).state.max_body == 50 * 1024 * 1024


class FakeReport:
    read, duplicates, extracted, created, updated, agreements, failures, partial = 1, 0, 1, 1, 0, 3, [], []


@pytest.mark.parametrize("body, where", [(b"[{\"id\": ", "body"), (b"{\"id\": \"n1\"}", "body"),
                                         (b"[{\"id\": \"n1\"}]", "0.text"), (b"[]", "at least one"),
                                         ("[{\"id\": \"n1\", \"text\": \"\u00e9\"}]".encode("latin-1"), "body")])
def test_bad_bodies_are_422_json(writer, body, where):
    response = writer.post("/api/articles", content=body, headers={**AUTH, "content-type": "application/json"})
    assert response.status_code == 422 and where in response.json()["error"]["message"]


def test_ingests_are_jobs_run_one_at_a_time(writer, monkeypatch):
    release = threading.Event()
    running = []

    def slow_ingest(store, items, progress):
        progress(0, len(items))
        running.append([item.id for item in items])
        release.wait(30)
        return FakeReport()

    monkeypatch.setattr("treatywatch.jobs.ingest_articles", slow_ingest)
    body = [{"id": "n1", "text": "OSLO - Norway and Iceland signed a fisheries agreement on Monday."}]
    first = writer.post("/api/articles", json=body, headers=AUTH)
    assert first.status_code == 202 and first.headers["location"] == f"/api/jobs/{first.json()['id']}"
    for _ in range(600):
        if writer.get(first.headers["location"], headers=AUTH).json()["status"] == "running":
            break
        time.sleep(0.05)
    second = writer.post("/api/articles", json=body * 2, headers=AUTH)
    job = writer.get(second.headers["location"], headers=AUTH).json()
    assert (job["status"], job["articles"], job["report"]) == ("queued", 2, None)
    assert writer.get(first.headers["location"], headers=AUTH).json()["progress"] == {"extracted": 0, "total": 1}
    release.set()
    done = [finished(writer, response, TOKEN) for response in (first, second)]
    assert [job["status"] for job in done] == ["done", "done"] and running == [["n1"], ["n1", "n1"]]
    assert done[0]["report"] == {"read": 1, "duplicates": 0, "extracted": 1, "irrelevant": 0, "created": 1,
                                 "updated": 0, "agreements": 3, "failures": [], "partial": []}
    assert done[0]["started"] and done[0]["finished"] and done[0]["error"] is None


def test_a_failed_ingest_is_a_failed_job(writer, monkeypatch):
    from treatywatch.errors import StoreError

    def broken(store, items, **options):
        raise StoreError("cannot write: the disk is full")

    monkeypatch.setattr("treatywatch.jobs.ingest_articles", broken)
    accepted = writer.post("/api/articles", json=[{"id": "n1", "text": "Norway and Iceland met."}], headers=AUTH)
    job = finished(writer, accepted, TOKEN)
    assert (job["status"], job["error"], job["report"]) == ("failed", "cannot write: the disk is full", None)


def test_an_ingest_failing_in_its_process_is_a_failed_job(tmp_path):
    from types import SimpleNamespace

    from treatywatch.serve.api.jobs import Jobs

    jobs = Jobs(SimpleNamespace(url=f"sqlite:///{tmp_path / 'missing' / 'store.db'}"))
    job = jobs.submit([])
    for _ in range(1200):
        if jobs.get(job.id).status in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job.status == "failed" and "cannot open database" in job.error


def test_finished_jobs_are_kept_up_to_a_bound_and_waiting_ones_are_bounded(writer, monkeypatch):
    monkeypatch.setattr("treatywatch.jobs.ingest_articles", lambda store, items, **options: FakeReport())
    writer.app.state.jobs.keep = 2
    body = [{"id": "n1", "text": "Norway and Iceland met."}]
    accepted = [writer.post("/api/articles", json=body, headers=AUTH) for _ in range(3)]
    finished(writer, accepted[-1], TOKEN)  # jobs run in order: the others have finished too
    assert [writer.get(r.headers["location"], headers=AUTH).status_code for r in accepted] == [404, 200, 200]

    release = threading.Event()
    monkeypatch.setattr("treatywatch.jobs.ingest_articles",
                        lambda store, items, **options: release.wait(30) and FakeReport())
    writer.app.state.jobs.max_waiting = 2
    waiting = [writer.post("/api/articles", json=body, headers=AUTH) for _ in range(3)]
    assert [r.status_code for r in waiting] == [202, 202, 503]
    assert waiting[2].json()["error"]["status"] == 503 and waiting[2].headers["retry-after"]
    release.set()
    assert [finished(writer, r, TOKEN)["status"] for r in waiting[:2]] == ["done", "done"]


def test_jobs_need_the_token_and_exist_only_with_one(client, writer):
    assert writer.get("/api/jobs/nope").status_code == 401
    assert writer.get("/api/jobs/nope", headers={"Authorization": "Bearer nope"}).status_code == 403
    missing = writer.get("/api/jobs/nope", headers=AUTH)
    assert missing.status_code == 404 and missing.json()["error"]["status"] == 404
    assert client.get("/api/jobs/nope", headers=AUTH).status_code == 404
    assert "/api/jobs/{job_id}" not in client.get("/openapi.json").json()["paths"]


def test_lists_are_summaries_and_one_agreement_keeps_its_quotes(client):
    page = client.get("/api/agreements")
    item = next(i for i in page.json()["items"] if i["id"] == FISHERIES["id"])
    assert set(item) == {"id", "title", "kind", "parties", "status", "first_date", "last_date", "events",
                         "provisions", "articles", "counts"}
    assert item["events"] == [{"kind": "signed", "date": "2023-05-04", "place": "Reykjavik", "party": None,
                               "body": None}]
    assert item["counts"] == {"articles": 1, "stories": 1, "conflicts": 1, "flags": 0}
    assert (item["first_date"], item["last_date"], item["provisions"]) == ("2023-05-04", "2023-05-04",
                                                                           {"economic_cooperation": True})
    assert "quote" not in page.text and len(page.content) < 3000
    detail = client.get(f"/api/agreements/{FISHERIES['id']}")
    assert detail.json()["evidence"] == FISHERIES["evidence"] and len(detail.content) > 100_000
    assert "disputed" in client.get("/").text


def test_openapi_documents_summaries_jobs_and_the_body(writer):
    schema = writer.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    assert components["AgreementPage"]["properties"]["items"]["items"]["$ref"].endswith("/AgreementSummary")
    assert "evidence" not in components["AgreementSummary"]["properties"]
    assert "evidence" in components["AgreementPublic"]["properties"]
    post = schema["paths"]["/api/articles"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["items"]["properties"]["text"]
    assert {"202", "401", "403", "413", "422"} <= set(post["responses"])
    assert set(components["JobPublic"]["properties"]["status"]["enum"]) == {"queued", "running", "done", "failed"}


@pytest.mark.parametrize("path", ["/api/agreements?offset=18446744073709551616", "/api/agreements?offset=1e30",
                                  "/api/agreements?offset=99999999999999999999999999",
                                  "/api/agreements?limit=18446744073709551616", "/api/graph?year=18446744073709551616"])
def test_huge_numbers_are_422_not_500(client, path):
    response = client.get(path)
    assert response.status_code == 422 and response.json()["error"]["status"] == 422


@pytest.mark.parametrize("path", ["/?page=18446744073709551616", "/?page=99999999999"])
def test_huge_page_numbers_are_422_pages(client, path):
    assert client.get(path).status_code == 422


def test_an_offset_past_the_end_is_an_empty_page(client):
    page = client.get("/api/agreements", params={"offset": 1_000_000_000}).json()
    assert (page["items"], page["total"], page["next"]) == ([], 2, None)


@pytest.mark.parametrize("q, expected", [("%", [FISHERIES["id"]]), ("_", [FISHERIES["id"]]), ("100%", [FISHERIES["id"]]),
                                         ("0%_s", []), ("%border%", []), ("b_rder", []), ("\\", []), ("%%", []),
                                         ("border", [BORDER["id"]])])
def test_search_treats_wildcards_as_characters(client, q, expected):
    found = client.get("/api/agreements", params={"q": q})
    assert found.status_code == 200 and [i["id"] for i in found.json()["items"]] == expected
    assert client.get("/", params={"q": q}).text.count('class="agreement-link"') == len(expected)


@pytest.mark.parametrize("path", ["/api/articles/wire/2023/05/fish", "/api/articles/wire%2F2023%2F05%2Ffish"])
def test_article_ids_with_slashes_are_reachable(client, path):
    article = client.get(path)
    assert article.status_code == 200 and article.json()["id"] == "wire/2023/05/fish"
    assert article.json()["agreements"] == [FISHERIES["id"]]


def test_pages_reach_ids_with_slashes(client):
    page = client.get(f"/agreements/{FISHERIES['id']}")
    assert page.status_code == 200 and 'href="/articles/wire/2023/05/fish"' in page.text
    article = client.get("/articles/wire/2023/05/fish")
    assert article.status_code == 200 and "Fishing grounds shared" in article.text
    assert f'href="/agreements/{FISHERIES["id"]}"' in article.text
    assert client.get(f"/api/agreements/{FISHERIES['id']}").json()["id"] == FISHERIES["id"]
    assert client.get("/api/articles/wire/2023/05/none").status_code == 404


@pytest.mark.parametrize("code, party, agreements", [("ISL", "ISL", 1), ("nor", "NOR", 2), ("EST", "EST", 0),
                                                     ("est", "EST", 0), ("afdb", "AfDB", 0), ("eu", "EU", 0)])
def test_known_parties_answer_200_even_without_agreements(client, code, party, agreements):
    response = client.get(f"/api/parties/{code}")
    assert response.status_code == 200
    assert response.json()["party"] == party and len(response.json()["agreements"]) == agreements
    if not agreements:
        assert response.json()["partners"] == []


@pytest.mark.parametrize("code, status", [("XYZ", 404), ("Q1", 404), ("x" * 41, 422)])
def test_unknown_parties_are_404(client, code, status):
    response = client.get(f"/api/parties/{code}")
    assert response.status_code == status and response.json()["error"]["status"] == status


def test_organisation_codes_match_in_any_case(store):
    add_record(store, {**BORDER, "id": "afdb-nor-loan", "title": "Loan agreement", "parties": ["AfDB", "NOR"]})
    client = TestClient(create_app(store))
    assert [i["id"] for i in client.get("/api/agreements", params={"party": "AFDB"}).json()["items"]] == ["afdb-nor-loan"]
    party = client.get("/api/parties/afdb").json()
    assert party["party"] == "AfDB" and [a["id"] for a in party["agreements"]] == ["afdb-nor-loan"]
    assert party["partners"] == [{"party": "NOR", "agreements": 1}]


@pytest.mark.postgres
def test_summaries_search_and_parties_on_postgresql(request):
    try:
        postgres_url = request.getfixturevalue("postgres_url")  # tests/conftest.py starts a throwaway server
    except pytest.FixtureLookupError:
        pytest.skip("no postgres_url fixture in this checkout")
    store = Store(postgres_url)
    try:
        add_record(store, FISHERIES)
        add_record(store, {**BORDER, "id": "afdb-nor-loan", "title": "Loan agreement", "parties": ["AfDB", "NOR"],
                           "flags": None})
        client = TestClient(create_app(store))
        items = {i["id"]: i for i in client.get("/api/agreements").json()["items"]}
        assert items[FISHERIES["id"]]["counts"] == {"articles": 1, "stories": 1, "conflicts": 1, "flags": 0}
        assert items["afdb-nor-loan"]["counts"] == {"articles": 0, "stories": 0, "conflicts": 0, "flags": 0}
        assert [i["id"] for i in client.get("/api/agreements", params={"q": "_"}).json()["items"]] == [FISHERIES["id"]]
        assert client.get("/api/agreements", params={"q": "%%"}).json()["items"] == []
        assert client.get("/api/parties/afdb").json()["party"] == "AfDB"
        assert client.get("/api/parties/EST").json() == {"party": "EST", "agreements": [], "partners": []}
        assert client.get("/api/agreements", params={"offset": 1_000_000_000}).json()["items"] == []
    finally:
        store.close()


@pytest.mark.parametrize("args, env, expected", [
    ([], {}, 50 * 1024 * 1024),
    (["--max-body-mib", "2"], {}, 2 * 1024 * 1024),
    ([], {"TREATYWATCH_MAX_BODY_MIB": "0.5"}, 512 * 1024),
    (["--max-body-mib", "3"], {"TREATYWATCH_MAX_BODY_MIB": "0.5"}, 3 * 1024 * 1024),  # the option wins
])
def test_serve_takes_the_body_limit_from_its_option_or_the_environment(cli, tmp_path, monkeypatch, args, env, expected):
    import socket

    import uvicorn

    from treatywatch.settings import get_settings

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    served = {}

    class Server:  # stands in for uvicorn's: keeps the app instead of serving it
        def __init__(self, config):
            served["app"] = config.app

        def run(self, sockets):
            for listener in sockets:
                listener.close()

    monkeypatch.setattr(uvicorn, "Server", Server)
    with socket.socket() as probe:  # a port free now (serve binds it itself)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = cli("serve", "--port", str(port), "--token", TOKEN, *args,
                       "--db", f"sqlite:///{tmp_path / 'served.db'}")
    get_settings.cache_clear()
    assert code == 0, err
    assert served["app"].state.max_body == expected


def test_serve_refuses_a_body_limit_of_zero(cli, tmp_path):
    code, _, err = cli("serve", "--max-body-mib", "0", "--db", f"sqlite:///{tmp_path / 'served.db'}")
    assert code == 2 and "--max-body-mib" in err


def test_the_network_is_built_once_per_store_generation(tmp_path):
    from conftest import ingested_store
    from treatywatch.jobs import ingest_articles
    from treatywatch.records import Article

    store = ingested_store(tmp_path, {"a1": "Vietnam and Laos signed an agreement on the demarcation of their "
                                            "common border in Hanoi on 4 June 2024."})
    built = []
    real = store.graph
    store.graph = lambda **options: built.append(options) or real(**options)
    client = TestClient(create_app(store))
    first = client.get("/api/graph").json()
    assert client.get("/api/graph").json() == first and client.get("/api/graph?year=2030").status_code == 200
    assert built == [{"year": None}, {"year": 2030}]
    assert {n["id"] for n in first["nodes"]} == {"VNM", "LAO"}
    # New agreements: the next read builds the network again.
    ingest_articles(store, [Article(id="a2", text="Mongolia and Japan signed a treaty on defence cooperation "
                                                  "in Tokyo on 12 May 2024.")])
    again = client.get("/api/graph").json()
    assert {n["id"] for n in again["nodes"]} == {"VNM", "LAO", "MNG", "JPN"} and len(built) == 3
    store.close()
