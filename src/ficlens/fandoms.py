"""Fandom packs: canon characters, aliases, epithets and ships as data files.

A pack is one TOML file per fandom (format: ``docs/fandom-packs.md``). Built-in packs live in
``ficlens/data/fandoms``; users add or override packs with folders named in the
``FICLENS_PACKS`` environment variable or passed to `load_packs`. Packs are chosen for a work
by its AO3 fandom tags, or, when no tag matches, detected from the story text. Nothing here
knows any particular fandom: all fandom knowledge is in the data.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal, cast, get_args

from ficlens.datafiles import DataFileError, TableReader, toml_files

Gender = Literal["female", "male", "nonbinary"]
GENDERS: tuple[str, ...] = get_args(Gender)
ShipOrder = Literal["family", "name"]
SHIP_ORDERS: tuple[str, ...] = get_args(ShipOrder)
PACKS_ENV = "FICLENS_PACKS"
BUILTIN_DIR = Path(__file__).resolve().parent / "data" / "fandoms"
# Evidence a text needs before a pack is detected from it (see `PackIndex.detect`).
DETECT_MIN_SCORE = 6
DETECT_MIN_STRONG = 2
DETECT_TOP_TOKENS = 40
DETECT_MAIN_CAST = 3

_DISAMBIGUATOR = re.compile(r"^(.*?)\s+\(([^()]+)\)$")
_PACK_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A capitalised word or a number: the tokens that names and fandom words are detected by.
_CAP_TOKEN = re.compile(r"[A-Z0-9À-ÖØ-Þ]\w*")
# AO3 tag grammar, not fandom knowledge: " - All Media Types" / " - Author" suffixes and
# media qualifiers such as "(TV)", "(Movies)", "(TV 2016)", "(Anime)" mark variants of a fandom.
_MEDIA_WORDS = frozenset(
    (
        *("tv", "movie", "movies", "film", "films", "anime", "manga", "comic", "comics"),
        *("cartoon", "animated", "book", "books", "novel", "novels", "series", "video"),
        *("game", "games", "web", "radio", "podcast", "musical", "play"),
    )
)


class PackError(DataFileError):
    """A fandom pack file is invalid: names the file, the field and the problem."""


def _frozen_map() -> Mapping[str, str]:
    return MappingProxyType({})


def _frozen_users() -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class CanonCharacter:
    """One canon character, named by its AO3 canonical character tag.

    ``given`` and ``family`` are None when canon gives none; ``aliases`` hold nicknames,
    maiden/married names and code or superhero names; ``epithets`` are descriptive names
    canon uses for the character ("the Boy Who Lived"); ``titles`` are forms of address
    used before the name ("Professor", "Captain"); ``alias_users`` maps an alias to the
    characters who call this character by it.
    """

    name: str
    given: str | None
    family: str | None
    gender: Gender
    aliases: tuple[str, ...] = ()
    epithets: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=_frozen_map, hash=False)
    alias_users: Mapping[str, tuple[str, ...]] = field(default_factory=_frozen_users, hash=False)

    @property
    def base_name(self) -> str:
        """The tag name without AO3's fandom disambiguator: "Crowley (Good Omens)" -> "Crowley"."""
        return _split_disambiguator(self.name)[0]


@dataclass(frozen=True, slots=True)
class Ship:
    """A relationship tag the pack knows: AO3 spelling, member names, romantic, canon."""

    tag: str
    members: tuple[str, ...]
    romantic: bool
    canon: bool = False


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A multi-word detection signal: adjacent capitalised-token pairs and a regex.

    The pairs must all occur in the text's sequence of capitalised tokens (a cheap
    prefilter) before the regex, which starts with a literal so it scans fast, is run.
    """

    pairs: frozenset[tuple[str, str]]
    pattern: str

    def found(self, scan: _Scan) -> bool:
        if not self.pairs <= scan.pairs:
            return False
        text = scan.text
        return any(
            m.start() == 0 or not text[m.start() - 1].isalnum()
            for m in _compiled(self.pattern).finditer(text)
        )


@dataclass(frozen=True, slots=True)
class _Scan:
    """A text's capitalised tokens, adjacent token pairs and most frequent tokens."""

    text: str
    tokens: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    frequent: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Scan:
        tokens = _CAP_TOKEN.findall(text)
        frequent = (t for t, _ in Counter(tokens).most_common(DETECT_TOP_TOKENS))
        return cls(
            text, frozenset(tokens), frozenset(itertools.pairwise(tokens)), frozenset(frequent)
        )


