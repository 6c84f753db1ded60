"""LitBank scoring: gold loading, hand-worked scores on a tiny work, an oracle, shared data."""

from __future__ import annotations

import json
from dataclasses import fields
from fractions import Fraction
from pathlib import Path

import pytest

from ficlens import layers
from ficlens.document import Document, Layer, Span
from ficlens.eval.litbank import (
    CorefScores,
    EntityScores,
    LitbankGold,
    decode_layers,
    evaluate_litbank,
    iter_gold,
    load_gold,
    outermost,
    score_document,
    title_spans,
)
from ficlens.eval.litbank_data import AlignmentError, litbank_root, work_document
from ficlens.eval.metrics import PRF
from ficlens.pipeline import Pipeline, Stage
from ficlens.structure import structure_stages

from .conftest import TINY

KIND_LABELS = {"PROP": "name", "NOM": "epithet", "PRON": "pronoun"}


def oracle_layers(gold: LitbankGold) -> list[Layer]:
    """``persons``, ``mentions`` and ``speech`` layers that say exactly what LitBank says."""
    kind = {(m.start, m.end): m.kind for m in gold.mentions if m.category == "PER"}
    persons = {
        (e.start, e.end): "name" if kind.get((e.start, e.end)) == "PROP" else "nominal"
        for e in gold.entities
        if e.category == "PER"
    }
    clusters = gold.person_clusters()
    mentions = [
        Span(m.start, m.end, KIND_LABELS[m.kind], {"character": m.entity})
        for m in gold.mentions
        if m.entity in clusters
    ]
    speech = [Span(q.start, q.end, "speech", {"speaker": q.speaker}) for q in gold.work.quotes]
    return [
        Layer(layers.PERSONS, [Span(a, b, label) for (a, b), label in persons.items()]),
        Layer(layers.MENTIONS, mentions),
        Layer(layers.SPEECH, speech),
    ]


def analysed(gold: LitbankGold, *extra: Layer) -> Document:
    return Pipeline(structure_stages())(work_document(gold.work)).with_layers(*extra)


def approx(score: PRF | None, precision: Fraction | float, recall: Fraction | float) -> None:
    assert score is not None
    assert score.precision == pytest.approx(float(precision))
    assert score.recall == pytest.approx(float(recall))


def test_decode_layers() -> None:
    tags = [["B-PER", "B-PER"], ["O", "I-PER"], ["I-LOC"], ["I-LOC", "B-FAC"], ["B-PER", "I-FAC"]]
    assert sorted(decode_layers(tags)) == [
        (0, 0, "PER", 1),
        (0, 1, "PER", 2),
        (2, 3, "LOC", 1),
        (3, 4, "FAC", 2),
        (4, 4, "PER", 1),
    ]
    assert outermost({(0, 10), (0, 3), (2, 5), (12, 14), (12, 14)}) == {(0, 10), (12, 14)}


def test_tiny_gold(litbank_dir: Path) -> None:
    gold = load_gold(litbank_dir, TINY)
    text = gold.work.text
    per = sorted(text[e.start : e.end] for e in gold.entities if e.category == "PER")
    assert per == ["Her daughter", "Jane", "Mr.", "Mr. Bennet", "Mrs. Bennet", "his wife"]
    assert {e.layer for e in gold.entities if text[e.start : e.end] == "Mr. Bennet"} == {2}
    clusters = {k: sorted(text[a:b] for a, b in v) for k, v in gold.person_clusters().items()}
    assert clusters == {
        "Mr_Bennet-0": ["Mr. Bennet", "he", "his"],
        "Mrs_Bennet-1": ["Her", "Mrs. Bennet", "his wife"],
        "Jane-2": ["Her daughter", "Jane", "She"],
        "#T11": ["Mr."],  # an apposition-only mention is a singleton, as in coref/conll
    }
    assert "Tale-3" in gold.clusters()
    assert [text[q.start : q.end] for q in gold.work.quotes] == [
        '"Where is Jane?"',
        '"She went out,"',
    ]
    lo, hi = gold.span
    assert text[lo:hi].startswith("THE") and text[lo:hi].endswith("away.")


