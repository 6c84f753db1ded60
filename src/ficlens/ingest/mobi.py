"""MOBI and AZW3 (KF8) e-books, including AO3's downloads made by calibre.

The container and compression live in `ficlens.ingest.palmdb`; this module turns the book's
markup into a `Document`. A MOBI 6 book holds one flat HTML stream (``<mbp:pagebreak/>``
between sections, headings as bold ``<font>`` paragraphs); a KF8 book holds XHTML files
cut into skeletons and fragments, reassembled here. A combined MOBI 6 + KF8 file is read from
its KF8 part, which keeps the source markup. AO3 books go to the AO3 reader, which knows both
layouts; other books are split into chapters at headings or page breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from types import MappingProxyType

from lxml import etree, html

from ficlens.document import Document, SourceInfo, WorkMeta
from ficlens.errors import IngestError
from ficlens.ingest import palmdb
from ficlens.ingest.builder import TextBuilder
from ficlens.ingest.htmltext import (
    BLOCK_TAGS,
    Block,
    blocks,
    clean_inline,
    element_text,
    local_tag,
    parse_html,
)
from ficlens.ingest.limits import MAX_EBOOK_TEXT
from ficlens.ingest.palmdb import NULL_INDEX, BookHeader, PalmDB, PalmDBError
from ficlens.layers import ROLE_BODY, ROLE_FRONT, ROLE_HEADING

_AO3 = "Archive of Our Own"
_AO3_MESSAGE = re.compile(r"Posted originally on the\s*(?:<[^>]*>\s*)*Archive of Our Own")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HEADINGS = frozenset(["h1", "h2", "h3", "h4"])
_CONTAINERS = frozenset(["body", "div", "section", "article", "main", "center"])
_EMPHASIS = frozenset(["b", "strong", "font", "big"])
_TOC_LINK = re.compile(r"^(?:kindle:pos:|#)")
_AUTHOR_SPLIT = re.compile(r"\s*(?:&|;)\s*")
_NO_SPACE = str.maketrans("", "", " \t\r\n\f\v\xa0\u200b")


@dataclass(frozen=True, slots=True)
class Book:
    """A book's markup (one string per file; plain text for PalmDOC), the header it was read
    with, and its kind: ``palmdoc``, ``mobi`` (MOBI 6, or MOBI 6 + KF8) or ``azw3`` (KF8)."""

    header: BookHeader
    markup: tuple[str, ...]
    kind: str


def read_mobi(data: bytes, source: SourceInfo) -> Document:
    """Read a MOBI, AZW3 or PalmDOC e-book."""
    try:
        book = open_book(data)
    except PalmDBError as exc:
        raise IngestError(source.path, f"cannot read this e-book: {exc}", code=exc.code) from exc
    if book.kind == "palmdoc":
        return _read_palmdoc(book, source)
    publisher = " ".join(book.header.exth_text(palmdb.EXTH_PUBLISHER))
    if _AO3 in publisher or any(_AO3_MESSAGE.search(p) for p in book.markup[:3]):
        from ficlens.ingest.ao3_html import read_ao3_tree  # noqa: PLC0415 (loads on demand)

        return read_ao3_tree(_tree(book, source), replace(source, format=f"ao3-{book.kind}"))
    return _read_generic(_tree(book, source), book, replace(source, format="html"))


def open_book(data: bytes) -> Book:
    """Parse the container and headers and decompress the text; `PalmDBError` on failure."""
    db = palmdb.parse_palmdb(data)
    if db.kind not in (b"BOOKMOBI", b"TEXtREAd"):
        raise PalmDBError(f"not a MOBI book (type {db.kind!r})")
    header = palmdb.parse_book_header(db.record(0))
    _check_readable(header)
    if not header.is_mobi:
        text = palmdb.book_text(db, header, MAX_EBOOK_TEXT)
        return Book(header, (text.decode("cp1252", "replace"),), "palmdoc")
    kind = "azw3" if header.version >= 8 else "mobi"
    base = 0
    boundary = header.exth_int(palmdb.EXTH_KF8_BOUNDARY)
    if header.version < 8 and boundary is not None and boundary not in (0, NULL_INDEX):
        if boundary + 1 >= len(db) or db.record(boundary)[:8] != b"BOUNDARY":
            raise PalmDBError("the KF8 boundary record named in the header is missing")
        base = boundary + 1
        header = palmdb.parse_book_header(db.record(base))
        _check_readable(header)
    text = palmdb.book_text(db, header, MAX_EBOOK_TEXT, first=base + 1)
    if header.version < 8 and base == 0:
        if 0 < header.text_length < len(text):
            text = text[: header.text_length]
        return Book(header, (text.decode(header.encoding, "replace"),), kind)
    parts = palmdb.kf8_parts(db, header, base, _kf8_text_flow(db, header, base, text))
    return Book(header, tuple(p.decode(header.encoding, "replace") for p in parts), kind)


def _check_readable(header: BookHeader) -> None:
    if header.encryption != 0:
        raise PalmDBError("the book is DRM-protected (encrypted); ficlens cannot read it", "drm")


def _kf8_text_flow(db: PalmDB, header: BookHeader, base: int, text: bytes) -> bytes:
    """Flow 0 of a KF8 text stream: the XHTML, without the CSS and SVG flows after it."""
    if header.fdst_index == NULL_INDEX:
        return text
    sections = palmdb.fdst_sections(db.record(base + header.fdst_index))
    if not sections:
        return text
    start, end = sections[0]
    if not start <= end <= len(text):
        raise PalmDBError("the KF8 section table (FDST) points outside the text")
    return text[start:end]


def _tree(book: Book, source: SourceInfo) -> html.HtmlElement:
    """One HTML tree holding the bodies of all of a book's files, in order."""
    roots = (parse_html(_XML_DECLARATION.sub("", part), source.path) for part in book.markup)
    first = next(roots)
    body = first.find("body")
    if body is None:
        body = etree.SubElement(first, "body")
    for root in roots:
        other = root.find("body")
        if other is None:
            other = root
        if other.text and other.text.strip():
            etree.SubElement(body, "p").text = other.text
        for child in list(other):
            body.append(child)
    return first