@dataclass(frozen=True, eq=False)
class FandomPack:
    """One fandom's canon: characters, ships, non-character names and detection words."""

    id: str
    name: str
    fandoms: tuple[str, ...]
    synonyms: tuple[str, ...]
    characters: tuple[CanonCharacter, ...]
    ships: tuple[Ship, ...] = ()
    non_characters: tuple[str, ...] = ()
    fandom_words: tuple[str, ...] = ()
    honorific_suffixes: tuple[str, ...] = ()
    ship_order: ShipOrder = "family"
    source: str = ""
    _index: Mapping[str, tuple[CanonCharacter, ...]] = field(init=False, repr=False)
    _by_name: Mapping[str, CanonCharacter] = field(init=False, repr=False)
    _name_tokens: frozenset[str] = field(init=False, repr=False)
    _word_tokens: frozenset[str] = field(init=False, repr=False)
    _word_phrases: tuple[_Phrase, ...] = field(init=False, repr=False)
    _char_phrases: tuple[tuple[_Phrase, ...], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, dict[CanonCharacter, None]] = {}
        for char in self.characters:
            for key in _lookup_keys(char):
                index.setdefault(key, {})[char] = None
        name_tokens: set[str] = set()
        signals = []
        for char in self.characters:
            names = [char.base_name, *char.aliases, char.given, char.family]
            name_tokens.update(n for n in names if n and _CAP_TOKEN.fullmatch(n))
            names += [f"{t} {char.family or char.base_name}" for t in char.titles]
            phrases = {
                _phrase(name, tokens): None
                for name in names
                if name and len(tokens := _CAP_TOKEN.findall(name)) > 1
            }
            signals.append(tuple(phrases))
        words = frozenset(w for w in self.fandom_words if _CAP_TOKEN.fullmatch(w))
        phrases_ = tuple(
            _phrase(w, _CAP_TOKEN.findall(w)) for w in self.fandom_words if w not in words
        )
        set_ = object.__setattr__
        set_(self, "_index", MappingProxyType({k: tuple(v) for k, v in index.items()}))
        set_(self, "_by_name", MappingProxyType({c.name: c for c in self.characters}))
        set_(self, "_name_tokens", frozenset(name_tokens))
        set_(self, "_word_tokens", words)
        set_(self, "_word_phrases", phrases_)
        set_(self, "_char_phrases", tuple(signals))

    def character(self, name: str) -> CanonCharacter | None:
        """The character whose canonical tag name is exactly ``name``."""
        return self._by_name.get(name)

    def lookup(self, surface: str) -> list[CanonCharacter]:
        """Characters a name as written can mean: full, given or family name, alias, epithet.

        Case-insensitive and exact (no fuzzy matching); "Professor McGonagall" works through
        the character's titles and "Hinata-kun" through the pack's honorific suffixes.
        """
        key = _lookup_key(surface)
        found = self._index.get(key) or self._index.get(_strip_article(key))
        for suffix in self.honorific_suffixes:
            if found is not None:
                break
            suffix_key = _lookup_key(suffix)
            if key.endswith(suffix_key) and len(key) > len(suffix_key):
                found = self._index.get(key[: -len(suffix_key)].rstrip(" -"))
        return list(found or ())

    def relationship_tag(
        self, a: CanonCharacter | str, b: CanonCharacter | str, romantic: bool = True
    ) -> str:
        """The relationship tag for two of this pack's characters.

        The pack's own spelling when it lists the ship (AO3 keeps some long-standing tags
        out of alphabetical order), else `relationship_tag` in the pack's ``ship_order``.
        Strings that are canonical character names here are resolved to the characters.
        """
        members = [self._by_name.get(x, x) if isinstance(x, str) else x for x in (a, b)]
        names = {m.name if isinstance(m, CanonCharacter) else m for m in members}
        for ship in self.ships:
            if ship.romantic == romantic and set(ship.members) == names and len(names) == 2:
                return ship.tag
        return relationship_tag(members[0], members[1], romantic, order=self.ship_order)

    def _evidence(self, scan: _Scan) -> tuple[int, int]:
        """Score of the text for this pack and its number of strong signals.

        See `PackIndex.detect` for the scoring.
        """
        strong = len(scan.tokens & self._word_tokens)
        strong += len(scan.frequent & self._name_tokens) >= DETECT_MAIN_CAST
        strong += sum(p.found(scan) for p in self._word_phrases)
        strong += sum(any(p.found(scan) for p in ps) for ps in self._char_phrases)
        return len(scan.tokens & self._name_tokens) + 2 * strong, strong


