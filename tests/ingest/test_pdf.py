"""PDF reading: paragraphs rebuilt from positioned lines, running headers dropped, the AO3
layout's metadata and notes recovered, and damaged or locked files refused cleanly.

PDFs are written here by a tiny test-only writer (standard fonts, one text run per line or
column) around texts made up for these tests.
"""

from __future__ import annotations

import io
import random
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfWriter

from ficlens import layers
from ficlens.document import Document
from ficlens.errors import IngestError
from ficlens.ingest import read_bytes, read_path
from ficlens.textstats import count_words

_WS = re.compile(r"\s+")

# (x, y, font size, bold, text)
Run = tuple[float, float, float, bool, str]


def _escape(text: str) -> bytes:
    out = bytearray()
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    return bytes(out)


def make_pdf(pages: list[list[Run]], title: str | None = None) -> bytes:
    """A minimal PDF: Helvetica and Helvetica-Bold, one BT/ET per run."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for runs in pages:
        content = b"".join(
            b"BT /F%d %g Tf 1 0 0 1 %g %g Tm (%s) Tj ET\n"
            % (2 if bold else 1, size, x, y, _escape(text))
            for x, y, size, bold, text in runs
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    info = None
    if title:
        objects.append(b"<< /Title (%s) /Author (Ada Quill) >>" % _escape(title))
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


@dataclass
class Composer:
    """Lays text out top-down on US-letter pages the way a browser would print HTML."""

    pitch: float = 14.0
    top: float = 740.0
    bottom: float = 72.0
    pages: list[list[Run]] = field(default_factory=lambda: [[]])
    y: float = 754.0

    def new_page(self) -> None:
        if self.pages[-1]:
            self.pages.append([])
        self.y = self.top + self.pitch

    def line(self, text: str, *, x: float = 72, size: float = 11, bold: bool = False) -> None:
        self.runs([(x, text)], size=size, bold=bold)

    def runs(
        self, pieces: list[tuple[float, str]], *, size: float = 11, bold: bool = False
    ) -> None:
        if self.y - self.pitch < self.bottom:
            self.new_page()
        self.y -= self.pitch
        self.pages[-1].extend((x, self.y, size, bold, text) for x, text in pieces)

    def space(self, amount: float) -> None:
        if self.pages[-1] and self.y < self.top + self.pitch:
            self.y -= amount

    def paragraph(self, text: str, *, x: float = 72, width: int = 86, gap: float = 10) -> None:
        self.space(gap)
        for line in textwrap.wrap(text, width):
            self.line(line, x=x)


def _story(seed: int, count: int) -> list[str]:
    """Paragraphs of made-up prose, some of them dialogue."""
    rng = random.Random(seed)
    words = [
        *("the", "lamp", "keeper", "watched", "grey", "water", "roll", "under", "a", "low"),
        *("sky", "while", "gulls", "argued", "over", "bread", "and", "Mara", "counted"),
        *("ships", "that", "never", "came", "home", "before", "the", "winter", "storms"),
    ]
    paras = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(1, 6)):
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(4, 16)))
            sentence = sentence[0].upper() + sentence[1:] + rng.choice(".!?")
            if rng.random() < 0.3:
                sentence = f"\u201c{sentence}\u201d"
            sentences.append(sentence)
        paras.append(" ".join(sentences))
    return paras


CHAPTER_ONE = _story(1, 40)
CHAPTER_TWO = _story(2, 25)
TAGS = [
    ("Rating:", ["Teen And Up Audiences"]),
    ("Archive Warning:", ["No Archive Warnings Apply"]),
    ("Category:", ["F/F"]),
    ("Fandom:", ["Original Work"]),
    ("Relationship:", ["Mara/Ines"]),
    ("Characters:", ["Mara", "Ines", "Old Tom"]),
    ("Additional Tags:", ["Lighthouses", "Storms", "Slow Burn", "Found Family", "Sea Shanties"]),
    ("Language:", ["English"]),
    ("Stats:", ["Published: 2021-01-02 Updated: 2021-02-03 Words: 1,234 Chapters: 2/3"]),
]


def ao3_pdf(*, columns: bool = True) -> bytes:
    """An AO3-style PDF of a made-up two-chapter work. With `columns`, tag labels and
    values are separate runs, as a browser prints the tag table; without, each tag line is
    one run and the "Posted originally" message wraps."""
    page = Composer()
    page.line("The Lamp Room", x=250, bold=True)
    if columns:
        page.runs(
            [
                (60, "Posted originally on the Archive of Our Own at "),
                (300, "https://archiveofourown.org/works/1000002."),
            ]
        )
    else:
        page.line("Posted originally on the Archive of Our", x=60)
        page.line("Own at https://archiveofourown.org/works/1000002.", x=60)
    page.space(20)
    for label, values in TAGS:
        value = ", ".join(values)
        if not columns:
            first, _, rest = f"{label} {value}".partition(" Found")
            page.line(first, x=60)
            if rest:
                page.line("Found" + rest, x=60)
        elif label == "Additional Tags:":
            # A label too wide for its column wraps, and so does a long value.
            page.runs([(60, "Additional"), (170, " Lighthouses, Storms, Slow Burn,")])
            page.runs([(60, "Tags:"), (170, "Found Family, Sea Shanties")])
        else:
            page.runs([(60, label), (170, " " + value)])
        page.space(3)
    page.new_page()
    page.line("The Lamp Room", x=230, size=15, bold=True)
    page.space(10)
    page.line("by keeper", x=270)
    page.space(10)
    page.line("Summary", x=60)
    page.paragraph("A keeper, a storm, and the ships that do not come home.", x=90, gap=30)
    page.space(30)
    page.line("Notes", x=60)
    page.paragraph("Written for a friend who loves the sea.", x=90, gap=30)
    page.paragraph("Thanks to my beta reader.", x=90)
    page.space(30)
    page.line("See the end of the work for more notes", x=60, size=8)
    for number, (title, story) in enumerate(
        [("The Storm", CHAPTER_ONE), ("Morning", CHAPTER_TWO)], 1
    ):
        if number == 1:
            page.new_page()
        else:  # a chapter may also start on the page where the last one ended
            page.space(40)
        page.line(f"Chapter {number}: {title}", x=200, size=13, bold=True)
        page.space(10)
        if number == 1:
            page.line("Chapter Notes", x=60)
            page.paragraph("This chapter has a storm in it.", x=90, gap=30)
            page.space(20)
        for text in story:
            page.paragraph(text, x=90)
        if number == 2:
            page.space(30)
            page.line("Chapter End Notes", x=60)
            page.paragraph("More soon.", x=90, gap=30)
    page.new_page()
    page.line("End Notes", x=60)
    page.paragraph("Thank you for reading this far.", x=90, gap=30)
    page.space(30)
    page.line(
        "Please drop by the Archive and comment to let the creator know if you enjoyed their work!",
        x=80,
    )
    return make_pdf(page.pages, title="The Lamp Room")


NOVEL = [_story(5, 30), _story(6, 30)]


def novel_pdf() -> bytes:
    """A book-like PDF: running header and page numbers, indented paragraphs, no gaps."""
    page = Composer(pitch=13)
    page.line("The Long Ferry", x=220, size=20, bold=True)
    page.space(30)
    page.line("a novel by Ada Quill", x=240)
    for number, story in enumerate(NOVEL, 1):
        page.new_page()
        page.line(f"Chapter {number}", x=260, size=16, bold=True)
        page.space(20)
        for text in story:
            lines = textwrap.wrap(text, 90)
            page.line(lines[0], x=90)
            for line in lines[1:]:
                page.line(line, x=72)
    for number, runs in enumerate(page.pages, 1):
        runs.insert(0, (250, 770, 9, False, "Salt Roads"))
        runs.append((290, 40, 9, False, f"Page {number}"))
    return make_pdf(page.pages)


def _body(doc: Document) -> list[str]:
    return [
        _WS.sub(" ", doc.span_text(p))
        for p in doc.layer(layers.PARAGRAPHS)
        if p.label == layers.ROLE_BODY
    ]


def _chapter_body(doc: Document, index: int) -> list[str]:
    chapter = doc.layer(layers.CHAPTERS)[index]
    return [
        _WS.sub(" ", doc.span_text(p))
        for p in doc.layer(layers.PARAGRAPHS)
        if p.label == layers.ROLE_BODY and chapter.start <= p.start < chapter.end
    ]


@pytest.mark.parametrize("columns", [True, False])
def test_ao3_pdf_metadata(columns: bool) -> None:
    doc = read_bytes(ao3_pdf(columns=columns), "lamp.pdf")
    meta = doc.meta
    assert doc.source.format == "ao3-pdf"
    assert (meta.title, meta.authors) == ("The Lamp Room", ("keeper",))
    assert meta.url == "https://archiveofourown.org/works/1000002"
    assert (meta.rating, meta.warnings, meta.categories, meta.fandoms) == (
        "Teen And Up Audiences",
        ("No Archive Warnings Apply",),
        ("F/F",),
        ("Original Work",),
    )
    assert meta.relationships == ("Mara/Ines",)
    assert meta.characters == ("Mara", "Ines", "Old Tom")
    assert meta.freeform == ("Lighthouses", "Storms", "Slow Burn", "Found Family", "Sea Shanties")
    assert meta.language == "English"
    assert (meta.published, meta.updated, meta.words_stated) == ("2021-01-02", "2021-02-03", 1234)
    assert (meta.chapters_posted, meta.chapters_expected, meta.completed) == (2, 3, False)
    assert meta.summary == "A keeper, a storm, and the ships that do not come home."


def test_ao3_pdf_chapters_and_notes() -> None:
    doc = read_bytes(ao3_pdf(), "lamp.pdf")
    assert [c.label for c in doc.layer(layers.CHAPTERS)] == ["The Storm", "Morning"]
    notes = [(n.label, n.attrs["chapter"], doc.span_text(n)) for n in doc.layer(layers.NOTES)]
    assert notes == [
        ("work_summary", None, "A keeper, a storm, and the ships that do not come home."),
        (
            "work_notes",
            None,
            "Written for a friend who loves the sea.\n\nThanks to my beta reader.",
        ),
        ("chapter_notes", 1, "This chapter has a storm in it."),
        ("chapter_end_notes", 2, "More soon."),
        ("work_end_notes", None, "Thank you for reading this far."),
    ]
    assert _chapter_body(doc, 0) == CHAPTER_ONE
    assert _chapter_body(doc, 1) == CHAPTER_TWO
    assert "Please drop by" not in doc.text
    assert "See the end of the work" not in doc.text


def test_generic_pdf_drops_running_lines_and_rejoins_paragraphs() -> None:
    doc = read_bytes(novel_pdf(), "novel.pdf")
    assert doc.source.format == "text"
    assert doc.meta.title == "The Long Ferry"
    front = [doc.span_text(p) for p in doc.layer(layers.PARAGRAPHS) if p.label == "front"]
    assert front == ["The Long Ferry", "a novel by Ada Quill"]
    assert "Salt Roads" not in doc.text
    assert "Page " not in doc.text
    assert [c.label for c in doc.layer(layers.CHAPTERS)] == ["Chapter 1", "Chapter 2"]
    assert _chapter_body(doc, 0) == NOVEL[0]
    assert _chapter_body(doc, 1) == NOVEL[1]


def test_pdf_metadata_is_used_for_generic_pdfs() -> None:
    page = Composer()
    page.paragraph("Just one short paragraph of text.")
    doc = read_bytes(make_pdf(page.pages, title="Tiny"), "tiny.pdf")
    assert (doc.meta.title, doc.meta.authors) == ("Tiny", ("Ada Quill",))
    assert _body(doc) == ["Just one short paragraph of text."]
    assert len(doc.layer(layers.CHAPTERS)) == 0


def test_pdf_named_txt_is_read_as_pdf() -> None:
    doc = read_bytes(ao3_pdf(), "lamp.txt")
    assert doc.source.format == "ao3-pdf"


def _error(data: bytes) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_bytes(data, "bad.pdf")
    return info.value


def test_truncated_pdf() -> None:
    data = ao3_pdf()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 40):
        err = _error(data[:cut])
        assert "damaged PDF" in err.problem
        assert err.code == "damaged"


def test_encrypted_pdf() -> None:
    writer = PdfWriter(clone_from=io.BytesIO(ao3_pdf()))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    err = _error(locked.getvalue())
    assert "password-protected" in err.problem
    assert err.code == "encrypted"


def test_pdf_with_only_an_owner_password_is_readable() -> None:
    writer = PdfWriter(clone_from=io.BytesIO(ao3_pdf()))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert read_bytes(out.getvalue(), "owner.pdf").meta.title == "The Lamp Room"


def test_pdf_without_text() -> None:
    err = _error(make_pdf([[], []]))
    assert "no text layer" in err.problem


# --- the real AO3 download (shared data) ---------------------------------------------------


def _chapter_texts(doc: Document) -> list[str]:
    return [" ".join(_chapter_body(doc, i)).strip() for i in range(len(doc.layer(layers.CHAPTERS)))]


def test_real_ao3_pdf_matches_html_download(shared: Path) -> None:
    folder = shared / "data" / "ao3"
    reference = read_path(folder / "work-23009290.html")
    doc = read_path(folder / "work-23009290.pdf")
    assert doc.source.format == "ao3-pdf"
    assert (doc.meta.title, doc.meta.authors) == (reference.meta.title, reference.meta.authors)
    assert _chapter_texts(doc) == _chapter_texts(reference)
    assert _body(doc) == _body(reference)  # paragraph boundaries too, across page breaks
    for name in ("rating", "warnings", "categories", "fandoms", "relationships", "characters"):
        assert getattr(doc.meta, name) == getattr(reference.meta, name), name
    assert doc.meta.freeform == reference.meta.freeform
    assert doc.meta.summary == reference.meta.summary
    assert [n.label for n in doc.layer(layers.NOTES)] == [
        n.label for n in reference.layer(layers.NOTES)
    ]
    stated = reference.meta.words_stated
    assert stated
    assert abs(sum(count_words(t) for t in _body(doc)) - stated) <= 0.01 * stated


def test_real_ao3_pdf_named_txt(shared: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "story.txt"
    renamed.write_bytes((shared / "data" / "ao3" / "work-23009290.pdf").read_bytes())
    assert read_path(renamed).source.format == "ao3-pdf"


def test_real_ao3_pdf_truncated(shared: Path) -> None:
    data = (shared / "data" / "ao3" / "work-23009290.pdf").read_bytes()
    for cut in (1000, len(data) // 2, len(data) - 100):
        with pytest.raises(IngestError, match="damaged PDF"):
            read_bytes(data[:cut], "cut.pdf")
