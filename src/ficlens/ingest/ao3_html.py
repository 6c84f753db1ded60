"""AO3 HTML downloads, and the same markup inside AO3's EPUB, MOBI and AZW3 files.

AO3 renders one HTML template (preface, chapters, afterword) and calibre converts it into
the e-book formats, renaming classes (``dd.calibre4``, ``div.userstuff1``), splitting it
across files, or, for MOBI, flattening it into paragraphs with labels in ``<p>`` and values
in ``<blockquote>``. `read_ao3_tree` walks any of these in document order with a small
state machine keyed on what survives every variant: the section ids when present, the
labels AO3 prints ("Summary", "Chapter Notes", "Rating:"), and the boilerplate messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from lxml import etree

from ficlens.document import Document, SourceInfo
from ficlens.errors import IngestError
from ficlens.ingest.ao3_meta import (
    CHAPTER_BY,
    COMMENT,
    ENDNOTE_LINK,
    POSTED,
    PREFACE_NOTES,
    RELATED,
    Ao3Preface,
    chapter_title,
    field_for_label,
)
from ficlens.ingest.builder import TextBuilder
from ficlens.ingest.htmltext import (
    BLOCK_TAGS,
    SKIP_TAGS,
    Block,
    blocks,
    clean_inline,
    element_text,
    local_tag,
    parse_html,
)
from ficlens.layers import ROLE_BODY, ROLE_HEADING, ROLE_NOTE

SECTION_IDS = frozenset(["preface", "chapters", "afterword"])
_CONTAINER_TAGS = frozenset(
    ["html", "body", "div", "section", "article", "main", "header", "footer", "center", "aside"]
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_EMPHASIS = ("b", "strong", "font", "big")

_BYLINE = re.compile(r"^by\s+(?P<names>\S.*)$", re.S)
_WORK_URL = re.compile(r"/works/\d+/?$")
_CHAPTER_START = re.compile(r"^Chapter\s+\d+\b", re.I)

_CHAPTER_NOTES = {
    "summary": "chapter_summary",
    "chapter summary": "chapter_summary",
    "notes": "chapter_notes",
    "chapter notes": "chapter_notes",
    "chapter end notes": "chapter_end_notes",
}
_WORK_END_NOTES = "end notes"


class _Part(NamedTuple):
    """A run of paragraphs: a note of kind `note`, or story text when `note` is None."""

    note: str | None
    blocks: list[Block]


@dataclass
class _Chapter:
    """A chapter's heading as printed (None for a one-shot) and its parts in order."""

    heading: str | None
    line: int | None
    parts: list[_Part] = field(default_factory=list)


def read_ao3_html(text: str, source: SourceInfo) -> Document:
    """Read an HTML file downloaded from AO3."""
    return read_ao3_tree(parse_html(text, source.path), replace(source, format="ao3-html"))


def read_ao3_tree(root: etree._Element, source: SourceInfo) -> Document:
    """Read a parsed AO3 download (HTML, or the HTML inside an AO3 e-book) into a `Document`.

    The tree may be modified (skipped elements are emptied). `source.format` is kept as given.
    """
    structured = any(el.get("id") in ("preface", "chapters") for el in root.iter())
    walker = _Walker(structured)
    walker.walk(root)
    return walker.build(source)


def _classes(el: etree._Element) -> list[str]:
    """Class names of an element (calibre renames some, e.g. ``userstuff`` -> ``userstuff1``)."""
    return (el.get("class") or "").split()


def _label(text: str) -> str:
    """A label as a lookup key: "Chapter  Notes:" -> "chapter notes"."""
    return " ".join(text.split()).rstrip(":").strip().lower()


def _link_texts(el: etree._Element) -> list[str]:
    """Texts of the links inside an element: the tag names of a preface field."""
    texts = (element_text(a) for a in el.iter() if local_tag(a) == "a")
    return [t for t in texts if t]


def _is_emphasised(el: etree._Element, text: str) -> bool:
    """Whether all of a paragraph's text sits inside one bold/large element (a MOBI heading)."""
    target = "".join(text.split())
    return any(
        "".join("".join(t for t in e.itertext() if isinstance(t, str)).split()) == target
        for e in el.iter()
        if local_tag(e) in _EMPHASIS
    )


def _items(el: etree._Element) -> Iterator[etree._Element | str]:
    """A container's block-level children in order, with runs of loose inline content
    between them joined into text."""
    run: list[str] = [el.text or ""]
    for child in el:
        tag = local_tag(child)
        if tag in BLOCK_TAGS or tag == "hr" or tag.endswith("pagebreak"):
            text = clean_inline("".join(run))
            run.clear()
            if text:
                yield text
            yield child
        elif tag == "br":
            run.append("\n")
        elif tag and tag not in SKIP_TAGS:
            run.append("\n".join(b.text for b in blocks(child) if not b.is_break))
        run.append(child.tail or "")
    text = clean_inline("".join(run))
    if text:
        yield text


