"""Words that get confused, judged by their context rather than from a blind word list.

"envelop" is a fine verb ("fog began to envelop the town"); after "the" or "an" it is a
misspelt noun. Each context rule (``data/writing/context.toml``) is a regex over a paragraph
that matches only the context in which the word is wrong, sometimes with a check of the
words around it (defined here), and carries the reason a writer can act on. Phrases that
are wrong anywhere (eggcorns such as "free reign", non-words such as "alot") come from
``data/writing/phrases.toml``.

A few rules about pronoun case ("maybe her and Theo are") work the same way. Rules are
named ``confusable.<name>``, ``spelling.<name>`` (misspellings) or ``grammar.<name>`` so
they can be switched off one at a time or as a group.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ficlens.narrative.tense import ADJ, ADV, NOUN, VBD, VBG, VBN, VBP, word_bits

CONFUSABLE = "confusable"
TYPO = "typo"

_END = r"(?![\w’'-])"
_START = r"(?<![\w’'-])"
_APOS = "['’]"
_DET = r"(?:an?|the|this|that|these|those|his|her|my|your|their|our|its|each|every|one|another)"
_MODAL = (
    rf"(?:to|will|would|could|might|may|can|cannot|must|should|not|never|gonna|"
    rf"(?:can|don|didn|won|wouldn|couldn|shouldn|doesn){_APOS}t)"
)
_CLAUSE_START = r"(?:^|(?<=[.!?,;:“\"‘—…(])\s*|\b(?:oh|well|and|but|so)\s+)"


@dataclass(frozen=True, slots=True)
class ContextRule:
    """One confusion: where it is wrong, what to write instead, and why.

    `pattern` matches the wrong context with the wrong word in the group ``w``;
    `fix` maps the matched word (lower case) to the right one; `accept`, when given, must
    also approve the match; `narration_only` rules skip text inside quotation marks.
    `triggers` are the words (lower case, space-separated) one of which every match
    contains: the pattern is only tried near them, which keeps the rules cheap.
    """

    name: str
    type: str
    pattern: re.Pattern[str]
    fix: Callable[[str], str]
    reason: str
    accept: Callable[[re.Match[str]], bool] | None = None
    narration_only: bool = False
    triggers: str = ""


@dataclass(frozen=True, slots=True)
class Confusion:
    """A match of a rule: the wrong word's span and the suggestion."""

    rule: ContextRule
    start: int
    end: int
    suggestion: str


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


def _to(word: str) -> Callable[[str], str]:
    return lambda _: word


def _table(**pairs: str) -> Callable[[str], str]:
    def fix(word: str) -> str:
        return pairs.get(word.replace("’", "'"), word)

    return fix


_NEXT_WORD = re.compile(r"\s+([\w’'-]+)")
_LAST_WORD = re.compile(r"([\w’'-]+)\s+$")


def _not_after(*words: str) -> Callable[[re.Match[str]], bool]:
    """Accept a match unless the word before it is one of `words` ("was laid down": passive)."""
    banned = frozenset(words)

    def accept(m: re.Match[str]) -> bool:
        before = _LAST_WORD.search(m.string[max(0, m.start() - 40) : m.start()])
        return before is None or before.group(1).lower() not in banned

    return accept


def _next_word_bits(m: re.Match[str], after: str) -> int:
    """Word-class bits of the word after the group `after` of a match (0 if none)."""
    following = _NEXT_WORD.match(m.string, m.end(after))
    return word_bits(following.group(1)) if following else 0


def _perfect_follows(m: re.Match[str]) -> bool:
    """Whether a past participle follows ("could of known"): "of" stands for "have"."""
    return bool(_next_word_bits(m, "w") & (VBN | VBD))


_CLAUSE_WORDS = frozenset({"oh", "well", "and", "but", "so"})
_TRAILING_WORD = re.compile(r"(\w+)$")


def _at_clause_start(m: re.Match[str]) -> bool:
    """Whether the match opens its paragraph, sentence, quotation or clause."""
    head = m.string[max(0, m.start() - 12) : m.start()].rstrip()
    if not head or head[-1] in '.!?,;:“"‘—…(':
        return True
    last = _TRAILING_WORD.search(head)
    return last is not None and last.group(1).lower() in _CLAUSE_WORDS


def _verb_follows(m: re.Match[str]) -> bool:
    """Whether a verb follows "going to" ("your going to love it", not "... to school")."""
    verb = m.group("verb")
    if verb is None:
        return True
    return bool(word_bits(verb) & VBP) and verb not in _PLACES


_PREPOSITIONS = (
    "of", "o'", "o’", "without", "about", "for", "on", "from", "by", "with", "in", "at", "to",
    "upon", "despite", "like", "than", "against", "before", "after", "mind", "appreciate",
)  # fmt: skip
"""Words after which "its"/"your" + verb-ing is a gerund ("afraid of its getting out")."""

_AFTER_PREPOSITION = _not_after(*_PREPOSITIONS)


def _verb_not_gerund(m: re.Match[str]) -> bool:
    """A verb after "going to", and "your" not after a preposition ("of your going": a gerund)."""
    return _verb_follows(m) and _AFTER_PREPOSITION(m)


