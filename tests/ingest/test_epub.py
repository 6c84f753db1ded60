"""The EPUB reader: AO3 (calibre) EPUBs, generic EPUBs, and hostile or broken archives."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from ficlens import layers
from ficlens.document import Document, Series
from ficlens.errors import IngestError
from ficlens.ingest import read_bytes, read_path

XHTML_NS = "http://www.w3.org/1999/xhtml"
SECTIONS = ("preface", "chapters", "afterword")
WORD = re.compile(r"\w[\w'’-]*")
_WS = re.compile(r"\s+")


XHTML_DTD = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
    '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
)


def _page(body: str, doctype: str = "") -> str:
    return (
        f"<?xml version='1.0' encoding='utf-8'?>\n{doctype}"
        f'<html xmlns="{XHTML_NS}"><head><title>t</title></head>'
        f"<body>{body}</body></html>"
    )


def _opf(pages: list[str], metadata: str, guide: str = "") -> str:
    items = "".join(
        f'<item id="p{i}" href="{name}" media-type="application/xhtml+xml"/>'
        for i, name in enumerate(pages)
    )
    spine = "".join(f'<itemref idref="p{i}"/>' for i in range(len(pages)))
    return (
        "  <?xml version='1.0' encoding='utf-8'?>\n"  # calibre writes leading spaces
        '<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:opf="http://www.idpf.org/2007/opf">'
        f"{metadata}</metadata><manifest>{items}</manifest>"
        f'<spine toc="ncx">{spine}</spine>{guide}</package>'
    )


CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="{opf}" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)


def _zip(members: dict[str, str | bytes], *, epub: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if epub:
            zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _epub(
    pages: dict[str, str],
    metadata: str = "<dc:title>T</dc:title>",
    *,
    opf_dir: str = "OEBPS",
    extra: dict[str, str | bytes] | None = None,
    guide: str = "",
) -> bytes:
    prefix = f"{opf_dir}/" if opf_dir else ""
    opf_path = f"{prefix}content.opf"
    members: dict[str, str | bytes] = {
        "META-INF/container.xml": CONTAINER.format(opf=opf_path),
        opf_path: _opf(list(pages), metadata, guide=guide),
    }
    members.update({prefix + name: body for name, body in pages.items()})
    members.update(extra or {})
    return _zip(members)


def _body_paragraphs(doc: Document) -> list[str]:
    return [doc.span_text(p) for p in doc.layer(layers.PARAGRAPHS) if p.label == layers.ROLE_BODY]


def _chapter_texts(doc: Document) -> list[str]:
    body = [p for p in doc.layer(layers.PARAGRAPHS) if p.label == layers.ROLE_BODY]
    return [
        _WS.sub(" ", " ".join(doc.span_text(p) for p in body if c.start <= p.start < c.end))
        for c in doc.layer(layers.CHAPTERS)
    ]


# --- AO3 flavour: calibre's conversion of the HTML download ----------------------------------


def _calibre_pages(html_path: Path) -> dict[str, str]:
    """Split an AO3 HTML download the way calibre does: one file per section, chapters split
    at the second chapter (if any) with the section wrapper repeated, classes renamed."""
    root = etree.fromstring(html_path.read_bytes())
    renames = {"meta": "calibre1", "meta group": "calibre1", "userstuff": "userstuff1"}
    for el in root.iter():
        cls = el.get("class")
        if cls in renames and not (cls == "userstuff" and el.tag.endswith("blockquote")):
            el.set("class", renames[cls])
        if el.tag.endswith("}dd"):
            el.set("class", "calibre4")
    sections = {el.get("id"): el for el in root.iter() if el.get("id") in SECTIONS}
    chapters = sections["chapters"]
    groups = [c for c in chapters if c.get("class") == "calibre1" and c.get("id") is None]
    head = etree.Element("div")
    split_at = list(chapters).index(groups[1]) if len(groups) > 1 else 0
    for el in list(chapters)[:split_at]:
        head.append(el)

    def wrap(inner: etree._Element) -> str:
        parts = "".join(etree.tostring(c, encoding="unicode") for c in inner)
        return _page(f'<div class="userstuff1" id="chapters">{parts}</div>')

    return {
        "Ledger_split_000.xhtml": _page(etree.tostring(sections["preface"], encoding="unicode")),
        "Ledger_split_001.xhtml": wrap(head),
        "Ledger_split_002.xhtml": wrap(chapters),
        "Ledger_split_003.xhtml": _page(etree.tostring(sections["afterword"], encoding="unicode")),
    }


AO3_OPF_META = (
    "<dc:title>The Lighthouse Keeper's Ledger</dc:title>"
    '<dc:creator opf:role="aut">wren_and_ink</dc:creator>'
    "<dc:publisher>Archive of Our Own</dc:publisher>"
    "<dc:subject>Fanworks</dc:subject><dc:subject>Slow Burn</dc:subject>"
)


@pytest.fixture
def ao3_pair(fixtures: Path) -> tuple[Document, Document]:
    html_path = fixtures / "ao3" / "chaptered-current.html"
    epub = _epub(_calibre_pages(html_path), AO3_OPF_META, opf_dir="")
    return read_path(html_path), read_bytes(epub, "ledger.epub")


def test_ao3_epub_matches_html_download(ao3_pair: tuple[Document, Document]) -> None:
    html, epub = ao3_pair
    assert epub.source.format == "ao3-epub"
    assert epub.meta == html.meta
    assert epub.text == html.text
    for name in layers.INGEST_LAYERS:
        assert list(epub.layer(name)) == list(html.layer(name)), name


def test_ao3_epub_keeps_typed_tags_not_opf_subjects(ao3_pair: tuple[Document, Document]) -> None:
    _, epub = ao3_pair
    assert epub.meta.freeform == ("Slow Burn", "Storms", "Ledgers and Lists")
    assert epub.meta.authors == ("wren_and_ink", "Tallow")
    assert "Fanworks" not in epub.text


def test_ao3_epub_detected_by_preface_without_publisher(fixtures: Path) -> None:
    pages = _calibre_pages(fixtures / "ao3" / "oneshot-current.html")
    doc = read_bytes(_epub(pages, "<dc:title>Tea</dc:title>"), "tea.epub")
    assert doc.source.format == "ao3-epub"
    assert doc.meta.authors == ("Anonymous",)
    assert [c.attrs["index"] for c in doc.layer(layers.CHAPTERS)] == [1]


# --- Generic flavour --------------------------------------------------------------------------

LONG = " ".join(["The river kept its own counsel, as rivers do."] * 15)


def _generic_epub() -> bytes:
    pages = {
        "cover.xhtml": _page('<div><img src="c.jpg" alt="cover"/></div>'),
        "title.xhtml": _page("<h1>River Book</h1><p>by Someone</p>"),
        "ch1.xhtml": _page(
            "<h2>Chapter 1: Source</h2><p>The spring was small.</p><hr/>"
            '<p onclick="steal()">It grew.<script>alert(1)</script></p>'
        ),
        "ch2.xhtml": _page(f"<p>{LONG}</p><p>* * *</p><p>Then the sea.</p>"),
        "ch3.xhtml": _page(
            "<h1>Mouth</h1><p>Salt,&nbsp;at&#160;last&hellip;</p>", doctype=XHTML_DTD
        ),
    }
    metadata = (
        "<dc:title>River Book</dc:title>"
        '<dc:creator opf:role="aut">Ada Stream</dc:creator>'
        '<dc:creator opf:role="edt">Not An Author</dc:creator>'
        "<dc:language>en</dc:language>"
        "<dc:description>&lt;p&gt;A river, &lt;b&gt;start&lt;/b&gt; to end.&lt;/p&gt;"
        "&lt;p&gt;Short.&lt;/p&gt;</dc:description>"
        "<dc:subject>Rivers</dc:subject><dc:subject>Quiet</dc:subject>"
        "<dc:date>2021-04-05T00:00:00+00:00</dc:date>"
        '<meta name="calibre:series" content="Waters"/>'
        '<meta name="calibre:series_index" content="2.0"/>'
    )
    return _epub(pages, metadata)


def test_generic_epub_metadata() -> None:
    doc = read_bytes(_generic_epub(), "river.epub")
    meta = doc.meta
    assert doc.source.format == "epub"
    assert (meta.title, meta.authors, meta.language) == ("River Book", ("Ada Stream",), "en")
    assert meta.summary == "A river, start to end.\n\nShort."
    assert meta.freeform == ("Rivers", "Quiet")
    assert meta.published == "2021-04-05"
    assert meta.series == (Series("Waters", 2),)


def test_generic_epub_chapters_and_breaks() -> None:
    doc = read_bytes(_generic_epub(), "river.epub")
    chapters = [(c.attrs["index"], c.label) for c in doc.layer(layers.CHAPTERS)]
    assert chapters == [(1, "Source"), (2, ""), (3, "Mouth")]
    headings = [doc.span_text(p) for p in doc.layer(layers.PARAGRAPHS) if p.label == "heading"]
    assert headings == ["Chapter 1: Source", "Mouth"]
    assert _body_paragraphs(doc)[:2] == ["The spring was small.", "It grew."]
    assert _body_paragraphs(doc)[-1] == "Salt, at last…"
    assert [doc.span_text(b) for b in doc.layer(layers.BREAKS)] == ["\n\n\n\n", "* * *"]
    for absent in ("River Book", "by Someone", "cover", "steal", "alert"):
        assert absent not in doc.text


def test_guide_pages_and_nav_are_skipped() -> None:
    pages = {
        "toc.xhtml": _page(f"<h1>Contents</h1><p>{LONG}</p>"),
        "a.xhtml": _page("<h1>Only</h1><p>Words.</p>"),
    }
    guide = '<guide><reference type="toc" href="toc.xhtml" title="Contents"/></guide>'
    doc = read_bytes(_epub(pages, guide=guide), "g.epub")
    assert _body_paragraphs(doc) == ["Words."]


def test_lenient_reading_of_pages_that_are_not_well_formed() -> None:
    page = "<html><body><h1>One</h1><p>Caf&eacute; and&nbsp;tea<p>Unclosed <b>bold</body>"
    doc = read_bytes(_epub({"a.xhtml": page}), "loose.epub")
    assert _body_paragraphs(doc) == ["Café and tea", "Unclosed bold"]


def test_external_entities_are_not_resolved() -> None:
    page = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<html xmlns="{XHTML_NS}"><body><h1>X</h1><p>Before &xxe; after.</p></body></html>'
    )
    doc = read_bytes(_epub({"a.xhtml": page}), "xxe.epub")
    assert "root:" not in doc.text
    assert _body_paragraphs(doc) == ["Before after."]


# --- FanFicFare flavour (reader written elsewhere) --------------------------------------------


def test_fanficfare_epub_is_handed_to_the_fff_reader(fixtures: Path) -> None:
    pytest.importorskip("ficlens.ingest.fff")
    doc = read_path(fixtures / "fff" / "test1-sid1.epub")
    assert doc.source.format == "fff-epub"


# --- Broken and hostile archives --------------------------------------------------------------


def _error(data: bytes) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_bytes(data, "bad.epub")
    return info.value


def test_zip_bomb_member_is_refused() -> None:
    err = _error(_zip({"META-INF/container.xml": CONTAINER, "big.xhtml": b"\0" * 4_000_000}))
    assert err.code == "zip-bomb"


def test_path_traversal_member_is_refused() -> None:
    err = _error(_zip({"../../evil.xhtml": "<p>x</p>", "META-INF/container.xml": CONTAINER}))
    assert "unsafe path" in err.problem


def test_truncated_archive() -> None:
    data = _generic_epub()
    err = _error(data[: len(data) // 2])
    assert "damaged or truncated" in err.problem


@pytest.mark.parametrize(
    ("members", "what"),
    [
        ({"notes.txt": "hello"}, "a ZIP archive that is not an EPUB"),
        ({"word/document.xml": "<w/>", "[Content_Types].xml": "<t/>"}, "Word .docx"),
    ],
)
def test_zip_that_is_not_an_epub(members: dict[str, str | bytes], what: str) -> None:
    err = _error(_zip(members, epub=False))
    assert what in err.problem
    assert err.code == "not-epub"


def test_broken_opf() -> None:
    members: dict[str, str | bytes] = {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": "<package><metadata>",
    }
    err = _error(_zip(members))
    assert "package file is not well-formed XML" in err.problem


def test_container_pointing_nowhere() -> None:
    err = _error(_zip({"META-INF/container.xml": CONTAINER.format(opf="gone.opf")}))
    assert "package file 'gone.opf' is missing" in err.problem


def test_missing_spine_page() -> None:
    members: dict[str, str | bytes] = {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": _opf(["ch1.xhtml"], "<dc:title>T</dc:title>"),
    }
    err = _error(_zip(members))
    assert "missing the page 'ch1.xhtml'" in err.problem


def test_spine_reference_missing_from_manifest() -> None:
    opf = _opf(["a.xhtml"], "").replace('<itemref idref="p0"/>', '<itemref idref="nope"/>')
    members: dict[str, str | bytes] = {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": opf,
        "a.xhtml": _page("<p>x</p>"),
    }
    assert "manifest lacks ('nope')" in _error(_zip(members)).problem


def test_page_that_cannot_be_parsed() -> None:
    err = _error(_epub({"a.xhtml": ""}))
    assert "page 'OEBPS/a.xhtml' cannot be parsed" in err.problem


def test_epub_without_text() -> None:
    err = _error(_epub({"a.xhtml": _page("<div></div>")}))
    assert err.code == "empty"


ENCRYPTION = (
    '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
    'xmlns:enc="http://www.w3.org/2001/04/xmlenc#">'
    '<enc:EncryptedData><enc:EncryptionMethod Algorithm="{alg}"/>'
    '<enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData></enc:EncryptedData>'
    "</encryption>"
)


def test_drm_encrypted_epub_is_refused() -> None:
    enc = ENCRYPTION.format(alg="http://www.w3.org/2001/04/xmlenc#aes128-cbc", uri="OEBPS/a.xhtml")
    data = _epub({"a.xhtml": _page("<h1>A</h1><p>x</p>")}, extra={"META-INF/encryption.xml": enc})
    err = _error(data)
    assert err.code == "drm"
    assert "DRM" in err.problem


def test_font_obfuscation_is_not_drm() -> None:
    enc = ENCRYPTION.format(alg="http://www.idpf.org/2008/embedding", uri="OEBPS/f.otf")
    data = _epub({"a.xhtml": _page("<h1>A</h1><p>x</p>")}, extra={"META-INF/encryption.xml": enc})
    assert _body_paragraphs(read_bytes(data, "fonts.epub")) == ["x"]


# --- Real AO3 files (shared data, read at run time, never copied) -----------------------------


@pytest.fixture
def real_pair(shared: Path) -> tuple[Document, Document]:
    folder = shared / "data" / "ao3"
    return read_path(folder / "work-23009290.html"), read_path(folder / "work-23009290.epub")


def test_real_epub_matches_real_html(real_pair: tuple[Document, Document]) -> None:
    html, epub = real_pair
    assert epub.source.format == "ao3-epub"
    assert (epub.meta.title, epub.meta.authors) == (html.meta.title, html.meta.authors)
    for field in (
        "rating",
        "warnings",
        "categories",
        "fandoms",
        "relationships",
        "characters",
        "freeform",
        "language",
        "series",
    ):
        assert getattr(epub.meta, field) == getattr(html.meta, field), field
    assert html.meta.fandoms and html.meta.relationships and html.meta.characters
    assert len(epub.layer(layers.CHAPTERS)) == len(html.layer(layers.CHAPTERS))
    assert len(html.layer(layers.CHAPTERS)) == html.meta.chapters_posted
    assert _chapter_texts(epub) == _chapter_texts(html)
    assert [n.label for n in epub.layer(layers.NOTES)] == [
        n.label for n in html.layer(layers.NOTES)
    ]


def test_real_epub_word_count_matches_stats(real_pair: tuple[Document, Document]) -> None:
    _, epub = real_pair
    stated = epub.meta.words_stated
    assert stated
    words = sum(len(WORD.findall(p)) for p in _body_paragraphs(epub))
    assert abs(words - stated) <= 0.01 * stated, (words, stated)
