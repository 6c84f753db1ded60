"""The tag taxonomy: AO3 tags, their synonyms and the textual cues that suggest them, as data.

The taxonomy is a set of TOML files (format: ``docs/tags.md``). Built-in files live in
``ficlens/data/tags``; users add or override entries with folders passed to `load_taxonomy`.
It holds:

- *cue families*: named lists of lower-case regex patterns, each compiled once, with the
  conditions under which a hit counts (story text or notes, speech or narration, words that
  void it in the same sentence, vocabulary that must occur nearby, part of the story);
- *tags* (freeform tags and archive warnings): canonical AO3 spelling, synonyms, broader
  tags, the weighted families that are evidence for them and the evidence needed;
- *rating rules*: the cue densities that call for each AO3 rating;
- *fact rules* (world facts to tags) and *point-of-view* templates for optional layers.

Nothing here knows any fandom or trope: all of that is in the data files.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal, cast, get_args

from ficlens.datafiles import DataFileError, TableReader, toml_files

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "data" / "tags"

Scope = Literal["body", "notes", "text"]
Voice = Literal["any", "speech", "narration"]
Window = Literal["sentence", "paragraph", "scene"]
TagType = Literal["freeform", "warning"]
SCOPES: tuple[str, ...] = get_args(Scope)
VOICES: tuple[str, ...] = get_args(Voice)
WINDOWS: tuple[str, ...] = get_args(Window)
TAG_TYPES: tuple[str, ...] = get_args(TagType)

# The AO3 tag model (not fandom knowledge): ratings from mildest to strongest, warnings and
# categories. "Not Rated" and "Choose Not To Use Archive Warnings" are never suggested.
RATINGS = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit")
NOT_RATED = "Not Rated"
WARNINGS = ("Graphic Depictions Of Violence", "Major Character Death", "Rape/Non-Con",
            "Underage Sex")  # fmt: skip
NO_WARNINGS = "No Archive Warnings Apply"
CHOSE_NOT_TO_WARN = "Choose Not To Use Archive Warnings"
CATEGORIES = ("Gen", "F/M", "M/M", "F/F", "Multi", "Other")

MIN_PREFIX = 2
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SPECIAL = set("\\.^$*+?{}[]|()")
_QUANTIFIERS = set("*?{")


class TagError(DataFileError):
    """A taxonomy file is invalid: names the file, the field and the problem."""


@dataclass(frozen=True, slots=True)
class Family:
    """A named cue family: patterns matched at word starts in the lower-cased text.

    A hit counts only inside `scope` (story ``body``, author's ``notes``, or ``text`` for
    both) and `voice` (inside quotation marks: ``speech``; outside: ``narration``), when no
    `unless` pattern occurs in its sentence, and when some family of `near` has a hit in
    the same `window` (sentence, paragraph or scene).
    """

    id: str
    patterns: tuple[str, ...]
    scope: Scope = "body"
    voice: Voice = "any"
    unless: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    window: Window = "paragraph"
    source: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A family's contribution to a tag: `weight` per paragraph with a hit, at most `cap`.

    With `region` only hits in that part of the story count (fractions of the story
    text); with `first_in_region` none count unless the family's first hit is in it. A
    `required` entry must have a counted hit for the tag to be suggested.
    """

    family: str
    weight: float = 1.0
    cap: int = 6
    required: bool = False
    region: tuple[float, float] | None = None
    first_in_region: bool = False

    def normalised(self, family: Family) -> bool:
        """Whether story hits are discounted in long works: all but the notes and the
        structural `first_in_region` cues, which do not accumulate with length."""
        return family.scope != "notes" and not self.first_in_region


@dataclass(frozen=True, slots=True)
class Tag:
    """A freeform tag or archive warning the taxonomy knows, by its canonical AO3 name.

    The tag is suggested when its evidence reaches `threshold`, every `required` evidence
    entry has a counted hit, every tag in `all_of` is suggested, its hits have at least
    `experiencers` different experiencers, and the story has at least `min_words` words;
    or when the author names it in the notes (unless `named` is false). `broader` tags are
    implied by this one; `replaces` are dropped when this one is suggested.
    """

    name: str
    type: TagType = "freeform"
    synonyms: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    threshold: float = 3.0
    evidence: tuple[Evidence, ...] = ()
    all_of: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    experiencers: int = 0
    min_words: int = 0
    named: bool = True
    source: str = ""

    @property
    def detectable(self) -> bool:
        """Whether the story text itself can suggest the tag (not only the author's notes)."""
        return bool(self.evidence or self.all_of)


