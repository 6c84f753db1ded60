"""Tag suggestion with evidence: freeform tags, a rating estimate, archive warnings, categories.

The text is lower-cased once (offsets unchanged). Every cue pattern of the taxonomy starts
with literal characters; one pass of a single trigger regex (a trie of those starts) finds
the word starts where some pattern can begin, and only the patterns sharing that start are
tried there, so the cost grows with the text, not with the number of cues. A hit counts
when it falls in its family's scope, voice, sentence and neighbourhood conditions; a tag's
evidence is the weighted number of paragraphs with hits (discounted in long works, limited
to a story region where the taxonomy says so) against its threshold, giving a score in
[0, 1]: 0.5 at the threshold, 0.75 at twice it. Optional layers add evidence: world facts
(``world``), scene viewpoints (``scenes`` attrs ``pov``), resolved mentions (who pines),
relationships and the cast's genders (categories). See ``docs/tags.md``.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from ficlens import layers
from ficlens.document import Document, Layer, Span
from ficlens.pipeline import Stage, stage
from ficlens.tags.taxonomy import (
    CATEGORIES,
    NO_WARNINGS,
    RATINGS,
    Condition,
    Evidence,
    RatingRule,
    Tag,
    Taxonomy,
    literal_prefix,
    load_taxonomy,
    tag_key,
)

RELATIONSHIPS = "relationships"
MIN_CATEGORY_PAIR_SCORE = 0.3
"""The relationships layer another stage will provide: attrs ``a``, ``b`` (character ids),
``type`` (``romantic``, ``platonic``, ...) and ``score``."""

REF_WORDS = 5000
"""Evidence from works longer than this is divided by ``sqrt(words / REF_WORDS)``."""
NO_WARNING_SCORE = 0.3
MAIN_SHARE = 0.25
"""A main character has at least this share of the most-mentioned character's mentions."""
RATING_SPANS = 12
COMPONENT_SPANS = 6
TRIGGER_CHARS = 6
TYPE_ORDER = ("rating", "warning", "category", "freeform")

_FOLD = (("\u2019", "'"), ("\u2018", "'"), ("\n", " "), ("\r", " "), ("\t", " "),
         ("\xa0", " "), ("\u202f", " "))  # fmt: skip
_PRONOUN = re.compile(r"\b(?:he|she)\b")
_FEMALE_MALE = frozenset(("female", "male"))


def fold_text(text: str) -> str:
    """`text` lower-cased with straight apostrophes and plain spaces, offsets unchanged."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two ("İ")
        low = "".join(lc if len(lc := ch.lower()) == 1 else ch for ch in text)
    for old, new in _FOLD:
        if old in low:
            low = low.replace(old, new)
    return low


class Hit(NamedTuple):
    """One cue match: its offsets and the index of its paragraph among scanned paragraphs."""

    start: int
    end: int
    para: int


@dataclass(slots=True)
class _Pair:
    """Two characters' relationship evidence: genders, romantic or not, score, spans."""

    a: str
    b: str
    romantic: bool = False
    score: float = 0.0
    spans: list[tuple[int, int, str]] = field(default_factory=list)


class _Character(NamedTuple):
    """What tags need of a ``cast`` character: tag name, gender, mention count."""

    name: str
    gender: str
    mentions: int


def _trie(words: Iterable[str]) -> str:
    """A regex matching any of `words`, factored by shared beginnings so it branches once
    per character instead of trying every word."""
    tails: dict[str, list[str]] = {}
    end = False
    for word in words:
        if word:
            tails.setdefault(word[0], []).append(word[1:])
        else:
            end = True
    alts = [re.escape(ch) + _trie(rest) for ch, rest in sorted(tails.items())]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
    return f"(?:{body})?" if end else body