class PackIndex:
    """All loaded packs, with selection by AO3 fandom tag or by the text of a work."""

    def __init__(self, packs: Iterable[FandomPack]) -> None:
        self.packs: tuple[FandomPack, ...] = tuple(packs)
        self._by_id = {p.id: p for p in self.packs}
        self._by_tag: dict[str, FandomPack] = {}
        for pack in self.packs:
            names = [*pack.fandoms, *(_reduce_tag(t) for t in pack.fandoms), *pack.synonyms]
            for name in names:
                key = _tag_key(name)
                other = self._by_tag.setdefault(key, pack)
                if other is not pack:
                    raise PackError(
                        pack.source,
                        "pack",
                        f"fandom name {name!r} is already claimed by pack {other.id!r} "
                        f"({other.source})",
                    )

    def __iter__(self) -> Iterator[FandomPack]:
        return iter(self.packs)

    def __len__(self) -> int:
        return len(self.packs)

    def get(self, pack_id: str) -> FandomPack | None:
        """The pack with this id, if loaded."""
        return self._by_id.get(pack_id)

    def match_tags(self, fandom_tags: Iterable[str]) -> list[FandomPack]:
        """Packs answering to these AO3 fandom tags, in tag order, each once.

        A tag matches a pack's fandom tag or synonym ignoring case, accents, spacing and
        punctuation; failing that, with a trailing media qualifier ("(TV)", "(Movies)") or
        " - All Media Types"/" - Author" part removed. RPF tags never match fiction packs.
        """
        found: dict[str, FandomPack] = {}
        for tag in fandom_tags:
            pack = self._by_tag.get(_tag_key(tag)) or self._by_tag.get(_tag_key(_reduce_tag(tag)))
            if pack is not None:
                found.setdefault(pack.id, pack)
        return list(found.values())

    def detect(
        self, text: str, *, min_score: int = DETECT_MIN_SCORE
    ) -> list[tuple[FandomPack, int]]:
        """Packs whose canon the text itself evidences, best first, with their scores.

        Evidence is counted once per distinct item, matched as written (capitalised): one
        point per one-word name of the pack's characters (given, family, one-word alias);
        two per strong signal, that is per fandom word and per character named in full (a
        multi-word name or alias, or a title with the family name: "Professor McGonagall";
        epithets are descriptions and do not count). A pack is detected when its score
        reaches ``min_score`` with at least two strong signals, so a story that merely
        shares common first names, or one full name, with a canon is not claimed by it.
        """
        scan = _Scan.of(text)
        scored = [(pack, *pack._evidence(scan)) for pack in self.packs]
        hits = [
            (pack, score)
            for pack, score, strong in scored
            if strong >= DETECT_MIN_STRONG and score >= min_score
        ]
        return sorted(hits, key=lambda hit: -hit[1])

    def select(self, fandom_tags: Sequence[str], text: str | None = None) -> list[FandomPack]:
        """The packs for a work: those its fandom tags name, else those its text evidences."""
        packs = self.match_tags(fandom_tags)
        if packs or text is None:
            return packs
        return [pack for pack, _ in self.detect(text)]


