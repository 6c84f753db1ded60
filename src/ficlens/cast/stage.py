"""The cast stage: characters and every mention of them, from the ``persons`` layer.

Name mentions are parsed and clustered (`ficlens.cast.cluster`), clusters are linked to
the work's canon and merged when they are the same canon character (`ficlens.cast.canon`),
names that are no one (pack non-characters, places, a family's house such as "Hale Lodge",
times, exclamations, peoples and creeds such as "the Sikhs" or "Buddhism", a family in the
plural such as "the Pells", a chanted name) are set aside, a capitalised byname ("the
Tanner") used all through the text for a named character joins that character, pronouns
and epithets are resolved (`ficlens.cast.coref`) and each character gets a gender
(`ficlens.cast.gender`). A "the X" that coreference leaves to no one becomes a character
known by that role when a speech tag names it ("said the genial passenger", "said nanny")
or it recurs and acts; one used all through the text for a named character ("the
painter"), one the text states of a named character ("Pascal's our coachman") and a
stranger the text then names join that character. When the work has a canon, canon names
the ``persons`` layer missed are added ("Creed had said"). An original character who never
acts or speaks, is named fewer than three times, takes fewer than two pronouns and shows no
sign of being a person ("a poster of Zorbo", "That's Popeye.") is dropped.

The stage reads no files or environment: the fandom packs are passed to `cast_stage`.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ficlens.cast.canon import Canon, CanonRef, Link, link_cluster, name_key, select_canon
from ficlens.cast.cluster import (
    TITLES,
    Assignment,
    NameForm,
    cluster_names,
    fullest,
    parse_name,
    strip_possessive,
)
from ficlens.cast.coref import (
    DESCRIPTORS,
    FIRST_PERSON,
    NON_PERSON_FACTOR,
    POSS,
    SECOND_PERSON,
    SUBJ,
    Entity,
    NameEvent,
    NominalEvent,
    PronounEvent,
    Resolved,
    Resolver,
    SpeechInfo,
    Words,
    class_evidence,
    explicit_links,
    find_pronouns,
    narrator_name,
    nominal_parts,
    role_between,
)
from ficlens.cast.features import NATIONALITIES
from ficlens.cast.gender import PRONOUN_GENDER, decide_gender, fits, noun_gender, words_gender
from ficlens.document import Document, Layer, Span
from ficlens.fandoms import PackIndex
from ficlens.layers import (
    BREAKS,
    CAST,
    CHAPTERS,
    MENTIONS,
    PARAGRAPHS,
    PERSONS,
    QUOTES,
    ROLE_BODY,
    SENTENCES,
    SPEECH,
    TOKENS,
)
from ficlens.pipeline import Stage, stage

NARRATOR = "Narrator"
ROLE_REASON = "known only by a role"
"""How the reasons of a character known only by a role ("the surgeon") begin."""
FIRST_PERSON_MIN = 5
FIRST_PERSON_SHARE = 0.25
NARRATOR_VOCATIVES = 2
NARRATED_RATIO = 4
"""The narrator is addressed by name in dialogue at least this many times for every time
the narration itself names them (a stray "Alexis" in reported speech is allowed)."""
MIN_NAMES = 3
MIN_PRONOUNS = 2
SURE_PRONOUN = 0.75
"""Resolution confidence from which a pronoun counts towards its character's gender."""

_TIME_WORDS = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "july", "september", "october", "november", "december",
    "christmas", "easter", "halloween", "thanksgiving", "diwali", "hanukkah", "passover",
    "ramadan", "eid", "valentine", "valentine's", "michaelmas", "lent",
))  # fmt: skip
_NAME_MONTHS = frozenset(("april", "may", "june", "august"))
_TIME_BEFORE = frozenset(
    ["in", "on", "last", "next", "this", "since", "until", "till", "during", "by", "of", "every"]
)
_EXCLAMATIONS = frozenset((
    "god", "lord", "christ", "jesus", "heaven", "heavens", "goodness", "gosh", "jeez",
    "jeezus", "dios",
))  # fmt: skip
_EXCLAIM_BEFORE = frozenset((
    "my", "oh", "o", "ah", "thank", "thanks", "for", "by", "good", "dear", "swear", "to",
    "god", "christ", "sweet",
))  # fmt: skip
_PLACE_BEFORE = frozenset((
    "in", "into", "inside", "outside", "near", "throughout", "within", "across", "toward",
    "towards", "via", "around", "through",
))  # fmt: skip
_PLACE_WORDS = frozenset((
    "street", "st", "road", "avenue", "lane", "boulevard", "park", "city", "town", "county",
    "state", "country", "river", "lake", "mountain", "mountains", "hill", "island", "bay",
    "sea", "ocean", "manor", "castle", "church", "chapel", "cathedral", "abbey", "school",
    "college", "university", "academy", "hospital", "hotel", "inn", "tavern", "pub",
    "restaurant", "cafe", "club", "company", "corporation", "corp", "inc", "ltd", "bank",
    "station", "airport", "bridge", "square", "palace", "tower", "building", "center",
    "centre", "forest", "valley", "kingdom", "empire", "republic", "day", "night", "week",
    "branch", "office", "industries", "enterprises", "society", "committee", "department",
    "agency", "hall", "house", "lodge", "court", "cottage", "farm", "place", "grange",
    "priory", "rectory", "vicarage", "parsonage", "gardens",
))  # fmt: skip
_LOST_LETTERS = re.compile(r"(?:\?[^\W\d_]+)+")
"""Letters after a question mark inside a word: a letter the text lost ("Th?r?se")."""
_SURNAMED = frozenset(("mr", "mrs", "ms"))
"""Titles written with a surname only."""
PERSON_VERBS = frozenset((
    "said", "says", "asked", "asks", "thought", "thinks", "felt", "feels", "knew", "knows",
    "smiled", "smiles", "laughed", "laughs", "nodded", "nods", "sighed", "sighs", "looked",
    "looks", "turned", "turns", "walked", "walks", "sat", "sits", "stood", "stands",
    "replied", "replies", "answered", "answers", "whispered", "whispers", "shouted",
    "shouts", "cried", "cries", "took", "takes", "gave", "gives", "told", "tells", "saw",
    "sees", "heard", "hears", "came", "comes", "went", "goes", "ran", "runs", "wanted",
    "wants", "loved", "loves", "hated", "hates", "wondered", "wonders", "grinned", "grins",
    "frowned", "frowns", "shrugged", "shrugs", "kissed", "kisses", "hugged", "hugs",
    "rolled", "rolls", "decided", "decides", "realized", "realizes", "realised", "realises",
    "glanced", "glances", "stared", "stares", "watched", "watches", "wished", "wishes",
    "hoped", "hopes", "tried", "tries", "made", "makes", "began", "begins", "spoke",
    "speaks", "wrote", "writes", "read", "reads", "got", "gets", "kept", "keeps", "left",
    "leaves", "met", "meets", "paused", "pauses", "moved", "moves", "leaned", "leans",
    "reached", "reaches", "pulled", "pulls", "pushed", "pushes", "opened", "opens",
    "closed", "closes", "swallowed", "blinked", "blushed", "winced", "groaned", "muttered",
    "murmured", "exclaimed", "added", "continued",
))  # fmt: skip
"""Verbs that show their subject is a person when they follow a name."""
PERSON_NOUNS = frozenset((
    "eyes", "eye", "face", "hand", "hands", "head", "hair", "voice", "heart", "mind", "arm",
    "arms", "lips", "mouth", "shoulder", "shoulders", "body", "feet", "foot", "fingers",
    "back", "chest", "cheek", "cheeks", "smile", "gaze", "name", "mother", "father", "wife",
    "husband", "brother", "sister", "son", "daughter", "friend", "friends", "family",
    "parents", "boss", "girlfriend", "boyfriend", "fiance", "desk", "life", "room",
    "office", "car", "phone", "voice", "thoughts", "attention", "expression", "words",
    "own",
))  # fmt: skip
"""Nouns after a possessive name that show a person: "Jim's hand", "Pam's mother"."""
_STATED_PRONOUNS = re.compile(r"(?i)\b(she|he|they)/(?:her|him|them|their)s?\b")
_ROLE_KEYS = ("job", "later_job", "title", "role", "position", "rank", "species")
_ROLE_STOP = frozenset(["of", "the", "to", "and", "a", "an", "for", "in", "at", "on", "with"])
_WORD = re.compile(r"[A-Za-z][\w-]*")
_CAPITALISED = re.compile(r"[A-Z][\w’'-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3}")
_WORD_SPAN = re.compile(r"[^\s]+")
_ARTICLES = frozenset(("the", "The"))
_SAID = frozenset((
    "said", "says", "asked", "asks", "replied", "answered", "cried", "whispered", "shouted",
    "exclaimed", "muttered", "murmured", "added", "continued", "remarked", "observed",
    "returned", "began", "went",
))  # fmt: skip
"""Speech verbs: "said the Hatter" shows a person."""
_VOCATIVE_AFTER = frozenset((",", "!", "?", ".", "”", '"'))
_MY_NAME = re.compile(r"(?i)\bmy\s+name(?:\s+is|['’]s)\s+$")
_THIS_IS = re.compile(
    r"^(?:(?i:hello|hallo|hi|hey|yes|good\s+(?:morning|afternoon|evening|day))"
    r"|[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)+)[,.!?]?\s+(?i:this\s+is)\s+$"
)
_SPEAKING = re.compile(r"\s+(?:speaking|here)\b")
_NAME_ENDS = re.compile(r"\s*(?:[,.!?;:—–”\"]|$)")
_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")


