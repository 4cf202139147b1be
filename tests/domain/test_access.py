"""Who may do what (bot/domain/access.py), table-driven."""

from __future__ import annotations

import pytest

from bot.domain.access import Action, Actor, is_allowed, require, require_setup
from bot.domain.errors import NotAllowed, NotConfigured
from bot.domain.records import Group

MEMBER, CHAIR, SECRETARY, SUBSTITUTE = 1, 2, 3, 5
GROUP = Group(
    guild_id=9,
    member_role_id=MEMBER,
    substitute_role_id=SUBSTITUTE,
    chair_role_id=CHAIR,
    secretary_role_id=SECRETARY,
    channel_id=4,
)
PEOPLE = {
    "member": Actor(user_id=10, role_ids=frozenset({MEMBER})),
    "chair": Actor(user_id=11, role_ids=frozenset({CHAIR, MEMBER})),
    "secretary": Actor(user_id=12, role_ids=frozenset({SECRETARY})),
    "ersattare": Actor(user_id=15, role_ids=frozenset({SUBSTITUTE})),
    "outsider": Actor(user_id=13),
    "admin": Actor(user_id=14, manage_guild=True),
}


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        (Action.SETUP, {"chair", "admin"}),
        (Action.CHAIR, {"chair"}),
        (Action.SECRETARY, {"chair", "secretary"}),
        (Action.VIEW, {"member", "ersattare", "chair", "secretary"}),
        (Action.VOTE, {"member", "chair"}),
        (Action.ATTEND, {"member", "ersattare", "chair", "secretary"}),
    ],
)
def test_each_action_is_allowed_to_exactly_its_roles(action: Action, allowed: set[str]) -> None:
    assert {name for name, actor in PEOPLE.items() if is_allowed(action, actor, GROUP)} == allowed


def test_require_returns_the_group_or_refuses_politely() -> None:
    assert require(Action.CHAIR, PEOPLE["chair"], GROUP) is GROUP
    with pytest.raises(NotAllowed) as refused:
        require(Action.CHAIR, PEOPLE["member"], GROUP)
    assert refused.value.params == {"role_key": "role.chair"}
    with pytest.raises(NotConfigured):
        require(Action.VIEW, PEOPLE["member"], None)
    with pytest.raises(NotConfigured):
        require(Action.VIEW, PEOPLE["member"], Group(guild_id=9))


def test_setting_up_is_for_manage_server_before_and_the_chair_after() -> None:
    require_setup(PEOPLE["admin"], None)
    with pytest.raises(NotAllowed):
        require_setup(PEOPLE["chair"], None)
    require_setup(PEOPLE["chair"], GROUP)
    with pytest.raises(NotAllowed):
        require_setup(PEOPLE["member"], GROUP)
    with pytest.raises(ValueError, match="require_setup"):
        require(Action.SETUP, PEOPLE["admin"], GROUP)
