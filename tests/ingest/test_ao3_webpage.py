"""The AO3 web page reader: saved work pages, their tags, chapters, notes, and no site chrome."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from ficlens import layers
from ficlens.document import Document, Series
from ficlens.errors import IngestError
from ficlens.ingest import read_path, read_text

CHROME = (
    "Work Text",
    "Chapter Text",
    "Work Header",
    "Main Content",
    "Log In",
    "Kudos",
    "left kudos",
    "Comments",
    "Share",
    "See the end of the",
    "Summary:",
    "Notes:",
    "Series this work belongs to",
    "Works inspired by this one",
    "Previous Work",
    "Footer",
    "Terms of Service",
    "Archive of Our Own",
)


def _body(doc: Document) -> list[str]:
    return [doc.span_text(p) for p in doc.layer(layers.PARAGRAPHS) if p.label == layers.ROLE_BODY]


def _words(doc: Document) -> int:
    """Words as AO3 counts them: whitespace-separated runs holding a letter or digit."""
    return sum(1 for t in " ".join(_body(doc)).split() if re.search(r"\w", t))


def _notes(doc: Document) -> list[tuple[str, int | None, str]]:
    return [(n.label, n.attrs["chapter"], doc.span_text(n)) for n in doc.layer(layers.NOTES)]


def _assert_no_chrome(doc: Document) -> None:
    for phrase in CHROME:
        assert phrase not in doc.text, phrase


# ------------------------------------------------------------------ shared saved pages


def _source_paragraph_ends(path: Path) -> tuple[str, str]:
    """First and last non-empty ``<p>`` of the page's chapter text, read independently."""
    root = html.fromstring(path.read_bytes())
    texts = [
        " ".join(p.text_content().split())
        for p in root.xpath("//div[@id='chapters']//div[contains(@class, 'userstuff')]//p")
    ]
    texts = [t for t in texts if t]
    return texts[0], texts[-1]


@pytest.fixture
def oneshot(shared: Path) -> Document:
    return read_path(shared / "data" / "ao3" / "webpage-oneshot.html")


@pytest.fixture
def chaptered(shared: Path) -> Document:
    return read_path(shared / "data" / "ao3" / "webpage-chaptered.html")


def test_oneshot_metadata(oneshot: Document) -> None:
    meta = oneshot.meta
    assert oneshot.source.format == "ao3-webpage"
    assert meta.title == "so I open the window to hear sounds of people"
    assert meta.authors == ("oriflamme",)
    assert meta.url == "https://archiveofourown.org/works/41822007"
    assert meta.rating == "Teen And Up Audiences"
    assert meta.warnings == ("No Archive Warnings Apply",)
    assert meta.categories == ("Gen",)
    assert meta.fandoms == ("The Locked Tomb Series | Gideon the Ninth Series - Tamsyn Muir",)
    assert meta.relationships == ()
    assert meta.characters[:2] == (
        "John Gaius | Necrolord Prime",
        "The Body | Alecto | The Girl in the Tomb",
    )
    assert meta.freeform[0] == "John: Could A Depressed Person Make This? /Holds Up Alecto/"
    assert meta.language == "English"
    assert meta.series == (Series("it's about the bones 👌", 3),)
    assert (meta.published, meta.updated, meta.completed) == ("2022-09-20", None, True)
    assert (meta.words_stated, meta.chapters_posted, meta.chapters_expected) == (5688, 1, 1)
    assert meta.summary is not None and meta.summary in oneshot.text
    assert meta.extra["kudos"] == "671"


def test_oneshot_text(oneshot: Document, shared: Path) -> None:
    chapters = list(oneshot.layer(layers.CHAPTERS))
    assert [(c.label, c.attrs["index"]) for c in chapters] == [("", 1)]
    first, last = _source_paragraph_ends(shared / "data" / "ao3" / "webpage-oneshot.html")
    body = _body(oneshot)
    assert (body[0], body[-1]) == (first, last)
    stated = oneshot.meta.words_stated
    assert stated is not None
    assert abs(_words(oneshot) - stated) <= 0.01 * stated
    assert [kind for kind, _, _ in _notes(oneshot)] == ["work_summary", "work_end_notes"]
    assert len(oneshot.layer(layers.BREAKS)) >= 7  # the "---" day dividers
    _assert_no_chrome(oneshot)


