"""The ``persons`` stage: every person mention that is not a pronoun.

A linear sequence tagger (BILOU tags, Viterbi decoding, weights of an averaged structured
perceptron trained on LitBank by ``scripts/train_persons.py``) tags short windows around
possible mention heads (`ficlens.cast.features`). Each feature depends on one word type, so
the features of a word type are turned into a score vector once per document and a token
costs a few table look-ups and integer additions.

Rules then complete the mentions. One-word names agree across the document, and a common
given name counts as a name unless the document says otherwise (`consistent`). A mention
is a ``name`` or a ``nominal`` by its head (`mention_kind`: "Mr. Bennet", "the Wilcoxes";
"her mother", "the receptionist"). The tagger finds a nominal without its ``of`` phrases,
relative clauses and (opening a clause) prepositional phrases, which `extend` then adds, as
LitBank's maximal spans have them ("a potter of great patience", "the ferryman, who had
lost his oar", "the girl on the cart waved"). A possessor or the
object of a closing ``of`` inside a mention is a mention too ("[Jim]’s mother", "the wife
of [Mr. Bennet]"), and a quantifier's ``of`` makes a mention around one ("[some of [the
weavers]]"); a title just before a name the tagger found belongs to it ("[Mrs.
Ashby]"), and so do a determiner and adjectives before a mention that the tagger's short
window left out ("[a tall, stooping gardener]", "[the talkative Orla]"); a possessive or
contraction ending a mention is left out ("Jim’s" -> "Jim"). Mentions of no one are
dropped: pronouns, days, months, chapter headings, exclamations and oaths ("Oh God",
"Jesus Christ", "Good Lord", "thank God"), places after an ``of``
inside a mention ("the Earl of [Varnholm]"), brands and show titles, and the
non-character names a caller passes in (the places and organisations of a fandom pack).
"""

from __future__ import annotations

import base64
import bisect
import functools
import gzip
import json
import math
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ficlens.cast.features import (
    BRANDS_AND_TITLES,
    DETERMINERS,
    FUNCTION_WORDS,
    GIVEN_NAMES,
    HONORIFICS,
    INTERJECTION_NAMES,
    NAMED_FUNCTION_WORDS,
    NATIONALITIES,
    NOMINAL_MODIFIERS,
    NON_PERSONS,
    PERSON_NOUNS,
    PLACE_BEFORE,
    PLACE_WORDS,
    PLACES,
    POSITION_FEATURES,
    RELATIVES,
    TITLES,
    DocInfo,
    Memo,
    class_features,
    class_key,
    doc_info,
    facts,
    form,
    is_person_noun,
    lexical_features,
    segments,
    split_clitic,
    word_set,
)
from ficlens.document import Document, Layer, Span
from ficlens.layers import PERSONS, QUOTES, SENTENCES, TOKENS
from ficlens.narrative.tense import (
    ADJ,
    ADV,
    COMMON,
    NNS,
    NOUN,
    VBD,
    VBG,
    VBN,
    VBZ,
    VERB,
    word_bits,
)
from ficlens.pipeline import Stage, stage

NAME = "name"
NOMINAL = "nominal"
TAGS = ("O", "B", "I", "L", "U")
"""BILOU: outside, begin, inside, last, unit (a one-word mention)."""
FORMAT = "ficlens.persons/1"
MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "models" / "persons.json.gz"

_O, _B, _I, _L, _U = range(5)
_NEG = -(1 << 60)
PAD = "<s>"
"""Stands for the words before the first token and after the last."""
_INT16 = 32000
_MAX_SUMS = 1 << 20

Vector = tuple[float, ...]
Mention = tuple[int, int, float]
"""A mention as token range ``[i, j)`` and its mean tag margin over ``O``."""


@dataclass(frozen=True, slots=True)
class PersonModel:
    """Tagger weights: feature -> one weight per tag; tag-to-tag transition weights
    (``transitions[p][c]`` scores tag ``c`` after ``p``; row 5 is the start); and
    ``calibration`` (a, b): a mention's score is ``logistic(a * margin + b)``."""

    weights: dict[str, Vector]
    transitions: tuple[Vector, ...]
    calibration: tuple[float, float] = (0.1, 0.0)
    _packed: dict[str, int] = field(init=False, repr=False, compare=False)
    _sums: dict[tuple[int, str | tuple[str, ...]], int] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_packed", {f: pack(w) for f, w in self.weights.items()})

    def packed_sum(self, role: int, key: str | tuple[str, ...]) -> int:
        """Packed summed weights of a word's lexical features in `role` (`key` is its
        lowercase form) or of a feature class (`key` is a `class_key`); remembered, since
        they are the same in every document."""
        found = self._sums.get((role, key))
        if found is None:
            packed = self._packed
            features = (
                lexical_features(role, key) if isinstance(key, str) else class_features(role, key)
            )
            found = sum([packed[f] for f in features if f in packed])
            if len(self._sums) > _MAX_SUMS:
                self._sums.clear()
            self._sums[(role, key)] = found
        return found

    def position_sum(self, feature: str) -> int:
        """Packed weights of one position feature."""
        return self._packed.get(feature, 0)

    def score(self, margin: float) -> float:
        """Calibrated confidence of a mention with the given mean tag margin."""
        a, b = self.calibration
        z = max(-30.0, min(30.0, a * margin + b))
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict[str, Any]:
        """The model as a JSON object, weights quantised to int16 and base64-packed."""
        names = sorted(self.weights)
        flat = [v for name in names for v in self.weights[name]]
        top = max((abs(v) for v in flat), default=1.0) or 1.0
        packed = array("h", (round(v * _INT16 / top) for v in flat))
        return {
            "format": FORMAT,
            "tags": list(TAGS),
            "scale": _INT16 / top,
            "features": names,
            "weights": base64.b64encode(_little_endian(packed).tobytes()).decode("ascii"),
            "transitions": [list(row) for row in self.transitions],
            "calibration": list(self.calibration),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PersonModel:
        """Inverse of `to_json` (the weights come back quantised)."""
        if data.get("format") != FORMAT or tuple(data.get("tags", ())) != TAGS:
            raise ValueError("not a ficlens persons model")
        packed: array[int] = array("h")
        packed.frombytes(base64.b64decode(data["weights"]))
        packed = _little_endian(packed)
        scale = float(data["scale"])
        n = len(TAGS)
        weights = {
            name: tuple(packed[k * n + t] / scale for t in range(n))
            for k, name in enumerate(data["features"])
        }
        transitions = tuple(tuple(float(v) for v in row) for row in data["transitions"])
        a, b = data["calibration"]
        return cls(weights, transitions, (float(a), float(b)))

    def save(self, path: Path) -> None:
        """Write the model as gzip-compressed JSON (byte-identical for identical models)."""
        raw = json.dumps(self.to_json(), separators=(",", ":")).encode("utf-8")
        path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))

    @classmethod
    def load(cls, path: Path) -> PersonModel:
        """Read a model written by `save`."""
        data = json.loads(gzip.decompress(path.read_bytes()))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: not a ficlens persons model")
        return cls.from_json(data)


