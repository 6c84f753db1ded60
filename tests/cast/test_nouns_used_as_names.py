"""A person noun a work uses as a name ("Hunter", "Jock") is a name there: capitalised
inside sentences, never after an article, hardly ever in lower case, and seen where only a
person stands; written as a common noun it stays a nominal."""

from __future__ import annotations

from tests.cast.test_persons import mentions
from tests.cast.test_role_characters import names_of
from tests.cast.test_role_speakers import read

SCENE = (
    "Hunter Vale slammed the locker shut. “You’re late,” said Hunter. Priya shrugged at "
    "Hunter, and Hunter laughed until Priya threw a sock at Hunter."
)


def test_a_person_noun_written_as_a_name_is_a_name() -> None:
    found = mentions(SCENE)
    assert found.count(("Hunter", "name")) == 4
    assert ("Hunter Vale", "name") in found


def test_the_named_noun_joins_the_full_name_in_the_cast() -> None:
    doc = read(SCENE)
    assert "Hunter Vale" in names_of(doc)
    assert "Hunter" not in names_of(doc)


def test_a_person_noun_after_an_article_stays_a_nominal() -> None:
    text = (
        "The Hunter crept along the ridge. “Quiet,” said the Hunter. Priya followed the "
        "Hunter, and the Hunter stopped at the stream near Hunter’s Ford."
    )
    assert ("Hunter", "name") not in mentions(text)


def test_a_kin_word_used_as_a_name_stays_a_nominal() -> None:
    text = (
        "“Supper is ready,” said Mamma. Priya ran to Mamma, and Mamma kissed her. Later "
        "Mamma sang while Priya sat with Mamma."
    )
    assert ("Mamma", "name") not in mentions(text)