def _read_palmdoc(book: Book, source: SourceInfo) -> Document:
    """A plain PalmDOC e-text: paragraphs are separated by blank lines or line breaks."""
    text = book.markup[0].replace("\r\n", "\n")
    builder = TextBuilder()
    separator = "\n\n" if "\n\n" in text else "\n"
    for line_no, para in enumerate(text.split(separator), 1):
        builder.add(" ".join(para.split()), ROLE_BODY, line_no)
    if not builder.position:
        raise IngestError(source.path, "the e-book contains no text", code="empty")
    title = book.header.full_name or None
    return builder.build(WorkMeta(title=title), replace(source, format="text"))


@dataclass(slots=True)
class _Section:
    """A chapter of a generic book: its heading (if any) and its paragraphs."""

    title: str | None
    line: int | None
    blocks: list[Block]


def _read_generic(root: html.HtmlElement, book: Book, source: SourceInfo) -> Document:
    """A book not from AO3: EXTH metadata, chapters at headings or page breaks; a leading
    section headed by the book's own title is its title page, not a chapter."""
    meta = _generic_meta(book.header)
    body = root.find("body")
    sections = _sections(body if body is not None else root)
    sections = [s for s in sections if any(not b.is_break for b in s.blocks)]
    if not sections:
        raise IngestError(source.path, "the e-book contains no text", code="empty")
    builder = TextBuilder()
    first = sections[0]
    if len(sections) > 1 and first.title and _same_title(first.title, meta.title):
        builder.add(first.title, ROLE_FRONT, first.line)
        for block in first.blocks:
            builder.add(block.text, ROLE_FRONT, block.line)
        sections = sections[1:]
    if len(sections) == 1 and sections[0].title is None:
        _emit_section(builder, sections[0])
    else:
        for index, section in enumerate(sections, 1):
            with builder.chapter(index, section.title):
                _emit_section(builder, section)
    return builder.build(meta, source)


def _same_title(a: str, b: str | None) -> bool:
    return b is not None and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _emit_section(builder: TextBuilder, section: _Section) -> None:
    if section.title:
        builder.add(section.title, ROLE_HEADING, section.line)
    for block in section.blocks:
        if block.is_break:
            builder.scene_break()
        else:
            builder.add(block.text, ROLE_BODY, block.line)


