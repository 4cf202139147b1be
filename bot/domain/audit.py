"""A tamper-evident audit log: each entry's hash covers its content and the previous hash.

The hash is sha256 over canonical JSON (sorted keys, no spaces, UTF-8, time in UTC
ISO 8601 with microseconds) of prev_hash, time, actor, action and payload. Payloads
must be JSON-native (str, int, float, bool, None, lists and dicts of them), so the
same entry always hashes the same. Changing, reordering or deleting an entry breaks
the chain from that entry on; removing entries from the end is only visible against
a head hash kept elsewhere (e.g. printed in the exported minutes).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

GENESIS_HASH = "0" * 64


def _utc_iso(at: datetime) -> str:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("audit times must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def audit_hash(
    prev_hash: str,
    at: datetime,
    actor_id: int | None,
    action: str,
    payload: Mapping[str, Any],
) -> str:
    """sha256 hex over the canonical JSON of one entry chained to `prev_hash`."""
    canonical = json.dumps(
        {
            "prev_hash": prev_hash,
            "at": _utc_iso(at),
            "actor_id": actor_id,
            "action": action,
            "payload": dict(payload),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditEntry(BaseModel):
    """One recorded action with its place in the hash chain."""

    model_config = ConfigDict(frozen=True)

    seq: int
    at: datetime
    actor_id: int | None
    action: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class ChainCheck(BaseModel):
    """The result of verifying a chain: `head_hash` is the last entry that verified."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    head_hash: str
    entries: int
    first_bad_seq: int | None


def append_entry(
    previous: AuditEntry | None,
    *,
    at: datetime,
    actor_id: int | None,
    action: str,
    payload: Mapping[str, Any],
) -> AuditEntry:
    """The entry that follows `previous` (or starts the chain when it is None)."""
    prev_hash = previous.hash if previous is not None else GENESIS_HASH
    seq = previous.seq + 1 if previous is not None else 1
    return AuditEntry(
        seq=seq,
        at=at,
        actor_id=actor_id,
        action=action,
        payload=dict(payload),
        prev_hash=prev_hash,
        hash=audit_hash(prev_hash, at, actor_id, action, payload),
    )


def verify_chain(entries: Sequence[AuditEntry]) -> ChainCheck:
    """Check links, hashes and consecutive seq from the genesis hash; name the first bad entry."""
    expected_prev = GENESIS_HASH
    previous_seq: int | None = None
    for entry in entries:
        linked = entry.prev_hash == expected_prev
        in_order = previous_seq is None or entry.seq == previous_seq + 1
        intact = entry.hash == audit_hash(
            entry.prev_hash, entry.at, entry.actor_id, entry.action, entry.payload
        )
        if not (linked and in_order and intact):
            return ChainCheck(
                ok=False, head_hash=expected_prev, entries=len(entries), first_bad_seq=entry.seq
            )
        expected_prev = entry.hash
        previous_seq = entry.seq
    return ChainCheck(ok=True, head_hash=expected_prev, entries=len(entries), first_bad_seq=None)
