"""Tokenisation: one compiled regex over each paragraph, labels ``word``/``num``/``punct``/``sym``.

Contractions and possessives (``didn’t``, ``Jim’s``), hyphenated words, elisions (``’til``,
``’n’``), abbreviations (``Mr.``) and initials stay whole because later stages (names,
pronouns, dialogue tags) want them whole. A regex over each paragraph keeps the per-token
cost to one match object; offsets go straight into ``array('i')``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from functools import cache

from ficlens.document import Document, Layer
from ficlens.layers import PARAGRAPHS, TOKENS
from ficlens.pipeline import stage

PUNCT = sys.intern("punct")
SYM = sys.intern("sym")

ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Mx", "Dr", "St", "Jr", "Sr", "Prof", "Rev", "Fr", "Capt", "Col",
    "Gen", "Lt", "Sgt", "Cpl", "Maj", "Adm", "Cmdr", "Hon", "Gov", "Sen", "Rep", "Pres",
    "Supt", "Insp", "Det", "Mt", "Ft", "Messrs", "Mme", "Mlle", "Esq", "vs", "cf", "viz",
    "approx",
)  # fmt: skip
"""Words that take a period without ending a sentence ("Mr. Scott", "vs. them")."""

ELISIONS = (
    "til", "tis", "twas", "twere", "twill", "twould", "tween", "em", "cause", "cuz", "cos",
    "coz", "bout", "round", "neath", "nuff", "kay", "cept", "fraid", "spose", "sup", "n",
)  # fmt: skip
"""Words written with a leading apostrophe (``’til``, ``’em``, ``rock ’n’ roll``)."""

_APOS = "['’]"
_ELISION = rf"{_APOS}(?i:{'|'.join(ELISIONS)})(?:{_APOS}(?=\s))?(?![^\W_])"
_AFTER_ABBREVIATION = "|".join(rf"(?<=\b{a})" for a in ABBREVIATIONS)
_ABBREVIATION_DOT = rf"(?=\.)(?:{_AFTER_ABBREVIATION})\."
# Alternatives are ordered so that an ordinary word fails every special case on its
# second character: a big alternation tried at each token start would dominate the cost.
_TOKEN = re.compile(
    rf"""
    (?P<word>
        [^\W\d_]
        (?:
            \.(?:[^\W\d_]\.)+                            # e.g. U.S. a.m.
          | (?<=[A-HJ-Z])\.(?=[ \t]?[A-Z]\.|\s+[A-Z][^\W\d_])  # initials: J. K. Rowling
          | [^\W_]*(?:(?:{_APOS}|[-‐‑])[^\W_]+)*           # didn’t, Jim's, mother-in-law
            (?:{_ABBREVIATION_DOT}                        # Mr. Mrs. Dr.
              | (?<=[sS]){_APOS}(?=\s+[^\W\d_]))?         # plural possessive: the boys’ room
        )
      | {_ELISION}
      | \d[^\W_]*(?:-[^\W\d_][^\W_]*)+                   # 12-year-old
    )
  | (?P<num>{_APOS}\d\ds?(?![^\W_]) | \d+(?:[.,:/]\d+)*(?:{_APOS}?s(?![^\W_])|[^\W_]*))
  | (?P<punct>\.(?:\s?\.)+ | [!?‽]{{2,}} | —+ | –+ | ---? )  # ellipses, ?!, dash runs
  | (?P<char>\S[\ufe0f\u20e3\U0001f3fb-\U0001f3ff]*)   # one mark or emoji with its modifiers
    """,
    re.VERBOSE,
)


@cache
def _char_kind(char: str) -> str:
    """``sym`` for symbols and emoji (Unicode S* categories), ``punct`` for everything else."""
    return SYM if unicodedata.category(char).startswith("S") else PUNCT


@stage(requires=[PARAGRAPHS], provides=[TOKENS])
def tokens(doc: Document) -> list[Layer]:
    """Tokens of every paragraph, labelled with their kind."""
    starts: array[int] = array("i")
    ends: array[int] = array("i")
    labels: list[str] = []
    text = doc.text
    finditer = _TOKEN.finditer
    para = doc.layer(PARAGRAPHS)
    for ps, pe in zip(para.starts, para.ends, strict=True):
        for m in finditer(text, ps, pe):
            s, e = m.span()
            starts.append(s)
            ends.append(e)
            kind = m.lastgroup or ""
            labels.append(_char_kind(text[s]) if kind == "char" else kind)
    return [Layer.from_offsets(TOKENS, starts, ends, tuple(labels))]
