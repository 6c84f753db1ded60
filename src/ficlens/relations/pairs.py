"""Relationships: which characters are a couple, family, friends, colleagues or enemies.

Evidence for a pair of characters comes from (cues are data: ``data/relations/cues.toml``):

- narration acts and phrases with a subject and a person object ("Jim kissed Pam", "in
  love with him", "broke up with Roy"), read by `Reading.acts`;
- mutual phrases whose two participants are conjoined, named after "with" or the
  characters of the sentence ("they kissed", "Jim and Karen were dating", "held hands");
- relational nouns after a possessor ("his boss", "Pam's ex"), the other party named
  beside them or inferred from the characters around them;
- quotes: "I love you" and the like, from the speaker to the addressee;
- world facts: soulmates and family (``world`` layer); a soulmate fact that names only
  its holder ("his soulmate") joins the soulmate pair the text names elsewhere;
- interactions: speech and acts between two characters, as platonic evidence.

Every cue needs two resolved characters. A romantic moment the text marks as a mistake
("it wasn't right", "not his soulmate") makes a one-time, unrequited pair with a low
score; "broke up", "her ex" make an ex. The romantic pairs are ranked by their evidence
weight times its spread over the scenes times the pair's point-of-view presence, so the
work's main pairing comes first. Tags use the fandom pack's ship list when it lists the
pair, else `ficlens.fandoms.relationship_tag` with canonical (or the cast's) names.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from ficlens.document import Document, Layer, Span
from ficlens.fandoms import FandomPack, PackIndex, load_packs, relationship_tag
from ficlens.layers import (
    CAST,
    MENTIONS,
    QUOTES,
    RELATIONSHIPS,
    SCENES,
    SENTENCES,
    WORLD,
)
from ficlens.pipeline import Stage, stage
from ficlens.relations.interactions import (
    HEDGED,
    Cue,
    Cues,
    Reading,
    WorldCue,
    load_cues,
    pair_key,
    pair_label,
)

MIN_ROMANTIC = 0.9
"""Romantic evidence weight a pair needs to be reported as romantic."""
MIN_WEIGHT: Mapping[str, float] = MappingProxyType(
    {"family": 0.5, "professional": 0.5, "antagonistic": 1.0, "platonic": 1.0}
)
"""Evidence weight a pair needs to be reported with each other type."""
INFERRED = 0.6
"""Weight factor of evidence whose other party is inferred, not named."""
WRONG = 0.25
"""Rank factor of a romance the text marks as a mistake."""
EX = 0.5
"""Rank factor of a former couple."""
SCALE = 2.0
"""Rank at which a score reaches 1 - 1/e."""
SPEECH_WEIGHT = 0.1
"""Platonic evidence of one quote spoken to the other (times its confidence), counted for
a pair with `FRIENDSHIP` explicit platonic evidence."""
ACT_WEIGHT = 0.1
"""Platonic evidence of one neutral act done to the other, counted likewise."""
FRIENDSHIP = 0.5
"""Explicit platonic evidence ("best friends", a hug and a smile) that lets a pair's speech
and acts count towards a friendship."""
INFER_SENTENCES = 3
"""Sentences looked back for an unnamed party ("his girlfriend")."""
STRONG = 0.8
"""Cue weight of a romantic moment that can redeem an earlier mistaken one."""
ROMANTIC = "romantic"
FAMILY = "family"
PLATONIC = "platonic"
INTERACTION = Cue("interaction", PLATONIC, SPEECH_WEIGHT)


@dataclass(slots=True)
class Evidence:
    """One piece of evidence for a pair: span, cue, weight, scene and who acted."""

    start: int
    end: int
    pair: tuple[str, str]
    cue: Cue
    weight: float
    scene: int
    source: str | None = None
    hedged: bool = False
    wrong: bool = False


@dataclass(frozen=True, slots=True)
class Relationship:
    """A reported relationship: two character ids (sorted), type, status, AO3 tag, score,
    rank (1 = the first reported) and evidence spans with their cues."""

    a: str
    b: str
    type: str
    status: str | None
    tag: str
    score: float
    rank: int
    evidence: tuple[tuple[int, int, str], ...]

    def to_dict(self) -> dict[str, Any]:
        """The contract's form (``a``, ``b``, ``type``, ``tag``, ``score``, ``evidence``)
        plus ``status``."""
        return {
            "a": self.a,
            "b": self.b,
            "type": self.type,
            "status": self.status,
            "tag": self.tag,
            "score": self.score,
            "evidence": [{"start": s, "end": e} for s, e, _ in self.evidence],
        }


def relationships(doc: Document) -> list[Relationship]:
    """The ``relationships`` layer grouped by pair, in rank order (main pairing first)."""
    grouped: dict[str, list[Span]] = {}
    for span in doc.layer(RELATIONSHIPS):
        grouped.setdefault(span.label, []).append(span)
    out = []
    for label, spans in grouped.items():
        a, _, b = label.partition("|")
        first = spans[0].attrs
        out.append(
            Relationship(
                a,
                b,
                str(first["type"]),
                first.get("status"),
                str(first["tag"]),
                float(first["score"]),
                int(first["rank"]),
                tuple((s.start, s.end, str(s.attrs.get("cue", ""))) for s in spans),
            )
        )
    return sorted(out, key=lambda r: r.rank)


@dataclass(slots=True)
class _Pair:
    """A pair's evidence and what is decided from it."""

    a: str
    b: str
    evidence: list[Evidence] = field(default_factory=list)
    type: str = ""
    status: str | None = None
    rank: float = 0.0
    score: float = 0.0


