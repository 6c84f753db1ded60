"""Pronoun binding: a reflexive that stresses the mention before it, a participle's object,
a possessive opening an apposition, a third-person pronoun inside its own speaker's quote,
the speaker of an untagged quote after a tagged one, a possessive name whose span leaves
out its "'s", and a place named just before a sentence-opening pronoun; on passages written
here."""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

from ficlens.cast.stage import cast_stage
from ficlens.document import Document, Layer, Span
from ficlens.eval.litbank_data import text_document
from ficlens.layers import MENTIONS, PERSONS
from tests.cast.test_coref import STRUCTURE, analyse, speech_tags, who


def _character(doc: Document, label: str, start: int) -> str | None:
    """The character of the `label` mention ("pronoun", "epithet") starting at `start`."""
    for m in doc.layer(MENTIONS):
        if m.label == label and m.start == start:
            return str(m.attrs["character"])
    return None


def test_a_reflexive_right_after_a_name_stresses_that_name() -> None:
    doc = analyse(
        "Mrs. Quell woke early. Mrs. Quell dressed and went down. Mrs. Quell found a "
        "parcel on the mat, wrapped by Mrs. Brannock herself.",
        ["Mrs. Quell", "Mrs. Brannock"],
    )
    assert who(doc, "herself") == "Mrs. Brannock"


def test_a_reflexive_after_a_verb_still_goes_to_the_subject() -> None:
    doc = analyse(
        "Mrs. Brannock called on Mrs. Quell. Mrs. Quell poured herself some tea.",
        ["Mrs. Quell", "Mrs. Brannock"],
    )
    assert who(doc, "herself") == "Mrs. Quell"


def test_a_stressing_reflexive_does_not_keep_the_next_subject_from_its_name() -> None:
    doc = analyse(
        "Mr. Tavish told the story to Mr. Orme. Mr. Tavish said himself he had seen the wreck.",
        ["Mr. Tavish", "Mr. Orme"],
    )
    assert who(doc, "he") == "Mr. Tavish"


def test_the_object_of_a_participle_is_not_the_subject_doing_it() -> None:
    doc = analyse(
        "Mr. Tavish waited by the fire. Mr. Orme turned, handing him the letter.",
        ["Mr. Tavish", "Mr. Orme"],
    )
    assert who(doc, "him") == "Mr. Tavish"


def test_an_object_after_a_comma_without_a_participle_may_be_the_subject() -> None:
    doc = analyse(
        "Mr. Tavish waited by the fire. Mr. Orme turned, and the dog followed him.",
        ["Mr. Tavish", "Mr. Orme"],
    )
    assert who(doc, "him") == "Mr. Orme"


def test_a_speaker_talking_of_himself_in_the_third_person_keeps_the_pronoun() -> None:
    text = 'Bram leaned on the gate.\n\n"Old Bram knows his way home," said Bram.'
    doc = analyse(text, ["Bram"], speech=speech_tags(text, [("Bram", 2, ())]))
    assert who(doc, "his") == "Bram"


def test_a_pronoun_after_a_sentence_naming_only_a_place_does_not_make_it_a_person() -> None:
    doc = analyse(
        "Rosa fixed the radio herself. The ferry reached Lisbon at dusk. She was tired and hungry.",
        ["Rosa", "Lisbon"],
    )
    assert who(doc, "She") == "Rosa"


def test_a_possessive_opening_an_apposition_is_not_the_name_it_describes() -> None:
    text = (
        "Mrs. Quell was cross all morning. When the kettle boiled, Tilda, her young "
        "maid, was sent to the pump."
    )
    doc = analyse(text, ["Mrs. Quell", "Tilda"], ["her young maid"])
    start = text.index("her young")
    assert _character(doc, "epithet", start) == "Tilda"
    assert _character(doc, "pronoun", start) == "Mrs. Quell"


def test_an_apposition_may_run_over_a_line_break() -> None:
    text = (
        "Mrs. Quell was cross all morning. When the kettle boiled, Tilda,\nher young "
        "maid, was sent to the pump."
    )
    doc = analyse(text, ["Mrs. Quell", "Tilda"], ["her young maid"])
    start = text.index("her young")
    assert _character(doc, "epithet", start) == "Tilda"
    assert _character(doc, "pronoun", start) == "Mrs. Quell"


def test_an_untagged_quote_after_a_tagged_one_in_its_paragraph_has_the_same_speaker() -> None:
    text = 'Ida put the kettle on.\n\n"Sit down, Bram," said Ida. "You look tired, and I am too."'
    first, second = (m.span() for m in re.finditer(r'"[^"]*"', text))
    tag = text.index("Ida", first[1])
    bram = text.index("Bram")
    speech = [
        Span(
            *first,
            "speech",
            MappingProxyType({"tag": (tag, tag + 3), "vocatives": ((bram, bram + 4),)}),
        ),
        Span(*second, "speech", MappingProxyType({"tag": None, "vocatives": ()})),
    ]
    doc = analyse(text, ["Ida", "Bram"], speech=speech)
    assert who(doc, "You") == "Bram"
    assert who(doc, "I") == "Ida"


def test_a_name_followed_by_an_apostrophe_s_outside_its_span_is_a_possessive() -> None:
    text = "Tom waited at the gate. Hal came up the lane, late again. Hal's dog barked at him."
    doc = STRUCTURE(text_document(text, Path("t.txt")))
    names = [Span(m.start(), m.end(), "name") for m in re.finditer(r"Tom|Hal", text)]
    doc = cast_stage(None)(doc.with_layers(Layer(PERSONS, names)))
    assert who(doc, "him") == "Hal"
