"""The one SQLite connection: WAL, foreign keys, versioned migrations, serialised access."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import sqlite3
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

MIGRATIONS_PACKAGE = "db.migrations"


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration, in order; file names are NNNN_name.sql."""
    found = []
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, got {versions}")
    return found


# Set in a task whose database turns come before everyone else's waiting ones: the writer
# of live votes and the reconciliation of an item a live vote waits for (see `first_in_line`).
_FIRST_IN_LINE: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "yrka_db_first_in_line", default=False
)


@contextmanager
def first_in_line(first: bool = True) -> Iterator[None]:
    """Within it the current task's (and the tasks it starts') database turns go before the
    others' (`first`), or not; the mark before it is restored after it.

    For work a member is waiting for (a live vote being recorded): at start-up thousands of
    groups' background reads queue for the one connection, and a live vote behind them all
    would wait seconds. Waiters of the same kind keep their order (first come, first served)."""
    mark = _FIRST_IN_LINE.set(first)
    try:
        yield
    finally:
        _FIRST_IN_LINE.reset(mark)


def put_first_in_line() -> None:
    """Like `first_in_line`, for the rest of the current task (a task's own context)."""
    _FIRST_IN_LINE.set(True)


class _Turns:
    """A lock with two queues: waiters marked `first_in_line` are served before the others.

    Within each queue the order is first come, first served (as asyncio.Lock's), which code
    relies on: a roster store queued before an answer is read after it (bot/runtime/members).
    A released lock passes straight to the next waiter, so nobody can slip in between."""

    def __init__(self) -> None:
        self.granted = 0  # turns given so far (progress, for tests and benches)
        self._held = False
        self._first: deque[asyncio.Future[None]] = deque()
        self._others: deque[asyncio.Future[None]] = deque()

    async def acquire(self) -> None:
        if not self._held and not self._first and not self._others:
            self._held = True
            self.granted += 1
            return
        queue = self._first if _FIRST_IN_LINE.get() else self._others
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(turn)
        try:
            await turn
            self.granted += 1
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.release()  # handed the lock as we were cancelled: pass it on
            elif turn in queue:
                queue.remove(turn)
            raise

    def release(self) -> None:
        for queue in (self._first, self._others):
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)  # the lock passes on, still held
                    return
        self._held = False

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *_: object) -> None:
        self.release()


class Database:
    """One long-lived aiosqlite connection shared by the whole bot.

    aiosqlite runs statements in one thread, but a transaction spans several awaits, so
    coroutines could interleave inside each other's transactions; a lock around every unit
    of work prevents that. Its turns are first come, first served, except that work marked
    `first_in_line` (a live vote) goes before the waiting background work.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = _Turns()
        self.path = path

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        """Open (creating folders as needed), configure and migrate the database at `path`."""
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        db = cls(conn, path)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            await conn.execute("PRAGMA synchronous=NORMAL")
            # Freed space is zeroed, so no earlier version of a rewritten row (an election's
            # ballot box) survives in the file's free space. See docs/design/elections.md.
            await conn.execute("PRAGMA secure_delete=ON")
            await db.migrate()
            await db.truncate_wal()  # a killed process leaves its WAL behind: empty it
        except BaseException:
            # A file that is not a database: close the worker thread, or the process hangs at exit.
            await conn.close()
            raise
        return db

    @property
    def turns(self) -> int:
        """Units of work given the connection so far: progress a test's wait can see."""
        return self._lock.granted

    async def close(self) -> None:
        """Close the connection after any running unit of work has finished."""
        async with self._lock:
            await self._conn.close()

    async def user_version(self) -> int:
        """The schema version recorded in the file."""
        async with self.read() as conn, conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> int:
        """Apply every migration newer than the file's user_version, each in one transaction."""
        current = await self.user_version()
        for version, name, sql in migration_files():
            if version <= current:
                continue
            async with self._lock:
                # executescript would COMMIT first; run the statements inside our own
                # transaction so a failing migration leaves nothing behind.
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _split_sql(sql):
                        await self._conn.execute(statement)
                    await self._conn.execute(f"PRAGMA user_version={version:d}")
                    await self._conn.execute("COMMIT")
                except BaseException:
                    await self._conn.execute("ROLLBACK")
                    raise
            log.info("applied migration %s", name)
            current = version
        return current

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write unit of work: BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    async def truncate_wal(self) -> None:
        """Checkpoint and empty the WAL file, so it keeps no history of earlier page versions.

        Called after every ballot: in WAL mode each commit appends the changed pages, and
        two successive versions of an election's pages would show which voter arrived
        with which ballot.
        """
        async with self._lock:
            await self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A read unit of work (no transaction needed in autocommit mode)."""
        async with self._lock:
            yield self._conn


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies (BEGIN … END;) whole."""
    statements: list[str] = []
    buffer: list[str] = []
    for line in script.splitlines():
        stripped = line.strip()
        if not buffer and (not stripped or stripped.startswith("--")):
            continue
        buffer.append(line)
        candidate = "\n".join(buffer)
        if stripped.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buffer = []
    if "".join(buffer).strip():
        statements.append("\n".join(buffer))
    return statements
