"""Process settings from the environment and `.env` (per-group settings live in the db)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Read once at start-up by `python -m bot`; never at import time."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    db_path: Path = Field(default=Path("data/yrka.sqlite3"), alias="YRKA_DB_PATH")
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    dev_guild_id: int | None = Field(default=None, alias="YRKA_DEV_GUILD_ID")
    # How long on_ready waits for more guilds after the last GUILD_CREATE; tests lower it.
    guild_ready_timeout: float = Field(default=2.0, alias="YRKA_GUILD_READY_TIMEOUT")
    # Start-up when Discord cannot be reached: first wait and the longest wait between tries.
    retry_initial: float = Field(default=2.0, alias="YRKA_RETRY_INITIAL")
    retry_max: float = Field(default=300.0, alias="YRKA_RETRY_MAX")
    # Touched every HEALTH_INTERVAL s while connected; `python -m bot health` reads its age.
    health_file: Path | None = Field(default=None, alias="YRKA_HEALTH_FILE")

    @property
    def health_path(self) -> Path:
        """The health file: YRKA_HEALTH_FILE, else beside the database (yrka.health)."""
        return self.health_file or self.db_path.with_suffix(".health")

    # Pacing of a long publish against Discord's per-channel rate limits (five messages per
    # five seconds, a reaction per quarter second): 1.0 keeps to them, tests lower it.
    publish_pace: float = Field(default=1.0, alias="YRKA_PUBLISH_PACE")
    # The progress message of a long publish is edited this often (seconds): each edit takes
    # one of the channel's five edits per five seconds, which the items' embeds need too.
    publish_progress_interval: float = Field(default=5.0, alias="YRKA_PUBLISH_PROGRESS_INTERVAL")