@dataclass(frozen=True, slots=True)
class Condition:
    """A rating condition: `family` hits in at least `min` paragraphs and `per_1k`
    paragraphs per 1,000 story words."""

    family: str
    min: int = 1
    per_1k: float = 0.0


@dataclass(frozen=True, slots=True)
class RatingRule:
    """An AO3 rating and the conditions (any one suffices) that call for it."""

    name: str
    when: tuple[Condition, ...]
    source: str = ""


@dataclass(frozen=True, slots=True)
class FactRule:
    """World facts (``key=value`` labels of the ``world`` layer; ``key=*`` for any value)
    that imply tags.

    `tags` are taxonomy tags each fact adds `weight` of evidence to; `character` is a
    template ("Omega {name}") for a tag about a main character the fact is stated of.
    """

    fact: str
    tags: tuple[str, ...] = ()
    character: str | None = None
    weight: float = 2.0
    source: str = ""


@dataclass(frozen=True, slots=True)
class PovRule:
    """Point-of-view tags from scene ``pov`` attributes.

    `character` is the template for a viewpoint character's tag ("{name} POV"); characters
    whose scenes cover at least `min_share` of the story get it, and `alternating` (a
    taxonomy tag) is suggested when two or more do and the viewpoint changes.
    """

    character: str = "{name} POV"
    alternating: str | None = None
    min_share: float = 0.15
    source: str = ""


