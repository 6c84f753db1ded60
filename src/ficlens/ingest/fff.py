"""Reading FanFicFare's output: TXT (``fff-txt``), HTML (``fff-html``) and EPUB (``fff-epub``).

All three carry the same title page of ``Label: value`` entries, mapped here onto `WorkMeta`
(FanFicFare's "Category" is the fandom; its "Genre" holds AO3 categories and additional
tags), then one section per chapter. The TXT output is wrapped at 78 columns by html2text;
its lines are rejoined into paragraphs and html2text's Markdown marks are removed, so the
canonical text is the reading text. AO3 notes that FanFicFare keeps in
``div.fff_chapter_notes`` become notes of the matching kind.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from lxml import etree, html

from ficlens.document import Document, Series, SourceInfo, WorkMeta
from ficlens.errors import IngestError
from ficlens.ingest.ao3_meta import normalise_tag
from ficlens.ingest.builder import TextBuilder
from ficlens.ingest.htmltext import BLOCK_TAGS, blocks, element_text, local_tag, parse_html
from ficlens.ingest.safezip import SafeZip
from ficlens.layers import PARAGRAPHS, ROLE_BODY, ROLE_HEADING, ROLE_NOTE

# ---------------------------------------------------------------- title-page metadata

_AO3_CATEGORIES = frozenset({"Gen", "F/M", "M/M", "F/F", "Multi", "Other"})
_LIST_LABELS = {
    "warnings": "warnings",
    "characters": "characters",
    "relationships": "relationships",
    "fandoms": "fandoms",
    "ao3 categories": "categories",
    "freeform tags": "freeform",
    "additional tags": "freeform",
    "collections": "collections",
}
_KNOWN_LABELS = frozenset(
    {
        "title",
        "author",
        "series",
        "additional series",
        "series url",
        "category",
        "genre",
        "language",
        "characters",
        "relationships",
        "status",
        "published",
        "updated",
        "packaged",
        "rating",
        "warnings",
        "chapters",
        "words",
        "publisher",
        "story url",
        "author url",
        "summary",
        "extra tags",
        "fandoms",
        "freeform tags",
        "ao3 categories",
        "comments",
        "kudos",
        "hits",
        "bookmarks",
        "collections",
        "chapters/total chapters",
        "total chapters",
    }
)
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d.%m.%Y",
)
_SERIES = re.compile(r"^(.*?)\s*\[(\d+)\]$", re.S)
_STATUS = {"completed": True, "complete": True, "in-progress": False, "in progress": False}


def normalise_date(text: str) -> str | None:
    """A FanFicFare date ("1975-03-15", "2021-06-01 10:00:00", "15 Mar 1975") as YYYY-MM-DD."""
    text = " ".join(text.split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(", ") if part.strip()]


def _int(value: str) -> int | None:
    digits = value.replace(",", "").replace(".", "").strip()
    return int(digits) if digits.isdigit() else None


@dataclass
class _TitlePage:
    """Title-page entries collected in any FanFicFare format, turned into `WorkMeta`."""

    fields: dict[str, Any] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(
        default_factory=lambda: {
            k: [] for k in ("warnings", "categories", "fandoms", "freeform", "collections")
        }
    )
    extra: dict[str, str] = field(default_factory=dict)

    def add(self, label: str, value: str) -> None:
        """Record one ``Label: value`` entry."""
        key = " ".join(label.split()).rstrip(":").lower()
        value = value.strip()
        if not value:
            return
        if key in _LIST_LABELS:
            name = _LIST_LABELS[key]
            items = [normalise_tag(name, item) for item in _split(value)]
            if name in self.lists:
                self.lists[name].extend(items)
            else:
                self.fields[name] = tuple(items)
        elif key in {"category", "genre"}:
            for item in _split(value):
                if item in _AO3_CATEGORIES:
                    self.lists["categories"].append(item)
                else:
                    self.lists["fandoms" if key == "category" else "freeform"].append(item)
        elif not self._add_single(key, value):
            self.extra[label.strip().rstrip(":")] = value

    def _add_single(self, key: str, value: str) -> bool:
        if key in {"title", "language", "rating", "summary"}:
            self.fields[key] = value
        elif key == "author":
            self.fields["authors"] = tuple(_split(value))
        elif key == "story url":
            self.fields["url"] = value
        elif key in {"series", "additional series"}:
            match = _SERIES.match(value)
            series = Series(match.group(1), int(match.group(2))) if match else Series(value)
            self.fields["series"] = (*self.fields.get("series", ()), series)
        elif key == "status" and value.lower() in _STATUS:
            self.fields["completed"] = _STATUS[value.lower()]
        elif key in {"published", "updated"} and normalise_date(value):
            self.fields[key] = normalise_date(value)
        elif key == "words" and _int(value) is not None:
            self.fields["words_stated"] = _int(value)
        elif key in {"chapters", "chapters/total chapters"} and value[:1].isdigit():
            posted, _, expected = value.partition("/")
            self.fields["chapters_posted"] = _int(posted)
            if _int(expected) is not None:
                self.fields["chapters_expected"] = _int(expected)
        elif key == "total chapters" and _int(value) is not None:
            self.fields["chapters_expected"] = _int(value)
        else:
            return False
        return True

    def meta(self, **defaults: Any) -> WorkMeta:
        """The collected entries as `WorkMeta`; `defaults` fill fields the page left empty."""
        values = {k: v for k, v in defaults.items() if v}
        values.update(self.fields)
        for name, items in self.lists.items():
            if items:
                values[name] = tuple(dict.fromkeys(items))
        return WorkMeta(**values, extra=MappingProxyType(dict(self.extra)))


# ---------------------------------------------------------------- AO3 notes kept by FFF

_NOTE_LABELS = {
    "summary for the chapter:": "chapter_summary",
    "notes for the chapter:": "chapter_notes",
    "author's note:": "work_notes",
}


def _note_kind(label: str, *, foot: bool, chapter: int) -> tuple[str, int | None]:
    """The note kind of an FFF note label, in the chapter's head or foot notes."""
    kind = _NOTE_LABELS.get(" ".join(label.split()).lower(), "chapter_notes")
    if kind == "work_notes":
        return ("work_end_notes" if foot else "work_notes"), None
    if foot and kind == "chapter_notes":
        return "chapter_end_notes", chapter
    return kind, chapter


