"""Sentence splitting: abbreviations, ellipses, ?!, quotes and dialogue tags, paragraphs."""

from __future__ import annotations

from pathlib import Path

from ficlens.eval.litbank_data import text_document
from ficlens.layers import SENTENCES
from ficlens.structure import sentences


def split(*paragraphs: str) -> list[str]:
    doc = sentences(text_document("\n\n".join(paragraphs), Path("t.txt")))
    return [doc.span_text(s) for s in doc.layer(SENTENCES)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    assert split(
        "Mr. and Mrs. Okafor met Dr. Lind on St. Agnes Road. "
        "They read J. R. Tolkien, e.g. the long one. No. 9 was closed."
    ) == [
        "Mr. and Mrs. Okafor met Dr. Lind on St. Agnes Road.",
        "They read J. R. Tolkien, e.g. the long one.",
        "No. 9 was closed.",
    ]


def test_ellipses_end_a_sentence_only_before_a_capital() -> None:
    assert split("Well... maybe not. Or maybe… Then again . . . No.") == [
        "Well... maybe not.",
        "Or maybe…",
        "Then again . . .",
        "No.",
    ]


def test_question_and_exclamation_runs() -> None:
    assert split("You did what?! Unbelievable!! Fine?") == [
        "You did what?!",
        "Unbelievable!!",
        "Fine?",
    ]


def test_sentence_final_quote_splits_after_the_closing_mark() -> None:
    assert split("“I’m done,” Rosa said. He left.” She sighed. “Go.” “No.”") == [
        "“I’m done,” Rosa said.",
        "He left.”",
        "She sighed.",
        "“Go.”",
        "“No.”",
    ]


def test_lowercase_dialogue_tag_continues_the_sentence() -> None:
    assert split("“Wait!” she said. “Stop?” he asked. “Wait!” She ran.") == [
        "“Wait!” she said.",
        "“Stop?” he asked.",
        "“Wait!”",
        "She ran.",
    ]


def test_speech_cut_off_by_a_dash() -> None:
    assert split("“But I—” “No more.” She turned—then stopped.") == [
        "“But I—”",
        "“No more.”",
        "She turned—then stopped.",
    ]


def test_sentences_never_cross_paragraphs() -> None:
    assert split("An unfinished thought", "Another one.") == [
        "An unfinished thought",
        "Another one.",
    ]


def test_hard_wrapped_lines_stay_in_one_sentence() -> None:
    assert split("The rain came down\nall night. Morning\ncame late.") == [
        "The rain came down\nall night.",
        "Morning\ncame late.",
    ]
