"""Which tokens the person tagger looks at: candidate heads and the windows around them."""

from __future__ import annotations

from pathlib import Path

from ficlens.cast.features import (
    AFTER_DETERMINER,
    AFTER_QUANTIFIER,
    ALWAYS,
    NEVER,
    doc_info,
    segments,
    trigger_kind,
)
from ficlens.eval.litbank_data import text_document
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages


def windowed(text: str) -> set[str]:
    """The words of `text` that some tagging window covers."""
    doc = Pipeline(structure_stages())(text_document(text, Path("passage.txt")))
    info = doc_info(doc)
    return {w for a, b in segments(info) for w in info.words[a:b]}


def test_one_after_a_quantifier_is_a_candidate() -> None:
    text = "The lamp had gone out, and no one in the cottage stirred until dawn."
    info = doc_info(Pipeline(structure_stages())(text_document(text, Path("passage.txt"))))
    assert trigger_kind(info, "one", 0) == AFTER_QUANTIFIER
    assert {"no", "one"} <= windowed(text)


def test_other_after_a_determiner_is_a_candidate() -> None:
    text = "The twins blamed each other for the broken kettle, and the other sulked."
    info = doc_info(Pipeline(structure_stages())(text_document(text, Path("passage.txt"))))
    assert trigger_kind(info, "other", 0) == AFTER_DETERMINER
    assert {"each", "other", "sulked"} <= windowed(text)


def test_plain_function_words_are_not_candidates() -> None:
    text = "It was cold; then it rained on the hills until it stopped."
    info = doc_info(Pipeline(structure_stages())(text_document(text, Path("passage.txt"))))
    assert trigger_kind(info, "then", 0) == NEVER
    assert windowed(text) == set()


def test_irregular_plurals_and_older_person_nouns() -> None:
    text = "Their wives and the parish authorities met the personage from the mill."
    info = doc_info(Pipeline(structure_stages())(text_document(text, Path("passage.txt"))))
    for word in ("wives", "authorities", "personage"):
        assert trigger_kind(info, word, 0) == ALWAYS
    assert trigger_kind(info, "mill", 0) == NEVER
