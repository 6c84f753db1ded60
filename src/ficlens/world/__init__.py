"""World facts: the story world's rules and each character's stated attributes."""

from __future__ import annotations

from ficlens.world.facts import Fact, Lexicon, default_lexicon, find_facts, load_lexicon
from ficlens.world.stage import world_layer, world_stage

__all__ = [
    "Fact",
    "Lexicon",
    "default_lexicon",
    "find_facts",
    "load_lexicon",
    "world_layer",
    "world_stage",
]
