"""Catalogue entries for voting, vote messages, comments and status."""

MESSAGES: dict[str, tuple[str, str]] = {
    "vote.heading": (
        "**Ärende {item}: {title}**\nAtt-sats {number} av {total}",
        "**Item {item}: {title}**\nClause {number} of {total}",
    ),
    "vote.how_to": (
        "Rösta med en reaktion: {bifall} bifall · {avslag} avslag · {avstar} avstår",
        "Vote with a reaction: {bifall} bifall (yes) · {avslag} avslag (no) · {avstar} avstår (abstain)",
    ),
    "vote.counts": (
        "✅ {bifall} bifall · ❌ {avslag} avslag · ➖ {avstar} avstår · {not_voted} har inte röstat",
        "✅ {bifall} bifall · ❌ {avslag} avslag · ➖ {avstar} avstår · {not_voted} not voted",
    ),
    "vote.voted_so_far": ("{voted} har röstat hittills.", "{voted} have voted so far."),
    "vote.closed": ("Röstningen är stängd.", "Voting is closed."),
    "vote.closed_position": (
        "Röstningen är stängd. Gruppens linje: **{position}**",
        "Voting is closed. The group's line: **{position}**",
    ),
}
