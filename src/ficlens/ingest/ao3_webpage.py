"""Reading a work page saved from the AO3 website (``source.format = "ao3-webpage"``).

The page holds the tags in ``dl.work.meta.group``, the title and byline in the work preface,
then the chapters (``div.chapter`` per chapter, or one ``div.userstuff`` for a one-shot).
Only the work's own text and notes reach the document: visually hidden landmark headings
("Work Text:", "Chapter Text"), "see the end of the work" jump links, navigation, kudos,
comments, forms and scripts never do.
"""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType

from lxml import html

from ficlens.document import Document, SourceInfo, WorkMeta
from ficlens.errors import IngestError
from ficlens.ingest.ao3_meta import Ao3Preface, chapter_title
from ficlens.ingest.builder import TextBuilder
from ficlens.ingest.htmltext import blocks, element_text, parse_html
from ficlens.layers import PARAGRAPHS, ROLE_BODY, ROLE_HEADING, ROLE_NOTE

_STATS_EXTRA = frozenset({"comments", "kudos", "bookmarks", "hits"})
_WORK_ID = re.compile(r"^(?:https?://[^/]+)?/works/(\d+)(?:[/?#]|$)")
_CHAPTER_ID = re.compile(r"^chapter-(\d+)$")
_AO3 = "https://archiveofourown.org"


