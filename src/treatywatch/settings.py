"""One Settings object, read from TREATYWATCH_* environment variables."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from treatywatch.errors import TreatywatchError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TREATYWATCH_")

    db: str = "sqlite:///treatywatch.db"
    # Without a token the web server is read-only.
    token: str | None = None
    # The largest POST /api/articles body the server reads, in MiB (TREATYWATCH_MAX_BODY_MIB); larger is 413.
    max_body_mib: float = Field(default=50, gt=0)
    # Who codes provisions: rules, model (the sentence classifier under the rules' frame) or both.
    provisions: str = "both"
    # Where the model's NER runs: "focused" (sentences that can speak of an agreement) or "full".
    ner: str = "focused"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def choice(name: str, choices: tuple[str, ...]) -> str:
    """A TREATYWATCH_<NAME> setting that is one of `choices`, read afresh from the environment (a test
    or a job may change it; building Settings for every article cost some 3 ms), else its default."""
    variable = f"TREATYWATCH_{name.upper()}"
    value = os.environ.get(variable, "").strip().lower() or Settings.model_fields[name].default
    if value not in choices:
        raise TreatywatchError(f"{variable}={value!r}: expected one of {', '.join(choices)}")
    return value
