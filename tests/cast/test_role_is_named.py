"""A lower-case role the text uses for a named character ("the painter" for a painter it
names) is that character's epithet, not a character of its own; a role that talks with the
character named near it (a butler answering his employer) stays someone else. Short
passages written here, run through the cast stage with a real ``speech`` layer."""

from __future__ import annotations

from ficlens.document import Document
from ficlens.layers import CAST
from tests.cast.test_coref import who
from tests.cast.test_role_characters import names_of, tagged


def _filler(name: str, topic: str) -> str:
    """Narration about someone else, long enough to leave the scene before it behind."""
    return " ".join(
        f"{name} counted the {topic} in row {k} and wrote the total in her ledger."
        for k in range(1, 81)
    )


def _aliases(doc: Document, name: str) -> tuple[str, ...]:
    """The aliases of the cast member called `name`."""
    span = next(c for c in doc.layer(CAST) if c.attrs["name"] == name)
    return tuple(span.attrs["aliases"])


PAINTER = (
    "Orrin Lask set his easel against the harbour wall before the tide turned. "
    "The painter squinted at the fishing boats. Gulls circled over the nets, and "
    "the painter mixed a grey for the water.\n\n"
    + " ".join(_filler("Mira Tull", topic) for topic in ("crates", "barrels", "sacks", "ropes"))
    + "\n\nOrrin Lask came back in the autumn with a fresh canvas. "
    "The painter chose the same spot by the wall. Rain threatened all morning, but "
    "the painter whistled as he worked.\n\n" + _filler("Mira Tull", "nets")
)


def test_a_role_used_for_a_named_character_is_their_epithet() -> None:
    doc = tagged(PAINTER, ["Orrin Lask", "Mira Tull"], ["The painter", "the painter"])
    assert names_of(doc) == {"Orrin Lask", "Mira Tull"}
    assert [who(doc, "The painter", k) for k in range(2)] == ["Orrin Lask"] * 2
    assert [who(doc, "the painter", k) for k in range(2)] == ["Orrin Lask"] * 2
    assert "the painter" in _aliases(doc, "Orrin Lask")


BUTLER = (
    "Abner Crale rang the bell in the long gallery.\n\n"
    "“Your tea, sir,” said the butler.\n\n"
    "“Leave it by the window,” Abner Crale said.\n\n"
    "“The carriage is ready, sir,” said the butler.\n\n"
    "“Tell them to wait,” Abner Crale said.\n\n"
    + " ".join(_filler("Mira Tull", topic) for topic in ("spoons", "plates", "cups", "knives"))
    + "\n\nAbner Crale rang once more at midnight.\n\n"
    "“The doors are locked, sir,” said the butler.\n\n"
    "“Bolt the side gate as well,” Abner Crale said.\n\n"
    "“And the lamps, sir?” said the butler.\n\n"
    "“Leave one burning,” Abner Crale said.\n\n" + _filler("Mira Tull", "forks")
)


def test_a_servant_who_talks_with_their_employer_is_someone_else() -> None:
    doc = tagged(BUTLER, ["Abner Crale", "Mira Tull"], ["the butler"])
    assert "The butler" in names_of(doc)
    assert all(str(who(doc, "the butler", k)).startswith("The butler") for k in range(4))
    assert "the butler" not in _aliases(doc, "Abner Crale")
