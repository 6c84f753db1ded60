"""Text copied from an AO3 work page: landmarks steer, tags become metadata, text unchanged."""

from __future__ import annotations

from pathlib import Path

from ficlens.document import Document, Series, SourceInfo
from ficlens.ingest import read_path
from ficlens.ingest.sniff import sniff_text
from ficlens.ingest.webcopy import read_webcopy

LANDMARKS = {"Work Header", "Summary:", "Notes:", "Work Text:", "Chapter Text"}


def texts(doc: Document, layer: str, label: str | None = None) -> list[str]:
    return [doc.span_text(s) for s in doc.layer(layer) if label is None or s.label == label]


def test_chaptered_copy_is_sniffed_and_kept_unchanged(fixtures: Path) -> None:
    path = fixtures / "text" / "webcopy-chaptered.txt"
    doc = read_path(path)
    assert doc.source.format == "ao3-webcopy"
    assert doc.text == path.read_text(encoding="utf-8")


def test_tags_and_stats_become_metadata(fixtures: Path) -> None:
    meta = read_path(fixtures / "text" / "webcopy-chaptered.txt").meta
    assert meta.title == "The Wrong Map"
    assert meta.authors == ("inkwell_writes",)
    assert meta.rating == "General Audiences"
    assert meta.warnings == ("No Archive Warnings Apply",)
    assert meta.categories == ("F/M",)
    assert meta.fandoms == ("Original Work",)
    assert meta.relationships == ("Juniper/Col",)
    assert meta.characters == ("Juniper", "Col", "The Cartographer")
    assert meta.freeform == ("Maps", "Road Trip", "Found Family")
    assert meta.language == "English"
    assert meta.series == (Series("The Wrong Maps", 2),)
    assert (meta.published, meta.updated, meta.completed) == ("2024-05-01", "2024-05-09", False)
    assert (meta.words_stated, meta.chapters_posted, meta.chapters_expected) == (167, 2, 3)
    assert meta.summary == "Juniper is given a map that is wrong on purpose."


def test_landmarks_and_header_are_not_story(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "webcopy-chaptered.txt")
    paragraphs = texts(doc, "paragraphs")
    assert not LANDMARKS & set(paragraphs)
    assert not any(t.startswith(("Rating:", "Stats:", "Actions", "↑ Top")) for t in paragraphs)
    body = texts(doc, "paragraphs", "body")
    assert body[0] == "Juniper folded the map along its old creases and put it inside her coat."
    assert body[-1] == "Juniper laughed until she had to pull over."
    assert len(body) == 8
    assert texts(doc, "paragraphs", "front") == ["The Wrong Map", "inkwell_writes"]


def test_chapters_notes_and_breaks(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "webcopy-chaptered.txt")
    chapters = list(doc.layer("chapters"))
    assert [(c.label, c.attrs["index"]) for c in chapters] == [("Departure", 1), ("Arrival", 2)]
    assert doc.span_text(chapters[0]).startswith("Chapter 1: Departure")
    assert texts(doc, "paragraphs", "heading") == ["Chapter 1: Departure", "Chapter 2: Arrival"]
    notes = [(n.label, n.attrs["chapter"], doc.span_text(n)[:20]) for n in doc.layer("notes")]
    assert notes == [
        ("work_summary", None, "Juniper is given a m"),
        ("work_notes", None, "(See the end of the "),
        ("chapter_notes", 1, "Written for a prompt"),
        ("work_end_notes", None, "Thank you for readin"),
    ]
    assert texts(doc, "breaks") == ["* * *"]


def test_one_shot_with_inline_stats(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "webcopy-oneshot.txt")
    assert doc.source.format == "ao3-webcopy"
    meta = doc.meta
    assert meta.authors == ("Wren Holloway", "inkwell_writes")
    assert meta.warnings == ("Creator Chose Not To Use Archive Warnings",)
    assert meta.freeform == ("Ghosts", "Lighthouses", "Hurt/Comfort")
    assert (meta.published, meta.words_stated, meta.completed) == ("2023-10-31", 72, True)
    (chapter,) = doc.layer("chapters")
    assert (chapter.label, chapter.attrs["index"]) == ("", 1)
    assert doc.span_text(chapter).startswith("The knock came at midnight")
    assert doc.span_text(chapter).endswith("back in again.")
    kinds = [(n.label, n.attrs["chapter"]) for n in doc.layer("notes")]
    assert kinds == [("work_summary", None), ("work_end_notes", None)]