_PLACES = frozenset({
    "school", "church", "bed", "work", "town", "college", "jail", "prison", "sleep", "class",
    "court", "sea", "war", "market",
})  # fmt: skip


def _possessed_noun_phrase(m: re.Match[str]) -> bool:
    """Whether an adjective or noun follows "who's" (", who's real boss ... was")."""
    bits = word_bits(m.group("first"))
    return bool(bits & (ADJ | NOUN)) and not bits & (VBG | VBN | ADV)


DEFAULT_OFF = frozenset({"confusable.alright"})
"""Rules that only run when asked for (style notes rather than errors)."""


_FRAGMENTS = {
    "start": _START,
    "end": _END,
    "apos": _APOS,
    "det": _DET,
    "modal": _MODAL,
    "clause_start": _CLAUSE_START,
}
"""The pattern pieces `context_rules` patterns name in braces (besides their own fragments)."""

_CHECKS: dict[str, Callable[[re.Match[str]], bool]] = {
    "possessed-noun-phrase": _possessed_noun_phrase,
    "verb-not-gerund": _verb_not_gerund,
    "clause-start": _at_clause_start,
    "not-after-preposition": _AFTER_PREPOSITION,
    "perfect-follows": _perfect_follows,
}
"""The checks a context rule's ``accept`` names."""


def _data(name: str) -> dict[str, Any]:
    """The parsed data file ``data/writing/<name>``."""
    path = resources.files("ficlens") / "data" / "writing" / name
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def context_rules() -> tuple[ContextRule, ...]:
    """The context rules of ``data/writing/context.toml``, in the order they are tried."""
    data = _data("context.toml")
    fragments = {**_FRAGMENTS, **data.get("fragments", {})}
    rules = []
    for entry in data["rule"]:
        fix = entry["fix"]
        accept = _CHECKS[entry["accept"]] if "accept" in entry else None
        if "not_after" in entry:
            accept = _not_after(*entry["not_after"])
        rules.append(
            ContextRule(
                entry["name"],
                entry["type"],
                _rx(entry["pattern"].format_map(fragments)),
                _to(fix) if isinstance(fix, str) else _table(**fix),
                entry["reason"],
                accept=accept,
                narration_only=entry.get("narration_only", False),
                triggers=entry["triggers"],
            )
        )
    return tuple(rules)


@cache
def phrase_rules() -> tuple[ContextRule, ...]:
    """Rules for the always-wrong phrases and spellings of ``data/writing/phrases.toml``."""
    rules = []
    for entry in _data("phrases.toml")["phrase"]:
        forms = "|".join(
            r"[\s-]+".join(re.escape(part) for part in wrong.split())
            for wrong in sorted(entry["wrong"], key=len, reverse=True)
        )
        prefix = "spelling" if entry["type"] == TYPO else CONFUSABLE
        triggers = {max(wrong.split(), key=len) for wrong in entry["wrong"]}
        rules.append(
            ContextRule(
                f"{prefix}.{entry['rule']}",
                entry["type"],
                _rx(rf"{_START}(?P<w>{forms}){_END}"),
                _to(entry["right"]),
                entry["reason"],
                triggers=" ".join(sorted(triggers)),
            )
        )
    return tuple(rules)


def all_rules() -> tuple[ContextRule, ...]:
    """Every confusable and spelling rule: context rules, then phrase rules."""
    return context_rules() + phrase_rules()


def _match_case(word: str, fix: str) -> str:
    if word[:1].isupper():
        return fix[:1].upper() + fix[1:]
    return fix


_WORD = re.compile(r"[^\W\d_][\w’']*")
_WINDOW = 80


class Matcher:
    """Finds the matches of some rules, trying each rule only around its trigger words."""

    def __init__(self, rules: Iterable[ContextRule]) -> None:
        self._by_word: dict[str, list[ContextRule]] = {}
        for rule in rules:
            words = rule.triggers.split()
            if not words:
                raise ValueError(f"rule {rule.name!r} has no trigger words")
            for word in words:
                self._by_word.setdefault(word, []).append(rule)

    def find(self, text: str, start: int, end: int) -> Iterator[Confusion]:
        """Matches in the paragraph ``text[start:end]``, in order of their trigger words.

        Patterns run on the paragraph alone, so ``^`` is its start even in hard-wrapped
        text, and lookbehinds never see the paragraph before.
        """
        by_word = self._by_word
        seen: set[tuple[str, int]] = set()
        segment: str | None = None
        for hit in _WORD.finditer(text, start, end):
            rules = by_word.get(hit.group().lower().replace("’", "'"))
            if rules is None:
                continue
            if segment is None:
                segment = text[start:end]
            at = hit.start() - start
            lo = max(0, at - _WINDOW)
            hi = min(len(segment), hit.end() - start + _WINDOW)
            for rule in rules:
                for m in rule.pattern.finditer(segment, lo, hi):
                    if not m.start() <= at < m.end():
                        continue
                    group = "w" if m.group("w") else "w2"
                    key = (rule.name, m.start(group))
                    if key in seen or (rule.accept is not None and not rule.accept(m)):
                        continue
                    seen.add(key)
                    word = m.group(group)
                    yield Confusion(
                        rule,
                        start + m.start(group),
                        start + m.end(group),
                        _match_case(word, rule.fix(word.lower())),
                    )
