"""Quotation spans: double, single and dash dialogue, nested quotes, open-ended speeches.

Quote marks are found per body paragraph by one regex (an apostrophe between two letters is
never a candidate) and each is classed by its context: a mark after whitespace, an opening
bracket or dash and before text can open; a mark after text and before whitespace,
punctuation or the paragraph end can close. Curly and straight marks are treated alike,
so a mis-typed ``”Hi”`` or straight ``"Hi"`` pair up by position.

Single quotes are dialogue only in works that use them that way (more opening single than
opening double marks); elsewhere they are looked at only inside a double quote, as nested
quotes. Apostrophes are told apart from single quotes by context: ``’til``, ``’n’``,
``’90s`` are elisions, and a mark after a letter and before a word (``the boys’ room``,
``goin’ home``) closes a quote only when no clearer closing mark follows.

A quote never crosses a paragraph: a speech that goes on into the next paragraph (or a mark
that is never closed) ends at its paragraph's end with ``open_end``. Stray closing marks
are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from ficlens.document import EMPTY_ATTRS, Document, Layer, Span
from ficlens.layers import PARAGRAPHS, QUOTES, ROLE_BODY
from ficlens.pipeline import stage
from ficlens.structure.tokens import ELISIONS

DOUBLE = "double"
SINGLE = "single"
DASH = "dash"
NESTED = "nested"

OPEN_END: MappingProxyType[str, bool] = MappingProxyType({"open_end": True})

_MARK = re.compile(r"""["“”]|(?<![^\W_])['‘’]|['‘’](?![^\W_])""")
_ELISION = re.compile(rf"(?i:{'|'.join(ELISIONS)})(?![^\W_])|\d\d(?:s|’s|'s)?(?![^\W_])")
_DASH_LINE = re.compile(r"(?:—|–|―|--)[ \t]*(?:\.\.\.|…)?([^\W_])")
_SPEECH_VERBS = (
    "said|says|asked|asks|cried|cries|answered|answers|replied|replies|whispered|shouted|"
    "called|added|murmured|muttered|exclaimed|repeated|continued|began|told|tells|yelled|"
    "snapped|sighed|laughed|breathed|protested|urged|demanded|insisted|went on|goes on"
)
_SUBJECT = r"(?:he|she|they|I|we|you|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})"
_DASH_TAG = re.compile(
    rf"""
    (?<=[,.!?…:;])\s+                          # after the speech's own punctuation
    (?:{_SUBJECT}\s+(?:[a-z]+ly\s+)?(?:{_SPEECH_VERBS})|(?:{_SPEECH_VERBS})\s+{_SUBJECT})\b
    [^.!?:,;—–]*[.!?:,;]?                      # the rest of the tag's clause
  | \s+[—–]\s*[a-z][^—–]*(?:[—–]|$)           # an aside: —dijo él—
    """,
    re.VERBOSE,
)
_SINGLE_MARKS = frozenset("'‘’")
_OPEN_AFTER = frozenset("([{<—–-/“”‘’\"'*_")
_CLOSE_BEFORE = frozenset(".,;:!?)]}>—–-…“”‘’\"'*_")
_STRONG_CLOSE_AFTER = frozenset(".,;:!?…—–-")

# What a mark can do, from its context.
_OPEN = 1  # opens (after space or bracket, before text)
_CLOSE = 2  # closes (after text, before space or punctuation)
_EITHER = 3  # context says nothing clear ("a"b", " x "): toggles
_WEAK_OPEN = 4  # ’ at a word start: opens only if a closing mark follows
_WEAK_CLOSE = 5  # after a letter and before a word: closes only if nothing clearer follows
_OPENERS = (_OPEN, _EITHER, _WEAK_OPEN)

Mark = tuple[int, bool, int]
"""A classified quote mark: (offset, is_single, role)."""


def _classify(text: str, i: int, start: int, end: int) -> int | None:
    """What the mark at `i` in paragraph ``text[start:end]`` can do; None for an apostrophe."""
    char = text[i]
    prev = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    opens = (prev.isspace() or prev in _OPEN_AFTER) and not after.isspace()
    closes = not prev.isspace() and (after.isspace() or after in _CLOSE_BEFORE)
    if char not in _SINGLE_MARKS:
        if opens == closes:
            return _EITHER
        return _OPEN if opens else _CLOSE
    if opens and not closes:
        if _ELISION.match(text, i + 1, end):  # ’til, ’90s; but 'Tis may open a quote
            return _WEAK_OPEN if after.isupper() else None
        return _WEAK_OPEN if char == "’" else _OPEN
    if closes and not opens:
        if after.isspace() and prev not in _STRONG_CLOSE_AFTER:
            return _WEAK_CLOSE
        return _CLOSE
    return _EITHER


def _marks(text: str, start: int, end: int) -> list[Mark]:
    """Classified quote marks of one paragraph, in order."""
    found: list[Mark] = []
    for m in _MARK.finditer(text, start, end):
        i = m.start()
        role = _classify(text, i, start, end)
        if role is not None:
            found.append((i, text[i] in _SINGLE_MARKS, role))
    return found


