"""The story world between characters: interactions, the character network and
relationships with AO3 relationship tags."""

from __future__ import annotations

from ficlens.relations.interactions import Cues, interactions_stage, load_cues
from ficlens.relations.network import character_network
from ficlens.relations.pairs import Relationship, relationships, relationships_stage

__all__ = [
    "Cues",
    "Relationship",
    "character_network",
    "interactions_stage",
    "load_cues",
    "relationships",
    "relationships_stage",
]
