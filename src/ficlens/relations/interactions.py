"""Interactions: who is present in each scene, who speaks to whom, who acts on whom.

The ``interactions`` stage links two characters by one span per piece of evidence:

``copresent``
    a scene in which both are present: named or referred to in its narration at least
    `PRESENT_MIN` times, or speaking in it. Weight: the smaller presence over
    `COPRESENT_FULL`, at most 1.
``speaks_to``
    a quote and its speaker and addressee: from the ``speakers`` layer when present, else
    from the ``speech`` layer's speech tag and vocatives, with turn-taking filling in a
    two-person exchange. Weight: the attribution's confidence.
``acts_on``
    a narration clause in which one does something to the other: subject, verb, person
    object ("Jim kissed Pam", "she hugged him", "kissed her forehead", "was kissed by
    him"). Negated acts give nothing; hoped-for or imagined ones weigh `HEDGED`.

The verbs, the English function words and the cues of the relationships stage are data
(``data/relations/cues.toml``). `Reading` is the shared index of a document's words,
mentions, sentences, quotes and scenes that both stages read from.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from ficlens.datafiles import DataFileError, TableReader
from ficlens.document import Document, Layer, Span
from ficlens.layers import (
    CAST,
    INTERACTIONS,
    MENTIONS,
    PARAGRAPHS,
    POV,
    QUOTES,
    SCENES,
    SENTENCES,
    SPEAKERS,
    SPEECH,
)
from ficlens.pipeline import Stage, stage

CUES_PATH = Path(__file__).resolve().parent.parent / "data" / "relations" / "cues.toml"
TYPES = ("romantic", "platonic", "family", "professional", "antagonistic", "neutral")
STATUSES = ("dating", "engaged", "ex", "married", "unrequited", "soulmates")
SHAPES = ("svo", "mutual", "noun")
OBJECTS = ("person", "body", "any")

PRESENT_MIN = 2
"""Narration mentions that make a character present in a scene."""
COPRESENT_FULL = 5.0
"""Presence (mentions) at which a co-presence weighs 1."""
HEDGED = 0.5
"""Weight of an act the text only hopes for, imagines or calls probable."""
TAG_CONFIDENCE = 0.8
"""Confidence of a speaker taken from an explicit speech tag or beat."""
TURN_CONFIDENCE = 0.4
"""Confidence of a speaker or addressee taken from turn-taking."""
TURN_GAP = 1500
"""Characters between two quotes of one exchange, at most."""
TAG_WORDS = 4
"""Words read after a speech tag's speaker for the one it addresses."""
TURN_BACK = 3
"""Quotes looked back (and ahead, one less) for a conversation partner."""
MAX_MENTION = 200
"""Longest mention, in characters, looked back for when resolving a span."""
MAX_SUBJECT = 25
"""Words looked back from a verb for its subject."""
POV_MIN = 0.6
"""Score a scene's point of view needs before its pronouns follow it."""

_WORD = re.compile(r"\w+(?:-\w+)*(?:'(?!s\b)\w+)*|'s\b|[^\w\s]")
_APOSTROPHES = ("\u2019", "\u2018", "\u02bc")
_PRONOUN = "pronoun"
_READ_LAYERS = (CAST, MENTIONS, QUOTES, SENTENCES, PARAGRAPHS, SCENES, POV, SPEAKERS, SPEECH)
"""The layers a `Reading` reads: a document with the same ones reads the same."""
_LAST_READING: list[tuple[tuple[object, ...], Reading]] = []
_CUE_FIELDS = (
    *("name", "type", "weight", "shape", "status", "act", "familial", "objects"),
    *("parts", "forms"),
)


class CueError(DataFileError):
    """The relationship cue file is invalid: names the file, the field and the problem."""


@dataclass(frozen=True, slots=True)
class Cue:
    """What one kind of cue means: its name, relationship type, weight and status."""

    name: str
    type: str
    weight: float
    shape: str = "svo"
    status: str | None = None
    act: bool = False
    familial: bool = False
    objects: str = "person"
    parts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Form:
    """One written form of a cue, as words: those before the object slot and after it."""

    cue: Cue
    before: tuple[str, ...]
    after: tuple[str, ...] = ()
    slot: bool = False


@dataclass(frozen=True, slots=True)
class QuoteCue:
    """A cue said in speech: regular expressions over the folded quote."""

    cue: Cue
    patterns: tuple[re.Pattern[str], ...]
    reverse: bool = False


