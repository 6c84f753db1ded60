"""Stages and the pipeline that checks their layer graph and streams documents through them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ficlens.document import Document, Layer
from ficlens.errors import PipelineError
from ficlens.layers import INGEST_LAYERS

StageFunc = Callable[[Document], Sequence[Layer]]


@dataclass(frozen=True, slots=True)
class Stage:
    """A pure function of a document that declares the layers it requires and provides,
    and those it `uses` when the pipeline provides them (it runs after their stages)."""

    name: str
    requires: frozenset[str]
    provides: frozenset[str]
    func: StageFunc
    uses: frozenset[str] = frozenset()

    def __call__(self, doc: Document) -> Document:
        missing = self.requires - set(doc.layers)
        if missing:
            raise PipelineError(f"stage {self.name!r} needs layers {sorted(missing)}")
        layers = self.func(doc)
        names = {layer.name for layer in layers}
        if names != self.provides:
            raise PipelineError(
                f"stage {self.name!r} declared {sorted(self.provides)} but returned {sorted(names)}"
            )
        return doc.with_layers(*layers)


def stage(*, requires: Iterable[str] = (), provides: Iterable[str]) -> Callable[[StageFunc], Stage]:
    """Decorator turning ``f(doc) -> [Layer, ...]`` into a `Stage` named after the function."""

    def wrap(func: StageFunc) -> Stage:
        return Stage(func.__name__, frozenset(requires), frozenset(provides), func)

    return wrap


class Pipeline:
    """An ordered, validated chain of stages.

    Stages are put in dependency order (stable with respect to the given order), a stage
    after the stages providing the layers it `uses` too; building the pipeline fails if a
    stage needs a layer that neither ingest nor an earlier stage provides, or if two stages
    provide the same layer.
    """

    def __init__(self, stages: Iterable[Stage], base: Iterable[str] = INGEST_LAYERS) -> None:
        pending = list(stages)
        available = set(base)
        providers: dict[str, str] = {}
        for st in pending:
            for name in st.provides:
                if name in providers or name in available:
                    other = providers.get(name, "ingest")
                    raise PipelineError(
                        f"layer {name!r} provided by both {other!r} and {st.name!r}"
                    )
                providers[name] = st.name
        ordered: list[Stage] = []
        while pending:
            ready = next(
                (
                    s
                    for s in pending
                    if s.requires <= available and (s.uses & providers.keys()) <= available
                ),
                None,
            )
            if ready is None:
                needs = {
                    s.name: sorted((s.requires | (s.uses & providers.keys())) - available)
                    for s in pending
                }
                raise PipelineError(f"unsatisfiable stage requirements: {needs}")
            ordered.append(ready)
            available |= ready.provides
            pending.remove(ready)
        self.stages: tuple[Stage, ...] = tuple(ordered)
        self.provides = frozenset(available)

    def __call__(self, doc: Document) -> Document:
        for st in self.stages:
            doc = st(doc)
        return doc

    def stream(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Process documents lazily, one at a time, so memory stays bounded by one work."""
        for doc in docs:
            yield self(doc)

    def timed(self, doc: Document) -> tuple[Document, list[tuple[str, float]]]:
        """Run the pipeline on one document and report seconds spent in each stage."""
        timings: list[tuple[str, float]] = []
        for st in self.stages:
            t0 = time.perf_counter()
            doc = st(doc)
            timings.append((st.name, time.perf_counter() - t0))
        return doc, timings
