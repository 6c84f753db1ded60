"""Epithets tied to the named character they stand for: a title used as an epithet ("the
judge" of Judge Orrin), and no apposition to a nominal that owns something ("Sigrun,
the captain's daughter"); on passages written here."""

from __future__ import annotations

import re

from ficlens.cast.coref import OTHER, NameEvent, NominalEvent, explicit_links
from ficlens.document import Document
from ficlens.layers import MENTIONS
from tests.cast.test_coref import analyse, who


def _epithet(doc: Document, phrase: str) -> str | None:
    """The character of the epithet mention spanning the first occurrence of `phrase`."""
    m = re.search(re.escape(phrase), doc.text)
    assert m is not None
    for span in doc.layer(MENTIONS):
        if (span.start, span.end) == m.span() and span.label == "epithet":
            return str(span.attrs["character"])
    return None


def test_a_title_serves_as_its_bearers_epithet() -> None:
    text = (
        "Judge Orrin and Velma Stroud came up the steps together. Velma laughed at the "
        "weather. The judge frowned and shut his umbrella."
    )
    doc = analyse(text, ["Judge Orrin", "Velma Stroud", "Velma"], ["The judge"])
    assert _epithet(doc, "The judge") == "Judge Orrin"
    assert who(doc, "his") == "Judge Orrin"


def test_a_title_is_no_epithet_of_another_character() -> None:
    text = (
        "Captain Brisk and Tomas Ekdal came up the steps together. Tomas laughed at the "
        "weather. The judge frowned and shut his umbrella."
    )
    doc = analyse(text, ["Captain Brisk", "Tomas Ekdal", "Tomas"], ["The judge"])
    assert _epithet(doc, "The judge") is None


def test_a_nominal_owning_something_is_no_apposition() -> None:
    text = "He walked out with Sigrun, the captain's eldest daughter."
    start = text.index("Sigrun")
    nom = text.index("the captain")
    names = [NameEvent(start, start + 6, 0, OTHER, 1.0, "")]
    nominals = [NominalEvent(nom, nom + len("the captain"), "the", "captain", OTHER)]
    assert explicit_links(text, names, nominals) == {}
    plain = "He walked out with Sigrun, the captain, at dusk."
    assert set(explicit_links(plain, names, nominals)) == {0}
