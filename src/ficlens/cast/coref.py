"""Coreference: pronouns and epithets resolved to characters by a fast salience model.

Events (name mentions, nominal mentions, pronouns) are walked in text order. Every mention
of a character raises its salience (subjects more than objects, narration more than speech),
and salience halves or so with each sentence. A third-person pronoun goes to the most
salient recent character that agrees with it in gender (unknown agrees with anything),
with these preferences and constraints:

- a pronoun is none of the other subjects and objects of its clause ("I heard him mention
  her"); a possessive ("his") or reflexive ("himself") prefers the clause's subject; a
  subject pronoun prefers an earlier subject;
- for an object pronoun a comma or conjunction ends the clause ("Tom saw the dog, and it
  bit him"), but not before a participle, whose subject is the clause's ("said Tom,
  handing him the cup"); after "about", "round", "behind" and the like it reads as a
  possessive ("she looked about her");
- a reflexive right after a mention stresses it ("the aunt of Ida herself"), and such a
  stressing reflexive is no object of its clause ("Tom said himself he was late");
- a possessive opening a nominal is not that nominal's character ("Ida, her maid, came
  in");
- inside a quotation, "I"/"me"/"my" are the speaker and "you" the addressee (from the
  ``speech`` layer when present: its tags and vocatives; an untagged quote after a tagged
  one in its paragraph goes on with that speaker), and a third-person pronoun is
  hardly ever either (a quoted phrase or a quote given to the wrong speaker may still mean
  them); it prefers those the dialogue itself has been talking about; without the layer,
  first and second person inside quotes are left alone;
- a speech tag's pronoun or epithet is none of those its quote calls by name ("Wenna,
  hold it higher," said the woman);
- "I"/"me"/"my" in the narration of a first-person work are the narrator;
- a name or nominal joined to another person by "and" ("Tom and Ann were late") is part of
  a plural, neither subject nor object; one followed by "'s" is a possessive; a name whose
  verb follows an apposition ("Ida, the clerk, had left") is a subject;
- a pronoun opening a sentence in a subordinate clause points ahead to the named subject
  of the main clause ("When he came in, Tom sat down"), unless someone else of that gender
  was the subject of the sentence before;
- "they"/"them" are singular only for a character known to be nonbinary.

Epithets ("the omega", "the receptionist", "the older man") go to a character the text
ties them to (an appositive "Pam, the receptionist", a predicate "Dwight was an alpha",
a pack attribute such as job = receptionist, a character known by that role, a name
opening with that title: "the judge" of Judge Orr) while it is in the scene, else, for
descriptive nouns (man, girl, blond, alpha, ...), to the most salient compatible
character mentioned in the last few sentences, one known only by a role ("the
ferryman") before any named one; a character known to be an alpha is no omega, and one
known to be a child is no "gentleman" (nor a grown-up a "girl"). A kin
noun ("her husband", "Ida's son") goes to the character the text has tied to that relation
("her son Ned"), else, for a spouse or child, to the only other character with the owner's
surname whose gender and title fit; speech tags are left to attribution. Unnamed
people ("a woman", "his mother") are tracked too, weakly, so a pronoun about them need
not go to a named character; they are never output.

Gender comes from titles and canon, from local evidence ("Anne took her book") and from the
pronouns resolved so far; age (child or grown-up) from titles ("Mrs.", "Captain") and the
epithets linked so far. A first pass's genders and ages constrain a second. The work's
most named characters stay candidates through long stretches of pronouns, and a scene
break or new chapter counts as several sentences of distance.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ficlens.cast.features import NOMINAL_MODIFIERS
from ficlens.cast.gender import FEMALE, MALE, NONBINARY, PRONOUN_GENDER, fits, noun_gender
from ficlens.document import Layer

SUBJ, OBJ, POSS, REFL, OTHER = range(5)

RECENCY = 1.0
_ROLE_WEIGHT = (0.8, 0.5, 0.4, 0.5, 0.4)
QUOTED_WEIGHT = 0.3
TALK_WEIGHT = 3.0
DECAY = 0.5
WINDOW = 12  # sentences a character stays a candidate after its last mention
EPITHET_WINDOW = 6
PARALLEL_BONUS = 0.3
PRIOR_WEIGHT = 0.1
LEADS = 2
LEAD_MIN_NAMES = 5
SCENE_GAP = 4
NON_PERSON_FACTOR = 0.3
GENDER_PRIOR = 0.5
MIN_FIT = 0.2
ANONYMOUS_FACTOR = 0.05
ANONYMOUS_WINDOW = 4
MAX_UNNAMED = 3
POSSESSIVE_BONUS = 0.6
REFLEXIVE_BONUS = 3.0
PARTY_FACTOR = 0.02  # a quote's speaker or addressee for a third-person pronoun in it
MIN_VOTES = 2
MIN_AGE_VOTES = 2
AGE_MARGIN = 3.0

FIRST_PERSON = frozenset(("i", "me", "my", "mine", "myself"))
SECOND_PERSON = frozenset(("you", "your", "yours", "yourself"))
_THEY = frozenset(("they", "them", "their", "theirs", "themself", "themselves"))
_PRONOUN_ROLE: Mapping[str, int] = {
    **dict.fromkeys(("he", "she", "they", "i"), SUBJ),
    **dict.fromkeys(("him", "them", "me", "you"), OBJ),
    **dict.fromkeys(("his", "hers", "their", "theirs", "my", "mine", "your", "yours"), POSS),
    **dict.fromkeys(("himself", "herself", "themself", "themselves", "myself", "yourself"), REFL),
}
# A pronoun is no part of a hyphenated word ("she-wolf"), but a double hyphen is a dash
# ("it seemed to him--he was nine").
_PRONOUN = re.compile(
    r"(?<![\w’'/])(?<![\w’'/]-)(?:I(?![\w’']|-(?!-))|(?i:he|she|him|his|her|hers|himself"
    r"|herself|they|them|their|theirs|themself|themselves|me|my|mine|myself|you|your|yours"
    r"|yourself)(?![\w/]|-(?!-)|['’](?!(?:s|d|ll|re|ve|m)\b)))"
)
_NEXT_WORD = re.compile(r"[ \t]*\n?[ \t]*([A-Za-z][\w’'-]*)")  # the next word, across a line break
_PREPOSITIONS = frozenset((
    "of", "to", "in", "into", "on", "onto", "at", "for", "with", "from", "by", "about",
    "over", "under", "after", "before", "behind", "beside", "besides", "between", "beyond",
    "toward", "towards", "upon", "within", "without", "against", "among", "around",
    "across", "along", "near", "through", "past", "like", "unlike", "than", "via",
    "despite", "except", "inside", "outside",
))  # fmt: skip
# Words after "her" that show it is an object, not a possessive ("told her that").
_AFTER_OBJECT = _PREPOSITIONS | frozenset((
    "a", "an", "the", "to", "and", "or", "but", "that", "as", "in", "on", "at", "for",
    "with", "from", "up", "down", "out", "off", "back", "away", "again", "so", "too",
    "into", "onto", "over", "about", "by", "like", "if", "when", "before", "after",
    "because", "through", "than", "then", "once", "all", "both", "now", "here", "there",
    "there's", "this", "these", "those", "some", "any", "no", "not", "never", "yet",
    "just", "only", "even", "also", "still", "it", "its", "him", "his", "her", "them",
    "me", "my", "you", "your", "us", "our", "what", "who", "how", "why", "where",
    "which", "while", "until", "since", "though", "although", "is", "was", "were", "be",
    "been", "being", "had", "has", "have", "do", "did", "does", "would", "could",
    "should", "will", "can", "might", "must", "shall", "go", "goes", "went", "get",
    "got", "gets", "feel", "felt", "know", "knew", "see", "saw", "think", "thought",
    "today", "tonight", "yesterday", "tomorrow", "always", "already", "enough", "alone",
    "anyway", "instead", "either", "first", "later", "more", "less", "well", "herself",
    "himself", "ever", "quite", "very", "tight", "close", "closer", "softly", "gently",
))  # fmt: skip
# Words after a name that show it is no subject ("Jim and Pam", "Jim of accounting").
_NOT_VERB = frozenset((
    "and", "or", "nor", "of", "to", "in", "on", "at", "for", "with", "from", "by", "as",
    "the", "a", "an", "who", "whom", "whose", "which", "that", "than", "into", "onto",
    "about", "over", "under", "like", "but", "if", "so", "then",
))  # fmt: skip
_CLAUSE_OPENERS = frozenset((
    "and", "but", "or", "nor", "then", "so", "when", "while", "as", "because", "if",
    "though", "although", "that", "who", "until", "before", "after", "once", "since",
    "where", "yet", "whereas", "whenever", "unless", "suddenly", "finally", "now", "all",
    "what", "how", "why", "whom", "whose", "which",
))  # fmt: skip
_SPEECH_VERBS = frozenset((
    "said", "says", "asked", "asks", "replied", "replies", "answered", "cried", "exclaimed",
    "whispered", "shouted", "called", "added", "murmured", "muttered", "continued", "began",
    "repeated", "yelled", "snapped", "sighed", "laughed", "breathed", "protested", "urged",
    "demanded", "insisted", "returned", "rejoined", "observed", "remarked",
))  # fmt: skip
# Verbs that follow a subject name: auxiliaries, modals and common irregular past forms
# (regular ones are told by their ending).
_VERBS = frozenset((
    "is", "was", "are", "were", "be", "been", "has", "had", "have", "do", "does", "did",
    "would", "could", "should", "will", "can", "may", "might", "must", "shall", "ought",
    "isn't", "wasn't", "hasn't", "hadn't", "doesn't", "didn't", "won't", "wouldn't",
    "couldn't", "can't", "shouldn't", "knew", "thought", "felt", "saw", "came", "went",
    "took", "made", "told", "got", "gave", "found", "left", "kept", "began", "ran", "sat",
    "stood", "heard", "meant", "brought", "held", "spoke", "wrote", "drew", "grew", "threw",
    "wore", "woke", "rose", "fell", "led", "lay", "paid", "put", "read", "set", "shut",
    "let", "hit", "sent", "spent", "built", "caught", "taught", "bought", "fought",
    "sought", "slept", "wept", "crept", "knelt", "dealt", "met", "shook", "struck", "hung",
    "won", "lost", "became", "forgot", "understood", "said", "says", "bit", "hid", "chose",
    "drove", "flew", "forgave", "froze", "rode", "rang", "sang", "sank", "spun", "stole",
    "swam", "swore", "swung", "tore", "wound", "wrung", "sprang", "strode", "strove",
    "thrust", "bore", "bade", "smiled", "laughed", "nodded", "sighed",
))  # fmt: skip
_CLAUSE_BREAK = re.compile(
    r"[;:()“”\"]|(?<![\w’'])(?:that|who|whom|which|because|while|when|although|though"
    r"|until|unless|if|whether)(?![\w’'])",
    re.IGNORECASE,
)
# Ends the clause of an object pronoun: also a comma, a conjunction, and "it was".
_OBJECT_BREAK = re.compile(
    r"[,;:()“”\"—–]|(?<![\w’'])(?:and|but|or|nor|that|who|whom|which|because"
    r"|while|when|although|though|until|unless|if|whether"
    r"|(?:it|there)\s+(?:is|was|were|had|has|seemed|would))(?![\w’'])",
    re.IGNORECASE,
)
# Prepositions after which an object pronoun is the subject's surroundings ("about her").
_LOCATIVE = re.compile(r"(?<![\w’'])(?:about|around|round|behind|beside|beneath)\s+$", re.I)
# A comma and a participle just before an object pronoun ("said Tom, handing him the cup").
_PARTICIPLE = re.compile(
    r",[ \t\n]+(?:[a-z]+ly[ \t\n]+)?(?!(?:no|some|any|every)thing\b)[a-z]+ing[ \t\n]+$"
)
_STRICT_BREAK = re.compile(
    r"[,;:()“”\"—–]|(?<![\w’'])(?:and|but|or|nor|so|then|yet|that|who|whom|which|because"
    r"|while|when|although|though|until|unless|if|whether|as|before|after|since)(?![\w’'])",
    re.IGNORECASE,
)

YOUNG = "young"
YOUTH = "youth"
ADULT = "adult"
OLD = "old"
_CLASHES: Mapping[str, frozenset[str]] = {
    YOUNG: frozenset((ADULT, OLD)),
    YOUTH: frozenset((OLD,)),
    ADULT: frozenset((YOUNG,)),
    OLD: frozenset((YOUNG, YOUTH)),
}
"""Age classes of epithets and the classes of a character they cannot describe: a child
is no grown-up, and someone called young ("the young man") is not "the old man"."""
_AGREES: Mapping[str, frozenset[str]] = {
    YOUNG: frozenset((YOUNG,)),
    YOUTH: frozenset((YOUTH, YOUNG)),
    ADULT: frozenset((ADULT, OLD)),
    OLD: frozenset((OLD,)),
}
"""The classes of a character that an epithet of each class confirms."""
YOUNG_NOUNS = frozenset((
    "boy", "girl", "child", "lad", "lass", "laddie", "lassie", "kid", "baby", "babe",
    "infant", "toddler", "youngster", "urchin", "schoolboy", "schoolgirl", "brat", "tot",
))  # fmt: skip
"""Nouns that call someone a child: "the boy" is not the old gentleman he talks to."""
ADULT_NOUNS = frozenset((
    "man", "woman", "gentleman", "lady", "fellow", "husband", "wife", "widow", "widower",
    "matron", "spinster", "bachelor", "chap", "bloke", "gent", "dame", "madam",
))  # fmt: skip
"""Nouns that call someone grown up ("the gentleman", "the woman")."""
_OLD = frozenset(("old", "elderly", "aged"))
_YOUNG = "young"
_ADULT_TITLES = frozenset((
    "mr", "mrs", "ms", "mister", "sir", "lady", "lord", "madam", "madame", "mme", "monsieur",
    "herr", "frau", "dame", "dr", "doctor", "professor", "prof", "captain", "capt", "colonel",
    "major", "general", "lieutenant", "sergeant", "admiral", "reverend", "rev", "judge",
    "inspector", "uncle", "aunt",
))  # fmt: skip
"""Words opening a name that mark a grown-up ("Mrs. Hale", "Captain Orme"); "Miss" and
"Master" do not, as they also go before children's names."""

