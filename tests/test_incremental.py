"""Incremental resolve: articles merged batch by batch give the records of one full rebuild.

The articles below are written for this test: two pacts of one pair of states, a treaty that one
article gives three parties and another two (the near-parties join), descriptions that refer back,
a wire report carried twice (a story) and a copy of it with a smaller id arriving last (the story
is renamed, and the supports of its agreement change).
"""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from treatywatch.records import Article

GRID = ("The new line will carry up to 600 megawatts across the desert in the north. Engineers expect the "
        "first towers to rise next spring and the cables to be live before the end of 2027, and the two grid "
        "operators will share the cost of the substations on each side of the frontier.")
ARTICLES = {
    "b01": ("2024-03-04", "LIMA, March 4, 2024 - Chile and Peru signed the Agreement on Fisheries Cooperation in "
            "Lima on Monday. The agreement sets shared quotas for anchovy and creates a joint commission that "
            "will meet twice a year to review the stocks along the coast of both countries."),
    "b02": ("2024-03-05", "SANTIAGO, March 5, 2024 - Chile and Peru signed the Agreement on Fisheries Cooperation "
            "in Lima on Monday. The agreement sets shared quotas for anchovy and creates a joint commission that "
            "will meet twice a year to review the stocks along the coast of both nations, officials said."),
    "b03": ("2024-06-11", "LIMA, June 11, 2024 - Peru's Congress ratified the fisheries agreement with Chile on "
            "Tuesday, three months after the two governments signed the deal in Lima."),
    "b04": ("2024-04-20", "SANTIAGO, April 20, 2024 - Chile and Peru signed the Treaty on Electricity "
            "Interconnection in Santiago on Saturday, linking the power grids of the two countries.\n\n"
            + GRID),
    "b05": ("2024-05-02", "OSLO, May 2, 2024 - Norway, Iceland and Denmark signed the Treaty on Arctic Search and "
            "Rescue Coordination in Oslo on Thursday. The treaty pools ships and aircraft for rescues at sea."),
    "b06": ("2024-09-15", "REYKJAVIK, September 15, 2024 - Iceland's parliament ratified the Treaty on Arctic "
            "Search and Rescue Coordination with Norway on Sunday."),
    "b07": ("2024-02-08", "ACCRA, February 8, 2024 - Ghana and Togo signed a Memorandum of Understanding on Border "
            "Security in Accra on Thursday. Under the memorandum the two states will hold joint patrols and "
            "share intelligence on smuggling routes across their long common frontier."),
    "b08": ("2024-07-01", "ACCRA, July 1, 2024 - Ghana's cabinet approved the memorandum with Togo on border "
            "security on Monday, officials said."),
    "b09": ("2024-03-06", "PARIS, March 6, 2024 - Chile and Peru signed the Agreement on Fisheries Cooperation in "
            "Lima on Monday. The agreement sets shared quotas for anchovy and creates a joint commission that "
            "will meet twice a year to review the stocks along the coast of both countries, diplomats said."),
    "a00": ("2024-02-09", "LOME, February 9, 2024 - Ghana and Togo signed a Memorandum of Understanding on Border "
            "Security in Accra on Thursday. Under the memorandum the two states will hold joint patrols and "
            "share intelligence on smuggling routes across their long common frontier, a minister said."),
    # names one party only: it joins the three-party treaty (an upper-case id sorts apart under a locale's collation)
    "B10": ("2024-10-02", "REYKJAVIK, October 2, 2024 - Iceland published the Treaty on Arctic Search and Rescue "
            "Coordination in its official gazette on Wednesday, and the treaty takes effect next month."),
    # a rewrite of b04 that names no agreement: it is in no story (the source of no fact)
    "a01": ("2024-04-21", "The power grids of Chile and Peru are to be linked, the two governments said on Saturday."
            "\n\n" + GRID),
}


@pytest.fixture(scope="module")
def all_facts():
    from treatywatch.extract.article import extract_all
    articles = [Article(id=i, text=t, published=date.fromisoformat(d)) for i, (d, t) in ARTICLES.items()]
    return {f.article.id: f for f in extract_all(articles)}


def _batches(ids: list[str], sizes: list[int]) -> list[list[str]]:
    out, start = [], 0
    for size in sizes:
        out.append(ids[start:start + size])
        start += size
    out[-1].extend(ids[start:])  # the last batch takes what the sizes leave
    return out


def _merged_in_batches(store, all_facts, batches, monkeypatch):
    for n, batch in enumerate(batches):
        for ident in batch:
            store.save_facts(all_facts[ident])
        if n == 1:
            # from the second batch on, only the incremental path may run
            monkeypatch.setattr(store, "_rebuild", lambda session: pytest.fail("took the full path"))
        store.refresh()
        assert not store.stale()
    monkeypatch.undo()


def _snapshot(store) -> tuple[list[dict], list[dict]]:
    return store.query()[0], store.story_groups()


def _without_ids(records: list[dict]) -> list[str]:
    """Records as text with their ids left out: the ids of new agreements depend on which article came first."""
    return sorted(json.dumps({k: v for k, v in r.items() if k != "id"}, sort_keys=True) for r in records)


@pytest.fixture(scope="module")
def reference(all_facts, tmp_path_factory):
    """Every article stored at once and merged by the full path."""
    from treatywatch.store.repo import Store
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.db'}")
    for facts in all_facts.values():
        store.save_facts(facts)
    store.rebuild()
    records, groups = _snapshot(store)
    store.close()
    return records, groups


