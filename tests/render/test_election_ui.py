"""Election texts stay within Discord's limits however long the names, titles and lists."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.election import (
    ClosedRound,
    Election,
    ElectionMajority,
    ElectionRound,
    ElectionState,
    ElectionStatus,
    Nomination,
    NominationStatus,
    StatusView,
    count_round,
)
from bot.domain.models import Language
from bot.domain.records import Group
from bot.ui import elections as ui
from bot.ui.limits import MESSAGE_CONTENT

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def state(lang: Language, candidates: int = 24, name: str = "N" * 32) -> ElectionState:
    ids = list(range(1, candidates + 1))
    group = Group(guild_id=1, member_role_id=2, chair_role_id=3, channel_id=4, language=lang)
    election = Election(
        id=1,
        guild_id=1,
        meeting_id=1,
        number=1,
        title="T" * 200,
        seats=25,
        majority=ElectionMajority.ABSOLUTE,
        deadline_at=NOW,
        status=ElectionStatus.OPEN,
        channel_id=4,
        message_id=5,
        created_by=3,
        created_at=NOW,
    )
    round_ = ElectionRound(
        id=1,
        election_id=1,
        number=1,
        seats=25,
        majority=ElectionMajority.ABSOLUTE,
        candidates=ids,
        deadline_at=NOW,
        status=ElectionStatus.OPEN,
        message_id=6,
        opened_at=NOW,
        closed_at=None,
        result=None,
    )
    nominations = [
        Nomination(
            id=i,
            election_id=1,
            member_id=i,
            display_name=f"{name}{i}",
            nominated_by=3,
            status=NominationStatus.ACCEPTED,
        )
        for i in ids
    ]
    return ElectionState(
        group=group,
        election=election,
        meeting_number=1,
        nominations=nominations,
        rounds=[round_],
        voted=500,
    )


@pytest.mark.parametrize("lang", [Language.SV, Language.EN])
def test_every_election_text_fits_a_message(lang: Language) -> None:
    current = state(lang)
    assert current.current is not None
    assert len(ui.election_message(current)) <= MESSAGE_CONTENT
    assert len(ui.round_message(current, current.current, voted=500, eligible=600)) <= 2000
    view = StatusView(state=current, voter_ids=list(range(1000, 1600)))
    names = {i: "V" * 32 for i in range(1000, 1600)}
    status = ui.status_text(view, eligible=600, voter_names=names)
    assert len(status.content) <= MESSAGE_CONTENT and status.full_text is not None
    ballots = [[i % 24] for i in range(600)] + [[]] * 5
    result = count_round(
        candidates=current.current.candidates,
        seats=25,
        majority=ElectionMajority.ABSOLUTE,
        ballots=ballots,
        eligible=700,
        seed="s",
    )
    closed = ClosedRound(
        state=current,
        round=current.current,
        result=result,
        receipts=[f"AAAA-{i:04d}" for i in range(605)],
        audit_head="0" * 64,
        next_round=None,
    )
    rendered = ui.result_message(closed)
    assert len(rendered.content) <= MESSAGE_CONTENT
    assert rendered.full_text is not None and "AAAA-0604" in rendered.full_text


def test_member_text_is_made_inert() -> None:
    current = state(Language.SV, candidates=2, name="@everyone **x**")
    text = ui.election_message(current)
    assert "@everyone" not in text.replace("@\u200beveryone", "")
    assert "\\*\\*x\\*\\*" in text