def _little_endian(values: array[int]) -> array[int]:
    """`values` in little-endian byte order (a byte-swapped copy on big-endian machines)."""
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values


@functools.cache
def default_model() -> PersonModel:
    """The model shipped with ficlens (loaded once)."""
    return PersonModel.load(MODEL_PATH)


# A token's five tag scores travel as one Python int of five 32-bit fields, in thousandths
# of a weight, so that adding up the score vectors of its features is one integer addition
# per word type involved. `BIAS` keeps every field non-negative, so fields read as
# ``(x >> 32 * tag) & _MASK``.
_FIELD = 32
_MASK = (1 << _FIELD) - 1
_HALF = 1 << (_FIELD - 1)
_UNIT = 1000.0
BIAS = sum(_HALF << (_FIELD * t) for t in range(len(TAGS)))


def pack(vector: Sequence[float]) -> int:
    """A score vector as one int (add `BIAS` to a sum of these before reading fields)."""
    return sum(round(v * _UNIT) << (_FIELD * t) for t, v in enumerate(vector))


def scaled(transitions: Sequence[Sequence[float]]) -> list[list[int]]:
    """Transition weights in the integer units of packed score vectors."""
    return [[round(v * _UNIT) for v in row] for row in transitions]


class _Table(dict[str, int]):
    """Packed score vectors of the word types in one role, computed on first use from the
    word's lexical features and its feature class."""

    def __init__(self, model: PersonModel, info: DocInfo, role: int, initial: int) -> None:
        super().__init__()
        self.model = model
        self.info = info
        self.role = role
        self.initial = initial

    def __missing__(self, word: str) -> int:
        found = facts(self.info, word)
        total = self[word] = self.model.packed_sum(self.role, found[0]) + self.model.packed_sum(
            self.role, class_key(self.role, found, self.initial)
        )
        return total


class Tagger:
    """Tags one document: scores tokens from per-type tables, decodes windows by Viterbi."""

    def __init__(self, model: PersonModel, info: DocInfo) -> None:
        self.info = info
        self.tables = (
            _Table(model, info, -2, 0),
            _Table(model, info, -1, 0),
            _Table(model, info, 0, 0),
            _Table(model, info, 0, 1),
            _Table(model, info, 1, 0),
            _Table(model, info, 2, 0),
        )
        self.position = [model.position_sum(f) + BIAS for f in POSITION_FEATURES]
        self.transitions = scaled(model.transitions)
        self.padded = [PAD, PAD, *info.words, PAD, PAD]

    def emissions(self, a: int, b: int) -> list[int]:
        """Packed tag scores (with `BIAS`) of tokens ``[a, b)``."""
        m2, m1, s0, s1, p1, p2 = self.tables
        padded = self.padded
        pos = self.position
        info = self.info
        return [
            (s1[w] if ini else s0[w]) + m2[x2] + m1[x1] + p1[y1] + p2[y2] + pos[q]
            for w, ini, x2, x1, y1, y2, q in zip(
                padded[a + 2 : b + 2],
                info.initial[a:b],
                padded[a : b],
                padded[a + 1 : b + 1],
                padded[a + 3 : b + 3],
                padded[a + 4 : b + 4],
                info.quoted[a:b],
                strict=True,
            )
        ]  # fmt: skip

    def mentions(self, start: int = 0, end: int | None = None) -> list[Mention]:
        """The outermost mentions the tagger finds in tokens ``[start, end)`` (whole
        sentences), each with its tokens' mean margin of their tag's score over ``O``."""
        found: list[Mention] = []
        for a, b in segments(self.info, start, end):
            packed = self.emissions(a, b)
            tags = viterbi(packed, self.transitions)
            for i, j in tag_spans(tags, a):
                margin = 0
                for k in range(i - a, j - a):
                    x = packed[k]
                    margin += ((x >> (_FIELD * tags[k])) & _MASK) - (x & _MASK)
                found.append((i, j, margin / _UNIT / (j - i)))
        return found


