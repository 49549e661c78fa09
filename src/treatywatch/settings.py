"""One Settings object, read from TREATYWATCH_* environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TREATYWATCH_")

    db: str = "sqlite:///treatywatch.db"
    # Without a token the web server is read-only.
    token: str | None = None
    # The largest POST /api/articles body the server reads, in MiB (TREATYWATCH_MAX_BODY_MIB); larger is 413.
    max_body_mib: float = Field(default=50, gt=0)
    # Who codes provisions: rules, model (the sentence classifier under the rules' frame) or both.
    provisions: str = "both"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
