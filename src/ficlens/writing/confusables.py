"""Words that get confused, judged by their context rather than from a blind word list.

"envelop" is a fine verb ("fog began to envelop the town"); after "the" or "an" it is a
misspelt noun. Each rule here is a regex over a paragraph that matches only the context in
which the word is wrong, sometimes with a check of the words around it, and carries the
reason a writer can act on. Phrases that are wrong anywhere (eggcorns such as "free
reign", non-words such as "alot") come from ``data/writing/phrases.toml``.

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

from ficlens.narrative.tense import ADJ, ADV, NOUN, VBD, VBG, VBN, VBP, word_bits

CONFUSABLE = "confusable"
TYPO = "typo"
OTHER = "other"

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


CONTEXT_RULES: tuple[ContextRule, ...] = (
    ContextRule(
        "confusable.envelope",
        CONFUSABLE,
        _rx(rf"{_START}{_DET}\s+(?P<w>envelops?){_END}"),
        _table(envelop="envelope", envelops="envelopes"),
        "“Envelop” is the verb (to wrap up); the paper cover of a letter is an “envelope”.",
        triggers="envelop envelops",
    ),
    ContextRule(
        "confusable.whose",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?P<w>who{_APOS}s)\s+
            (?:own|turn|fault|idea|side|car|house|name|phone|mom|mother|dad|father|sister
              |brother|son|daughter|wife|husband|boyfriend|girlfriend|parents|kids|child
              |children|job|room|bag|coat|jacket|dog|cat|voice|hand|hands|eyes|face){_END}"""
        ),
        _to("whose"),
        "“Who's” means “who is”; the possessive is “whose” (“whose turn”, “whose car”).",
        triggers="who's",
    ),
    ContextRule(
        "confusable.whose-clause",
        CONFUSABLE,
        _rx(
            rf""",\s*(?P<w>who{_APOS}s)\s+(?P<first>[a-z]+)\s+
            (?:[\w’'-]+\s+){{0,5}}?(?:was|is|were|are)\s"""
        ),
        _to("whose"),
        "“Who's” means “who is”, but this clause already has its verb later on: the "
        "possessive “whose” is meant (“Nell, whose real boss was her aunt”).",
        accept=_possessed_noun_phrase,
        triggers="who's",
    ),
    ContextRule(
        "confusable.whos",
        CONFUSABLE,
        _rx(rf"{_START}(?P<w>whose)\s+(?:been|going|gonna|there|here|coming|that){_END}"),
        _to("who's"),
        "“Whose” is the possessive; “who is” / “who has” contracts to “who's”.",
        triggers="whose",
    ),
    ContextRule(
        "confusable.lying",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?P<w>laying|lays)\s+(?:down\s+)?
            (?:(?:on|beside|across|against|under|beneath|next\s+to)\s+
              (?:the|her|his|my|their|our|your|a)\s+[\w’'-]+|in\s+(?:(?:the|her|his|my)\s+)?bed)
            (?=\s*(?:[.,;!?…—]|--|$)|\s+(?:and|with|in|for|while|as|when|until|all)\b)"""
        ),
        _table(laying="lying", lays="lies"),
        "To “lay” takes an object (lay the book down); a person or thing resting is "
        "“lying” / “lies”.",
        triggers="laying lays",
    ),
    ContextRule(
        "confusable.lying-down",
        CONFUSABLE,
        _rx(
            rf"""(?:{_START}(?P<w>laying|lays)|(?-i:\b(?:[Ss]he|[Hh]e|I|[Tt]hey|[Ww]e)\s+)
              (?P<w2>laid))\s+down
            (?=\s*[.,;!?…]|\s+(?:on|in|beside|next|for|with|again|to\s+sleep|and)\b)"""
        ),
        _table(laying="lying", lays="lies", laid="lay"),
        "To “lay down” needs an object (lay the baby down); reclining is “lie down” "
        "(lying, lies, lay).",
        accept=_not_after("was", "were", "been", "be", "being", "is", "are"),
        triggers="laying lays laid",
    ),
    ContextRule(
        "confusable.lose",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:{_MODAL}|about\s+to|going\s+to)\s+(?P<w>loose)\s+
            (?:(?:my|his|her|their|your|our|its)\s+(?:mind|temper|patience|cool|nerve|way|job
                |balance|focus|sanity|virginity|edge|touch|chance|chances|life|lives|head)
              |track|weight|control|hope|sight|interest|count|sleep|focus|patience|time|face
              |everything|anything){_END}"""
        ),
        _to("lose"),
        "“Loose” means not tight (and to loose is to set free); to mislay or fail to keep "
        "is to “lose”.",
        triggers="loose",
    ),
    ContextRule(
        "confusable.losing",
        CONFUSABLE,
        _rx(rf"""{_START}(?P<w>loosing)\s+(?:(?:my|his|her|their|your|our|its)\s+(?:mind|temper|patience|cool|nerve|way|job
                |balance|focus|sanity|virginity|edge|touch|chance|chances|life|lives|head)
              |track|weight|control|hope|sight|interest|count|sleep|focus|patience|time|face
              |everything|anything){_END}"""),
        _to("losing"),
        "“Loosing” means setting free; failing to keep something is “losing”.",
        triggers="loosing",
    ),
    ContextRule(
        "confusable.loose",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:let|lets|break|broke|broken|came|come|comes|coming|cut|set|tore
              |torn|shook|shake|wriggled|wriggle|pulled|worked|hang|hanging|hung)\s+
            (?P<w>lose)(?=\s*[.,;!?…)]|\s+(?:from|of|and|again|on)\b)"""
        ),
        _to("loose"),
        "“Lose” means to mislay; free or not fastened is “loose” (break loose, let loose).",
        triggers="lose",
    ),
    ContextRule(
        "confusable.loose-ends",
        CONFUSABLE,
        _rx(rf"{_START}(?P<w>lose)(?:\s+ends|-fitting|\s+strands|\s+tendrils|\s+cannon){_END}"),
        _to("loose"),
        "“Lose” is a verb; not fastened is “loose” (loose ends, loose-fitting).",
        triggers="lose",
    ),
    ContextRule(
        "confusable.youre",
        CONFUSABLE,
        _rx(
            rf"""{_CLAUSE_START}(?P<w>your)\s+(?:welcome|right|wrong|kidding|joking)
            (?=\s*[.,!?;…”"’]|\s*$)"""
        ),
        _to("you're"),
        "“Your” is possessive; “you are” contracts to “you're” (“you're welcome”).",
        triggers="your",
    ),
    ContextRule(
        "confusable.youre-before",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?P<w>your)\s+(?:(?-i:a|an|the)|gonna|going\s+to\s+(?P<verb>[a-z]+)){_END}"""
        ),
        _to("you're"),
        "“Your” is possessive and cannot come before “a”, “the” or a verb: “you are” "
        "contracts to “you're”.",
        accept=_verb_not_gerund,
        triggers="your",
    ),
    ContextRule(
        "confusable.youre-not",
        CONFUSABLE,
        _rx(rf"""{_START}(?P<w>your)\s+(?:not|so|too|such\s+an?|always\s+so){_END}"""),
        _to("you're"),
        "“Your” is possessive; opening a clause before “not” or “so” it stands for “you "
        "are”: “you're”.",
        accept=_at_clause_start,
        triggers="your",
    ),
    ContextRule(
        "confusable.your",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?P<w>you{_APOS}re)\s+
            (?:own|mom|dad|mother|father|phone|car|name|fault|turn|eyes|hair|hands|birthday
              |boyfriend|girlfriend|sister|brother){_END}"""
        ),
        _to("your"),
        "“You're” means “you are”; the possessive is “your” (“your own”, “your mom”).",
        triggers="you're",
    ),
    ContextRule(
        "confusable.its",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?P<w>its)\s+
            (?:(?-i:a|an|the)|been|gonna|okay|ok|alright|probably|about\s+time|going\s+to
              |getting|raining|snowing|because
              |not\s+(?:a|an|the|that|my|your|his|her|me|you|him|us|them|fair|true|right|wrong
                |okay|ok|fine|like|about|as|so|too|very|really|just|what|how|worth|over|enough
                |funny|possible|easy|hard|bad|good|even|yet|here|there|going|gonna|because|for)
              |so\s+(?:good|bad|nice|cold|hot|late|early|hard|easy|weird|strange)){_END}"""
        ),
        _to("it's"),
        "“Its” is possessive; “it is” / “it has” contracts to “it's”.",
        accept=_AFTER_PREPOSITION,
        triggers="its",
    ),
    ContextRule(
        "confusable.its-possessive",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?P<w>it{_APOS}s)\s+
            (?:own|tail|paws|wings|fur|hinges|contents|lid|owner|mane|hooves|claws|jaws|leash
              |collar){_END}"""
        ),
        _to("its"),
        "“It's” means “it is”; the possessive has no apostrophe: “its”.",
        triggers="it's",
    ),
    ContextRule(
        "confusable.than",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:more|less|fewer|rather|other)\s+(?P<w>then)\s+
            (?:ever|usual|expected|before|anyone|anything|everyone|everything|anybody
              |necessary|needed|normal|(?-i:I)|you|he|she|they|we|me|him|her|them|us|his|my
              |their|our|your|(?-i:a|an)|that|this|what|one|two|three|a\s+few|enough){_END}"""
        ),
        _to("than"),
        "Comparisons take “than”; “then” is about time or sequence.",
        triggers="then",
    ),
    ContextRule(
        "confusable.than-comparative",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:better|worse|bigger|smaller|larger|older|younger|taller|shorter
              |faster|slower|harder|easier|higher|lower|longer|greater|sooner|earlier|later
              |happier|prettier|stronger|smarter)\s+
            (?P<w>then)\s+(?:ever|usual|expected|before|anyone|anything|everyone|everything
              |anybody|necessary|normal|(?-i:I)\s+(?:thought|expected|imagined)){_END}"""
        ),
        _to("than"),
        "Comparisons take “than”; “then” is about time or sequence.",
        triggers="then",
    ),
    ContextRule(
        "confusable.then",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:(?:and|since|until|till|now\s+and|but)\s+(?P<w>than)
              (?!\s+(?:ever|usual|before|expected){_END})
              |back\s+(?P<w2>than)(?=\s*[,.;!?…]))"""
        ),
        _to("then"),
        "“Than” compares; for time or sequence write “then” (“and then”, “back then”).",
        triggers="than",
    ),
    ContextRule(
        "confusable.effect",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:an?|the|any|no|big|huge|great|positive|negative|lasting|strange
              |calming|desired|opposite|side|same|little|real|whole)\s+
            (?P<w>affects?)\s+(?:on|of){_END}"""
        ),
        _table(affect="effect", affects="effects"),
        "The noun for a result is “effect”; “affect” is the verb (it affects you).",
        triggers="affect affects",
    ),
    ContextRule(
        "confusable.side-effect",
        CONFUSABLE,
        _rx(rf"{_START}side\s+(?P<w>affects?){_END}"),
        _table(affect="effect", affects="effects"),
        "The phrase is “side effect”; “affect” is the verb.",
        triggers="affect affects",
    ),
    ContextRule(
        "confusable.affect",
        CONFUSABLE,
        _rx(
            rf"""{_START}{_MODAL}\s+(?P<w>effect)\s+
            (?:me|him|us|them|you|anyone|everyone|how|the\s+way){_END}"""
        ),
        _to("affect"),
        "To influence something is to “affect” it; to “effect” means to bring about.",
        triggers="effect",
    ),
    ContextRule(
        "confusable.affected",
        CONFUSABLE,
        _rx(rf"{_START}(?P<w>effected)\s+(?:me|him|us|them){_END}"),
        _to("affected"),
        "Influenced is “affected”; “effected” means brought about.",
        triggers="effected",
    ),
    ContextRule(
        "confusable.every-day",
        CONFUSABLE,
        _rx(
            r"""(?<![\w’'-])(?P<w>everyday)
            (?=\s*[.,;!?…)]|\s+(?:the|(?-i:a|an|I)|he|she|they|we|you|it|at|for|since|after
              |before|when|until|of|in|to|this|that|from)\b)"""
        ),
        _to("every day"),
        "“Everyday” is an adjective (everyday clothes); meaning each day it is two words, "
        "“every day”.",
        triggers="everyday",
    ),
    ContextRule(
        "confusable.should-have",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:should|could|would|must|might|(?:shouldn|couldn|wouldn|mustn)
              {_APOS}t)\s+(?P<w>of){_END}"""
        ),
        _to("have"),
        "“Should of” is a mishearing of “should've”: write “should have”.",
        accept=_perfect_follows,
        triggers="should could would must might shouldn't couldn't wouldn't mustn't",
    ),
    ContextRule(
        "confusable.peek",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:(?:a|quick|little|brief)\s+(?P<w>peak)\s+(?:at|into|inside|through)
              |(?P<w2>peak(?:s|ed|ing)?)\s+(?:through|inside)\s+(?:the|a|his|her|my|their))
            {_END}"""
        ),
        _table(peak="peek", peaks="peeks", peaked="peeked", peaking="peeking"),
        "A quick look is a “peek”; a “peak” is a summit or high point.",
        triggers="peak peaks peaked peaking",
    ),
    ContextRule(
        "confusable.breathe",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:to|can|could|cannot|will|would|should|must|not|(?:couldn|can|didn
              |don|won)['’]t)\s+(?P<w>breath)
            (?=\s*[.,;!?…]|\s+(?:in|out|again|normally|deeply|properly|easier|easy|through
              |for)\b)"""
        ),
        _to("breathe"),
        "“Breath” is the noun; the verb is “breathe”.",
        triggers="breath",
    ),
    ContextRule(
        "confusable.breath",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:a|deep|his|her|my|their|your|our|shaky|shuddering|sharp|ragged|long
              |shallow|calming|steadying|quick|another|last)\s+(?P<w>breathe){_END}"""
        ),
        _to("breath"),
        "“Breathe” is the verb; the noun is “breath” (“a deep breath”).",
        accept=_not_after(
            "hear",
            "heard",
            "hearing",
            "make",
            "made",
            "makes",
            "let",
            "lets",
            "watch",
            "watched",
            "see",
            "saw",
            "feel",
            "felt",
            "help",
            "helped",
            "letting",
        ),
        triggers="breathe",
    ),
    ContextRule(
        "confusable.past",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:walk(?:ed|s|ing)?|went|go(?:es|ing)?|ran|run(?:s|ning)?|drove
              |driv(?:e|es|ing)|rush(?:ed|es|ing)?|brush(?:ed|es|ing)?|push(?:ed|es|ing)?
              |slip(?:ped|s|ping)?|mov(?:ed|es|ing)|hurr(?:ied|ies|ying)|stroll(?:ed|s|ing)?
              |step(?:ped|s|ping)?|strode|wander(?:ed|s|ing)?|sped|speed(?:s|ing)?
              |march(?:ed|es|ing)?|shov(?:ed|es|ing)|squeez(?:ed|es|ing)|sneak(?:ed|s|ing)?
              |snuck|zoom(?:ed|s|ing)?|stumbl(?:ed|es|ing)|limp(?:ed|s|ing)?)\s+
            (?P<w>passed)\s+(?:the|her|him|me|them|his|my|their|a|an|it|us|your|our){_END}"""
        ),
        _to("past"),
        "After a verb of motion, “past” is the preposition (walked past the door); "
        "“passed” is the verb.",
        triggers="passed",
    ),
    ContextRule(
        "confusable.led",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?-i:[Hh]e|[Ss]he|[Ii]t)\s+(?P<w>lead)\s+
            (?:him|her|them|me|us|the|his|their|my|our|you|everyone){_END}"""
        ),
        _to("led"),
        "The past tense of “lead” is “led”; after “he”/“she” the present would be “leads”.",
        accept=_not_after(
            "shall",
            "will",
            "would",
            "could",
            "should",
            "may",
            "might",
            "must",
            "can",
            "did",
            "does",
            "do",
            "let",
            "make",
            "made",
            "unless",
            "if",
            "lest",
            "that",
            "till",
            "until",
        ),
        triggers="lead",
    ),
    ContextRule(
        "confusable.supposed",
        CONFUSABLE,
        _rx(rf"{_START}(?:was|were|is|are|am|be|been|{_APOS}re|{_APOS}m)\s+(?P<w>suppose)\s+to\b"),
        _to("supposed"),
        "The phrase is “supposed to”: the -d is easy to miss in speech.",
        triggers="suppose",
    ),
    ContextRule(
        "confusable.used-to",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:was|were|got|get|gets|getting|be|been|am|{_APOS}m|{_APOS}re)\s+
            (?:so\s+)?(?P<w>use)\s+to\b"""
        ),
        _to("used"),
        "Accustomed is “used to” (“get used to it”).",
        triggers="use",
    ),
    ContextRule(
        "confusable.summon",
        CONFUSABLE,
        _rx(
            rf"""{_START}(?:to|will|would|could|can|must|should|(?:can|couldn|didn|don)
              {_APOS}t)\s+(?P<w>summons)\s+(?:up|the|her|his|my|their|your|our|all|enough
              |some){_END}"""
        ),
        _to("summon"),
        "The verb is “summon” (summon the courage); “summons” is a noun or the "
        "third person (“she summons”).",
        triggers="summons",
    ),
    ContextRule(
        "confusable.wonder",
        CONFUSABLE,
        _rx(rf"{_START}(?P<w>wander(?:s|ed|ing)?)\s+(?:if|whether|why){_END}"),
        _table(wander="wonder", wanders="wonders", wandered="wondered", wandering="wondering"),
        "To ask oneself is to “wonder”; to “wander” is to roam.",
        triggers="wander wanders wandered wandering",
    ),
    ContextRule(
        "grammar.she-and",
        OTHER,
        _rx(
            r"""(?:^|(?<=[.!?;])\s+|\b(?:maybe|and|but|so|because|that|when|if|since|while
              |until|though|although)\s+)
            (?P<w>(?-i:[Hh]er|[Hh]im))\s+and\s+(?-i:[A-Z][\w’'-]+)\s+
            (?:are|were|have|had|went|both)\b"""
        ),
        _table(her="she", him="he"),
        "The subject of a verb takes the subject pronoun: “she and Theo are”, not "
        "“her and Theo are”.",
        narration_only=True,
        triggers="her him",
    ),
    ContextRule(
        "grammar.subject-pronoun",
        OTHER,
        _rx(
            rf"""{_START}(?:if|when|because|since|while|until|though|although|whether)\s+
            (?P<w>(?-i:her|him))\s+(?:had|was|has|is|would|could|will|did|does){_END}"""
        ),
        _table(her="she", him="he"),
        "The subject of a verb takes a subject pronoun (“if she had”, “if he had”), not "
        "“her” or “him”.",
        narration_only=True,
        triggers="her him",
    ),
    ContextRule(
        "confusable.alright",
        CONFUSABLE,
        _rx(rf"{_START}(?P<w>alright){_END}"),
        _to("all right"),
        "Style: “alright” is informal; many editors and publishers prefer “all right”.",
        narration_only=True,
        triggers="alright",
    ),
)
"""The context rules, in the order they are tried."""

DEFAULT_OFF = frozenset({"confusable.alright"})
"""Rules that only run when asked for (style notes rather than errors)."""


@cache
def phrase_rules() -> tuple[ContextRule, ...]:
    """Rules for the always-wrong phrases and spellings of ``data/writing/phrases.toml``."""
    path = resources.files("ficlens") / "data" / "writing" / "phrases.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rules = []
    for entry in data["phrase"]:
        forms = "|".join(
            r"[\s-]+".join(re.escape(part) for part in wrong.split())
            for wrong in sorted(entry["wrong"], key=len, reverse=True)
        )
        prefix = "spelling" if entry["type"] == TYPO else "confusable"
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
    return CONTEXT_RULES + phrase_rules()


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
