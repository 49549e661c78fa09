"""Which of a sentence's agreements a step belongs to (extract/events.py finds the cue).

A participle or relative clause on a mention is that mention's step ("the Treaty of Lima signed in
1961", also where the parse hangs the participle on a noun before the mention). Some steps are of
an agreement no mention of the sentence stands for (`of_another`): told in a relative clause on the
object of a verb of succession ("the pact supersedes the accord that was ratified in 2001", where the
article's clusters joined the two), of the first version of a renewed agreement ("first signed in
1994 and renewed twice"), or of "the first" / "the previous one". Concluded talks are
the negotiated agreement's, not that of a convention a clause below names (`talks_of`)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from treatywatch.extract.agreements import Mention
from treatywatch.extract.modality import cues

CLAUSE_DEPS = ("acl", "relcl")


def clause_of(token: Token) -> Token:
    """The first verb of a coordination ('approved and ratified in 2019': 'approved')."""
    while token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX") and token.head.i < token.i:
        token = token.head
    return token


def described(token: Token, in_sent: list[Mention]) -> Mention | None:
    """The mention a step's participle or relative clause describes, or None when the step is
    not told in one: the mention the clause hangs on (or whose 'of' it hangs on: 'the Exchange
    of ... Agreement that was signed'), else the mention it directly follows."""
    clause = clause_of(token)
    if clause.dep_ not in CLAUSE_DEPS:
        return None
    noun = clause.head
    for m in in_sent:
        if m.span.start <= noun.i < m.span.end or m.head == noun:
            return m
    for m in in_sent:
        if m.head.dep_ == "pobj" and m.head.head.lower_ == "of" and m.head.head.head == noun:
            return m
    return _followed(clause, in_sent)


def _followed(clause: Token, in_sent: list[Mention]) -> Mention | None:
    """'the equivalent of the Treaty of Lima signed in 1961': a past participle right after a
    mention (or after it and a comma) is a reduced relative clause on it, wherever the parse hangs it."""
    if clause.tag_ != "VBN":
        return None
    before = clause.i - 1
    if before >= 0 and clause.doc[before].text == ",":
        before -= 1
    return next((m for m in in_sent if m.span.end - 1 == before), None)


def of_another(token: Token, sent: Span, in_sent: list[Mention]) -> bool:
    """The step is of an agreement none of the sentence's mentions stands for."""
    if first_version(token, sent) or another_one(token):
        return True
    owner = described(token, in_sent)
    return owner is not None and predecessor_step(token, owner, in_sent)


def predecessor_step(token: Token, owner: Mention, in_sent: list[Mention]) -> bool:
    """'The pact supersedes the accord, which both states ratified in 2019': the clause
    describes the object of a verb of succession whose subject is an agreement. True when that
    subject is in the same cluster as the object (the article's clusters joined the two), so the
    step can go to neither."""
    noun = clause_of(token).head
    verb = noun.head if noun.dep_ in ("dobj", "nsubjpass") else None
    if verb is None or verb.lemma_.lower() not in cues()["succession_verbs"]:
        return False
    successors = [m for m in in_sent if m.head.head == verb and m.head.dep_ in ("nsubj", "agent", "pobj")
                  and m is not owner]
    return any(m.cluster == owner.cluster for m in successors)


def first_version(token: Token, sent: Span) -> bool:
    """'First signed in 1994 and renewed twice, the framework is due for renewal':
    the step of its first version, not of the agreement the article reports renewed."""
    cfg = cues()
    clause = clause_of(token)
    marked = any(c.dep_ == "advmod" and c.lower_ in cfg["first_words"] for c in (*token.children, *clause.children))
    return marked and any(t.lemma_.lower() in cfg["renewal_words"] or t.lower_ in cfg["renewal_words"] for t in sent)


def another_one(token: Token) -> bool:
    """'The new pact replaces an older text: the previous one was concluded in 1998': a step whose subject
    or object is an ordinal standing alone, or 'one' it describes ('the previous one was ratified'),
    is another agreement's."""
    words = set(cues()["another_one_words"])
    clause = clause_of(token)
    for arg in (c for v in {token, clause} for c in v.children if c.dep_ in ("nsubjpass", "dobj", "nsubj")):
        # "the first of the two accords" names its agreement: no other one
        alone = not any(c.dep_ == "compound" or (c.dep_ == "prep" and c.lower_ == "of") for c in arg.children)
        if arg.lower_ in words and arg.pos_ in ("ADJ", "NUM", "NOUN") and alone:
            return True
        if arg.lower_ == "one" and any(c.dep_ == "amod" and c.lower_ in words for c in arg.children):
            return True
    return False


def talks_of(token: Token, targets: list[Mention]) -> list[Mention] | None:
    """'concluded their talks on the border based on the norms stated in the 1982 convention': a step
    whose object is the negotiations reports the agreement negotiated, not one named inside a clause of
    its own further down. Returns the targets the cue itself governs (the talks' 'on' included), or
    None when the cue's object is no negotiation."""
    words = set(cues()["negotiation_words"])
    talks = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and
             (c.lemma_.lower() in words or c.lower_ in words)]
    if not talks:
        return None
    return [m for m in targets if token in m.head.ancestors and not _clause_between(m.head, token)]


def _clause_between(word: Token, top: Token) -> bool:
    """A clause of its own on the way up from `word` to `top` ('the norms stated in ...', 'based on ...');
    a gerund after a preposition ('talks on finalising the text of ...') is none."""
    for a in word.ancestors:
        if a == top:
            return False
        if a.pos_ in ("VERB", "AUX") and a.dep_ in ("acl", "relcl", "advcl", "ccomp"):
            return True
    return False
