"""The checks on the two seed works in ../shared (skipped when absent).

Expectations are derived from the seed texts at run time with generic patterns, so no
seed text is copied here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ficlens.ingest import read_path
from ficlens.narrative.person import Narration
from ficlens.narrative.tense import tense_stage
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages
from ficlens.writing.checks import Finding, check

SEEDS = ("office-the-job-alt-pov.txt", "office-soulmates-abo.txt")
PIPELINE = Pipeline([*structure_stages(), tense_stage])
SPEECH = r"(?:says|said|asks|asked|whispers|whispered|replies|replied|repeats)"


def seed(shared: Path, name: str) -> tuple[str, list[Finding], Narration]:
    doc = PIPELINE(read_path(shared / "seeds" / name))
    return doc.text, check(doc), Narration(doc)


def covered(findings: list[Finding], rule: str, offset: int) -> bool:
    return any(f.rule == rule and f.start <= offset < f.end for f in findings)


@pytest.mark.parametrize("name", SEEDS)
def test_every_capitalised_dialogue_tag_is_flagged(shared: Path, name: str) -> None:
    text, findings, _ = seed(shared, name)
    tags = list(re.finditer(rf"[.?!]” (?:He|She|They) {SPEECH}\b", text))
    assert tags
    assert [m.group() for m in tags if not covered(findings, "tag-case", m.start())] == []


@pytest.mark.parametrize("name", SEEDS)
def test_full_stops_and_missing_commas_before_tags_are_flagged(shared: Path, name: str) -> None:
    text, findings, _ = seed(shared, name)
    tags = list(re.finditer(rf"(?:\.|[a-z])” (?:(?!He |She )[A-Z][a-z]+|he|she) {SPEECH}\b", text))
    assert tags
    missed = [m.group() for m in tags if not covered(findings, "tag-punctuation", m.start())]
    assert missed == []


def test_wrong_words_are_flagged(shared: Path) -> None:
    words = set()
    for name in SEEDS:
        text, findings, _ = seed(shared, name)
        words |= {text[f.start : f.end].lower() for f in findings if f.type != "tense_shift"}
    assert {"envelop", "sure-tell", "everytime", "everyday", "summons", "laying"} <= words


@pytest.mark.parametrize(("name", "least"), [(SEEDS[0], 40), (SEEDS[1], 4)])
def test_tense_shifts_are_found_in_narration_only(shared: Path, name: str, least: int) -> None:
    _, findings, narration = seed(shared, name)
    shifts = [f for f in findings if f.rule == "tense-shift"]
    assert len(shifts) >= least
    assert not any(narration.in_quote(f.start) for f in shifts)
