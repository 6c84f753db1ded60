"""Scoring the ``speech`` layer's tags, kinds and vocatives against PDNC and LitBank.

PDNC types every quotation (Explicit: a speech tag names the speaker; Anaphoric: a pronoun
or description does; Implicit: no tag) and gives a tagged one's tag as a string ("said his
lady to him"). That string is found next to the quote (comparing letters and digits only;
the occurrence nearest the quote wins) and a predicted tag is correct when it overlaps it.
Per PDNC quotation the tag of its best-scored part counts. Name tags are also checked
against the gold speaker's aliases and pronoun tags against its gender, on all quotations
(beats included). Vocatives are correct when they overlap a PDNC mention of one of the
quote's addressees. Kind shares are over the predicted quotes holding a PDNC quotation,
all of which are utterances or thoughts.

LitBank gives each quotation a speaker entity; a tag is correct when it overlaps one of
that entity's coreference mentions.

``python -m tests.dialogue.speech_eval [SHARED]`` prints the figures.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.dialogue import speech_stage
from ficlens.document import Document, Span
from ficlens.eval.litbank import iter_gold
from ficlens.eval.litbank_data import text_document, work_document
from ficlens.eval.pdnc_data import PdncNovel, PdncQuote, iter_novels
from ficlens.layers import QUOTES, SPEECH
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages

_ALNUM = re.compile(r"[^\W_]+")
_WINDOW = 400
_GENDER = {"he": "M", "she": "F"}
_TITLE_WORDS = frozenset({"mr", "mrs", "miss", "ms", "dr", "the"})

Offsets = tuple[int, int]


def pipeline() -> Pipeline:
    """The structure stages plus the speech stage."""
    return Pipeline([*structure_stages(), speech_stage()])


@dataclass
class Counts:
    """Tallies of an evaluation, by name (see the module docstring)."""

    tags: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    agreement: Counter[str] = field(default_factory=Counter)
    vocatives: Counter[str] = field(default_factory=Counter)

    def add(self, other: Counts) -> None:
        """Add `other`'s tallies to these."""
        self.tags.update(other.tags)
        self.kinds.update(other.kinds)
        self.agreement.update(other.agreement)
        self.vocatives.update(other.vocatives)


def ratio(counter: Counter[str], num: str, den: str) -> float:
    """``counter[num] / counter[den]``, 0 when the denominator is 0."""
    return counter[num] / counter[den] if counter[den] else 0.0


def overlaps(a: Offsets, b: Offsets) -> bool:
    """Whether two half-open spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def locate(text: str, expression: str, quote: PdncQuote) -> Offsets | None:
    """Span of the referring expression nearest `quote`, comparing letters and digits."""
    target = "".join(_ALNUM.findall(expression)).lower()
    if not target:
        return None
    chars: list[str] = []
    where: list[int] = []
    for m in _ALNUM.finditer(text, max(0, quote.start - _WINDOW), quote.end + _WINDOW):
        chars.append(m.group().lower())
        where.extend(range(m.start(), m.end()))
    flat = "".join(chars)
    best: tuple[int, Offsets] | None = None
    pos = flat.find(target)
    while pos >= 0:
        span = (where[pos], where[pos + len(target) - 1] + 1)
        if not any(a <= span[0] < b for a, b in quote.spans):
            distance = max(0, quote.start - span[1], span[0] - quote.end)
            if best is None or distance < best[0]:
                best = (distance, span)
        pos = flat.find(target, pos + 1)
    return best[1] if best else None


def top_level(doc: Document) -> list[Span]:
    """The ``speech`` spans of top-level (not nested) quotes."""
    pairs = zip(doc.layer(QUOTES), doc.layer(SPEECH), strict=True)
    return [s for q, s in pairs if q.label != "nested"]


def parts(speech: list[Span], starts: list[int], quote: PdncQuote) -> list[Span]:
    """The predicted quotes holding the PDNC quote's sub-quotations."""
    found: list[Span] = []
    for a, b in quote.spans:
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and speech[i].start <= a and b <= speech[i].end and speech[i] not in found:
            found.append(speech[i])
    return found


