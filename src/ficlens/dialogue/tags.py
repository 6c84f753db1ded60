"""Explicit speech tags, action beats and vocatives: who is named as a quote's speaker.

Everything here works on short runs of tokens next to one quotation (`Word` tuples read
from the ``tokens`` layer). A speaker *expression* is a pronoun (``she``), a name
(``Karen``, ``Mrs. Bennet``) or a nominal (``the omega``, ``his wife``, ``Jim’s mother``);
which character it means is left to a later stage.

Names are recognised without a model: a capitalised word that is not a function word and
either does not start a sentence or is one the work capitalises mid-sentence more often
than it writes it in lowercase (`known_names`); titles (``Mr.``, ``Aunt``) join the name
they precede.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ficlens.cast.features import NAMED_FUNCTION_WORDS
from ficlens.cast.features import PERSON_NOUNS as PERSON_WORDS
from ficlens.document import Layer

SPEECH = "speech"
THOUGHT = "thought"
WRITTEN = "written"

NAME = "name"
PRONOUN = "pronoun"
NOMINAL = "nominal"


def word_set(text: str) -> frozenset[str]:
    """The set of the whitespace-separated words of `text`."""
    return frozenset(text.split())


def _inflections(base: str) -> set[str]:
    """The regular forms of verb `base`: base, -s, -ed, -ing."""
    if base.endswith("e") and not base.endswith("ee"):
        return {base, base + "s", base + "d", base[:-1] + "ing"}
    if base.endswith("y") and base[-2] not in "aeiou":
        return {base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return {base, base + "es", base + "ed", base + "ing"}
    return {base, base + "s", base + "ed", base + "ing"}


def _verbs(regular: str, doubled: str = "", irregular: str = "") -> frozenset[str]:
    """Every form of the verbs listed: regular ones, ones doubling their last consonant
    (``snap``, ``snapped``) and forms given as they are."""
    forms: set[str] = set(irregular.split())
    for base in regular.split():
        forms |= _inflections(base)
    for base in doubled.split():
        forms |= {base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"}
    return frozenset(forms)


# --- Lexicon -------------------------------------------------------------------------------

_SPEECH_REGULAR = (
    "ask reply answer whisper mumble mutter shout yell call add continue agree laugh sigh "
    "tease admit insist cry exclaim murmur repeat respond retort scream hiss growl snarl "
    "groan grumble breathe gasp chuckle giggle stammer stutter blurt interrupt demand protest "
    "inquire enquire remark explain suggest declare announce mention joke croak rasp purr coo "
    "drawl bark bellow roar scoff huff snort grunt shriek squeak persist hedge squeal wail "
    "whine plead beg urge warn promise assure confirm argue complain concede confess utter "
    "rejoin interpose mouth greet prompt soothe chide scold belt chirp sneer jeer taunt mock "
    "cackle whimper moan howl wheeze pant splutter sputter choke falter babble gush lament "
    "hum sing accost proclaim opine quaver implore assert boom entreat volunteer "
    "expostulate remonstrate reiterate query interject intone lisp bawl warble"
)
_SPEECH_DOUBLED = "snap sob quip nag prod jab chat demur"
_PAST_ONLY = (  # tags only in the past tense: "he returned", never "returning home"
    "returned resumed pursued proceeded echoed objected ventured concluded reasoned stated "
    "countered corrected pressed offered observed addressed hazarded ejaculated insinuated "
    "conjectured acquiesced"
)
SPEECH_VERBS = _verbs(
    _SPEECH_REGULAR,
    doubled=_SPEECH_DOUBLED,
    irregular="say says said saying tell tells told telling speak speaks spoke speaking "
    "begin begins began begun beginning lie lies lied lying sang sung spat " + _PAST_ONLY,
)
"""Verbs that make a speech tag, in every inflection."""

NOUN_LIKE_VERBS = word_set(_SPEECH_REGULAR + " " + _SPEECH_DOUBLED)
"""Base forms that are nouns too (``a soft call``): inside a nominal, not its verb."""

THOUGHT_VERBS = _verbs("wonder muse ponder reflect", irregular="think thinks thought thinking")
"""Verbs that make a quotation a thought."""

WRITING_VERBS = _verbs(
    "text type scribble scrawl print email message post tweet sign engrave label caption",
    doubled="jot",
    irregular="write writes wrote written writing read reads reading",
)
"""Verbs that make a quotation written text."""

CALLING = word_set("call calls called calling")
"""``call`` with an object names someone (``called him “Boss”``) rather than speaks."""

PARTICLE_VERBS = {
    **dict.fromkeys(("go", "goes", "went", "going"), "on"),
    **dict.fromkeys(("cut", "cuts", "put", "puts"), "in"),
    **dict.fromkeys(("break", "breaks", "broke"), "in out"),
    **dict.fromkeys(("chime", "chimes", "chimed", "strike", "strikes", "struck"), "in"),
    **dict.fromkeys(("point", "points", "pointed", "burst", "bursts", "blurted"), "out"),
    **dict.fromkeys(("pipe", "pipes", "piped", "speak", "speaks", "spoke"), "up"),
    **dict.fromkeys(("join", "joins", "joined"), "in"),
    **dict.fromkeys(("run", "runs", "ran"), "on"),
}
"""Verbs that are speech verbs with their particles (``went on``, ``cut in``)."""

INTRODUCING_VERBS = word_set(
    "said says replied answered continued added interposed began asked cried exclaimed "
    "observed remarked rejoined returned resumed proceeded inquired enquired wrote persisted "
    "interrupted spoke stammered"
)
"""Verbs that, ending a paragraph, introduce the quote of the next one (``Anne added.``)."""

SPEECH_NOUNS = word_set(
    "answer reply rejoinder remark response retort exclamation cry observation comment "
    "question reasoning greeting salutation reproach address inquiry enquiry request reproof "
    "explanation rejoinder remonstrance protest declaration ejaculation apostrophe assurance "
    "language challenge speech entreaty plea"
)
"""Nouns naming an utterance (``“...,” was her reply``)."""

THOUGHT_NOUNS = word_set("thought thoughts reflection musing meditation")
"""Nouns naming a thought (``“...” was Jim’s thought``)."""

WRITTEN_NOUNS = word_set(
    "note notes card letter sign text message label banner headline caption sticker post-it "
    "email e-mail plaque poster notice inscription envelope page memo postcard telegram tweet "
    "whiteboard placard billboard menu tattoo screen display receipt napkin handwriting "
    "writing text-message chat notification"
)
"""Things whose quoted content is written, not spoken (``the card read “...”``)."""

PERSON_NOUNS = PERSON_WORDS | word_set(
    "voice figure other former latter one gent dean major croupier chirurgeon dragon wolf "
    "robot android ai"
)
"""Head nouns of nominals that name a person (and so can begin an action beat): the
mention tagger's list and a few that speak in tags (``the voice``, ``the other``)."""

TITLES = word_set(
    "mr mr. mrs mrs. ms ms. mx mx. dr dr. miss master madam madame mme mme. mademoiselle "
    "mlle mlle. sir lady lord dame aunt uncle cousin captain capt capt. colonel col col. "
    "general gen gen. major lieutenant lt lt. sergeant sgt sgt. professor prof prof. father "
    "mother sister brother rev rev. reverend saint st st. king queen prince princess duke "
    "duchess count countess baron baroness detective det det. inspector officer agent nurse "
    "judge grandma grandpa granny nana papa mama monsieur signor signora herr frau"
)
"""Words that join the name after them (``Mrs. Bennet``, ``Aunt May``)."""

