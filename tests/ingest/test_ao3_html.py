"""The AO3 HTML download reader, its tolerance of calibre's variants, and AO3 metadata parsing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ficlens import layers
from ficlens.document import Document, Series, SourceInfo
from ficlens.errors import IngestError
from ficlens.ingest import read_bytes, read_path
from ficlens.ingest.ao3_html import read_ao3_html, read_ao3_tree
from ficlens.ingest.ao3_meta import (
    chapter_title,
    field_for_label,
    normalise_tag,
    parse_series,
    parse_stats,
)
from ficlens.ingest.htmltext import parse_html

WORD = re.compile(r"\w[\w'’-]*")


def _paragraphs(doc: Document, role: str) -> list[str]:
    return [doc.span_text(p) for p in doc.layer(layers.PARAGRAPHS) if p.label == role]


def _notes(doc: Document) -> list[tuple[str, int | None, str]]:
    return [(n.label, n.attrs["chapter"], doc.span_text(n)) for n in doc.layer(layers.NOTES)]


def _chapters(doc: Document) -> list[tuple[int, str]]:
    return [(c.attrs["index"], c.label) for c in doc.layer(layers.CHAPTERS)]


def _chapter_of(doc: Document, needle: str) -> int:
    at = doc.text.index(needle)
    span = doc.layer(layers.CHAPTERS).at(at)
    assert span is not None
    index: int = span.attrs["index"]
    return index


@pytest.fixture
def chaptered(fixtures: Path) -> Document:
    return read_path(fixtures / "ao3" / "chaptered-current.html")


def test_format_is_sniffed_and_recorded(chaptered: Document) -> None:
    assert chaptered.source.format == "ao3-html"


def test_current_template_metadata(chaptered: Document) -> None:
    meta = chaptered.meta
    assert meta.title == "The Lighthouse Keeper's Ledger"
    assert meta.authors == ("wren_and_ink", "Tallow")
    assert meta.url == "https://archiveofourown.org/works/90000001"
    assert meta.language == "English"
    assert meta.rating == "General Audiences"
    assert meta.warnings == ("Choose Not To Use Archive Warnings", "No Archive Warnings Apply")
    assert meta.categories == ("F/F", "Gen")
    assert meta.fandoms == ("Original Work", "Lighthouse Tales")
    assert meta.relationships == ("Marguerite/Ines",)
    assert meta.characters == ("Marguerite", "Ines", "The Gull")
    assert meta.freeform == ("Slow Burn", "Storms", "Ledgers and Lists")
    assert meta.series == (Series("Salt, Wind, and Lamp Oil", 2), Series("Coastal Quiet", 1))
    assert meta.collections == ("Tiny Fest 2024",)
    assert meta.summary == "A keeper counts everything.\n\nAlmost everything."
    assert meta.extra["notes"] == "Written for a very small fest."
    assert meta.extra["end_notes"] == "Thank you for reading this little thing."
    assert meta.inspired_by == ("Inspired by The Foghorn Song by someone",)


def test_current_template_stats(chaptered: Document) -> None:
    meta = chaptered.meta
    assert (meta.published, meta.updated) == ("2024-01-05", "2024-02-11")
    assert meta.words_stated == 1234
    assert (meta.chapters_posted, meta.chapters_expected, meta.completed) == (3, 5, False)


def test_chapters_headings_and_titles(chaptered: Document) -> None:
    assert _chapters(chaptered) == [(1, "Oil and Wicks"), (2, ""), (3, "Storm Count")]
    assert _paragraphs(chaptered, layers.ROLE_HEADING) == [
        "Chapter 1: Oil and Wicks",
        "Chapter 2",
        "Chapter 3: Storm Count",
    ]
    for chapter in chaptered.layer(layers.CHAPTERS):
        first = chaptered.layer(layers.PARAGRAPHS).at(chapter.start)
        assert first is not None and first.label == layers.ROLE_HEADING


def test_notes_by_kind_in_reading_order(chaptered: Document) -> None:
    assert _notes(chaptered) == [
        ("work_summary", None, "A keeper counts everything.\n\nAlmost everything."),
        ("work_notes", None, "Written for a very small fest."),
        ("chapter_summary", 1, "In which the ledger begins."),
        ("chapter_notes", 1, "Short, I know."),
        ("chapter_end_notes", 2, "The oranges are important later."),
        ("work_end_notes", None, "Thank you for reading this little thing."),
    ]
    for note in chaptered.layer(layers.NOTES):
        for p in chaptered.layer(layers.PARAGRAPHS).within(note.start, note.end):
            assert p.label == layers.ROLE_NOTE
    assert _chapter_of(chaptered, "Short, I know.") == 1
    assert _chapter_of(chaptered, "The oranges are important later.") == 2


def test_body_text_without_boilerplate_or_scripts(chaptered: Document) -> None:
    body = _paragraphs(chaptered, layers.ROLE_BODY)
    assert body[0].startswith("Marguerite wrote the date")
    assert "Item: oranges, twelve. Reason: unknown." in body
    assert body[-1] == "In the morning Marguerite opened the ledger and wrote only: stayed."
    text = chaptered.text
    for absent in (
        "Posted originally",
        "Rating:",
        "General Audiences",
        "drop by the Archive",
        "See the end of",
        "Chapter by",
        "Inspired by",
        "Another Ledger",
        "steal",
        "alert",
        "hacked",
        "Preface",
        "Afterword",
    ):
        assert absent not in text, absent


def test_hr_and_ornament_lines_are_scene_breaks(chaptered: Document) -> None:
    breaks = [chaptered.span_text(b) for b in chaptered.layer(layers.BREAKS)]
    assert breaks == ["\n\n\n\n", "* * *"]
    assert _chapter_of(chaptered, "By noon the fog") == 1


def test_one_shot_has_one_untitled_chapter_and_anonymous_author(fixtures: Path) -> None:
    doc = read_path(fixtures / "ao3" / "oneshot-current.html")
    assert _chapters(doc) == [(1, "")]
    assert _paragraphs(doc, layers.ROLE_HEADING) == []
    assert doc.meta.authors == ("Anonymous",)
    assert doc.meta.title == "Tea at the Bottom of the Sea"
    assert (doc.meta.chapters_posted, doc.meta.chapters_expected) == (1, 1)
    assert doc.meta.completed is True
    assert "The crab took his tea without sugar.\nThe eel took hers without a cup." in doc.text
    assert len(doc.layer(layers.BREAKS)) == 1
    body_words = sum(len(WORD.findall(p)) for p in _paragraphs(doc, layers.ROLE_BODY))
    assert body_words == doc.meta.words_stated


def test_older_template(fixtures: Path) -> None:
    doc = read_path(fixtures / "ao3" / "chaptered-old.html")
    meta = doc.meta
    assert meta.url == "http://archiveofourown.org/works/90000004"
    assert meta.warnings == ("Choose Not To Use Archive Warnings",)
    assert meta.fandoms == ("Original Work", "Night Shift")
    assert meta.characters == ("Tobias", "Quill")
    assert meta.relationships == ("Tobias & Quill",)
    assert meta.series == (Series("Night Shift Stories", 3),)
    assert meta.words_stated == 2345
    assert (meta.published, meta.updated, meta.completed) == ("2012-03-04", "2012-04-20", True)
    assert _chapters(doc) == [(1, "Prologue"), (2, "")]
    assert _paragraphs(doc, layers.ROLE_HEADING) == ["Prologue", "Chapter 2"]
    assert _notes(doc)[1] == ("chapter_notes", 1, "Set before the first story.")


def test_reader_sets_the_format(fixtures: Path) -> None:
    text = (fixtures / "ao3" / "oneshot-current.html").read_text(encoding="utf-8")
    source = SourceInfo(path="x.html", format="html", sha256="0" * 64, size=len(text))
    assert read_ao3_html(text, source).source.format == "ao3-html"


def test_no_story_text_is_an_ingest_error() -> None:
    markup = (
        '<html><body><div id="preface"><p class="message"><b>T</b> Posted originally on the '
        'Archive of Our Own</p></div><div id="chapters"></div></body></html>'
    )
    with pytest.raises(IngestError, match="no story text"):
        read_bytes(markup.encode(), "empty.html")


# Calibre's MOBI output: no ids or classes, labels in <p>, values in <blockquote>, headings as
# bold paragraphs after page breaks, a table of contents at the end.
FLAT = """<html><head></head><body><p> </p>
<p align="center"> <b>Lamplight</b><br></br> Posted originally on the <a href="https://archiveofourown.org/">Archive
of Our Own</a> at <a href="https://archiveofourown.org/works/90000005">link</a>. </p>
<p><b>Rating:</b></p><blockquote><a href="#">Mature</a></blockquote>
<p><b>Archive Warnings:</b></p>
<blockquote><a href="#">Creator Chose Not To Use Archive Warnings</a></blockquote>
<p><b>Fandom:</b></p><blockquote><a href="#">Original Work</a></blockquote>
<p><b>Characters:</b></p><blockquote><a href="#">Ada</a>, <a href="#">Bram</a></blockquote>
<p><b>Language:</b></p><blockquote>English</blockquote>
<p><b>Series:</b></p><blockquote>Part 4 of <a href="#">Wicks</a></blockquote>
<p><b>Stats:</b></p>
<blockquote> Published: 2023-05-06 Updated: 2023-07-01 Words: 1,050 Chapters: 2/? </blockquote>
<mbp:pagebreak></mbp:pagebreak>
<p align="center"><font size="5"><b>Lamplight</b></font></p>
<p align="center">by <a href="#">Corvid</a></p>
<p>Summary</p><blockquote>Ada trims wicks.</blockquote>
<mbp:pagebreak></mbp:pagebreak><p> </p>
<p align="center"><font size="4"><b>Chapter 1: Trimming</b></font></p>
<p>Chapter Notes</p><blockquote>First one.</blockquote>
<p><b>Ada</b> trimmed the wick. Bram watched.</p>
<p>Neither spoke.</p>
<mbp:pagebreak></mbp:pagebreak>
<p align="center"><font size="4"><b>Interlude</b></font></p>
<p>Bram lit the lamp.</p>
<p>Chapter End Notes</p><blockquote>Thanks.</blockquote>
<mbp:pagebreak></mbp:pagebreak>
<p>End Notes</p><blockquote>All done.</blockquote>
<p align="center">Please <a href="#">drop by the Archive and comment</a> to let them know.</p>
<mbp:pagebreak/><p><b>Table of Contents</b></p><p><a filepos=0000000109>Preface</a></p>
<a ></a> <a ></a></body></html>"""


def test_flat_mobi_layout() -> None:
    source = SourceInfo(path="x.mobi", format="ao3-mobi", sha256="0" * 64, size=len(FLAT))
    doc = read_ao3_tree(parse_html(FLAT, "x.mobi"), source)
    meta = doc.meta
    assert doc.source.format == "ao3-mobi"
    assert (meta.title, meta.authors, meta.rating) == ("Lamplight", ("Corvid",), "Mature")
    assert meta.warnings == ("Choose Not To Use Archive Warnings",)
    assert meta.characters == ("Ada", "Bram")
    assert meta.series == (Series("Wicks", 4),)
    assert (meta.words_stated, meta.chapters_posted, meta.chapters_expected) == (1050, 2, None)
    assert meta.completed is False
    assert meta.url == "https://archiveofourown.org/works/90000005"
    assert _chapters(doc) == [(1, "Trimming"), (2, "Interlude")]
    assert _paragraphs(doc, layers.ROLE_BODY) == [
        "Ada trimmed the wick. Bram watched.",
        "Neither spoke.",
        "Bram lit the lamp.",
    ]
    assert _notes(doc) == [
        ("work_summary", None, "Ada trims wicks."),
        ("chapter_notes", 1, "First one."),
        ("chapter_end_notes", 2, "Thanks."),
        ("work_end_notes", None, "All done."),
    ]
    assert "Table of Contents" not in doc.text


@pytest.mark.parametrize("depth", [200, 5000])
def test_deeply_nested_markup_is_safe(depth: int) -> None:
    markup = (
        '<html><body><div id="chapters"><div class="userstuff"><p>Shallow.</p>'
        + "<div>" * depth
        + "<p>Deep.</p>"
        + "</div>" * depth
        + "</div></div></body></html>"
    )
    source = SourceInfo(path="deep.html", format="ao3-html", sha256="0" * 64, size=len(markup))
    body = _paragraphs(read_ao3_html(markup, source), layers.ROLE_BODY)
    # libxml2 stops nesting at its depth limit; what it keeps is read without recursion.
    assert body[0] == "Shallow."
    assert ("Deep." in body) == (depth < 256)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published: 2020-03-04 Words: 4,559 Chapters: 1/1", (4559, 1, 1, True)),
        (
            "Published: 2006-07-09 Updated: 2007-06-25 Words: 7526 Chapters: 3/?",
            (7526, 3, None, False),
        ),
        ("Words: 12,345,678 Chapters: 2/10", (12345678, 2, 10, False)),
        ("Published: 2010-01-01 Completed: 2010-02-02 Words: 10", (10, None, None, True)),
        ("", (None, None, None, None)),
    ],
)
def test_parse_stats(text: str, expected: tuple[int | None, ...]) -> None:
    stats = parse_stats(text)
    assert (stats.words, stats.chapters_posted, stats.chapters_expected, stats.completed) == (
        expected
    )


def test_stats_dates() -> None:
    stats = parse_stats("Published: 2006-07-09\n Completed: 2007-06-25\n Chapters: 3/3")
    assert (stats.published, stats.updated, stats.completed_on) == (
        "2006-07-09",
        None,
        "2007-06-25",
    )


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("Chapter 2: The Title", "The Title"),
        ("Chapter 2", None),
        ("Chapter 12:  Colon: Inside ", "Colon: Inside"),
        ("Prologue", "Prologue"),
        ("Chapters of My Life", "Chapters of My Life"),
    ],
)
def test_chapter_title(heading: str, title: str | None) -> None:
    assert chapter_title(heading) == title


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Fandom:", "fandoms"),
        ("Fandoms:", "fandoms"),
        ("Archive Warning:", "warnings"),
        ("Archive  Warnings", "warnings"),
        ("Additional Tags:", "freeform"),
        ("Categories:", "categories"),
        ("Summary", None),
    ],
)
def test_field_labels(label: str, field: str | None) -> None:
    assert field_for_label(label) == field


def test_series_and_warning_normalisation() -> None:
    assert parse_series("Part 1 of A, Part 12 of B, C") == [Series("A", 1), Series("B, C", 12)]
    assert parse_series("Untitled Series") == [Series("Untitled Series", None)]
    assert (
        normalise_tag("warnings", "Creator Chose Not To Use Archive Warnings")
        == "Choose Not To Use Archive Warnings"
    )


# Real AO3 download (shared data, never copied into the repository).


def test_real_download(shared: Path) -> None:
    doc = read_path(shared / "data" / "ao3" / "work-23009290.html")
    meta = doc.meta
    assert doc.source.format == "ao3-html"
    assert meta.title and meta.authors and meta.rating and meta.fandoms
    assert meta.url and re.search(r"/works/23009290$", meta.url)
    assert meta.chapters_posted == len(doc.layer(layers.CHAPTERS))
    assert {n.label for n in doc.layer(layers.NOTES)} >= {"work_summary", "work_end_notes"}
    assert meta.words_stated
    words = sum(len(WORD.findall(p)) for p in _paragraphs(doc, layers.ROLE_BODY))
    assert abs(words - meta.words_stated) <= 0.01 * meta.words_stated, words
    assert "Posted originally" not in doc.text
    assert "drop by the Archive" not in doc.text