def test_chaptered_metadata(chaptered: Document) -> None:
    meta = chaptered.meta
    assert chaptered.source.format == "ao3-webpage"
    assert meta.title == "Permablocking Specific Tags - Site Skin"
    assert meta.authors == ("Eli0t",)
    assert meta.fandoms == ("Fandom - Fandom", "AO3", "No Fandom")
    assert meta.freeform == (
        "site skin",
        "Tutorial",
        "Embedded Images",
        "Fanwork Research & Reference Guides",
    )
    assert meta.categories == () and meta.relationships == () and meta.characters == ()
    assert meta.series == (Series("AO3 Skins", 1), Series(":has() selector", 1))
    assert meta.collections == ("Ao3 Skins",)
    assert (meta.published, meta.updated, meta.completed) == ("2022-08-22", "2023-08-10", True)
    assert (meta.words_stated, meta.chapters_posted, meta.chapters_expected) == (2232, 3, 3)


def test_chaptered_page_holds_its_one_chapter(chaptered: Document, shared: Path) -> None:
    chapters = list(chaptered.layer(layers.CHAPTERS))
    assert [(c.label, c.attrs["index"]) for c in chapters] == [("", 1)]
    headings = [p for p in chaptered.layer(layers.PARAGRAPHS) if p.label == layers.ROLE_HEADING]
    assert [chaptered.span_text(h) for h in headings] == ["Chapter 1"]
    assert headings[0].start == chapters[0].start
    first, last = _source_paragraph_ends(shared / "data" / "ao3" / "webpage-chaptered.html")
    body = _body(chaptered)
    assert (body[0], body[-1]) == (first, last)
    # The page shows chapter 1 of 3, so it holds part of the stated 2,232 words.
    assert 700 < _words(chaptered) < 2232
    assert [kind for kind, _, _ in _notes(chaptered)] == ["work_summary"]
    _assert_no_chrome(chaptered)


# ------------------------------------------------------------------ project fixture


@pytest.fixture
def work(fixtures: Path) -> Document:
    return read_path(fixtures / "webpage" / "entire-work.html")


def test_fixture_metadata(work: Document) -> None:
    meta = work.meta
    assert work.source.format == "ao3-webpage"
    assert meta.title == "The Harbour Almanac"
    assert meta.authors == ("Quill_and_Ember", "SecondPen")
    assert meta.url == "https://archiveofourown.org/works/1234567"
    assert meta.rating == "Teen And Up Audiences"
    assert meta.warnings == ("Choose Not To Use Archive Warnings", "Major Character Death")
    assert meta.categories == ("F/M",)
    assert meta.fandoms == ("Original Work",)
    assert meta.relationships == ("Mara Quill/Tobias Ember",)
    assert meta.characters == ("Mara Quill", "Tobias Ember")
    assert meta.freeform == ("Lighthouses", "Slow Burn")
    assert meta.language == "English"
    assert meta.series == (Series("Coastal Records", 2),)
    assert meta.collections == ("Harbour Fest 2021",)
    assert meta.summary == "A keeper counts the ships that do not come.\n\nSomebody should."
    assert (meta.published, meta.updated, meta.completed) == ("2021-06-01", "2021-07-04", False)
    assert (meta.words_stated, meta.chapters_posted, meta.chapters_expected) == (131, 2, 3)
    assert meta.inspired_by == ("Salt and Lamplight by OtherWriter",)
    assert dict(meta.extra).items() >= {"kudos": "1,204", "hits": "9,876", "comments": "12"}.items()


def test_fixture_chapters_and_headings(work: Document) -> None:
    chapters = list(work.layer(layers.CHAPTERS))
    assert [(c.label, c.attrs["index"]) for c in chapters] == [("The Harbour", 1), ("", 2)]
    headings = [p for p in work.layer(layers.PARAGRAPHS) if p.label == layers.ROLE_HEADING]
    assert [work.span_text(h) for h in headings] == ["Chapter 1: The Harbour", "Chapter 2"]
    assert [h.start for h in headings] == [c.start for c in chapters]
    assert _words(work) == work.meta.words_stated