@dataclass(frozen=True, slots=True)
class WorldCue:
    """World facts (``key=value``) that are relationship evidence."""

    key: str
    values: frozenset[str]
    cue: Cue
    infer: bool = False
    genders: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Grammar:
    """English function words the cue patterns need (``[grammar]`` in the cue file)."""

    subjects: frozenset[str]
    possessives: frozenset[str]
    ambiguous: frozenset[str]
    negators: frozenset[str]
    hypothetical: frozenset[str]
    fillers: frozenset[str]
    passive: frozenset[str]
    copulas: frozenset[str]
    modifiers: frozenset[str]
    after_object: frozenset[str]
    body: frozenset[str]
    female: frozenset[str]
    male: frozenset[str]
    body_prefixes: tuple[tuple[str, ...], ...]
    plural: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Cues:
    """The relationship cue lexicon: forms by first word, quote, world and wrong cues."""

    grammar: Grammar
    forms: Mapping[str, tuple[Form, ...]]
    quotes: tuple[QuoteCue, ...]
    world: tuple[WorldCue, ...]
    wrong: re.Pattern[str] | None


def fold(text: str) -> str:
    """`text` lower-cased with straight apostrophes, offsets unchanged."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two ("İ")
        low = "".join(lc if len(lc := ch.lower()) == 1 else ch for ch in text)
    for curly in _APOSTROPHES:
        if curly in low:
            low = low.replace(curly, "'")
    return low


def words(text: str) -> tuple[str, ...]:
    """The words of a folded phrase, split as `Reading` splits the text."""
    return tuple(m.group() for m in _WORD.finditer(fold(text)))


def load_cues(path: str | Path | None = None) -> Cues:
    """Read and check the cue file (default: the built-in ``data/relations/cues.toml``)."""
    return _load(str(path or CUES_PATH))


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Cues:
    reader = TableReader(path, CueError, lambda s: s.casefold())
    data = reader.load()
    reader.table(data, "", ("grammar", "cue", "quote", "world", "wrong"))
    grammar = reader.table(data.get("grammar", {}), "grammar")

    def wordset(key: str) -> frozenset[str]:
        return frozenset(fold(w) for w in reader.strings(grammar, key, "grammar"))

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(words(w) for w in reader.strings(grammar, key, "grammar"))

    gram = Grammar(
        subjects=wordset("subjects"),
        possessives=wordset("possessives"),
        ambiguous=wordset("ambiguous"),
        negators=wordset("negators"),
        hypothetical=wordset("hypothetical"),
        fillers=wordset("fillers"),
        passive=wordset("passive"),
        copulas=wordset("copulas"),
        modifiers=wordset("modifiers"),
        after_object=wordset("after_object"),
        body=wordset("body"),
        female=wordset("female"),
        male=wordset("male"),
        body_prefixes=phrases("body_prefixes"),
        plural=phrases("plural"),
    )
    forms: dict[str, list[Form]] = {}
    for i, raw in enumerate(reader.tables(data, "cue")):
        where = f"cue[{i}]"
        table = reader.table(raw, where, _CUE_FIELDS)
        cue = _cue(reader, table, where)
        for text in reader.strings(table, "forms", where):
            form = _form(reader, cue, text, f"{where}.forms")
            forms.setdefault(form.before[0], []).append(form)
    quotes = []
    for i, raw in enumerate(reader.tables(data, "quote")):
        where = f"quote[{i}]"
        table = reader.table(
            raw, where, ("name", "type", "weight", "status", "familial", "reverse", "patterns")
        )
        patterns = tuple(
            _regex(reader, p, f"{where}.patterns") for p in reader.strings(table, "patterns", where)
        )
        reverse = reader.flag(table, "reverse", where, False)
        quotes.append(QuoteCue(_cue(reader, table, where), patterns, reverse))
    world = []
    for i, raw in enumerate(reader.tables(data, "world")):
        where = f"world[{i}]"
        table = reader.table(
            raw,
            where,
            ("key", "values", "name", "type", "weight", "status", "infer", "female", "male"),
        )
        key = reader.required(table, "key", where)
        values = frozenset(reader.strings(table, "values", where))
        infer = reader.flag(table, "infer", where, False)
        genders = {v: g for g in ("female", "male") for v in reader.strings(table, g, where)}
        if not set(genders) <= values:
            reader.fail(f"{where}.{genders[min(set(genders) - values)]}", "names no value")
        cue = _cue(reader, table, where)
        world.append(WorldCue(key, values, cue, infer, MappingProxyType(genders)))
    wrong_table = reader.table(data.get("wrong", {}), "wrong", ("patterns",))
    wrong = [
        _regex(reader, p, "wrong.patterns").pattern
        for p in reader.strings(wrong_table, "patterns", "wrong")
    ]
    return Cues(
        gram,
        {k: tuple(sorted(v, key=_form_length)) for k, v in forms.items()},
        tuple(quotes),
        tuple(world),
        re.compile("|".join(f"(?:{p})" for p in wrong)) if wrong else None,
    )


def _form_length(form: Form) -> int:
    """Sort key putting longer forms first."""
    return -len(form.before) - len(form.after)


def _cue(reader: TableReader, table: Mapping[str, object], where: str) -> Cue:
    status = reader.text(table, "status", where)
    if status is not None and status not in STATUSES:
        reader.fail(f"{where}.status", f"{status!r} is not one of {', '.join(STATUSES)}")
    return Cue(
        reader.required(table, "name", where),
        reader.choice(table, "type", where, TYPES, required=True),
        reader.number(table, "weight", where, 1.0),
        reader.choice(table, "shape", where, SHAPES),
        status,
        reader.flag(table, "act", where, False),
        reader.flag(table, "familial", where, False),
        reader.choice(table, "objects", where, OBJECTS),
        frozenset(fold(p) for p in reader.strings(table, "parts", where)),
    )


def _form(reader: TableReader, cue: Cue, text: str, where: str) -> Form:
    head, slot, tail = text.partition("{obj}")
    before, after = words(head), words(tail)
    if not before or "{" in tail or (slot and cue.shape != "svo"):
        reader.fail(where, f"{text!r}: a form needs words first and at most one {{obj}}")
    return Form(cue, before, after, bool(slot))


def _regex(reader: TableReader, pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        reader.fail(where, f"{pattern!r} is not a valid regular expression: {exc}")


@dataclass(frozen=True, slots=True)
class Act:
    """One cue read as subject, form, object: who did (or felt) what to whom."""

    start: int
    end: int
    subject: str
    object: str
    cue: Cue
    hedged: bool


@dataclass(frozen=True, slots=True)
class Turn:
    """One quote with its speaker, addressees and the confidence of the attribution."""

    start: int
    end: int
    kind: str
    speaker: str | None
    addressees: tuple[str, ...]
    confidence: float
    scene: int


class Reading:
    """A document's words, mentions, sentences, quotes and scenes, indexed for cue reading.

    Words are split from the folded text ("Jim's" is "jim" and "'s") and know whether
    they lie inside a quote; mentions know their first and last word. With a ``pov``
    layer, narration pronouns follow each scene's point of view (`_follow_pov`).
    """

    def __init__(self, doc: Document, cues: Cues) -> None:
        self.doc = doc
        self.cues = cues
        self.grammar = cues.grammar
        self.folded = fold(doc.text)
        folded = self.folded
        spans = [m.span() for m in _WORD.finditer(folded)]
        self.words: list[str] = [folded[s:e] for s, e in spans]
        self.starts: list[int] = [s for s, _ in spans]
        self.ends: list[int] = [e for _, e in spans]
        at = np.asarray(self.starts, dtype=np.int64)
        self.cast: dict[str, Mapping[str, Any]] = {c.label: c.attrs for c in doc.layer(CAST)}
        mentions = [m for m in doc.layer(MENTIONS) if m.attrs.get("character") in self.cast]
        self.m_starts = [m.start for m in mentions]
        self.m_ends = [m.end for m in mentions]
        self.m_chars = [str(m.attrs["character"]) for m in mentions]
        self.m_pronoun = [m.label == _PRONOUN for m in mentions]
        self.m_words = [self.folded[m.start : m.end] for m in mentions]
        first = np.searchsorted(at, np.asarray(self.m_starts, dtype=np.int64))
        last = np.searchsorted(at, np.asarray(self.m_ends, dtype=np.int64)) - 1
        self.mention_word: list[int] = first.tolist()  # mention -> its first word
        self.mention_last: list[int] = np.maximum(first, last).tolist()  # -> its last word
        self.mention_at: dict[int, int] = {}  # first word -> mention
        for k, i in enumerate(self.mention_word):
            self.mention_at.setdefault(i, k)
        self.quote_spans = [(q.start, q.end) for q in doc.layer(QUOTES) if q.label != "nested"]
        self.quoted: list[bool] = _inside(at, self.quote_spans)
        self.m_quoted = [i >= len(self.quoted) or self.quoted[i] for i in self.mention_word]
        sentences = doc.layer(SENTENCES)
        self.sentence_starts: list[int] = list(sentences.starts)
        self.sentence_ends: list[int] = list(sentences.ends)
        self.paragraph_starts = list(doc.layer(PARAGRAPHS).starts)
        self.scene_spans = [(s.start, s.end) for s in doc.layer(SCENES)]
        self.scene_starts = [s for s, _ in self.scene_spans]
        self.repointed: dict[int, str] = {}
        """Mentions `_follow_pov` gave to the point-of-view character: their first reading."""
        if doc.has(POV):
            self._follow_pov(doc.layer(POV))
        forms = self.cues.forms
        quoted = self.quoted
        self.hits = [i for i, w in enumerate(self.words) if w in forms and not quoted[i]]
        """Words outside quotes where some cue form may start."""
        self.presence = self._presence()
        self.focal = self._focal()

    @classmethod
    def of(cls, doc: Document, cues: Cues) -> Reading:
        """The reading of `doc`, shared with the stage that read the same text and layers
        just before (the relationships stage after the interactions stage)."""
        key = (doc.text, cues, *(doc.layers.get(name) for name in _READ_LAYERS))
        last = _LAST_READING[0] if _LAST_READING else None
        if last is not None and all(a is b for a, b in zip(last[0], key, strict=True)):
            return last[1]
        reading = cls(doc, cues)
        _LAST_READING[:] = [(key, reading)]
        return reading

    def _follow_pov(self, pov: Layer) -> None:
        """Give a narration pronoun of the point-of-view character's gender to that
        character, unless another character of that gender is named in its sentence
        before it or in the sentence before: in close third person "she" in a Pam scene
        is Pam, whatever character of hers was named last."""
        g = self.grammar
        pools = {"female": g.female, "male": g.male}
        for span in pov:
            focal = span.label
            pool = pools.get(self.gender(focal)) if focal else None
            if pool is None or float(span.attrs.get("score", 0.0)) < POV_MIN:
                continue
            named: set[int] = set()  # sentences naming another character of that gender
            lo = bisect.bisect_left(self.m_starts, span.start)
            hi = bisect.bisect_left(self.m_starts, span.end)
            for k in range(lo, hi):
                if self.m_quoted[k]:
                    continue
                sentence = self.sentence_of(self.m_starts[k])
                char = self.m_chars[k]
                if not self.m_pronoun[k]:
                    if char != focal and self.gender(char) == self.gender(focal):
                        named.add(sentence)
                    continue
                if char == focal or self.m_words[k] not in pool:
                    continue
                if sentence not in named and sentence - 1 not in named:
                    self.repointed[k] = char
                    self.m_chars[k] = focal

    # -- positions -------------------------------------------------------------------

    def scene_of(self, offset: int) -> int:
        """Index of the scene containing `offset` (the nearest before it, or 0)."""
        return max(0, bisect.bisect_right(self.scene_starts, offset) - 1)

    def word_at(self, offset: int) -> int:
        """Index of the first word starting at or after `offset`."""
        return bisect.bisect_left(self.starts, offset)

    def sentence_words(self, i: int) -> range:
        """Indices of the words of word `i`'s sentence."""
        k = self.sentence_of(self.starts[i])
        if k < 0:
            return range(i, i + 1)
        first = bisect.bisect_left(self.starts, self.sentence_starts[k])
        last = bisect.bisect_left(self.starts, self.sentence_ends[k]) - 1
        return range(first, max(last, i) + 1)

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence containing `offset`, or -1."""
        k = bisect.bisect_right(self.sentence_starts, offset) - 1
        return k if k >= 0 and offset < self.sentence_ends[k] else -1

    def paragraph(self, i: int) -> int:
        """Index of word `i`'s paragraph."""
        return bisect.bisect_right(self.paragraph_starts, self.starts[i]) - 1

    def character_in(self, start: int, end: int) -> str | None:
        """The character of the mention overlapping ``[start, end)`` most."""
        k = self.mention_in(start, end)
        return None if k is None else self.m_chars[k]

    def mention_in(self, start: int, end: int) -> int | None:
        """The mention overlapping ``[start, end)`` most (the shortest on a tie)."""
        best: tuple[int, int, int] | None = None
        k = bisect.bisect_left(self.m_starts, end) - 1
        while k >= 0 and self.m_ends[k] > start - MAX_MENTION:
            overlap = min(end, self.m_ends[k]) - max(start, self.m_starts[k])
            if overlap > 0:
                length = self.m_ends[k] - self.m_starts[k]
                if best is None or (overlap, -length) > (best[0], -best[1]):
                    best = (overlap, length, k)
            k -= 1
        return best[2] if best else None

    def gender(self, char: str) -> str:
        """The cast's gender of `char` ("unknown" when not known)."""
        return str(self.cast.get(char, {}).get("gender") or "unknown")

    # -- mentions --------------------------------------------------------------------

    def possessive(self, k: int) -> bool:
        """Whether mention `k` is a possessor: "his", or a name followed by 's."""
        nxt = self.mention_last[k] + 1
        return self.m_words[k] in self.grammar.possessives or (
            nxt < len(self.words) and self.words[nxt] == "'s"
        )

    def subject_form(self, k: int) -> bool:
        """Whether mention `k` can be a subject: a name or epithet, or "he", "she", ..."""
        if self.possessive(k):
            return False
        return not self.m_pronoun[k] or self.m_words[k] in self.grammar.subjects

    def other_character(self, i: int, char: str) -> str | None:
        """The character nearest to word `i` in its sentence, else in the sentence before,
        who is not `char` and has `char`'s gender: whom a pronoun wrongly resolved to
        `char` stands for ("Jim kissed him" cannot be Jim kissing Jim)."""
        gender = self.gender(char)
        sentence = self.sentence_words(i)
        groups = [sentence]
        if sentence.start > 0:
            groups.append(self.sentence_words(sentence.start - 1))
        for words in groups:
            near = sorted(
                self.narration_mentions(words), key=lambda k: abs(self.mention_word[k] - i)
            )
            for k in near:
                c = self.m_chars[k]
                if c != char and self.gender(c) in (gender, "unknown"):
                    return c
        return None

    def narration_mentions(self, words: Iterable[int]) -> Iterator[int]:
        """Mentions starting at the given words outside quotes, in order."""
        for i in words:
            k = self.mention_at.get(i)
            if k is not None and not self.quoted[i]:
                yield k

    def subject_before(self, i: int) -> int | None:
        """The nearest subject mention before word `i` in its sentence, outside quotes."""
        first = self.sentence_words(i).start
        for j in range(i - 1, max(first, i - MAX_SUBJECT) - 1, -1):
            k = self.mention_at.get(j)
            if k is not None and not self.quoted[j] and self.subject_form(k):
                return k
        return None

    def holder_before(self, i: int) -> int | None:
        """A possessor right before word `i` ("his love for", "Karen's new boss")."""
        j = i - 1
        for _ in range(3):
            if j < 0 or self.quoted[j]:
                return None
            if self.words[j] == "'s":
                j -= 1
                continue
            k = self._mention_ending(j)
            if k is not None:
                poss = self.possessive(k) or self.m_words[k] in self.grammar.ambiguous
                return k if poss else None
            if self.words[j] not in self.grammar.modifiers and not self.words[j].endswith("ly"):
                return None
            j -= 1
        return None

    def _mention_ending(self, j: int) -> int | None:
        k = bisect.bisect_right(self.m_starts, self.ends[j] - 1) - 1
        if k >= 0 and self.mention_last[k] == j:
            return k
        return None

    # -- acts --------------------------------------------------------------------------

    @functools.cached_property
    def acts(self) -> list[Act]:
        """Every ``svo`` cue in the narration with a resolved subject and person object."""
        out: list[Act] = []
        words_, forms = self.words, self.cues.forms
        for i in self.hits:
            for form in forms[words_[i]]:
                if form.cue.shape != "svo":
                    continue
                act = self._act(i, form)
                if act is not None:
                    out.append(act)
                    break
        return out

    def matches(self, i: int, phrase: tuple[str, ...]) -> bool:
        """Whether the words from `i` on are `phrase`."""
        return tuple(self.words[i : i + len(phrase)]) == phrase

    def _act(self, i: int, form: Form) -> Act | None:
        if not self.matches(i, form.before):
            return None
        j = i + len(form.before)
        g = self.grammar
        passive = self._passive(i, j)
        if passive is not None:
            agent, k = passive
            last = self.mention_last[agent]
            subj, clause = self.m_chars[agent], self.mention_last[k] + 1
            start, end = self.m_starts[k], self.m_ends[agent]
        else:
            found = self._slot(j, form) if form.slot else self._object(j, form.cue)
            if found is None:
                return None
            k, last = found
            holder = self.holder_before(i)
            first = holder if holder is not None else self.subject_before(i)
            if first is not None:
                subj, clause = self.m_chars[first], self.mention_last[first] + 1
                start, end = self.m_starts[first], self.m_ends[first]
            else:
                implied = self._implied_subject(i)
                if implied is None:
                    return None
                subj, clause, start, end = implied, i, self.starts[i], self.ends[i]
        obj = self.m_chars[k]
        if subj == obj:
            # "him" cannot be the subject himself; "his cheek" can (his own)
            if not self.m_pronoun[k] or self.possessive(k) or self.m_words[k] in g.ambiguous:
                return None
            other = self.other_character(self.mention_word[k], subj)
            if other is None:
                return None
            obj = other
        hedged = False
        for b in range(clause, i):
            w = self.words[b]
            if w in g.negators or w.endswith("n't"):
                return None
            hedged = hedged or w in g.hypothetical
        start = min(start, self.m_starts[k], self.starts[i])
        end = max(end, self.ends[last], self.m_ends[k])
        return Act(start, end, subj, obj, form.cue, hedged)

    def _implied_subject(self, i: int) -> str | None:
        """The subject of a subjectless gerund clause ("Thinking about breaking up with
        Roy."): the scene's point-of-view character, when nobody is named before it."""
        sentence = self.sentence_words(i)
        gerund = self.words[i].endswith("ing") or self.words[sentence.start].endswith("ing")
        if not gerund or any(self.narration_mentions(range(sentence.start, i))):
            return None
        return self.focal[min(self.scene_of(self.starts[i]), len(self.focal) - 1)]

    def _passive(self, i: int, j: int) -> tuple[int, int] | None:
        """(agent, patient) of a passive at words ``[i, j)``: "Pam was kissed by Jim"."""
        if i == 0 or self.words[i - 1] not in self.grammar.passive:
            return None
        if j + 1 >= len(self.words) or self.words[j] != "by":
            return None
        agent = self.mention_at.get(j + 1)
        patient = self.subject_before(i)
        if agent is None or patient is None or self.quoted[j + 1]:
            return None
        return agent, patient

    def _slot(self, j: int, form: Form) -> tuple[int, int] | None:
        """The mention filling the ``{obj}`` slot at word `j`, and the form's last word."""
        k = self.mention_at.get(j)
        if k is None or self.quoted[j]:
            return None
        end = self.mention_last[k] + 1
        if end < len(self.words) and self.words[end] == "'s":
            end += 1
        if not self.matches(end, form.after):
            return None
        return k, end + len(form.after) - 1

    def _object(self, j: int, cue: Cue) -> tuple[int, int] | None:
        """The person object after word `j`: (mention, last word of the object)."""
        g, words_ = self.grammar, self.words
        n = len(words_)
        for _ in range(2):
            if j < n and (words_[j] in g.fillers or words_[j].endswith("ly")):
                j += 1
        if cue.objects != "person":
            for prefix in g.body_prefixes:
                if self.matches(j, prefix):
                    j += len(prefix)
                    break
        k = self.mention_at.get(j)
        if k is None or self.quoted[j]:
            return None
        last = self.mention_last[k]
        nxt = last + 1
        if nxt < n and words_[nxt] == "'s":
            nxt += 1
        possessive = self.possessive(k)
        ambiguous = self.m_words[k] in g.ambiguous
        if possessive or ambiguous:
            for part in (nxt, nxt + 1):  # "her hand", "his outstretched hand"
                if part < n and words_[part] in g.body and self._body_ok(cue, words_[part]):
                    return k, part
            if possessive or not self._object_end(nxt):
                return None
        return (k, last) if cue.objects != "body" else None

    def _body_ok(self, cue: Cue, part: str) -> bool:
        return cue.objects != "person" and (not cue.parts or part in cue.parts)

    def _object_end(self, i: int) -> bool:
        """Whether word `i` may follow an object pronoun ("her." / "her back" / "her gently")."""
        if i >= len(self.words):
            return True
        w = self.words[i]
        g = self.grammar
        return not w[0].isalnum() or w in g.fillers or w in g.after_object or w.endswith("ly")

    # -- speech ------------------------------------------------------------------------

    @functools.cached_property
    def turns(self) -> list[Turn]:
        """Every top-level quote with its speaker and addressees.

        From the ``speakers`` layer when the document has it; else the speech tag and
        vocatives of the ``speech`` layer, with turn-taking for the gaps.
        """
        doc = self.doc
        kinds = {(s.start, s.end): s for s in doc.layer(SPEECH)} if doc.has(SPEECH) else {}
        attributed = doc.has(SPEAKERS)
        speakers = {(s.start, s.end): s for s in doc.layer(SPEAKERS)} if attributed else {}
        out: list[Turn] = []
        fixes: dict[int, tuple[str, str]] = {}  # turn -> (speaker given, point of view)
        for q in doc.layer(QUOTES):
            if q.label == "nested":
                continue
            key = (q.start, q.end)
            speech = kinds.get(key)
            kind = speech.label if speech is not None else "speech"
            scene = self.scene_of(q.start)
            tag = speech.attrs.get("tag") if speech is not None else None
            if attributed:
                s = speakers.get(key)
                who = (s.label or None) if s is not None else None
                to = tuple(str(a) for a in s.attrs.get("addressees", ())) if s else ()
                conf = float(s.attrs.get("confidence", 0.0)) if s else 0.0
                k = self.mention_in(int(tag[0]), int(tag[1])) if tag else None
                if k is not None and who is not None and self.repointed.get(k) == who:
                    fixes[len(out)] = (who, self.m_chars[k])
                    who = self.m_chars[k]
                out.append(Turn(q.start, q.end, kind, who, to, conf, scene))
                continue
            who, conf = None, 0.0
            if tag:
                who = self.character_in(int(tag[0]), int(tag[1]))
                conf = TAG_CONFIDENCE if who else 0.0
            vocatives = speech.attrs.get("vocatives", ()) if speech is not None else ()
            named = [self.character_in(int(a), int(b)) for a, b in vocatives]
            if tag and speech is not None:
                named.append(self._tag_object(int(tag[1]), str(speech.attrs.get("verb") or "")))
            to = tuple(dict.fromkeys(c for c in named if c and c != who))
            out.append(Turn(q.start, q.end, kind, who, to, conf, scene))
        return _refix(out, fixes) if attributed else _take_turns(out)

    def _tag_object(self, end: int, verb: str) -> str | None:
        """Whom a speech tag addresses: the object of its verb or of "to" after the speaker
        ("asked Mara", "she told him", "said Jim to Pam", "said softly to her")."""
        i = self.word_at(end)
        for j in range(i, min(i + TAG_WORDS, len(self.words) - 1)):
            w = self.words[j]
            if self.quoted[j] or not w[0].isalnum():
                return None
            k = self.mention_at.get(j + 1)
            if k is not None and (w == verb.lower() or w == "to"):
                return self.m_chars[k]
        return None

    # -- scenes ------------------------------------------------------------------------

    def _presence(self) -> list[Counter[str]]:
        """Per scene: narration mentions of each character."""
        counts: list[Counter[str]] = [Counter() for _ in range(max(1, len(self.scene_spans)))]
        for k, start in enumerate(self.m_starts):
            if not self.m_quoted[k]:
                counts[self.scene_of(start)][self.m_chars[k]] += 1
        return counts

    def _focal(self) -> list[str | None]:
        """Per scene: its point-of-view character (``pov`` layer), else its most present."""
        focal: list[str | None] = [c.most_common(1)[0][0] if c else None for c in self.presence]
        if self.doc.has(POV):
            for span in self.doc.layer(POV):
                focal[min(self.scene_of(span.start), len(focal) - 1)] = span.label or None
        return focal