class _Text:
    """A document as the scanner sees it: folded text, scanned paragraphs, lookups."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.low = fold_text(doc.text)
        notes = doc.layer(layers.NOTES) if doc.has(layers.NOTES) else Layer(layers.NOTES)
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.body: list[bool] = []
        self.offset: list[int] = []  # body characters before each body paragraph
        total = 0
        for p in doc.layer(layers.PARAGRAPHS):
            in_note = notes.index_at(p.start) is not None
            if p.label == layers.ROLE_BODY and not in_note:
                body = True
            elif p.label == layers.ROLE_NOTE or in_note:
                body = False
            else:
                continue
            self.starts.append(p.start)
            self.ends.append(p.end)
            self.body.append(body)
            self.offset.append(total)
            total += (p.end - p.start) if body else 0
        self.body_chars = total
        text = doc.text
        self.words = sum(
            len(text[s:e].split())
            for s, e, b in zip(self.starts, self.ends, self.body, strict=True)
            if b
        )
        bodies = [i for i, b in enumerate(self.body) if b]
        self.extent = (self.starts[bodies[0]], self.ends[bodies[-1]]) if bodies else (0, 0)
        self.sentences = doc.layer(layers.SENTENCES)
        self.quotes = doc.layer(layers.QUOTES)
        self.scenes = doc.layer(layers.SCENES)
        speech = doc.layers.get(layers.SPEECH)
        self.spoken = None if speech is None else [s.label == "speech" for s in speech]
        self.length_factor = max(1.0, math.sqrt(self.words / REF_WORDS))

    def para_of(self, offset: int) -> int | None:
        """Index of the scanned paragraph containing `offset`, if any."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i if i >= 0 and offset < self.ends[i] else None

    def sentence(self, hit: Hit) -> tuple[int, int]:
        """Bounds of the hit's sentence (its paragraph when no sentence covers it)."""
        i = self.sentences.index_at(hit.start)
        if i is None:
            return self.starts[hit.para], self.ends[hit.para]
        return self.sentences.starts[i], self.sentences.ends[i]

    def in_speech(self, offset: int) -> bool:
        """Whether `offset` is inside a quotation (a spoken one, when speech kinds are known)."""
        starts, ends = self.quotes.starts, self.quotes.ends
        i = bisect.bisect_right(starts, offset) - 1
        for j in range(i, max(i - 3, -1), -1):  # nested quotes overlap their outer quote
            if ends[j] > offset:
                return self.spoken is None or self.spoken[j]
        return False

    def unit(self, hit: Hit, window: str) -> int:
        """The sentence, paragraph or scene a hit lies in, as a comparable key."""
        if window == "sentence":
            i = self.sentences.index_at(hit.start)
        elif window == "scene":
            i = self.scenes.index_at(hit.start)
        else:
            return hit.para
        return -1 - hit.para if i is None else i

    def position(self, hit: Hit) -> float | None:
        """Where a story hit lies, as a fraction of the story text; None for notes."""
        if not self.body[hit.para] or not self.body_chars:
            return None
        return (self.offset[hit.para] + hit.start - self.starts[hit.para]) / self.body_chars


class _Direct(NamedTuple):
    """Evidence that needs no cue conditions: a tag named in the notes, a world fact, scene
    viewpoints."""

    mass: float
    spans: list[tuple[int, int, str]]
    reason: str


@dataclass(slots=True)
class _Result:
    """A tag's accumulated evidence while it is being decided."""

    tag: str
    type: str
    threshold: float
    gated: float = 0.0  # evidence subject to the tag's conditions
    direct: float = 0.0  # named by the author, stated as a world fact, viewpoint layer
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def mass(self) -> float:
        return self.gated + self.direct


def _score(mass: float, threshold: float) -> float:
    """0.5 at the threshold, 0.75 at twice it, approaching 1."""
    return round(1.0 - 0.5 ** (mass / threshold), 3) if mass > 0 else 0.0


def pair_category(gender_a: str, gender_b: str) -> str | None:
    """The AO3 category of one romantic pair: F/M, M/M, F/F, or Other with a nonbinary (or
    otherwise named) gender; None when a gender is unknown."""
    genders = {gender_a, gender_b}
    if "unknown" in genders:
        return None
    if not genders <= _FEMALE_MALE:
        return "Other"
    if genders == _FEMALE_MALE:
        return "F/M"
    return "M/M" if gender_a == "male" else "F/F"


