"""FanFicFare's TXT, HTML and EPUB output: title-page metadata, chapters, rejoined text, notes."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from ficlens import layers
from ficlens.document import Document, Series, SourceInfo
from ficlens.errors import IngestError
from ficlens.ingest import read_path, read_text
from ficlens.ingest.fff import normalise_date, read_fff_epub, read_fff_txt
from ficlens.ingest.safezip import SafeZip

FORMATS = ("txt", "html", "epub")
SID1_CHAPTERS = [
    "Prologue tests:[bare amp(&) qt(') amp(&) gt(>) lt(<) ATnT(AT&T) L(£) Onna(女)]",
    "Chapter 1, Xenos on Cinnabar",
    "Chapter 2, Sinmay on Kintikin",
    'Chapter 3, "Over" Cinnabar',
    "Chapter 4 & 4.5",
    "Chapter 5 < 5.4",
    "Chapter A & B < C > D",
    "Chapter 7",
    "Chapter 8",
]
LOREM = (
    '"Lorem ipsum dolor sit amet", consectetur adipisicing elit, sed do eiusmod tempor '
    "incididunt ut labore--et dolore magna aliqua. 'Ut enim ad minim veniam', quis nostrud "
    "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure "
    "dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. "
    "Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt "
    "mollit anim id est laborum."
)


def _epub(data: bytes, path: str) -> Document:
    archive = SafeZip(data, path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    opf = etree.fromstring(archive.read("content.opf"), parser)
    return read_fff_epub(archive, opf, SourceInfo(path, "fff-epub", "0" * 64, len(data)))


def _load(path: Path) -> Document:
    if path.suffix == ".epub":
        return _epub(path.read_bytes(), str(path))
    return read_path(path)


@pytest.fixture(params=FORMATS)
def sid1(request: pytest.FixtureRequest, fixtures: Path) -> Document:
    return _load(fixtures / "fff" / f"test1-sid1.{request.param}")


@pytest.fixture(params=FORMATS)
def sid1002(request: pytest.FixtureRequest, fixtures: Path) -> Document:
    return _load(fixtures / "fff" / f"test1-sid1002.{request.param}")


def _paragraphs(doc: Document, role: str | None = None) -> list[str]:
    return [
        doc.span_text(p) for p in doc.layer(layers.PARAGRAPHS) if role is None or p.label == role
    ]


def _notes(doc: Document) -> list[tuple[str, int | None, str]]:
    return [(n.label, n.attrs["chapter"], doc.span_text(n)) for n in doc.layer(layers.NOTES)]


# ------------------------------------------------------------------ genuine FanFicFare output


@pytest.mark.parametrize("name", ["test1-sid1", "test1-sid1002"])
@pytest.mark.parametrize("ext", ["txt", "html"])
def test_text_formats_are_sniffed(fixtures: Path, name: str, ext: str) -> None:
    assert read_path(fixtures / "fff" / f"{name}.{ext}").source.format == f"fff-{ext}"


def test_epub_is_routed_to_the_fff_reader(fixtures: Path) -> None:
    pytest.importorskip("ficlens.ingest.epub")
    assert read_path(fixtures / "fff" / "test1-sid1.epub").source.format == "fff-epub"


def test_sid1_metadata(sid1: Document) -> None:
    meta = sid1.meta
    assert meta.title == "Test Story Title 1"
    assert meta.authors == ("Test Author aa",)
    assert meta.url == "http://test1.com?sid=1"
    assert meta.rating == "Tweenie"
    assert meta.warnings == ("Swearing", "Violence")
    assert meta.fandoms == (
        "Furbie",
        "Harry Potter",
        "Magical Girl Lyrical Nanoha",
        "Once Upon a Time (TV)",
        "Puella Magi Madoka Magica/魔法少女まどか★マギカ",
    )
    assert meta.categories == ()
    assert meta.freeform == ("Comedy", "Fantasy", "Noir", "Sci-Fi")
    assert meta.characters == ("Bob Smith", "Fred Smythe", "George Johnson")
    assert meta.relationships == (
        "Harry Potter & Hermione Granger",
        "Harry Potter/Ginny Weasley",
        "Harry Potter/Ginny Weasley/Albus Dumbledore",
    )
    assert meta.series == (Series("The Great Test", 1),)
    assert (meta.published, meta.updated, meta.completed) == ("1975-03-15", "1975-04-15", False)
    assert (meta.words_stated, meta.chapters_posted) == (123456, 9)
    assert meta.extra["Publisher"] == "test1.com"
    assert meta.extra["Packaged"].startswith("20")
    assert meta.summary is not None
    assert meta.summary.startswith("Description tests:[bare amp(&) qt(') amp(&) gt(>)")
    assert meta.summary.endswith('A span! "My first fic"')


def test_sid1002_metadata(sid1002: Document) -> None:
    meta = sid1002.meta
    assert meta.title == (
        "The Lighthouse Keeper's Almanac of Small and Unremarkable Miracles, Volume One: "
        "Winter Tides"
    )
    assert meta.authors == (
        "Quill and Ember",
        "Second Pen Name",
        "A Third Rather Long Co-Author Pseudonym",
        "Fourth",
    )
    assert meta.language == "English"
    assert meta.rating == "Teen And Up Audiences"
    assert meta.warnings == ("No Archive Warnings Apply",)
    assert meta.categories == ("Gen",)
    assert meta.fandoms == ("Original Work",)
    assert meta.freeform == ("Angst", "Hurt/Comfort")
    assert meta.characters == ("Mara Quill", "Tobias Ember")
    assert meta.relationships == ("Mara Quill & Tobias Ember",)
    assert (meta.published, meta.updated, meta.completed) == ("2021-06-01", "2021-07-04", True)
    assert (meta.words_stated, meta.chapters_posted) == (1234, 1)
    assert meta.extra["Author URL"].count("authid=") == 4
    assert meta.summary is not None and meta.summary.endswith("never arrive at the harbour.")


def test_sid1_chapters(sid1: Document) -> None:
    chapters = list(sid1.layer(layers.CHAPTERS))
    assert [c.label for c in chapters] == SID1_CHAPTERS
    assert [c.attrs["index"] for c in chapters] == list(range(1, 10))
    headings = [p for p in sid1.layer(layers.PARAGRAPHS) if p.label == layers.ROLE_HEADING]
    assert [sid1.span_text(h) for h in headings] == SID1_CHAPTERS
    assert [h.start for h in headings] == [c.start for c in chapters]
    assert len(sid1.layer(layers.BREAKS)) == 16  # two <hr> per chapter after the prologue


def test_sid1002_single_chapter_without_toc(sid1002: Document) -> None:
    chapters = list(sid1002.layer(layers.CHAPTERS))
    assert [(c.label, c.attrs["index"]) for c in chapters] == [("Oneshot", 1)]
    assert _paragraphs(sid1002, layers.ROLE_BODY)[0] == "Prologue"


def test_summary_is_a_work_summary_note(sid1002: Document) -> None:
    kinds = _notes(sid1002)
    assert kinds == [("work_summary", None, sid1002.meta.summary)]
    assert sid1002.text.startswith("A keeper counts the ships")


def test_no_title_page_toc_or_end_marker_in_text(sid1: Document) -> None:
    for marker in ("End file.", "TABLE OF CONTENTS", "Table of Contents", "Story URL", "Packaged"):
        assert marker not in sid1.text
    assert "\r" not in sid1.text


@pytest.mark.parametrize("name", ["test1-sid1", "test1-sid1002"])
def test_all_three_formats_give_the_same_paragraphs(fixtures: Path, name: str) -> None:
    def masked(doc: Document) -> list[str]:
        # Each format was generated at its own second, so the "Timestamp:" lines differ.
        return [re.sub(r"\d", "0", p) for p in _paragraphs(doc)]

    docs = [_load(fixtures / "fff" / f"{name}.{ext}") for ext in FORMATS]
    assert masked(docs[0]) == masked(docs[1]) == masked(docs[2])


def test_txt_lines_are_rejoined_into_paragraphs(fixtures: Path) -> None:
    doc = read_path(fixtures / "fff" / "test1-sid1.txt")
    body = _paragraphs(doc, layers.ROLE_BODY)
    assert LOREM in body
    assert "This is a fake adapter for testing purposes. Different sid's will give " in doc.text
    for para in body:
        lines = para.split("\n")
        for line, following in itertools.pairwise(lines):
            assert not (re.search(r"[a-z,]$", line) and re.match(r"[a-z]", following)), para
    # html2text's hard line breaks (<br>) stay line breaks.
    assert "Madoka Magica/魔法少女まどか★マギカ img goes here when sid=92\nbr breaks" in doc.text


def test_txt_markdown_is_removed(fixtures: Path) -> None:
    doc = read_path(fixtures / "fff" / "test1-sid1.txt")
    assert "italics, bold, underline, Strike through consectetur" in doc.text
    for mark in ("_italics_", "**", "~~", "### ", "\\"):
        assert mark not in doc.text
    assert "Chapter title from site" in _paragraphs(doc, layers.ROLE_BODY)


# ------------------------------------------------------------------ written for these tests


def _fff_txt(chapters: list[tuple[str, list[str]]], *, toc: bool = True, end: bool = True) -> str:
    """A file laid out as FanFicFare's TXT writer does, around our own chapter bodies."""
    lines = [
        "",
        "",
        "",
        "The Harbour Almanac: A Very Long Title That Has To Wrap Past The Seventy-",
        "Eighth Column",
        "",
        "by Quill and Ember",
        "",
        "",
        "",
        "Category: Original Work",
        "Genre: F/M, Slow Burn",
        "Status: In Progress",
        "Published: 01 Jun 2021",
        "Updated: 2021-07-04 10:11:12",
        "Chapters: 2/3",
        "Words: 2,000",
        "Publisher: archiveofourown.org",
        "Story URL: https://archiveofourown.org/works/1234567",
        "Author URL: https://archiveofourown.org/users/Quill",
        "Summary: A keeper counts the ships that do not come, and writes each one down",
        "in the almanac.",
        "",
        "Note: the almanac is real.",
        "",
        "",
        "",
    ]
    if toc:
        lines += ["", "TABLE OF CONTENTS", ""]
        for title, _ in chapters:
            lines += ["", title]
        lines += [""]
    for title, body in chapters:
        lines += ["", "", "        " + title, "", ""]
        lines += body
    if end:
        lines += ["", "", "End file."]
    return "\r\n".join(lines) + "\r\n"


