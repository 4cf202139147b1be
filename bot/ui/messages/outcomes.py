"""Catalogue entries for after fullmäktige: outcomes, reservations, the summary and /report."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the usual wording of a reservation (pre-filled in the modal)
    "reservation.template.own": (
        "{group} reserverar sig till förmån för eget yrkande.",
        "{group} enters a reservation in favour of its own proposal.",
    ),
    "reservation.template.against": (
        "{group} reserverar sig mot beslutet.",
        "{group} enters a reservation against the decision.",
    ),
}
