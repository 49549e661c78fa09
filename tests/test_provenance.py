"""Provenance: syndicated copies grouped, quotes aligned, disagreements and unsupported claims flagged.

The first tests go through `ingest` (extraction included); the `trace` tests below build the
records by hand, so they test provenance alone, whatever the extractors find.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import SHARED
from treatywatch.jobs import ingest
from treatywatch.records import (Agreement, AgreementKind, AgreementMention, Article, ArticleFacts, Event, EventFact,
                                 EventKind, Evidence, PartialDate, Provision, ProvisionFact)
from treatywatch.resolve.provenance import INFERRED, PARAPHRASE, PRIMARY, trace
from treatywatch.resolve.quotes import align
from treatywatch.resolve.stories import stories

WIRE = ("BAKU, March 4, 2024 - The presidents of Azerbaijan and Georgia signed a declaration on strategic "
        "partnership in Baku on Monday, pledging closer cooperation in energy, transport and trade. Officials said "
        "the declaration also commits both governments to regular meetings of their foreign ministers and to joint "
        "work on the Middle Corridor railway. \"The parties will not take part in any alliances or blocs directed "
        "against each other,\" the text of the declaration reads. The document was signed after talks that lasted "
        "more than three hours, the presidential press service said. Both leaders called the declaration a new "
        "chapter in relations between the two South Caucasus neighbours.")
LIGHT_EDIT = WIRE.replace("pledging closer cooperation", "promising deeper cooperation").replace(
    "more than three hours", "over three hours") + " Share this story."
TRANSLATED = WIRE.replace("\"The parties will not take part in any alliances or blocs directed against each other,\"",
                          "\"The sides shall not take part in any blocs or alliances directed against one another,\"")
SAME_TOPIC = ("Georgia and Azerbaijan deepened their partnership this week. In Baku, the two presidents put their "
              "names to a strategic partnership declaration that analysts described as the most important document "
              "between the neighbours in a decade; it covers energy, railways and customs procedures, according to "
              "a statement released after the meeting.")


def test_copies_are_one_story_and_other_reports_are_not():
    groups = stories([("w1", WIRE), ("w2", WIRE), ("w3", LIGHT_EDIT), ("w4", TRANSLATED), ("other", SAME_TOPIC)])
    assert groups["w1"] == groups["w2"] == groups["w3"] == groups["w4"] == "w1"
    assert groups["other"] == "other"


def test_translated_quotes_align_as_one_clause():
    clauses = align([("The parties will not take part in any alliances or blocs directed against each other", "a", "A"),
                     ("The sides shall not take part in any blocs or alliances directed against one another", "b", "B"),
                     ("The sides will cooperate in energy and transport projects of common interest", "c", "C")])
    assert [c["quoted_by"] for c in clauses] == [2, 1]


def write(folder, files):
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text)


def test_story_copies_count_once_in_support(store, tmp_path):
    write(tmp_path / "in", {"w1": WIRE, "w3": LIGHT_EDIT, "other": SAME_TOPIC})
    ingest(store, [str(tmp_path / "in")])
    [record] = [r for r in store.query()[0] if r["kind"] == "declaration"]
    signed = record["provenance"]["events"][0]
    # two copies of one wire story count as one source; the other story ("put their names to") is a second
    assert (signed["sources"], signed["support"]) == (3, 2)
    groups = {g["story"]: [a["id"] for a in g["articles"]] for g in store.story_groups()}
    assert groups == {"w1": ["w1", "w3"], "other": ["other"]}


@pytest.mark.parametrize("second, field", [
    ("ASTANA, May 20, 2024 - Kazakhstan and Mongolia signed the Treaty on Strategic Partnership between Mongolia "
     "and the Republic of Kazakhstan in Astana on 16 May 2024, officials said.", "events.signed.date"),
    ("ASTANA, May 20, 2024 - Kazakhstan and Mongolia signed the Treaty on Strategic Partnership between Mongolia "
     "and the Republic of Kazakhstan in Astana on 14 May 2024, officials said.", "events.signed.place"),
    ("ASTANA, May 20, 2024 - The Treaty on Strategic Partnership between Mongolia and the Republic of Kazakhstan "
     "has not been signed, officials in Astana said, contradicting earlier reports.", "events.signed"),
])
def test_disagreements_are_flagged_with_both_sides(store, tmp_path, second, field):
    first = ("ULAANBAATAR, May 15, 2024 - The presidents of Mongolia and Kazakhstan signed the Treaty on Strategic "
             "Partnership between Mongolia and the Republic of Kazakhstan in Ulaanbaatar on 14 May 2024.")
    write(tmp_path / "in", {"first": first, "second": second})
    ingest(store, [str(tmp_path / "in")])
    flags = store.conflicts(party="MNG")
    flag = next(f for f in flags if f["field"] == field)
    sides = [sorted({s["article_id"] for s in v["supports"]}) for v in flag["values"]]
    assert sorted(sides) == [["first"], ["second"]]


def test_unsupported_defence_claim_is_flagged_not_coded(store, tmp_path):
    text = ("TASHKENT, June 3, 2024 - Uzbekistan and Turkmenistan signed a treaty on allied relations on Monday, "
            "an alliance whose members would jointly respond to any armed attack, commentators said.\n\n"
            "The treaty states that \"if either party finds its security under threat, the parties will "
            "hold consultations without delay to coordinate their positions.\"")
    write(tmp_path / "in", {"t": text})
    ingest(store, [str(tmp_path / "in")])
    [record] = store.query()[0]
    assert record["provisions"].get("consultation") is True and "defense" not in record["provisions"]
    [flag] = [c for c in record["conflicts"] if c["kind"] == "unsupported_claim"]
    assert flag["claim"] == "defense" and "jointly respond" in flag["quote"]
    assert flag["quoted_text_supports"] == ["consultation"]


def test_seeds_provenance(store):
    seeds = SHARED / "corpus" / "seeds" / "articles"
    if not seeds.is_dir():
        pytest.skip("the shared seeds are not present")
    ingest(store, [str(seeds)])
    groups = {g["story"]: [a["id"] for a in g["articles"]] for g in store.story_groups()}
    assert groups["s000"] == ["s000", "s001"]  # two outlets carrying one report
    assert all(len(groups[s]) == 1 for s in ("s002", "s003", "s004"))
    claims = [c for c in store.conflicts() if c["kind"] == "unsupported_claim"]
    assert sorted(a for c in claims for a in c["articles"]) == ["s002", "s004"]
    assert all(c["claim"] == "defense" and "consultation" in c["quoted_text_supports"] for c in claims)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in seeds.glob("*.txt")}  # quotes are the claims' own sentences
    assert all(c["quote"] in texts[c["article_id"]] for c in claims)
    assert all(any(s["article_id"] == c["article_id"] for s in c["values"][0]["supports"]) for c in claims)
    for record in store.query()[0]:
        assert "defense" not in record["provisions"]
    kgz = next(r for r in store.query(party="KGZ")[0] if "s001" in r["articles"])
    consult = next(c for c in kgz["quoted_clauses"] if "consultations" in c["clause"])
    assert consult["quoted_by"] == 2 and consult["articles"] == ["s000", "s001"] and consult["stories"] == 1
    consultation = kgz["provenance"]["provisions"]["consultation"]
    assert consultation["quoted_by"] == 2 and consultation["support"] == 2  # s000+s001 one story, s002 another


def test_cli_shows_support_and_flags(cli, tmp_path):
    seeds = SHARED / "corpus" / "seeds" / "articles"
    if not seeds.is_dir():
        pytest.skip("the shared seeds are not present")
    db = f"sqlite:///{tmp_path / 'p.db'}"
    assert cli("ingest", str(seeds), "--db", db)[0] == 0
    code, out, err = cli("conflicts", "--db", db)
    assert code == 0 and out.count("unsupported claim (defense)") == 2, err
    code, out, _ = cli("conflicts", "--db", db, "--party", "UZB", "--json")
    [flag] = [json.loads(line) for line in out.splitlines()]
    assert flag["kind"] == "unsupported_claim" and flag["quote"] in (seeds / f"{flag['article_id']}.txt").read_text(encoding="utf-8")
    code, out, _ = cli("stories", "--db", db, "--json")
    outlet = {r["id"]: r.get("outlet") for r in map(json.loads, (seeds.parent / "articles.jsonl").read_text().splitlines())}
    assert {"story": "s000", "articles": [{"id": "s000", "outlet": outlet["s000"]},
                                          {"id": "s001", "outlet": outlet["s001"]}]} in [json.loads(x) for x in out.splitlines()]
    kgz = next(json.loads(x)["id"] for x in cli("agreements", "--db", db, "--party", "KGZ", "--json")[1].splitlines())
    code, out, _ = cli("show", kgz, "--db", db)
    assert code == 0
    assert "quoted by 2 outlets" in out and "2 independent stories" in out
    assert "Flags" in out and "unsupported claim (defense)" in out


# -- trace on hand-built records ------------------------------------------------------------

KAZ_MNG = ("KAZ", "MNG")


def article(ident: str, text: str, published: date | None = None, outlet: str | None = None) -> ArticleFacts:
    return ArticleFacts(article=Article(ident, text, outlet=outlet, published=published), published=published,
                        agreements=[AgreementMention("m1", "Treaty on Partnership", AgreementKind.TREATY,
                                                     "partnership", KAZ_MNG, False, [evidence(ident, text, text[:20])])])


def evidence(ident: str, text: str, phrase: str, primary: bool = False) -> Evidence:
    start = text.index(phrase)
    return Evidence(ident, start, start + len(phrase), phrase, primary)


def signed(facts: ArticleFacts, day: str | None, place: str | None = None, inferred: bool = False) -> EventFact:
    fact = EventFact(EventKind.SIGNED, "m1", PartialDate.parse(day) if day else None, place, None, None,
                     evidence(facts.article.id, facts.article.text, facts.article.text), inferred)
    facts.events.append(fact)
    return fact


def provision(facts: ArticleFacts, key: Provision, phrase: str, value: bool = True, *, claim: bool = False
              ) -> ProvisionFact:
    text = facts.article.text
    fact = ProvisionFact(key, value, "m1", evidence(facts.article.id, text, phrase, primary=_inside_quotes(text, phrase)))
    (facts.claims if claim else facts.provisions).append(fact)
    return fact


def _inside_quotes(text: str, phrase: str) -> bool:
    return text[: text.index(phrase)].count("\"") % 2 == 1


def agreement(all_facts: list[ArticleFacts], events: list[Event] = (),
              provisions: dict[Provision, bool] | None = None) -> Agreement:
    evidence_of: dict[Provision, list[Evidence]] = {}
    for facts in all_facts:
        for fact in facts.provisions:
            evidence_of.setdefault(fact.key, []).append(fact.evidence)
    return Agreement("kaz-mng", "Treaty on Partnership", AgreementKind.TREATY, list(KAZ_MNG), list(events),
                     provisions or {}, {k: v for k, v in evidence_of.items() if k in (provisions or {})},
                     sorted(f.article.id for f in all_facts), [m.evidence[0] for f in all_facts for m in f.agreements])


def event_of(facts: list[EventFact], kind: EventKind = EventKind.SIGNED, day: str | None = None,
             place: str | None = None, party: str | None = None, body: str | None = None) -> Event:
    return Event(kind, PartialDate.parse(day) if day else None, place, party, body,
                 sorted({f.evidence.article_id for f in facts}), [f.evidence for f in facts])


def run(all_facts: list[ArticleFacts], record: Agreement, story_of: dict[str, str] | None = None):
    return trace(record, {f.article.id: f for f in all_facts}, [(f.article.id, "m1") for f in all_facts],
                 story_of or {f.article.id: f.article.id for f in all_facts})


@pytest.mark.parametrize("stories_of, primary, expected", [
    ({"a": "a"}, False, PARAPHRASE),
    ({"a": "a", "b": "a", "c": "a"}, False, PARAPHRASE),            # three copies of one wire story
    ({"a": "a", "b": "b"}, False, 1 - (1 - PARAPHRASE) ** 2),       # two independent reports
    ({"a": "a"}, True, PRIMARY),                                     # the agreement's own words
    ({"a": "a", "b": "b", "c": "c"}, False, 1 - (1 - PARAPHRASE) ** 3),
])
def test_confidence_counts_independent_stories(stories_of, primary, expected):
    facts = []
    for ident in stories_of:
        text = 'Kazakhstan and Mongolia signed it. "The parties will consult on threats to security," it says.'
        facts.append(article(ident, text))
        provision(facts[-1], Provision.CONSULTATION, "consult on threats" if primary else "Kazakhstan and Mongolia")
    found = run(facts, agreement(facts, provisions={Provision.CONSULTATION: True}), stories_of)
    field = found.fields["provisions"]["consultation"]
    assert field["support"] == len(set(stories_of.values())) and field["sources"] == len(stories_of)
    assert field["confidence"] == pytest.approx(round(expected, 2))


def test_dissent_lowers_confidence_and_is_listed():
    yes = article("a", "The treaty bars bloc membership against the partner.")
    no = article("b", "The treaty does not bar bloc membership, officials said.")
    provision(yes, Provision.NO_HOSTILE_ALLIANCES, "bars bloc membership")
    provision(no, Provision.NO_HOSTILE_ALLIANCES, "does not bar bloc membership", value=False)
    found = run([yes, no], agreement([yes, no], provisions={Provision.NO_HOSTILE_ALLIANCES: True}))
    field = found.fields["provisions"]["no_hostile_alliances"]
    assert [s["article_id"] for s in field["dissent"]] == ["b"]
    assert field["confidence"] == pytest.approx(round(PARAPHRASE * PARAPHRASE / (2 * PARAPHRASE), 2))
    [flag] = found.conflicts
    assert (flag["kind"], flag["field"]) == ("value", "provisions.no_hostile_alliances")
    assert [v["value"] for v in flag["values"]] == ["yes", "no"]


@pytest.mark.parametrize("first, second, inferred, conflict", [
    (("2024-05-14", "Ulaanbaatar"), ("2024-05-16", "Ulaanbaatar"), False, ("date", "events.signed.date")),
    (("2024-05-14", "Ulaanbaatar"), ("2024-05-14", "Astana"), False, ("place", "events.signed.place")),
    (("2024-05-14", "Ulaanbaatar"), ("2024-05", "ulaanbaatar"), False, None),  # one day, told less precisely
    (("2024-05-14", None), ("2024-05-20", None), True, None),  # only a publication date standing in
])
def test_one_signing_with_two_dates_or_places(first, second, inferred, conflict):
    a = article("a", "They signed the treaty in the capital.")
    b = article("b", "The treaty was signed in the capital.")
    facts = [signed(a, *first), signed(b, *second, inferred=inferred)]
    found = run([a, b], agreement([a, b], [event_of(facts, day=first[0], place=first[1])]))
    if conflict is None:
        assert found.conflicts == []
        return
    [flag] = found.conflicts
    assert (flag["kind"], flag["field"]) == conflict
    assert sorted([s["article_id"] for s in v["supports"]] for v in flag["values"]) == [["a"], ["b"]]
    part = found.fields["events"][0][conflict[0]]
    assert part["dissent"] and part["confidence"] < PARAPHRASE


def test_inferred_date_supports_weakly():
    a = article("a", "They signed the treaty on Tuesday.", published=date(2024, 5, 15))
    found = run([a], agreement([a], [event_of([signed(a, "2024-05-15", inferred=True)], day="2024-05-15")]))
    assert found.fields["events"][0]["date"]["confidence"] == INFERRED


@pytest.mark.parametrize("same_article, flagged", [(False, True), (True, False)])
def test_one_ratification_ascribed_to_two_parties(same_article, flagged):
    a = article("a", "The Senate ratified the treaty on 3 June 2024.")
    b = a if same_article else article("b", "The Senate ratified the treaty on 3 June 2024, the other side said.")
    steps = []
    for facts, party in ((a, "KAZ"), (b, "MNG")):
        fact = EventFact(EventKind.RATIFIED, "m1", PartialDate.parse("2024-06-03"), None, party, "Senate",
                         evidence(facts.article.id, facts.article.text, facts.article.text))
        facts.events.append(fact)
        steps.append(event_of([fact], EventKind.RATIFIED, "2024-06-03", party=party, body="Senate"))
    all_facts = [a] if same_article else [a, b]
    found = run(all_facts, agreement(all_facts, steps))
    parties = [c for c in found.conflicts if c["kind"] == "party"]
    assert bool(parties) is flagged
    if flagged:
        assert [v["value"] for v in parties[0]["values"]] == ["KAZ", "MNG"] and parties[0]["date"] == "2024-06-03"


@pytest.mark.parametrize("denied_on, same_article, flagged", [
    (date(2024, 7, 1), False, True),    # says 'not ratified' after the ratification: a contradiction
    (date(2024, 5, 1), False, False),   # said before it happened: true at the time
    (None, False, True),                # undated denial: cannot tell, so shown
    (date(2024, 7, 1), True, False),    # one article reports one step and denies another
])
def test_status_denied_by_another_source(denied_on, same_article, flagged):
    text = "The Senate ratified the treaty on 3 June 2024. It has not been ratified by the other parliament."
    reporter = article("a", text, published=date(2024, 6, 4))
    denier = reporter if same_article else article("b", "The treaty has not yet been ratified.", published=denied_on)
    step = EventFact(EventKind.RATIFIED, "m1", PartialDate.parse("2024-06-03"), None, "KAZ", "Senate",
                     evidence("a", text, "The Senate ratified the treaty on 3 June 2024."))
    reporter.events.append(step)
    denier.denials.append(EventFact(EventKind.RATIFIED, "m1", None, None, None, None,
                                    evidence(denier.article.id, denier.article.text,
                                             "ratified by the other parliament" if same_article else "not yet")))
    all_facts = [reporter] if same_article else [reporter, denier]
    found = run(all_facts, agreement(all_facts, [event_of([step], EventKind.RATIFIED, "2024-06-03", party="KAZ",
                                                          body="Senate")]))
    status = [c for c in found.conflicts if c["kind"] == "status"]
    assert bool(status) is flagged
    if flagged:
        assert status[0]["field"] == "events.ratified"
        assert [v["value"] for v in status[0]["values"]] == ["reported", "not yet"]
        assert found.fields["events"][0]["dissent"]


TREATY_TEXT = ('Commentators call it an alliance that will jointly respond to any attack. The text says that "if '
               'a threat to the security of either party arises, the parties will hold consultations at once."')


def test_paraphrased_defence_claim_against_quoted_consultation_is_flagged():
    a = article("a", TREATY_TEXT)
    provision(a, Provision.CONSULTATION, "hold consultations at once")
    provision(a, Provision.DEFENSE, "jointly respond to any attack", claim=True)
    found = run([a], agreement([a], provisions={Provision.CONSULTATION: True}))
    [flag] = found.conflicts
    assert (flag["kind"], flag["field"], flag["claim"]) == ("unsupported_claim", "provisions.defense", "defense")
    assert flag["quoted_text_supports"] == ["consultation"] and "jointly respond" in flag["quote"]
    claimed, quoted = flag["values"]
    assert not claimed["supports"][0]["primary"] and quoted["supports"][0]["primary"]
    assert "defense" not in found.fields["provisions"] and found.withheld == []


def test_defence_set_from_paraphrase_alone_is_withheld():
    a = article("a", TREATY_TEXT)
    provision(a, Provision.CONSULTATION, "hold consultations at once")
    provision(a, Provision.DEFENSE, "jointly respond to any attack")  # as if an extractor cue had fired
    found = run([a], agreement([a], provisions={Provision.CONSULTATION: True, Provision.DEFENSE: True}))
    assert found.withheld == [Provision.DEFENSE]
    assert "defense" not in found.fields["provisions"]
    assert [c["field"] for c in found.conflicts] == ["provisions.defense"]


def test_defence_in_the_quoted_text_is_not_flagged():
    text = ('Commentators call it a defence pact. The text says that "each party will give the other military '
            'assistance if it is attacked."')
    a = article("a", text)
    provision(a, Provision.DEFENSE, "military assistance if it is attacked")
    provision(a, Provision.DEFENSE, "a defence pact", claim=True)
    found = run([a], agreement([a], provisions={Provision.DEFENSE: True}))
    assert found.conflicts == [] and found.withheld == []
    assert found.fields["provisions"]["defense"]["primary"] is True


def test_claim_with_nothing_quoted_is_kept_as_unverified():
    a = article("a", "Commentators call it an alliance that will jointly respond to any attack.")
    provision(a, Provision.DEFENSE, "jointly respond to any attack", claim=True)
    found = run([a], agreement([a]))
    assert found.conflicts == []
    assert [c["claim"] for c in found.claims] == ["defense"]
    assert found.as_json()["provenance"]["claims"][0]["supports"][0]["article_id"] == "a"


def test_supports_carry_outlet_date_offsets_and_story():
    a = article("a", TREATY_TEXT, published=date(2024, 6, 3), outlet="Steppe Herald")
    provision(a, Provision.CONSULTATION, "hold consultations at once")
    found = run([a], agreement([a], provisions={Provision.CONSULTATION: True}), {"a": "s-1"})
    [support] = found.fields["provisions"]["consultation"]["supports"]
    assert support == {"article_id": "a", "outlet": "Steppe Herald", "published": "2024-06-03",
                       "quote": "hold consultations at once", "start": TREATY_TEXT.index("hold consultations"),
                       "end": TREATY_TEXT.index("hold consultations") + len("hold consultations at once"),
                       "primary": True, "story": "s-1"}
    assert found.stories == ["s-1"]


@pytest.mark.parametrize("args", [["conflicts", "--db", "notaurl://x"], ["stories", "--db", "notaurl://x"],
                                  ["conflicts", "--party"]])
def test_provenance_commands_fail_in_one_line(cli, args):
    code, _, err = cli(*args)
    assert code in (1, 2) and "Traceback" not in err and len(err.strip().splitlines()) <= 2
