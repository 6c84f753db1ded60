"""Plain text and Markdown: the decoded file is the canonical text, unchanged.

Structure is found as stand-off spans over the original characters (CRLF, indentation and
blank lines stay as they are):

* paragraphs: one per line when the writer presses Enter only at paragraph ends, one per
  blank-line block when the text is hard-wrapped;
* scene breaks: ornament lines (``***``, ``oOo``) and blank runs longer than the work's
  usual paragraph separator (measured per work, not fixed);
* chapters: headings such as "Chapter 3: Title", "CHAPTER III", "Prologue", "Part One",
  numbered sections in sequence, and Markdown headings;
* author's notes: a leading note about the writing (with any prompts it announces),
  trailing sign-offs ("Thanks for reading!") and explicit "A/N:" paragraphs.

The helpers here (line scanning, paragraph segmentation, heading patterns, note cues, break
detection) are shared with the other text readers.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ficlens.document import Document, Layer, SourceInfo, Span, WorkMeta
from ficlens.ingest.builder import assemble, is_break_line
from ficlens.layers import PARAGRAPHS, ROLE_BODY, ROLE_FRONT, ROLE_HEADING, ROLE_NOTE

# ---------------------------------------------------------------------------------------------
# Lines and paragraphs

_LINE_LF = re.compile(r"\S(?:[^\n]*\S)?")
_LINE_CR = re.compile(r"\S(?:[^\r]*\S)?")
_QUOTES = "\"“”„«»‘’'‹›「『"
_UNDERLINE = re.compile(r"=+|-+")
_ATX = re.compile(r"(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SENTENCE_END = ".!?\"”’'…:;,)"
_PARAGRAPH_END = ".!?\"”’'…:)*~"

LINE_MODE = "line"
BLOCK_MODE = "block"
WRAPPED_MODE = "wrapped"


def newline_of(text: str) -> str:
    """The line separator a text uses: ``\\n`` (also for CRLF), or ``\\r`` for old Mac files."""
    return "\r" if "\n" not in text and "\r" in text else "\n"


@dataclass(slots=True)
class Lines:
    """The non-blank lines of a text: trimmed ``[start, end)`` and the newlines before each."""

    starts: array[int] = field(default_factory=lambda: array("q"))
    ends: array[int] = field(default_factory=lambda: array("q"))
    gaps: array[int] = field(default_factory=lambda: array("l"))

    def __len__(self) -> int:
        return len(self.starts)

    def add(self, start: int, end: int, gap: int) -> None:
        """Append one line."""
        self.starts.append(start)
        self.ends.append(end)
        self.gaps.append(gap)


def scan_lines(text: str, nl: str = "\n") -> Lines:
    """The non-blank lines of `text` (whitespace-only lines count as blank)."""
    pattern = _LINE_LF if nl == "\n" else _LINE_CR
    lines = Lines()
    prev = 0
    count = text.count
    for m in pattern.finditer(text):
        s = m.start()
        lines.add(s, m.end(), count(nl, prev, s))
        prev = m.end()
    return lines


@dataclass(slots=True)
class Para:
    """A paragraph (or ornament line) found in the text, with what the reader decided about it."""

    start: int
    end: int
    gap: int
    """Newlines between the previous paragraph and this one."""
    lines: int = 1
    ornament: bool = False
    level: int = 0
    """Markdown heading level (ATX ``#`` or setext underline); 0 for other paragraphs."""
    role: str = ROLE_BODY
    heading: Heading | None = None


def _width(lengths: Sequence[int]) -> int:
    ordered = sorted(lengths)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def paragraph_mode(text: str, lines: Lines, *, markdown: bool) -> str:
    """How paragraphs are delimited: `LINE_MODE` (every line), `BLOCK_MODE` (blank-line
    blocks) or `WRAPPED_MODE` (hard-wrapped text without blank lines)."""
    n = len(lines)
    if n < 2:
        return LINE_MODE
    gaps = lines.gaps[1:]
    single = gaps.count(1)
    multi = n - 1 - single
    if single == 0:
        return LINE_MODE
    if markdown:
        return BLOCK_MODE if multi else LINE_MODE
    lengths = [e - s for s, e in zip(lines.starts, lines.ends, strict=True)]
    width = _width(lengths)
    if width > 100 or single < 3:
        return LINE_MODE
    # Hard-wrapped lines are long and mostly end mid-sentence; lines that are paragraphs
    # end with sentence punctuation or a closing quote.
    wrapped = sum(
        1
        for i, g in enumerate(gaps)
        if g == 1 and lengths[i] >= 0.6 * width and text[lines.ends[i] - 1] not in _PARAGRAPH_END
    )
    if wrapped < 0.35 * single:
        return LINE_MODE
    return BLOCK_MODE if multi >= max(2, 0.02 * n) else WRAPPED_MODE


def _is_ornament(text: str, start: int, end: int) -> bool:
    if end - start > 40:
        return False
    line = text[start:end]
    # Speech such as “?” or "!!" is a paragraph, not a divider.
    if any(ch in line for ch in '"“”?!'):
        return False
    return is_break_line(line)


def segment(text: str, lines: Lines, mode: str, nl: str = "\n") -> list[Para]:
    """Group lines into paragraphs; ornament lines and headings always stand alone."""
    paras: list[Para] = []
    cur: Para | None = None
    width = 0
    indented = False
    if mode == WRAPPED_MODE:
        width = _width([e - s for s, e in zip(lines.starts, lines.ends, strict=True)])
        heads = sum(1 for s in lines.starts if s > 0 and text[s - 1] != nl)
        indented = heads < 0.5 * len(lines)
    prev_end = prev_start = 0
    for s, e, g in zip(lines.starts, lines.ends, lines.gaps, strict=True):
        orn = _is_ornament(text, s, e)
        if orn and cur is not None and g == 1 and _underlines(text, cur, s, e):
            cur.end = e
            cur.lines += 1
            cur.level = 1 if text[s] == "=" else 2
            prev_start, prev_end = s, e
            continue
        level = 0
        if text[s] == "#":
            m = _ATX.match(text, s, e)
            if m:
                level = len(m.group(1))
        new = (
            cur is None
            or g >= 2
            or mode == LINE_MODE
            or orn
            or level > 0
            or cur.ornament
            or cur.level > 0
        )
        if not new and mode == WRAPPED_MODE:
            new = (indented and text[s - 1] != nl) or (
                prev_end - prev_start < 0.75 * width and text[prev_end - 1] in _SENTENCE_END
            )
        if new or cur is None:
            cur = Para(s, e, g, ornament=orn, level=level)
            paras.append(cur)
        else:
            cur.end = e
            cur.lines += 1
        prev_start, prev_end = s, e
    return paras


def _underlines(text: str, para: Para, start: int, end: int) -> bool:
    """Whether a ``===``/``---`` line underlines a one-line heading above it (setext)."""
    if para.lines != 1 or para.ornament or para.level or para.end - para.start > 80:
        return False
    if not _UNDERLINE.fullmatch(text, start, end):
        return False
    return text[para.end - 1] not in _SENTENCE_END or text[para.end - 1] in ":)"


# ---------------------------------------------------------------------------------------------
# Headings

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ORD_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_ORD_TEENS = (
    "tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    "eighteenth|nineteenth"
)
_ORD_TENS = "twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth"
_WORD_NUM = rf"(?:(?:{_TENS})(?:[-\s]?(?:{_UNITS}))?|{_TEENS}|{_UNITS})"
_WORD_ORD = rf"(?:(?:{_TENS})[-\s]?(?:{_ORD_UNITS})|{_ORD_TENS}|{_ORD_TEENS}|{_ORD_UNITS})"
_NUM = rf"(?:\d{{1,4}}|{_WORD_ORD}|{_WORD_NUM}|[IVXLCDM]+)"
_VALUES = {w: i + 1 for i, w in enumerate(_UNITS.split("|") + _TEENS.split("|"))} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS.split("|"))
}
_ORD_VALUES = {w: i + 1 for i, w in enumerate(_ORD_UNITS.split("|") + _ORD_TEENS.split("|"))} | {
    w: 20 + 10 * i for i, w in enumerate(_ORD_TENS.split("|"))
}
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