CHAPTER_ONE = [
    "**Author's Note:**",
    "",
    "> Written for the harbour prompt, with thanks to everyone who read the first",
    "> draft and told me the truth.",
    "",
    "**Summary for the Chapter:**",
    "",
    "> Mara climbs the stairs.",
    "",
    "The lamp had been lit every night for forty years, and Mara meant to keep it",
    "that way, whatever the well-meaning harbour-",
    "master said about electric bulbs.",
    "",
    "_Forty years_ , she thought. **Forty.**",
    "",
    "She read the list aloud:  ",
    "oil  ",
    "wicks  ",
    "matches",
    "",
    "  * first item",
    "  * second item",
    "",
    "* * *",
    "",
    "See [the map](http://example.invalid/map) and ![a gull](gull.png) the gull.",
    "",
    "**Notes for the Chapter:**",
    "",
    "> More soon, I promise.",
    "",
]
CHAPTER_TWO = [
    "Tobias brought bread and a newspaper three days old, and they read it twice",
    "over.",
    "",
    "        if ships == 0: wait()",
    "",
]


def test_txt_title_page_from_our_own_file() -> None:
    doc = read_text(_fff_txt([("1. The Harbour", CHAPTER_ONE), ("2. Bread", CHAPTER_TWO)]))
    meta = doc.meta
    assert doc.source.format == "fff-txt"
    assert meta.title == (
        "The Harbour Almanac: A Very Long Title That Has To Wrap Past The Seventy-Eighth Column"
    )
    assert meta.authors == ("Quill and Ember",)
    assert (meta.categories, meta.fandoms, meta.freeform) == (
        ("F/M",),
        ("Original Work",),
        ("Slow Burn",),
    )
    assert (meta.published, meta.updated, meta.completed) == ("2021-06-01", "2021-07-04", False)
    assert (meta.chapters_posted, meta.chapters_expected, meta.words_stated) == (2, 3, 2000)
    assert meta.url == "https://archiveofourown.org/works/1234567"
    assert meta.summary == (
        "A keeper counts the ships that do not come, and writes each one down in the "
        "almanac.\n\nNote: the almanac is real."
    )


