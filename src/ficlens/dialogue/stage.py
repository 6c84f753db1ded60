"""The ``speech`` stage: the kind, explicit speech tag and vocatives of every quotation.

Quotes are handled paragraph by paragraph. For each top-level quote the tokens of its own
sentence before the opening mark and after the closing mark are looked at, never past a
neighbouring quote or the paragraph (except a paragraph-final lead-in such as ``Anne
added--`` for a quote opening the next paragraph). The tag is taken, most trusted first,
from:

``quote-verb-name`` / ``quote-name-verb`` / ``quote-was-answer``
    a tag right after the quote (``“...” said Karen``, ``“...,” she says``, ``“...,” was
    her reply``, ``was an exclamation of Pam’s``, ``It was Jim who spoke``, ``“Hm!” from
    Jim``);
``name-verb-quote``
    a tag introducing it (``Pam asked softly, “...”``, ``thus spoke Pam:``, ``Pam’s voice
    came, clear:``), also from the end of the paragraph before (after a closed quote too:
    ``“...” --A pause, and Pam began again.``);
``thought-copula``
    the thinker in ``The first thing Jim thought ... was “Nope.”``;
``interrupted``
    the tag or beat between this quote and the previous part of the same speech
    (``“...,” he mumbles, “...”``);
``beat-before``
    the subject of the narration right before the quote (``He shrugs, “...”``);
``paragraph``
    the one speaker that the paragraph's speech tags name;
``beat-after``
    the subject of the narration sentence right after it (``“Thanks.” He smiles``).

Scare quotes get no tag and no vocatives; written quotes keep only a writing verb's
subject (``she texted``), since the one who reads a note did not write it. Nested quotes
get a kind from the words around them inside the enclosing quote, and no tag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ficlens.dialogue.kinds import SCARE, KindDecision, QuoteFeatures, classify
from ficlens.dialogue.tags import (
    INTRODUCING_VERBS,
    NAME,
    PRONOUN,
    SPEECH,
    THOUGHT,
    THOUGHT_VERBS,
    WRITTEN,
    WRITTEN_NOUNS,
    Tag,
    Tokens,
    Word,
    beat,
    cleft_tag,
    known_names,
    lead_tag,
    leads_into_speech,
    loose_tag_after,
    np_backward,
    owned_utterance,
    shared_speaker,
    spoken_beat,
    tag_after,
    tag_before,
    utterance_before,
    verb_at,
    vocatives,
    voice_tag,
)
from ficlens.document import Document, Layer, Span
from ficlens.layers import PARAGRAPHS, QUOTES, ROLE_BODY, SENTENCES, TOKENS
from ficlens.layers import SPEECH as SPEECH_LAYER
from ficlens.pipeline import Stage

_TERMINAL = frozenset(".!?…")
_UNFINISHED = _TERMINAL | {","}  # ends of a line spoken, not of a phrase set into a clause
_CONTINUING = frozenset(",;:—–-")
_CLOSING_MARKS = frozenset("”\"’'")
_QUOTE_MARKS = frozenset("“”\"‘’'")
_JOINERS = frozenset({"or", "and", "then", ",", ";"})
_COPULAS = frozenset({"was", "is", "were", ":"})
_NESTED = "nested"
_CUTS = frozenset({";", ".", "!", "?"})
_ASIDE_OPENERS = frozenset({"as", "while", "whilst", "when"})
_AFTER_INTRODUCING = frozenset({"again", "first", "then", "now", "too", "also"})
_BEGAN = frozenset({"began", "begun", "continued"})
_TAIL = 40  # tokens of a sentence looked at next to a quote
_LEAD = 64  # tokens of a lead-in sentence looked at for its speech verb's subject
_HEAD = 32  # tokens at the start of a beat sentence looked at for its subject and verb


@dataclass(slots=True)
class _Quote:
    """One top-level quote of a paragraph and the words around it."""

    span: Span
    before: list[Word]  # the quote's own sentence up to the quote, when it runs into it
    beat_before: list[Word]  # the start of the sentence right before the quote
    after: list[Word]  # after the quote, to its sentence end or the next quote
    runs_on: bool  # that sentence goes on into the next quote (“A?” He thought “B.”)
    own: Tag | None = None  # the tag written next to the quote itself
    _after: Tag | None = None
    _after_known: bool = False

    def after_tag(self, tok: Tokens) -> Tag | None:
        """The tag or action beat right after the quote (worked out once, when needed)."""
        if not self._after_known:
            own = self.own
            after_own = own is not None and own.pattern.startswith("quote-")
            self._after = own if after_own else beat(tok, self.after, "beat-after", 0.5)
            self._after_known = True
        return self._after


class _Context:
    """Per-document lookups shared by all quotes."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.sentences = doc.layer(SENTENCES)
        self.sentence_starts = self.sentences.starts
        self.sentence_ends = self.sentences.ends
        self.tok = Tokens(doc.text, doc.layer(TOKENS), known_names(doc.text))

    def last_char(self, start: int, end: int) -> int | None:
        """Index of the last non-space character in ``[start, end)``."""
        i = end - 1
        while i >= start and self.text[i].isspace():
            i -= 1
        return i if i >= start else None

    def first_char(self, start: int, end: int) -> int | None:
        """Index of the first non-space character in ``[start, end)``."""
        i = start
        while i < end and self.text[i].isspace():
            i += 1
        return i if i < end else None

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end of the sentence holding `offset` (just `offset` if none does)."""
        i = self.sentences.index_at(offset)
        if i is None:
            return offset, offset + 1
        return self.sentence_starts[i], self.sentence_ends[i]

    def lead_in(self, start: int, end: int) -> list[Word]:
        """The last sentence of the paragraph ``[start, end)`` (after its last quote, see
        `_after_quote`) when it introduces the quote opening the next one: it ends with a
        colon, comma or dash, with no mark at all (a dash lost in conversion), or with a
        speech verb, an adverb or two and a period (``Mrs Musgrove interposed.``, ``Anne
        began again.``, ``Ann began scolding.``); never a cleft (``It was Ann who spoke.``)
        naming the speaker of the quote before."""
        b = self.last_char(start, end)
        if b is None or self.text[b] in _CLOSING_MARKS:
            return []
        words = self.tok.words(max(start, self.sentence_bounds(b)[0]), end, _LEAD, last=True)
        marks = [i for i, w in enumerate(words) if w.text in _QUOTE_MARKS]
        if marks:  # only the words after a closed quote can lead into the next one
            words = self._after_quote(words, marks[-1], self.text[b] == ":")
        if cleft_tag(self.tok, words) is not None:
            return []  # It was Poirot who spoke: the speaker of the quote before
        if self.text[b] in ":,—–-" or self.text[b].isalpha():  # a dash may be lost
            return words
        n = len(words)
        k = n - 2
        while k > 0 and n - 2 - k < 2 and (_low(words, k) in _AFTER_INTRODUCING or _ly(words[k])):
            k -= 1  # Anne began again. / Lawrence stammered helplessly.
        found = verb_at(words, k) or verb_at(words, k - 1) if k > 0 else None
        if self.text[b] == "." and (found is None or found[2] != k + 1):
            beat = spoken_beat(self.tok, words)  # Tom went on with a bitter smile.
            return words if beat is not None and _introduces(beat.verb) else []
        if self.text[b] != "." or found is None:
            return []
        # Mrs Musgrove interposed. / Poirot went on. / Mrs Norris began scolding.
        begun = found[0].endswith("ing") and _low(words, k - 1) in _BEGAN
        return words[: k + 1] if found[0] in INTRODUCING_VERBS or " " in found[0] or begun else []

    def _after_quote(self, words: list[Word], mark: int, colon: bool) -> list[Word]:
        """The words after the closing mark ``words[mark]`` when they end with a colon
        (``“...,” said Tom, whereupon Ann cried:``) or follow a quote ending its sentence
        and are no tag of it (``“...” --A pause, and Ann began again.``; but ``“...,” he
        said.`` and ``“...” It was Ann who spoke.`` end a speech rather than open one)."""
        w = words[mark]
        rest = words[mark + 1 :]
        if not rest or w.start == 0 or self.text[w.start - 1].isspace():
            return []  # an opening mark: the paragraph ends inside a quote
        if colon:  # only a speech verb after a quote leads on: not “...” as the telegram ran:
            return rest if any(verb_at(rest, i) for i in range(len(rest))) else []
        ended = self.text[w.start - 1] in _TERMINAL or self.text[w.start - 1] in "—–-"
        if not ended:  # “...,” said Tom; but Ann’s answer was--
            cut = max((i for i, x in enumerate(rest[:-1]) if x.text in _CUTS), default=-1)
            rest = rest[cut + 1 :] if cut >= 0 else []
        return rest if tag_after(self.tok, rest) is None else []

    def quote(self, span: Span, lo: int, hi: int) -> _Quote:
        """The words around a quote whose neighbours (or paragraph edges) are at `lo`, `hi`."""
        before: list[Word] = []
        beat_before: list[Word] = []
        b = self.last_char(lo, span.start)
        if b is not None:
            start = max(lo, self.sentence_bounds(b)[0])
            if self.text[b] not in _TERMINAL:
                before = self.tok.words(start, span.start, _TAIL, last=True)
            if before and len(before) < _TAIL:
                beat_before = before
            else:
                beat_before = self.tok.words(start, span.start, _HEAD)
        after: list[Word] = []
        runs_on = False
        a = self.first_char(span.end, hi)
        if a is not None:
            sentence_end = max(self.sentence_bounds(a)[1], a + 1)
            runs_on = sentence_end > hi
            after = self.tok.words(span.end, min(hi, sentence_end), _TAIL)
        return _Quote(span, before, beat_before, after, runs_on)


def _inner(text: str, span: Span) -> str:
    """A quote's text without its marks."""
    closed = span.end - span.start > 1 and text[span.end - 1] in _CLOSING_MARKS
    return text[span.start + 1 : span.end - 1 if closed else span.end]