_CHAPTER = re.compile(
    rf"(?:chapter|chap\.|chap|ch\.)\s*(?:(?:the|no\.?|number|#)\s*)?(?P<num>{_NUM}|last|final)\b"
    r"(?P<rest>.*)",
    re.I,
)
_PART = re.compile(
    rf"(?:part|book|volume|vol\.|phase|act)\s+(?:the\s+)?(?P<num>{_NUM})\b(?P<rest>.*)", re.I
)
_UNIT = re.compile(
    rf"(?P<word>letter|adventure|stave|canto|section|episode|day|entry|fragment)\s+"
    rf"(?:the\s+)?(?P<num>{_NUM})\b(?P<rest>.*)",
    re.I,
)
_NAMED = re.compile(
    r"(?P<name>prologue|epilogue|interlude|intermission|coda|afterword|postscript|preface|"
    r"foreword|introduction|bonus chapter|extra chapter)\b(?P<rest>.*)",
    re.I,
)
_NUMERAL = re.compile(
    rf"(?:[\[(—–-]\s*)?(?P<num>\d{{1,3}}|[IVXLCDM]+|[ivxlcdm]+|(?i:{_WORD_NUM}))\s*[\])—–-]?"
    r"(?P<rest>(?:[.:)]|\s).*|)"
)
_MAYBE_HEADING = re.compile(
    rf"[\s#\[(—–*_~=-]*(?:ch|part|book|vol|phase|act|letter|adventure|stave|canto|section|"
    rf"episode|day|entry|fragment|prologue|epilogue|interlude|intermission|coda|afterword|"
    rf"postscript|preface|foreword|introduction|bonus|extra|\d|[IVXLCDM]+(?![a-z])|"
    rf"{_WORD_NUM}(?![a-z]))",
    re.I,
)
"""A cheap test every heading passes (most paragraphs fail it at their first letter)."""
_SEPARATORS = " \t.:;,-–—()[]|~*_#"
_SEPARATOR_CHARS = frozenset(_SEPARATORS)
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or over the to upon with vs".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading line: its pattern kind, stated number (if any), title and Markdown level."""

    kind: str
    number: int | None
    title: str
    level: int = 0
    states: str = ""
    """For a Markdown heading, the kind of heading its text states ("chapter", ...), if any."""


def number_value(token: str) -> int | None:
    """Value of a chapter number written as digits, Roman numerals or English words."""
    if token.isdigit():
        return int(token)
    upper = token.upper()
    if upper and _ROMAN.fullmatch(upper):
        values = [_ROMAN_VALUES[ch] for ch in upper]
        return sum(
            -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
        )
    total = 0
    for word in re.split(r"[-\s]+", token.lower()):
        value = _VALUES.get(word) or _ORD_VALUES.get(word)
        if value is None:
            return None
        total += value
    return total or None


