"""Across articles: which agreement each article's mention is, with the reason for every join.

Candidates are blocked on the party set and the kind family; within a block a mention is
scored on its subject words (word forms and spellings joined: "Montebello"/"Montebelo",
"defence"/"defense"), its title and its signing year. A proper name joins a group only
when the subjects overlap; a description ("the migrant deal", "a very ambitious agreement")
is resolved after every name, and joins the best group of its parties whatever its
subject, since it carries no name to tell agreements apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from treatywatch.extract.agreements import rules, subject_overlap
from treatywatch.records import AgreementKind, AgreementMention, EventFact, EventKind

FAMILY = {AgreementKind.TREATY: "treaty", AgreementKind.AGREEMENT: "treaty",
          AgreementKind.DECLARATION: "declaration", AgreementKind.MEMORANDUM: "memorandum",
          AgreementKind.PROTOCOL: "protocol", AgreementKind.OTHER: "other"}
SUBJECT_OVERLAP = 0.5   # a name joins a group only from this overlap of subject words on
STEM = 5                # words sharing their first five letters are one word
NEAR_PARTIES_OVERLAP = 0.6   # named agreements whose parties differ by one state are one only when this share
NEAR_PARTIES_TITLE = 0.9     # of all their subject words is common to both, and with this title similarity


@dataclass(frozen=True, slots=True)
class Join:
    """Why a mention joined its group (or started it)."""

    article_id: str
    ref: str
    title: str
    reason: str
    score: float | None = None

    def as_json(self) -> dict:
        return {"article": self.article_id, "ref": self.ref, "title": self.title, "reason": self.reason,
                "score": None if self.score is None else round(self.score, 3)}


def stems(words: set[str]) -> set[str]:
    """Each word cut to a stem that spelling variants and word forms share; the weak words
    ('relations', 'cooperation') stay whole, so that they still count as weak."""
    weak = set(rules()["weak_subject_words"])
    return {w[:STEM] if len(w) > STEM and w not in weak else w for w in words}


def overlap(a: set[str], b: set[str]) -> float:
    """Subject overlap on exact words, or on stems when that is higher."""
    return max(subject_overlap(a, b), subject_overlap(stems(a), stems(b)))


def signed_years(events: list[EventFact]) -> set[int]:
    return {e.date.year for e in events if e.kind == EventKind.SIGNED and e.date and not e.date_inferred}


def title_years(title: str) -> set[int]:
    """Years a description gives ("1995 security agreement"): the year it was signed."""
    return {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", title)}


def family_fits(group_family: str, mention: AgreementMention) -> bool:
    family = FAMILY[mention.kind]
    if family == group_family:
        return True
    # "the deal" or "the pact" of a description may stand for a memorandum or protocol.
    return mention.form == "description" and family == "treaty" and group_family in rules()["generic_families"]


def one_extra_state(group_parties: frozenset[str], mention_parties: frozenset[str]) -> str | None:
    """The state a description's party set has beyond a group's, when that is its only difference:
    a mediator, host or witness its article names as often as the parties ("signed in Washington
    in the presence of the US Secretary of State")."""
    extra = mention_parties - group_parties
    if len(group_parties) < 2 or not group_parties < mention_parties or len(extra) != 1:
        return None
    return next(iter(extra))


KIND_WORD = 0.3   # a description that calls it a treaty leans this much to a group whose names say treaty


def score(group_family: str, group_parties: frozenset[str], group_subject: set[str], group_title: str,
          group_years: set[int], group_named: bool, mention: AgreementMention,
          events: list[EventFact], *, loose_parties: bool = False,
          group_kinds: frozenset[AgreementKind] = frozenset()) -> tuple[float, str] | None:
    """(score, reason) when `mention` may be the group's agreement, else None.

    `loose_parties`: a description may also describe a named agreement whose parties are its own
    but one (see `one_extra_state`); only asked when no group has its exact parties.
    `group_kinds`: the kinds the group's proper names give; "agreement" or "pact" may stand for any
    instrument, but a description that says "treaty" speaks of a treaty before an agreement."""
    years = signed_years(events)
    if years and group_years and min(abs(a - b) for a in years for b in group_years) > 1:
        return None  # signed years apart: a later treaty of the same name
    written = title_years(mention.title) if mention.form == "description" else set()
    titled = title_years(group_title)
    # A signing reported a year off may be the same step (signed in December, in force in January); a year
    # written in the group's own title is exact: "the 2013 forces agreement" is not "the 2014 defence treaty".
    if written and not (any(abs(a - b) <= 1 for a in written for b in group_years) or written & titled):
        return None  # "the 1995 security pact" is the agreement known to be of 1995, not a newer one
    parties = frozenset(mention.parties)
    # A third state may stand beside the parties of a named agreement, or of one its year identifies.
    extra = one_extra_state(group_parties, parties) if loose_parties and mention.form == "description" \
        and (group_named or written) else None
    if (group_parties != parties and extra is None) or not family_fits(group_family, mention):
        return None
    subject = set(mention.subject.split())
    similarity = fuzz.token_set_ratio(group_title.lower(), mention.title.lower()) / 100
    if mention.form == "description":
        shared = overlap(subject, group_subject) if subject and group_subject else 0.0
        # Descriptions prefer the named agreement of their parties, then the closest subject.
        if extra is not None:
            if group_subject and subject and not shared:
                return None  # another subject: another agreement of the same parties
            return 0.2 + shared / 2 + similarity / 4, \
                f"description of the agreement of the same parties but {extra}, a third state" + \
                (f" (subject overlap {shared:.2f})" if shared else "")
        lean = _kind_lean(mention.kind, group_kinds)
        return 0.2 + 0.3 * group_named + shared / 2 + similarity / 4 + lean, \
            f"description of the {'named ' if group_named else ''}agreement of the same parties" + \
            (f" (subject overlap {shared:.2f})" if shared else "") + \
            (" (both say treaty)" if lean > 0 else " (it says treaty, the names agreement)" if lean < 0 else "")
    if subject and group_subject:
        shared = overlap(subject, group_subject)
        if shared < SUBJECT_OVERLAP:
            return None
        return shared + similarity / 2, f"same parties and kind family; subject overlap {shared:.2f}, title similarity {similarity:.2f}"
    if subject or group_subject:
        return 0.4 + similarity / 2, f"same parties and kind family; one side names no subject; title similarity {similarity:.2f}"
    return 0.5 + similarity / 2, f"same parties and kind family, neither names a subject; title similarity {similarity:.2f}"



def passing_score(group_family: str, group_subject: set[str], group_title: str, group_years: set[int],
                  mention: AgreementMention) -> tuple[float, str] | None:
    """(score, reason) when an agreement named in passing (form "passing") is the group's, of the same
    parties: its subject must be the group's (SUBJECT_OVERLAP, on stems too), as for a name, its kind of the
    group's family, and a year it gives the group's."""
    if FAMILY[mention.kind] != group_family:
        return None  # named once, "a defence agreement" is not told from the memorandum of the same parties
    written = title_years(mention.title)
    if written and not (any(abs(a - b) <= 1 for a in written for b in group_years) or written & title_years(group_title)):
        return None
    subject = set(mention.subject.split())
    shared = overlap(subject, group_subject) if subject and group_subject else 0.0
    if shared < SUBJECT_OVERLAP:
        return None
    similarity = fuzz.token_set_ratio(group_title.lower(), mention.title.lower()) / 100
    return shared + similarity / 2, f"named in passing; same parties, subject overlap {shared:.2f}, " \
        f"title similarity {similarity:.2f}"


def _kind_lean(kind: AgreementKind, group_kinds: frozenset[AgreementKind]) -> float:
    if kind != AgreementKind.TREATY or not group_kinds:
        return 0.0
    return KIND_WORD if AgreementKind.TREATY in group_kinds else -KIND_WORD


def near_parties(a_parties: frozenset[str], b_parties: frozenset[str], a_subject: set[str], b_subject: set[str],
                 a_title: str, b_title: str) -> str | None:
    """Why two named agreements whose party sets differ by one state (a mediator counted, a party an
    article leaves out) are one: their names all but agree. None when they are not."""
    # One side may name a single party: an article that never names the partner ("the Coral Pact, said the
    # minister of Ruritania"), as long as it is one of the other side's.
    if len(a_parties ^ b_parties) != 1 or not a_parties or not b_parties or max(len(a_parties), len(b_parties)) < 2:
        return None
    a, b = stems(a_subject), stems(b_subject)
    # Both ways: "the state border" is not "the junction point of the state borders".
    shared = len(a & b) / len(a | b) if a and b else 0.0
    similarity = fuzz.token_set_ratio(a_title.lower(), b_title.lower()) / 100
    if shared < NEAR_PARTIES_OVERLAP or similarity < NEAR_PARTIES_TITLE:
        return None
    odd = next(iter(a_parties ^ b_parties))
    return f"parties differ only by {odd}; shared subject {shared:.2f}, title similarity {similarity:.2f}"


def named_in(title: str, code: str) -> bool:
    """The title names the state (by name, official name or adjective)."""
    from treatywatch.extract import gazetteer
    phrases = [p for p, (label, c) in gazetteer.load().phrases.items() if c == code and label in ("STATE", "STATE_ADJ")]
    return any(re.search(rf"\b{re.escape(p)}\b", title) for p in phrases)