def relationship_tag(
    a: CanonCharacter | str,
    b: CanonCharacter | str,
    romantic: bool = True,
    *,
    order: ShipOrder = "family",
) -> str:
    """The AO3 relationship tag for two characters: "Pam Beesly/Jim Halpert".

    With ``order="family"`` (AO3's usual convention) names are ordered alphabetically by
    family name, a name without one sorting by itself; with ``order="name"`` (used by some
    fandoms, e.g. "Finn/Poe Dameron") by the name as written. Names are joined by "/"
    (romantic) or " & " (platonic). Fandom disambiguators are dropped from the names and,
    when every member shares the same one, added once at the end:
    "Aziraphale/Crowley (Good Omens)". A plain string is read as "Given Family" when it has
    several words; pass a `CanonCharacter` for names written family name first.
    """
    members = [_as_member(x) for x in (a, b)]
    if order == "family":
        members.sort(key=lambda m: (_fold(m[1] or m[0]), _fold(m[0])))
    else:
        members.sort(key=lambda m: _fold(m[0]))
    body = ("/" if romantic else " & ").join(m[0] for m in members)
    suffixes = {m[2] for m in members}
    suffix = suffixes.pop() if len(suffixes) == 1 else None
    return f"{body} ({suffix})" if suffix else body


def load_packs(extra_dirs: Iterable[str | os.PathLike[str]] = ()) -> PackIndex:
    """Load and validate the built-in packs, ``$FICLENS_PACKS`` folders and ``extra_dirs``.

    Later folders win: a pack whose id matches an earlier one replaces it. The result is
    cached until a pack file is added, removed or changed. Raises `PackError` naming the
    file and field of any invalid data.
    """
    env = [Path(d) for d in os.environ.get(PACKS_ENV, "").split(os.pathsep) if d.strip()]
    folders = dict.fromkeys(p.resolve() for p in (BUILTIN_DIR, *env, *map(Path, extra_dirs)))
    return _load_files(toml_files(folders, PackError, "pack"))


@functools.lru_cache(maxsize=8)
def _load_files(files: tuple[tuple[str, int, int], ...]) -> PackIndex:
    packs: dict[str, FandomPack] = {}
    seen: dict[str, str] = {}
    for path, _, _ in files:
        pack = read_pack(path)
        folder = str(Path(path).parent)
        if seen.get(pack.id, "") == folder:
            raise PackError(
                path, "pack.id", f"{pack.id!r} is also the id of {packs[pack.id].source}"
            )
        seen[pack.id] = folder
        packs.pop(pack.id, None)
        packs[pack.id] = pack
    return PackIndex(packs.values())


def read_pack(path: str | os.PathLike[str]) -> FandomPack:
    """Read and validate one pack file."""
    reader = _PackReader(str(path))
    return reader.pack(reader.load())