def _inside(at: npt.NDArray[np.int64], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """Per offset of `at` (sorted): whether it lies inside one of the sorted, disjoint
    `spans`."""
    if not spans:
        return [False] * len(at)
    starts = np.asarray([s for s, _ in spans], dtype=np.int64)
    ends = np.asarray([e for _, e in spans], dtype=np.int64)
    k = np.searchsorted(starts, at, side="right") - 1
    inside: list[bool] = ((k >= 0) & (at < ends[np.maximum(k, 0)])).tolist()
    return inside


def _take_turns(turns: list[Turn]) -> list[Turn]:
    """Fill unknown speakers of a two-person exchange by alternation, then addressees by
    the nearest other speaker of the exchange."""
    speech = [i for i, t in enumerate(turns) if t.kind == "speech"]
    who: dict[int, str | None] = {i: turns[i].speaker for i in speech}
    conf: dict[int, float] = {i: turns[i].confidence for i in speech}
    for n, i in enumerate(speech):
        if who[i] is None and n >= 2:
            a, b = speech[n - 2], speech[n - 1]
            same = turns[a].scene == turns[i].scene and turns[i].start - turns[a].end < TURN_GAP
            if same and who[a] and who[b] and who[a] != who[b]:
                who[i], conf[i] = who[a], TURN_CONFIDENCE
    out = list(turns)
    for n, i in enumerate(speech):
        t, speaker = turns[i], who[i]
        addressees = t.addressees
        if speaker and not addressees:
            window = [*reversed(speech[max(0, n - TURN_BACK) : n]), *speech[n + 1 : n + TURN_BACK]]
            for j in window:
                other = who[j]
                near = abs(turns[j].start - t.start) < TURN_GAP and turns[j].scene == t.scene
                if other and other != speaker and near:
                    addressees = (other,)
                    break
        out[i] = Turn(t.start, t.end, t.kind, speaker, addressees, conf[i], t.scene)
    return out


def _refix(turns: list[Turn], fixes: Mapping[int, tuple[str, str]]) -> list[Turn]:
    """Turns whose speaker followed the point of view instead of the ``speakers`` layer,
    and the addressees of the exchange around them likewise."""
    out = list(turns)
    for n, (old, new) in fixes.items():
        for m in range(max(0, n - TURN_BACK), min(len(out), n + TURN_BACK + 1)):
            t = out[m]
            if t.scene != turns[n].scene:
                continue
            to = tuple(dict.fromkeys(new if a == old else a for a in t.addressees))
            to = tuple(a for a in to if a != t.speaker)
            out[m] = Turn(t.start, t.end, t.kind, t.speaker, to, t.confidence, t.scene)
    return out


def pair_key(a: str, b: str) -> tuple[str, str]:
    """Two character ids, sorted."""
    return (a, b) if a < b else (b, a)


def pair_label(a: str, b: str) -> str:
    """The ``a|b`` label of two character ids, sorted."""
    return "|".join(sorted((a, b)))


def interaction_spans(reading: Reading) -> list[Span]:
    """The ``interactions`` spans of a read document (see the module docstring)."""
    out: list[Span] = []
    presence = reading.presence
    turns = reading.turns
    speakers: list[set[str]] = [set() for _ in presence]
    for t in turns:
        if t.speaker and t.kind == "speech":
            speakers[min(t.scene, len(speakers) - 1)].add(t.speaker)
            for to in t.addressees:
                if to != t.speaker:
                    attrs = {"kind": "speaks_to", "weight": round(t.confidence, 3)}
                    attrs |= {"source": t.speaker, "target": to}
                    label = pair_label(t.speaker, to)
                    out.append(Span(t.start, t.end, label, MappingProxyType(attrs)))
    spans = reading.scene_spans or [(0, len(reading.doc.text))]
    for n, (start, end) in enumerate(spans):
        counts = presence[n] if n < len(presence) else Counter[str]()
        present = {c: v for c, v in counts.items() if v >= PRESENT_MIN}
        for c in speakers[n] if n < len(speakers) else ():
            present[c] = max(present.get(c, 0), PRESENT_MIN)
        ids = sorted(present)
        for x, a in enumerate(ids):
            for b in ids[x + 1 :]:
                weight = min(1.0, min(present[a], present[b]) / COPRESENT_FULL)
                attrs = {"kind": "copresent", "weight": round(weight, 3)}
                out.append(Span(start, end, pair_label(a, b), MappingProxyType(attrs)))
    for act in reading.acts:
        if act.cue.act:
            attrs = {"kind": "acts_on", "weight": HEDGED if act.hedged else 1.0}
            attrs |= {"source": act.subject, "target": act.object, "cue": act.cue.name}
            label = pair_label(act.subject, act.object)
            out.append(Span(act.start, act.end, label, MappingProxyType(attrs)))
    return out


def interactions_stage(cues: Cues | None = None) -> Stage:
    """The stage providing ``interactions``; `cues` default to the built-in cue file."""
    lexicon = cues or load_cues()

    @stage(requires=[SCENES, SENTENCES, QUOTES, MENTIONS, CAST], provides=[INTERACTIONS])
    def interactions(doc: Document) -> list[Layer]:
        """Co-presence, speech and acts linking two characters."""
        return [Layer(INTERACTIONS, interaction_spans(Reading.of(doc, lexicon)))]

    return interactions