def _generic_meta(header: BookHeader) -> WorkMeta:
    title = next(iter(header.exth_text(palmdb.EXTH_UPDATED_TITLE)), "") or header.full_name
    authors = [
        name
        for value in header.exth_text(palmdb.EXTH_AUTHOR)
        for name in _AUTHOR_SPLIT.split(value)
        if name
    ]
    description = " ".join(header.exth_text(palmdb.EXTH_DESCRIPTION))
    summary = _html_to_text(description) if description else ""
    language = next(iter(header.exth_text(palmdb.EXTH_LANGUAGE)), "")
    subjects = ", ".join(header.exth_text(palmdb.EXTH_SUBJECT))
    published = next(iter(header.exth_text(palmdb.EXTH_PUBLISHED)), "")[:10]
    return WorkMeta(
        title=title or None,
        authors=tuple(authors),
        language=language or None,
        summary=summary or None,
        published=published if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else None,
        extra=MappingProxyType({"subjects": subjects} if subjects else {}),
    )


def _html_to_text(markup: str) -> str:
    root = html.document_fromstring(f"<div>{markup}</div>")
    return "\n\n".join(b.text for b in blocks(root) if not b.is_break)


def _sections(body: etree._Element) -> list[_Section]:
    """Split a book into chapters: at headings when it has any; otherwise at page breaks,
    taking a section's leading bold/large paragraph (a MOBI 6 heading) as its title."""
    events = list(_events(body))
    by_heading = any(kind == "heading" for kind, _ in events)
    sections = [_Section(None, None, [])]
    for kind, block in events:
        current = sections[-1]
        if kind == "page":
            if not by_heading and (current.blocks or current.title):
                sections.append(_Section(None, None, []))
        elif kind == "heading" or (
            kind == "emphasis" and not by_heading and not current.blocks and not current.title
        ):
            if current.blocks or current.title:
                sections.append(_Section(None, None, []))
            sections[-1].title = block.text.replace("\n", " ")
            sections[-1].line = block.line
        else:
            current.blocks.append(block)
    return sections


def _events(body: etree._Element) -> Iterator[tuple[str, Block]]:
    """The book's content in reading order as ("page" | "heading" | "emphasis" | "text", block).

    "emphasis" is a short paragraph set entirely in bold or a larger font: how MOBI 6 writes
    a heading. Link-only paragraphs of a generated table of contents are left out.
    """
    stack: list[Iterator[etree._Element]] = [iter(body)]
    if body.text and body.text.strip():
        yield "text", Block(clean_inline(body.text), _line(body))
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = local_tag(el)
        if tag.endswith("pagebreak"):
            yield "page", Block("", _line(el), True)
        elif tag in _HEADINGS:
            text = element_text(el)
            if text:
                yield "heading", Block(text, _line(el))
        elif tag in _CONTAINERS and any(local_tag(c) in BLOCK_TAGS for c in el):
            if el.text and el.text.strip():
                yield "text", Block(clean_inline(el.text), _line(el))
            stack.append(iter(el))
        elif tag and not _is_toc_entry(el):
            found = list(blocks(el))
            emphasised = len(found) == 1 and _is_emphasised(el, found[0].text)
            for block in found:
                yield ("emphasis" if emphasised else "text"), block
        if el.tail and el.tail.strip():
            yield "text", Block(clean_inline(el.tail), _line(el))


def _is_emphasised(el: etree._Element, text: str) -> bool:
    if len(text) > 150 or "\n" in text:
        return False
    target = text.translate(_NO_SPACE)
    return any(local_tag(e) in _EMPHASIS and _squashed(e) == target for e in el.iter())


def _is_toc_entry(el: etree._Element) -> bool:
    """A paragraph whose only text is links within the book (a generated table of contents)."""
    links = [
        a
        for a in el.iter()
        if local_tag(a) == "a" and (a.get("filepos") or _TOC_LINK.match(a.get("href") or ""))
    ]
    if not links:
        return False
    return "".join(_squashed(a) for a in links) == _squashed(el)


def _squashed(el: etree._Element) -> str:
    """All text under `el` with every space removed, for comparing what two elements say."""
    return "".join(t for t in el.itertext() if isinstance(t, str)).translate(_NO_SPACE)


def _line(el: etree._Element) -> int | None:
    line = el.sourceline
    return line if isinstance(line, int) else None
