"""A character known by a role whom the text names: a role stated of a named character
("Pascal's our coachman") and a stranger then named ("What name?" "Crane."), on short
passages written here."""

from __future__ import annotations

from tests.cast.test_coref import who
from tests.cast.test_role_characters import TAIL, names_of, tagged

COACH = (
    "“Who drives us to the fair tomorrow?” asked Nora Vell.\n\n"
    "“Pascal’s our coachman,” said Hugo Brandt. “He knows every road in the valley.”\n\n"
    "Pascal nodded from the stable door.\n\n"
    "The next morning the coachman brought the horses round before dawn.\n\n"
    "“The bridge is out, madam,” said the coachman. “We must go by the mill.”\n\n"
    "“Then go by the mill,” said Nora Vell."
)


def test_a_role_stated_of_a_named_character_is_that_character() -> None:
    doc = tagged(COACH + TAIL, ["Nora Vell", "Hugo Brandt", "Pascal"], ["the coachman"])
    assert who(doc, "the coachman", 1) == "Pascal"
    assert "The coachman" not in names_of(doc)


def test_a_role_stated_of_two_characters_is_neither() -> None:
    text = COACH.replace("“Then go", "“No, Ilse’s our coachman now,” said Hugo Brandt.\n\n“Then go")
    names = ["Nora Vell", "Hugo Brandt", "Pascal", "Ilse"]
    doc = tagged(text + "\n\nIlse laughed at that." + TAIL, names, ["the coachman"])
    assert who(doc, "the coachman", 1) == "The coachman"


STRANGER = (
    "The stranger waited under the lamp until Tobias Marsh came out of the inn.\n\n"
    "“You are late,” said the stranger.\n\n"
    "“The roads were bad,” said Tobias Marsh.\n\n"
    "“Here is the money,” said the stranger. “Tell no one where you had it.”\n\n"
    "Tobias Marsh took the purse, and asked what name he should give at the bank.\n\n"
    "“Crane,” said the man, and he walked away into the fog.\n\n"
    "Crane did not look back. Crane walked down to the river and hired a boat."
)


def test_a_stranger_the_text_then_names_is_that_character() -> None:
    doc = tagged(STRANGER + TAIL, ["Tobias Marsh", "Crane"], ["the stranger", "the man"])
    assert who(doc, "the stranger", 1) == "Crane"
    assert "The stranger" not in names_of(doc)


def test_a_stranger_followed_by_someone_new_stays_a_stranger() -> None:
    text = STRANGER.replace("and asked what name he should give at the bank", "and went in")
    text = text.replace("“Crane,” said the man, and he", "The man")
    doc = tagged(text + TAIL, ["Tobias Marsh", "Crane"], ["the stranger", "the man"])
    assert who(doc, "the stranger", 1) == "The stranger"
