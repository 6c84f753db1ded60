"""Sentence splitting by one compiled regex per paragraph (fast; no statistical model).

A boundary is a run of terminal punctuation (``.``, ``!``, ``?``, ``?!``, ellipses, or a
dash cutting off speech right before its closing quote), then any closing quotes or
brackets, then whitespace, then the next sentence's first letter, which must not be
lowercase: ``“Wait!” she said.`` stays one sentence, ``He left.” She sighed.`` splits after
the quote. A period after a title (``Mr.``), an initial (``J. K.``), ``e.g.``-style
abbreviations or ``No.`` before a number is not a boundary. Sentences never cross paragraphs.
"""

from __future__ import annotations

import re
from array import array

from ficlens.document import Document, Layer
from ficlens.layers import PARAGRAPHS, SENTENCES
from ficlens.pipeline import stage
from ficlens.structure.tokens import ABBREVIATIONS

_NOT_ABBREVIATION = "".join(rf"(?<!\b{a}\.)" for a in ABBREVIATIONS)
_BOUNDARY = re.compile(
    rf"""
    (?<![!?‽.…])(?<!\.\ )                               # at the start of a run of them
    (?:
        [!?‽][!?‽.…]*+                                   # ! ? ?! !!! ?..
      | \.\.++ | …++ | \.(?:\ \.)++                      # ellipses . . .
      | \.{_NOT_ABBREVIATION}                             # not after Mr. Mrs. Dr. St. ...
        (?<!\b[A-HJ-Z]\.)(?<!\b[a-z]\.[a-z]\.)            # initials, e.g. i.e. a.m.
        (?!(?<=\bNo\.)\s+\d)                             # but "No. 5" goes on
      | (?:—|–|--)(?=[”"’'])                             # speech cut off: “But I—”
    )
    [”’"')\]»*_]*+                                      # closing quotes and brackets
    (?=(\s++)[“"‘'(\[«*_—–-]*+([^\W_]))                 # whitespace, the next first letter
    """,
    re.VERBOSE,
)


def split_into(text: str, start: int, end: int, starts: array[int], ends: array[int]) -> None:
    """Append the sentences of the paragraph ``text[start:end]`` as offsets into `text`."""
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        if text[m.start(2)].islower():
            continue
        starts.append(pos)
        ends.append(m.end())
        pos = m.end(1)
    if pos < end:
        starts.append(pos)
        ends.append(end)


@stage(requires=[PARAGRAPHS], provides=[SENTENCES])
def sentences(doc: Document) -> list[Layer]:
    """Sentences of every paragraph."""
    starts: array[int] = array("i")
    ends: array[int] = array("i")
    text = doc.text
    para = doc.layer(PARAGRAPHS)
    for ps, pe in zip(para.starts, para.ends, strict=True):
        split_into(text, ps, pe, starts, ends)
    return [Layer.from_offsets(SENTENCES, starts, ends)]
