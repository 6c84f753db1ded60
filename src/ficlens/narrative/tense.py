"""Narration tense: past or present, per paragraph and per scene, from finite verbs.

Only the narration is read (text of body paragraphs outside quotation spans): tense
inside dialogue is the speaker's business. A finite verb is counted where it follows its
subject, so its tense is not a guess from the word alone:

* the subject is a personal pronoun, a contraction of one ("she's", "I'd"), an
  indefinite pronoun ("everyone"), a capitalised name, or "there"/"that"/"this" before a
  form of *be* or *have*; up to three adverbs may stand between ("she quietly closes");
* the verb's forms come from LemmInflect's inflection tables (past ``VBD``, past
  participle ``VBN``, third-person present ``VBZ``, other present ``VBP``), with the
  auxiliaries written out here. After "he", "she", "it" or a name a bare form cannot be
  present, so "she read", "he put", "it hit" are past; after "I", "you", "we", "they"
  those words are ambiguous and are not counted;
* a verb after "and"/"but"/"then" that continues a counted lexical verb in the same tense
  ("she nods and turns") counts too;
* "would", "could", "should", "might", "must" and "'d" say nothing about the tense;
* asides in the present are not counted: commentary inside past narration ("It figures
  that ...", "It's not that ...", "it seems") and a first-person narrator's own present
  ("I remember", "I think", "I have told you").

Only subjects that belong to the narration count: in a third-person scene an "I" outside
quotes belongs to a letter, a text message or unmarked thoughts, not to the narrator.
Each verb records whether its subject is a person (a personal pronoun or a name) and
whether that subject opens the sentence, which the tense-shift check weighs.

Past perfect ("had gone", "she'd gotten") is counted as past and noted: a paragraph of
present narration that opens in the past perfect, or whose first sentence remembers
("She remembers when ...", "Last week, ...", "years ago"), is a flashback, and so are the
past-tense paragraphs that follow it until the narration returns to the present.
"""

from __future__ import annotations

import bisect
import gzip
import importlib.util
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from ficlens.document import Document, Layer, Span
from ficlens.layers import PARAGRAPHS, QUOTES, SCENES, SENTENCES, TENSE, TOKENS
from ficlens.narrative.person import FIRST, SECOND, THIRD, Narration, scene_persons
from ficlens.pipeline import stage
from ficlens.structure.tokens import ABBREVIATIONS

PAST = "past"
PRESENT = "present"
MIXED = "mixed"
NONE = "none"

# Word-class bits of the lexicon.
VBD = 1
VBN = 2
VBZ = 4
VBP = 8
VBG = 16
NNS = 32
NOUN = 64
ADJ = 128
ADV = 256
PROPER = 512
VERB = VBD | VBN | VBZ | VBP | VBG
COMMON = VERB | NNS | NOUN | ADJ | ADV

_TAG_BITS = {
    "VBD": VBD,
    "VBN": VBN,
    "VBZ": VBZ,
    "VBP": VBP,
    "VB": VBP,
    "VBG": VBG,
    "NNS": NNS,
    "NN": NOUN,
    "JJ": ADJ,
    "JJR": ADJ,
    "JJS": ADJ,
    "RB": ADV,
    "RBR": ADV,
    "RBS": ADV,
}


def _words(words: str) -> frozenset[str]:
    """The set of the space-separated `words`."""
    return frozenset(words.split())


# Auxiliaries and modals, by what they say about tense.
_AUX_PRESENT = _words(
    "is are am has have does do isn't aren't ain't hasn't haven't doesn't don't "
    "will won't can can't cannot shall may"
)
_AUX_PAST = _words("was were had did wasn't weren't hadn't didn't")
_AUX_NEUTRAL = _words(
    "would could should might must ought need dare wouldn't couldn't shouldn't mightn't "
    "mustn't needn't"
)
_BE_HAVE = _words(
    "is are am was were has have had isn't aren't wasn't weren't hasn't haven't hadn't"
)

