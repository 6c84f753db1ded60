"""The immutable document: canonical text, work metadata, source info and stand-off layers.

Every reader produces one `Document`; every analysis stage returns a new `Document` with more
layers. Spans are half-open ``[start, end)`` code-point offsets into ``Document.text``.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, NamedTuple, overload

from ficlens.errors import MissingLayerError

EMPTY_ATTRS: Mapping[str, Any] = MappingProxyType({})


class Span(NamedTuple):
    """One annotation: a half-open code-point range with a label and optional attributes."""

    start: int
    end: int
    label: str = ""
    attrs: Mapping[str, Any] = EMPTY_ATTRS


class Layer:
    """A named, immutable, start-sorted sequence of spans, stored compactly as offset arrays.

    Token and sentence layers hold millions of spans for a long novel, so offsets live in
    ``array('i')`` rather than one Python object per span; labels and attributes are kept
    only when some span has them.
    """

    __slots__ = ("_attrs", "_ends", "_labels", "_starts", "name")

    def __init__(self, name: str, spans: Iterable[Span] = ()) -> None:
        items = sorted(spans, key=lambda s: (s.start, s.end))
        self.name = name
        self._starts = array("i", [s.start for s in items])
        self._ends = array("i", [s.end for s in items])
        labels = tuple(s.label for s in items)
        attrs = tuple(s.attrs for s in items)
        self._labels: tuple[str, ...] | None = labels if any(labels) else None
        self._attrs: tuple[Mapping[str, Any], ...] | None = attrs if any(a for a in attrs) else None

    @classmethod
    def from_offsets(
        cls,
        name: str,
        starts: array[int],
        ends: array[int],
        labels: tuple[str, ...] | None = None,
    ) -> Layer:
        """Build a layer from already sorted offset arrays without per-span objects."""
        if len(starts) != len(ends) or (labels is not None and len(labels) != len(starts)):
            raise ValueError("starts, ends and labels must have the same length")
        layer = cls.__new__(cls)
        layer.name = name
        layer._starts = starts
        layer._ends = ends
        layer._labels = labels
        layer._attrs = None
        return layer

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> Span: ...
    @overload
    def __getitem__(self, index: slice) -> list[Span]: ...
    def __getitem__(self, index: int | slice) -> Span | list[Span]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return Span(
            self._starts[index],
            self._ends[index],
            self._labels[index] if self._labels is not None else "",
            self._attrs[index] if self._attrs is not None else EMPTY_ATTRS,
        )

    def __iter__(self) -> Iterator[Span]:
        for i in range(len(self._starts)):
            yield self[i]

    def __repr__(self) -> str:
        return f"Layer({self.name!r}, {len(self)} spans)"

    @property
    def starts(self) -> memoryview:
        """Read-only view of the span starts (sorted)."""
        return memoryview(self._starts).toreadonly()

    @property
    def ends(self) -> memoryview:
        """Read-only view of the span ends, parallel to `starts`."""
        return memoryview(self._ends).toreadonly()

    def within(self, start: int, end: int) -> list[Span]:
        """Spans lying entirely inside ``[start, end)``."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [s for s in (self[i] for i in range(lo, hi)) if s.end <= end]

    def index_at(self, offset: int) -> int | None:
        """Index of the span containing `offset`, for layers of non-overlapping spans."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self._ends[i]:
            return i
        return None

    def at(self, offset: int) -> Span | None:
        """The span containing `offset`, if any."""
        i = self.index_at(offset)
        return None if i is None else self[i]


@dataclass(frozen=True, slots=True)
class Series:
    """A series the work belongs to, with its part number when stated."""

    title: str
    part: int | None = None


@dataclass(frozen=True, slots=True)
class WorkMeta:
    """Work metadata as stated by the source (AO3 preface, title page, OPF); empty when absent."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    language: str | None = None
    rating: str | None = None
    warnings: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    fandoms: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()
    freeform: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    collections: tuple[str, ...] = ()
    summary: str | None = None
    published: str | None = None
    updated: str | None = None
    completed: bool | None = None
    words_stated: int | None = None
    chapters_posted: int | None = None
    chapters_expected: int | None = None
    inspired_by: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Where a document came from: its path, detected format, hash and size in bytes."""

    path: str
    format: str
    sha256: str
    size: int
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps canonical text offsets back to the source.

    ``unit`` is ``"char"`` when source positions are code-point offsets into the decoded
    source (plain text: the identity map) and ``"line"`` when they are 1-based source line
    numbers (markup formats, where the parser reports lines). ``anchors`` are sorted
    ``(text_offset, source_position)`` pairs; a position between anchors maps to the
    preceding anchor (plus the distance, for ``"char"`` maps).
    """

    unit: str = "char"
    anchors: tuple[tuple[int, int], ...] = ((0, 0),)

    def to_source(self, offset: int) -> int:
        """Source position of text `offset`."""
        keys = [a[0] for a in self.anchors]
        i = bisect.bisect_right(keys, offset) - 1
        if i < 0:
            return self.anchors[0][1] if self.anchors else 0
        text_at, source_at = self.anchors[i]
        return source_at + (offset - text_at) if self.unit == "char" else source_at


IDENTITY_MAP = OffsetMap()


@dataclass(frozen=True, slots=True)
class Document:
    """One work: canonical text plus metadata and stand-off layers. Never mutated."""

    text: str
    meta: WorkMeta
    source: SourceInfo
    offsets: OffsetMap = IDENTITY_MAP
    layers: Mapping[str, Layer] = field(default_factory=lambda: MappingProxyType({}))

    def layer(self, name: str) -> Layer:
        """The layer called `name`; `MissingLayerError` if no stage has provided it."""
        try:
            return self.layers[name]
        except KeyError:
            raise MissingLayerError(name, tuple(self.layers)) from None

    def has(self, name: str) -> bool:
        """Whether the layer `name` is present."""
        return name in self.layers

    def with_layers(self, *layers: Layer) -> Document:
        """A new document with `layers` added (replacing same-named ones)."""
        merged = dict(self.layers)
        for layer in layers:
            merged[layer.name] = layer
        return replace(self, layers=MappingProxyType(merged))

    def span_text(self, span: Span) -> str:
        """The text a span covers."""
        return self.text[span.start : span.end]
