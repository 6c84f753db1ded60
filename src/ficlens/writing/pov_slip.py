"""POV slips: another character's private thoughts inside a scene that follows someone else.

In a scene told from Maren's point of view the reader knows what Maren thinks and feels,
and only what others show: "Tova frowned" is something Maren can see, "Tova thought he
looked tired" is not. A slip is a cue of an inner state only its subject can know (wondered,
realized, hoped, thought, felt guilty, "couldn't help but think", "his heart sank", "thought
to herself") whose subject is a character other than the focal one:

* a name (not an epithet) of another character, or
* a pronoun of the other gender ("he wondered" in a scene following a woman). A pronoun
  of the focal character's own gender is never flagged: it is most likely the focal
  character.

Precision comes first, so nothing is flagged unless the scene's point of view is clear
(limited or first person, score at least `MIN_SCORE`) and the clause asserts the thought:
not in dialogue, not hypothetical ("he would know"), negated ("she didn't notice"), hedged
("probably knew", "seemed to think"), asked ("Did he know?") or embedded in another
thought ("she knew he wanted", "he could tell that she knew"). Omniscient scenes are left
alone: moving between heads is what they do.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ficlens.document import Document
from ficlens.layers import CAST, MENTIONS, PERSON, POV
from ficlens.narrative.person import person_stage
from ficlens.narrative.pov import (
    BODY,
    FEELING,
    FIRST_MODE,
    GROUPS,
    LIMITED,
    Cue,
    ScenePov,
    scene_povs,
)
from ficlens.writing.checks import Context, Finding

POV_SLIP = "pov_slip"
RULE = "pov-slip"
SUMMARY = "another character's private thoughts inside a scene that follows someone else"
MIN_SCORE = 0.7


def pov_slips(doc: Document) -> list[Finding]:
    """The POV slips of `doc`, in text order.

    `doc` needs the structure layers and ``cast`` and ``mentions`` (without them there is
    no telling whose head a thought is in, and nothing is reported); ``person`` is computed
    if missing. A ``pov`` layer, when present, decides each scene's focal character, mode
    and score.
    """
    if not (doc.has(CAST) and doc.has(MENTIONS)):
        return []
    if not doc.has(PERSON):
        doc = person_stage(doc)
    layer = doc.layer(POV) if doc.has(POV) else None
    found: list[Finding] = []
    for reading in scene_povs(doc):
        focal, mode, score, pools = reading.focal, reading.mode, reading.score, reading.pronouns
        if layer is not None:
            span = layer.at(reading.start)
            if span is None:
                continue
            focal, mode = span.label, str(span.attrs.get("mode", ""))
            score = float(span.attrs.get("score", 0.0))
            pools = span.attrs.get("pronouns", pools)
        if not focal or mode not in (LIMITED, FIRST_MODE) or score < MIN_SCORE:
            continue
        found.extend(_scene_slips(doc.text, reading, focal, pools))
    return found


def pov_slip_rule(ctx: Context) -> Iterator[Finding]:
    """The rule function for the beta-reader registry (`ficlens.writing.checks.rules`)."""
    yield from pov_slips(ctx.doc)


def _scene_slips(
    text: str, reading: ScenePov, focal: str, pools: Mapping[str, Any]
) -> Iterator[Finding]:
    """Strong, asserted inner-state cues of characters other than `focal` in one scene."""
    focal_pools = {pool for pool, ident in pools.items() if ident == focal}
    for cue in reading.cues:
        if not cue.strong or cue.hedged:
            continue
        if cue.ref in GROUPS:
            if cue.ref in focal_pools or not focal_pools:
                continue  # same gender as the focal character: most likely them
            who = None  # which "he" is a guess: do not name one
        elif cue.named and cue.ref != focal:
            who = cue.ref
        else:
            continue
        yield _finding(text, cue, focal, who)


def _finding(text: str, cue: Cue, focal: str, who: str | None) -> Finding:
    """The finding for one slip, with a hedged rewrite when the cue is "Name verbed"."""
    words = text[cue.start : cue.end]
    whose = f"{who}’s" if who else "another character’s"
    inner = "feelings" if cue.kind in (FEELING, BODY) else "thoughts"
    message = (
        f"POV slip: this scene follows {focal}, but “{words}” tells {whose} private {inner}. "
        f"{focal} can only see what others do and say: show it, or make it {focal}’s guess."
    )
    return Finding(cue.start, cue.end, POV_SLIP, RULE, message, _hedged(words, cue))


def _hedged(words: str, cue: Cue) -> str | None:
    """ "Tova thought" → "Tova seemed to think": the thought as the focal character's
    impression. None unless the cue ends in its verb, a simple past or present."""
    subject, _, verb = words.rpartition(" ")
    if not subject or verb != cue.word or not cue.lemma or verb.endswith("ing"):
        return None
    present = verb.lower().endswith("s") and verb.lower() != cue.lemma
    return f"{subject} {'seems' if present else 'seemed'} to {cue.lemma}"