_TITLE_ROLES: Mapping[str, str] = {
    **{w: w for w in (
        "judge", "parson", "captain", "colonel", "major", "general", "doctor", "professor",
        "inspector", "sergeant", "lieutenant", "admiral", "prince", "princess", "king",
        "queen", "duke", "duchess", "count", "countess", "baron", "baroness", "squire",
        "governor", "uncle", "aunt", "lord", "lady", "sheriff", "deacon", "vicar",
        "rector", "bishop", "nurse", "granny", "grandpa", "grandma", "emperor", "empress",
    )},
    "dr": "doctor", "capt": "captain", "col": "colonel", "gen": "general",
    "prof": "professor", "insp": "inspector", "sgt": "sergeant", "lieut": "lieutenant",
}  # fmt: skip
"""Titles opening a name that also serve as its bearer's epithet ("Judge Orr": "the
judge"), by their written forms."""

_PARENTS = frozenset(("father", "mother", "papa", "mama", "mamma", "pa", "ma"))
_SPOUSES = frozenset(("husband", "wife"))
_SIBLINGS = frozenset(("brother", "sister"))
_CHILDREN = frozenset(("son", "daughter"))
_MARRIED = frozenset(("mrs", "madame", "mme", "frau", "lady"))
_UNMARRIED = frozenset(("miss", "master"))
KIN_NOUNS = _PARENTS | _SPOUSES | _SIBLINGS | _CHILDREN
"""Kin nouns whose bearer a possessive ties to another character ("her husband")."""
SURNAME_KIN = _SPOUSES | _CHILDREN
"""Kin who share the owner's surname, so that a surname finds them ("his wife" of Mr.
Vale is Mrs. Vale); a woman's parents and siblings often bear another."""

