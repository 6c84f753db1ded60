"""Names the tagger alone misses in short works: a given name that is also a function word
("Will") where the work writes it as a name (but not a modal opening a question), and an
unlisted name looked at and then acting; a place written after "in" is none."""

from __future__ import annotations

from tests.cast.test_persons import mentions
from tests.cast.test_role_characters import names_of, speaker_of
from tests.cast.test_role_speakers import read

SCENE = (
    "Will Ashby set the kettle down and looked at Marguerite. “You will be late,” said Will. "
    "Marguerite laughed at Will. Will shrugged. Will you stay for supper, she wondered."
)


def test_a_name_like_modal_written_as_a_name_is_a_person() -> None:
    found = mentions(SCENE)
    assert found.count(("Will", "name")) == 3
    assert ("Will Ashby", "name") in found


def test_the_modal_opening_a_question_is_no_person() -> None:
    text = SCENE.replace("Will shrugged. ", "")
    found = [text for text, _ in mentions(text)]
    assert found.count("Will") == 2


def test_a_modal_never_written_as_a_name_is_no_person() -> None:
    text = "Will it rain? Nobody will know until noon. Will the boats go out, Marguerite asked."
    assert all(text != "Will" for text, _ in mentions(text))


def test_a_character_named_will_is_in_the_cast_and_speaks() -> None:
    doc = read(
        "Will Ashby set the kettle down and looked at Marguerite.\n\n"
        "“You will be late,” said Will.\n\n"
        "Marguerite laughed at Will. “Will you stop fussing?”\n\n"
        "“Never,” Will said."
    )
    assert "Will Ashby" in names_of(doc)
    assert speaker_of(doc, "You will be late") == "Will Ashby"
    assert speaker_of(doc, "Never") == "Will Ashby"
    assert speaker_of(doc, "stop fussing") == "Marguerite"


def test_an_unlisted_name_looked_at_and_then_acting_is_a_person() -> None:
    text = (
        "Tom Ashby set the kettle down and looked at Zephyrine.\n\n"
        "“You are late,” said Tom.\n\n"
        "Zephyrine laughed at Tom."
    )
    assert mentions(text).count(("Zephyrine", "name")) == 2


def test_a_place_written_after_in_and_acting_once_is_no_person() -> None:
    text = (
        "They lived in Quarrowby all that year, and the winters in Quarrowby were long. "
        "Quarrowby slept under the snow, and Tom Ashby stayed in Quarrowby."
    )
    assert all(name != "Quarrowby" for name, _ in mentions(text))