class _PackReader(TableReader):
    """Turns one parsed TOML document into a `FandomPack`, or fails with a `PackError`."""

    def __init__(self, path: str) -> None:
        super().__init__(path, PackError, _spelling)

    def pack(self, data: dict[str, object]) -> FandomPack:
        self.table(data, "", ("pack", "characters", "ships"))
        head = self.table(data.get("pack"), "pack", _PACK_FIELDS)
        pack_id = self.required(head, "id", "pack")
        if not _PACK_ID.match(pack_id):
            self.fail("pack.id", f"{pack_id!r} must be lower-case letters, digits and hyphens")
        fandoms = self.strings(head, "fandoms", "pack")
        if not fandoms:
            self.fail("pack.fandoms", "list at least one AO3 fandom tag")
        order = self.choice(head, "ship_order", "pack", SHIP_ORDERS)
        words = self.strings(head, "fandom_words", "pack")
        for i, word in enumerate(words):
            if not _CAP_TOKEN.match(word):
                self.fail(f"pack.fandom_words[{i}]", f"{word!r} must start with a capital or digit")
        raw_chars = data.get("characters")
        if not isinstance(raw_chars, list) or not raw_chars:
            self.fail("characters", "expected at least one [[characters]] table")
        chars = tuple(self.character(c, f"characters[{i}]") for i, c in enumerate(raw_chars))
        self.unique(tuple(c.name for c in chars), "characters.name")
        non_characters = self.strings(head, "non_characters", "pack")
        self.check_names(chars, {_lookup_key(n) for n in non_characters})
        raw_ships = self.tables(data, "ships")
        ships = tuple(self.ship(s, f"ships[{i}]", chars) for i, s in enumerate(raw_ships))
        self.unique(tuple(s.tag for s in ships), "ships.tag")
        return FandomPack(
            id=pack_id,
            name=self.required(head, "name", "pack"),
            fandoms=fandoms,
            synonyms=self.strings(head, "synonyms", "pack"),
            characters=chars,
            ships=ships,
            non_characters=non_characters,
            fandom_words=words,
            honorific_suffixes=self.strings(head, "honorific_suffixes", "pack"),
            ship_order=cast("ShipOrder", order),
            source=self.path,
        )

    def check_names(self, chars: Sequence[CanonCharacter], blocked: set[str]) -> None:
        """Alias users must be characters here; no name may be a listed non-character."""
        names = {c.name for c in chars}
        for i, char in enumerate(chars):
            where = f"characters[{i}] ({char.name})"
            for users in char.alias_users.values():
                for user in users:
                    if user not in names:
                        self.fail(f"{where}.aliases", f"used_by {user!r} is not a character here")
            for key in sorted(_lookup_keys(char) & blocked):
                self.fail(where, f"name {key!r} is listed in pack.non_characters")

    def character(self, value: object, where: str) -> CanonCharacter:
        table = self.table(value, where)
        name = self.required(table, "name", where)
        where = f"{where} ({name})"
        self.table(table, where, _CHARACTER_FIELDS)
        gender = self.choice(table, "gender", where, GENDERS, required=True)
        given = self.text(table, "given", where)
        family = self.text(table, "family", where)
        aliases, users = self.aliases(table.get("aliases", []), f"{where}.aliases")
        own = {_spelling(n) for n in (name, given, family) if n}
        for alias in aliases:
            if _spelling(alias) in own and alias not in users:
                self.fail(f"{where}.aliases", f"{alias!r} repeats the character's own name")
        attrs = self.table(table.get("attributes", {}), f"{where}.attributes")
        return CanonCharacter(
            name=name,
            given=given,
            family=family,
            gender=cast("Gender", gender),
            aliases=aliases,
            epithets=self.strings(table, "epithets", where),
            titles=self.strings(table, "titles", where),
            attributes=MappingProxyType(
                {k: self.string(v, f"{where}.attributes.{k}") for k, v in attrs.items()}
            ),
            alias_users=MappingProxyType(users),
        )

    def aliases(
        self, value: object, where: str
    ) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
        if not isinstance(value, list):
            self.fail(where, "expected a list")
        aliases: list[str] = []
        users: dict[str, tuple[str, ...]] = {}
        for i, item in enumerate(value):
            if isinstance(item, dict):
                entry = self.table(item, f"{where}[{i}]", ("alias", "used_by"))
                alias = self.required(entry, "alias", f"{where}[{i}]")
                users[alias] = self.strings(entry, "used_by", f"{where}[{i}]")
                if not users[alias]:
                    self.fail(f"{where}[{i}].used_by", "name at least one character")
            else:
                alias = self.string(item, f"{where}[{i}]")
            aliases.append(alias)
        return self.unique(tuple(aliases), where), users

    def ship(self, value: object, where: str, chars: Sequence[CanonCharacter]) -> Ship:
        table = self.table(value, where, ("tag", "canon"))
        tag = self.required(table, "tag", where)
        canon = self.flag(table, "canon", where, False)
        body, suffix = _split_disambiguator(tag)
        romantic = "/" in body
        if romantic and " & " in body:
            self.fail(f"{where}.tag", f"{tag!r} mixes '/' and ' & '")
        parts = body.split("/") if romantic else body.split(" & ")
        if len(parts) < 2:
            self.fail(f"{where}.tag", f"{tag!r} needs two names joined by '/' or ' & '")
        members = []
        for part in parts:
            wanted = {part, f"{part} ({suffix})"}
            found = [c for c in chars if c.name in wanted] or [
                c for c in chars if c.base_name == part
            ]
            if len(found) != 1:
                problem = "names no character" if not found else "is ambiguous"
                self.fail(f"{where}.tag", f"{part!r} in {tag!r} {problem} in this pack")
            members.append(found[0].name)
        if len(set(members)) != len(members):
            self.fail(f"{where}.tag", f"{tag!r} names a character twice")
        return Ship(tag, tuple(members), romantic, canon)