def _own_tag(ctx: _Context, q: _Quote, prev: _Quote | None) -> Tag | None:
    """The speech tag written next to `q` itself, after it or before it.

    A tag after a quote that ends its sentence and runs on into the next quote (``“A?” He
    thought “B.”``) introduces that next quote, so a tag before `q` wins then, and so does
    a name before it over a pronoun or description after it. A tag before
    `q` that was also the previous quote's tag marks an interrupted speech (``“...,” he
    mumbles, “...”``).
    """
    inner = _inner(ctx.text, q.span).rstrip()
    post = tag_after(ctx.tok, q.after)
    if post is not None and post.verb is None and q.before and not _exclaimed(inner):
        post = None  # a “gift” from Ann: only a lone or exclaimed quote comes from someone
    pre = (
        tag_before(ctx.tok, q.before)
        or utterance_before(ctx.tok, q.before)
        or owned_utterance(ctx.tok, q.before)
    )
    if pre is not None and _phrase_in_clause(q, pre, inner):
        pre = None  # Tom sighed as Ann “kindly made room” and sat: words quoted, not said
    if post is None and pre is None and not q.before and inner and inner[-1] != ".":
        post = loose_tag_after(ctx.tok, q.after, inner[-1] == ",")
    if post is not None and pre is not None and _post_elsewhere(q, post, inner):
        post = None
    if post is not None and pre is not None and post.expr.kind != NAME and pre.expr.kind == NAME:
        post = None  # Ann exclaimed, “...,” she added: both tags are hers, the name says who
    voiced = voice_tag(ctx.tok, q.before) if q.before and q.before[-1].text == ":" else None
    tag = post or pre or _thought_copula(ctx, q) or voiced
    if tag is not None and tag is pre and prev is not None and prev.own is not None:
        if prev.own.expr == tag.expr:
            return tag.renamed("interrupted")
        if _aside(q.before, tag_after(ctx.tok, q.before), tag):
            return prev.own.renamed("interrupted")  # “...,” he said, as she giggled, “...”
        return tag
    return tag


