"""Persons: where a mention starts (adjectives before it), where a relative clause ends, and
which mentions are no one (an oath, a month, a place after "of")."""

from __future__ import annotations

from pathlib import Path

from ficlens.cast import persons_stage
from ficlens.cast.persons import extend, no_one, premodified
from ficlens.eval.litbank_data import text_document
from ficlens.layers import PERSONS
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages


def surfaces(text: str) -> list[str]:
    doc = Pipeline([*structure_stages(), persons_stage])(text_document(text, Path("p.txt")))
    return [doc.span_text(s) for s in doc.layer(PERSONS)]


def start(sentence: str, first: str, name: bool = False) -> str:
    """The mention `premodified` makes of the words of `sentence` from `first` on."""
    words = sentence.split()
    i = words.index(first)
    return " ".join(words[premodified(words, i, 0, name) :])


def test_adjectives_and_their_determiner_join_a_nominal() -> None:
    assert start("in came a tall , stooping gardener", "stooping") == ("a tall , stooping gardener")
    assert start("we met a shy and quiet clerk", "quiet") == "a shy and quiet clerk"
    assert start("she fed the three hungry orphans", "hungry") == "the three hungry orphans"


def test_no_determiner_no_extension() -> None:
    assert start("they were tall , stooping gardeners", "stooping") == "stooping gardeners"
    assert start("the more silent grew his uncle", "his") == "his uncle"


def test_a_name_takes_its_adjectives_after_an_article_only() -> None:
    assert start("she waved at the talkative Orla", "Orla", name=True) == "the talkative Orla"
    assert start("thanks , my dear Orla", "Orla", name=True) == "Orla"
    assert start("I knew that poor Ida", "Ida", name=True) == "Ida"
    assert start("the house Mrs. Ashby let", "Mrs.", name=True) == "Mrs. Ashby let"


def reach(sentence: str, start: int, core: int) -> str:
    """The mention a nominal ``words[start:core]`` of `sentence` extends to."""
    words = sentence.split()
    return " ".join(words[start : extend(words, start, core, len(words))])


def test_a_relative_clause_ends_before_the_main_clause_auxiliary() -> None:
    assert reach("the porter who carried the trunks has gone home .", 0, 2) == (
        "the porter who carried the trunks"
    )


def test_a_clause_with_its_own_subject_keeps_its_auxiliary() -> None:
    assert reach("they thanked the porter whom the guests had tipped .", 2, 4) == (
        "the porter whom the guests had tipped"
    )


def test_god_is_no_character_in_oaths_or_prayers() -> None:
    found = surfaces('Thank God the ferry came back. "My God!" cried Bram. Bram prayed to God.')
    assert "God" not in found
    assert found.count("Bram") == 2


def test_a_place_after_of_in_a_mention_is_no_person() -> None:
    found = surfaces("In the hall stood the Earl of Varnholm, and the wife of Orrin. Orrin smiled.")
    assert "Varnholm" not in found
    assert found.count("Orrin") == 2


def judged(sentence: str, word: str) -> bool:
    """Whether `no_one` finds the one-word mention `word` of `sentence` to be no one."""
    words = sentence.split()
    i = words.index(word)
    return no_one(words, i, i + 1)


def test_a_nationality_or_place_before_a_noun_is_no_one() -> None:
    assert judged("Tod hummed an Irish ballad .", "Irish")
    assert judged("she kept a Lisbon flat .", "Lisbon")
    assert not judged("the Irish cheered .", "Irish")
    assert not judged("Lisbon will sing tonight .", "Lisbon")


def test_a_month_before_a_noun_is_no_one_but_june_acting_is_someone() -> None:
    assert judged("a warm June morning came .", "June")
    assert judged("they sailed in June .", "June")
    assert not judged("June smiled at Tod .", "June")
