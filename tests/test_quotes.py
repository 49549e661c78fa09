"""Quoted clauses: one clause quoted by several outlets in slightly different words is one clause."""

from __future__ import annotations

import pytest

from treatywatch.resolve.quotes import Quote, align, quoted_spans, same_clause

SHORT = ("if a situation arises that threatens the security of one of the parties, the parties will immediately hold "
         "consultations with each other")
LONG = ("if a situation arises which threatens the security of either party, the contracting parties shall "
        "immediately hold consultations with one another")


@pytest.mark.parametrize("a, b, expected", [
    # two translations of one clause
    ("if a situation arises that threatens the security of one of the parties, the parties will immediately hold "
     "consultations with each other",
     "if a situation arises which threatens the security of either party, the contracting parties shall immediately "
     "hold consultations with one another",
     True),
    ("neither party will allow its territory to be used for aggression against the other party",
     "neither contracting party shall allow its territory to be used for aggression against the other contracting party",
     True),
    # one outlet quotes only part of the clause
    ("will allow its territory to be used for aggression against the other",
     "neither party will allow its territory to be used for aggression against the other party, nor its airspace",
     True),
    ("the parties will not join any alliance or bloc directed against the other party",
     "the sides shall not join any alliance or bloc aimed against the other side", True),
    # two different clauses of the same agreement
    (SHORT, "neither party will allow its territory to be used for aggression against the other party", False),
    ("the parties will develop trade, investment and joint projects in energy and transport",
     "the parties will stay out of any blocs or alliances directed against each other",
     False),
    # a short phrase is not a fragment of a clause just because its words occur in it
    ("against the other party", "neither party will allow its territory to be used for aggression against the other party",
     False),
])
def test_same_clause(a, b, expected):
    assert same_clause(a, b) is expected
    assert same_clause(b, a) is expected


@pytest.mark.parametrize("text, expected", [
    ("He said the deal was \u201chistoric\u201d.", []),  # one word: a name for it, not a clause
    ("The text reads: \u201cThe parties will consult each other on security threats.\u201d",
     ["The parties will consult each other on security threats."]),
    ("It says \u00abthe sides shall not join blocs against each other\u00bb and more.",
     ["the sides shall not join blocs against each other"]),
    ('"Neither side will use force against the other," the minister said.',
     ["Neither side will use force against the other,"]),
    ("Mixed marks: \u201cthe parties will hold regular summit meetings\" was the wording.",
     ["the parties will hold regular summit meetings"]),
])
def test_quoted_spans_with_offsets(text, expected):
    spans = quoted_spans(text)
    assert [clause for _, _, clause in spans] == expected
    assert all(text[start:end] == clause for start, end, clause in spans)


def test_align_counts_outlets_and_stories():
    quotes = [
        Quote(SHORT, "a1", "Daily One"),
        Quote(LONG, "a2", "Evening Two"),
        Quote(LONG, "a3", None),          # no outlet known: the article counts as its own outlet
        Quote(SHORT, "a4", "Daily One"),  # the same outlet again
        Quote("the parties will develop trade, investment and joint projects in energy and transport", "a2",
              "Evening Two"),
    ]
    clauses = align(quotes, {"a1": "a1", "a2": "a2", "a3": "a2", "a4": "a4"})
    assert [c["quoted_by"] for c in clauses] == [3, 1]
    top = clauses[0]
    assert top["outlets"] == ["Daily One", "Evening Two", "a3"]
    assert top["articles"] == ["a1", "a2", "a3", "a4"]
    assert top["stories"] == 3  # a3 copies a2
    assert top["clause"] == LONG  # the longest wording


def test_align_takes_plain_triples():
    clauses = align([("the parties will not join any alliance or bloc directed against the other party", "a", "A"),
                     ("the contracting parties will not join any bloc or alliance directed against the other "
                      "contracting party", "b", "B")])
    assert [c["quoted_by"] for c in clauses] == [2]
