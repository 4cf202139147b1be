"""The one SQLite connection: WAL, foreign keys, versioned migrations, serialised access."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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


class Database:
    """One long-lived aiosqlite connection shared by the whole bot.

    aiosqlite runs statements in one thread, but a transaction spans several awaits, so
    coroutines could interleave inside each other's transactions; an asyncio.Lock around
    every unit of work prevents that.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
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