class _Walker:
    """Reading-order state machine over the zones preface -> chapters -> afterword -> done.

    In a structured tree (the HTML download, calibre's EPUB/AZW3) the section ids set the
    zone. In a flat tree (calibre's MOBI) the zone moves on at landmarks: the first
    paragraph the preface cannot account for starts the story, "End Notes" the afterword.
    """

    def __init__(self, structured: bool) -> None:
        self.structured = structured
        self.zone = "preface"
        self.preface = Ao3Preface()
        self.front: list[_Part] = []
        self.chapters: list[_Chapter] = []
        self.back: list[_Part] = []
        self.pending: tuple[str, str] | None = None
        self.after_pagebreak = False

    def walk(self, root: etree._Element) -> None:
        """Visit the tree in document order without recursion (deep nesting is safe)."""
        stack: list[Iterator[etree._Element | str]] = [iter([root])]
        while stack and self.zone != "done":
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
            elif isinstance(item, str):
                self._dispatch(None, "", [Block(item, None)], item.replace("\n", " "))
            else:
                tag = local_tag(item)
                if not tag or tag in SKIP_TAGS:
                    continue
                if tag.endswith("pagebreak"):
                    self.after_pagebreak = True
                    continue
                if item.get("id") in SECTION_IDS:
                    self.zone = item.get("id") or self.zone
                    self.pending = None
                if self._is_story_div(item, tag):
                    self._add_story(list(blocks(item)))
                elif tag in _CONTAINER_TAGS and any(local_tag(c) in BLOCK_TAGS for c in item):
                    stack.append(_items(item))
                else:
                    found = list(blocks(item))
                    text = " ".join(b.text.replace("\n", " ") for b in found if not b.is_break)
                    self._dispatch(item, tag, found, text)

    def _is_story_div(self, el: etree._Element, tag: str) -> bool:
        """A chapter's ``div.userstuff``: story text, read whole (its blockquotes, lists and
        paragraphs that happen to say "Notes" are story, not structure)."""
        return (
            self.zone == "chapters"
            and tag == "div"
            and el.get("id") not in SECTION_IDS
            and any(c.startswith("userstuff") for c in _classes(el))
        )

    def _dispatch(self, el: etree._Element | None, tag: str, found: list[Block], text: str) -> None:
        """Route one leaf element (or loose text, `el` None) by the zone it falls in."""
        if tag == "hr":
            if self.zone == "chapters":
                self._add_story(found)
            return
        if not text:
            return
        after_break, self.after_pagebreak = self.after_pagebreak, False
        if self.zone != "preface" and COMMENT.match(text):
            self.zone = "done"
            return
        pending, self.pending = self.pending, None
        if pending is not None and self._take_pending(pending, el, tag, found, text):
            return
        if self.zone == "preface":
            if el is not None and self._preface(el, tag, found, text):
                return
            if self.structured:
                return
            self.zone = "chapters"
        if self.zone == "chapters":
            self._chapter_item(el, tag, found, text, after_break)
        elif self.zone == "afterword" and _label(text) == _WORK_END_NOTES:
            self.pending = ("note", "work_end_notes")

    def _take_pending(
        self,
        pending: tuple[str, str],
        el: etree._Element | None,
        tag: str,
        found: list[Block],
        text: str,
    ) -> bool:
        """Use this element as the value of the label just seen, if it can be one."""
        what, name = pending
        if what == "field":
            return self.preface.add_field(name, _link_texts(el) if el is not None else [], text)
        is_value = tag == "blockquote" or (
            el is not None and any(c.startswith("userstuff") for c in _classes(el))
        )
        if not is_value:
            return False
        paragraphs = [b for b in found if not b.is_break]
        joined = "\n\n".join(b.text for b in paragraphs)
        part = _Part(name, paragraphs)
        if name == "work_summary":
            self.preface.summary = joined
            self.front.append(part)
        elif name == "work_notes":
            self.preface.notes = joined
            self.front.append(part)
        elif name == "work_end_notes":
            self.preface.end_notes = joined
            self.back.append(part)
        else:
            self._chapter().parts.append(part)
        return True

    def _preface(self, el: etree._Element, tag: str, found: list[Block], text: str) -> bool:
        """Take in one preface element; False if it is not part of the preface."""
        preface = self.preface
        label = _label(text)
        if tag == "dl":
            self._tag_list(el)
        elif POSTED.search(text):
            self._message(el)
        elif tag == "h1":
            preface.title = preface.title or text
        elif tag in _HEADINGS or ENDNOTE_LINK.match(text) or "endnote-link" in _classes(el):
            pass
        elif "byline" in _classes(el) or (not preface.authors and _BYLINE.match(text)):
            self._byline(el, text)
        elif text.rstrip().endswith(":") and field_for_label(label):
            self.pending = ("field", label)  # the value is the next element (MOBI layout)
        elif label in PREFACE_NOTES:
            self.pending = ("note", PREFACE_NOTES[label])
        elif tag in ("ul", "ol") or RELATED.match(text):
            preface.inspired_by.extend(b.text.replace("\n", " ") for b in found if b.text)
        elif text != preface.title:
            return False
        return True

    def _chapter_item(
        self,
        el: etree._Element | None,
        tag: str,
        found: list[Block],
        text: str,
        after_break: bool,
    ) -> None:
        """Take in one element of the chapters zone: heading, byline, note label or story."""
        label = _label(text)
        line = found[0].line if found else None
        if tag in _HEADINGS and el is not None:
            one_shot = "toc-heading" in _classes(el)
            self.chapters.append(_Chapter(None if one_shot else text, line))
        elif not self.structured and after_break and self._is_flat_heading(el, found, text):
            self.chapters.append(_Chapter(text, line))
        elif (el is not None and "byline" in _classes(el)) or CHAPTER_BY.match(text):
            pass
        elif label in _CHAPTER_NOTES:
            self.pending = ("note", _CHAPTER_NOTES[label])
        elif label == _WORK_END_NOTES:
            if self.structured:
                self.pending = ("note", "chapter_end_notes")
            else:
                self.zone = "afterword"
                self.pending = ("note", "work_end_notes")
        elif not ENDNOTE_LINK.match(text):
            self._add_story(found)

    def _is_flat_heading(self, el: etree._Element | None, found: list[Block], text: str) -> bool:
        """A flattened chapter heading: the first short line after a page break that says
        "Chapter N", or is all bold/large in a work with more than one chapter."""
        if el is None or len(found) != 1 or "\n" in found[0].text or len(text) > 150:
            return False
        if _CHAPTER_START.match(text):
            return True
        return self.preface.stats.chapters_posted != 1 and _is_emphasised(el, text)

    def _chapter(self) -> _Chapter:
        """The current chapter; story text before any heading opens an untitled chapter 1."""
        if not self.chapters:
            self.chapters.append(_Chapter(None, None))
        return self.chapters[-1]

    def _add_story(self, found: list[Block]) -> None:
        """Append story paragraphs (and ``<hr>`` breaks) to the current chapter."""
        parts = self._chapter().parts
        if parts and parts[-1].note is None:
            parts[-1].blocks.extend(found)
        else:
            parts.append(_Part(None, found))

    def _tag_list(self, dl: etree._Element) -> None:
        """The preface ``dl.tags``: label/value pairs of ``dt``/``dd``."""
        label = ""
        for child in dl:
            tag = local_tag(child)
            if tag == "dt":
                label = element_text(child)
            elif tag == "dd" and label:
                self.preface.add_field(label, _link_texts(child), element_text(child))
                label = ""

    def _message(self, el: etree._Element) -> None:
        """The "Posted originally on the Archive of Our Own at URL" line: title and URL."""
        for node in el.iter():
            tag = local_tag(node)
            if tag in ("b", "strong") and not self.preface.title:
                self.preface.title = element_text(node) or None
            elif tag == "a" and not self.preface.url:
                href = (node.get("href") or "").strip()
                if _WORK_URL.search(href):
                    self.preface.url = href

    def _byline(self, el: etree._Element, text: str) -> None:
        """Authors from ``a[rel=author]``, else any links, else the text ("by Anonymous")."""
        authors = [
            element_text(a) for a in el.iter() if local_tag(a) == "a" and a.get("rel") == "author"
        ] or _link_texts(el)
        if not authors:
            m = _BYLINE.match(text)
            authors = [n.strip() for n in (m.group("names") if m else text).split(",")]
        self.preface.authors = [a for a in authors if a]

    def _has_story(self) -> bool:
        """Whether any chapter holds story text (not just headings and notes)."""
        return any(
            not block.is_break
            for chapter in self.chapters
            for part in chapter.parts
            if part.note is None
            for block in part.blocks
        )

    def build(self, source: SourceInfo) -> Document:
        """Lay the collected parts out as text: work notes, chapters, then end notes."""
        if not self._has_story():
            raise IngestError(source.path, "no story text found in this AO3 download", code="empty")
        builder = TextBuilder()
        for part in self.front:
            _emit(builder, part, None)
        chapters = [c for c in self.chapters if c.heading or c.parts]
        for index, chapter in enumerate(chapters, 1):
            title = chapter_title(chapter.heading) if chapter.heading else None
            with builder.chapter(index, title):
                if chapter.heading:
                    builder.add(chapter.heading, ROLE_HEADING, chapter.line)
                for part in chapter.parts:
                    _emit(builder, part, index)
        for part in self.back:
            _emit(builder, part, None)
        return builder.build(self.preface.to_meta(), source)


def _emit(builder: TextBuilder, part: _Part, chapter: int | None) -> None:
    """Add a part's paragraphs: story text as body, a note wrapped in its note span."""
    if part.note is None:
        for block in part.blocks:
            if block.is_break:
                builder.scene_break()
            else:
                builder.add(block.text, ROLE_BODY, block.line)
        return
    with builder.note(part.note, chapter):
        for block in part.blocks:
            builder.add(block.text, ROLE_NOTE, block.line)
