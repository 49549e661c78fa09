"""HTML pages reduced to the article text and its metadata with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str | None
    published: date | None
    site: str | None
    url: str | None


def extract_page(html: str) -> Page | None:
    """The main text of an HTML page, or None when trafilatura finds no article in it."""
    import trafilatura  # imported here: loading it costs time that plain-text ingests skip

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        return None
    published = None
    if doc.date:
        try:
            published = date.fromisoformat(doc.date[:10])
        except ValueError:
            published = None
    return Page(text=doc.text, title=doc.title, published=published,
                site=doc.sitename or doc.hostname, url=doc.url)
