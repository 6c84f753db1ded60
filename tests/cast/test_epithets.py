"""Epithets in and around speech tags: a character known by a role keeps its role noun."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType

from ficlens.document import Span
from ficlens.eval.litbank_data import text_document
from ficlens.layers import QUOTES
from tests.cast.test_coref import STRUCTURE, analyse, who


def nominal_tags(text: str, tags: Sequence[tuple[str, int]]) -> list[Span]:
    """A hand-made speech layer: per quote (in order) its verb tag as (words, which
    occurrence of them); a tag starting with "the" is a nominal, any other a name."""
    quotes = list(STRUCTURE(text_document(text, Path("t.txt"))).layer(QUOTES))
    out = []
    for quote, (tag, nth) in zip(quotes, tags, strict=True):
        hit = list(re.finditer(rf"\b{re.escape(tag)}\b", text))[nth]
        kind = "nominal" if tag.casefold().startswith("the ") else "name"
        attrs = {"tag": hit.span(), "tag_kind": kind, "verb": True, "vocatives": ()}
        out.append(Span(quote.start, quote.end, "speech", MappingProxyType(attrs)))
    return out


BOAT = (
    '"Mind the rope, I tell you," said the ferryman.\n\n'
    '"I will mind it," said Corwin Hale, and he stepped onto the deck.\n\n'
    '"Sit down, I beg you," said the ferryman.\n\n'
)


def test_a_role_character_keeps_its_noun_while_in_the_scene() -> None:
    """Eight sentences after the ferryman last spoke, "the weary ferryman" is still him,
    though a merely compatible character would have dropped out by then."""
    text = (
        BOAT + "Corwin sat on a crate. He watched the far bank. Gulls circled the mast. "
        "The river slid past. Reeds bent in the wind. Corwin yawned. A heron lifted off. "
        "Clouds gathered over the hills. Corwin counted the posts on the shore.\n\n"
        "The weary ferryman pointed at the landing."
    )
    tags = [("the ferryman", 0), ("Corwin Hale", 0), ("the ferryman", 1)]
    doc = analyse(
        text,
        ["Corwin Hale", "Corwin"],
        ["the ferryman", "The weary ferryman"],
        speech=nominal_tags(text, tags),
    )
    assert who(doc, "The weary ferryman") == "The ferryman"


def test_a_descriptive_epithet_needs_a_recent_candidate() -> None:
    """Long after anyone was last mentioned, "the tall man" is a newcomer, not Corwin."""
    text = (
        "Corwin Hale tied up the boat and went inland. The road was empty. Hedges lined "
        "it on both sides. A crow called from a post. The sun sank low. Fog rolled over "
        "the fields. A dog barked far off. The air turned cold.\n\n"
        "The tall man at the gate lifted a lantern."
    )
    doc = analyse(text, ["Corwin Hale"], ["The tall man"])
    assert who(doc, "The tall man") is None


def test_a_plain_descriptor_prefers_a_character_known_only_by_a_role() -> None:
    """Corwin was mentioned more recently, but "the man at the oars" re-describes the
    ferryman: a named character would more likely have been called by name."""
    text = (
        BOAT + "Corwin sat on a crate. He watched the far bank. Gulls circled the mast. "
        "The river slid past.\n\n"
        '"Nearly there, I promise," said the man at the oars.'
    )
    tags = [("the ferryman", 0), ("Corwin Hale", 0), ("the ferryman", 1), ("the man", 0)]
    doc = analyse(
        text,
        ["Corwin Hale", "Corwin"],
        ["the ferryman", "the man"],
        speech=nominal_tags(text, tags),
    )
    assert who(doc, "the man") == "The ferryman"
