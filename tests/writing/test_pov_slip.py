"""POV slips on original passages (hand-built cast layers) and on the seeds."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

from ficlens.document import Document, Layer, Span
from ficlens.layers import POV
from ficlens.writing.checks import Context, Finding
from ficlens.writing.pov_slip import MIN_SCORE, POV_SLIP, RULE, pov_slip_rule, pov_slips
from tests.narrative.test_pov import FIRST, OMNISCIENT_TEXT, analysed, story

CAST = {"Maren": "female", "Idris": "male", "Tova": "female"}
# Maren's scene, with Tova's and Idris's minds entered where Maren cannot see.
SLIPPING = [
    "Maren hated the night ferry. She leaned on the rail and wondered, not for the first "
    "time, why she had agreed to the late crossing. She hoped the bar was still open.",
    "Idris came up from the lounge with two paper cups. Maren felt a flash of irritation at "
    "his cheerful face. Tova thought he looked exhausted.",
    "She realized she had been staring and looked away. Idris frowned at his cup, and he "
    "wondered why she always sat alone.",
    "“You're quiet,” he said. Maren knew he meant well. She wished he didn't. His heart "
    "sank when she didn't answer.",
]
# Maren's scene in which nobody else's mind is entered.
CLEAN = [
    "Maren hated the night ferry. She wondered who had taken the good seats this time, and "
    "she hoped it was not Idris, because she could not face another argument with him.",
    "Idris came up late, his collar turned up. He frowned at the timetable and sighed. "
    "Maren realized he had not slept.",
    "“I wondered where you'd gone,” Idris said. “I thought you'd quit. I hoped you hadn't.”",
    "If Idris knew about the transfer, he would say something. He probably thought she was "
    "angry. Did he remember the party? She knew he wanted to apologize, and she could tell "
    "that he regretted it. His heart sank, she guessed, when she looked away.",
    "Idris didn't notice her watching. He would have realized sooner or later. Idris "
    "remembered to buy the tickets, at least. He wondered aloud whether the bar was open. "
    "Tova seemed to think it was. Idris wished her luck with the exam.",
    "She felt her cheeks burn. She couldn't help but smile when he finally looked up.",
]


def slips(doc: Document) -> list[str]:
    return [doc.text[f.start : f.end] for f in pov_slips(doc)]


def test_other_minds_in_a_limited_scene_are_flagged() -> None:
    doc = story(CAST, SLIPPING)
    assert slips(doc) == ["Tova thought", "he wondered", "His heart sank"]


def test_a_finding_says_whose_scene_and_whose_mind() -> None:
    doc = story(CAST, SLIPPING)
    tova, he, heart = pov_slips(doc)
    assert isinstance(tova, Finding)
    assert (tova.type, tova.rule) == (POV_SLIP, RULE)
    assert "follows Maren" in tova.message and "Tova’s private thoughts" in tova.message
    assert tova.suggestion == "Tova seemed to think"
    assert "another character’s" in he.message  # which "he" is not guessed
    assert he.suggestion == "he seemed to wonder"
    assert "feelings" in heart.message and heart.suggestion is None


def test_behaviour_dialogue_and_hedged_thoughts_are_not_slips() -> None:
    assert slips(story(CAST, CLEAN)) == []


def test_omniscient_scenes_are_left_alone() -> None:
    doc = story({"Agnes": "female", "Tobias": "male"}, OMNISCIENT_TEXT)
    assert pov_slips(doc) == []


def test_unclear_scenes_are_left_alone() -> None:
    doc = story(CAST, ["Maren shrugged. Idris wondered why she always sat alone."])
    assert pov_slips(doc) == []  # the scene's point of view is not clear enough


def test_a_first_person_narrator_cannot_know_another_mind() -> None:
    text = [*FIRST, "He wondered if I would ever forgive him. I didn't answer."]
    doc = story({"Oskar": "male"}, text, narrator="Wren")
    assert slips(doc) == ["He wondered"]


def test_the_pov_layer_decides_when_present() -> None:
    doc = story(CAST, SLIPPING)
    (scene,) = doc.layer("scenes")
    for mode, score, expected in (("omniscient", 0.9, 0), ("limited", MIN_SCORE - 0.1, 0)):
        attrs = {"mode": mode, "score": score, "pronouns": {"she": "Maren", "he": "Idris"}}
        pov = Layer(POV, [Span(scene.start, scene.end, "Maren", MappingProxyType(attrs))])
        assert len(pov_slips(doc.with_layers(pov))) == expected


def test_nothing_without_cast_layers() -> None:
    doc = story(CAST, SLIPPING)
    bare = Document(doc.text, doc.meta, doc.source, doc.offsets)
    bare = bare.with_layers(*(doc.layer(n) for n in doc.layers if n not in ("cast", "mentions")))
    assert pov_slips(bare) == []


def test_the_rule_function_reads_the_context() -> None:
    doc = story(CAST, SLIPPING)
    assert list(pov_slip_rule(Context(doc))) == pov_slips(doc)


@pytest.mark.parametrize("name", ["office-the-job-alt-pov.txt", "office-soulmates-abo.txt"])
def test_the_seeds_have_no_slips(shared: Path, name: str) -> None:
    # Read as a beta reader: both seeds keep to their scene's head. The thoughts of others
    # they mention are the focal character's guesses, hypothetical, or embedded in the focal
    # character's own thoughts.
    assert pov_slips(analysed(shared, name)) == []
