"""Scoring quote attribution (the ``speakers`` layer) against PDNC.

Each PDNC novel is read like any plain-text work (`ficlens.ingest.read_bytes`) and run
through the stages the ``speakers`` layer needs. Two settings:

- **end to end**: the pipeline finds the quotes itself; each gold quotation takes the
  speaker of the predicted top-level quotes overlapping one of its sub-quotations (the most
  confident one that names a speaker); a gold quotation no predicted quote overlaps counts
  as wrong;
- **gold spans** (optional): the ``quotes`` layer is replaced by PDNC's own sub-quotation
  spans (widened to their quote marks and cut at paragraph ends, as ficlens cuts quotes),
  and everything downstream (speech tags, cast, attribution) runs on them.

A predicted speaker is a ``cast`` character; it is mapped to a PDNC character by
`ficlens.eval.characters.best_match` (one whose alias set holds its name first, then the
one sharing most of its normalised names, a name several alias sets share counting last), and
the answer is correct when that is the gold speaker. Quotations whose gold speaker is a
PDNC placeholder (``_unknowable``, ``_group``) or not in the character list are not scored.
Accuracy is reported overall and per PDNC quote type (Explicit, Anaphoric, Implicit),
micro-averaged over novels, with quote-span detection precision, recall and F1. See
``docs/evaluation.md``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ficlens import layers
from ficlens.analysis import default_pipeline
from ficlens.cast.persons import persons_stage
from ficlens.cast.stage import cast_stage
from ficlens.dialogue.attribution import attribution_stage
from ficlens.document import Document, Layer, Span
from ficlens.eval.characters import best_match, normalize_name
from ficlens.eval.metrics import PRF, Accuracy
from ficlens.eval.pdnc_data import TEXT_FILE, PdncCharacter, PdncNovel, PdncQuote, iter_novels
from ficlens.fandoms import load_packs
from ficlens.ingest import read_bytes
from ficlens.pipeline import Pipeline, Stage
from ficlens.summable import Summable
from ficlens.textstats import count_words

EXPLICIT, ANAPHORIC, IMPLICIT = "Explicit", "Anaphoric", "Implicit"
_OPENING = frozenset("“‘\"'")
_CLOSING = frozenset("”’\"'")


@dataclass(frozen=True, slots=True)
class SpeakerScores(Summable):
    """Speaker accuracy overall and per PDNC quote type, and how many wrong answers named a
    character sharing a name with the gold speaker (a cast merge or split, not a wrong
    attribution)."""

    overall: Accuracy = field(default_factory=Accuracy)
    explicit: Accuracy = field(default_factory=Accuracy)
    anaphoric: Accuracy = field(default_factory=Accuracy)
    implicit: Accuracy = field(default_factory=Accuracy)
    cast_errors: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Rounded figures with their counts."""
        return {
            "overall": self.overall.to_dict(),
            "explicit": self.explicit.to_dict(),
            "anaphoric": self.anaphoric.to_dict(),
            "implicit": self.implicit.to_dict(),
            "cast_errors": self.cast_errors,
        }


@dataclass(frozen=True, slots=True)
class PdncScores(Summable):
    """One novel's (or the total's) figures.

    ``quotes`` gold quotations, of which ``unscored`` have a placeholder speaker;
    ``spans_exact`` and ``spans_overlap`` score quote detection; ``words`` and
    ``seconds`` (time spent in the attribution stage, end to end) give its speed.
    """

    end_to_end: SpeakerScores = field(default_factory=SpeakerScores)
    gold_spans: SpeakerScores = field(default_factory=SpeakerScores)
    spans_exact: PRF = field(default_factory=PRF)
    spans_overlap: PRF = field(default_factory=PRF)
    quotes: int = 0
    unscored: int = 0
    words: int = 0
    seconds: float = 0.0

    @property
    def microseconds_per_word(self) -> float:
        """Attribution time per word of text."""
        return 1e6 * self.seconds / self.words if self.words else 0.0

    def to_dict(self, gold_spans: bool = True) -> dict[str, Any]:
        """JSON-ready figures (``gold_spans`` null when that setting was not run)."""
        return {
            "end_to_end": self.end_to_end.to_dict(),
            "gold_spans": self.gold_spans.to_dict() if gold_spans else None,
            "spans_exact": self.spans_exact.to_dict(),
            "spans_overlap": self.spans_overlap.to_dict(),
            "quotes": self.quotes,
            "unscored": self.unscored,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "microseconds_per_word": round(self.microseconds_per_word, 2),
        }