# ---------------------------------------------------------------- TXT

_TITLE_LINE = re.compile(r"^(?:\t| {8})\S")
_LABEL_LINE = re.compile(r"^([A-Z][\w/&'() -]{0,40}?):(?: (.*)|$)")
_HYPHEN_END = re.compile(r"[^\W\d_]{2}-$")
_LIST_ITEM = re.compile(r"^ {2,}(?:[*+-]|\d+\.)\s")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_HEADING = re.compile(r"^#{1,6}\s+")
_IMAGE = re.compile(r" ?!\[[^\]\n]*\]\([^)\s]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
# html2text puts a space between a closing mark and punctuation ("_word_ ,"); it goes too.
_MARK_END = r"(?: (?=[,.;:!?)\]’”]|[\"'](?!\w)))?"
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*" + _MARK_END)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~" + _MARK_END)
_ITALIC = re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)" + _MARK_END)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_NOTE_LABEL_PARA = re.compile(r"^\*\*([^*\n]+:)\*\*$")


def read_fff_txt(text: str, source: SourceInfo) -> Document:
    """Read FanFicFare's TXT output, rejoining its 78-column lines into paragraphs."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end = _end_of_story(lines)
    i = _skip_blank(lines, 0, end)
    title_end = _block_end(lines, i, end)
    page = _TitlePage()
    page.add("Title", _join_wrapped(lines[i:title_end]))
    i = _skip_blank(lines, title_end, end)
    if i < end and lines[i].startswith("by "):
        by_end = _block_end(lines, i, end)
        page.add("Author", _join_wrapped(lines[i:by_end])[3:])
        i = by_end
    i, summary = _read_txt_labels(lines, i, end, page)
    toc: list[str] = []
    if i < end and lines[i].strip() == "TABLE OF CONTENTS":
        i, toc = _read_txt_toc(lines, i + 1, end)
    builder = TextBuilder()
    if summary:
        with builder.note("work_summary"):
            for para in summary:
                builder.add(para, ROLE_NOTE)
    heads = _txt_chapter_heads(lines, i, end, toc)
    for number, (start, body_start, title) in enumerate(heads, start=1):
        stop = heads[number][0] if number < len(heads) else end
        with builder.chapter(number, title or None):
            builder.add(title, ROLE_HEADING, start + 1)
            _add_txt_body(builder, lines, body_start, stop, number)
    doc = builder.build(page.meta(), source)
    _require_text(doc, source)
    return doc


def _end_of_story(lines: list[str]) -> int:
    """Index of the closing "End file." line (or the end when it is missing)."""
    for k in range(len(lines) - 1, max(-1, len(lines) - 20), -1):
        if lines[k].strip() == "End file.":
            return k
        if lines[k].strip():
            break
    return len(lines)


def _skip_blank(lines: list[str], i: int, end: int) -> int:
    while i < end and not lines[i].strip():
        i += 1
    return i


def _block_end(lines: list[str], i: int, end: int) -> int:
    while i < end and lines[i].strip():
        i += 1
    return i


def _join_wrapped(lines: Iterable[str]) -> str:
    """Rejoin lines that `textwrap` split at spaces (or after a hyphen inside a word)."""
    out = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if out and not _HYPHEN_END.search(out):
            out += " "
        out += line
    return out


def _read_txt_labels(lines: list[str], i: int, end: int, page: _TitlePage) -> tuple[int, list[str]]:
    """The ``Label: value`` lines up to the table of contents or the first chapter; returns
    the next line index and the summary's paragraphs."""
    label: str | None = None
    paras: list[list[str]] = []
    summary: list[str] = []

    def flush() -> None:
        if label is None:
            return
        texts = [_join_wrapped(p) for p in paras if p]
        if label.lower() == "summary":
            texts = [_unmark(t) for t in texts]
            summary.extend(texts)
        page.add(label, "\n\n".join(texts))

    while i < end:
        line = lines[i]
        if line.strip() == "TABLE OF CONTENTS" or _TITLE_LINE.match(line):
            break
        match = _LABEL_LINE.match(line)
        if match and (
            match.group(1).lower() in _KNOWN_LABELS or (label or "").lower() != "summary"
        ):
            flush()
            label, paras = match.group(1), [[match.group(2) or ""]]
        elif label is not None:
            if line.strip():
                paras[-1].append(line)
            elif paras[-1]:
                paras.append([])
        i += 1
    flush()
    return i, summary


