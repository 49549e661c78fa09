"""The provision classifier: embeddings, shipped weights that a fresh training run reproduces,
paraphrases the cues miss, and the rules' denials, hedges and frame around it.
Sentences written for these tests (invented agreements between real or invented states)."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from treatywatch.extract import provision_model
from treatywatch.extract.embed import DIM, embedder
from treatywatch.records import Provision

PUBLISHED = date(2025, 3, 4)
ROOT = Path(__file__).resolve().parent.parent


def _trainer():
    spec = importlib.util.spec_from_file_location("train_provisions", ROOT / "training" / "train_provisions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def keys(facts, value=True):
    return {p.key for p in facts.provisions if p.value is value}


def test_embeddings_are_unit_vectors_that_do_not_depend_on_the_batch():
    texts = ["Neither state will use force against the other.", "Trade rose by a tenth.", "Rain is expected."]
    # the model itself (embed() would answer the second call from its cache)
    alone = np.stack([embedder()._embed([t])[0] for t in texts])
    together = embedder()._embed(texts)
    assert together.shape == (3, DIM)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(alone, together, atol=1e-5)
    assert embedder().embed([]).shape == (0, DIM)


def test_a_text_seen_before_is_not_embedded_again(monkeypatch):
    model = embedder()
    asked: list[list[str]] = []
    real = model._embed
    monkeypatch.setattr(model, "_embed", lambda texts: asked.append(list(texts)) or real(texts))
    first = model.embed(["Both navies will hold joint drills each spring.", "Tariffs on rice fall to zero."])
    again = model.embed(["Tariffs on rice fall to zero.", "A new line: ports open to each other's ships.",
                         "Tariffs on rice fall to zero."])
    assert asked[-1] == ["A new line: ports open to each other's ships."]  # one model call, for the new text only
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[1])
    monkeypatch.setattr("treatywatch.extract.embed.CACHE", 2)
    model.embed(["One more sentence about fisheries."])
    assert len(model.cache) == 2 and "Both navies will hold joint drills each spring." not in model.cache


def test_paraphrases_sit_closer_than_unrelated_sentences():
    a, b, c = embedder().embed(["The two states promised to defend each other if attacked.",
                                "Each country will come to the military aid of the other in case of an attack.",
                                "The museum reopens after renovation next spring."])
    assert a @ b > a @ c + 0.3


def test_the_shipped_weights_are_a_fresh_training_run():
    trainer = _trainer()
    rows = trainer.load_rows()
    vectors = trainer.vectors_of(rows)
    fresh = trainer.train(rows, vectors)
    shipped = json.loads((resources.files("treatywatch") / provision_model.WEIGHTS).read_text(encoding="utf-8"))
    assert trainer.differences(fresh, shipped, vectors) == []


def test_a_changed_model_is_told_apart_from_float_noise():
    trainer = _trainer()
    rows = trainer.load_rows()
    vectors = trainer.vectors_of(rows)
    shipped = json.loads((resources.files("treatywatch") / provision_model.WEIGHTS).read_text(encoding="utf-8"))
    noisy = json.loads(json.dumps(shipped))
    noisy["bias"]["defense"] += 2e-5  # what another CPU's int8 kernels give
    assert trainer.differences(noisy, shipped, vectors) == []
    moved = json.loads(json.dumps(shipped))
    moved["bias"]["border"] += 5.0  # a model that says "border" of many more sentences
    found = trainer.differences(moved, shipped, vectors)
    assert found and found[0].startswith("border: weights differ")
    assert found[-1].endswith("training sentences decided differently")


def test_training_data_covers_every_key_with_known_labels():
    rows = _trainer().load_rows()
    counts = {key: sum(key.value in r["keys"] for r in rows) for key in Provision}
    assert all(n >= 10 for n in counts.values()), counts
    assert sum(not r["keys"] for r in rows) > len(rows) / 3  # negatives: events, talks, near misses, denials


def test_training_sentences_do_not_copy_the_shared_corpora():
    shared = ROOT.parent / "shared"
    if not shared.is_dir():
        pytest.skip("no ../shared next to the repository")
    texts = [p.read_text(encoding="utf-8").lower() for p in
             [*shared.glob("corpus/*/articles/*.txt"), *shared.glob("atop/texts/*.txt")]]
    copied = []
    for row in _trainer().load_rows():
        words = row["text"].lower().split()
        for i in range(max(len(words) - 7, 1)):  # eight words in a row in a shared text: a copy
            if " ".join(words[i:i + 8]) in "\n".join(texts):
                copied.append(row["text"])
                break
    assert not copied


def test_weights_file_is_consistent():
    model = provision_model.load()
    data = json.loads((resources.files("treatywatch") / provision_model.WEIGHTS).read_text(encoding="utf-8"))
    assert model.weights.shape == (len(Provision), DIM)
    assert set(data["keys"]) == {p.value for p in Provision}
    assert all(0.5 <= t < 1 for t in model.thresholds)


@pytest.mark.parametrize("text, expected", [
    # treaty wording no codebook cue covers
    ("Should any foreign power make war on Veloria, Ostrania shall at once throw its whole armed strength "
     "into the defence of Veloria.", Provision.DEFENSE),
    # a loose news paraphrase
    ("Under the new pact, an invasion of Ostrania would bring Veloria's army to its side.", Provision.DEFENSE),
    ("The two governments promised each other in the accord that their quarrels would never again be "
     "settled by arms.", Provision.NONAGGRESSION),
    ("If the security of either partner is endangered, the accord obliges both to meet at once and agree "
     "on a joint answer.", Provision.CONSULTATION),
])
def test_the_model_reads_paraphrases(facts_of, text, expected):
    article = f"Veloria and Ostrania signed the Treaty of Harlow Bay on Monday.\n\n{text}"
    assert expected in keys(facts_of(article, published=PUBLISHED))


@pytest.mark.parametrize("text", [
    "The pact does not oblige Veloria to send troops if Ostrania is attacked.",
    "Analysts say the treaty might later be widened into a mutual defence pact.",
    "The talks also touched on an armed attack on a border post last year.",
    # the response the clause names is consultation, not help
    "Under the pact, if a third country carries out an armed attack on Veloria, the two governments will "
    "hold urgent consultations.",
])
def test_denials_hedges_and_news_of_attacks_give_no_defence(facts_of, text):
    article = f"Veloria and Ostrania signed the Treaty of Harlow Bay on Monday.\n\n{text}"
    assert Provision.DEFENSE not in keys(facts_of(article, published=PUBLISHED))


def test_a_right_to_fly_into_the_other_s_territory_is_no_promise_about_its_use(facts_of):
    article = ("Chile and Norway signed an air services agreement on Monday.\n\nThe agreement gives the "
               "airlines of each state the right to fly passengers and freight to any airport in the other's "
               "territory.")
    assert Provision.NO_TERRITORY_USE not in keys(facts_of(article, published=PUBLISHED))


def test_talk_of_trade_at_the_visit_is_no_content(facts_of):
    article = ("Chile and Norway signed a treaty on fisheries in Santiago on Monday.\n\n"
               "The ministers also discussed trade, investment and energy during the visit.")
    assert Provision.ECONOMIC_COOPERATION not in keys(facts_of(article, published=PUBLISHED))


def test_a_cooperation_area_in_the_agreement_s_name_is_content(facts_of):
    article = "Chile and Peru signed a defence co-operation agreement in Lima on Monday."
    assert Provision.MILITARY_COOPERATION in keys(facts_of(article, published=PUBLISHED))


def test_an_agreement_s_text_is_read_whole(facts_of):
    clauses = "\n\n".join([
        "Treaty of Harlow Bay between the Republic of Veloria and the Kingdom of Ostrania",
        "The Parties, desiring to live in peace, have agreed as follows:",
        "Article I. The Parties shall settle every dispute between them by peaceful means only and shall never "
        "take up arms against each other.",
        "Article II. Should a third state attack either Party, the other Party shall give it every help in its "
        "power, its armed forces included.",
        "Article III. This Treaty shall remain in force for twenty years.",
    ])
    found = keys(facts_of(clauses, published=PUBLISHED))
    assert {Provision.NONAGGRESSION, Provision.DEFENSE} <= found


def test_a_clause_cut_by_a_line_wrap_is_one_sentence(nlp):
    from treatywatch.extract.provisions import _clauses
    doc = nlp("Article 2. Should either Party be attacked by a third state, the other\n"
              "Party shall come to its aid with all its forces.\n\nArticle 3. Done in two copies.")
    texts = [s.text.strip() for s in _clauses(doc)]
    assert "Should either Party be attacked by a third state, the other\nParty shall come to its aid with all its forces." in texts
    assert "Done in two copies." in texts


@pytest.mark.parametrize("mode", ["rules", "model", "both"])
def test_every_mode_keeps_the_rules_denials(facts_of, monkeypatch, mode):
    monkeypatch.setenv("TREATYWATCH_PROVISIONS", mode)
    article = ("Chile and Peru signed a friendship treaty in Lima on Monday.\n\n"
               "The treaty does not contain a mutual defence clause, officials said.")
    assert Provision.DEFENSE in keys(facts_of(article, published=PUBLISHED), value=False)


def test_an_unknown_mode_is_an_error(monkeypatch):
    from treatywatch.errors import TreatywatchError
    from treatywatch.extract.provisions import provision_mode
    monkeypatch.setenv("TREATYWATCH_PROVISIONS", "guess")
    with pytest.raises(TreatywatchError, match="rules, model, both"):
        provision_mode()


def test_only_sentences_that_may_give_a_key_are_embedded_in_one_call(facts_of, monkeypatch):
    from treatywatch.extract.embed import Embedder
    calls: list[list[str]] = []
    embed = Embedder.embed
    monkeypatch.setattr(Embedder, "embed", lambda self, texts: calls.append(list(texts)) or embed(self, texts))
    article = ("Veloria and Ostrania signed the Treaty of Harlow Bay on Monday.\n\n"
               "Under the treaty, Ostrania shall help Veloria if a third state attacks it.\n\n"
               "The treaty does not oblige Veloria to send troops to Ostrania.\n\n"
               "Late last year an attack on a remote post in the hills killed two young guards.\n\n"
               "The accord binds each side to consult the other in any crisis.")
    facts = facts_of(article, published=PUBLISHED)
    assert Provision.DEFENSE in keys(facts)
    # the denial and the news of an attack (no word of commitment) cannot give a key: not read
    assert calls == [["Under the treaty, Ostrania shall help Veloria if a third state attacks it.",
                      "The accord binds each side to consult the other in any crisis."]]
