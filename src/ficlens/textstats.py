"""Counting words the way AO3 does: runs of word characters, with apostrophes and hyphens
inside a word not splitting it ("didn't", "well-known" are one word each)."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+(?:[-'’‘]\w+)*")


def count_words(text: str) -> int:
    """Number of words in `text`."""
    return sum(1 for _ in WORD.finditer(text))
