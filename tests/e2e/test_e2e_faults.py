"""End to end: Discord unreachable at start-up, Discord answering 5xx, and a gateway dropped in
the middle of a burst of votes (tests/support/fakediscord/faults.py). The bot runs the way
`python -m bot run` runs it: `serve()`."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.__main__ import _OneLineReconnect, quiet_reconnects, serve
from bot.app import YrkaBot
from bot.clock import FixedClock
from bot.domain.models import EMOJI_BY_CHOICE, Choice
from bot.services import voting
from bot.settings import Settings
from db import votes
from tests.support.e2e import (
    START,
    TEST_TIMINGS,
    World,
    eventually,
    publish_item,
    settled,
    setup_group,
    within,
)
from tests.support.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e

YES = EMOJI_BY_CHOICE[Choice.BIFALL]


def fast_retry_settings(fake: FakeDiscord, tmp_path: Path, **extra: float) -> Settings:
    return Settings(
        _env_file=None,
        DISCORD_TOKEN=fake.token,
        YRKA_DB_PATH=tmp_path / "yrka.sqlite3",
        YRKA_GUILD_READY_TIMEOUT=0.05,
        YRKA_RETRY_INITIAL=extra.get("initial", 0.05),
        YRKA_RETRY_MAX=extra.get("maximum", 0.2),
    )


def served(bot: YrkaBot) -> asyncio.Task[int]:
    """`python -m bot run`'s coroutine for this bot (signals left to pytest)."""
    return asyncio.create_task(serve(bot.settings, handle_signals=False, bot=bot))


