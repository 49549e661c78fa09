"""Paths, folders, JSONL lines and stdin turned into Article records (or Skipped reasons)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from hashlib import sha1
from pathlib import Path
from typing import Any

from treatywatch.errors import InputError
from treatywatch.ingest.boilerplate import clean
from treatywatch.ingest.html import extract_page
from treatywatch.records import Article, Skipped

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
SIDECAR = "articles.jsonl"
METADATA_FIELDS = ("url", "outlet", "published", "title")
# The store's id and outlet columns hold this many characters (String(200) in store/tables.py).
MAX_ID_CHARS = 200
# What no database can store as text, whichever it is: NUL (PostgreSQL refuses it) and lone
# surrogates (a JSON "\ud800" escape decodes to one, and it cannot be written as UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def read(paths: Iterable[str], *, fields: tuple[str, ...] = METADATA_FIELDS,
         stdin=None) -> Iterator[Article | Skipped]:
    """Every article under `paths` ('-' is stdin), in a stable order.

    `fields` limits which sidecar fields are used (evaluation leaves out the title).
    A path that cannot be read yields Skipped with the reason; the rest go on.
    """
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(stdin or sys.stdin, fields)
            continue
        path = Path(raw)
        if not path.exists():
            yield Skipped(raw, "no such file or folder")
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                yield Skipped(raw, "folder holds no .txt, .md, .html, .htm or .jsonl file")
            # In a folder, a .jsonl of which no line has a text is metadata (sidecar, gold records).
            inputs = [f for f in files if f.suffix.lower() not in JSONL_SUFFIXES or _holds_texts(f)]
            if files and not inputs:
                yield Skipped(raw, "folder holds no article: no line of its .jsonl files has a 'text' or 'html' "
                                   "field (they are read as metadata)")
            for file in inputs:
                yield from _read_file(file, fields)
        else:
            yield from _read_file(path, fields)


def count(paths: Iterable[str]) -> int | None:
    """How many files `read` will open (for a progress bar); None when stdin is read."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            return None
        if path.is_dir():
            total += sum(1 for p in path.rglob("*") if p.is_file()
                         and p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES)
        else:
            total += 1
    return total


def _read_file(path: Path, fields: tuple[str, ...]) -> Iterator[Article | Skipped]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield Skipped(str(path), f"unsupported file type {suffix or '(none)'}: "
                                 "use .txt, .md, .html, .htm or .jsonl")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _stream_jsonl(path, fields)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")
        return
    try:
        text = _decode(data)
    except InputError as exc:
        yield Skipped(str(path), str(exc).split(": ", 1)[-1])
        return
    meta = {k: v for k, v in _sidecar(path.parent).get(path.stem, {}).items() if k in fields}
    yield _article(path.stem, text, meta, source=str(path), html=suffix in HTML_SUFFIXES)


def _stream_jsonl(path: Path, fields: tuple[str, ...]) -> Iterator[Article | Skipped]:
    """A JSONL file read line by line, so that a file of millions of articles streams through in
    bounded memory; a line that is not UTF-8 is Skipped by number, like a line that is not JSON."""
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                # Per line, not per file: one line of NUL bytes must not cost the file's other articles.
                if b"\x00" in raw:
                    yield Skipped(f"{path}:{number}", "binary data (NUL bytes), not a JSON line")
                    continue
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8").removesuffix("\n").removesuffix("\r")
                except UnicodeDecodeError:
                    yield Skipped(f"{path}:{number}", "not UTF-8 text")
                    continue
                yield from read_jsonl([line], str(path), fields, first=number)
    except OSError as exc:
        yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")


def _read_stdin(stream, fields: tuple[str, ...]) -> Iterator[Article | Skipped]:
    data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
    try:
        text = _decode(data)
    except InputError as exc:
        yield Skipped("<stdin>", str(exc).split(": ", 1)[-1])
        return
    if text.lstrip().startswith("{"):
        yield from read_jsonl(_lines(text), "<stdin>", fields)
    else:
        ident = "stdin-" + sha1(text.encode()).hexdigest()[:10]
        yield _article(ident, text, {}, source="<stdin>", html=text.lstrip().startswith("<"))


def _lines(text: str) -> list[str]:
    """JSON Lines are split on \n only (a trailing \r is dropped): str.splitlines() would also break on
    U+2028, U+2029, U+0085 and other separators, which JSON writers leave unescaped inside strings."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def _parse_line(line: str) -> Any:
    """One JSON value, or a ValueError that says in a few words what is wrong with it."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise ValueError("not valid JSON (nested too deeply)") from None


