"""Text copied from an AO3 work page in a browser (format ``ao3-webcopy``).

The copy keeps the page's visually hidden landmark headings: ``Work Header`` before the tag
list, ``Summary:`` and ``Notes:`` before those blocks, ``Work Text:`` before a one-shot's
text, and per chapter a ``Chapter N: Title`` line and a ``Chapter Text`` landmark. Those
lines steer the reader and are never story text. As for plain text, the document's text is
the copied text unchanged and everything is found as spans over it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ficlens.document import Document, Series, SourceInfo, Span, WorkMeta
from ficlens.ingest.builder import assemble
from ficlens.ingest.plaintext import (
    Lines,
    Para,
    find_breaks,
    is_explicit_note,
    newline_of,
    paragraph_layer,
    paragraph_mode,
    scan_lines,
    segment,
)
from ficlens.layers import ROLE_BODY, ROLE_FRONT, ROLE_HEADING, ROLE_NOTE

_HEADER_LABEL = re.compile(
    r"(?P<label>Ratings?|Archive Warnings?|Categor(?:y|ies)|Fandoms?|Relationships?|"
    r"Characters?|Additional Tags|Language|Series|Collections?|Stats)\s*:\s*(?P<value>.*)"
)
_STAT_NAMES = "Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits"
_STATS_LINE = re.compile(rf"(?:(?:{_STAT_NAMES})\s*:\s*[\d,/?-]*\s*)+|[\d][\d,/?-]*|\?")
_STAT = re.compile(rf"({_STAT_NAMES})\s*:\s*([\d,/?-]*)")
_CHAPTER_HEAD = re.compile(r"Chapter\s+(?P<num>\d+)(?:\s*:\s*(?P<title>.*))?")
_CHAPTER_BYLINE = re.compile(r"Chapter by\s+.+")
_JUMP = re.compile(r"\(See the end of the (?:work|chapter) for .*\)")
_PART_OF = re.compile(
    r"Part\s+(\d+)\s+of\s+(.+?)(?=\s*(?:Next Work|← Previous Work|,\s*Part\s+\d|$))"
)
_STRONG_END = re.compile(
    r"Series this work belongs to:|Works inspired by this one:|↑ Top|Post Comment|"
    r"Comments \(\d+\)|.+ left kudos on this work!"
)
_WEAK_END = frozenset(
    [
        "Actions",
        "Kudos",
        "Comments",
        "Share",
        "Bookmark",
        "Top",
        "Next Chapter →",
        "← Previous Chapter",
    ]
)
_TAG_FIELDS = {
    "archive warning": "warnings",
    "category": "categories",
    "fandom": "fandoms",
    "relationship": "relationships",
    "character": "characters",
    "additional tags": "freeform",
    "collection": "collections",
}
_WORK, _CHAPTER = "work", "chapter"


@dataclass(slots=True)
class _Region:
    """A run of lines with one purpose: story text, a note block, a heading, title lines."""

    lo: int
    hi: int
    kind: str
    """``body``, ``heading``, ``front`` or a note kind from `ficlens.layers.NOTE_KINDS`."""
    chapter: int | None


def _norm(label: str) -> str:
    label = label.lower()
    if label == "categories":
        return "category"
    return label if label in {"additional tags", "series"} else label.removesuffix("s")


def _parse_header(lines: list[str], i: int) -> tuple[int, dict[str, list[str]]]:
    """Read ``Label: value`` tag lines from line `i`; returns where the header ends."""
    values: dict[str, list[str]] = {}
    label: str | None = None
    while i < len(lines):
        s = lines[i]
        m = _HEADER_LABEL.fullmatch(s)
        if m:
            label = _norm(m.group("label"))
            values.setdefault(label, [])
            if m.group("value").strip():
                values[label].append(m.group("value").strip())
            i += 1
            continue
        if label is None or _landmark(s):
            break
        if label == "stat":
            if not _STATS_LINE.fullmatch(s):
                break
        elif label in {"language", "rating"} and values[label]:
            break
        values[label].append(s)
        i += 1
    return i, values


def _landmark(s: str) -> bool:
    return s in {"Summary:", "Notes:", "Work Text:", "Chapter Text"}


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for line in values for v in line.split(",") if v.strip())


def _header_meta(values: dict[str, list[str]]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if values.get("rating"):
        meta["rating"] = _split(values["rating"])[0]
    if values.get("language"):
        meta["language"] = values["language"][0]
    for label, key in _TAG_FIELDS.items():
        if values.get(label):
            meta[key] = _split(values[label])
    series = [
        Series(m.group(2).strip(), int(m.group(1)))
        for line in values.get("series", [])
        for m in _PART_OF.finditer(line)
    ]
    if series:
        meta["series"] = tuple(series)
    stats = " ".join(values.get("stat", []))
    # Values may sit on the line after their label: join "Words:" and "1,234".
    stats = re.sub(r":\s+(?=[\d?])", ":", stats)
    found = {m.group(1): m.group(2) for m in _STAT.finditer(stats) if m.group(2)}
    if "Published" in found:
        meta["published"] = found["Published"]
    if "Updated" in found or "Completed" in found:
        meta["updated"] = found.get("Updated") or found.get("Completed")
    if "Words" in found and found["Words"].replace(",", "").isdigit():
        meta["words_stated"] = int(found["Words"].replace(",", ""))
    if "Chapters" in found:
        posted, _, expected = found["Chapters"].partition("/")
        if posted.isdigit():
            meta["chapters_posted"] = int(posted)
        if expected.isdigit():
            meta["chapters_expected"] = int(expected)
        meta["completed"] = (
            "Completed" in found or (expected.isdigit() and posted == expected)
        ) and "Updated" not in found
    return meta


def _chapter_head(lines: list[str], i: int) -> re.Match[str] | None:
    """A ``Chapter N: Title`` line, but only where AO3 puts one: right before the chapter's
    summary, notes or ``Chapter Text`` landmark (or its "Chapter by" line)."""
    m = _CHAPTER_HEAD.fullmatch(lines[i])
    if m is None:
        return None
    j = i + 1
    if j < len(lines) and _CHAPTER_BYLINE.fullmatch(lines[j]):
        j += 1
    return m if j < len(lines) and lines[j] in {"Summary:", "Notes:", "Chapter Text"} else None


def _is_end(lines: list[str], i: int) -> bool:
    s = lines[i]
    if _STRONG_END.fullmatch(s):
        return True
    if s in _WEAK_END:
        ahead = lines[i + 1 : i + 4]
        return any(a in _WEAK_END or _STRONG_END.fullmatch(a) for a in ahead)
    return False


def _regions(lines: list[str]) -> tuple[list[_Region], dict[str, Any]]:
    """Split the copied page into regions by its landmarks, and read the header."""
    meta: dict[str, Any] = {}
    start = 0
    for i, s in enumerate(lines[:120]):
        if s == "Work Header":
            start = i + 1
            break
    i, values = _parse_header(lines, start)
    meta.update(_header_meta(values))
    regions: list[_Region] = []
    # Title and byline: the lines between the header and the first landmark.
    j = i
    while j < len(lines) and j - i < 3 and not (_landmark(lines[j]) or _chapter_head(lines, j)):
        j += 1
    if j < len(lines) and j > i:
        regions.append(_Region(i, j, ROLE_FRONT, None))
        meta["title"] = lines[i]
        if j - i >= 2:
            meta["authors"] = tuple(a.strip() for a in lines[i + 1].split(",") if a.strip())
        i = j
    chapter = 0
    oneshot = body_seen = end_notes_seen = False
    kind: str | None = None
    lo = i
    for k in range(i, len(lines) + 1):
        at_end = k == len(lines) or _is_end(lines, k)
        head = None if at_end else _chapter_head(lines, k)
        s = "" if at_end else lines[k]
        if not (at_end or head or _landmark(s)):
            continue
        if kind is not None and k > lo:
            work_level = kind.startswith("work_")
            regions.append(_Region(lo, k, kind, None if work_level else chapter or None))
        if at_end:
            break
        lo = k + 1
        if head:
            chapter += 1
            body_seen = end_notes_seen = False
            regions.append(_Region(k, k + 1, ROLE_HEADING, chapter))
            kind = None
        elif s == "Work Text:":
            if chapter == 0 or body_seen:
                chapter += 1
            oneshot, body_seen, kind = True, True, ROLE_BODY
        elif s == "Chapter Text":
            if chapter == 0 or body_seen:
                chapter += 1
                end_notes_seen = False
            body_seen, kind = True, ROLE_BODY
        elif s == "Summary:":
            kind = "chapter_summary" if chapter and not oneshot else "work_summary"
        elif body_seen:  # "Notes:" after the text: end notes
            last = oneshot or end_notes_seen
            kind = "work_end_notes" if last else "chapter_end_notes"
            end_notes_seen = True
        else:
            kind = "chapter_notes" if chapter else "work_notes"
    _settle_end_notes(lines, regions)
    return regions, meta


def _settle_end_notes(lines: list[str], regions: list[_Region]) -> None:
    """The last chapter's only closing ``Notes:`` block is the work's end notes when the
    work's notes point to the end of the work and the chapter's do not."""
    kinds = {r.kind for r in regions}
    if "work_end_notes" in kinds:
        return
    jumps = {
        (r.kind, r.chapter)
        for r in regions
        if r.kind in {"work_notes", "chapter_notes"}
        for k in range(r.lo, r.hi)
        if _JUMP.fullmatch(lines[k])
    }
    ends = [r for r in regions if r.kind == "chapter_end_notes"]
    if ("work_notes", None) in jumps and ends and ("chapter_notes", ends[-1].chapter) not in jumps:
        ends[-1].kind, ends[-1].chapter = "work_end_notes", None


def _lines(all_lines: Lines, lo: int, hi: int) -> Lines:
    sub = Lines()
    for k in range(lo, hi):
        sub.add(all_lines.starts[k], all_lines.ends[k], all_lines.gaps[k])
    return sub


def read_webcopy(text: str, source: SourceInfo) -> Document:
    """Read text copied from an AO3 work page; the text is kept unchanged."""
    nl = newline_of(text)
    all_lines = scan_lines(text, nl)
    strings = [text[s:e] for s, e in zip(all_lines.starts, all_lines.ends, strict=True)]
    regions, meta = _regions(strings)
    body = _lines(all_lines, 0, 0)
    for r in regions:
        if r.kind == ROLE_BODY:
            for k in range(r.lo, r.hi):
                body.add(all_lines.starts[k], all_lines.ends[k], all_lines.gaps[k])
    mode = paragraph_mode(text, body, markdown=False)
    found: list[tuple[_Region, list[Para]]] = []
    for r in regions:
        sub = _lines(all_lines, r.lo, r.hi)
        role = r.kind if r.kind in {ROLE_BODY, ROLE_HEADING, ROLE_FRONT} else ROLE_NOTE
        own = mode if role == ROLE_BODY else paragraph_mode(text, sub, markdown=False)
        region_paras = segment(text, sub, own, nl)
        for p in region_paras:
            p.ornament = p.ornament and role == ROLE_BODY
            p.role = role
        if region_paras:
            found.append((r, region_paras))
    # Chapters are numbered in reading order among those the copy has text for.
    present = sorted({r.chapter for r, _ in found if r.chapter is not None})
    numbers = {c: n for n, c in enumerate(present, 1)}
    paras: list[Para] = []
    chapter_of: list[int] = []
    notes: list[Span] = []
    bounds: dict[int, list[int]] = {}
    for r, region_paras in found:
        chapter = numbers.get(r.chapter) if r.chapter is not None else None
        first, last = region_paras[0], region_paras[-1]
        if r.kind == ROLE_BODY:
            for p in region_paras:
                if is_explicit_note(text, p.start, p.end):
                    p.role = ROLE_NOTE
                    notes.append(Span(p.start, p.end, "authors_note", {"chapter": chapter}))
        elif first.role == ROLE_NOTE:
            notes.append(Span(first.start, last.end, r.kind, {"chapter": chapter}))
            if r.kind == "work_summary":
                meta.setdefault("summary", text[first.start : last.end])
        if chapter is not None:
            bounds.setdefault(chapter, [first.start, last.end])[1] = last.end
        paras.extend(region_paras)
        chapter_of.extend([(chapter or 0) if r.kind == ROLE_BODY else 0] * len(region_paras))
    titles = {
        numbers[r.chapter]: m.group("title") or ""
        for r in regions
        if r.kind == ROLE_HEADING
        and r.chapter in numbers
        and (m := _CHAPTER_HEAD.fullmatch(strings[r.lo]))
    }
    chapters = [
        Span(a, b, titles.get(n, "").strip(), {"index": n}) for n, (a, b) in sorted(bounds.items())
    ]
    return assemble(
        text,
        WorkMeta(**meta),
        source,
        paragraphs=(),
        chapters=chapters,
        notes=notes,
        breaks=find_breaks(paras, chapter_of),
    ).with_layers(paragraph_layer(paras))
