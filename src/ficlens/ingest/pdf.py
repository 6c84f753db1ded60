"""PDF files: the text layer read with pypdf, laid back out as paragraphs and chapters.

A PDF holds positioned lines, not paragraphs. Lines are grouped into paragraphs by the
vertical gaps between them (and by first-line indents and changes of font), running
headers/footers and page numbers are dropped, and a paragraph cut by a page break is
rejoined unless the page ended early (a forced break) or the layout says it ended there.

AO3's PDFs are printed from the HTML download: a tag page, a title page with summary and
notes, the chapters (headed "Chapter N: Title" in a larger bold font), and the end notes.
Their labels ("Rating:", "Summary", "Chapter Notes", "End Notes") give the metadata and
notes back; the tag block is a two-column table whose columns are told apart by
position, so wrapped labels and values both survive.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from ficlens.document import Document, SourceInfo, WorkMeta
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
from ficlens.ingest.limits import MAX_EBOOK_TEXT
from ficlens.layers import ROLE_BODY, ROLE_FRONT, ROLE_HEADING, ROLE_NOTE

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+)?[-–—(\[]?\s*\d{1,5}\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,5})?\s*$", re.I
)
_CHAPTER_HEADING = re.compile(
    r"^(?:Chapter\s+(?:\d+|[IVXLC]+|[A-Z][a-z]+)\b|Prologue\b|Epilogue\b)", re.I
)
_TERMINAL = tuple(".!?…\"”’')]*~")
_OPENING = tuple("“\"‘'—–-([")
_AO3_CHAPTER = re.compile(r"^Chapter\s+\d+(?:\s*:.*)?$", re.S)
_WORK_URL = re.compile(r"https?://(?:www\.)?archiveofourown\.org/works/\d+")
_TAG_LINE = re.compile(r"^(?:Rating|Archive Warnings?|Categor(?:y|ies)|Fandoms?):")
_BYLINE = re.compile(r"^by\s+\S")
_WORKS_INSPIRED = re.compile(r"^Works inspired by this one", re.I)
_CHAPTER_NOTES = {
    "summary": "chapter_summary",
    "chapter summary": "chapter_summary",
    "notes": "chapter_notes",
    "chapter notes": "chapter_notes",
}


@dataclass(frozen=True, slots=True)
class _Run:
    """A piece of text drawn in one go: its start position, size and weight."""

    text: str
    x: float
    y: float
    size: float
    bold: bool


@dataclass(slots=True)
class _Line:
    """One line of a page: its text and the runs it was drawn with."""

    text: str
    runs: list[_Run]

    @property
    def first(self) -> _Run:
        return next((r for r in self.runs if r.text.strip()), self.runs[0])

    @property
    def bold(self) -> bool:
        return all(r.bold for r in self.runs if r.text.strip())


@dataclass(slots=True)
class _Para:
    """A paragraph: its lines, the gap above it (in line pitches; None at a page top) and
    whether a forced page break (a page that ended early) comes before it."""

    lines: list[_Line]
    gap: float | None
    forced: bool
    text: str = ""

    @property
    def size(self) -> float:
        return self.lines[0].first.size

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)


@dataclass(slots=True)
class _Layout:
    """Document-wide measures the paragraph rules compare against."""

    direction: float = 1.0
    pitch: float | None = None
    body_size: float = 0.0
    line_chars: float = 80.0
    short_pages: set[int] = field(default_factory=set)
    indent: float | None = None

    def is_indented(self, line: _Line) -> bool:
        """Whether `line` starts at the first-line indent of a book-style layout."""
        return self.indent is not None and abs(line.first.x - self.indent) < 1.0


def read_pdf(data: bytes, source: SourceInfo) -> Document:
    """Read a PDF's text: an AO3 download as ``ao3-pdf``, anything else as ``text``."""
    pages, info = _extract(data, source.path)
    pages = _drop_running_lines(pages)
    if not any(pages):
        raise IngestError(source.path, "the PDF has no text layer (scanned images?)", code="empty")
    layout = _measure(pages)
    paras = _paragraphs(pages, layout)
    head = [line.text for page in pages[:3] for line in page]
    tag_labels = {m.group(0) for m in map(_TAG_LINE.match, head) if m}
    if POSTED.search(" ".join(head)) or len(tag_labels) >= 2:
        return _Ao3Reader(paras, layout).build(info, replace(source, format="ao3-pdf"))
    return _read_generic(paras, layout, info, replace(source, format="text"))


