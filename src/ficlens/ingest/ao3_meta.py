"""AO3 work metadata as the archive prints it: tag labels, the stats line, series, chapter headings.

Shared by every AO3 reader (HTML download, EPUB, MOBI/AZW3, PDF, web page), so all of them
agree on label spellings across template generations (singular before Oct 2023, plural
since), on word counts with or without thousands separators, and on "n/?" chapter counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from ficlens.document import Series, WorkMeta

# AO3 boilerplate that is never story text, shared by the download, MOBI and PDF readers.
POSTED = re.compile(r"Posted originally on the\s+Archive of Our Own", re.I)
COMMENT = re.compile(r"^Please drop by the Archive and comment", re.I)
ENDNOTE_LINK = re.compile(r"^See the end of the (?:work|chapter) for\b", re.I)
CHAPTER_BY = re.compile(r"^Chapter by\b", re.I)
RELATED = re.compile(r"^(?:Inspired by|A translation of|Translation into|Translated)\b", re.I)
PREFACE_NOTES = {"summary": "work_summary", "notes": "work_notes"}


TAG_FIELDS = (
    "rating",
    "warnings",
    "categories",
    "fandoms",
    "relationships",
    "characters",
    "freeform",
    "collections",
)
"""Preface fields holding lists of tag names (all but language, series and stats)."""

# Label (lower-cased, without the colon) -> field. Singular and plural forms, plus the CSS
# class names the web page uses for the same fields.
_FIELD_LABELS = {
    "rating": "rating",
    "ratings": "rating",
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "warning": "warnings",
    "warnings": "warnings",
    "category": "categories",
    "categories": "categories",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationship": "relationships",
    "relationships": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tag": "freeform",
    "additional tags": "freeform",
    "freeform": "freeform",
    "language": "language",
    "series": "series",
    "collection": "collections",
    "collections": "collections",
    "stats": "stats",
}
_WARNING_DISPLAY = {
    "creator chose not to use archive warnings": "Choose Not To Use Archive Warnings",
}
_DATE = r"(\d{4}-\d{2}-\d{2})"
_PUBLISHED = re.compile(r"Published:\s*" + _DATE)
_UPDATED = re.compile(r"Updated:\s*" + _DATE)
_COMPLETED = re.compile(r"Completed:\s*" + _DATE)
_WORDS = re.compile(r"Words:\s*(\d[\d,.\u00a0\u202f]*)")
_CHAPTERS = re.compile(r"Chapters:\s*(\d+)\s*/\s*(\d+|\?)")
_SERIES_PART = re.compile(r"Part\s+(\d+)\s+of\s+(.+?)\s*(?=,\s*Part\s+\d+\s+of\s|$)", re.S)
_CHAPTER_HEADING = re.compile(
    r"Chapter\s+\d+\s*(?:[:.\u2013\u2014-]\s*(?P<title>.*?))?\s*", re.I | re.S
)


class Stats(NamedTuple):
    """The figures of an AO3 stats line; None where the line does not state them."""

    published: str | None = None
    updated: str | None = None
    completed_on: str | None = None
    words: int | None = None
    chapters_posted: int | None = None
    chapters_expected: int | None = None

    @property
    def completed(self) -> bool | None:
        """Complete when all expected chapters are posted; not when the total is "?"."""
        if self.chapters_posted is None:
            return True if self.completed_on else None
        if self.chapters_expected is None:
            return False
        return self.chapters_posted >= self.chapters_expected


def field_for_label(label: str) -> str | None:
    """The preface field a label names ("Archive Warnings:" -> "warnings"), or None."""
    key = " ".join(label.strip().rstrip(":").split()).lower()
    return _FIELD_LABELS.get(key)


def normalise_tag(field_name: str, name: str) -> str:
    """A tag's canonical name: the warning AO3 displays as "Creator Chose Not To Use Archive
    Warnings" is the tag "Choose Not To Use Archive Warnings"."""
    name = " ".join(name.split())
    if field_name == "warnings":
        return _WARNING_DISPLAY.get(name.lower(), name)
    return name