def read_jsonl(lines: Iterable[str], source: str, fields: tuple[str, ...] = METADATA_FIELDS, *, first: int = 1
               ) -> Iterator[Article | Skipped]:
    """Articles from JSON Lines (`{"id", "text" or "html", ...}` per line, the first numbered `first`);
    a bad line is Skipped by number."""
    for number, line in enumerate(lines, first):
        if not line.strip():
            continue
        try:
            row = _parse_line(line)
        except ValueError as exc:
            yield Skipped(f"{source}:{number}", str(exc))
            continue
        if not isinstance(row, dict):
            yield Skipped(f"{source}:{number}", "expected a JSON object per line")
            continue
        yield article_from_row(row, f"{source}:{number}", fields)


def article_from_row(row: dict[str, Any], source: str, fields: tuple[str, ...] = METADATA_FIELDS
                     ) -> Article | Skipped:
    """One article from a decoded JSON object (a JSONL line or an API request item); `source` names it."""
    ident, text, html = row.get("id"), row.get("text"), row.get("html")
    if not isinstance(ident, (str, int)) or not str(ident).strip():
        return Skipped(source, "missing 'id'")
    if not isinstance(text, str) and not isinstance(html, str):
        return Skipped(source, "missing 'text' (or 'html')")
    meta = {k: row.get(k) for k in fields if row.get(k) is not None}
    return _article(str(ident), text if isinstance(text, str) else html, meta,
                    source=source, html=not isinstance(text, str))


def _article(ident: str, text: str, meta: dict[str, Any], *, source: str, html: bool) -> Article | Skipped:
    # Only strings are kept as metadata ({"title": {...}} or "outlet": 42 is left out, like a bad date).
    title, url, outlet = (_storable(v) if isinstance(v := meta.get(k), str) else None for k in ("title", "url", "outlet"))
    published = _as_date(meta.get("published"))
    ident, text = _storable(ident), _storable(text)
    if not ident.strip():
        return Skipped(source, "missing 'id'")
    if len(ident) > MAX_ID_CHARS:
        return Skipped(source, f"id too long: {len(ident):,} characters (the limit is {MAX_ID_CHARS})")
    if html:
        page = extract_page(text)
        if page is None:
            return Skipped(source, "no article text found in the HTML page")
        text = _storable(page.text)
        title = title or (page.title and _storable(page.title))
        published = published or (page.published if "published" in meta or page.published else None)
        outlet = outlet or (page.site and _storable(page.site))
        url = url or (page.url and _storable(page.url))
    if outlet is not None and len(outlet) > MAX_ID_CHARS:
        return Skipped(source, f"outlet too long: {len(outlet):,} characters (the limit is {MAX_ID_CHARS})")
    text = clean(text)
    if not text.strip():
        return Skipped(source, "empty article")
    return Article(id=ident, text=text, url=url, outlet=outlet, published=published,
                   title=title, source=source)


def _storable(value: str) -> str:
    """`value` without NUL characters and with U+FFFD for each lone surrogate: the same on every database."""
    if _UNSTORABLE.search(value) is None:
        return value
    return _UNSTORABLE.sub(lambda m: "" if m[0] == "\x00" else "\ufffd", value)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("", "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("", "not UTF-8 text") from None


def _holds_texts(path: Path) -> bool:
    """A .jsonl with a 'text' (or 'html') field on any line is an input; with none it is metadata.

    Every line counts, not only the first: a file opening with a broken or textless line still
    holds articles, and its other lines are read (the bad ones reported by number).
    """
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return True  # let the normal reader report what is wrong with it
    if '"text"' not in content and '"html"' not in content:
        return False  # quick: no line can have the field
    for line in _lines(content):
        try:
            row = _parse_line(line) if line.strip() else None
        except ValueError:
            continue
        if isinstance(row, dict) and ("text" in row or "html" in row):
            return True
    return False


_SIDECARS: dict[Path, dict[str, dict[str, Any]]] = {}


def _sidecar(folder: Path) -> dict[str, dict[str, Any]]:
    """Metadata by article id from articles.jsonl in the folder or its parent (corpus layout)."""
    folder = folder.resolve()
    if folder not in _SIDECARS:
        found: dict[str, dict[str, Any]] = {}
        for candidate in (folder.parent / SIDECAR, folder / SIDECAR):
            if candidate.is_file() and not _holds_texts(candidate):
                found.update(_parse_sidecar(candidate))
        _SIDECARS[folder] = found
    return _SIDECARS[folder]


def _parse_sidecar(path: Path) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for line in _lines(path.read_text(encoding="utf-8")):
        try:
            row = _parse_line(line) if line.strip() else None
        except ValueError:
            continue  # a broken sidecar line only loses that article's metadata
        if isinstance(row, dict) and row.get("id") is not None:
            rows[str(row["id"])] = {k: row.get(k) for k in METADATA_FIELDS if row.get(k) is not None}
    return rows


def _as_date(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