def _aside(before: Sequence[Word], first: Tag | None, pre: Tag) -> bool:
    """``“...,” he said, as she giggled, “...”``: the words before a quote open with a
    tag of the quote before (`first`), and the speech verb nearer the quote sits in a
    clause opened by ``as`` or ``while``, so the same speech goes on."""
    if first is None or pre.expr.kind != PRONOUN or not first.expr.start < pre.expr.start:
        return False
    i = next((k for k, w in enumerate(before) if w.start >= pre.expr.start), 0)
    return _low(before, i - 1) in _ASIDE_OPENERS


def _introduces(verb: str | None) -> bool:
    """Whether a speech verb ending a paragraph may introduce the next one's quote."""
    return verb is not None and (verb in INTRODUCING_VERBS or " " in verb)


def _open_to_lead(own: Tag | None) -> bool:
    """Whether a lead-in from the paragraph before may give a quote its tag: it has none,
    or only a pronoun after it."""
    return own is None or (own.expr.kind == PRONOUN and own.pattern.startswith("quote-"))


def _names_speaker(lead: Sequence[Word], led: Tag | None) -> bool:
    """Whether a lead-in ending in a colon or comma has a speech verb whose subject is a
    name, which then says who speaks better than a pronoun after the quote."""
    return (
        led is not None
        and led.expr.kind == NAME
        and led.verb_class == SPEECH
        and lead[-1].text in (":", ",")
    )


