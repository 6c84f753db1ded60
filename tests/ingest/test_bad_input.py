"""Bad and awkward input through `ficlens.ingest.read_path`: every failure is an
`IngestError` naming the file and the problem; awkward encodings read correctly."""

from __future__ import annotations

import codecs
import random
import tracemalloc
from pathlib import Path

import pytest

from ficlens.errors import IngestError
from ficlens.ingest import read_path
from ficlens.ingest.sniff import sniff_binary

STORY = (
    "“Tea?” she asked. The café was closed, so they sat on the step instead.\n\n"
    "“Always,” he said, and meant it. Zoë brought the naïve little teapot anyway.\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def failure(path: Path) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_path(path)
    error = caught.value
    assert error.path == str(path)
    assert str(error) == f"{path}: {error.problem}"
    return error


# --- not a story at all ---------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    error = failure(write(tmp_path, "empty.txt", b""))
    assert (error.problem, error.code) == ("the file is empty", "empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    error = failure(write(tmp_path, "blank.txt", b"  \n\t\n   \r\n\n"))
    assert error.code == "empty"
    assert error.problem in {"the file is empty", "the file contains only whitespace"}


def test_random_bytes(tmp_path: Path) -> None:
    junk = random.Random(7).randbytes(4096)
    error = failure(write(tmp_path, "junk.txt", junk))
    assert (error.problem, error.code) == (
        "binary data, not text or a known e-book format",
        "binary",
    )


def test_control_characters_without_nul_bytes(tmp_path: Path) -> None:
    error = failure(write(tmp_path, "ctrl.txt", b"hello \x01\x02\x03\x04\x05 world " * 40))
    assert error.code == "binary"


def test_png_named_txt(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(200)
    error = failure(write(tmp_path, "cover.txt", data))
    assert error.problem == "this is a PNG image, not a story file"


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 20 100 Td (The kettle sang.) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path = write(tmp_path, "story.txt", bytes(out))
    assert sniff_binary(bytes(out), str(path)) == "pdf"
    try:
        doc = read_path(path)
    except IngestError as error:  # the PDF reader may refuse a file this small
        assert error.path == str(path)
    else:
        # Read by the PDF reader (which may label a non-AO3 PDF "text", as the contract
        # allows), not decoded as a text file: the page's words, none of the PDF syntax.
        assert "The kettle sang." in doc.text
        assert "%PDF" not in doc.text and "endobj" not in doc.text


def test_missing_file(tmp_path: Path) -> None:
    error = failure(tmp_path / "nope.txt")
    assert error.problem == "cannot open the file (No such file or directory)"
    assert error.code == "missing"


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "stories.txt"
    folder.mkdir()
    error = failure(folder)
    assert error.problem == "is a folder, not a file"


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + STORY.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"), "utf-16"),
        (STORY.encode("utf-16-le"), "utf-16-le"),
        (STORY.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_unicode_encodings_and_byte_order_marks(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = read_path(write(tmp_path, "story.txt", data))
    assert doc.text == STORY
    assert "\ufeff" not in doc.text
    assert (doc.source.format, doc.source.encoding) == ("text", encoding)
    assert doc.span_text(doc.layer("paragraphs")[0]).startswith("“Tea?”")


def test_windows_1252_curly_quotes_and_accents(tmp_path: Path) -> None:
    doc = read_path(write(tmp_path, "story.txt", STORY.encode("cp1252")))
    assert doc.text == STORY


def test_latin_1_accents(tmp_path: Path) -> None:
    text = "Le café était fermé. Élodie a dit « non » à son frère, deux fois.\n\nIl a ri.\n"
    doc = read_path(write(tmp_path, "histoire.txt", text.encode("latin-1")))
    assert doc.text == text


# --- HTML -----------------------------------------------------------------------------------


def test_malformed_html(tmp_path: Path) -> None:
    page = b"<html><body><p>One <b>bold <i>unclosed<p>Two<div>Three<p>Four</span></table>"
    doc = read_path(write(tmp_path, "broken.html", page))
    assert doc.source.format == "html"
    assert [doc.span_text(p) for p in doc.layer("paragraphs")] == [
        "One bold unclosed",
        "Two",
        "Three",
        "Four",
    ]


def test_html_scripts_handlers_and_javascript_links_never_reach_the_text(tmp_path: Path) -> None:
    page = (
        b"<html><head><script>var secret = 'SCRIPT-TEXT';</script></head><body>"
        b"<p onclick=\"steal('HANDLER-TEXT')\">The lamp was lit.</p>"
        b"<p>She took <a href=\"javascript:steal('LINK-TEXT')\">the stairs</a> two at a time.</p>"
        b"<script>document.write('WRITTEN-TEXT')</script><noscript>NOSCRIPT-TEXT</noscript>"
        b"<p>At the top, the sea.</p></body></html>"
    )
    doc = read_path(write(tmp_path, "page.html", page))
    for secret in ("SCRIPT", "HANDLER", "LINK", "WRITTEN", "NOSCRIPT", "steal", "javascript"):
        assert secret not in doc.text
    assert "She took the stairs two at a time." in doc.text


# --- size -----------------------------------------------------------------------------------


def test_fifty_megabyte_text_reads_in_bounded_memory(tmp_path: Path) -> None:
    sentence = (
        "Mara climbed the last of the iron stairs with the oil can knocking against her knee, "
        "and below her the sea was a grey sheet pulled tight over the rocks. "
    )
    paragraph = (sentence * 3).strip() + "\n\n"
    chapter = paragraph * 60 + "\n\n\n* * *\n\n\n" + paragraph * 60
    count = 50_000_000 // (len(chapter) + 16) + 1
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, count + 1):
            out.write(f"Chapter {n}\n\n{chapter}")
    size = path.stat().st_size
    assert size >= 50_000_000

    doc = read_path(path)
    assert len(doc.layer("chapters")) == count
    assert len(doc.layer("breaks")) == count
    del doc

    tracemalloc.start()
    try:
        read_path(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 6 * size, f"peak {peak / size:.1f}x the file size"
