"""Turn-taking: who speaks the untagged turns of a conversation.

A *turn* is the speech of one paragraph (or of one speaker inside a paragraph that has
several). Consecutive turns with little narration between them form a conversation, and a
conversation is decoded as a whole by a small second-order hidden Markov model:

- the hidden state of a turn is its speaker, one of the conversation's candidates (the
  speakers its tags name, the characters its quotes address, the characters the
  narration around it names, and an off-scene voice when the scene is a phone call or an
  interview);
- the conversation's *participants* (the characters its tags firmly name or its quotes
  address; failing two of them, the characters the narration before it is most about) are
  a priori equally likely to speak any turn, other candidates less in proportion to how
  much the narration is about them; in a scene of four or more named parties, those named
  in more turns are likelier (the hosts talk more than a guest who answers once);
- a turn whose speaker a tag or beat states (an *anchor*) emits that speaker with the
  tag's confidence; the narration in a turn's own paragraph (or right before it) favours
  the characters it names; characters a turn addresses or names inside its quotes are
  unlikely to speak it, the ones the previous turn addresses are likely to, and so are the
  ones the next turn addresses (they just spoke), when no narration paragraph comes
  between the two turns;
- a pronoun tag rules out candidates of the other gender and disfavours those whose
  gender is unknown; addressing someone as ``sir`` or ``ma’am`` disfavours candidates of
  that gender (in a talk between a man and a woman, the other one speaks);
- a new turn is rarely the previous speaker again and most often the speaker of two turns
  back (A, B, A, B...), except when it goes on with a speech the paragraph before left
  unclosed or its tag says the speaker goes on (``she went on``); narration opening the
  new turn's paragraph makes the previous speaker going on likelier, after a narration
  paragraph it is about as likely as the other one answering, and more narration flattens
  the pattern further.

Posterior marginals (forward-backward) pick each turn's speaker and give its confidence,
so an anchor later in a stretch informs the turns before it as much as an earlier one
informs those after it, and a weak beat can be outvoted by a strong alternation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

OFF_SCENE = ""
"""The candidate standing for a voice from off the scene (the other end of a phone call, an
interviewer): decoded as no speaker."""

MAX_GAP = 2
"""Narration paragraphs between two turns (a long one counts twice) beyond which a new
conversation starts."""
MAX_CANDIDATES = 8

# Transitions by what comes between two turns (see `_level`): nothing, narration opening
# the new turn's paragraph, one narration paragraph, more.
P_SAME = (0.03, 0.25, 0.45, 0.35)  # a new turn by the previous turn's speaker
P_BACK = (0.85, 0.45, 0.42, 0.3)  # a new turn by the speaker of two turns back
P_SWITCH = (0.94, 0.85, 0.6, 0.65)  # the second turn by someone else than the first
GAP_MIX = (0.0, 0.2, 0.2, 0.4)  # how much the pattern is flattened towards uniform
P_CONTINUE = 0.9  # a turn that goes on (see `Turn.continues`): by the previous speaker
EXCLUDED = 0.03
OTHER_GENDER = 0.01  # a pronoun tag's gender and a candidate known to be of the other
UNKNOWN_GENDER = 0.1  # a pronoun tag's gender and a candidate whose gender is unknown
ADDRESSED_GENDER = 0.5  # a candidate of the gender the turn addresses (“Yes, sir.”)
ADDRESSED_BEFORE = 12.0  # the previous turn, right before this one, addresses this candidate
ADDRESSED_AFTER = 2.5  # the next turn, right after this one, addresses this candidate
HINT_GAIN = 2.0  # how much a turn's narration hint multiplies a candidate's weight
FIRM = 0.6  # anchors at least this sure make their speaker a participant
CROWD = 4  # named parties from which the ones named in more turns are likelier to speak
CROWD_EXPONENT = 0.25  # how much likelier: (1 + turns naming them) to this power
BYSTANDER = 0.8  # prior of a candidate who is not a participant, times its context weight
OFF_SCENE_PRIOR = 0.6
PRIOR_FLOOR = 1e-3
GOES_ON = 10.0  # how much likelier a turn tagged "she went on" is by the previous speaker

FloatArray = npt.NDArray[np.float64]


@dataclass(slots=True)
class Turn:
    """What one turn says about its speaker.

    `anchor` is the speaker a tag or beat states, with its confidence `anchor_score` and the
    rule in `anchor_reason`; `addressees` are characters its quotes address; `excluded`
    cannot speak it (addressed or named in it); `hints` weigh other candidates (the
    narration's subject, salience); `gap` counts narration paragraphs since the previous
    turn, and `boundary` says a scene, chapter or long narration separates them; `gender` is
    the gender a pronoun tag gives the speaker; `continues` marks a turn going on with a
    speech the previous paragraph left unclosed; `narrated` says narration opens this turn's
    paragraph before its speech; `addressed_gender` is the gender of whom its quotes address
    with a gendered word (``sir``, ``ma’am``); `goes_on` says its tag has the speaker go
    on (``she went on``), most often the previous one.
    """

    paragraph: int
    anchor: str | None = None
    anchor_score: float = 0.0
    anchor_reason: str = ""
    addressees: tuple[str, ...] = ()
    excluded: frozenset[str] = frozenset()
    hints: Mapping[str, float] = field(default_factory=dict)
    gap: int = 0
    boundary: bool = False
    gender: str | None = None
    continues: bool = False
    narrated: bool = False
    addressed_gender: str | None = None
    goes_on: bool = False


@dataclass(frozen=True, slots=True)
class Assignment:
    """A turn's decoded speaker (None: unknown or off scene), confidence and reason."""

    speaker: str | None
    confidence: float
    reason: str


def split_conversations(turns: Sequence[Turn]) -> list[range]:
    """Index ranges of `turns` that form conversations: cut at boundaries and wherever more
    than `MAX_GAP` narration paragraphs come between two turns."""
    out: list[range] = []
    start = 0
    for i in range(1, len(turns)):
        if turns[i].boundary or turns[i].gap > MAX_GAP:
            out.append(range(start, i))
            start = i
    if turns:
        out.append(range(start, len(turns)))
    return out


@dataclass(frozen=True, slots=True)
class Cast:
    """A conversation's candidates: names (`OFF_SCENE` last when allowed) and priors."""

    names: tuple[str, ...]
    prior: tuple[float, ...]


def cast_of(turns: Sequence[Turn], context: Mapping[str, float], off_scene: bool = False) -> Cast:
    """The conversation's candidate speakers and their priors.

    Participants (prior 1) are the characters firmly anchored (a name, not a resolved
    pronoun) or addressed in it; when fewer than
    two, the strongest of the turns' hints and the `context` (who the narration before the
    conversation is about, weights up to 1) join them. Other hinted, context or weakly
    anchored characters are bystanders with a small prior. At most `MAX_CANDIDATES` in all.
    """
    participants: dict[str, float] = {}
    for t in turns:
        if t.anchor is not None and t.anchor_score >= FIRM:
            participants[t.anchor] = participants.get(t.anchor, 0.0) + 1.0 + t.anchor_score
        for a in t.addressees:
            participants[a] = participants.get(a, 0.0) + 1.0
    others: dict[str, float] = dict(context)
    for t in turns:
        for c, w in t.hints.items():
            others[c] = others.get(c, 0.0) + w
        if t.anchor is not None and t.anchor not in participants:
            others[t.anchor] = others.get(t.anchor, 0.0) + t.anchor_score
    ranked = sorted((c for c in others if c not in participants), key=lambda c: -others[c])
    while len(participants) < 2 and ranked:
        c = ranked.pop(0)
        participants[c] = others[c]
    top = max(others.values(), default=1.0) or 1.0
    names = sorted(participants, key=lambda c: -participants[c])
    names += ranked
    names = [c for c in names if c != OFF_SCENE][: MAX_CANDIDATES - off_scene]
    turns_naming = _turns_naming(turns)
    crowd = len(turns_naming) >= CROWD
    prior = [
        ((1 + turns_naming.get(c, 0)) ** CROWD_EXPONENT if crowd else 1.0)
        if c in participants
        else max(BYSTANDER * others[c] / top, PRIOR_FLOOR)
        for c in names
    ]
    if off_scene:
        names.append(OFF_SCENE)
        prior.append(OFF_SCENE_PRIOR)
    return Cast(tuple(names), tuple(prior))


def _turns_naming(turns: Sequence[Turn]) -> dict[str, int]:
    """How many turns firmly anchor or address each character."""
    counts: dict[str, int] = {}
    for t in turns:
        named = set(t.addressees)
        if t.anchor is not None and t.anchor_score >= FIRM:
            named.add(t.anchor)
        for c in named:
            counts[c] = counts.get(c, 0) + 1
    return counts


def _transitions(n: int) -> tuple[list[FloatArray], list[FloatArray], FloatArray]:
    """Log transition tables for ``n`` candidates: per gap length, first order ``[prev,
    cur]`` and second order ``[prev2, prev, cur]``; and the table of a continuing turn
    (``[prev, cur]``, the same for any speaker two back)."""
    first: list[FloatArray] = []
    second: list[FloatArray] = []
    eye = np.eye(n)
    rest = 1 / (n - 1) if n > 1 else 0.0
    for mix, p_same, p_back, p_switch in zip(GAP_MIX, P_SAME, P_BACK, P_SWITCH, strict=True):
        uniform = 1.0 / n
        if n == 1:
            one = np.ones((1, 1))
            two = np.ones((1, 1, 1))
        else:
            one = eye * (1 - p_switch) + (1 - eye) * (p_switch * rest)
            two = np.empty((n, n, n))
            for k in range(n):
                for i in range(n):
                    if k == i:  # the same speaker twice in a row: anyone else next
                        row = eye[i] * p_same + (1 - eye[i]) * ((1 - p_same) * rest)
                    else:
                        others = (1 - p_same - p_back) / max(n - 2, 1) if n > 2 else 0.0
                        row = np.full(n, others)
                        row[i] = p_same
                        row[k] = p_back if n > 2 else 1 - p_same
                    two[k, i] = row
        first.append(np.log((1 - mix) * one + mix * uniform))
        second.append(np.log((1 - mix) * two + mix * uniform))
    same = np.ones((1, 1)) if n == 1 else eye * P_CONTINUE + (1 - eye) * ((1 - P_CONTINUE) * rest)
    return first, second, np.log(same)


def _level(turn: Turn) -> int:
    """Which transition table leads into `turn`: 0 when its paragraph follows the previous
    turn's and opens with speech, 1 when it opens with narration, then one more per
    narration paragraph between them."""
    if turn.gap == 0:
        return int(turn.narrated)
    return min(turn.gap + 1, len(GAP_MIX) - 1)


Tables = tuple[list[FloatArray], list[FloatArray], FloatArray]
_TABLES: dict[int, Tables] = {}


def _tables(n: int) -> Tables:
    found = _TABLES.get(n)
    if found is None:
        found = _TABLES[n] = _transitions(n)
    return found


def _emissions(turns: Sequence[Turn], cast: Cast, genders: Mapping[str, str]) -> FloatArray:
    """Log emission scores ``[turn, candidate]``."""
    names = cast.names
    n = len(names)
    index = {c: i for i, c in enumerate(names)}
    prior = np.array(cast.prior)
    out = np.empty((len(turns), n))
    for t, turn in enumerate(turns):
        row = prior.copy()
        for c, w in turn.hints.items():
            if c in index:
                row[index[c]] *= 1.0 + HINT_GAIN * w
        if t > 0 and turn.gap == 0:
            for c in turns[t - 1].addressees:
                if c in index:
                    row[index[c]] *= ADDRESSED_BEFORE
        if t + 1 < len(turns) and turns[t + 1].gap == 0 and not turns[t + 1].boundary:
            for c in turns[t + 1].addressees:
                if c in index:
                    row[index[c]] *= ADDRESSED_AFTER
        for c in turn.excluded:
            if c in index:
                row[index[c]] *= EXCLUDED
        if turn.gender is not None:
            for i, c in enumerate(names):
                known = genders.get(c)
                if known is not None and known != turn.gender:
                    row[i] *= OTHER_GENDER
                elif known is None and c != OFF_SCENE:
                    row[i] *= UNKNOWN_GENDER
        if turn.addressed_gender is not None:
            for i, c in enumerate(names):
                if genders.get(c) == turn.addressed_gender:
                    row[i] *= ADDRESSED_GENDER
        row /= row.sum()
        if turn.anchor is not None and turn.anchor in index:
            s = min(max(turn.anchor_score, 0.05), 0.995)
            row *= 1 - s
            row[index[turn.anchor]] += s
        out[t] = np.log(row)
    return out


def _logsumexp(a: FloatArray, axis: int) -> FloatArray:
    m = a.max(axis=axis, keepdims=True)
    out: FloatArray = np.squeeze(m, axis=axis) + np.log(np.exp(a - m).sum(axis=axis))
    return out


def posteriors(turns: Sequence[Turn], cast: Cast, genders: Mapping[str, str]) -> FloatArray:
    """Posterior probability ``[turn, candidate]`` of each candidate speaking each turn;
    `genders` maps candidates to ``male`` or ``female`` where known."""
    n, size = len(cast.names), len(turns)
    emit = _emissions(turns, cast, genders)
    if size == 1:
        return _normalise(emit[0])[None, :]
    first, second, same = _tables(n)

    goes_on = math.log(GOES_ON) * np.eye(n)  # added to the same speaker going on

    def step1(t: int) -> FloatArray:  # [prev, cur] into turn t = 1
        if turns[t].continues:
            return same
        table = first[_level(turns[t])]
        return table + goes_on if turns[t].goes_on else table

    def step2(t: int) -> FloatArray:  # [prev2, prev, cur] into turn t >= 2
        if turns[t].continues:
            return np.broadcast_to(same, (n, n, n))
        table = second[_level(turns[t])]
        return table + goes_on[None, :, :] if turns[t].goes_on else table

    # alpha[t - 1][i, j]: log p(evidence up to t, speaker t-1 = i, speaker t = j), t >= 1
    a0 = emit[0] - math.log(n)
    alpha: list[FloatArray] = [a0[:, None] + step1(1) + emit[1][None, :]]
    for t in range(2, size):
        prev = alpha[-1]
        alpha.append(_logsumexp(prev[:, :, None] + step2(t), axis=0) + emit[t][None, :])
    beta: list[FloatArray] = [np.zeros((n, n))]
    for t in range(size - 2, 0, -1):
        nxt = beta[0]
        beta.insert(0, _logsumexp(step2(t + 1) + emit[t + 1][None, None, :] + nxt[None, :, :], 2))
    out: FloatArray = np.empty((size, n))
    first_joint = alpha[0] + beta[0]  # speakers of turns 0 and 1
    out[0] = _normalise(_logsumexp(first_joint, axis=1))
    for t in range(1, size):
        out[t] = _normalise(_logsumexp(alpha[t - 1] + beta[t - 1], axis=0))
    return out


def _normalise(logp: FloatArray) -> FloatArray:
    p: FloatArray = np.exp(logp - logp.max())
    out: FloatArray = p / p.sum()
    return out


def decode(
    turns: Sequence[Turn],
    context: Mapping[str, float] | None = None,
    genders: Mapping[str, str] | None = None,
    off_scene: bool = False,
) -> list[Assignment]:
    """The speaker of every turn of one conversation, with confidence and reason.

    `context` weighs the characters the narration before the conversation is about (up to
    1), `genders` gives candidates' genders, `off_scene` lets an off-scene voice take turns.
    """
    if not turns:
        return []
    cast = cast_of(turns, context or {}, off_scene)
    names = cast.names
    if not names:
        return [Assignment(None, 0.0, "no candidate speaker") for _ in turns]
    post = posteriors(turns, cast, genders or {})
    picks = [int(np.argmax(row)) for row in post]
    out: list[Assignment] = []
    for t in range(len(turns)):
        best = names[picks[t]]
        conf = round(float(post[t, picks[t]]), 3)
        speaker = None if best == OFF_SCENE else best
        out.append(Assignment(speaker, conf, _reason(turns, names, picks, t)))
    return out


def _reason(turns: Sequence[Turn], names: Sequence[str], picks: Sequence[int], t: int) -> str:
    """Why turn `t` got its speaker, in words."""
    turn = turns[t]
    best = names[picks[t]]
    if best == OFF_SCENE:
        return "turn-taking: an off-scene voice (phone call or interview)"
    if turn.anchor == best:
        return turn.anchor_reason
    if t > 0 and best in turns[t - 1].addressees:
        return "turn-taking: addressed in the previous turn"
    if t > 1 and names[picks[t - 2]] == best and picks[t - 1] != picks[t]:
        return "turn-taking: alternates with the previous speaker"
    if t + 2 < len(turns) and names[picks[t + 2]] == best and picks[t + 1] != picks[t]:
        return "turn-taking: alternates with the next speaker"
    if t + 1 < len(turns) and best in turns[t + 1].addressees:
        return "turn-taking: addressed in the next turn"
    if turn.anchor is not None:
        return "turn-taking overrides a weak beat"
    return "conversation: most likely participant"
