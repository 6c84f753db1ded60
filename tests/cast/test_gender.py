"""Gender: pronoun majorities, titles, pack data, and "unknown" rather than a guess."""

from __future__ import annotations

from ficlens.cast.gender import decide_gender, fits, name_gender, noun_gender
from ficlens.fandoms import load_packs
from tests.cast.test_coref import analyse, character


def test_a_clear_pronoun_majority_decides() -> None:
    assert decide_gender({"female": 5, "male": 1}) == ("female", "pronouns: 5 female, 1 male")


def test_a_title_or_canon_decides_over_pronouns() -> None:
    assert decide_gender({"male": 3}, title="female") == ("female", "gendered title")
    assert decide_gender({"male": 2, "female": 1}, title="female") == ("female", "gendered title")
    assert decide_gender({}, canon="male") == ("male", "canon gender")
    assert decide_gender({"female": 1}, canon="male") == ("male", "canon gender")


def test_a_given_name_of_one_gender_decides_over_pronouns() -> None:
    assert (name_gender("Annie"), name_gender("randolph"), name_gender("Sam")) == (
        "female",
        "male",
        None,
    )
    assert decide_gender({"female": 6}, given="male") == ("male", "given name")
    assert decide_gender({"female": 6}, title="female", given="male")[0] == "female"


def test_a_small_majority_with_no_other_evidence() -> None:
    assert decide_gender({"male": 1})[0] == "male"
    assert decide_gender({"male": 2, "female": 1}) == (
        "unknown",
        "no title, canon gender, given name or pronoun majority",
    )
    assert decide_gender({})[0] == "unknown"


def test_person_nouns_carry_gender() -> None:
    assert [noun_gender(n) for n in ("man", "girl", "salesman", "waitress", "Woman")] == [
        "male",
        "female",
        "male",
        "female",
        "female",
    ]
    assert noun_gender("receptionist") is None
    assert noun_gender("human") is None


def test_kinship_words_carry_gender() -> None:
    assert [noun_gender(n) for n in ("Grandmamma", "gramps", "laddie", "nanna")] == [
        "female",
        "male",
        "male",
        "female",
    ]


def test_unknown_fits_anything() -> None:
    assert fits(None, "male") and fits("female", None) and fits("male", "male")
    assert not fits("male", "female")


def test_pronouns_give_a_character_a_gender() -> None:
    doc = analyse(
        "Sasha opened the shop. She swept the floor, and she counted the till. Then Sasha "
        "made tea for herself.",
        ["Sasha"],
    )
    sasha = character(doc, "Sasha")
    assert sasha.attrs["gender"] == "female"
    assert "gender: pronouns: 3 female" in sasha.attrs["reasons"]


def test_a_name_alone_gives_no_gender() -> None:
    doc = analyse("Sasha opened the shop. Sasha swept the floor.", ["Sasha"])
    assert character(doc, "Sasha").attrs["gender"] == "unknown"


def test_a_title_gives_a_gender_without_pronouns() -> None:
    doc = analyse("Mrs. Abernathy opened the shop. Mrs. Abernathy swept.", ["Mrs. Abernathy"])
    assert character(doc, "Mrs. Abernathy").attrs["gender"] == "female"


def test_the_pack_gives_a_gender_without_pronouns() -> None:
    doc = analyse(
        "Angela filed the reports. Angela frowned at the carpet.",
        ["Angela"],
        packs=load_packs(),
        fandoms=["The Office (US)"],
    )
    angela = character(doc, "Angela Martin")
    assert angela.attrs["gender"] == "female"
    assert "gender: canon gender" in angela.attrs["reasons"]


def test_a_given_name_outweighs_misresolved_pronouns() -> None:
    doc = analyse(
        "Walter Quince and his aunt sat by the stove. She poured the tea; she talked of "
        "the harvest, and she sighed. Walter Quince listened.",
        ["Walter Quince"],
    )
    walter = character(doc, "Walter Quince")
    assert walter.attrs["gender"] == "male"
    assert "gender: given name" in walter.attrs["reasons"]
