"""All five AO3 download formats of one work must read as the same work (shared data)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ficlens import layers
from ficlens.analysis import analyze
from ficlens.document import Document

FORMATS = ("html", "epub", "mobi", "azw3", "pdf")
_WS = re.compile(r"\s+")


def _work(shared: Path, ext: str) -> Path:
    return shared / "data" / "ao3" / f"work-23009290.{ext}"


def _chapter_texts(doc: Document) -> list[str]:
    """Story text of each chapter, whitespace-normalised."""
    body = [p for p in doc.layer(layers.PARAGRAPHS) if p.label == layers.ROLE_BODY]
    out = []
    for ch in doc.layer(layers.CHAPTERS):
        paras = [doc.text[p.start : p.end] for p in body if ch.start <= p.start < ch.end]
        out.append(_WS.sub(" ", " ".join(paras)).strip())
    return out


@pytest.fixture
def reference(shared: Path) -> Document:
    return analyze(_work(shared, "html")).document


@pytest.mark.parametrize("ext", FORMATS)
def test_format_detected_from_content(shared: Path, ext: str) -> None:
    doc = analyze(_work(shared, ext)).document
    assert doc.source.format == f"ao3-{ext}"


@pytest.mark.parametrize("ext", FORMATS[1:])
def test_same_title_authors_and_chapters(shared: Path, reference: Document, ext: str) -> None:
    doc = analyze(_work(shared, ext)).document
    assert doc.meta.title == reference.meta.title
    assert doc.meta.authors == reference.meta.authors
    assert len(doc.layer(layers.CHAPTERS)) == len(reference.layer(layers.CHAPTERS))
    assert _chapter_texts(doc) == _chapter_texts(reference)


@pytest.mark.parametrize("ext", ("html", "epub", "mobi", "azw3"))
def test_same_tags_by_type(shared: Path, reference: Document, ext: str) -> None:
    meta = analyze(_work(shared, ext)).document.meta
    ref = reference.meta
    assert (meta.rating, meta.warnings, meta.categories) == (
        ref.rating,
        ref.warnings,
        ref.categories,
    )
    assert (meta.fandoms, meta.relationships, meta.characters, meta.freeform) == (
        ref.fandoms,
        ref.relationships,
        ref.characters,
        ref.freeform,
    )
    assert ref.fandoms and ref.relationships and ref.characters


@pytest.mark.parametrize("ext", FORMATS)
def test_word_count_within_one_percent_of_ao3(shared: Path, reference: Document, ext: str) -> None:
    stated = reference.meta.words_stated
    assert stated
    words = analyze(_work(shared, ext)).story_words()
    assert abs(words - stated) <= 0.01 * stated, (words, stated)
