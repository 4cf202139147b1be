"""What a vote message offers, as data: the option sets and the judge/reconcile over them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.models import EMOJI_BY_CHOICE, Choice, ItemStatus
from bot.domain.options import NUMBER_EMOJI, STANDARD, numbered, numbered_of, option_set
from bot.domain.voting import Refusal, Verdict, judge_reaction, plan_reconcile, removal_due

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=1)
ONE, TWO, THREE = NUMBER_EMOJI[:3]
YES, ABSTAIN = EMOJI_BY_CHOICE[Choice.BIFALL], EMOJI_BY_CHOICE[Choice.AVSTAR]


def test_standard_set_offers_yes_no_abstain_keyed_by_choice() -> None:
    assert STANDARD.emojis == ("✅", "❌", "➖")
    assert STANDARD.keys == ("bifall", "avslag", "avstar")
    assert option_set("standard") is STANDARD
    assert STANDARD.key_of("✅") == Choice.BIFALL
    assert STANDARD.key_of(ONE) is None


@pytest.mark.parametrize("count", [2, 3, 9])
def test_numbered_set_offers_the_alternatives_then_abstain(count: int) -> None:
    offered = numbered(count)
    assert offered.name == "numbered:" + "".join(str(n) for n in range(1, count + 1))
    assert offered.emojis == (*NUMBER_EMOJI[:count], ABSTAIN)
    assert offered.keys == (*(str(n) for n in range(1, count + 1)), "avstar")
    assert offered.key_of(NUMBER_EMOJI[count - 1]) == str(count)
    assert offered.emoji_of("1") == ONE
    # what the set does not offer is no option: the next number, the standard yes
    assert offered.key_of(YES) is None
    if count < 9:
        assert offered.key_of(NUMBER_EMOJI[count]) is None


@pytest.mark.parametrize(
    "name", ["", "numbered:1", "numbered:10", "numbered:x", "numbered:21", "numbered:22", "yes_no"]
)
def test_unknown_option_set_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="no option set"):
        option_set(name)


def test_a_second_round_keeps_the_alternatives_numbers() -> None:
    runoff = numbered_of([4, 2])
    assert runoff.name == "numbered:24"
    assert runoff.emojis == (NUMBER_EMOJI[1], NUMBER_EMOJI[3], ABSTAIN)
    assert runoff.key_of(NUMBER_EMOJI[3]) == "4"
    assert runoff.key_of(ONE) is None


def _judge(emoji: str, current: str | None, *, added: bool = True):  # type: ignore[no-untyped-def]
    return judge_reaction(
        added=added,
        emoji=emoji,
        may_vote=True,
        current=current,
        status=ItemStatus.OPEN,
        deadline_at=LATER,
        now=NOW,
        options=numbered(3),
    )


def test_judge_reads_the_messages_set_number_vote_switch_withdraw_and_foreign() -> None:
    first = _judge(TWO, None)
    assert (first.verdict, first.choice, first.replaced) == (Verdict.RECORD, "2", None)
    switch = _judge(THREE, "2")
    assert (switch.verdict, switch.choice, switch.replaced) == (Verdict.RECORD, "3", "2")
    withdraw = _judge(THREE, "3", added=False)
    assert (withdraw.verdict, withdraw.choice) == (Verdict.WITHDRAW, "3")
    # ✅ is no option of an alternatives message, nor 4️⃣ of a three-alternative one
    for foreign in (YES, NUMBER_EMOJI[3]):
        refused = _judge(foreign, None)
        assert (refused.verdict, refused.refusal) == (Verdict.REFUSE, Refusal.FOREIGN_EMOJI)
    abstain = _judge(ABSTAIN, "1")
    assert (abstain.verdict, abstain.choice, abstain.replaced) == (Verdict.RECORD, "avstar", "1")


def test_a_numbered_reaction_is_foreign_on_a_standard_message() -> None:
    judged = judge_reaction(
        added=True,
        emoji=ONE,
        may_vote=True,
        current=None,
        status=ItemStatus.OPEN,
        deadline_at=LATER,
        now=NOW,
        options=STANDARD,
    )
    assert judged.refusal is Refusal.FOREIGN_EMOJI


def test_reconcile_over_a_numbered_set_records_numbers_and_removes_the_rest() -> None:
    plan = plan_reconcile(
        reactions={ONE: [10, 1], TWO: [11], YES: [12], THREE: [10]},
        current={10: "1"},
        may_vote=[10, 11, 12],
        departed=[],
        bot_id=1,
        known={10: {"1"}},
        options=numbered(3),
    )
    # 11 reacted 2️⃣ while the bot was away; 10 added 3️⃣ on top of a known 1️⃣: a switch;
    # 12's ✅ is not offered here and goes.
    assert plan.record == {10: "3", 11: "2"}
    assert sorted(plan.remove) == sorted([(ONE, 10), (YES, 12)])


def test_removal_of_a_number_is_due_unless_it_is_the_live_vote() -> None:
    assert removal_due(TWO, "1", numbered(3)) is True
    assert removal_due(TWO, "2", numbered(3)) is False
    assert removal_due(YES, None, numbered(3)) is True


def test_a_recorded_standard_vote_reads_back_as_its_choice_member() -> None:
    from bot.domain.models import VoteSource
    from bot.domain.tally import ReactionRemoval, VoteEvent

    event = VoteEvent(member_id=1, choice="avslag", at=NOW, source=VoteSource.REACTION, seq=1)
    assert event.choice is Choice.AVSLAG  # the ✅❌➖ rules compare with `is`
    assert (
        VoteEvent(member_id=1, choice="2", at=NOW, source=VoteSource.REACTION, seq=2).choice == "2"
    )
    assert ReactionRemoval(member_id=1, choice="bifall", after_seq=1).choice is Choice.BIFALL
