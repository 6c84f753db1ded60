"""Persons: maximal nominal spans, heads judged name or nominal, sentence-opening adverbs."""

from __future__ import annotations

from pathlib import Path

from ficlens.cast import persons_stage
from ficlens.cast.persons import NAME, NOMINAL, extend, mention_kind
from ficlens.eval.litbank_data import text_document
from ficlens.layers import PERSONS
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages


def extended(sentence: str, core: int) -> str:
    """The mention a nominal made of the first `core` words of `sentence` extends to."""
    words = sentence.split()
    return " ".join(words[: extend(words, 0, core, len(words))])


def test_of_phrases_join_the_nominal() -> None:
    assert extended("a potter of great patience waited .", 2) == "a potter of great patience"
    assert extended("the lodgers of the tannery had gone .", 2) == "the lodgers of the tannery"
    assert extended("the voice of her aunt rose .", 2) == "the voice of her aunt"
    assert extended("none of them came .", 1) == "none of them"


def test_relative_clauses_join_the_nominal() -> None:
    assert (
        extended("the ferryman , who had lost his oar , swore .", 2)
        == "the ferryman , who had lost his oar"
    )
    assert extended("anyone who knew Tamsin smiled .", 1) == "anyone who knew Tamsin smiled"
    assert (
        extended("the niece of Dorran , who sold eels .", 2)
        == "the niece of Dorran , who sold eels"
    )


def test_other_modifiers_stay_out() -> None:
    assert extended("the ferryman , tired and wet , swore .", 2) == "the ferryman"
    words = ["Orla", "hailed", "the", "ferryman", "in", "the", "reeds", "."]
    assert extend(words, 2, 4, len(words)) == 4  # a phrase after a verb is seldom its own
    assert extended("the ferryman , who , .", 2) == "the ferryman"
    assert extended("the ferryman of", 2) == "the ferryman"


def test_heads_opening_a_sentence_or_in_capitals_are_nominals() -> None:
    assert mention_kind(["Weary", "travellers"]) == NOMINAL
    assert mention_kind(["THE", "TALL", "FERRYMAN"]) == NOMINAL
    assert mention_kind(["THE", "ORLA", "KESTREL"]) == NAME
    assert mention_kind(["Mr.", "Dorran", "the", "younger"]) == NAME
    assert mention_kind(["young", "Tamsin"]) == NAME


def test_an_adverb_opening_a_sentence_is_not_part_of_a_name() -> None:
    text = "The boat rocked. Suddenly Tamsin laughed, and Orla Kestrel frowned at her."
    doc = Pipeline([*structure_stages(), persons_stage])(text_document(text, Path("p.txt")))
    assert [doc.span_text(s) for s in doc.layer(PERSONS)] == ["Tamsin", "Orla Kestrel"]
