"""Nominal spans that hold a quantifier's ``of`` phrase or a possessive pronoun."""

from __future__ import annotations

from pathlib import Path

from ficlens.cast import persons_stage
from ficlens.cast.persons import _of_owner, extend
from ficlens.eval.litbank_data import text_document
from ficlens.layers import PERSONS
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages


def surfaces(text: str) -> list[str]:
    doc = Pipeline([*structure_stages(), persons_stage])(text_document(text, Path("p.txt")))
    return [doc.span_text(s) for s in doc.layer(PERSONS)]


def test_a_quantifier_of_a_nominal_is_a_mention_holding_it() -> None:
    words = ["Tamsin", "fed", "some", "of", "the", "weavers", "before", "dusk", "."]
    assert _of_owner(words, 4) == 2
    words = ["Tamsin", "fed", "the", "rest", "of", "his", "crew", "before", "dusk", "."]
    assert _of_owner(words, 5) == 2


def test_no_quantifier_mention_without_a_determined_nominal() -> None:
    assert _of_owner(["Tamsin", "fed", "one", "of", "the", "weavers", "."], 4) == -1
    assert _of_owner(["Tamsin", "fed", "some", "of", "Marek", "'s", "goats", "."], 4) == -1
    assert _of_owner(["Tamsin", "fed", "the", "son", "of", "the", "weaver", "."], 4) == -1


def test_an_of_phrase_may_be_a_possessive_pronoun() -> None:
    words = ["a", "nephew", "of", "ours", "waded", "ashore", "."]
    assert extend(words, 0, 2, len(words)) == 4
    words = ["a", "nephew", "of", "the", "miller", "waded", "ashore", "."]
    assert extend(words, 0, 2, len(words)) == 5


def test_the_quantified_mention_and_the_nominal_are_both_found() -> None:
    found = surfaces("At dusk Tamsin Reade fed some of the weavers near the kiln.")
    assert "some of the weavers" in found
    assert "the weavers" in found
