"""Evidence for turns without a name tag: what a pronoun tag's paragraph names, a tag verb
that goes on, and a same-gender pronoun tag inside one speaker's paragraph."""

from __future__ import annotations

import pytest

from ficlens.dialogue.conversation import Turn, decode
from tests.dialogue.test_attribution import ADA, JONAH, MIRA, TOMAS, said, who

GENDERS = {"Mira": "female", "Tomas": "male", "Ada": "female"}


def test_a_pronoun_tag_goes_to_the_one_of_its_gender_its_paragraph_names() -> None:
    found = said(
        "Mira and Ada waited on the jetty for the last boat of the evening.",
        "“Is the ferry still running?” asked Mira.",
        "“Not tonight, Mira,” said Ada.",
        "No boat had come from Jonah’s yard all day, and Ada pulled her scarf up over her "
        "chin. “Nor tomorrow, with this wind,” she said.",
        cast=[MIRA, ADA, JONAH],
    )
    assert [s.speaker for s in found] == ["Mira Vale", "Ada Quill", "Ada Quill"]
    assert found[2].reason.startswith("explicit tag (pronoun")


def test_a_pronoun_tag_goes_to_the_one_the_narration_just_before_names() -> None:
    found = said(
        "“Is the ferry still running?” asked Mira.",
        "“Not tonight, Mira,” said Ada.",
        "No boat had come from Jonah’s yard all day, and Ada looked at the grey water.",
        "“Nor tomorrow, with this wind,” she said.",
        cast=[MIRA, ADA, JONAH],
    )
    assert found[2].speaker == "Ada Quill"
    assert found[2].confidence >= 0.7  # as sure as a name beat


def test_a_pronoun_tag_of_the_same_gender_stays_in_its_paragraphs_turn() -> None:
    found = said(
        "“Listen,” said Jonah to Tomas. “Just listen,” he repeated, more quietly.",
        "“I am listening.”",
        cast=[JONAH, TOMAS],
    )
    assert [s.speaker for s in found] == ["Jonah Pike", "Jonah Pike", "Tomas Reyes"]


def test_a_pronoun_tag_of_the_other_gender_starts_a_new_turn() -> None:
    speakers = who(
        "“Listen,” said Tomas to Mira. “I am,” she said.",
        cast=[MIRA, TOMAS],
    )
    assert speakers == ["Tomas Reyes", "Mira Vale"]


def _turn(paragraph: int, anchor: str | None = None, goes_on: bool = False) -> Turn:
    """A turn anchored by a name tag, or one after a narration paragraph."""
    if anchor is not None:
        return Turn(paragraph, anchor, 0.97, "tag")
    return Turn(paragraph, gap=1, goes_on=goes_on)


def test_a_speaker_who_goes_on_is_most_likely_the_previous_one() -> None:
    plain = [_turn(0, "Mira"), _turn(1, "Tomas"), _turn(2)]
    going_on = [_turn(0, "Mira"), _turn(1, "Tomas"), _turn(2, goes_on=True)]
    assert [a.speaker for a in decode(plain, genders=GENDERS)] == ["Mira", "Tomas", "Mira"]
    assert [a.speaker for a in decode(going_on, genders=GENDERS)] == ["Mira", "Tomas", "Tomas"]


@pytest.mark.parametrize(
    "lines",
    [
        (
            "“When does the tide turn?” asked Mira.",
            "“At six,” said Ada to Mira.",
            "The wind rose over the dunes and flattened the grass.",
            "“The path floods first,” she went on.",
        ),
        (
            "“When does the tide turn?” asks Mira.",
            "“At six,” says Ada to Mira.",
            "The wind rises over the dunes and flattens the grass.",
            "“The path floods first,” she goes on.",
        ),
    ],
    ids=["past", "present"],
)
def test_she_went_on_is_the_previous_speaker_going_on(lines: tuple[str, ...]) -> None:
    speakers = who(*lines, cast=[MIRA, ADA])
    assert speakers == ["Mira Vale", "Ada Quill", "Ada Quill"]