def test_copy_of_just_the_chapter_text() -> None:
    text = "Chapter Text\nThe bell rang twice.\nNobody answered it.\n“Again,” said Ines.\n"
    doc = read_webcopy(text, SourceInfo("c.txt", "ao3-webcopy", "0" * 64, len(text)))
    assert texts(doc, "paragraphs") == [
        "The bell rang twice.",
        "Nobody answered it.",
        "“Again,” said Ines.",
    ]
    (chapter,) = doc.layer("chapters")
    assert doc.span_text(chapter) == text[len("Chapter Text\n") : -1]


def test_chapter_line_in_the_story_is_not_a_landmark() -> None:
    text = (
        "Chapter Text\nShe opened the book at the marked page.\nChapter 2: The Crossing\n"
        "The words swam, then settled.\n"
    )
    doc = read_webcopy(text, SourceInfo("c.txt", "ao3-webcopy", "0" * 64, len(text)))
    assert len(doc.layer("chapters")) == 1
    assert "Chapter 2: The Crossing" in texts(doc, "paragraphs", "body")


def test_abo_seed(shared: Path) -> None:
    path = shared / "seeds" / "office-soulmates-abo.txt"
    doc = read_path(path)
    raw = path.read_text(encoding="utf-8")
    assert doc.source.format == "ao3-webcopy"
    assert doc.text == raw
    body = texts(doc, "paragraphs", "body")
    assert all("Chapter Text" not in t for t in body)
    lines = [ln for ln in raw.splitlines() if ln.strip()]
    assert body == lines[1:]
    (chapter,) = doc.layer("chapters")
    assert (chapter.label, chapter.attrs["index"]) == ("", 1)
    assert chapter.start == raw.index("\n") + 1
    assert len(doc.layer("notes")) == 0


FULL_PAGE = """Skip header
Archive of Our Own beta
Log In
Actions
Entire Work
Next Chapter →
Chapter Index
Comments
Share
Download
Work Header

Rating:
Mature
Archive Warning:
No Archive Warnings Apply
Fandom:
Original Work
Language:
English
Stats:
Published:2024-01-02Completed:2024-02-03Words:61Chapters:2/2Kudos:9Hits:80

Night Train
lantern_jaw
Summary:
A sleeper carriage, two strangers, one bunk.
Chapter 1: Platform
Chapter Text
The train was late, and then it was very late.
Ines sat on her suitcase and counted pigeons.
Chapter 2: Tunnel
Summary:
In which the lights go out.
Notes:
Short one, sorry!
Chapter Text
In the tunnel every light went out at once.
Someone laughed in the dark, and it was not her.
Notes:
The next part is already written.
Notes:
Thank you all for reading this little thing.
Series this work belongs to:
Part 1 of Sleepers
Actions
↑ Top
Kudos
Comments (2)
"""


def test_full_page_copy_with_site_chrome() -> None:
    doc = read_webcopy(FULL_PAGE, SourceInfo("p.txt", "ao3-webcopy", "0" * 64, len(FULL_PAGE)))
    meta = doc.meta
    assert (meta.title, meta.authors, meta.rating, meta.language) == (
        "Night Train",
        ("lantern_jaw",),
        "Mature",
        "English",
    )
    assert (meta.updated, meta.completed, meta.chapters_posted) == ("2024-02-03", True, 2)
    assert texts(doc, "paragraphs", "body") == [
        "The train was late, and then it was very late.",
        "Ines sat on her suitcase and counted pigeons.",
        "In the tunnel every light went out at once.",
        "Someone laughed in the dark, and it was not her.",
    ]
    notes = [(n.label, n.attrs["chapter"]) for n in doc.layer("notes")]
    assert notes == [
        ("work_summary", None),
        ("chapter_summary", 2),
        ("chapter_notes", 2),
        ("chapter_end_notes", 2),
        ("work_end_notes", None),
    ]
    paragraphs = texts(doc, "paragraphs")
    assert not {"Skip header", "Entire Work", "Actions", "Kudos", "Part 1 of Sleepers"} & set(
        paragraphs
    )
    assert [c.label for c in doc.layer("chapters")] == ["Platform", "Tunnel"]


def test_full_page_copy_is_sniffed_as_webcopy() -> None:
    assert sniff_text(FULL_PAGE, "night-train.txt") == "ao3-webcopy"
