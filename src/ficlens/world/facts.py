"""World facts: the lexicons of ``data/world`` and the patterns that find facts in sentences.

Story paragraphs are scanned once, token by token, for words that start a lexicon entry
(a secondary gender, a species, a job, a relative, a soulmate word, ...). Each hit is read
in its sentence by a small pattern for its kind of term:

- role terms (what a character is): a copula ("X was an omega", "he was born an alpha"),
  an apposition ("David, an omega," / "the receptionist, Pam,"), a gerund ("being a
  salesman"), "as" ("his position as Regional Manager"), a title before a name ("Captain
  Holt"), or an epithet ("the omega", "his new boss") whose referent is left to the cast;
- relation terms (whom a character has): a possessor ("my grandmother", "his soulmate"),
  and the person meant when the text names them;
- state terms ("her heat"), recognition cues ("felt the zing"), stances towards a soulmate,
  job events ("interviewing for a new job");
- plural generic statements ("omegas recognised the connection first") become ``rule``
  facts about the world, with no subject.

Negated and hypothetical statements ("was not an alpha", "if he were an alpha") give no
fact. Vocabularies that are ordinary English elsewhere ("mate", "angel", "the omega") only
count in a text that shows the world they belong to (see ``gates.toml``). Nothing here
knows a fandom: every word list is data.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, NamedTuple

from ficlens.document import Document
from ficlens.layers import PARAGRAPHS, QUOTES, ROLE_BODY, SENTENCES, TOKENS

ROLE = "role"
RELATION = "relation"
STATE = "state"
_CUE = "cue"
_WEAK_CUE = "weak_cue"
_EVENT = "event"
_EVIDENCE = "evidence"
_ADJECTIVE = "adjective"
RULE = "rule"
LINEAGE = "lineage"

BASE_SCORES: Mapping[str, float] = {
    "copula": 0.9,
    "copula-born": 0.9,
    "apposition": 0.85,
    "possessive": 0.85,
    "lineage": 0.85,
    "gerund": 0.8,
    "recognition": 0.8,
    "as": 0.75,
    "of-genitive": 0.75,
    "plural-copula": 0.75,
    "stance": 0.75,
    "state": 0.75,
    "event": 0.75,
    "prefix": 0.7,
    "rule": 0.7,
    "gerund-rule": 0.65,
    "epithet": 0.6,
    "possessive-epithet": 0.6,
}
"""Score of a fact by the pattern (its ``cue``) that found it, before adjustments."""
HEDGED = 0.8  # "probably an alpha", "turned out to be", "how X could be"
QUOTED = 0.9  # said by a character rather than the narrator
CLOSED_GATE = 0.8  # a gated vocabulary in a text that does not show its world
WEAK = 0.8  # a weak cue ("the connection") or a metaphor-prone term
MAX_MODIFIERS = 3
MAX_CLAUSE = 25
WINDOW = 30  # tokens read on each side of a hit in a long sentence
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})
_SPACES = re.compile(r"\s+")
_CONNECTORS = frozenset(("to", "of", "for"))
_SINGULAR_DETERMINERS = frozenset(("a", "an", "this", "that", "another", "every", "each"))

Span2 = tuple[int, int]


class Term(NamedTuple):
    """One lexicon entry: what a surface form means and how it may be used."""

    category: str
    key: str
    value: str
    kind: str
    plural: bool = False
    needs_world: bool = False
    prefix: bool = False
    prefix_only: bool = False
    ambiguous: bool = False
    adjective: bool = False
    copula_only: bool = False


@dataclass(frozen=True, slots=True)
class Recognition:
    """How soulmates recognise each other: the cues and the verbs that report them."""

    value: str
    verbs: frozenset[str]


@dataclass(frozen=True, slots=True)
class Stance:
    """Verbs that accept or reject a relation, and phrases that reject it when negated."""

    accepted: str
    rejected: str
    accept: frozenset[str]
    reject: frozenset[str]
    negated: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Event:
    """A job event: trigger words, the link after them and the objects applied for."""

    key: str
    links: frozenset[str]
    objects: frozenset[str]


@dataclass(frozen=True, slots=True)
class Category:
    """One lexicon file: its kind, world gate and the word lists its patterns use."""

    name: str
    kind: str
    gate: str | None = None
    rules: bool = False
    possessive_epithets: bool = False
    written_titles: bool = False
    converse_key: str | None = None
    compound_heads: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    lineage: frozenset[str] = frozenset()
    lineage_heads: frozenset[str] = frozenset()
    lineage_verbs: frozenset[str] = frozenset()
    ambiguity_cues: frozenset[str] = frozenset()
    ambiguity_objects: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    recognition: Recognition | None = None
    stance: Stance | None = None
    events: Mapping[str, Event] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Gate:
    """Evidence a text needs before a gated vocabulary counts (``gates.toml``)."""

    name: str
    min_distinct: int
    min_count: int
    per_tokens: int = 0
    also: tuple[str, ...] = ()

    def needed(self, tokens: int) -> int:
        """Pieces of evidence a text of `tokens` tokens needs."""
        return max(self.min_count, tokens // self.per_tokens if self.per_tokens else 0)


@dataclass(frozen=True, slots=True)
class Grammar:
    """English function words (``grammar.toml``)."""

    subject_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    reflexives: frozenset[str]
    possessives: frozenset[str]
    plural_possessives: frozenset[str]
    determiners: frozenset[str]
    definite: frozenset[str]
    copulas: frozenset[str]
    copula_participles: frozenset[str]
    copula_suffixes: frozenset[str]
    auxiliaries: frozenset[str]
    modals: frozenset[str]
    presupposing: frozenset[str]
    negators: frozenset[str]
    hypothetical: frozenset[str]
    factual_to_be: frozenset[str]
    adverbs: frozenset[str]
    hedges: frozenset[str]
    openers: frozenset[str]
    complement_verbs: frozenset[str]
    prepositions: frozenset[str]
    conjunctions: frozenset[str]
    relatives: frozenset[str]
    person_nouns: frozenset[str]
    name_titles: frozenset[str]
    not_names: frozenset[str]
    not_subjects: frozenset[str]
    place_words: frozenset[str]
    figurative_before: frozenset[str]
    figurative_modifiers: frozenset[str]
    generic_subjects: frozenset[str]
    as_nouns: frozenset[str]
    as_verbs: frozenset[str]
    as_object_verbs: frozenset[str]
    clause_end: frozenset[str]
    quote_marks: frozenset[str]
    closed: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        closed = (
            self.subject_pronouns
            | self.object_pronouns
            | self.reflexives
            | self.possessives
            | self.determiners
            | self.copulas
            | self.auxiliaries
            | self.modals
            | self.negators
            | self.hypothetical
            | self.adverbs
            | self.hedges
            | self.prepositions
            | self.conjunctions
            | self.relatives
            | self.generic_subjects
            | {w for w in self.openers if w.isalpha()}
        )
        object.__setattr__(self, "closed", frozenset(closed))

    def negative(self, low: str) -> bool:
        """Whether `low` negates its clause ("not", "never", "wasn't")."""
        return low in self.negators or low.endswith("n't")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every world lexicon, indexed by the lowercase word sequences that start a term."""

    grammar: Grammar
    categories: Mapping[str, Category]
    gates: Mapping[str, Gate]
    index: Mapping[tuple[str, ...], tuple[Term, ...]]
    longest: Mapping[str, int]
    surfaces: frozenset[str]

    def match(self, words: Sequence[str], i: int) -> tuple[int, tuple[Term, ...]]:
        """The longest entry starting at ``words[i]`` (lowercase): its end and its terms."""
        longest = max(self.longest.get(words[i], 1), self.longest.get(_bare(words[i]), 1))
        for n in range(min(longest, len(words) - i), 0, -1):
            key = (*words[i : i + n - 1], _bare(words[i + n - 1]))
            terms = self.index.get(key)
            if terms:
                return i + n, terms
        return i, ()

    def role_like(self, low: str) -> bool:
        """Whether `low` is a singular person noun of a role or relation lexicon."""
        return any(
            t.kind in (ROLE, RELATION) and not t.plural for t in self.index.get((_bare(low),), ())
        )


