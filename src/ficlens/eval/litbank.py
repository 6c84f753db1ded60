"""Scoring the pipeline's persons, mentions, quotes and speech layers against LitBank.

Gold data: PER entities from ``entities/tsv`` (every nesting layer), coreference from
``coref/tsv`` (the clusters of ``coref/conll`` plus each mention's category, its
PROP/NOM/PRON kind and the entity ids that quotation speakers refer to) and quotations
from ``quotations/tsv`` (loaded by `ficlens.eval.litbank_data`). All annotations are
turned into character spans of the original text, and the pipeline runs on the original
text, so predictions and gold data are compared span for span. Only predictions inside
the annotated sample (first to last annotated token) are scored. See
``docs/evaluation.md`` for the definition of every figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ficlens import layers
from ficlens.analysis import default_pipeline
from ficlens.cast.features import HONORIFICS
from ficlens.dialogue.attribution import linked_mentions
from ficlens.document import Document, Span
from ficlens.eval.litbank_data import (
    AlignmentError,
    LitBankWork,
    load_work,
    work_document,
    work_names,
)
from ficlens.eval.metrics import (
    PRF,
    Accuracy,
    Mention,
    align_clusters,
    b_cubed,
    ceaf_e,
    conll_f1,
    lea,
    muc,
)
from ficlens.pipeline import Pipeline
from ficlens.summable import Summable

PERSON = "PER"
PROPER = "PROP"
NOMINAL = "NOM"
PRONOUN = "PRON"
PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
_SUFFIX = "_brat"


class LitbankFormatError(ValueError):
    """A LitBank annotation file has a line this loader cannot read."""


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """An entity of ``entities/tsv``: span, category (PER, LOC...) and 1-based layer,
    layer 1 being the innermost."""

    start: int
    end: int
    category: str
    layer: int


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A coreference mention: span, text, category, kind (PROP, NOM, PRON) and entity id.

    Mentions LitBank links only as a copula or apposition attribute have no entity of their
    own; like ``coref/conll``, they become singletons (entity id ``#`` + mention id).
    """

    start: int
    end: int
    text: str
    category: str
    kind: str
    entity: str


@dataclass(frozen=True, slots=True)
class LitbankGold:
    """Everything LitBank annotates for one work, as character spans of its original text."""

    work: LitBankWork
    entities: tuple[GoldEntity, ...]
    mentions: tuple[GoldMention, ...]

    @property
    def name(self) -> str:
        """The work's LitBank name (``<gutenberg id>_<title>``)."""
        return self.work.name

    @property
    def span(self) -> tuple[int, int]:
        """The annotated sample: start of its first token to end of its last."""
        starts = self.work.token_starts
        return (starts[0] if starts else 0), self.work.annotated_end

    def clusters(self) -> dict[str, frozenset[Mention]]:
        """Entity id → its mentions' spans, for every coreference entity."""
        groups: dict[str, set[Mention]] = {}
        for m in self.mentions:
            groups.setdefault(m.entity, set()).add((m.start, m.end))
        return {k: frozenset(v) for k, v in groups.items()}

    def person_clusters(self) -> dict[str, frozenset[Mention]]:
        """The clusters with at least one PER mention (pronouns included)."""
        persons = {m.entity for m in self.mentions if m.category == PERSON}
        return {k: v for k, v in self.clusters().items() if k in persons}