def test_txt_body_rejoined_and_unmarked() -> None:
    doc = read_text(_fff_txt([("1. The Harbour", CHAPTER_ONE), ("2. Bread", CHAPTER_TWO)]))
    assert [c.label for c in doc.layer(layers.CHAPTERS)] == ["1. The Harbour", "2. Bread"]
    assert _paragraphs(doc, layers.ROLE_BODY) == [
        "The lamp had been lit every night for forty years, and Mara meant to keep it that "
        "way, whatever the well-meaning harbour-master said about electric bulbs.",
        "Forty years, she thought. Forty.",
        "She read the list aloud:\noil\nwicks\nmatches",
        "* first item\n* second item",
        "See the map and the gull.",
        "Tobias brought bread and a newspaper three days old, and they read it twice over.",
        "if ships == 0: wait()",
    ]
    assert len(doc.layer(layers.BREAKS)) == 1


def test_txt_ao3_notes_kept_by_fff() -> None:
    doc = read_text(_fff_txt([("1. The Harbour", CHAPTER_ONE), ("2. Bread", CHAPTER_TWO)]))
    assert _notes(doc) == [
        (
            "work_summary",
            None,
            "A keeper counts the ships that do not come, and writes each one down in the "
            "almanac.\n\nNote: the almanac is real.",
        ),
        (
            "work_notes",
            None,
            "Written for the harbour prompt, with thanks to everyone who read the first draft "
            "and told me the truth.",
        ),
        ("chapter_summary", 1, "Mara climbs the stairs."),
        ("chapter_end_notes", 1, "More soon, I promise."),
    ]
    assert "Summary for the Chapter" not in doc.text


