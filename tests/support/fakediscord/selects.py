"""What Discord's client lets a person pick in a select menu (string selects, type 3).

Discord offers only the menu's options and sends between `min_values` (default 1) and
`max_values` (default 1) of them; a test asking for anything else is asking for what no
person could do, so the fake refuses it instead of delivering an impossible interaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

STRING_SELECT = 3


class ImpossibleSelection(AssertionError):
    """Values a person could not pick in that select menu."""


def check_select_values(component: dict[str, Any], values: Sequence[str]) -> None:
    """Refuse values outside the options, repeated, or fewer/more than the menu allows."""
    if component.get("type") != STRING_SELECT:
        return
    offered = [str(option.get("value")) for option in component.get("options") or []]
    unknown = [value for value in values if value not in offered]
    if unknown:
        raise ImpossibleSelection(f"{unknown} are not options of {component.get('custom_id')!r}")
    if len(set(values)) != len(values):
        raise ImpossibleSelection(f"a select sends each value once, not {list(values)}")
    low, high = int(component.get("min_values", 1)), int(component.get("max_values", 1))
    if not low <= len(values) <= high:
        raise ImpossibleSelection(f"{len(values)} values, the menu takes {low}..{high}")
