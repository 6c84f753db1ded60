"""Stages declare their layers; the pipeline checks the graph and streams documents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ficlens.document import Document, Layer, SourceInfo, Span, WorkMeta
from ficlens.errors import PipelineError
from ficlens.pipeline import Pipeline, Stage, stage

SOURCE = SourceInfo(path="t.txt", format="text", sha256="0" * 64, size=0)


@stage(provides=["words"])
def words(doc: Document) -> list[Layer]:
    spans, pos = [], 0
    for part in doc.text.split(" "):
        spans.append(Span(pos, pos + len(part)))
        pos += len(part) + 1
    return [Layer("words", spans)]


@stage(requires=["words"], provides=["long_words"])
def long_words(doc: Document) -> list[Layer]:
    return [Layer("long_words", [s for s in doc.layer("words") if s.end - s.start > 4])]


def test_pipeline_orders_stages_by_their_requirements() -> None:
    pipe = Pipeline([long_words, words], base=())
    assert [s.name for s in pipe.stages] == ["words", "long_words"]
    doc = pipe(Document("a quick brown fox", WorkMeta(), SOURCE))
    assert [doc.span_text(s) for s in doc.layer("long_words")] == ["quick", "brown"]


def test_pipeline_rejects_unsatisfiable_requirements() -> None:
    with pytest.raises(PipelineError, match=r"long_words.*words"):
        Pipeline([long_words], base=())


def test_pipeline_rejects_two_providers_of_one_layer() -> None:
    with pytest.raises(PipelineError, match="provided by both"):
        Pipeline([words, words], base=())


def test_stage_must_return_what_it_declares() -> None:
    @stage(provides=["a", "b"])
    def half(doc: Document) -> list[Layer]:
        return [Layer("a")]

    with pytest.raises(PipelineError, match="declared"):
        half(Document("x", WorkMeta(), SOURCE))


def test_stream_is_lazy() -> None:
    seen: list[str] = []

    def source() -> Iterator[Document]:
        for text in ("one two", "three four"):
            seen.append(text)
            yield Document(text, WorkMeta(), SOURCE)

    out = Pipeline([words], base=()).stream(source())
    assert seen == []
    first = next(out)
    assert seen == ["one two"]
    assert len(first.layer("words")) == 2


def test_timed_reports_every_stage() -> None:
    pipe = Pipeline([words, long_words], base=())
    doc, timings = pipe.timed(Document("a b", WorkMeta(), SOURCE))
    assert [name for name, _ in timings] == ["words", "long_words"]
    assert all(secs >= 0 for _, secs in timings)
    assert doc.has("long_words")


def test_a_stage_runs_after_the_layers_it_uses_when_they_are_provided() -> None:
    counted = Stage(
        "counted",
        frozenset({"words"}),
        frozenset({"count"}),
        lambda doc: [
            Layer("count", [Span(0, 0, str(len(doc.layer("long_words"))))])
            if doc.has("long_words")
            else Layer("count", [Span(0, 0, "none")])
        ],
        uses=frozenset({"long_words"}),
    )
    with_long = Pipeline([counted, long_words, words], base=())
    assert [s.name for s in with_long.stages] == ["words", "long_words", "counted"]
    doc = Document("a quick brown fox", WorkMeta(), SOURCE)
    assert with_long(doc).layer("count")[0].label == "2"
    without = Pipeline([counted, words], base=())
    assert without(doc).layer("count")[0].label == "none"