def test_txt_without_toc_or_end_marker() -> None:
    # Without "End file." the sniffer does not call the file FanFicFare's; the reader copes.
    text = _fff_txt([("Oneshot", CHAPTER_TWO)], toc=False, end=False)
    doc = read_fff_txt(text, SourceInfo("a.txt", "fff-txt", "0" * 64, len(text)))
    assert [c.label for c in doc.layer(layers.CHAPTERS)] == ["Oneshot"]
    assert _paragraphs(doc, layers.ROLE_BODY)[-2].endswith("they read it twice over.")


def test_txt_without_chapter_headings_is_an_error() -> None:
    plain = _fff_txt([("Oneshot", CHAPTER_TWO)], toc=False).replace("        Oneshot", "")
    with pytest.raises(IngestError, match="without any chapter text"):
        read_text(plain, "b.txt")


def test_normalise_date() -> None:
    assert normalise_date("1975-03-15") == "1975-03-15"
    assert normalise_date("2021-06-01 10:11:12") == "2021-06-01"
    assert normalise_date("15 Mar 1975") == "1975-03-15"
    assert normalise_date("March 15, 1975") == "1975-03-15"
    assert normalise_date("someday") is None


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="UTF-8"><title>The Harbour Almanac by Quill</title>
<script>document.write("SCRIPT-HEAD")</script></head>
<body>
<h1><a href="https://archiveofourown.org/works/1234567">The Harbour Almanac</a> by
<a class='authorlink' href='https://archiveofourown.org/users/Quill'>Quill</a></h1>
<table class="full">
<tr><td><b>Category:</b></td><td>Original Work</td></tr>
<tr><td><b>Status:</b></td><td>Completed</td></tr>
<tr><td><b>Summary:</b></td><td><div><p>First line.</p><p><b>Bold</b> second.</p></div></td></tr>
</table>
<a name="TOCTOP"><h2>Table of Contents</h2></a>
<p><a href="#section0001">The Harbour</a><br /></p>
<a name="section0001"><h2>The Harbour</h2></a>
<div class="chapter">
<div class="fff_chapter_notes fff_head_notes"><b>Notes for the Chapter:</b>
<blockquote class="userstuff"><p>Thank you to my beta.</p></blockquote></div>
<div class="userstuff module">
<p onclick="alert('ONCLICK')">The lamp had been lit every night.</p>
<script>document.write("SCRIPT-BODY")</script>
<p>Loose text follows<br/><br/>in two paragraphs.</p>
<p><img src="x" onerror="alert('XSS')"/>Still here.
</div>
<div class="fff_chapter_notes fff_foot_notes"><b>Notes for the Chapter:</b>
<blockquote class="userstuff"><p>More soon.</p></blockquote>
<b>Author's Note:</b><blockquote class="userstuff"><p>Thanks for reading!</p></blockquote></div>
</div>
</body></html>
"""


def test_html_notes_scripts_and_broken_markup() -> None:
    doc = read_text(HTML_PAGE, "page.html")
    assert doc.source.format == "fff-html"
    assert (doc.meta.title, doc.meta.authors, doc.meta.completed) == (
        "The Harbour Almanac",
        ("Quill",),
        True,
    )
    assert doc.meta.url == "https://archiveofourown.org/works/1234567"
    assert doc.meta.summary == "First line.\n\nBold second."
    assert _paragraphs(doc, layers.ROLE_BODY) == [
        "The lamp had been lit every night.",
        "Loose text follows",
        "in two paragraphs.",
        "Still here.",
    ]
    assert _notes(doc) == [
        ("work_summary", None, "First line.\n\nBold second."),
        ("chapter_notes", 1, "Thank you to my beta."),
        ("chapter_end_notes", 1, "More soon."),
        ("work_end_notes", None, "Thanks for reading!"),
    ]
    for marker in ("SCRIPT", "ONCLICK", "XSS", "alert", "Table of Contents"):
        assert marker not in doc.text


def test_html_heading_outside_its_anchor() -> None:
    page = (
        '<html><body><table class="full"><tr><td><b>Status:</b></td><td>Completed</td></tr>'
        '</table><a name="section0001"></a><h2>One</h2><div><p>Text one.</p></div>'
        '<a name="section0002"></a><h2>Two</h2><p>Text two.</p></body></html>'
    )
    doc = read_text(page, "x.html")
    assert [c.label for c in doc.layer(layers.CHAPTERS)] == ["One", "Two"]
    assert doc.text == "One\n\nText one.\n\nTwo\n\nText two."


def test_html_without_chapters_is_an_error() -> None:
    page = HTML_PAGE[: HTML_PAGE.index('<a name="section0001">')] + "</body></html>"
    with pytest.raises(IngestError, match="without any chapter text"):
        read_text(page, "empty.html")


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, text in members.items():
            zf.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


OPF = """<?xml version="1.0" encoding="utf-8"?>
<package version="2.0" xmlns="http://www.idpf.org/2007/opf" unique-identifier="fanficfare-uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
<dc:identifier id="fanficfare-uid">fanficfare-uid:archiveofourown.org-u1-s1234567</dc:identifier>
<dc:title>The Harbour Almanac</dc:title>
<dc:creator opf:role="aut">Quill</dc:creator>
<dc:creator opf:role="bkp">FanFicFare</dc:creator>
<dc:language>en</dc:language>
<dc:date opf:event="publication">2021-06-01</dc:date>
<dc:date opf:event="modification">2021-07-04</dc:date>
<dc:description>A keeper counts ships.