@pytest.fixture
async def absent_fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord whose address is fixed but which does not listen yet."""
    fake = FakeDiscord()
    fake.reserve_port()
    try:
        yield fake
    finally:
        await fake.stop()
    assert not fake.unknown_routes


def start_up_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bot" and "start-up" in r.getMessage()]


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info is not None]


async def test_start_up_without_network_retries_and_starts_when_discord_appears(
    absent_fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = absent_fake
    bot = YrkaBot(fast_retry_settings(fake, tmp_path), clock=FixedClock(START))
    with caplog.at_level(logging.INFO):
        running = served(bot)
        await eventually(lambda: len(start_up_warnings(caplog)) >= 3, "three tries failed")
        assert not running.done(), "the bot gave up instead of retrying"
        await fake.start()  # the network is back
        await within(bot.wait_until_ready(), 10, "ready", progress=lambda: fake.activity)
        await bot.close()
        assert await running == 0
    tries = start_up_warnings(caplog)
    assert all(r.levelno == logging.WARNING for r in tries)
    message = tries[0].getMessage()
    assert "cannot reach Discord" in message and "retrying in" in message
    assert "Connect" in message  # what failed: aiohttp's ClientConnectorError
    assert not tracebacks(caplog), "no traceback"
    assert fake.guild_commands or fake.global_commands  # the commands were synced


async def test_start_up_during_a_discord_outage_retries_until_it_answers(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = fake_discord
    fake.fail_next(2, 503)  # GET /users/@me twice
    fake.fail_next(1, 503, path="/commands")  # then the command sync once
    fake.fail_next(1, 503, path="/gateway/bot")  # then the gateway's address once
    bot = YrkaBot(fast_retry_settings(fake, tmp_path), clock=FixedClock(START))
    with caplog.at_level(logging.INFO):
        running = served(bot)
        await within(bot.wait_until_ready(), 10, "ready", progress=lambda: fake.activity)
        await bot.close()
        assert await running == 0
    tries = [r.getMessage() for r in start_up_warnings(caplog)]
    assert len(tries) == 4 and all("503" in message for message in tries), tries
    assert "retrying in 0 s" in tries[0]  # 0.05 s, doubling to at most 0.2 s
    assert not tracebacks(caplog)
    assert fake.pending_failures == 0
    # The command sync was tried again (the cogs were not loaded again: discord.py refuses that).
    assert [c.path for c in fake.calls("PUT")][-1].endswith("/commands")


async def test_a_close_during_the_wait_between_tries_ends_the_start_up_at_once(
    absent_fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # SIGTERM while Discord is unreachable: the process must not sit out a five-minute wait.
    settings = fast_retry_settings(absent_fake, tmp_path, initial=300.0, maximum=300.0)
    bot = YrkaBot(settings, clock=FixedClock(START))
    with caplog.at_level(logging.INFO):
        running = served(bot)
        await eventually(lambda: start_up_warnings(caplog), "the first try failed")
        began = time.monotonic()
        await bot.close()
        assert await within(running, 5, "the bot closed") == 0
    assert time.monotonic() - began < 5
    assert "retrying in 300 s" in start_up_warnings(caplog)[0].getMessage()
    assert not tracebacks(caplog)


@pytest.fixture
async def served_bot(
    fake_discord: FakeDiscord, world: World, tmp_path: Path
) -> AsyncIterator[YrkaBot]:
    """The bot started by `serve()` (as in production) with the group set up."""
    for name in ("discord.shard", "discord.client"):  # serve() must install it itself
        logger = logging.getLogger(name)
        for installed in [f for f in logger.filters if isinstance(f, _OneLineReconnect)]:
            logger.removeFilter(installed)
    bot = YrkaBot(
        fast_retry_settings(fake_discord, tmp_path), clock=FixedClock(START), timings=TEST_TIMINGS
    )
    running = served(bot)
    await within(bot.wait_until_ready(), 10, "ready", progress=lambda: fake_discord.activity)
    await setup_group(world)
    try:
        yield bot
    finally:
        await bot.close()
        assert await running == 0


async def _burst_with_a_drop(
    bot: YrkaBot, world: World, *, refuse_resume: bool, gateway_down: int = 0
) -> tuple[list[int], int]:
    fake = world.fake
    published = await publish_item(bot, world, ("att införa nattbussar",))
    message = published.vote_messages[0]
    for index, member in enumerate(world.voters):
        if index == len(world.voters) // 2:
            fake.refuse_gateway(gateway_down)
            await fake.drop_gateway(refuse_resume=refuse_resume)
        await fake.add_reaction(member, message, YES)  # half of them while the bot is away
    expected = sorted(member.id for member in world.voters)

    async def all_recorded() -> bool:
        stored = await voting.current_votes_of(bot.db, published.yrkande_ids[0])
        return sorted(stored) == expected

    await eventually(all_recorded, "every vote of the burst is recorded", timeout=20)
    await settled(bot, fake)
    return expected, published.yrkande_ids[0]


async def test_dropped_gateway_resumes_and_the_missed_events_are_replayed(
    served_bot: YrkaBot, world: World
) -> None:
    expected, yrkande_id = await _burst_with_a_drop(served_bot, world, refuse_resume=False)
    assert world.fake.resumes == 1
    async with served_bot.db.read() as conn:
        events = await votes.events_for(conn, yrkande_id)
    assert sorted(e.member_id for e in events) == expected
    assert {e.source for e in events} == {"reaction"}  # all arrived as events


async def test_refused_resume_loses_no_vote_reconciliation_records_the_gap(
    served_bot: YrkaBot, world: World
) -> None:
    sessions_before = len(world.fake.gateway_queries)
    expected, yrkande_id = await _burst_with_a_drop(served_bot, world, refuse_resume=True)
    fake = world.fake
    assert fake.resumes == 0
    assert len(fake.gateway_queries) > sessions_before  # a new session was opened
    async with served_bot.db.read() as conn:
        events = await votes.events_for(conn, yrkande_id)
    assert sorted(e.member_id for e in events) == expected
    sources = [e.source for e in events]
    assert "reconcile" in sources and "reaction" in sources


async def test_gateway_down_for_a_moment_is_one_warning_line_and_loses_no_vote(
    served_bot: YrkaBot, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        expected, yrkande_id = await _burst_with_a_drop(
            served_bot, world, refuse_resume=False, gateway_down=1
        )
    lost = [r for r in caplog.records if "gateway connection lost" in r.getMessage()]
    assert len(lost) == 1 and lost[0].levelno == logging.WARNING, caplog.text
    assert "503" in lost[0].getMessage() and "Attempting a reconnect" in lost[0].getMessage()
    assert not tracebacks(caplog), caplog.text
    async with served_bot.db.read() as conn:
        events = await votes.events_for(conn, yrkande_id)
    assert sorted(e.member_id for e in events) == expected


def test_a_lost_gateway_connection_is_one_warning_line_without_traceback() -> None:
    # discord.py logs a shard's reconnect with exc_info; the bot turns that into one line.
    quiet_reconnects()
    try:
        raise OSError(111, "Connect call failed")
    except OSError:
        record = logging.getLogger("discord.shard").makeRecord(
            "discord.shard",
            logging.ERROR,
            "shard.py",
            167,
            "Attempting a reconnect for shard ID %s in %.2fs",
            (0, 1.5),
            sys.exc_info(),
        )
    for log_filter in logging.getLogger("discord.shard").filters:
        log_filter.filter(record)
    assert record.exc_info is None and record.levelno == logging.WARNING
    assert record.getMessage() == (
        "gateway connection lost (ConnectionRefusedError: [Errno 111] Connect call failed); "
        "Attempting a reconnect for shard ID 0 in 1.50s"
    )