def tag_key(name: str) -> str:
    """A tag name as compared: case, accents, curly apostrophes and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def literal_prefix(pattern: str) -> str:
    """The literal text every match of `pattern` starts with ("soul ?mates?" -> "soul")."""
    out: list[str] = []
    for i, ch in enumerate(pattern):
        if ch in _SPECIAL:
            if ch in _QUANTIFIERS and out:
                out.pop()
            break
        if i + 1 < len(pattern) and pattern[i + 1] in _QUANTIFIERS:
            break
        out.append(ch)
    return "".join(out)


def _top_level_bar(pattern: str) -> bool:
    """Whether `pattern` has a ``|`` outside every group and character class."""
    depth = 0
    in_class = False
    escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _has_upper_literal(pattern: str) -> bool:
    """Whether `pattern` has an upper-case letter that is not part of an escape (``\\S``)."""
    return any(ch.isupper() for ch in re.sub(r"\\.", "", pattern))


class Taxonomy:
    """The loaded taxonomy: families, tags, rating rules, fact rules and the POV rule."""

    def __init__(
        self,
        families: Mapping[str, Family],
        tags: Sequence[Tag],
        ratings: Sequence[RatingRule],
        facts: Sequence[FactRule] = (),
        pov: PovRule | None = None,
    ) -> None:
        self.families: Mapping[str, Family] = MappingProxyType(dict(families))
        self.tags: tuple[Tag, ...] = tuple(tags)
        self.ratings: tuple[RatingRule, ...] = tuple(
            sorted(ratings, key=lambda r: RATINGS.index(r.name), reverse=True)
        )
        self.facts: tuple[FactRule, ...] = tuple(facts)
        self.pov = pov
        self._by_name = {t.name: t for t in self.tags}
        keys: dict[str, str] = {}
        for tag in self.tags:
            for name in (tag.name, *tag.synonyms):
                keys.setdefault(tag_key(name), tag.name)
        for name in (*RATINGS, NOT_RATED, *WARNINGS, NO_WARNINGS, CHOSE_NOT_TO_WARN, *CATEGORIES):
            keys.setdefault(tag_key(name), name)
        self._keys = keys

    def __len__(self) -> int:
        return len(self.tags)

    def tag(self, name: str) -> Tag | None:
        """The tag whose canonical name is exactly `name`."""
        return self._by_name.get(name)

    def canonical(self, name: str) -> str | None:
        """The canonical name of a tag as an author wrote it ("Soulmate AU" ->
        "Alternate Universe - Soulmates"), or None when the taxonomy does not know it."""
        return self._keys.get(tag_key(name))

    def related(self, a: str, b: str) -> bool:
        """Whether canonical tags `a` and `b` are the same or one is broader than the other."""
        return a == b or b in self._broader(a) or a in self._broader(b)

    def _broader(self, name: str) -> set[str]:
        """Every tag above `name`, following `broader` transitively."""
        seen: set[str] = set()
        todo = [name]
        while todo:
            tag = self._by_name.get(todo.pop())
            for up in tag.broader if tag else ():
                if up not in seen:
                    seen.add(up)
                    todo.append(up)
        return seen


def load_taxonomy(extra_dirs: Iterable[str | os.PathLike[str]] = ()) -> Taxonomy:
    """Load and validate the built-in taxonomy and the ``*.toml`` files of `extra_dirs`.

    Later folders win: a family, tag, rating, fact or POV rule defined again replaces the
    earlier one. Cached until a file is added, removed or changed. Raises `TagError`
    naming the file and field of any invalid data.
    """
    folders = dict.fromkeys(Path(p).resolve() for p in (BUILTIN_DIR, *map(Path, extra_dirs)))
    return _load_files(toml_files(folders, TagError, "taxonomy"))


@dataclass(slots=True)
class _Parts:
    """Entries read so far, keyed for overriding, with the folder each came from."""

    families: dict[str, Family] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    ratings: dict[str, RatingRule] = field(default_factory=dict)
    facts: dict[str, FactRule] = field(default_factory=dict)
    pov: PovRule | None = None
    folders: dict[tuple[str, str], str] = field(default_factory=dict)


@functools.lru_cache(maxsize=8)
def _load_files(files: tuple[tuple[str, int, int], ...]) -> Taxonomy:
    """The taxonomy of `files` (path, mtime, size): cached on all three."""
    return _build(path for path, _, _ in files)


def read_taxonomy_file(path: str | os.PathLike[str]) -> Taxonomy:
    """Read and validate one file on its own (it must be complete in itself)."""
    return _build([str(path)])


def _build(paths: Iterable[str]) -> Taxonomy:
    """Read `paths` in order (later entries replace earlier ones) and check the result."""
    parts = _Parts()
    for path in paths:
        _Reader(path).read(parts)
    taxonomy = Taxonomy(
        parts.families, list(parts.tags.values()), list(parts.ratings.values()),
        list(parts.facts.values()), parts.pov,
    )  # fmt: skip
    _check(taxonomy)
    return taxonomy


_TOP = ("families", "tags", "ratings", "facts", "pov")
_FAMILY_FIELDS = ("patterns", "scope", "voice", "unless", "near", "window")
_EVIDENCE_FIELDS = ("family", "weight", "cap", "required", "region", "first_in_region")
_TAG_FIELDS = ("name", "type", "synonyms", "broader", "threshold", "evidence", "all_of",
               "replaces", "experiencers", "min_words", "named")  # fmt: skip


class _Reader(TableReader):
    """Turns one TOML file into taxonomy entries, or fails with a `TagError`."""

    def __init__(self, path: str) -> None:
        super().__init__(path, TagError, tag_key)
        self.folder = str(Path(path).parent)

    def read(self, parts: _Parts) -> None:
        """Add this file's entries to `parts`."""
        data = self.load()
        self.table(data, "", _TOP)
        families = self.table(data.get("families", {}), "families")
        for fid, value in families.items():
            self.claim(parts, "family", fid, f"families.{fid}")
            parts.families[fid] = self.family(fid, value, f"families.{fid}")
        for i, value in enumerate(self.tables(data, "tags")):
            tag = self.tag(value, f"tags[{i}]")
            self.claim(parts, "tag", tag.name, f"tags[{i}] ({tag.name})")
            parts.tags.pop(tag.name, None)
            parts.tags[tag.name] = tag
        for i, value in enumerate(self.tables(data, "ratings")):
            rule = self.rating(value, f"ratings[{i}]")
            self.claim(parts, "rating", rule.name, f"ratings[{i}] ({rule.name})")
            parts.ratings[rule.name] = rule
        for i, value in enumerate(self.tables(data, "facts")):
            fact = self.fact(value, f"facts[{i}]")
            self.claim(parts, "fact", fact.fact, f"facts[{i}] ({fact.fact})")
            parts.facts[fact.fact] = fact
        if "pov" in data:
            self.claim(parts, "pov", "pov", "pov")
            parts.pov = self.pov(data["pov"], "pov")

    def claim(self, parts: _Parts, kind: str, key: str, where: str) -> None:
        """Fail when the same entry is defined twice in one folder."""
        other = parts.folders.get((kind, key))
        if other is not None and str(Path(other).parent) == self.folder:
            self.fail(where, f"{kind} {key!r} is already defined in {other}")
        parts.folders[kind, key] = self.path

    # -- patterns and entries ---------------------------------------------------------------

    def regex(self, pattern: str, where: str, *, cue: bool) -> str:
        """Validate one pattern; cue patterns also need a literal start and no top-level |."""
        if _has_upper_literal(pattern):
            self.fail(where, f"{pattern!r} must be lower case (text is matched lower-cased)")
        try:
            re.compile(pattern)
        except re.error as exc:
            self.fail(where, f"{pattern!r} is not a valid regular expression: {exc}")
        if cue:
            if _top_level_bar(pattern):
                self.fail(where, f"{pattern!r}: list alternatives as separate patterns")
            prefix = literal_prefix(pattern)
            if len(prefix) < MIN_PREFIX or not prefix[0].isalnum():
                self.fail(
                    where,
                    f"{pattern!r} must start with a letter or digit and at least {MIN_PREFIX} "
                    "literal characters (they make the scan fast)",
                )
        return pattern

    def family(self, fid: str, value: object, where: str) -> Family:
        if not _ID.match(fid):
            self.fail(where, f"{fid!r} must be lower-case letters, digits and hyphens")
        table = self.table(value, where, _FAMILY_FIELDS)
        patterns = self.strings(table, "patterns", where)
        if not patterns:
            self.fail(f"{where}.patterns", "list at least one pattern")
        for i, p in enumerate(patterns):
            self.regex(p, f"{where}.patterns[{i}]", cue=True)
        unless = self.strings(table, "unless", where)
        for i, p in enumerate(unless):
            self.regex(p, f"{where}.unless[{i}]", cue=False)
        return Family(
            id=fid,
            patterns=patterns,
            scope=cast("Scope", self.choice(table, "scope", where, SCOPES)),
            voice=cast("Voice", self.choice(table, "voice", where, VOICES)),
            unless=unless,
            near=self.strings(table, "near", where),
            window=cast("Window", self.choice(table, "window", where, WINDOWS)),
            source=self.path,
        )

    def tag(self, value: object, where: str) -> Tag:
        table = self.table(value, where)
        name = self.string(table.get("name"), f"{where}.name")
        where = f"{where} ({name})"
        self.table(table, where, _TAG_FIELDS)
        tag_type = self.choice(table, "type", where, TAG_TYPES)
        if tag_type == "warning" and name not in WARNINGS:
            self.fail(f"{where}.name", f"{name!r} is not an AO3 archive warning")
        synonyms = self.strings(table, "synonyms", where)
        for synonym in synonyms:
            if tag_key(synonym) == tag_key(name):
                self.fail(f"{where}.synonyms", f"{synonym!r} only repeats the tag's name")
        raw = table.get("evidence", [])
        if not isinstance(raw, list):
            self.fail(f"{where}.evidence", "expected a list of {family, weight, cap} tables")
        evidence = tuple(self.evidence(e, f"{where}.evidence[{i}]") for i, e in enumerate(raw))
        return Tag(
            name=name,
            type=cast("TagType", tag_type),
            synonyms=synonyms,
            broader=self.strings(table, "broader", where),
            threshold=self.number(table, "threshold", where, 3.0, low=0.1),
            evidence=evidence,
            all_of=self.strings(table, "all_of", where),
            replaces=self.strings(table, "replaces", where),
            experiencers=self.integer(table, "experiencers", where, 0),
            min_words=self.integer(table, "min_words", where, 0),
            named=self.flag(table, "named", where, True),
            source=self.path,
        )

    def evidence(self, value: object, where: str) -> Evidence:
        table = self.table(value, where, _EVIDENCE_FIELDS)
        cap = self.integer(table, "cap", where, 6)
        if cap < 1:
            self.fail(f"{where}.cap", "expected a whole number of at least 1")
        region = table.get("region")
        span: tuple[float, float] | None = None
        if region is not None:
            if (
                not isinstance(region, list)
                or len(region) != 2
                or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in region)
                or not 0 <= region[0] < region[1] <= 1
            ):
                self.fail(f"{where}.region", "expected [from, to] with 0 <= from < to <= 1")
            span = (float(region[0]), float(region[1]))
        first = self.flag(table, "first_in_region", where, False)
        if first and span is None:
            self.fail(f"{where}.first_in_region", "needs a region")
        return Evidence(
            family=self.string(table.get("family"), f"{where}.family"),
            weight=self.number(table, "weight", where, 1.0, low=0.01),
            cap=cap,
            required=self.flag(table, "required", where, False),
            region=span,
            first_in_region=first,
        )

    def rating(self, value: object, where: str) -> RatingRule:
        table = self.table(value, where, ("name", "when"))
        name = self.string(table.get("name"), f"{where}.name")
        if name not in RATINGS:
            problem = "is never suggested" if name == NOT_RATED else "is not an AO3 rating"
            self.fail(f"{where}.name", f"{name!r} {problem}")
        raw = table.get("when", [])
        if not isinstance(raw, list):
            self.fail(f"{where}.when", "expected a list of {family, min, per_1k} tables")
        when = []
        for i, item in enumerate(raw):
            at = f"{where}.when[{i}]"
            cond = self.table(item, at, ("family", "min", "per_1k"))
            minimum = self.integer(cond, "min", at, 1)
            if minimum < 1:
                self.fail(f"{at}.min", "expected a whole number of at least 1")
            when.append(
                Condition(
                    self.string(cond.get("family"), f"{at}.family"),
                    minimum,
                    self.number(cond, "per_1k", at, 0.0),
                )
            )
        return RatingRule(name, tuple(when), self.path)

    def fact(self, value: object, where: str) -> FactRule:
        table = self.table(value, where, ("fact", "tags", "character", "weight"))
        fact = self.string(table.get("fact"), f"{where}.fact")
        if fact.count("=") != 1 or fact.startswith("=") or fact.endswith("="):
            self.fail(f"{where}.fact", f"{fact!r} must be key=value or key=*")
        character = self.text(table, "character", where)
        if character is not None and "{name}" not in character:
            self.fail(f"{where}.character", "the template must contain {name}")
        return FactRule(
            fact=fact,
            tags=self.strings(table, "tags", where),
            character=character,
            weight=self.number(table, "weight", where, 2.0, low=0.01),
            source=self.path,
        )

    def pov(self, value: object, where: str) -> PovRule:
        table = self.table(value, where, ("character", "alternating", "min_share"))
        template = self.string(table.get("character", "{name} POV"), f"{where}.character")
        if "{name}" not in template:
            self.fail(f"{where}.character", "the template must contain {name}")
        alternating = table.get("alternating")
        share = self.number(table, "min_share", where, 0.15)
        if share > 0.5:
            self.fail(f"{where}.min_share", "expected a share of at most 0.5")
        return PovRule(
            character=template,
            alternating=None if alternating is None else self.string(alternating, where),
            min_share=share,
            source=self.path,
        )


