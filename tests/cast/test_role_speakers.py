"""Speakers known by a described role ("the man with the crooked nose"), a role that an
apposition gave a named character elsewhere in the text, and ranked epithets of named
characters, on short passages written here with the whole reading pipeline."""

from __future__ import annotations

from pathlib import Path

from ficlens.analysis import reading_stages
from ficlens.document import Document
from ficlens.eval.litbank_data import text_document
from ficlens.pipeline import Pipeline
from tests.cast.test_role_characters import TAIL, names_of, speaker_of

READING = Pipeline(reading_stages())
FILLER = (
    "The harbour town slept through the long grey week, and the gulls quarrelled over "
    "the nets while the boats rocked at their moorings. "
) * 260
"""Narration long enough to set two scenes far apart."""


def read(text: str) -> Document:
    """The reading pipeline's output for `text`."""
    return READING(text_document(text, Path("t.txt")))


def test_a_described_role_recurring_with_its_modifier_is_one_character() -> None:
    doc = read(
        "Nell Harker walked into the tavern at dusk. The room was loud and full of smoke.\n\n"
        "“Nobody sits there,” said the man with the crooked nose.\n\n"
        "“I will sit where I please,” Nell Harker said.\n\n"
        "“Then you will pay for it,” said the man with the crooked nose.\n\n"
        "“Put it on my slate,” Nell Harker said." + TAIL
    )
    assert "The man with the crooked nose" in names_of(doc)
    assert speaker_of(doc, "Nobody sits") == "The man with the crooked nose"
    assert speaker_of(doc, "pay for it") == "The man with the crooked nose"
    assert speaker_of(doc, "my slate") == "Nell Harker"


def test_a_described_role_once_is_no_character() -> None:
    doc = read(
        "Nell Harker walked into the tavern at dusk.\n\n"
        "“Nobody sits there,” said the man with the crooked nose.\n\n"
        "“I will sit where I please,” Nell Harker said." + TAIL
    )
    assert not any("crooked nose" in name for name in names_of(doc))


def test_a_described_role_with_fewer_adjectives_is_the_same_person() -> None:
    doc = read(
        "Nell Harker walked into the tavern at dusk.\n\n"
        "“Nobody sits there,” said the man with the crooked nose.\n\n"
        "“I will sit where I please,” Nell Harker said.\n\n"
        "“Then you will pay for it,” said the man with the nose.\n\n"
        "“Put it on my slate,” Nell Harker said." + TAIL
    )
    described = [name for name in names_of(doc) if "nose" in name]
    assert described == ["The man with the crooked nose"]
    assert speaker_of(doc, "pay for it") == "The man with the crooked nose"


def test_a_role_of_a_named_character_far_away_is_someone_else() -> None:
    doc = read(
        "“She has a fever,” said the surgeon to the cook. “Keep her warm.”\n\n"
        "“I will,” said Bess Morrow.\n\n"
        + FILLER
        + "\n\nAt last Dr. Anselm Crane, the surgeon, rode in from the hills.\n\n"
        "“Who is ill?” asked Dr. Anselm Crane.\n\n"
        "“Nobody now,” said Bess Morrow."
    )
    assert speaker_of(doc, "She has a fever") == "The surgeon"
    assert speaker_of(doc, "Who is ill") == "Dr. Anselm Crane"


def test_a_ranked_epithet_with_an_adjective_is_the_named_officer() -> None:
    doc = read(
        "Colonel Hathersage and Bess Morrow stood by the gate in the rain.\n\n"
        "“We march at noon,” Colonel Hathersage said.\n\n"
        "“In this weather?” said Bess Morrow.\n\n"
        "“In any weather,” said the weary Colonel." + TAIL
    )
    assert speaker_of(doc, "In any weather") == "Colonel Hathersage"


def test_a_name_tag_holds_for_the_rest_of_its_paragraph() -> None:
    doc = read(
        "Bess Morrow and Tamsin Reed sat on the harbour wall.\n\n"
        "“The boats are late,” said Bess Morrow.\n\n"
        "“They always are,” said Tamsin Reed. “The wind is wrong. It has been wrong all "
        "week.”\n\n"
        "“Then we wait,” said Bess Morrow." + TAIL
    )
    assert speaker_of(doc, "The wind is wrong") == "Tamsin Reed"


def test_a_compound_maid_is_a_role_from_its_tags() -> None:
    doc = read(
        "Tamsin Reed rang at the tall house.\n\n"
        "“Is the master at home?” Tamsin Reed asked.\n\n"
        "“I shall ask,” said the scullerymaid.\n\n"
        "“Please do,” said Tamsin Reed." + TAIL
    )
    assert speaker_of(doc, "I shall ask") == "The scullerymaid"


def test_a_tag_inside_a_longer_nominal_still_names_a_role() -> None:
    doc = read(
        "Nell Harker climbed the cliff path in the wind.\n\n"
        "“Mind the steps,” said the keeper of the lighthouse. “They are wet.”\n\n"
        "“I will,” Nell Harker said." + TAIL
    )
    assert speaker_of(doc, "Mind the steps") == "The keeper"