def _phrase_in_clause(q: _Quote, pre: Tag, inner: str) -> bool:
    """Whether `q` is a lower-case phrase set into a narrative clause that goes on after it
    (``Tom sighed as Ann “kindly made room” and sat``), away from the verb of the tag `pre`
    before it (``broke in “no, the red one”`` is speech): words quoted, not a line `pre`'s
    subject speaks."""
    if not q.before or not q.after or not inner or not inner[0].islower():
        return False
    last = q.before[-1].text
    verb_end = pre.verb.split()[-1] if pre.verb else None  # "in" of "broke in"
    return last[0].isalnum() and last.lower() != verb_end and inner[-1] not in _UNFINISHED


def _exclaimed(inner: str) -> bool:
    """A quote that asks or exclaims, so is said rather than named (``a cheerful “Safe
    travels!” from Ann``)."""
    return "!" in inner or "?" in inner


def _post_elsewhere(q: _Quote, post: Tag, inner: str) -> bool:
    """Whether a tag after `q` belongs to another quote than `q`, which has a tag of its
    own before it: after a quote ending its sentence it opens a new one (``Ann answered,
    “Fine.” She heard Tom laugh.``; ``“A?” He thought “B.”``), and a tag ending in a comma
    or colon right before the next quote introduces that one (``when Ann remarked, “...,”
    Tom answered, “...”``)."""
    if not inner:
        return False
    if inner[-1] in _TERMINAL and (q.runs_on or post.pattern == "quote-name-verb"):
        return True
    return q.runs_on and bool(q.after) and q.after[-1].text in (",", ":")


def _low(words: Sequence[Word], i: int) -> str:
    return words[i].text.lower() if 0 <= i < len(words) else ""


def _ly(w: Word) -> bool:
    """A lowercase -ly adverb (``pitiably``)."""
    return w.text.endswith("ly") and w.text.islower()


