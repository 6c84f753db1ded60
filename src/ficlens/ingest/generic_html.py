"""Generic HTML stories (format ``html``): a saved blog, Wattpad or FFN page, a writer's export.

The title comes from the page's ``<h1>`` (or ``<title>``), chapters from ``h1``-``h3``
headings that read as chapter headings, paragraphs from the shared safe HTML walker, and
scene breaks from ``<hr>`` and ornament paragraphs. When the page marks its content with
``<main>`` or ``<article>``, only that is read, so navigation, headers, footers and
sidebars stay out of the story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import html

from ficlens.document import Document, SourceInfo, WorkMeta
from ficlens.ingest.builder import TextBuilder
from ficlens.ingest.htmltext import blocks, element_text, local_tag, parse_html
from ficlens.ingest.plaintext import (
    is_explicit_note,
    leading_notes,
    match_heading,
    trailing_notes,
)
from ficlens.layers import ROLE_BODY, ROLE_FRONT, ROLE_HEADING, ROLE_NOTE

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CHROME = ("nav", "aside", "footer")


@dataclass(slots=True)
class _Item:
    """One block of the page in reading order, with the role the reader gives it."""

    text: str
    line: int | None
    level: int = 0
    """Heading level (1-6), 0 for paragraphs and breaks."""
    is_break: bool = False
    role: str = ROLE_BODY


def _elements(found: object) -> list[html.HtmlElement]:
    """The elements of an XPath result."""
    if not isinstance(found, list):
        return []
    return [e for e in found if isinstance(e, html.HtmlElement)]


def _content_root(root: html.HtmlElement) -> tuple[html.HtmlElement, bool]:
    """The element holding the story: ``<main>``, else the longest ``<article>``, else
    ``<body>``; and whether page chrome was left behind."""
    mains = _elements(root.xpath("//main | //*[@role='main']"))
    if mains:
        return mains[0], True
    articles = _elements(root.xpath("//article"))
    if articles:
        return max(articles, key=lambda a: len(a.text_content() or "")), True
    body = root.find("body")
    return (body if body is not None else root), False


def _items(content: html.HtmlElement, chrome: bool) -> list[_Item]:
    """Blocks of `content` in reading order, headings marked with their level."""
    for el in _elements(list(content.iter(*(_CHROME if chrome else ("nav",))))):
        if el is not content:
            el.drop_tree()
    pending = [
        (" ".join(text.split()), int(local_tag(h)[1]))
        for h in content.iter(*_HEADINGS)
        if (text := element_text(h))
    ]
    items: list[_Item] = []
    for block in blocks(content):
        item = _Item(block.text, block.line, is_break=block.is_break)
        flat = " ".join(block.text.split())
        for k, (text, level) in enumerate(pending[:3]):
            if flat == text:
                item.level = level
                del pending[: k + 1]
                break
        items.append(item)
    return items


def _chapter_starts(items: Sequence[_Item], first: int) -> list[int]:
    """Items that open a chapter: h1-h3 headings that read as chapter headings, else a
    repeated heading level (two or more ``h2`` chapter titles)."""
    heads = [i for i in range(first, len(items)) if 1 <= items[i].level <= 3]
    named = [i for i in heads if match_heading(items[i].text) is not None]
    if named:
        return named
    levels = Counter(items[i].level for i in heads)
    repeated = [lv for lv, n in levels.items() if n >= 2]
    if not repeated:
        return []
    top = min(repeated)
    return [i for i in heads if items[i].level == top]


def _title(root: html.HtmlElement, items: list[_Item]) -> tuple[str | None, int]:
    """The work's title and how many opening items are its title heading."""
    for i, item in enumerate(items[:3]):
        if item.level == 1 and match_heading(item.text) is None:
            item.role = ROLE_FRONT
            return item.text.replace("\n", " "), i + 1
        if not item.is_break and item.level == 0:
            break
    node = root.find(".//title")
    if node is not None and node.text and node.text.strip():
        return " ".join(node.text.split()), 0
    return None, 0