def test_tokens_must_match(litbank_dir: Path) -> None:
    path = litbank_dir / "entities" / "tsv" / f"{TINY}_brat.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("wife", "life"), encoding="utf-8")
    with pytest.raises(AlignmentError, match="life"):
        load_gold(litbank_dir, TINY)


def test_missing_layers_are_not_available(litbank_dir: Path) -> None:
    gold = load_gold(litbank_dir, TINY)
    scores = score_document(gold, analysed(gold))
    assert (scores.entities, scores.coref, scores.pronouns, scores.speakers) == (None,) * 4
    approx(scores.quotes, 1, 1)


def test_oracle_scores_one(litbank_dir: Path) -> None:
    gold = load_gold(litbank_dir, TINY)
    scores = score_document(gold, analysed(gold, *oracle_layers(gold)))
    assert scores.entities is not None and scores.coref is not None
    for prf in (*vars_of(scores.entities), *vars_of(scores.coref)):
        approx(prf, 1, 1)
    assert scores.pronouns is not None and scores.pronouns.total == 4
    assert scores.pronouns.accuracy == 1.0
    assert scores.speakers is not None and scores.speakers.accuracy == 1.0


def vars_of(scores: EntityScores | CorefScores) -> list[PRF]:
    return [getattr(scores, f.name) for f in fields(scores)]


def test_hand_worked_scores(litbank_dir: Path) -> None:
    gold = load_gold(litbank_dir, TINY)
    work = gold.work

    def at(s: int, t0: int, t1: int | None = None) -> tuple[int, int]:
        return work.token_span(s, t0)[0], work.token_span(s, t0 if t1 is None else t1)[1]

    mr_b, his, wife, jane, he = at(1, 0, 1), at(1, 4), at(1, 4, 5), at(2, 3), at(2, 6)
    she, mrs_b = at(3, 1), at(3, 7, 8)
    persons = Layer(
        layers.PERSONS,
        [
            Span(*mr_b, "name"),
            Span(*wife, "nominal"),
            Span(*jane, "nominal"),  # right span, wrong label
            Span(*at(1, 1), "name"),  # "Bennet": wrong span, inside "Mr. Bennet"
        ],
    )

    def mention(span: tuple[int, int], label: str, who: str) -> Span:
        return Span(*span, label, {"character": who})

    mentions = Layer(
        layers.MENTIONS,
        [
            mention(mr_b, "name", "A"),
            mention(his, "pronoun", "A"),
            mention(he, "pronoun", "A"),
            mention(she, "pronoun", "A"),  # Jane's pronoun given to Mr. Bennet
            mention(wife, "epithet", "B"),
            mention(mrs_b, "name", "B"),
        ],
    )
    q0, q1 = work.quotes
    speech = Layer(
        layers.SPEECH,
        [
            Span(q0.start, q0.end, "speech", {"tag": he}),  # "he" is A = Mr. Bennet: right
            Span(q1.start, q1.end, "speech", {"speaker": "A"}),  # Mrs. Bennet spoke: wrong
        ],
    )
    scores = score_document(gold, analysed(gold, persons, mentions, speech))
    ents = scores.entities
    assert ents is not None
    # LitBank nests "Mr." in "Mr. Bennet"; the title of the predicted name counts as found.
    approx(ents.all, Fraction(4, 5), Fraction(4, 6))
    approx(ents.untitled, Fraction(3, 4), Fraction(3, 6))
    approx(ents.names, Fraction(1, 2), Fraction(1, 3))
    approx(ents.nominals, Fraction(1, 2), Fraction(1, 3))  # gold NOM: wife, daughter, "Mr."
    approx(ents.outermost, 1, Fraction(3, 5))
    # Key {MB his he} {wife MrsB Her} {Jane She daughter} {Mr.};
    # response A = {MB his he She}, B = {wife MrsB}.
    coref = scores.coref
    assert coref is not None
    approx(coref.muc, Fraction(3, 4), Fraction(3, 6))
    approx(coref.b3, Fraction(9, 2) / 6, Fraction(14, 3) / 10)
    approx(coref.ceafe, Fraction(29, 35), Fraction(29, 70))
    approx(coref.lea, Fraction(4, 6), Fraction(4, 10))
    assert coref.conll == pytest.approx((coref.muc.f1 + coref.b3.f1 + coref.ceafe.f1) / 3)
    # his, he right; She wrong (A has no name overlapping "Jane"); Her unanswered.
    pronouns = scores.pronouns
    assert pronouns is not None
    assert (pronouns.correct, pronouns.answered, pronouns.total) == (2, 3, 4)
    speakers = scores.speakers
    assert speakers is not None
    assert (speakers.correct, speakers.answered, speakers.total) == (1, 2, 2)


