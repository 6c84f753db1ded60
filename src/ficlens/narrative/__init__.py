"""Narration: its tense (past or present) and its narrative person, per paragraph and scene."""

from __future__ import annotations

from ficlens.narrative.person import person_stage, scene_persons, work_person
from ficlens.narrative.tense import scene_tenses, tense_stage
from ficlens.pipeline import Stage

__all__ = [
    "narrative_stages",
    "person_stage",
    "scene_persons",
    "scene_tenses",
    "tense_stage",
    "work_person",
]


def narrative_stages() -> list[Stage]:
    """The narration stages (they need the structure stages' layers)."""
    return [tense_stage, person_stage]