def _lead_tag(tok: Tokens, lead: Sequence[Word]) -> Tag | None:
    """The tag in a previous paragraph's closing sentence that introduces a quote: ``Anne
    added--``, ``I hedged:``, ``Tom said, in a low voice,``. After a dash, a full stop or
    no mark at all (a lost dash) only a speech verb that commits to speaking counts (see
    `leads_into_speech`), since a dash may cut a sentence off instead (``He didn't
    think--``). A colon may follow a voice (``Ann's voice came, cool and clear:``)."""
    colon = lead[-1].text == ":"
    said = utterance_before(tok, lead)  # Sir Tom’s answer was, presently--
    if said is not None:
        return said
    tag = tag_before(tok, lead) or (voice_tag(tok, lead) if colon else None) or lead_tag(tok, lead)
    if lead[-1].text != "," and not colon:  # a dash, or none left
        if tag is None or tag.verb_class != SPEECH or tag.score < 0.8:
            return None  # no speech verb, or its subject only guessed from afar
        return tag if leads_into_speech(lead, tag.verb) else None
    if tag is None and colon:
        return beat(tok, lead[-_TAIL:], "beat-before", 0.6)
    return tag


def _thought_copula(ctx: _Context, q: _Quote) -> Tag | None:
    """``The first thing Jim thought ... was “Nope.”``: the thinker."""
    words = q.before
    if not words or words[-1].text.lower() not in _COPULAS:
        return None
    for i in range(len(words) - 2, -1, -1):
        low = words[i].text.lower()
        if low in THOUGHT_VERBS:
            expr = np_backward(ctx.tok, words, i - 1)
            return Tag(expr, low, THOUGHT, "thought-copula", 0.7) if expr else None
    return None


def _continued(ctx: _Context, prev: _Quote, cur: _Quote, prev_tag: Tag | None) -> Tag | None:
    """The tag `cur` shares with `prev` when it resumes the same speech: a tag or beat
    between them leads into `cur` (``“...,” he mumbles, “...”``), or only a conjunction
    joins them (``like “...” or “...”``)."""
    if cur.before and all(w.text.lower() in _JOINERS for w in cur.before):
        return prev_tag
    after = prev.after_tag(ctx.tok)
    last = ctx.last_char(prev.span.end, cur.span.start)
    inner = _inner(ctx.text, cur.span).strip()
    if after is None or last is None or _phrase_in_clause(cur, after, inner):
        return None
    if ctx.text[last] in _CONTINUING or (inner and inner[0].islower()):
        return after
    return None


def _attrs(
    decision: KindDecision, tag: Tag | None, voc: tuple[tuple[int, int], ...]
) -> MappingProxyType[str, Any]:
    return MappingProxyType(
        {
            "tag": (tag.expr.start, tag.expr.end) if tag else None,
            "tag_kind": tag.expr.kind if tag else None,
            "verb": tag.verb if tag else None,
            "pattern": tag.pattern if tag else None,
            "tag_score": tag.score if tag else 0.0,
            "vocatives": voc,
            "score": decision.score,
            "reason": decision.reason,
        }
    )


def _features(text: str, q: _Quote, verb_tag: Tag | None) -> QuoteFeatures:
    """What the kind rules see of `q`, with the tag whose verb speaks for it."""
    if verb_tag is None:
        return QuoteFeatures(_inner(text, q.span), q.before, q.after)
    return QuoteFeatures(
        _inner(text, q.span),
        q.before,
        q.after,
        verb_tag.verb,
        verb_tag.verb_class,
        verb_tag.expr.head,
    )


