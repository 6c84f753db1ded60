"""A name said inside a quote by its own bearer (“This is Nora”) makes a character."""

from __future__ import annotations

from ficlens.analysis import reading_stages
from ficlens.ingest import read_text
from ficlens.layers import CAST, SPEAKERS
from ficlens.pipeline import Pipeline


def _read(text: str) -> tuple[list[str], list[str]]:
    doc = Pipeline(reading_stages())(read_text(text))
    names = {c.label: str(c.attrs["name"]) for c in doc.layer(CAST)}
    speakers = [names.get(s.label, "") for s in doc.layer(SPEAKERS)]
    return sorted(names.values()), speakers


def test_a_phone_answered_with_a_name_gives_the_speaker() -> None:
    cast, speakers = _read(
        "Ilse Brandt waited by the office door. She heard the clerk pick up and say "
        "“Harbour Freight, this is Nora.”\n"
    )
    assert "Nora" in cast
    assert speakers == ["Nora"]


def test_a_name_only_talked_about_in_a_quote_is_not_a_character() -> None:
    cast, _ = _read(
        "Ilse Brandt waited by the office door.\n\n“I think Nora left early,” Ilse said.\n"
    )
    assert "Nora" not in cast


def test_a_rare_name_given_as_ones_own_is_a_person_and_the_speaker() -> None:
    cast, speakers = _read(
        "The bell rang twice before anyone answered.\n\n"
        "“Evening. My name’s Oskvald, from the water board.”\n"
    )
    assert cast == ["Oskvald"]
    assert speakers == ["Oskvald"]
