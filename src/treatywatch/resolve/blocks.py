"""The blocks that bound what one mention can change in `merge`, as keys a store can index.

`merge` joins a mention to a group of exactly its party set, a description also to one of its
set less one state (identity.score, identity.one_extra_state), and then joins named groups whose
party sets differ by one state, one side possibly naming a single party (identity.near_parties). So the
records of one party set depend only on the party sets linked to it by chains of one-state
differences; an incremental merge re-merges such a chain and nothing else. Kind families and
name stems do not narrow it further: a description, or a name with no subject words, may join
any group of its parties.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

SEPARATOR = "+"
MAX_KEY = 1900         # longer keys (a multilateral of hundreds of parties) are stored as a digest
NEAR_MIN_PARTIES = 1   # the smaller of two sets that identity joins one state apart has at least one party


def party_key(parties: Iterable[str]) -> str:
    """One string per party set: the same whatever the order the article named the parties in."""
    key = SEPARATOR.join(sorted(set(parties)))
    return key if len(key) <= MAX_KEY else "#" + hashlib.sha1(key.encode()).hexdigest()


def smaller_sets(parties: Iterable[str]) -> list[frozenset[str]]:
    """The party sets one state smaller that near_parties may join with this one."""
    members = frozenset(parties)
    if len(members) - 1 < NEAR_MIN_PARTIES:
        return []
    return [members - {p} for p in sorted(members)]


def stored_keys(parties: Iterable[str]) -> list[tuple[str, bool]]:
    """The (key, near) rows to store for a mention with these parties."""
    members = frozenset(parties)
    return [(party_key(members), False)] + [(party_key(s), True) for s in smaller_sets(members)]


def lookups(parties: Iterable[str]) -> list[tuple[str, bool]]:
    """The (key, near) rows that find every stored party set this one can be merged with: the same
    set, the sets one state smaller (stored as themselves) and one state larger (stored as near keys)."""
    members = frozenset(parties)
    found = [(party_key(members), False)] + [(party_key(s), False) for s in smaller_sets(members)]
    if len(members) >= NEAR_MIN_PARTIES:
        found.append((party_key(members), True))
    return found


def key_parties(key: str) -> frozenset[str] | None:
    """The party set a key stands for; None for a digest (its chains are then followed no further)."""
    if key.startswith("#"):
        return None
    return frozenset(key.split(SEPARATOR)) if key else frozenset()