def _extract(data: bytes, path: str) -> tuple[list[list[_Line]], WorkMeta]:
    """Each page's lines in pypdf's reading order (bounded by `MAX_EBOOK_TEXT`), and the
    title and author from the document information."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise IngestError(path, "the PDF is password-protected", code="encrypted")
        pages: list[list[_Line]] = []
        total = 0
        for page in reader.pages:
            collector = _Collector()
            page.extract_text(visitor_text=collector)
            collector.end_line()
            total += sum(len(line.text) for line in collector.lines)
            if total > MAX_EBOOK_TEXT:
                raise IngestError(path, "the PDF's text is too large", code="too-large")
            pages.append(collector.lines)
        info = reader.metadata
    except IngestError:
        raise
    except (DependencyError, FileNotDecryptedError) as exc:
        raise IngestError(path, f"the PDF is encrypted ({exc})", code="encrypted") from exc
    except Exception as exc:
        # pypdf raises its own errors, and also ValueError, KeyError, TypeError... on
        # damaged files; none of them may escape as a traceback.
        raise IngestError(
            path, f"damaged PDF ({type(exc).__name__}: {exc})", code="damaged"
        ) from exc
    title = " ".join(str(info.title or "").split()) if info else ""
    author = " ".join(str(info.author or "").split()) if info else ""
    return pages, WorkMeta(title=title or None, authors=(author,) if author else ())


class _Collector:
    """A pypdf text visitor: pypdf reports runs and "\\n" in output order; collect lines."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self._runs: list[_Run] = []

    def __call__(
        self,
        text: str,
        cm: Sequence[float],
        tm: Sequence[float],
        font: dict[str, Any] | None,
        size: float,
    ) -> None:
        bold = bool(font and _BOLD_FONT.search(str(font.get("/BaseFont", ""))))
        scale = math.hypot(tm[2], tm[3]) or 1.0
        for i, part in enumerate(text.split("\n")):
            if i:
                self.end_line()
            if part:
                self._runs.append(_Run(part, tm[4], tm[5], size * scale, bold))

    def end_line(self) -> None:
        text = " ".join("".join(r.text for r in self._runs).split())
        if text:
            self.lines.append(_Line(text, self._runs))
        self._runs = []


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove page numbers and lines repeated at the top or bottom of most pages."""
    edges = [set(range(min(2, len(p)))) | set(range(max(len(p) - 2, 0), len(p))) for p in pages]
    counts: Counter[str] = Counter()
    for page, edge in zip(pages, edges, strict=True):
        counts.update({_running_key(page[i].text) for i in edge})
    need = max(3, math.ceil(0.5 * len(pages)))
    running = {key for key, n in counts.items() if key and n >= need}
    body_size = _body_size(pages)

    def is_running(line: _Line) -> bool:
        if _running_key(line.text) in running:
            return True
        # A bare number in the text's own size; a large or bold one is a chapter number.
        plain = line.first.size <= body_size * 1.1 and not line.bold
        return plain and bool(_PAGE_NUMBER.match(line.text))

    return [
        [line for i, line in enumerate(page) if i not in edge or not is_running(line)]
        for page, edge in zip(pages, edges, strict=True)
    ]


def _body_size(pages: list[list[_Line]]) -> float:
    """The font size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page:
            sizes[round(line.first.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _running_key(text: str) -> str:
    key = re.sub(r"\d+", "#", " ".join(text.lower().split()))
    # "Chapter 3" opening most pages of a work of short chapters is a heading, not a header.
    return "" if _CHAPTER_HEADING.match(text) else key


def _measure(pages: list[list[_Line]]) -> _Layout:
    layout = _Layout()
    steps = [
        b.first.y - a.first.y
        for page in pages
        for a, b in itertools.pairwise(page)
        if abs(a.first.size - b.first.size) < 0.5
    ]
    if steps:
        layout.direction = 1.0 if sum(1 for s in steps if s > 0) * 2 >= len(steps) else -1.0
        gaps = Counter(round(s * layout.direction, 1) for s in steps if s * layout.direction > 0)
        if gaps:
            layout.pitch = gaps.most_common(1)[0][0]
    layout.body_size = _body_size(pages)
    lengths = [len(line.text) for page in pages for line in page]
    if lengths:
        layout.line_chars = (
            float(statistics.quantiles(lengths, n=10)[7]) if len(lengths) > 9 else max(lengths)
        )
    layout.indent = _first_line_indent(pages, layout)
    extents = [_extent(page, layout) for page in pages]
    tallest = max(extents, default=0.0)
    layout.short_pages = {
        i for i, ext in enumerate(extents[:-1]) if pages[i] and ext < 0.75 * tallest
    }
    return layout


def _first_line_indent(pages: list[list[_Line]], layout: _Layout) -> float | None:
    """The x of indented first lines, when paragraphs are marked that way: a common x a
    little right of the margin, followed by a line at the margin."""
    starts = Counter(round(line.first.x) for page in pages for line in page)
    if not starts:
        return None
    margin = starts.most_common(1)[0][0]
    indents: Counter[float] = Counter()
    for page in pages:
        for a, b in itertools.pairwise(page):
            step = a.first.x - b.first.x
            if abs(b.first.x - margin) < 1.0 and 0.5 * a.first.size < step < 6 * a.first.size:
                indents[round(a.first.x, 1)] += 1
    if not indents:
        return None
    x, count = indents.most_common(1)[0]
    return x if count >= 3 else None


def _extent(page: list[_Line], layout: _Layout) -> float:
    if not page:
        return 0.0
    return (page[-1].first.y - page[0].first.y) * layout.direction


def _paragraphs(pages: list[list[_Line]], layout: _Layout) -> list[_Para]:
    paras: list[_Para] = []
    for number, page in enumerate(pages):
        for i, line in enumerate(page):
            if i == 0:
                forced = number - 1 in layout.short_pages or not paras
                if paras and not forced and _continues_over_page(paras[-1].lines[-1], line, layout):
                    paras[-1].lines.append(line)
                else:
                    paras.append(_Para([line], None, forced))
                continue
            prev = page[i - 1]
            gap = (line.first.y - prev.first.y) * layout.direction
            if _breaks_between(prev, line, gap, layout):
                pitch = layout.pitch or 0.0
                paras.append(_Para([line], gap / pitch if pitch > 0 else None, False))
            else:
                paras[-1].lines.append(line)
    for para in paras:
        para.text = _join_lines(para.lines)
    return paras


def _breaks_between(prev: _Line, line: _Line, gap: float, layout: _Layout) -> bool:
    """Whether a new paragraph starts at `line`, the line after `prev` on the same page."""
    if abs(prev.first.size - line.first.size) > 0.5:
        return True
    if prev.bold != line.bold:
        # A short bold line is a heading; a full one is bold text running on.
        bold = prev if prev.bold else line
        if len(bold.text) < 0.7 * layout.line_chars:
            return True
    if layout.pitch is None or gap <= 0:
        return gap <= 0 or _ends_short(prev, layout)
    if gap > layout.pitch * 1.35:
        return True
    return layout.is_indented(line) or line.first.x > prev.first.x + 0.8 * line.first.size


def _ends_short(line: _Line, layout: _Layout) -> bool:
    return len(line.text) < 0.7 * layout.line_chars and line.text.endswith(_TERMINAL)


def _continues_over_page(last: _Line, first: _Line, layout: _Layout) -> bool:
    """Whether the paragraph ending a page goes on at the top of the next one."""
    if abs(last.first.size - first.first.size) > 0.5 or last.bold != first.bold:
        return False
    if layout.indent is not None:
        return not layout.is_indented(first)
    if first.text[0].islower():
        return True
    if not last.text.endswith(_TERMINAL):
        return True
    next_word = first.text.split()[0]
    if len(last.text) + 1 + len(next_word) < 0.97 * layout.line_chars:
        return False  # the next word would have fitted: the paragraph ended here
    return not first.text.startswith(_OPENING)


def _join_lines(lines: list[_Line]) -> str:
    out = lines[0].text
    for line in lines[1:]:
        text = line.text
        if out.endswith("\xad"):
            out = out[:-1] + text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and text[0].isalpha():
            out += text
        else:
            out += " " + text
    return out


def _is_heading(para: _Para, layout: _Layout) -> bool:
    """A one-line paragraph in a larger or bold font, or one that says "Chapter N"."""
    if len(para.lines) != 1 or len(para.text) > 120:
        return False
    if _CHAPTER_HEADING.match(para.text):
        return True
    return para.bold or para.size > layout.body_size * 1.15


def _read_generic(
    paras: list[_Para], layout: _Layout, meta: WorkMeta, source: SourceInfo
) -> Document:
    """Any PDF: chapters at headings that open a page or say "Chapter N"."""
    builder = TextBuilder()
    heads = [
        i
        for i, p in enumerate(paras)
        if _is_heading(p, layout) and (p.gap is None or _CHAPTER_HEADING.match(p.text))
    ]
    if len(heads) > 1 and heads[0] == 0 and not _CHAPTER_HEADING.match(paras[0].text):
        # The text opens with the book's title, not with a chapter.
        meta = replace(meta, title=meta.title or paras[0].text)
        heads = heads[1:]
    starts = [*heads, len(paras)]
    for para in paras[: heads[0] if heads else len(paras)]:
        builder.add(para.text, ROLE_FRONT if heads else ROLE_BODY)
    for index, (start, end) in enumerate(itertools.pairwise(starts), 1):
        with builder.chapter(index, paras[start].text):
            builder.add(paras[start].text, ROLE_HEADING)
            for para in paras[start + 1 : end]:
                builder.add(para.text, ROLE_BODY)
    return builder.build(meta, source)


@dataclass(slots=True)
class _Part:
    note: str | None
    paras: list[_Para] = field(default_factory=list)


@dataclass(slots=True)
class _Chapter:
    heading: str | None
    parts: list[_Part] = field(default_factory=list)


class _Ao3Reader:
    """The AO3 layout, walked once: preface (tags, title, byline, summary, notes), the
    chapters (heading, chapter notes, text, end notes) and the afterword."""

    def __init__(self, paras: list[_Para], layout: _Layout) -> None:
        self.paras = paras
        self.layout = layout
        self.preface = Ao3Preface()
        self.front: list[_Part] = []
        self.chapters: list[_Chapter] = []
        self.back: list[_Part] = []
        gaps = [p.gap for p in paras if p.gap is not None]
        self.para_gap = statistics.median(gaps) if gaps else 0.0

    def build(self, info: WorkMeta, source: SourceInfo) -> Document:
        """The document; `info` (the PDF's own title and author) fills gaps in the preface."""
        start = self._read_preface()
        self._read_chapters(start)
        if not any(p.note is None for c in self.chapters for p in c.parts):
            raise IngestError(source.path, "no story text found in this AO3 PDF", code="empty")
        builder = TextBuilder()
        for part in self.front:
            _emit(builder, part, None)
        for index, chapter in enumerate(self.chapters, 1):
            title = chapter_title(chapter.heading) if chapter.heading else None
            with builder.chapter(index, title):
                if chapter.heading:
                    builder.add(chapter.heading, ROLE_HEADING)
                for part in chapter.parts:
                    _emit(builder, part, index)
        for part in self.back:
            _emit(builder, part, None)
        meta = self.preface.to_meta()
        return builder.build(
            replace(meta, title=meta.title or info.title, authors=meta.authors or info.authors),
            source,
        )

    def _read_preface(self) -> int:
        """Read the preface; the index of the first paragraph after it."""
        preface = self.preface
        paras = self.paras
        i = 0
        seen_tags = seen_byline = False
        while i < len(paras):
            para = paras[i]
            text = para.text
            label = _label(text)
            if seen_byline and para.forced:
                break
            if POSTED.search(text):
                url = _WORK_URL.search(text.replace(" ", ""))
                preface.url = preface.url or (url.group(0) if url else None)
            if not seen_tags and (POSTED.search(text) or _TAG_LINE.match(text)):
                seen_tags = True
                i = self._read_tags(i)
                continue
            if not preface.title and para.bold:
                preface.title = text
            elif _BYLINE.match(text) and not seen_byline:
                preface.authors = [a.strip() for a in text[3:].split(",") if a.strip()]
                seen_byline = True
            elif label in PREFACE_NOTES and len(text) < 20:
                i = self._read_note(i + 1, PREFACE_NOTES[label], self.front, until_gap=False)
                continue
            elif RELATED.match(text):
                preface.inspired_by.append(text)
            elif seen_byline and not (ENDNOTE_LINK.match(text) or para.bold):
                break
            i += 1
        return i

    def _read_tags(self, i: int) -> int:
        """The two-column tag table after the "Posted originally" message.

        It starts at its "Rating:" line, in paragraph ``i`` or just after it.
        Label and value are told apart by the value column's x, so a label that wraps onto
        a second line stays a label; without two runs per line the text is split at the
        first colon instead. Returns the index of the first paragraph after the table.
        """
        lines = [line for p in self.paras[i:] for line in p.lines]
        owners = [k for k, p in enumerate(self.paras[i:], i) for _ in p.lines]
        start = next((n for n, line in enumerate(lines[:12]) if _TAG_LINE.match(line.text)), -1)
        if start < 0:
            return i + 1
        value_x = _value_column(lines[start])
        label, value = "", ""
        fields: list[tuple[str, str]] = []
        end = start
        for n in range(start, len(lines)):
            line = lines[n]
            if line.bold or (
                n > start and owners[n] != owners[n - 1] and self.paras[owners[n]].forced
            ):
                break
            left, right = _split_columns(line, value_x)
            if left and (not label or label.endswith(":")):
                if not field_for_label(left) and not (value_x and not left.endswith(":")):
                    break
                if label:
                    fields.append((label, value))
                label, value = left, right
            elif left:
                label, value = f"{label} {left}", f"{value} {right}".strip()
            elif label:
                value = f"{value} {right}".strip()
            else:
                break
            end = n + 1
        if label:
            fields.append((label, value))
        for name, text in fields:
            self.preface.add_field(name, [], " ".join(text.split()))
        return owners[end - 1] + 1 if end > start else i + 1

    def _read_note(self, i: int, kind: str, into: list[_Part], *, until_gap: bool) -> int:
        """Collect note paragraphs from ``i`` until a label, a forced break or (inside a
        chapter, where text follows the note) the wider gap that ends a blockquote."""
        part = _Part(kind)
        while i < len(self.paras):
            para = self.paras[i]
            if part.paras and (para.forced or _is_label(para.text)):
                break
            if part.paras and until_gap and para.gap and para.gap > 1.5 * self.para_gap:
                break
            if COMMENT.match(para.text) or ENDNOTE_LINK.match(para.text):
                break
            if self._is_chapter_start(para):
                break
            part.paras.append(para)
            i += 1
        if part.paras:
            into.append(part)
            joined = "\n\n".join(p.text for p in part.paras)
            if kind == "work_summary":
                self.preface.summary = joined
            elif kind == "work_notes":
                self.preface.notes = joined
            elif kind == "work_end_notes":
                self.preface.end_notes = joined
        return i

    def _read_chapters(self, i: int) -> None:
        paras = self.paras
        while i < len(paras):
            para = paras[i]
            text = para.text
            label = _label(text)
            if COMMENT.match(text) or _WORKS_INSPIRED.match(text):
                return
            if label == "end notes":
                i = self._read_note(i + 1, "work_end_notes", self.back, until_gap=False)
                continue
            if self._is_chapter_start(para):
                self.chapters.append(_Chapter(text))
            elif label in _CHAPTER_NOTES and self._in_chapter_head():
                kind = _CHAPTER_NOTES[label]
                i = self._read_note(i + 1, kind, self._chapter().parts, until_gap=True)
                continue
            elif label == "chapter end notes":
                parts = self._chapter().parts
                i = self._read_note(i + 1, "chapter_end_notes", parts, until_gap=True)
                continue
            elif not (ENDNOTE_LINK.match(text) or CHAPTER_BY.match(text)):
                parts = self._chapter().parts
                if not parts or parts[-1].note is not None:
                    parts.append(_Part(None))
                parts[-1].paras.append(para)
            i += 1

    def _is_chapter_start(self, para: _Para) -> bool:
        """A chapter heading: one bold or large line saying "Chapter N[: Title]"; in a work
        of several chapters also any such line opening a page or set larger than the text."""
        if len(para.lines) != 1 or len(para.text) > 150:
            return False
        large = para.size > self.layout.body_size * 1.15
        if not (large or para.bold):
            return False
        if _AO3_CHAPTER.match(para.text):
            return True
        return self.preface.stats.chapters_posted != 1 and (para.gap is None or large)

    def _chapter(self) -> _Chapter:
        if not self.chapters:
            self.chapters.append(_Chapter(None))
        return self.chapters[-1]

    def _in_chapter_head(self) -> bool:
        return not any(p.note is None for p in self._chapter().parts)


def _split_columns(line: _Line, value_x: float | None) -> tuple[str, str]:
    """A tag-table line's label and value parts."""
    if value_x is None:
        label, colon, value = line.text.partition(":")
        return (
            (label + colon, value.strip()) if colon and field_for_label(label) else ("", line.text)
        )
    left = "".join(r.text for r in line.runs if r.x < value_x - 1).strip()
    right = "".join(r.text for r in line.runs if r.x >= value_x - 1).strip()
    return left, right


def _value_column(line: _Line) -> float | None:
    """The x where a "Label: value" line's value starts (its first run after the label)."""
    runs = [r for r in line.runs if r.text.strip()]
    if len(runs) < 2 or not runs[0].text.rstrip().endswith(":"):
        return None
    return runs[1].x


def _label(text: str) -> str:
    return " ".join(text.split()).rstrip(":").strip().lower()


def _is_label(text: str) -> bool:
    label = _label(text)
    return (
        label in PREFACE_NOTES
        or label in _CHAPTER_NOTES
        or label
        in (
            "end notes",
            "chapter end notes",
        )
    )


def _emit(builder: TextBuilder, part: _Part, chapter: int | None) -> None:
    if part.note is None:
        for para in part.paras:
            builder.add(para.text, ROLE_BODY)
        return
    with builder.note(part.note, chapter):
        for para in part.paras:
            builder.add(para.text, ROLE_NOTE)