_CALENDAR = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december christmas
    """
)
"""Days, months and feasts: not names alone, but part of one (``the March Hare``)."""

FUNCTION_WORDS = (
    word_set(
        """
    a an the and but or nor so yet for if then than as at by in into of off on onto out over
    to up upon with within without from about above after again against all almost also
    although always am among any anyway are around aside away back be because been before
    behind being below beneath beside besides between both can could did do does doing done
    down during each either else even ever every except few first had has have having here
    how however i just last least less let like may maybe might more most much must my
    neither never next no none not nothing now oh ok okay once one only other otherwise our
    perhaps please quite rather really same shall she should since some someone something
    sometimes somewhere still such sure that their them there these they this those though
    through thus till today together tomorrow too toward towards under unless until very was
    we well were what whatever when whenever where wherever whether which while who whoever
    whom whose why will would yes yesterday you your yeah yep nope hey hi hello ah uh um
    hmm mhm wow alright thanks thank sorry god dear goodbye bye good great chapter part book
    """
    )
    | _CALENDAR
)
"""Lowercased words that are not names even when capitalised."""

SUBJECT_PRONOUNS = word_set("i he she they we you")
OBJECT_WORDS = word_set("me him her us them it its his their my your our mine yours hers theirs")
DETERMINERS = word_set("the a an")
POSSESSIVES = word_set("his her their my your our its")
REFLEXIVES = word_set("himself herself themselves myself yourself ourselves themself itself")
AUXILIARIES = word_set(
    "had has have was were is are would could will can did does do should might must shall "
    "may 's ’s 'd ’d 'll ’ll"
)
PREPOSITIONS = word_set(
    "to at with without within for from by about of in into on onto toward towards upon "
    "behind beside near past over under across after before like than through during among "
    "against around beneath beyond opposite between amongst alongside"
)
ADVERB_GAP = word_set(
    """
    then again back out up aloud softly quietly loudly simply only just also finally slowly
    quickly gently calmly coldly flatly dryly drily sharply still too now once even suddenly
    almost instead anyway though however on in off down over soon afterwards presently
    directly thus most very rather quite somewhat
    """
)
"""Words allowed between a subject and its speech verb, or a verb and its quote."""
_ADVERB_OR_COMMA = ADVERB_GAP | {","}

_NP_STOPS = word_set(
    "who whom whose which that as and but or with to in at by for from of on into when while "
    "where if because though although not then"
)
_OPENERS_SKIPPED = word_set(
    """
    then now still suddenly finally eventually just only also even though although as when
    while after before once and but so yet soon instead meanwhile again later quickly slowly
    softly quietly gently immediately simply almost already
    """
)
_SUBORDINATORS = word_set(
    "what who whom which where when how why whether if before after while as since because "
    "although though until unless once"
)
_JOINING = word_set("and but then")
_HAVE = word_set("had has have did")
_OBJECTS_SAID = word_set("nothing something anything that so it this what")
_COMPLEMENT_VERBS = word_set(
    """
    saw see sees knew know knows thought think thinks felt feel feels found find finds heard
    hear hears believed believes feared fears hoped hopes supposed supposes suspected
    suspects guessed guesses noticed notices realized realizes realised realises perceived
    perceives understood understands remembered remembers forgot forgets wished wishes
    fancied fancies
    """
)
"""Verbs whose clause complement may drop ``that`` (``saw he was tired``): its subject is
not the subject of the sentence."""
_QUOTE_CHARS = frozenset("“”\"‘’'")
_NON_SUBJECTS = word_set("it there this that these those its it’s it's")
_AFTER_VERB = word_set("then again back aloud now out up")
_DEMONSTRATIVES = word_set("these those this")
_POINTING = word_set("this that one")
"""Words that open a speaker phrase when a person noun heads it (``said this young lady``,
``that tidy lady observed``, ``mumbled one old fisherman``)."""
_GAP_OPENERS = (
    DETERMINERS
    | PREPOSITIONS
    | POSSESSIVES
    | _DEMONSTRATIVES
    | word_set("much great some little no more less such very all any")
)
_NOUN_MARKERS = (
    DETERMINERS
    | (PREPOSITIONS - {"to"})
    | word_set("this these those each every another his my your our their its")
)
_PREMODIFIERS = word_set("first last next less more most very now great good")
_VOICES = word_set("voice voices tones accents")
_VOICE_PARTS = word_set("voice voices tones lips tongue mouth")
_VOICE_VERBS = word_set("rose came sounded rang broke answered replied")
_FROM_VERBS = _VOICE_VERBS | word_set("burst escaped")
"""Verbs of words leaving someone (``“...” burst from Ann``)."""
_PARTITIVES = word_set("one another")
_UTTERANCE_NOUNS = SPEECH_NOUNS | THOUGHT_NOUNS
_PASSIVE_SPEECH = word_set(
    "said uttered spoken exclaimed whispered murmured muttered cried shouted screamed added "
    "remarked observed pronounced ejaculated"
)
_GROUP_PRONOUNS = word_set("them us you")
_ADDRESSED = word_set("him her them me us")
_ASIDE_CLAUSES = word_set("as while whilst when")
_ING_NOUNS = word_set(
    "morning evening something anything everything nothing darling building wedding ceiling"
)
_EVERYONE = word_set("everyone everybody nobody anyone anybody someone")
_BE = word_set("was were is are am be been ’s 's")
_PERCEPTION = word_set("heard hears hear overheard")
_TELL = word_set("tell tells told telling")
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "my": "i", "our": "we"}
_OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they", "me": "i", "us": "we"}

_TERMINAL = frozenset(".!?…")
_OPENERS = frozenset(" \t\n\r“”\"‘’'([*_—–-")
_INTRODUCERS = frozenset({",", ":", "—", "–", "-", "--"})
_CLAUSE_ENDS = frozenset({";", ":", ".", "!", "?", "…", "—", "–", "--"})
_CONTRACTION = re.compile(r"(?i)^(i|he|she|they|we|you)['’](?:s|d|ll|m|re|ve)$")
_KNOWN_NAME = re.compile(r"[a-z,;][ \t\n]+([A-Z][a-z][^\W\d_]*)")
_LOWER_RUN = re.compile(r"[a-z]+")  # whole lowercase words, and tails of capitalised ones


def known_names(text: str) -> frozenset[str]:
    """Capitalised words the work uses mid-sentence (after a lowercase word or a comma) more
    often than it writes them in lowercase: ``Pam`` but not ``Money`` or ``Lord``; and a
    given name that is also a function word, written so twice (``said Will``), however
    often the word itself is used."""
    capitalised = Counter(_KNOWN_NAME.findall(text))
    wanted = {name.lower() for name in capitalised}
    lowercase = Counter(filter(wanted.__contains__, _LOWER_RUN.findall(text)))
    return frozenset(
        name
        for name, count in capitalised.items()
        if (name.lower() not in FUNCTION_WORDS and lowercase[name.lower()] <= count // 2)
        or (name.lower() in NAMED_FUNCTION_WORDS and count >= 2)
    )


# --- Words, names and noun phrases ---------------------------------------------------------


class Word(NamedTuple):
    """One token: its span and text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Expression:
    """A speaker expression: span, kind (name, pronoun, nominal) and head word."""

    start: int
    end: int
    kind: str
    head: str


@dataclass(frozen=True, slots=True)
class Tag:
    """A speaker expression found for a quote, with its verb (and the verb's class:
    speech, thought or written; None for action beats), the rule and a confidence."""

    expr: Expression
    verb: str | None
    verb_class: str | None
    pattern: str
    score: float

    def renamed(self, pattern: str, score: float | None = None) -> Tag:
        """The same tag credited to another rule."""
        return Tag(
            self.expr, self.verb, self.verb_class, pattern, self.score if score is None else score
        )


class Tokens:
    """Word lookup over the ``tokens`` layer, plus the work's mid-sentence names."""

    def __init__(self, text: str, tokens: Layer, names: frozenset[str]) -> None:
        self.text = text
        self.starts = tokens.starts
        self.ends = tokens.ends
        self.names = names

    def words(self, start: int, end: int, limit: int = 0, *, last: bool = False) -> list[Word]:
        """Tokens lying inside ``[start, end)``; with `limit`, only the first (or `last`)
        `limit` of them."""
        starts, ends, text = self.starts, self.ends, self.text
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        if hi > lo and ends[hi - 1] > end:
            hi -= 1
        if limit:
            lo, hi = (max(lo, hi - limit), hi) if last else (lo, min(hi, lo + limit))
        return [Word(starts[i], ends[i], text[starts[i] : ends[i]]) for i in range(lo, hi)]

    def sentence_initial(self, w: Word) -> bool:
        """Whether `w` starts a sentence, a quotation or a paragraph."""
        text = self.text
        i = w.start - 1
        while i >= 0 and text[i] in _OPENERS:
            char = text[i]
            if char in "“‘" or (char == "\n" and i > 0 and text[i - 1] == "\n"):
                return True
            if char in "\"'" and (i == 0 or text[i - 1].isspace()):
                return True
            i -= 1
        if i < 0 or text[i] == ":":
            return True
        if text[i] == ".":  # Mrs. Jennings, E. W. Childers: a title or initial, not an end
            k = i
            while k > 0 and text[k - 1].isalpha():
                k -= 1
            before = text[k : i + 1]
            return not (before.lower() in TITLES or (len(before) == 2 and before[0].isupper()))
        return text[i] in _TERMINAL

    def is_name_word(self, w: Word, *, lenient: bool = False) -> bool:
        """Whether token `w` can be (part of) a proper name; `lenient` accepts a capitalised
        word at a sentence start even if the work never capitalises it mid-sentence (for
        the subject right next to a speech verb: ``Teodor asked``)."""
        t = w.text
        if len(t) < 2 or not t[0].isupper() or (not t[1].isalpha() and t[1] not in "’'."):
            return False
        bare = _strip_possessive(t)
        low = bare.lower()
        if low in NAMED_FUNCTION_WORDS:
            return bare in self.names  # Will, where the work writes it as a name
        if low in FUNCTION_WORDS or low in SUBJECT_PRONOUNS or low in OBJECT_WORDS:
            return False
        return lenient or low in TITLES or bare in self.names or not self.sentence_initial(w)


def _strip_possessive(t: str) -> str:
    """``Jim’s`` -> ``Jim``; other words unchanged."""
    return t[:-2] if t[-2:] in ("’s", "'s") else t


def _is_possessive(t: str) -> bool:
    """``Jim’s``: a capitalised word with a possessive ending."""
    return len(t) > 2 and t[-2:] in ("’s", "'s") and t[0].isupper()


def _is_word(w: Word) -> bool:
    return w.text[0].isalpha()


def _low(words: Sequence[Word], i: int) -> str:
    """Lowercased text of ``words[i]``, or "" outside `words`."""
    return words[i].text.lower() if 0 <= i < len(words) else ""


def pronoun(w: Word) -> Expression | None:
    """A subject pronoun at `w` (``she``, or the ``she`` of ``she’s``)."""
    low = w.text.lower()
    if low in SUBJECT_PRONOUNS:
        return Expression(w.start, w.end, PRONOUN, low)
    m = _CONTRACTION.match(w.text)
    if m:
        return Expression(w.start, w.start + len(m.group(1)), PRONOUN, m.group(1).lower())
    return None


def _it(words: Sequence[Word], i: int) -> tuple[Expression, int] | None:
    """``it`` as a speaker (an animal, a voice), used only right next to a speech verb."""
    if _low(words, i) == "it":
        return Expression(words[i].start, words[i].end, PRONOUN, "it"), i + 1
    return None


def name_forward(
    tok: Tokens, words: Sequence[Word], i: int, *, lenient: bool = False
) -> tuple[Expression, int] | None:
    """A name starting at ``words[i]`` (titles included; a possessive ``’s`` ends it and is
    left out of the span), and the index after it."""
    j = i
    while (
        j < len(words)
        and j - i < 6
        and (tok.is_name_word(words[j], lenient=lenient) or _after_title(words, j, i))
    ):
        j += 1
        if _is_possessive(words[j - 1].text):
            break
    if j == i:
        return None
    last = words[j - 1]
    bare = _strip_possessive(last.text)
    return Expression(words[i].start, last.end - len(last.text) + len(bare), NAME, bare), j


def _after_title(words: Sequence[Word], j: int, i: int) -> bool:
    """A capitalised word right after a title is a surname even when it is also a common
    word (``Mrs Last``, ``Mr. Young``)."""
    t = words[j].text
    return (
        j > i
        and _low(words, j - 1) in TITLES
        and t[0].isupper()
        and t[1:].islower()
        and t.lower() not in SUBJECT_PRONOUNS
        and t.lower() not in OBJECT_WORDS
    )


def _nominal_end(words: Sequence[Word], i: int) -> int:
    """Index after the body of a nominal starting at `i` (at most 4 words).

    The body ends before a function word, another determiner or a verb of speech, after a
    person noun (``the old man``) or a voice (``Ann’s shrill tones``) and after capitalised
    words followed by a lowercase one (``The King laid``).
    """
    j = i
    capitalised = False
    while j < len(words) and j - i < 4:
        w = words[j]
        low = w.text.lower()
        if (
            not _is_word(w)
            or low in _NP_STOPS
            or (low in FUNCTION_WORDS and low not in PERSON_NOUNS and not _in_name(words, j))
            or low in POSSESSIVES
            or low in DETERMINERS
            or low in OBJECT_WORDS
            or _adverb(w)
            or (capitalised and w.text[0].islower())
            or (low not in NOUN_LIKE_VERBS and verb_at(words, j) is not None)
        ):
            break
        capitalised = w.text[0].isupper()
        j += 1
        if low in PERSON_NOUNS and _low(words, j) not in PERSON_NOUNS:
            break
        if low in _VOICE_PARTS:  # Ann’s shrill tones [rang]
            break
    return j