def _paragraph(
    ctx: _Context, spans: Sequence[Span], lo: int, hi: int, prev: tuple[int, int] | None
) -> list[Span]:
    """Speech spans for the top-level quotes `spans` of one paragraph ``[lo, hi)``; `prev`
    is the span of the body paragraph before it, whose last sentence may introduce it."""
    tok = ctx.tok
    quotes: list[_Quote] = []
    for k, span in enumerate(spans):
        left = spans[k - 1].end if k else lo
        right = spans[k + 1].start if k + 1 < len(spans) else hi
        q = ctx.quote(span, left, right)
        q.own = _own_tag(ctx, q, quotes[-1] if quotes else None)
        if _open_to_lead(q.own) and k == 0 and prev is not None and not q.beat_before:
            lead = ctx.lead_in(*prev)
            led = _lead_tag(tok, lead) if lead else None
            if q.own is None or _names_speaker(lead, led):
                q.own = led  # Ann remarked:¶ “...,” she said: the name says who
        quotes.append(q)
    shared = shared_speaker(q.own for q in quotes if q.own and q.own.verb_class is not None)
    out: list[Span] = []
    final: list[Tag | None] = []
    for k, q in enumerate(quotes):
        tag = q.own
        verb_tag = q.own
        if tag is None and k:
            resumed = _continued(ctx, quotes[k - 1], q, final[k - 1])
            if resumed is not None:
                tag = verb_tag = resumed.renamed("interrupted", resumed.score - 0.05)
        if tag is None and q.beat_before:
            tag = spoken_beat(tok, q.beat_before) or beat(tok, q.beat_before, "beat-before", 0.6)
        if tag is None and shared is not None:
            tag = shared.renamed("paragraph", 0.55)
        if tag is None:
            tag = q.after_tag(tok)
        decision = classify(_features(ctx.text, q, verb_tag))
        if tag is not None and (
            decision.kind == SCARE
            or tag.expr.head in WRITTEN_NOUNS
            or (decision.kind == WRITTEN and tag.verb_class != WRITTEN)
        ):
            tag = None  # nobody utters a scare quote; a note's reader is not its writer
        voc = () if decision.kind == SCARE else vocatives(tok, q.span.start, q.span.end)
        final.append(tag)
        out.append(q.span._replace(label=decision.kind, attrs=_attrs(decision, tag, voc)))
    return out


def _nested(ctx: _Context, span: Span, outer: Span) -> Span:
    """A nested quote: its kind from the words around it inside the enclosing quote."""
    q = ctx.quote(span, outer.start + 1, outer.end - 1)
    verb_tag = tag_after(ctx.tok, q.after) or tag_before(ctx.tok, q.before)
    decision = classify(_features(ctx.text, q, verb_tag))
    return span._replace(label=decision.kind, attrs=_attrs(decision, None, ()))


def _speech(doc: Document) -> list[Layer]:
    """The ``speech`` layer: one span per quote, parallel to ``quotes``."""
    ctx = _Context(doc)
    paragraphs = doc.layer(PARAGRAPHS)
    groups: dict[int, list[Span]] = {}
    nested: list[Span] = []
    out: list[Span] = []
    for span in doc.layer(QUOTES):
        p = paragraphs.index_at(span.start)
        if span.label == _NESTED:
            nested.append(span)
        elif p is None:  # not expected: quotes lie in paragraphs
            out.extend(_paragraph(ctx, [span], span.start, span.end, None))
        else:
            groups.setdefault(p, []).append(span)
    for p, spans in groups.items():
        para = paragraphs[p]
        before = paragraphs[p - 1] if p else None
        prev = (before.start, before.end) if before and before.label == ROLE_BODY else None
        out.extend(_paragraph(ctx, spans, para.start, para.end, prev))
    if nested:
        enclosing = Layer("enclosing", out)
        for span in nested:
            outer = enclosing.at(span.start)
            out.append(_nested(ctx, span, outer if outer is not None else span))
    return [Layer(SPEECH_LAYER, out)]


def speech_stage() -> Stage:
    """The stage providing ``speech`` from paragraphs, sentences, tokens and quotes."""
    return Stage(
        "speech",
        frozenset({PARAGRAPHS, SENTENCES, TOKENS, QUOTES}),
        frozenset({SPEECH_LAYER}),
        _speech,
    )
