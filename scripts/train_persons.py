#!/usr/bin/env python3
"""Train and cross-validate the ``persons`` tagger on LitBank (CC BY 4.0, Bamman et al.).

Usage: python scripts/train_persons.py [--shared DIR] [--folds K] [--epochs N]
                                       [--stats whole|sample|both] [--offset W]
                                       [--no-model] [--out FILE]

Reads the PER entities of ``../shared/data/litbank/entities/tsv`` (every nesting layer) and
aligns them to the original texts, which the structure stages analyse. Only the annotated
sample of a work is trained on and scored, but the tagger's word statistics come from the
text around it: the whole novel (``--stats whole``), the sample alone (``sample``: as in a
short work) or, by default, both, each work being learnt once with each, so that the model
serves long novels and short fan works alike.

It reports K-fold cross-validated exact-span scores, folds by document (a document is only
ever scored by a model that never saw it, with either statistics), fits the score
calibration on those held-out predictions, then trains on every document and writes the
model the stage ships. Every model has `O_OFFSET` (``--offset``) taken from its ``O``
scores, which trades a little precision for more recall.

The tagger learns each nominal without the ``of`` phrases, relative clauses and (opening a
clause) prepositional phrases that the stage's deterministic extension adds back (`core`),
since its windows are too short for LitBank's maximal spans ("[a potter] of great
patience", "[the girl] on the cart waved").

Scores follow LitBank's conventions: a possessive is not part of a mention ("[Jim]'s") and a
title that begins a name is a mention itself ("[[Mr.] Bennet]"). The stage keeps the title
in the name, so the evaluation adds the title spans (scores without them are shown too).
"""

from __future__ import annotations

import argparse
import bisect
import math
import random
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.cast.features import (
    HONORIFICS,
    NOMINAL_MODIFIERS,
    POSITION_FEATURES,
    ROLES,
    DocInfo,
    doc_info,
    segments,
    split_clitic,
    word_features,
)
from ficlens.cast.persons import (
    BIAS,
    MODEL_PATH,
    NAME,
    PAD,
    SUBJECT_PREPOSITIONS,
    TAGS,
    PersonModel,
    Tagger,
    extend,
    find_persons,
    mention_kind,
    pack,
    scaled,
    viterbi,
)
from ficlens.document import Document
from ficlens.eval.litbank_data import align_tokens, litbank_root, text_document
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages

ROOT = Path(__file__).resolve().parents[1]
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_O, _B, _I, _L, _U = range(len(TAGS))

CharSpan = tuple[int, int]
TokenSpan = tuple[int, int]


@dataclass(slots=True)
class Sample:
    """One LitBank work: its analysed document, gold PER spans and annotated extent.

    ``outer`` are the gold mentions the tagger learns, as token ranges: those not nested in
    another mention, apart from titles nested at a name's start (see `outer_token_spans`).
    """

    name: str
    doc: Document
    info: DocInfo
    gold: list[CharSpan]
    annotated_end: int
    n_tokens: int
    outer: list[TokenSpan] = field(default_factory=list)


def entity_names(root: Path) -> list[str]:
    """Works with entity annotations and an original text."""
    folder = root / "entities" / "tsv"
    names = (p.name.removesuffix("_brat.tsv") for p in folder.glob("*_brat.tsv"))
    return sorted(n for n in names if (root / "original" / f"{n}.txt").exists())


def gold_persons(root: Path, name: str, text: str) -> tuple[list[CharSpan], int]:
    """PER spans of every nesting layer as character spans, and the annotated extent."""
    path = root / "entities" / "tsv" / f"{name}_brat.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for line in fh if (r := line.rstrip("\n").split("\t")) and r[0]]
    starts, ends = align_tokens(text, [r[0] for r in rows])
    spans: set[CharSpan] = set()
    for col in range(1, max(len(r) for r in rows)):
        begin: int | None = None
        for i, row in enumerate([*rows, ["", "O"]]):
            tag = row[col] if col < len(row) else "O"
            if begin is not None and not tag.startswith("I-"):
                spans.add((starts[begin], ends[i - 1]))
                begin = None
            if tag == "B-PER":
                begin = i
    return sorted(spans), ends[-1]


def load_samples(shared: Path, *, whole: bool = True, limit: int | None = None) -> list[Sample]:
    """LitBank works (the first `limit` of them) with gold PER spans, analysed."""
    root = litbank_root(shared)
    pipeline = Pipeline(structure_stages())
    samples = []
    for name in entity_names(root)[:limit]:
        path = root / "original" / f"{name}.txt"
        text = path.read_text(encoding="utf-8")
        gold, annotated_end = gold_persons(root, name, text)
        if not whole:
            blank = _PARAGRAPH_END.search(text, annotated_end)
            text = text[: blank.start()] if blank else text
        doc = pipeline(text_document(text, path))
        info = doc_info(doc)
        n_tokens = bisect.bisect_left(info.starts, annotated_end)
        sample = Sample(name, doc, info, gold, annotated_end, n_tokens)
        sample.outer = outer_token_spans(sample)
        samples.append(sample)
    return samples


