"""An article's text cut into plain and quoted segments, for marking evidence on its page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    quoted: bool
    anchors: tuple[int, ...] = ()   # starts of the quotes inside: the page's #q-START targets


def marked_segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """`text` split at the quoted spans (overlapping ones merged); the template escapes every segment."""
    merged: list[list] = []   # [start, end, anchors]
    for start, end in sorted({(max(0, s), min(len(text), e)) for s, e in spans if s < e}):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(start)
        else:
            merged.append([start, end, [start]])
    segments, at = [], 0
    for start, end, anchors in merged:
        if start > at:
            segments.append(Segment(text[at:start], False))
        segments.append(Segment(text[start:end], True, tuple(dict.fromkeys(anchors))))
        at = end
    if at < len(text) or not segments:
        segments.append(Segment(text[at:], False))
    return segments