Second paragraph.</dc:description>
<dc:subject>FanFiction</dc:subject>
<dc:subject>Lighthouses</dc:subject>
<dc:subject>Completed</dc:subject>
<dc:source>https://archiveofourown.org/works/1234567</dc:source>
</metadata>
<manifest>
<item id="title_page" href="OEBPS/title_page.xhtml" media-type="application/xhtml+xml"/>
<item id="log_page" href="OEBPS/log_page.xhtml" media-type="application/xhtml+xml"/>
<item id="file0001" href="OEBPS/file0001.xhtml" media-type="application/xhtml+xml"/>
<item id="file0002" href="OEBPS/file0002.xhtml" media-type="application/xhtml+xml"/>
</manifest>
<spine toc="ncx">
<itemref idref="title_page"/><itemref idref="log_page"/>
<itemref idref="file0001"/><itemref idref="file0002"/>
</spine>
</package>
"""
CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""
TITLE_PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>
<body class="fff_titlepage">
<h3><a href="https://archiveofourown.org/works/1234567">The Harbour Almanac</a> by
<a class='authorlink' href='https://archiveofourown.org/users/Quill'>Quill</a></h3>
<div>
<b>Fandoms:</b> Original Work<br />
<b>Characters:</b> <a href="/c/1">Mara Quill</a>, Tobias Ember<br />
<b>Rating:</b> Teen And Up Audiences<br />
<b>Warnings:</b> Creator Chose Not To Use Archive Warnings<br />
<b>Chapters/Total Chapters:</b> 2/2<br />
<b>Summary:</b> <div><p>A keeper counts <b>ships</b>.</p><p>Second paragraph.</p></div><br />
</div></body></html>"""
LOG_PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Update Log</title></head>
<body class="fff_logpage"><p>LOG-PAGE entry</p></body></html>"""
CHAPTER = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title></head>
<body class="fff_chapter">
<h3 class="fff_chapter_title">{title}</h3>
{notes}
<div class="userstuff module"><p onclick="alert('ONCLICK')">{text}</p>
<script>document.write("SCRIPT")</script></div>
</body></html>"""


