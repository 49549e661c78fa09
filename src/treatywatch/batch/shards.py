"""Shards, the unit of work of a batch: JSON Lines (plain or gzipped) and WARC files of a crawl.

A JSONL shard holds one article per line, as `treatywatch ingest` reads them. A WARC shard
(`.warc`, `.warc.gz`, as news crawls store them) gives one article per HTML response, read
through the HTML ingest (trafilatura); its id is the page's URL (a hash of it when the URL is
longer than an id may be). Every problem is a Skipped with a one-line reason: a missing or
unreadable shard, a bad line, a page without article text, a WARC that breaks off.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from hashlib import sha1
from pathlib import Path

from treatywatch.ingest.read import MAX_ID_CHARS, METADATA_FIELDS, article_from_row, read_jsonl
from treatywatch.records import Article, Skipped

JSONL = (".jsonl", ".jsonl.gz")
WARC = (".warc", ".warc.gz")


def read_shard(shard: str, fields: tuple[str, ...] = METADATA_FIELDS) -> Iterator[Article | Skipped]:
    """Every article of one shard, in the order it holds them."""
    path = Path(shard)
    name = path.name.lower()
    if not path.is_file():
        yield Skipped(shard, "no such shard" if not path.exists() else "not a file")
    elif name.endswith(JSONL):
        yield from _jsonl(path, fields)
    elif name.endswith(WARC):
        yield from _warc(path)
    else:
        yield Skipped(shard, "unsupported shard: use .jsonl, .jsonl.gz, .warc or .warc.gz")


def _jsonl(path: Path, fields: tuple[str, ...]) -> Iterator[Article | Skipped]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="\n") as handle:
            lines = (line.rstrip("\r\n") for line in handle)
            for number, item in enumerate(read_jsonl(lines, str(path), fields), 1):
                yield item
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        yield Skipped(str(path), f"unreadable after {number} item(s): {_reason(exc)}")


def _warc(path: Path) -> Iterator[Article | Skipped]:
    from warcio.archiveiterator import ArchiveIterator

    done = 0
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                kind = record.http_headers.get_header("Content-Type") or ""
                if "html" not in kind.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                source = f"{path}:{url or record.rec_headers.get_header('WARC-Record-ID')}"
                html = record.content_stream().read().decode(_charset(kind), errors="replace")
                done += 1
                yield article_from_row({"id": _page_id(url, record), "html": html, "url": url or None}, source)
    except Exception as exc:  # noqa: BLE001 - warcio raises whatever a broken record makes it hit
        yield Skipped(str(path), f"unreadable WARC after {done} page(s): {_reason(exc)}")


def _page_id(url: str, record) -> str:
    if url and len(url) <= MAX_ID_CHARS:
        return url
    key = url or record.rec_headers.get_header("WARC-Record-ID") or ""
    return "warc-" + sha1(key.encode("utf-8", "replace")).hexdigest()


def _charset(content_type: str) -> str:
    for part in content_type.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value.strip():
            charset = value.strip().strip('"').lower()
            try:
                "".encode(charset)
                return charset
            except LookupError:
                break
    return "utf-8"


def _reason(exc: BaseException) -> str:
    text = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return type(exc).__name__ + (f": {text}" if text else "")
