"""The working parts' one way to start, look after and stop their background tasks
(bot/runtime/_loop.py): the vote writer and the scheduler are a `Loop`; paced writes,
private notices, removal workers and a start-up reconciliation are `Background` tasks."""

from __future__ import annotations

import asyncio

from bot.runtime._loop import Background, Loop
from bot.workload import Workload


async def test_a_loop_starts_once_and_stop_returns_only_once_it_has_ended() -> None:
    runs: list[str] = []

    async def forever() -> None:
        runs.append("began")
        try:
            await asyncio.Event().wait()
        finally:
            runs.append("ended")

    loop = Loop(forever, "test-loop")
    assert not loop.running
    loop.start()
    loop.start()  # already started: nothing more
    await asyncio.sleep(0)
    assert loop.running and runs == ["began"]
    await loop.stop()
    assert not loop.running and runs == ["began", "ended"]
    loop.start()  # stopped: it may start again
    await asyncio.sleep(0)
    assert runs == ["began", "ended", "began"]
    await loop.stop()


async def test_finish_waits_for_a_loop_told_to_end_and_says_when_it_did_not() -> None:
    told = asyncio.Event()

    async def until_told() -> None:
        await told.wait()

    loop = Loop(until_told, "test-loop")
    loop.start()
    assert await loop.finish(timeout=0.05) is False
    assert loop.running, "finish does not cancel a loop that did not end"
    told.set()
    assert await loop.finish(timeout=5) is True
    assert not loop.running


async def test_background_tasks_count_as_work_leave_when_done_and_cancel_drops_the_rest() -> None:
    workload = Workload()
    background = Background(workload.spawn)
    done: list[str] = []
    release = asyncio.Event()

    async def later(name: str, after: float = 0.0) -> None:
        await release.wait()
        await asyncio.sleep(after)
        done.append(name)

    async def starts_another() -> None:
        await release.wait()
        background.spawn(later("started meanwhile", after=0.05))  # while drained() waits

    background.spawn(later("first"))
    background.spawn(starts_another())
    assert workload.busy
    waiting = asyncio.create_task(background.drained())
    await asyncio.sleep(0.01)
    assert not waiting.done(), "drained waits while a task runs"
    release.set()
    await asyncio.wait_for(waiting, timeout=5)
    assert sorted(done) == ["first", "started meanwhile"]
    assert not workload.busy

    stuck = background.spawn(asyncio.Event().wait())
    background.cancel()
    await asyncio.wait_for(background.drained(), timeout=5)
    assert stuck.cancelled() and not workload.busy