class Fact(NamedTuple):
    """One world fact with its evidence span, subject and the pattern that found it."""

    start: int
    end: int
    key: str
    value: str
    subject: Span2 | None
    other: Span2 | None
    score: float
    cue: str

    @property
    def label(self) -> str:
        """The layer label: ``key=value``."""
        return f"{self.key}={self.value}"


def _bare(low: str) -> str:
    """`low` without a possessive ending ("alpha's" -> "alpha", "alphas'" -> "alphas")."""
    if low.endswith("'s") and len(low) > 2:
        return low[:-2]
    if low.endswith("s'") and len(low) > 2:
        return low[:-1]
    return low


def _lower(word: str) -> str:
    """`word` in lowercase with straight apostrophes."""
    low = word.lower()
    return low.translate(_APOSTROPHES) if "’" in low or "ʼ" in low else low


def _possessive(word: str) -> bool:
    """Whether `word` ends with a possessive "'s" or "s'"."""
    low = word.translate(_APOSTROPHES)
    return (low.endswith("'s") or low.endswith("s'")) and len(low) > 2


def _words(data: Mapping[str, Any], name: str) -> frozenset[str]:
    """The word list `name` of a TOML table, or an empty set."""
    return frozenset(str(w) for w in data.get(name, ()))


def _load_category(
    name: str, data: Mapping[str, Any], index: dict[tuple[str, ...], list[Term]]
) -> Category:
    """The category of lexicon file `name`; its terms are added to `index`."""
    key = str(data["key"])
    kind = str(data["kind"])
    gate = data.get("gate")
    recognition = None
    stance = None
    events: dict[str, Event] = {}
    for term in data.get("term", ()):
        flags = {
            flag: bool(term.get(flag, False))
            for flag in (
                "needs_world",
                "prefix",
                "prefix_only",
                "ambiguous",
                "adjective",
                "copula_only",
            )
        }
        forms = [str(f) for f in term.get("forms", ())]
        plurals = [str(f) for f in term.get("plurals", ())]
        base = Term(name, str(term.get("key", key)), str(term.get("value", "")), kind, **flags)
        for form in forms:
            entry = base if base.value else base._replace(value=form)
            index.setdefault(tuple(form.split()), []).append(entry)
        for n, form in enumerate(plurals):
            entry = base._replace(plural=True)
            if not base.value:  # plurals line up with the forms they are the plural of
                entry = entry._replace(value=forms[n] if n < len(forms) else form)
            index.setdefault(tuple(form.split()), []).append(entry)
        for form in term.get("adjectives", ()):
            index.setdefault(tuple(form.split()), []).append(base._replace(kind=_ADJECTIVE))
    if "recognition" in data:
        rec = data["recognition"]
        recognition = Recognition(str(rec["value"]), _words(rec, "verbs"))
        for cue_kind, forms in ((_CUE, rec.get("cues", ())), (_WEAK_CUE, rec.get("weak", ()))):
            for form in forms:
                cue = Term(name, key, str(rec["value"]), cue_kind)
                index.setdefault(tuple(form.split()), []).append(cue)
    if "stance" in data:
        st = data["stance"]
        stance = Stance(
            str(st["accepted"]),
            str(st["rejected"]),
            _words(st, "accept"),
            _words(st, "reject"),
            tuple(tuple(p.split()) for p in st.get("negated", ())),
        )
    for ev in data.get("event", ()):
        event = Event(str(ev["key"]), _words(ev, "links"), _words(ev, "objects"))
        events[event.key] = event
        for form in ev.get("triggers", ()):
            index.setdefault(tuple(form.split()), []).append(Term(name, event.key, "", _EVENT))
    return Category(
        name=name,
        kind=kind,
        gate=str(gate) if gate else None,
        rules=bool(data.get("rules", False)),
        possessive_epithets=bool(data.get("possessive_epithets", False)),
        written_titles=bool(data.get("written_titles", False)),
        converse_key=data.get("converse_key"),
        compound_heads=_words(data, "compound_heads"),
        modifiers=_words(data, "modifiers"),
        lineage=_words(data, "lineage"),
        lineage_heads=_words(data, "lineage_heads"),
        lineage_verbs=_words(data, "lineage_verbs"),
        ambiguity_cues=_words(data, "ambiguity_cues"),
        ambiguity_objects=_words(data, "ambiguity_objects"),
        prepositions=_words(data, "prepositions"),
        recognition=recognition,
        stance=stance,
        events=events,
    )


def load_lexicon(folder: Traversable | None = None) -> Lexicon:
    """Read the world lexicons from `folder` (default: the built-in ``data/world``)."""
    root = folder if folder is not None else resources.files("ficlens") / "data" / "world"
    files = {
        entry.name.removesuffix(".toml"): tomllib.loads(entry.read_text(encoding="utf-8"))
        for entry in root.iterdir()
        if entry.name.endswith(".toml")
    }
    grammar = Grammar(**{k: frozenset(v) for k, v in files.pop("grammar").items()})
    gate_data = files.pop("gates")
    index: dict[tuple[str, ...], list[Term]] = {}
    categories = {name: _load_category(name, data, index) for name, data in sorted(files.items())}
    gates: dict[str, Gate] = {}
    for name, spec in gate_data.items():
        gates[name] = Gate(
            name,
            int(spec["min_distinct"]),
            int(spec["min_count"]),
            int(spec.get("per_tokens", 0)),
            tuple(spec.get("also", ())),
        )
        for group, forms in spec.get("evidence", {}).items():
            for form in forms:
                index.setdefault(tuple(form.split()), []).append(Term(name, name, group, _EVIDENCE))
    longest: dict[str, int] = {}
    surfaces: set[str] = set()
    for words in index:
        first = words[0]
        longest[first] = max(longest.get(first, 1), len(words))
        for variant in {first, first.capitalize(), first.upper()}:
            surfaces.add(variant)
            for ending in ("'s", "’s", "'", "’"):
                surfaces.add(variant + ending)
            if "'" in variant:
                surfaces.add(variant.replace("'", "’"))
    return Lexicon(
        grammar=grammar,
        categories=categories,
        gates=gates,
        index={k: tuple(v) for k, v in index.items()},
        longest=longest,
        surfaces=frozenset(surfaces),
    )


@cache
def default_lexicon() -> Lexicon:
    """The built-in world lexicons, read once."""
    return load_lexicon()


