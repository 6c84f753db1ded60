"""Scenes: maximal runs of story paragraphs within one chapter, split at scene breaks.

Notes, headings and front matter never belong to a scene and interrupt a run, so an
author's note between two parts of a chapter separates them as a break would.
"""

from __future__ import annotations

import bisect
from types import MappingProxyType

from ficlens.document import Document, Layer, Span
from ficlens.layers import BREAKS, CHAPTERS, NOTES, PARAGRAPHS, ROLE_BODY, SCENES
from ficlens.pipeline import stage


@stage(requires=[PARAGRAPHS, CHAPTERS, NOTES, BREAKS], provides=[SCENES])
def scenes(doc: Document) -> list[Layer]:
    """One span per scene, from its first to its last body paragraph, with its chapter index."""
    chapters = doc.layer(CHAPTERS)
    notes = doc.layer(NOTES)
    break_starts = doc.layer(BREAKS).starts
    spans: list[Span] = []
    # The open run: start, end, position in the chapters layer, chapter index attribute.
    run: tuple[int, int, int | None, object] | None = None
    for para in doc.layer(PARAGRAPHS):
        if para.label != ROLE_BODY or notes.index_at(para.start) is not None:
            chapter_at: int | None = -1  # matches no chapter: ends the run
        else:
            chapter_at = chapters.index_at(para.start)
        if run is not None:
            breaks_between = bisect.bisect_left(break_starts, para.start) - bisect.bisect_left(
                break_starts, run[1]
            )
            if chapter_at == run[2] and not breaks_between:
                run = (run[0], para.end, run[2], run[3])
                continue
            spans.append(Span(run[0], run[1], "", MappingProxyType({"chapter": run[3]})))
            run = None
        if chapter_at != -1:
            index = None if chapter_at is None else chapters[chapter_at].attrs.get("index")
            run = (para.start, para.end, chapter_at, index)
    if run is not None:
        spans.append(Span(run[0], run[1], "", MappingProxyType({"chapter": run[3]})))
    return [Layer(SCENES, spans)]