DESCRIPTORS = frozenset((
    "man", "woman", "boy", "girl", "lady", "gentleman", "teen", "teenager", "child", "lad",
    "lass", "blond", "blonde", "brunette", "redhead", "alpha", "beta", "omega", "human",
    "vampire", "werewolf", "demon", "angel", "witch", "wizard", "elf", "fae",
))  # fmt: skip
"""Nouns that describe a character by looks, age, kind or sex rather than by a role."""
CLASS_GROUPS: tuple[frozenset[str], ...] = (
    frozenset(("alpha", "beta", "omega")),
    frozenset(("blond", "blonde", "brunette", "redhead")),
    frozenset(("human", "vampire", "werewolf", "demon", "angel", "elf")),
)
"""Mutually exclusive descriptions: a character known to be one is none of the others."""
_GROUP_OF = {word: group for group in CLASS_GROUPS for word in group}
_PREDICATE = re.compile(
    r"[^.,;:!?“”\"]{0,40}?(?<![\w’'])(?:is|was|being|been|be|became|become|born|as)\s+"
    r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(" + "|".join(sorted(_GROUP_OF)) + r")(?![\w-])",
    re.IGNORECASE,
)
_AGE_TRIM = re.compile(r"['’]s?$")
_PUNCTUATION = ",.;:!?\"“”‘’'()—–-"
_APPOSITION = re.compile(r",?[ \t]*\n?[ \t]*")  # within a paragraph: one line break at most
_NAMED = re.compile(
    r"(?i:my\s+name\s+is|call\s+me|called\s+myself|i\s+am|i['’]m)\s+([A-Z][\w’'-]+)"
)


_DECAYS = [DECAY**n for n in range(64)]


def _decay(steps: int) -> float:
    return _DECAYS[steps] if steps < 64 else 0.0


def noun_age(words: Sequence[str]) -> str | None:
    """The age class a nominal's lower-case words give (head noun last): "the boy" young,
    "the gentleman" adult, "the old lady" old, "the young man" youth (a grown-up or not)."""
    if not words:
        return None
    head, mods = words[-1], words[:-1]
    if any(w in _OLD for w in mods):
        return OLD
    if head in YOUNG_NOUNS:
        return YOUNG
    if head in ADULT_NOUNS:
        return YOUTH if _YOUNG in mods else ADULT
    return None


def title_age(surface: str) -> str | None:
    """The age class the words opening a name give: adult for a grown-up's title ("Mr.
    Hale"), old for "old Ruth", youth for "young Hale", else None."""
    words = surface.casefold().split(maxsplit=1)
    if not words:
        return None
    first = words[0].rstrip(".")
    if first in _OLD:
        return OLD
    if first == _YOUNG:
        return YOUTH
    return ADULT if first in _ADULT_TITLES else None


@dataclass(slots=True)
class Entity:
    """A character as the resolver tracks it: gender, age, known descriptions, salience."""

    id: str
    gender: str | None = None
    age: str | None = None
    classes: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    votes: dict[str, int] = field(default_factory=dict)
    seed: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, int] = field(default_factory=dict)
    age_seed: dict[str, int] = field(default_factory=dict)
    ages: dict[str, int] = field(default_factory=dict)
    narrator: bool = False
    anonymous: bool = False
    weight: float = 1.0
    prior: float = 0.0
    base: float = 0.0
    cur: float = 0.0
    last_sent: int = -(10**9)
    last_role: int = OTHER
    talk: float = 0.0
    talk_sent: int = -(10**9)

    def salience(self, sentence: int) -> float:
        """Salience now, at `sentence`: each earlier sentence's value, halved or so per
        sentence since."""
        return (self.base + self.cur) * _decay(sentence - self.last_sent)

    def touch(self, sentence: int, role: int, quoted: bool) -> None:
        """Record a mention in `sentence`; several in one sentence count as the best one. A
        mention inside a quote also counts at full weight towards `talk_salience`."""
        if sentence != self.last_sent:
            self.base = self.salience(sentence)
            self.cur = 0.0
            self.last_sent = sentence
        weight = RECENCY + _ROLE_WEIGHT[role]
        if quoted:
            self.cur = max(self.cur, weight * QUOTED_WEIGHT)
            self.talk = self.talk_salience(sentence) + weight
            self.talk_sent = sentence
        else:
            self.cur = max(self.cur, weight)
            self.last_role = role

    def talk_salience(self, sentence: int) -> float:
        """How much the dialogue has lately been about the character: its mentions inside
        quotes, fading per sentence like `salience`."""
        return self.talk * _decay(sentence - self.talk_sent)

    def forget(self) -> None:
        """Clear the salience state before a new pass."""
        self.base = self.cur = 0.0
        self.last_sent, self.last_role = -(10**9), OTHER
        self.talk, self.talk_sent = 0.0, -(10**9)

    def vote(self, gender: str, seed: bool = False) -> None:
        """Count one piece of gender evidence (`seed`: stated locally, before any pass)."""
        target = self.seed if seed else self.votes
        target[gender] = target.get(gender, 0) + 1
        self.evidence[gender] = self.evidence.get(gender, 0) + 1

    def reset_votes(self, keep: bool) -> None:
        """Start a pass: forget its pronoun and epithet votes, keeping them as seed evidence
        if `keep`."""
        if keep:
            self.seed = dict(self.evidence)
            self.age_seed = dict(self.ages)
        self.votes = {}
        self.evidence = dict(self.seed)
        self.ages = dict(self.age_seed)

    def vote_age(self, age: str, seed: bool = False) -> None:
        """Count one piece of age evidence: a title, or an epithet linked to the character."""
        if seed:
            self.age_seed[age] = self.age_seed.get(age, 0) + 1
        self.ages[age] = self.ages.get(age, 0) + 1

    def age_fits(self, wanted: str) -> bool:
        """Whether an epithet of age class `wanted` can describe the character: not when
        its known class clashes, nor when its titles and epithets so far clearly show one
        that does (at least `MIN_AGE_VOTES`, and `AGE_MARGIN` times the agreeing ones)."""
        clashes = _CLASHES[wanted]
        if self.age is not None:
            return self.age not in clashes
        ages = self.ages
        against = sum(ages.get(c, 0) for c in clashes)
        if against < MIN_AGE_VOTES:
            return True
        agree = sum(ages.get(c, 0) for c in _AGREES[wanted])
        return against < AGE_MARGIN * agree

    def gender_fit(self, wanted: str) -> float:
        """How well a male or female pronoun fits: 1 or 0 for a known gender, else the
        smoothed share of agreeing evidence so far (one half with none)."""
        if self.gender is not None:
            return 1.0 if self.gender == wanted else 0.0
        ev = self.evidence
        agree = ev.get(wanted, 0)
        total = ev.get(MALE, 0) + ev.get(FEMALE, 0)
        return (agree + GENDER_PRIOR / 2) / (total + GENDER_PRIOR)

    def current_gender(self) -> str | None:
        """Known gender, else the gender its pronouns so far clearly show, else None."""
        if self.gender is not None:
            return self.gender
        best: str | None = None
        top = second = 0
        for g, n in self.evidence.items():
            if n > top:
                best, top, second = g, n, top
            elif n > second:
                second = n
        return best if top >= MIN_VOTES and top >= 2 * second else None


@dataclass(frozen=True, slots=True)
class NameEvent:
    """A name mention already assigned to an entity by clustering and canon linking."""

    start: int
    end: int
    entity: int
    role: int
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class NominalEvent:
    """A nominal person mention ("the omega", "her mother"), maybe already linked."""

    start: int
    end: int
    det: str
    head: str
    role: int
    entity: int | None = None
    score: float = 0.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PronounEvent:
    """A personal pronoun: its lower-case form and grammatical role."""

    start: int
    end: int
    word: str
    role: int


