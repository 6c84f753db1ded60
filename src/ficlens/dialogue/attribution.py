"""The ``speakers`` layer: who speaks every quotation, and to whom.

Parallel to ``quotes``: label = the speaker's character id ("" when nobody or unknown),
attrs ``addressees`` (tuple of ids), ``confidence`` and ``reason``. Decisions are taken
by sieves, most trusted first:

(a) an explicit speech tag (from the ``speech`` layer) names the speaker: the ``mentions``
    layer says which character its name or epithet is, and a name the cast knows but
    ``mentions`` lacks is looked up by alias (of several characters sharing it, the one
    mentioned far more often; never by a bare ``Mrs``); a name tag decides its quote
    whatever the turn-taking says. A pronoun tag gives the speaker's gender;
    the character coreference resolved it to is evidence the turn-taking model weighs, not
    a decision (``she said`` is often the other woman), though a strong one when the
    narration just before names that character alone of its gender (``Ann sniffed. “So?”
    she asked.``); a character of that gender opening the narration clause right before
    the quote is taken over coreference's choice (``Tom eyed Ned. “So?” he said.``).
    ``said I`` is the narrator: the
    cast's, unless the dialogue right next to the narrator's tagged lines clearly
    addresses someone else. ``said his wife`` is not him, but the one woman with a married
    title and his family name (``Mrs Orme``) when the cast has her; ``said the general`` is
    the one character of that rank, while a lowercase noun (``the man``) never matches part
    of a longer name (``the Lantern Man``); ``said the other`` is only not
    the previous speaker; a tag no character answers to (``said the barman``) stands for
    an unknown participant and yields no speaker. A paragraph-final tag the previous
    quote already owns (``“Where?” Mira asked.``) is not also the next paragraph's tag;
(b) the parts of an interrupted quote share the speaker (the speech layer copies the tag);
(c) an action beat in the paragraph (``He shrugs. “...”``) names its subject;
(d) vocatives are addressees and never the speaker, nor is anyone named inside the quote;
(e) conversations: paragraphs of speech with little narration between them are decoded
    together by the turn-taking model of `ficlens.dialogue.conversation`, re-anchored at
    every tag: a new paragraph is another speaker, most often the one of two turns back, a
    speech the paragraph before left unclosed the same one, and so most often one a tag
    like ``she went on`` introduces, a turn addressing
    someone as ``sir`` or ``ma’am`` less likely someone of that gender, and quotes without a
    tag in an anchored paragraph share its speaker;
(f) a first-person narrator is a participant when the narration around is in the first
    person;
(g) when the narration right around a conversation speaks of a phone call or an
    interview, an off-scene voice (no speaker) may take the turns the one present does not,
    unless the other side is named;
(h) a lone untagged quote goes to the most salient character of the scene who is not its
    addressee, with low confidence;
(i) quotes inside quotes (reported speech), scare quotes and written text without a
    writer (``she texted``, not ``the card read``) get no speaker.

Addressees are the quote's vocatives, the object of its tag (``she told him``, ``said
Jim to Pam``), or else the other party of the conversation.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ficlens.cast.gender import FEMALE, MALE, noun_gender
from ficlens.cast.stage import NARRATOR, ROLE_REASON, self_naming
from ficlens.dialogue.conversation import Assignment, Turn, decode, split_conversations
from ficlens.dialogue.tags import TITLES, word_set
from ficlens.document import Document, Layer, Span
from ficlens.layers import (
    BREAKS,
    CAST,
    MENTIONS,
    PARAGRAPHS,
    POV,
    QUOTES,
    ROLE_BODY,
    SENTENCES,
    SPEAKERS,
    SPEECH,
)
from ficlens.pipeline import Stage

SPOKEN = frozenset({"speech", "thought"})
STRONG = frozenset(
    {
        "quote-verb-name",
        "quote-name-verb",
        "quote-was-answer",
        "name-verb-quote",
        "thought-copula",
        "interrupted",
        "paragraph",
    }
)
"""Speech-tag patterns that state the speaker (the rest are action beats)."""

NAME_TAG = 0.97
PRONOUN_TAG = 0.2
PRONOUN_SCORE = 0.2
EPITHET_TAG = 0.5
ROLE_MENTION = 0.8
"""Score from which a role character's mention in a tag ("said the surgeon") names it as
surely as a name."""
STAND_IN = 0.45
SELF_NAMED = 0.9
NARRATOR_TAG = 0.95
NARRATOR_VOTES = 3
DOMINANT = 2  # how many times more mentions make one of several same-named characters meant
BEAT = 0.6
PARAGRAPH_SUBJECT = 0.6  # hint weights for untagged turns
PARAGRAPH_OTHER = 0.2
LEAD_SUBJECT = 0.45
LEAD_OTHER = 0.15
NARRATOR_HINT = 0.5
FOCAL_HINT = 1.0  # context weight of the scene's point-of-view character
FOCAL_MIN = 0.7
TALKED_ABOUT = 0.4
PRONOUN_HINT = 0.6
SALIENCE_PRONOUN = 0.3
UNTAGGED_CAP = 0.9
LONE_CAP = 0.5  # a lone untagged quote: salience alone decides
SALIENCE_WINDOW = 5000  # characters of narration looked back at for salience
SALIENCE_MENTIONS = 16
NAMED_PRONOUN = 0.95
"""Score of a pronoun tag or beat whose character the narration right before it names
(alone of the pronoun's gender): nearly as sure as a name tag."""
SUBJECT_PRONOUN = 0.55
"""Score of a pronoun tag whose character is the subject opening the clause before it,
when coreference resolved the pronoun to someone else."""
LONG_NARRATION = 125  # characters of a narration paragraph that count as two between turns
_PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "she": FEMALE, "her": FEMALE}
_OFF_SCENE_CUES = re.compile(
    r"(?i)\b(?:tele)?phone|\bcell(?:phone)?\b|\breceiver\b|\bhung up\b|\bhangs? up\b|"
    r"\bhanging up\b|\bdial(?:s|ed|led|ing|ling)?\b|\bvoicemail\b|\bintercom\b|\bon the line\b|"
    r"\bcamera\b|\bcrew\b|\binterview(?:s|ed|er|ing)?\b|\btalking head\b"
)
_FIRST_PERSON = re.compile(r"(?<!\w)(?<!\w['’])(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)(?!\w)")
_SECOND_PERSON = re.compile(r"(?<!\w)(?<!\w['’])(?:[Yy]ou|[Yy]our|[Yy]ours|[Yy]ourself)(?!\w)")
_AFTER_NAME = re.compile(r"[A-Z][\w’'-]*\s$")
_CLAUSE_END = re.compile(r"\s*(?:[^\w\s’']|$)")
_WORD = re.compile(r"\w+")
_DESCRIBED = frozenset(("name", "epithet"))
_SENTENCE_OPENERS = word_set("and but then so now here there presently suddenly meanwhile at last")
"""Words that may come before a clause's subject (``Then Ann rose``)."""
_GENDERED_ADDRESS = re.compile(
    r"(?:^|[,;!?.—–-])\s*(sir|my lord|your lordship|madam|madame|ma['’]am|mum|miss|my lady|"
    r"your ladyship)\s*(?=[,;!?.—–-]|$)",
    re.IGNORECASE,
)
_ADDRESS_GENDER = {"sir": MALE, "my lord": MALE, "your lordship": MALE}
_GOES_ON = frozenset((
    "continued", "resumed", "went on", "added", "pursued", "proceeded", "persisted",
    "continues", "resumes", "goes on", "adds", "pursues", "proceeds", "persists",
))  # fmt: skip
"""Tag verbs, past or present, saying a speaker goes on after a pause (``she went on``,
``he adds``): most often the previous speaker again."""
_SPACE = re.compile(r"\s+")
_DETERMINER = re.compile(r"(?i)^(?:the|a|an)\s+")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_POSSESSIVES = frozenset(("his", "her", "their", "my", "our", "your"))
_READING = frozenset(("read", "reads", "reading"))
_GENERIC = frozenset((
    "man", "woman", "lady", "gentleman", "girl", "boy", "child", "youth", "voice", "stranger",
    "figure", "person", "fellow", "creature", "one", "visitor", "newcomer", "speaker",
    "young", "old", "elder", "younger", "latter", "former",
))  # fmt: skip
"""Heads of descriptions that mostly mean a character already known ("said the old
lady"): no stand-in for them; a role ("said the grocer") gets one."""
_OTHER_PARTY = frozenset(("other", "companion", "interlocutor", "visitor", "guest", "host"))
_FAMILY = word_set(
    "wife husband mother father sister brother son daughter mamma mama papa grandmother grandfather"
)
"""Kin nouns whose holder mostly shares the possessor's family name (``said his wife``)."""
_MARRIED_KIN = word_set("wife mother mamma mama grandmother")
_MARRIED_TITLES = word_set("mrs mme madame madam lady signora frau")
"""A wife or mother goes by a married woman's title (``Mrs Orme``, not ``Miss Orme``)."""
KIN_TAG = 0.9
_ARTICLES = frozenset(("the", "a", "an"))
_ROLE_TITLES = (TITLES | {"doctor"}) - word_set(
    "mr mrs ms mx miss master madam madame mme mademoiselle mlle sir lady lord dame aunt uncle "
    "cousin father mother sister brother"
)
"""Lowercase words that name the one character holding that rank (``the general``), unlike
honorifics and kin words (``the lady``, ``her aunt``)."""
_NOT_ALONE = frozenset(("the", "a", "an", "mr", "mrs", "ms", "mx", "miss"))
"""Words of a name that never name its owner alone (``Colonel`` may, ``Mrs`` not)."""
_DECISIVE = ("explicit tag (name", "explicit tag (alias", "explicit tag (role")
"""Reasons of anchors a speech tag states too plainly for turn-taking to overrule."""
UNKNOWN = "?"
"""Prefix of a stand-in participant for a tag no character answers to ("said the barman"):
it takes turns in a conversation but is never output as a speaker."""