_PACK_FIELDS = (
    "id",
    "name",
    "fandoms",
    "synonyms",
    "fandom_words",
    "non_characters",
    "honorific_suffixes",
    "ship_order",
)
_CHARACTER_FIELDS = (
    "name",
    "given",
    "family",
    "gender",
    "aliases",
    "epithets",
    "titles",
    "attributes",
)


def _split_disambiguator(name: str) -> tuple[str, str | None]:
    match = _DISAMBIGUATOR.match(name)
    return (match[1], match[2]) if match else (name, None)


def _as_member(x: CanonCharacter | str) -> tuple[str, str | None, str | None]:
    """(name without disambiguator, family name, disambiguator) of a relationship member."""
    if isinstance(x, CanonCharacter):
        base, suffix = _split_disambiguator(x.name)
        return base, x.family, suffix
    base, suffix = _split_disambiguator(x.strip())
    words = base.split()
    return base, words[-1] if len(words) > 1 else None, suffix


def _fold(s: str) -> str:
    """Case- and accent-insensitive sort/match form."""
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _spelling(s: str) -> str:
    """A spelling up to case, curly apostrophes, full stops and spacing."""
    s = s.casefold().replace("\u2019", "'").replace(".", " ")
    return " ".join(s.split())


def _lookup_key(s: str) -> str:
    """What `FandomPack.lookup` matches on: a spelling, ignoring accents too."""
    return _spelling(_fold(s))


def _strip_article(s: str) -> str:
    return s[4:] if s[:4].lower() == "the " else s


def _lookup_keys(char: CanonCharacter) -> set[str]:
    base = char.base_name
    names = {char.name, base, *base.split(" | "), *char.aliases}
    names.update(n for n in (char.given, char.family) if n)
    if char.given and char.family:
        names.add(f"{char.given} {char.family}")
    for epithet in char.epithets:
        names.update((epithet, _strip_article(epithet)))
    for title in char.titles:
        names.update(f"{title} {n}" for n in (base, char.given, char.family) if n)
    return {_lookup_key(n) for n in names}


def _tag_key(tag: str) -> str:
    return "".join(ch for ch in _fold(tag) if ch.isalnum())


def _reduce_tag(tag: str) -> str:
    """Drop a trailing " - ..." part and a media qualifier: "Sherlock (TV)" -> "Sherlock"."""
    if "rpf" in _fold(tag).split():
        return tag
    tag = tag.split(" - ", 1)[0].strip()
    base, qualifier = _split_disambiguator(tag)
    if qualifier and all(w.isdigit() or w in _MEDIA_WORDS for w in _fold(qualifier).split()):
        return base
    return tag


def _phrase(surface: str, tokens: Sequence[str]) -> _Phrase:
    parts = (re.escape(w) for w in surface.split())
    pattern = r"\s+".join(parts).replace("'", "['\u2019]").replace(r"\.", r"\.?")
    return _Phrase(frozenset(itertools.pairwise(tokens)), rf"{pattern}(?!\w)")


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