@dataclass(frozen=True, slots=True)
class NovelReport:
    """One novel's figures."""

    name: str
    title: str | None
    scores: PdncScores

    def to_dict(self, gold_spans: bool = True) -> dict[str, Any]:
        """JSON-ready form."""
        return {"name": self.name, "title": self.title, **self.scores.to_dict(gold_spans)}


@dataclass(frozen=True, slots=True)
class PdncReport:
    """Per-novel figures and their micro-averaged total; `gold_spans` says whether the
    gold-span setting was run."""

    novels: tuple[NovelReport, ...]
    total: PdncScores
    gold_spans: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``corpus``, ``novels`` and ``total``."""
        return {
            "corpus": "pdnc",
            "task": "speakers",
            "novels": [n.to_dict(self.gold_spans) for n in self.novels],
            "total": self.total.to_dict(self.gold_spans),
        }


# --- pipelines ---------------------------------------------------------------------------


def speaker_pipeline(pipeline: Pipeline | None = None) -> Pipeline:
    """The stages of `pipeline` (default: `default_pipeline`) that the ``speakers`` layer
    depends on (requires or uses), with the person, cast and attribution stages added when
    it lacks them."""
    stages = list((pipeline or default_pipeline()).stages)
    provided = {name for st in stages for name in st.provides}
    if layers.PERSONS not in provided:
        stages.append(persons_stage)
    if layers.CAST not in provided:
        stages.append(cast_stage(load_packs()))
    if layers.SPEAKERS not in provided:
        stages.append(attribution_stage())
    by_layer = {name: st for st in stages for name in st.provides}
    needed: set[str] = set()
    wanted = [layers.SPEAKERS]
    while wanted:
        name = wanted.pop()
        st = by_layer.get(name)
        if st is None or st.name in needed:
            continue
        needed.add(st.name)
        wanted.extend(st.requires | st.uses)
    return Pipeline([st for st in stages if st.name in needed])


def with_quotes(pipeline: Pipeline, quotes: Layer) -> Pipeline:
    """`pipeline` with its ``quotes`` stage replaced by one returning `quotes`."""
    given = Stage(
        "gold_quotes",
        frozenset({layers.PARAGRAPHS}),
        frozenset({layers.QUOTES}),
        lambda _: [quotes],
    )
    return Pipeline([given if layers.QUOTES in st.provides else st for st in pipeline.stages])


# --- gold quotes -------------------------------------------------------------------------


def gold_pieces(novel: PdncNovel, paragraphs: Layer) -> list[tuple[int, int, int]]:
    """``(start, end, quote index)`` for every gold sub-quotation, widened to its quote marks
    and cut at paragraph ends, in text order; pieces overlapping an earlier one are left out."""
    text = novel.text
    pieces: list[tuple[int, int, int]] = []
    for k, q in enumerate(novel.quotes):
        for a, b in q.spans:
            start = a - 1 if a > 0 and text[a - 1] in _OPENING else a
            end = b + 1 if b < len(text) and text[b] in _CLOSING else b
            pieces.extend((s, e, k) for s, e in _cut(start, end, paragraphs))
    pieces.sort()
    out: list[tuple[int, int, int]] = []
    reach = -1
    for s, e, k in pieces:
        if s >= reach:
            out.append((s, e, k))
            reach = e
    return out


def _cut(start: int, end: int, paragraphs: Layer) -> list[tuple[int, int]]:
    """``[start, end)`` cut into its parts lying in paragraphs."""
    out: list[tuple[int, int]] = []
    i = paragraphs.index_at(start)
    if i is None:
        i = bisect.bisect_right(paragraphs.starts, start)
    while i < len(paragraphs):
        para = paragraphs[i]
        if para.start >= end:
            break
        s, e = max(start, para.start), min(end, para.end)
        if s < e:
            out.append((s, e))
        i += 1
    return out


def gold_layer(text: str, pieces: Sequence[tuple[int, int, int]]) -> Layer:
    """A ``quotes`` layer of the gold pieces: label by quote mark, ``open_end`` when the
    quotation goes on after the piece."""
    spans: list[Span] = []
    for n, (s, e, k) in enumerate(pieces):
        label = "single" if text[s] in "‘'" else "double"
        more = n + 1 < len(pieces) and pieces[n + 1][2] == k
        attrs = (
            MappingProxyType({"open_end": True}) if more and text[e - 1] not in _CLOSING else None
        )
        spans.append(Span(s, e, label, attrs) if attrs else Span(s, e, label))
    return Layer(layers.QUOTES, spans)


# --- scoring -----------------------------------------------------------------------------


def speaker_name(name: str) -> str:
    """A name as compared: `normalize_name` (casefolded, full stops dropped, spacing and
    apostrophes normalised) without a leading "the" ("The Mock Turtle" = "Mock Turtle")."""
    key = normalize_name(name)
    return key[4:] if key.startswith("the ") else key


def _names(values: Iterable[object]) -> frozenset[str]:
    return frozenset(k for k in (speaker_name(str(v)) for v in values if v) if k)


_RANK = {"major": 0, "intermediate": 1, "minor": 2}


class SpeakerMatcher:
    """Maps predicted characters to PDNC main names and tells correct answers apart.

    A ``cast`` character (its ``name`` and ``aliases``) maps to the gold character
    `best_match` picks: one whose alias set holds its ``name`` first, then the one sharing
    most names that no other alias set has, then most names (ties: major, intermediate,
    minor, then list order); none when no alias set shares a name.
    """

    def __init__(self, doc: Document, novel: PdncNovel) -> None:
        gold: list[PdncCharacter] = [c for c in novel.characters if not c.placeholder]
        self.aliases = {c.name: _names(c.aliases) for c in gold}
        alias_sets = [self.aliases[c.name] for c in gold]
        ranks = [_RANK.get(c.category, 3) for c in gold]
        self.names: dict[str, frozenset[str]] = {}
        self.mapped: dict[str, str | None] = {}
        for c in doc.layer(layers.CAST):
            names = _names([c.attrs.get("name"), *(c.attrs.get("aliases") or ())])
            self.names[c.label] = names
            head = speaker_name(str(c.attrs.get("name") or "")) or None
            i = best_match(head, names, alias_sets, ranks)
            self.mapped[c.label] = None if i is None else gold[i].name

    def scorable(self, quote: PdncQuote) -> bool:
        """Whether the gold speaker is a listed character (not a placeholder)."""
        return quote.speaker in self.aliases

    def correct(self, predicted: str, gold: str) -> bool:
        """Whether character `predicted` is the gold speaker `gold` (a main name)."""
        return self.mapped.get(predicted) == gold

    def same_name(self, predicted: str, gold: str) -> bool:
        """Whether `predicted` shares a name with the gold speaker's alias set."""
        return bool(self.names.get(predicted, frozenset()) & self.aliases.get(gold, frozenset()))


