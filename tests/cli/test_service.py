"""Running Yrka as a service: the Dockerfile's entry point, `python -m bot check` and `health`
in the project's venv against the fake Discord, the backup script, and the README's claims.

`docker build` is not available here: what the image would run is run as a process instead."""

from __future__ import annotations

import asyncio
import fnmatch
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import app
from bot.__main__ import HEALTH_MAX_AGE, build_parser
from bot.app import HEALTH_INTERVAL
from bot.settings import Settings
from db import groups
from db.connection import Database
from tests.support.e2e import START, BotRunner, build_world, eventually, seed_group_and_meeting
from tests.support.fakediscord import FakeDiscord
from tests.support.fakediscord.patience import process_cpu, within
from tests.support.fakediscord.state import MANAGE_MESSAGES

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def dockerfile_command() -> list[str]:
    """ENTRYPOINT + CMD of the Dockerfile (exec form)."""
    entry = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", DOCKERFILE, re.M).group(1))  # type: ignore[union-attr]
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.M).group(1))  # type: ignore[union-attr]
    return [*entry, *cmd]


def test_dockerfile_is_slim_non_root_with_the_database_on_a_volume() -> None:
    assert re.search(r"^FROM python:3\.11-slim", DOCKERFILE, re.M)
    assert re.search(r"^USER (?!root)\w+", DOCKERFILE, re.M)
    volume = json.loads(re.search(r"^VOLUME (\[.*\])$", DOCKERFILE, re.M).group(1))  # type: ignore[union-attr]
    db_path = re.search(r"YRKA_DB_PATH=(\S+)", DOCKERFILE).group(1)  # type: ignore[union-attr]
    assert any(db_path.startswith(folder + "/") for folder in volume)
    assert dockerfile_command() == ["python", "-m", "bot", "run"]
    health = re.search(r"HEALTHCHECK .*\n\s*CMD (\[.*\])", DOCKERFILE).group(1)  # type: ignore[union-attr]
    assert json.loads(health) == ["python", "-m", "bot", "health"]
    compose = (ROOT / "compose.yaml").read_text()
    assert "/data" in compose and "restart: unless-stopped" in compose


def test_the_image_gets_every_file_the_bot_reads() -> None:
    # The image runs `pip install .` over what the Dockerfile copies: every package pyproject
    # installs must be copied, and every non-Python file in them (the migrations) must be
    # package data, or the installed bot would start without them.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    copied = set(re.findall(r"^COPY (\w+) \./\1$", DOCKERFILE, re.M))
    packages = {pattern.rstrip("*") for pattern in project["packages"]["find"]["include"]}
    assert packages <= copied, packages - copied
    for package in packages:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and path.suffix not in {".py", ".pyc"}:
                inside = path.relative_to(ROOT / package).as_posix()
                globs = project["package-data"].get(package, [])
                assert any(fnmatch.fnmatch(inside, g) for g in globs), f"{package}/{inside}"


def _env(fake: FakeDiscord, tmp_path: Path, **extra: str) -> dict[str, str]:
    return (
        os.environ
        | {
            "DISCORD_TOKEN": fake.token,
            "YRKA_DB_PATH": str(tmp_path / "yrka.sqlite3"),
            "YRKA_GUILD_READY_TIMEOUT": "0.05",
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "INFO",
        }
        | extra
    )


