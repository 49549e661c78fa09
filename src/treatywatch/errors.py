"""Exception classes; each message says what happened and what to do."""

from __future__ import annotations


class TreatywatchError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(TreatywatchError):
    """An input file or line cannot be read."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class DataFileError(TreatywatchError):
    """A shipped data file (gazetteer, rules) is malformed."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")


class StoreError(TreatywatchError):
    """The database cannot be opened or written."""


class NotFound(TreatywatchError):
    """A record asked for by id does not exist."""
