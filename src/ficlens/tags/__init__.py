"""AO3 tag suggestion: freeform tags, rating, archive warnings and categories, with evidence.

The taxonomy (tags, synonyms and the cues that suggest them) is data in
``ficlens/data/tags``; `tags_stage` adds the ``tags`` layer to a document.
"""

from __future__ import annotations

from ficlens.tags.detect import (
    Suggestion,
    TagDetector,
    infer_categories,
    suggestions,
    tags_stage,
)
from ficlens.tags.taxonomy import TagError, Taxonomy, load_taxonomy, read_taxonomy_file

__all__ = [
    "Suggestion",
    "TagDetector",
    "TagError",
    "Taxonomy",
    "infer_categories",
    "load_taxonomy",
    "read_taxonomy_file",
    "suggestions",
    "tags_stage",
]