def _cls(name: str) -> str:
    """XPath test for an element having CSS class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _outside_text() -> str:
    """XPath test for an element that is page structure, not inside the work's own text
    (where a work skin could reuse AO3's class names)."""
    return f"not(ancestor::div[{_cls('userstuff')}])"


def _first(el: html.HtmlElement, path: str) -> html.HtmlElement | None:
    found = el.xpath(path)
    return found[0] if found else None


def read_ao3_webpage(text: str, source: SourceInfo) -> Document:
    """Read a saved AO3 work page (one-shot, one chapter, or the entire work) into a document."""
    root = parse_html(text, source.path)
    work = _first(root, "//div[@id='workskin']")
    if work is None:
        work = _first(root, "//div[@id='main']")
    if work is None:
        work = root
    for el in work.xpath(f".//*[{_cls('landmark')}] | .//p[{_cls('jump')}]"):
        el.drop_tree()
    preface = Ao3Preface(inspired_by=_take_associations(work))
    builder = TextBuilder()
    front = _first(
        work,
        f".//div[{_cls('preface')} and not({_cls('chapter')}) and not({_cls('afterword')})]",
    )
    if front is not None:
        preface.summary = _joined(_add_module(builder, front, "summary", "work_summary", None))
        preface.notes = _joined(_add_module(builder, front, "notes", "work_notes", None))
    chapters = work.xpath(
        f".//div[starts-with(@id, 'chapter-') and {_cls('chapter')} and {_outside_text()}]"
    )
    if chapters:
        for number, chapter in enumerate(chapters, start=1):
            _add_chapter(builder, chapter, number)
    else:
        _add_oneshot(builder, work)
    afterword = _first(work, f".//div[{_cls('afterword')}]")
    if afterword is not None:
        preface.end_notes = _joined(_add_module(builder, afterword, "end", "work_end_notes", None))
    doc = builder.build(_meta(root, preface), source)
    if not any(s.label == ROLE_BODY for s in doc.layer(PARAGRAPHS)):
        raise IngestError(source.path, "an AO3 page without any work text", code="no-text")
    return doc


def _joined(paragraphs: list[str]) -> str | None:
    return "\n\n".join(paragraphs) or None


def _add_chapter(builder: TextBuilder, chapter: html.HtmlElement, number: int) -> None:
    """One ``div.chapter``: heading, chapter summary and notes, text, end notes."""
    match = _CHAPTER_ID.match(chapter.get("id", ""))
    index = int(match.group(1)) if match else number
    heading_el = _first(chapter, f".//h3[{_cls('title')} and {_outside_text()}]")
    heading = element_text(heading_el) if heading_el is not None else ""
    with builder.chapter(index, chapter_title(heading)):
        builder.add(
            heading, ROLE_HEADING, heading_el.sourceline if heading_el is not None else None
        )
        _add_module(builder, chapter, "summary", "chapter_summary", index)
        _add_module(builder, chapter, "notes", "chapter_notes", index)
        for body in chapter.xpath(f"./div[{_cls('userstuff')}]"):
            _add_blocks(builder, body, ROLE_BODY)
        _add_module(builder, chapter, "end", "chapter_end_notes", index)


def _add_oneshot(builder: TextBuilder, work: html.HtmlElement) -> None:
    """A one-shot: the ``div.userstuff`` under ``#chapters`` is chapter 1, without a heading."""
    container = _first(work, ".//div[@id='chapters']")
    if container is None:
        return
    with builder.chapter(1, None):
        for body in container.xpath(f".//div[{_cls('userstuff')}]"):
            _add_blocks(builder, body, ROLE_BODY)


def _add_module(
    builder: TextBuilder, scope: html.HtmlElement, kind: str, note: str, chapter: int | None
) -> list[str]:
    """The summary, notes or end-notes module of `scope` (not of a chapter inside it) as a
    note of kind `note`; returns the note's paragraphs."""
    if kind == "notes":
        test = f"{_cls('notes')} and not({_cls('end')})"
    elif kind == "end":
        test = f"{_cls('end')} and {_cls('notes')}"
    else:
        test = _cls(kind)
    if not scope.get("id", "").startswith("chapter-"):
        test += f" and not(ancestor::div[{_cls('chapter')}])"
    texts: list[str] = []
    for module in scope.xpath(f".//div[{test} and {_cls('module')} and {_outside_text()}]"):
        for label in module.xpath(f"./h3[{_cls('heading')}]"):
            label.drop_tree()
        with builder.note(note, chapter):
            texts.extend(_add_blocks(builder, module, ROLE_NOTE))
    return texts


def _add_blocks(builder: TextBuilder, el: html.HtmlElement, role: str) -> list[str]:
    """Add the paragraphs under `el` with `role`; returns their texts."""
    texts: list[str] = []
    for block in blocks(el):
        if block.is_break:
            builder.scene_break()
        else:
            builder.add(block.text, role, block.line)
            texts.append(block.text)
    return texts


def _take_associations(work: html.HtmlElement) -> list[str]:
    """Remove ``ul.associations`` ("Inspired by …") from the notes; return the works named."""
    found: list[str] = []
    for ul in work.xpath(f".//ul[{_cls('associations')} and {_outside_text()}]"):
        for li in ul.xpath("./li"):
            line = element_text(li)
            if line.startswith("Inspired by "):
                found.append(line.removeprefix("Inspired by ").rstrip("."))
        ul.drop_tree()
    return found


def _meta(root: html.HtmlElement, preface: Ao3Preface) -> WorkMeta:
    """Work metadata from the tag list, stats, byline and navigation links; the page's
    comment, kudos, bookmark and hit counts go to ``extra``."""
    extra: dict[str, str] = {}
    dl = _first(root, f"//dl[{_cls('work')} and {_cls('meta')}]")
    if dl is not None:
        for dd in dl.xpath("./dd"):
            label = (dd.get("class") or "").split()[:1]
            names = [element_text(a) for a in dd.xpath(".//a")]
            if label:
                preface.add_field(label[0], names, element_text(dd))
            if label == ["stats"]:
                for el in dd.xpath(".//dd"):
                    key = (el.get("class") or "").split()[:1]
                    if key and key[0] in _STATS_EXTRA:
                        extra[key[0]] = element_text(el)
    title = _first(root, f"//h2[{_cls('title')} and {_cls('heading')}]")
    if title is not None:
        preface.title = element_text(title) or None
    byline = _first(root, f"//h3[{_cls('byline')} and {_cls('heading')}]")
    if byline is not None:
        names = [element_text(a) for a in byline.xpath(".//a[@rel='author']")]
        preface.authors = [n for n in names if n] or [element_text(byline)]
    preface.url = _work_url(root)
    meta = preface.to_meta()
    return replace(meta, extra=MappingProxyType({**meta.extra, **extra}))


def _work_url(root: html.HtmlElement) -> str | None:
    """The work's address, from the work's own navigation links (the page has no canonical)."""
    for path in (f"//ul[{_cls('work')} and {_cls('navigation')}]//a/@href", "//a/@href"):
        for href in root.xpath(path):
            match = _WORK_ID.match(str(href))
            if match:
                return f"{_AO3}/works/{match.group(1)}"
    return None