class _Sentence:
    """The tokens of one sentence (or of a window of a long one, `at_start` telling whether
    it begins the sentence): original text, lowercase form and offsets."""

    __slots__ = ("ends", "first", "low", "n", "starts", "words")

    def __init__(
        self, text: str, starts: Sequence[int], ends: Sequence[int], at_start: bool = True
    ) -> None:
        self.starts = list(starts)
        self.ends = list(ends)
        self.words = [text[s:e] for s, e in zip(self.starts, self.ends, strict=True)]
        self.low = [_lower(w) for w in self.words]
        self.n = len(self.words)
        first = next((k for k, w in enumerate(self.words) if w[:1].isalnum()), 0)
        self.first = first if at_start else -1

    def span(self, a: int, b: int) -> Span2:
        """Offsets of tokens ``a .. b-1``."""
        return (self.starts[a], self.ends[b - 1])

    def get(self, k: int) -> str:
        """Lowercase token `k`, or "" outside the sentence."""
        return self.low[k] if 0 <= k < self.n else ""

    def cap(self, k: int) -> bool:
        """Whether token `k` is a capitalised word."""
        w = self.words[k] if 0 <= k < self.n else ""
        return w[:1].isupper() and w[:1].isalpha()

    def initial(self, k: int) -> bool:
        """Whether token `k` starts the sentence (after any opening quotes or dashes)."""
        return k <= self.first


class _Subject(NamedTuple):
    """A subject expression: its offsets and the index of its first token."""

    span: Span2
    left: int


@dataclass(slots=True)
class _NP:
    """A noun phrase around a term: ``[left, end)`` tokens, determiner and possessor."""

    left: int
    head: int
    end: int
    det: str | None
    possessor: _Subject | None
    mods: list[int]


@dataclass(slots=True)
class _Role:
    """The role term being read, the key and value it states, and its score factor."""

    term: Term
    category: Category
    key: str
    value: str
    factor: float = 1.0


