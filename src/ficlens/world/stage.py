"""The ``world`` stage: world facts as a layer, with subjects resolved to characters.

When the document already has the ``mentions`` layer (the cast stage ran first), each
fact's subject, and the other party of a relation, is resolved to the character of the
mention that covers it. When it has the ``cast`` layer, a fact that repeats a character's
canon attribute (a prior the cast stage took from the work's fandom pack) scores higher.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from ficlens.document import Document, Layer, Span
from ficlens.layers import CAST, MENTIONS, PARAGRAPHS, QUOTES, SENTENCES, TOKENS, WORLD
from ficlens.pipeline import Stage, stage
from ficlens.world.facts import Fact, Lexicon, default_lexicon, find_facts

PRIOR_BONUS = 0.1
"""Added to the score of a fact that matches the character's canon attributes."""
MAX_MENTION = 80
"""Longest mention, in characters, looked back for when resolving a subject."""


class _Mentions:
    """Character mentions by position, for resolving subject expressions."""

    def __init__(self, layer: Layer) -> None:
        self.starts = list(layer.starts)
        self.ends = list(layer.ends)
        self.characters = [m.attrs.get("character") for m in layer]

    def character(self, span: tuple[int, int] | None) -> str | None:
        """The character of the mention overlapping `span` most (shortest on a tie)."""
        if span is None:
            return None
        start, end = span
        best: tuple[int, int, str] | None = None
        k = bisect.bisect_left(self.starts, end) - 1
        while k >= 0 and self.starts[k] > start - MAX_MENTION:
            overlap = min(end, self.ends[k]) - max(start, self.starts[k])
            character = self.characters[k]
            if overlap > 0 and character is not None:
                length = self.ends[k] - self.starts[k]
                if best is None or (overlap, -length) > (best[0], -best[1]):
                    best = (overlap, length, str(character))
            k -= 1
        return best[2] if best else None


def _priors(doc: Document) -> Mapping[str, frozenset[str]]:
    """Canon attribute values of each character (casefolded), from the cast layer."""
    if not doc.has(CAST):
        return {}
    out: dict[str, frozenset[str]] = {}
    for c in doc.layer(CAST):
        attributes = c.attrs.get("attributes") or {}
        out[c.label] = frozenset(str(v).casefold() for v in attributes.values())
    return out


def _span(fact: Fact, mentions: _Mentions | None, priors: Mapping[str, frozenset[str]]) -> Span:
    """The layer span of `fact`, its subject resolved and its score raised by a prior."""
    character = mentions.character(fact.subject) if mentions else None
    score = fact.score
    if character is not None and fact.value.casefold() in priors.get(character, frozenset()):
        score = round(min(1.0, score + PRIOR_BONUS), 3)
    attrs: dict[str, Any] = {
        "subject": fact.subject,
        "character": character,
        "score": score,
        "cue": fact.cue,
        "other": fact.other,
        "other_character": mentions.character(fact.other) if mentions else None,
    }
    return Span(fact.start, fact.end, fact.label, MappingProxyType(attrs))


def world_layer(doc: Document, lexicon: Lexicon | None = None) -> Layer:
    """The ``world`` layer of `doc` (see `ficlens.layers`)."""
    mentions = _Mentions(doc.layer(MENTIONS)) if doc.has(MENTIONS) else None
    priors = _priors(doc)
    facts: Sequence[Fact] = find_facts(doc, lexicon)
    return Layer(WORLD, (_span(f, mentions, priors) for f in facts))


def world_stage(lexicon: Lexicon | None = None) -> Stage:
    """The stage providing ``world``; `lexicon` defaults to the built-in ``data/world``."""
    lex = lexicon or default_lexicon()

    @stage(requires=[PARAGRAPHS, SENTENCES, TOKENS, QUOTES], provides=[WORLD])
    def world(doc: Document) -> list[Layer]:
        """World facts stated in the story, one span per piece of evidence."""
        return [world_layer(doc, lex)]

    return world
