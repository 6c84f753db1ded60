"""Point of view: whose perceptions, thoughts and feelings each scene's narration follows.

A scene in close third person lets the reader into one character's head. The narration
(body paragraphs outside quotations) is read for *cues* of an inner life, each credited to
its subject:

* a perception, cognition or emotion verb after its subject ("she wondered", "Idris
  realized", "he could tell", "she can't help but", "he was relieved"), and "she thinks
  to herself";
* a possessive feeling or body-feeling phrase ("her relief", "his heart", "Maren's
  stomach");
* a free indirect question (a question asked in the narration), credited to whoever
  thought last in the paragraph;
* being the main-clause subject of the scene's first sentence;
* pronoun dominance: more "she" subjects than "he" (or the reverse).

Subjects are names and epithets of the ``mentions`` layer, and the pronouns "she", "he"
and (in first-person scenes) "I". Coreference is at its weakest exactly where point of
view matters (in Maren's scene every "she" is Maren, even right after "Tova looked up"),
so pronoun cues are pooled by gender and the pool is tied to a character afterwards: the
character of that gender named as a thinker in the scene, else the one named as a thinker
in the work's other scenes led by that gender, else the one of that gender named most in
the scene. In first person the focal character is the narrator (the character the ``mentions``
layer gives "I" in the narration, else ``Narrator``).

A scene where two characters' inner lives weigh about the same is omniscient. The score
is the focal character's share of the cue weight against the runner-up, times how much
evidence there is, times how sure the pronoun pool's identity is.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import NamedTuple

from ficlens.document import Document, Layer, Span
from ficlens.layers import (
    CAST,
    MENTIONS,
    PARAGRAPHS,
    PERSON,
    POV,
    QUOTES,
    SCENES,
    SENTENCES,
)
from ficlens.narrative.person import FIRST, SECOND, Narration
from ficlens.narrative.tense import VBD, VBG, VBN, VBP, VBZ, lexicon, verb_forms
from ficlens.pipeline import Stage, stage

LIMITED = "limited"
FIRST_MODE = "first"
OMNISCIENT = "omniscient"
UNKNOWN = "unknown"

SHE = "she"
HE = "he"
NARRATOR_GROUP = "I"
NARRATOR = "Narrator"
GROUPS = (SHE, HE, NARRATOR_GROUP)
_GENDER_GROUP = {"female": SHE, "male": HE}

# Cue kinds.
THOUGHT = "thought"
PERCEPTION = "perception"
FEELING = "feeling"
EMOTION = "emotion"
SELF_TALK = "self-talk"
HELPLESS = "couldn't help"
BODY = "inner feeling"
QUESTION = "question"
OPENING = "first sentence"

_WEIGHTS = {
    THOUGHT: 1.0,
    PERCEPTION: 0.6,
    FEELING: 0.8,
    EMOTION: 0.6,
    SELF_TALK: 1.5,
    HELPLESS: 1.0,
    BODY: 0.7,
    QUESTION: 0.5,
    OPENING: 0.75,
}
_WEAK_THOUGHT = 0.5  # "wanted", "decided", "cared": a will more than an inner life
_LOOKING = 0.3  # "watched", "listened": as much behaviour as perception
_HEDGED_FACTOR = 0.5  # "she would know", "he might notice": hypothetical
_EMBEDDED_FACTOR = 0.5  # "he knew she wanted": another's mind, through the thinker's
_DOMINANCE = 1.0  # the most a pronoun majority adds to its pool
_MIN_PRONOUNS = 4
_PRIOR = 2.0  # how much the work-level identity of a pronoun pool counts in a scene
_EVIDENCE_SCALE = 3.0  # cue weight at which the evidence factor reaches 1 - 1/e
_OMNISCIENT_SHARE = 0.6  # runner-up / focal weight for an omniscient scene
_OMNISCIENT_MIN = 3.0  # and the runner-up's own weight
_EVIDENCE_SPANS = 5
_CIRCUMSTANTIAL = frozenset({QUESTION, OPENING})


def _words(words: str) -> frozenset[str]:
    """The set of the space-separated `words`."""
    return frozenset(words.split())


_STRONG_LEMMAS = _words(
    "think wonder realize realise know hope wish remember recall imagine suspect fear worry "
    "regret dread long yearn crave ponder"
)
_THOUGHT_LEMMAS = _STRONG_LEMMAS | _words(
    "recollect suppose doubt believe understand guess assume reckon muse figure consider "
    "debate forget expect daydream dream"
)
_WEAK_LEMMAS = _words("want decide care miss love enjoy")
_PERCEPTION_LEMMAS = _words("see hear notice sense smell taste spot glimpse observe")
_LOOKING_LEMMAS = _words("watch listen")
_MODALS = _words("would could might must may should will shall can 'll")
_NEG_MODALS = _words("wouldn't couldn't mightn't mustn't shouldn't won't can't cannot")
_NEG_AUX = _words("didn't doesn't don't wasn't weren't isn't aren't hadn't hasn't haven't")
_BE = _words("was were is am are been being 'm 're wasn't weren't isn't aren't")
_HAVE = _words("had has have 've hadn't hasn't haven't")
_DO = _words("did does do didn't doesn't don't")
_AUX = _BE | _HAVE | _DO | {"'s"}
_NEGATIONS = _words("not never")
_HEDGES = _words(
    "certainly probably clearly obviously surely apparently likely definitely undoubtedly "
    "presumably perhaps maybe evidently seemingly possibly supposedly"
)
_ADVERBS = _words(
    "just still also only even already then finally suddenly really almost barely hardly "
    "simply soon often sometimes usually actually immediately again instantly quickly "
    "somehow always ever quietly secretly silently briefly vaguely honestly "
    "truly kind sort all both too so"
)
_LY_VERBS = _words("reply replied apply rely rallied fly")
_EMOTIONS = _words(
    "relieved glad happy sad nervous anxious scared afraid terrified excited disappointed "
    "confused embarrassed ashamed jealous thankful grateful annoyed frustrated furious "
    "angry worried sure certain aware determined desperate hopeful heartbroken devastated "
    "stunned shocked surprised amazed curious tempted guilty lonely proud content "
    "overwhelmed uneasy uncomfortable giddy elated ecstatic bad sick terrible awful better "
    "worse miserable upset hurt thrilled eager dreading unsure uncertain convinced "
    "startled horrified mortified humiliated flustered"
)
_FEELING_NOUNS = _words(
    "heart stomach mind thoughts relief dread pulse nerves guilt excitement disappointment "
    "anxiety jealousy frustration embarrassment panic fear gut heartbeat insides"
)
_FELT_OBJECTS = _words(
    "pang twinge rush surge wave flash flicker knot stab sense tug lump jolt chill shiver "
    "spark flutter hint touch wash burst"
)
_KNOW_CLAUSES = _words("that how why whether if she he it they i we you")
_CLAUSE_STARTS = _words(
    "that how what why where when who whom whose if whether she he it they i we you maybe perhaps"
)
_SELVES = _words("herself himself myself")
_VISCERAL = _words(
    "raced sank pounded skipped fluttered twisted clenched tightened ached broke leapt leaped "
    "lurched dropped swelled hammered stuttered flipped churned knotted soared plummeted "
    "races sinks pounds skips flutters twists clenches tightens aches breaks leaps lurches "
    "drops swells hammers stutters flips churns knots soars plummets"
)
_OBJECTS = _words("him her them me you us everyone everybody")
_AFTER_ADJECTIVE = _words(
    "that about of at with to for when because but by than enough after since if as"
)
_SUBORDINATORS = _words(
    "when as after before while if since because once although though until whenever "
    "with without despite for in on at by from during upon over under"
)
_QUESTION_STOPS = ".!?…"
_CLOSERS = " \t\n”\"’')*_"
_CLAUSE_WORDS = _words(
    "and but or so then when while as because if that until before after since though "
    "although where once whenever yet nor"
)
_NARRATOR_WORDS = _words("I me my myself mine")


@dataclass(frozen=True, slots=True)
class Cue:
    """One sign of a character's inner life in the narration.

    ``ref`` is a character id or a pronoun pool (``she``, ``he``, ``I``); ``strong`` marks
    an inner state only its subject can know ("wondered", "realized", "felt guilty"), and
    ``hedged`` one the sentence does not assert about the subject's own mind: hypothetical
    ("would know"), negated, hedged ("probably knew") or embedded in another thought ("she
    knew he wanted").
    """

    start: int
    end: int
    ref: str
    kind: str
    weight: float
    word: str
    strong: bool = False
    hedged: bool = False
    named: bool = False
    lemma: str = ""


@dataclass(frozen=True, slots=True)
class ScenePov:
    """The point of view of one scene, with the cues it was read from.

    ``pronouns`` maps each pronoun pool ("she", "he", "I") to the character it stands for
    in this scene ("" when unknown).
    """

    start: int
    end: int
    focal: str
    mode: str
    score: float
    evidence: tuple[tuple[int, int], ...]
    reasons: tuple[str, ...]
    cues: tuple[Cue, ...]
    pronouns: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class _Verb:
    """A cue verb form: its kind, its lemma and its word-class bits (past, participle...)."""

    kind: str
    lemma: str
    bits: int

    def fits(self, aux: str | None, modal: bool, first_person: bool) -> bool:
        """Whether this form can follow the auxiliary `aux` (or a modal, or nothing)."""
        if aux in _BE:
            return bool(self.bits & VBG)
        if aux in _HAVE:
            return bool(self.bits & VBN)
        if aux == "'s":  # is or has
            return bool(self.bits & (VBG | VBN))
        if aux in _DO or modal:
            return bool(self.bits & VBP)
        return bool(self.bits & (VBD | VBZ) or (first_person and self.bits & VBP))


@cache
def _verbs() -> Mapping[str, _Verb]:
    """Every form of the cue verbs, mapped to its class."""
    lex = lexicon()
    table: dict[str, _Verb] = {}
    groups = (
        (THOUGHT, _THOUGHT_LEMMAS | _WEAK_LEMMAS),
        (PERCEPTION, _PERCEPTION_LEMMAS | _LOOKING_LEMMAS),
        (FEELING, frozenset({"feel"})),
    )
    for kind, lemmas in groups:
        for lemma in lemmas:
            forms = {f: lex.get(f, 0) & (VBD | VBN | VBZ | VBP | VBG) for f in verb_forms([lemma])}
            forms[lemma] |= VBP
            regular = not any(bits & VBN for bits in forms.values())
            for form, bits in forms.items():
                # LemmInflect leaves out a participle spelt like the past tense.
                participle = VBN if regular and bits & VBD else 0
                table[form] = _Verb(kind, lemma, bits | participle)
    return MappingProxyType(table)


_NEXT = re.compile(r"[^\S\n]*([A-Za-z]+(?:[’'][A-Za-z]+)?|[’'](?:s|d|ll|m|ve|re)\b|[^\sA-Za-z])")
_PRONOUN = re.compile(r"(?<![\w’'])([Ss]he|[Hh]e|I)(?=[’'](?:s|d|ll|m|ve|re)\b|(?![\w’']))")
_POSSESSIVE = re.compile(r"(?<![\w’'])([Hh]er|[Hh]is|[Mm]y)[^\S\n]+([a-z]+)\b")
_CONTINUATION = re.compile(
    r"(,|\b(?:and|but)(?:[^\S\n]+then)?)[^\S\n]+(?:(?:still|now|just|suddenly)[^\S\n]+)?([a-z]+)\b"
)
_OPINION = re.compile(  # "thought that Victor should", "thought there would be"
    r"[^.;:!?—–]{0,60}?\b(?:should|would|might|could|ought|must|perhaps|maybe|probably)\b"
)
_CLAUSE_BREAK = re.compile(r"[;:,—–](?:(?<=[;:])|(?=[^\S\n]*(?:and|but|so|yet)\b))")
_GUESSED = re.compile(
    r""",[^\S\n]*(?:she|he|I)[^\S\n]+(?:\w+ly[^\S\n]+)?(?:guess|think|thought|suppose|imagine
      |figure|suspect|bet|reckon|assume)\w*\b""",
    re.VERBOSE,
)
_QUESTION_AUX = _AUX | _MODALS | _NEG_AUX | _NEG_MODALS
_EMBEDDERS = (  # words a clause can hang on: conditions, thoughts, speech, relatives
    r"that if whether how what why though unless perhaps maybe probably must wonder\w* "
    r"think\w* thought know\w* knew realiz\w* realis\w* hop\w* wish\w* sure certain tell told "
    r"guess\w* imagin\w* suppos\w* believ\w* seem\w* notic\w* saw see\w* felt feel\w* which "
    r"whom sa(?:y|ys|id|ying) ask\w* answer\w* repl\w* explain\w* add(?:s|ed|ing) insist\w* "
    r"admit\w* wr(?:ite|ites|ote|iting) text\w* claim\w*"
)
# Case-sensitive with a capital initial allowed: three times faster than (?i).
_EMBEDDING = re.compile(
    r"\b(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _EMBEDDERS.split()) + r")\b"
)


@dataclass(frozen=True, slots=True)
class _Predicate:
    """What follows a subject: the cue's kind, its word and lemma, where it ends."""

    kind: str
    word: str
    end: int
    strong: bool
    hedged: bool
    weight: float
    lemma: str = ""


def _read_predicate(
    text: str, pos: int, stop: int, *, first_person: bool, genitive: bool = False
) -> _Predicate | None:
    """The cue predicate right after a subject ending at `pos`, if there is one.

    Reads auxiliaries, modals, negations and adverbs, then the verb: "she'd never really
    thought", "Maren's not sure", "he couldn't help but", "she thinks to herself". A
    `genitive` subject may be a possessive ("Tova's angry face").
    """
    verbs = _verbs()
    modal: str | None = None
    negated = hedged = helpless = False
    aux: str | None = None
    for _ in range(8):
        m = _NEXT.match(text, pos, stop)
        if m is None:
            return None
        pos = m.end()
        word = m.group(1)
        if not word[0].isalpha() and word[0] not in "’'":
            return None
        low = word.lower().replace("’", "'")
        if low == "'d":
            aux = "'d"
        elif low in _MODALS:
            modal = low
        elif low in _NEG_MODALS:
            helpless = low.startswith(("can", "could"))
            modal = None if helpless else low
            negated = not helpless
        elif low in _NEG_AUX:
            negated = True
            aux = low
        elif low in _NEGATIONS:
            negated = negated or not helpless
        elif low in _AUX:
            aux = low
        elif low in _HEDGES:
            hedged = True
        elif not (low in _ADVERBS or (low.endswith("ly") and low not in _LY_VERBS)):
            break
    else:
        return None
    if helpless and low == "help":
        return _helpless(text, pos, stop, word)
    if (aux in _BE or aux == "'s") and low in _EMOTIONS:
        if genitive and aux == "'s" and _attributive(text, pos, stop):
            return None  # "Tova's angry face"
        return _Predicate(EMOTION, word, pos, False, bool(modal) or negated or hedged, 1.0)
    if modal in ("could", "can") and low == "tell":
        return _Predicate(THOUGHT, word, pos, False, negated or hedged, 1.0)
    verb = verbs.get(low)
    if verb is None:
        return None
    if aux == "'d":  # "she'd thought" had; "she'd think" would
        aux = "had" if verb.bits & VBN else None
        modal = modal or ("would" if aux is None else None)
    if not verb.fits(aux, modal is not None, first_person):
        return None  # "was supposed to", "had long hair", "saw Tova sitting"
    if verb.bits & VBG and aux in _BE and verb.lemma in _WEAK_LEMMAS:
        return None  # "was so caring"
    if modal in ("could", "can") and verb.kind in (PERCEPTION, FEELING):
        modal = None  # "she could see", "he could feel": limited POV's own idiom
    return _predicate(text, (pos, stop), word, verb, hedged=bool(modal) or negated or hedged)


def _attributive(text: str, pos: int, stop: int) -> bool:
    """Whether the adjective ending at `pos` goes with a noun after it ("angry face")."""
    m = _NEXT.match(text, pos, stop)
    return m is not None and m.group(1).isalpha() and m.group(1).lower() not in _AFTER_ADJECTIVE


def _helpless(text: str, pos: int, stop: int, word: str) -> _Predicate:
    """ "can't help (but) think": strong when a thought verb follows."""
    end = pos
    strong = False
    for _ in range(2):
        m = _NEXT.match(text, end, stop)
        if m is None:
            break
        low = m.group(1).lower()
        verb = _verbs().get(low)
        if verb is not None and verb.lemma in _STRONG_LEMMAS | {"feel"}:
            strong = True
            end = m.end()
            break
        if low != "but":
            break
        end = m.end()
    return _Predicate(HELPLESS, word, end, strong, False, 1.0)


def _asserts_thought(lemma: str, following: str, then: str) -> bool:
    """Whether a thought verb, given the two words after it, states a private inner state:
    "thought he looked tired", "knew that", "thought it was over", not "thought about it",
    "thought it an excellent plan" (an opinion), "knew the way", "remembered to call",
    "worried at her lip", "wondered at her ignorance", "wondered aloud"."""
    if following in ("aloud", "out"):
        return False
    if lemma == "know":
        return following in _KNOW_CLAUSES
    if lemma == "think":
        if following == "it":
            return then in _AUX or then in _MODALS or then in ("'s", "seemed")
        return following in _CLAUSE_STARTS or not following.isalpha()
    if lemma in ("remember", "forget"):
        return following != "to"
    if lemma in ("worry", "wonder"):
        return following != "at"
    return True


def _predicate(
    text: str, rest: tuple[int, int], word: str, verb: _Verb, *, hedged: bool
) -> _Predicate | None:
    """The cue a cue verb makes, with what follows it (the clause's `rest`) deciding
    ``strong``."""
    pos, stop = rest
    m = _NEXT.match(text, pos, stop)
    following = m.group(1).lower() if m else ""
    if verb.lemma == "wish" and following in _OBJECTS:
        return None  # "wished him luck": said, not thought
    weight = 1.0
    kind = verb.kind
    strong = False
    if verb.lemma in _WEAK_LEMMAS:
        weight = _WEAK_THOUGHT
    elif verb.lemma in _LOOKING_LEMMAS:
        weight = _LOOKING
    elif kind == THOUGHT and verb.lemma in _STRONG_LEMMAS:
        if following == "to" and m is not None:
            m2 = _NEXT.match(text, m.end(), stop)
            if m2 is not None and m2.group(1).lower() in _SELVES:
                return _Predicate(SELF_TALK, word, m2.end(), True, hedged, 1.0, verb.lemma)
        after = _NEXT.match(text, m.end(), stop) if m is not None else None
        then = after.group(1).lower().replace("’", "'") if after is not None else ""
        strong = _asserts_thought(verb.lemma, following, then) and not (
            verb.lemma == "think" and _OPINION.match(text, pos, stop) is not None
        )
    elif kind == FEELING:
        strong = following in _EMOTIONS or following in ("like", "that", "as", "so")
        if following in ("a", "an") and m is not None:
            m2 = _NEXT.match(text, m.end(), stop)
            strong = m2 is not None and m2.group(1).lower() in _FELT_OBJECTS
    return _Predicate(kind, word, pos, strong, hedged, weight, verb.lemma)


class _Name(NamedTuple):
    """A name or epithet of a character in the narration."""

    start: int
    end: int
    character: str
    is_name: bool


class _Subject(NamedTuple):
    """A subject (or possible subject) in the narration: where, who, and whether it stands
    where a subject can (not "saw Tova", "than Tova")."""

    start: int
    end: int
    ref: str
    nominative: bool


@dataclass(slots=True)
class _SceneRead:
    """What the scanner found in one scene's narration."""

    ranges: list[tuple[int, int]]
    cues: list[Cue] = field(default_factory=list)
    pronouns: Counter[str] = field(default_factory=Counter)
    subjects: list[_Subject] = field(default_factory=list)


class _Scanner:
    """Finds the cues of one document's narration, scene by scene."""

    def __init__(self, doc: Document, narration: Narration, names: list[_Name]) -> None:
        self.text = doc.text
        self.narration = narration
        sentences = doc.layer(SENTENCES)
        self.sentence_starts = sentences.starts
        self.sentence_ends = sentences.ends
        self.names = names
        self.name_starts = [n.start for n in names]

    def _sentence(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence holding `offset`."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        if i < 0:
            return 0, len(self.text)
        return self.sentence_starts[i], self.sentence_ends[i]

    def _hedging(self, start: int, end: int, floor: int) -> bool:
        """Whether the clause ``[start, end)`` hangs on a thought or a condition before it,
        someone else's guess follows it ("His heart sank, she guessed") or its sentence is
        a question ("Did he know she was there?")."""
        begin, stop = self._sentence(start)
        text = self.text
        if text[begin:stop].rstrip(_CLOSERS).endswith("?"):
            return True
        if _GUESSED.search(text, end, min(stop, end + 60)) is not None:
            return True
        begin = max(begin, floor, start - 200)
        for m in _CLAUSE_BREAK.finditer(text, begin, start):
            begin = m.end()  # "She knew he was lying, and she could tell": a new clause
        return _EMBEDDING.search(text, begin, start) is not None

    def scene(self, start: int, end: int, first_person: bool) -> _SceneRead:
        """The cues, subject-pronoun counts and narration ranges of ``[start, end)``."""
        ranges: list[tuple[int, int]] = []
        for ps, pe in self.narration.paragraphs_in(start, end):
            ranges.extend(self.narration.ranges(ps, pe))
        read = _SceneRead(ranges)
        for rng in ranges:
            self._pronouns(read, rng, first_person)
        range_starts = [r[0] for r in ranges]
        lo = bisect.bisect_left(self.name_starts, start)
        hi = bisect.bisect_left(self.name_starts, end)
        for k in range(lo, hi):
            name = self.names[k]
            i = bisect.bisect_right(range_starts, name.start) - 1
            if i >= 0 and name.start < ranges[i][1]:
                nominative = self._nominative(name.start, ranges[i][0])
                read.subjects.append(_Subject(name.start, name.end, name.character, nominative))
                self._name_cue(read.cues, name, ranges[i])
        read.subjects.sort()
        self._continuations(read)
        read.cues.sort(key=lambda c: c.start)
        return read

    def _pronouns(self, read: _SceneRead, rng: tuple[int, int], first_person: bool) -> None:
        """Subject pronouns and possessive feelings ("her relief") of one narration range."""
        text = self.text
        rs, re_ = rng
        for m in _PRONOUN.finditer(text, rs, re_):
            word = m.group(1)
            group = NARRATOR_GROUP if word == "I" else word.lower()
            if group == NARRATOR_GROUP and not first_person:
                continue
            read.pronouns[group] += 1
            read.subjects.append(_Subject(m.start(), m.end(), group, True))
            self._subject_cue(read.cues, m.span(), group, rng, first_person=first_person)
        for m in _POSSESSIVE.finditer(text, rs, re_):
            noun = m.group(2)
            if noun not in _FEELING_NOUNS or _idiom(text, m.start(), rs, noun):
                continue
            group = {"her": SHE, "his": HE}.get(m.group(1).lower(), NARRATOR_GROUP)
            if group != NARRATOR_GROUP or first_person:
                pred = _inner_feeling(text, noun, m.end(), re_)
                read.cues.append(self._cue(m.start(), group, pred, rs, False))

    def _nominative(self, start: int, floor: int) -> bool:
        """Whether a name at `start` stands where a subject can: not after a verb or a
        preposition ("saw Tova", "than Tova")."""
        before = self.text[max(floor, start - 24) : start].split()
        if not before:
            return True
        last = before[-1]
        if last[-1] in ',;:—–“".!?…':
            return True
        word = last.strip(_CLOSERS + "(“‘")
        return not word[:1].islower() or word in _CLAUSE_WORDS

    def _subject_cue(
        self,
        cues: list[Cue],
        subject: tuple[int, int],
        ref: str,
        rng: tuple[int, int],
        *,
        first_person: bool = False,
        named: bool = False,
    ) -> None:
        """The cue of the `subject` (a span) in the narration range `rng`, if its
        predicate is one."""
        text = self.text
        start, end = subject
        floor, stop = rng
        narrator = first_person or ref == NARRATOR_GROUP
        pred = _read_predicate(text, end, stop, first_person=narrator, genitive=named)
        if pred is None:
            return
        if start > floor:  # "Did she know?", "Was he ...": a question, not a claim
            before = text[max(floor, start - 12) : start].split()
            if before and before[-1].lower().strip('“"‘(').replace("’", "'") in _QUESTION_AUX:
                return
        cues.append(self._cue(start, ref, pred, floor, named))

    def _cue(self, start: int, ref: str, pred: _Predicate, floor: int, named: bool) -> Cue:
        """The cue of subject `ref` at `start` and its predicate, weighed down when hedged."""
        hedged = pred.hedged or self._hedging(start, pred.end, floor)
        weight = _WEIGHTS[pred.kind] * pred.weight
        if pred.hedged:
            weight *= _HEDGED_FACTOR
        if hedged and not pred.hedged:
            weight *= _EMBEDDED_FACTOR
        return Cue(
            start,
            pred.end,
            ref,
            pred.kind,
            weight,
            pred.word,
            pred.strong,
            hedged,
            named,
            pred.lemma,
        )

    def _name_cue(self, cues: list[Cue], name: _Name, rng: tuple[int, int]) -> None:
        """A name's cue: "Maren's stomach", "Idris realized", "the captain was relieved"."""
        text = self.text
        m = _NEXT.match(text, name.end, rng[1])
        if m is not None and m.group(1) in ("’s", "'s", "’", "'"):
            after = _NEXT.match(text, m.end(), rng[1])
            if after is not None and after.group(1) in _FEELING_NOUNS:
                pred = _inner_feeling(text, after.group(1), after.end(), rng[1])
                cues.append(self._cue(name.start, name.character, pred, rng[0], name.is_name))
                return
        ident = name.character
        self._subject_cue(cues, (name.start, name.end), ident, rng, named=name.is_name)

    def _continuations(self, read: _SceneRead) -> None:
        """Cues whose subject came earlier in the sentence: "and wondered" (the nearest
        subject before), ", knowing he was right" (the main clause's subject, or the
        subject right before the comma)."""
        text = self.text
        verbs = _verbs()
        subjects = read.subjects
        starts = [s.start for s in subjects]
        for rs, re_ in read.ranges:
            for m in _CONTINUATION.finditer(text, rs, re_):
                if m.group(1) == "," and not m.group(2).endswith("ing"):
                    continue
                floor = max(rs, self._sentence(m.start())[0])
                lo = bisect.bisect_left(starts, floor)
                hi = bisect.bisect_left(starts, m.start())
                found = [s for s in subjects[lo:hi] if s.nominative]
                if not found:
                    continue
                word = m.group(2)
                pred: _Predicate | None
                if m.group(1) == ",":
                    verb = verbs.get(word) if word.endswith("ing") else None
                    if verb is None or verb.lemma in _WEAK_LEMMAS:
                        continue
                    subject = found[-1]  # "and Tova, feeling ...": the subject just before
                    if text[subject.end : m.start()].strip():
                        subject = self._main_subject(found, floor, m.start())
                    pred = _predicate(text, (m.end(), re_), word, verb, hedged=False)
                else:
                    subject = found[-1]
                    pred = _read_predicate(text, m.start(2) - 1, re_, first_person=False)
                if pred is not None:
                    read.cues.append(self._cue(m.start(2), subject.ref, pred, rs, False))

    def _main_subject(self, found: Sequence[_Subject], floor: int, before: int) -> _Subject:
        """The subject of a sentence's main clause: after an opening subordinate clause
        ("When she answers, he winces, ...") its first subject after the comma."""
        m = _NEXT.match(self.text, floor, before)
        while m is not None and not m.group(1)[0].isalpha():
            m = _NEXT.match(self.text, m.end(), before)
        if m is not None and m.group(1).lower() in _SUBORDINATORS:
            comma = self.text.find(",", floor, before)
            later = [s for s in found if s.start > comma] if comma != -1 else []
            if later:
                return later[0]
        return found[0]

    def opening(self, ranges: Sequence[tuple[int, int]], first_person: bool) -> Cue | None:
        """The main-clause subject of the scene's first narration sentence, as a cue."""
        if not ranges:
            return None
        rs, re_ = ranges[0]
        text = self.text
        stop = re_
        for mark in _QUESTION_STOPS:
            k = text.find(mark, rs, stop)
            if k != -1:
                stop = k
        m = _NEXT.match(text, rs, stop)
        while m is not None and not m.group(1)[0].isalpha():
            m = _NEXT.match(text, m.end(), stop)
        if m is None:
            return None
        first = m.group(1)
        begin = m.start(1)
        low = first.lower()
        if low in _SUBORDINATORS or low.endswith("ing"):
            comma = text.find(",", begin, stop)
            if comma == -1:
                return None
            m = _NEXT.match(text, comma + 1, stop)
            if m is None:
                return None
            begin = m.start(1)
            first = m.group(1)
        ref = self._subject_at(begin, first, first_person)
        if ref is None:
            return None
        return Cue(begin, begin + len(first), ref, OPENING, _WEIGHTS[OPENING], first)

    def _subject_at(self, begin: int, word: str, first_person: bool) -> str | None:
        """The pool or character of a subject starting at `begin`, if it is one."""
        if word in ("She", "she", "He", "he"):
            return word.lower()
        if word == "I":
            return NARRATOR_GROUP if first_person else None
        i = bisect.bisect_left(self.name_starts, begin)
        if i < len(self.names) and self.names[i].start == begin:
            return self.names[i].character
        return None


def _inner_feeling(text: str, noun: str, end: int, stop: int) -> _Predicate:
    """A possessive feeling ("her relief", "his heart"); strong when the body says what
    the character feels inside ("his heart sank")."""
    m = _NEXT.match(text, end, stop)
    strong = m is not None and m.group(1).lower() in _VISCERAL
    return _Predicate(BODY, noun, m.end() if strong and m else end, strong, False, 1.0)


def _idiom(text: str, start: int, floor: int, noun: str) -> bool:
    """Whether "his mind" is part of an idiom ("change his mind"), not a feeling."""
    if noun != "mind":
        return False
    before = text[max(floor, start - 12) : start].split()
    return bool(before) and before[-1].lower().startswith(("chang", "cross", "read", "mak"))


def _questions(
    text: str, ranges: Sequence[tuple[int, int]], cues: Sequence[Cue], narration: Narration
) -> list[Cue]:
    """Free indirect questions, each credited to the last thinker in its paragraph (or the
    paragraph before)."""
    found: list[Cue] = []
    starts = [c.start for c in cues]
    para_starts = narration.paragraph_starts
    for rs, re_ in ranges:
        k = text.find("?", rs, re_)
        while k != -1:
            p = bisect.bisect_right(para_starts, k) - 1
            floor = para_starts[p - 1] if p >= 1 else 0
            i = bisect.bisect_left(starts, k) - 1
            while i >= 0 and cues[i].start >= floor and (cues[i].hedged or cues[i].kind == OPENING):
                i -= 1
            if i >= 0 and cues[i].start >= floor:
                begin = max(rs, _sentence_begin(text, rs, k))
                found.append(Cue(begin, k + 1, cues[i].ref, QUESTION, _WEIGHTS[QUESTION], "?"))
            k = text.find("?", k + 1, re_)
    return found


def _sentence_begin(text: str, floor: int, offset: int) -> int:
    """Start of the sentence ending at `offset` (after the last stop before it)."""
    best = floor
    for mark in _QUESTION_STOPS:
        k = text.rfind(mark, floor, offset)
        if k != -1 and k + 1 > best:
            best = k + 1
    while best < offset and text[best] in " \t\n":
        best += 1
    return best


@dataclass(slots=True)
class _SceneCues:
    """One scene's cues, narrative person, subject pronouns and named characters."""

    start: int
    end: int
    cues: list[Cue]
    person: str
    pronouns: Counter[str]
    names: Counter[str]

    @property
    def lead(self) -> tuple[str, float] | None:
        """The pronoun pool whose subjects outnumber the other's ("she" against "he"), and
        the weight that adds to it (only when some cue already speaks for it)."""
        she, he = self.pronouns[SHE], self.pronouns[HE]
        if she + he < _MIN_PRONOUNS or she == he or self.person == FIRST:
            return None
        pool = SHE if she > he else HE
        if not any(c.ref == pool for c in self.cues):
            return None
        return pool, _DOMINANCE * abs(she - he) / (she + he)

    def totals(self, *, asserted: bool = False) -> dict[str, float]:
        """Cue weight per referent, pronoun dominance included; `asserted`: only inner
        states the narration states outright (no hedged cues, questions, first sentence
        or pronoun dominance)."""
        out: dict[str, float] = defaultdict(float)
        for c in self.cues:
            if not asserted or not (c.hedged or c.kind in _CIRCUMSTANTIAL):
                out[c.ref] += c.weight
        lead = self.lead
        if lead is not None and not asserted:
            out[lead[0]] += lead[1]
        return out


class _Cast:
    """Characters from the ``cast`` and ``mentions`` layers: genders, the narrator, the
    names and epithets in the narration and every name mention."""

    def __init__(self, doc: Document, narration: Narration) -> None:
        self.gender: dict[str, str] = {}
        for c in doc.layer(CAST):
            self.gender[c.label] = str(c.attrs.get("gender", "unknown"))
        votes: Counter[str] = Counter()
        text = doc.text
        self.narrated: list[_Name] = []
        self.named: list[tuple[int, str]] = []
        for m in doc.layer(MENTIONS):
            ident = str(m.attrs.get("character", ""))
            if not ident:
                continue
            if m.label == "name":
                self.named.append((m.start, ident))
            quoted = narration.in_quote(m.start)
            if m.label == "pronoun":
                if not quoted and text[m.start : m.end] in _NARRATOR_WORDS:
                    votes[ident] += 1
            elif not quoted:
                self.narrated.append(_Name(m.start, m.end, ident, m.label == "name"))
        self.named_starts = [n[0] for n in self.named]
        self.narrator = votes.most_common(1)[0][0] if votes else NARRATOR

    def pool(self, ident: str) -> str | None:
        """The pronoun pool a character belongs to ("she" for a woman)."""
        return _GENDER_GROUP.get(self.gender.get(ident, ""))

    def name_counts(self, start: int, end: int) -> Counter[str]:
        """How often each character is named in ``[start, end)``, dialogue included."""
        lo = bisect.bisect_left(self.named_starts, start)
        hi = bisect.bisect_left(self.named_starts, end)
        return Counter(ident for _, ident in self.named[lo:hi])


_Weights = dict[str, float]


def _work_identities(scenes: Sequence[_SceneCues], cast: _Cast) -> dict[str, _Weights]:
    """Per pronoun pool: the characters of its gender named as thinkers in the scenes that
    pool leads, with their cue weight there."""
    found: dict[str, _Weights] = {SHE: defaultdict(float), HE: defaultdict(float)}
    for sc in scenes:
        totals = sc.totals()
        lead = SHE if totals.get(SHE, 0.0) >= totals.get(HE, 0.0) else HE
        for ident, weight in totals.items():
            if ident not in GROUPS and cast.pool(ident) == lead:
                found[lead][ident] += weight
    return found


def _identity(
    pool: str, sc: _SceneCues, cast: _Cast, work: Mapping[str, _Weights]
) -> tuple[str, float, str]:
    """The character a pronoun pool stands for in one scene, how sure, and why."""
    totals = sc.totals()
    prior = work.get(pool, {})
    prior_total = sum(prior.values())
    scores: dict[str, float] = {}
    for ident, weight in totals.items():
        if ident not in GROUPS and cast.pool(ident) == pool:
            scores[ident] = weight
    for ident, weight in prior.items():
        scores[ident] = scores.get(ident, 0.0) + _PRIOR * weight / prior_total
    if scores:
        best = max(scores, key=lambda k: (scores[k], prior.get(k, 0.0)))
        if totals.get(best, 0.0) > 0:
            return best, 1.0, f"“{pool}” is {best}, named as a thinker in this scene"
        share = prior.get(best, 0.0) / prior_total if prior_total else 0.0
        return best, 0.75 + 0.25 * share, f"“{pool}” is {best}, the {pool}-thinker elsewhere"
    named = [(n, ident) for ident, n in sc.names.items() if cast.pool(ident) == pool]
    if named:
        ident = max(named)[1]
        return ident, 0.6, f"“{pool}” is {ident}, the one of that gender named most here"
    return "", 0.5, f"no character known for “{pool}”"


def _evidence(cues: Iterable[Cue], refs: set[str]) -> tuple[tuple[int, int], ...]:
    """The strongest cues of the focal character, in text order."""
    mine = [c for c in cues if c.ref in refs and not c.hedged]
    mine.sort(key=lambda c: (-c.weight, c.start))
    return tuple(sorted((c.start, c.end) for c in mine[:_EVIDENCE_SPANS]))


@dataclass(frozen=True, slots=True)
class _Decision:
    """What `_decide` concludes about one scene."""

    focal: str
    mode: str
    score: float
    evidence: tuple[tuple[int, int], ...] = ()
    reasons: tuple[str, ...] = ()


def _decide(
    sc: _SceneCues, cast: _Cast, work: Mapping[str, _Weights], pools: dict[str, str]
) -> _Decision:
    """Focal character, mode, score, evidence and reasons of one scene; fills `pools`."""
    if sc.person == SECOND:
        return _Decision("", UNKNOWN, 0.0, reasons=("second-person narration: the reader",))
    totals = sc.totals()
    reasons: list[str] = []
    sure: dict[str, float] = {}
    if sc.person == FIRST:
        pools[NARRATOR_GROUP] = cast.narrator
    for pool in (SHE, HE):
        if totals.get(pool):
            ident, sure[pool], why = _identity(pool, sc, cast, work)
            pools[pool] = ident
            reasons.append(why)
    merged: dict[str, float] = defaultdict(float)
    members: dict[str, set[str]] = defaultdict(set)
    for ref, weight in totals.items():
        key = pools.get(ref) or ref
        merged[key] += weight
        members[key].add(ref)
    stated: dict[str, float] = defaultdict(float)
    for ref, weight in sc.totals(asserted=True).items():
        stated[pools.get(ref) or ref] += weight
    if sc.person == FIRST:
        top = cast.narrator
    elif merged:
        top = max(merged, key=lambda k: merged[k])
    else:
        return _Decision("", UNKNOWN, 0.0, reasons=("no thoughts, feelings or perceptions",))
    heads = sorted(stated, key=lambda k: -stated[k])
    if sc.person != FIRST and len(heads) > 1 and _omniscient(stated[heads[0]], stated[heads[1]]):
        a, b = heads[0], heads[1]
        why = (
            f"inner lives of {_display(a)} ({stated[a]:.1f}) and {_display(b)} "
            f"({stated[b]:.1f}) weigh about the same"
        )
        score = min(1.0, stated[b] / stated[a]) * (1 - math.exp(-stated[b] / _EVIDENCE_SCALE))
        evidence = _evidence(sc.cues, members[a] | members[b])
        return _Decision("", OMNISCIENT, round(score, 3), evidence, (why, *reasons))
    top_weight = merged.get(top, 0.0)
    runner = max((k for k in stated if k != top), key=lambda k: stated[k], default=None)
    second = stated[runner] if runner is not None else 0.0
    share = top_weight / (top_weight + second) if top_weight else 0.0
    amount = 1 - math.exp(-top_weight / _EVIDENCE_SCALE)
    kinds = Counter(c.kind for c in sc.cues if c.ref in members[top])
    listed = ", ".join(f"{n} {k}" for k, n in kinds.most_common()) or "no cues"
    summary = f"{_display(top)}: cue weight {top_weight:.1f} ({listed})"
    lead = sc.lead
    if lead is not None and lead[0] in members[top]:
        other = HE if lead[0] == SHE else SHE
        reasons.append(
            f"“{lead[0]}” leads “{other}” as a subject "
            f"{sc.pronouns[lead[0]]} to {sc.pronouns[other]}"
        )
    if runner is not None:
        reasons.append(f"runner-up {_display(runner)}: {second:.1f}")
    evidence = _evidence(sc.cues, members[top])
    if sc.person == FIRST:
        score = share * (0.5 + 0.5 * amount)
        why = f"first-person narration, narrator {top}; {summary}"
        return _Decision(top, FIRST_MODE, round(score, 3), evidence, (why, *reasons))
    certainty = max((sure[p] for p in members[top] if p in sure), default=1.0)
    score = share * (0.4 + 0.6 * amount) * certainty
    focal = "" if top in GROUPS else top  # a pronoun pool no character was found for
    return _Decision(focal, LIMITED, round(score, 3), evidence, (summary, *reasons))


def _omniscient(first: float, second: float) -> bool:
    """Whether two characters' stated inner lives weigh about the same."""
    return second >= _OMNISCIENT_MIN and second >= _OMNISCIENT_SHARE * first


def _display(ref: str) -> str:
    """A referent for the reasons: a character id, or an unnamed pronoun."""
    return f"an unnamed “{ref}”" if ref in GROUPS else ref


def scene_povs(doc: Document) -> list[ScenePov]:
    """The point of view of every scene, in order (see the module docstring)."""
    narration = Narration(doc)
    cast = _Cast(doc, narration)
    scanner = _Scanner(doc, narration, cast.narrated)
    persons = doc.layer(PERSON)
    read: list[_SceneCues] = []
    for scene in doc.layer(SCENES):
        p = persons.at(scene.start)
        person = p.label if p is not None else ""
        first_person = person == FIRST
        found = scanner.scene(scene.start, scene.end, first_person)
        cues = found.cues
        cues.extend(_questions(doc.text, found.ranges, cues, narration))
        opening = scanner.opening(found.ranges, first_person)
        if opening is not None:
            cues.append(opening)
        cues.sort(key=lambda c: c.start)
        names = cast.name_counts(scene.start, scene.end)
        read.append(_SceneCues(scene.start, scene.end, cues, person, found.pronouns, names))
    work = _work_identities(read, cast)
    out: list[ScenePov] = []
    for sc in read:
        pools: dict[str, str] = {}
        d = _decide(sc, cast, work, pools)
        pov = ScenePov(
            sc.start,
            sc.end,
            d.focal,
            d.mode,
            d.score,
            d.evidence,
            d.reasons,
            tuple(sc.cues),
            MappingProxyType(pools),
        )
        out.append(pov)
    return out


def pov_stage() -> Stage:
    """The stage providing ``pov``: one span per scene (see `scene_povs`).

    attrs: ``mode`` (limited, first, omniscient, unknown), ``score`` in [0, 1],
    ``evidence`` (the strongest cues, as ``(start, end)``), ``reasons`` and ``pronouns``
    (each pronoun pool, "she", "he" or "I", mapped to the character it stands for here).
    """

    @stage(
        requires=[PARAGRAPHS, SENTENCES, QUOTES, SCENES, PERSON, CAST, MENTIONS],
        provides=[POV],
    )
    def pov(doc: Document) -> list[Layer]:
        """Whose point of view each scene follows."""
        spans = [
            Span(
                p.start,
                p.end,
                p.focal,
                MappingProxyType(
                    {
                        "mode": p.mode,
                        "score": p.score,
                        "evidence": p.evidence,
                        "reasons": p.reasons,
                        "pronouns": p.pronouns,
                    }
                ),
            )
            for p in scene_povs(doc)
        ]
        return [Layer(POV, spans)]

    return pov