def infer_categories(pairs: Iterable[tuple[str, str, bool]]) -> tuple[str, ...]:
    """AO3 categories implied by relationships given as ``(gender_a, gender_b, romantic)``.

    Genders are ``female``, ``male``, ``nonbinary`` or ``unknown``. No romantic pair gives
    Gen; each romantic pair gives its `pair_category` (pairs with an unknown gender are
    skipped); several different categories add Multi. Empty when every romantic pair has
    an unknown gender.
    """
    romantic = [(a, b) for a, b, is_romantic in pairs if is_romantic]
    if not romantic:
        return ("Gen",)
    found = {c for a, b in romantic if (c := pair_category(a, b)) is not None}
    if len(found) > 1:
        found.add("Multi")
    return tuple(c for c in CATEGORIES if c in found)


class TagDetector:
    """Suggests tags for documents from one taxonomy (compiled once, reused for every work)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._families = taxonomy.families
        self._unless = {
            fid: re.compile("|".join(f"(?:{u})" for u in f.unless))
            for fid, f in taxonomy.families.items()
            if f.unless
        }
        # Patterns grouped by family and literal start; groups found by the first
        # TRIGGER_CHARS characters of that start, at candidate word starts.
        starts: dict[tuple[str, str], list[str]] = {}
        for fid, fam in taxonomy.families.items():
            for pattern in fam.patterns:
                starts.setdefault((fid, literal_prefix(pattern)), []).append(pattern)
        groups: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for (fid, prefix), patterns in starts.items():
            regex = re.compile(f"(?:{'|'.join(patterns)})(?!\\w)")
            groups.setdefault(prefix[:TRIGGER_CHARS], []).append((fid, regex))
        # The trigger captures the longest key at a word start; a key's candidates are its
        # own groups and those of every shorter key it begins with.
        self._candidates = {
            key: [g for n in range(1, len(key) + 1) for g in groups.get(key[:n], ())]
            for key in groups
        }
        self._trigger = re.compile(rf"\b(?=({_trie(groups)}))")
        names: dict[str, str] = {}
        for tag in taxonomy.tags:
            if tag.named:
                for name in (tag.name, *tag.synonyms):
                    names[fold_text(name)] = tag.name
        self._names = names
        alternatives = sorted(names, key=len, reverse=True)
        self._named = (
            re.compile("|".join(re.escape(n) for n in alternatives) + r"(?!\w)")
            if alternatives
            else None
        )

    # -- scanning ---------------------------------------------------------------------------

    def _raw_hits(self, t: _Text) -> dict[str, list[Hit]]:
        """Every family's hits in its scope and voice that no `unless` pattern voids.

        One pass finds the word starts where some pattern's literal start begins; only the
        pattern groups with that start are then tried there.
        """
        low = t.low
        candidates = self._candidates
        found: dict[str, dict[int, int]] = {fid: {} for fid in self._families}
        for m in self._trigger.finditer(low):
            pos = m.start()
            for fid, regex in candidates[m.group(1)]:
                match = regex.match(low, pos)
                if match is not None:
                    seen = found[fid]
                    seen[pos] = max(seen.get(pos, 0), match.end())
        out: dict[str, list[Hit]] = {}
        for fid, ends in found.items():
            fam = self._families[fid]
            unless = self._unless.get(fid)
            hits: list[Hit] = []
            for start in sorted(ends):
                para = t.para_of(start)
                if para is None:
                    continue
                if (fam.scope == "body" and not t.body[para]) or (
                    fam.scope == "notes" and t.body[para]
                ):
                    continue
                if fam.voice != "any" and t.in_speech(start) != (fam.voice == "speech"):
                    continue
                hit = Hit(start, ends[start], para)
                if unless is not None and unless.search(low, *t.sentence(hit)):
                    continue
                hits.append(hit)
            out[fid] = hits
        return out

    def _hits(self, t: _Text) -> dict[str, list[Hit]]:
        """Every family's hits: raw hits kept when a `near` family has a hit in their window."""
        raw = self._raw_hits(t)
        out: dict[str, list[Hit]] = {}
        for fid, hits in raw.items():
            fam = self._families[fid]
            if fam.near and hits:
                units = {t.unit(h, fam.window) for other in fam.near for h in raw[other]}
                out[fid] = [h for h in hits if t.unit(h, fam.window) in units]
            else:
                out[fid] = hits
        return out

    def _named_hits(self, t: _Text) -> dict[str, list[Hit]]:
        """Tags the author names in the notes ("Soulmate AU", "h/c")."""
        found: dict[str, list[Hit]] = {}
        if self._named is None:
            return found
        low = t.low
        for i, (s, e, body) in enumerate(zip(t.starts, t.ends, t.body, strict=True)):
            if body:
                continue
            for m in self._named.finditer(low, s, e):
                if m.start() and low[m.start() - 1].isalnum():
                    continue
                found.setdefault(self._names[m.group()], []).append(Hit(m.start(), m.end(), i))
        return found

    # -- deciding tags ------------------------------------------------------------------------

    def _experiencer(self, t: _Text, hit: Hit) -> str | None:
        """Who feels what a cue describes: the scene's viewpoint character, else the first
        character mentioned in the sentence, else the sentence's first "he" or "she"."""
        scene = t.scenes.at(hit.start)
        if scene is not None and scene.attrs.get("pov"):
            return str(scene.attrs["pov"])
        start, end = t.sentence(hit)
        if t.doc.has(layers.MENTIONS):
            for mention in t.doc.layer(layers.MENTIONS).within(start, end):
                if mention.attrs.get("character"):
                    return str(mention.attrs["character"])
            return None
        m = _PRONOUN.search(t.low, start, end)
        return None if m is None else m.group()

    def _evidence(self, t: _Text, result: _Result, ev: Evidence, hits: Sequence[Hit]) -> int:
        """Add one evidence entry's mass, spans and reason; the number of counted paragraphs."""
        if ev.region is not None and hits:
            lo, hi = ev.region
            inside = [h for h in hits if lo <= (t.position(h) or -1.0) <= hi]
            if ev.first_in_region and (not inside or inside[0] != hits[0]):
                inside = []
            hits = inside
        first: dict[int, Hit] = {}
        for h in hits:
            first.setdefault(h.para, h)
        if not first:
            return 0
        counted = sorted(first.values())[: ev.cap]
        in_story = sum(t.body[h.para] for h in counted)
        mass = ev.weight * len(counted)
        note = ""
        if ev.normalised(self._families[ev.family]) and t.length_factor > 1 and in_story:
            mass = ev.weight * (len(counted) - in_story + in_story / t.length_factor)
            note = f" ({in_story} in the story / {t.length_factor:.2f} for length)"
        result.gated += mass
        result.spans.extend((h.start, h.end, ev.family) for h in counted)
        where = "" if ev.region is None else f" in {ev.region[0]:.0%}-{ev.region[1]:.0%}"
        result.reasons.append(
            f"{ev.family}{where}: {len(first)} paragraph(s), {len(counted)} counted "
            f"x {ev.weight:g}{note}"
        )
        return len(counted)

    def _tag(self, t: _Text, tag: Tag, hits: Mapping[str, list[Hit]], result: _Result) -> bool:
        """Add a tag's cue evidence to `result`; whether its conditions hold."""
        missing = [
            ev.family
            for ev in tag.evidence
            if not self._evidence(t, result, ev, hits[ev.family]) and ev.required
        ]
        if missing:
            result.reasons.append(f"needs {', '.join(missing)}")
            return False
        if tag.min_words and t.words < tag.min_words:
            result.reasons.append(f"needs {tag.min_words:,} words")
            return False
        if tag.experiencers:
            who = {
                x
                for ev in tag.evidence
                for h in hits[ev.family]
                if (x := self._experiencer(t, h)) is not None
            }
            result.reasons.append(f"experiencers: {', '.join(sorted(who)) or 'none found'}")
            if len(who) < tag.experiencers:
                return False
        return True

    def _decide(
        self,
        t: _Text,
        hits: Mapping[str, list[Hit]],
        direct: Mapping[str, list[_Direct]],
    ) -> list[_Result]:
        """Every suggested freeform tag and warning, after composites and replacements."""
        fired: dict[str, _Result] = {}
        pending = sorted(self.taxonomy.tags, key=lambda tag: bool(tag.all_of))
        for tag in pending:
            result = _Result(tag.name, tag.type, tag.threshold)
            for evidence in direct.get(tag.name, ()):
                result.direct += evidence.mass
                result.spans.extend(evidence.spans)
                result.reasons.append(evidence.reason)
            ok = self._tag(t, tag, hits, result)
            parts = [fired.get(name) for name in tag.all_of]
            if tag.all_of:
                ok = ok and all(parts)
                if not tag.evidence:
                    result.gated = tag.threshold if ok else 0.0
                for part in parts:
                    if part is not None:
                        result.spans.extend(part.spans[:COMPONENT_SPANS])
            if result.mass < tag.threshold or not (ok or result.direct):
                continue
            result.score = _score(result.mass, tag.threshold)
            if tag.all_of and ok:
                result.score = min([result.score, *(p.score for p in parts if p)])
                result.reasons.append(f"with {', '.join(tag.all_of)}")
            fired[tag.name] = result
        for tag in self.taxonomy.tags:
            if tag.name in fired:
                for name in tag.replaces:
                    fired.pop(name, None)
        return list(fired.values())

    # -- optional layers ----------------------------------------------------------------------

    def _cast(self, doc: Document) -> dict[str, _Character]:
        """Characters of the ``cast`` layer by id."""
        if not doc.has(layers.CAST):
            return {}
        return {
            c.label: _Character(
                str(c.attrs.get("canon") or c.attrs.get("name") or c.label),
                str(c.attrs.get("gender") or "unknown"),
                int(c.attrs.get("mentions") or 0),
            )
            for c in doc.layer(layers.CAST)
        }

    def _facts(
        self, doc: Document, cast: Mapping[str, _Character], direct: dict[str, list[_Direct]]
    ) -> list[_Result]:
        """World facts as evidence for taxonomy tags (into `direct`), and the tags about main
        characters they imply ("Omega Jim Halpert")."""
        if not doc.has(layers.WORLD) or not self.taxonomy.facts:
            return []
        rules = {rule.fact: rule for rule in self.taxonomy.facts}
        top = max((c.mentions for c in cast.values()), default=0)
        about: dict[str, _Result] = {}
        stated: dict[tuple[str, str], _Direct] = {}
        for span in doc.layer(layers.WORLD):
            rule = rules.get(span.label) or rules.get(span.label.split("=", 1)[0] + "=*")
            if rule is None:
                continue
            certainty = float(span.attrs.get("score", 1.0))
            cue = (span.start, span.end, f"world: {span.label}")
            for name in rule.tags:
                old = stated.get((name, span.label), _Direct(0.0, [], ""))
                stated[name, span.label] = _Direct(
                    old.mass + rule.weight * certainty,
                    [*old.spans, cue],
                    f"world fact {span.label}: stated {len(old.spans) + 1} time(s)",
                )
            who = span.attrs.get("character")
            if rule.character and isinstance(who, str) and who in cast:
                if cast[who].mentions < MAIN_SHARE * top:
                    continue
                tag = rule.character.format(name=cast[who].name)
                res = about.setdefault(tag, _Result(tag, "freeform", 1.0))
                res.direct += certainty
                res.spans.append(cue)
        for (name, _), evidence in stated.items():
            direct.setdefault(name, []).append(evidence)
        for res in about.values():
            res.score = _score(res.direct, 1.0)
            res.reasons.append(f"stated {len(res.spans)} time(s) of a main character")
        return [r for r in about.values() if r.direct >= 1.0]

    def _viewpoints(
        self, t: _Text, cast: Mapping[str, _Character], direct: dict[str, list[_Direct]]
    ) -> list[_Result]:
        """ "<Name> POV" for each main viewpoint character of the scenes, and evidence for
        the alternating-viewpoints tag (into `direct`) when the viewpoint changes."""
        rule = self.taxonomy.pov
        if rule is None:
            return []
        chars: dict[str, int] = {}
        spans: dict[str, list[tuple[int, int, str]]] = {}
        order: list[str] = []
        for scene in t.scenes:
            who = scene.attrs.get("pov")
            if not who:
                continue
            who = str(who)
            chars[who] = chars.get(who, 0) + scene.end - scene.start
            spans.setdefault(who, []).append((scene.start, scene.end, "scene pov"))
            if not order or order[-1] != who:
                order.append(who)
        total = sum(chars.values())
        main = [w for w, n in chars.items() if n >= rule.min_share * total > 0]
        out = []
        for who in main:
            share = chars[who] / total
            res = _Result(rule.character.format(name=cast[who].name if who in cast else who),
                          "freeform", 1.0)  # fmt: skip
            res.spans = spans[who][:RATING_SPANS]
            res.score = round(0.4 + 0.5 * share, 3)
            res.reasons.append(f"viewpoint of {share:.0%} of the scenes' text")
            out.append(res)
        switches = len(order) - 1
        alternating = self.taxonomy.tag(rule.alternating) if rule.alternating else None
        if alternating is not None and len(main) >= 2 and switches >= 2:
            direct.setdefault(alternating.name, []).append(
                _Direct(
                    alternating.threshold * min(2.0, switches / 2),
                    [spans[who][0] for who in main],
                    f"scene viewpoints: {len(main)} characters, {switches} switches",
                )
            )
        return out

    def _categories(self, doc: Document, cast: Mapping[str, _Character]) -> list[_Result]:
        """Categories implied by the ``relationships`` layer and the cast's genders."""
        if not doc.has(RELATIONSHIPS):
            return []
        pairs: dict[frozenset[str], _Pair] = {}
        for span in doc.layer(RELATIONSHIPS):
            a, b = str(span.attrs.get("a")), str(span.attrs.get("b"))
            genders = tuple(cast[x].gender if x in cast else "unknown" for x in (a, b))
            pair = pairs.setdefault(frozenset((a, b)), _Pair(genders[0], genders[1]))
            pair.romantic = pair.romantic or span.attrs.get("type") == "romantic"
            pair.score = max(pair.score, float(span.attrs.get("score", 0.0)))
            pair.spans.append((span.start, span.end, "relationship"))
        # A pair the text barely supports (a one-time kiss it calls wrong) implies no category.
        pairs = {k: p for k, p in pairs.items() if p.score >= MIN_CATEGORY_PAIR_SCORE}
        if not pairs:
            return []
        out = []
        for category in infer_categories((p.a, p.b, p.romantic) for p in pairs.values()):
            members = [
                p
                for p in pairs.values()
                if (category == "Gen" and not p.romantic)
                or (p.romantic and category in ("Multi", pair_category(p.a, p.b)))
            ]
            res = _Result(category, "category", 1.0)
            res.score = round(max(p.score for p in members), 3)
            res.spans = [s for p in members for s in p.spans][:RATING_SPANS]
            res.reasons.append(f"from {len(members)} relationship(s)")
            out.append(res)
        return out

    def _rating(self, t: _Text, hits: Mapping[str, list[Hit]]) -> _Result:
        """The rating the cue densities call for, strongest first; General Audiences (or the
        default rule) otherwise. Conservative: a borderline text gets the stronger rating."""

        def strength(cond: Condition) -> float:
            units = len({h.para for h in hits[cond.family]})
            density = units * 1000 / max(t.words, 1)
            by_density = density / cond.per_1k if cond.per_1k else math.inf
            return min(units / cond.min, by_density)

        default: RatingRule | None = None
        closest = 0.0
        for rule in self.taxonomy.ratings:
            if not rule.when:
                default = rule
                continue
            best = max(rule.when, key=strength)
            value = strength(best)
            if value >= 1.0:
                res = _Result(rule.name, "rating", 1.0, score=_score(value, 1.0))
                first: dict[int, Hit] = {}
                for h in hits[best.family]:
                    first.setdefault(h.para, h)
                res.spans = [(h.start, h.end, best.family) for h in first.values()]
                res.spans = res.spans[:RATING_SPANS]
                res.reasons.append(
                    f"{best.family}: {len(first)} paragraph(s) "
                    f"({len(first) * 1000 / max(t.words, 1):.2f} per 1,000 words)"
                )
                return res
            closest = max(closest, value)
        name = default.name if default else RATINGS[0]
        res = _Result(name, "rating", 1.0, score=round(0.9 - 0.4 * closest, 3))
        res.spans = [(*t.extent, "no stronger cues")]
        res.reasons.append(f"strongest cue at {closest:.0%} of a stronger rating's condition")
        return res

    # -- the layer ------------------------------------------------------------------------------

    def _results(self, doc: Document) -> list[_Result]:
        """Every suggested tag of `doc` with its score, reasons and evidence."""
        t = _Text(doc)
        hits = self._hits(t)
        cast = self._cast(doc)
        direct: dict[str, list[_Direct]] = {}
        extra = [*self._facts(doc, cast, direct), *self._viewpoints(t, cast, direct)]
        for name, found in self._named_hits(t).items():
            tag = self.taxonomy.tag(name)
            if tag is not None:
                h = found[0]
                direct.setdefault(name, []).append(
                    _Direct(tag.threshold, [(h.start, h.end, "named in notes")], "named in notes")
                )
        decided = self._decide(t, hits, direct)
        if not any(r.type == "warning" for r in decided):
            res = _Result(NO_WARNINGS, "warning", 1.0, score=NO_WARNING_SCORE)
            res.spans = [(*t.extent, "no warning cues")]
            res.reasons.append("no archive warning has enough evidence")
            decided.append(res)
        return [self._rating(t, hits), *self._categories(doc, cast), *decided, *extra]

    def layer(self, doc: Document) -> Layer:
        """The ``tags`` layer: one span per piece of evidence of each suggested tag."""
        spans: list[Span] = []
        for res in self._results(doc):
            reasons = tuple(res.reasons)
            seen: set[tuple[int, int]] = set()
            for start, end, cue in res.spans:
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                attrs = {
                    "type": res.type,
                    "score": res.score,
                    "cue": cue,
                    "reasons": reasons,
                }
                spans.append(Span(start, end, res.tag, MappingProxyType(attrs)))
        return Layer(layers.TAGS, spans)