ORDERS = {"by id": (0, [6, 2, 1, 1, 1]), "reversed": (-1, [6, 2, 2, 1]), "shuffled": (7, [6, 1, 1, 1, 1, 1]),
          "shuffled again": (11, [6, 1, 2, 2])}


@pytest.mark.parametrize("order", sorted(ORDERS))
def test_batches_in_any_order_give_the_records_of_a_full_rebuild(order, db_url, all_facts, reference, monkeypatch):
    from treatywatch.store.repo import Store
    seed, sizes = ORDERS[order]
    ids = sorted(all_facts)
    if seed < 0:
        ids.reverse()
    elif seed:
        random.Random(seed).shuffle(ids)
    store = Store(db_url)
    _merged_in_batches(store, all_facts, _batches(ids, sizes), monkeypatch)
    records, groups = _snapshot(store)
    assert len(records) >= 4 and any(len(g["articles"]) > 1 for g in groups)
    store.rebuild()  # the full path on the same store: same ids, same records, same stories
    assert _snapshot(store) == (records, groups)
    assert _without_ids(records) == _without_ids(reference[0]) and groups == reference[1]
    store.close()


def test_a_new_copy_with_a_smaller_id_renames_the_story_and_updates_its_agreement(store, all_facts, monkeypatch):
    first = [i for i in sorted(all_facts) if i != "a00"]
    _merged_in_batches(store, all_facts, [first, ["a00"]], monkeypatch)
    story = next(g for g in store.story_groups() if "b07" in {a["id"] for a in g["articles"]})
    assert story["story"] == "a00" and {a["id"] for a in story["articles"]} == {"a00", "b07"}
    memo = next(r for r in store.query()[0] if "b07" in r["articles"])
    assert "a00" in memo["articles"] and memo["stories"] == sorted(set(memo["stories"])) and "a00" in memo["stories"]


def test_a_copy_that_names_no_agreement_is_in_no_story(store, all_facts, monkeypatch):
    """It is the source of no fact (resolve/stories.py `in_stories`): it neither joins nor renames the
    story of the article it rewrites, in the incremental merge or in the full one."""
    assert not all_facts["a01"].agreements and not all_facts["a01"].passing
    first = [i for i in sorted(all_facts) if i != "a01"]
    _merged_in_batches(store, all_facts, [first, ["a01"]], monkeypatch)
    for _path in ("incremental", "full"):
        treaty = next(r for r in store.query()[0] if r["articles"] == ["b04"])
        assert treaty["stories"] == ["b04"]
        assert "a01" not in {a["id"] for g in store.story_groups() for a in g["articles"]}
        store.rebuild()


def test_an_article_only_touches_the_agreements_of_its_blocks(store, all_facts):
    from sqlalchemy import select

    from treatywatch.store.tables import AgreementRow
    for ident in sorted(set(all_facts) - {"b06", "B10"}):  # B10 alone is a record of its own, which b06 would join
        store.save_facts(all_facts[ident])
    store.refresh()
    before = {r["id"]: r for r in store.query()[0]}
    with store.sessions() as session:
        rowids = dict(session.execute(select(AgreementRow.id, AgreementRow.title)).all())
    store.save_facts(all_facts["b06"])
    report = store.refresh()
    after = {r["id"]: r for r in store.query()[0]}
    changed = {i for i in after if after[i] != before.get(i)}
    assert report.created + report.updated == len(changed) >= 1
    assert all(set(after[i]["parties"] or []) & {"NOR", "ISL", "DNK"} for i in changed)
    assert set(rowids) <= set(after)


def _merged_then_downgraded(tmp_path, all_facts, revision, older_rows=()):
    """A store of every article merged in full, taken down to `revision` (and given `older_rows`, SQL
    that writes what the code of that revision would have): its url and the records it held."""
    from alembic import command
    from alembic.config import Config
    from importlib import resources
    from sqlalchemy import text

    from treatywatch.store.repo import Store
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    for facts in all_facts.values():
        store.save_facts(facts)
    store.rebuild()
    expected = _snapshot(store)
    config = Config()
    config.set_main_option("script_location", str(resources.files("treatywatch") / "store" / "migrations"))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
        for statement in older_rows:
            connection.execute(text(statement))
    store.close()
    return url, expected


def test_a_store_merged_before_the_index_existed_is_merged_in_full_once(tmp_path, all_facts):
    from treatywatch.store.repo import Store
    url, expected = _merged_then_downgraded(tmp_path, all_facts, "0003")
    store = Store(url)  # migrates again: no index yet, so the next merge takes the full path
    assert store.stale()
    store.refresh()
    assert not store.stale() and _snapshot(store) == expected
    store.close()


def test_a_store_indexed_before_stories_left_out_unmentioning_articles_is_merged_in_full_once(tmp_path, all_facts):
    """Migration 0005: a store whose story index holds every article (as the code before it wrote
    it) takes the full path once, and then holds only the articles that mention an agreement."""
    from sqlalchemy import text

    from treatywatch.store.repo import Store
    # the older code's index: the copy that names no agreement in it too
    url, expected = _merged_then_downgraded(tmp_path, all_facts, "0004", [
        "INSERT INTO story_signatures (article_id, size, signature) VALUES ('a01', 1, x'00')",
        "INSERT INTO stories (article_id, story_id) VALUES ('a01', 'a01')"])
    store = Store(url)
    assert store.stale()
    store.refresh()
    assert not store.stale() and _snapshot(store) == expected
    with store.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM story_signatures WHERE article_id = 'a01'")) == 0
    store.close()
