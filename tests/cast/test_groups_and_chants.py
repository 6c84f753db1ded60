"""Capitalised words that name a group, a creed, a family or a chant rather than a person
("the Sikhs", "Buddhism", "the Pells", "Hari Hari"), on short passages written here."""

from __future__ import annotations

from tests.cast.test_coref import analyse, who
from tests.cast.test_role_characters import names_of


def test_peoples_and_creeds_acting_are_no_characters() -> None:
    text = (
        "Tobin Marsh reached the gate at noon. The Sikhs waited by the well, and the "
        "Frenchmen shouted from the wall. Anglo-Indians stared from the veranda of the club. "
        "Buddhism tolerated him, Tobin Marsh decided, and he walked on."
    )
    doc = analyse(text, ["Tobin Marsh", "Sikhs", "Frenchmen", "Anglo-Indians", "Buddhism"])
    assert names_of(doc) == {"Tobin Marsh"}


def test_a_surname_in_the_plural_is_the_family() -> None:
    text = (
        "Mr. Pell opened the gate for the doctor. The Pells walked down to the river after "
        "supper, and Mr. Pell carried the lamp."
    )
    doc = analyse(text, ["Mr. Pell", "Pells"])
    assert names_of(doc) == {"Mr. Pell"}


def test_a_surname_ending_in_s_stays_a_person() -> None:
    text = (
        "Mr. Adam sold the mare to Dora Adams at the fair. Adams paid him in silver, and "
        "Mr. Adam counted it twice."
    )
    doc = analyse(text, ["Mr. Adam", "Dora Adams", "Adams"])
    assert who(doc, "Adams", 1) == "Dora Adams"


def test_a_name_repeated_in_a_chant_is_no_character() -> None:
    text = (
        "“Hari Hari,” sang the crowd by the river, over and over.\n\n"
        "Milo Brand listened from the bridge.\n\n"
        "“Hari Hari, Hari Hari,” they sang again as the boats went by."
    )
    doc = analyse(text, ["Hari Hari", "Milo Brand"])
    assert names_of(doc) == {"Milo Brand"}
