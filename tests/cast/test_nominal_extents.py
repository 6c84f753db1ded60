"""Persons: how far a nominal's maximal span reaches past its head (LitBank extents)."""

from __future__ import annotations

from pathlib import Path

from ficlens.cast import persons_stage
from ficlens.cast.persons import extend
from ficlens.eval.litbank_data import text_document
from ficlens.layers import PERSONS
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages


def surfaces(text: str) -> list[str]:
    doc = Pipeline([*structure_stages(), persons_stage])(text_document(text, Path("p.txt")))
    return [doc.span_text(s) for s in doc.layer(PERSONS)]


def reach(sentence: str, start: int, core: int) -> str:
    """The mention a nominal ``words[start:core]`` of `sentence` extends to."""
    words = sentence.split()
    return " ".join(words[start : extend(words, start, core, len(words))])


def test_a_nominal_opening_a_clause_takes_in_its_prepositional_phrase() -> None:
    assert (
        reach("The potter with the green scarf laughed .", 0, 2)
        == "The potter with the green scarf"
    )
    assert reach("Bram slept , and the clerk at the gate yawned .", 4, 6) == (
        "the clerk at the gate"
    )


def test_a_prepositional_phrase_after_a_verb_stays_out() -> None:
    assert reach("Orla met the potter with a grin .", 2, 4) == "the potter"
    assert reach("The potter's in the yard .", 0, 2) == "The potter's"


def test_the_stage_finds_the_subject_with_its_phrase() -> None:
    found = surfaces("The weaver in the blue coat counted the bales twice.")
    assert "The weaver in the blue coat" in found


def test_a_relative_clause_ends_where_the_main_verb_begins() -> None:
    assert (
        reach("the smith who mended the bellows was tired .", 0, 2)
        == "the smith who mended the bellows"
    )
    assert reach("The girls who rowed the boat are asleep .", 0, 2) == (
        "The girls who rowed the boat"
    )


def test_a_clause_keeps_its_own_verbs() -> None:
    assert reach("they fed the smith who said he was tired .", 2, 4) == (
        "the smith who said he was tired"
    )
    assert reach("they fed the smith whose heavy anvil was cracked .", 2, 4) == (
        "the smith whose heavy anvil was cracked"
    )
    assert reach("they fed the smith who was tired .", 2, 4) == "the smith who was tired"