def viterbi(packed: Sequence[int], transitions: Sequence[Sequence[int]]) -> list[int]:
    """Best BILOU tags for one window, which starts and ends outside any mention.

    After ``O``, ``L``, ``U`` or the start come ``O``, ``B`` or ``U``; after ``B`` or ``I``
    come ``I`` or ``L``. The recurrence is written out state by state: it is the inner loop.
    Fields are read without removing `BIAS`, which adds the same to every tag's score.
    """
    if not packed:
        return []
    t_o, t_b, t_i, t_l, t_u, t_s = transitions
    oo, ob, ou = t_o[_O], t_o[_B], t_o[_U]
    lo, lb, lu = t_l[_O], t_l[_B], t_l[_U]
    uo, ub, uu = t_u[_O], t_u[_B], t_u[_U]
    bi, bl, ii, il = t_b[_I], t_b[_L], t_i[_I], t_i[_L]
    mask = _MASK
    x = packed[0]
    # the score of the best path ending in each tag so far
    s_o, s_b, s_i, s_l, s_u = (
        (x & mask) + t_s[_O], ((x >> 32) & mask) + t_s[_B], _NEG, _NEG, (x >> 128) + t_s[_U]
    )  # fmt: skip
    back: list[int] = []  # the best predecessor of each tag, 3 bits per tag
    for x in packed[1:]:
        v1, v2, v3 = s_o + oo, s_l + lo, s_u + uo
        no, po = (v1, _O) if v1 >= v2 and v1 >= v3 else (v2, _L) if v2 >= v3 else (v3, _U)
        v1, v2, v3 = s_o + ob, s_l + lb, s_u + ub
        nb, pb = (v1, _O) if v1 >= v2 and v1 >= v3 else (v2, _L) if v2 >= v3 else (v3, _U)
        v1, v2, v3 = s_o + ou, s_l + lu, s_u + uu
        nu, pu = (v1, _O) if v1 >= v2 and v1 >= v3 else (v2, _L) if v2 >= v3 else (v3, _U)
        v1, v2 = s_b + bi, s_i + ii
        ni, pi = (v1, _B) if v1 >= v2 else (v2, _I)
        v1, v2 = s_b + bl, s_i + il
        nl, pl = (v1, _B) if v1 >= v2 else (v2, _I)
        back.append(po | pb << 3 | pi << 6 | pl << 9 | pu << 12)
        s_o = no + (x & mask)
        s_b = nb + ((x >> 32) & mask)
        s_i = ni + ((x >> 64) & mask)
        s_l = nl + ((x >> 96) & mask)
        s_u = nu + (x >> 128)
    last = _O if s_o >= s_l and s_o >= s_u else _L if s_l >= s_u else _U
    tags = [last]
    for row in reversed(back):
        last = (row >> (3 * last)) & 7
        tags.append(last)
    tags.reverse()
    return tags