def title_like(line: str) -> bool:
    """Whether a short line reads as a title (Title Case or ALL CAPS, not a sentence)."""
    if not line or len(line) > 80 or line[0] in _QUOTES or line[-1] in ",;":
        return False
    words = _WORD.findall(line)
    if not words:
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return True
    if line[-1] in "!?…" or (line[-1] == "." and len(words) > 1 and not line.endswith("..")):
        return False
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not big or not words[0][0].isupper():
        return False
    return sum(1 for w in big if w[0].isupper()) >= 0.6 * len(big)


def _clean_title(rest: str) -> str:
    return rest.strip(_SEPARATORS).strip()


def match_heading(line: str, level: int = 0) -> Heading | None:
    """The heading a single line states, if it is one (``level`` > 0 for Markdown headings)."""
    if level:
        inner = line.lstrip("#").strip() if line.startswith("#") else line
        inner = re.sub(r"[ \t]+#+$", "", inner).strip()
        found = match_heading(inner)
        name = _clean_title(inner)
        if found is not None and found.kind != "numeral":
            name = found.title
        if found is None:
            return Heading("md", None, name, level)
        return Heading("md", found.number, name, level, found.kind)
    s = line.strip().strip("*_~=").strip()
    if not s or len(s) > 100:
        return None
    for kind, pattern in (("chapter", _CHAPTER), ("part", _PART), ("unit", _UNIT)):
        m = pattern.fullmatch(s)
        if m:
            token, rest = m.group("num"), m.group("rest")
            number = number_value(token)
            title = _clean_title(rest)
            last = token.lower() in {"last", "final"}
            if (number is None and not last) or len(title.split()) > 12:
                return None
            if title and rest.lstrip()[:1] not in _SEPARATOR_CHARS and not title_like(title):
                return None  # "Day 3 of the trip was awful."
            label = "unit:" + m.group("word").lower() if kind == "unit" else kind
            return Heading(label, number, title)
    m = _NAMED.fullmatch(s)
    if m:
        if len(m.group("rest").split()) > 10:
            return None
        return Heading("named", None, s.rstrip(".:"))
    m = _NUMERAL.fullmatch(s)
    if m:
        number = number_value(m.group("num"))
        title = _clean_title(m.group("rest"))
        if number is not None and (not title or title_like(title)):
            return Heading("numeral", number, title)
    return None


def _in_sequence(numbers: Sequence[int | None]) -> list[bool]:
    """Which numbers count on by one from a number shortly before them, or on to one shortly
    after (so restarts and a stray numeral in between are tolerated)."""
    keep = [False] * len(numbers)
    for i, a in enumerate(numbers):
        if a is None:
            continue
        for j in range(i + 1, min(i + 4, len(numbers))):
            if numbers[j] == a + 1:
                keep[i] = keep[j] = True
                break
    return keep


# ---------------------------------------------------------------------------------------------
# Author's notes

_NOTE_START = re.compile(
    r"[\s(\[*_~]*(?:A/N\b|A\.N\.|AN\s*:|author['’]?s['’]?\s+notes?\b|authors?\s+notes?\b|"
    r"notes?\s*:|disclaimer\b|summary\s*:|(?:content\s+|trigger\s+)?warnings?\s*:|"
    r"TW\s*:|CW\s*:|dedicat(?:ion|ed\s+to)\b|prompts?\s*[:#]|beta(?:'?d|ed)?\s+by\b)",
    re.I,
)
_EXPLICIT_NOTE = re.compile(
    r"[\s(\[*_~]*(?:A/N\b|A\.N\.|AN\s*:|author['’]?s['’]?\s+notes?\b|authors?\s+notes?\s*:)",
    re.I,
)
_NOTE_TOKEN = re.compile(r"[\w/&'-]+")
# Cue groups, each counted once: (weight, words, phrases, pattern to confirm or None).
_NOTE_CUES: tuple[tuple[int, frozenset[str], tuple[str, ...], re.Pattern[str] | None], ...] = (
    (
        3,
        frozenset(["disclaimer", "a/n", "r&r"]),
        (
            "i don't own",
            "i do not own",
            "author's note",
            "authors note",
            "author's notes",
            "hope you enjoy",
            "hope you like",
            "hope you love",
            "hope y'all enjoy",
            "hope everyone enjoys",
            "thanks for reading",
            "thank you for reading",
            "thanks so much for reading",
            "leave a comment",
            "leave me a comment",
            "leave a review",
            "leave kudos",
            "drop a comment",
            "comments and kudos",
            "kudos and comments",
            "let me know what you think",
            "please review",
            "see you next time",
            "see you next chapter",
            "see you in the next chapter",
            "until next time",
        ),
        None,
    ),
    (
        2,
        frozenset(
            [
                "fic",
                "fics",
                "fanfic",
                "fanfics",
                "fanfiction",
                "one-shot",
                "one-shots",
                "oneshot",
                "oneshots",
                "drabble",
                "drabbles",
                "ficlet",
                "ficlets",
                "prompts",
                "beta",
                "betas",
                "betaed",
                "beta'd",
                "unbeta'd",
                "unbetaed",
                "kudos",
                "reviews",
                "reviewer",
                "reviewers",
                "tumblr",
                "wattpad",
                "ao3",
            ]
        ),
        ("writing prompt", "the prompt", "prompt:", "written for", "thanks to my", "one shot"),
        None,
    ),
    (1, frozenset(["lol", "lmao", "haha", "omg", "xd"]), (":)", "<3"), None),
    (
        1,
        frozenset(["episode", "episodes", "spoiler", "spoilers", "canon", "season", "seasons"]),
        (),
        re.compile(r"\bepisodes?\b|\bspoilers?\b|\bcanon\b|\bseasons?\s+\d+\b"),
    ),
    (
        1,
        frozenset(
            [
                "write",
                "writing",
                "written",
                "wrote",
                "post",
                "posted",
                "posting",
                "update",
                "updated",
                "updating",
            ]
        ),
        (),
        re.compile(
            r"\bi(?:'ve|'m| have| am| was)?\s+(?:\w+\s+){0,3}(?:writ(?:e|ing|ten)|wrote|"
            r"post(?:ed|ing)?|updat(?:e|ed|ing))\b"
        ),
    ),
    (
        1,
        frozenset(["story", "chapter", "intro", "update"]),
        (),
        re.compile(r"\b(?:this|the|my|next|last)\s+(?:story|chapter|intro|update)\b"),
    ),
    (1, frozenset(["reader", "readers", "enjoy"]), ("thank you",), None),
)
_CONTINUES_NOTE = re.compile(
    r"[\s(\[*_~]*(?:also|p\.?\s?s\.?|edit|update|enjoy|thanks|thank\s+you|happy\s+reading)\b",
    re.I,
)
_ANNOUNCES_LINES = re.compile(r"\bprompts?\b|\bquotes?\b|\blyrics?\b|\bepigraphs?\b", re.I)
_STATED_COUNT = re.compile(
    r"\b(one|two|three|four|five|\d)\s+(?:\w+\s+)?(?:prompts|quotes|lines|lyrics)\b", re.I
)


