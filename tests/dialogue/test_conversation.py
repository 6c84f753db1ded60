"""The turn-taking model on hand-built turns: one behaviour per test."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from ficlens.dialogue.conversation import (
    OFF_SCENE,
    Turn,
    cast_of,
    decode,
    posteriors,
    split_conversations,
)

GENDERS = {"Mira": "female", "Tomas": "male", "Ada": "female"}


def turn(paragraph: int, anchor: str | None = None, score: float = 0.97, **kw: Any) -> Turn:
    """A turn anchored to `anchor` (a name tag) or untagged."""
    return Turn(paragraph, anchor, score if anchor else 0.0, "tag" if anchor else "", **kw)


def speakers(turns: list[Turn], **kw: Any) -> list[str | None]:
    """The decoded speaker of each turn."""
    return [a.speaker for a in decode(turns, genders=GENDERS, **kw)]


def test_untagged_turns_alternate_between_two_anchored_speakers() -> None:
    turns = [turn(0, "Mira"), turn(1, "Tomas"), turn(2), turn(3), turn(4)]
    assert speakers(turns) == ["Mira", "Tomas", "Mira", "Tomas", "Mira"]


def test_a_later_anchor_decides_the_turns_before_it() -> None:
    turns = [turn(0), turn(1), turn(2, "Mira"), turn(3, "Tomas")]
    assert speakers(turns) == ["Mira", "Tomas", "Mira", "Tomas"]


def test_a_tag_re_anchors_a_broken_alternation() -> None:
    # Mira speaks two paragraphs in a row (her second is tagged): the turns after it
    # alternate from there, not from the start.
    turns = [turn(0, "Mira"), turn(1, "Tomas"), turn(2), turn(3, "Mira"), turn(4), turn(5)]
    assert speakers(turns)[3:] == ["Mira", "Tomas", "Mira"]


def test_the_one_addressed_speaks_next_and_never_the_one_addressing() -> None:
    turns = [
        turn(0, "Mira"),
        turn(1, addressees=("Ada",), excluded=frozenset({"Ada"})),
        turn(2),
    ]
    decided = speakers(turns, context={"Tomas": 1.0, "Ada": 0.5})
    assert decided[1] != "Ada"
    assert decided[2] == "Ada"


def test_a_pronoun_tag_picks_the_participant_of_its_gender() -> None:
    turns = [turn(0, "Mira"), turn(1, "Tomas"), turn(2, gender="male"), turn(3, gender="female")]
    assert speakers(turns) == ["Mira", "Tomas", "Tomas", "Mira"]


def test_a_pronoun_tag_prefers_a_known_gender_to_an_unknown_one() -> None:
    # "Quill" has no known gender; the turn's "she" makes Mira likelier than the pattern.
    turns = [turn(0, "Quill"), turn(1, "Mira"), turn(2, "Quill", score=0.5), turn(3)]
    turns.append(turn(4, "Mira", score=0.3, gender="female"))
    turns.append(turn(5, "Quill", score=0.3))
    without = [turn(t.paragraph, t.anchor, t.anchor_score) for t in turns]
    assert speakers(turns)[4] == "Mira"
    post_with = posteriors(turns, cast_of(turns, {}), GENDERS)
    post_without = posteriors(without, cast_of(without, {}), GENDERS)
    mira = cast_of(turns, {}).names.index("Mira")
    assert post_with[4, mira] > post_without[4, mira]


def test_a_continuing_tag_keeps_the_previous_speaker() -> None:
    turns = [turn(0, "Mira"), turn(1, "Tomas"), turn(2, continues=True), turn(3)]
    assert speakers(turns) == ["Mira", "Tomas", "Tomas", "Mira"]


def test_an_off_scene_voice_alternates_with_the_one_present() -> None:
    turns = [turn(0, "Mira"), turn(1), turn(2, "Mira"), turn(3)]
    assert speakers(turns, off_scene=True) == ["Mira", None, "Mira", None]
    assert "off-scene" in decode(turns, off_scene=True)[1].reason


def test_narration_hints_decide_a_lone_turn_with_low_confidence() -> None:
    decided = decode([turn(0, hints={"Tomas": 0.6})], context={"Mira": 1.0, "Tomas": 0.8})
    assert decided[0].speaker == "Tomas"
    assert decided[0].confidence < 0.8


def test_candidates_put_participants_first_and_bystanders_low() -> None:
    turns = [turn(0, "Mira"), turn(1, addressees=("Tomas",))]
    cast = cast_of(turns, {"Ada": 1.0, "Jun": 0.1}, off_scene=True)
    assert cast.names[:2] == ("Mira", "Tomas") and cast.names[-1] == OFF_SCENE
    assert cast.prior[:2] == (1.0, 1.0)
    ada, jun = cast.prior[cast.names.index("Ada")], cast.prior[cast.names.index("Jun")]
    # the one the narration is all about is nearly as likely a speaker as a participant
    assert jun < 0.5 < ada < 1.0


def test_after_a_narration_paragraph_the_same_speaker_may_go_on() -> None:
    # Without narration between them, a new paragraph is another speaker; after a
    # narration paragraph about her, Mira speaking again is as likely as Tomas answering.
    hint = {"Mira": 0.6}
    close = [turn(0, "Mira"), turn(1, "Tomas"), turn(2, "Mira"), turn(3, hints=hint)]
    apart = [turn(0, "Mira"), turn(1, "Tomas"), turn(2, "Mira"), turn(4, gap=1, hints=hint)]
    assert speakers(close)[3] == "Tomas"
    assert speakers(apart)[3] == "Mira"


def test_posteriors_are_distributions() -> None:
    turns = [turn(0, "Mira"), turn(1), turn(2, gap=1), turn(3, "Tomas", 0.3)]
    cast = cast_of(turns, {"Ada": 0.4})
    post = posteriors(turns, cast, GENDERS)
    assert post.shape == (4, len(cast.names))
    assert np.allclose(post.sum(axis=1), 1.0)


def test_conversations_split_at_boundaries_and_long_narration() -> None:
    turns = [turn(0), turn(1), turn(5, gap=3), turn(6), turn(7, boundary=True)]
    assert split_conversations(turns) == [range(0, 2), range(2, 4), range(4, 5)]
    assert split_conversations([]) == []


def test_no_candidates_means_no_speaker() -> None:
    assert decode([turn(0)])[0].speaker is None
    assert decode([]) == []


@pytest.mark.parametrize("n", [1, 2, 5])
def test_every_candidate_count_decodes(n: int) -> None:
    names = ["Mira", "Tomas", "Ada", "Lio", "Bea"][:n]
    turns = [turn(i, names[i % n]) for i in range(6)]
    assert speakers(turns) == [names[i % n] for i in range(6)]


def test_narration_opening_a_paragraph_lets_the_previous_speaker_go_on() -> None:
    # "Tomas set the cup down. “...”" right after Tomas's line: the narration about him
    # outweighs the alternation only when it opens the paragraph before the speech.
    hint = {"Tomas": 1.0}
    plain = [turn(0, "Mira"), turn(1, "Tomas"), turn(2, hints=hint)]
    narrated = [turn(0, "Mira"), turn(1, "Tomas"), turn(2, hints=hint, narrated=True)]
    assert speakers(plain)[2] == "Mira"
    assert speakers(narrated)[2] == "Tomas"


def test_in_a_crowded_scene_the_parties_named_most_are_likelier_speakers() -> None:
    # Five named parties: Mira and Tomas carry the talk, Ada and two others answer once.
    names = ["Mira", "Tomas"] * 3 + ["Ada", "Jonas", "Pell"]
    turns = [turn(i, name) for i, name in enumerate(names)]
    cast = cast_of(turns, {})
    prior = dict(zip(cast.names, cast.prior, strict=True))
    assert prior["Mira"] > prior["Ada"]
    assert prior["Tomas"] > prior["Jonas"]
    few = [turn(0, "Mira"), turn(1, "Tomas"), turn(2, "Mira"), turn(3, "Ada")]
    cast_few = cast_of(few, {})
    prior_few = dict(zip(cast_few.names, cast_few.prior, strict=True))
    assert prior_few["Mira"] == prior_few["Ada"]


def test_being_addressed_favours_answering_only_right_after() -> None:
    # Mira's turn addresses Tomas. Straight after it, Tomas answers; after a paragraph of
    # narration about Ada, the narration decides instead.
    def scene(gap: int) -> list[Turn]:
        return [
            turn(0, "Mira", addressees=("Tomas",)),
            turn(1 + gap, gap=gap, hints={"Ada": 1.0}),
        ]

    assert speakers(scene(0), context={"Tomas": 1.0, "Ada": 1.0})[1] == "Tomas"
    assert speakers(scene(1), context={"Tomas": 1.0, "Ada": 1.0})[1] == "Ada"
