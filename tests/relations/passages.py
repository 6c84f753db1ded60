"""Short original passages with hand-built ``cast`` and ``mentions`` layers.

A passage marks each mention in braces: ``{Mara}`` is a name mention of the character
"Mara", ``{she|Mara}`` a pronoun (or epithet) standing for her. The structure, speech and
world stages run on the plain text; the cast and mentions come from the marks, so the
relationship tests do not depend on the cast stage's coreference.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from ficlens.dialogue import speech_stage
from ficlens.document import Document, Layer, Span
from ficlens.ingest import read_text
from ficlens.layers import CAST, MENTIONS, POV
from ficlens.pipeline import Pipeline
from ficlens.relations import interactions_stage, relationships_stage
from ficlens.structure import structure_stages
from ficlens.world import world_stage

_MARK = re.compile(r"\{([^{}|]+)(?:\|([^{}]+))?\}")
PRONOUNS = frozenset(
    (
        *("i", "me", "my", "he", "him", "his", "himself", "she", "her", "hers", "herself"),
        *("they", "them", "their", "you", "your", "we", "us"),
    )
)
BEFORE = Pipeline([*structure_stages(), speech_stage()])
WORLD = world_stage()
INTERACTIONS = interactions_stage()
RELATIONSHIPS = relationships_stage()


def unmark(marked: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """The plain text of a marked passage and its mentions (start, end, surface, id)."""
    out: list[str] = []
    mentions = []
    pos = 0
    at = 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos : m.start()])
        at += m.start() - pos
        surface, ident = m.group(1), m.group(2) or m.group(1)
        mentions.append((at, at + len(surface), surface, ident))
        out.append(surface)
        at += len(surface)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), mentions


def passage(
    marked: str,
    genders: Mapping[str, str] | None = None,
    canon: Mapping[str, str] | None = None,
    pov: Sequence[str] = (),
) -> Document:
    """The passage through structure, speech, hand-built cast and mentions, and world.

    `genders` and `canon` give characters a gender and canonical name; `pov` gives each
    scene's point-of-view character (a hand-built ``pov`` layer) when not empty.
    """
    text, mentions = unmark(marked)
    doc = BEFORE(read_text(text))
    counts = Counter(ident for *_, ident in mentions)
    first: dict[str, int] = {}
    spans = []
    for start, end, surface, ident in mentions:
        first.setdefault(ident, start)
        low = surface.lower()
        label = "pronoun" if low in PRONOUNS else "epithet" if low.startswith("the ") else "name"
        attrs = MappingProxyType({"character": ident, "score": 1.0, "reason": "marked"})
        spans.append(Span(start, end, label, attrs))
    cast = [
        Span(
            first[ident],
            first[ident] + 1,
            ident,
            MappingProxyType(
                {
                    "name": ident,
                    "aliases": (ident,),
                    "gender": (genders or {}).get(ident, "unknown"),
                    "canon": (canon or {}).get(ident),
                    "mentions": n,
                }
            ),
        )
        for ident, n in counts.items()
    ]
    layers = [Layer(CAST, cast), Layer(MENTIONS, spans)]
    if pov:
        scenes = doc.layer("scenes")
        layers.append(
            Layer(
                POV,
                (
                    Span(s.start, s.end, who, MappingProxyType({"mode": "limited", "score": 1.0}))
                    for s, who in zip(scenes, pov, strict=True)
                ),
            )
        )
    return WORLD(doc.with_layers(*layers))


def analysed(
    marked: str,
    genders: Mapping[str, str] | None = None,
    canon: Mapping[str, str] | None = None,
    pov: Sequence[str] = (),
) -> Document:
    """The passage through the interactions and relationships stages too."""
    return RELATIONSHIPS(INTERACTIONS(passage(marked, genders, canon, pov)))
