"""Scoring the ``cast`` layer against PDNC's character lists and alias sets.

Each PDNC novel is read like any plain-text work (`ficlens.ingest.read_bytes`), run through
the pipeline, and every predicted character (a ``cast`` span: ``name`` plus ``aliases``) is
matched to a gold character by `best_match`: one whose alias set holds its ``name`` first,
then the one sharing most of its names (names several alias sets share count last). Names are
compared case-insensitively with full stops dropped and spacing and apostrophes
normalised, so "Mr. Darcy" is "Mr Darcy". See ``docs/evaluation.md`` for the figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ficlens import layers
from ficlens.analysis import default_pipeline
from ficlens.document import Document
from ficlens.eval.pdnc_data import TEXT_FILE, PdncCharacter, iter_novels
from ficlens.ingest import read_bytes
from ficlens.pipeline import Pipeline
from ficlens.summable import Summable

MAIN_CATEGORIES = frozenset({"major", "intermediate"})
_RANK = {"major": 0, "intermediate": 1, "minor": 2}
_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """A name as compared: casefolded, without full stops, curly apostrophes straightened."""
    text = name.replace("’", "'").replace("‘", "'").replace(".", " ").casefold()
    return _SPACES.sub(" ", text).strip()


def _names(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(n for n in (normalize_name(str(v)) for v in values if v) if n)


@dataclass(frozen=True, slots=True)
class CharacterScores(Summable):
    """Counts behind the character figures of one novel or a total.

    ``predicted`` characters in the cast; ``matched`` of them share a name with some gold
    character; ``pure`` matched ones have every name in their match's alias set;
    ``merges`` have names of several gold characters that no one alias set covers;
    ``gold``/``found`` count gold characters and those some prediction matched, and
    ``gold_main``/``found_main`` the same for major and intermediate characters;
    ``splits`` count gold characters matched by more than one prediction.
    """

    predicted: int = 0
    matched: int = 0
    pure: int = 0
    merges: int = 0
    gold: int = 0
    found: int = 0
    gold_main: int = 0
    found_main: int = 0
    splits: int = 0

    @property
    def precision(self) -> float:
        """Cluster precision: pure predictions among matched ones."""
        return self.pure / self.matched if self.matched else 0.0

    @property
    def recall_main(self) -> float:
        """Share of major and intermediate gold characters found."""
        return self.found_main / self.gold_main if self.gold_main else 0.0

    @property
    def recall(self) -> float:
        """Share of all gold characters found."""
        return self.found / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Rounded figures with their counts."""
        out: dict[str, Any] = {f: getattr(self, f) for f in self.__dataclass_fields__}
        out["precision"] = round(self.precision, 4)
        out["recall_main"] = round(self.recall_main, 4)
        out["recall"] = round(self.recall, 4)
        return out


def best_match(
    canonical: str | None,
    names: frozenset[str],
    aliases: Sequence[frozenset[str]],
    ranks: Sequence[int],
) -> int | None:
    """The index of the gold character a predicted character is, or None.

    The gold characters whose alias set holds the prediction's `canonical` name (its
    ``name``) come first: a prediction is who it is called. Among those (else among all),
    the one sharing most names no other gold alias set has wins, then most names shared,
    then the more important one (`ranks`), then the first listed: a bare surname or first
    name several gold characters share never decides alone.
    """
    owners: dict[str, int] = {}
    for alias_set in aliases:
        for n in alias_set:
            owners[n] = owners.get(n, 0) + 1
    holders = [i for i, a in enumerate(aliases) if canonical is not None and canonical in a]
    best: tuple[int, int, int, int] | None = None
    for i in holders or range(len(aliases)):
        common = names & aliases[i]
        if common:
            own = sum(owners[n] == 1 for n in common)
            key = (-own, -len(common), ranks[i], i)
            best = key if best is None or key < best else best
    return None if best is None else best[3]


def match_characters(
    predicted: Sequence[frozenset[str]],
    gold: Sequence[PdncCharacter],
    canonical: Sequence[str | None] | None = None,
) -> list[int | None]:
    """For each predicted name set (with its `canonical` name, when given), the index of its
    gold character by `best_match`; None when no gold alias set shares a name."""
    aliases = [_names(g.aliases) for g in gold]
    ranks = [_RANK.get(g.category, 3) for g in gold]
    heads = canonical if canonical is not None else [None] * len(predicted)
    return [
        best_match(head, names, aliases, ranks)
        for head, names in zip(heads, predicted, strict=True)
    ]