def _read_txt_toc(lines: list[str], i: int, end: int) -> tuple[int, list[str]]:
    """The table of contents: one (possibly wrapped) entry per blank-separated block."""
    toc: list[str] = []
    while i < end and not _TITLE_LINE.match(lines[i]):
        if lines[i].strip():
            block_end = _block_end(lines, i, end)
            toc.append(_join_wrapped(lines[i:block_end]))
            i = block_end
        else:
            i += 1
    return i, toc


def _txt_chapter_heads(
    lines: list[str], i: int, end: int, toc: list[str]
) -> list[tuple[int, int, str]]:
    """Chapter headings ``(line, first body line, title)``: a tab-indented line after two or
    more blank lines (an indented code line in the text follows only one), matched against
    the table of contents when there is one."""
    found: list[tuple[int, int, str]] = []
    for k in range(i, end):
        if _TITLE_LINE.match(lines[k]) and (
            k == i or (k - 2 >= i and not lines[k - 1].strip() and not lines[k - 2].strip())
        ):
            stop = _block_end(lines, k, end)
            found.append((k, stop, _join_wrapped(lines[k:stop])))
    if toc:
        wanted = {" ".join(t.split()) for t in toc}
        matched = [h for h in found if " ".join(h[2].split()) in wanted]
        if matched:
            found = matched
    return found


def _add_txt_body(builder: TextBuilder, lines: list[str], i: int, end: int, chapter: int) -> None:
    """One chapter's html2text body: paragraphs between blank lines, notes FFF labels."""
    note: tuple[str, int | None] | None = None
    seen_body = False
    k = i
    while k < end:
        if not lines[k].strip():
            k += 1
            continue
        stop = _block_end(lines, k, end)
        quoted = all(_QUOTE.match(line) for line in lines[k:stop])
        label = _NOTE_LABEL_PARA.match(lines[k].strip()) if stop == k + 1 else None
        if label and label.group(1).lower() in _NOTE_LABELS:
            note = _note_kind(label.group(1), foot=seen_body, chapter=chapter)
        elif note is not None and quoted:
            with builder.note(*note):
                builder.add(_paragraph(lines[k:stop]), ROLE_NOTE, k + 1)
        else:
            note = None
            seen_body = True
            builder.add(_paragraph(lines[k:stop]), ROLE_BODY, k + 1)
        k = stop


