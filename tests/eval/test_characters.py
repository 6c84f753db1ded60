"""Character scoring: name matching by hand, a fake cast stage, and the shared PDNC."""

from __future__ import annotations

import json
from pathlib import Path

from ficlens import layers
from ficlens.document import Document, Layer, Span
from ficlens.eval.characters import (
    best_match,
    cast_names,
    evaluate_characters,
    match_characters,
    normalize_name,
    score_cast,
)
from ficlens.eval.litbank_data import text_document
from ficlens.eval.pdnc_data import PdncCharacter
from ficlens.pipeline import Pipeline, Stage
from ficlens.structure import structure_stages


def character(cid: str, name: str, aliases: set[str], category: str) -> PdncCharacter:
    return PdncCharacter(cid, name, frozenset({name, *aliases}), "X", category)


GOLD = [
    character("0", "Anne Elliot", {"Anne", "Miss Anne"}, "major"),
    character("1", "Elizabeth Elliot", {"Elizabeth", "Miss Elliot"}, "intermediate"),
    character("2", "Sir Walter", {"Walter"}, "minor"),
    character("3", "_unknowable", set(), "minor"),
]


def names(*values: str) -> frozenset[str]:
    return frozenset(normalize_name(v) for v in values)


def test_normalize_name() -> None:
    assert normalize_name("  Mr.  Darcy ") == normalize_name("mr darcy") == "mr darcy"
    assert normalize_name("O’Brien") == "o'brien"


def test_hand_worked_cast_scores() -> None:
    predicted = [
        names("Anne Elliot", "Anne"),  # Anne, pure
        names("Miss Anne"),  # Anne again: a split, pure
        names("Elizabeth", "Sir Walter"),  # one name each: tie → the intermediate one; merge
        names("the stranger"),  # matches nobody
        names("Walter", "the baronet"),  # Walter; impure (unknown name) but no merge
    ]
    assert match_characters(predicted, GOLD) == [0, 0, 1, None, 2]
    s = score_cast(predicted, GOLD)
    assert (s.predicted, s.matched, s.pure, s.merges, s.splits) == (5, 4, 2, 1, 1)
    assert (s.gold, s.found, s.gold_main, s.found_main) == (3, 3, 2, 2)
    assert (s.precision, s.recall_main, s.recall) == (0.5, 1.0, 1.0)
    assert (s + s).to_dict()["matched"] == 8
    empty = score_cast([], GOLD)
    assert (empty.precision, empty.recall_main) == (0.0, 0.0)


def cast_stage(doc: Document) -> list[Layer]:
    return [
        Layer(
            layers.CAST,
            [
                Span(20, 24, "c1", {"name": "Anne", "aliases": ("Anne Elliot",)}),
                Span(46, 50, "c2", {"name": "Fred", "aliases": ()}),
                Span(46, 50, "c3", {"name": "Mr. Fred", "aliases": ("Fred",)}),
            ],
        )
    ]


def test_evaluate_characters_with_a_cast(pdnc_dir: Path) -> None:
    stage = Stage("cast", frozenset(), frozenset({layers.CAST}), cast_stage)
    report = evaluate_characters(pdnc_dir, Pipeline([*structure_stages(), stage]))
    (novel,) = report.novels
    assert (novel.name, novel.title) == ("Tiny", "A Tiny Novel")
    s = novel.scores
    assert s is not None
    # "Mr. Fred" is no alias of Fred's, and Fred is found twice.
    assert (s.predicted, s.matched, s.pure, s.splits) == (3, 3, 2, 1)
    assert (s.found_main, s.gold_main, s.merges) == (2, 2, 0)
    assert report.total == s
    data = json.loads(json.dumps(report.to_dict()))
    assert data["novels"][0]["characters"]["precision"] == round(2 / 3, 4)


def test_no_cast_layer_is_not_available(pdnc_dir: Path) -> None:
    report = evaluate_characters(pdnc_dir, Pipeline(structure_stages()))
    assert report.novels[0].scores is None and report.total is None
    assert report.to_dict()["total"] is None


def test_cast_names() -> None:
    doc = text_document("Anne and Fred.", Path("cast.txt"))
    doc = doc.with_layers(*cast_stage(doc))
    assert cast_names(doc)[2] == {"mr fred", "fred"}


def test_shared_characters_run_end_to_end(shared: Path) -> None:
    seen: list[str] = []
    report = evaluate_characters(
        shared / "data" / "pdnc", limit=2, progress=lambda n: seen.append(n.name)
    )
    assert seen == ["AHandfulOfDust", "APassageToIndia"]
    json.dumps(report.to_dict())


FAMILY = [
    character("0", "Tobias Lind", {"Lind", "Tobias", "Mr. Lind"}, "major"),
    character("1", "Mrs. Lind", {"Mrs. Lind"}, "intermediate"),
    character("2", "Ned Lind", {"Ned", "Lind"}, "minor"),
]


def test_a_prediction_maps_first_to_the_gold_character_its_name_is() -> None:
    aliases = [frozenset(normalize_name(a) for a in g.aliases) for g in FAMILY]
    ranks = [0, 1, 2]
    # "Lind" is shared by two gold alias sets; "mrs lind" is the prediction's own name.
    assert best_match("mrs lind", names("Mrs. Lind", "Lind"), aliases, ranks) == 1
    # Without its name in any alias set, a name only one gold character has decides...
    assert best_match("young lind", names("Young Lind", "Ned", "Lind"), aliases, ranks) == 2
    # ...and a shared surname alone goes to the more important character.
    assert best_match(None, names("Lind"), aliases, ranks) == 0
    assert best_match("nobody", names("Nobody"), aliases, ranks) is None
    predicted = [names("Mrs. Lind", "Lind")]
    assert match_characters(predicted, FAMILY, ["mrs lind"]) == [1]
    assert match_characters(predicted, FAMILY) == [1]  # a name only she has
