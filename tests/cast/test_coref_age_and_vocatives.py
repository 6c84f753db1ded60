"""Age classes in nominal coreference ("the gentleman" is not the boy he talks to, "the
girl" is not a woman the text calls "Mrs."), and speech tags that are not whom their
quote calls by name."""

from __future__ import annotations

from ficlens.cast.coref import ADULT, OLD, YOUNG, YOUTH, Entity, noun_age, title_age
from tests.cast.test_coref import analyse, speech_tags, who
from tests.cast.test_epithets import nominal_tags

PIER = (
    "Tobias Wren was ten that summer. The boy spent his mornings on the pier. The boy "
    "knew every boat by its sail.\n\n"
    "That Tuesday a grey-coated old gentleman leaned on the rail beside him.\n\n"
    '"Which of these is the fastest?" asked the gentleman.\n\n'
    '"The green one, sir," said the boy.\n\n'
    '"You have sharp eyes," said the old gentleman.\n\n'
)


def test_nouns_and_modifiers_give_an_age_class() -> None:
    """Child nouns are young and grown-up nouns adult; "old" makes anyone old, and "young"
    before a grown-up noun a youth, who may be a child or a grown-up."""
    assert noun_age(["the", "boy"]) == YOUNG
    assert noun_age(["the", "little", "girl"]) == YOUNG
    assert noun_age(["the", "gentleman"]) == ADULT
    assert noun_age(["the", "old", "boy"]) == OLD
    assert noun_age(["the", "young", "man"]) == YOUTH
    assert noun_age(["the", "ferryman"]) is None


def test_the_words_opening_a_name_give_an_age_class() -> None:
    """ "Mrs." marks an adult, "old" an old person, "young" a youth; "Miss", "Master" and a
    bare name tell nothing."""
    assert title_age("Mrs. Penhallow") == ADULT
    assert title_age("old Ruth") == OLD
    assert title_age("young Hale") == YOUTH
    assert title_age("Miss Penhallow") is None
    assert title_age("Master Quill") is None
    assert title_age("Tobias") is None


def test_mixed_evidence_leaves_any_epithet_possible() -> None:
    """Two epithets of each class tell nothing; a clear majority of child epithets rules
    out grown-up ones but not "the young man"."""
    ent = Entity("Wren")
    for age in (YOUNG, ADULT, YOUNG, ADULT):
        ent.vote_age(age)
    assert ent.age_fits(ADULT) and ent.age_fits(YOUNG)
    for _ in range(6):
        ent.vote_age(YOUNG)
    assert not ent.age_fits(ADULT) and not ent.age_fits(OLD)
    assert ent.age_fits(YOUNG) and ent.age_fits(YOUTH)


def test_a_titled_man_called_young_is_not_the_old_man() -> None:
    """Titles make Hale a grown-up, and being called young twice rules out "the old
    man", though not "the gentleman"."""
    ent = Entity("Mr. Hale")
    for age in (ADULT, ADULT, ADULT, ADULT, YOUTH, YOUTH):
        ent.vote_age(age)
    assert not ent.age_fits(OLD)
    assert ent.age_fits(ADULT) and not ent.age_fits(YOUNG)


def test_the_gentleman_talking_to_a_boy_is_not_the_boy() -> None:
    """Tobias is twice "the boy", so "the gentleman" and "the old gentleman" go to the
    grey-coated stranger (never output), while "the boy" stays Tobias."""
    tags = [("the gentleman", 0), ("the boy", 0), ("the old gentleman", 0)]
    doc = analyse(
        PIER,
        ["Tobias Wren"],
        ["The boy", "the boy", "a grey-coated old gentleman", "the gentleman", "the old gentleman"],
        speech=nominal_tags(PIER, tags),
    )
    assert who(doc, "the boy") == "Tobias Wren"
    assert who(doc, "the gentleman") is None
    assert who(doc, "the old gentleman") is None


def test_the_girl_is_not_a_woman_called_mrs() -> None:
    """Mrs. Penhallow is a grown woman, so "the girl" is the child with the basket."""
    text = (
        "Mrs. Penhallow opened the shop at eight. Mrs. Penhallow swept the step and set "
        "out the jars of honey.\n\n"
        "A small girl pushed the door open, a basket on her arm. The girl put two coins on "
        "the counter.\n\n"
    )
    doc = analyse(text, ["Mrs. Penhallow"], ["A small girl", "The girl"])
    assert who(doc, "Mrs. Penhallow") == "Mrs. Penhallow"
    assert who(doc, "The girl") is None


def test_a_title_inside_quotes_does_not_make_a_boy_grown_up() -> None:
    """The teacher calls Quill "Mr. Quill", as teachers do; the narration's "the boy" is
    still Quill."""
    text = (
        '"Sit down, Mr. Quill," said Ms. Ashdown. "Mr. Quill, your essay is late. I '
        'expect it by Friday, Mr. Quill."\n\n'
        "Quill sat down. The boy stared at his desk.\n\n"
    )
    doc = analyse(text, ["Mr. Quill", "Ms. Ashdown", "Quill"], ["The boy"])
    assert who(doc, "The boy") == "Mr. Quill"


def test_a_tag_epithet_is_not_the_one_its_quote_calls_by_name() -> None:
    """Wenna is the more salient woman, but the quote calls her by name, so "the woman"
    who says it is Mrs. Orme."""
    text = (
        "Mrs. Orme followed Wenna up to the attic. Wenna carried the candle and Wenna "
        "found the trunk first.\n\n"
        '"Wenna, hold it higher," said the woman.\n\n'
    )
    speech = speech_tags(text, [("the woman", 0, ("Wenna",))])
    doc = analyse(text, ["Mrs. Orme", "Wenna"], ["the woman"], speech=speech)
    assert who(doc, "the woman") == "Mrs. Orme"


def test_a_tag_pronoun_is_not_the_one_its_quote_calls_by_name() -> None:
    """The same for a pronoun after the quote: "she" who calls Wenna is Mrs. Orme."""
    text = (
        "Mrs. Orme followed Wenna up to the attic. Wenna carried the candle and Wenna "
        "found the trunk first.\n\n"
        '"Wenna, hold it higher," said she.\n\n'
    )
    speech = speech_tags(text, [("she", 0, ("Wenna",))])
    doc = analyse(text, ["Mrs. Orme", "Wenna"], speech=speech)
    assert who(doc, "she") == "Mrs. Orme"