def _mark_notes(items: list[_Item], lo: int, hi: int, notes: dict[int, str]) -> tuple[int, int]:
    """Leading and trailing author's notes among items ``[lo, hi)``; the story between."""
    texts = [items[i].text for i in range(lo, hi) if not items[i].is_break]
    idx = [i for i in range(lo, hi) if not items[i].is_break]
    if len(idx) < 2:
        return lo, hi
    n_note, n_front = leading_notes(texts)
    n_tail = trailing_notes(texts[n_note + n_front :])
    if n_note + n_front + n_tail >= len(idx):
        return lo, hi
    for k in range(n_note):
        notes[idx[k]] = ROLE_NOTE
    for k in range(n_note, n_note + n_front):
        notes[idx[k]] = ROLE_FRONT
    for k in range(len(idx) - n_tail, len(idx)):
        notes[idx[k]] = ROLE_NOTE
    start = idx[n_note + n_front - 1] + 1 if n_note + n_front else lo
    end = idx[len(idx) - n_tail] if n_tail else hi
    return start, end


def _emit(builder: TextBuilder, items: Sequence[_Item], chapter: int | None) -> None:
    """Add items to the builder, wrapping runs of note paragraphs in note spans."""
    run: list[_Item] = []

    def flush() -> None:
        if run:
            with builder.note("authors_note", chapter):
                for it in run:
                    builder.add(it.text, ROLE_NOTE, it.line)
            run.clear()

    for item in items:
        if item.role == ROLE_NOTE:
            run.append(item)
            continue
        flush()
        if item.is_break:
            builder.scene_break()
        else:
            builder.add(item.text, item.role, item.line)
    flush()


def _chapter_title(text: str) -> str:
    flat = " ".join(text.split())
    heading = match_heading(flat)
    return flat if heading is None else heading.title


def _segments(items: list[_Item], first: int) -> list[tuple[int | None, str, int, int]]:
    """Runs of items in reading order: (chapter index, or None outside chapters; chapter
    title; lo; hi). Sets the roles of headings and of leading and trailing notes."""
    starts = _chapter_starts(items, first)
    roles: dict[int, str] = {}
    out: list[tuple[int | None, str, int, int]] = []
    if not starts:
        lo, hi = _mark_notes(items, first, len(items), roles)
        out = [(None, "", first, lo), (1, "", lo, hi), (None, "", hi, len(items))]
    else:
        _mark_notes(items, first, starts[0], roles)
        out.append((None, "", first, starts[0]))
        for k, s in enumerate(starts):
            last = k + 1 == len(starts)
            end = len(items) if last else starts[k + 1]
            items[s].role = ROLE_HEADING
            _, stop = _mark_notes(items, s + 1, end, roles)
            out.append((k + 1, _chapter_title(items[s].text), s, stop if last else end))
            if last:
                out.append((None, "", stop, end))
    for i, role in roles.items():
        items[i].role = role
    return out


def read_html(text: str, source: SourceInfo) -> Document:
    """Read a generic HTML story page into a `Document`."""
    root = parse_html(text, source.path)
    content, chrome = _content_root(root)
    items = _items(content, chrome)
    title, first = _title(root, items)
    meta: dict[str, Any] = {"title": title}
    author = root.xpath("string(//meta[@name='author']/@content)")
    if isinstance(author, str) and author.strip():
        meta["authors"] = (author.strip(),)
    for i, item in enumerate(items):
        if item.level >= 4:
            item.role = ROLE_HEADING
        elif item.role == ROLE_BODY and not item.is_break and is_explicit_note(item.text):
            items[i].role = ROLE_NOTE
    builder = TextBuilder()
    for item in items[:first]:
        builder.add(item.text, item.role, item.line)
    for chapter, title_text, lo, hi in _segments(items, first):
        if chapter is None:
            for item in items[lo:hi]:
                if item.role == ROLE_BODY:
                    item.role = ROLE_FRONT
            _emit(builder, items[lo:hi], None)
        else:
            with builder.chapter(chapter, title_text):
                _emit(builder, items[lo:hi], chapter)
    return builder.build(WorkMeta(**meta), source)