@dataclass(frozen=True, slots=True)
class SpeechInfo:
    """What the ``speech`` layer says of one quote: its tag and vocatives."""

    start: int
    end: int
    tag: tuple[int, int] | None
    vocatives: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Resolved:
    """A resolved mention: kind ``name``, ``pronoun`` or ``epithet``."""

    start: int
    end: int
    kind: str
    entity: int
    score: float
    reason: str


Event = NameEvent | NominalEvent | PronounEvent


class Words:
    """The word before and after an offset, from the tokens layer."""

    def __init__(self, text: str, tokens: Layer) -> None:
        self.text = text
        self.starts = tokens.starts
        self.ends = tokens.ends

    def before(self, pos: int, floor: int) -> str | None:
        """Lower-case word just before `pos` (not before `floor`), None after punctuation."""
        i = bisect.bisect_left(self.starts, pos) - 1
        if i < 0 or self.starts[i] < floor:
            return None
        token = self.text[self.starts[i] : self.ends[i]]
        if not token[0].isalpha():
            return None
        return token.casefold()

    def after(self, pos: int, ceiling: int) -> str | None:
        """Lower-case word just after `pos` (before `ceiling`), None before punctuation."""
        i = bisect.bisect_left(self.starts, pos)
        if i >= len(self.starts) or self.starts[i] >= ceiling:
            return None
        token = self.text[self.starts[i] : self.ends[i]]
        if not token[0].isalpha():
            return None
        return token.casefold()

    def role(self, start: int, end: int, floor: int, ceiling: int) -> int:
        """The role of a mention at ``[start, end)`` in the sentence ``[floor, ceiling)``."""
        prev, nxt = self.before(start, floor), self.after(end, ceiling)
        return role_between(prev, nxt, self.text[end : end + 1])


def role_between(prev: str | None, nxt: str | None, after: str) -> int:
    """A name's role from the words around it (None: punctuation; `after`: the character
    right after it). Subject when a verb follows ("Jim smiled", "said Jim."), or when it
    opens a clause and no preposition or conjunction follows; object after a preposition
    or a verb."""
    if prev in _PREPOSITIONS:
        return OBJ
    opens = prev is None or prev in _CLAUSE_OPENERS
    if nxt is None:
        return SUBJ if prev in _SPEECH_VERBS or (opens and after == ",") else OTHER
    if _verb_like(nxt) or (opens and nxt not in _NOT_VERB):
        return SUBJ
    return OBJ if prev is not None else OTHER


def _verb_like(word: str) -> bool:
    """Whether a word after a name reads as its verb: listed forms, -ed, or -s (not -ss)."""
    if word in _VERBS:
        return True
    if len(word) > 3 and word.endswith("ed"):
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _walk(starts: Sequence[int], offsets: Sequence[int]) -> list[int]:
    """For sorted `offsets`, the index of the last of the sorted `starts` at or before each
    (-1 before the first), in one merge walk."""
    out: list[int] = []
    i, n = -1, len(starts)
    for pos in offsets:
        while i + 1 < n and starts[i + 1] <= pos:
            i += 1
        out.append(i)
    return out


def find_pronouns(text: str, spans: Iterable[tuple[int, int]]) -> list[PronounEvent]:
    """Personal pronouns in the text spans (body paragraphs), with their roles."""
    found: list[PronounEvent] = []
    for start, end in spans:
        for m in _PRONOUN.finditer(text, start, end):
            word = m.group().casefold()
            if word == "her":
                nxt = _NEXT_WORD.match(text, m.end(), end)
                role = POSS if nxt and nxt.group(1).casefold() not in _AFTER_OBJECT else OBJ
            else:
                role = _PRONOUN_ROLE[word]
            if role == OBJ and _LOCATIVE.search(text, max(start, m.start() - 12), m.start()):
                role = POSS  # "she looked about her": the subject's own surroundings
            found.append(PronounEvent(m.start(), m.end(), word, role))
    return found


def nominal_parts(surface: str) -> tuple[str, str]:
    """Determiner and head noun of a nominal: "the older man" -> ("the", "man"); the head
    comes before any ``of`` phrase or relative clause ("the niece of Orla", "the
    ferryman, who had lost his oar")."""
    words = surface.split()
    for k, word in enumerate(words[1:], 1):
        if word.casefold() in NOMINAL_MODIFIERS:
            words = words[:k]
            break
        if word.endswith(","):
            words = [*words[:k], word.rstrip(",")]
            break
    det = words[0].casefold() if len(words) > 1 else ""
    head = re.sub(r"['’]s?$", "", words[-1]).casefold() if words else ""
    return det, head


def explicit_links(
    text: str, names: Sequence[NameEvent], nominals: Sequence[NominalEvent]
) -> dict[int, tuple[int, str]]:
    """Nominals the text ties to a named character: "Pam, the receptionist", "Dwight the alpha".

    Returns nominal index -> (entity, reason).
    """
    links: dict[int, tuple[int, str]] = {}
    if not names:
        return links
    starts = [n.start for n in names]
    ends = sorted((n.end, k) for k, n in enumerate(names))
    end_keys = [e for e, _ in ends]
    for k, nom in enumerate(nominals):
        if nom.entity is not None or nom.det not in ("the", "a", "an", "his", "her", "their"):
            continue
        # Name before: "Pam, the receptionist" / "Dwight the alpha".
        i = bisect.bisect_right(end_keys, nom.start) - 1
        if i >= 0:
            name = names[ends[i][1]]
            gap = text[name.end : nom.start]
            if (
                gap
                and _APPOSITION.fullmatch(gap)
                and _closed(text, nom, gap)
                and not _GENITIVE_AFTER.match(text, nom.end)  # "Ida, the clerk's aunt"
            ):
                links[k] = (name.entity, f"apposition {text[name.start : nom.end]!r}")
                continue
        # Name after: "the receptionist, Pam", "her son Ned".
        j = bisect.bisect_left(starts, nom.end)
        if j < len(names):
            name = names[j]
            gap = text[nom.end : name.start]
            if re.fullmatch(r",[ \t]*\n?[ \t]*", gap) or (
                nom.head in KIN_NOUNS and nom.det != "the" and re.fullmatch(r"[ \t\n]", gap)
            ):
                links[k] = (name.entity, f"apposition {text[nom.start : name.end]!r}")
    return links


def _closed(text: str, nom: NominalEvent, gap: str) -> bool:
    """Whether a nominal after a name reads as its apposition: "Dwight the alpha",
    "Pam, the receptionist"; with "his"/"her" only when closed by punctuation ("Michael,
    his boss, ..."), as "Pam, her mother and Jim" lists two people."""
    if nom.det in ("a", "an", "the"):
        return nom.det == "the" or "," in gap
    return "," in gap and text[nom.end : nom.end + 1] in (",", ".", ";", "!", "?", "")


def class_evidence(
    text: str, names: Sequence[NameEvent], ceiling: Sequence[int]
) -> dict[int, set[str]]:
    """Descriptions stated of named characters: "Dwight was an alpha" -> {entity: {alpha}}.

    `ceiling` holds, per name, the end of its sentence.
    """
    found: dict[int, set[str]] = {}
    for name, stop in zip(names, ceiling, strict=True):
        m = _PREDICATE.match(text, name.end, stop)
        if m is not None:
            found.setdefault(name.entity, set()).add(m.group(1).casefold())
    return found


