"""Helpers for the tag tests: documents built from short passages written for them."""

from __future__ import annotations

from collections.abc import Sequence

from ficlens.document import Document, SourceInfo, WorkMeta
from ficlens.ingest.builder import TextBuilder
from ficlens.layers import ROLE_NOTE
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages
from ficlens.tags import Suggestion, load_taxonomy, suggestions, tags_stage

SOURCE = SourceInfo("t.txt", "text", "0" * 64, 0)
BREAK = "* * *"
"""A paragraph given as this starts a new scene."""

PIPELINE = Pipeline([*structure_stages(), tags_stage(load_taxonomy())])


def build(paragraphs: Sequence[str], notes: Sequence[str] = ()) -> Document:
    """A document of story `paragraphs` (BREAK starts a scene) after a summary of `notes`."""
    b = TextBuilder()
    if notes:
        with b.note("work_summary"):
            for note in notes:
                b.add(note, ROLE_NOTE)
    for para in paragraphs:
        if para == BREAK:
            b.scene_break()
        else:
            b.add(para)
    return b.build(WorkMeta(), SOURCE)


def suggest(paragraphs: Sequence[str], notes: Sequence[str] = ()) -> dict[str, Suggestion]:
    """The suggested tags of a document built from `paragraphs`, by tag name."""
    return {s.tag: s for s in suggestions(PIPELINE(build(paragraphs, notes)))}
