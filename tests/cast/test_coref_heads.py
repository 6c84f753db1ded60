"""Coreference: heads of long nominals, and pronouns that show a name is a person."""

from __future__ import annotations

from ficlens.cast.coref import (
    POSS,
    SUBJ,
    Entity,
    NameEvent,
    PronounEvent,
    Resolver,
    nominal_parts,
)
from ficlens.cast.gender import MALE


def test_the_head_of_a_nominal_comes_before_its_modifiers() -> None:
    assert nominal_parts("the niece of Dorran Vale") == ("the", "niece")
    assert nominal_parts("the ferryman, who had lost his oar") == ("the", "ferryman")
    assert nominal_parts("a potter who sold jugs") == ("a", "potter")
    assert nominal_parts("her tall cousin") == ("her", "cousin")
    assert nominal_parts("Nanny") == ("", "nanny")


def test_a_possessive_in_its_clause_shows_a_name_is_a_person() -> None:
    """Corwen has no person evidence of his own (weight as for a possible place), but "his"
    in his clause shows he is one, so the next "He" is his, not the less recent titled man's."""
    text = "Mr. Pettigrew waved. Corwen keeps his cart. He drives it."

    def at(word: str) -> tuple[int, int]:
        i = text.index(word)
        return i, i + len(word)

    entities = [Entity("Mr. Pettigrew", gender=MALE), Entity("Corwen", weight=0.3)]
    events = [
        NameEvent(*at("Mr. Pettigrew"), 0, SUBJ, 1.0, "name"),
        NameEvent(*at("Corwen"), 1, SUBJ, 1.0, "name"),
        PronounEvent(*at("his"), "his", POSS),
        PronounEvent(*at("He"), "he", SUBJ),
    ]
    starts = [0, text.index("Corwen"), text.index("He")]
    resolved = Resolver(text, entities, events, sentence_starts=starts, paragraph_starts=[0]).run()
    assert [r.entity for r in resolved if r.start == at("He")[0]] == [1]