def _sentences(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [line.split() for line in fh]


def _check_tokens(work: LitBankWork, sentences: Sequence[Sequence[str]], path: Path) -> None:
    """Raise `AlignmentError` unless `sentences` are the work's aligned tokens."""
    bounds = [*work.sentence_starts, len(work.token_starts)]
    if len(sentences) != len(bounds) - 1:
        raise AlignmentError(f"{path}: {len(sentences)} sentences, expected {len(bounds) - 1}")
    for s, sentence in enumerate(sentences):
        if len(sentence) != bounds[s + 1] - bounds[s]:
            raise AlignmentError(f"{path}: sentence {s} has {len(sentence)} tokens")
        for t, token in enumerate(sentence):
            start, end = work.token_span(s, t)
            if work.text[start:end] != token:
                raise AlignmentError(f"{path}: token {s}:{t} {token!r} is not the aligned token")


def _read_layered(path: Path) -> tuple[list[list[str]], list[list[list[str]]]]:
    """Tokens and per-token tag columns of a layered BIO file, sentence by sentence."""
    tokens: list[list[str]] = [[]]
    tags: list[list[list[str]]] = [[]]
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if not cols[0]:
                if tokens[-1]:
                    tokens.append([])
                    tags.append([])
                continue
            tokens[-1].append(cols[0])
            tags[-1].append([c.strip() for c in cols[1:]])
    if not tokens[-1]:
        tokens.pop()
        tags.pop()
    return tokens, tags


def decode_layers(tags: Sequence[Sequence[str]]) -> list[tuple[int, int, str, int]]:
    """Entities ``(first token, last token, category, layer)`` of one sentence's BIO columns.

    An ``I-`` tag that does not continue an entity of its category starts a new one.
    """
    width = max((len(t) for t in tags), default=0)
    found: list[tuple[int, int, str, int]] = []
    for layer in range(1, width + 1):
        first, category = -1, ""
        for i, row in enumerate([*tags, ["O"] * width]):
            tag = row[layer - 1] if layer <= len(row) else "O"
            kind, _, label = tag.partition("-")
            if category and (kind != "I" or label != category):
                found.append((first, i - 1, category, layer))
                category = ""
            if kind in ("B", "I") and label and not category:
                first, category = i, label
    return found


def load_entities(root: Path, work: LitBankWork) -> tuple[GoldEntity, ...]:
    """The entities of ``entities/tsv`` for `work`, every nesting layer."""
    path = root / "entities" / "tsv" / f"{work.name}{_SUFFIX}.tsv"
    tokens, tags = _read_layered(path)
    _check_tokens(work, tokens, path)
    entities: list[GoldEntity] = []
    for s, sentence_tags in enumerate(tags):
        for first, last, category, layer in decode_layers(sentence_tags):
            start = work.token_span(s, first)[0]
            end = work.token_span(s, last)[1]
            entities.append(GoldEntity(start, end, category, layer))
    entities.sort(key=lambda e: (e.start, -e.end, e.layer))
    return tuple(entities)


def load_mentions(root: Path, work: LitBankWork) -> tuple[GoldMention, ...]:
    """The coreference mentions of ``coref/tsv`` for `work`, each with its entity id."""
    folder = root / "coref" / "tsv"
    tokens = folder / f"{work.name}{_SUFFIX}.txt"
    _check_tokens(work, _sentences(tokens), tokens)
    raw: dict[str, tuple[int, int, str, str, str]] = {}
    entity_of: dict[str, str] = {}
    path = folder / f"{work.name}{_SUFFIX}.ann"
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            cols = line.rstrip("\n").split("\t")
            try:
                if cols[0] == "MENTION":
                    s0, t0, s1, t1 = (int(c) for c in cols[2:6])
                    start = work.token_span(s0, t0)[0]
                    end = work.token_span(s1, t1)[1]
                    raw[cols[1]] = (start, end, cols[6], cols[7], cols[8])
                elif cols[0] == "COREF":
                    entity_of[cols[1]] = cols[2]
            except (IndexError, ValueError) as exc:
                raise LitbankFormatError(f"{path}:{n}: malformed {cols[0]} line") from exc
    mentions = [
        GoldMention(start, end, text, category, kind, entity_of.get(mid, f"#{mid}"))
        for mid, (start, end, text, category, kind) in raw.items()
    ]
    mentions.sort(key=lambda m: (m.start, -m.end))
    return tuple(mentions)


def load_gold(root: Path, name: str) -> LitbankGold:
    """Work `name` with its entity, coreference and quotation annotations."""
    work = load_work(root, name)
    return LitbankGold(work, load_entities(root, work), load_mentions(root, work))


def iter_gold(root: Path, limit: int | None = None) -> Iterator[LitbankGold]:
    """Every LitBank work with all its annotations, one at a time (at most `limit`)."""
    names = work_names(root)
    for name in names[:limit] if limit is not None else names:
        yield load_gold(root, name)


# --- scores ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntityScores(Summable):
    """Exact-span PER entity scores: every layer (with and without the title spans LitBank
    nests at a name's start), proper names, nominals, outermost."""

    all: PRF
    untitled: PRF
    names: PRF
    nominals: PRF
    outermost: PRF

    def to_dict(self) -> dict[str, Any]:
        """Each figure's scores."""
        return _field_dicts(self)


@dataclass(frozen=True, slots=True)
class CorefScores(Summable):
    """Coreference scores of the person clusters."""

    muc: PRF
    b3: PRF
    ceafe: PRF
    lea: PRF

    @property
    def conll(self) -> float:
        """The CoNLL-2012 F1: mean of MUC, B³ and CEAF-e F1."""
        return conll_f1(self.muc, self.b3, self.ceafe)

    def to_dict(self) -> dict[str, Any]:
        """Each metric's scores and the CoNLL F1."""
        return {**_field_dicts(self), "conll_f1": round(self.conll, 4)}


def _add_optional(a: Any, b: Any) -> Any:
    if a is None:
        return b
    return a if b is None else a + b


@dataclass(frozen=True, slots=True)
class LitbankScores:
    """All LitBank figures of one document or a total; None where a layer is not available."""

    entities: EntityScores | None = None
    coref: CorefScores | None = None
    pronouns: Accuracy | None = None
    quotes: PRF | None = None
    speakers: Accuracy | None = None

    def __add__(self, other: LitbankScores) -> LitbankScores:
        return LitbankScores(
            _add_optional(self.entities, other.entities),
            _add_optional(self.coref, other.coref),
            _add_optional(self.pronouns, other.pronouns),
            _add_optional(self.quotes, other.quotes),
            _add_optional(self.speakers, other.speakers),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures; null for those not available."""
        return _field_dicts(self)


def _field_dicts(scores: EntityScores | CorefScores | LitbankScores) -> dict[str, Any]:
    """Each field of `scores` by name, as its ``to_dict()`` (None when it is None)."""
    return {
        f.name: None if (value := getattr(scores, f.name)) is None else value.to_dict()
        for f in fields(scores)
    }


@dataclass(frozen=True, slots=True)
class LitbankDocReport:
    """One work's figures."""

    name: str
    tokens: int
    scores: LitbankScores

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"name": self.name, "tokens": self.tokens, **self.scores.to_dict()}


@dataclass(frozen=True, slots=True)
class LitbankReport:
    """Per-work figures and their micro-averaged total."""

    documents: tuple[LitbankDocReport, ...]
    total: LitbankScores

    @classmethod
    def from_documents(cls, documents: Iterable[LitbankDocReport]) -> LitbankReport:
        """Collect per-work reports and sum them into the total."""
        docs = tuple(documents)
        total = LitbankScores()
        for d in docs:
            total = total + d.scores
        return cls(docs, total)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``corpus``, ``documents`` and ``total``."""
        return {
            "corpus": "litbank",
            "documents": [d.to_dict() for d in self.documents],
            "total": self.total.to_dict(),
        }


def _inside(spans: Iterable[Span], lo: int, hi: int) -> list[Span]:
    return [s for s in spans if lo <= s.start and s.end <= hi]


def outermost(spans: Iterable[Mention]) -> set[Mention]:
    """The spans not strictly inside another span of the collection."""
    kept: set[Mention] = set()
    reach = -1
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if end > reach:
            kept.add((start, end))
            reach = end
    return kept


def title_spans(text: str, predicted: Iterable[tuple[int, int, str]]) -> set[Mention]:
    """The honorifics that begin predicted names ("Mr." of "Mr. Bennet"): LitBank marks each
    as a person mention nested in the name, while the stage keeps it inside the name. None
    when the predictions already mark the titles of their names on their own (a bare "sir"
    said to someone elsewhere does not count)."""
    found: set[Mention] = set()
    bare: set[Mention] = set()
    for start, end, label in predicted:
        first, _, rest = text[start:end].partition(" ")
        if first.lower().rstrip(".") in HONORIFICS:
            if not rest:
                bare.add((start, end))
            elif label == "name":
                found.add((start, start + len(first)))
    return set() if found & bare else found


def score_entities(gold: LitbankGold, doc: Document) -> EntityScores | None:
    """PER entity scores of the ``persons`` layer; None when the layer is missing.

    Proper names (LitBank PROP) are scored against ``name`` spans and nominals (NOM)
    against ``nominal`` spans; the kind comes from the coreference mention at the same
    span. Entities with no such mention (mostly titles like "Sir" nested in a name) and
    predictions at exactly their spans are left out of those two figures only.
    """
    if not doc.has(layers.PERSONS):
        return None
    lo, hi = gold.span
    predicted = [(s.start, s.end, s.label) for s in _inside(doc.layer(layers.PERSONS), lo, hi)]
    spans = {(e.start, e.end) for e in gold.entities if e.category == PERSON}
    kinds = {(m.start, m.end): m.kind for m in gold.mentions if m.category == PERSON}
    unknown = {s for s in spans if kinds.get(s) not in (PROPER, NOMINAL)}

    def split(label: str, kind: str) -> PRF:
        pred = {(a, b) for a, b, lab in predicted if lab == label and (a, b) not in unknown}
        return PRF.from_sets(pred, {s for s in spans if kinds.get(s) == kind})

    pred_spans = {(a, b) for a, b, _ in predicted}
    return EntityScores(
        all=PRF.from_sets(pred_spans | title_spans(doc.text, predicted), spans),
        untitled=PRF.from_sets(pred_spans, spans),
        names=split("name", PROPER),
        nominals=split("nominal", NOMINAL),
        outermost=PRF.from_sets(outermost(pred_spans), outermost(spans)),
    )


def predicted_clusters(doc: Document, lo: int, hi: int) -> dict[str, frozenset[Mention]]:
    """Character id → spans of its ``mentions`` inside ``[lo, hi)``; a span counts once."""
    groups: dict[str, set[Mention]] = {}
    seen: set[Mention] = set()
    for s in _inside(doc.layer(layers.MENTIONS), lo, hi):
        character = s.attrs.get("character")
        if character is None or (s.start, s.end) in seen:
            continue
        seen.add((s.start, s.end))
        groups.setdefault(str(character), set()).add((s.start, s.end))
    return {k: frozenset(v) for k, v in groups.items()}


def score_coref(gold: LitbankGold, doc: Document) -> CorefScores | None:
    """MUC, B³, CEAF-e and LEA of the ``mentions`` layer against LitBank's person clusters."""
    if not doc.has(layers.MENTIONS):
        return None
    key = list(gold.person_clusters().values())
    response = list(predicted_clusters(doc, *gold.span).values())
    return CorefScores(
        muc(key, response), b_cubed(key, response), ceaf_e(key, response), lea(key, response)
    )


def _overlaps(a: Mention, b: Mention) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_pronouns(gold: LitbankGold, doc: Document) -> Accuracy | None:
    """Accuracy of the characters given to gold he/she/him/her/his/hers/himself/herself.

    Only pronouns whose gold cluster has a proper-name mention count. A pronoun is answered
    when the ``mentions`` layer has a mention at its exact span with a character, and
    correct when one of that character's ``name`` mentions overlaps a proper-name mention
    of the pronoun's gold cluster.
    """
    if not doc.has(layers.MENTIONS):
        return None
    persons = gold.person_clusters()
    proper: dict[str, list[Mention]] = {}
    for m in gold.mentions:
        if m.kind == PROPER and m.entity in persons:
            proper.setdefault(m.entity, []).append((m.start, m.end))
    character_at: dict[Mention, str] = {}
    names: dict[str, list[Mention]] = {}
    for s in doc.layer(layers.MENTIONS):
        character = s.attrs.get("character")
        if character is None:
            continue
        character_at.setdefault((s.start, s.end), str(character))
        if s.label == "name":
            names.setdefault(str(character), []).append((s.start, s.end))
    correct = answered = total = 0
    for m in gold.mentions:
        if m.kind != PRONOUN or m.text.lower() not in PRONOUNS or m.entity not in proper:
            continue
        total += 1
        character = character_at.get((m.start, m.end))
        if character is None:
            continue
        answered += 1
        if any(_overlaps(n, p) for n in names.get(character, ()) for p in proper[m.entity]):
            correct += 1
    return Accuracy(correct, answered, total)


def score_quotes(gold: LitbankGold, doc: Document) -> PRF | None:
    """Exact-span scores of top-level ``quotes`` (marks included) against LitBank quotes."""
    if not doc.has(layers.QUOTES):
        return None
    lo, hi = gold.span
    predicted = {
        (q.start, q.end) for q in _inside(doc.layer(layers.QUOTES), lo, hi) if q.label != "nested"
    }
    return PRF.from_sets(predicted, {(q.start, q.end) for q in gold.work.quotes})


def _speaker(span: Span | None, character_at: Mapping[Mention, str]) -> str | None:
    """The character a ``speech`` span names: its ``speaker`` attr, else its tag's mention."""
    if span is None:
        return None
    speaker = span.attrs.get("speaker")
    if speaker is not None:
        return str(speaker)
    tag = span.attrs.get("tag")
    if tag is None:
        return None
    return character_at.get((int(tag[0]), int(tag[1])))


def score_speakers(gold: LitbankGold, doc: Document) -> Accuracy | None:
    """Accuracy of the speakers given to LitBank's attributed quotes: the ``speakers``
    layer's when the pipeline attributes quotes, else the character of the ``speech`` tag.

    The gold speaker id is LitBank's coreference entity; it is correct when the predicted
    speaker is the character aligned to that entity by the CEAF-e alignment of person
    clusters. A quote is answered when a span with its exact extent names a speaker.
    """
    if not (doc.has(layers.SPEECH) and doc.has(layers.MENTIONS)):
        return None
    key = gold.person_clusters()
    response = predicted_clusters(doc, *gold.span)
    key_ids, response_ids = list(key), list(response)
    aligned = {
        key_ids[i]: response_ids[j]
        for i, j, _ in align_clusters([key[k] for k in key_ids], list(response.values()))
    }
    character_at = {
        (s.start, s.end): str(s.attrs["character"])
        for s in doc.layer(layers.MENTIONS)
        if s.attrs.get("character") is not None
    }
    speech = {(s.start, s.end): s for s in doc.layer(layers.SPEECH)}
    attributed = (
        {(s.start, s.end): s.label or None for s in doc.layer(layers.SPEAKERS)}
        if doc.has(layers.SPEAKERS)
        else None
    )
    correct = answered = total = 0
    for q in gold.work.quotes:
        if q.speaker is None:
            continue
        total += 1
        if attributed is not None:
            speaker = attributed.get((q.start, q.end))
        else:
            speaker = _speaker(speech.get((q.start, q.end)), character_at)
        if speaker is None:
            continue
        answered += 1
        correct += aligned.get(q.speaker) == speaker
    return Accuracy(correct, answered, total)


def score_document(gold: LitbankGold, doc: Document) -> LitbankScores:
    """Every LitBank figure for one analysed document (its text must be the work's), with
    the mentions the analysis reports (pronouns of attributed quotes go to their speaker)."""
    if doc.has(layers.MENTIONS):
        doc = doc.with_layers(linked_mentions(doc))
    return LitbankScores(
        entities=score_entities(gold, doc),
        coref=score_coref(gold, doc),
        pronouns=score_pronouns(gold, doc),
        quotes=score_quotes(gold, doc),
        speakers=score_speakers(gold, doc),
    )


def iter_litbank(
    root: Path, pipeline: Pipeline | None = None, limit: int | None = None
) -> Iterator[LitbankDocReport]:
    """Analyse and score each LitBank work in turn (at most `limit`)."""
    pipe = pipeline or default_pipeline()
    for gold in iter_gold(Path(root), limit):
        doc = pipe(work_document(gold.work))
        yield LitbankDocReport(gold.name, len(gold.work.token_starts), score_document(gold, doc))


def evaluate_litbank(
    root: Path,
    pipeline: Pipeline | None = None,
    limit: int | None = None,
    progress: Callable[[LitbankDocReport], None] | None = None,
) -> LitbankReport:
    """Run `pipeline` (default: `default_pipeline`) over LitBank and score it.

    `root` is the LitBank folder (with ``original``, ``entities``, ``coref``,
    ``quotations``); `progress` is called after each work.
    """
    reports: list[LitbankDocReport] = []
    for report in iter_litbank(root, pipeline, limit):
        reports.append(report)
        if progress is not None:
            progress(report)
    return LitbankReport.from_documents(reports)
