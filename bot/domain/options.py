"""What a vote message offers: its option set, as data (issue 13, 15).

Every vote message has one option set, stored by name with its yrkande
(`yrkanden.option_set`); the judge, reconciliation, the publisher, the vote message text,
the refusal notices and the removal of a switched-from reaction all take the set from the
message instead of a constant. A vote (`vote_events.choice`) is an option's `key`.

- `standard`: ✅ bifall, ❌ avslag, ➖ avstår (keys are `Choice` values).
- `numbered:<digits>`: the number emoji of the alternatives of a beslutsgång, e.g.
  `numbered:123` = 1️⃣ 2️⃣ 3️⃣ (keys "1", "2", "3"), a second round between alternatives 2 and
  4 `numbered:24` (they keep their numbers); then ➖ avstår (key `avstar`: counted for
  quorum, not as a cast vote). At least two, ascending, 1–9.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, cached_property

from pydantic import BaseModel, ConfigDict

from bot.domain.models import EMOJI_BY_CHOICE, Choice

# An option's key as stored in vote_events.choice: a Choice value or an alternative's number.
OptionKey = str

STANDARD_NAME = "standard"
NUMBERED_PREFIX = "numbered:"
MAX_NUMBERED = 9
ABSTAIN: OptionKey = Choice.AVSTAR.value

# 1️⃣ … 9️⃣: digit, variation selector 16, combining enclosing keycap (as Discord sends them).
NUMBER_EMOJI: tuple[str, ...] = tuple(
    f"{digit}\N{VARIATION SELECTOR-16}\N{COMBINING ENCLOSING KEYCAP}" for digit in range(1, 10)
)


class VoteOption(BaseModel):
    """One reaction a vote message offers: its record key, emoji and catalogue label."""

    model_config = ConfigDict(frozen=True)

    key: OptionKey
    emoji: str
    label_key: str  # catalogue key of its name ("option.bifall", "option.alternative")
    number: int | None = None  # an alternative's number (numbered sets)


class OptionSet(BaseModel):
    """The options of one vote message, in the order they are offered."""

    model_config = ConfigDict(frozen=True)

    name: str
    options: tuple[VoteOption, ...]

    @cached_property
    def by_emoji(self) -> dict[str, OptionKey]:
        """Emoji -> option key. A cached plain attribute: the judge looks an emoji up per
        reaction event (a pydantic private attribute would cost a __getattr__ each time)."""
        return {option.emoji: option.key for option in self.options}

    @cached_property
    def by_key(self) -> dict[OptionKey, str]:
        """Option key -> emoji."""
        return {option.key: option.emoji for option in self.options}

    def key_of(self, emoji: str) -> OptionKey | None:
        """The option a reaction emoji stands for on this message, None if it offers none."""
        return self.by_emoji.get(emoji)

    def emoji_of(self, key: OptionKey) -> str:
        """The reaction of an option (KeyError if this set has no such option)."""
        return self.by_key[key]

    def has(self, key: OptionKey) -> bool:
        return key in self.by_key

    @property
    def emojis(self) -> tuple[str, ...]:
        """The reactions the bot puts on the message, in order."""
        return tuple(option.emoji for option in self.options)

    @property
    def keys(self) -> tuple[OptionKey, ...]:
        return tuple(option.key for option in self.options)

    @property
    def is_standard(self) -> bool:
        return self.name == STANDARD_NAME


# The emoji are spelled once, in bot.domain.models (the Choice vocabulary tests use too);
# the product reads each vote message's set, never those constants (architecture test).
STANDARD = OptionSet(
    name=STANDARD_NAME,
    options=tuple(
        VoteOption(key=choice.value, emoji=EMOJI_BY_CHOICE[choice], label_key=f"option.{choice}")
        for choice in (Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR)
    ),
)


_STANDARD_KEYS: dict[str, Choice] = {choice.value: choice for choice in Choice}


def as_key(value: str) -> OptionKey:
    """An option key as read back: the standard set's keys as their `Choice` member (so the
    ✅❌➖ rules, and `is` comparisons with Choice, keep working), other keys as they are."""
    return _STANDARD_KEYS.get(value, value)


def numbered(count: int) -> OptionSet:
    """1️⃣ … count️⃣ for alternatives, then ➖ avstår."""
    return numbered_of(range(1, count + 1))


def numbered_of(numbers: Iterable[int]) -> OptionSet:
    """The number emoji of these alternatives (a second round keeps their numbers), then ➖."""
    return option_set(NUMBERED_PREFIX + "".join(str(n) for n in sorted(numbers)))


@cache
def option_set(name: str) -> OptionSet:
    """The option set stored under `name` (ValueError for a name no set has)."""
    if name == STANDARD_NAME:
        return STANDARD
    if name.startswith(NUMBERED_PREFIX):
        digits = name.removeprefix(NUMBERED_PREFIX)
        numbers = [int(d) for d in digits if d.isdigit()]
        if (
            len(numbers) == len(digits) >= 2
            and 0 not in numbers
            and numbers == sorted(set(numbers))
        ):
            alternatives = tuple(
                VoteOption(
                    key=str(number),
                    emoji=NUMBER_EMOJI[number - 1],
                    label_key="option.alternative",
                    number=number,
                )
                for number in numbers
            )
            return OptionSet(name=name, options=(*alternatives, STANDARD.options[2]))
    raise ValueError(f"no option set is called {name!r}")
