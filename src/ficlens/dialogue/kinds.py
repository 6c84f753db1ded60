"""What a quotation is: speech, a quoted thought, written text, or a scare quote or title.

Ordered rules over a few features decide, each decision with a score and a reason (rule
5's modifier slot comes first):

1. the verb of the quote's own tag: ``she said`` speech, ``he thought`` / ``said to
   herself`` thought, ``texted`` / ``the card read`` written (a speech verb whose subject
   is a sign or a card is written too);
2. a naming word right before it (``titled “...”``, ``called him “...”``) or a path or
   link: a title or name, scare;
3. a written thing right before it (``the text “...”``) or a writing participle right
   after it (``“...” scribbled on the lid``): written;
4. a thought verb earlier in the sentence with the quote as its complement (``The first
   thing he thought was “Nope.”``): thought;
5. a phrase embedded in a narrative clause (words before it, no comma or colon introducing
   it) is speech right after a speech verb (``he said “Good evening.”``); else it is a
   scare quote, title or mention when it is short, has no sentence punctuation, question
   or exclamation inside and no sign of being said (a greeting, first or second person),
   unless it holds words of reported speech (``said he was “very glad”``); in a modifier
   slot (``his “Absolutely, I do” rule``, ``the “executive” ficus``) a short phrase is a
   scare quote before any other rule;
6. everything else is speech: utterances standing as their own sentence or paragraph,
   phone calls and documentary interviews included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ficlens.dialogue.tags import (
    CALLING,
    DETERMINERS,
    FUNCTION_WORDS,
    NOUN_LIKE_VERBS,
    POSSESSIVES,
    SPEECH,
    SPEECH_VERBS,
    THOUGHT,
    THOUGHT_VERBS,
    WRITING_VERBS,
    WRITTEN,
    WRITTEN_NOUNS,
    Word,
    word_set,
)

SCARE = "scare"
KINDS = (SPEECH, THOUGHT, WRITTEN, SCARE)

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_INNER_BOUNDARY = re.compile(r"[.!?…][”’\"')\]]*\s+\S")
_COPULAS = word_set("was is were be been :")
_NAMING = word_set("titled entitled named dubbed nicknamed christened")
_REPORT_OPENERS = word_set("that he she they it i we you how what")
_INTRODUCERS = word_set(", : — – - -- … ...")
_WRITTEN_AFTER = word_set(
    "scribbled written printed scrawled engraved typed etched stamped painted embroidered "
    "inscribed emblazoned stitched"
)
_UTTERANCE_WORDS = word_set(
    """
    i i'm i’m i'll i’ll i've i’ve i'd i’d me my mine we we're we’re us our you you're you’re
    your yours yes no yeah yep nope hey hi hello bye goodbye okay ok thanks thank please sorry
    wow oh ah uh um hmm mhm huh ugh whoa damn fuck shit congratulations cheers welcome
    """
)


@dataclass(frozen=True, slots=True)
class KindDecision:
    """A quote's kind with a confidence score and the rule that decided it."""

    kind: str
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class QuoteFeatures:
    """What the kind rules look at for one quote.

    `inner` is the quote without its marks; `before` the tokens of its own sentence before
    the opening mark (empty when the quote starts a sentence), `after` the tokens after its
    closing mark up to the end of that sentence or the next quote. The ``tag_*`` fields
    describe the tag whose verb speaks for the quote, if any: verb, verb class and the head
    word of its subject.
    """

    inner: str
    before: Sequence[Word]
    after: Sequence[Word]
    tag_verb: str | None = None
    tag_class: str | None = None
    tag_head: str | None = None


def _utterance_like(words: Sequence[str]) -> bool:
    """Greetings, interjections, first or second person: someone is talking."""
    return any(w.lower() in _UTTERANCE_WORDS for w in words)


def _title_case(words: Sequence[str]) -> bool:
    """``The Job``, ``Quarterly Synergy Report``: every long word capitalised."""
    long = [w for w in words if len(w) > 3 or w[0].isupper()]
    return len(words) >= 2 and bool(long) and all(w[0].isupper() for w in long)


def _modifier_slot(before: Sequence[Word], after: Sequence[Word]) -> bool:
    """``his “X” rule``, ``the “executive” ficus``: between a determiner and a noun."""
    if not before or not after:
        return False
    prev = before[-1].text
    nxt = after[0].text
    det = prev.lower() in DETERMINERS or prev.lower() in POSSESSIVES or prev[-2:] in ("’s", "'s")
    return det and nxt.isalpha() and nxt.islower() and nxt not in FUNCTION_WORDS


