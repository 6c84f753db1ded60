"""EPUB files: AO3 downloads, FanFicFare output and any other DRM-free EPUB.

The archive is read through `SafeZip` (no extraction, zip-bomb and path checks), and every
XML part is parsed without entity expansion, DTD loading or network access. The reading
order is the OPF spine. An AO3 EPUB is calibre's conversion of the HTML download, so its
spine documents are joined back into one tree and read by the AO3 HTML reader; the
result matches the HTML download of the same work.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, replace
from html.entities import html5
from urllib.parse import unquote

from lxml import etree

from ficlens.document import Document, Series, SourceInfo, WorkMeta
from ficlens.errors import IngestError
from ficlens.ingest.ao3_html import read_ao3_tree
from ficlens.ingest.ao3_meta import chapter_title
from ficlens.ingest.builder import TextBuilder
from ficlens.ingest.htmltext import blocks, element_text, local_tag, parse_html
from ficlens.ingest.safezip import SafeZip
from ficlens.layers import ROLE_BODY, ROLE_HEADING

_CONTAINER = "META-INF/container.xml"
_ENCRYPTION = "META-INF/encryption.xml"
_XHTML_TYPES = frozenset(["application/xhtml+xml", "text/html", "text/x-oeb1-document"])
_FONT_OBFUSCATION = frozenset(
    ["http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"]
)
_FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2", ".eot")
_SKIP_GUIDE_TYPES = frozenset(["cover", "toc", "title-page", "copyright-page"])
_CONTENTS = re.compile(r"^(?:table of )?contents$", re.I)
_MIN_UNTITLED_WORDS = 100
_WORD = re.compile(r"\w[\w'’-]*")


def read_epub(data: bytes, source: SourceInfo) -> Document:
    """Read an EPUB (sniffed as a ZIP archive) into a `Document`."""
    path = source.path
    archive = SafeZip(data, path)
    _refuse_drm(archive)
    opf_path = _package_path(archive)
    package = _Package(_parse_xml(archive.read(opf_path), path, "package file"), opf_path, path)
    if package.is_fanficfare() or archive.has("OEBPS/title_page.xhtml"):
        from ficlens.ingest.fff import read_fff_epub  # noqa: PLC0415 (loads on demand)

        return read_fff_epub(archive, package.root, replace(source, format="fff-epub"))
    docs = [(name, _parse_xhtml(archive.read(name), path, name)) for name in package.spine(archive)]
    if not docs:
        raise IngestError(path, "the EPUB's reading order (spine) lists no pages", code="epub")
    if package.is_ao3() or any(_has_ao3_preface(root) for _, root in docs[:3]):
        return _read_ao3_epub(docs, package, replace(source, format="ao3-epub"))
    return _read_generic(docs, package, replace(source, format="epub"))


def _read_ao3_epub(
    docs: list[tuple[str, etree._Element]], package: _Package, source: SourceInfo
) -> Document:
    """Join calibre's split files back into one tree and read it as the HTML download."""
    merged = etree.Element("body")
    for _, root in docs:
        merged.append(_body(root))
    doc = read_ao3_tree(merged, source)
    meta = doc.meta
    opf = package.meta()
    filled = replace(
        meta,
        title=meta.title or opf.title,
        authors=meta.authors or opf.authors,
        summary=meta.summary or opf.summary,
        series=meta.series or opf.series,
    )
    return replace(doc, meta=filled)


def _read_generic(
    docs: list[tuple[str, etree._Element]], package: _Package, source: SourceInfo
) -> Document:
    """One chapter per spine page that has a heading (h1-h3) or a substantial amount of text;
    cover, title and contents pages are left out."""
    meta = package.meta()
    skipped = package.guide_pages()
    builder = TextBuilder()
    index = 0
    for name, root in docs:
        if name in skipped:
            continue
        body = _body(root)
        heading_el = next((el for el in body.iter() if local_tag(el) in ("h1", "h2", "h3")), None)
        heading = element_text(heading_el) if heading_el is not None else ""
        if heading_el is not None:
            _remove_keeping_tail(heading_el)
        found = list(blocks(body))
        words = sum(len(_WORD.findall(b.text)) for b in found)
        untitled = not heading or _CONTENTS.match(heading) or heading == meta.title
        if untitled and words < _MIN_UNTITLED_WORDS:
            continue
        index += 1
        with builder.chapter(index, chapter_title(heading) if heading else None):
            builder.add(heading, ROLE_HEADING, _line(heading_el))
            for block in found:
                if block.is_break:
                    builder.scene_break()
                else:
                    builder.add(block.text, ROLE_BODY, block.line)
    if index == 0:
        raise IngestError(source.path, "no story text found in this EPUB", code="empty")
    return builder.build(meta, source)


@dataclass(frozen=True)
class _Item:
    """A manifest entry: archive member name, media type and EPUB 3 properties."""

    path: str
    media_type: str
    properties: str