def np_forward(
    tok: Tokens, words: Sequence[Word], i: int, *, lenient: bool = False
) -> tuple[Expression, int] | None:
    """The speaker expression starting at ``words[i]``, and the index after it."""
    if i >= len(words):
        return None
    w = words[i]
    p = pronoun(w)
    if p is not None:
        return p, i + 1
    named = name_forward(tok, words, i, lenient=lenient)
    if named is not None and not _is_possessive(words[named[1] - 1].text):
        return named
    if w.text.lower() in _POINTING and named is None:  # said this young lady
        k = _nominal_end(words, i + 1)
        head = words[k - 1].text.lower()
        if k == i + 1 or head not in PERSON_NOUNS:
            return None
        return Expression(w.start, words[k - 1].end, NOMINAL, head), k
    if named is not None or w.text.lower() in DETERMINERS or w.text.lower() in POSSESSIVES:
        body = named[1] if named is not None else i + 1  # Jim’s mother / the omega
        k = _nominal_end(words, body)
        modified = _modified_nominal(tok, words, w.start, body)
        if modified is not None and modified[1] > k:
            return modified
        if k == body:
            return None
        head = words[k - 1].text.lower()
        if named is not None and head in _VOICE_PARTS:
            return named[0], k  # Mary’s clear voice: Mary
        if head in _VOICES and _low(words, k) == "of":  # the voice of Mr. Hale
            owner = name_forward(tok, words, k + 1)
            if owner is not None and not _is_possessive(words[owner[1] - 1].text):
                return owner
        return Expression(w.start, words[k - 1].end, NOMINAL, head), k
    return None


def _in_name(words: Sequence[Word], j: int) -> bool:
    """A capitalised day or month inside a name (``the March Hare``)."""
    w = words[j]
    return (
        w.text.lower() in _CALENDAR
        and w.text[0].isupper()
        and _low(words, j + 1)[:1].isalpha()
        and words[j + 1].text[0].isupper()
    )


def _premodifier(words: Sequence[Word], j: int) -> bool:
    """A degree word, an ordinal or an adjective in -ly opening a nominal (``the now
    mollified General``, ``the first housemaid``, ``the surly one``)."""
    w = words[j]
    if w.text.lower() in _PREMODIFIERS:
        return True
    nxt = words[j + 1].text if j + 1 < len(words) else ""
    plain = _adverb(w) and w.text not in FUNCTION_WORDS  # not ``the only one``
    return plain and nxt.isalpha() and nxt.islower() and not nxt.endswith("ly")


def _modified_nominal(
    tok: Tokens, words: Sequence[Word], start: int, body: int
) -> tuple[Expression, int] | None:
    """A nominal whose body opens with premodifiers (see `_premodifier`) and that names a
    person: a name after lowercase adjectives (``the less courteous Edmund``: the name) or
    a person noun (``a great lubberly fellow``)."""
    m = body
    while m < len(words) and m - body < 3 and _premodifier(words, m):
        m += 1
    if m == body:
        return None
    p = m
    while p < len(words) and p - m < 2 and words[p].text.isalpha() and words[p].text.islower():
        if words[p].text in FUNCTION_WORDS or verb_at(words, p) is not None:
            break
        p += 1
    named = name_forward(tok, words, p)
    if named is not None and named[0].head.lower() not in PERSON_NOUNS:
        return None if _is_possessive(words[named[1] - 1].text) else named
    k = _nominal_end(words, m)
    if k == m or not person_head(words[k - 1].text.lower(), words[m:k]):
        return None
    return Expression(start, words[k - 1].end, NOMINAL, words[k - 1].text.lower()), k


def np_backward(
    tok: Tokens, words: Sequence[Word], j: int, *, lenient: bool = False
) -> Expression | None:
    """The speaker expression ending at ``words[j]`` (``she``, ``Karen``, ``the omega``)."""
    if j < 0:
        return None
    w = words[j]
    p = pronoun(w)
    if p is not None:
        return p
    if tok.is_name_word(w, lenient=lenient) and not _is_possessive(w.text):
        i = j
        while i > 0 and j - i < 3 and tok.is_name_word(words[i - 1], lenient=lenient):
            if _is_possessive(words[i - 1].text):
                break
            i -= 1
        return Expression(words[i].start, w.end, NAME, w.text)
    low = w.text.lower()
    if not _is_word(w) or low in FUNCTION_WORDS or low in OBJECT_WORDS or _adverb(w):
        return None
    for i in range(j, max(0, j - 4), -1):
        prev = words[i - 1]
        plow = prev.text.lower()
        if _is_possessive(prev.text):  # Jim’s mother / Mrs. Bennet’s maid
            k = i - 1
            while k > 0 and i - 1 - k < 2 and tok.is_name_word(words[k - 1]):
                k -= 1
            return Expression(words[k].start, w.end, NOMINAL, low)
        if plow in DETERMINERS or plow in POSSESSIVES:
            return Expression(prev.start, w.end, NOMINAL, low)
        if not _is_word(prev) or plow in FUNCTION_WORDS or plow in _NP_STOPS:
            return None
    return None


def person_head(head: str, words: Sequence[Word]) -> bool:
    """Whether a nominal's head word names a person (``omega``, or capitalised: ``the
    Voice``)."""
    return head in PERSON_NOUNS or any(
        w.text.lower() == head and w.text[0].isupper() for w in words
    )


def _subject_like(expr: Expression, words: Sequence[Word]) -> bool:
    """Pronouns and names, or nominals with a person head."""
    return expr.kind != NOMINAL or person_head(expr.head, words)


# --- Verbs ---------------------------------------------------------------------------------


def verb_at(words: Sequence[Word], i: int) -> tuple[str, str, int] | None:
    """A speech, thought or writing verb at ``words[i]``: (verb, class, index after it).

    After a determiner, a possessive or a preposition other than ``to`` the word is a noun
    (``the text``, ``this message``, ``in reply``, ``Jim’s call``).
    """
    if i >= len(words):
        return None
    low = words[i].text.lower()
    before = _low(words, i - 1)
    gerund = low.endswith("ing") and (  # by saying, of adding, by Ann’s saying
        before in PREPOSITIONS or (i > 0 and _is_possessive(words[i - 1].text))
    )
    if i > 0 and not gerund and (before in _NOUN_MARKERS or _is_possessive(words[i - 1].text)):
        return None
    particles = PARTICLE_VERBS.get(low, "").split()
    if _low(words, i + 1) in particles:
        return f"{low} {_low(words, i + 1)}", SPEECH, i + 2
    if low in THOUGHT_VERBS:
        return low, THOUGHT, i + 1
    if low in WRITING_VERBS:
        aloud = low.startswith("read") and _read_aloud(words, i)
        return low, SPEECH if aloud else WRITTEN, i + 1
    if low in SPEECH_VERBS:
        return low, THOUGHT if _to_oneself(words, i + 1) else SPEECH, i + 1
    return None


def _read_aloud(words: Sequence[Word], i: int) -> bool:
    """``read the note aloud``, ``read it out loud``: reading at `i` that speaks."""
    return any(_low(words, k) in ("aloud", "loud") for k in range(i + 1, i + 5))


def _to_oneself(words: Sequence[Word], i: int) -> bool:
    """``said to herself`` / ``told himself`` at `i`, right after a speech verb: inner
    speech."""
    if _low(words, i) == "to":
        i += 1
    elif _low(words, i - 1) not in _TELL:
        return False
    return _low(words, i) in REFLEXIVES


def _skip(words: Sequence[Word], i: int, skippable: frozenset[str], limit: int = 3) -> int:
    """Index of the first word at or after `i` that is not skippable (an -ly adverb or in
    `skippable`), skipping at most `limit`."""
    j = i
    while j < len(words) and j - i < limit and _skippable(words[j], skippable):
        j += 1
    return j


def _skip_back(words: Sequence[Word], j: int, skippable: frozenset[str], limit: int = 3) -> int:
    """Index of the last word at or before `j` that is not skippable."""
    i = j
    while i >= 0 and j - i < limit and _skippable(words[i], skippable):
        i -= 1
    return i


def _skippable(w: Word, skippable: frozenset[str]) -> bool:
    low = w.text.lower()
    return low in skippable or (_adverb(w) and low not in SPEECH_VERBS)


def _adverb(w: Word) -> bool:
    """An -ly adverb (``softly``); a capitalised -ly word is a name (``said Milly``)."""
    return w.text.endswith("ly") and w.text[0].islower()


_IRREGULAR_PAST = word_set("said told spoke began sang spat went broke put struck burst ran")


def is_past(verb: str | None) -> bool:
    """Whether a verb found by `verb_at` is in the past tense (``said``, ``broke in``)."""
    if verb is None:
        return False
    head = verb.split()[0]
    return head.endswith("ed") or head in _IRREGULAR_PAST


_GERUND_LEADS = word_set("by began begun help kept")
_TIME_CLAUSES = word_set("when while whilst until till")
_CAUSING = word_set(
    "provoked prompted induced urged begged asked told forced compelled obliged led caused "
    "encouraged invited pressed entreated tempted moved"
)
_INVERTING = word_set("said spoke cried exclaimed added continued")
"""Verbs whose following name is their subject, never an addressee (``spoke Mary:``)."""


def leads_into_speech(words: Sequence[Word], verb: str | None) -> bool:
    """Whether the speech verb `verb` closing the lead-in `words` commits to speaking, so
    that a dash after it opens the speech rather than cutting a sentence off (``He didn't
    think--``): a past tense (``Anne added--``), an infinitive after ``to`` or a verb of
    perception (``presumed to say--``, ``heard the Admiral say--``) or a gerund whose
    subject is plain (``could not help saying--``, ``by Ann’s saying--``, ``and saying to
    Tom--``; not ``a letter, beginning--``)."""
    if verb is None:
        return False
    if is_past(verb):
        return True
    v = max((i for i in range(len(words)) if _low(words, i) == verb.split()[0]), default=-1)
    if v < 1:
        return False
    before = _low(words, v - 1)
    if verb.endswith("ing"):
        owner = _skip_back(words, v - 1, ADVERB_GAP)
        plain = before in _GERUND_LEADS or before == "and" or before in _BE  # was repeating--
        chance = _low(words, owner) == "of" and any(
            _low(words, i) in _CHANCES for i in range(owner - 6, owner)
        )  # the chance this gave her of adding--
        return plain or chance or _is_possessive(words[owner].text)
    return before == "to" or any(_low(words, i) in _PERCEPTION for i in range(v - 3, v))


