"""Texts of personval: the election and round messages, the ballot, status and the result.

No renderer here ever receives a ballot together with a voter: the ballot form sees only
the person's own choice (shown to them alone), the result only counts and receipt codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.domain.election import (
    ClosedRound,
    ElectionMajority,
    ElectionRound,
    ElectionState,
    ElectionStatus,
    NominationStatus,
    StatusView,
)
from bot.domain.models import Language
from bot.ui.limits import MESSAGE_CONTENT
from bot.ui.meetings import Rendered, fit_message, safe
from bot.ui.messages import t
from bot.ui.timefmt import format_local


def join_names(names: Sequence[str], lang: Language) -> str:
    """ "A", "A och B", "A, B och C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('election.and', lang)} {names[-1]}"


def candidate_names(ids: Sequence[int], names: Mapping[int, str]) -> list[str]:
    """Display names of candidates (made inert), in the given order."""
    return [safe(names.get(member_id, str(member_id))) for member_id in ids]


def _deadline_line(round_or_deadline: ElectionRound | None, state: ElectionState) -> str:
    lang = state.group.language
    deadline = round_or_deadline.deadline_at if round_or_deadline else state.election.deadline_at
    if deadline is None:
        return t("election.no_deadline", lang)
    return t("election.deadline", lang, deadline=format_local(deadline, lang))


def election_message(state: ElectionState) -> str:
    """The election's message in the group's channel: what is elected and the nominees."""
    lang, election = state.group.language, state.election
    lines = [
        t("election.heading", lang, number=election.number, title=safe(election.title)),
        t(
            "election.info",
            lang,
            seats=election.seats,
            majority=t(f"election.majority.{election.majority.value}", lang),
            meeting=state.meeting_number,
        ),
        _deadline_line(None, state),
        "",
    ]
    if state.nominations:
        lines.append(t("election.nominees", lang))
        lines += [
            f"- {safe(n.display_name)}: {t(f'election.nominee.{n.status.value}', lang)}"
            for n in state.nominations
        ]
    else:
        lines.append(t("election.no_nominees", lang))
    if election.status is ElectionStatus.NOMINATING:
        lines.append(t("election.how_to_nominate", lang, number=election.number))
    elif election.status is ElectionStatus.OPEN:
        lines.append(t("election.nominations_closed", lang))
    else:
        lines.append(t("election.done", lang))
    return fit_message("\n".join(lines), lang).content


def round_message(state: ElectionState, round_: ElectionRound, voted: int, eligible: int) -> str:
    """A round's message with the Rösta button: candidates, how to vote, ballots cast."""
    lang, election = state.group.language, state.election
    lines = [
        t(
            "election.round_heading",
            lang,
            number=election.number,
            title=safe(election.title),
            round=round_.number,
        ),
        t(
            "election.round.candidates",
            lang,
            names=join_names(candidate_names(round_.candidates, state.names), lang),
        ),
    ]
    if round_.status is ElectionStatus.OPEN:
        lines.append(t("election.round.how_to", lang, seats=round_.seats))
        if round_.number > 1 and round_.majority is ElectionMajority.PLURALITY:
            lines.append(t("election.round.plurality_note", lang))
        lines.append(_deadline_line(round_, state))
        lines.append(t("election.round.voted", lang, voted=voted, eligible=eligible))
    else:
        cast = round_.result.cast if round_.result else voted
        lines.append(t("election.round.closed", lang, voted=cast))
    return fit_message("\n".join(lines), lang).content


def nomination_ask(state: ElectionState, nominee_mention: str, by_name: str) -> str:
    """The question to the nominee, with Accepterar/Avböjer buttons."""
    election = state.election
    return t(
        "election.nomination.ask",
        state.group.language,
        nominee=nominee_mention,
        by=safe(by_name),
        number=election.number,
        title=safe(election.title),
    )


def nomination_answered(state: ElectionState, nominee_name: str, status: NominationStatus) -> str:
    """The nomination message after the nominee's answer."""
    key = (
        "election.nomination.accepted"
        if status is NominationStatus.ACCEPTED
        else "election.nomination.declined"
    )
    election = state.election
    return t(
        key,
        state.group.language,
        nominee=safe(nominee_name),
        number=election.number,
        title=safe(election.title),
    )


def ballot_form(state: ElectionState) -> str:
    """The ephemeral ballot's text above the select menu."""
    assert state.current is not None
    election = state.election
    return t(
        "election.ballot.form",
        state.group.language,
        number=election.number,
        title=safe(election.title),
        round=state.current.number,
        seats=state.current.seats,
    )