class _Package:
    """The OPF package document: metadata, manifest and spine."""

    def __init__(self, root: etree._Element, opf_path: str, path: str) -> None:
        if local_tag(root) != "package":
            raise IngestError(path, "the EPUB's package file is not an OPF package", code="epub")
        self.root = root
        self.path = path
        base = posixpath.dirname(opf_path)
        self.metadata = _child(root, "metadata")
        self.manifest: dict[str, _Item] = {}
        manifest = _child(root, "manifest")
        for el in manifest if manifest is not None else ():
            href = el.get("href")
            if local_tag(el) == "item" and el.get("id") and href:
                target = posixpath.normpath(posixpath.join(base, unquote(href.split("#")[0])))
                self.manifest[el.get("id") or ""] = _Item(
                    target, (el.get("media-type") or "").lower(), el.get("properties") or ""
                )
        self.base = base

    def values(self, name: str) -> list[str]:
        """Texts of the metadata elements called `name` (dc:title, dc:creator, ...)."""
        if self.metadata is None:
            return []
        found = (
            " ".join("".join(t for t in el.itertext() if isinstance(t, str)).split())
            for el in self.metadata.iter()
            if local_tag(el) == name
        )
        return [v for v in found if v]

    def named_meta(self, name: str) -> str | None:
        """Content of ``<meta name="...">`` (calibre's series fields)."""
        if self.metadata is None:
            return None
        for el in self.metadata.iter():
            if local_tag(el) == "meta" and el.get("name") == name:
                return el.get("content")
        return None

    def is_fanficfare(self) -> bool:
        """FanFicFare stamps its identifier ``fanficfare-uid:<site>-u<author>-s<story>``."""
        return any(v.startswith("fanficfare-uid:") for v in self.values("identifier"))

    def is_ao3(self) -> bool:
        """AO3's calibre conversion names the archive as publisher."""
        return "Archive of Our Own" in self.values("publisher")

    def spine(self, archive: SafeZip) -> list[str]:
        """Member names of the linear XHTML pages in reading order."""
        spine = _child(self.root, "spine")
        if spine is None:
            raise IngestError(self.path, "the EPUB has no reading order (spine)", code="epub")
        names = []
        for ref in spine:
            if local_tag(ref) != "itemref" or ref.get("linear") == "no":
                continue
            idref = ref.get("idref") or ""
            item = self.manifest.get(idref)
            if item is None:
                raise IngestError(
                    self.path,
                    f"the EPUB's reading order names an item its manifest lacks ({idref!r})",
                    code="epub",
                )
            if item.media_type not in _XHTML_TYPES or "nav" in item.properties.split():
                continue
            if not archive.has(item.path):
                raise IngestError(
                    self.path, f"the EPUB is missing the page {item.path!r}", code="epub"
                )
            names.append(item.path)
        return names

    def guide_pages(self) -> set[str]:
        """Pages the OPF guide marks as cover, contents, title or copyright page."""
        guide = _child(self.root, "guide")
        pages = set()
        for ref in guide if guide is not None else ():
            href = ref.get("href")
            if local_tag(ref) == "reference" and ref.get("type") in _SKIP_GUIDE_TYPES and href:
                pages.add(
                    posixpath.normpath(posixpath.join(self.base, unquote(href.split("#")[0])))
                )
        return pages

    def meta(self) -> WorkMeta:
        """Work metadata stated by the OPF: title, authors, language, summary, subjects."""
        creators = [
            el
            for el in (self.metadata.iter() if self.metadata is not None else ())
            if local_tag(el) == "creator"
        ]
        authors = [
            " ".join(element_text(el).split())
            for el in creators
            if _attr(el, "role") in (None, "aut")
        ]
        description = next(iter(self.values("description")), None)
        source = next((v for v in self.values("source") if v.startswith("http")), None)
        date = next(iter(self.values("date")), "")
        series_title = self.named_meta("calibre:series")
        index = self.named_meta("calibre:series_index") or ""
        part = int(float(index)) if re.fullmatch(r"\d+(?:\.0+)?", index) else None
        return WorkMeta(
            title=next(iter(self.values("title")), None),
            authors=tuple(a for a in authors if a),
            url=source,
            language=next(iter(self.values("language")), None),
            summary=_html_to_text(description, self.path) if description else None,
            freeform=tuple(self.values("subject")),
            published=date[:10] if re.match(r"\d{4}-\d{2}-\d{2}", date) else None,
            series=(Series(series_title, part),) if series_title else (),
        )


def _attr(el: etree._Element, name: str) -> str | None:
    """An attribute whatever its namespace (``opf:role`` or plain ``role``)."""
    for key, value in el.attrib.items():
        if str(key).rsplit("}", 1)[-1] == name:
            return str(value)
    return None


def _line(el: etree._Element | None) -> int | None:
    """An element's source line, if the parser recorded one."""
    line = el.sourceline if el is not None else None
    return line if isinstance(line, int) else None


def _child(el: etree._Element, name: str) -> etree._Element | None:
    """First child with local name `name` (OPF namespaces vary between EPUB versions)."""
    return next((c for c in el if local_tag(c) == name), None)