@functools.lru_cache(maxsize=8)
def _detector(taxonomy: Taxonomy) -> TagDetector:
    """One compiled detector per taxonomy object (`load_taxonomy` caches those)."""
    return TagDetector(taxonomy)


def tags_stage(taxonomy: Taxonomy | None = None) -> Stage:
    """The stage providing the ``tags`` layer, for `taxonomy` (default: the built-in one)."""
    detector = _detector(taxonomy if taxonomy is not None else load_taxonomy())

    @stage(
        requires=[
            layers.PARAGRAPHS,
            layers.SENTENCES,
            layers.TOKENS,
            layers.QUOTES,
            layers.SCENES,
        ],
        provides=[layers.TAGS],
    )
    def tags(doc: Document) -> list[Layer]:
        return [detector.layer(doc)]

    return tags


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested tag: name, type, score, reasons and its evidence spans with cues."""

    tag: str
    type: str
    score: float
    reasons: tuple[str, ...]
    evidence: tuple[tuple[int, int, str], ...]

    def to_dict(self) -> dict[str, Any]:
        """The contract's form (``tag``, ``type``, ``score``, ``evidence``) plus reasons."""
        return {
            "tag": self.tag,
            "type": self.type,
            "score": self.score,
            "evidence": [{"start": s, "end": e} for s, e, _ in self.evidence],
            "reasons": list(self.reasons),
        }


def suggestions(doc: Document) -> list[Suggestion]:
    """The ``tags`` layer grouped by tag: rating, warnings, categories, then freeform tags,
    each group by falling score."""
    grouped: dict[str, list[Span]] = {}
    for span in doc.layer(layers.TAGS):
        grouped.setdefault(span.label, []).append(span)
    out = [
        Suggestion(
            tag,
            str(spans[0].attrs["type"]),
            float(spans[0].attrs["score"]),
            tuple(spans[0].attrs.get("reasons", ())),
            tuple((s.start, s.end, str(s.attrs.get("cue", ""))) for s in spans),
        )
        for tag, spans in grouped.items()
    ]
    out.sort(key=lambda s: (TYPE_ORDER.index(s.type), -s.score, tag_key(s.tag)))
    return out
