"""Characters known only by a role ("said the Warden"), on short passages written here."""

from __future__ import annotations

from tests.cast.test_coref import analyse, character, who


def names_of(text: str, names: list[str], nominals: list[str]) -> set[str]:
    """The names of the characters the cast stage finds."""
    return {str(c.attrs["name"]) for c in analyse(text, names, nominals).layer("cast")}


def test_a_role_named_in_speech_tags_becomes_a_character() -> None:
    text = (
        "“Who goes there?” said the Warden.\n\n"
        "“Only a tinker,” said Corin Vale.\n\n"
        "“Tinkers pay the toll,” said the Warden."
    )
    doc = analyse(text, ["Corin Vale"], ["the Warden"])
    assert {str(c.attrs["name"]) for c in doc.layer("cast")} == {"Corin Vale", "The Warden"}
    assert who(doc, "the Warden") == who(doc, "the Warden", 1) == "The Warden"
    assert character(doc, "The Warden").attrs["mentions"] == 2


def test_a_recurring_acting_role_gets_its_gender_from_the_noun() -> None:
    text = (
        "The Baroness rang for tea. Corin Vale waited by the window while the Baroness "
        "poured. Later the Baroness sent him away."
    )
    doc = analyse(text, ["Corin Vale"], ["the Baroness"])
    assert character(doc, "The Baroness").attrs["gender"] == "female"


LATER = (
    "\n\nCorin Vale got off at the next stop and walked the rest of the way home. "
    "The lane was dark and the hedges dripped. Corin Vale counted the gates as he passed "
    "them, found his own by the loose hinge, and let himself in without a sound."
)


def test_a_lower_case_role_speaking_twice_in_one_scene_becomes_a_character() -> None:
    text = (
        "“Tickets, please,” the conductor said.\n\n"
        "Corin Vale handed his over.\n\n"
        "“This one is torn,” the conductor said." + LATER
    )
    assert names_of(text, ["Corin Vale"], ["the conductor"]) == {
        "Corin Vale",
        "The conductor",
    }


def test_a_lower_case_role_across_the_whole_work_is_no_character() -> None:
    text = "“Tickets, please,” the conductor said." + LATER + "\n\n“Goodnight,” the conductor said."
    assert names_of(text, ["Corin Vale"], ["the conductor"]) == {"Corin Vale"}


def test_a_role_said_once_is_a_character() -> None:
    text = "“Move along,” said the Warden. Corin Vale moved along, and Corin Vale sighed."
    assert names_of(text, ["Corin Vale"], ["the Warden"]) == {"Corin Vale", "The Warden"}


def test_a_role_met_once_outside_a_speech_tag_is_no_character() -> None:
    text = "The Warden waved. Corin Vale moved along, and Corin Vale sighed."
    assert names_of(text, ["Corin Vale"], ["the Warden"]) == {"Corin Vale"}


def test_an_epithet_of_a_named_character_stays_theirs() -> None:
    text = (
        "Corin Vale, the ferryman, pushed off from the bank. “Hold tight,” said the "
        "ferryman. “The river is high,” said the ferryman."
    )
    doc = analyse(text, ["Corin Vale"], ["the ferryman"])
    assert {str(c.attrs["name"]) for c in doc.layer("cast")} == {"Corin Vale"}
    assert who(doc, "the ferryman", 1) == "Corin Vale"


def test_a_role_word_of_a_character_name_makes_no_new_character() -> None:
    text = (
        "Captain Rell came aboard. “Cast off,” said the Captain. Corin Vale obeyed. "
        "“Faster,” said the Captain."
    )
    assert names_of(text, ["Captain Rell", "Corin Vale"], ["the Captain"]) == {
        "Captain Rell",
        "Corin Vale",
    }


def test_plurals_and_looks_or_sex_name_no_one() -> None:
    text = (
        "“Halt,” said the guards. “Halt!” said the guards. The man stood. The man turned. "
        "Then the man ran, and Corin Vale followed the man. “Stop him,” said the "
        "watchmen. “Too late,” said the watchmen."
    )
    nominals = ["the guards", "the man", "the watchmen"]
    assert names_of(text, ["Corin Vale"], nominals) == {"Corin Vale"}