def token_span(info: DocInfo, span: CharSpan) -> TokenSpan | None:
    """Token range of a gold span, whose end may fall before a clitic ("Jim" of "Jim's")."""
    i = bisect.bisect_left(info.starts, span[0])
    j = bisect.bisect_left(info.ends, span[1])
    if i >= len(info.starts) or info.starts[i] != span[0] or j >= len(info.ends):
        return None
    if info.ends[j] != span[1] and info.starts[j] + len(split_clitic(info.words[j])[0]) != span[1]:
        return None
    return i, j + 1


def is_title(info: DocInfo, i: int, j: int) -> bool:
    """Whether tokens ``[i, j)`` are one honorific ("Mr.", "Lady")."""
    return j == i + 1 and info.words[i].lower().rstrip(".") in HONORIFICS


def core(info: DocInfo, i: int, j: int) -> TokenSpan:
    """The part of the gold mention ``[i, j)`` the tagger learns: a nominal without the
    modifiers that `extend` adds back ("[a potter] of great patience")."""
    s = bisect.bisect_right(info.sentences, (i, len(info.words))) - 1
    end = info.sentences[s][1] if s >= 0 else len(info.words)
    words = info.words
    for k in range(i + 1, j):
        lw = words[k].lower()
        if (
            lw in NOMINAL_MODIFIERS
            or lw in SUBJECT_PREPOSITIONS
            or (lw == "," and k + 1 < j and words[k + 1].lower() in NOMINAL_MODIFIERS)
        ):
            if mention_kind(words[i:k]) != NAME and extend(words, i, k, end) == j:
                return i, k
            break
    return i, j


def outer_token_spans(sample: Sample) -> list[TokenSpan]:
    """Gold mentions not nested in another, leaving out titles nested at a name's start;
    nominals cut to their `core`."""
    spans = {
        core(sample.info, *t) for g in sample.gold if (t := token_span(sample.info, g)) is not None
    }
    starting = Counter(i for i, _ in spans)
    kept = [(i, j) for i, j in spans if not (is_title(sample.info, i, j) and starting[i] > 1)]
    return sorted(
        s for s in kept if not any(a <= s[0] and s[1] <= b and (a, b) != s for a, b in kept)
    )


def bilou(spans: Iterable[TokenSpan], a: int, b: int) -> list[int]:
    """Gold tags of tokens ``[a, b)``; mentions not wholly inside are left out."""
    tags = [_O] * (b - a)
    for i, j in spans:
        if a <= i and j <= b:
            if j == i + 1:
                tags[i - a] = _U
            else:
                tags[i - a] = _B
                tags[i + 1 - a : j - 1 - a] = [_I] * (j - i - 2)
                tags[j - 1 - a] = _L
    return tags


def token_features(info: DocInfo, i: int) -> list[str]:
    """All features of token `i`: the ones `ficlens.cast.persons.Tagger` adds up."""
    words = info.words
    feats: list[str] = []
    for role in ROLES:
        j = i + role
        word = words[j] if 0 <= j < len(words) else PAD
        feats += word_features(info, word, role, info.initial[i])
    feats.append(POSITION_FEATURES[info.quoted[i]])
    return feats


Unit = tuple[list[list[str]], list[int]]


def training_units(samples: Iterable[Sample]) -> list[Unit]:
    """Features and gold tags of every window the tagger sees in the annotated samples."""
    units: list[Unit] = []
    for s in samples:
        for a, end in segments(s.info, 0, s.n_tokens):
            b = min(end, s.n_tokens)
            if a < b:
                units.append(
                    ([token_features(s.info, i) for i in range(a, b)], bilou(s.outer, a, b))
                )
    return units


