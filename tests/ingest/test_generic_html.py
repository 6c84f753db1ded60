"""Generic HTML story pages: content area, title, chapters, breaks, no scripts or chrome."""

from __future__ import annotations

from pathlib import Path

from ficlens.document import Document, SourceInfo
from ficlens.ingest import read_path
from ficlens.ingest.generic_html import read_html


def texts(doc: Document, layer: str, label: str | None = None) -> list[str]:
    return [doc.span_text(s) for s in doc.layer(layer) if label is None or s.label == label]


def html_doc(markup: str) -> Document:
    return read_html(markup, SourceInfo("page.html", "html", "0" * 64, len(markup)))


def test_page_title_chapters_and_notes(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "night-ferry.html")
    assert doc.source.format == "html"
    assert doc.meta.title == "The Night Ferry"
    assert doc.meta.authors == ("inkwell_writes",)
    assert [(c.label, c.attrs["index"]) for c in doc.layer("chapters")] == [
        ("Boarding", 1),
        ("Crossing", 2),
    ]
    assert texts(doc, "paragraphs", "heading") == ["Chapter One: Boarding", "Chapter Two: Crossing"]
    assert texts(doc, "paragraphs", "front") == ["The Night Ferry"]
    (note,) = doc.layer("notes")
    assert doc.span_text(note).startswith("A/N: This one is for everyone")
    assert note.attrs["chapter"] is None


def test_hr_and_ornament_paragraphs_are_breaks(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "night-ferry.html")
    breaks = list(doc.layer("breaks"))
    assert len(breaks) == 2
    assert doc.text[breaks[0].end :].startswith("Below deck")
    assert doc.span_text(breaks[1]) == "* * *"
    assert "* * *" not in texts(doc, "paragraphs")


def test_no_script_handlers_or_page_chrome(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "night-ferry.html")
    for secret in (
        "SECRET",
        "alert",
        "javascript",
        "Home",
        "About me",
        "Popular posts",
        "Copyright",
    ):
        assert secret not in doc.text
    assert "hummed very quietly" in doc.text
    assert "like a held breath" in doc.text


def test_page_without_main_reads_the_body() -> None:
    doc = html_doc(
        "<html><head><title>Snow Day</title></head><body><nav><a href='/'>Home</a></nav>"
        "<p>The school stayed shut.</p><p>Nobody complained.</p></body></html>"
    )
    assert doc.meta.title == "Snow Day"
    assert texts(doc, "paragraphs", "body") == ["The school stayed shut.", "Nobody complained."]
    assert [c.attrs["index"] for c in doc.layer("chapters")] == [1]


def test_repeated_untitled_headings_are_chapters() -> None:
    doc = html_doc(
        "<html><body><article><h1>Orchard</h1>"
        "<h2>Blossom</h2><p>The trees flowered all at once that year.</p>"
        "<h2>Fruit</h2><p>By autumn the branches bent to the ground.</p>"
        "</article></body></html>"
    )
    assert [c.label for c in doc.layer("chapters")] == ["Blossom", "Fruit"]
    assert doc.meta.title == "Orchard"


def test_malformed_markup_still_reads() -> None:
    doc = html_doc("<html><body><p>One <b>bold <i>unclosed<p>Two<div>Three")
    assert texts(doc, "paragraphs") == ["One bold unclosed", "Two", "Three"]
