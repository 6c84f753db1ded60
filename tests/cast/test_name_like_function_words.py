"""A given name that is also a function word ("Will") is a person where the work writes it
as a name, and stays a modal where it opens a question."""

from __future__ import annotations

from tests.cast.test_persons import mentions

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