def note_score(paragraph: str) -> tuple[int, int]:
    """Evidence that a paragraph is the author talking to readers: (total, strongest cue)."""
    low = paragraph.lower().replace("’", "'")
    words = set(_NOTE_TOKEN.findall(low))
    total = best = 0
    for weight, cue_words, phrases, confirm in _NOTE_CUES:
        hit = any(ph in low for ph in phrases)
        if not hit and not words.isdisjoint(cue_words):
            hit = confirm is None or confirm.search(low) is not None
        if hit:
            total += weight
            best = max(best, weight)
    return total, best


def is_note(paragraph: str, *, threshold: int = 3) -> bool:
    """Whether a paragraph reads as an author's note (never a line of dialogue)."""
    if not paragraph or paragraph[0] in _QUOTES:
        return False
    if _NOTE_START.match(paragraph):
        return True
    total, best = note_score(paragraph)
    return total >= threshold and best >= 2


def leading_notes(texts: Sequence[str]) -> tuple[int, int]:
    """How many opening paragraphs are an author's note, and how many short lines after it
    (the prompts or quotes the note announces) are front matter rather than story."""
    n = 0
    while n < min(len(texts) - 1, 8):
        t = texts[n]
        if is_note(t) or (n and t[:1] not in _QUOTES and _continues_note(t)):
            n += 1
        else:
            break
    if n == 0:
        return 0, 0
    announced = " ".join(texts[:n])
    if not _ANNOUNCES_LINES.search(announced):
        return n, 0
    m = _STATED_COUNT.search(announced)
    limit = number_value(m.group(1)) or 3 if m else 3
    k = 0
    while k < limit and n + k < len(texts) - 1 and _standalone_line(texts[n + k]):
        k += 1
    return n, k


def trailing_notes(texts: Sequence[str]) -> int:
    """How many closing paragraphs are the author signing off."""
    n = 0
    while n < min(len(texts) - 1, 5):
        t, above = texts[len(texts) - 1 - n], texts[len(texts) - 2 - n]
        # A note, or the rest of an "A/N:" block that starts just above.
        if is_note(t) or (t[:1] not in _QUOTES and _EXPLICIT_NOTE.match(above)):
            n += 1
        else:
            break
    return n


