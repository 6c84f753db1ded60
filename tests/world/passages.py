"""Helpers for the world tests: short original passages through the structure stages."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ficlens.document import Document
from ficlens.eval.litbank_data import text_document
from ficlens.layers import WORLD
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages
from ficlens.world import world_stage


class Found(NamedTuple):
    """One world fact, in words."""

    label: str
    subject: str | None
    other: str | None
    cue: str
    evidence: str


def analyse(*paragraphs: str) -> Document:
    """A document of `paragraphs` through the structure stages and the world stage."""
    doc = text_document("\n\n".join(paragraphs), Path("t.txt"))
    return Pipeline([*structure_stages(), world_stage()])(doc)


def words(doc: Document, span: object) -> str | None:
    """The text of a ``(start, end)`` attribute, or None."""
    if span is None:
        return None
    assert isinstance(span, tuple)
    return doc.text[span[0] : span[1]]


def found(*paragraphs: str) -> list[Found]:
    """Every fact of the world layer of `paragraphs`."""
    doc = analyse(*paragraphs)
    return [
        Found(
            s.label,
            words(doc, s.attrs["subject"]),
            words(doc, s.attrs["other"]),
            str(s.attrs["cue"]),
            doc.span_text(s),
        )
        for s in doc.layer(WORLD)
    ]


def labels(*paragraphs: str) -> set[tuple[str, str | None]]:
    """(label, subject text) of every fact of `paragraphs`."""
    return {(f.label, f.subject) for f in found(*paragraphs)}
