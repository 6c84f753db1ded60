"""The Project Dialogism Novel Corpus (PDNC): full novels with every quotation attributed.

Each novel folder holds ``novel_text.txt``, ``quotation_info.csv`` (one row per quotation)
and ``character_info.csv`` (one row per character with its alias set); the corpus root has
``PDNC-Novel-Index.csv`` with the narrative person of each novel.

The list-valued CSV columns are Python literals and are parsed with `ast.literal_eval`
(literals only, never code). Quote spans in the data are character offsets into
``novel_text.txt`` that leave out the quotation marks; a few carry stray surrounding
whitespace, which is trimmed here so every span covers exactly its sub-quotation. A few
rows name a speaker or addressee by an alias instead of the main name; names are mapped to
main names through the alias sets whenever the alias belongs to one character only.
"""

from __future__ import annotations

import ast
import csv
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEXT_FILE = "novel_text.txt"
QUOTES_FILE = "quotation_info.csv"
CHARACTERS_FILE = "character_info.csv"
INDEX_FILE = "PDNC-Novel-Index.csv"

QUOTE_TYPES = frozenset({"Explicit", "Anaphoric", "Implicit"})
_PERSONS = {"1": "first", "2": "second", "3": "third"}
_MISSING = frozenset({"", "nan", "none", "null"})

Spans = tuple[tuple[int, int], ...]


class PdncFormatError(ValueError):
    """A PDNC file does not have the expected structure."""


@dataclass(frozen=True, slots=True)
class PdncCharacter:
    """One character entity: main name, alias set (which includes the main name), gender
    (``M``, ``F``, ``U`` unknown, ``X`` not annotated) and category (``major``,
    ``intermediate``, ``minor``). PDNC's placeholders ``_unknowable`` and ``_group`` are
    characters too; `placeholder` tells them apart."""

    id: str
    name: str
    aliases: frozenset[str]
    gender: str
    category: str

    @property
    def placeholder(self) -> bool:
        """Whether this is a placeholder (``_unknowable``, ``_group``), not a character."""
        return self.name.startswith("_")


@dataclass(frozen=True, slots=True)
class PdncMention:
    """A mention of characters inside a quotation: its span, text and main names."""

    start: int
    end: int
    text: str
    entities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PdncQuote:
    """One quotation: its sub-quotations' spans (quote marks excluded) and attribution.

    ``speaker`` and ``addressees`` are main names (or a placeholder); ``quote_type`` is
    ``Explicit``, ``Anaphoric`` or ``Implicit`` (None on the few unannotated rows);
    ``referring_expression`` is the speech tag text ("he observed"), None when there is none.
    """

    id: str
    text: str
    parts: tuple[str, ...]
    spans: Spans
    speaker: str
    addressees: tuple[str, ...]
    quote_type: str | None
    referring_expression: str | None
    mentions: tuple[PdncMention, ...]

    @property
    def start(self) -> int:
        """Start of the first sub-quotation."""
        return self.spans[0][0]

    @property
    def end(self) -> int:
        """End of the last sub-quotation."""
        return self.spans[-1][1]


@dataclass(frozen=True, slots=True)
class PdncNovel:
    """One annotated novel: its text, quotations in text order and characters.

    ``person`` is the narrative person from the corpus index (``first``, ``second``,
    ``third``, or the index's own value for anything else), None when the index is absent.
    """

    name: str
    path: Path
    text: str
    quotes: tuple[PdncQuote, ...]
    characters: tuple[PdncCharacter, ...]
    person: str | None
    title: str | None

    def character(self, name: str) -> PdncCharacter | None:
        """The character whose main name is `name`, or whose alias it is unambiguously."""
        resolve = _alias_resolver(self.characters)
        main = resolve(name)
        return next((c for c in self.characters if c.name == main), None)


def _literal(value: str, column: str, where: str) -> Any:
    """Parse a Python-literal cell; empty and ``nan`` cells are an empty list."""
    text = value.strip()
    if text.lower() in _MISSING:
        return []
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as exc:
        raise PdncFormatError(f"{where}: column {column!r} is not a Python literal") from exc


def _str_list(value: Any, column: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list | tuple | set | frozenset) or not all(
        isinstance(v, str) for v in value
    ):
        raise PdncFormatError(f"{where}: column {column!r} is not a list of strings")
    return list(value)