def _best(found: Sequence[Span]) -> str | None:
    """The speaker of the most confident span that names one."""
    named = [s for s in found if s.label]
    if not named:
        return None
    return max(named, key=lambda s: float(s.attrs.get("confidence", 0.0))).label


def score_speakers(
    novel: PdncNovel,
    matcher: SpeakerMatcher,
    predicted: Callable[[int, PdncQuote], str | None],
) -> SpeakerScores:
    """Accuracy of `predicted(index, quote)` over the scorable gold quotations."""
    counts: dict[str, list[int]] = {t: [0, 0, 0] for t in ("all", EXPLICIT, ANAPHORIC, IMPLICIT)}
    cast_errors = 0
    for k, quote in enumerate(novel.quotes):
        if not matcher.scorable(quote):
            continue
        speaker = predicted(k, quote)
        right = speaker is not None and matcher.correct(speaker, quote.speaker)
        if speaker is not None and not right and matcher.same_name(speaker, quote.speaker):
            cast_errors += 1
        for key in ("all", quote.quote_type):
            if key in counts:
                c = counts[key]
                c[0] += right
                c[1] += speaker is not None
                c[2] += 1
    acc = {k: Accuracy(*v) for k, v in counts.items()}
    return SpeakerScores(acc["all"], acc[EXPLICIT], acc[ANAPHORIC], acc[IMPLICIT], cast_errors)


def _by_piece(doc: Document) -> dict[tuple[int, int], Span]:
    return {(s.start, s.end): s for s in doc.layer(layers.SPEAKERS)}


def score_gold_spans(
    novel: PdncNovel, doc: Document, pieces: Sequence[tuple[int, int, int]]
) -> SpeakerScores:
    """Speaker accuracy of a document analysed with the gold quote spans."""
    spans = _by_piece(doc)
    found: dict[int, list[Span]] = {}
    for s, e, k in pieces:
        span = spans.get((s, e))
        if span is not None:
            found.setdefault(k, []).append(span)
    matcher = SpeakerMatcher(doc, novel)
    return score_speakers(novel, matcher, lambda k, _: _best(found.get(k, ())))


