"""Reference within one article: which agreement each description and anaphor speaks of.

Every mention has a form: a proper *name* ("the Treaty on Good-Neighbourliness"), a
*description* ("the historic pact", "a very ambitious agreement", a headline's "Border Deal")
or an *anaphor* ("the agreement", "the document"). `cluster()` in agreements.py groups
mentions that share a subject; this stage then folds every cluster that is only described
into the agreement in focus (the named one the article speaks of most), unless the text
marks it as another one ("a separate deal", "a similar agreement", "the 1991 treaty") or
says what it is about in a phrase, as a name does ("they also signed an agreement on visas"). Word lists live in
data/rules/agreements.json.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from treatywatch.extract.agreements import Cluster, Mention


def _rules() -> dict:
    from treatywatch.extract.agreements import rules
    return rules()


def form(mention: Mention) -> str:
    """'name', 'description' or 'anaphor'."""
    if mention.named:
        return "name"
    return "description" if mention.subject or len(mention.span) > 2 else "anaphor"


def is_distinct(mention: Mention) -> bool:
    """The text marks the mention as an agreement other than the one in focus."""
    return _marked(mention) or year_of(mention) is not None or _also_signed(mention)


def _also_signed(mention: Mention) -> bool:
    """"Lima and Quito also inked a fisheries agreement": one more, indefinite, agreement."""
    head = mention.head
    verb = head.head if head.dep_ == "dobj" else None
    return verb is not None and not mention.named and any(c.lower_ in ("a", "an") for c in head.children) and \
        any(c.dep_ == "advmod" and c.lower_ == "also" for c in verb.children)


def year_of(mention: Mention) -> str | None:
    """The year a description carries before its noun ("the 1995 security pact")."""
    return next((t.text for t in mention.span.doc[mention.span.start: mention.head.i]
                 if t.like_num and len(t.text) == 4 and t.text.isdigit()), None)


def says_what(mention: Mention) -> bool:
    """A description with its subject in a phrase ("an agreement on visa-free travel", "the treaty
    on the state border") tells one instrument from another as a name does; "a very ambitious
    agreement" or "the security pact" only describe one."""
    # The parties ("between A and B") say who, not what; so does a purpose ("an agreement for closer
    # cooperation", "publish the agreement for anyone to read") unless a proper name gives it.
    listing = {t.i for p in mention.span if p.lower_ in ("between", "among") or (
        p.lower_ == "for" and p.head.i == mention.head.i and not mention.named) for t in p.subtree}
    after = {t.lemma_.lower() for t in mention.span if t.i > mention.head.i and t.i not in listing} | \
        {t.lower_ for t in mention.span if t.i > mention.head.i and t.i not in listing}
    return bool(mention.subject & after)


def _compatible(described: Cluster, focus: Cluster) -> bool:
    generic = set(_rules()["generic_heads"])
    heads = {m.head.lemma_.lower() for m in described.mentions if m.family}
    if described.family != focus.family and not (heads <= generic and focus.family in _rules()["generic_families"]):
        return False
    theirs = {m.parties for m in described.mentions if len(m.parties) >= 2}
    ours = {m.parties for m in focus.mentions if len(m.parties) >= 2}
    if theirs and ours and not theirs & ours:
        return False
    return not _other_partner(described, focus) and not _partner_elsewhere(described, focus)


def _partner_elsewhere(described: Cluster, focus: Cluster) -> bool:
    """The description names a partner ("an agreement with Peru") that no sentence of the focus names."""
    from treatywatch.extract.agreements import partner_of
    from treatywatch.extract.entities import state_codes
    partners = {p for m in described.mentions if (p := partner_of(m))}
    return bool(partners) and not any(p in state_codes(m.span.sent) for p in partners for m in focus.mentions)


def _other_partner(described: Cluster, focus: Cluster) -> bool:
    """Every sentence of the description names two states, one of them other than in the focus's
    sentences: the same state's agreement with another partner."""
    from treatywatch.extract.agreements import sentence_pair
    theirs = {p for m in described.mentions if (p := sentence_pair(m))}
    ours = {p for m in focus.mentions if (p := sentence_pair(m))}
    return bool(theirs and ours) and all(len(a & b) == 1 for a in theirs for b in ours)


def _named(group: Cluster) -> bool:
    return any(m.named for m in group.mentions if m.family)


def _keeps_apart(group: Cluster) -> bool:
    """Told apart from the agreement in focus: named, a legal basis, marked as another, saying what it is
    about, or one of the instruments a plural enumerates ("two memoranda ... the first ... the second")."""
    return _named(group) or any(m.background or is_distinct(m) or says_what(m) or m.ordinal
                                for m in group.mentions)


def aliased(first: Mention, second: Mention) -> bool:
    """The text says two mentions are one agreement: apposition ("the Coral Pact, a defence treaty"),
    a copula ("The Coral Pact is a defence treaty"), "known as" / "formally" / "so-called" between
    them, or the second in brackets after the first."""
    if first.span.sent.start != second.span.sent.start or first.head.i >= second.head.i:
        return False
    a, b = first.head, second.head
    between = first.span.doc[first.span.end: second.span.start]
    words = {t.lower_ for t in between} | {t.lower_ for t in second.span if t.i < b.i}
    if words & {"not", "nor", "never", "unlike"}:
        return False  # "a memorandum, not a peace agreement"
    cue = bool(words & set(_rules()["alias_cues"]))
    if b.dep_ == "appos" and b.head.i == a.i:
        # Two names side by side are a list unless a cue says the second is another name of the first;
        # so are two descriptions that each say what they are about.
        if first.named and second.named:
            return cue
        return not (says_what(first) and says_what(second))
    if b.dep_ in ("attr", "appos") and b.head.lemma_ == "be" and any(
            c.dep_ in ("nsubj", "nsubjpass") and a in c.subtree for c in b.head.children):
        return True
    if len([t for t in between if not t.is_punct]) > 4:
        return False
    if cue:
        return True
    return bool(between) and between[0].text == "(" and all(t.text in ("(", "the", "or", "a", "an") for t in between)


def link_aliases(clusters: list[Cluster]) -> list[Cluster]:
    """Clusters the text says are one agreement (see `aliased`) become one."""
    mentions = sorted((m for c in clusters for m in c.mentions), key=lambda m: m.head.i)
    by_index = {c.index: c for c in clusters}
    for first, second in zip(mentions, mentions[1:]):
        a, b = by_index.get(first.cluster), by_index.get(second.cluster)
        if a is None or b is None or a is b or not aliased(first, second):
            continue
        if not (_compatible(b, a) or _compatible(a, b)):
            continue
        for mention in b.mentions:
            mention.cluster = a.index
        a.mentions = sorted(a.mentions + b.mentions, key=lambda m: m.head.i)
        b.mentions = []
        del by_index[b.index]
    return [c for c in clusters if c.mentions]


def fold_descriptions(clusters: list[Cluster]) -> list[Cluster]:
    """Clusters only described, folded into the compatible agreement in focus.

    The focus is the named agreement spoken of most (the first, on a tie); an article that
    names none speaks of the described agreement it mentions most.
    """
    def weight(group: Cluster) -> tuple[int, int]:
        return (sum(1 for m in group.mentions if not m.background), -min(m.head.i for m in group.mentions))

    named = sorted((c for c in clusters if _named(c) and not all(m.background for m in c.mentions)),
                   key=weight, reverse=True)
    described = [c for c in clusters if not _keeps_apart(c)]
    if not named and described:
        # No name: a description that shares its subject with one told apart only by its year or by what it is
        # about ("the defence treaty" of a headline, "the 2014 defence cooperation treaty" of the text) is that one.
        anchors = sorted((c for c in clusters if c not in described and
                          not any(m.background or _marked(m) for m in c.mentions)), key=weight, reverse=True)
        for group in list(described):
            target = next((c for c in anchors if c.family == group.family and _compatible(group, c)
                           and _shares_subject(group, c)), None)
            if target is not None:
                for mention in group.mentions:
                    mention.cluster = target.index
                target.mentions = sorted(target.mentions + group.mentions, key=lambda m: m.head.i)
                group.mentions = []
                described.remove(group)
        clusters = [c for c in clusters if c.mentions]
        named = [max(described, key=weight)] if described else []
    kept = []
    for group in clusters:
        if group in described and group not in named:
            # a headline's description is the article's agreement, whatever subject word it picks
            target = next((c for c in named if _compatible(group, c) and (not _disjoint(group, c) or _headline_only(group))),
                          None)
            if target is not None:
                for mention in group.mentions:
                    mention.cluster = target.index
                target.mentions.extend(group.mentions)
                target.mentions.sort(key=lambda m: m.head.i)
                continue
        kept.append(group)
    return kept


def _headline_only(group: Cluster) -> bool:
    """Every mention is in the article's headline: its first line, with no full stop, a paragraph of its own, told
    as news (a clause with its verb: "Leaders gather for historic peace accord"; a line that only names a document,
    "Joint Defence Treaty", is the title of the text that follows)."""
    def headline(sent) -> bool:
        return sent.start == 0 and sent.text.endswith("\n") and not sent.text.rstrip().endswith((".", "!", "?")) \
            and any(t.pos_ == "VERB" and t.dep_ == "ROOT" for t in sent)
    return all(headline(m.span.sent) for m in group.mentions)


def _marked(mention: Mention) -> bool:
    """A marker before the noun says it is another agreement ("a similar pact", "the earlier treaty")."""
    doc = mention.span.doc
    words = doc[max(mention.span.sent.start, mention.span.start - 1): mention.head.i]
    return any(t.lower_ in set(_rules()["distinct_markers"]) for t in words)


def _shares_subject(described: Cluster, target: Cluster) -> bool:
    """The two share a subject word (its first five letters) beyond the weak ones."""
    weak = set(_rules()["weak_subject_words"])
    a, b = set(described.subject) - weak, set(target.subject) - weak
    return bool({w[:5] for w in a} & {w[:5] for w in b})


def _disjoint(described: Cluster, target: Cluster) -> bool:
    """A description whose subject shares no stem with a named agreement's speaks of another one
    ("the maritime pact" beside the Social Security Agreement)."""
    weak = set(_rules()["weak_subject_words"])
    a, b = set(described.subject) - weak, set(target.subject) - weak
    return bool(a and b and _named(target)) and not ({w[:5] for w in a} & {w[:5] for w in b})


def salience(group: Cluster, focus: Cluster | None, *, has_events: bool, has_provisions: bool,
             primary_text: bool = False) -> str:
    """'reported' when the article reports on the agreement (an event, its content, or it is
    the article's focus, spoken of more than once or named with its parties), else 'passing': named in passing, marked
    as another agreement ("a similar agreement"), or only the basis of something else.
    An agreement whose own text the article is (`primary_text`) is always reported: every clause speaks of it."""
    if group is focus or primary_text:
        return "reported"
    spoken = [m for m in group.mentions if not m.background]
    if len(spoken) == 1 and not _keeps_apart(group):
        return "passing"  # one description beside the article's focus: another agreement named in passing
    if len(spoken) == 1 and spoken[0].family and is_distinct(spoken[0]) and not has_events:
        return "passing"  # "an existing defence pact with X": content read from its name reports nothing
    if has_events or has_provisions:
        return "reported"
    if not spoken:
        return "passing"
    if any(m.named and len(m.parties) >= 2 for m in spoken):
        return "reported"  # a full title with its parties is a record of its own, even named once
    if all(is_distinct(m) for m in spoken if m.family):
        return "passing"
    return "reported" if len(spoken) > 1 else "passing"


def identified(group: Cluster) -> bool:
    """The text tells which agreement it is, not only what kind: a proper name, a legal basis, its parties
    in its own words ("an Australia-Indonesia defence agreement"), its year or a marker of another one
    ("the 2022 security pact", "the earlier treaty"). "The expected security agreement" beside the focus is
    as likely the focus described again."""
    return any(m.named or m.background or len(m.parties) >= 2 or is_distinct(m) for m in group.mentions if m.family)


NAME_WEIGHT = 2  # a proper name counts as this many more mentions when the focus is chosen


def focus_of(clusters: list[Cluster]) -> Cluster | None:
    """The agreement the article speaks of most, a proper name counting for `NAME_WEIGHT` more mentions
    (named ones first on a tie, then the earliest): a convention named once beside an agreement described
    four times is not the article's focus."""
    def weight(group: Cluster) -> tuple[int, bool, int]:
        spoken = sum(1 for m in group.mentions if not m.background)
        return (spoken + NAME_WEIGHT * _named(group), _named(group), -min(m.head.i for m in group.mentions))
    spoken = [c for c in clusters if any(not m.background for m in c.mentions)]
    return max(spoken, key=weight, default=None)


def is_instrument(group: Cluster) -> bool:
    """Statements and communiques of talks report a meeting; they are not agreements between the parties."""
    heads = {m.head.lemma_.lower() for m in group.mentions if m.family}
    return not heads <= set(_rules()["non_record_heads"])


def dated_by_name(event, group: Cluster) -> bool:
    """A signing whose only source is a date inside the agreement's own name ("the 2018 Coral
    Declaration", "the Treaty of 5 May 1990"): the name dates it, the article does not report it."""
    if event.kind.value != "signed" or event.date is None:
        return False
    year = str(event.date.year)
    return any(m.named and m.span.sent.start_char == event.evidence.start and
               any(t.text == year for t in m.span) for m in group.mentions)