# Subjects: person of each pronoun; "s" marks a singular third person (a bare verb
# form after it cannot be present).
_PRONOUN_SUBJECTS: Mapping[str, tuple[str, bool]] = MappingProxyType(
    {
        "i": (FIRST, False),
        "we": (FIRST, False),
        "you": (SECOND, False),
        "he": (THIRD, True),
        "she": (THIRD, True),
        "it": (THIRD, True),
        "they": (THIRD, False),
        **dict.fromkeys(
            _words(
                "everyone everybody everything someone somebody something nobody nothing "
                "anyone anybody anything"
            ),
            (THIRD, True),
        ),
    }
)
_CONTRACTIONS: Mapping[str, str | None] = MappingProxyType(
    {"s": PRESENT, "re": PRESENT, "m": PRESENT, "ve": PRESENT, "ll": PRESENT, "d": None}
)
_DEMONSTRATIVES = frozenset({"there", "that", "this", "here"})
_SKIPPABLE = _words(
    "never always just still also only even already then finally suddenly really almost "
    "barely hardly simply soon often sometimes usually actually immediately again both all "
    "each too now once quickly merely nearly certainly probably definitely clearly "
    "obviously instantly rather quite somehow instead anyway later first eventually "
    "herself himself itself themselves myself yourself ourselves alone not ever seldom "
    "rarely mostly generally kind sort"
)
_NOT_NAMES = _words(
    "the a an and but or so yet for nor then now when while as if because though although "
    "after before until since where why how what who whom whose which that this these those "
    "there here maybe perhaps still just only even never always once also instead however "
    "meanwhile suddenly finally soon later today tonight tomorrow yesterday some any every "
    "each all both no not my his her their our your its one another other such many much "
    "more most few several oh ah well yes yeah okay ok please sorry thanks chapter part book "
    "neither either none nor at in on by with from of to into onto upon about above across "
    "against along among around behind below beneath beside between beyond during except "
    "inside near off out outside over past through throughout toward towards under unlike "
    "up within without two three four five six seven eight nine ten eleven twelve thirteen "
    "fifteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million "
    "half dear poor old young little"
)
_ADJECTIVE_ENDINGS = ("ible", "able", "ous", "ive", "ful", "less", "ic", "ish", "ical")
_COORDINATORS = frozenset({"and", "but", "then", "or"})
_CLAUSE_OPENERS = _words(
    "and but or so then when while as because if that until before after since though "
    "although where once whenever"
)
_INVERTING = _AUX_PRESENT | _AUX_PAST | _AUX_NEUTRAL | {"did", "do", "does"}
_PERSONAL = frozenset({"i", "you", "he", "she", "it", "we", "they"})
_NARRATORS = frozenset({"i", "we"})
_NARRATOR_VERBS = _words(
    "think know remember suppose presume confess believe doubt fear hope wonder guess admit "
    "say recall imagine mean own grant trust suspect must tell mention add write proceed "
    "recollect repeat"
)
_IT_ASIDES = _words("seems appears")
_COMMENTARY_CUES = _words("that like as how what when if not funny strange odd true typical")
_FLASHBACK = re.compile(
    r"""\b(?:remember(?:s|ed|ing)?|recall(?:s|ed)?|reminisce[sd]?
      | (?:think|thinks|thought|thinking|flash(?:es|ed)?|look(?:s|ed)?)\s+back
      | yesterday | ago | back\ (?:then|when) | once\ upon
      | last\ (?:night|week|month|year|time|summer|winter|spring|fall|autumn|weekend|christmas)
      | (?:the\ )?(?:night|day|week|month|year|summer)\ before
      | years\ (?:before|earlier) | earlier\ (?:that|this|today)
      | when\ (?:she|he|I|they|we)\ (?:was|were)\ (?:a\ kid|a\ child|little|young|small)
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)
_FLASHBACK_PRESENT_SHARE = 0.4
_SENTENCE_END = frozenset(".!?…")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """Word-class bits of every form, and the verb forms of every verb lemma."""

    bits: Mapping[str, int]
    verbs: Mapping[str, Mapping[str, tuple[str, ...]]]
    lemma_of: Mapping[str, str]


# LemmInflect's inflection table: one line per lemma and word class, with the inflected
# forms in this order (spellings of one form separated by "/").
_TABLE_TAGS = {
    "noun": ("NNS",),
    "adj": ("JJR", "JJS"),
    "adv": ("RBR", "RBS"),
    "verb": ("VBD", "VBN", "VBG", "VBZ"),
}
_BASE_TAGS = {"noun": ("NN",), "adj": ("JJ",), "adv": ("RB",), "verb": ("VB", "VBP")}


def _lemminflect_rows() -> Iterator[tuple[str, str, str]]:
    """(lemma, Penn tag, spelling) of every form in LemmInflect's tables and overrides.

    The files are read straight from the installed package (version pinned): importing
    LemmInflect itself would load NumPy and its neural models, which are not needed here.
    """
    spec = importlib.util.find_spec("lemminflect")
    if spec is None or spec.origin is None:
        raise RuntimeError("the lemminflect package is not installed")
    resources = Path(spec.origin).parent / "resources"
    table = gzip.decompress((resources / "infl_lu.csv.gz").read_bytes()).decode("utf-8")
    for line in table.splitlines():
        lemma, category, *forms = line.split(",")
        for tag in _BASE_TAGS.get(category, ()):
            yield lemma, tag, lemma
        for tag, spellings in zip(_TABLE_TAGS.get(category, ()), forms, strict=False):
            for spelling in spellings.split("/"):
                if spelling:
                    yield lemma, tag, spelling
    overrides = (resources / "infl_overrides.csv").read_text(encoding="utf-8")
    for line in overrides.splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, tag, spelling = line.strip().split(",")
            yield lemma, tag, spelling


@cache
def _lexicon() -> _Lexicon:
    bits: dict[str, int] = {}
    verbs: dict[str, dict[str, list[str]]] = {}
    lemma_of: dict[str, str] = {}
    for lemma, tag, spelling in _lemminflect_rows():
        proper = lemma[:1].isupper()  # "Aaron": a name, not a common noun
        bit = PROPER if proper else _TAG_BITS.get(tag, 0)
        key = spelling.lower()
        bits[key] = bits.get(key, 0) | bit
        if bit & VERB:
            base = lemma.lower()
            verbs.setdefault(base, {}).setdefault(tag, []).append(spelling)
            if tag not in {"VB", "VBP"} or key not in lemma_of:
                lemma_of[key] = base  # "saw" is "see" before it is "saw"
    for word in ("was", "were", "had", "did"):
        bits[word] = VBD
    for word in ("is", "has", "does"):
        bits[word] = VBZ
    for word in ("are", "am", "have", "do"):
        bits[word] = VBP
    for word in ("been", "gone", "done"):
        bits[word] = bits.get(word, 0) | VBN
    frozen = {lemma: {tag: tuple(f) for tag, f in forms.items()} for lemma, forms in verbs.items()}
    return _Lexicon(MappingProxyType(bits), MappingProxyType(frozen), MappingProxyType(lemma_of))


def lexicon() -> Mapping[str, int]:
    """Lower-case word forms mapped to their word-class bits (from LemmInflect's tables)."""
    return _lexicon().bits


def word_bits(word: str) -> int:
    """Word-class bits of `word` (any case); 0 for unknown words."""
    return _lexicon().bits.get(word.lower(), 0)


def inflect(verb: str, tag: str) -> str | None:
    """The Penn `tag` form (``VBD``, ``VBZ``, ...) of the verb form `verb`, if it is a verb."""
    lex = _lexicon()
    lemma = lex.lemma_of.get(verb.lower())
    forms = lex.verbs.get(lemma, {}) if lemma else {}
    spellings = forms.get(tag)
    return spellings[0] if spellings else None


def verb_forms(lemmas: Iterable[str]) -> frozenset[str]:
    """Every form of the verbs `lemmas` ("say" gives say, says, said, saying)."""
    verbs = _lexicon().verbs
    out: set[str] = set()
    for lemma in lemmas:
        out.add(lemma)
        for spellings in verbs.get(lemma, {}).values():
            out.update(f.lower() for f in spellings)
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Verb:
    """A counted finite verb of the narration.

    ``perfect``: past perfect; ``commentary``: a present aside ("It figures that", a
    narrator's "I remember"), not counted; ``personal``: its subject is a person (a
    personal pronoun or a name, not "it", "there" or "everyone"), which is how a story is
    told, while generic statements ("there is a time for everything") mostly have
    impersonal subjects; ``main``: a personal subject opening the sentence ("He smiles"),
    so the verb tells the story in a main clause rather than a subordinate one ("since
    she met him"); ``plural``: the subject takes a bare present ("I", "you", "they").
    """

    start: int
    end: int
    tense: str
    perfect: bool = False
    commentary: bool = False
    main: bool = False
    personal: bool = False
    plural: bool = False


class _Word(NamedTuple):
    start: int
    end: int
    low: str
    capital: bool
    sentence_start: bool


_Item = _Word | None
"""A narration word, or None for a clause boundary (punctuation or a quotation)."""

_NARRATION_TOKEN = re.compile(
    rf"""(?P<word>(?:{"|".join(ABBREVIATIONS)})\.|[^\W\d_](?:[^\W_]|[’'])*(?:-(?:[^\W_]|[’'])+)*)
    |(?P<stop>[.!?…]+)|(?P<mark>[^\w\s’'])""",
    re.VERBOSE,
)


def _items(text: str, narration: Narration, start: int, end: int) -> list[_Item]:
    """The narration words of a paragraph, with None at each clause boundary.

    Quotations are skipped (one boundary each); whether the word after a quotation opens
    a sentence depends on how the quotation ended (“Thanks.” He ... / “Thanks,” he ...).
    """
    items: list[_Item] = []
    sentence_start = True
    finditer = _NARRATION_TOKEN.finditer
    pos = start
    for rs, re_ in narration.ranges(start, end):
        if rs > pos:  # a quotation
            items.append(None)
            sentence_start = text[rs - 2] in _SENTENCE_END if rs - pos >= 2 else True
        pos = re_
        for m in finditer(text, rs, re_):
            kind = m.lastgroup
            if kind == "word":
                word = m.group()
                items.append(
                    _Word(
                        m.start(),
                        m.end(),
                        word.lower().replace("’", "'"),
                        word[0].isupper(),
                        sentence_start,
                    )
                )
                sentence_start = False
            else:
                items.append(None)
                if kind == "stop":
                    sentence_start = True
    return items


def _split_contraction(low: str) -> tuple[str, str | None]:
    """("she", "s") for "she's"; (word, None) when there is no apostrophe.

    Words are lower-cased with curly apostrophes made straight before they get here.
    """
    i = low.find("'")
    return (low[:i], low[i + 1 :]) if i > 0 else (low, None)


def _lexical_tense(bits: int, singular: bool) -> str | None:
    """Tense of a lexical verb form after its subject, or None when it cannot tell."""
    if bits & VBD:
        if bits & (VBZ | VBP) and not (singular and not bits & VBZ):
            return None  # "put", "read" after "they": either tense
        return PAST
    if bits & VBZ:
        return PRESENT if singular else None
    if bits & VBP and not singular:
        return PRESENT
    return None


def _is_skippable(word: _Word, lex: Mapping[str, int]) -> bool:
    """Whether a word between subject and verb is an adverb ("she still", "I well knew")."""
    low = word.low
    if low in _SKIPPABLE:
        return True
    bits = lex.get(low, 0)
    if low.endswith("ly"):
        return not bits & VERB
    return bool(bits & ADV) and not bits & (VBZ | VBD)


def find_verbs(items: Sequence[_Item], persons: frozenset[str]) -> list[Verb]:
    """The counted finite verbs of one paragraph's narration `items`.

    `persons` are the grammatical persons whose subjects belong to the narration.
    """
    lex = lexicon()
    verbs: list[Verb] = []
    n = len(items)
    i = 0
    while i < n:
        word = items[i]
        i += 1
        if word is None:
            continue
        low = word.low
        prev = items[i - 2] if i >= 2 else None
        if prev is not None and prev.low in _INVERTING:
            continue  # "Was she ...?", "Did they call ...?": a question, not a statement
        base, suffix = _split_contraction(low)
        subject = _PRONOUN_SUBJECTS.get(base)
        if suffix is not None:
            tense = _contraction_tense(
                items, i, base=base, suffix=suffix, subject=subject, persons=persons, lex=lex
            )
            if tense is not None:
                commentary = tense == PRESENT and (
                    base in _NARRATORS or (word.sentence_start and _is_commentary(items, i, base))
                )
                personal = base in _PERSONAL and base != "it"
                main = personal and word.sentence_start
                plural = subject is not None and not subject[1]
                verbs.append(
                    Verb(
                        word.start,
                        word.end,
                        tense,
                        tense == PAST,
                        commentary,
                        main,
                        personal,
                        plural,
                    )
                )
            continue
        singular = True
        demonstrative = False
        if subject is not None:
            if (low == "i" and not word.capital) or subject[0] not in persons:
                continue
            singular = subject[1]
        elif low in _DEMONSTRATIVES:
            demonstrative = True
        elif not _is_name_subject(items, i - 1, lex):
            continue
        # Skip adverbs between the subject and its verb.
        j = i
        while j < n and j - i < 3:
            nxt = items[j]
            if nxt is None or not _is_skippable(nxt, lex):
                break
            j += 1
        verb = items[j] if j < n else None
        if verb is None or verb.capital or verb.low == "be":
            continue
        v = verb.low
        perfect = False
        if v in _AUX_PRESENT:
            tense = PRESENT
        elif v in _AUX_PAST:
            tense = PAST
            perfect = v in ("had", "hadn't") and _participle_follows(items, j + 1, lex)
        elif v in _AUX_NEUTRAL or demonstrative:
            tense = None
        else:
            bits = lex.get(v, 0)
            tense = _lexical_tense(bits, singular)
            if tense == PRESENT and subject is None and not bits & VBZ:
                tense = None  # a name may head a compound subject: "Nell and Theo walk"
        if tense is None or (demonstrative and v not in _BE_HAVE):
            continue
        commentary = tense == PRESENT and _is_aside(items, i - 1, j, word, demonstrative)
        personal = (subject is None and not demonstrative) or (low in _PERSONAL and low != "it")
        main = personal and _opens_sentence(items, i - 1)
        verbs.append(
            Verb(verb.start, verb.end, tense, perfect, commentary, main, personal, not singular)
        )
        lexical = v not in _AUX_PRESENT and v not in _AUX_PAST
        i = j + 1
        if lexical and not commentary:
            i = _coordinated(
                items, i, tense=tense, singular=singular, personal=personal, verbs=verbs, lex=lex
            )
    return verbs


def _is_aside(items: Sequence[_Item], k: int, j: int, subject: _Word, demonstrative: bool) -> bool:
    """Whether a present verb (item `j`, subject at `k`) is an aside, not narration.

    A narrator's own present ("I think", "I remember", "I have told you, reader"),
    "it seems" / "it appears", and commentary such as "It figures that ...".
    """
    verb = items[j]
    assert verb is not None
    low = subject.low
    if low in _NARRATORS:
        return verb.low in _AUX_PRESENT or verb.low in _NARRATOR_VERBS
    if low == "it" and verb.low in _IT_ASIDES:
        return True
    return (
        (low == "it" or demonstrative)
        and subject.sentence_start
        and _is_commentary(items, j + 1, low)
    )


def _opens_sentence(items: Sequence[_Item], k: int) -> bool:
    """Whether the subject ending at item `k` opens its sentence (after any "And"/"But")."""
    while k > 0 and (w := items[k]) is not None and w.capital and not w.sentence_start:
        k -= 1  # back over the first names of a full name
    word = items[k]
    if word is None:
        return False
    if word.sentence_start:
        return True
    prev = items[k - 1] if k > 0 else None
    return prev is not None and prev.sentence_start and prev.low in _COORDINATORS


def _is_name_subject(items: Sequence[_Item], k: int, lex: Mapping[str, int]) -> bool:
    """Whether the capitalised word at item `k` is a name heading a clause ("and Nell nods").

    The name (or full name, "Mr. Ellis") must open a sentence or a clause, so "handing
    out Monopoly money", "made Theo upset" or "On Friday letters ..." are not read as
    subject and verb. At the start of a sentence a common word ("Tears sting", "Rain
    falls") or a numeral ("Five minutes later") is not a name.
    """
    word = items[k]
    if word is None or not word.capital or not _may_be_name(word, lex):
        return False
    while not word.sentence_start:
        prev = items[k - 1] if k > 0 else None
        if prev is None or not prev.capital:
            return prev is None or prev.low in _CLAUSE_OPENERS
        if not _may_be_name(prev, lex):
            return False
        k -= 1
        word = prev
    bits = lex.get(word.low, 0)
    return not bits & COMMON or bool(bits & PROPER and not bits & NNS)  # "Grace", not "Robins"


def _may_be_name(word: _Word, lex: Mapping[str, int]) -> bool:
    """Whether a capitalised word could be (part of) a name."""
    low = word.low
    first = low.split("-", 1)[0]
    if first in _NOT_NAMES or low in _PRONOUN_SUBJECTS:
        return False
    return not (low.endswith(_ADJECTIVE_ENDINGS) and not lex.get(low, 0) & PROPER)


def _participle_follows(items: Sequence[_Item], k: int, lex: Mapping[str, int]) -> bool:
    """Whether a past participle (after any adverbs) starts at item `k`: "had (never) gone"."""
    n = len(items)
    while k < n and (w := items[k]) is not None and _is_skippable(w, lex):
        k += 1
    after = items[k] if k < n else None
    if after is None:
        return False
    bits = lex.get(after.low, 0)
    return bool(bits & VBN) and not bits & (VBP | VBZ)


def _contraction_tense(
    items: Sequence[_Item],
    i: int,
    *,
    base: str,
    suffix: str,
    subject: tuple[str, bool] | None,
    persons: frozenset[str],
    lex: Mapping[str, int],
) -> str | None:
    """Tense of a subject contraction ("she's", "I'd", "there's") before item `i`."""
    if subject is None:
        return PRESENT if base in _DEMONSTRATIVES and suffix == "s" else None
    if base not in _PERSONAL or subject[0] not in persons:
        return None
    if suffix == "d":  # "she'd gone" is past perfect; "she'd go" is a conditional
        return PAST if _participle_follows(items, i, lex) else None
    return _CONTRACTIONS.get(suffix)


def _is_commentary(items: Sequence[_Item], k: int, subject: str) -> bool:
    """Whether "It figures that ..." / "It's not that ...": a present aside, not narration."""
    if subject not in ("it", "that", "there", "this"):
        return False
    return any(
        (w := items[m]) is not None and w.low in _COMMENTARY_CUES
        for m in range(k, min(len(items), k + 3))
    )


def _coordinated(
    items: Sequence[_Item],
    i: int,
    *,
    tense: str,
    singular: bool,
    personal: bool,
    verbs: list[Verb],
    lex: Mapping[str, int],
) -> int:
    """Count verbs coordinated with the one just counted ("nods and turns"); next index."""
    n = len(items)
    while i < n:
        # Scan the rest of the clause: up to the next boundary, for "and" + verb.
        word = items[i]
        if word is None:
            # A comma before "and" is fine; anything else ends the clause.
            if i + 1 < n and (w := items[i + 1]) is not None and w.low in _COORDINATORS:
                i += 1
                continue
            return i
        if word.low in _COORDINATORS and i + 1 < n:
            nxt = items[i + 1]
            if nxt is None or nxt.capital:
                return i + 1
            bits = lex.get(nxt.low, 0)
            if nxt.low in _PRONOUN_SUBJECTS:
                return i + 1  # a new clause with its own subject
            if _lexical_tense(bits, singular) == tense and not bits & NOUN:
                verbs.append(
                    Verb(nxt.start, nxt.end, tense, personal=personal, plural=not singular)
                )
            i += 2
            continue
        i += 1
    return i


@dataclass(frozen=True, slots=True)
class ParagraphTense:
    """The tense of one paragraph's narration."""

    start: int
    end: int
    label: str
    past: int
    present: int
    verbs: tuple[Verb, ...]
    flashback: bool


def label_of(past: int, present: int) -> str:
    """``none``, ``past``, ``present`` or ``mixed`` (the minority is at least a fifth)."""
    total = past + present
    if not total:
        return NONE
    if min(past, present) >= max(1.0, 0.2 * total):
        return MIXED
    return PAST if past > present else PRESENT


def _opens_flashback(text: str, start: int, end: int, verbs: Sequence[Verb]) -> bool:
    """Whether a paragraph opens by remembering or in the past perfect."""
    first = [v for v in verbs if not v.commentary][:1]
    if first and first[0].perfect:
        return True
    stop = end
    for mark in ".!?":
        k = text.find(mark, start, end)
        if k != -1:
            stop = min(stop, k)
    return bool(_FLASHBACK.search(text, start, stop))


def _narration_persons(person: str | None) -> frozenset[str]:
    if person == FIRST:
        return frozenset({FIRST, THIRD})
    if person == SECOND:
        return frozenset({SECOND, THIRD})
    return frozenset({THIRD})


def _mark_flashbacks(text: str, paragraphs: list[ParagraphTense]) -> list[ParagraphTense]:
    """Flag the flashbacks of one scene told in the present.

    A past-tense paragraph that opens by remembering (or in the past perfect) starts a
    flashback; the past-tense paragraphs after it continue it until the present returns.
    In a scene told mostly in the past nothing is a flashback.
    """
    past = sum(p.past for p in paragraphs)
    present = sum(p.present for p in paragraphs)
    if present < _FLASHBACK_PRESENT_SHARE * (past + present) or not present:
        return paragraphs
    out: list[ParagraphTense] = []
    inside = False
    for p in paragraphs:
        if p.present and p.past <= p.present:
            inside = False
        elif p.past:
            counted = [v for v in p.verbs if not v.commentary]
            inside = inside or _opens_flashback(text, p.start, p.end, counted)
        out.append(replace(p, flashback=inside) if inside else p)
    return out


def paragraph_tenses(doc: Document) -> list[ParagraphTense]:
    """The narration tense of every body paragraph, with its counted verbs."""
    narration = Narration(doc)
    text = doc.text
    scenes = doc.layer(SCENES)
    persons = [_narration_persons(g.person) for g in scene_persons(doc, narration)]
    default = _narration_persons(None)
    out: list[ParagraphTense] = []
    group: list[ParagraphTense] = []
    group_scene: int | None = None
    for ps, pe in narration.paragraphs:
        scene = scenes.index_at(ps)
        if scene != group_scene:
            out.extend(_mark_flashbacks(text, group) if group_scene is not None else group)
            group = []
            group_scene = scene
        narrators = persons[scene] if scene is not None else default
        verbs = find_verbs(_items(text, narration, ps, pe), narrators)
        past = sum(1 for v in verbs if v.tense == PAST and not v.commentary)
        present = sum(1 for v in verbs if v.tense == PRESENT and not v.commentary)
        group.append(
            ParagraphTense(ps, pe, label_of(past, present), past, present, tuple(verbs), False)
        )
    out.extend(_mark_flashbacks(text, group) if group_scene is not None else group)
    return out


@stage(requires=[PARAGRAPHS, SENTENCES, TOKENS, QUOTES, SCENES], provides=[TENSE])
def tense_stage(doc: Document) -> list[Layer]:
    """One span per body paragraph labelled with its narration tense.

    attrs: ``past`` and ``present`` (counted finite verbs), ``flashback`` (a past-tense
    paragraph recalling earlier events in present narration), ``first_past`` /
    ``first_present`` (the ``(start, end)`` of the first counted verb of each tense, or
    None), and ``verbs``, every `Verb` found (asides included, flagged as commentary).
    """
    spans = []
    for p in paragraph_tenses(doc):
        attrs: dict[str, object] = {
            "past": p.past,
            "present": p.present,
            "flashback": p.flashback,
            "verbs": p.verbs,
        }
        for tense in (PAST, PRESENT):
            first = next((v for v in p.verbs if v.tense == tense and not v.commentary), None)
            attrs[f"first_{tense}"] = (first.start, first.end) if first else None
        spans.append(Span(p.start, p.end, p.label, MappingProxyType(attrs)))
    return [Layer(TENSE, spans)]


@dataclass(frozen=True, slots=True)
class SceneTense:
    """A scene's narration tense: label, verb counts, share of the majority tense.

    ``dominant`` is the majority tense even when the scene is ``mixed`` (None without
    verbs). Flashback paragraphs are left out of the counts.
    """

    start: int
    end: int
    label: str
    dominant: str | None
    past: int
    present: int
    confidence: float


_MIN_SCENE_VERBS = 3
_MIXED_SHARE = 0.8


def scene_tenses(doc: Document) -> list[SceneTense]:
    """The narration tense of every scene, from the ``tense`` layer (see `tense_stage`)."""
    tense = doc.layer(TENSE)
    t_starts = tense.starts
    out: list[SceneTense] = []
    for scene in doc.layer(SCENES):
        lo = bisect.bisect_left(t_starts, scene.start)
        hi = bisect.bisect_left(t_starts, scene.end, lo)
        past = present = 0
        for k in range(lo, hi):
            attrs = tense[k].attrs
            if not attrs.get("flashback"):
                past += int(attrs.get("past", 0))
                present += int(attrs.get("present", 0))
        total = past + present
        if total < _MIN_SCENE_VERBS:
            out.append(SceneTense(scene.start, scene.end, NONE, None, past, present, 0.0))
            continue
        dominant = PAST if past >= present else PRESENT
        share = max(past, present) / total
        label = dominant if share >= _MIXED_SHARE else MIXED
        out.append(
            SceneTense(scene.start, scene.end, label, dominant, past, present, round(share, 3))
        )
    return out