def _trim_end(text: str, start: int, end: int) -> int:
    """`end` moved left over whitespace, never before `start`."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


class _Pairing:
    """Pairs the classified marks of one paragraph into quote spans, left to right.

    At most two quotes are open: the top-level one and one nested inside it. A mark of the
    nested quote's family goes to the nested quote first, so ``“a “b” c”`` nests too.
    Decisions that look ahead are read from tables built in one backward pass, so a
    paragraph of thousands of marks costs linear time.
    """

    def __init__(self, text: str, start: int, end: int, marks: Sequence[Mark]) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.marks = marks
        self.spans: list[Span] = []
        self.outer: tuple[int, bool] | None = None  # (offset, is_single) of the open quote
        self.inner: tuple[int, bool] | None = None  # the open nested quote
        # For mark k and family f (False: double, True: single), about the marks after k:
        # a clear closer comes before any opener; any closer (even weak) comes before any
        # opener; how many clear closers there are.
        n = len(marks)
        self.clear_closer = {False: [False] * n, True: [False] * n}
        self.any_closer = {False: [False] * n, True: [False] * n}
        self.closers = {False: [0] * n, True: [0] * n}
        clear, weak, count = [False, False], [False, False], [0, 0]
        for k in range(n - 1, -1, -1):
            for f in (False, True):
                self.clear_closer[f][k] = clear[f]
                self.any_closer[f][k] = weak[f]
                self.closers[f][k] = count[f]
            _, f, role = marks[k]
            if role in (_CLOSE, _EITHER):
                clear[f] = weak[f] = True
                count[f] += 1
            elif role == _WEAK_CLOSE:
                weak[f] = True
            else:
                clear[f] = weak[f] = False

    def can_open(self, k: int, role: int, single: bool) -> bool:
        if role == _WEAK_OPEN:
            return self.any_closer[single][k]
        return role in (_OPEN, _EITHER)

    def can_close(self, k: int, role: int, single: bool) -> bool:
        if role == _WEAK_CLOSE:
            return not self.clear_closer[single][k]
        return role in (_CLOSE, _EITHER)

    def end_inner(self, at: int, attrs: Mapping[str, Any]) -> None:
        if self.inner is not None:
            self.spans.append(Span(self.inner[0], at, NESTED, attrs))
            self.inner = None

    def end_outer(self, at: int, closed: bool) -> None:
        """End the open quote at the closing mark at `at`, or unclosed before `at`."""
        assert self.outer is not None
        cut = _trim_end(self.text, self.start, at)
        self.end_inner(cut, OPEN_END)
        style = SINGLE if self.outer[1] else DOUBLE
        self.spans.append(
            Span(self.outer[0], at + 1, style)
            if closed
            else Span(self.outer[0], cut, style, OPEN_END)
        )
        self.outer = None

    def run(self, singles_are_dialogue: bool) -> list[Span]:
        """The quote spans of the paragraph, top-level and nested."""
        for k, (pos, single, role) in enumerate(self.marks):
            outer, inner = self.outer, self.inner
            if outer is None:
                if (singles_are_dialogue or not single) and self.can_open(k, role, single):
                    self.outer = (pos, single)
            elif inner is not None and single == inner[1]:
                if self.can_close(k, role, single):
                    self.end_inner(pos + 1, EMPTY_ATTRS)
            elif single != outer[1]:  # nested quotes close in their paragraph, or are not quotes
                if inner is None and role in _OPENERS and self.any_closer[single][k]:
                    self.inner = (pos, single)
            elif self.can_close(k, role, single):
                self.end_outer(pos, closed=True)
            elif role == _OPEN:
                if inner is None and self.closers[single][k] >= 2:
                    self.inner = (pos, single)  # “a “b” c”: nested in the same style
                else:  # a new quote opens: the last one was never closed
                    self.end_outer(pos, closed=False)
                    self.outer = (pos, single)
        if self.outer is not None:
            self.end_outer(self.end, closed=False)
        return self.spans


def _dash_quotes(text: str, start: int, end: int) -> list[Span]:
    """Speech of a dash dialogue line (``—Come up! he said. Be quick.``), tags left out.

    Such speech has no closing mark, so it runs to a dialogue tag (``he said``, ``said
    Buck``, or a ``—dijo él—`` aside) and resumes after the tag's clause, up to the end.
    """
    m = _DASH_LINE.match(text, start, end)
    if m is None or m.group(1).islower() or text[_trim_end(text, start, end) - 1] in "—–-":
        return []  # not speech: "—and then", or an ornament like "— I —"
    spans: list[Span] = []
    pos = start
    for tag in _DASH_TAG.finditer(text, m.end(1), end):
        if tag.start() > pos:
            spans.append(Span(pos, tag.start(), DASH))
        pos = tag.end()
        while pos < end and text[pos].isspace():
            pos += 1
    end = _trim_end(text, pos, end)
    if end > pos:
        spans.append(Span(pos, end, DASH))
    return spans


def singles_are_dialogue(marks: Sequence[Sequence[Mark]]) -> bool:
    """Whether a work writes dialogue in single quotes: more opening singles than doubles."""
    singles = doubles = 0
    for para in marks:
        for _, single, role in para:
            if role == _OPEN:
                if single:
                    singles += 1
                else:
                    doubles += 1
    return singles > doubles


@stage(requires=[PARAGRAPHS], provides=[QUOTES])
def quotes(doc: Document) -> list[Layer]:
    """Quotation spans of the body paragraphs, labelled by style."""
    text = doc.text
    paragraphs = [(s.start, s.end) for s in doc.layer(PARAGRAPHS) if s.label == ROLE_BODY]
    marks = [_marks(text, s, e) for s, e in paragraphs]
    singles = singles_are_dialogue(marks)
    spans: list[Span] = []
    for (start, end), para_marks in zip(paragraphs, marks, strict=True):
        dash = _dash_quotes(text, start, end)
        spans.extend(dash)
        if para_marks:
            found = _Pairing(text, start, end, para_marks).run(singles)
            if dash:  # quotes inside dash dialogue are nested in it
                found = [s._replace(label=NESTED) for s in found]
            spans.extend(found)
    return [Layer(QUOTES, spans)]
