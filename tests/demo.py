"""`make demo`: the whole story offline, on the fake Discord, without a token.

A group of eight sets up Yrka, the chair creates a council meeting and posts the seed
motion, members vote by reacting (one changes their mind, a visitor tries to vote),
comment in the thread, the deadline passes, the chair posts the group's line, and the
secretary exports the minutes and the data into demo-output/. Prints a transcript.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.domain.models import EMOJI_BY_CHOICE, Choice
from bot.runtime.votes import VoteTimings
from tests.support.e2e import START, BotRunner, World, build_world, settled
from tests.support.fakediscord import FakeDiscord, FakeInteraction, FakeMember, FakeMessage

SEED = Path(__file__).parent / "data" / "motions" / "01-klimatkommunerna.txt"
DEMO_MEMBERS = ("Anna", "Bertil", "Cecilia", "David", "Eva", "Fredrik")
YES, NO, ABSTAIN = (EMOJI_BY_CHOICE[c] for c in (Choice.BIFALL, Choice.AVSLAG, Choice.AVSTAR))


class Transcript:
    """What each person did and what the bot answered, printed as it happens."""

    def __init__(self, output: Path, echo: bool) -> None:
        self.lines: list[str] = []
        self.output = output
        self.echo = echo

    def say(self, who: str, what: str) -> None:
        line = f"{who:>14} | {what}"
        self.lines.append(line)
        if self.echo:
            print(line, flush=True)

    def bot(self, text: str) -> None:
        first, *rest = (text or "").strip().splitlines() or [""]
        self.say("Yrka", first)
        for line in rest[:12]:
            self.say("", line)
        if len(rest) > 12:
            self.say("", f"… ({len(rest) - 12} rader till)")


def _reply_text(reply: Any) -> str:
    if reply.content:
        return str(reply.content)
    if reply.embeds:
        embed = reply.embeds[0]
        return f"{embed.get('title', '')}\n{embed.get('description', '')}"
    return ""


async def _command(
    t: Transcript, world: World, who: FakeMember, line: str, options: dict[str, Any] | None = None
) -> FakeInteraction:
    shown = " ".join(f"{k}:{getattr(v, 'name', v)}" for k, v in (options or {}).items())
    t.say(who.name, f"/{line} {shown}".rstrip())
    interaction = await world.fake.run_command(who, world.channel, line, options or {})
    reply = await interaction.response(timeout=15)
    text = _reply_text(reply)
    if not text and reply.type == 5:  # deferred: the answer comes as a follow-up
        [followup] = await interaction.followups(1, timeout=30)
        text = followup.content or _reply_text(followup)
    t.bot(text)
    return interaction


async def play(output: Path, *, echo: bool = True) -> Transcript:
    """Run the story; returns the transcript and leaves the exports in `output`."""
    t = Transcript(output, echo)
    output.mkdir(parents=True, exist_ok=True)
    fake = FakeDiscord()
    await fake.start()
    runner: BotRunner | None = None
    try:
        world = await build_world(fake, DEMO_MEMBERS)
        with tempfile.TemporaryDirectory() as scratch:
            runner = BotRunner(
                fake, Path(scratch) / "yrka.sqlite3", _clock(), VoteTimings(tally_interval=0.2)
            )
            await runner.start()
            t.say(
                "", f"Yrka är igång på {world.guild.name} med {len(world.voters)} röstberättigade."
            )
            await _story(t, world, runner)
            await runner.stop()
            runner = None
    finally:
        if runner is not None:
            await runner.stop()
        await fake.stop()
    fake.assert_schema_clean()  # nothing Discord would reject (tests/support/fakediscord/schema.py)
    return t


def _clock() -> Any:
    from bot.clock import FixedClock

    return FixedClock(START)


async def _story(t: Transcript, world: World, runner: BotRunner) -> None:
    fake = world.fake
    bot = runner.bot
    assert bot is not None
    chair, secretary = world.chair, world.secretary
    await _command(
        t,
        world,
        world.admin,
        "setup group",
        {
            "member_role": world.member_role,
            "chair_role": world.chair_role,
            "channel": world.channel,
            "secretary_role": world.secretary_role,
        },
    )
    meeting_day = (START + timedelta(days=12)).date().isoformat()
    await _command(
        t, world, chair, "meeting create", {"title": "Regionfullmäktige", "date": meeting_day}
    )

    t.say(chair.name, f"/motion post meeting:1 file:{SEED.name}")
    post = await fake.run_command(
        chair, world.channel, "motion post", {"meeting": 1}, [(SEED.name, SEED.read_bytes())]
    )
    await post.response(timeout=15)
    [preview] = await post.followups(1, timeout=30)
    t.bot(_reply_text(preview))
    [publish_id] = [cid for cid in preview.custom_ids() if cid.endswith(":publish")]
    t.say(chair.name, "klickar Publicera")
    click = await fake.click_button(chair, preview, publish_id)
    t.bot((await click.original_edited(timeout=30)).content)

    [posted] = fake.messages_in(world.channel)
    assert posted.thread_id is not None
    thread = world.guild.channels[posted.thread_id]
    [vote] = fake.messages_in(thread)

    async def react(member: FakeMember, emoji: str, message: FakeMessage = vote) -> None:
        t.say(member.name, f"reagerar {emoji}")
        await fake.add_reaction(member, message, emoji)

    choices = [YES, YES, NO, YES, ABSTAIN, YES, NO, YES]
    for member, emoji in zip(world.voters, choices, strict=True):
        await react(member, emoji)
    switcher = world.voters[2]
    await react(switcher, YES)
    t.say("", f"(Yrka tar bort {switcher.name}s {NO}: en röst per ledamot)")
    await react(world.outsider, YES)
    t.say("", f"(Yrka tar bort {world.outsider.name}s reaktion: inte röstberättigad)")

    for member, text in (
        (world.members[0], "Bra motion, Klimatkommunerna ger oss stöd i omställningen."),
        (world.members[3], "Vad kostar medlemskapet? Jag röstar avslag om det är dyrt."),
    ):
        t.say(member.name, f"skriver i tråden: {text}")
        await fake.send_message(member, thread, text)

    await settled(bot, fake)  # the coalesced tally edit has landed
    t.say("Yrka", "röstmeddelandet visar nu: " + fake.messages[vote.id].content.splitlines()[-3])
    await _command(t, world, chair, "motion status", {"motion": 1})

    clock = runner.clock
    clock.advance(timedelta(days=12))
    t.say("", "… tolv dagar senare: sista röstdag har passerat …")
    await settled(bot, fake)  # the scheduler woke at the deadline and closed the item
    t.bot(fake.messages[vote.id].content)

    await _command(t, world, chair, "meeting brief", {"meeting": 1})
    for fmt in ("docx", "pdf", "csv", "json", "md"):
        interaction = await _command(t, world, secretary, "export", {"meeting": 1, "format": fmt})
        for message in await interaction.followups(1, timeout=60):
            for stored in message.files:
                target = t.output / stored.filename
                target.write_bytes(stored.data)
                t.say("", f"sparade {target}")


def main() -> int:
    """Play the story into demo-output/."""
    output = Path("demo-output")
    print("Yrka – demo utan Discord-konto (en falsk Discord på 127.0.0.1)\n")
    asyncio.run(play(output))
    print(f"\nKlart. Filerna finns i {output.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