class _Finder:
    """Collects the relationship evidence of one document."""

    def __init__(self, doc: Document, cues: Cues) -> None:
        self.doc = doc
        self.cues = cues
        self.r = Reading.of(doc, cues)
        self.grammar = cues.grammar
        self.holders: list[tuple[str, Evidence]] = []  # soulmate facts naming one character

    def evidence(self) -> list[Evidence]:
        """All evidence, mistaken romance marked, soulmate holders joined to their pairs."""
        found = [
            *self._acts(),
            *self._mutual(),
            *self._nouns(),
            *self._world(),
            *self._quotes(),
        ]
        found = self._dedupe(found)
        self._mark_wrong(found)
        found += self._holders(found)
        return found

    def _dedupe(self, found: list[Evidence]) -> list[Evidence]:
        """One piece of evidence per pair, cue and sentence; a mutual phrase inside a
        subject-object one ("on a date" in "on a date with Jim") is not counted again."""
        r = self.r
        spans = sorted((ev.start, ev.end) for ev in found if ev.cue.shape != "mutual")
        ends = [e for _, e in spans]
        kept: list[Evidence] = []
        seen: set[tuple[tuple[str, str], str, int]] = set()
        for ev in sorted(found, key=lambda e: (e.start, -e.end)):
            if ev.cue.shape == "mutual":
                k = bisect.bisect_right(ends, ev.start)
                if k < len(spans) and spans[k][0] < ev.end:
                    continue
            key = (ev.pair, ev.cue.name, r.sentence_of(ev.start))
            if key not in seen:
                seen.add(key)
                kept.append(ev)
        return kept

    def _new(self, start: int, end: int, a: str, b: str, cue: Cue, **kw: Any) -> Evidence | None:
        if a == b:
            return None
        weight = float(kw.pop("weight", cue.weight))
        if kw.get("hedged"):
            weight *= HEDGED
        return Evidence(start, end, pair_key(a, b), cue, weight, self.r.scene_of(start), **kw)

    # -- sources -----------------------------------------------------------------------

    def _acts(self) -> Iterator[Evidence]:
        for act in self.r.acts:
            if act.cue.type == "neutral":
                continue
            pair = (act.subject, act.object)
            ev = self._new(
                act.start, act.end, *pair, act.cue, source=act.subject, hedged=act.hedged
            )
            if ev is not None:
                yield ev

    def _mutual(self) -> Iterator[Evidence]:
        r = self.r
        free = 0  # the first word not yet inside a match
        for i in r.hits:
            if i < free:
                continue
            for form in self.cues.forms[r.words[i]]:
                if form.cue.shape != "mutual" or not r.matches(i, form.before):
                    continue
                j = free = i + len(form.before)
                pair = self._participants(i, j)
                if pair is not None:
                    ev = self._new(r.starts[i], r.ends[j - 1], *pair, form.cue)
                    if ev is not None:
                        yield ev
                break

    def _participants(self, i: int, j: int) -> tuple[str, str] | None:
        """The two characters of a mutual cue at words ``[i, j)``."""
        r = self.r
        sentence = r.sentence_words(i)
        pair = self._conjoined(range(sentence.start, i))
        if pair is not None:
            return pair
        if j + 1 < len(r.words) and r.words[j] == "with":
            other = r.mention_at.get(j + 1)
            subject = r.subject_before(i)
            if other is not None and subject is not None:
                a, b = r.m_chars[subject], r.m_chars[other]
                return (a, b) if a != b else None
        near = sorted(r.narration_mentions(sentence), key=lambda k: abs(r.mention_word[k] - i))
        chars = list(dict.fromkeys(r.m_chars[k] for k in near))
        if len(chars) >= 2:
            return chars[0], chars[1]
        para = r.paragraph(i)
        first = sentence.start
        for _ in range(INFER_SENTENCES):
            if first == 0 or r.paragraph(first - 1) != para:
                break
            earlier = r.sentence_words(first - 1)
            pair = self._conjoined(earlier)
            if pair is not None:
                return pair
            for k in reversed(list(r.narration_mentions(earlier))):
                if r.m_chars[k] not in chars:
                    chars.append(r.m_chars[k])
            first = earlier.start
        return (chars[0], chars[1]) if len(chars) >= 2 else None

    def _conjoined(self, words: range) -> tuple[str, str] | None:
        """The last "X and Y" of two mentions within `words`."""
        r = self.r
        found = None
        for k in r.narration_mentions(words):
            after = r.mention_last[k] + 1
            other = r.mention_at.get(after + 1)
            if after < len(r.words) and r.words[after] == "and" and other is not None:
                a, b = r.m_chars[k], r.m_chars[other]
                if a != b:
                    found = (a, b)
        return found

    def _nouns(self) -> Iterator[Evidence]:
        r = self.r
        for i in r.hits:
            for form in self.cues.forms[r.words[i]]:
                if form.cue.shape != "noun" or not r.matches(i, form.before):
                    continue
                holder = r.holder_before(i)
                if holder is None:
                    break
                last = i + len(form.before) - 1
                ev = self._relation(holder, i, last, form.cue)
                if ev is not None:
                    yield ev
                break

    def _relation(self, holder: int, i: int, last: int, cue: Cue) -> Evidence | None:
        """Evidence of a relational noun at words ``[i, last]`` after the possessor
        mention `holder`: the other party named beside it, or inferred."""
        r = self.r
        other = self._named(holder, last)
        weight = cue.weight
        holder_char = r.m_chars[holder]
        if other is not None and r.m_chars[other] == holder_char and r.m_pronoun[holder]:
            holder_char = r.other_character(i, holder_char) or holder_char
        if other is not None:
            other_char: str | None = r.m_chars[other]
        else:
            other_char = self._infer(i, {holder_char}, None)
            weight *= INFERRED
        if other_char is None:
            return None
        start = min(r.m_starts[holder], r.starts[i])
        end = r.ends[last]
        if other is not None:
            start, end = min(start, r.m_starts[other]), max(end, r.m_ends[other])
        return self._new(start, end, holder_char, other_char, cue, weight=weight)

    def _named(self, holder: int, last: int) -> int | None:
        """The mention naming the other party of a relational noun: "his boss, Michael",
        "his boss Michael", "Michael, his boss", "Michael was his boss"."""
        r = self.r
        words_, n = r.words, len(r.words)
        for at in (last + 2, last + 1):
            k = r.mention_at.get(at)
            beside = at == last + 1 or words_[last + 1] == ","
            if k is not None and beside and not r.m_pronoun[k] and not r.quoted[at]:
                return k
        h = r.mention_word[holder]
        j = h - 1
        if j >= 1 and words_[j] == ",":
            k = self._ending(j - 1)
            return k if k is not None and not r.m_pronoun[k] else None
        for _ in range(3):  # "Dwight could possibly be his soulmate"
            if j < 0 or j >= n:
                return None
            if words_[j] in self.grammar.copulas:
                for back in range(j - 1, max(-1, j - 4), -1):
                    k = self._ending(back)
                    if k is not None:
                        return k if r.subject_form(k) else None
                return None
            j -= 1
        return None

    def _ending(self, j: int) -> int | None:
        r = self.r
        k = bisect.bisect_right(r.m_starts, r.ends[j] - 1) - 1
        if k >= 0 and r.mention_last[k] == j and not r.quoted[j]:
            return k
        return None

    def _infer(self, i: int, exclude: set[str], gender: str | None) -> str | None:
        """The nearest character around word `i` who may be an unnamed party: not in
        `exclude`, not the scene's point of view, of `gender` when given."""
        r = self.r
        skip = exclude | {r.focal[min(r.scene_of(r.starts[i]), len(r.focal) - 1)]}
        sentence = r.sentence_words(i)
        scene = r.scene_of(r.starts[i])
        groups = [sorted(r.narration_mentions(sentence), key=lambda k: abs(r.mention_word[k] - i))]
        first = sentence.start
        for _ in range(INFER_SENTENCES):
            if first == 0 or r.scene_of(r.starts[first - 1]) != scene:
                break
            earlier = r.sentence_words(first - 1)
            groups.append(list(reversed(list(r.narration_mentions(earlier)))))
            first = earlier.start
        for group in groups:
            for k in group:
                c = r.m_chars[k]
                if c not in skip and (gender is None or r.gender(c) in (gender, "unknown")):
                    return c
        return None

    def _world(self) -> Iterator[Evidence]:
        by_key: dict[str, list[WorldCue]] = defaultdict(list)
        for wc in self.cues.world:
            by_key[wc.key].append(wc)
        for fact in self.doc.layer(WORLD):
            key, _, value = fact.label.partition("=")
            for wc in by_key.get(key, ()):
                if value in wc.values:
                    ev = self._fact(fact, wc, value)
                    if ev is not None:
                        yield ev
                    break

    def _fact(self, fact: Span, wc: WorldCue, value: str) -> Evidence | None:
        r = self.r
        subject = fact.attrs.get("subject")
        other_span = fact.attrs.get("other")
        if not subject:
            return None
        s0, s1 = int(subject[0]), int(subject[1])
        i = r.word_at(s0)
        holder = r.character_in(s0, s1)
        if holder is None:
            if any(r.matches(i, p) for p in self.grammar.plural):
                pair = self._participants(i, i + 1)
                if pair is not None:
                    return self._new(fact.start, fact.end, *pair, wc.cue)
            return None
        other = None
        if other_span and not (int(other_span[0]) <= s0 and s1 <= int(other_span[1])):
            other = r.character_in(int(other_span[0]), int(other_span[1]))
        if other == holder:
            pronoun = r.folded[s0:s1]
            if pronoun not in self.grammar.possessives | self.grammar.ambiguous:
                return None
            holder = r.other_character(i, holder) or holder
        weight = wc.cue.weight
        if other is None and wc.infer:
            other = self._infer(i, {holder}, wc.genders.get(value))
            weight *= INFERRED
        if other is None:
            if wc.cue.status == "soulmates":
                scene = r.scene_of(fact.start)
                ev = Evidence(fact.start, fact.end, (holder, holder), wc.cue, weight, scene)
                self.holders.append((holder, ev))
            return None
        return self._new(fact.start, fact.end, holder, other, wc.cue, weight=weight)

    def _quotes(self) -> Iterator[Evidence]:
        r = self.r
        for turn in r.turns:
            if turn.kind != "speech" or not turn.speaker or not turn.addressees:
                continue
            text = r.folded[turn.start : turn.end]
            to = turn.addressees[0]
            for qc in self.cues.quotes:
                match = next((m for p in qc.patterns if (m := p.search(text))), None)
                if match is None:
                    continue
                source = to if qc.reverse else turn.speaker
                a, b = match.span("cue") if "cue" in match.re.groupindex else match.span()
                start, end = turn.start + a, turn.start + b
                ev = self._new(start, end, turn.speaker, to, qc.cue, source=source)
                if ev is not None:
                    yield ev

    # -- adjustments -------------------------------------------------------------------

    def _mark_wrong(self, found: list[Evidence]) -> None:
        """Mark romantic narration evidence before a "this was wrong" in its paragraph."""
        if self.cues.wrong is None:
            return
        r = self.r
        markers: dict[int, int] = {}
        for m in self.cues.wrong.finditer(r.folded):
            i = r.word_at(m.start())
            if i < len(r.words) and not r.quoted[i]:
                markers[r.paragraph(i)] = m.start()  # the last one of its paragraph
        if not markers:
            return
        for ev in found:
            if ev.cue.type != ROMANTIC or ev.cue.shape == "noun":
                continue
            i = r.word_at(ev.start)
            at = markers.get(r.paragraph(i)) if i < len(r.words) else None
            if at is not None and ev.end <= at:
                ev.wrong = True

    def _holders(self, found: Sequence[Evidence]) -> list[Evidence]:
        """Soulmate facts naming only their holder, joined to the holder's named soulmate."""
        named: dict[tuple[str, str], int] = defaultdict(int)
        for ev in found:
            if ev.cue.status == "soulmates":
                named[ev.pair] += 1
        out = []
        for holder, ev in self.holders:
            mates = [(n, pair) for pair, n in named.items() if holder in pair]
            if mates:
                pair = max(mates)[1]
                out.append(replace(ev, pair=pair, source=holder))
        return out


