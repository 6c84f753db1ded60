"""Beta-reader checks: tense shifts, dialogue tags and punctuation, confused words, repetition.

Precision comes first: a writer stops reading a checker that cries wolf, so every rule
looks only where the problem is unambiguous and lets doubtful cases pass. Each rule is
one function from a `Context` (the document and what the rules share) to findings, and
has a name to switch it off by (``--disable tag-case``); a group prefix (``confusable``)
or a contract type (``dialogue_punctuation``) selects several at once.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from types import MappingProxyType
from typing import Any

from ficlens.document import Document, Layer, Span
from ficlens.layers import PARAGRAPHS, QUOTES, SCENES, SENTENCES, TENSE, TOKENS, WRITING
from ficlens.narrative.person import Narration
from ficlens.narrative.tense import (
    ADJ,
    ADV,
    NOUN,
    PAST,
    PRESENT,
    VBD,
    VBG,
    VBP,
    VBZ,
    VERB,
    SceneTense,
    inflect,
    scene_tenses,
    tense_stage,
    verb_forms,
    word_bits,
)
from ficlens.pipeline import stage
from ficlens.writing import confusables

TENSE_SHIFT = "tense_shift"
DIALOGUE_TAG_CASE = "dialogue_tag_case"
DIALOGUE_PUNCTUATION = "dialogue_punctuation"
REPETITION = "repetition"
OTHER = "other"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where it is, its contract type, the rule that found it, what to do."""

    start: int
    end: int
    type: str
    rule: str
    message: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``writing`` item (plus the rule name)."""
        return {
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "rule": self.rule,
            "message": self.message,
            "suggestion": self.suggestion,
        }


class Context:
    """A document prepared for the rules, with the parts they share computed once."""

    def __init__(self, doc: Document) -> None:
        if not doc.has(TENSE):
            doc = tense_stage(doc)
        self.doc = doc
        self.text = doc.text
        self.narration = Narration(doc)

    @cached_property
    def quotes(self) -> list[Span]:
        """Top-level quotations closed by a mark (not nested, dash or open-ended ones)."""
        return [
            q
            for q in self.doc.layer(QUOTES)
            if q.label in ("double", "single") and not q.attrs.get("open_end")
        ]

    @cached_property
    def scene_tenses(self) -> list[SceneTense]:
        """Narration tense of each scene."""
        return scene_tenses(self.doc)

    def paragraph(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the body paragraph holding `offset`."""
        i = bisect.bisect_right(self.narration.paragraph_starts, offset) - 1
        return self.narration.paragraphs[i] if i >= 0 else (offset, offset)


