"""Coreference: names joined into a plural, subjects found past an apposition, pronouns
that point ahead to the subject of the main clause, and kin nouns ("her husband") tied to
a character; on passages written here."""

from __future__ import annotations

import re

from ficlens.cast.coref import OTHER, SUBJ, NameEvent, _refine_roles
from ficlens.document import Document
from ficlens.layers import MENTIONS
from tests.cast.test_coref import analyse, who


def _roles(text: str, names: list[str]) -> list[int]:
    """The roles `_refine_roles` gives name events at each first occurrence of `names`,
    all first guessed as objects."""
    events = []
    for k, name in enumerate(names):
        start = text.index(name)
        events.append(NameEvent(start, start + len(name), k, OTHER, 1.0, ""))
    return [e.role for e in _refine_roles(text, list(events))]


def _epithet(doc: Document, phrase: str, nth: int = 0) -> str | None:
    """The character of the epithet mention spanning the `nth` occurrence of `phrase`."""
    hits = list(re.finditer(re.escape(phrase), doc.text))
    start, end = hits[nth].span()
    for m in doc.layer(MENTIONS):
        if (m.start, m.end) == (start, end) and m.label == "epithet":
            return str(m.attrs["character"])
    return None


def test_names_joined_by_and_are_part_of_a_plural() -> None:
    text = "Tove, Ragna and Ivar were late, so Tove ran."
    events = [
        NameEvent(0, 4, 0, SUBJ, 1.0, ""),
        NameEvent(6, 11, 1, OTHER, 1.0, ""),
        NameEvent(16, 20, 2, SUBJ, 1.0, ""),
        NameEvent(35, 39, 0, SUBJ, 1.0, ""),
    ]
    assert [e.role for e in _refine_roles(text, events)] == [OTHER, OTHER, OTHER, SUBJ]


def test_a_pronoun_prefers_a_lone_subject_to_a_pair() -> None:
    doc = analyse(
        "Maren stirred the soup while Dagny and Runa argued by the door. She tasted it.",
        ["Maren", "Dagny", "Runa"],
    )
    assert who(doc, "She") == "Maren"


def test_a_name_whose_verb_follows_an_apposition_is_a_subject() -> None:
    assert _roles("Ottar, the old ferryman from the north, had tied up.", ["Ottar"]) == [SUBJ]
    assert _roles("Ottar, with a rope over one shoulder, waded in.", ["Ottar"]) == [SUBJ]
    assert _roles("We met Ottar, the ferryman, and his dog.", ["Ottar"]) == [OTHER]


def test_a_name_after_the_conjunction_for_is_a_subject() -> None:
    assert _roles("Nobody asked, for Ottar had the only key.", ["Ottar"]) == [SUBJ]
    assert _roles("Nobody waited for Ottar at the gate.", ["Ottar"]) == [OTHER]


def test_a_pronoun_in_an_opening_clause_points_ahead_to_the_named_subject() -> None:
    doc = analyse(
        "Mr. Holm sold the boat to Mrs. Lund on Monday. Mrs. Lund mended its nets all week. "
        "When he reached the pier on Sunday, Mr. Brandt waved.",
        ["Mr. Holm", "Mrs. Lund", "Mr. Brandt"],
    )
    assert who(doc, "he") == "Mr. Brandt"


def test_a_pronoun_in_an_opening_clause_keeps_the_subject_just_before() -> None:
    doc = analyse(
        "Mr. Holm walked down to the pier. When he reached it, Mr. Brandt waved.",
        ["Mr. Holm", "Mr. Brandt"],
    )
    assert who(doc, "he") == "Mr. Holm"


def test_a_spouse_is_the_other_character_of_the_owners_surname() -> None:
    doc = analyse(
        "Mr. Vinter kept the lighthouse. Mrs. Vinter baked bread in the village, and every "
        "evening her husband climbed the stairs.",
        ["Mr. Vinter", "Mrs. Vinter"],
        ["her husband"],
    )
    assert _epithet(doc, "her husband") == "Mr. Vinter"


def test_a_married_woman_is_nobodys_daughter_by_her_husbands_name() -> None:
    doc = analyse(
        "Mrs. Vinter baked bread in the village. Mr. Vinter walked home with his daughter.",
        ["Mr. Vinter", "Mrs. Vinter"],
        ["his daughter"],
    )
    assert _epithet(doc, "his daughter") is None


def test_a_kin_noun_named_once_keeps_its_character() -> None:
    doc = analyse(
        "Mrs. Roe sat with her son Petter by the stove. Petter yawned. Later her son "
        "fetched the wood.",
        ["Mrs. Roe", "Petter"],
        ["her son"],
    )
    assert _epithet(doc, "her son") == "Petter"
    assert _epithet(doc, "her son", 1) == "Petter"