def self_naming(text: str, quote_start: int, start: int, end: int) -> bool:
    """Whether the name at ``[start, end)`` in the quote opening at `quote_start` is its
    speaker's own: “My name is Nora”, a phone answered with a greeting or a firm's name
    (“Hello, this is Nora.”, “Harbour Freight, this is Nora.”), “Nora speaking.”. Not “So,
    this is Nora’s room” nor “Ada, this is Nora” (an introduction)."""
    if _POSSESSIVE_AFTER.match(text, end) is not None:
        return False
    before = text[quote_start:start].lstrip("“\"‘'")
    if _MY_NAME.search(before) is not None:
        return True
    if not before:
        return _SPEAKING.match(text, end) is not None
    return _THIS_IS.match(before) is not None and _NAME_ENDS.match(text, end) is not None


ROLE_MENTIONS = 3
ROLE_TAGS = 2
"""A role referent ("the Hatter") is a character from this many mentions, or this many speech
verbs next to it when no speech tag names it."""
ROLE_NEAR = 3000
"""Characters within which "the passenger" is the "genial passenger" met before."""
ROLE_MODIFIERS = 2
"""Words a role may have before its head noun: "the genial passenger", "the first housemaid"."""
_AGENT_ENDINGS = (
    "er", "or", "ist", "ian", "ant", "ent", "ess", "eer", "man", "ee", "ive", "ard",
    "maid", "wife", "boy", "girl",
)  # fmt: skip
"""Endings of nouns for people: "keeper", "suppliant", "detective", "housemaid"."""
_ROLE_ARTICLES = frozenset(("the", "a", "an"))
_CONTRAST = frozenset(("other", "another", "same"))
"""Words that set a role against one met before ("the other stranger")."""
_ROLE_WORD = re.compile(r"[A-Za-z]{2,}(?:-[A-Za-z]+)*")
ROLE_SCORE = 0.8
ROLE_DOMINANCE = 5
ROLE_DOMINANT_MIN = 10
"""A capitalised role ("the General") this many times as frequent as the names holding its
word, and at least `ROLE_DOMINANT_MIN` times, is a character of its own."""
HOLDER_REACH = 1500
HOLDER_SHARE = 0.8
HOLDER_BESIDE = 10
HOLDER_LIFT = 2.0
HOLDER_RECURS = 2
"""A lower-case role used all through the text ("the painter"), recurring (`HOLDER_RECURS`
times) in at least `HOLDER_RECURS` scenes (`ROLE_GAP`), is the epithet of the named
character named within `HOLDER_REACH` characters before `HOLDER_SHARE` of its mentions, in
the sentence of at most one in `HOLDER_BESIDE`, and before its mentions `HOLDER_LIFT` times
as often as before any sentence (not merely named everywhere)."""
ARTICLE_SHARE = 0.75
"""Share of an untitled one-word name's mentions written after "the" ("the Tanner") from
which it is a byname, maybe of a named character."""
BYNAME_SHARE = 0.6
"""`HOLDER_SHARE` for a capitalised byname ("the Tanner"): the text uses it on its own for
long stretches, yet as the name of one person, more surely than a lower-case role; and
as the name of one person, it may answer its holder now and then (a tag's misreading)."""
ROLE_SPREAD = 0.5
"""A lower-case role ("the painter") used across more than this share of the text is more
often an epithet of a named character, or several people, than one minor character."""
_UNNAMED_YET = frozenset(("stranger", "newcomer", "visitor", "intruder"))
"""Roles that say the text does not yet name the person: the stranger may be named later."""
REVEAL_REACH = 1500
NAMING_REACH = 80
_NAMING = re.compile(r"(?i)\b(?:name[ds]?|call(?:ed|s)?)\b")
"""A word of naming near a name: the text is telling who someone is."""
_STATED_AFTER = re.compile(
    r"(?:['’]s|[ \t]s|[ \t\n]+(?:is|was))[ \t\n]+(?:the|our|my|your|their|his|her)"
    r"[ \t\n]+(?:[a-z][a-z-]*[ \t\n]+){0,2}?([a-z][a-z-]*)"
    r"(?=[ \t\n]*[,.;:!?\"”—]|[ \t\n]+(?:and|but|who|here|there|now)\b)"
)
"""After a name, a role stated of it, definite as an identity is: "'s our courier",
" was the surly ferryman." (a lost apostrophe too: "Crewe s our ferryman"); not "was a
fine girl", which sorts rather than identifies."""
_STATED_BEFORE = re.compile(
    r"\b[Tt]he[ \t\n]+(?:[a-z][a-z-]*[ \t\n]+){0,2}?([a-z][a-z-]*)[ \t\n]+(?:is|was)[ \t\n]+$"
)
"""Before a name, a role stated of it: "the ferryman was " Crewe."""
STATED_BEFORE_REACH = 60
_CLAUSE_END = re.compile(r"[ \t]*[,.;:!?\"”—]")
_GENERIC = frozenset((
    "kid", "guy", "person", "fellow", "chap", "one", "other", "others", "same", "latter",
    "former", "rest", "dead", "living", "poor", "rich", "young", "old", "people", "folk",
    "crowd", "company", "party", "couple", "pair", "family", "group", "team", "audience",
    "jury", "court", "public", "world", "army", "enemy", "government", "police", "staff",
    "another", "first", "second", "third", "last", "next", "elder", "younger", "eldest",
    "youngest", "unknown", "speaker", "listener", "hearer",
))  # fmt: skip
"""Nouns too generic to name one person ("the kid", "the latter", "the second", "the
speaker": whoever spoke last)."""
_LIST_GAP = re.compile(r",[ \t\n]*")
_LIST_AFTER = re.compile(r",?\s+and\b|,\s*[A-Z]")
"""After a name, what goes on a list: "Crewe, and Dunstan", "Crewe, Dunstan"."""
_YOUTH = frozenset(("young", "little"))
"""Words before a first name that mark a child ("young Tom")."""
_CHILDREN = frozenset(("son", "sons", "daughter", "daughters", "child", "children", "boy", "girl"))
"""Nouns after a possessive name that mark a parent ("Tom Lowry's daughter")."""
_IRREGULAR_PLURALS = frozenset(("men", "women", "children", "gentlemen", "ladies", "folks"))


def _plural(noun: str) -> bool:
    """Whether a head noun is plural: "the men", "the guards" (not "the Duchess")."""
    if noun in _IRREGULAR_PLURALS or noun.endswith("men"):
        return True
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is"))


def _role_phrase(surface: str, taken: set[str]) -> tuple[str, str] | None:
    """The article of a nominal ("the", "a", "an" or none) and its words after it, when it
    can name a character known by a role: "the genial passenger", "a porter", "nanny"
    (lower case, used as a name). None for a head that is a word of a named character
    (`taken`), a description (`DESCRIPTORS`), a body part or relation (`PERSON_NOUNS`),
    generic or plural."""
    words = surface.split()
    first = words[0].casefold()
    article = first if first in _ROLE_ARTICLES and len(words) > 1 else ""
    body = words[1:] if article else words
    if not body or len(body) > 1 + ROLE_MODIFIERS or not all(map(_ROLE_WORD.fullmatch, body)):
        return None  # too long, or not plain words ("the General s maid")
    if not article and (len(body) > 1 or not body[0].islower()):
        return None
    head = body[-1].casefold()
    if any(w.casefold() in _CONTRAST for w in body) or (
        (head.endswith("ing") and not head.endswith("ling") and len(head) > 4)  # "following"
        or head in taken
        or head in DESCRIPTORS
        or head in _GENERIC
        or head in PERSON_NOUNS
        or _plural(head)
    ):
        return None
    return article, " ".join(body)


_MODIFIER = re.compile(
    r"[ \t\n]+(in|with)[ \t\n]+(the|a|an|his|her)[ \t\n]+((?:[a-z][a-z-]*[ \t\n]+){0,2}"
    r"[a-z][a-z-]*)(?=[ \t\n]*[,.;:!?\"”—]|[ \t\n]+(?:" + "|".join(_SAID) + r")\b)"
)
"""A prepositional modifier ending its clause after a person noun: "the man with the
scar", "the lady in a green hat", "the girl in the corner said"."""


def _role_head(role: str) -> str:
    """The head noun of a role, before any modifier: "the man with the scar" -> "man"."""
    return re.split(r"\s(?:in|with)\s", role, maxsplit=1)[0].split()[-1]


