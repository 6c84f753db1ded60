"""Pronoun antecedents: clause limits of object pronouns, locative objects, dashes and line
breaks next to pronouns, and third persons discussed inside quotes; on passages written
here."""

from __future__ import annotations

from ficlens.cast.coref import OBJ, POSS, SUBJ, find_pronouns
from tests.cast.test_coref import analyse, speech_tags, who


def _roles(text: str) -> list[tuple[str, int]]:
    """Each pronoun the resolver finds in `text`, with its grammatical role."""
    return [(text[p.start : p.end], p.role) for p in find_pronouns(text, [(0, len(text))])]


def test_a_double_hyphen_is_a_dash_but_a_single_one_joins_a_word() -> None:
    text = "It struck him--he was sure of it. A she-wolf howled."
    assert _roles(text) == [("him", OBJ), ("he", SUBJ)]


def test_her_before_a_line_break_is_still_a_possessive() -> None:
    text = "Nell counted the coins in her\npurse. The clerk thanked her\n\nLater."
    assert _roles(text) == [("her", POSS), ("her", OBJ)]


def test_an_object_after_about_or_behind_reads_as_the_subjects_own() -> None:
    text = "Ottilie glanced about her. Then Ottilie shut the gate behind her."
    assert [role for _, role in _roles(text)] == [POSS, POSS]


def test_a_locative_object_goes_to_the_clause_subject() -> None:
    doc = analyse(
        "Magda brought Ottilie to the dock. Ottilie looked round her at the empty boats.",
        ["Magda", "Ottilie"],
    )
    assert who(doc, "her") == "Ottilie"


def test_an_object_pronoun_after_a_comma_and_conjunction_may_be_the_earlier_subject() -> None:
    doc = analyse(
        "Bertil sat by the stove with his dog. Bertil reached for the bread, and the dog "
        "licked him.",
        ["Bertil"],
    )
    assert who(doc, "him") == "Bertil"


def test_an_object_pronoun_is_still_not_its_own_clauses_subject() -> None:
    doc = analyse(
        "Bertil waited for Ansgar at the mill. Ansgar was late. Bertil scolded him.",
        ["Bertil", "Ansgar"],
    )
    assert who(doc, "him") == "Ansgar"


def test_a_pronoun_in_dialogue_prefers_the_person_the_dialogue_is_about() -> None:
    text = (
        "Emrys had ridden off early on his mare. Corwin and Jasper sat on the porch. "
        "Haldis swept the yard below them. Haldis hummed as Haldis worked, and Haldis "
        "did not look up.\n\n"
        '"Has anyone seen Emrys since the storm?" asked Jasper.\n\n'
        '"Emrys left at dawn," said Corwin.\n\n'
        "Haldis leaned on his broom and yawned.\n\n"
        '"Then he will be back by supper," said Jasper.'
    )
    tags = [("Jasper", 1, ()), ("Corwin", 1, ()), ("Jasper", 2, ())]  # nth hit of the tag word
    doc = analyse(text, ["Corwin", "Jasper", "Emrys", "Haldis"], speech=speech_tags(text, tags))
    assert who(doc, "he") == "Emrys"