RuleFunc = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named check: its contract type, whether it runs by default, and what it looks for.

    Confused-word rules have no `func` of their own: they run together in one pass
    (`confusable_words`), since they share the scan for their trigger words.
    """

    name: str
    type: str
    summary: str
    func: RuleFunc | None
    default: bool = True


# --- Tense ------------------------------------------------------------------------------------

_MIN_SCENE_VERBS = 6
_CLEAR_SHARE = 0.65
_OPENING_VERBS = 3


def _scene_tense(scene: SceneTense, paragraphs: Sequence[Span]) -> str | None:
    """The tense a scene is told in: its clear majority, or else the tense it opens in."""
    if scene.dominant is None or scene.past + scene.present < _MIN_SCENE_VERBS:
        return None
    if scene.confidence >= _CLEAR_SHARE:
        return scene.dominant
    for p in paragraphs:
        past, present = p.attrs["past"], p.attrs["present"]
        if past + present >= _OPENING_VERBS and past != present:
            return PAST if past > present else PRESENT
    return scene.dominant


_PAST_FORMS = {
    "is": "was",
    "are": "were",
    "am": "was",
    "has": "had",
    "have": "had",
    "does": "did",
    "do": "did",
    "isn't": "wasn't",
    "aren't": "weren't",
    "hasn't": "hadn't",
    "haven't": "hadn't",
    "doesn't": "didn't",
    "don't": "didn't",
    "can": "could",
    "can't": "couldn't",
    "will": "would",
    "won't": "wouldn't",
    "may": "might",
}
_PRESENT_FORMS = {
    "was": "is",
    "were": "are",
    "had": "has",
    "did": "does",
    "wasn't": "isn't",
    "weren't": "aren't",
    "hadn't": "hasn't",
    "didn't": "doesn't",
}


def _retensed(word: str, tense: str, plural: bool) -> str | None:
    """`word` (a finite verb) in `tense`, keeping a capital; None when unsure.

    `plural`: the subject takes a bare present ("I", "you", "they": "answered" gives
    "answer", and "was" gives "am").
    """
    low = word.lower().replace("’", "'")
    table = _PAST_FORMS if tense == PAST else _PRESENT_FORMS
    fixed = table.get(low)
    if plural and tense == PRESENT:
        fixed = {"was": "am", "had": "have", "did": "do", "didn't": "don't"}.get(low, fixed)
        if fixed is None and "'" not in low:
            fixed = inflect(low, "VBP")
    if fixed is None and "'" not in low:
        fixed = inflect(low, "VBD" if tense == PAST else "VBZ")
    if fixed is None:
        return None
    fixed = fixed.replace("'", "’") if "’" in word else fixed
    return fixed[:1].upper() + fixed[1:] if word[:1].isupper() else fixed


def tense_shift(ctx: Context) -> Iterator[Finding]:
    """Paragraphs whose narration leaves the tense its scene is told in.

    Only verbs with a person as subject count ("she", "Theo"): generic statements
    ("there is a time for everything", "it never makes anyone happy") are not a shift.
    In a scene told in the past, one present-tense verb in a main clause ("He turns") or
    two in subordinate ones is a shift. In a scene told in the present, past tense is normal for
    earlier events ("since she met him"), so a paragraph is flagged only when it is at
    least half past with a past main clause, and never inside a flashback.
    """
    tense = ctx.doc.layer(TENSE)
    starts = tense.starts
    for scene in ctx.scene_tenses:
        lo = bisect.bisect_left(starts, scene.start)
        hi = bisect.bisect_left(starts, scene.end, lo)
        paragraphs = tense[lo:hi]
        told = _scene_tense(scene, paragraphs)
        if told is None:
            continue
        other = PRESENT if told == PAST else PAST
        for p in paragraphs:
            if p.attrs["flashback"]:
                continue
            told_verbs = [v for v in p.attrs["verbs"] if v.personal and not v.commentary]
            off = [v for v in told_verbs if v.tense == other]
            if not off:
                continue
            if told == PAST:
                shifted = sum(2 if v.main else 1 for v in off) >= 2
            else:
                shifted = (
                    len(off) >= 2 and 2 * len(off) >= len(told_verbs) and any(v.main for v in off)
                )
            if not shifted:
                continue
            word = ctx.text[off[0].start : off[0].end]
            yield Finding(
                off[0].start,
                off[0].end,
                TENSE_SHIFT,
                "tense-shift",
                f"Tense shift: “{word}” is {other} tense, but this scene is told in the "
                f"{told} tense ({len(off)} {other}-tense verb{'s' if len(off) > 1 else ''} "
                "in this paragraph).",
                _retensed(word, told, off[0].plural),
            )


# --- Dialogue -----------------------------------------------------------------------------------

_SPEECH_LEMMAS = (
    "say", "ask", "reply", "respond", "whisper", "murmur", "mutter", "mumble", "shout", "yell",
    "scream", "exclaim", "declare", "announce", "insist", "explain", "remark", "retort",
    "admit", "agree", "suggest", "demand", "inquire", "enquire", "stammer", "stutter", "drawl",
    "quip", "tease", "interrupt", "protest", "plead", "beg", "warn", "repeat", "add", "state",
)  # fmt: skip
_ACTION_LEMMAS = (
    "smile", "grin", "nod", "shrug", "frown", "smirk", "wink", "beam", "blink", "pout", "scowl",
    "glare", "stare", "glance", "look", "turn", "walk", "step", "lean", "shake", "roll", "wave",
    "reach", "pull", "push", "hug", "kiss", "raise", "cross",
)  # fmt: skip
_NAME_STOP = frozenset({
    "The", "A", "An", "And", "But", "Or", "So", "Then", "When", "While", "As", "If", "Because",
    "Though", "After", "Before", "Until", "Since", "Where", "Why", "How", "What", "Who",
    "Which", "That", "This", "These", "Those", "There", "Here", "It", "Its", "Maybe", "Perhaps",
    "Still", "Just", "Only", "Even", "Never", "Always", "Once", "Also", "Instead", "Now",
    "Today", "Tonight", "Yes", "No", "Oh", "Well", "Okay", "Her", "His", "Their", "My", "Our",
    "Your", "Nothing", "Everything", "Someone", "Something", "Everyone", "Nobody",
})  # fmt: skip


@cache
def speech_verbs() -> frozenset[str]:
    """Forms of verbs that introduce speech ("said", "whispers", "asked")."""
    return verb_forms(_SPEECH_LEMMAS)


@cache
def action_verbs() -> frozenset[str]:
    """Forms of verbs of silent action, which make a beat, never a tag ("smiled", "nods")."""
    return verb_forms(_ACTION_LEMMAS)


_AFTER_QUOTE = re.compile(
    r"""[ \t]+
    (?P<who>(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ww]e|[Yy]ou|I)
      |(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'-]*)?))
    (?P<adverb>(?:\s+[a-z]+ly)?)
    \s+(?P<verb>[a-z]+)\b
    (?=(?P<rest>[\s\S]{0,40}))""",
    re.VERBOSE,
)
# What may follow the verb of a speech tag: the end of the clause, "it" ("He says it with a
# smile"), a preposition or adverb, or an object pronoun then one of those. "She said
# nothing", "asked if", "answered the phone" are narration, not tags.
_TAG_GOES_ON = re.compile(
    r"""\s*(?:[,.;:!?…—–-]|$
      |(?:it|as|while|with|to|before|after|and|but|when|again|back|aloud|out|up|under
        |through|into|from|in|at|over|without|because|since|though|[a-z]+ly)\b
      |(?:him|her|them|me|us|you)(?:\s*[,.;:!?…—–]|\s+(?:as|while|with|before|and
        |again|[a-z]+ly)\b))""",
    re.VERBOSE,
)
_BEAT_BEFORE = re.compile(
    r"""(?P<who>[Hh]e|[Ss]he|[Tt]hey|I|[A-Z][\w’'-]+)
    (?:\s+[a-z]+ly)?\s+(?P<verb>[a-z]+)
    (?P<rest>(?:\s+(?:[a-z]+ly|at|to|up|down|back|over|her|his|him|them|me|head|eyes
      |shoulders|softly|slightly|again)){0,3})
    (?P<comma>,)[ \t]*[“"‘]""",
    re.VERBOSE,
)
_SENTENCE_STOPS = frozenset(".!?…")
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class _Tag:
    """What follows a closed quotation: who, the verb, and the quote's last character."""

    quote: Span
    last: str
    match: re.Match[str]

    @property
    def pronoun(self) -> str | None:
        return self.match.group("pronoun")

    @property
    def verb(self) -> str:
        return self.match.group("verb")

    @property
    def goes_on_as_tag(self) -> bool:
        return _TAG_GOES_ON.match(self.match.group("rest")) is not None


def _opens_sentence(text: str, paragraph_start: int, offset: int) -> bool:
    """Whether the quotation at `offset` starts a sentence (not "she said “Yes” and left")."""
    k = offset - 1
    while k >= paragraph_start and text[k] in " \t\n\r":
        k -= 1
    return k < paragraph_start or text[k] in _SENTENCE_STOPS or text[k] in '”"’)—*_'


def _tags(ctx: Context) -> Iterator[_Tag]:
    """Each closed quotation opening a sentence, with the words right after it."""
    text = ctx.text
    for q in ctx.quotes:
        ps, pe = ctx.paragraph(q.start)
        if q.end - q.start < 3 or not _opens_sentence(text, ps, q.start):
            continue
        m = _AFTER_QUOTE.match(text, q.end, pe)
        if m is None:
            continue
        if m.group("name") and m.group("name").split()[0] in _NAME_STOP:
            continue
        last = text[q.end - 2]
        if last == "…" or text.startswith("..", q.end - 3):
            last = ELLIPSIS  # “I was just...” he said: a trailing-off, correctly lower case
        yield _Tag(q, last, m)


_INTRODUCES_NEXT = re.compile(r"[^.!?“\"‘]{0,40}?[,:][ \t]*(?:--|—)?\s*[“\"‘][A-Z]")


def _is_tag(tag: _Tag) -> bool:
    """A speech verb tagging the dialogue before it ("she said softly").

    Not an action ("said nothing", "answered the phone"), and not a tag introducing the
    next line of dialogue (“Never.” She added, “Not even once.”), which is a sentence of
    its own.
    """
    if tag.verb not in speech_verbs() or not tag.goes_on_as_tag:
        return False
    return _INTRODUCES_NEXT.match(tag.match.group("rest")) is None


def dialogue_tag_case(ctx: Context) -> Iterator[Finding]:
    """A capitalised pronoun starting a speech tag: “Thanks.” He says → “Thanks,” he says."""
    text = ctx.text
    for tag in _tags(ctx):
        pronoun = tag.pronoun
        if not pronoun or pronoun == "I" or not pronoun[0].isupper() or not _is_tag(tag):
            continue
        if tag.last not in ".,?!…":
            continue
        mark = "," if tag.last == "." else text[tag.quote.end - 2]
        close = text[tag.quote.end - 1]
        start = tag.quote.end - 2
        end = tag.match.end("pronoun")
        fixed = f"{mark}{close} {pronoun.lower()}"
        why = (
            "a speech tag continues the sentence of the dialogue, so the dialogue ends with "
            "a comma and the tag starts in lower case"
            if tag.last == "."
            else "a speech tag continues the sentence, so it starts in lower case even after "
            f"“{tag.last}”"
        )
        yield Finding(
            start,
            end,
            DIALOGUE_TAG_CASE,
            "tag-case",
            f"Capitalised dialogue tag “{pronoun} {tag.verb}”: {why}.",
            fixed,
        )


def tag_punctuation(ctx: Context) -> Iterator[Finding]:
    """A full stop, or nothing, where a comma belongs before a speech tag.

    “I'm fine.” she said → “I'm fine,” she said; “Hi” he says → “Hi,” he says. A
    capitalised pronoun after a full stop is left to `dialogue_tag_case`.
    """
    text = ctx.text
    for tag in _tags(ctx):
        pronoun = tag.pronoun
        if pronoun and pronoun != "I" and pronoun[0].isupper():
            continue
        if not _is_tag(tag):
            continue
        close = text[tag.quote.end - 1]
        who = tag.match.group("who")
        if tag.last == ".":
            start, end = tag.quote.end - 2, tag.quote.end
            fixed = f",{close}"
            message = (
                f"Full stop before the speech tag “{who} {tag.verb}”: dialogue followed by a "
                "tag ends with a comma inside the quotation marks."
            )
        elif tag.last.isalnum():
            start, end = tag.quote.end - 2, tag.quote.end
            fixed = f"{tag.last},{close}"
            message = (
                f"Missing comma before the speech tag “{who} {tag.verb}”: dialogue followed "
                "by a tag ends with a comma inside the quotation marks."
            )
        else:
            continue
        yield Finding(start, end, DIALOGUE_PUNCTUATION, "tag-punctuation", message, fixed)


def beat_punctuation(ctx: Context) -> Iterator[Finding]:
    """An action beat punctuated as a speech tag, before or after the dialogue.

    “Hi,” she smiled. → “Hi.” She smiled. (nobody smiles words), and He nodded, “I
    know.” → He nodded. “I know.”
    """
    text = ctx.text
    actions = action_verbs()
    after_dialogue: set[int] = set()
    for tag in _tags(ctx):
        if tag.last != "," or tag.verb not in actions:
            continue
        who = tag.match.group("who")
        pronoun = tag.pronoun
        fixed_who = pronoun[0].upper() + pronoun[1:] if pronoun else who
        close = text[tag.quote.end - 1]
        after_dialogue.add(tag.match.start("who"))
        yield Finding(
            tag.quote.end - 2,
            tag.match.end("who"),
            DIALOGUE_PUNCTUATION,
            "beat-punctuation",
            f"“{who} {tag.verb}” is an action, not a way of speaking: end the dialogue with a "
            "full stop and start the action as its own sentence.",
            f".{close} {fixed_who}",
        )
    for ps, pe in ctx.narration.paragraphs:
        for m in _BEAT_BEFORE.finditer(text, ps, pe):
            if m.group("verb") not in actions or not _opens_sentence(text, ps, m.start()):
                continue
            if m.start() in after_dialogue:  # “No,” he smiled, “not yet.”: reported above
                continue
            if m.group("who") in _NAME_STOP or ctx.narration.in_quote(m.start()):
                continue
            yield Finding(
                m.start("comma"),
                m.end("comma"),
                DIALOGUE_PUNCTUATION,
                "beat-punctuation",
                f"“{m.group('who')} {m.group('verb')}” is an action, not a speech tag: end it "
                "with a full stop before the dialogue.",
                ".",
            )


def beat_case(ctx: Context) -> Iterator[Finding]:
    """A lower-case action beat after a full stop: “Thanks.” he smiled. → “Thanks.” He smiled."""
    actions = action_verbs()
    for tag in _tags(ctx):
        pronoun = tag.pronoun
        if tag.last != "." or not pronoun or pronoun[0].isupper() or tag.verb not in actions:
            continue
        yield Finding(
            tag.match.start("pronoun"),
            tag.match.end("pronoun"),
            DIALOGUE_TAG_CASE,
            "beat-case",
            f"“{pronoun} {tag.verb}” after the full stop is a new sentence (an action, not a "
            "speech tag), so it starts with a capital.",
            pronoun[0].upper() + pronoun[1:],
        )


# --- Confusable words ---------------------------------------------------------------------------


@cache
def _matcher(names: tuple[str, ...]) -> confusables.Matcher:
    by_name = {r.name: r for r in confusables.all_rules()}
    return confusables.Matcher(by_name[n] for n in names)


def confusable_words(ctx: Context, names: Sequence[str]) -> Iterator[Finding]:
    """Confused words: the confusable, spelling and grammar rules called `names`, in one pass."""
    if not names:
        return
    text = ctx.text
    matcher = _matcher(tuple(sorted(names)))
    for ps, pe in ctx.narration.paragraphs:
        for c in matcher.find(text, ps, pe):
            rule = c.rule
            if rule.narration_only and ctx.narration.in_quote(c.start):
                continue
            yield Finding(
                c.start,
                c.end,
                rule.type,
                rule.name,
                f"“{text[c.start : c.end]}”: {rule.reason}",
                c.suggestion,
            )


# --- Grammar --------------------------------------------------------------------------------

_AGREEMENT = re.compile(
    r"""(?:(?<=^)|(?<=[.!?,;:—–“"]\s)|(?<=\band\s)|(?<=\bbut\s)|(?<=\bso\s)|(?<=\bthen\s))
    (?:[Hh]e|[Ss]he|[Ii]t)[ \t]+(?P<first>[a-z]+)
    (?:[ \t]+(?:there|here|up|down|back|out|around|away|over|off|again))*
    [ \t]+and[ \t]+(?P<second>[a-z]+)(?![\w’'-])""",
    re.VERBOSE,
)
_AUXILIARIES = frozenset({"is", "was", "has", "had", "does", "did"})
_MODALS = frozenset({"will", "can", "shall", "may", "must", "do", "have", "need", "dare"})


def agreement(ctx: Context) -> Iterator[Finding]:
    """A verb joined by "and" to a present verb but left bare: "She sits there and wonder".

    Only when the subject opens a clause and nothing but "there"/"up"/"back"-like words
    stands between the two verbs, so "she decides to stay and wait" (an infinitive) and
    "every word she says and weighs" (a relative clause) are left alone.
    """
    text = ctx.text
    for ps, pe in ctx.narration.paragraphs:
        for m in _AGREEMENT.finditer(text, ps, pe):
            first, second = m.group("first"), m.group("second")
            fb, sb = word_bits(first), word_bits(second)
            if first in _AUXILIARIES or not fb & VBZ:
                continue
            if not sb & VBP or sb & (VBZ | VBD | VBG | ADV) or second in _MODALS:
                continue
            if ctx.narration.in_quote(m.start()):
                continue
            yield Finding(
                m.start("second"),
                m.end("second"),
                OTHER,
                "grammar.agreement",
                f"“{second}” is joined to “{first}” by “and”, so it needs the same form.",
                inflect(second, "VBZ"),
            )


# --- Repetition ---------------------------------------------------------------------------------

_DOUBLED = frozenset({
    "the", "a", "an", "my", "your", "our", "their", "its", "of", "with", "from", "into",
    "than", "and", "to",
})  # fmt: skip
"""Words that never stand twice in a row: "that that", "had had", "for for years", "it it
was" can all be grammar, but not "the the"."""
_EMPHATIC = frozenset({
    "very", "really", "so", "no", "yes", "yeah", "okay", "ok", "oh", "ha", "ah", "hey", "bye",
    "knock", "far", "long", "come", "go", "run", "please", "now", "there", "well", "wait",
    "stop", "never", "more",
})  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_ECHO_WINDOW = 25
_ECHO_MIN_LENGTH = 7
_ECHO_MAX_COUNT = 3
_ECHO_STEM = 6  # "lantern" and "lanterns" share a stem when rarity is counted


def doubled_word(ctx: Context) -> Iterator[Finding]:
    """The same word twice in a row ("the the"), except where that is grammar ("had had")."""
    text = ctx.text
    for ps, pe in ctx.narration.paragraphs:
        prev: re.Match[str] | None = None
        for m in _WORD.finditer(text, ps, pe):
            if prev is not None and m.group().lower() == prev.group().lower():
                between = text[prev.end() : m.start()]
                if between.strip() == "" and _flag_double(ctx, prev.group(), m.group(), m.start()):
                    yield Finding(
                        prev.start(),
                        m.end(),
                        REPETITION,
                        "doubled-word",
                        f"“{prev.group()} {m.group()}”: the word is doubled.",
                        prev.group(),
                    )
            prev = m


def _flag_double(ctx: Context, first: str, second: str, offset: int) -> bool:
    """Function words that never double anywhere; nouns and verbs doubled in the narration.

    Adjectives and adverbs are left alone ("poor poor fellow", "indeed indeed" are
    emphasis), and so are names ("Sing Sing").
    """
    word = second.lower()
    if word in _DOUBLED:
        return True
    if word in _EMPHATIC or second[:1].isupper() or ctx.narration.in_quote(offset):
        return False
    bits = word_bits(word)
    return bool(bits & (NOUN | VERB)) and not bits & (ADJ | ADV) and len(word) > 3


def echo(ctx: Context) -> Iterator[Finding]:
    """An uncommon word used twice within a few words ("echo"), unless it is deliberate.

    Uncommon means long and rare in this work (so not a name, a theme word or "thought");
    a repeated phrase ("a quiet lighthouse. A quiet lighthouse, and nothing else") is a
    deliberate echo and is left alone. Off by default: without word frequencies for
    English at large, "messages ... messages" looks as rare as a real echo.
    """
    text = ctx.text
    narration = ctx.narration
    words: list[tuple[int, int, str]] = []
    for ps, pe in narration.paragraphs:
        for s, e in narration.ranges(ps, pe):
            words.extend((m.start(), m.end(), m.group()) for m in _WORD.finditer(text, s, e))
        words.append((pe, pe, ""))  # a paragraph end breaks the window
    counts = Counter(w[:_ECHO_STEM].lower() for _, _, w in words if len(w) >= _ECHO_MIN_LENGTH)
    last: dict[str, int] = {}
    for i, (start, end, word) in enumerate(words):
        if not word:
            last.clear()
            continue
        low = word.lower()
        if (
            len(low) < _ECHO_MIN_LENGTH
            or not word.islower()
            or counts[low[:_ECHO_STEM]] > _ECHO_MAX_COUNT
        ):
            continue
        j = last.get(low)
        last[low] = i
        if j is None or i - j > _ECHO_WINDOW or _same_neighbour(words, j, i):
            continue
        yield Finding(
            start,
            end,
            REPETITION,
            "echo",
            f"“{word}” is repeated within {i - j} words; an echo like this draws the eye — "
            "vary or cut one of them.",
            None,
        )


def _same_neighbour(words: Sequence[tuple[int, int, str]], j: int, i: int) -> bool:
    """Whether the content words before or after two occurrences match (a repeated phrase)."""
    for d in (-1, 1):
        a, b = j + d, i + d
        if 0 <= a < len(words) and 0 <= b < len(words):
            wa, wb = words[a][2].lower(), words[b][2].lower()
            if len(wa) > 3 and wa == wb:  # "a quiet lighthouse. A quiet lighthouse"
                return True
    return False


# --- Registry -----------------------------------------------------------------------------------


@cache
def rules() -> Mapping[str, Rule]:
    """Every rule by name, in reporting order."""
    # Imported here: pov_slip builds on this module's Finding and Context.
    from ficlens.writing.pov_slip import POV_SLIP, RULE, SUMMARY, pov_slip_rule  # noqa: PLC0415

    found = [
        Rule(
            "tense-shift",
            TENSE_SHIFT,
            "narration slips out of the tense its scene is told in",
            tense_shift,
        ),
        Rule(
            "tag-case",
            DIALOGUE_TAG_CASE,
            "capitalised speech tag after dialogue (“Thanks.” He says)",
            dialogue_tag_case,
        ),
        Rule(
            "beat-case",
            DIALOGUE_TAG_CASE,
            "lower-case action beat after a full stop (“Thanks.” he smiled)",
            beat_case,
        ),
        Rule(
            "tag-punctuation",
            DIALOGUE_PUNCTUATION,
            "full stop or no comma before a speech tag (“Fine.” she said)",
            tag_punctuation,
        ),
        Rule(
            "beat-punctuation",
            DIALOGUE_PUNCTUATION,
            "action beat punctuated as a speech tag (“Hi,” she smiled)",
            beat_punctuation,
        ),
        Rule("doubled-word", REPETITION, "the same word twice in a row", doubled_word),
        Rule(
            "grammar.agreement",
            OTHER,
            "a second verb that lost its ending (“She steps back and wait”)",
            agreement,
        ),
        Rule("echo", REPETITION, "an uncommon word repeated within a few words", echo, False),
        Rule(RULE, POV_SLIP, SUMMARY, pov_slip_rule),
    ]
    for c in confusables.all_rules():
        found.append(Rule(c.name, c.type, c.reason, None, c.name not in confusables.DEFAULT_OFF))
    return MappingProxyType({r.name: r for r in found})


def selects(selector: str, rule: Rule) -> bool:
    """Whether `selector` names `rule`: its name, its group ("confusable") or its type."""
    return selector in (rule.name, rule.type) or rule.name.startswith(selector + ".")


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    """The selectors that name no rule."""
    known = rules().values()
    return [s for s in selectors if not any(selects(s, r) for r in known)]


def active_rules(disable: Iterable[str] = (), enable: Iterable[str] = ()) -> list[Rule]:
    """Default rules, minus those `disable` selects, plus those `enable` selects."""
    off = list(disable)
    on = list(enable)
    return [
        r
        for r in rules().values()
        if any(selects(s, r) for s in on) or (r.default and not any(selects(s, r) for s in off))
    ]


def check(
    doc: Document, *, disable: Iterable[str] = (), enable: Iterable[str] = ()
) -> list[Finding]:
    """All findings of the active rules in `doc`, in text order.

    `doc` needs the structure layers (paragraphs, sentences, tokens, quotes, scenes); the
    ``tense`` layer is computed if it is missing.
    """
    ctx = Context(doc)
    active = active_rules(disable, enable)
    found = [f for rule in active if rule.func is not None for f in rule.func(ctx)]
    found.extend(confusable_words(ctx, [r.name for r in active if r.func is None]))
    return sorted(found, key=lambda f: (f.start, f.end, f.rule))


@stage(requires=[PARAGRAPHS, SENTENCES, TOKENS, QUOTES, SCENES, TENSE], provides=[WRITING])
def writing_stage(doc: Document) -> list[Layer]:
    """One span per finding of the default rules: label = type, attrs rule/message/suggestion."""
    spans = [
        Span(
            f.start,
            f.end,
            f.type,
            MappingProxyType({"rule": f.rule, "message": f.message, "suggestion": f.suggestion}),
        )
        for f in check(doc)
    ]
    return [Layer(WRITING, spans)]