def _described(surface: str, modifier: str) -> tuple[str, str] | None:
    """The article and words of a described person ("the man" + "with the scar"): an
    article, at most `ROLE_MODIFIERS` plain lower-case words before a singular head that is
    no relation ("his mother")."""
    words = surface.split()
    article = words[0].casefold()
    body = words[1:]
    if article not in _ROLE_ARTICLES or not body or len(body) > 1 + ROLE_MODIFIERS:
        return None
    if not all(w.islower() and _ROLE_WORD.fullmatch(w) for w in body):
        return None
    head = body[-1]
    if _plural(head) or head in PERSON_NOUNS or any(w in _CONTRAST for w in body):
        return None
    return article, " ".join([*body, modifier])


def _near(first: Sequence[_RoleMention], second: Sequence[_RoleMention]) -> bool:
    """Whether two spellings of a role meet within `ROLE_NEAR` characters, as one person's
    ("said the genial passenger", "the passenger said") rather than two in other scenes."""
    starts = sorted(m.start for m in second)
    for m in first:
        i = bisect.bisect_left(starts, m.start)
        if any(abs(starts[j] - m.start) <= ROLE_NEAR for j in (i - 1, i) if 0 <= j < len(starts)):
            return True
    return False


def _near_any(starts: Sequence[int], pos: int, reach: int) -> bool:
    """Whether a sorted offset list has one within `reach` characters of `pos`."""
    i = bisect.bisect_left(starts, pos)
    return any(abs(starts[j] - pos) <= reach for j in (i - 1, i) if 0 <= j < len(starts))


ROLE_GAP = 20000
"""Characters between mentions of a role used all through the text beyond which they are
another scene's, maybe another person's ("the landlady" of another inn)."""


def _runs(members: Sequence[_RoleMention]) -> list[list[_RoleMention]]:
    """Mentions of a role in runs no more than `ROLE_GAP` characters apart."""
    out: list[list[_RoleMention]] = []
    for m in sorted(members, key=lambda m: m.start):
        if out and m.start - out[-1][-1].start <= ROLE_GAP:
            out[-1].append(m)
        else:
            out.append([m])
    return out


def _person_noun(role: str) -> bool:
    """Whether a role's head looks like a noun for a person: capitalised ("the March
    Hare"), gendered ("the ambassadress") or with an agent ending ("the suppliant")."""
    head = role.rsplit(maxsplit=1)[-1]
    return (
        head[0].isupper()
        or noun_gender(head) is not None
        or head.casefold().endswith(_AGENT_ENDINGS)
    )


_FAITHS = frozenset((
    "hindu", "muslim", "moslem", "mussulman", "mohammedan", "buddhist", "sikh", "parsee",
    "parsi", "islam", "pagan", "heathen", "gentile", "quaker", "methodist", "anglican",
))  # fmt: skip
"""Nouns of a faith or its followers: capitalised, yet a creed or a people, not a name."""
_PLURAL_ONLY = frozenset(("jew", "christian"))
"""Nouns of a people that are a byname ("the Jew") or a given name alone, but a group in
the plural ("the Jews")."""
_PEOPLE_ENDINGS = ("man", "men", "woman", "women")
_IDEA_ENDINGS = ("ism", "ianity")
"""Endings of a creed or a doctrine ("Hinduism", "Christianity"), never of a person."""


def _group_word(word: str, plural_only: bool) -> bool:
    """Whether a name word is a nationality, faith, people or creed ("Russian", "Hindus",
    "Anglo-Indians", "Englishman", "Buddhism"); with `plural_only`, only in a plural or a
    creed ("Hindus", "Frenchmen", "Buddhism")."""
    w = word.casefold().rsplit("-", 1)[-1]
    if len(w) > 4 and w.endswith(_IDEA_ENDINGS):
        return True
    stem = w[:-1] if w.endswith("s") else None
    if stem is not None and (stem in NATIONALITIES or stem in _FAITHS or stem in _PLURAL_ONLY):
        return True
    for ending in _PEOPLE_ENDINGS:
        base = w.removesuffix(ending)
        if base != w and base in NATIONALITIES and (ending.endswith("men") or not plural_only):
            return True  # "Englishman", "Frenchwomen"
    return not plural_only and (w in NATIONALITIES or w in _FAITHS)


def _nationality(form: NameForm) -> bool:
    """Whether an untitled name is a nationality, faith, people or creed ("the Americans",
    "Russian", "Islam", "Englishman", "Hinduism"), or ends with a people in the plural
    ("Boston Methodists"): a group or an idea, not a person."""
    if form.title is not None:
        return False
    return all(_group_word(w, False) for w in form.words) or _group_word(form.words[-1], True)


@dataclass(slots=True)
class _Name:
    """A name mention: span (possessive left out), parsed form, role, and whether it is
    inside a quote and shows a person."""

    start: int
    end: int
    form: NameForm
    role: int
    quoted: bool
    person: bool
    young: bool = False
    """Written as a child's: "young Tom", "little Tom"."""
    parent: bool = False
    """Written as a parent's: "Tom Lowry's daughter"."""


@dataclass(slots=True)
class _RoleMention:
    """A nominal that may name a character known by a role: its span, role in its clause,
    whether a verb speech tag names it as the speaker, whether a speech verb is next to it,
    and its nominal (None: a tag speaker the ``persons`` layer missed). The rest is set when
    its words can name a role."""

    start: int
    end: int
    role: int
    strong: bool
    said: bool
    nominal: int | None
    article: str = ""
    spelling: str = ""
    acts: bool = False
    described: bool = False
    """Named by a person noun and its modifier: "the man with the scar"."""


@dataclass(slots=True)
class _Character:
    """One character: its canon link, its name mentions and its resolver entity."""

    entity: Entity
    ref: CanonRef | None = None
    link: Link | None = None
    names: list[int] = field(default_factory=list)
    titles: Counter[str] = field(default_factory=Counter)

    given: Counter[str] = field(default_factory=Counter)
    role: str | None = None
    """The role of a character known only by it, as written: "the Hatter", "nanny"."""
    epithets: Counter[str] = field(default_factory=Counter)

    @property
    def title_gender(self) -> str | None:
        """The gender its titles ("Mrs.") or its role noun ("the Duchess") carry."""
        if self.titles:
            return self.titles.most_common(1)[0][0]
        return noun_gender(_role_head(self.role)) if self.role else None

    @property
    def given_gender(self) -> str | None:
        """The gender its given names carry ("Annie"), when they agree."""
        return next(iter(self.given)) if len(self.given) == 1 else None


def cast_stage(packs: PackIndex | None) -> Stage:
    """The stage providing ``cast`` and ``mentions``; `packs` are the fandom packs to use."""

    @stage(requires=[PARAGRAPHS, SENTENCES, TOKENS, QUOTES, PERSONS], provides=[CAST, MENTIONS])
    def cast(doc: Document) -> list[Layer]:
        """Characters of the work and their resolved mentions."""
        return list(_Cast(doc, packs).layers())

    return cast