def _stranger(kind: str | None, gender: str | None, words: Sequence[str]) -> bool:
    """Whether a tag no character answers to names someone outside the cast: a name, or a
    role ("the grocer"), but not a gendered or generic description ("the old lady")."""
    if kind == "name":
        return True
    head = _POSSESSIVE_END.sub("", words[-1]).casefold() if words else ""
    return kind == "nominal" and gender is None and head not in _GENERIC


def _decisive(q: _Quote) -> bool:
    """Whether a speech tag states the quote's speaker too plainly for turn-taking to
    overrule: a name, an alias or a role."""
    return q.anchor is not None and q.strong and q.anchor_reason.startswith(_DECISIVE)


def _key(name: str) -> str:
    """A name as looked up: casefolded, full stops dropped, spaces normalised."""
    return _SPACE.sub(" ", name.replace(".", " ").replace("’", "'")).strip().casefold()


@dataclass(slots=True)
class _Quote:
    """One quotation while attributing."""

    start: int
    end: int
    paragraph: int | None
    nested: bool
    kind: str
    tag: tuple[int, int] | None
    tag_kind: str | None
    pattern: str | None
    tag_score: float
    vocatives: tuple[tuple[int, int], ...]
    verb: str | None = None
    open_end: bool = False
    anchor: str | None = None
    anchor_score: float = 0.0
    anchor_reason: str = ""
    gender: str | None = None
    addressees: list[str] = field(default_factory=list)
    named: set[str] = field(default_factory=set)
    not_speaker: set[str] = field(default_factory=set)
    speaker: str = ""
    confidence: float = 0.0
    reason: str = ""

    @property
    def strong(self) -> bool:
        """Whether a speech tag (not a beat) states the speaker."""
        return self.pattern in STRONG


@dataclass(slots=True)
class _Turn:
    """Quotes of one paragraph spoken by one speaker, and what is known about the speaker."""

    paragraph: int
    quotes: list[_Quote]
    turn: Turn


