"""Structure stages: scenes, sentences, tokens and quotation spans over the ingest layers."""

from __future__ import annotations

from ficlens.pipeline import Stage
from ficlens.structure.quotes import quotes
from ficlens.structure.scenes import scenes
from ficlens.structure.sentences import sentences
from ficlens.structure.tokens import tokens

__all__ = ["quotes", "scenes", "sentences", "structure_stages", "tokens"]


def structure_stages() -> list[Stage]:
    """The structure stages, in an order the pipeline accepts as is."""
    return [scenes, sentences, tokens, quotes]