class _Cast:
    """Builds the cast of one document (one instance per run)."""

    def __init__(self, doc: Document, packs: PackIndex | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.body = [(p.start, p.end) for p in doc.layer(PARAGRAPHS) if p.label == ROLE_BODY]
        self.body_starts = [s for s, _ in self.body]
        self.canon: Canon = select_canon(doc.meta, doc.text, packs)
        sentences = doc.layer(SENTENCES)
        self.sent_starts = list(sentences.starts)
        self.sent_ends = list(sentences.ends)
        self.words = Words(self.text, doc.layer(TOKENS))
        self.quotes = [(q.start, q.end) for q in doc.layer(QUOTES) if q.label != "nested"]
        self.quote_starts = [s for s, _ in self.quotes]
        self.names: list[_Name] = []
        self.assignments: list[Assignment] = []
        self.owner: list[int | None] = []  # character index of each name mention
        self.characters: list[_Character] = []
        self.entities: list[Entity] = []
        self.narrator: int | None = None
        self.stated: set[int] = set()  # characters said to use given pronouns
        self.narrator_reason = "first-person narration"

    # -- helpers ----------------------------------------------------------------------------

    def _in_body(self, pos: int) -> bool:
        i = bisect.bisect_right(self.body_starts, pos) - 1
        return i >= 0 and pos < self.body[i][1]

    def _quoted(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.quotes[i][1]

    def _sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        if i < 0:
            return 0, len(self.text)
        return self.sent_starts[i], self.sent_ends[i]

    def _role(self, start: int, end: int) -> int:
        floor, ceiling = self._sentence(start)
        return self.words.role(start, end, floor, ceiling)

    # -- names ------------------------------------------------------------------------------

    def _canon_spans(self, taken: Sequence[Span]) -> list[Span]:
        """Canon names written in the body that the ``persons`` layer missed ("Creed had
        said", "Hit me, Beesly"): the longest canon spelling in each run of capitalised
        words. A first name opening a sentence counts only before a verb ("Will you?" is
        no Will)."""
        spellings = self.canon.spellings
        if not spellings:
            return []
        starts = [s.start for s in taken]
        ends = [s.end for s in taken]
        found: list[Span] = []
        for ps, pe in self.body:
            for m in _CAPITALISED.finditer(self.text, ps, pe):
                words = [(w.start(), w.end()) for w in _WORD_SPAN.finditer(m.group())]
                for j in range(len(words), 0, -1):
                    start, end = m.start() + words[0][0], m.start() + words[j - 1][1]
                    name = strip_possessive(self.text[start:end])
                    if name not in spellings:
                        continue
                    i = bisect.bisect_left(starts, end)
                    if (i > 0 and ends[i - 1] > start) or (
                        j == 1 and self._opens_sentence(start) and self._role(start, end) != SUBJ
                    ):
                        break
                    found.append(Span(start, end, "name"))
                    break
        return found

    def _opens_sentence(self, pos: int) -> bool:
        """Whether only quote marks or brackets stand between `pos` and its sentence start."""
        floor = self._sentence(pos)[0]
        return not self.text[floor:pos].strip(" \t\n“\"‘'(—–-*_")

    def _read_persons(self) -> list[tuple[int, int, str]]:
        """Collect the name mentions worth clustering; return the nominal spans."""
        nominals: list[tuple[int, int, str]] = []
        titles = self.canon.titles
        persons = [s for s in self.doc.layer(PERSONS) if self._in_body(s.start)]
        extra = self._canon_spans(persons)
        if extra:
            persons = sorted([*persons, *extra], key=lambda s: (s.start, -s.end))
        parsed: dict[str, NameForm | None] = {}
        for span in persons:
            surface = self.text[span.start : span.end]
            lost = _LOST_LETTERS.match(self.text, span.end)
            if lost is not None and span.label == "name":
                surface += lost.group()  # "Th?r?se": the rest of the name
            if span.label != "name" or self._canon_epithet(surface) is not None:
                nominals.append((span.start, span.end, surface))
                continue
            if surface not in parsed:
                form = parse_name(surface, titles)
                parsed[surface] = (
                    None
                    if form is None or self._non_character(form) or _nationality(form)
                    else form
                )
            form = parsed[surface]
            if form is None:
                continue
            bare = strip_possessive(surface.rstrip())
            start, end = span.start + form.lead, span.start + form.end
            floor, ceiling = self._sentence(start)
            prev, nxt = self.words.before(start, floor), self.words.after(end, ceiling)
            after = self.text[end : end + 1]
            if self._not_a_person(form, prev, after):
                continue
            possessive = form.end == len(bare) < len(surface.rstrip())
            role = POSS if possessive else role_between(prev, nxt, after)
            quoted = self._quoted(start)
            person = (
                self._person_evidence(form, role, quoted, prev, nxt)
                or (quoted and (self._vocative(start, end) or self._self_named(start, end)))
                or (prev in _ARTICLES and self._after_the(start) in _SAID)
            )
            young = prev in _YOUTH
            parent = nxt in _CHILDREN and self.text[end : end + 1] in ("'", "’")
            self.names.append(_Name(start, end, form, role, quoted, person, young, parent))
        self.names = self._without_houses(self.names)
        return nominals

    @staticmethod
    def _without_houses(names: list[_Name]) -> list[_Name]:
        """The names less those of a family's house or land ("Hale Lodge", "Pell Park"): a
        word the text writes as a surname (after "Mr." or "Mrs.", or ending a full name)
        and never as a first name, then a place word, with no title."""
        people = [n.form for n in names if n.form.words[-1].casefold() not in _PLACE_WORDS]
        surnames = {
            f.words[-1].casefold() for f in people if len(f.words) > 1 or f.title in _SURNAMED
        }
        surnames -= {f.words[0].casefold() for f in people if len(f.words) > 1}
        return [
            n
            for n in names
            if n.form.title is not None
            or len(n.form.words) < 2
            or n.form.words[-1].casefold() not in _PLACE_WORDS
            or n.form.words[0].casefold() not in surnames
        ]

    @staticmethod
    def _person_evidence(
        form: NameForm, role: int, quoted: bool, prev: str | None, nxt: str | None
    ) -> bool:
        """Whether a mention outside a quote shows a person: a title, acting or speaking
        ("Jim smiled", "said Jim"), a body part or relative ("Jim's hand")."""
        if form.title is not None:
            return True
        if role == POSS:
            return nxt in PERSON_NOUNS
        if quoted or role != SUBJ:
            return False
        if nxt is None:
            return prev is not None
        return nxt in PERSON_VERBS or (nxt.endswith("ed") and nxt not in ("used", "named"))

    def _self_named(self, start: int, end: int) -> bool:
        """Whether a name in a quote is its speaker's own (“Hello, this is Nora.”)."""
        i = bisect.bisect_right(self.quote_starts, start) - 1
        return self_naming(self.text, self.quotes[i][0], start, end)

    def _vocative(self, start: int, end: int) -> bool:
        """Whether a name in a quote is addressed ("Thanks, Pam.", “Jim?”)."""
        before = self.text[max(0, start - 2) : start].strip()
        return before in ("", ",", "“", '"') and self.text[end : end + 1] in _VOCATIVE_AFTER

    def _canon_epithet(self, surface: str) -> CanonRef | None:
        if not len(self.canon):
            return None
        refs = self.canon.lookup(surface)
        if len(refs) == 1 and refs[0].how(name_key(surface)) == "epithet":
            return refs[0]
        return None

    def _non_character(self, form: NameForm) -> bool:
        """A pack non-character, or a name containing one ("Dunder Mifflin Scranton")."""
        if not self.canon.non_characters:
            return False
        words = form.surface.split()
        n = len(words)
        return any(
            self.canon.is_non_character(" ".join(words[i:j]))
            for i in range(n)
            for j in range(i + 1, n + 1)
        )

    @staticmethod
    def _not_a_person(form: NameForm, prev: str | None, after: str) -> bool:
        """Times ("Monday", "last May") and exclamations ("Oh my God") written as names."""
        if form.title is not None:
            return False
        words = [w.casefold() for w in form.words]
        if all(w in _TIME_WORDS or w in _NAME_MONTHS for w in words):
            return any(w in _TIME_WORDS for w in words) or prev in _TIME_BEFORE
        if len(words) == 1 and words[0] in _EXCLAMATIONS:
            return prev in _EXCLAIM_BEFORE or prev is None or after in ("!", ",", "?")
        return False

    # -- clusters, canon and characters -----------------------------------------------------

    def _link(self) -> list[tuple[object, Link | None]]:
        """Cluster the names and link the clusters to canon. Per name: the key of its
        character (the canon name, else its cluster) and its canon link."""
        names = self.names
        clustering = cluster_names(
            [(n.start, n.form) for n in names],
            young=[k for k, n in enumerate(names) if n.young],
            parents=[k for k, n in enumerate(names) if n.parent],
        )
        self.assignments = clustering.assignments
        clusters = clustering.clusters
        forms = {n.form.surface: n.form for n in names}
        uses: Counter[str] = Counter(n.form.surface for n in names)
        established = {f for f, c in uses.items() if c > 1}
        established |= {n.form.surface for n in names if n.role == SUBJ and not n.quoted}
        links: list[Link | None] = [None] * len(clusters)
        splits: list[list[str]] = [[] for _ in clusters]
        present: set[str] | None = None
        for _ in range(2):  # the second round knows who else the work has
            for ci, cluster in enumerate(clusters):
                if cluster.count:
                    links[ci], splits[ci] = link_cluster(
                        cluster, forms, self.canon, present, established
                    )
            present = {link.ref.name for link in links if link is not None}
        keyed: list[tuple[object, Link | None]] = []
        for name, a in zip(names, clustering.assignments, strict=True):
            link = links[a.cluster]
            if link is None:
                keyed.append((("cluster", a.cluster), None))
            elif name.form.surface in splits[a.cluster]:
                keyed.append((("split", name.form.surface), None))
            else:
                keyed.append((link.ref.name, link))
        return keyed

    def _build_characters(self) -> dict[str, int]:
        """One character per canon character or unlinked cluster, places left out, in
        order of first mention. Returns the character index of each canon name."""
        found: dict[object, _Character] = {}
        keys: list[object] = []
        for k, (key, link) in enumerate(self._link()):
            char = found.get(key)
            if char is None:
                char = found[key] = _Character(Entity(""), link.ref if link else None, link)
            elif link is not None and char.link is not None and link.score > char.link.score:
                char.link = link
            char.names.append(k)
            form = self.names[k].form
            if form.gender is not None:
                char.titles[form.gender] += 1
            elif form.title is None:
                given = words_gender(form.words)
                if given is not None:
                    char.given[given] += 1
            keys.append(key)
        index: dict[object, int] = {}
        for key, char in found.items():
            if not self._place_like(char):
                index[key] = self._add(char)
        self.owner = [index.get(key) for key in keys]
        return {c.ref.name: i for i, c in enumerate(self.characters) if c.ref is not None}

    def _add(self, char: _Character) -> int:
        """Add a character and set up its entity: id, gender, weight, roles."""
        names = [self.names[k] for k in char.names]
        ent = char.entity
        ref = char.ref
        if ref is not None:
            ent.id = ref.name
        else:
            ent.id = fullest(Counter(n.form.surface for n in names)) if names else NARRATOR
        ent.gender = char.title_gender or (ref.gender if ref else None) or char.given_gender
        person = ref is not None or any(n.person for n in names)
        ent.weight = 1.0 if person else NON_PERSON_FACTOR
        if ref is not None:
            for key in _ROLE_KEYS:
                words = _WORD.findall(ref.attributes.get(key, ""))
                ent.roles |= {w.casefold() for w in words if w.casefold() not in _ROLE_STOP}
            ent.roles |= {nominal_parts(epithet)[1] for epithet in ref.epithets}
        self.characters.append(char)
        self.entities.append(ent)
        return len(self.characters) - 1

    def _place_like(self, char: _Character) -> bool:
        """Named like a place, organisation, time or role, and never acting as a person:
        "Elm Street", "April" (a month before a given name), "the Pincio" or "the Regional
        Manager" (a proper name after "the" is a place, thing or post, not someone's name)."""
        if char.ref is not None:
            return False
        names = [self.names[k] for k in char.names]
        if self._chant(names) or self._family(names):
            return True
        if any(n.form.title is not None or n.person for n in names):
            return False
        if any(n.form.words[-1].casefold() in _PLACE_WORDS for n in names):
            return True
        if all(
            w.casefold() in _TIME_WORDS or w.casefold() in _NAME_MONTHS
            for n in names
            for w in n.form.words
        ):
            return True
        if 2 * sum(self._after_the(n.start) is not None for n in names) >= len(names):
            return True
        if any(n.role == SUBJ and not n.quoted for n in names):
            return False
        placed = 0
        for n in names:
            if n.role != POSS:
                prev = self.words.before(n.start, self._sentence(n.start)[0])
                placed += prev in _PLACE_BEFORE
        return placed > 0 and 2 * placed >= len(names)

    @staticmethod
    def _chant(names: Sequence[_Name]) -> bool:
        """Whether a name is only ever said in quotes repeating a word ("Rama Rama,"): a
        chant or a cry, not someone addressed."""
        return all(
            n.quoted
            and n.form.title is None
            and len({w.casefold() for w in n.form.words}) < len(n.form.words)
            for n in names
        )

    def _family(self, names: Sequence[_Name]) -> bool:
        """Whether an untitled one-word name is the plural of a surname the text uses and
        never a surname itself ("the Pells" beside "Mr. Pell"): a family, not a person."""
        words = {n.form.words for n in names if n.form.title is None}
        if len(words) != 1 or len(names) != sum(n.form.title is None for n in names):
            return False
        (word,) = words.pop() if len(next(iter(words))) == 1 else ("",)
        w = word.casefold()
        if not w.endswith("s") or w in self._surnames:
            return False
        return w[:-1] in self._surnames or (w.endswith("es") and w[:-2] in self._surnames)

    @functools.cached_property
    def _surnames(self) -> frozenset[str]:
        """Words the text writes as a surname: after "Mr." or "Mrs." or ending a full name."""
        return frozenset(
            n.form.words[-1].casefold()
            for n in self.names
            if len(n.form.words) > 1 or n.form.title in _SURNAMED
        )

    def _after_the(self, start: int) -> str | None:
        """When "the" goes before the name mention at `start` ("to the Pincio", "said the
        Hatter"), the lower-case word before it ("" when none); else None."""
        starts = self.words.starts
        i = bisect.bisect_left(starts, start) - 1
        if i < 0 or self.text[starts[i] : self.words.ends[i]] not in _ARTICLES:
            return None
        return self.words.before(starts[i], self._sentence(start)[0]) or ""

    # -- events -----------------------------------------------------------------------------

    def _nominals(
        self, spans: Iterable[tuple[int, int, str]], canon_index: dict[str, int]
    ) -> list[NominalEvent]:
        """Nominal events; canon epithets are linked at once, adding their character."""
        out: list[NominalEvent] = []
        for start, end, surface in spans:
            det, head = nominal_parts(surface)
            role = self._role(start, end)
            ref = self._canon_epithet(surface)
            if ref is None:
                out.append(NominalEvent(start, end, det, head, role))
                continue
            i = canon_index.get(ref.name)
            if i is None:
                link = Link(ref, 1.0, f"epithet of canon {ref.name}")
                i = canon_index[ref.name] = self._add(_Character(Entity(""), ref, link))
            reason = f"epithet {surface!r} of canon {ref.name}"
            out.append(NominalEvent(start, end, det, head, role, i, 1.0, reason))
        return out

    def _link_descriptions(self, names: Sequence[NameEvent], nominals: list[NominalEvent]) -> None:
        """Apply what the text says a named character is: appositions ("Pam, the
        receptionist") and predicates ("Dwight was an alpha"). An apposition that reads as
        a list ("Dunstan, Crewe, the farrier"), an address ("Stop the boy, Crewe!") or a
        group ("the two men, Crewe") is left out."""
        starts = [n.start for n in names]
        for k, (entity, reason) in explicit_links(self.text, names, nominals).items():
            nom = nominals[k]
            if _plural(nom.head.casefold()) or self._not_apposition(nom, names, starts):
                continue
            nominals[k] = NominalEvent(
                nom.start, nom.end, nom.det, nom.head, nom.role, entity, 0.9, reason
            )
            self.entities[entity].roles.add(nom.head)
        ceilings = [self._sentence(e.start)[1] for e in names]
        for i, classes in class_evidence(self.text, names, ceilings).items():
            self.entities[i].classes |= classes

    def _not_apposition(
        self, nom: NominalEvent, names: Sequence[NameEvent], starts: Sequence[int]
    ) -> bool:
        """Whether a nominal next to a name is not its apposition: the name after it is
        addressed in a quote ("Fetch the tailor, Crewe") or goes on a list
        ("the farrier, Crewe, and Dunstan"), or the name before it follows another on a
        list ("Dunstan, Crewe, the farrier")."""
        j = bisect.bisect_left(starts, nom.end)
        if j < len(names) and _LIST_GAP.fullmatch(self.text, nom.end, names[j].start):
            after = self.text[names[j].end : names[j].end + 8]
            return self._quoted(nom.start) or _LIST_AFTER.match(after) is not None
        i = bisect.bisect_right(starts, nom.start) - 1
        return (
            i > 0 and _LIST_GAP.fullmatch(self.text, names[i - 1].end, names[i].start) is not None
        )

    def _role_characters(self, nominals: list[NominalEvent]) -> None:
        """Characters known only by a role ("said the Hatter", "the genial passenger said",
        "said a porter", "said nanny"): a role named as the speaker of a verb speech tag is
        a character from one tag; one met in looser tags (`ROLE_TAGS`) or acting and
        recurring (`ROLE_MENTIONS`) is one too. A role is keyed by all its words ("the
        senior detective", "the junior detective"); the bare noun joins the one other
        spelling it meets nearby ("the passenger"). Its mentions are linked to it, and tag
        speakers the ``persons`` layer missed are added as mentions. A head that is a known
        role, description or name word of a character stays theirs ("the omega", "the
        Colonel"); looks, age or sex ("the man"), relations ("the mother"), generic nouns
        and plurals name no one. A lower-case role must stay within `ROLE_SPREAD` of the
        text, else it is the epithet of the named character it stands for (`_role_holder`)
        or, failing one, each scene where a speech tag names it (`ROLE_GAP`) has its own;
        it draws pronouns weakly: it is less surely one person than "the Duchess". A role the
        text states of one named character (`_stated_roles`) is theirs in their scenes, and
        a stranger's scene is theirs when the text then names them (`_revealed`)."""
        taken = {w for e in self.entities for w in e.roles | e.classes}
        in_names: Counter[str] = Counter()
        holders: dict[str, set[int | None]] = {}
        for name, owner in zip(self.names, self.owner, strict=True):
            for w in {w.casefold() for w in _WORD.findall(name.form.surface)}:
                in_names[w] += 1
                holders.setdefault(w, set()).add(owner)
        candidates = self._role_candidates(nominals)
        dominant = self._dominant_roles(candidates, in_names)
        taken = (taken | set(in_names)) - {w for w in dominant if len(holders.get(w, ())) != 1}
        held = self._held_roles(set(in_names))
        groups: dict[str, dict[str, list[_RoleMention]]] = {}
        for cand in candidates:
            surface = self.text[cand.start : cand.end]
            last = surface.rsplit(maxsplit=1)[-1].casefold()
            starts = held.get(last)
            if starts is not None and not _near_any(starts, cand.start, ROLE_GAP):
                phrase = _role_phrase(surface, taken - {last})  # "the surgeon" of another scene
            else:
                phrase = _role_phrase(surface, taken)
            key = None
            found = _MODIFIER.match(self.text, cand.end)
            if phrase is None and found is not None:
                prep, det, words = found.group(1, 2, 3)
                phrase = _described(surface, " ".join((prep, det, *words.split())))
                if phrase is not None:  # "the man with the crooked nose": "with the nose"
                    cand.described = True
                    key = f"{surface.split(maxsplit=1)[1]} {prep} {words.split()[-1]}"
            if phrase is None or (phrase[0] != "the" and not cand.strong):
                continue  # "nanny", "a porter": a role only where a tag names it
            if cand.nominal is None and phrase[0] and not _person_noun(_role_head(phrase[1])):
                continue  # "said the sky": a tag's odd speaker no person span confirms
            cand.article, cand.spelling = phrase
            cand.acts = cand.role == SUBJ and not self._quoted(cand.start)
            head = _role_head(cand.spelling).casefold()
            key = " ".join((key or cand.spelling).casefold().split())
            groups.setdefault(head, {}).setdefault(key, []).append(cand)
        stated = self._stated_roles()
        for head, spelt in groups.items():
            described = any(m.described for ms in spelt.values() for m in ms)
            by_key = (
                spelt
                if head not in stated or described
                else self._give_stated(head, spelt, stated[head], nominals)
            )
            if head in by_key and not self._role_local(by_key[head]):
                # "the matron" all through, so "the worthy matron" too; but when it comes
                # in scenes far apart, one per scene a speech tag names ("said the
                # landlady"), unless a title ("the duchess").
                holder = self._role_holder(head, by_key[head])
                if holder is not None:  # "the painter" for a painter the text names
                    self._add_role(head, by_key[head], nominals, holder)
                    continue
                runs = _runs(by_key[head])
                titled = TITLES.get(head) is not None  # "the duchess", but not "the officer"
                for members in () if titled or len(runs) < 2 else runs:
                    if any(m.strong for m in members):
                        self._add_revealed(head, members, nominals)
                continue
            sets = [
                ms
                for ms in by_key.values()
                if self._role_local(ms)
                and self._role_person(ms)
                and (len(ms) >= ROLE_TAGS or not ms[0].described)
            ]
            if len(sets) == 2 and head in by_key and _near(*sets):
                sets = [[*sets[0], *sets[1]]]  # "the genial passenger" is "the passenger"
            for members in sets:
                self._add_revealed(head, members, nominals)

    def _stated_roles(self) -> dict[str, int]:
        """Role nouns the text states of one named character: "Crewe's our ferryman", "Crewe
        was the surly ferryman", "the ferryman was Crewe"; not looks, age or sex ("the
        tall girl") or generic nouns. A noun stated of two characters is no one's."""
        found: dict[str, set[int]] = {}
        text = self.text
        for n, o in zip(self.names, self.owner, strict=True):
            if o is None:
                continue
            m = _STATED_AFTER.match(text, n.end)
            if m is None and n.role != POSS and _CLAUSE_END.match(text, n.end):
                m = _STATED_BEFORE.search(text, max(0, n.start - STATED_BEFORE_REACH), n.start)
            word = m.group(1).casefold() if m is not None else ""
            if word and word not in DESCRIPTORS and word not in _GENERIC:
                found.setdefault(word, set()).add(o)
        return {w: next(iter(os)) for w, os in found.items() if len(os) == 1}

    def _give_stated(
        self,
        head: str,
        by_key: dict[str, list[_RoleMention]],
        holder: int,
        nominals: list[NominalEvent],
    ) -> dict[str, list[_RoleMention]]:
        """Give the mentions of a role the text states of a named character (`holder`) to
        that character, in the scenes where they are named (`ROLE_GAP`), unless they are
        of another gender, answer the role's speech tags or are named in the sentence of
        the role (two people: "Crewe paid the ferryman"). Returns the mentions left."""
        members = [m for ms in by_key.values() for m in ms]
        starts, owners = self._named
        mine = [s for s, o in zip(starts, owners, strict=True) if o == holder]
        beside = 0
        for m in members:
            floor, ceiling = self._sentence(m.start)
            beside += bisect.bisect_left(mine, ceiling) > bisect.bisect_left(mine, floor)
        if (
            not fits(self.entities[holder].gender, noun_gender(head))
            or beside * HOLDER_BESIDE > len(members)
            or holder in self._talking_with(members)
        ):
            return by_key
        given = [m for m in members if _near_any(mine, m.start, ROLE_GAP)]
        if given:
            self._add_role(head, given, nominals, holder, "the role the text states of")
        taken = {id(m) for m in given}
        left = {k: [m for m in ms if id(m) not in taken] for k, ms in by_key.items()}
        return {k: ms for k, ms in left.items() if ms}

    def _add_revealed(
        self, head: str, members: Sequence[_RoleMention], nominals: list[NominalEvent]
    ) -> None:
        """Add the character known by a role, less the scenes where a stranger the text then
        names (`_revealed`) was that named character all along."""
        if head not in _UNNAMED_YET:
            self._add_role(head, members, nominals)
            return
        rest: list[_RoleMention] = []
        for run in _runs(members):
            holder = self._revealed(head, run)
            if holder is None:
                rest.extend(run)
            else:
                self._add_role(head, run, nominals, holder, "a stranger the text then names")
        if rest:
            self._add_role(head, rest, nominals)

    def _revealed(self, head: str, run: Sequence[_RoleMention]) -> int | None:
        """The character a scene's stranger turns out to be: the first one of fitting gender
        named within `REVEAL_REACH` after the scene's last mention of the role who was not
        named in it (from `HOLDER_REACH` before its first), with a word of naming beside the
        name ("What name shall I give?" "Crewe!"; "Crewe, as the others called him")."""
        starts, owners = self._named
        lo = bisect.bisect_left(starts, run[0].start - HOLDER_REACH)
        hi = bisect.bisect_left(starts, run[-1].end)
        present = set(owners[lo:hi])
        gender = noun_gender(head)
        for j in range(hi, bisect.bisect_right(starts, run[-1].end + REVEAL_REACH)):
            o = owners[j]
            if o not in present and fits(self.entities[o].gender, gender):
                at = starts[j]
                naming = _NAMING.search(self.text, max(0, at - NAMING_REACH), at + NAMING_REACH)
                return o if naming is not None else None
        return None

    def _held_roles(self, in_names: set[str]) -> dict[str, list[int]]:
        """Role words an apposition or predicate gave a named character ("Dr. Ossory, the
        surgeon"), not written in any name, with the sorted starts of their holders' names:
        away from those, the role is someone else's."""
        holders: dict[str, set[int]] = {}
        for i, e in enumerate(self.entities):
            for w in (e.roles | e.classes) - in_names:
                holders.setdefault(w, set()).add(i)
        return {
            w: sorted(n.start for n, o in zip(self.names, self.owner, strict=True) if o in owners)
            for w, owners in holders.items()
        }

    def _dominant_roles(
        self, candidates: Sequence[_RoleMention], in_names: Counter[str]
    ) -> set[str]:
        """Capitalised roles ("the General") the text uses `ROLE_DOMINANCE` times as often
        as all the names that hold the word ("General Perovski" once, "Madame General"):
        when no single named character holds the word, someone known by the role rather
        than an epithet of one of them (or of one an apposition gave it to)."""
        uses: Counter[str] = Counter()
        for cand in candidates:
            words = self.text[cand.start : cand.end].split()
            if len(words) == 2 and words[0].casefold() == "the" and words[1][:1].isupper():
                uses[words[1].casefold()] += 1
        return {
            w
            for w, n in uses.items()
            if n >= ROLE_DOMINANT_MIN and n >= ROLE_DOMINANCE * in_names[w]
        }

    @staticmethod
    def _role_person(members: Sequence[_RoleMention]) -> bool:
        """Whether the mentions of one role make a character: a verb tag names it, or looser
        tags (`ROLE_TAGS`) or acting and recurring (`ROLE_MENTIONS`); a role with words
        before its noun ("the poor relative") only from a tag."""
        if any(m.strong for m in members):
            return True
        return " " not in members[0].spelling and (
            sum(m.said for m in members) >= ROLE_TAGS
            or (len(members) >= ROLE_MENTIONS and any(m.acts for m in members))
        )

    def _role_local(self, members: Sequence[_RoleMention]) -> bool:
        """Whether the mentions of a role stay within `ROLE_SPREAD` of the text, or the text
        capitalises it ("the Duchess")."""
        starts = [m.start for m in members]
        return max(starts) - min(starts) <= ROLE_SPREAD * len(self.text) or any(
            m.spelling.split()[-1][0].isupper() for m in members
        )

    def _add_role(
        self,
        head: str,
        members: Sequence[_RoleMention],
        nominals: list[NominalEvent],
        holder: int | None = None,
        why: str | None = None,
    ) -> None:
        """Add the character known by a role and link its mentions; it is called by its most
        frequent spelling, the longest among equals ("The genial passenger", "A porter",
        "Nanny"). With a `holder`, the mentions and spellings go to that named character,
        `why` saying how the text ties the role to them."""
        spellings = Counter((m.article, m.spelling) for m in members)
        spelling = max(spellings, key=lambda s: (spellings[s], len(s[1].split())))[1]
        articles = {m.article for m in members if m.spelling == spelling}
        article = "the" if "the" in articles else max(articles)  # "the", "a"/"an", none
        role = f"{article} {spelling}" if article else spelling
        if holder is None:
            char = _Character(Entity(""), role=role)
            i = self._add(char)
            ent = self.entities[i]
            ent.id = role[0].upper() + role[1:]
            ent.gender = char.title_gender
            ent.weight = 1.0 if spelling.split()[-1][0].isupper() else NON_PERSON_FACTOR
            reason = f"{role!r}: a character known by that role"
        else:
            i = holder
            char, ent = self.characters[i], self.entities[i]
            reason = f"{role!r}: {why or 'the role the text uses for'} {ent.id}"
        char.epithets.update(f"{a} {s}" if a else s for a, s in spellings.elements())
        char.epithets.update(s for _, s in spellings.elements() if " " in s)  # "March Hare"
        ent.roles.add(head)
        for m in members:
            if m.nominal is None:
                det, noun = nominal_parts(self.text[m.start : m.end])
                nominals.append(
                    NominalEvent(m.start, m.end, det, noun, m.role, i, ROLE_SCORE, reason)
                )
            else:
                nom = nominals[m.nominal]
                nominals[m.nominal] = NominalEvent(
                    nom.start, nom.end, nom.det, nom.head, nom.role, i, ROLE_SCORE, reason
                )

    def _role_holder(
        self, head: str, members: Sequence[_RoleMention], byname: bool = False
    ) -> int | None:
        """The named character a lower-case role recurring in several scenes is an epithet
        of ("the painter" for a painter the text names): of compatible gender, named within
        `HOLDER_REACH` before `HOLDER_SHARE` of its mentions (at least `ROLE_MENTIONS`) yet
        (nearly) never in the sentence of one, named before them more often than elsewhere
        (`HOLDER_LIFT`), and never the other party of a quote a tag gives the role (a
        servant answering their employer is someone else). Among several, the one named
        last before most mentions."""
        scenes = sum(len(run) >= HOLDER_RECURS for run in _runs(members))
        if scenes < HOLDER_RECURS or len(members) < ROLE_MENTIONS or not _person_noun(head):
            return None
        starts, owners = self._named
        before: Counter[int] = Counter()
        beside: Counter[int] = Counter()
        for m in members:
            floor, ceiling = self._sentence(m.start)
            lo = bisect.bisect_left(starts, m.start - HOLDER_REACH)
            hi = bisect.bisect_left(starts, m.start)
            before.update(set(owners[lo:hi]))
            a = bisect.bisect_left(starts, floor)
            b = bisect.bisect_left(starts, ceiling)
            beside.update(set(owners[a:b]))
        gender = noun_gender(head)
        found = [
            o
            for o, n in before.items()
            if n >= (BYNAME_SHARE if byname else HOLDER_SHARE) * len(members)
            and beside[o] * HOLDER_BESIDE <= len(members)
            and fits(self.entities[o].gender, gender)
            and n >= HOLDER_LIFT * len(members) * self._coverage(o)
        ]
        if found:
            talking = self._talking_with(members)
            found = [
                o
                for o in found
                if (talking[o] * HOLDER_BESIDE <= len(members) if byname else o not in talking)
            ]
        if len(found) > 1:  # the one named last before most of its mentions
            latest: Counter[int] = Counter()
            for m in members:
                lo = bisect.bisect_left(starts, m.start - HOLDER_REACH)
                hi = bisect.bisect_left(starts, m.start)
                last = next(
                    (owners[j] for j in range(hi - 1, lo - 1, -1) if owners[j] in found), None
                )
                if last is not None:
                    latest[last] += 1
            (best, n), *_ = latest.most_common(1)
            found = [best] if 2 * n > len(members) else []
        return found[0] if found else None

    def _article_holders(self) -> None:
        """Give an original character known by "the" and one capitalised word ("the
        Tanner", at least `ARTICLE_SHARE` of its names so written) to the named character it
        is the epithet of, by the test of a lower-case role used all through the text
        (`_role_holder`): the text's byname for someone it also names."""
        moved = False
        for i, char in enumerate(self.characters):
            names = [self.names[k] for k in char.names]
            if char.ref is not None or len(names) < ROLE_MENTIONS:
                continue
            words = {n.form.words for n in names}
            (word,) = words.pop() if len(words) == 1 and len(next(iter(words))) == 1 else ("",)
            after_the = sum(n.form.article or self._after_the(n.start) is not None for n in names)
            plural = _plural(word.casefold())
            if not word[:1].isupper() or plural or after_the < ARTICLE_SHARE * len(names):
                continue
            members = [_RoleMention(n.start, n.end, n.role, False, False, None) for n in names]
            holder = self._role_holder(word, members, byname=True)
            if holder is None or holder == i:
                continue
            for k in char.names:
                self.owner[k] = holder
            self.characters[holder].names.extend(char.names)
            char.names = []
            moved = True
        if moved:
            self.__dict__.pop("_named", None)
            self.__dict__.pop("_coverages", None)

    @functools.cached_property
    def _named(self) -> tuple[list[int], list[int]]:
        """The starts of name mentions of characters, sorted, and their characters."""
        pairs = sorted(
            (n.start, o) for n, o in zip(self.names, self.owner, strict=True) if o is not None
        )
        return [s for s, _ in pairs], [o for _, o in pairs]

    def _coverage(self, owner: int) -> float:
        """The share of body sentences with `owner` named within `HOLDER_REACH` before."""
        if owner not in self._coverages:
            starts, owners = self._named
            mine = [s for s, o in zip(starts, owners, strict=True) if o == owner]
            near = sum(
                bisect.bisect_left(mine, s) > bisect.bisect_left(mine, s - HOLDER_REACH)
                for s in self.sent_starts
            )
            self._coverages[owner] = near / max(1, len(self.sent_starts))
        return self._coverages[owner]

    @functools.cached_property
    def _coverages(self) -> dict[int, float]:
        """`_coverage` of the characters asked about so far."""
        return {}

    @functools.cached_property
    def _tags(self) -> tuple[list[Span], list[tuple[int, int, int]], list[int]]:
        """The ``speech`` spans, their tags ``(start, end, span index)`` sorted, and the
        tags' starts."""
        speech = list(self.doc.layer(SPEECH)) if self.doc.has(SPEECH) else []
        tags = sorted(
            (int(t[0]), int(t[1]), k) for k, s in enumerate(speech) if (t := s.attrs.get("tag"))
        )
        return speech, tags, [t[0] for t in tags]

    def _talking_with(self, members: Sequence[_RoleMention]) -> Counter[int]:
        """Characters named as the speaker of a quote next to one a speech tag gives the
        role, or addressed in that quote (the other party of its conversation), with how
        many of the role's mentions they so answer."""
        speech, tags, tag_starts = self._tags
        starts, owners = self._named
        out: Counter[int] = Counter()
        for m in members:
            i = bisect.bisect_left(tag_starts, m.end) - 1
            if i < 0 or tags[i][1] <= m.start:
                continue  # no tag at the mention
            k = tags[i][2]
            spans = [(int(a), int(b)) for a, b in speech[k].attrs.get("vocatives") or ()]
            for j in (k - 1, k + 1):
                tag = speech[j].attrs.get("tag") if 0 <= j < len(speech) else None
                if tag:
                    spans.append((int(tag[0]), int(tag[1])))
            answered: set[int] = set()
            for a, b in spans:
                answered.update(
                    owners[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)]
                )
            out.update(answered)
        return out

    def _role_candidates(self, nominals: list[NominalEvent]) -> list[_RoleMention]:
        """The unlinked nominals, each marked when a verb speech tag names it as the speaker,
        and the tag speakers no ``persons`` span covers. Without a ``speech`` layer, a
        speech verb next to the nominal ("said the Hatter") counts as its tag."""
        tagged: dict[int, tuple[int, int]] = {}  # nominal end -> tag span
        has_speech = self.doc.has(SPEECH)
        if has_speech:
            for span in self.doc.layer(SPEECH):
                tag = span.attrs.get("tag")
                if tag and span.attrs.get("tag_kind") == "nominal" and span.attrs.get("verb"):
                    tagged[int(tag[1])] = (int(tag[0]), int(tag[1]))
        out: list[_RoleMention] = []
        covered: list[tuple[int, int]] = [(n.start, n.end) for n in self.names]
        ends = sorted(tagged)
        for k, nom in enumerate(nominals):
            covered.append((nom.start, nom.end))
            if nom.entity is not None:
                continue
            end = nom.end
            tag = tagged.pop(end, None)
            i = bisect.bisect_right(ends, nom.start)
            inner = ends[i] if i < len(ends) and ends[i] < end else None
            if tag is None and inner in tagged and tagged[inner][0] >= nom.start:
                end = inner  # "said the keeper" of "the keeper of the light"
                tag = tagged.pop(inner)
            said = self._said_next_to(nom.start, end)
            strong = tag is not None if has_speech else said
            start = min(nom.start, tag[0]) if tag is not None else nom.start
            out.append(_RoleMention(start, end, nom.role, strong, said, k))
        covered.sort()
        reach = list(itertools.accumulate((e for _, e in covered), max))
        for start, end in tagged.values():
            i = bisect.bisect_left(covered, (end, end))
            if i and reach[i - 1] > start:
                continue  # a name or nominal overlaps it
            said = self._said_next_to(start, end)
            out.append(_RoleMention(start, end, self._role(start, end), True, said, None))
        return out

    def _said_next_to(self, start: int, end: int) -> bool:
        """Whether a speech verb goes right before or after a mention: "said the Hatter"."""
        floor, ceiling = self._sentence(start)
        return self.words.before(start, floor) in _SAID or self.words.after(end, ceiling) in _SAID

    def _stated_pronouns(self, names: Sequence[NameEvent]) -> None:
        """Pronouns a character is said to use ("Alex (they/them)") fix their gender."""
        starts = [n.start for n in names]
        for m in _STATED_PRONOUNS.finditer(self.text):
            i = bisect.bisect_left(starts, m.start()) - 1
            if i >= 0 and names[i].start >= self._sentence(m.start())[0]:
                self.entities[names[i].entity].gender = PRONOUN_GENDER[m.group(1).casefold()]
                self.stated.add(names[i].entity)

    def _find_narrator(self, pronouns: Sequence[PronounEvent]) -> None:
        """The narrator of a first-person work: a named character when the text says so."""
        first = third = 0
        for p in pronouns:
            if not self._quoted(p.start):
                if p.word in FIRST_PERSON:
                    first += 1
                elif p.word not in SECOND_PERSON:
                    third += 1
        if first < FIRST_PERSON_MIN or first < FIRST_PERSON_SHARE * (first + third):
            return
        stated = {w.casefold() for w in narrator_name(self.text, self.body)}
        for name, owner in zip(self.names, self.owner, strict=True):
            if owner is not None and name.form.words[0].casefold() in stated:
                self.narrator = owner
                self.narrator_reason = f"the narration names its narrator {name.form.surface!r}"
                break
        else:
            self.narrator = self._addressed_narrator()
        if self.narrator is None:
            self.narrator = self._add(_Character(Entity(NARRATOR)))
        self.entities[self.narrator].narrator = True

    def _addressed_narrator(self) -> int | None:
        """The character others address by name in dialogue ("Thanks, Pip.") and the
        narration (almost) never names: in a first-person work, that is the narrator."""
        addressed: Counter[int] = Counter()
        narrated: Counter[int] = Counter()
        for name, owner in zip(self.names, self.owner, strict=True):
            if owner is None:
                continue
            if not name.quoted:
                narrated[owner] += 1
            elif name.person:  # a vocative
                addressed[owner] += 1
        for owner, count in addressed.most_common():
            if count >= NARRATOR_VOCATIVES and narrated[owner] * NARRATED_RATIO <= count:
                surface = self.entities[owner].id
                self.narrator_reason = f"dialogue addresses the narrator as {surface!r}"
                return owner
        return None

    def _breaks(self) -> list[int]:
        """Offsets where a scene or chapter changes: salience fades across them."""
        doc = self.doc
        found = {b.start for b in doc.layer(BREAKS)} | {c.start for c in doc.layer(CHAPTERS)}
        return sorted(found)

    def _speech(self) -> dict[int, SpeechInfo] | None:
        """The ``speech`` layer by quote start, when another stage has provided it."""
        if not self.doc.has(SPEECH):
            return None
        found: dict[int, SpeechInfo] = {}
        for span in self.doc.layer(SPEECH):
            attrs = span.attrs
            tag = attrs.get("tag")
            vocatives = attrs.get("vocatives") or ()
            found[span.start] = SpeechInfo(
                span.start,
                span.end,
                (int(tag[0]), int(tag[1])) if tag else None,
                tuple((int(a), int(b)) for a, b in vocatives),
            )
        return found

    # -- the whole stage --------------------------------------------------------------------

    def layers(self) -> tuple[Layer, Layer]:
        """The ``cast`` and ``mentions`` layers."""
        nominal_spans = self._read_persons()
        canon_index = self._build_characters()
        self._article_holders()
        names: list[NameEvent] = []
        for k, (name, owner) in enumerate(zip(self.names, self.owner, strict=True)):
            if owner is not None:
                a = self.assignments[k]
                names.append(NameEvent(name.start, name.end, owner, name.role, a.score, a.reason))
        nominals = self._nominals(nominal_spans, canon_index)
        self._link_descriptions(names, nominals)
        self._role_characters(nominals)
        self._stated_pronouns(names)
        pronouns = find_pronouns(self.text, self.body)
        self._find_narrator(pronouns)
        speech = self._speech()
        wanted = [
            p
            for p in pronouns
            if (p.word not in FIRST_PERSON and p.word not in SECOND_PERSON)
            or (speech is not None if self._quoted(p.start) else self.narrator is not None)
        ]
        resolver = Resolver(
            self.text,
            self.entities,
            [*names, *nominals, *wanted],
            sentence_starts=self.sent_starts,
            paragraph_starts=self.body_starts,
            quotes=self.quotes,
            speech=speech,
            narrator=self.narrator,
            breaks=self._breaks(),
        )
        return self._output(resolver.run())

    def _output(self, resolved: Sequence[Resolved]) -> tuple[Layer, Layer]:
        by_entity: dict[int, list[Resolved]] = {}
        for r in resolved:
            by_entity.setdefault(r.entity, []).append(r)
        agents = {
            owner
            for name, owner in zip(self.names, self.owner, strict=True)
            if name.role == SUBJ and not name.quoted
        }
        agents |= {r.entity for r in resolved if r.reason == "the speaker"}
        ids: dict[int, str] = {}
        used: set[str] = set()
        cast: list[Span] = []
        agents |= self.stated
        agents |= {i for i, c in enumerate(self.characters) if c.role is not None}
        for i, char in enumerate(self.characters):
            found = by_entity.get(i)
            if not found:
                continue
            if not (char.ref or i == self.narrator or i in agents or self._person_like(i, found)):
                continue  # a name in passing: "a poster of Zorbo", "That's Popeye."
            ident = base = self.entities[i].id
            n = 2
            while ident in used:
                ident = f"{base} ({n})"
                n += 1
            ids[i] = ident
            used.add(ident)
            cast.append(self._cast_span(i, ident, found))
        mentions = [
            Span(
                r.start,
                r.end,
                r.kind,
                MappingProxyType(
                    {"character": ids[r.entity], "score": r.score, "reason": r.reason}
                ),
            )
            for r in resolved
            if r.entity in ids
        ]
        return Layer(CAST, cast), Layer(MENTIONS, mentions)

    def _person_like(self, i: int, found: Sequence[Resolved]) -> bool:
        """Whether an original character who never acts is still someone: named at least
        `MIN_NAMES` times, referred to by pronouns, or shown to be a person ("Pam's hand",
        "Thanks, Pam")."""
        names = [self.names[k] for k in self.characters[i].names]
        pronouns = sum(r.kind == "pronoun" for r in found)
        return len(names) >= MIN_NAMES or pronouns >= MIN_PRONOUNS or any(n.person for n in names)

    def _cast_span(self, i: int, ident: str, found: Sequence[Resolved]) -> Span:
        """The ``cast`` span of character `i`, at its first resolved mention."""
        char = self.characters[i]
        ent = self.entities[i]
        ref = char.ref
        votes: Counter[str] = Counter()
        for r in found:
            if r.kind == "pronoun" and r.score >= SURE_PRONOUN:
                gender = PRONOUN_GENDER.get(self.text[r.start : r.end].casefold())
                if gender is not None:
                    votes[gender] += 1
        gender, gender_reason = decide_gender(
            votes, char.title_gender, ref.gender if ref else None, char.given_gender
        )
        reasons: list[str] = []
        if char.link is not None:
            reasons.append(char.link.reason)
            score = char.link.score
        elif char.role is not None:
            reasons.append(f"{ROLE_REASON}: {char.role!r}")
            score = ROLE_SCORE
        else:
            reasons.append("original character (not in canon)")
            scores = [r.score for r in found if r.kind == "name"]
            score = round(sum(scores) / len(scores), 3) if scores else 0.5
        if i == self.narrator:
            reasons.append(self.narrator_reason)
        reasons.append(f"gender: {gender_reason}")
        forms: Counter[str] = Counter(self.names[k].form.surface for k in char.names)
        forms.update(char.epithets)
        first = min(found, key=lambda r: r.start)
        attrs: dict[str, Any] = {
            "name": ent.id,
            "aliases": tuple(f for f, _ in forms.most_common()),
            "gender": gender,
            "canon": ref.name if ref else None,
            "mentions": len(found),
            "attributes": MappingProxyType(dict(ref.attributes) if ref else {}),
            "score": score,
            "reasons": tuple(reasons),
        }
        return Span(first.start, first.end, ident, MappingProxyType(attrs))