class _Attribution:
    """Attributes every quote of one document (one instance per run)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.paragraphs = doc.layer(PARAGRAPHS)
        self.sentences = doc.layer(SENTENCES)
        self.breaks = list(doc.layer(BREAKS).starts) if doc.has(BREAKS) else []
        self.povs = [s for s in doc.layer(POV) if s.label] if doc.has(POV) else []
        self.pov_starts = [s.start for s in self.povs]
        self.genders: dict[str, str] = {}
        self.by_name: dict[str, set[str]] = {}
        self.by_word: dict[str, set[str]] = {}  # first and last words of longer names
        self.surnames: dict[str, set[str]] = {}  # character -> family names
        self.married: set[str] = set()  # characters with a married woman's title
        self.roles: set[str] = set()  # characters known only by a role ("the surgeon")
        for c in doc.layer(CAST):
            if any(str(r).startswith(ROLE_REASON) for r in c.attrs.get("reasons") or ()):
                self.roles.add(c.label)
            gender = c.attrs.get("gender")
            if gender in (MALE, FEMALE):
                self.genders[c.label] = str(gender)
            for name in (c.attrs.get("name"), *(c.attrs.get("aliases") or ())):
                if name:
                    key = _key(str(name))
                    self.by_name.setdefault(key, set()).add(c.label)
                    words = key.split()
                    if len(words) == 2 and words[0] in _ARTICLES:  # The Gryphon: "Gryphon"
                        self.by_name.setdefault(words[1], set()).add(c.label)
                    for word in {words[0], words[-1]} - _NOT_ALONE if len(words) > 1 else ():
                        self.by_word.setdefault(word, set()).add(c.label)
                    if len(words) > 1 and words[-1] not in TITLES and words[-1].isalpha():
                        self.surnames.setdefault(c.label, set()).add(words[-1])
                    if words[0] in _MARRIED_TITLES:
                        self.married.add(c.label)
        mentions = doc.layer(MENTIONS)
        self.m_starts = list(mentions.starts)
        self.m_ends = list(mentions.ends)
        self.m_chars: list[str] = []
        self.m_kinds: list[str] = []
        self.m_scores: list[float] = []
        narrator: Counter[str] = Counter()
        for m in mentions:
            char = str(m.attrs.get("character", ""))
            self.m_chars.append(char)
            self.m_kinds.append(m.label)
            self.m_scores.append(float(m.attrs.get("score", 0.5)))
            if m.attrs.get("reason") == "narrator":
                narrator[char] += 1
        self.narrator = narrator.most_common(1)[0][0] if narrator else None
        self.mention_counts = Counter(self.m_chars)
        self.quotes = self._read_quotes()
        top = [q for q in self.quotes if not q.nested]
        self.top_starts = [q.start for q in top]
        self.top_ends = [q.end for q in top]
        self.narration = [
            i for i, s in enumerate(self.m_starts) if not self._quoted(s) and self.m_chars[i]
        ]
        self.narration_starts = [self.m_starts[i] for i in self.narration]

    # -- reading ---------------------------------------------------------------------------

    def _read_quotes(self) -> list[_Quote]:
        speech = {(s.start, s.end): s for s in self.doc.layer(SPEECH)}
        out: list[_Quote] = []
        for q in self.doc.layer(QUOTES):
            s = speech.get((q.start, q.end))
            attrs: Mapping[str, Any] = s.attrs if s is not None else {}
            tag = attrs.get("tag")
            out.append(
                _Quote(
                    start=q.start,
                    end=q.end,
                    paragraph=self.paragraphs.index_at(q.start),
                    nested=q.label == "nested",
                    kind=s.label if s is not None else "speech",
                    tag=(int(tag[0]), int(tag[1])) if tag else None,
                    tag_kind=attrs.get("tag_kind"),
                    pattern=attrs.get("pattern"),
                    tag_score=float(attrs.get("tag_score", 0.0)),
                    vocatives=tuple((int(a), int(b)) for a, b in attrs.get("vocatives") or ()),
                    verb=attrs.get("verb"),
                    open_end=bool(q.attrs.get("open_end")),
                )
            )
        return out

    def _quoted(self, pos: int) -> bool:
        """Whether `pos` lies inside a top-level quote."""
        i = bisect.bisect_right(self.top_starts, pos) - 1
        return i >= 0 and pos < self.top_ends[i]

    def _mentions(self, start: int, end: int) -> list[int]:
        """Indices of mentions overlapping ``[start, end)``."""
        i = max(0, bisect.bisect_left(self.m_starts, start) - 3)
        out: list[int] = []
        n = len(self.m_starts)
        while i < n and self.m_starts[i] < end:
            if self.m_ends[i] > start and self.m_chars[i]:
                out.append(i)
            i += 1
        return out

    # -- resolving expressions ---------------------------------------------------------------

    def resolve(self, start: int, end: int, kind: str | None) -> tuple[str, float, str] | None:
        """The character an expression (a tag or vocative) means, how sure, and how found.

        A name is its name mention, else the one character with that alias; a pronoun its
        resolved mention (``I`` the narrator); a nominal the character it names (``the
        Duchess``), else the mention covering its head noun (not a possessor inside it:
        ``her husband`` is not her).
        """
        surface = self.text[start:end]
        if kind == "pronoun" and surface == "I":
            return (self.narrator, NARRATOR_TAG, "narrator") if self.narrator else None
        if kind == "nominal":
            owner = self._alias(_DETERMINER.sub("", surface))
            if owner is not None:  # the Mock Turtle, the Duchess: named by a description
                return owner, NAME_TAG - 0.05, "alias"
        found = self._mentions(start, end)
        if kind == "nominal":
            found = [i for i in found if self.m_ends[i] >= end and self.m_kinds[i] != "pronoun"]
        if found:
            rank = {"name": 0, "epithet": 1, "pronoun": 2}
            best = min(found, key=lambda i: (rank.get(self.m_kinds[i], 3), self.m_starts[i]))
            label = self.m_kinds[best]
            score = self.m_scores[best]
            if label == "name":
                return self.m_chars[best], NAME_TAG, "name"
            if label == "epithet" and self.m_chars[best] in self.roles and score >= ROLE_MENTION:
                return self.m_chars[best], NAME_TAG - 0.05, "role"  # "said the surgeon"
            if label == "epithet":
                return self.m_chars[best], EPITHET_TAG * max(score, 0.6), "epithet"
            return self.m_chars[best], PRONOUN_TAG + PRONOUN_SCORE * score, "pronoun"
        if kind == "name":
            owner = self._alias(surface)
            if owner is not None:
                return owner, NAME_TAG - 0.05, "alias"
        words = surface.split()
        if kind == "nominal" and len(words) > 2 and words[-1][:1].isupper():
            owner = self._alias(words[-1])  # "the weary Colonel": the Colonel
            if owner is not None:
                return owner, NAME_TAG - 0.05, "alias"
        return None

    def _alias(self, surface: str) -> str | None:
        """The one character with `surface` among its names, else the one whose longer
        name begins or ends with that word, capitalised or a rank ("Jock" for "Jock
        Grant-Menzies", "the general" for "General Tilney", but "the man" is not "the
        Lantern Man" nor "the lady" "Lady Varley"); among several,
        the one the text mentions far more often than the others."""
        key = _key(surface)
        by_word = surface[:1].isupper() or key in _ROLE_TITLES
        owners = self.by_name.get(key) or (self.by_word.get(key, set()) if by_word else set())
        if len(owners) == 1:
            return next(iter(owners))
        ranked = sorted(owners, key=lambda c: -self.mention_counts[c])
        if len(ranked) > 1 and self.mention_counts[ranked[0]] >= DOMINANT * max(
            self.mention_counts[ranked[1]], 1
        ):
            return ranked[0]
        return None

    def _kin(
        self, possessors: set[str], noun: str, gender: str | None, pos: int
    ) -> tuple[str, float, str] | None:
        """The character the kin `noun` of `possessors` means (``said his wife``): one of the
        possessor's family name and the noun's gender (a wife or mother with a married
        woman's title); of several, the one the narration just before `pos` is most about."""
        names = {n for p in possessors for n in self.surnames.get(p, ())}
        married = noun in _MARRIED_KIN
        found = [
            c
            for c, family in self.surnames.items()
            if family & names
            and c not in possessors
            and gender is not None
            and self.genders.get(c) == gender
            and (c in self.married or not married)
        ]
        if len(found) > 1:
            salience = self._salience(pos)
            found = sorted((c for c in found if c in salience), key=lambda c: -salience[c])[:1]
        return (found[0], KIN_TAG, "kin") if found else None

    def _tag_object(self, q: _Quote, speaker: str) -> str | None:
        """The character a tag's verb is said to (``she told him``, ``said Jim to Pam``)."""
        if q.tag is None or not q.strong:
            return None
        _, end = q.tag
        for i in self._mentions(end, end + 40):
            if self.m_starts[i] < end or self.m_chars[i] == speaker:
                continue
            gap = self.text[end : self.m_starts[i]]
            words = gap.split()
            if len(words) > 3 or any(not w.isalpha() for w in words):
                return None
            if len(words) <= 1 or words[-1] == "to":
                return self.m_chars[i]
            return None
        return None

    # -- sieves (a)-(d): what each quote states -----------------------------------------------

    def _anchor(self, q: _Quote) -> None:
        """Speaker from the quote's own tag or beat, gender of a pronoun tag, addressees."""
        if q.tag is not None:
            self._tag_anchor(q, *q.tag)
        for vs, ve in q.vocatives:
            found = self.resolve(vs, ve, "name")
            if found is not None and found[0] not in q.addressees:
                q.addressees.append(found[0])
        for i in self._mentions(q.start, q.end):
            if self.m_kinds[i] == "name" and self.m_starts[i] >= q.start:
                q.named.add(self.m_chars[i])
        self._self_named(q)
        named = q.anchor in q.addressees or q.anchor in q.named
        if named and (not q.strong or "(pronoun" in q.anchor_reason):  # “Ann?” she asked
            q.anchor, q.anchor_score, q.anchor_reason = None, 0.0, ""
        if q.anchor is not None:
            target = self._tag_object(q, q.anchor)
            if target is not None and target not in q.addressees:
                q.addressees.append(target)

    def _self_named(self, q: _Quote) -> None:
        """A quote whose speaker says who they are (``my name is Oskar``, ``Hello, this is
        Nora``, ``Nora speaking``: `self_naming`) is theirs, unless its tag is someone's
        name."""
        if q.tag_kind == "name" and q.anchor_reason.startswith(_DECISIVE):
            return
        for i in self._mentions(q.start, q.end):
            start, end = self.m_starts[i], self.m_ends[i]
            if self.m_kinds[i] != "name" or start < q.start or end > q.end:
                continue
            if self_naming(self.text, q.start, start, end):
                char = self.m_chars[i]
                q.named.discard(char)
                q.anchor, q.anchor_score, q.anchor_reason = char, SELF_NAMED, "self-identification"
                return

    def _tag_anchor(self, q: _Quote, start: int, end: int) -> None:
        """What a tag says: its speaker (or a stand-in for an unknown one), the gender of a
        pronoun or gendered noun, and the possessor of a relational noun (``said his wife``:
        not him)."""
        surface = self.text[start:end]
        words = surface.split()
        if q.tag_kind == "pronoun":
            q.gender = _PRONOUN_GENDER.get(surface.casefold())
        elif q.tag_kind == "nominal" and words:
            head = _POSSESSIVE_END.sub("", words[-1]).casefold()
            q.gender = noun_gender(head)
            relational = len(words) > 1 and (
                words[0].casefold() in _POSSESSIVES or bool(_POSSESSIVE_END.search(words[0]))
            )
            if relational:  # said his wife: someone known, not him
                q.not_speaker.update(self.m_chars[i] for i in self._mentions(start, end - 1))
            if head in _OTHER_PARTY or relational:
                found = self.resolve(start, end, q.tag_kind)
                if found is None and relational and head in _FAMILY and q.strong:
                    found = self._kin(q.not_speaker, head, q.gender, q.start)
                if found is not None and found[0] not in q.not_speaker and found[2] != "epithet":
                    q.anchor, q.anchor_score = found[0], found[1]
                    q.anchor_reason = f"explicit tag ({found[2]}, {q.pattern})"
                return  # "said the other": only that it is not the previous speaker
        found = self.resolve(start, end, q.tag_kind)
        if found is not None:
            char, score, how = found
            if q.strong:
                score *= max(q.tag_score, 0.8) if how != "name" else 1.0
                reason = f"explicit tag ({how}, {q.pattern})"
            else:
                score = min(score, BEAT + (0.1 if how == "name" else 0.0))
                reason = f"action beat ({how}, {q.pattern})"
            if char in q.not_speaker:
                return
            if how == "pronoun":
                subject = self._subject_before(q, start)
                if subject is not None and subject != char and subject not in q.not_speaker:
                    char, score = subject, SUBJECT_PRONOUN  # Tom eyed Ned. “So?” he said.
                if self._antecedent(q, start) == char:
                    score = max(score, NAMED_PRONOUN)  # Ann sniffed. “So?” she asked.
            q.anchor, q.anchor_score, q.anchor_reason = char, score, reason
        elif q.strong and _stranger(q.tag_kind, q.gender, words):
            q.anchor = UNKNOWN + _key(_DETERMINER.sub("", surface))
            q.anchor_score = STAND_IN
            q.anchor_reason = "explicit tag naming no known character"

    def _antecedent(self, q: _Quote, tag: int) -> str | None:
        """The character a pronoun tag most plainly refers to: the one of its gender the
        narration of the quote's paragraph names before the tag (``Ann sniffed. “So?” she
        asked.``); failing any, when the quote opens its paragraph, the one of its gender the
        narration paragraph right before names. None when two are named."""
        if q.paragraph is None or q.gender is None:
            return None
        named = self._named(self.paragraphs[q.paragraph].start, tag, q.gender)
        before = self._lead_in(q.paragraph, q.start)
        if not named and before is not None:
            named = self._named(before.start, before.end, q.gender)
        return next(iter(named)) if len(named) == 1 else None

    def _subject_before(self, q: _Quote, tag: int) -> str | None:
        """The character of a pronoun tag's gender, called by name or description, that
        opens the last narration clause (sentence, or its part after a semicolon or colon)
        before the quote and its tag, in its paragraph or else in the narration paragraph
        leading into it: whom the pronoun most likely continues (``The porter eyed Ann.
        “No,” he said.``). None when that clause opens with a pronoun, someone of the other
        gender or no character."""
        if q.paragraph is None or q.gender is None:
            return None
        lo, end = self.paragraphs[q.paragraph].start, min(q.start, tag)
        if not self.text[lo:end].strip():
            before = self._lead_in(q.paragraph, q.start)
            if before is None:
                return None
            lo, end = before.start, before.end
        end = lo + len(self.text[lo:end].rstrip())
        i = self.sentences.index_at(max(lo, end - 1))
        clause = max(lo, self.sentences[i].start) if i is not None else lo
        clause = max(clause, *(self.text.rfind(c, clause, end) + 1 for c in ";:"))
        found = self._narration_between(clause, end)
        if not found or self.m_kinds[found[0]] not in _DESCRIBED:
            return None
        opening = self.text[clause : self.m_starts[found[0]]].casefold()
        if any(w not in _SENTENCE_OPENERS for w in _WORD.findall(opening)):
            return None
        char = self.m_chars[found[0]]
        return char if self.genders.get(char) == q.gender else None

    def _lead_in(self, p: int, start: int) -> Span | None:
        """The narration paragraph right before paragraph `p`, when the speech starting at
        `start` opens `p` and that paragraph holds no speech: it leads into the speech."""
        if p == 0 or start - self.paragraphs[p].start >= 3:
            return None
        before = self.paragraphs[p - 1]
        if before.label != ROLE_BODY or self._has_speech(before.start, before.end):
            return None
        return before

    def _named(self, start: int, end: int, gender: str) -> set[str]:
        """Characters of `gender` the narration in ``[start, end)`` calls by name."""
        return {
            self.m_chars[i]
            for i in self._narration_between(start, end)
            if self.m_kinds[i] == "name" and self.genders.get(self.m_chars[i]) == gender
        }

    # -- turns ----------------------------------------------------------------------------

    def _turns(self) -> list[_Turn]:
        """Group the spoken quotes of each paragraph into turns, one per speaker: a quote
        whose tag names someone other than the first tag or name beat of the paragraph
        starts a new turn (see `_other_speaker`)."""
        groups: dict[int, list[_Quote]] = {}
        for q in self.quotes:
            if q.nested or q.kind != "speech" or q.paragraph is None:
                continue
            groups.setdefault(q.paragraph, []).append(q)
        turns: list[_Turn] = []
        for p in sorted(groups):
            current: list[_Quote] = []
            first: str | None = None  # the turn's first tag or name beat
            for q in groups[p]:
                if current and first and self._other_speaker(q, first):
                    turns.append(self._turn(p, current))
                    current, first = [], None
                current.append(q)
                if q.anchor and first is None and (q.strong or q.anchor_score >= BEAT):
                    first = q.anchor
            turns.append(self._turn(p, current))
        previous: _Turn | None = None
        for t in turns:
            last = previous.paragraph if previous is not None else None
            t.turn.gap, t.turn.boundary = self._gap(last, t.paragraph)
            para = self.paragraphs[t.paragraph]
            t.turn.narrated = last != t.paragraph and bool(
                self.text[para.start : t.quotes[0].start].strip()
            )
            if previous is not None and self._runs_on(previous, t):
                t.turn.continues = True
            previous = t
        return turns

    def _other_speaker(self, q: _Quote, first: str) -> bool:
        """Whether the tag of `q` names someone other than `first`, the paragraph's first
        tag or name beat: not a pronoun of that one's gender, which resolving got wrong
        more often than the paragraph changed speakers (``“Wait,” said Tom to Ned.
        “Wait,” he repeated.``)."""
        if not q.strong or not q.anchor or q.anchor == first:
            return False
        return not (q.tag_kind == "pronoun" and q.gender == self.genders.get(first, ""))

    def _runs_on(self, before: _Turn, turn: _Turn) -> bool:
        """Whether `turn` goes on with the speech of the turn `before`: that one's last quote
        runs unclosed to the end of its paragraph, and this paragraph opens with a quote
        (a speech of several paragraphs leaves each one but the last open)."""
        last = before.quotes[-1]
        if not last.open_end or turn.paragraph != before.paragraph + 1 or turn.turn.narrated:
            return False
        return not self.text[last.end : self.paragraphs[before.paragraph].end].strip()

    def _turn(self, p: int, quotes: list[_Quote]) -> _Turn:
        best = max(quotes, key=lambda q: q.anchor_score if q.anchor else -1.0)
        addressees = tuple(dict.fromkeys(a for q in quotes for a in q.addressees))
        named = {c for q in quotes for c in q.named | q.not_speaker}
        gender = next((q.gender for q in quotes if q.gender), None)
        addressed = next((g for g in map(self._addressed_gender, quotes) if g), None)
        turn = Turn(
            paragraph=p,
            anchor=best.anchor,
            anchor_score=best.anchor_score,
            anchor_reason=best.anchor_reason,
            addressees=addressees,
            excluded=frozenset(named | set(addressees)) - {best.anchor},
            gender=gender,
            addressed_gender=addressed,
            goes_on=any(
                q.tag_kind == "pronoun" and q.strong and q.verb in _GOES_ON for q in quotes
            ),
        )
        turn.hints = self._hints(p, quotes, turn.excluded)
        return _Turn(p, quotes, turn)

    def _addressed_gender(self, q: _Quote) -> str | None:
        """The gender of whom the quote addresses as ``sir`` or ``ma’am``, if it does."""
        inner = self.text[q.start + 1 : q.end - 1 if q.end - q.start > 1 else q.end]
        found = _GENDERED_ADDRESS.search(inner.strip())
        if found is None:
            return None
        return _ADDRESS_GENDER.get(found.group(1).casefold(), FEMALE)

    def _gap(self, previous: int | None, p: int) -> tuple[int, bool]:
        """Narration paragraphs between two turns (a long one counts twice), and whether a
        heading or a scene break (a line of asterisks or dashes, or one the ``breaks``
        layer marks between paragraphs) cuts them."""
        if previous is None:
            return 0, True
        if previous == p:
            return 0, False
        gap = 0
        for k in range(previous + 1, p):
            para = self.paragraphs[k]
            if para.label != ROLE_BODY:
                return gap, True
            body = self.text[para.start : para.end]
            if body.strip(" *#~-–—_=.•\t\n"):
                gap += 2 if len(body) > LONG_NARRATION else 1
            elif body.strip():  # a line of asterisks or dashes: a scene break
                return gap, True
        lo, hi = self.paragraphs[previous].end, self.paragraphs[p].start
        if bisect.bisect_left(self.breaks, lo) < bisect.bisect_left(self.breaks, hi):
            return gap, True  # a scene break the source marks outside the paragraphs
        between = self.text[lo:hi]
        return gap, (between.count("\n") > 4 and gap == 0) or gap > 6

    def _hints(
        self, p: int, quotes: Sequence[_Quote], excluded: frozenset[str]
    ) -> dict[str, float]:
        """Weak evidence for an untagged turn: who the narration around it is about."""
        hints: dict[str, float] = {}

        def add(char: str, weight: float) -> None:
            if char and char not in excluded:
                hints[char] = hints.get(char, 0.0) + weight

        para = self.paragraphs[p]
        tags = [q.tag for q in quotes if q.tag is not None]
        first = True
        for i in self._narration_between(para.start, para.end):
            if any(a < self.m_ends[i] and self.m_starts[i] < b for a, b in tags):
                continue  # the tag itself is the anchor, not a hint
            weight = PARAGRAPH_SUBJECT if first else PARAGRAPH_OTHER
            add(self.m_chars[i], weight * (1.0 if self.m_kinds[i] == "name" else PRONOUN_HINT))
            first = False
        before = self._lead_in(p, quotes[0].start)
        if before is not None:
            lo = self._last_sentence(before.start, before.end)
            first = True
            for i in self._narration_between(lo, before.end):
                add(self.m_chars[i], LEAD_SUBJECT if first else LEAD_OTHER)
                first = False
        return hints

    def _has_speech(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.top_starts, start)
        return i < len(self.top_starts) and self.top_starts[i] < end

    def _narration_between(self, start: int, end: int) -> list[int]:
        lo = bisect.bisect_left(self.narration_starts, start)
        hi = bisect.bisect_left(self.narration_starts, end)
        return self.narration[lo:hi]

    def _last_sentence(self, start: int, end: int) -> int:
        i = self.sentences.index_at(max(start, end - 2))
        return max(start, self.sentences[i].start) if i is not None else start

    def _salience(self, pos: int) -> dict[str, float]:
        """Characters the narration before `pos` mentions, weighted by recency (max 1)."""
        hi = bisect.bisect_left(self.narration_starts, pos)
        lo = max(0, hi - SALIENCE_MENTIONS)
        scores: dict[str, float] = {}
        weight = 1.0
        for k in range(hi - 1, lo - 1, -1):
            i = self.narration[k]
            if pos - self.m_starts[i] > SALIENCE_WINDOW:
                break
            char = self.m_chars[i]
            scores[char] = scores.get(char, 0.0) + weight * (
                1.0 if self.m_kinds[i] == "name" else SALIENCE_PRONOUN
            )
            weight *= 0.85
        top = max(scores.values(), default=0.0)
        return {c: s / top for c, s in scores.items()} if top else {}

    def _first_person_near(self, p: int) -> bool:
        """Whether the narration of paragraph `p` or the one before it says "I"."""
        lo = self.paragraphs[max(0, p - 1)].start
        hi = self.paragraphs[p].end
        return any(self.m_chars[i] == self.narrator for i in self._narration_between(lo, hi))

    # -- conversations --------------------------------------------------------------------

    def _conversations(self, turns: list[_Turn]) -> None:
        """Decode each conversation and give its quotes their speakers and addressees."""
        for span in split_conversations([t.turn for t in turns]):
            group = turns[span.start : span.stop]
            context = self._context(group)
            off = self._off_scene(group)
            decided = decode([t.turn for t in group], context, self.genders, off_scene=off)
            cap = LONE_CAP if len(group) == 1 else UNTAGGED_CAP
            for k, (t, a) in enumerate(zip(group, decided, strict=True)):
                partner = self._partner(decided, k)
                sure = next((q for q in t.quotes if _decisive(q)), None)
                for q in t.quotes:
                    self._settle(q, t.turn, a, partner, cap, sure=sure)

    def _focal(self, pos: int) -> str | None:
        """The character whose point of view the scene at `pos` follows (limited, sure at
        least `FOCAL_MIN`), when the ``pov`` layer is there: in a close third-person scene
        they take part in most conversations."""
        i = bisect.bisect_right(self.pov_starts, pos) - 1
        if i < 0 or pos >= self.povs[i].end:
            return None
        scene = self.povs[i]
        limited = scene.attrs.get("mode") == "limited"
        return (
            scene.label if limited and float(scene.attrs.get("score", 0.0)) >= FOCAL_MIN else None
        )

    def _context(self, group: Sequence[_Turn]) -> dict[str, float]:
        """Who the narration before a conversation is about (recent mentions, and the
        narrator when the narration around is in the first person), less the characters
        its quotes only talk about (named, but never tagged or addressed)."""
        first = group[0].paragraph
        context = self._salience(self.paragraphs[first].start)
        narrator = self.narrator
        if narrator is not None and self._first_person_near(first):
            context[narrator] = max(context.get(narrator, 0.0), NARRATOR_HINT)
        focal = self._focal(self.paragraphs[first].start)
        if focal is not None:
            context[focal] = context.get(focal, 0.0) + FOCAL_HINT
        present = {t.turn.anchor for t in group} | {a for t in group for a in t.turn.addressees}
        talked = {c for t in group for q in t.quotes for c in q.named} - present
        for t in group:
            if talked & t.turn.hints.keys():
                t.turn.hints = {
                    c: w * TALKED_ABOUT if c in talked else w for c, w in t.turn.hints.items()
                }
        return {c: w * TALKED_ABOUT if c in talked else w for c, w in context.items()}

    def _off_scene(self, group: Sequence[_Turn]) -> bool:
        """Whether the narration around a conversation speaks of a phone call or interview."""
        first = max(0, group[0].paragraph - 1)
        last = min(len(self.paragraphs) - 1, group[-1].paragraph + 1)
        lo, hi = self.paragraphs[first].start, self.paragraphs[last].end
        pos = lo
        for k in range(bisect.bisect_left(self.top_starts, lo), len(self.top_starts)):
            start = self.top_starts[k]
            if start >= hi:
                break
            if _OFF_SCENE_CUES.search(self.text, pos, start):
                return True
            pos = max(pos, self.top_ends[k])
        return _OFF_SCENE_CUES.search(self.text, pos, hi) is not None

    @staticmethod
    def _partner(decided: Sequence[Assignment], k: int) -> str | None:
        """The other party of turn `k`: the previous speaker, else the next one."""
        me = decided[k].speaker
        for j in (k - 1, k + 1):
            if 0 <= j < len(decided):
                other = decided[j].speaker
                if other is not None and other != me and not other.startswith(UNKNOWN):
                    return other
        return None

    def _settle(
        self,
        q: _Quote,
        turn: Turn,
        a: Assignment,
        partner: str | None,
        cap: float,
        *,
        sure: _Quote | None,
    ) -> None:
        """Final speaker of a quote in a decoded turn: its own name tag, else that of the
        turn's quote a name tag states (`sure`) when it names no one else, else the turn's
        (confidence at most `cap` unless it is the turn's own anchor)."""
        stated = q if _decisive(q) else sure
        if stated is not None and q.anchor in (None, stated.anchor):
            q.speaker, q.confidence = str(stated.anchor), round(stated.anchor_score, 3)
            q.reason = stated.anchor_reason
        else:
            q.speaker = a.speaker or ""
            if q.speaker.startswith(UNKNOWN):
                q.speaker = ""
            if a.speaker is not None and a.speaker == turn.anchor:
                cap = 1.0
            q.confidence = round(min(a.confidence, cap), 3)
            q.reason = a.reason
        if not q.addressees and partner is not None and partner != q.speaker:
            q.addressees.append(partner)

    # -- the whole stage ------------------------------------------------------------------

    def _narrator_from_dialogue(self) -> None:
        """The narrator is whom the other party addresses by name right next to a turn
        tagged ``I``: when the cast's narrator has no name (or there is none) and that
        clearly names someone, that character speaks the narrator's tagged lines. A named
        narrator stays: the person others talk to beside the narrator's lines is as often
        a third party (a maid called over, a child scolded)."""
        if self.narrator is not None and self.narrator != NARRATOR:
            return
        spoken = [q for q in self.quotes if q.kind == "speech" and not q.nested and q.paragraph]
        votes: Counter[str] = Counter()
        for k, q in enumerate(spoken):
            if q.tag is None or self.text[q.tag[0] : q.tag[1]] != "I":
                continue
            for j in (k - 1, k + 1):
                other = spoken[j] if 0 <= j < len(spoken) else None
                if other is None or other.paragraph == q.paragraph or other.tag_kind == "pronoun":
                    continue
                if abs((other.paragraph or 0) - (q.paragraph or 0)) > 2:
                    continue
                for vs, ve in other.vocatives:
                    found = self.resolve(vs, ve, "name")
                    if found is not None:
                        votes[found[0]] += 1
        ranked = votes.most_common(2)
        if not ranked or ranked[0][0] == self.narrator:
            return
        best, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if n >= NARRATOR_VOTES and n >= 2 * max(second, votes.get(self.narrator or "", 0)):
            self.narrator = best

    def _drop_borrowed_tags(self) -> None:
        """A tag the previous paragraph's quote already has (``“Where?” Mira asked.`` then
        ``“Out.”``) is not also the tag of the quote that opens the next paragraph."""
        owner: dict[tuple[int, int], int | None] = {}
        for q in self.quotes:
            if q.tag is None or q.nested:
                continue
            first = owner.setdefault(q.tag, q.paragraph)
            if first != q.paragraph and q.tag[1] <= q.start:
                q.tag = q.tag_kind = q.pattern = None

    def run(self) -> Layer:
        """The ``speakers`` layer of the document."""
        self._drop_borrowed_tags()
        self._narrator_from_dialogue()
        for q in self.quotes:
            if (not q.nested and q.kind in SPOKEN) or (q.kind == "written" and q.tag is not None):
                self._anchor(q)
        self._conversations(self._turns())
        for q in self.quotes:
            if q.nested:
                q.reason = "quote inside a quote (reported speech)"
            elif q.kind == "scare":
                q.reason = "scare quote: nobody speaks it"
            elif q.kind != "speech" and not q.reason:
                self._lone(q)
        return Layer(SPEAKERS, (self._span(q) for q in self.quotes))

    def _lone(self, q: _Quote) -> None:
        """Thoughts and written text: their tag's character (a writer: ``she texted``, not
        ``the card read``), else for a thought the scene's most salient character."""
        if q.kind == "written" and q.verb in _READING:
            q.anchor = None
        if q.anchor is not None and not q.anchor.startswith(UNKNOWN):
            q.speaker, q.confidence, q.reason = q.anchor, q.anchor_score, q.anchor_reason
            return
        if q.kind == "written" or q.anchor is not None:
            q.reason = "written text without a writer" if q.kind == "written" else q.anchor_reason
            return
        salience = {c: w for c, w in self._salience(q.start).items() if c not in q.addressees}
        narrator = self.narrator
        if (
            narrator is not None
            and q.paragraph is not None
            and self._first_person_near(q.paragraph)
        ):
            salience[narrator] = salience.get(narrator, 0.0) + 1.0
        if salience:
            best = max(salience, key=lambda c: salience[c])
            total = sum(salience.values())
            q.speaker = best
            q.confidence = round(0.6 * salience[best] / total, 3)
            q.reason = "most salient character of the scene"
        else:
            q.reason = "no candidate speaker"

    @staticmethod
    def _span(q: _Quote) -> Span:
        speaker = q.speaker
        addressees = (
            tuple(a for a in q.addressees if a != speaker) if speaker or q.kind in SPOKEN else ()
        )
        attrs = {
            "addressees": addressees if not q.nested and q.kind != "scare" else (),
            "confidence": q.confidence if speaker else 0.0,
            "reason": q.reason,
        }
        return Span(q.start, q.end, speaker, MappingProxyType(attrs))


def _attribute(doc: Document) -> list[Layer]:
    return [_Attribution(doc).run()]


def attribution_stage() -> Stage:
    """The stage providing ``speakers`` from the quotes, their speech tags and the cast."""
    return Stage(
        "attribution",
        frozenset({PARAGRAPHS, SENTENCES, QUOTES, SPEECH, CAST, MENTIONS}),
        frozenset({SPEAKERS}),
        _attribute,
        uses=frozenset({POV}),
    )


def quote_links(doc: Document) -> list[tuple[int, int, str, str]]:
    """``(start, end, character, how)`` for the pronouns speaker attribution resolves:
    every first-person pronoun inside an attributed quote (``how`` "quote speaker"), every
    second-person one in a quote with one addressee ("quote addressee"), leaving out quotes
    nested in them (reported speech) and a regnal or numbering "I" ("Henry I"), and a
    ``he``/``she`` speech tag of an attributed quote whose gender fits its speaker ("tag
    speaker"). Needs ``quotes``, ``speech``, ``speakers`` and ``cast``."""
    text = doc.text
    nested = [(q.start, q.end) for q in doc.layer(QUOTES) if q.label == "nested"]
    nested_starts = [a for a, _ in nested]
    tags = {(s.start, s.end): s.attrs.get("tag") for s in doc.layer(SPEECH)}
    genders = {c.label: c.attrs.get("gender") for c in doc.layer(CAST)}
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for s in doc.layer(SPEAKERS):
        if not s.label:
            continue
        i = bisect.bisect_right(nested_starts, s.start)
        inner = []
        while i < len(nested) and nested[i][0] < s.end:
            inner.append(nested[i])
            i += 1
        addressees: tuple[str, ...] = tuple(s.attrs.get("addressees") or ())
        hits = [(m, s.label, "quote speaker") for m in _FIRST_PERSON.finditer(text, s.start, s.end)]
        if len(addressees) == 1:
            hits += [
                (m, addressees[0], "quote addressee")
                for m in _SECOND_PERSON.finditer(text, s.start, s.end)
            ]
        for m, who, how in hits:
            if any(a <= m.start() < b for a, b in inner) or _numbering(text, m.start(), m.end()):
                continue
            found.setdefault((m.start(), m.end()), (who, how))
        tag = tags.get((s.start, s.end))
        if tag is not None:
            gender = _PRONOUN_GENDER.get(text[tag[0] : tag[1]].casefold())
            if gender is not None and genders.get(s.label) in (gender, None, "unknown"):
                found.setdefault((tag[0], tag[1]), (s.label, "tag speaker"))
    return sorted((a, b, who, how) for (a, b), (who, how) in found.items())


def _numbering(text: str, start: int, end: int) -> bool:
    """Whether an "I" ends a name or heading ("Henry I", "Part I") rather than being a
    pronoun: after a capitalised word, with no word following."""
    return (
        text[start:end] == "I"
        and _AFTER_NAME.search(text, max(0, start - 30), start) is not None
        and _CLAUSE_END.match(text, end) is not None
    )


def linked_mentions(doc: Document) -> Layer:
    """The ``mentions`` layer with the pronouns `quote_links` finds going to the character
    speaker attribution gives them, which it knows better than coreference does."""
    mentions = doc.layer(MENTIONS)
    if not doc.has(SPEAKERS):
        return mentions
    linked = {(s, e): (who, how) for s, e, who, how in quote_links(doc)}
    spans = [m for m in mentions if (m.start, m.end) not in linked]
    spans += [
        Span(s, e, "pronoun", MappingProxyType({"character": who, "reason": how}))
        for (s, e), (who, how) in linked.items()
    ]
    spans.sort(key=lambda m: (m.start, m.end))
    return Layer(MENTIONS, spans)