class Perceptron:
    """Averaged structured perceptron over string features and the BILOU transitions."""

    def __init__(self) -> None:
        n = len(TAGS)
        self.weights: dict[str, list[float]] = {}
        self.totals: dict[str, list[float]] = {}
        self.stamps: dict[str, list[int]] = {}
        self.trans = [[0.0] * n for _ in range(n + 1)]
        self.trans_totals = [[0.0] * n for _ in range(n + 1)]
        self.trans_stamps = [[0] * n for _ in range(n + 1)]
        self.step = 1

    def _emissions(self, feats: Sequence[Sequence[str]]) -> list[int]:
        n = len(TAGS)
        get = self.weights.get
        out = []
        for fs in feats:
            total = [0.0] * n
            for f in fs:
                w = get(f)
                if w is not None:
                    for k in range(n):
                        total[k] += w[k]
            out.append(pack(total) + BIAS)
        return out

    def _bump(self, f: str, tag: int, delta: float) -> None:
        w = self.weights.get(f)
        if w is None:
            n = len(TAGS)
            w = self.weights[f] = [0.0] * n
            self.totals[f] = [0.0] * n
            self.stamps[f] = [0] * n
        self.totals[f][tag] += (self.step - self.stamps[f][tag]) * w[tag]
        self.stamps[f][tag] = self.step
        w[tag] += delta

    def _bump_trans(self, p: int, c: int, delta: float) -> None:
        self.trans_totals[p][c] += (self.step - self.trans_stamps[p][c]) * self.trans[p][c]
        self.trans_stamps[p][c] = self.step
        self.trans[p][c] += delta

    def learn(self, feats: list[list[str]], gold: list[int]) -> None:
        """One structured update towards `gold` on a window."""
        pred = viterbi(self._emissions(feats), scaled(self.trans))
        if pred != gold:
            for fs, g, p in zip(feats, gold, pred, strict=True):
                if g != p:
                    for f in fs:
                        self._bump(f, g, 1.0)
                        self._bump(f, p, -1.0)
            prev_g = prev_p = len(TAGS)
            for g, p in zip(gold, pred, strict=True):
                if (prev_g, g) != (prev_p, p):
                    self._bump_trans(prev_g, g, 1.0)
                    self._bump_trans(prev_p, p, -1.0)
                prev_g, prev_p = g, p
        self.step += 1

    def averaged(self) -> PersonModel:
        """The averaged weights as a model."""
        step = self.step

        def mean(total: float, stamp: int, value: float) -> float:
            return (total + (step - stamp) * value) / step

        weights = {
            f: tuple(
                mean(t, s, v) for t, s, v in zip(self.totals[f], self.stamps[f], w, strict=True)
            )
            for f, w in self.weights.items()
        }
        trans = tuple(
            tuple(mean(t, s, v) for t, s, v in zip(*rows, strict=True))
            for rows in zip(self.trans_totals, self.trans_stamps, self.trans, strict=True)
        )
        return PersonModel({f: w for f, w in weights.items() if any(w)}, trans)


O_OFFSET = 2.5
"""Weight taken from every token's ``O`` score after training: the perceptron's tags favour
precision over recall, and held-out F1 is best with about this much more recall (chosen by
cross-validation, folds by document)."""


def offset_outside(model: PersonModel, offset: float) -> PersonModel:
    """`model` with `offset` taken from the ``O`` weight of the feature every token has."""
    weights = dict(model.weights)
    bias = list(weights.get("bias", (0.0,) * len(TAGS)))
    bias[_O] -= offset
    weights["bias"] = tuple(bias)
    return PersonModel(weights, model.transitions, model.calibration)


def train(
    samples: Sequence[Sample], epochs: int, seed: int = 0, offset: float = O_OFFSET
) -> PersonModel:
    """A model trained on `samples`, its ``O`` scores lowered by `offset`."""
    units = training_units(samples)
    rng = random.Random(seed)
    perceptron = Perceptron()
    for _ in range(epochs):
        rng.shuffle(units)
        for feats, gold in units:
            perceptron.learn(feats, gold)
    return offset_outside(perceptron.averaged(), offset)