def score_end_to_end(novel: PdncNovel, doc: Document) -> SpeakerScores:
    """Speaker accuracy with the pipeline's own quotes, aligned to gold ones by overlap."""
    top = [s for s in doc.layer(layers.SPEAKERS) if not _nested(doc, s)]
    starts = [s.start for s in top]

    def overlapping(_: int, quote: PdncQuote) -> str | None:
        hits: list[Span] = []
        for a, b in quote.spans:
            i = max(0, bisect.bisect_right(starts, a) - 1)
            while i < len(top) and top[i].start < b:
                if top[i].end > a:
                    hits.append(top[i])
                i += 1
        return _best(hits)

    return score_speakers(novel, SpeakerMatcher(doc, novel), overlapping)


def _nested(doc: Document, span: Span) -> bool:
    quote = doc.layer(layers.QUOTES)
    i = bisect.bisect_left(quote.starts, span.start)
    while i < len(quote) and quote.starts[i] == span.start:
        if quote.ends[i] == span.end:
            return quote[i].label == "nested"
        i += 1
    return False


def score_spans(doc: Document, pieces: Sequence[tuple[int, int, int]]) -> tuple[PRF, PRF]:
    """Exact and overlap scores of the top-level ``quotes`` against the gold pieces.

    Overlap: a predicted quote is right when it overlaps some gold piece, and a gold piece
    is found when some predicted quote overlaps it.
    """
    predicted = [(q.start, q.end) for q in doc.layer(layers.QUOTES) if q.label != "nested"]
    gold = [(s, e) for s, e, _ in pieces]
    exact = PRF.from_sets(predicted, gold)
    gold_starts = [s for s, _ in gold]
    pred_starts = [s for s, _ in predicted]

    def hits(spans: Sequence[tuple[int, int]], starts: Sequence[int], a: int, b: int) -> bool:
        i = max(0, bisect.bisect_right(starts, a) - 1)
        while i < len(spans) and spans[i][0] < b:
            if spans[i][1] > a:
                return True
            i += 1
        return False

    right = sum(hits(gold, gold_starts, a, b) for a, b in predicted)
    found = sum(hits(predicted, pred_starts, a, b) for a, b in gold)
    return exact, PRF(right, len(predicted), found, len(gold))


def _document(novel: PdncNovel) -> Document:
    path = novel.path / TEXT_FILE
    return read_bytes(path.read_bytes(), str(path))


def _attribution_seconds(timings: Sequence[tuple[str, float]]) -> float:
    return sum(t for name, t in timings if name == "attribution")


def score_novel(novel: PdncNovel, pipeline: Pipeline, gold_spans: bool = False) -> PdncScores:
    """Every figure for one novel."""
    raw = _document(novel)
    doc, timings = pipeline.timed(raw)
    pieces = gold_pieces(novel, doc.layer(layers.PARAGRAPHS))
    exact, overlap = score_spans(doc, pieces)
    end_to_end = score_end_to_end(novel, doc)
    gold = SpeakerScores()
    if gold_spans:
        gold_doc = with_quotes(pipeline, gold_layer(doc.text, pieces))(raw)
        gold = score_gold_spans(novel, gold_doc, pieces)
    names = {c.name for c in novel.characters if not c.placeholder}
    return PdncScores(
        end_to_end=end_to_end,
        gold_spans=gold,
        spans_exact=exact,
        spans_overlap=overlap,
        quotes=len(novel.quotes),
        unscored=sum(q.speaker not in names for q in novel.quotes),
        words=count_words(doc.text),
        seconds=_attribution_seconds(timings),
    )


def iter_pdnc(
    root: Path, pipeline: Pipeline | None = None, limit: int | None = None, gold_spans: bool = False
) -> Iterator[NovelReport]:
    """Analyse and score each PDNC novel in turn (at most `limit`)."""
    pipe = speaker_pipeline(pipeline)
    for novel in iter_novels(Path(root), limit):
        yield NovelReport(novel.name, novel.title, score_novel(novel, pipe, gold_spans))


def evaluate_pdnc(
    root: Path,
    pipeline: Pipeline | None = None,
    limit: int | None = None,
    gold_spans: bool = False,
    progress: Callable[[NovelReport], None] | None = None,
) -> PdncReport:
    """Score quote attribution on PDNC (see the module docstring).

    `root` is the PDNC folder (``data/<Novel>/`` and ``PDNC-Novel-Index.csv``); `pipeline`
    defaults to `default_pipeline` (the stages ``speakers`` needs are taken from it and
    missing ones added); `gold_spans` also runs the gold-quote setting; `progress` is
    called after each novel.
    """
    reports: list[NovelReport] = []
    for report in iter_pdnc(root, pipeline, limit, gold_spans):
        reports.append(report)
        if progress is not None:
            progress(report)
    total = sum((r.scores for r in reports), PdncScores())
    return PdncReport(tuple(reports), total, gold_spans)