def _decide(pair: _Pair, scenes: int, focal: Sequence[str | None]) -> None:
    """The pair's type, status, rank and score from its evidence."""
    weights: dict[str, float] = defaultdict(float)
    explicit = [ev for ev in pair.evidence if ev.cue.type == PLATONIC and ev.cue is not INTERACTION]
    cued = sum(ev.weight for ev in explicit) >= FRIENDSHIP
    for ev in pair.evidence:
        if ev.cue is not INTERACTION or cued:  # talk alone makes no friendship
            weights[ev.cue.type] += ev.weight
    family = weights[FAMILY] > 0
    romantic = [
        ev for ev in pair.evidence if ev.cue.type == ROMANTIC and not (family and ev.cue.familial)
    ]
    raw = sum(ev.weight for ev in romantic)
    povs = sum(1 for f in focal if f in (pair.a, pair.b)) / max(1, len(focal))
    if raw >= MIN_ROMANTIC and (not family or raw > weights[FAMILY]):
        pair.type = ROMANTIC
        mistaken = _mistaken(romantic)
        pair.status = "unrequited" if mistaken else _status(romantic)
        factor = WRONG if mistaken else 1.0
        factor *= EX if pair.status == "ex" else 1.0
        spread = len({ev.scene for ev in romantic}) / max(1, scenes)
        pair.rank = raw * (0.5 + 0.5 * spread) * (0.5 + 0.5 * povs) * factor
    else:
        if family:
            weights[FAMILY] += sum(ev.weight for ev in pair.evidence if ev.cue.familial)
        kinds = [t for t, need in MIN_WEIGHT.items() if weights[t] >= need]
        if not kinds:
            return
        pair.type = FAMILY if FAMILY in kinds else max(kinds, key=lambda t: weights[t])
        chosen = _of_type(pair.evidence, pair.type)
        spread = len({ev.scene for ev in chosen}) / max(1, scenes)
        pair.rank = weights[pair.type] * (0.5 + 0.5 * spread)
    pair.score = round(1.0 - math.exp(-pair.rank / SCALE), 3)


