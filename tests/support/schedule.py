"""The order tests run in: the longest first, one per xdist worker, so the suite ends together.

Most of the suite's wall time is a few dozen e2e tests that wait on Discord's rate-limit
buckets (a 40-ärende kallelse is published within them). Left in collection order, one of them
may start last and keep a worker busy long after the others are done. Under `pytest -n N`
the tests run with work stealing (`--dist worksteal`): each worker first gets one contiguous
share of the collection, and a worker that runs out takes the tail of another's share. So
`arrange` deals the long tests (`EXPECTED_SECONDS`) out over the N shares, longest first to the
share with the least so far, puts them at the head of their share and fills the rest of each
share with the other tests in collection order; stealing evens out what estimates miss.

The expected durations are what an idle 2-core machine measured; a test missing from the
table, renamed or slower than listed only runs later than it could, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Wall seconds on an idle machine (node-id prefixes: a module's entry is per test in it).
EXPECTED_SECONDS: dict[str, float] = {
    "tests/e2e/test_e2e_agenda.py::test_chair_imports_a_kallelse": 47,
    "tests/e2e/test_e2e_agenda.py::test_a_restart_in_the_middle_of_publishing": 23,
    "tests/e2e/test_crash_safety.py::test_every_reaction_is_recorded_after_sigkill": 33,
    "tests/e2e/test_e2e_alternatives.py::test_alternatives_switch_outsider": 24,
    "tests/e2e/test_e2e_election.py::test_personval_from_nomination": 17,
    "tests/e2e/test_e2e_pacing.py::test_a_burst_of_30_members": 17,
    "tests/e2e/test_e2e_agenda.py::test_a_second_click_on_publicera_valda": 12,
    "tests/render/test_exports.py::test_any_member_text_renders_in_every_format": 12,
    "tests/services/test_exports_service.py::test_big_meeting_built_in_the_database": 12,
    "tests/e2e/test_e2e_proposals.py::test_after_closing_the_brief_and_minutes": 12,
    "tests/e2e/test_e2e_bot_permissions.py::test_agenda_publishing_refused": 12,
    "tests/e2e/test_e2e_outcomes.py": 5,
    "tests/cli/test_service.py::test_check_reports_token_intents": 10,
    "tests/e2e/test_election_crash.py": 8,
    "tests/e2e/test_e2e_agenda.py::test_a_restart_after_a_thread_is_recorded": 7,
    "tests/e2e/test_e2e_proposals.py::test_members_table_withdraw": 8,
    "tests/e2e/test_voting_crash.py": 7,
    "tests/e2e/test_e2e_english.py": 7,
    "tests/e2e/test_e2e_item_electorate.py": 7,
    "tests/fake/test_fakediscord_schema.py::test_a_violation_fails_the_test": 7,
    "tests/e2e/test_e2e_voting.py::test_reopen_unarchives_the_thread": 6,
    "tests/e2e/test_e2e_faults.py::test_gateway_down_for_a_moment": 6,
    "tests/e2e/test_e2e_faults.py::test_refused_resume_loses_no_vote": 6,
    "tests/e2e/test_e2e_election.py": 6,
    "tests/e2e/test_e2e_startup_reconcile.py::test_shard_reconnect_during_start_up": 6,
    "tests/cli/test_service.py": 5,
    "tests/e2e/test_e2e_pacing.py": 4,
    "tests/e2e/test_e2e_attendance.py::test_serving_electorate": 4,
    "tests/e2e/test_e2e_reconcile_scale.py": 3,
}


def expected_seconds(nodeid: str) -> float:
    """The listed duration of a test (the longest matching prefix wins); 0 if not listed."""
    best = ""
    for prefix in EXPECTED_SECONDS:
        if nodeid.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return EXPECTED_SECONDS[best] if best else 0.0


def shares(total: int, workers: int) -> list[int]:
    """How many tests each worker gets at first under `--dist worksteal` (xdist's rule)."""
    sizes = []
    for index in range(workers):
        size = total // (workers - index)
        sizes.append(size)
        total -= size
    return sizes


def arrange(items: Sequence[T], nodeid: Callable[[T], str], workers: int) -> list[T]:
    """`items` reordered for `workers` workers (see the module); `nodeid(item)` names one."""
    weight = {id(item): expected_seconds(nodeid(item)) for item in items}
    long = sorted((item for item in items if weight[id(item)] > 0), key=lambda i: -weight[id(i)])
    rest = [item for item in items if weight[id(item)] == 0]
    if workers <= 1:
        return [*long, *rest]
    sizes = shares(len(items), workers)
    heads: list[list[T]] = [[] for _ in sizes]
    load = [0.0 for _ in sizes]
    for item in long:
        room = [k for k in range(workers) if len(heads[k]) < sizes[k]]
        k = min(room, key=lambda k: (load[k], k))
        heads[k].append(item)
        load[k] += weight[id(item)]
    arranged: list[T] = []
    taken = 0
    for k, head in enumerate(heads):
        fill = sizes[k] - len(head)
        arranged += head + rest[taken : taken + fill]
        taken += fill
    return arranged