def best_tag(spans: list[Span]) -> Span | None:
    """The part whose tag is most trusted, if any part has one."""
    tagged = [p for p in spans if p.attrs["tag"] is not None]
    return max(tagged, key=lambda p: p.attrs["tag_score"]) if tagged else None


def agrees(novel: PdncNovel, quote: PdncQuote, tag: str, kind: str) -> bool | None:
    """Whether a name or pronoun tag fits the gold speaker (None when that cannot be told)."""
    speaker = novel.character(quote.speaker)
    if speaker is None or speaker.placeholder:
        return None
    if kind == "pronoun":
        gender = _GENDER.get(tag.lower())
        if gender is None or speaker.gender not in ("M", "F"):
            return None
        return gender == speaker.gender
    if kind != "name":
        return None
    words = set(_ALNUM.findall(tag.lower())) - _TITLE_WORDS
    return any(words & set(_ALNUM.findall(alias.lower())) for alias in speaker.aliases)


def score_novel(novel: PdncNovel, doc: Document) -> Counts:
    """Tallies for one PDNC novel analysed as `doc`."""
    counts = Counts()
    speech = top_level(doc)
    starts = [s.start for s in speech]
    aligned: set[Offsets] = set()
    for quote in novel.quotes:
        found = parts(speech, starts, quote)
        for p in found:
            if (p.start, p.end) not in aligned:
                aligned.add((p.start, p.end))
                counts.kinds["aligned"] += 1
                counts.kinds[p.label] += 1
                _score_vocatives(quote, p, counts)
        best = best_tag(found)
        if best is not None:
            _score_agreement(novel, quote, best, counts)
        _score_tag(novel, quote, best, counts)
    for s in speech:
        if (s.start, s.end) not in aligned:
            counts.kinds[f"unaligned {s.label}"] += 1
    return counts


def _score_agreement(novel: PdncNovel, quote: PdncQuote, best: Span, counts: Counts) -> None:
    a, b = best.attrs["tag"]
    kind = best.attrs["tag_kind"]
    agree = agrees(novel, quote, novel.text[a:b], kind)
    if agree is not None:
        counts.agreement[f"{kind} checked"] += 1
        counts.agreement[f"{kind} agree"] += agree


def _score_tag(novel: PdncNovel, quote: PdncQuote, best: Span | None, counts: Counts) -> None:
    qtype = quote.quote_type or "untyped"
    expression = quote.referring_expression
    if qtype not in ("Explicit", "Anaphoric") or expression is None:
        counts.tags[f"{qtype} tagged"] += best is not None
        return
    gold = locate(novel.text, expression, quote)
    if gold is None:
        counts.tags[f"{qtype} unlocated"] += 1
        return
    counts.tags[f"{qtype} gold"] += 1
    if best is not None:
        correct = overlaps(best.attrs["tag"], gold)
        counts.tags[f"{qtype} tagged"] += 1
        counts.tags[f"{qtype} correct"] += correct
        if best.attrs["verb"] is not None:
            counts.tags[f"{qtype} verb tagged"] += 1
            counts.tags[f"{qtype} verb correct"] += correct


def _score_vocatives(quote: PdncQuote, part: Span, counts: Counts) -> None:
    addressees = set(quote.addressees)
    for voc in part.attrs["vocatives"]:
        counts.vocatives["predicted"] += 1
        counts.vocatives["correct"] += any(
            overlaps(voc, (m.start, m.end)) and addressees & set(m.entities) for m in quote.mentions
        )


def evaluate_pdnc(root: Path) -> Iterator[tuple[str, Counts]]:
    """Per-novel tallies for every PDNC novel under `root`."""
    pipe = pipeline()
    for novel in iter_novels(root):
        doc = pipe(text_document(novel.text, novel.path / "novel_text.txt"))
        yield novel.name, score_novel(novel, doc)