@dataclass(slots=True)
class Score:
    """Exact-match counts: true positives, gold spans, predicted spans."""

    tp: int = 0
    gold: int = 0
    pred: int = 0

    def add(self, gold: set[CharSpan], pred: set[CharSpan]) -> None:
        self.tp += len(gold & pred)
        self.gold += len(gold)
        self.pred += len(pred)

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1 (fractions)."""
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        p, r, f = self.prf()
        return f"P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f:5.1f}  (gold {self.gold})"


def predictions(sample: Sample, model: PersonModel) -> tuple[set[CharSpan], set[CharSpan]]:
    """Mentions found in the annotated part: as the stage gives them, and in LitBank's
    convention, with the titles that begin names as mentions of their own."""
    found = find_persons(sample.doc, model)
    plain = {(s.start, s.end) for s in found if s.end <= sample.annotated_end}
    litbank = set(plain)
    for s in found:
        words = sample.doc.text[s.start : s.end].split()
        title = len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS
        if s.label == NAME and title and s.end <= sample.annotated_end:
            litbank.add((s.start, s.start + len(words[0])))
    return plain, litbank


def _nested(span: CharSpan, spans: set[CharSpan]) -> bool:
    return any(a <= span[0] and span[1] <= b and (a, b) != span for a, b in spans)


def evaluate(samples: Sequence[Sample], models: Sequence[PersonModel]) -> dict[str, Score]:
    """Scores of each sample under its model: overall, without title spans, by kind
    (``name``/``nominal``, as the stage labels a span's text) and outermost spans only."""
    scores = {k: Score() for k in ("all", "no titles", "name", "nominal", "outermost")}
    for sample, model in zip(samples, models, strict=True):
        text = sample.doc.text
        plain, pred = predictions(sample, model)
        gold = set(sample.gold)
        scores["all"].add(gold, pred)
        scores["no titles"].add(gold, plain)
        for kind in (NAME, "nominal"):
            scores[kind].add(
                {g for g in gold if mention_kind(text[g[0] : g[1]].split()) == kind},
                {p for p in pred if mention_kind(text[p[0] : p[1]].split()) == kind},
            )
        scores["outermost"].add(
            {g for g in gold if not _nested(g, gold)}, {p for p in pred if not _nested(p, pred)}
        )
    return scores


def folds(n: int, k: int, seed: int = 0) -> Iterator[list[int]]:
    """`k` disjoint test folds of document indices."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    for f in range(k):
        yield sorted(order[f::k])


def held_out_models(
    views: Sequence[Sequence[Sample]], k: int, epochs: int, offset: float = O_OFFSET
) -> list[PersonModel]:
    """For each document, the model trained on the folds that do not hold it; `views` are
    the same documents in the same order, each with other word statistics."""
    n = len(views[0])
    models: list[PersonModel | None] = [None] * n
    for test in folds(n, k):
        held = set(test)
        samples = [s for view in views for i, s in enumerate(view) if i not in held]
        model = train(samples, epochs, offset=offset)
        for i in test:
            models[i] = model
    return [m for m in models if m is not None]


def fit_calibration(
    samples: Sequence[Sample], models: Sequence[PersonModel]
) -> tuple[float, float]:
    """Logistic fit of "the tagged mention is a gold mention" on its mean tag margin."""
    points: list[tuple[float, int]] = []
    for sample, model in zip(samples, models, strict=True):
        gold = set(sample.outer)
        for i, j, margin in Tagger(model, sample.info).mentions(0, sample.n_tokens):
            if j <= sample.n_tokens:
                points.append((margin, int((i, j) in gold)))
    a, b = 0.0, 0.0
    for _ in range(50):  # Newton's method on the log-likelihood
        ga = gb = haa = hab = hbb = 0.0
        for x, y in points:
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, a * x + b))))
            w = p * (1 - p)
            ga += (y - p) * x
            gb += y - p
            haa += w * x * x
            hab += w * x
            hbb += w
        det = haa * hbb - hab * hab
        if det <= 0:
            break
        a += (hbb * ga - hab * gb) / det
        b += (haa * gb - hab * ga) / det
    return a, b


STATS = {"whole": (True,), "sample": (False,), "both": (True, False)}
"""Whether a work's word statistics come from the whole novel, per ``--stats`` choice."""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument(
        "--stats", choices=sorted(STATS), default="both", help="word statistics of each work"
    )
    parser.add_argument(
        "--offset", type=float, default=O_OFFSET, help="weight taken from every O score"
    )
    parser.add_argument("--no-model", action="store_true", help="cross-validate only")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    views = [load_samples(args.shared, whole=whole) for whole in STATS[args.stats]]
    print(f"{len(views[0])} works loaded in {time.perf_counter() - t0:.1f} s")
    calibration = PersonModel({}, ()).calibration
    if args.folds > 1:
        t0 = time.perf_counter()
        models = held_out_models(views, args.folds, args.epochs, args.offset)
        print(f"{args.folds}-fold cross-validation by document ({time.perf_counter() - t0:.0f} s):")
        for whole, view in zip(STATS[args.stats], views, strict=True):
            print("  statistics of the " + ("whole novel:" if whole else "sample alone:"))
            for key, score in evaluate(view, models).items():
                print(f"    {key:<10} {score}")
        calibration = fit_calibration(
            [s for view in views for s in view], [m for _ in views for m in models]
        )
        a, b = calibration
        print(f"  score calibration: logistic({a:.4f} * margin + {b:.3f})")
    if not args.no_model:
        t0 = time.perf_counter()
        model = train([s for view in views for s in view], args.epochs, offset=args.offset)
        model = PersonModel(model.weights, model.transitions, calibration)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        model.save(args.out)
        size = args.out.stat().st_size
        print(
            f"model: {len(model.weights)} features, {size / 1024:.0f} KiB, "
            f"trained in {time.perf_counter() - t0:.1f} s -> {args.out}"
        )


if __name__ == "__main__":
    main()
