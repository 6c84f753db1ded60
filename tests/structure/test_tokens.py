"""Tokens: contractions, possessives, elisions, hyphens, numbers, punctuation and symbols."""

from __future__ import annotations

from pathlib import Path

from ficlens.eval.litbank_data import text_document
from ficlens.layers import TOKENS
from ficlens.structure import tokens


def tokenize(*paragraphs: str) -> list[tuple[str, str]]:
    doc = tokens(text_document("\n\n".join(paragraphs), Path("t.txt")))
    return [(doc.span_text(t), t.label) for t in doc.layer(TOKENS)]


def words(text: str) -> list[str]:
    return [t for t, _ in tokenize(text)]


def test_contractions_and_possessives_stay_whole_with_both_apostrophes() -> None:
    assert words("Didn’t Kit's dog eat Jim’s lunch? I'd say the boys’ room, y'all.") == [
        "Didn’t", "Kit's", "dog", "eat", "Jim’s", "lunch", "?", "I'd", "say", "the",
        "boys’", "room", ",", "y'all", ".",
    ]  # fmt: skip


def test_elisions_and_decades() -> None:
    assert words("Rock ’n’ roll ’til dawn in the ’90s, 'cause why not.") == [
        "Rock", "’n’", "roll", "’til", "dawn", "in", "the", "’90s", ",", "'cause", "why",
        "not", ".",
    ]  # fmt: skip


def test_hyphens_numbers_and_abbreviations() -> None:
    assert tokenize("A 12-year-old mother-in-law paid $3.50 at 5pm, Mr. Ode said.") == [
        ("A", "word"),
        ("12-year-old", "word"),
        ("mother-in-law", "word"),
        ("paid", "word"),
        ("$", "sym"),
        ("3.50", "num"),
        ("at", "word"),
        ("5pm", "num"),
        (",", "punct"),
        ("Mr.", "word"),
        ("Ode", "word"),
        ("said", "word"),
        (".", "punct"),
    ]


def test_punctuation_runs_and_emoji() -> None:
    assert tokenize("What?! Wait... no—never 🙂👍🏽") == [
        ("What", "word"),
        ("?!", "punct"),
        ("Wait", "word"),
        ("...", "punct"),
        ("no", "word"),
        ("—", "punct"),
        ("never", "word"),
        ("🙂", "sym"),
        ("👍🏽", "sym"),
    ]


def test_tokens_cover_every_non_space_character_of_the_paragraphs() -> None:
    text = "“Où?” asked Zoë — naïvely, at 3:15 a.m. #sorrynotsorry"
    doc = tokens(text_document(text, Path("t.txt")))
    covered = "".join(doc.span_text(t) for t in doc.layer(TOKENS))
    assert covered == "".join(text.split())
    assert "a.m." in [doc.span_text(t) for t in doc.layer(TOKENS)]