def _status(romantic: Sequence[Evidence]) -> str | None:
    """The latest status the evidence states."""
    stated = sorted((ev.start, ev.cue.status) for ev in romantic if ev.cue.status and not ev.hedged)
    return stated[-1][1] if stated else None


def _mistaken(romantic: Sequence[Evidence]) -> bool:
    """Whether the romance ends in a moment the text marks as a mistake, with no strong
    romantic moment after it."""
    wrong = [ev.end for ev in romantic if ev.wrong]
    if not wrong:
        return False
    last = max(wrong)
    return not any(ev.start > last and ev.cue.weight >= STRONG for ev in romantic)


def _of_type(evidence: Iterable[Evidence], kind: str) -> list[Evidence]:
    """The evidence that supports a relationship of type `kind`."""
    if kind == FAMILY:
        return [ev for ev in evidence if ev.cue.type == FAMILY or ev.cue.familial]
    return [ev for ev in evidence if ev.cue.type == kind]


def _interactions(reading: Reading) -> list[Evidence]:
    """Platonic evidence from speech and neutral acts between two characters."""
    out = []
    for turn in reading.turns:
        if turn.kind == "speech" and turn.speaker:
            for to in turn.addressees:
                if to != turn.speaker:
                    pair = pair_key(turn.speaker, to)
                    weight = SPEECH_WEIGHT * max(turn.confidence, 0.5)
                    ev = Evidence(turn.start, turn.end, pair, INTERACTION, weight, turn.scene)
                    out.append(ev)
    for act in reading.acts:
        if act.cue.type == "neutral":
            pair = pair_key(act.subject, act.object)
            scene = reading.scene_of(act.start)
            out.append(Evidence(act.start, act.end, pair, INTERACTION, ACT_WEIGHT, scene))
    return out