def _embedded(before: Sequence[Word], after: Sequence[Word]) -> bool:
    """The quote continues a narrative clause: words before it with nothing introducing it."""
    if not before:
        return False
    last = before[-1].text
    if last in _INTRODUCERS:
        return False
    return last[0].isalnum() or last in ("(", "[") or not after


def _written_context(f: QuoteFeatures) -> str | None:
    """A written thing named right before the quote or a writing word right after it."""
    for w in f.before[-5:]:  # a label, with the words “...”
        low = w.text.lower()
        if low in WRITTEN_NOUNS or (low in WRITING_VERBS and not low.startswith("read")):
            return low
    for w in f.after[:2]:
        if w.text.lower() in _WRITTEN_AFTER:
            return w.text.lower()
    return None


def _thought_complement(before: Sequence[Word]) -> bool:
    """A thought verb earlier in the sentence and a copula or colon right before the quote."""
    if not before or before[-1].text.lower() not in _COPULAS:
        return False
    return any(w.text.lower() in THOUGHT_VERBS for w in before[:-1])


def _reported(before: Sequence[Word]) -> bool:
    """``said he was “very glad”``, ``explain that he “discovered things”``: a speech verb
    earlier in the sentence whose reported clause (``that``, a subject pronoun) holds the
    quote."""
    for i in range(len(before) - 1, -1, -1):
        if before[i].text.lower() in SPEECH_VERBS:
            return any(w.text.lower() in _REPORT_OPENERS for w in before[i + 1 :])
    return False


def _embedded_kind(f: QuoteFeatures, words: Sequence[str], inner: str) -> KindDecision:
    """Scare quote, title or mention, or words someone says, for an embedded quote."""
    last = f.before[-1].text.lower()
    if last in SPEECH_VERBS and last not in NOUN_LIKE_VERBS and last not in CALLING:
        return KindDecision(SPEECH, 0.7, f"right after the speech verb {last!r}")  # said “Hi.”
    if _reported(f.before):
        return KindDecision(SPEECH, 0.55, "words quoted in reported speech")
    if _INNER_BOUNDARY.search(inner) or "!" in inner or "?" in inner:
        return KindDecision(SPEECH, 0.6, "sentences inside a sentence")
    title = _title_case(words)
    limit = 8 if title or words[0][0].islower() else 6
    if len(words) > limit or _utterance_like(words):
        return KindDecision(SPEECH, 0.6, "utterance inside a sentence")
    plain = words[0][0].islower() or title or len(words) == 1
    return KindDecision(SCARE, 0.8 if len(words) <= 3 and plain else 0.65, "short phrase")


def classify(f: QuoteFeatures) -> KindDecision:
    """The kind of one quotation."""
    inner = f.inner.rstrip()
    if _embedded(f.before, f.after) and _modifier_slot(f.before, f.after):
        words = _WORD.findall(inner)
        if 0 < len(words) <= 8 and not _INNER_BOUNDARY.search(inner) and "?" not in inner:
            return KindDecision(SCARE, 0.8, "modifier slot")  # his “executive” lounge
    if f.tag_class is not None:
        if f.tag_head in WRITTEN_NOUNS:
            return KindDecision(WRITTEN, 0.9, f"subject {f.tag_head!r} of {f.tag_verb!r}")
        return KindDecision(f.tag_class, 0.9, f"tag verb {f.tag_verb!r}")
    if f.before and f.before[-1].text.lower() in _NAMING:
        return KindDecision(SCARE, 0.8, f"a title after {f.before[-1].text.lower()!r}")
    if len(f.before) > 1 and f.before[-2].text.lower() in CALLING and f.before[-1].text.isalpha():
        return KindDecision(SCARE, 0.75, "a name given with call")  # called Ines “un-beta”
    if "/" in inner and not any(c.isspace() for c in inner):
        return KindDecision(SCARE, 0.8, "a path or link")
    written = _written_context(f)
    if written is not None:
        return KindDecision(WRITTEN, 0.75, f"written context {written!r}")
    if _thought_complement(f.before):
        return KindDecision(THOUGHT, 0.7, "complement of a thought verb")
    words = _WORD.findall(inner)
    if not words:
        return KindDecision(SPEECH, 0.5, "no words")
    if _embedded(f.before, f.after):
        return _embedded_kind(f, words, inner)
    if not f.before and inner[-1] in ".!?…,—–-":
        return KindDecision(SPEECH, 0.85, "stands as its own sentence")
    return KindDecision(SPEECH, 0.7, "introduced or standalone")