class _Finder:
    """Finds the facts of one document (one instance per run)."""

    def __init__(self, doc: Document, lexicon: Lexicon) -> None:
        self.text = doc.text
        self.lex = lexicon
        self.g = lexicon.grammar
        self.facts: list[Fact] = []
        self.open_gates: frozenset[str] = frozenset()
        self.open_values: frozenset[tuple[str, str]] = frozenset()
        self._caps: dict[str, bool] = {}
        self._seen: set[tuple[str, str]] = set()
        quotes = [q for q in doc.layer(QUOTES) if q.label != "nested"]
        self._q_starts = [q.start for q in quotes]
        self._q_ends = [q.end for q in quotes]
        tokens = doc.layer(TOKENS)
        self.t_starts = tokens.starts
        self.t_ends = tokens.ends
        sentences = doc.layer(SENTENCES)
        self.s_starts = sentences.starts
        self.s_ends = sentences.ends
        self.body = [(p.start, p.end) for p in doc.layer(PARAGRAPHS) if p.label == ROLE_BODY]

    # ----------------------------------------------------------------- scanning

    def _hits(self) -> Iterator[int]:
        """Indices of tokens in story paragraphs that may start a lexicon entry."""
        text = self.text
        surfaces = self.lex.surfaces
        starts, ends = self.t_starts, self.t_ends
        for p_start, p_end in self.body:
            lo = bisect.bisect_left(starts, p_start)
            hi = bisect.bisect_left(starts, p_end)
            for k in range(lo, hi):
                if text[starts[k] : ends[k]] in surfaces:
                    yield k

    def run(self) -> list[Fact]:
        """All facts of the document, in text order."""
        matches = [(k, *self._match(k)) for k in self._hits()]
        self.open_gates = self._gates(matches)
        sentence: tuple[int, int, _Sentence] | None = None
        for k, n, terms in matches:
            if not any(t.kind not in (_EVIDENCE, _ADJECTIVE) for t in terms):
                continue
            si = bisect.bisect_right(self.s_starts, self.t_starts[k]) - 1
            if si < 0 or self.t_starts[k] >= self.s_ends[si]:
                continue
            lo = bisect.bisect_left(self.t_starts, self.s_starts[si])
            hi = bisect.bisect_left(self.t_starts, self.s_ends[si])
            lo, hi = max(lo, k - WINDOW), min(hi, k + n + WINDOW)
            if sentence is None or not (sentence[0] <= k - WINDOW // 2 and k + n <= sentence[1]):
                at_start = self.t_starts[lo] == self.s_starts[si]
                sent = _Sentence(self.text, self.t_starts[lo:hi], self.t_ends[lo:hi], at_start)
                sentence = (lo, hi, sent)
            self._read(sentence[2], k - sentence[0], k - sentence[0] + n, terms)
        unique = {(f.start, f.end, f.label, f.subject): f for f in self.facts}
        return sorted(unique.values(), key=lambda f: (f.start, f.end, f.label))

    def _low(self, k: int) -> str:
        """Document token `k` in lowercase."""
        return _lower(self.text[self.t_starts[k] : self.t_ends[k]])

    def _match(self, k: int) -> tuple[int, tuple[Term, ...]]:
        """The lexicon entry starting at token `k`: its length in tokens and its terms."""
        first = self._low(k)
        longest = max(self.lex.longest.get(first, 1), self.lex.longest.get(_bare(first), 1))
        words = [first, *(self._low(m) for m in range(k + 1, min(k + longest, len(self.t_starts))))]
        end, terms = self.lex.match(words, 0)
        return end, terms

    def _gates(self, matches: Sequence[tuple[int, int, tuple[Term, ...]]]) -> frozenset[str]:
        """Gates whose evidence the text has (``gates.toml``)."""
        groups: dict[str, set[str]] = {}
        counts: Counter[str] = Counter()
        worldly: Counter[tuple[str, str]] = Counter()
        for _, _, terms in matches:
            for t in terms:
                if t.needs_world:
                    worldly[t.category, t.value] += 1
                gate = t.category if t.kind == _EVIDENCE else self._category_gate(t)
                if gate is None:
                    continue
                groups.setdefault(gate, set()).add(t.value)
                counts[gate] += 1
        tokens = sum(
            bisect.bisect_left(self.t_starts, end) - bisect.bisect_left(self.t_starts, start)
            for start, end in self.body
        )
        opened = {
            name
            for name, gate in self.lex.gates.items()
            if len(groups.get(name, ())) >= gate.min_distinct
            and counts[name] >= gate.needed(tokens)
        }
        opened |= {n for n, gate in self.lex.gates.items() if any(a in opened for a in gate.also)}
        self.open_values = frozenset(
            (category, value)
            for (category, value), n in worldly.items()
            if (gate := self.lex.categories[category].gate) in opened
            and n >= self.lex.gates[gate].needed(tokens)
        )
        return frozenset(opened)

    def _category_gate(self, t: Term) -> str | None:
        """The gate a term is evidence for: its category's, unless it needs its world."""
        if t.needs_world or t.kind in (_CUE, _WEAK_CUE, _EVENT):
            return None
        return self.lex.categories[t.category].gate

    def _open(self, category: Category) -> bool:
        """Whether the world gate of `category` is open (or it has none)."""
        return category.gate is None or category.gate in self.open_gates

    def _literal(self, term: Term, category: Category) -> bool:
        """Whether a term is meant literally here: its world is shown, and a metaphor-prone
        term (``needs_world``) is itself used as often as the world's evidence must be."""
        if not term.needs_world:
            return True
        return self._open(category) and (category.name, term.value) in self.open_values

    # ------------------------------------------------------------------ helpers

    def _quoted(self, pos: int) -> bool:
        """Whether offset `pos` is inside a quotation."""
        i = bisect.bisect_right(self._q_starts, pos) - 1
        return i >= 0 and pos < self._q_ends[i]

    def _initial_name(self, word: str) -> bool:
        """Whether `word`, capitalised at a sentence start, is a name: it is capitalised in
        mid-sentence somewhere, or never written in lowercase."""
        found = self._caps.get(word)
        if found is None:
            found = word.lower() not in self.g.not_subjects and (
                self._occurs(" " + word, lambda before: before.islower() or before in ",;")
                or not self._occurs(word.lower(), lambda before: not before.isalnum())
            )
            self._caps[word] = found
        return found

    def _occurs(self, needle: str, before_ok: Callable[[str], bool]) -> bool:
        """Whether `needle` occurs as a whole word after a character `before_ok` accepts."""
        text = self.text
        at = text.find(needle)
        while at >= 0:
            end = at + len(needle)
            if (end == len(text) or not text[end].isalnum()) and (
                at == 0 or before_ok(text[at - 1])
            ):
                return True
            at = text.find(needle, end)
        return False

    def _name_token(self, s: _Sentence, k: int) -> bool:
        """Whether token `k` can be part of a character's name."""
        if not s.cap(k):
            return False
        low = _bare(s.low[k])
        if low in self.g.closed or low in self.g.not_names or low in self.g.place_words:
            return False
        if s.initial(k):
            word = s.words[k]
            return self._initial_name(word[:-2] if _possessive(word) else word)
        return True

    def _name_ending(self, s: _Sentence, k: int) -> _Subject | None:
        """The name whose last token is `k` (a possessive ending left out)."""
        if not self._name_token(s, k) or self._role_word(s, k):
            return None
        j = k
        while j - 1 >= 0 and (
            (self._name_token(s, j - 1) and not _possessive(s.words[j - 1]))
            or s.low[j - 1] in self.g.name_titles
        ):
            j -= 1
        end = s.ends[k] - (len(s.words[k]) - len(_bare(s.low[k])))
        return _Subject((s.starts[j], end), j)

    def _name_from(self, s: _Sentence, k: int) -> tuple[_Subject, int] | None:
        """The name starting at token `k` and the index after it."""
        if k >= s.n or not (self._name_token(s, k) or s.low[k] in self.g.name_titles):
            return None
        j = k
        while j < s.n and (self._name_token(s, j) or s.low[j] in self.g.name_titles):
            j += 1
            if _possessive(s.words[j - 1]):
                break
        if j == k or self._role_word(s, j - 1):
            return None
        end = s.ends[j - 1] - (len(s.words[j - 1]) - len(_bare(s.low[j - 1])))
        return _Subject((s.starts[k], end), k), j

    def _role_word(self, s: _Sentence, k: int) -> bool:
        """Whether token `k` is a role term ("Manager" in "the Regional Manager")."""
        return any(t.kind == ROLE for t in self.lex.index.get((_bare(s.low[k]),), ()))

    def _possessor(self, s: _Sentence, k: int) -> _Subject | None:
        """The possessor whose determiner is token `k`: "his", "Dwight's"."""
        low = s.low[k]
        if low in self.g.possessives:
            return _Subject(s.span(k, k + 1), k)
        if _possessive(s.words[k]) and s.cap(k):
            return self._name_ending(s, k)
        return None

    def _nominal_ending(self, s: _Sentence, k: int) -> _Subject | None:
        """A person noun phrase ending at token `k`: "my mother", "the boy"."""
        low = s.low[k]
        if low not in self.g.person_nouns and not self.lex.role_like(low):
            return None
        m = k - 1
        while (
            m >= 0
            and k - m <= MAX_MODIFIERS
            and s.low[m].isalpha()
            and s.low[m] not in self.g.closed
        ):
            m -= 1
        if s.get(m - 1) in self.g.prepositions:
            return None  # "to the Regional Manager", "of the boy": an object
        if m >= 0 and (s.low[m] in self.g.possessives or s.low[m] in self.g.definite):
            return _Subject((s.starts[m], s.ends[k]), m)
        if m >= 0 and _possessive(s.words[m]) and s.cap(m):
            return _Subject((s.starts[m], s.ends[k]), m)
        return None

    def _clause_start(self, s: _Sentence, k: int) -> bool:
        """Whether a phrase starting at token `k` may be a clause subject."""
        if s.initial(k):
            return True
        before = s.low[k - 1]
        return before in self.g.openers or before in self.g.complement_verbs

    def _pronoun_subject(self, s: _Sentence, k: int) -> _Subject | None:
        """Token `k` as a subject pronoun, plain or contracted ("he", "he's", "I'd")."""
        low = s.low[k]
        if low in self.g.subject_pronouns:
            return _Subject(s.span(k, k + 1), k)
        base, _, rest = low.partition("'")
        if rest and base in self.g.subject_pronouns:
            return _Subject((s.starts[k], s.starts[k] + len(base)), k)
        return None

    def _subject_at(self, s: _Sentence, k: int) -> _Subject | None:
        """A subject pronoun or a name starting at token `k`."""
        if k >= s.n:
            return None
        found = self._name_from(s, k)
        return self._pronoun_subject(s, k) or (found[0] if found else None)

    def _nearest_subject(self, s: _Sentence, k: int) -> _Subject | None:
        """The subject of the clause around token `k`: the nearest pronoun, or a name or
        person noun phrase that starts a clause."""
        for m in range(k - 1, -1, -1):
            low = s.low[m]
            if low in (";", ":") or low in self.g.quote_marks or low == "it":
                return None
            pronoun = self._pronoun_subject(s, m)
            if pronoun is not None:
                return pronoun
            found = self._name_ending(s, m) or self._nominal_ending(s, m)
            if found is not None and self._clause_start(s, found.left):
                return found
        return None

    def _clause_end(self, s: _Sentence, k: int, *, comma: bool = True) -> int:
        """Index of the token ending the clause that goes on at `k`: punctuation, or a
        conjunction starting a new clause ("... and that ...", "... but ...")."""
        m = k
        while m < s.n and m - k < MAX_CLAUSE:
            low = s.low[m]
            if low in self.g.clause_end or (comma and low == ","):
                return m
            if low in self.g.conjunctions and m > k:
                after = s.get(m + 1)
                if low == "but" or after in self.g.openers or after in self.g.relatives:
                    return m
                if self._pronoun_subject(s, m + 1) is not None:
                    return m
            m += 1
        return m

    def _question(self, s: _Sentence, k: int) -> bool:
        """Whether the clause going on at token `k` ends with a question mark."""
        end = self._clause_end(s, k, comma=False)
        return end < s.n and "?" in s.low[end]

    def _hypothetical(self, s: _Sentence, left: int) -> bool:
        """Whether the clause whose subject starts at `left` is hypothetical."""
        before = s.get(left - 1)
        return before in self.g.hypothetical or (before == "only" and s.get(left - 2) == "if")

    def _in_hypothetical(self, s: _Sentence, k: int) -> bool:
        """Whether token `k` is in a clause opened by "if", "as if", "unless", ..."""
        for m in range(k - 1, -1, -1):
            low = s.low[m]
            if low in self.g.clause_end or low == ",":
                return False
            if low in self.g.hypothetical:
                return True
        return False

    def _negated(self, s: _Sentence, a: int, b: int) -> bool:
        """Whether a token in ``[a, b)`` negates the clause."""
        return any(self.g.negative(s.low[m]) for m in range(max(a, 0), b))

    def _hedged(self, s: _Sentence, a: int, b: int) -> bool:
        """Whether a token in ``[a, b)`` hedges the statement ("probably")."""
        return any(s.low[m] in self.g.hedges for m in range(max(a, 0), b))

    def _emit(
        self,
        evidence: Span2,
        key: str,
        value: str,
        subject: Span2 | None,
        cue: str,
        *,
        other: Span2 | None = None,
        factor: float = 1.0,
    ) -> None:
        """Record a fact, its score adjusted for quotation."""
        score = BASE_SCORES[cue] * factor
        if self._quoted(evidence[0]):
            score *= QUOTED
        self.facts.append(
            Fact(
                evidence[0], evidence[1], key, value, subject, other, round(min(score, 1.0), 3), cue
            )
        )

    # ------------------------------------------------------------------ dispatch

    def _read(self, s: _Sentence, i: int, j: int, terms: tuple[Term, ...]) -> None:
        """Read the entry `terms` at tokens ``[i, j)`` of `s`."""
        for term in terms:
            category = self.lex.categories.get(term.category)
            if category is None:
                continue
            if term.kind == ROLE:
                self._role(s, i, j, term, category)
            elif term.kind == RELATION:
                self._relation(s, i, j, term, category)
            elif term.kind == STATE:
                self._state(s, i, j, term, category)
            elif term.kind in (_CUE, _WEAK_CUE):
                self._recognition(s, i, j, term, category)
            elif term.kind == _EVENT:
                self._event(s, i, term, category.events[term.key])

    def _np(
        self, s: _Sentence, i: int, j: int, category: Category, *, cap: bool, plural: bool = False
    ) -> _NP:
        """The noun phrase whose head is the term ``[i, j)``."""
        mods: list[int] = []
        k = i - 1
        det: str | None = None
        possessor: _Subject | None = None
        while k >= 0:
            low = s.low[k]
            possessor = self._possessor(s, k)
            if possessor is not None:
                det = "poss"
                break
            if low in self.g.determiners and not (plural and low in _SINGULAR_DETERMINERS):
                if low == "that" and cap:
                    break  # "... that Prince says": a conjunction before a name
                det = low
                break
            if len(mods) < MAX_MODIFIERS and self._modifier(s, k, category, cap=cap):
                mods.append(k)
                k -= 1
                continue
            break
        left = k if det is not None else i - len(mods)
        return _NP(left, i, j, det, possessor, mods)

    def _modifier(self, s: _Sentence, k: int, category: Category, *, cap: bool) -> bool:
        """Whether token `k` may modify a term of `category` (a capitalised word before a
        capitalised title)."""
        low = s.low[k]
        if category.kind != ROLE:
            return low in category.modifiers
        if low in self.g.closed or low in self.g.copula_participles or _possessive(s.words[k]):
            return False
        if cap:
            return s.cap(k)
        return low.replace("-", "").isalpha() and low == s.words[k]

    def _follower_is_noun(self, s: _Sentence, j: int, category: Category) -> bool:
        """Whether the word after a term makes the term a modifier ("omega duties")."""
        low = s.get(j)
        if low in category.compound_heads:
            return True
        _, terms = self.lex.match(s.low, j) if j < s.n else (j, ())
        return any(t.kind in (ROLE, RELATION, _ADJECTIVE) for t in terms)

    def _function_follower(self, s: _Sentence, j: int) -> bool:
        """Whether token `j` is punctuation, a function word or the sentence end."""
        low = s.get(j)
        return not low or not low[0].isalpha() or low in self.g.closed

    # -------------------------------------------------------------------- roles

    def _title_phrase(self, s: _Sentence, i: int, j: int) -> tuple[int, int, int, bool]:
        """A capitalised title around ``[i, j)``: its bounds, principal term token and
        whether it has a complement ("Assistant to the Regional Manager")."""
        left = i
        while left - 1 >= 0:
            if s.cap(left - 1) and s.low[left - 1] not in self.g.closed:
                if _possessive(s.words[left - 1]):
                    break
                left -= 1
            elif s.get(left - 1) == "the" and s.get(left - 2) in _CONNECTORS and s.cap(left - 3):
                left -= 3  # "... Assistant to the Regional Manager"
            elif s.get(left - 1) in _CONNECTORS and s.cap(left - 2):
                left -= 2
            else:
                break
        right = j
        while right < s.n and s.low[right] in _CONNECTORS:
            k = right + 1
            if s.get(k) == "the":
                k += 1
            m = k
            while m < s.n and s.cap(m) and s.low[m] not in self.g.closed:
                m += 1
            if m == k:
                break
            right = m
        first_connector = next((k for k in range(left, right) if s.low[k] in _CONNECTORS), None)
        connector = first_connector is not None
        principal_end = first_connector if first_connector is not None else right
        principal = i
        for k in range(left, principal_end):
            if self._role_word(s, k):
                principal = k
        return left, right, principal, connector

    def _role(self, s: _Sentence, i: int, j: int, term: Term, category: Category) -> None:
        """What a character is: "was an omega", "the receptionist, Pam", "the omega"."""
        capital = s.cap(i) and not s.initial(i)
        role = _Role(term, category, term.key, term.value)
        end = j
        if capital:
            if _possessive(s.words[j - 1]) or s.get(j) in self.g.place_words:
                return  # "the Ghost's Walk", "Queen Square": part of a place name
            if not term.prefix and self._name_token(s, j):
                return  # "Alpha Centauri": part of a proper name
        if capital and category.written_titles:
            left, end, principal, connector = self._title_phrase(s, i, j)
            if principal != i:
                return
            role.value = self.text[s.starts[left] : s.ends[end - 1]]
            role.key = "title" if connector else term.key
            np = self._np(s, left, end, category, cap=True, plural=term.plural)
        else:
            np = self._np(s, i, j, category, cap=False, plural=term.plural)
        np.end = end
        prefix = term.prefix_only or (term.prefix and s.cap(i) and np.det not in ("a", "an"))
        if prefix and (self._prefix(s, np, role) or term.prefix_only):
            return
        if not self._literal(term, category):
            return
        if self._paired(s, np.left, end, category):
            return
        if term.adjective and not self._function_follower(s, end):
            return
        if not _possessive(s.words[end - 1]) and self._follower_is_noun(s, end, category):
            self._lineage_of_parents(s, np, role)
            return
        if term.ambiguous and not self._unambiguous(s, np, category):
            return
        if term.plural:
            self._rule(s, np, category)
            return
        if self._figurative(s, np, category):
            return
        role.factor = WEAK if term.needs_world else 1.0
        if category.gate and not self._open(category):
            role.factor *= CLOSED_GATE
        if not self._predicated(s, np, role):
            self._epithet(s, np, role)

    def _figurative(self, s: _Sentence, np: _NP, category: Category) -> bool:
        """ "quite a sailor", "such an angel", "the best judge of": a description, not a fact."""
        if np.det in ("a", "an") and s.get(np.left - 1) in self.g.figurative_before:
            return True
        return any(
            s.low[m] in self.g.figurative_modifiers and s.low[m] not in category.lineage
            for m in np.mods
        )

    def _unambiguous(self, s: _Sentence, np: _NP, category: Category) -> bool:
        """Whether an ambiguous term ("head", "chief") names a position here: "the former
        head", "head of the company"."""
        if any(s.low[m] in category.ambiguity_cues for m in np.mods):
            return True
        if s.get(np.end) != "of":
            return False
        for m in range(np.end + 1, min(np.end + 5, s.n)):
            if s.low[m] in category.ambiguity_objects:
                return True
            if not s.low[m].isalpha():
                return False
        return False

    def _paired(self, s: _Sentence, left: int, end: int, category: Category) -> bool:
        """Whether a singular term is paired with another of its lexicon: "the alpha and
        omega of my wishes" is an idiom, not a character."""
        if s.get(end) in ("and", "&", "or") and end + 1 < s.n:
            _, terms = self.lex.match(s.low, end + 1)
            if any(t.category == category.name and not t.plural for t in terms):
                return True
        if s.get(left - 1) in ("and", "&", "or") and left >= 2:
            _, terms = self.lex.match(s.low, left - 2)
            return any(t.category == category.name and not t.plural for t in terms)
        return False

    def _fact(
        self,
        s: _Sentence,
        np: _NP,
        role: _Role,
        subject: Span2,
        *,
        cue: str,
        evidence: Span2,
        factor: float = 1.0,
    ) -> None:
        """A role fact about `subject`, and the lineage its modifiers state."""
        other = np.possessor.span if np.possessor else None
        factor *= role.factor
        self._emit(evidence, role.key, role.value, subject, cue, other=other, factor=factor)
        for m in np.mods:
            if s.low[m] in role.category.lineage:
                value = f"{s.low[m]} {role.term.value}"
                self._emit(evidence, LINEAGE, value, subject, "lineage", factor=factor)

    def _prefix(self, s: _Sentence, np: _NP, role: _Role) -> bool:
        """A title before a name: "Captain Holt", "Lady Catherine"."""
        if not s.cap(np.head) or np.det == "the":
            return False
        found = self._name_from(s, np.end)
        if found is None:
            return False
        name, _ = found
        seen = (f"{role.key}={role.value}", self.text[name.span[0] : name.span[1]])
        if seen not in self._seen:
            self._seen.add(seen)
            evidence = (s.starts[np.left], name.span[1])
            self._emit(evidence, role.key, role.value, name.span, "prefix")
        return True

    def _lineage_of_parents(self, s: _Sentence, np: _NP, role: _Role) -> None:
        """ "born of two alpha parents": a lineage fact about the clause's subject."""
        head = s.get(np.end)
        category = role.category
        if head not in category.lineage_heads or not self._open(category):
            return
        verb = next(
            (
                m
                for m in range(np.left - 1, max(np.left - 5, -1), -1)
                if s.low[m] in category.lineage_verbs
            ),
            None,
        )
        if verb is None or self._negated(s, verb - 1, np.left):
            return
        subject = self._nearest_subject(s, verb)
        if subject is not None:
            evidence = (s.starts[verb], s.ends[np.end])
            value = f"{role.term.value} {head}"
            self._emit(evidence, LINEAGE, value, subject.span, "lineage")

    def _predicated(self, s: _Sentence, np: _NP, role: _Role) -> bool:
        """Copula, gerund, "as" and apposition patterns. True when the phrase is one of
        them, even if the statement is negated or hypothetical and gives no fact."""
        k = np.left - 1
        while k >= 0 and (
            s.low[k] in self.g.adverbs or s.low[k] in self.g.hedges or s.low[k] in self.g.negators
        ):
            k -= 1
        if k < 0:
            return self._apposition_after(s, np, role)
        low = s.low[k]
        if low.removesuffix("n't") in self.g.copulas:
            self._copula(s, np, k, role, "copula")
            return True
        if low in self.g.copula_participles:
            c = k - 1
            while c >= 0 and s.low[c] in self.g.adverbs:
                c -= 1
            if c >= 0 and s.low[c].removesuffix("n't") in self.g.copulas:
                self._copula(s, np, c, role, "copula-born")
                return True
            return False
        if low == "being":
            self._gerund(s, np, k, role)
            return True
        if low == "as":
            self._as(s, np, k, role)
            return True
        if low in self.g.reflexives or low in ("like", "than"):
            return True
        base, _, suffix = low.partition("'")
        if (
            suffix
            and "'" + suffix in self.g.copula_suffixes
            and np.det not in (None, "poss")
            and (base in self.g.subject_pronouns or base in self.g.relatives or s.cap(k))
        ):
            self._copula(s, np, k, role, "copula")
            return True
        if low == "," and k >= 1:
            name = self._name_ending(s, k - 1)
            if name is not None and self._apposition_closed(s, np.end):
                evidence = (name.span[0], s.ends[np.end - 1])
                self._fact(s, np, role, name.span, cue="apposition", evidence=evidence)
                return True
        return self._apposition_after(s, np, role)

    def _apposition_closed(self, s: _Sentence, k: int) -> bool:
        """Whether an appositive phrase may end before token `k`."""
        low = s.get(k)
        return not low or low in (",", ".", ";", ")", "—", "–", "!", "?", "and", "who", "”", '"')

    def _apposition_after(self, s: _Sentence, np: _NP, role: _Role) -> bool:
        """ "the receptionist, Pam," / "Jan's assistant Hunter" / "Dwight the alpha"."""
        if np.det not in self.g.definite and np.det != "poss":
            return False
        k = np.end
        comma = s.get(k) == ","
        found = self._name_from(s, k + 1 if comma else k)
        if found is not None:
            name, after = found
            if not comma or self._apposition_closed(s, after):
                evidence = (s.starts[np.left], name.span[1])
                self._fact(s, np, role, name.span, cue="apposition", evidence=evidence)
                return True
        if s.get(k) == "of":  # "the captain of the guard was ..."
            k += 2 if s.get(k + 1) in self.g.determiners else 1
            while (
                k < s.n and k - np.end < 5 and s.low[k].isalpha() and s.low[k] not in self.g.closed
            ):
                k += 1
        if s.get(k) in ("is", "was") and np.det in self.g.definite:
            found = self._name_from(s, k + 1)
            if found is not None and self._apposition_closed(s, found[1]):
                name = found[0]
                evidence = (s.starts[np.left], name.span[1])
                self._fact(s, np, role, name.span, cue="copula", evidence=evidence)
                return True
        if np.det == "the" and np.left >= 1 and not _possessive(s.words[np.left - 1]):
            before = self._name_ending(s, np.left - 1)
            if before is not None:
                evidence = (before.span[0], s.ends[np.end - 1])
                self._fact(
                    s, np, role, before.span, cue="apposition", evidence=evidence, factor=HEDGED
                )
                return True
        return False

    def _copula(self, s: _Sentence, np: _NP, c: int, role: _Role, cue: str) -> None:
        """ "X is/was/became (a) ...": a fact about X unless negated or hypothetical."""
        if np.det == "no" or self._question(s, np.end):
            return
        found = self._copula_subject(s, c)
        if found is None:
            return
        subject, hedge = found
        if self._negated(s, subject.left, np.left) or self._hypothetical(s, subject.left):
            return
        if s.low[c] == "were" and s.low[subject.left] not in ("you", "we", "they"):
            return  # "if he were an alpha", "as though she were a witch"
        hedge = hedge or self._hedged(s, subject.left, np.left)
        evidence = (subject.span[0], s.ends[np.end - 1])
        self._fact(
            s, np, role, subject.span, cue=cue, evidence=evidence, factor=HEDGED if hedge else 1.0
        )

    def _copula_subject(self, s: _Sentence, c: int) -> tuple[_Subject, bool] | None:
        """The subject of the copula at `c` and whether the statement is hedged; None when
        there is none or the statement is not asserted ("would be", "wanted to be")."""
        hedge = False
        low = s.low[c]
        base, _, suffix = low.partition("'")
        if suffix and "'" + suffix in self.g.copula_suffixes:
            if base in self.g.subject_pronouns:
                return _Subject((s.starts[c], s.starts[c] + len(base)), c), False
            name = self._name_ending(s, c)
            return (name, False) if name is not None else None
        k = c - 1
        if low == "be" and s.get(k) == "to":
            k -= 1
            if s.get(k) == "out":
                k -= 1
            if s.get(k) not in self.g.factual_to_be:
                return None
            hedge = True
            k -= 1
        modal = False
        while k >= 0:
            w = s.low[k]
            stem = w.removesuffix("n't")
            if w in self.g.adverbs or w in self.g.hedges or w in self.g.negators:
                k -= 1
            elif stem in self.g.modals:
                modal = True
                k -= 1
            elif stem in self.g.auxiliaries:
                k -= 1
            else:
                break
        if k < 0:
            return None
        w = s.low[k]
        subject = self._pronoun_subject(s, k)
        if subject is not None and "'" in w:
            contraction = w.partition("'")[2]
            modal = modal or contraction == "ll" or (contraction == "d" and low == "be")
        if subject is None and w in self.g.relatives:
            m = k - 2 if s.get(k - 1) == "," else k - 1
            subject = self._name_ending(s, m) if m >= 0 else None
        if subject is None:
            subject = self._name_ending(s, k) or self._nominal_ending(s, k)
        if subject is None:
            return None
        if modal:
            if s.get(subject.left - 1) not in self.g.presupposing:
                return None
            hedge = True
        return subject, hedge

    def _gerund(self, s: _Sentence, np: _NP, k: int, role: _Role) -> None:
        """ "being a salesman": about the clause's subject, or a rule when generic."""
        if self.g.negative(s.get(k - 1)):
            return
        end = self._clause_end(s, np.end, comma=False)
        generic = any(s.low[m] in self.g.generic_subjects for m in range(np.end, end))
        subject = None if generic else self._nearest_subject(s, k)
        if subject is None and not generic and s.get(np.end) == ",":
            subject = self._subject_at(s, np.end + 1)  # "Despite being a nurse, Ilse ..."
        category = role.category
        if subject is not None:
            evidence = (s.starts[k], s.ends[np.end - 1])
            self._fact(s, np, role, subject.span, cue="gerund", evidence=evidence)
        elif category.rules and self._open(category) and end > np.end:
            evidence = (s.starts[k], s.ends[end - 1])
            rule = _SPACES.sub(" ", self.text[evidence[0] : evidence[1]])
            self._emit(evidence, RULE, rule, None, "gerund-rule")

    def _as(self, s: _Sentence, np: _NP, k: int, role: _Role) -> None:
        """ "his position as Regional Manager", "worked as a nurse", "As a doctor, she ..."."""
        before = s.get(k - 1)
        if self.g.negative(before) or self._question(s, np.end):
            return
        if any(s.low[m] == "as" for m in range(max(k - 4, 0), k)):
            return  # "as tall as a doctor"
        subject: _Subject | None = None
        if before in self.g.as_nouns:
            for m in range(k - 2, max(k - 5, -1), -1):
                subject = self._possessor(s, m)
                if subject is not None:
                    break
        elif s.initial(k):
            subject = self._subject_at(s, np.end + 1 if s.get(np.end) == "," else np.end)
        elif before in self.g.as_object_verbs or s.get(k - 2) in self.g.as_object_verbs:
            if before in self.g.object_pronouns:
                subject = _Subject(s.span(k - 1, k), k - 1)
            else:
                subject = self._name_ending(s, k - 1)
        elif before in self.g.as_verbs:
            subject = self._nearest_subject(s, k)
            if subject is not None and (
                self._negated(s, subject.left, k) or self._hypothetical(s, subject.left)
            ):
                return
        if subject is not None:
            evidence = (min(subject.span[0], s.starts[k]), s.ends[np.end - 1])
            self._fact(s, np, role, subject.span, cue="as", evidence=evidence)

    def _epithet(self, s: _Sentence, np: _NP, role: _Role) -> None:
        """ "the omega", "that salesman", "his new boss": a fact about whoever is meant."""
        if not self._open(role.category) or np.det is None or self._in_hypothetical(s, np.left):
            return
        span = s.span(np.left, np.end)
        if _possessive(s.words[np.end - 1]):
            span = (span[0], span[1] - 2)
        if np.det == "poss":
            possessor = np.possessor
            if not role.category.possessive_epithets or possessor is None:
                return
            if s.low[possessor.left] in self.g.plural_possessives:
                return
            self._fact(s, np, role, span, cue="possessive-epithet", evidence=span)
        elif np.det in self.g.definite:
            self._fact(s, np, role, span, cue="epithet", evidence=span)

    def _rule(self, s: _Sentence, np: _NP, category: Category) -> None:
        """A plural generic subject with its verb: "omegas recognised the connection first"."""
        if not category.rules or not self._open(category) or np.det == "poss":
            return
        left = np.left
        if s.get(left - 1) in ("and", "or") and left >= 2:
            _, terms = self.lex.match(s.low, left - 2)
            if any(t.category == category.name and t.plural for t in terms):
                left -= 2
        p = left - 1
        while p >= 0 and (s.low[p] in self.g.adverbs or s.low[p] in self.g.hedges):
            p -= 1
        cleft = s.get(p) in ("was", "is", "were", "are") and s.get(p - 1) == "it"
        if not (
            p < s.first
            or s.low[p] in self.g.openers
            or s.low[p] in self.g.complement_verbs
            or cleft
            or s.low[p] == "it's"
        ):
            return
        k = np.end
        if s.get(k) == ",":
            close = next((m for m in range(k + 1, min(k + 6, s.n)) if s.low[m] == ","), None)
            if close is None:
                return
            k = close + 1
        if s.get(k) in self.g.relatives:
            k += 1
        if not self._verb_like(s, k, category):
            return
        end = self._clause_end(s, k)
        hedge = HEDGED if self._hedged(s, max(p - 1, 0), np.left) else 1.0
        evidence = (s.starts[left], s.ends[end - 1])
        rule = _SPACES.sub(" ", self.text[evidence[0] : evidence[1]])
        self._emit(evidence, RULE, rule, None, "rule", factor=hedge)

    def _verb_like(self, s: _Sentence, k: int, category: Category) -> bool:
        """Whether token `k` may be the verb after a generic subject (not a preposition,
        conjunction, determiner, object or noun)."""
        low = s.get(k)
        return (
            low[:1].isalpha()
            and not s.cap(k)
            and low not in self.g.prepositions
            and low not in self.g.conjunctions
            and low not in self.g.determiners
            and low not in self.g.possessives
            and low not in self.g.object_pronouns
            and low not in category.compound_heads
        )

    # ---------------------------------------------------------------- relations

    def _relation(self, s: _Sentence, i: int, j: int, term: Term, category: Category) -> None:
        """ "my grandmother", "his soulmate", "X was his soulmate", "they were a pair"."""
        if not self._literal(term, category):
            return
        if s.cap(i) and not s.initial(i):
            return  # "our Father", "Mother Superior": a title, not a relative
        np = self._np(s, i, j, category, cap=False, plural=term.plural)
        before = s.get(np.left - 1)
        if before in ("like", "as", "than") or self._follower_is_noun(s, j, category):
            return
        if category.stance is not None:
            self._stance(s, np, term, category.stance)
        if term.copula_only or (term.plural and np.possessor is None):
            if not self._plural_copula(s, np, term) and term.plural:
                self._rule(s, np, category)
            return
        possessor = np.possessor
        if possessor is None and np.det == "the" and s.get(j) == "of":
            found = self._name_from(s, j + 1)
            if found is not None:
                possessor = found[0]
                np.end = j
                evidence = (s.starts[np.left], possessor.span[1])
                self._related(s, np, possessor, term, cue="of-genitive", evidence=evidence)
            return
        if possessor is None or s.low[possessor.left] == "its":
            return
        evidence = s.span(np.left, np.end)
        self._related(s, np, possessor, term, cue="possessive", evidence=evidence)

    def _related(
        self,
        s: _Sentence,
        np: _NP,
        possessor: _Subject,
        term: Term,
        *,
        cue: str,
        evidence: Span2,
    ) -> None:
        """Facts of a possessed relation: about the possessor, and about the person meant."""
        category = self.lex.categories[term.category]
        referent: Span2 = s.span(np.left, np.end)
        factor = WEAK if term.needs_world else 1.0
        found = self._name_from(s, np.end + 1 if s.get(np.end) == "," else np.end)
        k = np.left - 1
        while k >= 0 and (s.low[k] in self.g.adverbs or s.low[k] in self.g.hedges):
            k -= 1
        if found is not None and (s.get(np.end) != "," or self._apposition_closed(s, found[1])):
            referent = found[0].span
        elif s.get(k) == "," and k >= 1 and (name := self._name_ending(s, k - 1)) is not None:
            referent = name.span
        elif s.get(k).removesuffix("n't") in self.g.copulas:
            subject = self._copula_subject(s, k)
            if subject is not None:
                if (
                    self._negated(s, subject[0].left, np.left)
                    or self._hypothetical(s, subject[0].left)
                    or self._question(s, np.end)
                ):
                    return
                referent = subject[0].span
                factor *= HEDGED if subject[1] else 1.0
                evidence = (min(referent[0], evidence[0]), evidence[1])
        self._emit(
            evidence, term.key, term.value, possessor.span, cue, other=referent, factor=factor
        )
        if category.converse_key:
            self._emit(
                evidence,
                category.converse_key,
                term.value,
                referent,
                cue,
                other=possessor.span,
                factor=factor,
            )

    def _plural_copula(self, s: _Sentence, np: _NP, term: Term) -> bool:
        """ "they were soulmates", "Jim and Dwight were a pair"."""
        k = np.left - 1
        while k >= 0 and s.low[k] in self.g.adverbs:
            k -= 1
        if k < 0 or (s.low[k] not in ("were", "are") and not s.low[k].endswith("'re")):
            return False
        found = self._copula_subject(s, k)
        if found is None:
            return True
        subject, hedge = found
        other: Span2 | None = None
        if s.get(subject.left - 1) == "and" and subject.left >= 2:
            first = self._name_ending(s, subject.left - 2)
            if first is not None:
                subject, other = first, subject.span
        if (
            other is None
            and s.low[subject.left] not in ("they", "we", "you")
            and not s.low[subject.left].startswith(("they'", "we'"))
        ):
            return True
        if self._negated(s, subject.left, np.left) or self._hypothetical(s, subject.left):
            return True
        evidence = (subject.span[0], s.ends[np.end - 1])
        self._emit(
            evidence,
            term.key,
            term.value,
            subject.span,
            "plural-copula",
            other=other,
            factor=(HEDGED if hedge else 1.0) * (WEAK if term.needs_world else 1.0),
        )
        return True

    def _stance(self, s: _Sentence, np: _NP, term: Term, stance: Stance) -> None:
        """ "refused to acknowledge her soulmate", "did not want anything to do with his
        soulmate": the stance of the clause's subject towards the relation."""
        start = np.left
        while start - 1 >= 0 and np.left - start < 10:
            low = s.low[start - 1]
            if low in self.g.clause_end or low == "," or self._pronoun_subject(s, start - 1):
                break
            start -= 1
        polarity = 1
        direct = phrase = False
        first = np.left
        for p in range(start, np.left):
            low = s.low[p]
            if low in stance.accept or low in stance.reject:
                direct = True
                polarity *= 1 if low in stance.accept else -1
            elif any(
                tuple(s.low[p : p + len(words)]) == words and p + len(words) <= np.left
                for words in stance.negated
            ):
                phrase = True
            else:
                continue
            first = min(first, p)
        if not (direct or phrase):
            return
        subject = self._nearest_subject(s, first)
        if subject is None or self._hypothetical(s, subject.left):
            return
        negated = self._negated(s, subject.left, np.left)
        if not direct and not negated:
            return  # "thought about his soulmate" takes no stance
        polarity = -polarity if negated else polarity
        value = stance.accepted if polarity > 0 else stance.rejected
        evidence = (subject.span[0], s.ends[np.end - 1])
        self._emit(evidence, term.key, value, subject.span, "stance")

    # ------------------------------------------------------------ states, cues

    def _state(self, s: _Sentence, i: int, j: int, term: Term, category: Category) -> None:
        """ "her heat", "went into rut": the heat of a summer day is never one."""
        if not self._open(category) or term.plural:
            return
        np = self._np(s, i, j, category, cap=False)
        if s.get(j) in category.compound_heads or self._follower_is_noun(s, j, category):
            return
        possessor = np.possessor
        if possessor is not None and s.low[possessor.left] != "its":
            self._emit(s.span(np.left, j), term.key, term.value, possessor.span, "state")
            return
        if np.det is None and np.left == i and s.get(i - 1) in category.prepositions:
            subject = self._nearest_subject(s, i - 1)
            if (
                subject is None
                or self._negated(s, subject.left, i)
                or self._hypothetical(s, subject.left)
            ):
                return
            self._emit(s.span(i - 1, j), term.key, term.value, subject.span, "state")

    def _recognition(self, s: _Sentence, i: int, j: int, term: Term, category: Category) -> None:
        """ "felt the zing", "recognised the connection": a soulmate recognised."""
        recognition = category.recognition
        if recognition is None or (term.kind == _WEAK_CUE and not self._open(category)):
            return
        verb = None
        for m in range(i - 1, max(i - 5, -1), -1):
            low = s.low[m]
            if low in recognition.verbs:
                verb = m
                break
            if (
                low in self.g.clause_end
                or low == ","
                or (low in self.g.closed and low not in self.g.determiners)
            ):
                return
        if verb is None:
            return
        subject = self._nearest_subject(s, verb)
        if subject is None or self._hypothetical(s, subject.left):
            return
        if self._negated(s, subject.left, verb) or self.g.negative(s.get(verb - 1)):
            return
        factor = WEAK if term.kind == _WEAK_CUE else 1.0
        self._emit(
            (s.starts[verb], s.ends[j - 1]),
            term.key,
            recognition.value,
            subject.span,
            "recognition",
            factor=factor,
        )

    def _event(self, s: _Sentence, i: int, term: Term, event: Event) -> None:
        """ "interviewing for a new job", "an interview with corporate"."""
        k = i + 1
        if s.get(k) not in event.links:
            return
        k += 1
        if s.get(k) in self.g.determiners or s.get(k) in self.g.possessives:
            k += 1
        start = k
        while k < s.n and k - start < 3 and s.low[k] not in event.objects:
            if s.low[k] in self.g.closed or not s.low[k].isalpha():
                return
            k += 1
        if s.get(k) not in event.objects:
            return
        possessor = self._possessor(s, i - 1) if i >= 1 else None
        subject = possessor or self._nearest_subject(s, i)
        if subject is None or self._negated(s, subject.left, i):
            return
        value = " ".join(s.low[start : k + 1])
        self._emit((s.starts[i], s.ends[k]), term.key, value, subject.span, "event")


def find_facts(doc: Document, lexicon: Lexicon | None = None) -> list[Fact]:
    """Every world fact stated in the story paragraphs of `doc`."""
    return _Finder(doc, lexicon or default_lexicon()).run()