def _body(root: etree._Element) -> etree._Element:
    """A page's ``body`` (the root itself if it has none)."""
    return next((el for el in root.iter() if local_tag(el) == "body"), root)


def _has_ao3_preface(root: etree._Element) -> bool:
    """An AO3 preface page, for AO3 EPUBs whose OPF lost its publisher."""
    return any(el.get("id") == "preface" for el in root.iter()) and any(
        "Archive of Our Own" in t for t in root.itertext() if isinstance(t, str)
    )


def _replace_entities(root: etree._Element) -> None:
    """Swap entity references left unexpanded (the XHTML DTD is never loaded) for the HTML
    characters they name; unknown or external entities are dropped."""
    for ref in list(root.iter(etree.Entity)):
        _remove_keeping_tail(ref, html5.get((ref.text or "").lstrip("&"), ""))


def _remove_keeping_tail(el: etree._Element, prefix: str = "") -> None:
    """Remove an element but keep the text after it (preceded by `prefix`)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = prefix + (el.tail or "")
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _html_to_text(markup: str, path: str) -> str:
    """Plain text of an HTML fragment such as calibre's escaped ``dc:description``."""
    if "<" not in markup:
        return markup
    found = blocks(parse_html(f"<div>{markup}</div>", path))
    return "\n\n".join(b.text for b in found if not b.is_break)


def _xml_parser() -> etree.XMLParser:
    """A parser for untrusted XML: no entity expansion, DTD loading or network access."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _parse_xml(data: bytes, path: str, what: str) -> etree._Element:
    """Parse an EPUB's XML part strictly, without entities, DTDs or network access."""
    try:
        return etree.fromstring(data.removeprefix(b"\xef\xbb\xbf").lstrip(), _xml_parser())
    except etree.XMLSyntaxError as exc:
        raise IngestError(
            path, f"the EPUB's {what} is not well-formed XML ({exc})", code="epub"
        ) from exc


def _parse_xhtml(data: bytes, path: str, name: str) -> etree._Element:
    """Parse a page as XHTML, or leniently as HTML when it is not well-formed (common)."""
    try:
        root = etree.fromstring(data.removeprefix(b"\xef\xbb\xbf").lstrip(), _xml_parser())
    except etree.XMLSyntaxError:
        pass
    else:
        _replace_entities(root)
        return root
    try:
        loose: etree._Element = parse_html(data, path)
    except IngestError as exc:
        raise IngestError(path, f"the EPUB page {name!r} cannot be parsed", code="epub") from exc
    return loose


def _package_path(archive: SafeZip) -> str:
    """The OPF named by META-INF/container.xml; `IngestError` for ZIPs that are not EPUBs."""
    path = archive.path
    if not archive.has(_CONTAINER):
        opfs = [n for n in archive.names() if n.lower().endswith(".opf")]
        if len(opfs) == 1:
            return opfs[0]
        raise IngestError(path, _not_epub(archive), code="not-epub")
    container = _parse_xml(archive.read(_CONTAINER), path, "container.xml")
    rootfiles = [
        el for el in container.iter() if local_tag(el) == "rootfile" and el.get("full-path")
    ]
    rootfiles.sort(key=lambda el: el.get("media-type") != "application/oebps-package+xml")
    if not rootfiles:
        raise IngestError(path, "the EPUB's container.xml names no package file", code="epub")
    opf = unquote(rootfiles[0].get("full-path") or "")
    if not archive.has(opf):
        raise IngestError(path, f"the EPUB's package file {opf!r} is missing", code="epub")
    return opf


def _not_epub(archive: SafeZip) -> str:
    """The message for a ZIP without an EPUB package, naming what it looks like instead."""
    names = archive.names()
    if "word/document.xml" in names:
        kind = " (a Word .docx document)"
    elif "mimetype" in names and archive.read("mimetype").startswith(
        b"application/vnd.oasis.opendocument"
    ):
        kind = " (an OpenDocument file)"
    else:
        kind = ""
    return f"a ZIP archive that is not an EPUB{kind}"


def _refuse_drm(archive: SafeZip) -> None:
    """Refuse EPUBs whose content is encrypted (font obfuscation alone is fine)."""
    if not archive.has(_ENCRYPTION):
        return
    root = _parse_xml(archive.read(_ENCRYPTION), archive.path, "encryption.xml")
    for data in (el for el in root.iter() if local_tag(el) == "encrypteddata"):
        method = next((el for el in data.iter() if local_tag(el) == "encryptionmethod"), None)
        ref = next((el for el in data.iter() if local_tag(el) == "cipherreference"), None)
        algorithm = method.get("Algorithm") if method is not None else None
        uri = (ref.get("URI") if ref is not None else None) or ""
        if algorithm in _FONT_OBFUSCATION or uri.lower().endswith(_FONT_SUFFIXES):
            continue
        raise IngestError(
            archive.path,
            "the EPUB is DRM-protected (its text is encrypted); only DRM-free files can be read",
            code="drm",
        )