def evaluate_litbank(root: Path) -> Counts:
    """Tag precision and coverage on LitBank's attributed quotations."""
    pipe = pipeline()
    counts = Counts()
    for gold in iter_gold(root):
        doc = pipe(work_document(gold.work))
        mentions: dict[str, list[Offsets]] = {}
        for m in gold.mentions:
            mentions.setdefault(m.entity, []).append((m.start, m.end))
        speech = {(s.start, s.end): s for s in doc.layer(SPEECH)}
        for q in gold.work.quotes:
            span = speech.get((q.start, q.end))
            if q.speaker is None:
                continue
            counts.tags["quotes"] += 1
            if span is None:
                continue
            counts.kinds[span.label] += 1
            tag = span.attrs["tag"]
            if tag is not None:
                key = "verb" if span.attrs["verb"] is not None else "beat"
                counts.tags[f"{key} tagged"] += 1
                counts.tags[f"{key} correct"] += any(
                    overlaps(tag, m) for m in mentions.get(q.speaker, [])
                )
    return counts


def _report(shared: Path) -> None:
    total = Counts()
    for name, counts in evaluate_pdnc(shared / "data" / "pdnc"):
        total.add(counts)
        t = counts.tags
        print(
            f"{name:30} explicit P={ratio(t, 'Explicit correct', 'Explicit tagged'):.3f} "
            f"R={ratio(t, 'Explicit correct', 'Explicit gold'):.3f}  "
            f"anaphoric P={ratio(t, 'Anaphoric correct', 'Anaphoric tagged'):.3f} "
            f"R={ratio(t, 'Anaphoric correct', 'Anaphoric gold'):.3f}"
        )
    t, k, a = total.tags, total.kinds, total.agreement
    for qtype in ("Explicit", "Anaphoric"):
        print(
            f"PDNC {qtype}: P={ratio(t, f'{qtype} correct', f'{qtype} tagged'):.3f} "
            f"R={ratio(t, f'{qtype} correct', f'{qtype} gold'):.3f} "
            f"(speech-verb tags only: "
            f"P={ratio(t, f'{qtype} verb correct', f'{qtype} verb tagged'):.3f} "
            f"R={ratio(t, f'{qtype} verb correct', f'{qtype} gold'):.3f}; "
            f"{t[f'{qtype} gold']} located, {t[f'{qtype} unlocated']} not)"
        )
    print(f"PDNC implicit quotes given a tag (beats, paragraph): {t['Implicit tagged']}")
    shares = ", ".join(
        f"{kind} {ratio(k, kind, 'aligned'):.4f}"
        for kind in ("speech", "thought", "written", "scare")
    )
    print(f"PDNC kinds of {k['aligned']} aligned quotes: {shares}")
    unaligned = {key: n for key, n in k.items() if key.startswith("unaligned")}
    print(f"PDNC quotes found that PDNC does not list: {unaligned}")
    for kind in ("name", "pronoun", "nominal"):
        if a[f"{kind} checked"]:
            share = ratio(a, f"{kind} agree", f"{kind} checked")
            print(f"{kind} tags agreeing with the speaker: {share:.3f} of {a[f'{kind} checked']}")
    v = total.vocatives
    print(
        f"vocatives: {v['predicted']} predicted, precision {ratio(v, 'correct', 'predicted'):.3f}"
    )
    lit = evaluate_litbank(shared / "data" / "litbank").tags
    correct = lit["verb correct"] + lit["beat correct"]
    tagged = lit["verb tagged"] + lit["beat tagged"]
    print(
        f"LitBank: {lit['quotes']} attributed quotes, tags P={correct / tagged:.3f} "
        f"coverage={correct / lit['quotes']:.3f} "
        f"(speech-verb tags P={ratio(lit, 'verb correct', 'verb tagged'):.3f}, "
        f"beats P={ratio(lit, 'beat correct', 'beat tagged'):.3f})"
    )


if __name__ == "__main__":
    _report(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[3] / "shared")