def split_tags(text: str) -> list[str]:
    """Tag names from a comma-joined list (AO3 tag names cannot contain commas)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_stats(text: str) -> Stats:
    """Read "Published: … Updated:/Completed: … Words: 7,526 Chapters: 3/?" in any layout."""

    def date(pattern: re.Pattern[str]) -> str | None:
        m = pattern.search(text)
        return m.group(1) if m else None

    words_m = _WORDS.search(text)
    digits = re.sub(r"\D", "", words_m.group(1)) if words_m else ""
    chapters_m = _CHAPTERS.search(text)
    posted = expected = None
    if chapters_m:
        posted = int(chapters_m.group(1))
        expected = None if chapters_m.group(2) == "?" else int(chapters_m.group(2))
    return Stats(
        published=date(_PUBLISHED),
        updated=date(_UPDATED),
        completed_on=date(_COMPLETED),
        words=int(digits) if digits else None,
        chapters_posted=posted,
        chapters_expected=expected,
    )


def parse_series(text: str, names: Sequence[str] = ()) -> list[Series]:
    """Series from "Part 2 of Title[, Part 1 of Other]"; `names` are the series link texts,
    which keep titles containing commas intact."""
    found = []
    for name in names:
        m = re.search(r"Part\s+(\d+)\s+of\s+" + re.escape(name), text)
        if m:
            found.append(Series(name, int(m.group(1))))
    if found:
        return found
    found = [Series(m.group(2), int(m.group(1))) for m in _SERIES_PART.finditer(text.strip())]
    if not found and text.strip():
        found = [Series(text.strip(), None)]
    return found


def chapter_title(heading: str) -> str | None:
    """A chapter's own title from its heading: "Chapter 2: Title" -> "Title", "Chapter 2" ->
    None, and a heading that is only a title ("Prologue", older templates) -> itself."""
    m = _CHAPTER_HEADING.fullmatch(heading.strip())
    if m:
        return m.group("title") or None
    return heading.strip() or None


@dataclass
class Ao3Preface:
    """Preface fields collected while reading, turned into a `WorkMeta` at the end."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    language: str | None = None
    tags: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in TAG_FIELDS})
    series: list[Series] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None
    inspired_by: list[str] = field(default_factory=list)

    def add_field(self, label: str, names: Sequence[str], text: str) -> bool:
        """Record one labelled field; `names` are its link texts, `text` its whole text.
        Returns False when the label is not an AO3 preface field."""
        name = field_for_label(label)
        if name is None:
            return False
        if name == "stats":
            self.stats = parse_stats(text)
        elif name == "series":
            self.series.extend(parse_series(text, names))
        elif name == "language":
            self.language = " ".join(text.split()) or None
        else:
            values = list(names) or split_tags(text)
            self.tags[name].extend(normalise_tag(name, v) for v in values if v.strip())
        return True

    def to_meta(self) -> WorkMeta:
        """The collected fields as `WorkMeta`; a "Completed:" date counts as the last update."""
        stats = self.stats
        extra = {
            key: value
            for key, value in (("notes", self.notes), ("end_notes", self.end_notes))
            if value
        }
        return WorkMeta(
            title=self.title,
            authors=tuple(self.authors),
            url=self.url,
            language=self.language,
            rating=", ".join(self.tags["rating"]) or None,
            warnings=tuple(self.tags["warnings"]),
            categories=tuple(self.tags["categories"]),
            fandoms=tuple(self.tags["fandoms"]),
            relationships=tuple(self.tags["relationships"]),
            characters=tuple(self.tags["characters"]),
            freeform=tuple(self.tags["freeform"]),
            series=tuple(self.series),
            collections=tuple(self.tags["collections"]),
            summary=self.summary,
            published=stats.published,
            updated=stats.updated or stats.completed_on,
            completed=stats.completed,
            words_stated=stats.words,
            chapters_posted=stats.chapters_posted,
            chapters_expected=stats.chapters_expected,
            inspired_by=tuple(self.inspired_by),
            extra=MappingProxyType(extra),
        )
