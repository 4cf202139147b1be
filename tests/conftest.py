"""Shared fixtures: the fake Discord (the lead adds the bot fixture here)."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Make `tests.support.fakediscord` importable however pytest is started.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.fakediscord import FakeDiscord
from tests.support.fakediscord.schema import claim_unclaimed, unclaimed_report

# Hypothesis is derandomised in `make test`, so a fresh clone passes or fails the same way
# every time; `make fuzz` (YRKA_FUZZ_EXAMPLES set) explores with fresh random inputs. Every
# falsifying example found while exploring becomes an explicit `@example` on its test.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("fuzz", derandomize=False, print_blob=True)
hypothesis_settings.load_profile("fuzz" if os.environ.get("YRKA_FUZZ_EXAMPLES") else "ci")


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A running fake Discord on 127.0.0.1 with Discord's rate limits on; fails the test if an
    unknown route was hit."""
    fake = FakeDiscord()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    assert not fake.unknown_routes, (
        f"the client called routes the fake does not know: {fake.unknown_routes}"
    )


def _schema_verdict(item: pytest.Item, when: str) -> Iterator[None]:
    """Fail the test phase if a fake recorded a request Discord would reject or has
    deprecated (every FakeDiscord validates: tests/support/fakediscord/schema.py); when the
    phase failed anyway, the violations are shown beside its failure."""
    try:
        result = yield
    except BaseException:
        found = claim_unclaimed()
        if found:
            item.add_report_section(when, "Discord schema", unclaimed_report(found))
        raise
    found = claim_unclaimed()
    if found:
        raise AssertionError(unclaimed_report(found))
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A request Discord would reject fails the test that sent it, naming route, field, rule."""
    return (yield from _schema_verdict(item, "call"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """The same for requests sent while the test's fixtures stopped the bot and the fake."""
    return (yield from _schema_verdict(item, "teardown"))


# The real bot on the fake Discord (see tests/support/e2e.py).
from tests.support.e2e import bot_runner, running_bot, world  # noqa: E402, F401

# A fresh database file per test, for db and service tests (see tests/support/records.py).
from tests.support.records import db  # noqa: E402, F401


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail loudly instead of hanging: a forgotten aiosqlite connection keeps its thread alive."""
    import os
    import threading

    others = [
        thread
        for thread in threading.enumerate()
        if thread is not threading.main_thread() and not thread.daemon
    ]
    for thread in others:
        # A closed connection's worker thread ends a moment after close() returns.
        thread.join(timeout=5)
    leftovers = [thread.name for thread in others if thread.is_alive()]
    if leftovers:
        print(f"\nthreads left running (a database not closed?): {leftovers}")
        os._exit(int(pytest.ExitCode.TESTS_FAILED))


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """With xdist workers (`-n N`), tests are handed out by work stealing unless `--dist` says
    otherwise: a worker that is done takes the tail of another's share (tests/support/schedule.py)."""
    if config.getoption("numprocesses", None) and config.getoption("dist", "no") == "no":
        config.option.dist = "worksteal"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest tests first, dealt out over the xdist workers (tests/support/schedule.py)."""
    from tests.support.schedule import arrange

    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if config.getoption("dist", "no") not in ("no", "worksteal"):
        workers = 1  # another xdist schedule: just the longest first
    items[:] = arrange(items, lambda item: item.nodeid, workers)