def test_fixture_notes_have_their_kinds(work: Document) -> None:
    assert _notes(work) == [
        ("work_summary", None, "A keeper counts the ships that do not come.\n\nSomebody should."),
        ("work_notes", None, "Written for the harbour prompt."),
        ("chapter_summary", 1, "Mara climbs the stairs."),
        ("chapter_notes", 1, "Thank you to my beta."),
        ("chapter_end_notes", 1, "More soon, I promise."),
        ("work_end_notes", None, "Come and say hello on the harbour forum."),
    ]
    chapter_one = work.layer(layers.CHAPTERS)[0]
    for note in work.layer(layers.NOTES):
        inside = chapter_one.start <= note.start and note.end <= chapter_one.end
        assert inside == (note.attrs["chapter"] == 1)
    roles = {work.span_text(p): p.label for p in work.layer(layers.PARAGRAPHS)}
    assert roles["Thank you to my beta."] == layers.ROLE_NOTE
    assert roles["Tobias brought bread and a newspaper three days old."] == layers.ROLE_BODY


def test_fixture_scene_breaks(work: Document) -> None:
    breaks = list(work.layer(layers.BREAKS))
    assert len(breaks) == 2  # an <hr> and a "* * *" paragraph
    before = work.text[: breaks[0].start]
    assert before.endswith('"Another one," said Tobias from the gallery. "Look."')


def test_no_chrome_scripts_or_handlers(work: Document) -> None:
    _assert_no_chrome(work)
    for marker in ("SCRIPT-", "ONCLICK", "NOSCRIPT", "COMMENT-BOX", "alert(", "Fandoms"):
        assert marker not in work.text


def test_offsets_map_to_source_lines(work: Document, fixtures: Path) -> None:
    source = (fixtures / "webpage" / "entire-work.html").read_text().splitlines()
    para = next(p for p in work.layer(layers.PARAGRAPHS) if "Tobias brought" in work.span_text(p))
    assert "Tobias brought bread" in source[work.offsets.to_source(para.start) - 1]


# ------------------------------------------------------------------ hostile and broken pages


def _fixture_text(fixtures: Path) -> str:
    return (fixtures / "webpage" / "entire-work.html").read_text()


def test_malformed_markup_is_read(fixtures: Path) -> None:
    page = _fixture_text(fixtures).replace("</p>", "").replace("</div>", "", 5)
    doc = read_text(page, "broken.html")
    assert doc.source.format == "ao3-webpage"
    assert any(t.startswith("The lamp had been lit every night") for t in _body(doc))
    assert "SCRIPT-" not in doc.text


def test_truncated_page_keeps_what_it_has(fixtures: Path) -> None:
    page = _fixture_text(fixtures)
    cut = page.index("<p>She wrote the date")
    doc = read_text(page[:cut], "truncated.html")
    assert _body(doc)[-1].startswith("Down in the harbour the water was flat")
    assert doc.meta.title == "The Harbour Almanac"


def test_injected_active_content_never_reaches_text(fixtures: Path) -> None:
    evil = (
        '<p>Safe words.<script>alert("XSS-SCRIPT")</script>'
        '<img src="x" onerror="alert(\'XSS-IMG\')"/>'
        '<a href="javascript:alert(\'XSS-HREF\')" onmouseover="XSS-HOVER">Link text.</a>'
        "<style>p { content: 'XSS-STYLE' }</style>"
        '<iframe src="https://example.invalid/">XSS-IFRAME</iframe></p>'
    )
    page = _fixture_text(fixtures).replace("<p>&nbsp;</p>", evil)
    doc = read_text(page, "evil.html")
    assert "Safe words.Link text." in doc.text
    assert "XSS" not in doc.text and "javascript" not in doc.text


def test_oneshot_page_without_chapter_divs() -> None:
    page = (
        '<html><body><dl class="work meta group"><dd class="rating tags">'
        '<a class="tag">General Audiences</a></dd></dl><div id="workskin">'
        '<div class="preface group"><h2 class="title heading">Tiny</h2>'
        '<h3 class="byline heading">Anonymous</h3></div><div id="chapters">'
        '<h3 class="landmark heading" id="work">Work Text:</h3>'
        '<div class="userstuff"><p>Only this.</p><p>And this.</p></div></div></div></body></html>'
    )
    doc = read_text(page, "tiny.html")
    assert doc.source.format == "ao3-webpage"
    assert doc.meta.authors == ("Anonymous",)
    assert doc.text == "Only this.\n\nAnd this."
    assert [(c.start, c.end, c.attrs["index"]) for c in doc.layer(layers.CHAPTERS)] == [
        (0, len(doc.text), 1)
    ]


def test_page_without_work_text_is_an_error() -> None:
    page = '<html><body><h3 class="landmark heading">Work Header</h3><p>Nothing.</p></body></html>'
    with pytest.raises(IngestError, match="without any work text"):
        read_text(page, "empty.html")