async def _as_cli(
    fake: FakeDiscord, args: list[str], env: dict[str, str]
) -> asyncio.subprocess.Process:
    """`python -m bot <args>` in this venv, with discord.py's base URLs pointed at the fake."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.bot_process",
        "--api",
        f"{fake.base_url}/api/v10",
        "--gateway",
        fake.gateway_url,
        "--cli",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


def _health(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "health"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_the_dockerfiles_command_runs_the_bot_in_the_venv_and_reports_healthy(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    env = _env(fake_discord, tmp_path)
    python, *module = dockerfile_command()
    assert python == "python" and module[:2] == ["-m", "bot"]
    assert _health(env).returncode == 1  # not started: no heartbeat
    process = await _as_cli(fake_discord, module[2:], env)
    assert process.stderr is not None

    async def ready() -> None:
        assert process.stderr is not None
        while b"ready:" not in (line := await process.stderr.readline()):
            assert line, "the bot process ended before it was ready"

    await within(ready(), 30, "the bot process is ready", progress=_working(process))
    healthy = _health(env)
    assert healthy.returncode == 0, healthy.stdout
    health_file = tmp_path / "yrka.health"
    old = time.time() - 3600
    os.utime(health_file, (old, old))
    assert _health(env).returncode == 1  # a stale heartbeat is unhealthy
    process.send_signal(signal.SIGTERM)
    assert await within(process.wait(), 30, "the bot stopped", progress=_working(process)) == 0
    assert not health_file.exists()  # a stopped bot is not healthy
    with sqlite3.connect(tmp_path / "yrka.sqlite3") as conn:  # migrations ran on start
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    assert version == len(list((ROOT / "db" / "migrations").glob("*.sql")))


async def test_the_service_without_network_retries_in_one_line_each_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    # systemd's `Restart=on-failure` is for crashes: the bot itself waits for the network.
    env = os.environ | {
        "DISCORD_TOKEN": "x",
        "YRKA_DB_PATH": str(tmp_path / "yrka.sqlite3"),
        "YRKA_RETRY_INITIAL": "0.1",
        "YRKA_RETRY_MAX": "0.2",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "INFO",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.bot_process",
        "--api",
        "http://127.0.0.1:9/api/v10",  # nobody listens on port 9
        "--gateway",
        "ws://127.0.0.1:9/gw",
        "--cli",
        "run",
        cwd=ROOT,
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    lines: list[bytes] = []

    async def three_tries() -> None:
        assert process.stderr is not None
        while sum(b"cannot reach Discord" in line for line in lines) < 3:
            lines.append(await process.stderr.readline())
            assert lines[-1], b"".join(lines).decode()

    await within(three_tries(), 30, "three failed tries", progress=_working(process))
    assert process.returncode is None, "it gave up"
    process.send_signal(signal.SIGTERM)
    rest, _ = await within(process.communicate(), 30, "the bot stopped", progress=_working(process))
    assert process.returncode == 0
    text = (b"".join(lines) + (rest or b"")).decode()
    assert "Traceback" not in text, text
    tries = [line for line in text.splitlines() if "cannot reach Discord" in line]
    assert all("WARNING" in line and "retrying in" in line for line in tries), tries


def _working(process: asyncio.subprocess.Process) -> Callable[[], object]:
    """Progress of a process for a wait: the CPU time it used (a loaded machine starts it
    slowly; only one that does nothing for the timeout fails: patience.py)."""
    return lambda: process_cpu(process.pid)


async def _seed_group(fake: FakeDiscord, db_path: Path) -> None:
    world = await build_world(fake)
    db = await Database.open(db_path)
    try:
        async with db.transaction() as conn:
            await seed_group_and_meeting(conn, world, now=START)
    finally:
        await db.close()


async def _check(fake: FakeDiscord, env: dict[str, str]) -> tuple[int, str]:
    process = await _as_cli(fake, ["check", "--lang", "en"], env)
    out, _ = await within(process.communicate(), 60, "check's report", progress=_working(process))
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_check_reports_token_intents_and_each_groups_permissions(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    fake = fake_discord
    env = _env(fake, tmp_path)
    code, out = await _check(fake, env)
    assert code == 0, out
    assert "OK   Discord accepts DISCORD_TOKEN" in out and "No group is set up yet" in out

    await _seed_group(fake, tmp_path / "yrka.sqlite3")
    channel = fake.guild.channel_named("gruppen")
    await fake.set_overwrite(channel, fake.bot_role(), deny=MANAGE_MESSAGES)
    code, out = await _check(fake, env)
    assert code == 1, out
    assert "OK   Server Members Intent is on" in out and "OK   Message Content Intent is on" in out
    assert re.search(r"FAIL The bot lacks permissions for .*Testgruppen.*: Manage Messages\.", out)
    assert "Grant them to the role @Yrka under Server Settings" in out  # where to fix it

    await fake.set_overwrite(channel, fake.bot_role())
    code, out = await _check(fake, env)
    assert code == 0 and "OK   The bot may do everything it needs" in out, out
    assert not fake.sessions, "check must not connect to the gateway (start the bot)"
    assert not fake.calls("PUT"), "check must not sync commands"


async def test_check_names_a_rejected_token_and_missing_intents(tmp_path: Path) -> None:
    fake = FakeDiscord(allowed_privileged_intents=0)
    await fake.start()
    try:
        code, out = await _check(fake, _env(fake, tmp_path))
        assert code == 1 and "FAIL Server Members Intent is off" in out, out
        assert "FAIL Message Content Intent is off" in out
        code, out = await _check(fake, _env(fake, tmp_path, DISCORD_TOKEN="wrong"))
        assert code == 1 and "FAIL Discord rejected DISCORD_TOKEN" in out, out
    finally:
        await fake.stop()


def test_check_without_network_says_so_in_one_line(tmp_path: Path) -> None:
    env = os.environ | {"DISCORD_TOKEN": "x", "YRKA_DB_PATH": str(tmp_path / "db.sqlite3")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.support.bot_process",
            "--api",
            "http://127.0.0.1:9/api/v10",
            "--gateway",
            "ws://127.0.0.1:9/gw",
            "--cli",
            "check",
        ],
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout.startswith("FAIL Kan inte nå Discord") and "Traceback" not in result.stderr


async def test_backup_script_makes_a_consistent_copy(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "yrka.sqlite3")
    try:
        async with db.transaction() as conn:
            await groups.set_state(conn, "marker", "kept")
        result = subprocess.run(
            [
                "sh",
                str(ROOT / "deploy" / "backup.sh"),
                str(tmp_path / "yrka.sqlite3"),
                str(tmp_path / "backups"),
            ],
            env=os.environ | {"PYTHON": sys.executable},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        await db.close()
    assert result.returncode == 0, result.stderr
    copy = Path(result.stdout.strip())
    assert copy.parent == tmp_path / "backups" and copy.name.startswith("yrka-")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT value FROM bot_state WHERE key = 'marker'").fetchone() == (
            "kept",
        )


def test_readme_run_it_on_a_server_is_true() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Run it on a server", 1)[1].split("\n## ", 1)[0]
    for path in re.findall(
        r"`((?:deploy/)?[\w.-]+\.(?:service|timer|sh|yaml)|Dockerfile)`", section
    ):
        assert (ROOT / path).exists(), path
    for sub in ("run", "check", "health"):
        assert f"python -m bot {sub}" in section
        build_parser().parse_args([sub])
    assert "migrations run on start" in " ".join(section.lower().split())
    # Every setting it names is one the bot reads.
    aliases = {field.alias for field in Settings.model_fields.values()}
    named = set(re.findall(r"`(YRKA_\w+|DISCORD_TOKEN)`", readme))
    assert named and named <= aliases, named - aliases
    assert f"{HEALTH_MAX_AGE:.0f} s" in section and f"{HEALTH_INTERVAL:.0f} s" in section
    unit = (ROOT / "deploy" / "yrka.service").read_text()
    assert "ExecStart=/opt/yrka/app/.venv/bin/python -m bot run" in unit
    assert "deploy/backup.sh" in (ROOT / "deploy" / "yrka-backup.service").read_text()


async def test_the_health_file_is_touched_while_connected_and_not_while_the_gateway_is_down(
    bot_runner: BotRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "HEALTH_INTERVAL", 0.05)
    bot = await bot_runner.start()
    fake = bot_runner.fake
    path = bot.settings.health_path
    long_ago = time.time() - 3600

    def touched() -> bool:
        return path.stat().st_mtime > long_ago + 60

    os.utime(path, (long_ago, long_ago))
    await eventually(touched, "the connected bot touches its health file again")
    fake.refuse_gateway(1000)  # the gateway stays down
    await fake.drop_gateway(refuse_resume=True)
    await eventually(lambda: not bot.connected(), "the bot sees the connection gone")
    os.utime(path, (long_ago, long_ago))
    await asyncio.sleep(0.5)  # ten intervals
    assert not touched(), "touched while not connected to Discord"
    fake.refused_handshakes = 0  # the gateway is back
    await eventually(touched, "touched again once reconnected", timeout=30)
