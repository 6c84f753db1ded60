"""Characters known only by a role named once in a speech tag ("said the ferryman"), on
short passages written here: the cast stage with a real ``speech`` layer, and the whole
reading pipeline for who speaks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ficlens.analysis import reading_stages
from ficlens.dialogue import speech_stage
from ficlens.document import Document
from ficlens.eval.litbank_data import text_document
from ficlens.layers import CAST, SPEAKERS, SPEECH
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages
from tests.cast.test_coref import analyse, character, who

SPEECH_ONLY = Pipeline([*structure_stages(), speech_stage()])
READING = Pipeline(reading_stages())
TAIL = (
    "\n\nCorin Vale walked on alone after that. The road bent round the hill and the "
    "wind rose, and Corin Vale pulled his coat tighter and counted the milestones home."
)
"""Narration after a scene, so that its roles stay within a small share of the text."""


def tagged(text: str, names: Sequence[str], nominals: Sequence[str]) -> Document:
    """The cast stage's output for `text`, with the speech layer the speech stage finds."""
    speech = list(SPEECH_ONLY(text_document(text, Path("t.txt"))).layer(SPEECH))
    return analyse(text, names, nominals, speech=speech)


def names_of(doc: Document) -> set[str]:
    """The names of the characters in the cast."""
    return {str(c.attrs["name"]) for c in doc.layer(CAST)}


def speaker_of(doc: Document, quote: str) -> str | None:
    """The name of the character the ``speakers`` layer gives the quote containing `quote`."""
    names = {c.label: str(c.attrs["name"]) for c in doc.layer(CAST)}
    for span in doc.layer(SPEAKERS):
        if quote in doc.text[span.start : span.end]:
            return names.get(span.label)
    raise AssertionError(f"no quote with {quote!r}")


def test_a_role_named_once_in_a_speech_tag_speaks_its_quote() -> None:
    doc = READING(
        text_document(
            "Corin Vale reached the river at dusk and waved at the far bank.\n\n"
            "“Two coppers to cross,” said the ferryman.\n\n"
            "“I have one,” Corin Vale said.\n\n"
            "“Then you swim,” said Corin Vale's sister, laughing.",
            Path("t.txt"),
        )
    )
    assert "The ferryman" in names_of(doc)
    assert speaker_of(doc, "Two coppers") == "The ferryman"
    assert speaker_of(doc, "I have one") == "Corin Vale"


def test_a_bare_lower_case_role_in_a_speech_tag_is_a_character() -> None:
    text = "Corin Vale would not sleep.\n\n“Lights out, the pair of you,” said nanny."
    doc = tagged(text, ["Corin Vale"], [])
    assert names_of(doc) == {"Corin Vale", "Nanny"}
    assert who(doc, "nanny") == "Nanny"


def test_a_bare_role_outside_speech_tags_is_no_one() -> None:
    text = "Corin Vale would not sleep, and nanny sighed at the door."
    assert names_of(tagged(text, ["Corin Vale"], ["nanny"])) == {"Corin Vale"}


def test_a_role_with_modifiers_is_one_character_keyed_by_all_its_words() -> None:
    text = (
        "“A fine morning for it,” said the cheerful porter.\n\n"
        "Corin Vale agreed.\n\n"
        "“Mind the step,” the porter said." + TAIL
    )
    doc = tagged(text, ["Corin Vale"], ["the cheerful porter", "the porter"])
    assert names_of(doc) == {"Corin Vale", "The cheerful porter"}
    assert character(doc, "The cheerful porter").attrs["mentions"] == 2
    assert who(doc, "the porter") == "The cheerful porter"


def test_two_roles_with_one_head_noun_are_two_characters() -> None:
    text = (
        "“Sign here,” said the senior clerk.\n\n"
        "“And here,” said the junior clerk.\n\n"
        "Corin Vale signed twice."
    )
    doc = tagged(text, ["Corin Vale"], ["the senior clerk", "the junior clerk"])
    assert names_of(doc) == {"Corin Vale", "The senior clerk", "The junior clerk"}


def test_a_description_of_a_named_character_stays_theirs() -> None:
    text = (
        "Mara Quill was an alpha, and the pack knew it.\n\n"
        "“Stand aside,” said the alpha.\n\n"
        "Corin Vale stood aside."
    )
    doc = tagged(text, ["Mara Quill", "Corin Vale"], ["the alpha"])
    assert names_of(doc) == {"Mara Quill", "Corin Vale"}
    assert who(doc, "the alpha") == "Mara Quill"


def test_a_role_a_named_character_is_called_stays_theirs_from_one_tag() -> None:
    text = "Corin Vale, the ferryman, pushed off.\n\n“Hold tight,” said the ferryman."
    doc = tagged(text, ["Corin Vale"], ["the ferryman"])
    assert names_of(doc) == {"Corin Vale"}
    assert who(doc, "the ferryman", 1) == "Corin Vale"


def test_plurals_and_relations_in_one_tag_name_no_one() -> None:
    text = (
        "“Halt there,” said the guards.\n\nCorin Vale halted.\n\n“Let him pass,” said the mother."
    )
    doc = tagged(text, ["Corin Vale"], ["the guards", "the mother"])
    assert names_of(doc) == {"Corin Vale"}


def test_a_role_in_one_action_beat_is_no_character() -> None:
    text = "“Two coppers.” The ferryman held out a hand.\n\nCorin Vale paid."
    assert names_of(tagged(text, ["Corin Vale"], ["the ferryman"])) == {"Corin Vale"}


def test_a_role_introduced_in_a_speech_tag_with_a_is_a_character() -> None:
    text = (
        "Corin Vale waited on the platform.\n\n"
        "“Mind the gap,” said a porter.\n\n"
        "Corin Vale stepped back." + TAIL
    )
    doc = tagged(text, ["Corin Vale"], ["a porter"])
    assert names_of(doc) == {"Corin Vale", "A porter"}
    assert who(doc, "a porter") == "A porter"


def test_a_role_introduced_with_a_outside_a_speech_tag_is_no_one() -> None:
    text = "Corin Vale waited on the platform. A porter walked past with a trolley." + TAIL
    assert names_of(tagged(text, ["Corin Vale"], ["a porter"])) == {"Corin Vale"}


def test_one_role_noun_with_other_words_scenes_apart_is_two_characters() -> None:
    filler = "\n\nCorin Vale walked the long corridor and counted the doors again." * 60
    text = "“Tea, sir?” said the first maid." + filler + "\n\n“Coffee, sir?” said the maid."
    doc = tagged(text, ["Corin Vale"], ["the first maid", "the maid"])
    assert names_of(doc) == {"Corin Vale", "The first maid", "The maid"}


def _general_scene(names: str) -> str:
    """A story where "the General" acts again and again, and `names` are the only names
    that hold the word."""
    scene = (
        "The General paced the terrace. The General stopped and looked at the sea. "
        "Then the General sat down, and the General called for his coffee. "
    )
    return f"{names}\n\n" + "\n\n".join([scene] * 3)


def test_a_capitalised_role_far_more_frequent_than_the_names_holding_it_is_its_own() -> None:
    text = _general_scene("Madame General Orlova wrote to General Sarkis once a year.")
    doc = READING(text_document(text, Path("t.txt")))
    assert "The General" in names_of(doc)


def test_a_capitalised_role_of_the_one_character_with_that_title_stays_theirs() -> None:
    text = _general_scene("General Sarkis had come home to the villa by the sea.")
    doc = READING(text_document(text, Path("t.txt")))
    assert "The General" not in names_of(doc)