def test_epub_title_page_chapters_and_notes() -> None:
    notes = (
        '<div class="fff_chapter_notes fff_head_notes"><b>Summary for the Chapter:</b>'
        '<blockquote class="userstuff"><p>Mara climbs the stairs.</p></blockquote></div>'
    )
    data = _zip(
        {
            "META-INF/container.xml": CONTAINER,
            "content.opf": OPF,
            "OEBPS/title_page.xhtml": TITLE_PAGE,
            "OEBPS/log_page.xhtml": LOG_PAGE,
            "OEBPS/file0001.xhtml": CHAPTER.format(
                title="The Harbour", notes=notes, text="The lamp was lit. Naïve café."
            ),
            "OEBPS/file0002.xhtml": CHAPTER.format(title="Bread", notes="", text="Bread came."),
        }
    )
    doc = _epub(data, "ours.epub")
    meta = doc.meta
    assert (meta.title, meta.authors, meta.url) == (
        "The Harbour Almanac",
        ("Quill",),
        "https://archiveofourown.org/works/1234567",
    )
    assert (meta.fandoms, meta.characters, meta.rating) == (
        ("Original Work",),
        ("Mara Quill", "Tobias Ember"),
        "Teen And Up Audiences",
    )
    assert meta.warnings == ("Choose Not To Use Archive Warnings",)
    assert (meta.chapters_posted, meta.chapters_expected) == (2, 2)
    assert (meta.published, meta.updated, meta.language) == ("2021-06-01", "2021-07-04", "en")
    assert meta.summary == "A keeper counts ships.\n\nSecond paragraph."
    assert "ships" not in meta.extra  # a <b> inside the summary is not a label
    assert [c.label for c in doc.layer(layers.CHAPTERS)] == ["The Harbour", "Bread"]
    assert _paragraphs(doc, layers.ROLE_BODY) == ["The lamp was lit. Naïve café.", "Bread came."]
    assert _notes(doc)[1:] == [("chapter_summary", 1, "Mara climbs the stairs.")]
    for marker in ("LOG-PAGE", "SCRIPT", "ONCLICK"):
        assert marker not in doc.text


def test_epub_without_title_page_uses_subjects() -> None:
    data = _zip(
        {
            "content.opf": OPF.replace("FanFicFare</dc:creator>", "FFF</dc:creator>"),
            "OEBPS/file0001.xhtml": CHAPTER.format(title="Only", notes="", text="Text."),
        }
    )
    doc = _epub(data, "bare.epub")
    assert doc.meta.freeform == ("Lighthouses",)
    assert doc.meta.summary == "A keeper counts ships.\n\nSecond paragraph."
    assert [c.label for c in doc.layer(layers.CHAPTERS)] == ["Only"]