def _check(tax: Taxonomy) -> None:
    """Cross-entry checks once every file is read: references, synonyms, rating default."""
    families = tax.families
    for fam in families.values():
        for i, near in enumerate(fam.near):
            if near not in families:
                raise TagError(fam.source, f"families.{fam.id}.near[{i}]", f"no family {near!r}")
    owners: dict[str, str] = {}
    for tag in tax.tags:
        where = f"tags ({tag.name})"
        for name in (tag.name, *tag.synonyms):
            owner = owners.setdefault(tag_key(name), tag.name)
            if owner != tag.name:
                raise TagError(tag.source, where, f"{name!r} already names tag {owner!r}")
        for i, ev in enumerate(tag.evidence):
            if ev.family not in families:
                raise TagError(tag.source, f"{where}.evidence[{i}]", f"no family {ev.family!r}")
            if ev.region is not None and families[ev.family].scope == "notes":
                raise TagError(
                    tag.source, f"{where}.evidence[{i}].region", "notes have no story position"
                )
        for key in ("broader", "all_of", "replaces"):
            for i, ref in enumerate(getattr(tag, key)):
                other = tax.tag(ref)
                if other is None or other is tag:
                    problem = "is the tag itself" if other is tag else "is not a taxonomy tag"
                    raise TagError(tag.source, f"{where}.{key}[{i}]", f"{ref!r} {problem}")
                if key == "all_of" and other.all_of:
                    raise TagError(
                        tag.source, f"{where}.all_of[{i}]", f"{ref!r} is itself composite"
                    )
    for rule in tax.ratings:
        for i, cond in enumerate(rule.when):
            if cond.family not in families:
                raise TagError(
                    rule.source, f"ratings ({rule.name}).when[{i}]", f"no family {cond.family!r}"
                )
    defaults = [r for r in tax.ratings if not r.when]
    if tax.ratings and len(defaults) != 1:
        source = tax.ratings[0].source
        raise TagError(source, "ratings", "exactly one rating must have no conditions (default)")
    for fact in tax.facts:
        for i, name in enumerate(fact.tags):
            if tax.tag(name) is None:
                raise TagError(
                    fact.source, f"facts ({fact.fact}).tags[{i}]", f"{name!r} is not a tag"
                )
    if tax.pov and tax.pov.alternating and tax.tag(tax.pov.alternating) is None:
        raise TagError(
            tax.pov.source, "pov.alternating", f"{tax.pov.alternating!r} is not a taxonomy tag"
        )
