"""Who may do what: one place for every permission rule."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from bot.domain.errors import NotAllowed, NotConfigured
from bot.domain.records import Group


class Action(StrEnum):
    SETUP = "setup"  # /setup: Manage Server or the chair role
    CHAIR = "chair"  # meetings, motions, positions: the chair role
    SECRETARY = "secretary"  # exports, audit, non-voters' names: secretary or chair
    VOTE = "vote"  # reacting on a vote message: the voting (member) role
    VIEW = "view"  # the group's agenda and tallies: voting or substitute role, secretary, chair
    ATTEND = "attend"  # report one's own förhinder: ledamot or ersättare (or chair, secretary)


class Actor(BaseModel):
    """The person behind a command or reaction, as far as permissions go."""

    model_config = ConfigDict(frozen=True)

    user_id: int
    role_ids: frozenset[int] = frozenset()
    manage_guild: bool = False


# The catalogue key naming what each action needs, for the refusal sentence.
REQUIRED_ROLE_KEY: dict[Action, str] = {
    Action.SETUP: "role.manage_server",
    Action.CHAIR: "role.chair",
    Action.SECRETARY: "role.secretary",
    Action.VOTE: "role.member",
    Action.VIEW: "role.member",
    Action.ATTEND: "role.member",
}


def is_allowed(action: Action, actor: Actor, group: Group | None) -> bool:
    """True when `actor` may perform `action` in `group` (None = not set up yet)."""
    if action is Action.SETUP:
        chair = group.chair_role_id if group else None
        return actor.manage_guild or (chair is not None and chair in actor.role_ids)
    if group is None:
        return False
    roles = {
        Action.CHAIR: {group.chair_role_id},
        Action.SECRETARY: {group.chair_role_id, group.secretary_role_id},
        Action.VOTE: {group.member_role_id},
        Action.VIEW: {
            group.member_role_id,
            group.substitute_role_id,
            group.chair_role_id,
            group.secretary_role_id,
        },
        Action.ATTEND: {
            group.member_role_id,
            group.substitute_role_id,
            group.chair_role_id,
            group.secretary_role_id,
        },
    }[action] - {None}
    return bool(roles & actor.role_ids)


def require(action: Action, actor: Actor, group: Group | None) -> Group:
    """The configured group, or a polite refusal: not set up, or not allowed to `action`."""
    if action is Action.SETUP:
        raise ValueError("use require_setup: setting up is allowed before a group exists")
    if group is None or not group.configured:
        raise NotConfigured()
    if not is_allowed(action, actor, group):
        raise NotAllowed(role_key=REQUIRED_ROLE_KEY[action])
    return group


def require_setup(actor: Actor, group: Group | None) -> None:
    """Refuse unless `actor` may set the group up (Manage Server, or its chair once set up)."""
    if not is_allowed(Action.SETUP, actor, group):
        raise NotAllowed(role_key=REQUIRED_ROLE_KEY[Action.SETUP])