def _span_list(value: Any, column: str, where: str) -> list[tuple[int, int]]:
    if not isinstance(value, list | tuple):
        raise PdncFormatError(f"{where}: column {column!r} is not a list of spans")
    spans: list[tuple[int, int]] = []
    for item in value:
        if (
            not isinstance(item, list | tuple)
            or len(item) != 2
            or not all(isinstance(x, int) for x in item)
        ):
            raise PdncFormatError(f"{where}: column {column!r} has a malformed span {item!r}")
        spans.append((item[0], item[1]))
    return spans


def _optional(value: str | None) -> str | None:
    text = (value or "").strip()
    return None if text.lower() in _MISSING else text


def _alias_resolver(characters: tuple[PdncCharacter, ...]) -> Callable[[str], str]:
    """A function mapping a name to its main name when it is one character's alias."""
    mains = {c.name for c in characters}
    owners: dict[str, set[str]] = {}
    for c in characters:
        for alias in c.aliases:
            owners.setdefault(alias, set()).add(c.name)

    def resolve(name: str) -> str:
        name = name.strip()
        if name in mains:
            return name
        found = owners.get(name, set())
        return next(iter(found)) if len(found) == 1 else name

    return resolve


def _rows(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """``(location, row)`` for each data row; cells missing from a short row are empty."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=1):
                cells = {k.strip(): v or "" for k, v in row.items() if k is not None}
                yield f"{path}: row {i}", cells
    except OSError as exc:
        raise PdncFormatError(f"{path}: cannot read ({exc.strerror})") from exc


def _need(row: Mapping[str, str], column: str, where: str) -> str:
    value = row.get(column)
    if value is None:
        raise PdncFormatError(f"{where}: missing column {column!r}")
    return value


def _cell(row: Mapping[str, str], column: str, where: str) -> Any:
    """A required Python-literal cell, parsed."""
    return _literal(_need(row, column, where), column, where)


def load_characters(path: Path) -> tuple[PdncCharacter, ...]:
    """Characters of a ``character_info.csv``; the main name always joins its aliases."""
    characters: list[PdncCharacter] = []
    for where, row in _rows(path):
        name = _need(row, "Main Name", where).strip()
        aliases = _str_list(_cell(row, "Aliases", where), "Aliases", where)
        characters.append(
            PdncCharacter(
                id=_need(row, "Character ID", where).strip(),
                name=name,
                aliases=frozenset({name, *(a.strip() for a in aliases if a.strip())}),
                gender=(row.get("Gender") or "X").strip() or "X",
                category=(row.get("Category") or "").strip().lower(),
            )
        )
    return tuple(characters)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """`start`/`end` moved inwards past whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def load_quotes(
    path: Path, text: str, characters: tuple[PdncCharacter, ...]
) -> tuple[PdncQuote, ...]:
    """Quotations of a ``quotation_info.csv``, sorted by position, names mapped to main names."""
    resolve = _alias_resolver(characters)
    quotes: list[PdncQuote] = []
    for where, row in _rows(path):
        parts = _str_list(_cell(row, "subQuotationList", where), "subQuotationList", where)
        spans = _span_list(_cell(row, "quoteByteSpans", where), "quoteByteSpans", where)
        if not spans or any(not 0 <= a <= b <= len(text) for a, b in spans):
            raise PdncFormatError(f"{where}: quote spans are missing or outside the text")
        if len(parts) != len(spans):
            raise PdncFormatError(f"{where}: {len(parts)} sub-quotations but {len(spans)} spans")
        mention_texts = row.get("mentionTextsList", row.get("mentionTextList", ""))
        mentions = _mentions(
            _literal(mention_texts, "mentionTextsList", where),
            _literal(row.get("mentionSpansList", ""), "mentionSpansList", where),
            _literal(row.get("mentionEntitiesList", ""), "mentionEntitiesList", where),
            resolve,
            where,
        )
        addressees = _str_list(_cell(row, "addressees", where), "addressees", where)
        quote_type = _optional(row.get("quoteType"))
        quotes.append(
            PdncQuote(
                id=_need(row, "quoteID", where).strip(),
                text=_need(row, "quoteText", where),
                parts=tuple(parts),
                spans=tuple(_trim(text, a, b) for a, b in spans),
                speaker=resolve(_need(row, "speaker", where)),
                addressees=tuple(resolve(a) for a in addressees),
                quote_type=quote_type.capitalize() if quote_type else None,
                referring_expression=_optional(row.get("referringExpression")),
                mentions=mentions,
            )
        )
    quotes.sort(key=lambda q: (q.start, q.end))
    return tuple(quotes)


def _mentions(
    texts: Any, spans: Any, entities: Any, resolve: Callable[[str], str], where: str
) -> tuple[PdncMention, ...]:
    """Flatten the per-sub-quotation mention lists into one list of mentions."""
    if not (isinstance(texts, list) and isinstance(spans, list) and isinstance(entities, list)):
        raise PdncFormatError(f"{where}: mention columns are not lists")
    if not len(texts) == len(spans) == len(entities):
        raise PdncFormatError(f"{where}: mention columns have different lengths")
    out: list[PdncMention] = []
    for part_texts, part_spans, part_entities in zip(texts, spans, entities, strict=True):
        words = _str_list(part_texts, "mentionTextsList", where)
        offsets = _span_list(part_spans, "mentionSpansList", where)
        if not isinstance(part_entities, list) or not len(words) == len(offsets) == len(
            part_entities
        ):
            raise PdncFormatError(f"{where}: mention columns have different lengths")
        for word, (start, end), names in zip(words, offsets, part_entities, strict=True):
            refs = _str_list(names, "mentionEntitiesList", where)
            out.append(PdncMention(start, end, word, tuple(resolve(n) for n in refs)))
    return tuple(out)


def _person(value: str) -> str | None:
    text = value.strip()
    if not text or text.lower() in _MISSING:
        return None
    key = text[:-2] if text.endswith(".0") else text
    return _PERSONS.get(key, text)


def read_index(path: Path) -> dict[str, tuple[str | None, str | None]]:
    """``Folder Name`` → (narrative person, title) from ``PDNC-Novel-Index.csv``."""
    index: dict[str, tuple[str | None, str | None]] = {}
    for _, row in _rows(path):
        folder = (row.get("Folder Name") or "").strip()
        if folder:
            title = (row.get("Novel Title") or "").strip() or None
            index[folder] = (_person(row.get("Narrative Person") or ""), title)
    return index


def _index_for(folder: Path) -> dict[str, tuple[str | None, str | None]]:
    for candidate in (folder.parent / INDEX_FILE, folder.parent.parent / INDEX_FILE):
        if candidate.is_file():
            return read_index(candidate)
    return {}


def read_text(path: Path) -> str:
    """A novel text exactly as stored (no newline translation, so offsets stay valid)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def load_novel(
    folder: Path, index: Mapping[str, tuple[str | None, str | None]] | None = None
) -> PdncNovel:
    """Load one novel folder; the corpus index is looked up beside or above it if not given."""
    folder = Path(folder)
    text = read_text(folder / TEXT_FILE)
    characters = load_characters(folder / CHARACTERS_FILE)
    quotes = load_quotes(folder / QUOTES_FILE, text, characters)
    person, title = (index if index is not None else _index_for(folder)).get(
        folder.name, (None, None)
    )
    return PdncNovel(folder.name, folder, text, quotes, characters, person, title)


def data_folder(root: Path) -> Path:
    """The folder holding one sub-folder per novel: ``root/data`` or `root` itself."""
    root = Path(root)
    return root / "data" if (root / "data").is_dir() else root


def novel_folders(root: Path) -> list[Path]:
    """Novel folders under the PDNC root (or its ``data`` folder), sorted by name."""
    return sorted(p for p in data_folder(root).iterdir() if (p / QUOTES_FILE).is_file())


def iter_novels(root: Path, limit: int | None = None) -> Iterator[PdncNovel]:
    """Every annotated novel under `root`, loaded one at a time (at most `limit`)."""
    folders = novel_folders(root)
    index_path = Path(root) / INDEX_FILE
    index = read_index(index_path) if index_path.is_file() else None
    for folder in folders[:limit] if limit is not None else folders:
        yield load_novel(folder, index)
