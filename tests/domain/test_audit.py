"""The audit log's hash chain: it verifies, and any tampering names the first bad entry."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.domain.audit import (
    GENESIS_HASH,
    AuditEntry,
    append_entry,
    audit_hash,
    verify_chain,
)

T0 = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def build_chain(length: int) -> list[AuditEntry]:
    chain: list[AuditEntry] = []
    for index in range(length):
        chain.append(
            append_entry(
                chain[-1] if chain else None,
                at=T0 + timedelta(minutes=index),
                actor_id=1000 + index if index % 2 else None,
                action="vote.cast" if index % 2 else "motion.posted",
                payload={"item": index, "choice": "bifall", "note": "åäö"},
            )
        )
    return chain


def test_audit_hash_is_sha256_over_canonical_json() -> None:
    canonical = (
        '{"action":"motion.closed","actor_id":42,"at":"2026-12-07T12:00:00.000000+00:00",'
        '"payload":{"a":[1,2],"b":"ä"},"prev_hash":"' + GENESIS_HASH + '"}'
    )
    expected = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert audit_hash(GENESIS_HASH, T0, 42, "motion.closed", {"b": "ä", "a": [1, 2]}) == expected


def test_audit_hash_is_the_same_for_the_same_instant_in_any_timezone() -> None:
    stockholm = T0.astimezone(timezone(timedelta(hours=1)))
    assert audit_hash(GENESIS_HASH, stockholm, None, "x", {}) == audit_hash(
        GENESIS_HASH, T0, None, "x", {}
    )


@pytest.mark.parametrize(
    ("field", "other"),
    [
        ("prev_hash", "f" * 64),
        ("at", T0 + timedelta(microseconds=1)),
        ("actor_id", 7),
        ("action", "vote.withdrawn"),
        ("payload", {"item": 2}),
    ],
)
def test_audit_hash_changes_with_every_field(field: str, other: object) -> None:
    base: dict[str, object] = {
        "prev_hash": GENESIS_HASH,
        "at": T0,
        "actor_id": None,
        "action": "vote.cast",
        "payload": {"item": 1},
    }
    changed = {**base, field: other}
    assert audit_hash(**base) != audit_hash(**changed)  # type: ignore[arg-type]


@pytest.mark.parametrize("length", [0, 1, 2, 25])
def test_an_untouched_chain_verifies(length: int) -> None:
    chain = build_chain(length)
    check = verify_chain(chain)
    assert check.ok is True
    assert check.first_bad_seq is None
    assert check.entries == length
    assert check.head_hash == (chain[-1].hash if chain else GENESIS_HASH)
    assert [entry.seq for entry in chain] == list(range(1, length + 1))


def tamper_payload(chain: list[AuditEntry]) -> list[AuditEntry]:
    chain[3] = chain[3].model_copy(update={"payload": {"item": 3, "choice": "avslag"}})
    return chain


def tamper_actor(chain: list[AuditEntry]) -> list[AuditEntry]:
    chain[3] = chain[3].model_copy(update={"actor_id": 666})
    return chain


def tamper_time(chain: list[AuditEntry]) -> list[AuditEntry]:
    chain[3] = chain[3].model_copy(update={"at": chain[3].at + timedelta(seconds=1)})
    return chain


def rehash_after_tampering(chain: list[AuditEntry]) -> list[AuditEntry]:
    # A forger who also recomputes the entry's own hash still breaks the next link.
    entry = chain[3].model_copy(update={"payload": {"forged": True}})
    chain[3] = entry.model_copy(
        update={
            "hash": audit_hash(
                entry.prev_hash, entry.at, entry.actor_id, entry.action, {"forged": True}
            )
        }
    )
    return chain


def swap_entries(chain: list[AuditEntry]) -> list[AuditEntry]:
    chain[3], chain[4] = chain[4], chain[3]
    return chain


def delete_entry(chain: list[AuditEntry]) -> list[AuditEntry]:
    del chain[3]
    return chain


def delete_first_entry(chain: list[AuditEntry]) -> list[AuditEntry]:
    del chain[0]
    return chain


def renumber_seq(chain: list[AuditEntry]) -> list[AuditEntry]:
    chain[3] = chain[3].model_copy(update={"seq": 40})
    return chain


@pytest.mark.parametrize(
    ("tamper", "first_bad_seq", "verified"),
    [
        (tamper_payload, 4, 3),
        (tamper_actor, 4, 3),
        (tamper_time, 4, 3),
        (rehash_after_tampering, 5, 4),
        (swap_entries, 5, 3),  # seq 5 now follows seq 3 and does not link to it
        (delete_entry, 5, 3),
        (delete_first_entry, 2, 0),
        (renumber_seq, 40, 3),
    ],
)
def test_tampering_is_detected_at_the_first_bad_entry(
    tamper: Callable[[list[AuditEntry]], list[AuditEntry]], first_bad_seq: int, verified: int
) -> None:
    tampered = tamper(build_chain(8))
    check = verify_chain(tampered)
    assert check.ok is False
    assert check.first_bad_seq == first_bad_seq
    assert check.entries == len(tampered)
    # The head is the hash of the last entry that still verified.
    assert check.head_hash == (tampered[verified - 1].hash if verified else GENESIS_HASH)


def test_entries_round_trip_through_json_and_still_verify() -> None:
    chain = build_chain(5)
    stored = [json.loads(entry.model_dump_json()) for entry in chain]
    assert verify_chain([AuditEntry.model_validate(row) for row in stored]).ok is True


def test_audit_times_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        audit_hash(GENESIS_HASH, datetime(2026, 12, 7), None, "x", {})