def is_explicit_note(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` announces itself as an author's note ("A/N:",
    "Author's Note:")."""
    return bool(_EXPLICIT_NOTE.match(text, start, len(text) if end is None else end))


def _continues_note(paragraph: str) -> bool:
    total, _ = note_score(paragraph)
    return total >= 2 or bool(_CONTINUES_NOTE.match(paragraph))


def _standalone_line(paragraph: str) -> bool:
    """A short one-line, one-sentence paragraph that is not dialogue (a prompt or epigraph)."""
    if "\n" in paragraph or len(paragraph) > 150 or paragraph[0] in _QUOTES:
        return False
    return len(re.findall(r"[.!?…]+(?:\s|$)", paragraph)) <= 1 and not any(
        q in paragraph for q in '“”"'
    )


# ---------------------------------------------------------------------------------------------
# Scene breaks


def break_threshold(gaps: Counter[int]) -> int | None:
    """Shortest blank run that separates scenes, from the work's own separator lengths.

    The most common separator, with any contiguous, nearly as common lengths just above it,
    is the normal paragraph separator. Of the longer runs, the scene breaks start after the
    widest jump in length (the alt-POV habit of 2-3 newlines between paragraphs and 5 between
    scenes); with no wider jump, every run longer than the normal separator is a break.
    """
    if not gaps:
        return None
    mode, top = max(gaps.items(), key=lambda kv: (kv[1], -kv[0]))
    normal = mode
    while gaps.get(normal + 1, 0) >= 0.35 * top:
        normal += 1
    best: int | None = None
    widest = 0
    prev = normal
    for n in sorted(k for k in gaps if k > normal):
        if n - prev > widest:
            best, widest = n, n - prev
        prev = n
    return best


def _separators(paras: Sequence[Para], chapter_of: Sequence[int]) -> Iterator[tuple[int, int, int]]:
    """(start, end, newlines) between consecutive story paragraphs of one chapter; newlines
    is -1 where ornament lines stand between them (the span then covers the ornaments)."""
    prev = -1
    first_ornament = last_ornament = -1
    for i, p in enumerate(paras):
        if p.ornament:
            if prev >= 0:
                if first_ornament < 0:
                    first_ornament = i
                last_ornament = i
            continue
        if (
            p.role == ROLE_BODY
            and chapter_of[i]
            and prev >= 0
            and chapter_of[prev] == chapter_of[i]
        ):
            if first_ornament >= 0:
                yield paras[first_ornament].start, paras[last_ornament].end, -1
            elif prev == i - 1:
                yield paras[prev].end, p.start, p.gap
        prev = i if p.role == ROLE_BODY and chapter_of[i] else -1
        first_ornament = last_ornament = -1


def find_breaks(paras: Sequence[Para], chapter_of: Sequence[int]) -> list[Span]:
    """Scene breaks between story paragraphs of the same chapter: ornament lines, and blank
    runs longer than the work's normal separator."""
    counts = Counter(gap for _, _, gap in _separators(paras, chapter_of) if gap > 0)
    threshold = break_threshold(counts)
    return [
        Span(start, end)
        for start, end, gap in _separators(paras, chapter_of)
        if gap < 0 or (threshold is not None and gap >= threshold)
    ]


# ---------------------------------------------------------------------------------------------
# Front matter

_LABEL = re.compile(
    r"[*_]*(?P<label>title|authors?|writer|fandoms?|ratings?|pairings?|relationships?|ships?|"
    r"characters?|tags|additional\s+tags|categor(?:y|ies)|genres?|(?:archive\s+)?warnings?|"
    r"summary|notes?|A/N|author['’]?s['’]?\s+notes?|disclaimer|word\s*count|words|status|"
    r"series|language|beta(?:\s+reader)?|dedication|prompts?)[*_]*\s*:[*_]*\s*(?P<value>.*)",
    re.I,
)
_BYLINE = re.compile(
    r"(?i:by|written\s+by|a\s+story\s+by)\s+"
    r"(?P<name>(?:[A-Z][\w'’.-]*|[\w-]*[\d_][\w-]*|[a-z][\w-]*)"
    r"(?:(?:\s+|\s*[,&]\s*|\s+and\s+)[A-Z][\w'’.-]*){0,3})"
)
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")
_META_LISTS = {
    "fandom": "fandoms",
    "pairing": "relationships",
    "relationship": "relationships",
    "ship": "relationships",
    "character": "characters",
    "tags": "freeform",
    "additional tags": "freeform",
    "genre": "freeform",
    "category": "categories",
    "categories": "categories",
    "warning": "warnings",
    "archive warning": "warnings",
}


def _norm_label(label: str) -> str:
    label = re.sub(r"\s+", " ", label.lower())
    if label not in {"tags", "additional tags", "categories", "status", "series", "notes"}:
        label = label.removesuffix("s")
    return label


def _split_names(value: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", value)
    return tuple(p.strip() for p in parts if p.strip())


@dataclass(slots=True)
class _Front:
    """Paragraph roles, notes and metadata found in a work's opening lines."""

    consumed: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[tuple[int, int, str]] = field(default_factory=list)


def _yaml_front(text: str, paras: Sequence[Para], front: _Front) -> None:
    """A Markdown YAML header (``---`` … ``---``): front matter, with title and author read."""
    if not paras or not paras[0].ornament or text[paras[0].start : paras[0].end] != "---":
        return
    for j in range(1, min(len(paras), 60)):
        if paras[j].ornament and text[paras[j].start : paras[j].end] in {"---", "..."}:
            for p in paras[: j + 1]:
                p.role, p.ornament = ROLE_FRONT, False
                for line in text[p.start : p.end].splitlines():
                    m = re.fullmatch(r"\s*(\w[\w ]*?)\s*:\s*['\"]?(.*?)['\"]?\s*", line)
                    if m:
                        _store_label(front.meta, m.group(1), m.group(2))
            front.consumed = j + 1
            return


def _store_label(meta: dict[str, Any], raw_label: str, value: str) -> None:
    label = _norm_label(raw_label)
    value = value.strip().strip("*_").strip()
    if not value:
        return
    if label == "title":
        meta.setdefault("title", value)
    elif label in {"author", "writer"}:
        meta.setdefault("authors", _split_names(value))
    elif label == "rating":
        meta.setdefault("rating", value)
    elif label == "language":
        meta.setdefault("language", value)
    elif label == "summary":
        meta.setdefault("summary", value)
    elif label in _META_LISTS:
        key = _META_LISTS[label]
        items = tuple(v for v in _LIST_SPLIT.split(value) if v)
        meta[key] = tuple(meta.get(key, ())) + items


def _label_header(text: str, paras: Sequence[Para], front: _Front, nl: str) -> None:
    """Opening ``Label: value`` lines (Title:, Author:, Pairing:, Summary:, ...)."""
    i = front.consumed
    while i < len(paras) - 1 and not paras[i].ornament:
        p = paras[i]
        lines = text[p.start : p.end].split(nl)
        matches = [_LABEL.fullmatch(line.strip()) for line in lines]
        first = matches[0]
        if first is None:
            break
        label = _norm_label(first.group("label"))
        is_note_label = label in {"summary", "note", "notes", "a/n", "disclaimer", "dedication"}
        is_note_label = is_note_label or (label.startswith("author") and "note" in label)
        if not all(matches) and not is_note_label:
            break
        for m in matches:
            if m:
                _store_label(front.meta, m.group("label"), m.group("value"))
        i += 1
        if is_note_label:
            end = i
            # "Summary:" alone on its line: the next paragraph is its value.
            if not first.group("value").strip() and end < len(paras) - 1 and p.lines == 1:
                value = text[paras[end].start : paras[end].end]
                if not _LABEL.fullmatch(value.split(nl)[0].strip()):
                    if label == "summary":
                        front.meta.setdefault("summary", value)
                    end += 1
            kind = "work_summary" if label == "summary" else "authors_note"
            for q in paras[i - 1 : end]:
                q.role = ROLE_NOTE
            front.notes.append((i - 1, end - 1, kind))
            i = end
        else:
            p.role = ROLE_FRONT
    front.consumed = i


def _byline(text: str, paras: Sequence[Para], front: _Front) -> None:
    """A title line and a "by Author" line at the top of the file."""
    lo = front.consumed
    for j in range(lo, min(lo + 3, len(paras) - 1)):
        p = paras[j]
        if p.lines > 1 or p.ornament:
            return
        m = _BYLINE.fullmatch(text[p.start : p.end].strip())
        if m:
            head = paras[lo:j]
            if any(q.lines > 1 or q.end - q.start > 100 for q in head):
                return
            front.meta.setdefault("authors", _split_names(m.group("name")))
            if head:
                title = text[head[0].start : head[0].end].lstrip("#").strip().strip("*_").strip()
                front.meta.setdefault("title", title)
            for q in paras[lo : j + 1]:
                q.role = ROLE_FRONT
            front.consumed = j + 1
            return


# ---------------------------------------------------------------------------------------------
# Structure


@dataclass(slots=True)
class _Chapter:
    first: int
    last: int
    title: str


@dataclass(slots=True)
class Structure:
    """What the structuring pass decided: roles live on the paragraphs themselves."""

    chapters: list[Span]
    notes: list[Span]
    breaks: list[Span]
    meta: dict[str, Any]


def _candidates(text: str, paras: list[Para], lo: int) -> dict[str, list[int]]:
    """Paragraphs that state a heading (their `Para.heading` is set), grouped by kind."""
    found: dict[str, list[int]] = {}
    for i in range(lo, len(paras)):
        p = paras[i]
        if p.ornament or p.end - p.start > 320 or p.lines > 4:
            continue
        if not p.level and not _MAYBE_HEADING.match(text, p.start, p.end):
            continue
        head, *rest = text[p.start : p.end].split("\n")
        h = match_heading(head.strip(), p.level)
        if h is None:
            continue
        if rest and not p.level:
            # "Chapter I." with its title on the next line(s) of the same block.
            if h.kind in {"numeral", "named"} or any(len(r.strip()) > 80 for r in rest):
                continue
            if not h.title:
                h = replace(h, title=" ".join(r.strip() for r in rest).rstrip(".").strip())
        p.heading = h
        found.setdefault(h.kind, []).append(i)
    return found


def _markdown_levels(
    paras: list[Para], found: list[int], lo: int
) -> tuple[list[int], list[int]] | None:
    """Chapter and other headings of a Markdown work; a lone top heading that opens the
    file and names no chapter is the work's title."""
    md = [(i, h) for i in found if (h := paras[i].heading) is not None]
    levels = Counter(h.level for _, h in md)
    first, h0 = md[0]
    if first == lo and levels[h0.level] == 1 and not h0.states and first < len(paras) - 1:
        paras[first].role = ROLE_FRONT
        md = md[1:]
    if not md:
        return None
    if any(h.states in {"chapter", "named"} for _, h in md):
        chapters = [i for i, h in md if h.states in {"chapter", "named"}]
    else:
        top = min(h.level for _, h in md)
        chapters = [i for i, h in md if h.level == top]
    chosen = set(chapters)
    return chapters, [i for i, _ in md if i not in chosen]


def _number(paras: Sequence[Para], i: int) -> int | None:
    h = paras[i].heading
    return None if h is None else h.number


def _choose_headings(text: str, paras: list[Para], lo: int) -> tuple[list[int], list[int]]:
    """Indices of chapter-level headings and of other (part, section) headings."""
    found = _candidates(text, paras, lo)
    if "md" in found:
        chosen = _markdown_levels(paras, found["md"], lo)
        if chosen is not None:
            return chosen
    kept: dict[str, list[int]] = {}
    for kind, idx in found.items():
        if kind in {"chapter", "named", "part"}:
            kept[kind] = idx
        elif kind != "md":
            flags = _in_sequence([_number(paras, i) for i in idx])
            ok = [i for i, f in zip(idx, flags, strict=True) if f]
            if len(ok) >= 2:
                kept[kind] = ok
    units = sorted(
        (k for k in kept if k.startswith("unit:")), key=lambda k: len(kept[k]), reverse=True
    )
    primary = next((k for k in ["chapter", *units, "numeral", "part"] if k in kept), None)
    chapter_level = set(kept[primary]) if primary else set()
    chapter_level |= set(kept.get("named", []))
    others = {i for idx in kept.values() for i in idx} - chapter_level
    if primary not in {None, "numeral"}:
        chapter_level |= _continuing(paras, sorted(chapter_level), kept.get("numeral", []))
    return _drop_empty(text, paras, sorted(chapter_level), sorted(others - chapter_level))


def _continuing(paras: Sequence[Para], chapters: list[int], numerals: list[int]) -> set[int]:
    """Titled numbered headings that carry on the chapter numbering ("VI. …" after
    "Adventure V. …")."""
    promoted: set[int] = set()
    last = None
    for i in sorted([*chapters, *numerals]):
        h = paras[i].heading
        if h is None or h.kind == "named":
            continue
        if i in chapters:
            last = h.number
        elif h.title and last is not None and h.number == last + 1:
            promoted.add(i)
            last = h.number
    return promoted


def _drop_empty(
    text: str, paras: list[Para], chapters: list[int], others: list[int]
) -> tuple[list[int], list[int]]:
    """Drop chapter headings with no text under them (a table of contents, a list of
    numbered lines)."""
    heads = set(chapters) | set(others)
    kept: list[int] = []
    for n, i in enumerate(chapters):
        stop = chapters[n + 1] if n + 1 < len(chapters) else len(paras)
        size = sum(
            paras[j].end - paras[j].start
            for j in range(i + 1, stop)
            if j not in heads and not paras[j].ornament
        )
        h = paras[i].heading
        if size > (40 if h is not None and h.kind == "numeral" else 0):
            kept.append(i)
    dropped = sorted(set(chapters) - set(kept))
    first = kept[0] if kept else len(paras)
    for n, i in enumerate(dropped):
        # A lone empty heading right above a chapter is a higher-level heading ("Prologue"
        # over its numbered parts); a run of them before the story is a table of contents.
        in_run = (n and dropped[n - 1] == i - 1) or (
            n + 1 < len(dropped) and dropped[n + 1] == i + 1
        )
        if i < first and (in_run or not kept):
            paras[i].heading = None
            paras[i].role = ROLE_FRONT
    return kept, sorted({*others, *(i for i in dropped if paras[i].heading is not None)})


def _group_start(paras: Sequence[Para], i: int, lo: int) -> int:
    """First of the heading paragraphs directly above paragraph `i` (a part heading)."""
    while i - 1 >= lo and paras[i - 1].role == ROLE_HEADING:
        i -= 1
    return i


def _mark(paras: Sequence[Para], lo: int, hi: int, role: str) -> None:
    for p in paras[lo:hi]:
        if not p.ornament:
            p.role = role


def _body_window(paras: Sequence[Para], lo: int, hi: int, size: int) -> tuple[list[int], int]:
    """Indices of the first `size` and the last `size` story paragraphs in ``[lo, hi)``
    (merged, in order), and how many story paragraphs there are in all."""
    total = sum(1 for p in paras[lo:hi] if p.role == ROLE_BODY and not p.ornament)
    head: list[int] = []
    tail: list[int] = []
    i = lo
    while i < hi and len(head) < min(size, total):
        if paras[i].role == ROLE_BODY and not paras[i].ornament:
            head.append(i)
        i += 1
    j = hi - 1
    while j >= i and len(tail) < min(size, total - len(head)):
        if paras[j].role == ROLE_BODY and not paras[j].ornament:
            tail.append(j)
        j -= 1
    return head + tail[::-1], total


def _story_range(
    text: str, paras: list[Para], span: tuple[int, int], chapter: int | None, notes: list[Any]
) -> tuple[int, int]:
    """Mark the leading and trailing notes of paragraphs ``[lo, hi)``; the story between."""
    lo, hi = span
    window, total = _body_window(paras, lo, hi, 12)
    if total < 2:
        return lo, hi
    texts = [text[paras[i].start : paras[i].end] for i in window]
    n_note, n_front = leading_notes(texts[: len(texts) // 2 if total > len(texts) else None])
    n_tail = trailing_notes(texts[n_note + n_front :])
    if n_note + n_front + n_tail >= total:
        return lo, hi
    first, last = lo, hi
    if n_note:
        _mark(paras, window[0], window[n_note - 1] + 1, ROLE_NOTE)
        notes.append((window[0], window[n_note - 1], "authors_note", chapter))
        first = window[n_note - 1] + 1
    if n_front:
        _mark(paras, window[n_note], window[n_note + n_front - 1] + 1, ROLE_FRONT)
        first = window[n_note + n_front - 1] + 1
    if n_tail:
        a = window[len(window) - n_tail]
        _mark(paras, a, window[-1] + 1, ROLE_NOTE)
        notes.append((a, window[-1], "authors_note", chapter))
        last = a
    return first, last


_NoteAt = tuple[int, int, str, int | None]
"""A note found by paragraph index: (first, last, kind, chapter)."""


def _heading_title(text: str, paras: list[Para], i: int, stop: int) -> str:
    """A chapter's title: stated on its heading line, or a title line right under a bare
    "CHAPTER IV" (which then becomes part of the heading)."""
    h = paras[i].heading
    if h is None:
        return ""
    if h.title or h.kind in {"named", "md"} or i + 2 >= stop:
        return h.title
    q = paras[i + 1]
    line = text[q.start : q.end]
    if q.lines == 1 and not q.ornament and q.role == ROLE_BODY and title_like(line):
        q.role = ROLE_HEADING
        return line.strip().strip("*_").rstrip(".").strip()
    return ""


def _headed_chapters(
    text: str, paras: list[Para], heads: list[int], lo: int, notes: list[_NoteAt]
) -> list[_Chapter]:
    """Chapters from their headings; text before the first heading is front matter (or an
    untitled opening chapter when it is long), and notes are looked for at each end."""
    n = len(paras)
    for i in heads:
        paras[i].role = ROLE_HEADING
    # A chapter opens at its heading or at the part headings right above it, never before
    # the previous chapter's heading.
    starts = [_group_start(paras, i, heads[k - 1] + 1 if k else lo) for k, i in enumerate(heads)]
    chapters: list[_Chapter] = []
    for k, i in enumerate(heads):
        nxt = heads[k + 1] if k + 1 < len(heads) else n
        last = starts[k + 1] - 1 if k + 1 < len(heads) else n - 1
        chapters.append(_Chapter(starts[k], last, _heading_title(text, paras, i, nxt)))
    pre_end = chapters[0].first
    first, _ = _story_range(text, paras, (lo, pre_end), None, notes)
    rest = [
        i for i in range(first, pre_end) if paras[i].role == ROLE_BODY and not paras[i].ornament
    ]
    if sum(paras[i].end - paras[i].start for i in rest) >= 1000 and len(rest) >= 3:
        chapters.insert(0, _Chapter(rest[0], pre_end - 1, ""))
    else:
        for i in rest:
            paras[i].role = ROLE_FRONT
    for index, c in enumerate(chapters, 1):
        body_lo = c.first
        while body_lo <= c.last and paras[body_lo].role == ROLE_HEADING:
            body_lo += 1
        found: list[_NoteAt] = []
        _, end = _story_range(text, paras, (body_lo, c.last + 1), index, found)
        if index == len(chapters) and end <= c.last:
            # Notes after the last chapter's story close the work, outside every chapter.
            found = [(a, b, kind, None if a >= end else ch) for a, b, kind, ch in found]
            c.last = max(c.first, end - 1)
        notes.extend(found)
    return chapters


def _whole_work(text: str, paras: list[Para], lo: int, notes: list[_NoteAt]) -> list[_Chapter]:
    """The one chapter of a work without headings: its story between the opening and
    closing notes."""
    first, last = _story_range(text, paras, (lo, len(paras)), None, notes)
    while first < last and paras[first].ornament:
        first += 1
    while last > first and paras[last - 1].ornament:
        last -= 1
    return [_Chapter(first, last - 1, "")] if first < last else []


def structure(text: str, paras: list[Para], nl: str = "\n", *, markdown: bool = False) -> Structure:
    """Decide paragraph roles, chapters, notes and scene breaks for a whole plain-text work."""
    front = _Front()
    if markdown:
        _yaml_front(text, paras, front)
    _label_header(text, paras, front, nl)
    _byline(text, paras, front)
    lo = front.consumed
    notes: list[_NoteAt] = [(a, b, k, None) for a, b, k in front.notes]
    heads, others = _choose_headings(text, paras, lo)
    for i in others:
        paras[i].role = ROLE_HEADING
    for p in paras[lo:]:
        if p.role == ROLE_FRONT and p.level and p.heading is not None:
            front.meta.setdefault("title", p.heading.title)
    if heads:
        chapters = _headed_chapters(text, paras, heads, lo, notes)
    else:
        chapters = _whole_work(text, paras, lo, notes)
    chapter_of = [0] * len(paras)
    for index, c in enumerate(chapters, 1):
        chapter_of[c.first : c.last + 1] = [index] * (c.last + 1 - c.first)
    for i, p in enumerate(paras):
        if p.role == ROLE_BODY and not p.ornament and is_explicit_note(text, p.start, p.end):
            p.role = ROLE_NOTE
            notes.append((i, i, "authors_note", chapter_of[i] or None))
    chapter_spans = [
        Span(paras[c.first].start, paras[_last_text(paras, c)].end, c.title, {"index": k})
        for k, c in enumerate(chapters, 1)
    ]
    note_spans = [
        Span(paras[a].start, paras[b].end, kind, {"chapter": ch}) for a, b, kind, ch in notes
    ]
    return Structure(chapter_spans, note_spans, find_breaks(paras, chapter_of), front.meta)


def _last_text(paras: Sequence[Para], c: _Chapter) -> int:
    last = c.last
    while last > c.first and paras[last].ornament:
        last -= 1
    return last


def paragraph_layer(paras: Iterable[Para]) -> Layer:
    """The ``paragraphs`` layer: every paragraph but ornament lines, labelled by role
    (built from offset arrays: a long work has hundreds of thousands of paragraphs)."""
    kept = [p for p in paras if not p.ornament]
    return Layer.from_offsets(
        PARAGRAPHS,
        array("i", [p.start for p in kept]),
        array("i", [p.end for p in kept]),
        tuple(p.role for p in kept),
    )


def _read(text: str, source: SourceInfo, *, markdown: bool) -> Document:
    nl = newline_of(text)
    lines = scan_lines(text, nl)
    paras = segment(text, lines, paragraph_mode(text, lines, markdown=markdown), nl)
    del lines
    found = structure(text, paras, nl, markdown=markdown)
    doc = assemble(
        text,
        WorkMeta(**found.meta),
        source,
        paragraphs=(),
        chapters=found.chapters,
        notes=found.notes,
        breaks=found.breaks,
    )
    return doc.with_layers(paragraph_layer(paras))


def read_text(text: str, source: SourceInfo) -> Document:
    """Read a plain-text work; its text is the decoded file, unchanged."""
    return _read(text, source, markdown=False)


def read_markdown(text: str, source: SourceInfo) -> Document:
    """Read a Markdown work; its text is the decoded file, unchanged (markup kept)."""
    return _read(text, source, markdown=True)
