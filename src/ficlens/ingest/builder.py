"""Assembling a `Document` from extracted paragraphs (markup formats) or from spans (plain text)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import MappingProxyType

from ficlens.document import Document, Layer, OffsetMap, SourceInfo, Span, WorkMeta
from ficlens.layers import BREAKS, CHAPTERS, NOTES, PARAGRAPHS, ROLE_BODY

# A line made only of decoration: "***", "* * *", "~~~", "-----", "oOo", "xXx", "~o~", "#".
_BREAK_LINE = re.compile(
    r"""^\s*(?:
        [\W_](?:\s*[\W_])+            # two or more symbols, spaced or not
      | [-+=_#*~§•◇◆]               # a lone ornament
      | ~?\s*(?:o+O+o+|O+o+O+|x+X+x+|X+x+X+)\s*~?   # oOo, OoO, xXx
      | [-~=*]*\s*[oOxX]\s*[-~=*]+ | [-~=*]+\s*[oOxX]\s*[-~=*]*   # -o-, ~x~
    )\s*$""",
    re.VERBOSE,
)
_QUOTE_OR_DASH_ONLY = re.compile(r"^\s*[\"“”'‘’.…]+\s*$")


def is_break_line(line: str) -> bool:
    """Whether a short line is a scene-break ornament rather than text (not "…" or '"')."""
    if len(line) > 40 or _QUOTE_OR_DASH_ONLY.match(line) or any(c in line for c in '"“”?!('):
        return False
    return bool(_BREAK_LINE.match(line))


def assemble(
    text: str,
    meta: WorkMeta,
    source: SourceInfo,
    *,
    paragraphs: Iterable[Span],
    chapters: Iterable[Span] = (),
    notes: Iterable[Span] = (),
    breaks: Iterable[Span] = (),
    offsets: OffsetMap | None = None,
) -> Document:
    """Wrap text and its ingest-time structure into a `Document` with the four ingest layers."""
    layers = {
        PARAGRAPHS: Layer(PARAGRAPHS, paragraphs),
        CHAPTERS: Layer(CHAPTERS, chapters),
        NOTES: Layer(NOTES, notes),
        BREAKS: Layer(BREAKS, breaks),
    }
    kwargs = {} if offsets is None else {"offsets": offsets}
    return Document(text, meta, source, layers=MappingProxyType(layers), **kwargs)


class TextBuilder:
    """Builds reading text paragraph by paragraph (blank line between paragraphs).

    Readers of markup formats call `add` for each paragraph in reading order, wrap chapters
    and notes in the `chapter` and `note` context managers, and call `scene_break` for an
    ``<hr>``. A scene break becomes a longer blank run (three blank lines) in the text,
    the same convention writers use in plain text.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self._paragraphs: list[Span] = []
        self._chapters: list[Span] = []
        self._notes: list[Span] = []
        self._breaks: list[Span] = []
        self._anchors: list[tuple[int, int]] = []
        self._pending_break = False

    @property
    def position(self) -> int:
        """Length of the text built so far."""
        return self._pos

    def add(self, text: str, role: str = ROLE_BODY, source_line: int | None = None) -> None:
        """Append one paragraph; blank ones are dropped and ornament lines become breaks."""
        text = text.strip()
        if not text:
            return
        if role == ROLE_BODY and "\n" not in text and is_break_line(text):
            start = self._append(text, source_line, after_break=False)
            self._breaks.append(Span(start, self._pos))
            return
        start = self._append(text, source_line, after_break=self._pending_break)
        self._pending_break = False
        self._paragraphs.append(Span(start, self._pos, role))

    def scene_break(self) -> None:
        """Mark a scene break before the next paragraph (an ``<hr>`` or empty divider)."""
        if self._parts:
            self._pending_break = True

    def _append(self, text: str, source_line: int | None, *, after_break: bool) -> int:
        if self._parts:
            sep = "\n\n\n\n" if after_break else "\n\n"
            if after_break:
                self._breaks.append(Span(self._pos, self._pos + len(sep)))
            self._parts.append(sep)
            self._pos += len(sep)
        start = self._pos
        self._parts.append(text)
        self._pos += len(text)
        if source_line is not None:
            self._anchors.append((start, source_line))
        return start

    @contextmanager
    def chapter(self, index: int, title: str | None) -> Iterator[None]:
        """Everything added inside belongs to chapter `index` (1-based)."""
        self._pending_break = False
        start = self._pos + (2 if self._parts else 0)
        yield
        self._pending_break = False
        if self._pos > start:
            self._chapters.append(Span(start, self._pos, title or "", {"index": index}))

    @contextmanager
    def note(self, kind: str, chapter: int | None = None) -> Iterator[None]:
        """Everything added inside is a note of `kind` (see `ficlens.layers.NOTE_KINDS`)."""
        start = self._pos + (2 if self._parts else 0)
        yield
        if self._pos > start:
            self._notes.append(Span(start, self._pos, kind, {"chapter": chapter}))

    def build(self, meta: WorkMeta, source: SourceInfo) -> Document:
        """The finished document; source positions in its offset map are line numbers."""
        anchors = tuple(self._anchors) or ((0, 1),)
        return assemble(
            "".join(self._parts),
            meta,
            source,
            paragraphs=self._paragraphs,
            chapters=self._chapters,
            notes=self._notes,
            breaks=self._breaks,
            offsets=OffsetMap("line", anchors),
        )
