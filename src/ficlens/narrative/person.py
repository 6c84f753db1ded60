"""Narrative person (first, second, third) from the pronouns of the narration.

Only narration counts: text of body paragraphs outside quotation spans, so dialogue ("I
think you're right") never makes a third-person story first person. First-person
narrators still write "he" and "she" about everyone else, so the counts are weighed before
they are compared: a first-person pronoun counts three times, a second-person (or "Y/N")
pronoun twice, a third-person one once, and "we" twice (an authorial "we" in a
third-person novel stays a minority). The winner's share of the weighted total is the score.

A novel narrated in the third person with a few authorial asides ("as I have said") or
letters stays third: it takes a first-person pronoun for every three third-person ones to
make a narrator first person (first-person novels have one or more for every two).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ficlens.document import Document, Layer, Span
from ficlens.layers import PARAGRAPHS, PERSON, QUOTES, ROLE_BODY, SCENES
from ficlens.pipeline import stage
from ficlens.summable import Summable

FIRST = "first"
SECOND = "second"
THIRD = "third"

_WEIGHTS = {FIRST: 3.0, SECOND: 2.0, THIRD: 1.0}
_WE_WEIGHT = 2.0
_MIN_PRONOUNS = 3

_PRONOUN = re.compile(
    r"""(?<![\w’'])(?:
        (I|me|my|mine|myself)
      | ((?i:we|us|our|ours|ourselves))
      | ((?i:you|your|yours|yourself|yourselves)|Y/N)
      | ((?i:he|him|his|himself|she|her|hers|herself))
    )(?![\w/])""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class PersonCounts(Summable):
    """Narration pronouns: first person singular, first plural, second, third singular."""

    first: int = 0
    we: int = 0
    second: int = 0
    third: int = 0

    @property
    def total(self) -> int:
        """All counted pronouns."""
        return self.first + self.we + self.second + self.third


@dataclass(frozen=True, slots=True)
class PersonGuess:
    """The narrative person of a stretch of narration (None when too little evidence)."""

    person: str | None
    score: float
    counts: PersonCounts


class Narration:
    """Where the narration of a document is: body paragraphs minus quotation spans."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.paragraphs = [(p.start, p.end) for p in doc.layer(PARAGRAPHS) if p.label == ROLE_BODY]
        starts: list[int] = []
        ends: list[int] = []
        quotes = doc.layer(QUOTES)
        for s, e in zip(quotes.starts, quotes.ends, strict=True):
            if ends and s < ends[-1]:  # nested or overlapping: part of the open quote
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        self.quote_starts = starts
        self.quote_ends = ends
        self.paragraph_starts = [p[0] for p in self.paragraphs]

    def in_quote(self, offset: int) -> bool:
        """Whether `offset` lies inside a quotation."""
        i = bisect.bisect_right(self.quote_starts, offset) - 1
        return i >= 0 and offset < self.quote_ends[i]

    def ranges(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of ``[start, end)`` outside quotations."""
        out: list[tuple[int, int]] = []
        i = bisect.bisect_right(self.quote_ends, start)
        pos = start
        qs, qe = self.quote_starts, self.quote_ends
        while i < len(qs) and qs[i] < end:
            if qs[i] > pos:
                out.append((pos, qs[i]))
            pos = max(pos, qe[i])
            i += 1
        if pos < end:
            out.append((pos, end))
        return out

    def paragraphs_in(self, start: int, end: int) -> Sequence[tuple[int, int]]:
        """Body paragraphs lying inside ``[start, end)``."""
        lo = bisect.bisect_left(self.paragraph_starts, start)
        hi = bisect.bisect_left(self.paragraph_starts, end)
        return self.paragraphs[lo:hi]


def count_pronouns(text: str, ranges: Sequence[tuple[int, int]]) -> PersonCounts:
    """Pronoun counts of the narration `ranges` of `text`."""
    counts = [0, 0, 0, 0]
    finditer = _PRONOUN.finditer
    for start, end in ranges:
        for m in finditer(text, start, end):
            counts[(m.lastindex or 1) - 1] += 1
    return PersonCounts(*counts)


def decide(counts: PersonCounts) -> PersonGuess:
    """The weighted-majority person of `counts`, with its share as the score."""
    if counts.total < _MIN_PRONOUNS:
        return PersonGuess(None, 0.0, counts)
    weights = {  # on a tie the third person, the most common, wins
        THIRD: counts.third * _WEIGHTS[THIRD],
        FIRST: counts.first * _WEIGHTS[FIRST] + counts.we * _WE_WEIGHT,
        SECOND: counts.second * _WEIGHTS[SECOND],
    }
    best = max(weights, key=lambda k: weights[k])
    total = sum(weights.values())
    return PersonGuess(best, round(weights[best] / total, 3), counts)


def _scene_counts(doc: Document, narration: Narration) -> Iterator[PersonCounts]:
    text = narration.text
    for scene in doc.layer(SCENES):
        ranges: list[tuple[int, int]] = []
        for ps, pe in narration.paragraphs_in(scene.start, scene.end):
            ranges.extend(narration.ranges(ps, pe))
        yield count_pronouns(text, ranges)


def scene_persons(doc: Document, narration: Narration | None = None) -> list[PersonGuess]:
    """The narrative person of every scene, in order.

    A scene with too few narration pronouns to decide (mostly dialogue) takes the work's
    person, with half its score.
    """
    narration = narration or Narration(doc)
    per_scene = list(_scene_counts(doc, narration))
    total = PersonCounts()
    for c in per_scene:
        total = total + c
    work = decide(total)
    out: list[PersonGuess] = []
    for counts in per_scene:
        guess = decide(counts)
        if guess.person is None and work.person is not None:
            guess = PersonGuess(work.person, round(work.score / 2, 3), counts)
        out.append(guess)
    return out


def work_person(doc: Document, narration: Narration | None = None) -> PersonGuess:
    """The narrative person of the whole work's narration."""
    narration = narration or Narration(doc)
    ranges: list[tuple[int, int]] = []
    for ps, pe in narration.paragraphs:
        ranges.extend(narration.ranges(ps, pe))
    return decide(count_pronouns(narration.text, ranges))


@stage(requires=[PARAGRAPHS, QUOTES, SCENES], provides=[PERSON])
def person_stage(doc: Document) -> list[Layer]:
    """One span per scene labelled with its narrative person, with counts and score."""
    spans = []
    for scene, guess in zip(doc.layer(SCENES), scene_persons(doc), strict=True):
        c = guess.counts
        attrs: dict[str, object] = {
            "first": c.first + c.we,
            "second": c.second,
            "third": c.third,
            "score": guess.score,
        }
        spans.append(Span(scene.start, scene.end, guess.person or "", MappingProxyType(attrs)))
    return [Layer(PERSON, spans)]
