"""Loading of the JSONL data files shipped in treatywatch/data (validated at load)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from treatywatch.errors import DataFileError


@lru_cache(maxsize=None)
def _load(relpath: str, required: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    path = resources.files("treatywatch") / "data" / relpath
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(relpath, number, f"not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise DataFileError(relpath, number, "expected a JSON object")
        missing = [key for key in required if key not in row]
        if missing:
            raise DataFileError(relpath, number, f"missing key(s) {', '.join(missing)}")
        rows.append(row)
    return tuple(rows)


def load_rules(relpath: str, *, required: tuple[str, ...] = ()) -> tuple[dict[str, Any], ...]:
    """Rows of data/<relpath>, each a dict; raises DataFileError naming the bad line."""
    return _load(relpath, tuple(required))