def voice_tag(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """The last one whose voice sounds in a sentence introducing a quote with a colon:
    ``Mary’s voice came, cool and clear:``, ``a man spoke, and then Ann’s rose in reply:``,
    ``his voice rang out:``."""
    for j in range(len(words) - 2, -1, -1):
        low = _low(words, j)
        pron = _POSSESSIVE_PRONOUNS.get(low)
        if not (pron or _is_possessive(words[j].text)):
            continue
        k = j + 1 + (_low(words, j + 1) in _VOICE_PARTS)
        if _low(words, k) not in _VOICE_VERBS or (pron and k == j + 1):
            continue
        w = words[j]
        owner = Expression(w.start, w.end, PRONOUN, pron) if pron else _possessor(tok, words, j)
        return Tag(owner, _low(words, k), SPEECH, "name-verb-quote", 0.85) if owner else None
    return None


# --- Tags after a quote --------------------------------------------------------------------


def tag_after(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """A speech tag right after a quote: ``said Karen``, ``she says``, ``Jim’s mother said``,
    ``was Mrs Smith’s answer``, ``Mary heard her say``.

    `words` are the tokens after the closing mark, up to the next quote or the sentence end.
    """
    if _low(words, 0) == "," or (_low(words, 0) == ";" and words[-1].text in _TERMINAL):
        words = words[1:]  # “Yes”, said Jim / “Yes”; replied Jim. (a mark outside)
    if not words:
        return None
    found = verb_at(words, _skip(words, 0, ADVERB_GAP, limit=1))
    if found is not None:  # “...,” said Karen
        verb, cls, k = found
        k = _skip(words, k, _AFTER_VERB)
        subject = (
            np_forward(tok, words, k, lenient=True)
            or _it(words, k)
            or _bare(tok, words, k)
            or _epithet_name(tok, words, k)
        )
        if subject is None:
            return None
        return Tag(subject[0], verb, cls, "quote-verb-name", 0.95)
    possessor = (
        _possessor_tag(tok, words)
        or cleft_tag(tok, words)
        or _source(tok, words)
        or _sounded(tok, words)
    )
    if possessor is not None:
        return possessor
    subject = np_forward(tok, words, 0, lenient=True) or _it(words, 0)
    if subject is None:
        return None
    expr, k = subject
    k = _skip(words, k, ADVERB_GAP)
    if _low(words, k) in _PERCEPTION:
        return _perceived(tok, words, k + 1)
    aux = _low(words, k)
    if aux in _TAG_AUXILIARIES:  # “...,” Ann had replied / Tom was saying
        k = _skip(words, k + 1, ADVERB_GAP)
    found = verb_at(words, k)
    voiced = k > 0 and _low(words, k - 1) in _VOICE_PARTS and _low(words, k) in _VOICE_VERBS
    if found is None and voiced:  # “...” Ann’s shrill tones rang out
        return Tag(expr, _low(words, k), SPEECH, "quote-name-verb", 0.9)
    if found is None:
        return None
    if aux == "had" and not is_past(found[0]):
        return None
    if aux in _BE and found[0] not in _PROGRESSIVE_TAGS:  # was asked: spoken to
        return None
    if found[0].endswith("ing") and aux not in _BE:  # “...” Honoroit was breathing: no tag
        return None
    return Tag(expr, found[0], found[1], "quote-name-verb", 0.95)


_DASHES = frozenset({"—", "–", "-", "--"})
_TAG_AUXILIARIES = word_set("had was were")
_PROGRESSIVE_TAGS = word_set("saying asking whispering muttering murmuring")
"""Progressives that tag a quote (``Tom was saying``); others describe (``was breathing``)."""


def loose_tag_after(tok: Tokens, words: Sequence[Word], comma: bool) -> Tag | None:
    """A tag whose verb is no listed speech verb, right after a quote (`tag_after` found
    none): an inverted verb and a name (``“...,” demurred Mr. Orme``, ``“Stay!”
    entreated Ann``) or, after a quote ending in a comma (`comma`), a name and its verb
    (``“...,” Ann hazarded``): the quote is what they say. A pronoun is left to the beats,
    which may name the speaker plainly."""
    i = 0
    while i < len(words) and (words[i].text == "," or words[i].text in _DASHES):
        i += 1
    if i < len(words) and _verb_shaped(words[i]):
        k = _skip(words, i + 1, _AFTER_VERB)
        subject = name_forward(tok, words, k)
        if subject is not None and not _is_possessive(words[subject[1] - 1].text):
            return Tag(subject[0], words[i].text.lower(), SPEECH, "quote-verb-name", 0.85)
        return None
    found = name_forward(tok, words, i) if comma else None
    if found is None or _is_possessive(words[found[1] - 1].text):
        return None
    k = _skip(words, found[1], ADVERB_GAP)
    if k < len(words) and _verb_shaped(words[k]):
        return Tag(found[0], words[k].text.lower(), SPEECH, "quote-name-verb", 0.85)
    return None


def _verb_shaped(w: Word) -> bool:
    """A lowercase word that looks like a finite verb (``hazarded``, ``nods``)."""
    low = w.text
    return (
        len(low) > 3
        and low.isalpha()
        and low.islower()
        and low.endswith(("ed", "s"))
        and low not in FUNCTION_WORDS
        and not low.endswith("ss")
    )


def _bare(tok: Tokens, words: Sequence[Word], k: int) -> tuple[Expression, int] | None:
    """A person noun without a determiner ending the tag (``said nanny.``, ``said
    another,``), or one of a group (``said one of them``, ``asked one of the men``), as a
    nominal."""
    low = _low(words, k)
    if low in _PARTITIVES and _low(words, k + 1) == "of":
        if _low(words, k + 2) in _GROUP_PRONOUNS:
            end = k + 3
        else:
            group = np_forward(tok, words, k + 2)
            if group is None:
                return None
            head = group[0].head
            if not any(person_head(h, words) for h in (head, head.removesuffix("s"))):
                return None
            end = group[1]
        return Expression(words[k].start, words[end - 1].end, NOMINAL, low), end
    if (low not in PERSON_NOUNS and low != "another") or _is_word_at(words, k + 1):
        return None
    w = words[k]
    return Expression(w.start, w.end, NOMINAL, low), k + 1


def _epithet_name(tok: Tokens, words: Sequence[Word], k: int) -> tuple[Expression, int] | None:
    """A name after one or two lowercase adjectives (``said poor Ann``, ``sighed
    fun-loving Mrs. Pryce``): the name."""
    for m in (k + 1, k + 2):
        adjective = words[m - 1].text if m - 1 < len(words) else ""
        if not (adjective.replace("-", "").isalpha() and adjective.islower()):
            return None
        if adjective in FUNCTION_WORDS or verb_at(words, m - 1) is not None:
            return None
        named = name_forward(tok, words, m)
        if named is not None and not _is_possessive(words[named[1] - 1].text):
            return named
    return None


def _is_word_at(words: Sequence[Word], i: int) -> bool:
    return i < len(words) and _is_word(words[i])


def _possessor_tag(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """``“...,” was Mrs Smith’s answer`` / ``was all her reply`` / ``was his daughter’s`` /
    ``had been Anne’s thought`` / ``was a tender apostrophe of Jim’s`` / ``was uttered at
    once by Jim``."""
    k = _copula_end(words)
    if k is None or k >= len(words):
        return None
    while k < len(words) - 1 and (_low(words, k) in _COPULA_ADVERBS or _adverb(words[k])):
        k += 1  # was thus his answer
    if _low(words, k) == "all":
        k += 1
    first = _low(words, k)
    owned = _strip_possessive(_low(words, k + 1)) != _low(words, k + 1)  # his lordship’s answer
    if first in _POSSESSIVE_PRONOUNS and not owned:  # was her (anxious) inquiry
        for m in range(k + 1, min(k + 4, len(words))):
            uttered = _low(words, m)
            if uttered in _UTTERANCE_NOUNS:
                w = words[k]
                expr = Expression(w.start, w.end, PRONOUN, _POSSESSIVE_PRONOUNS[first])
                return Tag(expr, uttered, _noun_class(uttered), "quote-was-answer", 0.85)
            if not (words[m].text.isalpha() and words[m].text.islower()):
                return None
        return None
    passive = (
        _passive_tag(tok, words, k) or _utterance_of(tok, words, k) or _words_from(tok, words, k)
    )
    if passive is not None:
        return passive
    for m in range(k, min(k + 4, len(words))):
        w = words[m]
        if not _is_word(w):
            return None
        n = m + 1
        while n < m + 3 and _low(words, n).isalpha() and words[n].text.islower():
            if _low(words, n) in _UTTERANCE_NOUNS:
                break
            n += 1  # was Anne's quiet answer
        after = _low(words, n) if _low(words, n) in _UTTERANCE_NOUNS else _low(words, m + 1)
        noun = after in _UTTERANCE_NOUNS
        if w.text[-2:] not in ("’s", "'s") or not (noun or not after.isalpha()):
            continue
        head = _strip_possessive(w.text)
        if first in DETERMINERS or first in POSSESSIVES:
            expr = Expression(words[k].start, w.end - 2, NOMINAL, head.lower())
        elif all(tok.is_name_word(x) for x in words[k : m + 1]):
            expr = Expression(words[k].start, w.end - 2, NAME, head)
        else:
            return None
        cls = _noun_class(after) if noun else SPEECH
        return Tag(expr, after if noun else None, cls, "quote-was-answer", 0.85)
    return None


def cleft_tag(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """``“...” It was Jim who spoke``: the one the cleft sentence singles out."""
    if _low(words, 0) != "it" or _low(words, 1) not in ("was", "is"):
        return None
    found = np_forward(tok, words, 2)
    if found is None or not _subject_like(found[0], words) or found[0].kind == PRONOUN:
        return None
    expr, k = found
    if _low(words, k) not in ("who", "that"):
        return None
    verb = verb_at(words, _skip(words, k + 1, ADVERB_GAP))
    if verb is None:
        return None
    return Tag(expr, verb[0], verb[1], "quote-name-verb", 0.9)


def _source(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """``“Hm!” from Mr. Hale`` / ``came from Ann’s lips``: the person it comes from (with
    no verb, so that the kind rules still see a scare quote in ``a “gift” from Ann``)."""
    k = 1 if _low(words, 0) in _FROM_VERBS else 0
    if _low(words, k) != "from":
        return None
    found = np_forward(tok, words, k + 1)
    if found is None or found[0].kind == PRONOUN or not _subject_like(found[0], words):
        return None
    return Tag(found[0], None, None, "quote-name-verb", 0.85)  # no verb to tell the kind


def _sounded(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """``“...” sounded the low voice of Mr. Vane``: the owner of the voice."""
    if _low(words, 0) not in _VOICE_VERBS:
        return None
    found = np_forward(tok, words, 1)
    if found is None or found[0].kind != NAME:
        return None
    return Tag(found[0], None, None, "quote-verb-name", 0.85)


_COPULA_ADVERBS = word_set("therefore thus then now only simply presently soon still")


def _copula_end(words: Sequence[Word]) -> int | None:
    """Index after ``was``, ``were``, ``is`` or ``had been`` opening `words`."""
    first = _low(words, 0)
    if first in ("was", "were", "is"):
        return 1
    if first in ("had", "has") and _low(words, 1) == "been":
        return 2
    return None


def _noun_class(noun: str) -> str:
    return THOUGHT if noun in THOUGHT_NOUNS else SPEECH


def _utterance_of(tok: Tokens, words: Sequence[Word], k: int) -> Tag | None:
    """``was an artless exclamation of Jim’s`` / ``was the reply of the old man``: the
    utterance noun, at most two lowercase words after the article at `k`, then ``of`` and
    its speaker."""
    n = k + 1
    while n < min(k + 3, len(words)) and _low(words, n) not in _UTTERANCE_NOUNS:
        if not (words[n].text.isalpha() and words[n].text.islower()):
            return None
        n += 1
    noun = _low(words, n)
    if noun not in _UTTERANCE_NOUNS or _low(words, n + 1) != "of":
        return None
    named = name_forward(tok, words, n + 2)
    if named is not None:
        return Tag(named[0], noun, _noun_class(noun), "quote-was-answer", 0.85)
    found = np_forward(tok, words, n + 2)
    if found is None or found[0].kind != NOMINAL or not person_head(found[0].head, words):
        return None
    return Tag(found[0], noun, _noun_class(noun), "quote-was-answer", 0.85)


def _words_from(tok: Tokens, words: Sequence[Word], k: int) -> Tag | None:
    """``“...” were the only words that escaped from Tom``: after the copula at `k`, words
    (or an utterance noun) that come from someone."""
    for m in range(k, min(k + 4, len(words))):
        low = _low(words, m)
        if low in ("words", "word") or low in _UTTERANCE_NOUNS:
            break
        if not (words[m].text.isalpha() and words[m].text.islower()):
            return None
    else:
        return None
    r = m + 1 + (_low(words, m + 1) in ("which", "that"))
    if _low(words, r) not in _FROM_VERBS or _low(words, r + 1) != "from":
        return None
    return _source(tok, words[r:])


def _passive_tag(tok: Tokens, words: Sequence[Word], k: int) -> Tag | None:
    """``“...” was uttered at the same moment by Jim``: the agent of a passive speech verb
    (not ``answered by``, whose agent replies to the quote), within six words."""
    v = _skip(words, k, ADVERB_GAP)
    if _low(words, v) not in _PASSIVE_SPEECH:
        return None
    for b in range(v + 1, min(v + 7, len(words))):
        low = _low(words, b)
        if low == "by":
            found = np_forward(tok, words, b + 1)
            if found is None or not _subject_like(found[0], words):
                return None
            return Tag(found[0], _low(words, v), SPEECH, "quote-name-verb", 0.85)
        if not words[b].text.isalpha():
            return None
    return None


def _perceived(tok: Tokens, words: Sequence[Word], k: int) -> Tag | None:
    """``X heard her say``: the one heard speaking (at `k`) is the speaker."""
    if k >= len(words):
        return None
    w = words[k]
    low = w.text.lower()
    if low in _OBJECT_PRONOUNS:
        expr, j = Expression(w.start, w.end, PRONOUN, _OBJECT_PRONOUNS[low]), k + 1
    else:
        named = np_forward(tok, words, k)
        if named is None:
            return None
        expr, j = named
    found = verb_at(words, j)
    if found is None:
        return None
    return Tag(expr, found[0], found[1], "quote-name-verb", 0.85)


# --- Tags before a quote -------------------------------------------------------------------


def tag_before(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """A speech tag in the same sentence before a quote: ``Pam asked softly, “...”``,
    ``Jim stands up, saying, “...”``, ``Says I, “...”``.

    `words` run up to the quote's opening mark. The verb must sit close to the quote, with
    only adverbs, an addressee or a short prepositional phrase between them.
    """
    v = _verb_before(tok, words)
    if v is None:
        return None
    found = verb_at(words, v)
    assert found is not None
    verb, cls, _ = found
    inverted = pronoun(words[v + 1]) if v + 1 < len(words) else None
    if inverted is not None and inverted.head != "you":  # Says I, “...”
        return Tag(inverted, verb, cls, "name-verb-quote", 0.9)
    o = _skip_back(words, v - 2, ADVERB_GAP) if _low(words, v - 1) == "to" else -1
    if _low(words, o) in _OBJECT_PRONOUNS and _low(words, o - 1) in _CAUSING:
        # provoked her to say: she speaks (but followed him to say: not him)
        w = words[o]
        told = Expression(w.start, w.end, PRONOUN, _OBJECT_PRONOUNS[_low(words, o)])
        return Tag(told, verb, cls, "name-verb-quote", 0.85)
    named = name_forward(tok, words, v + 1) if verb in _INVERTING else None
    if named is not None and named[1] == len(words) - 1 and words[-1].text in _INTRODUCERS:
        return Tag(named[0], verb, cls, "name-verb-quote", 0.9)  # thus spoke Mary: “...”
    progressive = _low(words, _skip_back(words, v - 1, ADVERB_GAP)) in _BE
    if progressive and (verb.endswith("ed") or verb == "told") and _low(words, v + 1) != "by":
        return None  # was asked, “...”: its subject is spoken to, not speaking
    chance = _given_chance(tok, words, v) if verb.endswith("ing") else None
    if chance is not None:  # gave her the chance of adding, “...”
        return Tag(chance, verb, cls, "name-verb-quote", 0.85)
    if verb.endswith("ing") and _low(words, v - 1) in _GERUND_LEADS - {"by"}:
        helped = _subject_before(tok, words, v - 1)  # Ann, who ..., could not help saying
        return Tag(helped[0], verb, cls, "name-verb-quote", helped[1]) if helped else None
    p = _skip_back(words, v - 1, ADVERB_GAP)
    if verb.endswith("ing") and p >= 0 and _is_possessive(words[p].text):
        owner = _possessor(tok, words, p)  # by Mrs Grant’s (suddenly) saying, “...”
        return Tag(owner, verb, cls, "name-verb-quote", 0.85) if owner else None
    if verb.endswith("ing") and not progressive:  # Jim stands up, saying, “...”
        clause = words[_clause_start(words, v) : v]
        expr = _gerund_owner(tok, words, v) or _later(
            last_subject(tok, clause, lenient=True), _doer(tok, clause)
        )
        if expr is not None:
            return Tag(expr, verb, cls, "name-verb-quote", 0.85)
        expr = first_subject(tok, words[:v], persons_only=True)  # less sure, too far
        return Tag(expr, verb, cls, "name-verb-quote", 0.75) if expr else None
    if _low(words, v + 1) == "by":  # thus accosted by Miss Price,
        agent = np_forward(tok, words, v + 2)
        if agent is not None and _subject_like(agent[0], words):
            return Tag(agent[0], verb, cls, "name-verb-quote", 0.85)
    subject = _subject_before(tok, words, v)
    if subject is None:
        return None
    return Tag(subject[0], verb, cls, "name-verb-quote", subject[1])


_CHANCES = word_set("opportunity occasion chance leisure pleasure")
_GIVING = word_set("gave give gives giving afforded afford affords allowed allow allows")


def _given_chance(tok: Tokens, words: Sequence[Word], v: int) -> Expression | None:
    """``the pause gave Ann the chance of adding`` / ``the chance this gave her of
    adding``: the one given the chance to speak by the gerund ``words[v]``."""
    o = _skip_back(words, v - 1, ADVERB_GAP)
    if _low(words, o) not in ("of", "for"):
        return None
    k = o - 1
    if _low(words, k) in _CHANCES:  # gave Ann the chance of
        k -= 1 + (_low(words, k - 1) in DETERMINERS or _low(words, k - 1) in POSSESSIVES)
    elif not any(_low(words, c) in _CHANCES for c in range(o - 6, o - 2)):
        return None
    low = _low(words, k)
    if low in _OBJECT_PRONOUNS:
        given: Expression | None = Expression(
            words[k].start, words[k].end, PRONOUN, _OBJECT_PRONOUNS[low]
        )
        first = k
    else:
        given = np_backward(tok, words, k) if k >= 0 else None
        first = next((m for m in range(k, -1, -1) if given and words[m].start <= given.start), k)
    if given is None or _low(words, first - 1) not in _GIVING:
        return None
    return given


def utterance_before(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """``Ann’s reply was, “...”`` / ``her only answer was:``: the owner of an utterance
    noun that is the subject of ``was`` introducing the quote."""
    n = len(words)
    if n < 4 or words[-1].text not in _INTRODUCERS:
        return None
    b = _skip_back(words, n - 2, _ADVERB_OR_COMMA)
    noun = _low(words, b - 1)
    if _low(words, b) not in ("was", "is") or noun not in _UTTERANCE_NOUNS:
        return None
    p = _skip_back(words, b - 2, ADVERB_GAP | _PREMODIFIERS | {"only"}, limit=2)
    low = _low(words, p)
    if low in _POSSESSIVE_PRONOUNS:
        w = words[p]
        expr: Expression | None = Expression(w.start, w.end, PRONOUN, _POSSESSIVE_PRONOUNS[low])
    else:
        expr = _possessor(tok, words, p) if p >= 0 and _is_possessive(words[p].text) else None
    return Tag(expr, noun, _noun_class(noun), "name-verb-quote", 0.85) if expr else None


def owned_utterance(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """``after Ann’s sleepy inquiry of “...”``, ``bowed to Tom’s “...”``: the owner
    of an utterance noun (and ``of``) or a possessive name right before the quote, inside
    a narrative sentence."""
    e = len(words) - 1
    while e >= 0 and words[e].text in _INTRODUCERS:
        e -= 1
    if e < 0:
        return None
    if _low(words, e) == "of" and _low(words, e - 1) in _UTTERANCE_NOUNS:
        noun = _low(words, e - 1)
        p = e - 2
        while p >= 0 and e - 2 - p < 3 and words[p].text.isalpha() and words[p].text.islower():
            if words[p].text in _POSSESSIVE_PRONOUNS:
                w = words[p]
                expr = Expression(w.start, w.end, PRONOUN, _POSSESSIVE_PRONOUNS[w.text])
                return Tag(expr, noun, _noun_class(noun), "name-verb-quote", 0.85)
            p -= 1
        owner = _possessor(tok, words, p) if p >= 0 and _is_possessive(words[p].text) else None
        return Tag(owner, noun, _noun_class(noun), "name-verb-quote", 0.85) if owner else None
    if e == len(words) - 1 and _is_possessive(words[e].text):  # bowed to Tom’s “...”
        owner = _possessor(tok, words, e)
        return Tag(owner, None, None, "name-verb-quote", 0.8) if owner else None
    return None


def _verb_before(tok: Tokens, words: Sequence[Word]) -> int | None:
    """Index of a speech, thought or writing verb attached to the quote after `words`.

    Between the verb and the quote may come adverbs, particles, a short prepositional
    phrase (``in a low voice``) and, when a comma or colon introduces the quote, an
    addressee (``asks Kevin, “...”``) or an aside between commas (see
    `_verb_before_aside`); anything else detaches the verb.
    """
    v = _verb_near(tok, words)
    if v is not None or _low(words, len(words) - 1) != ",":
        return v
    return _verb_before_aside(words) or _verb_before_clause(tok, words)


def _verb_before_clause(tok: Tokens, words: Sequence[Word]) -> int | None:
    """``remarked to her niece as they walked home, “...”``: a speech verb right before a
    short clause opened by ``as``, ``while`` or ``when`` that ends at the introducing
    comma."""
    n = len(words)
    for s in range(n - 2, max(0, n - 14), -1):
        t = words[s].text
        if t in _CLAUSE_ENDS or t in _QUOTE_CHARS or t == ",":
            return None
        if t.lower() in _ASIDE_CLAUSES:
            v = _verb_near(tok, words[:s])
            if v is None:
                return None
            found = verb_at(words, v)
            return v if found is not None and found[1] == SPEECH else None
    return None


_VERB_REACH = 12
"""A speech verb stands among the ``_VERB_REACH - 1`` words before its quote, asides
included (``say with a cough, to the whole market, “...”``)."""


def _verb_near(tok: Tokens, words: Sequence[Word]) -> int | None:
    """`_verb_before` without asides."""
    n = len(words)
    introduced = n > 0 and words[-1].text in _INTRODUCERS
    for i in range(n - 1, max(-1, n - _VERB_REACH), -1):
        if verb_at(words, i) is not None and not _noun_infinitive(words, i):
            return None if _with_infinitive(words, i) else i
        w = words[i]
        low = w.text.lower()
        if (
            w.text in _INTRODUCERS
            or low in ADVERB_GAP
            or low in PREPOSITIONS
            or low in REFLEXIVES
            or low in DETERMINERS
            or low in POSSESSIVES
            or low in _DEMONSTRATIVES
            or _adverb(w)
        ):
            continue
        if low in OBJECT_WORDS or low in _EVERYONE or tok.is_name_word(w):
            after_verb = verb_at(words, i - 1)
            if after_verb is not None and after_verb[0] in CALLING and not introduced:
                return None  # called him “Boss”: a name given, not said
            if not introduced and after_verb is None:
                return None  # laughs after Michael “...”: not what Karen said
            continue
        opened = any(_low(words, k) in _GAP_OPENERS for k in range(i - 3, i))
        if not (_is_word(w) and w.text[0].islower() and opened):
            return None
    return None


_WANTING = word_set(
    "anxiety eagerness desire effort efforts attempt wish hope haste impatience readiness "
    "endeavour endeavor zeal"
)
"""Nouns of wanting whose infinitive (``her eagerness to cheer him``) is no speech verb."""


def _with_infinitive(words: Sequence[Word], i: int) -> bool:
    """``began to stare at us``: a verb at `i` that takes an infinitive, so says nothing
    itself (but ``said to him``, ``whispered to everyone`` speak to someone)."""
    nxt = _low(words, i + 2)
    return (
        _low(words, i + 1) == "to"
        and i + 2 < len(words)
        and words[i + 2].text.isalpha()
        and words[i + 2].text.islower()
        and nxt not in OBJECT_WORDS | DETERMINERS | REFLEXIVES | _EVERYONE
        and nxt not in word_set("all each both one none either neither this that these those")
    )


def _noun_infinitive(words: Sequence[Word], i: int) -> bool:
    """``in her eagerness to cheer him``: an infinitive completing a noun of wanting, which
    names no speech of its own."""
    return _low(words, i - 1) == "to" and _low(words, i - 2) in _WANTING


def _verb_before_aside(words: Sequence[Word]) -> int | None:
    """``said, as she stepped from the car, “...”``: a speech verb, then a comma, an aside
    of two to ten words and the comma introducing the quote. A participle must be a gerund
    with its owner (``by Ann’s saying``), not ``and saying`` or ``from saying``, whose
    subject is too far to tell."""
    n = len(words)
    for c in range(n - 2, max(0, n - 13), -1):
        t = words[c].text
        if t in _CLAUSE_ENDS or t in _QUOTE_CHARS:
            return None
        if t == ",":
            e = _addressed(words, c)  # said to Mrs. Pryce, whose ...,
            found = verb_at(words, e - 1)
            speaks = found is not None and found[1] == SPEECH and found[2] == e
            owned = e > 1 and _is_possessive(words[e - 2].text)
            if found is not None and found[0].endswith("ing") and not owned:
                return None
            return e - 1 if speaks and n - 1 - e > 2 else None
    return None


def _addressed(words: Sequence[Word], c: int) -> int:
    """Where ``to`` and a capitalised addressee start, when they come between a speech
    verb and the comma at `c` (``said to Mrs. Pryce,``); else `c`."""
    k = c - 1
    while k > c - 4 and words[k].text[:1].isupper():
        k -= 1
    if k == c - 1 or _low(words, k) != "to" or verb_at(words, k - 1) is None:
        return c
    return k


def _clause_start(words: Sequence[Word], v: int) -> int:
    """Index after the last clause break (``;``, ``:``, a dash) before ``words[v]``."""
    for i in range(v - 1, -1, -1):
        if words[i].text in _CLAUSE_ENDS:
            return i + 1
    return 0


def _subject_before(tok: Tokens, words: Sequence[Word], v: int) -> tuple[Expression, float] | None:
    """The subject of the finite verb ``words[v]``, and how sure that is.

    The noun phrase right before the verb, or before a parenthetical set off by commas
    (``Fanny, averting her face, said``), or before ``, who`` (``Isabella, who ... said``);
    failing those, the last subject of the clause, or the first of the sentence
    (``Mr. Bennet saw ...; and, taking her hand, said``). After ``whose`` and a noun other
    than a voice (``Ann, whose sister said``) the subject is not named.
    """
    j = _skip_back(words, v - 1, ADVERB_GAP | AUXILIARIES)
    joined = _joined_subject(tok, words, j)
    if joined is not None:
        return joined, 0.85
    whose = next((i for i in range(j - 1, j - 4, -1) if _low(words, i) == "whose"), None)
    if whose is not None and not _voice_before(words, whose + 1, v):
        return None
    if _low(words, j - 1) in _PERCEPTION:  # heard her answer
        heard = _perceived(tok, words, j)
        if heard is not None:
            return heard.expr, 0.85
    if _low(words, j) == "it":  # “...” it said
        return Expression(words[j].start, words[j].end, PRONOUN, "it"), 0.85
    if j >= 0 and _is_possessive(words[j].text):  # and then Ann’s (voice) answered
        owner = _possessor(tok, words, j)
        if owner is not None:
            return owner, 0.85
    for attempt in range(3):
        expr = np_backward(tok, words, j, lenient=attempt == 0)
        if expr is not None and (_governed(words, expr, j) or _thing_acted_on(words, expr, j)):
            expr = None  # with a sneer thus greeted her / having made his point continued
        aside = attempt > 0 and expr is not None and _after_preposition(words, expr, j)
        if expr is not None and not aside and (attempt == 0 or _subject_like(expr, words)):
            return expr, 0.9
        if _low(words, j) != "," and not aside:  # Ann, looking at Tom, said: not Tom
            break
        c = j - 1
        while c >= 0 and j - c <= 16 and words[c].text not in _CLAUSE_ENDS | {","}:
            c -= 1
        if c < 0 or words[c].text != ",":
            break
        j = _skip_back(words, c - 1, ADVERB_GAP | AUXILIARIES)
    relative = _relative_antecedent(tok, words, v) or _absolute_subject(tok, words, v)
    if relative is not None:
        return relative, 0.85
    clause = words[_clause_start(words, v) : v]
    last = last_subject(tok, clause, lenient=True)
    timed = _subordinate_subject(tok, words, v)
    if timed is not None and (last is None or last.start < timed.start):
        return timed, 0.8
    expr = (
        last
        or _time_clause_subject(tok, clause)
        or _earlier_clause_subject(tok, words, v)
        or first_subject(tok, words[:v], persons_only=True)
    )
    return (expr, 0.8) if expr is not None else None


def _later(first: Expression | None, second: Expression | None) -> Expression | None:
    """Whichever expression comes later in the text (either may be missing)."""
    if first is None or (second is not None and second.start > first.start):
        return second
    return first


_PAST_FORMS = word_set(
    """
    came went sat stood rose ran took made gave got saw knew felt held kept left met sent
    threw drew fell found heard laid led lay leant leaned brought caught struck shook tore
    bent broke hung slid spread swung wept woke read ate
    """
)
"""Common irregular past forms, which `_verb_like` does not see."""
_PARTICIPLES = word_set("borne given taken seen known shown done thrown drawn grown")
"""Irregular participles whose object follows them (``had given Tom a lift``)."""
_CONTENT_OPENERS = word_set("that what how why whether if where which whom")
"""Words opening a clause that is said, known or asked about (``answered that he was``)."""
_CONJUNCTIVE_PREPOSITIONS = word_set("before after")
"""Prepositions that also open a clause, so a person after them may be its subject when a
finite verb follows (``before Tom came in``)."""


def _doer(tok: Tokens, clause: Sequence[Word]) -> Expression | None:
    """The last person in `clause` right before a finite verb (``when Ann stopped her
    by exclaiming``: Ann), even inside a subordinate clause, which is who a participle at
    the clause's end belongs to."""
    found: Expression | None = None
    i = 0
    while i < len(clause):
        named = np_forward(tok, clause, i)
        if named is None:
            i += 1
            continue
        expr, j = named
        k = _skip(clause, j, ADVERB_GAP)
        before = _low(clause, i - 1)
        governed = (
            (before in PREPOSITIONS and before not in _CONJUNCTIVE_PREPOSITIONS)
            or before in _CONTENT_OPENERS
            or _object_of(clause, i - 1)
        )
        if (
            not governed
            and k < len(clause)
            and clause[k].text.islower()
            and (_verb_like(clause, k) or _low(clause, k) in _PAST_FORMS)
            and _subject_like(expr, clause)
        ):
            found = expr
        i = j
    return found


def _joined_subject(tok: Tokens, words: Sequence[Word], j: int) -> Expression | None:
    """``as the porter came back and said``: the person right before a finite verb joined
    to the speech verb by ``and`` at `j`, even inside a subordinate clause."""
    if _low(words, j) != "and":
        return None
    p = j - 1
    low = _low(words, p)
    if p < 1 or not words[p].text.islower() or not (low.endswith("ed") or low in _PAST_FORMS):
        return None
    if low in SPEECH_VERBS:
        return None  # “...,” she answered and said: left to the usual rules
    s = _skip_back(words, p - 1, ADVERB_GAP)
    expr = np_backward(tok, words, s)
    if expr is None or not _subject_like(expr, words) or _after_preposition(words, expr, s):
        return None
    return expr


def _earlier_clause_subject(tok: Tokens, words: Sequence[Word], v: int) -> Expression | None:
    """``but Ann refused; and then, standing, said``: with no subject in the verb's
    clause, the subject of the nearest clause before it that has one, rather than the
    sentence's first (``Tom urged her to stay; but Ann ...``)."""
    end = _clause_start(words, v) - 1
    while end > 0:
        start = _clause_start(words, end)
        expr = first_subject(tok, words[start:end], persons_only=True)
        if expr is not None:
            return expr
        end = start - 1
    return None


def _time_clause_subject(tok: Tokens, clause: Sequence[Word]) -> Expression | None:
    """``the hour struck, when Ann rose from her chair and said``: with no subject of
    its own, the clause of the verb is the time clause, and its subject the speaker."""
    for s in range(len(clause) - 1, -1, -1):
        if _low(clause, s) in _TIME_CLAUSES:
            found = np_forward(tok, clause, s + 1)
            if found is not None and _subject_like(found[0], clause):
                return found[0]
            return None
    return None


def _absolute_subject(tok: Tokens, words: Sequence[Word], v: int) -> Expression | None:
    """``when Mr. Hale joining in, observed``: the subject of the participle phrase set off
    by a comma right before the verb."""
    j = _skip_back(words, v - 1, ADVERB_GAP)
    if _low(words, j) != ",":
        return None
    c = j - 1
    while c >= 0 and j - c <= 12 and words[c].text not in _CLAUSE_ENDS | {","}:
        c -= 1
    i = c + 1
    while i < j and _low(words, i) in _SUBORDINATORS | _JOINING:
        i += 1
    found = np_forward(tok, words, i)
    if found is None or not _subject_like(found[0], words):
        return None
    k = _skip(words, found[1], ADVERB_GAP)
    return found[0] if _low(words, k).endswith("ing") else None


def lead_tag(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """A speech tag ending a paragraph that introduces the quote opening the next one, when
    a phrase follows its verb: ``Tom said in a low, tired voice``, ``Ann said, biting her
    lip``, ``Mr. Hale went on, with new energy``.

    The phrase after the verb must start with a comma, a preposition or an adverb, and hold
    no new clause (a subject pronoun, ``and`` with a finite verb) nor an object (``said
    nothing``).
    """
    end = len(words) - 1 if words and not _is_word(words[-1]) else len(words)
    for v in range(end - 1, max(-1, end - 16), -1):
        w = words[v]
        if w.text in _CLAUSE_ENDS or w.text in _QUOTE_CHARS or pronoun(w) is not None:
            return None
        found = verb_at(words, v)
        if found is None:
            continue
        if found[1] != SPEECH or _with_infinitive(words, v):
            return None
        if not _qualifier(words[found[2] : end]):
            return None
        return tag_before(tok, words[: found[2]])
    return None


def _qualifier(tail: Sequence[Word]) -> bool:
    """Whether the words after a speech verb only qualify it (see `lead_tag`), after an
    object pronoun (``answered them gravely``)."""
    if tail and tail[0].text in _ADDRESSED:
        tail = tail[1:]
    if not tail:
        return False
    first = tail[0].text.lower()
    if not (first in (",", "—", "–") or first in PREPOSITIONS or _skippable(tail[0], ADVERB_GAP)):
        return False
    if _low(tail, 1) in _OBJECTS_SAID:
        return False
    for i, w in enumerate(tail):
        low = w.text.lower()
        if low in _JOINING and _low(tail, i + 1).endswith("ed"):
            return False
    return True


def _thing_acted_on(words: Sequence[Word], expr: Expression, j: int) -> bool:
    """Whether `expr` ending at ``words[j]`` is a thing (no person) right after a
    lowercase verb-like word: its object, not a subject (``having made his point``)."""
    if expr.kind != NOMINAL or person_head(expr.head, words):
        return False
    i = j
    while i > 0 and words[i].start > expr.start:
        i -= 1
    before = words[i - 1].text if i > 0 else ""
    return before.isalpha() and before.islower() and before not in FUNCTION_WORDS


def _after_preposition(words: Sequence[Word], expr: Expression, j: int) -> bool:
    """Whether the expression `expr` ending at ``words[j]`` follows a preposition."""
    i = j
    while i > 0 and words[i].start > expr.start:
        i -= 1
    return _low(words, i - 1) in PREPOSITIONS


def _governed(words: Sequence[Word], expr: Expression, j: int) -> bool:
    """Whether the nominal `expr` ending at ``words[j]`` follows a preposition (``with a
    sneer``): the object of a phrase, not a subject."""
    return expr.kind == NOMINAL and _after_preposition(words, expr, j)


_RELATIVE_REACH = 24
"""A ``, who`` opening the clause of a speech verb stands among the ``_RELATIVE_REACH - 1``
words before the verb."""


def _relative_antecedent(tok: Tokens, words: Sequence[Word], v: int) -> Expression | None:
    """``Wren, who in a tone of weary patience said``: the phrase before ``, who``
    (or a possessive name right before ``who``: ``a whisper of Mrs Smith’s who ... said``),
    or before ``, whose voice`` right before the verb (``Ann, whose clear voice said``)."""
    for r in range(v - 1, max(1, v - _RELATIVE_REACH), -1):
        if words[r].text in _CLAUSE_ENDS:
            return None
        low = _low(words, r)
        if low == "who" and _is_possessive(words[r - 1].text):
            return _possessor(tok, words, r - 1)
        whose = low == "whose" and _voice_before(words, r + 1, v)
        if (low == "who" or whose) and words[r - 1].text == ",":
            expr = np_backward(tok, words, r - 2)
            return expr if expr is not None and _subject_like(expr, words) else None
    return None


def _gerund_owner(tok: Tokens, words: Sequence[Word], v: int) -> Expression | None:
    """``by his hastily advancing, and saying``: the possessor of a gerund joined to the
    gerund ``words[v]`` by ``and``."""
    x = _skip_back(words, v - 1, ADVERB_GAP | {",", "and"}, limit=4)
    if x == v - 1 or "and" not in {_low(words, i) for i in range(x + 1, v)}:
        return None
    if not _low(words, x).endswith("ing"):
        return None
    p = _skip_back(words, x - 1, ADVERB_GAP)
    low = _low(words, p)
    if low in _POSSESSIVE_PRONOUNS:
        return Expression(words[p].start, words[p].end, PRONOUN, _POSSESSIVE_PRONOUNS[low])
    return _possessor(tok, words, p) if p >= 0 and _is_possessive(words[p].text) else None


def _subordinate_subject(tok: Tokens, words: Sequence[Word], v: int) -> Expression | None:
    """``when Mrs. Hale, who had ..., and had ..., remarked``: the subject of a time clause
    set off by a comma right after it, when no other subject follows it (see
    `_subject_before`)."""
    for s in range(v - 1, max(-1, v - 40), -1):
        if words[s].text in _CLAUSE_ENDS:
            return None
        if _low(words, s) in _TIME_CLAUSES:
            found = np_forward(tok, words, s + 1)
            if (
                found is not None
                and _low(words, found[1]) == ","
                and _subject_like(found[0], words)
            ):
                return found[0]
    return None


def _voice_before(words: Sequence[Word], i: int, v: int) -> bool:
    """Whether ``words[i:v]`` is a voice noun after at most two lowercase words."""
    j = _skip_back(words, v - 1, ADVERB_GAP)
    return 0 <= j - i <= 2 and _low(words, j) in _VOICE_PARTS and words[i].text.islower()


def _possessor(tok: Tokens, words: Sequence[Word], j: int) -> Expression | None:
    """The name whose possessive form is ``words[j]`` (``Mrs Smith’s``), without the
    ``’s``."""
    if not tok.is_name_word(words[j]):
        return None
    i = j
    while i > 0 and j - i < 3 and tok.is_name_word(words[i - 1]):
        if _is_possessive(words[i - 1].text):
            break
        i -= 1
    bare = _strip_possessive(words[j].text)
    return Expression(words[i].start, words[j].start + len(bare), NAME, bare)


# --- Subjects and beats --------------------------------------------------------------------


def first_subject(
    tok: Tokens, words: Sequence[Word], *, persons_only: bool = False
) -> Expression | None:
    """The subject of a clause: its first speaker expression, skipping openers (``Then``,
    ``As he waves``) and prepositional phrases.

    The first noun-phrase-like word decides: an object pronoun, ``it``, a sentence-initial
    common noun (``Tears``) or, with `persons_only`, a nominal whose head is not a person
    (``The soft call``) ends the search without a subject.
    """
    i = 0
    n = min(len(words), 12)
    while i < n:
        w = words[i]
        low = w.text.lower()
        if not _is_word(w):
            if w.text in _TERMINAL or w.text == ";":
                return None
            i += 1
            continue
        p = pronoun(w)
        if p is not None:
            return p
        if low in _NON_SUBJECTS or (low in OBJECT_WORDS and low not in POSSESSIVES):
            return None
        if low in PREPOSITIONS:  # at an opening
            governed = np_forward(tok, words, i + 1)
            i = governed[1] if governed is not None else i + 1
            continue
        named = np_forward(tok, words, i)
        if named is not None:
            expr = named[0]
            return None if persons_only and not _subject_like(expr, words) else expr
        if low in POSSESSIVES or low in DETERMINERS:
            return None
        if w.text[0].isupper() and (
            not tok.sentence_initial(w)
            or (low not in _OPENERS_SKIPPED and low not in FUNCTION_WORDS and low[-3:] != "ing")
        ):
            return None  # a capitalised common noun: “Tears streamed...”
        i += 1
    return None


def _verb_like(words: Sequence[Word], i: int) -> bool:
    """Whether ``words[i]`` looks like a finite verb (``hesitated``, ``shrugs``)."""
    low = _low(words, i)
    return low.isalpha() and (low.endswith(("ed", "s")) or low in SPEECH_VERBS)


def last_subject(tok: Tokens, words: Sequence[Word], *, lenient: bool = False) -> Expression | None:
    """The last subject-like expression of a clause (``the porter climbed the stairs to
    the attic and said``): pronouns, names and person nominals that are not possessive and not right
    after a preposition or a subordinator (``what he was doing``). `lenient` accepts an
    unknown capitalised word at the sentence start as a name."""
    found: Expression | None = None
    governed_end = -1  # index after the last governed phrase
    i = 0
    while i < len(words):
        named = np_forward(tok, words, i, lenient=lenient and i == 0 and _verb_like(words, 1))
        if named is None:
            i += 1
            continue
        expr, j = named
        before = _low(words, i - 1)
        governed = (
            (before in PREPOSITIONS and not (before == "for" and i == 1))  # For Ann had...
            or before in _SUBORDINATORS
            or (before in _COMPLEMENT_VERBS and found is not None)  # Ann saw he was... and said
            or (_object_of(words, i - 1) and not _verb_follows(words, j))  # approached Tom
            or _first_object(words, i - 1, j)  # offered Tom a mug
            or (before == "that" and _reports(words, i - 2))  # answered that he was, adding
            or (before in ("and", "or") and governed_end == i - 1)  # where she and Ann sat
            or (before in ("and", "or") and _low(words, i - 2) in _OBJECT_PRONOUNS)  # her and Ann
        )
        if governed:
            governed_end = j
        if not governed and not _is_possessive(words[j - 1].text) and _subject_like(expr, words):
            found = expr
        i = j
    return found


def _first_object(words: Sequence[Word], v: int, j: int) -> bool:
    """Whether the phrase ``words[v + 1 : j]`` is the first of two objects of a lowercase
    verb at `v` that may also tag speech (``offered Tom a mug``, ``asked Ann the way``),
    which `_object_of` leaves alone because ``asked Tom`` may be an inverted tag."""
    low = _low(words, v)
    return (
        v >= 0
        and words[v].text.islower()
        and low in SPEECH_VERBS
        and _low(words, j) in DETERMINERS | POSSESSIVES
    )


def _verb_follows(words: Sequence[Word], j: int) -> bool:
    """Whether a finite verb or an auxiliary comes at `j` (after adverbs): the phrase
    before it is a subject (``when the music had stopped Tom had risen``)."""
    k = _skip(words, j, ADVERB_GAP)
    low = _low(words, k)
    if low in AUXILIARIES or low in _PAST_FORMS:
        return True
    return k < len(words) and words[k].text.islower() and low.endswith("ed")


def _reports(words: Sequence[Word], i: int) -> bool:
    """Whether ``words[i]`` (or the word before a comma there) is a speech or thought verb,
    whose ``that`` clause reports rather than acts."""
    if _low(words, i) == ",":
        i -= 1
    return i >= 0 and verb_at(words, i) is not None


def _object_of(words: Sequence[Word], i: int) -> bool:
    """Whether ``words[i]`` is a verb whose object the following phrase is: a lowercase
    past or present form (``approached``, ``kisses``), a participle opening a phrase
    (``, greeting``: not ``were rowing``, which may lack the comma before a subject),
    ``had`` or ``did``."""
    low = _low(words, i)
    if low in _HAVE:
        return True
    participle = (
        low.endswith("ing")
        and len(low) > 5
        and low not in _ING_NOUNS
        and _low(words, i - 1) not in _BE | AUXILIARIES
    )
    return (
        i >= 0
        and words[i].text.islower()
        and low not in FUNCTION_WORDS
        and low not in SPEECH_VERBS
        and (low.endswith(("ed", "es")) or participle or low in _PARTICIPLES)
    )


def spoken_beat(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """``Tom protested. “...”``: a sentence of only a subject and a past speech verb (with
    adverbs or ``again``) right before a quote in its paragraph says who speaks it."""
    if len(words) < 3 or words[-1].text != ".":
        return None
    end = _skip_back(words, len(words) - 2, _AFTER_VERB) + 1
    for v in (end - 1, end - 2):  # protested. / went on.
        found = verb_at(words, v) if v > 0 else None
        if found is not None and found[2] == end:
            break
    if found is None or found[2] != end or found[1] != SPEECH:
        return _qualified_beat(tok, words)
    if not is_past(found[0]):
        if _low(words, v - 1) != "to" or _low(words, v - 2) not in _HASTENED:
            return None
        v -= 2  # Ann hastened to explain.
    j = _skip_back(words, v - 1, ADVERB_GAP)
    expr = np_backward(tok, words, j, lenient=True)
    if expr is None or not _subject_like(expr, words) or not _opens_clause(words, expr):
        return None
    return Tag(expr, found[0], SPEECH, "name-verb-quote", 0.85)


def _opens_clause(words: Sequence[Word], expr: Expression) -> bool:
    """Whether `expr` opens the sentence `words` or its last clause after ``but`` or
    ``and`` (``The clerk nodded, but Ann interposed.``)."""
    if expr.start == words[0].start:
        return True
    i = next((k for k, w in enumerate(words) if w.start >= expr.start), len(words))
    joined = 0 < i < len(words) and _low(words, i - 1) in ("but", "and")
    return joined and all(w.text not in _CLAUSE_ENDS for w in words[i:-1])


_HASTENED = word_set("hastened ventured began proceeded hurried paused stopped turned")
"""Past verbs whose infinitive speech verb is spoken at once (``Ann hastened to explain``)."""


def _qualified_beat(tok: Tokens, words: Sequence[Word]) -> Tag | None:
    """``Tom went on with a bitter smile.``: a subject opening the sentence, a past speech
    verb and only a phrase qualifying it (see `lead_tag`)."""
    text = tok.text
    i = words[0].start - 1
    while i > 0 and text[i].isspace() and text[i - 1 : i + 1] != "\n\n":
        i -= 1
    if i >= 0 and text[i] in _QUOTE_CHARS:
        return None  # “...,” she said, smiling. “...”: the tag of the quote before
    tag = lead_tag(tok, words)
    if tag is None or tag.score < 0.8 or not is_past(tag.verb):
        return None
    return tag if _subject_like(tag.expr, words) and _opens_clause(words, tag.expr) else None


def beat(tok: Tokens, words: Sequence[Word], pattern: str, score: float) -> Tag | None:
    """The subject of an action beat sentence (``He shrugs, ...``) as a tag without a verb:
    of its main clause when it opens with a subordinate one (``While he shaved Ann hummed``)."""
    expr = _main_subject(tok, words) or first_subject(tok, words, persons_only=True)
    return Tag(expr, None, None, pattern, score) if expr is not None else None


_LEADING_CLAUSES = word_set("while whilst when as after before though although once since")


def _main_subject(tok: Tokens, words: Sequence[Word]) -> Expression | None:
    """The subject after a leading subordinate clause: after its comma (``When he came in,
    Ann rose``) or, with no comma, the person before the second finite verb (``While he
    shaved Ann hummed``)."""
    if _low(words, 0) not in _LEADING_CLAUSES:
        return None
    comma = next((i for i, w in enumerate(words) if w.text in _CLAUSE_ENDS | {","}), None)
    if comma is not None:
        if words[comma].text != ",":
            return None
        return first_subject(tok, words[comma + 1 :], persons_only=True)
    opening = np_forward(tok, words, 1)
    if opening is None:
        return None
    return _doer(tok, words[opening[1] :])


def shared_speaker(tags: Iterable[Tag]) -> Tag | None:
    """The first of `tags` when they all name the same speaker (by head word), else None."""
    heads: set[str] = set()
    first: Tag | None = None
    for tag in tags:
        heads.add(tag.expr.head.lower())
        first = first or tag
    return first if len(heads) == 1 else None


# --- Vocatives -----------------------------------------------------------------------------

_VOCATIVE_LEAD = word_set(
    """
    hey hi hello thanks thank bye goodbye goodnight morning night oh ah yes no yeah nope
    okay ok sorry please well look listen wait come who what where why how right huh dear
    my evening afternoon congratulations welcome
    """
)
"""Words that can come right before a vocative name without a comma (``Hey Pam``)."""
_VOCATIVE_AFTER = word_set(
    "what why how where who when please i you we listen look wait come don’t don't"
)
"""Words after a quote-initial name that make it an address (``Jim what are you-``)."""
_EXCLAMATIONS = word_set("lord heaven heavens jesus christ goodness gracious")
_VOCATIVE_END = frozenset(",.!?…;:—–-")
_QUOTE_EDGE = "“”\"‘’' \t\n"
_NAME_CANDIDATE = re.compile(r"(?<![^\W_])[A-ZÀ-ÖØ-Þ][^\W\d_]+")
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")


def vocatives(tok: Tokens, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Spans of names addressed inside the quote ``[start, end)`` (``Hey, Pam``,
    ``Thanks, Pam.``, ``Jim?``).

    A name is a vocative when it stands between a clause edge (the quote's start, a comma,
    a sentence end or a greeting word) and punctuation or the quote's end. Only capitalised
    words the work uses as names (and titles) are looked at, so most quotes cost one scan.
    """
    text = tok.text
    found: list[tuple[int, int]] = []
    seen = start
    for m in _NAME_CANDIDATE.finditer(text, start, end):
        word = m.group()
        if m.start() < seen or word.lower() in _EXCLAMATIONS:
            continue
        if word not in tok.names and word.lower() not in TITLES:
            continue
        words = tok.words(m.start(), end, 7)  # a name of up to six words, then one more
        named = name_forward(tok, words, 0) if words else None
        if named is None:
            continue
        expr, j = named
        seen = words[j - 1].end  # Darcy in Mr. Darcy is not looked at again
        if _is_possessive(words[j - 1].text) or all(_low(words, k) in TITLES for k in range(j)):
            continue  # Darcy's; a bare Madame
        initial = m.start() - start <= 4 and not text[start : m.start()].strip(_QUOTE_EDGE)
        if (initial or _after_clause_edge(text, start, m.start())) and (
            j == len(words)
            or words[j].text[0] in _VOCATIVE_END
            or (initial and _low(words, j) in _VOCATIVE_AFTER)
        ):
            found.append((expr.start, expr.end))
    return tuple(found)


def _after_clause_edge(text: str, start: int, at: int) -> bool:
    """Whether the name at `at` follows a comma, a sentence end or a greeting word."""
    p = at - 1
    while p > start and text[p].isspace():
        p -= 1
    if text[p] in ",(—–" or text[p] in _TERMINAL:
        return True
    lead = _LAST_WORD.search(text, max(start, p - 20), p + 1)
    return lead is not None and lead.group(1).lower() in _VOCATIVE_LEAD
