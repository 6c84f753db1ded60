"""Names of no one left out of the cast: months, places and posts written after "the"."""

from __future__ import annotations

from tests.cast.test_coref import analyse


def cast_names(text: str, names: list[str]) -> set[str]:
    """The names of the characters the cast stage finds, given the name spans."""
    return {str(c.attrs["name"]) for c in analyse(text, names).layer("cast")}


def test_a_month_name_is_no_character() -> None:
    text = (
        "Corin Vale walked the lane in April. The April rain had filled the ditches. "
        "Corin Vale smiled at the April sky."
    )
    assert cast_names(text, ["Corin Vale", "April"]) == {"Corin Vale"}


def test_a_proper_name_after_the_is_a_place_or_post_not_a_person() -> None:
    text = (
        "Corin Vale climbed to the Belvane at dusk. The Belvane is a long terrace above "
        "the river. Corin Vale was made the Night Warden, and the keys of the Night Warden "
        "hang by the door."
    )
    names = ["Corin Vale", "Belvane", "The Belvane", "Night Warden"]
    assert cast_names(text, names) == {"Corin Vale"}


def test_a_person_after_the_who_acts_stays() -> None:
    text = "The Dodger grinned. The Dodger said nothing, and then the Dodger laughed."
    assert cast_names(text, ["The Dodger", "Dodger"]) == {"The Dodger"}


def test_a_speaker_named_after_the_stays() -> None:
    text = "“Late again,” said the Warden. “Not at all,” said Corin Vale."
    assert cast_names(text, ["Warden", "Corin Vale"]) == {"Warden", "Corin Vale"}


def test_nationalities_are_no_characters() -> None:
    text = "The Italians rowed ashore. Corin Vale greeted the Italians, and Italians waved back."
    assert cast_names(text, ["Italians", "Corin Vale"]) == {"Corin Vale"}
