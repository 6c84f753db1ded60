"""Tags from optional layers: world facts, scene viewpoints, relationships (categories) and
resolved mentions; the category inference table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import pytest

from ficlens.document import Document, Layer, Span
from ficlens.layers import CAST, MENTIONS, SCENES, WORLD
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages
from ficlens.tags import Suggestion, infer_categories, load_taxonomy, suggestions, tags_stage
from ficlens.tags.detect import RELATIONSHIPS
from tests.tags.passages import BREAK, build

STAGE = tags_stage(load_taxonomy())
STORY = [
    "Jim came in late, as usual, and put his coffee on the wrong desk.",
    "Dwight noticed, as usual, and said so.",
    BREAK,
    "Pam watched them both from reception and wrote something in the margin.",
    "David Wallace called at noon about the quarterly numbers.",
    BREAK,
    "Jim stayed late to finish the report.",
    BREAK,
    "Dwight locked up, checking every window twice.",
]


def attrs(**values: Any) -> Mapping[str, Any]:
    return MappingProxyType(values)


def structured(paragraphs: Iterable[str] = STORY) -> Document:
    return Pipeline(structure_stages())(build(list(paragraphs)))


def find(doc: Document, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(needle, start + 1)
    return start, start + len(needle)


def cast_layer(doc: Document, people: Mapping[str, tuple[str, int]]) -> Layer:
    """A cast of (gender, mentions) per character id, each at its first mention."""
    spans = []
    for who, (gender, mentions) in people.items():
        start, end = find(doc, who.split()[0])
        spans.append(
            Span(start, end, who, attrs(name=who, canon=who, gender=gender, mentions=mentions))
        )
    return Layer(CAST, spans)


def tagged(doc: Document, *layers: Layer) -> dict[str, Suggestion]:
    return {s.tag: s for s in suggestions(STAGE(doc.with_layers(*layers)))}


def test_world_facts_give_abo_and_tags_for_main_characters_only() -> None:
    doc = structured()
    cast = cast_layer(
        doc, {"Jim": ("male", 40), "Dwight": ("male", 35), "David Wallace": ("male", 2)}
    )
    facts = []
    for needle, who, value in (
        ("Jim came", "Jim", "omega"),
        ("Jim stayed", "Jim", "omega"),
        ("Dwight noticed", "Dwight", "alpha"),
        ("Dwight locked", "Dwight", "alpha"),
        ("David Wallace", "David Wallace", "omega"),
    ):
        start, end = find(doc, needle)
        facts.append(Span(start, end, f"secondary_gender={value}", attrs(character=who, score=0.9)))
    tags = tagged(doc, cast, Layer(WORLD, facts))
    assert "Alpha/Beta/Omega Dynamics" in tags
    assert {"Omega Jim", "Alpha Dwight"} <= set(tags)
    assert "Omega David Wallace" not in tags  # a minor character
    assert tags["Omega Jim"].type == "freeform"
    assert all(cue.startswith("world:") for _, _, cue in tags["Omega Jim"].evidence)


def test_a_wildcard_fact_rule_matches_any_value() -> None:
    doc = structured()
    spans = [
        Span(*find(doc, "Jim came"), "soulmate=acknowledged", attrs(score=1.0)),
        Span(*find(doc, "Pam watched"), "soulmate=denied", attrs(score=1.0)),
    ]
    assert "Alternate Universe - Soulmates" in tagged(doc, Layer(WORLD, spans))


def pov_scenes(doc: Document, order: Iterable[str]) -> Layer:
    return Layer(
        SCENES,
        [
            Span(s.start, s.end, "", attrs(chapter=None, pov=who))
            for s, who in zip(doc.layer(SCENES), order, strict=True)
        ],
    )


def test_scene_viewpoints_give_pov_tags_and_alternating() -> None:
    doc = structured()
    cast = cast_layer(doc, {"Jim": ("male", 10), "Pam": ("female", 8)})
    tags = tagged(doc, cast, pov_scenes(doc, ["Jim", "Pam", "Jim", "Pam"]))
    assert {"Jim POV", "Pam POV", "Alternating Points of View"} <= set(tags)
    assert tags["Jim POV"].evidence[0][2] == "scene pov"


def test_one_viewpoint_is_not_alternating() -> None:
    doc = structured()
    tags = tagged(doc, pov_scenes(doc, ["Jim", "Jim", "Jim", "Jim"]))
    assert "Jim POV" in tags
    assert "Alternating Points of View" not in tags


def relationships(doc: Document, pairs: Iterable[tuple[str, str, str]]) -> Layer:
    span = find(doc, "Jim came")
    return Layer(
        RELATIONSHIPS,
        [Span(*span, f"{a}/{b}", attrs(a=a, b=b, type=kind, score=0.8)) for a, b, kind in pairs],
    )


def test_relationships_give_categories() -> None:
    doc = structured()
    cast = cast_layer(doc, {"Jim": ("male", 10), "Pam": ("female", 8), "Dwight": ("male", 9)})
    tags = tagged(doc, cast, relationships(doc, [("Jim", "Dwight", "romantic")]))
    assert [t for t, s in tags.items() if s.type == "category"] == ["M/M"]
    tags = tagged(
        doc,
        cast,
        relationships(doc, [("Jim", "Dwight", "romantic"), ("Jim", "Pam", "romantic")]),
    )
    assert {t for t, s in tags.items() if s.type == "category"} == {"M/M", "F/M", "Multi"}
    tags = tagged(doc, cast, relationships(doc, [("Jim", "Pam", "platonic")]))
    assert [t for t, s in tags.items() if s.type == "category"] == ["Gen"]


def test_no_relationships_layer_no_category() -> None:
    assert not [s for s in suggestions(STAGE(structured())) if s.type == "category"]


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([], ("Gen",)),
        ([("female", "male", False)], ("Gen",)),
        ([("female", "male", True)], ("F/M",)),
        ([("male", "female", True)], ("F/M",)),
        ([("male", "male", True)], ("M/M",)),
        ([("female", "female", True)], ("F/F",)),
        ([("nonbinary", "male", True)], ("Other",)),
        ([("unknown", "male", True)], ()),
        ([("male", "male", True), ("female", "male", True)], ("F/M", "M/M", "Multi")),
        ([("female", "female", True), ("female", "female", True)], ("F/F",)),
        ([("male", "male", True), ("female", "male", False)], ("M/M",)),
        ([("male", "male", True), ("unknown", "female", True)], ("M/M",)),
    ],
)
def test_category_inference(pairs: list[tuple[str, str, bool]], expected: tuple[str, ...]) -> None:
    assert infer_categories(pairs) == expected


def test_mentions_tell_apart_two_men_pining() -> None:
    paragraphs = [
        "Alex couldn\u2019t stop thinking about Sam.",
        "Sam was hopelessly in love with Alex, though he said nothing.",
        "Alex daydreamed about Sam\u2019s laugh.",
        "Sam kept stealing glances at Alex across the lab.",
    ]
    doc = structured(paragraphs)
    assert "Mutual Pining" not in tagged(doc)  # "he" and "he": can't tell who without mentions
    mentions = []
    for i, para in enumerate(doc.layer("paragraphs")):
        who = "Alex" if i % 2 == 0 else "Sam"
        mentions.append(Span(para.start, para.start + len(who), "name", attrs(character=who)))
    tags = tagged(doc, Layer(MENTIONS, mentions))
    assert "Mutual Pining" in tags
