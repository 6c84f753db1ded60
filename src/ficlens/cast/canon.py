"""Canon linking: which fandom canon character each name cluster is.

The canon of a work is the characters of the fandom packs chosen by its AO3 fandom tags
(or detected from its text) plus its AO3 character tags, which are canon for that work
even when no pack knows them ("Jim Halpert" is parsed into given and family name). A name
form links to a canon character when it is one of its names: a full name or alias is
sure (1.0), a first name or surname that only one canon character has is likely (0.8),
and a name several canon characters share is settled by who else appears in the work, or
by the work's character tags, or not at all. Clusters that no canon character claims are
original characters and keep canon None.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from ficlens.cast.cluster import Cluster, NameForm, slip
from ficlens.document import WorkMeta
from ficlens.fandoms import FandomPack, PackIndex

SURE = 1.0
UNIQUE = 0.8
PRESENT = 0.7
TAGGED = 0.7

_DISAMBIGUATOR = re.compile(r"\s*\([^()]*\)$")
_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
# AO3 character tags that stand for no one in particular.
_GENERIC_TAG = re.compile(r"(?i)^(?:original\b.*|reader|you|other\b.*|ensemble\b.*|oc)$")


def name_key(name: str) -> str:
    """A name's comparison form: no case, accents, curly apostrophes, full stops or spacing."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(plain.replace("\u2019", "'").replace(".", " ").split())


@dataclass(frozen=True, slots=True)
class CanonRef:
    """A canon character available to one work, from a pack or from an AO3 character tag."""

    name: str
    given: str | None
    family: str | None
    gender: str | None
    aliases: tuple[str, ...] = ()
    epithets: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), hash=False, compare=False
    )
    order: int = 0
    tagged: bool = False

    def how(self, key: str) -> str | None:
        """How the name key `key` names this character: name, alias, given, family, epithet."""
        return _ways(self).get(key)


@functools.lru_cache(maxsize=4096)
def _ways(ref: CanonRef) -> dict[str, str]:
    """Name key -> how it names `ref`; earlier kinds win (a full name over an alias)."""
    full = [ref.name, _DISAMBIGUATOR.sub("", ref.name)]
    if ref.given and ref.family:
        full += [f"{ref.given} {ref.family}", f"{ref.family} {ref.given}"]
    epithets = [*ref.epithets, *(e[4:] for e in ref.epithets if e.lower().startswith("the "))]
    ways: dict[str, str] = {}
    for kind, names in (
        ("name", full),
        ("alias", ref.aliases),
        ("epithet", epithets),
        ("given", [ref.given] if ref.given else []),
        ("family", [ref.family] if ref.family else []),
    ):
        for n in names:
            ways.setdefault(name_key(n), kind)
    return ways


@dataclass(frozen=True, slots=True)
class Link:
    """A cluster's canon character, with a score and the reason."""

    ref: CanonRef
    score: float
    reason: str


class Canon:
    """The canon characters of one work and their names, for lookup."""

    def __init__(self, packs: Sequence[FandomPack], tags: Sequence[str] = ()) -> None:
        self.packs = tuple(packs)
        tagged = {name_key(_DISAMBIGUATOR.sub("", t)) for t in tags} | {name_key(t) for t in tags}
        refs: list[CanonRef] = []
        known: set[str] = set()
        for pack in self.packs:
            for char in pack.characters:
                key = name_key(char.name)
                if key in known:
                    continue
                known.add(key)
                base = name_key(char.base_name)
                refs.append(
                    CanonRef(
                        char.name,
                        char.given,
                        char.family,
                        char.gender,
                        char.aliases,
                        char.epithets,
                        char.titles,
                        char.attributes,
                        len(refs),
                        key in tagged or base in tagged,
                    )
                )
                known.add(base)
        for tag in tags:
            ref = _tag_ref(tag, len(refs))
            if ref is not None and not ({name_key(tag), name_key(ref.name)} & known):
                known.add(name_key(ref.name))
                refs.append(ref)
        self.refs: tuple[CanonRef, ...] = tuple(refs)
        self._index: dict[str, list[CanonRef]] = {}
        for ref in self.refs:
            for key in _keys(ref):
                bucket = self._index.setdefault(key, [])
                if ref not in bucket:
                    bucket.append(ref)
        self.non_characters = frozenset(
            name_key(n) for pack in self.packs for n in pack.non_characters
        )
        self.titles = frozenset(t.casefold() for ref in self.refs for t in ref.titles)
        self.spellings = frozenset(
            name
            for ref in self.refs
            for name in (
                _DISAMBIGUATOR.sub("", ref.name),
                *ref.aliases,
                ref.given,
                f"{ref.given} {ref.family}" if ref.given and ref.family else None,
            )
            if name and not self.is_non_character(name)
        )
        """Names canon characters go by, as written: full names, first names, aliases
        (surnames alone are left out: "California", "Green" are mostly not people)."""

    def __len__(self) -> int:
        return len(self.refs)

    def lookup(self, name: str) -> list[CanonRef]:
        """Canon characters a name (or epithet) as written can mean, main cast first."""
        key = name_key(name)
        found = self._index.get(key)
        if found is None and key.startswith("the "):
            found = self._index.get(key[4:])
        return list(found or ())

    def is_non_character(self, name: str) -> bool:
        """Whether a pack lists `name` as a place, organisation or other non-character."""
        return name_key(name) in self.non_characters


