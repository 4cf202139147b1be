"""The components of personval: nomination answers, Rösta, the ballot select, Lägg rösten.

Every button and the select are DynamicItems keyed by stored ids, so they keep working
after a restart (registered by cogs.election). The ballot travels from the select to the
"Lägg rösten" button in that button's custom id, on a message only the voter sees;
nothing here logs it, and bot.logsafety keeps discord.py's debug log from printing it.
Not a cog: the election cog and nothing else uses it.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.domain.election import CANDIDATES_MAX, ElectionState
from bot.services import elections as election_service
from bot.ui import elections as election_ui
from bot.ui.limits import fit
from bot.ui.messages import t
from cogs import _elections as shared
from cogs._common import actor_of, answer, guarded, guild_id_of

BLANK = "blank"


def _lang(state: ElectionState) -> str:
    return state.group.language.value


class NominationButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"yrka:nom:(?P<id>\d+):(?P<answer>accept|decline)",
):
    """Accepterar / Avböjer on a nomination, for the nominee alone."""

    def __init__(self, nomination_id: int, answer: str, lang: str = "sv") -> None:
        accept = answer == "accept"
        super().__init__(
            discord.ui.Button(
                label=t("election.button.accept" if accept else "election.button.decline", lang),
                style=discord.ButtonStyle.success if accept else discord.ButtonStyle.secondary,
                custom_id=f"yrka:nom:{nomination_id}:{answer}",
            )
        )
        self.nomination_id, self.answer = nomination_id, answer

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str], /
    ) -> NominationButton:
        return cls(int(match["id"]), match["answer"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, _answer_nomination(interaction, self))


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"yrka:vote:(?P<round>\d+)",
):
    """Rösta on a round's message: opens the ballot, for the voter's eyes only."""

    def __init__(self, round_id: int) -> None:
        super().__init__(discord.ui.Button(custom_id=f"yrka:vote:{round_id}"))
        self.round_id = round_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str], /
    ) -> VoteButton:
        return cls(int(match["round"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, _show_ballot(interaction, self.round_id))


class BallotSelect(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=r"yrka:ballot:(?P<round>\d+):pick",
):
    """The ballot: up to `seats` candidates, or Blankt."""

    def __init__(self, round_id: int, state: ElectionState | None = None) -> None:
        select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
            custom_id=f"yrka:ballot:{round_id}:pick"
        )
        if state is not None and state.current is not None:
            current, lang = state.current, _lang(state)
            names = election_ui.candidate_names(current.candidates, state.names)
            for index, name in enumerate(names[:CANDIDATES_MAX]):
                select.add_option(label=fit(name, 100), value=str(index))
            select.add_option(
                label=t("election.ballot.blank", lang),
                value=BLANK,
                description=t("election.ballot.blank_description", lang),
            )
            select.placeholder = t("election.ballot.placeholder", lang)
            select.min_values, select.max_values = 1, min(current.seats, len(names)) + 1
        super().__init__(select)
        self.round_id = round_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str], /
    ) -> BallotSelect:
        return cls(int(match["round"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        values = [str(value) for value in data.get("values", [])]
        await guarded(interaction, _review_ballot(interaction, self.round_id, values))


class CastButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"yrka:ballot:(?P<round>\d+):cast:(?P<choice>blank|\d+(?:\.\d+)*)",
):
    """Lägg rösten: casts the choice carried in the custom id (seen by the voter only)."""

    def __init__(self, round_id: int, choice: str, lang: str = "sv") -> None:
        super().__init__(
            discord.ui.Button(
                label=t("election.button.cast", lang),
                style=discord.ButtonStyle.success,
                custom_id=f"yrka:ballot:{round_id}:cast:{choice}",
            )
        )
        self.round_id, self.choice = round_id, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str], /
    ) -> CastButton:
        return cls(int(match["round"]), match["choice"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, _cast(interaction, self.round_id, self.choice))


def _parse_choice(values: list[str]) -> tuple[list[int], bool]:
    blank = BLANK in values
    chosen = [int(v) for v in values if v != BLANK and v.isdigit()]
    if len(chosen) + blank != len(values):
        chosen.append(-1)  # something unreadable: the domain refuses the ballot
    return chosen, blank


async def _answer_nomination(
    interaction: discord.Interaction[Any], button: NominationButton
) -> None:
    bot = interaction.client
    state, nomination = await election_service.answer_nomination(
        bot.db,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        nomination_id=button.nomination_id,
        accept=button.answer == "accept",
        now=bot.clock.now(),
    )
    text = election_ui.nomination_answered(state, nomination.display_name, nomination.status)
    await interaction.response.edit_message(content=text, view=None)
    await shared.refresh_election_message(bot, state)


async def _show_ballot(interaction: discord.Interaction[Any], round_id: int) -> None:
    bot = interaction.client
    state = await election_service.ballot_form(
        bot.db,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        round_id=round_id,
        now=bot.clock.now(),
    )
    view = discord.ui.View(timeout=None)
    view.add_item(BallotSelect(round_id, state))
    await answer(interaction, election_ui.ballot_form(state), view=view)


async def _review_ballot(
    interaction: discord.Interaction[Any], round_id: int, values: list[str]
) -> None:
    bot = interaction.client
    state = await election_service.ballot_form(
        bot.db,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        round_id=round_id,
        now=bot.clock.now(),
    )
    assert state.current is not None
    chosen, blank = _parse_choice(values)
    # Checked now, so the voter sees a mistake before pressing Lägg rösten.
    election_service.check_ballot(state.current, chosen, blank)
    choice = BLANK if blank else ".".join(str(i) for i in sorted(chosen))
    view = discord.ui.View(timeout=None)
    view.add_item(BallotSelect(round_id, state))
    view.add_item(CastButton(round_id, choice, _lang(state)))
    text = election_ui.ballot_chosen(state, sorted(chosen), blank)
    await interaction.response.edit_message(content=text, view=view)


async def _cast(interaction: discord.Interaction[Any], round_id: int, choice: str) -> None:
    bot = interaction.client
    blank = choice == BLANK
    chosen = [] if blank else [int(part) for part in choice.split(".")]
    cast = await election_service.cast_ballot(
        bot.db,
        guild_id=guild_id_of(interaction),
        actor=actor_of(interaction),
        round_id=round_id,
        chosen=chosen,
        blank=blank,
        now=bot.clock.now(),
    )
    await interaction.response.edit_message(
        content=election_ui.ballot_cast(cast.state, cast.receipt), view=None
    )
    await shared.refresh_round_message(bot, cast.state.election.id, round_id)


COMPONENTS = (NominationButton, VoteButton, BallotSelect, CastButton)
