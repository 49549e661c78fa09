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


class MissingExtra(TreatywatchError):
    """An optional dependency is not installed: the message names the extra that brings it."""

    def __init__(self, what: str, extra: str):
        self.extra = extra
        super().__init__(f"{what} is missing: pip install 'treatywatch[{extra}]'")


def shown_url(url: str) -> str:
    """A database URL fit for a message: its password replaced by ***."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # not a URL SQLAlchemy can read (a bad port, say): mask by its shape
        return hide_passwords(url)
    if parsed.password is None and "password" not in parsed.query:
        return url  # as given: rendering would escape the path of `sqlite:///file:...?uri=true`
    if "password" in parsed.query:  # libpq reads one from the query string too
        parsed = parsed.update_query_dict({"password": "***"})
    return parsed.render_as_string(hide_password=True)


def hide_passwords(text: str) -> str:
    """`text` with the password of every `scheme://user:password@` in it replaced by ***."""
    import re

    # Up to the last "@" of the URL: a password may hold an unescaped "@".
    return re.sub(r"(\b[\w.+-]+://[^:/@\s'\"]*:)[^\s'\"]*@", r"\1***@", text)