def _keys(ref: CanonRef) -> set[str]:
    names = [ref.name, _DISAMBIGUATOR.sub("", ref.name), *ref.aliases]
    names += [n for n in (ref.given, ref.family) if n]
    if ref.given and ref.family:
        names += [f"{ref.given} {ref.family}", f"{ref.family} {ref.given}"]
    for epithet in ref.epithets:
        names.append(epithet)
        if epithet.lower().startswith("the "):
            names.append(epithet[4:])
    for title in ref.titles:
        names += [f"{title} {n}" for n in (ref.family, ref.given) if n]
    return {name_key(n) for n in names}


def _tag_ref(tag: str, order: int) -> CanonRef | None:
    """A canon character from an AO3 character tag no pack knows: "Jim Halpert"."""
    base = _DISAMBIGUATOR.sub("", tag).strip()
    if not base or _GENERIC_TAG.match(base):
        return None
    aliases = tuple(_QUOTED.findall(base))
    plain = " ".join(_QUOTED.sub(" ", base).split())
    names = [n.strip() for n in plain.split("|") if n.strip()]
    if not names:
        return None
    words = names[0].split()
    given = words[0]
    family = words[-1] if len(words) > 1 else None
    aliases += tuple(names[1:])
    return CanonRef(tag, given, family, None, aliases, order=order, tagged=True)


def select_canon(meta: WorkMeta, text: str, packs: PackIndex | None) -> Canon:
    """The canon of a work: packs by its fandom tags or its text, plus its character tags."""
    chosen = packs.select(meta.fandoms, text) if packs is not None else []
    return Canon(chosen, meta.characters)


def _gender_fits(title_gender: str | None, ref: CanonRef) -> bool:
    return title_gender is None or ref.gender is None or ref.gender == title_gender


def _form_links(form: NameForm, canon: Canon) -> list[tuple[CanonRef, str]]:
    """Canon characters one name form can mean, with how it names each."""
    found: dict[str, tuple[CanonRef, str]] = {}
    candidates = [form.surface, form.bare]
    for text in candidates:
        key = name_key(text)
        for ref in canon.lookup(text):
            if ref.name in found or not _gender_fits(form.gender, ref):
                continue
            how = ref.how(key) or ("title" if text == form.surface else "name")
            found[ref.name] = (ref, how)
        if found:
            break
    return list(found.values())


_HOW_TEXT = {
    "name": "name",
    "alias": "alias",
    "epithet": "epithet",
    "given": "first name",
    "family": "surname",
    "title": "title and name",
}


def link_form(
    form: NameForm, canon: Canon, present: set[str] | None = None
) -> tuple[Link | None, bool]:
    """The canon character a name form stands for, and whether canon knows the form at all.

    `present` holds canon names other clusters of the work are already linked to; a name
    several canon characters share goes to the one present in the work, else to the one
    the work's AO3 character tags name, else to none.
    """
    links = _form_links(form, canon)
    if not links:
        return None, False
    sure = [(r, h) for r, h in links if h in ("name", "alias", "epithet", "title")]
    if len(sure) == 1:
        ref, how = sure[0]
        return Link(ref, SURE, f"{_HOW_TEXT[how]} {form.surface!r} of canon {ref.name}"), True
    pool = sure or links
    if len(pool) == 1:
        ref, how = pool[0]
        reason = f"{_HOW_TEXT[how]} {form.surface!r} unique in canon ({ref.name})"
        return Link(ref, UNIQUE, reason), True
    names = ", ".join(r.name for r, _ in pool)
    if present:
        here = [(r, h) for r, h in pool if r.name in present]
        if len(here) == 1:
            ref, how = here[0]
            reason = f"{_HOW_TEXT[how]} {form.surface!r} of {names}: {ref.name} is in the work"
            return Link(ref, PRESENT, reason), True
    tagged = [(r, h) for r, h in pool if r.tagged]
    if len(tagged) == 1:
        ref, how = tagged[0]
        reason = f"{_HOW_TEXT[how]} {form.surface!r} of {names}: {ref.name} is tagged"
        return Link(ref, TAGGED, reason), True
    return None, True


def link_cluster(
    cluster: Cluster,
    forms: Mapping[str, NameForm],
    canon: Canon,
    present: set[str] | None,
    established: set[str],
) -> tuple[Link | None, list[str]]:
    """The canon character of a cluster, and the forms to split off it.

    The cluster's forms vote, weighted by link score and use. A full name canon does not
    know ("Jim Smith" beside canon Jim Halpert) vetoes linking the cluster through a first
    name alone when it is `established` (used twice or as an agent); otherwise it is
    returned to be split off as a passing mention ("make Stanley Nickels a real thing").
    """
    votes: dict[str, float] = {}
    best: dict[str, Link] = {}
    unknown_full: list[NameForm] = []
    for surface, count in cluster.forms.items():
        form = forms[surface]
        link, known = link_form(form, canon, present)
        if link is None:
            if not known and len(form.words) > 1:
                unknown_full.append(form)
            continue
        name = link.ref.name
        votes[name] = votes.get(name, 0.0) + link.score * count
        if name not in best or link.score > best[name].score:
            best[name] = link
    if not votes:
        return None, []
    name = max(votes, key=lambda n: (votes[n], best[n].score))
    link = best[name]
    if link.score >= SURE:
        return link, []
    against = [f for f in unknown_full if _contradicts(f, link.ref)]
    if any(f.surface in established for f in against):
        return None, []
    return link, [f.surface for f in against]


def _contradicts(form: NameForm, ref: CanonRef) -> bool:
    """Whether a full name not in canon names a different person than `ref` (a surname
    one slip of the pen from canon's, "Halpret", is the same person)."""
    family = form.family
    if family is None or ref.family is None:
        return False
    written, canon = name_key(family), name_key(ref.family)
    if written.rstrip("s") == canon.rstrip("s"):
        return written != canon  # "Evans" is not "Evan"
    return not slip(written, canon)