def pair_tag(
    cast: Mapping[str, Mapping[str, Any]],
    packs: Iterable[FandomPack],
    a: str,
    b: str,
    romantic: bool,
) -> str:
    """The AO3 tag of two cast characters: the pack's ship spelling when a pack knows
    both, else `relationship_tag` with their canonical (or cast) names."""
    names = [str(cast.get(x, {}).get("canon") or cast.get(x, {}).get("name") or x) for x in (a, b)]
    if all(cast.get(x, {}).get("canon") for x in (a, b)):
        for pack in packs:
            if pack.character(names[0]) and pack.character(names[1]):
                return pack.relationship_tag(names[0], names[1], romantic)
    return relationship_tag(names[0], names[1], romantic)


def relationship_spans(doc: Document, cues: Cues, packs: PackIndex) -> list[Span]:
    """The ``relationships`` spans of `doc` (see `ficlens.layers`)."""
    finder = _Finder(doc, cues)
    reading = finder.r
    pairs: dict[tuple[str, str], _Pair] = {}
    for ev in [*finder.evidence(), *_interactions(reading)]:
        pairs.setdefault(ev.pair, _Pair(*ev.pair)).evidence.append(ev)
    scenes = max(1, len(reading.scene_spans))
    for pair in pairs.values():
        _decide(pair, scenes, reading.focal)
    reported = [p for p in pairs.values() if p.type]
    reported.sort(key=lambda p: (p.type != ROMANTIC, -p.rank, p.a, p.b))
    out: list[Span] = []
    for n, pair in enumerate(reported, 1):
        tag = pair_tag(reading.cast, packs, pair.a, pair.b, pair.type == ROMANTIC)
        seen: set[tuple[int, int, str]] = set()
        for ev in _of_type(pair.evidence, pair.type):
            key = (ev.start, ev.end, ev.cue.name)
            if key in seen:
                continue
            seen.add(key)
            attrs = {
                "a": pair.a,
                "b": pair.b,
                "type": pair.type,
                "status": pair.status,
                "tag": tag,
                "score": pair.score,
                "rank": n,
                "cue": ev.cue.name,
                "weight": round(ev.weight, 3),
            }
            out.append(Span(ev.start, ev.end, pair_label(pair.a, pair.b), MappingProxyType(attrs)))
    return out


def relationships_stage(packs: PackIndex | None = None, cues: Cues | None = None) -> Stage:
    """The stage providing ``relationships``; `packs` default to `load_packs()`, `cues` to
    the built-in cue file."""
    index = packs if packs is not None else load_packs()
    lexicon = cues or load_cues()

    @stage(requires=[SCENES, SENTENCES, QUOTES, MENTIONS, CAST, WORLD], provides=[RELATIONSHIPS])
    def relationships(doc: Document) -> list[Layer]:
        """Pairs of characters, their relationship type, status, AO3 tag and evidence."""
        return [Layer(RELATIONSHIPS, relationship_spans(doc, lexicon, index))]

    return relationships