def tag_spans(tags: Sequence[int], offset: int = 0) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` of the mentions in a BILOU tag sequence."""
    out: list[tuple[int, int]] = []
    begin = 0
    for k, t in enumerate(tags):
        if t == _U:
            out.append((offset + k, offset + k + 1))
        elif t == _B:
            begin = k
        elif t == _L:
            out.append((offset + begin, offset + k + 1))
    return out


PROPAGATE_MIN = 2
PROPAGATE_SHARE = 0.5
DROP_MIN = 5
DROP_SHARE = 0.2
GIVEN_PRIOR = 2
STATED = 4
NAME_RUN = 3


_MODAL_SUBJECTS = word_set(
    "i you he she it we they there this that the a an anyone anybody someone somebody",
    "everyone everybody no not",
)
"""Words after a modal that opens a question ("Will you stay?"), not a name."""


def _name_key(word: str) -> str | None:
    """A word's key as a possible one-word name: lowercase without its clitic; None when it
    is not capitalised or is a function word (other than a given name: "Will") or a
    title."""
    lw, _, _, _, case = form(word)
    if case != "X" or lw in TITLES or lw == "i":
        return None
    if lw in FUNCTION_WORDS and lw not in NAMED_FUNCTION_WORDS:
        return None
    return lw


def function_named(info: DocInfo) -> Counter[str]:
    """Given names that are also function words ("Will") the document capitalises inside
    sentences at least twice, where only a name is capitalised, counted by name key."""
    return Counter(
        {k: info.cap_mid[k] for k in NAMED_FUNCTION_WORDS if info.cap_mid.get(k, 0) >= 2}
    )


def _function_word_use(words: Sequence[str], i: int) -> bool:
    """Whether the name-like function word at `i` is used as one ("Will you go?")."""
    return _name_key(words[i]) in NAMED_FUNCTION_WORDS and (
        i + 1 >= len(words) or words[i + 1].lower() in _MODAL_SUBJECTS
    )


def _given(info: DocInfo, key: str) -> bool:
    """Whether `key` is a common given name that is not also a place or a word the document
    writes in lower case ("Will", "Rose", "Virginia")."""
    return key in GIVEN_NAMES and key not in PLACES and not info.lower.get(key, 0)


def _capitalised(word: str) -> bool:
    """Whether `word` starts with a capital and is not "I"."""
    return word[:1].isupper() and word != "I"


_TAG_VERBS = word_set(
    "said says asked asks replied replies answered answers cried cries exclaimed whispered",
    "muttered murmured shouted called added continued returned repeated",
)
_CLOSING_QUOTES = frozenset("\"”’'")
_SELF_NAMING = frozenset((("name", "is"),))
_NAME_IS = frozenset(("name's", "name’s"))


def tag_named(info: DocInfo) -> Counter[str]:
    """One-word names a speech tag right after a quotation states (``…," said Milly``,
    ``…?" Milly asked``): the plainest evidence a rare name is a person, counted by name
    key."""
    words, quoted = info.words, info.quoted
    n = len(words)
    out: Counter[str] = Counter()
    for i in [i for i, w in enumerate(words) if w in _CLOSING_QUOTES]:
        if not 0 < i < n - 1 or not quoted[i] or quoted[i + 1]:
            continue
        if words[i + 1] in _TAG_VERBS:
            k = i + 2
        elif i + 2 < n and words[i + 2] in _TAG_VERBS:
            k = i + 1
        else:
            continue
        if k < n and (k + 1 >= n or not _capitalised(words[k + 1])):
            key = _name_key(words[k])
            if key is not None and not info.lower.get(key, 0):
                out[key] += 1
    return out


def self_named(info: DocInfo) -> Counter[str]:
    """Names a quote gives as someone's name (“My name is Oskar”, “her name is Ida”,
    “My name’s Oskar”): persons, counted by name key."""
    words, quoted = info.words, info.quoted
    out: Counter[str] = Counter()
    for i in range(2, len(words)):
        if not quoted[i] or not _capitalised(words[i]):
            continue
        before = (words[i - 2].casefold(), words[i - 1].casefold())
        if before not in _SELF_NAMING and before[1] not in _NAME_IS:
            continue
        key = _name_key(words[i])
        if key is not None and not info.lower.get(key, 0):
            out[key] += 1
    return out


_PLACE_NOT_AT = PLACE_BEFORE - {"at"}


def subject_named(info: DocInfo) -> Counter[str]:
    """Capitalised words the document never writes in lower case, that no English word list
    knows as a common word, standing right before a finite verb ("Wenna leaned", "Orrin
    kicks") more often than after a place preposition other than "at" ("in Avonlea", but
    "looked at Wenna"): names of original characters, counted by name key, for short works
    where the tagger has too little evidence."""
    words = info.words
    out: Counter[str] = Counter()
    unknown: dict[str, str] = {}
    for w in info.types:
        key = _name_key(w)
        if key is None or info.lower.get(key, 0):
            continue
        if not (word_bits(key) & COMMON or key in _NOT_NAMES or split_clitic(w)[1]):
            unknown[w] = key
    placed: Counter[str] = Counter()
    for i in [i for i, w in enumerate(words[:-1]) if w in unknown]:
        after = words[i + 1]
        if i > 0 and words[i - 1].lower() in _PLACE_NOT_AT:
            placed[unknown[words[i]]] += 1
        if after[:1].islower() and word_bits(after) & (VBD | VBZ) and not word_bits(after) & NOUN:
            out[unknown[words[i]]] += 1
    return Counter({k: n for k, n in out.items() if n > placed[k]})


def consistent(info: DocInfo, found: list[Mention]) -> list[Mention]:
    """Make one-word names agree across the document.

    A capitalised word tagged as (part of) a mention in at least `PROPAGATE_MIN` places and
    at least `PROPAGATE_SHARE` of its occurrences is a mention wherever the tagger left it
    out ("Tibby said" teaches that "really Tibby is" names her too), together with the
    capitalised words next to it ("Michael Scott"), with the mean margin of its tagged
    places; a common given name the document never writes in lower case counts as tagged
    `GIVEN_PRIOR` more times, and a name a speech tag states (`tag_named`) `STATED` more
    times per tag. A one-word
    mention of a word the tagger left untagged in all but `DROP_SHARE` of its `DROP_MIN`
    or more occurrences is dropped.
    """
    words = info.words
    n = len(words)
    covered = bytearray(n)
    tagged: Counter[str] = Counter()
    stated = tag_named(info) + subject_named(info) + self_named(info) + function_named(info)
    margins: dict[str, float] = {}
    for i, j, margin in found:
        covered[i:j] = b"\x01" * (j - i)
        for word in words[i:j]:
            key = _name_key(word)
            if key is not None:
                tagged[key] += 1
                margins[key] = margins.get(key, 0.0) + margin
    keys = {
        w: key
        for w in info.types
        if (key := _name_key(w)) is not None
        and (key in tagged or key in stated or _given(info, key))
    }
    free: dict[str, list[int]] = {}
    for i in [i for i, w in enumerate(words) if w in keys]:
        if not covered[i]:
            free.setdefault(keys[words[i]], []).append(i)
    out = []
    for i, j, margin in found:
        key = _name_key(words[i]) if j == i + 1 else None
        if key is not None:
            total = tagged[key] + len(free.get(key, ()))
            if total >= DROP_MIN and tagged[key] < DROP_SHARE * total:
                continue
        out.append((i, j, margin))
    for key, places in free.items():
        count = tagged[key] + (GIVEN_PRIOR if _given(info, key) else 0) + STATED * stated[key]
        if count < PROPAGATE_MIN or count < PROPAGATE_SHARE * (count + len(places)):
            continue
        margin = margins[key] / tagged[key] if tagged[key] else 0.0
        for i in places:
            if covered[i] or _function_word_use(words, i):
                continue
            a, b = _name_run(words, covered, i)
            if b < n and _bare(words[b]) in PLACE_WORDS and _capitalised(words[b]):
                continue  # "Tibby Street"
            covered[a:b] = b"\x01" * (b - a)
            out.append((a, b, margin))
    out.sort()
    return out


def _name_run(words: Sequence[str], covered: bytearray, i: int) -> tuple[int, int]:
    """The run of up to `NAME_RUN` untagged capitalised words around token `i` that a name
    found at `i` spreads over ("Michael Scott"), without titles or function words."""
    a, b = i, i + 1
    while a > 0 and b - a < NAME_RUN and _name_part(words[a - 1]) and not covered[a - 1]:
        if split_clitic(words[a - 1])[1]:
            break  # "Jim’s Pam" is two mentions
        a -= 1
    while b < len(words) and b - a < NAME_RUN and _name_part(words[b]) and not covered[b]:
        if split_clitic(words[b - 1])[1]:
            break
        b += 1
    return a, b


def _name_part(word: str) -> bool:
    """Whether `word` can be part of a name a propagated one-word name spreads over."""
    key = _name_key(word)
    return key is not None and key not in NON_PERSONS and key not in PLACE_WORDS


_DESCRIPTIVE = PERSON_NOUNS | TITLES | (FUNCTION_WORDS - NAMED_FUNCTION_WORDS)


def _names_someone(words: Sequence[str]) -> bool:
    """Whether some word is capitalised and is not a title, person noun or function word,
    or follows a title ("Dr. Shepherd")."""
    after_title = False
    for word in words:
        base = split_clitic(word)[0]
        lw = base.lower().rstrip(".")
        if base[:1].isupper() and (after_title or lw not in _DESCRIPTIVE):
            return True
        after_title = lw in TITLES
    return False


def mention_kind(words: Sequence[str]) -> str:
    """``name`` or ``nominal`` for the words of a mention, judged by its head.

    The head is what follows the last possessive ("Jim’s [mother]") and precedes a comma, a
    relative pronoun or ``of`` ("[Orla], the weaver", "[the wife] of Mr. Bennet"). It is a
    name when it has a capitalised word that is not a title or person noun ("Mr. Bennet",
    "the Wilcoxes"), or is all titles before a name ("the Duke of Wellington"); otherwise
    ("the Prince", "Nobody", "her mother") it is a nominal. A head of several words without
    a title, ending in a lower-case word ("Weary travellers", opening a sentence) or a person
    noun in capitals ("THE TALL FERRYMAN", a heading), is a nominal too.
    """
    head = list(words)
    for k in range(len(head) - 2, -1, -1):
        if split_clitic(head[k])[1]:
            head = head[k + 1 :]
            break
    for k, word in enumerate(head[1:], 1):
        if word == "," or word.lower() in RELATIVES:
            head = head[:k]  # "[Orla Kestrel], the weaver", "[the ferryman] who sang"
            break
        if word.endswith(","):
            head = [*head[:k], word[:-1]]
            break
    tail: list[str] = []
    if "of" in head[1:]:
        k = head.index("of", 1)
        head, tail = head[:k], head[k + 1 :]
    last = split_clitic(head[-1])[0]
    lower = last.islower() or (last.isupper() and is_person_noun(last.lower()))
    if lower and len(head) > 1 and not any(_bare(w) in TITLES for w in head[:-1]):
        return NOMINAL  # "Weary travellers", "THE TALL FERRYMAN"
    if _names_someone(head):
        return NAME
    titled = any(split_clitic(w)[0].lower().rstrip(".") in TITLES for w in head)
    return NAME if titled and head[-1][:1].isupper() and _names_someone(tail) else NOMINAL


_EXCLAIM = frozenset({"oh", "o", "ah", "good", "dear", "sweet", "holy", "great"})
_CHAPTER = frozenset({"chapter", "prologue", "epilogue", "part", "book", "volume", "act"})
_DATE_BEFORE = frozenset(
    {"in", "on", "of", "since", "until", "till", "by", "during", "last", "next", "this", "into"}
    | {"early", "late", "mid", "before", "after", "every", "each"}
)


class _NonCharacters:
    """Where non-character names (pack places and organisations, brands, show titles) occur
    in a document: matched word by word in any case, where the text capitalises them."""

    def __init__(self, names: Iterable[str], info: DocInfo) -> None:
        words = info.words
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for name in names:
            key = tuple(_bare(w) for w in name.split())
            if key:
                by_first.setdefault(key[0], []).append(key)
        self.occurrence = array("i", bytes(len(words) * array("i").itemsize))
        starters = {w for w in info.types if _bare(w) in by_first and not w[:1].islower()}
        found = 0
        for i in [i for i, w in enumerate(words) if w in starters]:
            for phrase in by_first[_bare(words[i])]:
                end = i + len(phrase)
                if tuple(_bare(w) for w in words[i:end]) == phrase:
                    found += 1
                    self.occurrence[i:end] = array("i", [found]) * (end - i)
                    break

    def cover(self, i: int, j: int) -> bool:
        """Whether tokens ``[i, j)`` lie within one occurrence of a non-character name."""
        occurrence = self.occurrence[i]
        return occurrence != 0 and self.occurrence[j - 1] == occurrence


def _bare(word: str) -> str:
    """`word` lowercase, without its clitic or final full stop."""
    return form(word)[0]


_NOT_NAMES = PLACES | PLACE_WORDS | NON_PERSONS | NATIONALITIES | TITLES | FUNCTION_WORDS
"""Capitalised words that never name an original character on their own."""
_VERB_TITLES = frozenset({"miss"})
"""Lower-case titles that are verbs before a name ("to miss Ralph")."""


def _surname_like(info: DocInfo, word: str) -> bool:
    """Whether `word` is the capitalised plural of a person noun that the text also
    capitalises inside sentences: a surname ("said Monks"), since a group of people is
    written in lower case ("Scientists say" only opens a sentence)."""
    key = _bare(word)
    return (
        _capitalised(word)
        and key[-1:] == "s"
        and key[:-1] in PERSON_NOUNS
        and info.cap_mid.get(key, 0) > 0
    )


def _opener(info: DocInfo, i: int) -> bool:
    """Whether token `i` starts a sentence before a capitalised word, is no title, function
    word or given name, is written in lower case elsewhere or is only an adverb ("Finally"),
    and is never capitalised inside a sentence: a word that opens the sentence
    ("Meanwhile", "Opposite"), not part of the name after it ("Big Medicine" and "Farmer
    Oak" are capitalised mid-sentence too)."""
    words = info.words
    key = _bare(words[i])
    return (
        bool(info.initial[i])
        and key not in TITLES
        and key not in FUNCTION_WORDS
        and key not in GIVEN_NAMES
        and (info.lower.get(key, 0) > 0 or word_bits(key) == ADV)
        and not info.cap_mid.get(key, 0)
        and i + 1 < len(words)
        and _capitalised(words[i + 1])
    )


_PERSON, _NO_ONE, _DATE, _ADJECTIVAL = range(4)


def _judge(words: tuple[str, ...]) -> int:
    """Whether a mention of these words is no one (`_NO_ONE`): a pronoun, a day, month or
    holiday, a chapter heading, an exclamation ("Oh God", "Jesus Christ", "Good Lord", but
    not "my Lord"); `_DATE` for a month that is also a given name ("May"), which is no one
    only where a date is ("in May", "May 5", "a May morning"); `_ADJECTIVAL` for a
    nationality or place alone, no one before a noun ("an Irish [song]", "her Lisbon
    [flat]", but "the Irish", "a Parisian"); else `_PERSON`."""
    bare = [_bare(w) for w in words]
    if len(bare) == 1 and bare[0] in FUNCTION_WORDS - NAMED_FUNCTION_WORDS:
        return _NO_ONE
    if len(bare) == 1 and (bare[0] in NATIONALITIES or bare[0] in PLACES):
        return _PERSON if split_clitic(words[0])[1] else _ADJECTIVAL
    if _capitalised(words[0]):
        if bare[0] in _CHAPTER:
            return _NO_ONE
        if len(bare) == 1 and bare[0] in NON_PERSONS:
            return _DATE if bare[0] in GIVEN_NAMES else _NO_ONE
    names = [w for w in bare if w not in _EXCLAIM and w != "my"]
    if _capitalised(words[-1]) and names:
        if all(w in INTERJECTION_NAMES for w in names):
            return _NO_ONE
        if names == ["lord"] and len(names) < len(bare) and bare[0] != "my":
            return _NO_ONE
    return _PERSON


def _no_one(words: Sequence[str], i: int, j: int, non_characters: _NonCharacters) -> bool:
    """Whether the mention ``words[i:j]`` is no one (`no_one`) or a non-character."""
    return no_one(words, i, j) or non_characters.cover(i, j)


def no_one(words: Sequence[str], i: int, j: int) -> bool:
    """Whether the mention ``words[i:j]`` is no one, by its words (see `_judge`) and, for a
    month, a nationality or a place, the words around it."""
    verdict = _verdicts[tuple(words[i:j])]
    if verdict == _ADJECTIVAL:
        after = words[j] if j < len(words) else ""
        bits = word_bits(after)
        return (
            after.islower()
            and after not in FUNCTION_WORDS
            and bool(bits & (NOUN | NNS))
            and not bits & (VBD | VBZ)
        )
    if verdict == _DATE:
        before = words[i - 1].lower() if i > 0 else ""
        after = words[j] if j < len(words) else ""
        return (
            before in _DATE_BEFORE
            or before[:1].isdigit()
            or after[:1].isdigit()
            or (after.islower() and word_bits(after) & (NOUN | VERB) == NOUN)  # "a May morning"
        )
    return verdict == _NO_ONE


_verdicts = Memo(_judge, 1 << 16)
_kinds: Memo[tuple[str, ...], str] = Memo(mention_kind, 1 << 16)


def nested_mentions(words: Sequence[str], i: int, j: int) -> list[tuple[int, int]]:
    """Mentions inside the mention ``words[i:j]``: a possessor ("[Jim]’s mother"), the
    object of an ``of`` ("the wife of [Mr. Bennet]") and a nominal in apposition to it
    ("the niece of [Orla], [the weaver]"), each up to a comma, an ``of`` or a relative."""
    out: list[tuple[int, int]] = []
    for k in range(i, j - 1):
        clitic = split_clitic(words[k])[1].lower()
        if clitic in ("'s", "’s", "'", "’"):
            if k > i or words[i].lower() not in FUNCTION_WORDS:
                out.append((i, k + 1))
            break
    for k in range(i + 1, j - 1):
        if words[k].lower() == "of":
            e = _phrase_end(words, k + 1, j)
            if e > k + 1 and _person_head(words[e - 1], capitals=True):
                out.append((k + 1, e))
            if e + 1 < j and words[e] == "," and words[e + 1].lower() in ("the", "a", "an"):
                f = _phrase_end(words, e + 1, j)
                if _person_head(words[f - 1], capitals=False):
                    out.append((e + 1, f))
    return out


def _head_end(words: Sequence[str], i: int, j: int) -> int:
    """Where the head of the mention ``words[i:j]`` ends: before its first ``of``."""
    for k in range(i + 1, j):
        if words[k] == "of":
            return k
    return j


def _owned_person(info: DocInfo, words: Sequence[str], names: set[str]) -> bool:
    """Whether the object of an ``of`` inside a mention is a person: a nominal, or a name
    with a title, a common given name, or a word the document names someone by elsewhere
    ("the wife of [Orrin]"), unlike a place ("the Earl of Varnholm")."""
    if not _capitalised(words[0]) or _kinds[tuple(words)] == NOMINAL:
        return True
    for word in words:
        key = _bare(word)
        if key in HONORIFICS or key in names or (key in GIVEN_NAMES and key not in PLACES):
            return True
        if info.person_ctx.get(key, 0) > info.place_ctx.get(key, 0):
            return True
    return False


def _phrase_end(words: Sequence[str], k: int, j: int) -> int:
    """Where the phrase starting at token `k` (before `j`) ends: at a comma, an ``of`` or a
    relative pronoun."""
    while k < j and words[k] != "," and words[k].lower() not in NOMINAL_MODIFIERS:
        k += 1
    return k


def _person_head(word: str, capitals: bool) -> bool:
    """Whether `word` can end a person mention: a person noun, or (with `capitals`) any
    capitalised word."""
    head = split_clitic(word)[0]
    return (capitals and head[:1].isupper()) or head.lower() in PERSON_NOUNS


_OBJECT_PRONOUNS = frozenset({"them", "us", "you", "him", "her", "it", "me"})
_POSSESSIVE_PRONOUNS = frozenset({"mine", "yours", "hers", "ours", "theirs"})
_NP_DETERMINERS = DETERMINERS | word_set("all both many few several much more most own")
_NP_INNER = word_set("very most more less least own other same first last next few many")
"""Function words that can stand inside a noun phrase ("the very same baker", "his own sons")."""


_OWNER_QUANTIFIERS = word_set("some many most several rest")
"""Words that, before ``of`` and a nominal, make a larger mention ("[some of [the weavers]]")."""


def _of_owner(words: Sequence[str], i: int) -> int:
    """Where a mention starts that holds the nominal at token `i` as the object of a
    quantifier's ``of`` ("[some of [the weavers]]", "[the rest of [his crew]]"); -1 if none."""
    h = i - 2
    if h < 0 or words[i - 1] != "of" or words[h] not in _OWNER_QUANTIFIERS:
        return -1
    if words[i].lower() not in DETERMINERS or words[i].lower() in ("a", "an", "one"):
        return -1
    return h - 1 if h > 0 and words[h - 1] == "the" else h


def _np_end(words: Sequence[str], k: int, end: int) -> int:
    """End of the noun phrase starting at token `k` (before `end`): determiners, then
    adjectives, nouns and names up to a function word, a punctuation mark, a past tense
    that is no adjective or a word that is only a verb ("of [the tannery] had"); `k`
    when there is none, and just an object or possessive pronoun ("of [them]", "of [ours]")."""
    m = k
    if k < end and words[k].lower() in _POSSESSIVE_PRONOUNS:
        return k + 1  # "a nephew of [ours]"
    if k < end and words[k].lower() in _OBJECT_PRONOUNS:
        m = _np_end(words, k + 1, end) if words[k].lower() == "her" else k
        return m if m > k + 1 else k + 1  # "of her youth", "of them"
    while m < end and words[m].lower() in _NP_DETERMINERS:
        m += 1
    content = m
    while m < end:
        word = words[m]
        if not word[:1].isalnum():
            break
        lw = _bare(word)
        if lw in FUNCTION_WORDS and lw not in _NP_INNER:
            break
        bits = word_bits(lw)
        verb = (bits & VBD and not bits & ADJ) or (bits & VERB and not bits & (NOUN | NNS | ADJ))
        if verb and not _capitalised(word):
            break
        m += 1
        if split_clitic(word)[1]:
            break
    return m if m > content else k


_ARTICLES = word_set("the a an this that these those his her my your our their its")
"""Determiners that begin a noun phrase whose adjectives the tagger may leave out."""
_NAME_ARTICLES = frozenset({"the", "a", "an"})
"""Determiners that begin a name's adjectives ("[the talkative Orla]"), unlike a possessive
("my dear [Tamsin]") or a "that" that may be a conjunction ("that poor [Ida] said")."""
_EPITHETS = word_set("young old poor little dear late plain said aforesaid aforementioned")
"""Words that stand as adjectives between "the" and a name ("[the said Ruth]")."""
_NUMBERS = word_set("two three four five six seven eight nine ten")
"""Numbers that stand among a noun phrase's adjectives ("[the three Pells]")."""
PREMODIFIERS_MAX = 5
"""Most adjectives, commas and "and"s the start of a mention moves back over."""


def _adjective(word: str, name: bool = False) -> bool:
    """Whether `word` can be a lower-case adjective before a noun phrase's head; before a
    `name`, only one that is no noun ("the house [Mrs. Ashby] let", but "the young [Ida]")."""
    lw = word.lower()
    if word != lw or not lw[:1].isalpha():
        return False
    if lw in FUNCTION_WORDS:
        return lw in _NUMBERS or (lw in _NP_INNER and not name)
    if lw in _EPITHETS or "-" in lw:
        return not (name and lw == "dear")
    bits = word_bits(lw)
    return bool(bits & (ADJ | VBG | VBN)) and not (name and bits & NOUN)


def premodified(words: Sequence[str], i: int, lo: int, name: bool) -> int:
    """Where a mention starting at token `i` starts with the determiner and adjectives
    before it that the tagger left out ("[a tall, stooping gardener]", "[the talkative
    Orla]"); `lo` is the sentence start and `name` says the mention is a name."""
    if words[i].lower() in DETERMINERS:
        return i
    m = i
    while m > lo and i - m < PREMODIFIERS_MAX:
        before = words[m - 1]
        if before in (",", "and"):
            if m - 1 <= lo or not _adjective(words[m - 2], name) or not _adjective(words[m]):
                break
        elif not _adjective(before, name):
            break
        m -= 1
    while m < i and words[m] in (",", "and"):
        m += 1
    if m in (i, lo) or words[m - 1].lower() not in (_NAME_ARTICLES if name else _ARTICLES):
        return i
    return m - 1


EXTENSION_MAX = 40
"""Most words `extend` adds to a nominal."""
CLAUSE_MAX = 12
"""Most words a relative clause a mention takes in may have: a longer run without
punctuation seldom ends where the clause does."""


_MAIN_VERBS = word_set("was is were are has had will would could should might must can")
"""Finite verbs that, after a relative clause's own words, begin the main clause ("[the
clerk who signed the form] was")."""
_SUBJECTS = word_set(
    "i he she we they you it who that which there this what not never had has have would",
    "could should might must will can do did does was were is are be been",
)
"""Words before a `_MAIN_VERBS` verb that make it the clause's own ("who said he was")."""


def _clause_end(words: Sequence[str], k: int, end: int, own_subject: bool = False) -> int:
    """End of the relative clause starting at token `k`: the next punctuation mark (or
    `end`) or, unless the clause has a subject of its own (after "whose" or "whom"), a
    `_MAIN_VERBS` verb after a verb of its own ("[the clerk who signed the form] has
    left"); `k` when that is more than `CLAUSE_MAX` words away."""
    m = k
    verb = False
    while m < end and words[m][:1].isalnum():
        word = words[m]
        if verb and word in _MAIN_VERBS and words[m - 1].lower() not in _SUBJECTS:
            break
        if not own_subject and not verb and word not in FUNCTION_WORDS:
            verb = (word.islower() and bool(word_bits(word) & VERB)) or word in _MAIN_VERBS
        m += 1
    return m if m - k <= CLAUSE_MAX else k


SUBJECT_PREPOSITIONS = word_set("with in on at like below")
"""Prepositions whose phrase after a nominal that opens a clause describes it ("[the girl
on the cart] waved"), where after a verb it is seldom part of the mention."""
_CLAUSE_JOINS = word_set("and but")
"""Words after which a nominal still opens a clause ("…, and [the girl on the cart] waved")."""


def extend(words: Sequence[str], i: int, j: int, end: int) -> int:
    """The end of the longest mention a nominal ``words[i:j]`` heads, by LitBank's rule of
    maximal spans: it takes in ``of`` phrases, relative clauses and, in a nominal that opens a
    clause, a phrase of a `SUBJECT_PREPOSITIONS` right after its head ("[a potter of great
    patience]", "[the ferryman, who had lost his oar]", "[the girl on the cart]"); `end`
    bounds the sentence, and `EXTENSION_MAX` words bound the extension, which keeps the cost
    per mention constant."""
    end = min(end, j + EXTENSION_MAX)
    subject = (
        i == 0 or not words[i - 1][:1].isalnum() or words[i - 1].lower() in _CLAUSE_JOINS
    ) and not split_clitic(words[j - 1])[1]
    while j < end:
        lw = words[j].lower()
        if lw == "of" or (subject and lw in SUBJECT_PREPOSITIONS):
            m = _np_end(words, j + 1, end)
        elif lw in RELATIVES:
            m = _clause_end(words, j + 1, end, lw != "who")
        elif lw == "," and j + 1 < end and words[j + 1].lower() in RELATIVES:
            m = _clause_end(words, j + 2, end, words[j + 1].lower() != "who")
            m = m if m > j + 2 else j
        else:
            break
        if m <= j + 1:
            break
        j = m
        subject = False
    return j


def find_persons(
    doc: Document, model: PersonModel | None = None, non_characters: Iterable[str] = ()
) -> list[Span]:
    """The person mentions of `doc`, in text order (as a layer sorts them)."""
    model = default_model() if model is None else model
    info = doc_info(doc)
    words, starts, ends = info.words, info.starts, info.ends
    skip = _NonCharacters((*BRANDS_AND_TITLES, *non_characters), info)
    spans: list[Span] = []
    sentences = info.sentences
    seen: set[tuple[int, int]] = set()

    def add(i: int, j: int, score: float, core: int = 0) -> int:
        """Add the mention ``words[i:j]`` (a nominal extended over its modifiers when its
        core ``words[i:core]`` is given); return its end."""
        if j - i > 1 and (words[i] in _VERB_TITLES or _opener(info, i)):
            i += 1  # "to miss Ralph Denham", "Meanwhile Hamid said": not part of the name
        kind = _kinds[tuple(words[i : core or j])]
        if kind == NOMINAL and j - i == 1 and form(words[i])[4] == "X":
            kind = NAME if form(words[i])[0] in info.named_nouns else kind
        while (
            kind == NAME
            and i > 0
            and _capitalised(words[i - 1])
            and _bare(words[i - 1]) in HONORIFICS
        ):
            i -= 1  # "[Mrs. Ashby]" where the tagger found "Ashby"
        if core:
            s = bisect.bisect_right(sentences, (i, len(words))) - 1
            lo, hi = sentences[s] if s >= 0 else (0, len(words))
            i = premodified(words, i, lo, kind == NAME)
            if kind == NOMINAL:
                j = extend(words, i, j, hi)
        if (i, j) in seen:
            return j
        seen.add((i, j))
        last = words[j - 1]
        end = ends[j - 1] - (len(last) - len(split_clitic(last)[0]))
        if not _no_one(words, i, j, skip):
            attrs = MappingProxyType({"score": round(score, 3)})
            if kind == NOMINAL and j == i + 1 and _surname_like(info, words[i]):
                kind = NAME
            spans.append(Span(starts[i], end, kind, attrs))
        return j

    found = consistent(info, Tagger(model, info).mentions())
    names = {
        key
        for i, j, _ in found
        if (i == 0 or words[i - 1] != "of")
        and (key := _name_key(words[_head_end(words, i, j) - 1]))
    }
    reach = 0
    for i, core, margin in found:
        if i < reach and words[i - 1] == "of" and not _owned_person(info, words[i:core], names):
            continue  # "the Earl of [Varnholm]", tagged on its own
        score = model.score(margin)
        j = add(i, core, score, core)
        reach = max(reach, j)
        for a, b in nested_mentions(words, i, j):
            if a == 0 or words[a - 1] != "of" or _owned_person(info, words[a:b], names):
                add(a, b, score)
        a = _of_owner(words, i)
        if a >= 0:
            add(a, i - 1, score, i - 1)  # "[some of [the weavers]]"
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


def make_persons_stage(
    non_characters: Iterable[str] = (), model: PersonModel | None = None
) -> Stage:
    """A ``persons`` stage that also drops the given non-character names (a fandom pack's
    places and organisations) and uses `model` instead of the shipped one when given."""
    names = tuple(non_characters)

    @stage(requires=[TOKENS, SENTENCES, QUOTES], provides=[PERSONS])
    def persons(doc: Document) -> list[Layer]:
        """Person mentions (not pronouns): ``name`` and ``nominal`` spans with a score."""
        return [Layer(PERSONS, find_persons(doc, model, names))]

    return persons


persons_stage = make_persons_stage()
"""The ``persons`` stage with the shipped model and no fandom pack."""
