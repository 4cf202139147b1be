"""Start-up failures a chair can fix end with one clear sentence and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import serve
from bot.settings import Settings
from tests.support.bot_process import start_bot_process
from tests.support.fakediscord import FakeDiscord
from tests.support.fakediscord.patience import process_cpu, within

ROOT = Path(__file__).resolve().parents[2]


def _settings(token: str, tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        DISCORD_TOKEN=token,
        YRKA_DB_PATH=tmp_path / "yrka.sqlite3",
        YRKA_GUILD_READY_TIMEOUT=0.05,
    )


def test_missing_token_prints_one_sentence_and_exits_non_zero(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,  # no .env here
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "DISCORD_TOKEN" in result.stderr and "Traceback" not in result.stderr


async def test_rejected_token_says_to_copy_a_new_one(
    fake_discord: FakeDiscord, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await serve(_settings("wrong-token", tmp_path), handle_signals=False)
    assert code == 1
    assert "avvisade DISCORD_TOKEN" in capsys.readouterr().err


async def test_missing_privileged_intents_say_where_to_turn_them_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeDiscord(allowed_privileged_intents=0)
    await fake.start()
    try:
        code = await serve(_settings(fake.token, tmp_path), handle_signals=False)
    finally:
        await fake.stop()
    assert code == 1
    assert "Message Content Intent" in capsys.readouterr().err


async def test_sigterm_closes_the_database_cleanly(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    import signal

    process = await start_bot_process(fake_discord, tmp_path / "yrka.sqlite3", cwd=tmp_path)
    process.send_signal(signal.SIGTERM)
    stopped = within(
        process.wait(), 30, "the bot stopped", progress=lambda: process_cpu(process.pid)
    )
    assert await stopped == 0
    # A clean close checkpoints the write-ahead log and removes it.
    assert not (tmp_path / "yrka.sqlite3-wal").exists()
