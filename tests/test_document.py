"""The document model: immutable documents, compact layers and the offset map."""

from __future__ import annotations

from array import array

import pytest

from ficlens.document import Document, Layer, OffsetMap, SourceInfo, Span, WorkMeta
from ficlens.errors import MissingLayerError

SOURCE = SourceInfo(path="t.txt", format="text", sha256="0" * 64, size=0)


def test_layer_sorts_spans_and_keeps_labels_and_attrs() -> None:
    layer = Layer("x", [Span(5, 9, "b", {"k": 1}), Span(0, 3, "a")])
    assert [s.start for s in layer] == [0, 5]
    assert layer[1].label == "b"
    assert layer[1].attrs["k"] == 1
    assert layer[0].attrs == {}
    assert layer[-1] == layer[1]
    assert layer[0:2] == [layer[0], layer[1]]


def test_layer_without_labels_stores_no_label_tuple() -> None:
    layer = Layer.from_offsets("tokens", array("i", [0, 4]), array("i", [3, 8]))
    assert len(layer) == 2
    assert layer[1] == Span(4, 8)
    with pytest.raises(ValueError, match="same length"):
        Layer.from_offsets("bad", array("i", [0]), array("i", []))


def test_layer_lookups_by_offset_and_range() -> None:
    layer = Layer("p", [Span(0, 5), Span(7, 12), Span(14, 20)])
    assert layer.at(8) == Span(7, 12)
    assert layer.at(6) is None
    assert layer.at(20) is None
    assert layer.within(6, 20) == [Span(7, 12), Span(14, 20)]
    assert layer.within(6, 19) == [Span(7, 12)]


def test_layer_views_are_read_only() -> None:
    layer = Layer("p", [Span(0, 5)])
    with pytest.raises(TypeError):
        layer.starts[0] = 3  # type: ignore[index]


def test_document_is_immutable_and_with_layers_returns_a_new_one() -> None:
    doc = Document("Hello there.", WorkMeta(title="T"), SOURCE)
    with pytest.raises(AttributeError):
        doc.text = "changed"  # type: ignore[misc]
    newer = doc.with_layers(Layer("words", [Span(0, 5), Span(6, 11)]))
    assert not doc.has("words")
    assert newer.span_text(newer.layer("words")[1]) == "there"
    with pytest.raises(TypeError):
        newer.layers["x"] = Layer("x")  # type: ignore[index]


def test_missing_layer_error_names_what_is_there() -> None:
    doc = Document("x", WorkMeta(), SOURCE).with_layers(Layer("a"))
    with pytest.raises(MissingLayerError, match=r"'quotes' is not present.*have: a"):
        doc.layer("quotes")


def test_offset_maps_for_characters_and_lines() -> None:
    assert OffsetMap().to_source(42) == 42
    chars = OffsetMap("char", ((0, 10), (100, 250)))
    assert chars.to_source(5) == 15
    assert chars.to_source(103) == 253
    lines = OffsetMap("line", ((0, 3), (50, 9)))
    assert lines.to_source(49) == 3
    assert lines.to_source(50) == 9