def narrator_name(text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    """Names the narration gives its narrator: "my name is X", "call me X", "I'm X"."""
    return [m.group(1) for start, end in spans for m in _NAMED.finditer(text, start, end)]


@dataclass(slots=True)
class _Quote:
    """A top-level quote while resolving: characters named in it, speaker, addressee."""

    start: int
    end: int
    named: set[int] = field(default_factory=set)
    speaker: int | None = None
    addressee: int | None = None


class Resolver:
    """Resolves pronouns and epithets over one document's events (see the module doc)."""

    def __init__(
        self,
        text: str,
        entities: list[Entity],
        events: Sequence[Event],
        *,
        sentence_starts: Sequence[int],
        paragraph_starts: Sequence[int],
        quotes: Sequence[tuple[int, int]] = (),
        speech: Mapping[int, SpeechInfo] | None = None,
        narrator: int | None = None,
        breaks: Sequence[int] = (),
    ) -> None:
        self.text = text
        self.entities = entities
        self.events = _refine_roles(text, sorted(events, key=lambda e: (e.start, -e.end)))
        self.speech = speech
        self.narrator = narrator
        offsets = self.event_starts = [e.start for e in self.events]
        # A scene break or chapter start counts as several sentences of distance.
        self.sentence_starts = sentence_starts
        self.sentence_of = _walk(sentence_starts, offsets)
        self.sentence = [
            s + SCENE_GAP * (b + 1)
            for s, b in zip(self.sentence_of, _walk(breaks, offsets), strict=True)
        ]
        self.paragraph = _walk(paragraph_starts, offsets)
        qstarts = [q[0] for q in quotes]
        self.quote_of = [
            i if i >= 0 and pos < quotes[i][1] else -1
            for i, pos in zip(_walk(qstarts, offsets), offsets, strict=True)
        ]
        self.quotes = [_Quote(s, e) for s, e in quotes]
        self.quote_starts = qstarts
        self.fixed_classes = [set(e.classes) for e in entities]
        self.event_age = [self._age_of(e) for e in self.events]
        self.cataphora = self._cataphora()
        self.surnames = [_surname(e.id) for e in entities]
        self.titles = [_TITLE_ROLES.get(_title(e.id)) if " " in e.id else None for e in entities]
        self.by_surname: dict[str, list[int]] = {}
        for i, name in enumerate(self.surnames):
            if name is not None:
                self.by_surname.setdefault(name, []).append(i)
        self.tags = {info.tag for info in speech.values() if info.tag} if speech else set()
        self.named = len(entities)
        counts = [0] * len(entities)
        for e in self.events:
            if isinstance(e, NameEvent):
                counts[e.entity] += 1
        top = max(counts, default=0)
        for ent, n in zip(entities, counts, strict=True):
            ent.prior = math.log1p(n) / math.log1p(top) if top else 0.0
        ranked = sorted(range(len(entities)), key=lambda i: -counts[i])
        self.leads = [i for i in ranked[:LEADS] if counts[i] >= LEAD_MIN_NAMES]
        # Characters the text never names: known only by a role ("the ferryman").
        self.nameless = {i for i, n in enumerate(counts) if n == 0}

    def _cataphora(self) -> dict[int, int]:
        """Pronouns in a sentence-opening subordinate clause that point ahead to the named
        subject of the main clause ("When he came in, Tom sat down"), by event index: the
        name must follow the clause's comma, and nobody may be mentioned before the pronoun
        in its sentence."""
        found: dict[int, int] = {}
        text, events, starts = self.text, self.events, self.sentence_starts
        for k, ev in enumerate(events):
            sentence = self.sentence_of[k]
            if (
                not isinstance(ev, PronounEvent)
                or ev.word not in PRONOUN_GENDER
                or ev.word in _THEY
                or ev.role not in (SUBJ, POSS)
                or self.quote_of[k] >= 0
                or sentence < 0
                or (k and self.sentence_of[k - 1] == sentence)
            ):
                continue
            opener = _SUBORDINATE.match(text, starts[sentence], ev.start)
            if opener is None or _CLAUSE_END.search(text, opener.end(), ev.start):
                continue
            stop = starts[sentence + 1] if sentence + 1 < len(starts) else len(text)
            comma = _CLAUSE_END.search(text, ev.end, stop)
            if comma is None or comma.group() != ",":
                continue
            j = k + 1
            while j < len(events) and events[j].start < comma.end():
                j += 1
            name = events[j] if j < len(events) else None
            if (
                isinstance(name, NameEvent)
                and name.role == SUBJ
                and not text[comma.end() : name.start].strip()
            ):
                found[k] = name.entity
        return found

    def _age_of(self, ev: Event) -> str | None:
        """The age class a name's title or a nominal's words give."""
        if isinstance(ev, NameEvent):
            return title_age(self.text[ev.start : ev.end])
        if isinstance(ev, PronounEvent):
            return None
        surface = self.text[ev.start : ev.end].casefold()
        words = [_AGE_TRIM.sub("", w.strip(_PUNCTUATION)) for w in surface.split()]
        if ev.head not in words:
            return None
        return noun_age(words[: words.index(ev.head) + 1])

    def run(self, passes: int = 2) -> list[Resolved]:
        """Resolve everything; genders and age classes learnt in one pass constrain the
        next."""
        self._seed_votes()
        out: list[Resolved] = []
        for n in range(passes):
            out = self._pass()
            named = self.entities[: self.named]
            if not any((e.gender is None and e.votes) or e.ages != e.age_seed for e in named):
                break  # every gender was known and no epithet told an age: nothing would change
            if n + 1 < passes:
                for ent, classes in zip(named, self.fixed_classes, strict=True):
                    ent.reset_votes(keep=True)
                    ent.classes = set(classes)
                    ent.forget()
        return out

    def _seed_votes(self) -> None:
        """Gender evidence the text gives locally, before any salience: a possessive or
        reflexive in the clause of a named subject ("Anne took her book"), and a subject
        pronoun opening the sentence after one that names a single character. The
        possessive or reflexive also shows the character is a person: it gets full weight
        even when the cast found no person evidence for the name; the sentence-opening
        pronoun does not, as the name may be a place ("We reached Lisbon. She was ill")."""
        text = self.text
        last_name: NameEvent | None = None  # a named subject earlier in this sentence
        cur = -1
        named_prev: set[int] = set()
        named_cur: set[int] = set()
        first_in_sentence = True
        crowded_prev = crowded_cur = False
        for k, ev in enumerate(self.events):
            s = self.sentence[k]
            if s != cur:
                named_prev = named_cur if s == cur + 1 else set()
                crowded_prev = crowded_cur if s == cur + 1 else True
                named_cur, crowded_cur, cur = set(), False, s
                last_name, first_in_sentence = None, True
            quoted = self.quote_of[k] >= 0
            if isinstance(ev, NameEvent):
                age = self.event_age[k]
                # Narration only: a teacher may well call a boy "Mr. Quill".
                if age is not None and not quoted:
                    self.entities[ev.entity].vote_age(age, seed=True)
                if not quoted:
                    named_cur.add(ev.entity)
                    if ev.role == SUBJ:
                        last_name = ev
            elif isinstance(ev, NominalEvent):
                crowded_cur = True
            elif not quoted and ev.word in PRONOUN_GENDER and ev.word not in _THEY:
                target = self.cataphora.get(k)
                person = True
                if target is not None:
                    pass  # "When she came in, Ida ...": the name after
                elif ev.role in (POSS, REFL):
                    if last_name and not _CLAUSE_BREAK.search(text, last_name.end, ev.start):
                        target = last_name.entity
                elif ev.role == SUBJ and first_in_sentence and not crowded_prev:
                    alone = len(named_prev) == 1 and not named_cur
                    target = next(iter(named_prev)) if alone else None
                    person = False
                if target is not None:
                    ent = self.entities[target]
                    ent.vote(PRONOUN_GENDER[ev.word], seed=True)
                    if person:
                        ent.weight = max(ent.weight, 1.0)
            first_in_sentence = False

    # -- one pass ---------------------------------------------------------------------------

    def _pass(self) -> list[Resolved]:
        del self.entities[self.named :]
        for ent in self.entities:
            ent.reset_votes(keep=False)
        for quote in self.quotes:
            quote.speaker = quote.addressee = None
            quote.named = set()
        self.kin: dict[tuple[int, str], int] = {}  # (owner, kin noun) -> character
        self.recent: dict[int, int] = {}  # character -> sentence of its last mention
        self.unnamed: dict[int, int] = {}  # the same for unnamed people
        self.sent_events: list[tuple[int, int, int]] = []  # (end, entity, role) this sentence
        self.cur_sent = -1
        self.pre: dict[int, Resolved | None] = {}
        self.cur_quote = -1
        self.prev_speaker: tuple[int, int] | None = None  # (entity, paragraph)
        self.prev_addressee: int | None = None
        self.not_speaker: set[int] = set()  # those a quote addresses, while its tag resolves
        out: list[Resolved] = []
        self._last_resolved: Resolved | None = None
        for k, ev in enumerate(self.events):
            s = self.sentence[k]
            if s != self.cur_sent:
                self.cur_sent = s
                self.sent_events = []
                self._forget(s)
            q = self.quote_of[k]
            if q != self.cur_quote and q >= 0:
                self._enter_quote(k, q)
            self.cur_quote = q
            res = self.pre.pop(k) if k in self.pre else self._resolve(k, ev)
            if res is None:
                continue
            out.append(res)
            self._record(k, ev, res)
            self._last_resolved = res
        return out

    def _candidates(self) -> Iterable[int]:
        """Characters recently mentioned, and the work's leads even when they were not."""
        recent = self.recent
        missing = [i for i in self.leads if i not in recent]
        if missing or self.unnamed:
            return [*recent, *self.unnamed, *missing]
        return recent

    def _forget(self, sentence: int) -> None:
        """Drop characters not mentioned for `WINDOW` sentences from the candidates, and
        unnamed people after `ANONYMOUS_WINDOW`."""
        for recent, window in ((self.recent, WINDOW), (self.unnamed, ANONYMOUS_WINDOW)):
            while recent:
                idx = next(iter(recent))
                if sentence - recent[idx] <= window:
                    break
                del recent[idx]

    def _record(self, k: int, ev: Event, res: Resolved) -> None:
        ent = self.entities[res.entity]
        s = self.sentence[k]
        role = ev.role
        q = self.quote_of[k]
        quoted = q >= 0
        ent.touch(s, role, quoted)
        if quoted and isinstance(ev, NameEvent):
            self.quotes[q].named.add(res.entity)
        recent = self.unnamed if ent.anonymous else self.recent
        recent.pop(res.entity, None)
        recent[res.entity] = s
        if len(self.unnamed) > MAX_UNNAMED:
            del self.unnamed[next(iter(self.unnamed))]
        self.sent_events.append((ev.end, res.entity, role))
        if isinstance(ev, PronounEvent):
            g = PRONOUN_GENDER.get(ev.word)
            if g is not None and not ent.narrator:
                ent.vote(g)

        elif isinstance(ev, NominalEvent):
            g = noun_gender(ev.head)
            if g is not None:
                ent.vote(g)
            if ev.head in _GROUP_OF:
                ent.classes.add(ev.head)
            age = self.event_age[k]
            if age is not None and not ent.anonymous:
                ent.vote_age(age)

    def _resolve(self, k: int, ev: Event) -> Resolved | None:
        if isinstance(ev, NameEvent):
            return Resolved(ev.start, ev.end, "name", ev.entity, ev.score, ev.reason)
        if isinstance(ev, NominalEvent):
            return self._nominal(k, ev)
        return self._pronoun(k, ev)

    # -- quotes -----------------------------------------------------------------------------

    def _enter_quote(self, k: int, q: int) -> None:
        """Find the speaker and addressee of quote `q` before its content is resolved: its
        tag and vocatives; an untagged quote after a tagged one in the same paragraph goes
        on with its speaker and addressee; else the previous speaker is the addressee."""
        quote = self.quotes[q]
        info = self.speech.get(quote.start) if self.speech is not None else None
        if info is None:
            return
        called = [e for vs, ve in info.vocatives if (e := self._entity_at(vs, ve)) is not None]
        par = self.paragraph[k]
        if info.tag is not None:
            self.not_speaker = set(called)  # "Wenna, hold it," said the woman
            speaker = self._tag_entity(info.tag)
            self.not_speaker = set()
            if speaker is not None:
                quote.speaker = speaker
        elif self.prev_speaker is not None and self.prev_speaker[1] == par:
            # "Sit, Bram," said Ida. "You look tired.": the same speaker goes on
            quote.speaker, quote.addressee = self.prev_speaker[0], self.prev_addressee
        for ent in called:
            if ent != quote.speaker:
                quote.addressee = ent
                break
        if quote.addressee is None and self.prev_speaker is not None:
            prev, prev_par = self.prev_speaker
            if prev != quote.speaker and par - prev_par <= 2:
                quote.addressee = prev
        if quote.speaker is not None:
            self.prev_speaker = (quote.speaker, par)
            self.prev_addressee = quote.addressee

    def _event_index(self, start: int, end: int) -> int | None:
        """The first event overlapping ``[start, end)``."""
        lo = max(0, bisect.bisect_left(self.event_starts, start) - 1)
        for i in range(lo, min(lo + 5, len(self.events))):
            ev = self.events[i]
            if ev.start >= end:
                break
            if ev.start < end and start < ev.end:
                return i
        return None

    def _entity_at(self, start: int, end: int) -> int | None:
        """The character of the name mention overlapping ``[start, end)`` (a vocative)."""
        i = self._event_index(start, end)
        if i is None:
            return None
        ev = self.events[i]
        if isinstance(ev, NameEvent):
            return ev.entity
        return None

    def _tag_entity(self, tag: tuple[int, int]) -> int | None:
        """The character a speech tag names; a pronoun or epithet tag is resolved now."""
        i = self._event_index(*tag)
        if i is None:
            return None
        ev = self.events[i]
        if isinstance(ev, NameEvent):
            return ev.entity
        if i not in self.pre:
            if isinstance(ev, PronounEvent) and self.quote_of[i] >= 0:
                return None
            self.pre[i] = self._resolve(i, ev)
        res = self.pre[i]
        return None if res is None else res.entity

    # -- pronouns ---------------------------------------------------------------------------

    def _pronoun(self, k: int, ev: PronounEvent) -> Resolved | None:
        word = ev.word
        q = self.quote_of[k]
        if word in FIRST_PERSON or word in SECOND_PERSON:
            return self._personal(k, ev, q)
        wanted = PRONOUN_GENDER[word]
        role = ev.role
        if role == REFL:
            emphatic = self._emphatic(k, ev)
            if emphatic is not None:
                reason = "the mention it stresses"
                return Resolved(ev.start, ev.end, "pronoun", emphatic, 0.8, reason)
        excluded: set[int] = set()
        parties: set[int] = set()  # a quote's speaker and addressee: rarely, not never
        if q >= 0:
            quote = self.quotes[q]
            parties = {e for e in (quote.speaker, quote.addressee) if e is not None}
        elif role == SUBJ:
            excluded = self._named_in_quote_before(ev.start)
        if role in (SUBJ, OBJ):
            excluded |= self._co_arguments(ev.start, strict=role == SUBJ)
        excluded |= self.not_speaker
        if role == POSS:
            excluded |= self._possessed(k, ev)
        subject = self._clause_subject(ev.start) if role in (POSS, REFL) else None
        s = self.sentence[k]
        ahead = self.cataphora.get(k)
        if ahead is not None and self._points_ahead(ahead, wanted, s, excluded):
            return Resolved(ev.start, ev.end, "pronoun", ahead, 0.7, "the subject after")
        entities = self.entities
        decays = _DECAYS
        scored: list[tuple[float, int]] = []
        for idx in self._candidates():
            if idx in excluded:
                continue
            ent = entities[idx]
            if ent.narrator:
                continue
            gender = ent.gender
            if wanted == NONBINARY:
                if ent.current_gender() != NONBINARY:
                    continue
                fit = 1.0
            elif gender is not None:
                if gender != wanted:
                    continue
                fit = 1.0
            else:
                fit = ent.gender_fit(wanted)
                if fit < MIN_FIT:
                    continue
            age = s - ent.last_sent
            salience = (ent.base + ent.cur) * decays[age] if age < 64 else 0.0
            if q >= 0:
                salience += TALK_WEIGHT * ent.talk_salience(s)
            score = (salience + PRIOR_WEIGHT * ent.prior) * ent.weight * fit
            if idx == subject:
                score += REFLEXIVE_BONUS if role == REFL else POSSESSIVE_BONUS
            elif role == SUBJ and ent.last_role == SUBJ and s - ent.last_sent <= 1:
                score += PARALLEL_BONUS
            if idx in parties:
                score *= PARTY_FACTOR
            scored.append((score, idx))
        if not scored:
            return None
        best, idx = max(scored)
        if idx == subject:
            reason = "subject of the clause"
            second = 0.0
        else:
            others = [x for x in scored if x[1] != idx]
            second = max(others)[0] if others else 0.0
            rival = f" over {entities[max(others)[1]].id or 'an unnamed person'}" if others else ""
            reason = f"most salient {'singular they' if wanted == NONBINARY else wanted}{rival}"
        confidence = round(best / (best + second), 3) if best > 0 else 0.5
        return Resolved(ev.start, ev.end, "pronoun", idx, confidence, reason)

    def _points_ahead(self, ahead: int, wanted: str, s: int, excluded: set[int]) -> bool:
        """Whether a pronoun opening a subordinate clause means the subject named after it:
        the name agrees in gender, and no one else who agrees was the subject of the
        sentence before ("The vet left. When he had gone, Tom sat down")."""
        if ahead in excluded or self.entities[ahead].gender_fit(wanted) < 0.5:
            return False
        for idx in (*self.recent, *self.unnamed):
            ent = self.entities[idx]
            if (
                idx != ahead
                and ent.last_sent == s - 1
                and ent.last_role == SUBJ
                and ent.gender_fit(wanted) >= 0.5
            ):
                return False
        return True

    def _emphatic(self, k: int, ev: PronounEvent) -> int | None:
        """The character a reflexive right after its mention stresses ("a letter from Mrs.
        Vane herself"), when that mention was resolved and fits the reflexive's gender."""
        if k == 0 or ev.word not in ("himself", "herself"):
            return None
        before = self.events[k - 1]
        if before.end > ev.start or self.text[before.end : ev.start].strip():
            return None
        res = self._last_resolved
        if res is None or res.start != before.start or res.end != before.end:
            return None
        ent = self.entities[res.entity]
        if ent.anonymous or ent.gender_fit(PRONOUN_GENDER[ev.word]) < 0.5:
            return None
        return res.entity

    def _possessed(self, k: int, ev: PronounEvent) -> set[int]:
        """The character of the nominal a possessive opens, whom the possessive does not
        mean ("Ida, her maid, came in": the maid is Ida, so "her" is someone else)."""
        res = self._last_resolved
        if k == 0 or res is None:
            return set()
        before = self.events[k - 1]
        if (
            not isinstance(before, NominalEvent)
            or before.start != ev.start
            or (res.start, res.end) != (before.start, before.end)
        ):
            return set()
        return {res.entity}

    def _named_in_quote_before(self, pos: int) -> set[int]:
        """Characters named inside a quote ending just before `pos` (“Wake up, Philip,” she
        said): a speaker does not name themselves."""
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        if i < 0:
            return set()
        quote = self.quotes[i]
        if quote.end > pos or self.text[quote.end : pos].strip(" \t\n,.!?—–-"):
            return set()
        return set(quote.named)

    def _personal(self, k: int, ev: PronounEvent, q: int) -> Resolved | None:
        """First and second person: speaker and addressee in quotes, narrator outside."""
        if q < 0:
            if ev.word in FIRST_PERSON and self.narrator is not None:
                return Resolved(ev.start, ev.end, "pronoun", self.narrator, 0.9, "narrator")
            return None
        quote = self.quotes[q]
        if ev.word in FIRST_PERSON and quote.speaker is not None:
            return Resolved(ev.start, ev.end, "pronoun", quote.speaker, 0.8, "the speaker")
        if ev.word in SECOND_PERSON and quote.addressee is not None:
            return Resolved(ev.start, ev.end, "pronoun", quote.addressee, 0.6, "the addressee")
        return None

    def _co_arguments(self, pos: int, strict: bool) -> set[int]:
        """Characters already mentioned as subject or object in the clause of `pos`.

        A non-reflexive pronoun is none of them ("I heard him mention her"; "To Holmes she
        is..."). For a subject pronoun (`strict`) any comma or conjunction ends the clause,
        since "Jim smiled and he..." starts a new one, and a reflexive before it only
        stressed someone ("Jim said himself he..."); for an object pronoun a comma or
        conjunction does too ("Jim found the dog, and it bit him"), unless a participle
        follows it: then only the subject is ruled out ("said Jim to Ola, handing him the
        cup": Jim is the one handing, Ola may be him).
        """
        found: set[int] = set()
        gap = _STRICT_BREAK if strict else _OBJECT_BREAK
        only_subject = False
        if not strict:
            participle = _PARTICIPLE.search(self.text, max(0, pos - 30), pos)
            if participle is not None:
                pos = participle.start()
                only_subject = True
        for end, idx, role in reversed(self.sent_events):
            if end > pos:
                continue
            if gap.search(self.text, end, pos):
                break
            if role == SUBJ:
                if not strict:
                    found.add(idx)
                break
            if role != POSS and not (strict and role == REFL) and not only_subject:
                found.add(idx)
        return found

    def _clause_subject(self, pos: int) -> int | None:
        """The entity that is subject of the clause `pos` is in, if mentioned before it."""
        for end, idx, role in reversed(self.sent_events):
            if role == SUBJ and end <= pos:
                if _CLAUSE_BREAK.search(self.text, end, pos):
                    return None
                return idx
        return None

    # -- epithets ---------------------------------------------------------------------------

    def _nominal(self, k: int, ev: NominalEvent) -> Resolved | None:
        kin = ev.head in KIN_NOUNS and (ev.det in ("his", "her") or ev.det.endswith(_GENITIVE))
        if ev.entity is not None:
            if kin:
                owner = self._owner(k, ev)
                if owner is not None:
                    self.kin[owner, ev.head] = ev.entity
            return Resolved(ev.start, ev.end, "epithet", ev.entity, ev.score, ev.reason)
        if kin and (ev.start, ev.end) not in self.tags:  # attribution knows tags better
            found = self._kin(k, ev)
            if found is not None:
                return found
        if ev.det != "the":
            return self._newcomer(ev, self.event_age[k])
        head = ev.head
        wanted_age = self.event_age[k]
        group = _GROUP_OF.get(head)
        wanted = noun_gender(head)
        excluded: set[int] = set()
        q = self.quote_of[k]
        if q >= 0:
            quote = self.quotes[q]
            excluded = {e for e in (quote.speaker, quote.addressee) if e is not None}
        subject = self._clause_subject(ev.start)
        if ev.role != SUBJ and subject is not None:
            excluded.add(subject)
        excluded |= self.not_speaker
        s = self.sentence[k]
        linked: list[tuple[float, int]] = []
        loose: list[tuple[float, int]] = []
        for idx, last in [*self.recent.items(), *self.unnamed.items()]:
            if idx in excluded:
                continue
            ent = self.entities[idx]
            known = head in ent.roles or head in ent.classes or self._titled(idx, head)
            # A character known by this noun stays a candidate while it is in the scene; a
            # merely compatible one only for `EPITHET_WINDOW` sentences.
            if s - last > EPITHET_WINDOW and not known:
                continue
            gender = ent.current_gender()
            if not fits(gender, wanted) and gender != NONBINARY:
                continue
            if group is not None and (ent.classes & group) - {head}:
                continue
            if wanted_age is not None and not known and not ent.age_fits(wanted_age):
                continue
            score = ent.salience(s) * ent.weight
            if known:
                linked.append((score, idx))
            else:
                loose.append((score, idx))
        text = self.text[ev.start : ev.end]
        if linked:
            best, idx = max(linked)
            kind = "description" if head in self.entities[idx].classes else "role"
            reason = f"{text!r}: {kind} known for {self.entities[idx].id}"
            return Resolved(ev.start, ev.end, "epithet", idx, 0.8, reason)
        if loose and head in DESCRIPTORS:
            # "the man" re-describes a character known only by a role more often than one
            # the text calls by name.
            nameless = [x for x in loose if x[1] in self.nameless]
            loose = nameless or loose
        if loose and (head in DESCRIPTORS or group is not None):
            loose.sort(reverse=True)
            best, idx = loose[0]
            second = loose[1][0] if len(loose) > 1 else 0.0
            confidence = round(0.6 * best / (best + second), 3) if best > 0 else 0.3
            reason = f"{text!r}: most salient compatible character"
            return Resolved(ev.start, ev.end, "epithet", idx, confidence, reason)
        return self._newcomer(ev, wanted_age)

    def _titled(self, idx: int, head: str) -> bool:
        """Whether the name of character `idx` opens with the title `head` ("the judge"
        of Judge Orr)."""
        return idx < self.named and self.titles[idx] == head

    def _owner(self, k: int, ev: NominalEvent) -> int | None:
        """The character the possessive opening nominal `k` means ("her" of "her aunt"),
        resolved now, ahead of its turn."""
        j = k + 1
        if j >= len(self.events) or self.events[j].start != ev.start:
            return None
        pron = self.events[j]
        if isinstance(pron, NameEvent):
            return pron.entity  # "Ida's aunt"
        if not isinstance(pron, PronounEvent):
            return None
        if j not in self.pre:
            # "Ida," said her mother: the vocative is no speaker, but may well own the kin.
            kept, self.not_speaker = self.not_speaker, set()
            self.pre[j] = self._resolve(j, pron)
            self.not_speaker = kept
        res = self.pre[j]
        return None if res is None else res.entity

    def _kin(self, k: int, ev: NominalEvent) -> Resolved | None:
        """A kin noun of a character ("her husband", "his mother"): the one the text has
        tied to that same relation before ("Ida's husband, Tom Vale"), else the only other
        named character sharing the owner's surname whose gender and age fit ("her
        husband" of Mrs. Vale is Mr. Vale)."""
        owner = self._owner(k, ev)
        if owner is None or owner >= self.named:
            return None
        text = self.text[ev.start : ev.end]
        known = self.kin.get((owner, ev.head))
        if known is not None:
            reason = f"{text!r}: the {ev.head} named before"
            return Resolved(ev.start, ev.end, "epithet", known, 0.7, reason)
        surname = self.surnames[owner]
        if surname is None or ev.head not in SURNAME_KIN:
            return None
        wanted = noun_gender(ev.head)
        age = self.event_age[k]
        found = [
            i
            for i in self.by_surname.get(surname, ())
            if i != owner
            and fits(self.entities[i].current_gender(), wanted)
            and (age is None or self.entities[i].age_fits(age))
            and _kin_titles(ev.head, self.entities[owner].id, self.entities[i].id)
        ]
        if len(found) != 1:
            return None
        reason = f"{text!r}: the other {surname} of the right gender"
        return Resolved(ev.start, ev.end, "epithet", found[0], 0.6, reason)

    def _newcomer(self, ev: NominalEvent, age: str | None) -> Resolved | None:
        """An unnamed person ("a woman", "his mother") pronouns may refer to; not output."""
        if _plural(ev.head):
            return None
        gender = noun_gender(ev.head)
        ent = Entity("", gender=gender, age=age, anonymous=True, weight=ANONYMOUS_FACTOR)
        self.entities.append(ent)
        return Resolved(ev.start, ev.end, "epithet", len(self.entities) - 1, 0.0, "unnamed")


_SUBORDINATE = re.compile(
    r"[\s“\"‘'(]*(?:when|whenever|as|while|if|though|although|after|before|since|once"
    r"|until|till|because|even\s+as|even\s+though|just\s+as)(?![\w’'])",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;:.!?()“”\"—–]")
_APPOSED = re.compile(r",[ \t\n]+(?:the|a|an|his|her|their|our|with)[ \t\n]")
_NEXT_CLAUSE = re.compile(r"[;:.!?“”\"()]|,[ \t\n]+(?:\w+ly[ \t\n]+)?([A-Za-z][\w’'-]*)")
_AUXILIARIES = frozenset((
    "was", "had", "is", "has", "would", "could", "did", "should", "will", "might", "must",
    "wasn't", "hadn't", "didn't", "couldn't", "wouldn't",
))  # fmt: skip
_COORDINATION = re.compile(r"(?:,|,?[ \t\n]+(and|or|nor))[ \t\n]+")
_GENITIVE = ("'s", "’s")
_GENITIVE_AFTER = re.compile(r"['’]s(?![\w’'])")
_FOR = re.compile(r"(?<![\w’'])for\s+$", re.IGNORECASE)


def _refine_roles(text: str, events: list[Event]) -> list[Event]:
    """`events` with better roles than the words next to a name show: names and nominals
    joined to another person by "and" or a comma ("Tom, Ann and Joe were late") get
    `OTHER`, as part of a plural a singular pronoun rarely means; one followed by "'s" that
    its span leaves out is a possessive ("Ida's dog ran after her"); a name
    whose verb comes after an apposition or follows a conjunction "for" becomes a subject."""
    people = [k for k, e in enumerate(events) if not isinstance(e, PronounEvent)]
    joined: set[int] = set()
    for a, b in itertools.pairwise(people):
        first, second = events[a], events[b]
        if first.end > second.start:
            continue
        m = _COORDINATION.fullmatch(text, first.end, second.start)
        if m is None:
            continue
        if m.group(1) is None and not (  # a bare comma: a list of names, no apposition
            isinstance(first, NameEvent) and isinstance(second, NameEvent)
        ):
            continue
        joined.update((a, b))
    out: list[Event] = []
    for k, ev in enumerate(events):
        if k in joined:
            out.append(replace(ev, role=OTHER))
        elif not isinstance(ev, PronounEvent) and _GENITIVE_AFTER.match(text, ev.end):
            out.append(replace(ev, role=POSS))  # "Ida's dog": the 's outside the span
        elif isinstance(ev, NameEvent) and ev.role != SUBJ and _subject_after(text, ev):
            out.append(replace(ev, role=SUBJ))
        else:
            out.append(ev)
    return out


def _subject_after(text: str, name: NameEvent) -> bool:
    """Whether a name a role guess missed is a subject: its verb comes after an
    apposition ("Ida, the new clerk, had left") or after "for" used as a conjunction
    ("for Ida had left")."""
    if _APPOSED.match(text, name.end):
        for m in _NEXT_CLAUSE.finditer(text, name.end + 2, name.end + 160):
            if m.group(1) is None:
                break
            if _verb_like(m.group(1).casefold()):
                return True
    verb = _NEXT_WORD.match(text, name.end, name.end + 30)
    return (
        _FOR.search(text, max(0, name.start - 5), name.start) is not None
        and verb is not None
        and verb.group(1).casefold() in _AUXILIARIES
    )


def _surname(ident: str) -> str | None:
    """The family name of a character's canonical name: its last word when it has a
    title or several words ("Mrs. Vale", "Tom Vale"), else None."""
    words = ident.split()
    if len(words) < 2 or not words[-1][:1].isupper():
        return None
    return words[-1].strip(_PUNCTUATION) or None


def _kin_titles(kin: str, owner: str, other: str) -> bool:
    """Whether the titles of two characters sharing a surname allow the kin relation: a
    spouse is no "Miss" or "Master" and has none; a married woman ("Mrs. Vale") is nobody's
    son or daughter by that name, which she took from her husband."""
    title = _title(other)
    if kin in _SPOUSES:
        return title not in _UNMARRIED and _title(owner) not in _UNMARRIED
    return title not in _MARRIED


def _title(ident: str) -> str:
    """The first word of a canonical name, lower-case, without a full stop ("mrs")."""
    return ident.split(maxsplit=1)[0].casefold().rstrip(".")


def _plural(noun: str) -> bool:
    if noun in ("men", "women", "children", "people", "folk", "folks", "gentlemen", "ladies"):
        return True
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is"))