def _paragraph(raw: list[str]) -> str:
    """One html2text paragraph as reading text: wrapped lines rejoined; hard breaks (two
    trailing spaces), list items and code-block lines kept on lines of their own."""
    lines = [_QUOTE.sub("", line) for line in raw]
    if lines[0].startswith("    "):
        return "\n".join(line.strip() for line in lines if line.strip())
    out: list[str] = []
    hard = True
    for line in lines:
        text = " ".join(line.split())
        if not text:
            hard = True
        elif out and not hard and not _LIST_ITEM.match(line):
            joint = "" if _HYPHEN_END.search(out[-1]) and text[:1].isalpha() else " "
            out[-1] += joint + text
        else:
            out.append(text)
        hard = hard if not text else line.endswith("  ")
    return _unmark("\n".join(out))


def _unmark(text: str) -> str:
    """Remove html2text's Markdown: emphasis, links, images, heading marks, escapes."""
    text = _HEADING.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    text = _STRIKE.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text)


# ---------------------------------------------------------------- HTML and EPUB


def _cls(name: str) -> str:
    """XPath test for an element having CSS class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def read_fff_html(text: str, source: SourceInfo) -> Document:
    """Read FanFicFare's HTML output: ``h1`` title, ``table.full`` labels, ``sectionNNNN``
    chapters."""
    root = parse_html(text, source.path)
    page = _TitlePage()
    h1 = next(iter(root.xpath("//h1")), None)
    if h1 is not None:
        _read_title_heading(h1, page)
    _read_table(root, page)
    _read_series_link(root, page)
    builder = TextBuilder()
    _add_summary(builder, page)
    anchors = root.xpath("//a[starts-with(@name, 'section')]")
    for number, anchor in enumerate(anchors, start=1):
        heading = anchor.xpath(".//h1|.//h2|.//h3")
        sibling = anchor.getnext()
        if not heading and sibling is not None and local_tag(sibling) in {"h1", "h2", "h3"}:
            # A parser that closes <a> before a heading leaves the heading as the next sibling.
            heading, sibling = [sibling], sibling.getnext()
        content = html.Element("div")
        while sibling is not None and not _is_section(sibling):
            following = sibling.getnext()
            content.append(sibling)
            sibling = following
        title = element_text(heading[0] if heading else anchor)
        _add_html_chapter(builder, number, title, content, anchor.sourceline)
    doc = builder.build(page.meta(), source)
    _require_text(doc, source)
    return doc


def _read_table(root: html.HtmlElement, page: _TitlePage) -> bool:
    """``table.full`` rows of ``<b>Label:</b>`` and value cells; whether there were any."""
    rows = root.xpath(f"//table[{_cls('full')}]//tr[td[1]//b and td[2]]")
    for row in rows:
        page.add(element_text(row.xpath("./td[1]//b")[0]), _value_text(row.xpath("./td[2]")[0]))
    return bool(rows)


def _read_series_link(root: html.HtmlElement, page: _TitlePage) -> None:
    """The series' address from the title page's ``a.serieslink``."""
    link = root.xpath(f"//a[{_cls('serieslink')}]/@href")
    if link:
        page.add("Series URL", str(link[0]))


def _is_section(el: html.HtmlElement) -> bool:
    return local_tag(el) == "a" and (el.get("name") or "").startswith("section")


def _read_title_heading(heading: html.HtmlElement, page: _TitlePage) -> None:
    """``<h1><a href=story>Title</a> by <a class="authorlink">Author</a></h1>``."""
    links = heading.xpath(".//a")
    if links and not _has_class(links[0], "authorlink"):
        page.add("Title", element_text(links[0]))
        if links[0].get("href"):
            page.add("Story URL", links[0].get("href"))
    author_links = heading.xpath(f".//a[{_cls('authorlink')}]")
    if author_links:
        page.fields["authors"] = tuple(t for t in map(element_text, author_links) if t)
        page.add("Author URL", ", ".join(a.get("href") or "" for a in author_links))
    elif " by " in element_text(heading):
        title, _, author = element_text(heading).rpartition(" by ")
        page.fields.setdefault("title", title)
        page.add("Author", author)


def _has_class(el: html.HtmlElement, name: str) -> bool:
    return name in (el.get("class") or "").split()


def _value_text(el: html.HtmlElement) -> str:
    """A title-page value; paragraphs (a summary's) separated by blank lines."""
    return "\n\n".join(b.text.replace("\n", " ") for b in blocks(el) if not b.is_break)


def _add_summary(builder: TextBuilder, page: _TitlePage) -> None:
    summary = page.fields.get("summary")
    if summary:
        with builder.note("work_summary"):
            for para in str(summary).split("\n\n"):
                builder.add(para, ROLE_NOTE)


def _add_html_chapter(
    builder: TextBuilder, number: int, title: str, content: html.HtmlElement, line: int | None
) -> None:
    """A chapter's heading, FFF head notes, text and foot notes."""
    notes = content.xpath(f".//div[{_cls('fff_chapter_notes')}]")
    for div in notes:
        div.drop_tree()
    with builder.chapter(number, title or None):
        builder.add(title, ROLE_HEADING, line)
        for div in notes:
            if not _has_class(div, "fff_foot_notes"):
                _add_fff_notes(builder, div, number, foot=False)
        for block in blocks(content):
            if block.is_break:
                builder.scene_break()
            else:
                builder.add(block.text, ROLE_BODY, block.line)
        for div in notes:
            if _has_class(div, "fff_foot_notes"):
                _add_fff_notes(builder, div, number, foot=True)


def _add_fff_notes(
    builder: TextBuilder, div: html.HtmlElement, chapter: int, *, foot: bool
) -> None:
    """A ``div.fff_chapter_notes``: ``<b>Label:</b>`` then the note's blockquote."""
    kind = _note_kind("", foot=foot, chapter=chapter)
    for child in div:
        if local_tag(child) == "b":
            kind = _note_kind(element_text(child), foot=foot, chapter=chapter)
            continue
        with builder.note(*kind):
            for block in blocks(child):
                if not block.is_break:
                    builder.add(block.text, ROLE_NOTE, block.line)


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_fff_epub(archive: SafeZip, opf_root: etree._Element, source: SourceInfo) -> Document:
    """Read a FanFicFare EPUB, given its archive and parsed OPF package document."""
    source = replace(source, format="fff-epub")
    opf_dir = posixpath.dirname(_opf_path(archive))
    dc = _dublin_core(opf_root)
    page = _TitlePage()
    items = _spine(opf_root, opf_dir)
    title_page = next((p for p in items if posixpath.basename(p) == "title_page.xhtml"), None)
    if title_page is None and archive.has("OEBPS/title_page.xhtml"):
        title_page = "OEBPS/title_page.xhtml"
    page_root = _xhtml(archive, title_page) if title_page and archive.has(title_page) else None
    if page_root is not None:
        _read_title_page(page_root, page)
        _read_series_link(page_root, page)
    if "summary" not in page.fields and dc.get("description"):
        page.add("Summary", dc["description"][0])
    builder = TextBuilder()
    _add_summary(builder, page)
    number = 0
    for name in items:
        if name == title_page or not archive.has(name):
            continue
        doc_root = _xhtml(archive, name)
        if doc_root is None:
            continue
        heading = doc_root.xpath(f"//h3[{_cls('fff_chapter_title')}]")
        body = doc_root.find(".//body")
        if body is None or not (heading or _has_class(body, "fff_chapter")):
            continue
        number += 1
        title = element_text(heading[0]) if heading else _chapter_meta_title(doc_root)
        line = heading[0].sourceline if heading else None
        for el in heading:
            el.drop_tree()
        _add_html_chapter(builder, number, title, body, line)
    subjects = [s for s in dc.get("subject", []) if s]
    if page_root is None:
        page.lists["freeform"].extend(_plain_subjects(subjects))
    if subjects:
        page.extra["subjects"] = ", ".join(subjects)
    meta = page.meta(
        title=_first(dc.get("title")),
        authors=tuple(dc.get("creator", [])),
        url=_first(dc.get("source")),
        language=_first(dc.get("language")),
        published=normalise_date(_first(dc.get("date:publication")) or ""),
        updated=normalise_date(_first(dc.get("date:modification")) or ""),
    )
    doc = builder.build(meta, source)
    _require_text(doc, source)
    return doc


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _opf_path(archive: SafeZip) -> str:
    """Where the OPF lives, from ``META-INF/container.xml`` (FFF puts it at the root)."""
    if archive.has("META-INF/container.xml"):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
        try:
            root = etree.fromstring(archive.read("META-INF/container.xml"), parser)
        except etree.XMLSyntaxError:
            root = None
        if root is not None:
            for el in root.iter():
                if local_tag(el) == "rootfile" and el.get("full-path"):
                    return str(el.get("full-path"))
    return "content.opf"


def _dublin_core(opf_root: etree._Element) -> dict[str, list[str]]:
    """Dublin Core metadata by local name; dates keyed ``date:<event>``."""
    found: dict[str, list[str]] = {}
    for el in opf_root.iter():
        if not isinstance(el.tag, str) or not el.tag.startswith("{http://purl.org/dc/"):
            continue
        tag = local_tag(el)
        attrs = {_local_name(str(k)): str(v) for k, v in el.attrib.items()}
        if tag == "date":
            tag = f"date:{attrs.get('event', '')}"
        elif tag == "creator" and attrs.get("role", "aut") != "aut":
            continue
        paras = (" ".join(p.split()) for p in re.split(r"\n\s*\n", el.text or ""))
        found.setdefault(tag, []).append("\n\n".join(p for p in paras if p))
    return found


def _local_name(name: str) -> str:
    """An attribute name without its namespace."""
    return name.rsplit("}", 1)[-1]


def _spine(opf_root: etree._Element, opf_dir: str) -> list[str]:
    """Archive member names of the spine's documents, in reading order."""
    manifest = {
        el.get("id"): el.get("href")
        for el in opf_root.iter()
        if local_tag(el) == "item" and el.get("id") and el.get("href")
    }
    names = []
    for el in opf_root.iter():
        if local_tag(el) == "itemref" and el.get("idref") in manifest:
            href = str(manifest[el.get("idref")]).split("#", 1)[0]
            names.append(posixpath.normpath(posixpath.join(opf_dir, href)))
    return names


def _xhtml(archive: SafeZip, name: str) -> html.HtmlElement | None:
    """Parse one XHTML member as (forgiving, script-free) HTML; None when it is empty."""
    text = _XML_DECL.sub("", archive.read(name).decode("utf-8", errors="replace"), count=1)
    if not text.strip():
        return None
    root = parse_html(text, f"{archive.path}!{name}")
    return root


def _read_title_page(root: html.HtmlElement, page: _TitlePage) -> None:
    """``<h3>title by author</h3>`` and ``<b>Label:</b> value<br/>`` entries."""
    heading = next(iter(root.xpath("//body//h3|//body//h1")), None)
    if heading is not None:
        _read_title_heading(heading, page)
    if _read_table(root, page):
        return
    labels = root.xpath("//body//b")
    parent = labels[0].getparent() if labels else None
    for label in labels:
        if label.getparent() is not parent:
            continue
        paras: list[str] = []
        inline = [label.tail or ""]
        sibling = label.getnext()
        while sibling is not None and local_tag(sibling) not in {"b", "br"}:
            if local_tag(sibling) in BLOCK_TAGS:
                paras.append("".join(inline))
                paras.extend(_value_text(sibling).split("\n\n"))
                inline = []
            else:
                inline.append(element_text(sibling))
            inline.append(sibling.tail or "")
            sibling = sibling.getnext()
        paras.append("".join(inline))
        page.add(element_text(label), "\n\n".join(" ".join(p.split()) for p in paras if p.strip()))


def _chapter_meta_title(root: html.HtmlElement) -> str:
    found = root.xpath("//meta[@name='chaptertitle']/@content | //title/text()")
    return " ".join(str(found[0]).split()) if found else ""


def _plain_subjects(subjects: list[str]) -> Iterator[str]:
    """Subjects that are tags (not FFF's own "FanFiction", status or update-date entries)."""
    for subject in subjects:
        if subject in {"FanFiction", "Completed", "In-Progress"} or subject.startswith(
            "Last Update"
        ):
            continue
        yield subject


def _require_text(doc: Document, source: SourceInfo) -> None:
    if not any(s.label == ROLE_BODY for s in doc.layer(PARAGRAPHS)):
        raise IngestError(source.path, "a FanFicFare file without any chapter text", code="no-text")