def test_evaluate_with_a_pipeline_and_json(litbank_dir: Path) -> None:
    def oracle(doc: Document) -> list[Layer]:
        return oracle_layers(load_gold(litbank_dir, TINY))

    provides = frozenset({layers.PERSONS, layers.MENTIONS, layers.SPEECH})
    pipeline = Pipeline([*structure_stages(), Stage("oracle", frozenset(), provides, oracle)])
    seen: list[str] = []
    report = evaluate_litbank(litbank_dir, pipeline, progress=lambda d: seen.append(d.name))
    assert seen == [TINY]
    assert report.total.coref is not None and report.total.coref.conll == pytest.approx(1.0)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["documents"][0]["name"] == TINY
    assert data["total"]["entities"]["all"]["f1"] == 1.0
    plain = evaluate_litbank(litbank_dir, limit=1).to_dict()  # the shipped pipeline
    assert plain["total"]["entities"] is not None
    assert plain["total"]["quotes"]["f1"] == 1.0


# --- the shared LitBank ----------------------------------------------------------------


def test_shared_gold_parses_all_80_works(shared: Path) -> None:
    golds = list(iter_gold(litbank_root(shared)))
    assert len(golds) == 80
    per = sum(e.category == "PER" for g in golds for e in g.entities)
    assert per == 7531  # as many as LitBank's entities/brat files list
    assert sum(len(g.mentions) for g in golds) == 23150
    for gold in golds:
        persons = gold.person_clusters()
        assert all(q.speaker in persons for q in gold.work.quotes)  # speaker ids are entities
        lo, hi = gold.span
        assert all(lo <= m.start < m.end <= hi for m in gold.mentions)


def test_shared_oracle_scores_one(shared: Path) -> None:
    every = PRF()
    for gold in iter_gold(litbank_root(shared)):
        scores = score_document(gold, analysed(gold, *oracle_layers(gold)))
        assert scores.entities is not None and scores.coref is not None
        for prf in (*vars_of(scores.entities)[1:], *vars_of(scores.coref)):
            approx(prf, 1, 1)
        every = every + scores.entities.all
        assert scores.pronouns is not None
        assert scores.pronouns.correct == scores.pronouns.total
        assert scores.speakers is not None and scores.speakers.correct == scores.speakers.total
    # LitBank nests the title in about 98% of titled names; only the other titles are extra.
    assert every.recall == 1 and every.precision > 0.99


def test_shared_report_runs_end_to_end(shared: Path) -> None:
    report = evaluate_litbank(litbank_root(shared), limit=2)
    assert [d.name for d in report.documents] == ["1023_bleak_house", "105_persuasion"]
    assert report.total.quotes is not None
    json.dumps(report.to_dict())


def test_titles_of_predicted_names_count_unless_the_names_mark_them_already() -> None:
    text = "Mr. Orrin Vale bowed. “Yes, sir,” said Mrs. Pell."
    names = [(0, 14, "name"), (28, 31, "nominal"), (39, 48, "name")]
    assert title_spans(text, names) == {(0, 3), (39, 43)}
    assert title_spans(text, [*names, (0, 3, "nominal")]) == set()
