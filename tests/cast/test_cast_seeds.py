"""The cast of the two seed fan works (read from ../shared, never copied into the project)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from ficlens.cast.stage import cast_stage
from ficlens.document import Document
from ficlens.fandoms import load_packs
from ficlens.ingest import read_path
from ficlens.layers import CAST, MENTIONS
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages

persons = pytest.importorskip("ficlens.cast.persons")

ABO = "office-soulmates-abo.txt"
JOB = "office-the-job-alt-pov.txt"
NOT_CHARACTERS = {
    "Scranton",
    "New York",
    "New York City",
    "Dunder Mifflin",
    "Dunder Mifflin Scranton",
    "Beach Day",
    "Battlestar Galactica",
    "God",
    "Pennsylvania",
    "Stamford",
}


def analysed(shared: Path, name: str) -> Document:
    """The seed work `name` through structure, persons and cast."""
    pipeline = Pipeline([*structure_stages(), persons.persons_stage, cast_stage(load_packs())])
    try:
        return pipeline(read_path(shared / "seeds" / name))
    except FileNotFoundError as exc:  # the persons model is not built yet
        pytest.skip(f"persons stage unavailable: {exc}")


def cast_of(doc: Document) -> dict[str, Mapping[str, Any]]:
    """Character id -> its attributes."""
    return {c.label: c.attrs for c in doc.layer(CAST)}


def epithets(doc: Document, surface: str) -> set[str]:
    """Characters the epithet `surface` (any case) is resolved to."""
    return {
        str(m.attrs["character"])
        for m in doc.layer(MENTIONS)
        if m.label == "epithet" and doc.span_text(m).casefold() == surface
    }


def test_the_abo_seed_cast(shared: Path) -> None:
    doc = analysed(shared, ABO)
    cast = cast_of(doc)
    expected = {
        "Jim Halpert",
        "Dwight Schrute",
        "Pam Beesly",
        "Michael Scott",
        "David Wallace",
        "Creed Bratton",
    }
    assert expected <= set(cast)
    assert not NOT_CHARACTERS & set(cast)
    for ident, c in cast.items():
        assert c["canon"] == ident or c["mentions"] < 2, ident
    assert cast["Jim Halpert"]["gender"] == "male"
    assert cast["Pam Beesly"]["gender"] == "female"
    assert cast["Jim Halpert"]["mentions"] > cast["Dwight Schrute"]["mentions"] > 20


def test_the_abo_seed_epithets(shared: Path) -> None:
    doc = analysed(shared, ABO)
    assert epithets(doc, "the omega") == {"Jim Halpert"}
    assert epithets(doc, "the alpha") == {"Dwight Schrute"}
    assert epithets(doc, "the receptionist") == {"Pam Beesly"}


def test_the_job_seed_cast(shared: Path) -> None:
    doc = analysed(shared, JOB)
    cast = cast_of(doc)
    expected = {
        "Jim Halpert",
        "Pam Beesly",
        "Karen Filippelli",
        "Michael Scott",
        "Dwight Schrute",
        "Kevin Malone",
        "Meredith Palmer",
        "Andy Bernard",
        "Jan Levinson",
        "David Wallace",
        "Roy Anderson",
        "Toby Flenderson",
    }
    assert expected <= set(cast)
    assert not NOT_CHARACTERS & set(cast)
    assert {"Jim", "Halpert", "Jim Halpert"} <= set(cast["Jim Halpert"]["aliases"])
    assert {"Pam", "Beesly", "Pam Beesly"} <= set(cast["Pam Beesly"]["aliases"])
    assert cast["Pam Beesly"]["attributes"]["job"] == "Receptionist"
    for ident, c in cast.items():  # no post ("the Regional Manager") or place
        assert c["canon"] is not None or c["mentions"] < 2, ident