def ballot_chosen(state: ElectionState, chosen: Sequence[int], blank: bool) -> str:
    """What the person picked, shown to them alone before they cast it."""
    assert state.current is not None
    lang = state.group.language
    if blank:
        return t("election.ballot.chosen_blank", lang)
    ids = [state.current.candidates[i] for i in chosen]
    return t(
        "election.ballot.chosen", lang, names=join_names(candidate_names(ids, state.names), lang)
    )


def ballot_cast(state: ElectionState, receipt: str) -> str:
    """The one time the receipt code is shown."""
    return t(
        "election.ballot.cast", state.group.language, number=state.election.number, receipt=receipt
    )


def status_text(view: StatusView, eligible: int, voter_names: Mapping[int, str]) -> Rendered:
    """/election status: state, count, and (for chair and secretary) who has voted."""
    state = view.state
    lang, election = state.group.language, state.election
    lines = [t("election.heading", lang, number=election.number, title=safe(election.title))]
    if election.status is ElectionStatus.NOMINATING:
        accepted = sum(1 for n in state.nominations if n.status is NominationStatus.ACCEPTED)
        lines.append(t("election.status.nominating", lang, accepted=accepted))
    elif election.status is ElectionStatus.OPEN and state.current is not None:
        lines.append(
            t(
                "election.status.open",
                lang,
                round=state.current.number,
                voted=state.voted,
                eligible=eligible,
            )
        )
    else:
        lines.append(t("election.status.closed", lang))
    if view.voter_ids is not None and election.status is ElectionStatus.OPEN:
        names = sorted(safe(voter_names.get(i, str(i))) for i in view.voter_ids)
        lines.append(
            t(
                "election.status.who",
                lang,
                names=", ".join(names) if names else t("election.status.nobody", lang),
            )
        )
    return fit_message("\n".join(lines), lang)


def result_text(closed: ClosedRound) -> str:
    """The full result of a round: counts, blanks, cast vs eligible, elected, draw, receipts."""
    state, result, round_ = closed.state, closed.result, closed.round
    lang, election, names = state.group.language, state.election, state.names
    lines = [
        t(
            "election.result_heading",
            lang,
            number=election.number,
            title=safe(election.title),
            round=round_.number,
        )
    ]
    if result.elected:
        lines.append(
            t(
                "election.result.elected",
                lang,
                names=join_names(candidate_names(result.elected, names), lang),
            )
        )
    else:
        lines.append(t("election.result.none_elected", lang))
    lines.append(votes_line(closed, "election.result.votes"))
    lines.append(
        t(
            "election.result.cast",
            lang,
            cast=result.cast,
            eligible=result.eligible,
            valid=result.valid,
        )
    )
    if result.threshold is not None:
        lines.append(t("election.result.threshold", lang, threshold=result.threshold))
    if result.lottery is not None:
        draw = result.lottery
        lines.append(
            t(
                "election.result.lottery",
                lang,
                tied=join_names(candidate_names(draw.tied, names), lang),
                places=draw.places,
                winners=join_names(candidate_names(draw.winners, names), lang),
                seed=draw.seed,
            )
        )
    if closed.next_round is not None:
        lines.append(
            t(
                "election.result.next_round",
                lang,
                count=closed.next_round.seats,
                names=join_names(candidate_names(closed.next_round.candidates, names), lang),
            )
        )
    elif result.unfilled:
        lines.append(t("election.result.unfilled", lang, count=result.unfilled))
    lines.append(t("election.result.hash", lang, digest=result.ballots_hash))
    lines.append(
        t(
            "election.result.receipts",
            lang,
            count=len(closed.receipts),
            codes=", ".join(closed.receipts) or "–",
        )
    )
    return "\n".join(lines)


def votes_line(closed: ClosedRound, key: str) -> str:
    """ "Röster: A 7, B 6, C 3, blanka 1"."""
    lang, names = closed.state.group.language, closed.state.names
    counts = ", ".join(
        f"{safe(names.get(c.candidate_id, str(c.candidate_id)))} {c.votes}"
        for c in closed.result.candidates
    )
    return t(key, lang, counts=counts, blank=closed.result.blank)


def result_message(closed: ClosedRound) -> Rendered:
    """The result for the channel, cut to one message with the full text kept for a file."""
    return fit_message(result_text(closed), closed.state.group.language, MESSAGE_CONTENT)


def result_file_name(closed: ClosedRound) -> str:
    """The attachment's name when the result had to be cut."""
    return t(
        "election.result.file_name",
        closed.state.group.language,
        number=closed.state.election.number,
        round=closed.round.number,
    )


def election_language(state: ElectionState) -> Language:
    """The group's language."""
    return state.group.language