def score_cast(
    predicted: Sequence[frozenset[str]],
    gold: Sequence[PdncCharacter],
    canonical: Sequence[str | None] | None = None,
) -> CharacterScores:
    """Character figures of predicted name sets (with their `canonical` names, when given)
    against the gold characters (no placeholders)."""
    gold = [g for g in gold if not g.placeholder]
    aliases = [_names(g.aliases) for g in gold]
    known = frozenset().union(*aliases)
    matches = match_characters(predicted, gold, canonical)
    pure = merges = 0
    hits: dict[int, int] = {}
    for names, match in zip(predicted, matches, strict=True):
        if match is None:
            continue
        hits[match] = hits.get(match, 0) + 1
        pure += names <= aliases[match]
        merges += not any(names & known <= a for a in aliases)
    main = [i for i, g in enumerate(gold) if g.category in MAIN_CATEGORIES]
    return CharacterScores(
        predicted=len(predicted),
        matched=sum(hits.values()),
        pure=pure,
        merges=merges,
        gold=len(gold),
        found=len(hits),
        gold_main=len(main),
        found_main=sum(i in hits for i in main),
        splits=sum(n > 1 for n in hits.values()),
    )


def cast_canonical(doc: Document) -> list[str | None]:
    """Each ``cast`` character's normalised ``name``."""
    return [normalize_name(str(s.attrs.get("name") or "")) or None for s in doc.layer(layers.CAST)]


def cast_names(doc: Document) -> list[frozenset[str]]:
    """Each ``cast`` character's normalised names (its ``name`` and ``aliases``)."""
    return [
        _names([s.attrs.get("name"), *(s.attrs.get("aliases") or ())])
        for s in doc.layer(layers.CAST)
    ]


@dataclass(frozen=True, slots=True)
class NovelReport:
    """One novel's character figures; None when the pipeline has no ``cast`` layer."""

    name: str
    title: str | None
    scores: CharacterScores | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        scores = None if self.scores is None else self.scores.to_dict()
        return {"name": self.name, "title": self.title, "characters": scores}


@dataclass(frozen=True, slots=True)
class CharactersReport:
    """Per-novel character figures and their total over all novels."""

    novels: tuple[NovelReport, ...]
    total: CharacterScores | None

    @classmethod
    def from_novels(cls, novels: Iterable[NovelReport]) -> CharactersReport:
        """Collect per-novel reports and sum the available scores."""
        items = tuple(novels)
        scored = [n.scores for n in items if n.scores is not None]
        total = sum(scored, CharacterScores()) if scored else None
        return cls(items, total)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``corpus``, ``novels`` and ``total``."""
        return {
            "corpus": "pdnc",
            "novels": [n.to_dict() for n in self.novels],
            "total": None if self.total is None else self.total.to_dict(),
        }


def iter_characters(
    root: Path, pipeline: Pipeline | None = None, limit: int | None = None
) -> Iterator[NovelReport]:
    """Analyse and score each PDNC novel in turn (at most `limit`)."""
    pipe = pipeline or default_pipeline()
    for novel in iter_novels(Path(root), limit):
        path = novel.path / TEXT_FILE
        doc = pipe(read_bytes(path.read_bytes(), str(path)))
        scores = (
            score_cast(cast_names(doc), novel.characters, cast_canonical(doc))
            if doc.has(layers.CAST)
            else None
        )
        yield NovelReport(novel.name, novel.title, scores)


def evaluate_characters(
    root: Path,
    pipeline: Pipeline | None = None,
    limit: int | None = None,
    progress: Callable[[NovelReport], None] | None = None,
) -> CharactersReport:
    """Run `pipeline` (default: `default_pipeline`) over PDNC and score its cast.

    `root` is the PDNC folder (with ``data/<Novel>/`` and ``PDNC-Novel-Index.csv``);
    `progress` is called after each novel.
    """
    reports: list[NovelReport] = []
    for report in iter_characters(root, pipeline, limit):
        reports.append(report)
        if progress is not None:
            progress(report)
    return CharactersReport.from_novels(reports)
