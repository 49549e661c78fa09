"""Agreement mentions from many articles merged into one record per agreement.

Two mentions are the same agreement when their parties match, their kinds
belong to one family (a 'treaty' may be called an 'agreement', never a
'declaration') and their subjects overlap; signing years that differ keep
them apart (the 2003 treaty is not the 2024 one).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Container
from dataclasses import dataclass, field


from treatywatch.extract.modality import cues
from treatywatch.resolve import identity
from treatywatch.resolve.identity import FAMILY
from treatywatch.resolve.years import place_yearless_days

from treatywatch.records import (Agreement, AgreementKind, AgreementMention, ArticleFacts, Event,
                                 EventFact, EventKind, Evidence, PartialDate, Provision, ProvisionFact)

AFTER_SIGNING = (EventKind.RATIFIED, EventKind.IN_FORCE, EventKind.TERMINATED)
# Steps one party takes on its own; the others happen once to the whole agreement.
PARTY_EVENTS = (EventKind.PROPOSED, EventKind.RATIFIED, EventKind.TERMINATED)


@dataclass(slots=True)
class _Group:
    family: str
    parties: Counter = field(default_factory=Counter)
    subject: Counter = field(default_factory=Counter)
    mentions: list[tuple[str, AgreementMention]] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    provisions: list[ProvisionFact] = field(default_factory=list)
    joins: list[identity.Join] = field(default_factory=list)

    @property
    def party_set(self) -> frozenset[str]:
        return frozenset(self.parties.most_common(1)[0][0]) if self.parties else frozenset()

    @property
    def signed_years(self) -> set[int]:
        return {e.date.year for e in self.events if e.kind == EventKind.SIGNED and e.date and not e.date_inferred}


def merge(all_facts: list[ArticleFacts], known_ids: dict[tuple[str, str], str] | None = None,
          reserved: Container[str] = frozenset()) -> tuple[list[Agreement], dict[tuple[str, str], str]]:
    """One Agreement per group of mentions, and the agreement id of each (article id, mention ref).

    Proper names are resolved first, in publication order; descriptions after them, so that
    "the migrant deal" finds the named agreement of its parties wherever the name appears.
    `known_ids` (the second value of an earlier merge) keeps ids stable as articles arrive;
    `reserved` are ids of agreements merged elsewhere (an incremental merge's untouched ones) that no
    new agreement may take.
    """
    groups: list[_Group] = []
    index = _PartyIndex()
    ordered = sorted(all_facts, key=lambda f: (str(f.published or ""), f.article.id))
    for forms in (("name",), ("description",)):
        for facts in ordered:
            for mention in facts.agreements:
                if mention.form not in forms:
                    continue
                events = [e for e in facts.events if e.agreement_ref == mention.ref]
                provisions = [p for p in facts.provisions if p.agreement_ref == mention.ref]
                group, join = _best_group(index, mention, events)
                before = None if group is None else group.party_set
                if group is None:
                    group = _Group(FAMILY[mention.kind])
                    groups.append(group)
                # A description joined despite a third state (identity.one_extra_state) counts for the group's parties.
                third = group.parties and identity.one_extra_state(group.party_set, frozenset(mention.parties))
                group.parties[tuple(sorted(group.party_set)) if third else mention.parties] += 1
                group.subject.update(mention.subject.split())
                group.mentions.append((facts.article.id, mention))
                group.joins.append(identity.Join(facts.article.id, mention.ref, mention.title, *join))
                group.events.extend(events)
                group.provisions.extend(provisions)
                index.place(group, before)
    groups = _join_near_parties(groups)
    _attach_passing(groups, ordered)
    agreements = [_record(g) for g in groups]
    _assign_ids(agreements, groups, known_ids or {}, reserved)
    owners = {(article_id, m.ref): a.id for a, g in zip(agreements, groups) for article_id, m in g.mentions}
    return agreements, owners


class _PartyIndex:
    """The groups by party set, in the order they were made. A mention can only join a group of its own
    party set, or in the loose pass one with a state less (identity.one_extra_state): it is scored
    against those alone, in the order of the groups, so the merge costs no more as the groups grow."""

    def __init__(self) -> None:
        self._by_parties: dict[frozenset[str], dict[int, _Group]] = defaultdict(dict)
        self._rank: dict[int, int] = {}

    def place(self, group: _Group, before: frozenset[str] | None) -> None:
        """Files the group under its party set, which a mention just added may have changed from `before`."""
        rank = self._rank.setdefault(id(group), len(self._rank))
        if before is not None and before != group.party_set:
            self._by_parties[before].pop(rank, None)
        self._by_parties[group.party_set][rank] = group

    def candidates(self, parties: frozenset[str], *, loose: bool) -> list[_Group]:
        sets = [parties, *(parties - {state} for state in parties)] if loose else [parties]
        found = {rank: g for s in sets if s in self._by_parties for rank, g in self._by_parties[s].items()}
        return [found[rank] for rank in sorted(found)]


def _best_group(index: _PartyIndex, mention: AgreementMention, events: list[EventFact]
                ) -> tuple[_Group | None, tuple[str, float | None]]:
    """The group the mention joins with the reason, or None and why it starts a new one."""
    best, best_score, best_reason = None, 0.0, ""
    for loose in (False, True):
        for group in index.candidates(frozenset(mention.parties), loose=loose):
            title = max((m.title for _, m in group.mentions), key=len)
            named = any(m.form == "name" for _, m in group.mentions)
            kinds = frozenset(m.kind for _, m in group.mentions if m.form == "name")
            found = identity.score(group.family, group.party_set, set(group.subject), title, group.signed_years,
                                   named, mention, events, loose_parties=loose, group_kinds=kinds)
            if found is not None and found[0] > best_score:
                best, (best_score, best_reason) = group, found
        if best is not None:
            break
    if best is None:
        return None, ("first mention of this agreement" if mention.form == "name" else
                      "a description with no agreement of the same parties to refer to", None)
    return best, (best_reason, best_score)


def _join_near_parties(groups: list[_Group]) -> list[_Group]:
    """Named agreements whose party sets differ by one state and whose names all but agree are one.

    The state stays a party when a proper name of the agreement names it ("... and the Republic of
    Uzbekistan"); otherwise it was a mediator or host counted by one article and is dropped.
    """
    kept: list[_Group] = []
    for group in sorted(groups, key=lambda g: -len(g.mentions)):
        if not any(m.form == "name" for _, m in group.mentions):
            kept.append(group)
            continue
        target, reason = None, None
        for other in kept:
            if other.family != group.family or not any(m.form == "name" for _, m in other.mentions):
                continue
            if group.signed_years and other.signed_years and not group.signed_years & other.signed_years:
                continue
            reason = identity.near_parties(other.party_set, group.party_set, _name_subject(other), _name_subject(group),
                                           _longest_name(other), _longest_name(group))
            if reason:
                target = other
                break
        if target is None:
            kept.append(group)
            continue
        odd = next(iter(target.party_set ^ group.party_set))
        titles = [m.title for _, m in target.mentions + group.mentions if m.form == "name"]
        # A side with one party left its partner out: the union. Else the odd state stays only when a name has it.
        lone = min(len(target.party_set), len(group.party_set)) == 1
        parties = target.party_set | group.party_set if lone or any(identity.named_in(t, odd) for t in titles) \
            else target.party_set & group.party_set
        target.parties = Counter({tuple(sorted(parties)): len(target.mentions) + len(group.mentions)})
        target.subject.update(group.subject)
        target.mentions.extend(group.mentions)
        target.events.extend(group.events)
        target.provisions.extend(group.provisions)
        target.joins.extend(identity.Join(j.article_id, j.ref, j.title, reason) for j in group.joins)
    order = {id(g): i for i, g in enumerate(groups)}
    return sorted(kept, key=lambda g: order[id(g)])


def _attach_passing(groups: list[_Group], ordered: list[ArticleFacts]) -> None:
    """Agreements an article names in passing join the record their parties have, when its subject is
    theirs (identity.passing_score); they start none, and bring no steps or content: the article is one
    that names the agreement, no more."""
    by_parties: dict[frozenset[str], list[_Group]] = defaultdict(list)
    for group in groups:
        by_parties[group.party_set].append(group)
    for facts in ordered:
        for mention in facts.passing:
            best, best_score, best_reason = None, 0.0, ""
            for group in by_parties.get(frozenset(mention.parties), ()):
                title = max((m.title for _, m in group.mentions if m.form != "passing"), key=len)
                found = identity.passing_score(group.family, set(group.subject), title, group.signed_years, mention)
                if found is not None and found[0] > best_score:
                    best, (best_score, best_reason) = group, found
            if best is not None:
                best.mentions.append((facts.article.id, mention))
                best.joins.append(identity.Join(facts.article.id, mention.ref, mention.title, best_reason, best_score))


def _name_subject(group: _Group) -> set[str]:
    """The subject words of the group's proper names: what its descriptions add does not name it."""
    return {w for _, m in group.mentions if m.form == "name" for w in m.subject.split()}


def _longest_name(group: _Group) -> str:
    return max((m.title for _, m in group.mentions if m.form == "name"), key=len)


def _record(group: _Group) -> Agreement:
    mentions = [m for _, m in group.mentions]
    # The title is the sources' most given proper name; descriptions only when none gives one.
    named = [m for m in mentions if m.form == "name" and m.title[:1].isupper()] or \
        [m for m in mentions if m.form != "passing"]
    titles = Counter(m.title for m in named)
    title = max(titles, key=lambda t: (t[:1].isupper() and " " in t, titles[t], len(t)))
    kinds = Counter(m.kind for m in named)
    # "Agreement" is also the generic word for any instrument: a proper name that calls it a treaty wins.
    if AgreementKind.TREATY in kinds and FAMILY[kinds.most_common(1)[0][0]] == "treaty":
        kinds = Counter({AgreementKind.TREATY: 1})
    parties = sorted(group.parties.most_common(1)[0][0]) if group.parties else None
    articles = sorted({a for a, _ in group.mentions})
    return Agreement(
        id="", title=title, kind=kinds.most_common(1)[0][0], parties=parties or None,
        events=_merge_events(group.events), provisions=_merge_provisions(group.provisions)[0],
        provision_evidence=_merge_provisions(group.provisions)[1], articles=articles,
        evidence=[e for m in mentions for e in m.evidence], identity=[j.as_json() for j in group.joins])


def _merge_events(facts: list[EventFact]) -> list[Event]:
    """One event per kind and party (and per step for ratifications and proposals)."""
    def middle(value: PartialDate) -> int:
        from datetime import date
        return date(value.year, value.month or 7, value.day or (15 if value.month else 1)).toordinal()

    facts = place_yearless_days(facts)  # "on 8 August" in an undated article: the year of the other steps
    by_key: dict[tuple, list[EventFact]] = defaultdict(list)
    for fact in facts:
        # A ratification is one party's step; every other kind happens once to the agreement, but
        # a signing read with its one party ("Tajikistan joined the treaty") is that state's accession.
        by_key[(fact.kind, fact.party if fact.kind in PARTY_EVENTS or fact.kind == EventKind.SIGNED else None)
               ].append(fact)
    # A ratification or proposal whose party could not be read joins that party's steps reported
    # in the same article, or the only party's steps; alone it says too little to stand apart.
    for kind in (EventKind.RATIFIED, EventKind.PROPOSED, EventKind.TERMINATED):
        if (kind, None) not in by_key:
            continue
        parties = [k for k in by_key if k[0] == kind and k[1] is not None]
        if not parties:
            continue
        for fact in by_key.pop((kind, None)):
            same_article = [k for k in parties if any(f.evidence.article_id == fact.evidence.article_id for f in by_key[k])]
            if len(same_article) > 1 and fact.date is not None:
                # "ratified by the National Parliament on 14 February" in an article that also says
                # "the other side ratified it in 2012": the party whose steps there are dated nearest
                def distance(key: tuple) -> float:
                    return min((abs(middle(fact.date) - middle(f.date)) for f in by_key[key]
                                if f.date and f.evidence.article_id == fact.evidence.article_id), default=float("inf"))
                ranked = sorted(same_article, key=distance)
                if distance(ranked[0]) < distance(ranked[1]) and distance(ranked[0]) < 366:
                    same_article = ranked[:1]
                else:
                    # a party whose steps there are all a year or more away took another step
                    left = [k for k in same_article if distance(k) < 366 or
                            not any(f.date for f in by_key[k] if f.evidence.article_id == fact.evidence.article_id)]
                    same_article = left if len(left) == 1 else same_article
            if not same_article and len(parties) > 1 and fact.date is not None:
                # told without its party and alone in its article: the one party with a step
                # reported within a month of it ("the government decided to suspend the treaty")
                near = [k for k in parties if any(f.date and abs(middle(fact.date) - middle(f.date)) <= 31
                                                  for f in by_key[k])]
                same_article = near if len(near) == 1 else []
            target = same_article[0] if len(same_article) == 1 else (parties[0] if len(parties) == 1 else None)
            if target is not None:
                by_key[target].append(fact)
    # A ratification with neither party nor date ("ratification is a key step") names no step.
    if (EventKind.RATIFIED, None) in by_key and not any(f.date for f in by_key[(EventKind.RATIFIED, None)]):
        del by_key[(EventKind.RATIFIED, None)]
    events: list[Event] = []
    for (kind, party), group in by_key.items():
        if kind == EventKind.RATIFIED:
            for cluster in _split_by_date(group):
                events.append(_event(kind, party, cluster))
        elif kind == EventKind.PROPOSED:
            # an initiative has stages (a draft published, the text agreed, the text initialled)
            for cluster in _split_by_date(group, gap_days=7):
                events.append(_event(kind, party, cluster))
        else:
            events.append(_event(kind, party, group))
    # No step follows the signing before it happened: such a date was resolved against the
    # wrong day ("on Saturday" in an undated article) and is dropped, the step kept.
    signed = next((e.date for e in events if e.kind == EventKind.SIGNED and e.party is None and e.date
                   and e.date.precision == 3), None)
    if signed is not None:
        for event in events:
            if event.kind in AFTER_SIGNING and event.date and event.date.precision == 3 and event.date < signed:
                event.date = None
    order = list(EventKind)
    return sorted(events, key=lambda e: (order.index(e.kind), str(e.date or "9999"), e.party or ""))


def _split_by_date(facts: list[EventFact], *, gap_days: int = 0) -> list[list[EventFact]]:
    """Steps of one party: one per day for ratifications (the chambers, then the president), one
    per stage more than `gap_days` apart for proposals. A day only the publication date gives
    (a lead's "has ratified") joins a written step of the same body reported in the 30 days
    before it: the report came after the step. Undated reports join a step with the same body,
    or the only step there is."""
    reach = 30

    def day(fact: EventFact) -> int:
        return fact.date.as_date().toordinal()

    def same_body(fact: EventFact, cluster: list[EventFact]) -> bool:
        # "lawmakers" or "parliament" may be any chamber; a president's or a senate's step is its own
        generic = {b.lower() for b in cues()["generic_legislatures"]}
        return fact.body is None or any(f.body in (None, fact.body) or fact.body.lower() in generic
                                        for f in cluster if not (f.body and _head_of_state(f.body)))

    full = [f for f in facts if f.date is not None and f.date.precision == 3]
    clusters: list[list[EventFact]] = []
    for fact in sorted(full, key=lambda f: (f.date_inferred, f.date)):
        near = [c for c in clusters if abs(day(fact) - day(c[0])) <= gap_days]
        if not near and fact.date_inferred:
            near = [c for c in clusters if 0 <= day(fact) - day(c[0]) <= reach and same_body(fact, c)]
            near = sorted(near, key=lambda c: day(fact) - day(c[0]))[:1]
        if near:
            near[0].append(fact)
        else:
            clusters.append([fact])
    clusters.sort(key=lambda c: c[0].date)
    for fact in [f for f in facts if f not in full]:
        if fact.body and _head_of_state(fact.body) and clusters and \
                not any(_head_of_state(f.body) for c in clusters for f in c if f.body):
            clusters.append([fact])  # the president's signature is a step of its own after the vote
            continue
        same = [c for c in clusters if fact.body and any(f.body == fact.body for f in c)]
        compatible = [c for c in clusters if fact.date is None or
                      str(c[0].date).startswith(str(fact.date))]
        if fact.date is not None and fact.body and not _head_of_state(fact.body) and compatible and not same and \
                all(any(f.body for f in c) and all(_head_of_state(f.body) for f in c if f.body) for c in compatible):
            clusters.append([fact])  # "parliament approved it last month": the vote before the president's signature
            continue
        target = (same or (compatible if len(compatible) == 1 else []) or [None])[0]
        if target is not None:
            target.append(fact)
        elif not clusters:
            clusters.append([fact])
        # else: an undated report of one of the known steps adds a source, not a step
        else:
            clusters[0].append(fact)
    return clusters


def _head_of_state(body: str) -> bool:
    return body.lower() in cues()["head_of_state_titles"]


def _event(kind: EventKind, party: str | None, facts: list[EventFact]) -> Event:
    written = [f.date for f in facts if f.date and not f.date_inferred]
    inferred = [f.date for f in facts if f.date and f.date_inferred]
    # A publication date is the latest the step can have happened: the first report is nearest.
    date = _vote(written, inferred) or (min(inferred) if inferred else None)
    # A publication date stands in for a day only where it agrees with what is written.
    refined = [d for d in inferred if date and d.precision > date.precision and str(d).startswith(str(date))]
    if refined:
        date = _vote(refined)
    places = Counter(f.place for f in facts if f.place)
    bodies = Counter(f.body for f in facts if f.body)
    return Event(kind=kind, date=date, place=places.most_common(1)[0][0] if places else None,
                 party=party, body=bodies.most_common(1)[0][0] if bodies else None,
                 articles=sorted({f.evidence.article_id for f in facts}),
                 evidence=_unique([f.evidence for f in facts]))


def _vote(dates: list[PartialDate], reports: list[PartialDate] = ()) -> PartialDate | None:
    """The most reported date; a more precise date that agrees with a vaguer one adds to it.
    Between dates written as often, the one a report's own day agrees with (`reports`: days
    only a publication date gives) wins: the source that tells the step as the day's news."""
    if not dates:
        return None
    def support(d: PartialDate) -> tuple[int, int, int]:
        return (sum(1 for o in dates if str(d).startswith(str(o))),
                sum(1 for r in reports if str(r).startswith(str(d)) or str(d).startswith(str(r))), d.precision)
    return max(dates, key=support)


def _merge_provisions(facts: list[ProvisionFact]) -> tuple[dict[Provision, bool], dict[Provision, list[Evidence]]]:
    values: dict[Provision, bool] = {}
    evidence: dict[Provision, list[Evidence]] = {}
    by_key: dict[Provision, list[ProvisionFact]] = defaultdict(list)
    for fact in facts:
        by_key[fact.key].append(fact)
    for key, group in by_key.items():
        # The agreement's own quoted words outweigh an outlet's summary of them.
        votes = Counter()
        for fact in group:
            votes[fact.value] += 2 if fact.evidence.primary else 1
        values[key] = votes[True] >= votes[False]
        evidence[key] = _unique([f.evidence for f in group])
    return dict(sorted(values.items())), evidence


def _unique(items: list[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for item in items:
        key = (item.article_id, item.start, item.end)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _assign_ids(agreements: list[Agreement], groups: list[_Group], known: dict[tuple[str, str], str],
                reserved: Container[str]) -> None:
    """Known ids first, then new slugs: a new agreement never takes the id of a known one that comes
    later in the order, so ids do not depend on which agreements a merge was given."""
    taken: set[str] = set()

    def free(ident: str) -> bool:
        return ident not in taken and ident not in reserved

    for agreement, group in zip(agreements, groups):
        previous = Counter(known[(a, m.ref)] for a, m in group.mentions if (a, m.ref) in known)
        candidate = next((i for i, _ in previous.most_common() if free(i)), None)
        if candidate is not None:
            agreement.id = candidate
            taken.add(candidate)
    for agreement in agreements:
        if agreement.id:
            continue
        candidate = _slug(agreement)
        base, n = candidate, 2
        while not free(candidate):
            candidate, n = f"{base}-{n}", n + 1
        agreement.id = candidate
        taken.add(candidate)


def _slug(agreement: Agreement) -> str:
    parties = "-".join(p.lower() for p in (agreement.parties or ["unknown"]))
    words = [w for w in re.findall(r"[a-z]+", agreement.title.lower())
             if w not in {"the", "of", "on", "and", "between", "republic", "a", "an", "in", "for"}][:4]
    signed = next((e.date for e in agreement.events if e.kind == EventKind.SIGNED and e.date), None)
    year = f"-{signed.year}" if signed else ""
    return f"{parties}-{'-'.join(words)}{year}"
