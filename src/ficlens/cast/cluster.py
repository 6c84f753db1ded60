"""Alias clustering: which proper-name mentions name the same person.

A name as written is parsed into a title ("Mr.", "Lady"), name words and a possessive
ending. Full names ("Jim Halpert", "Dwight K. Schrute") anchor clusters keyed by given
and family name; a title with one name ("Mr. Bennet", "Miss Elizabeth") joins the one
full name of its gender it fits, else stands for its own person; a bare word ("Jim",
"Halpert", "Bennet") joins the clusters whose given or family name it is. A title carries
gender, and so does a common given name ("Mary"), so Mr. and Mrs. Bennet never merge, a
"Mr. Wilcox" beside two men named Wilcox is a third person (their father), and two full
names that share only a surname or only a first name stay apart. "Mrs. Miller" never
joins a full name: a married title names the wife or the mother, not the daughter "Daisy
Miller", and "Mrs. John Dashwood" is not "Mrs. Dashwood". "Miss" with a surname alone
is the eldest daughter's address, so it never joins a sister written "Miss" with her first
name ("Miss Julia Bertram"). A bare word that fits several clusters is decided mention by
mention, with a lower score, for the candidate named with that word nearby, else the one
the text usually calls by it (a bare surname prefers a man to a woman).

Family conventions go further: a pet form is the full given name ("Bill Orme" is "William
Orme"; "Lizzy" alone is the one "Elizabeth" named in full) unless a rank or childhood sets
them apart; "Mr." with a first name ("Mr. Edward") is the one man of that first name no
one else bears as a surname, unless he is the one "Mr." with his surname names; "Mr." with
a surname alone is the eldest son when the father has a rank ("Sir Walter Penhale"); a
first name the text writes as a child's ("young Ned") beside a parent of that full name
("Ned Farrow's daughter") is the child; "Lady" with a surname is a wife, not a daughter of
that surname; a kin title with a surname ("aunt Vell", "sister Hobb") is the one elder
of that surname and gender with another title ("Mrs. Vell"); and an honorific after a
name ("Farida Begum") is a title.

A regnal number makes one name of a monarch ("Louis XIV" is not "Louis"), and a form in
capitals ("RUTH HALE", a heading's) clusters like its spelling but never names the cluster.

A rare spelling one edit away from a much more frequent name ("Mr. Polwhistel" beside a
constant "Mr. Polwhistle", "Micheal" beside "Michael") is read as that name, a slip of the
pen; two names both used often, short names and two common given names stay apart.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ficlens.cast.features import FUNCTION_WORDS, GIVEN_NAMES
from ficlens.cast.gender import name_gender, words_gender

MALE = "male"
FEMALE = "female"

TITLES: Mapping[str, str | None] = {
    **dict.fromkeys(
        (
            "mr", "mister", "sir", "lord", "master", "monsieur", "herr", "signor", "senor",
            "señor", "don", "father", "brother", "uncle", "king", "prince", "duke", "earl",
            "count", "baron", "marquis", "emperor", "grandpa", "grandfather",
        ),
        MALE,
    ),
    **dict.fromkeys(
        (
            "mrs", "miss", "ms", "lady", "madam", "madame", "mme", "mlle", "mademoiselle",
            "mistress", "dame", "sister", "aunt", "queen", "princess", "duchess", "countess",
            "baroness", "marquise", "empress", "frau", "fraulein", "fräulein", "senora",
            "señora", "signora", "grandma", "grandmother", "mother",
        ),
        FEMALE,
    ),
    **dict.fromkeys(
        (
            "mx", "dr", "doctor", "prof", "professor", "captain", "capt", "colonel", "col",
            "general", "gen", "major", "lieutenant", "lt", "sergeant", "sgt", "corporal",
            "admiral", "commander", "cmdr", "detective", "det", "inspector", "officer",
            "agent", "reverend", "rev", "president", "senator", "sen", "governor", "judge",
            "coach", "cousin", "nurse", "deputy", "sheriff", "chief", "councillor",
        ),
        None,
    ),
    **dict.fromkeys(("bey", "pasha", "effendi"), MALE),
    **dict.fromkeys(("begum", "hanim", "khanum"), FEMALE),
}  # fmt: skip
"""Titles written before a name, with the gender they carry (None: any)."""

_POSTPOSED = frozenset(("bey", "pasha", "effendi", "begum", "hanim", "khanum"))
"""Honorifics written after the name ("Hamid Bey", "Salma Begum"): a title, not a surname."""

# Titles that go before a family name only; the others may also take a given name
# ("Miss Elizabeth", "Sir Walter", "Aunt Polly").
_FAMILY_TITLES = frozenset(("mr", "mrs", "ms", "mx", "dr", "prof", "mister"))
_MARRIED_TITLES = frozenset(("mrs", "begum"))
_WIFE_TITLES = frozenset(("lady",))
_MISS = "miss"
_MR = "mr"
_KIN_TITLES = frozenset(("aunt", "uncle", "sister", "brother"))
"""Titles a family gives its elders ("aunt Vell"): the person another title of theirs
names ("Mrs. Vell"), not someone else."""
_YOUNG_TITLES = frozenset(("miss", "master", "mademoiselle", "mlle", "fraulein", "fräulein"))
_PLAIN_TITLES = frozenset(("mr", "miss", "ms", "mx", "master"))
"""Titles that are a form of address, not a rank: "Sir Walter Penhale" is not "Mr. Penhale"."""
_PET_NAMES: Mapping[str, str] = {
    **dict.fromkeys(("bill", "billy", "will", "willie", "willy"), "william"),
    **dict.fromkeys(("tom", "tommy"), "thomas"),
    **dict.fromkeys(("jim", "jimmy", "jem", "jamie"), "james"),
    **dict.fromkeys(("bob", "bobby", "rob"), "robert"),
    **dict.fromkeys(("dick", "dicky"), "richard"),
    **dict.fromkeys(("ned", "eddie"), "edward"),
    **dict.fromkeys(("harry", "hal"), "henry"),
    **dict.fromkeys(("evie", "evelina"), "evelyn"),
    **dict.fromkeys(("frank", "frankie"), "francis"),
    **dict.fromkeys(("jack", "johnny"), "john"),
    **dict.fromkeys(("charley", "charlie"), "charles"),
    **dict.fromkeys(("joe", "joey"), "joseph"),
    **dict.fromkeys(("ben", "benny"), "benjamin"),
    **dict.fromkeys(("fred", "freddy", "freddie"), "frederick"),
    **dict.fromkeys(("sam", "sammy"), "samuel"),
    **dict.fromkeys(
        ("eliza", "lizzy", "lizzie", "liz", "betsy", "betty", "bess", "bet"), "elizabeth"
    ),
    **dict.fromkeys(("meg", "maggie", "peggy", "madge"), "margaret"),
    **dict.fromkeys(("polly", "molly"), "mary"),
    "sally": "sarah",
    **dict.fromkeys(("kate", "kitty", "katie", "kit"), "catherine"),
    "katharine": "catherine",
    "katherine": "catherine",
    "fanny": "frances",
    **dict.fromkeys(("nancy", "nance", "annie", "ann"), "anne"),
    **dict.fromkeys(("nell", "nelly", "nellie"), "ellen"),
    **dict.fromkeys(("sukey", "susie", "sue"), "susan"),
    **dict.fromkeys(("sissy", "cissy"), "cecilia"),
}
"""Pet forms of given names: "Bill Orme" and "Mr. William Orme" are one man."""
_PET_FORMS: Mapping[str, tuple[str, ...]] = {
    full: (full, *(pet for pet, f in _PET_NAMES.items() if f == full))
    for full in set(_PET_NAMES.values())
}
"""Each full given name with its pet forms: "elizabeth" -> "eliza", "lizzy", ..."""
# Spellings of one title that name the same form of address.
_TITLE_CLASS: Mapping[str, str] = {
    "mister": "mr",
    "monsieur": "mr",
    "herr": "mr",
    "mademoiselle": "miss",
    "mlle": "miss",
    "madame": "mrs",
    "mme": "mrs",
    "doctor": "dr",
    "prof": "professor",
    "capt": "captain",
    "col": "colonel",
    "gen": "general",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "det": "detective",
    "rev": "reverend",
}
_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv", "esq", "esquire", "phd", "md"))
_REGNAL = re.compile(r"(?=[IVX]{2}|[VX]\.?$)X{0,3}(?:IX|IV|V?I{0,3})\.?")
"""A regnal number ("II", "XIV", "V"; not a lone "I"): after a single name ("Louis XIV") it
makes one name of a monarch, not a suffix of a person's ("Hugh Pell III")."""
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_NAME_WORD = re.compile(r"\S+")
_ARTICLES = frozenset(("the", "The", "THE"))
_FOND = frozenset(("dear", "dearest", "darling", "poor", "sweet"))
_PARTICLES = frozenset(
    ("de", "da", "di", "del", "della", "du", "des", "van", "von", "der", "den", "la", "le", "y")
)

GIVEN_SCORE = 0.9
FAMILY_SCORE = 0.85
TITLE_SCORE = 0.9
RECENCY_CHARS = 3000.0
DECIDED_WEIGHT = 0.25
"""Weight of the last word decided for a candidate: below `HABIT_WEIGHT`, so a run of
decisions never outlasts the nearby evidence that started it."""
HABIT_WEIGHT = 0.35
"""Weight of the habit of calling a candidate by the word, far from any evidence."""
FULL_NEAR = 0.5
"""A full name nearby ("Loo Bounderby") is weaker evidence for a bare surname than a title
and surname ("Mr. Bounderby"): the family shares the surname, and a bare one is mostly
the man's."""
ONE_OFF_NEAR = 0.3
"""A name written once in the whole text is weak evidence nearby: it may be a misreading
("Instantly Rodney")."""
NAMED_HABIT = 0.25
"""How much a fuller form with the word ("Charles Hayter") counts towards the habit of
calling someone by the word alone ("Charles"), against one use of the word alone."""


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name as written, parsed: its title (normalised, no full stop) and its name words."""

    surface: str
    title: str | None
    words: tuple[str, ...]
    gender: str | None = None
    """The gender the title carries, if any."""
    lead: int = 0
    """Characters of the written span before the name (see `parse_name`)."""
    article: bool = False
    """Written with "the" ("The Pincio", "the Hatter"): a place, thing or role more often
    than a person's name; the article is in `surface`, not in `words`."""
    end: int = 0
    """Where the name ends in the written span (before a possessive or words cut off)."""

    @property
    def given(self) -> str | None:
        """First name word of a full name."""
        return self.words[0] if len(self.words) > 1 else None

    @property
    def family(self) -> str | None:
        """Last name word of a full name."""
        return self.words[-1] if len(self.words) > 1 else None

    @property
    def bare(self) -> str:
        """The name words without the title: "Mr. Bennet" -> "Bennet"."""
        return " ".join(self.words)


def strip_possessive(surface: str) -> str:
    """``Jim’s`` -> ``Jim``, ``James’`` -> ``James``."""
    return _POSSESSIVE.sub("", surface)


def title_key(word: str) -> str:
    """A title's lookup form: lower case without the full stop."""
    return word.rstrip(".").casefold()


def parse_name(surface: str, titles: Iterable[str] = ()) -> NameForm | None:
    """Parse a name as written; None when nothing but a title is left.

    Words before the name are left out: a possessor ("Jan's assistant Hunter", also with
    the apostrophe lost: "Jan s assistant"), an article (but "The Pincio" keeps it in the
    surface, not in the words), function words and
    lower-case words other than titles ("My dear Karen", "poor Stevie"); so are a
    possessive ending and suffixes ("Jr."). The name ends before a lower-case word other
    than a particle ("Mr. Lind bowing", "Tom dear", "Eric of Hove"; but "Anne de Vere",
    "Duke of Kent"). None when no capitalised word is left ("Jan s assistant"), or when
    words were cut off after a name with neither title nor known given name: "Sussex
    villagers", "American girls" are groups of people, not a name ("Eric of Hove" is
    Eric). `titles` adds titles (lower case) a fandom uses, such as "senator".
    `NameForm.lead` and `NameForm.end` tell where the name starts and ends in `surface`.
    """
    extra = frozenset(titles)
    text = strip_possessive(surface.rstrip())
    spans = [(m.start(), m.group()) for m in _NAME_WORD.finditer(text)]
    cut = max(
        (
            i + 1
            for i, (_, w) in enumerate(spans[:-1])
            if _POSSESSIVE.search(w) or (w == "s" and i > 0)
        ),
        default=0,
    )
    spans = spans[cut:]
    article: tuple[int, str] | None = None
    while len(spans) > 1 and not _is_title(spans[0][1], extra) and _not_name(spans[0][1]):
        article = spans[0] if spans[0][1] in _ARTICLES else None
        spans = spans[1:]
    if not spans or not any(w[:1].isupper() for _, w in spans):
        return None
    tail = _tail(spans, extra)
    spans = spans[:tail]
    end = spans[-1][0] + len(spans[-1][1])
    words = [w for _, w in spans]
    # A capitalised article stays in the written name ("The Hatter"), not in its words.
    shown = [article, *spans] if article is not None and article[1] != "the" else spans
    lead = shown[0][0]
    written = " ".join(w for _, w in shown)
    title = None
    while len(words) > 1 and _is_title(words[0], extra):
        if title is None:
            key = title_key(words[0])
            title = _TITLE_CLASS.get(key, key)
        words = words[1:]
    if len(words) == 2 and _REGNAL.fullmatch(words[1]):
        words = [f"{words[0]} {words[1].rstrip('.')}"]  # "Louis XIV" is not "Louis"
    while len(words) > 1 and title_key(words[-1].rstrip(",")) in _SUFFIXES:
        words = words[:-1]
        words[-1] = words[-1].rstrip(",")  # "William Elliot, Esq."
    if title is None and len(words) > 1 and title_key(words[-1]) in _POSTPOSED:
        title, words = title_key(words[-1]), words[:-1]
    rest = _NAME_WORD.findall(text[end:])
    given = any(_fold(w) in GIVEN_NAMES or name_gender(w) for w in words)
    if rest and rest[0] != "of" and title is None and not given:
        return None
    gender = TITLES.get(title) if title else None
    return NameForm(written, title, tuple(words), gender, lead, article is not None, end)


def _is_title(word: str, extra: frozenset[str]) -> bool:
    key = title_key(word)
    return key in TITLES or key in extra


_SAID = frozenset(("said", "says", "asked", "asks", "replied", "answered", "cried"))


def _not_name(word: str) -> bool:
    """Whether a word opening a written name is not part of it: lower case ("poor"), an
    article or function word ("The", "My"), a fond word ("Dear") or a speech verb written
    with a capital after a quote ("Said Hamid")."""
    if word[:1].islower():
        return True
    key = _fold(word.rstrip(",!"))
    return (key in FUNCTION_WORDS or key in _FOND or key in _SAID) and key not in GIVEN_NAMES


def _tail(spans: Sequence[tuple[int, str]], extra: frozenset[str]) -> int:
    """How many words of a written name (opening with a capitalised word) belong to it:
    up to the first lower-case word other than a particle before a capitalised word, or
    "of" after titles only ("Duke of Kent")."""
    for j in range(1, len(spans)):
        word = spans[j][1]
        if not word[:1].islower():
            continue
        nxt = spans[j + 1][1] if j + 1 < len(spans) else ""
        if not nxt[:1].isupper():
            return j
        if word == "of" and all(_is_title(w, extra) for _, w in spans[:j]):
            continue
        if word not in _PARTICLES:
            return j
    return len(spans)


@dataclass(slots=True)
class Cluster:
    """One person named in the text: the name forms used for them and their counts."""

    given: str | None
    family: str | None
    gender: str | None = None
    forms: dict[str, int] = field(default_factory=dict)
    count: int = 0
    name_gender: str | None = None
    """The gender its given name carries, when its titles give none."""
    titles: set[str] = field(default_factory=set)
    """Titles its full name is written with ("lady" for "Lady Anne Vere")."""

    def add(self, form: str) -> None:
        """Count one mention written as `form`."""
        self.forms[form] = self.forms.get(form, 0) + 1
        self.count += 1


def fullest(forms: Mapping[str, int]) -> str:
    """The most complete of some name forms: most name words ("John Thorpe" over "Mr.
    Thorpe"; a title or article is none), then not all capitals ("Ruth Hale" over "RUTH
    HALE", a heading's), then capitalised after any article ("Mrs. Vell" over "aunt Vell";
    "the Doctor" is), then most words, then most used, then first seen."""
    order = {f: i for i, f in enumerate(forms)}

    def key(f: str) -> tuple[int, bool, bool, int, int, int]:
        words = f.split()
        named = sum(title_key(w) not in TITLES and w not in _ARTICLES for w in words)
        shown = next((w for w in words if w.casefold() != "the"), f)
        return named, not f.isupper(), shown[:1].isupper(), len(words), forms[f], -order[f]

    return max(forms, key=key)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Which cluster a name mention belongs to, how sure that is and why."""

    cluster: int
    score: float
    reason: str


@dataclass(slots=True)
class Clustering:
    """Clusters and the assignment of each input mention (parallel to the input)."""

    clusters: list[Cluster]
    assignments: list[Assignment]


def _fold(word: str) -> str:
    return word.casefold()


def _elder_title(title: str, gender: str | None) -> bool:
    """Whether `title` addresses an adult of `gender` ("Mrs.", "Lady", not "Miss")."""
    return title not in _KIN_TITLES | _YOUNG_TITLES and TITLES.get(title) == gender


def _kin_titled(
    forms: Sequence[tuple[int, NameForm]],
    kin: Sequence[int],
    b: _Builder,
    assigned: list[Assignment | None],
) -> None:
    """Assign the surnames with a kin title (`kin`, indexes into `forms`): "aunt Vell" or
    "uncle Vell" is the one elder of that surname and gender with an adult title ("Mrs.
    Vell", "Lady Ada Vell", "Mr. Vell", not "Miss Vell"), else a person of their own."""
    for k in kin:
        form = forms[k][1]
        word = _fold(form.words[-1])
        key = (form.title or "", word)
        if key not in b.titled:
            elders = {
                i
                for (title, name), i in b.titled.items()
                if name == word and _elder_title(title, form.gender)
            }
            elders |= {
                i
                for (_, family), i in b.full.items()
                if family == word
                and any(_elder_title(t, form.gender) for t in b.clusters[i].titles)
            }
            if len(elders) == 1:
                b.titled[key] = elders.pop()
            else:
                b.titled[key] = b.new(None, form.words[-1], form.gender)
        i = b.titled[key]
        assigned[k] = Assignment(i, TITLE_SCORE, f"title and name {form.surface!r}")


def _title_fits(form: NameForm, c: Cluster, how: str) -> bool:
    """Whether a titled name can be the person of full-name cluster `c` it matches by `how`
    ("given" or "family").

    A married title joins none ("Mrs. Bennet" is not "Elizabeth Bennet"), and "Lady" with
    a surname, the address of a knight's wife, only a full name written with it ("Lady
    Ashby" is not her daughter "Rosalind Ashby"). With a surname,
    a gendered title joins only a full name known by title or given name to be of that
    gender: "Mr Verloc" is not "Winnie Verloc". With a first name ("Miss Eliza") or with a
    title of no gender ("Dr."), genders only must not clash.
    """
    if form.title in _MARRIED_TITLES:
        return False
    if form.title in _WIFE_TITLES and how == "family" and form.title not in c.titles:
        return False
    gender = c.gender or c.name_gender
    if form.gender is None or gender == form.gender:
        return True
    return gender is None and how == "given"


def _unsure_fit(form: NameForm, c: Cluster, how: str) -> bool:
    """Whether a gendered title with a surname may still be the person of full-name cluster
    `c` of unknown gender: "Mr. Hale" may be "Odo Hale"."""
    return (
        how == "family"
        and form.gender is not None
        and (c.gender or c.name_gender) is None
        and form.title not in _MARRIED_TITLES
        and not (form.title in _WIFE_TITLES and form.title not in c.titles)
    )


@dataclass(slots=True)
class _Builder:
    clusters: list[Cluster] = field(default_factory=list)
    full: dict[tuple[str, str], int] = field(default_factory=dict)
    titled: dict[tuple[str, str], int] = field(default_factory=dict)
    single: dict[str, int] = field(default_factory=dict)

    def new(self, given: str | None, family: str | None, gender: str | None) -> int:
        self.clusters.append(Cluster(given, family, gender))
        return len(self.clusters) - 1

    def index(self) -> dict[str, dict[int, str]]:
        """Bare word -> the clusters it can name, with "given" or "family" for how."""
        found: dict[str, dict[int, str]] = {}
        for (given, _), i in self.full.items():
            found.setdefault(given, {}).setdefault(i, "given")
        for (_, family), i in self.full.items():
            found.setdefault(family, {}).setdefault(i, "family")
        for (_, name), i in self.titled.items():
            c = self.clusters[i]
            pet = c.given is not None and c.family is not None and name != _fold(c.family)
            found.setdefault(name, {}).setdefault(i, "given" if pet else "family")
        return found


def cluster_names(
    forms: Sequence[tuple[int, NameForm]],
    young: Collection[int] = (),
    parents: Collection[int] = (),
) -> Clustering:
    """Cluster name mentions given as ``(start offset, parsed form)`` in document order.

    `young` are the mentions the text marks as a child's ("young Tom", "little Tom") and
    `parents` the full names written as a parent's ("Tom Lowry's daughter"), by index:
    they tell a child namesake apart (see `_namesakes`)."""
    written = forms
    forms, respelt = _respell(forms)
    b = _Builder()
    parent_marks = set(parents)
    assigned: list[Assignment | None] = [None] * len(forms)
    # Full names anchor the clusters.
    youth = _youth(forms, set(young))
    same = _pet_names(forms, youth)
    ranked: set[int] = set()  # full names written with a rank ("Sir Walter Penhale")
    younger_sons: set[int] = set()  # written "Mr. Hugh Penhale"
    parent_clusters: set[int] = set()  # written "Odo Hale's son"
    for k, (_, form) in enumerate(forms):
        if len(form.words) < 2 or form.title in _MARRIED_TITLES:
            continue
        key = (_fold(form.words[0]), _fold(form.words[-1]))
        i = b.full.get(same.get(key, key))
        if i is None:
            i = b.full[same.get(key, key)] = b.new(form.words[0], form.words[-1], form.gender)
            b.clusters[i].name_gender = words_gender(form.words)
        elif b.clusters[i].gender is None:
            b.clusters[i].gender = form.gender
        b.full[key] = i
        if k in parent_marks:
            parent_clusters.add(i)
        if form.title is not None:
            b.clusters[i].titles.add(form.title)
        if form.title is not None and form.title not in _PLAIN_TITLES:
            ranked.add(i)
        elif form.title == _MR:
            younger_sons.add(i)
        assigned[k] = Assignment(i, 1.0, f"full name {form.bare!r}")
    # A title with one name joins the one full name it fits, else is its own person.
    words_index = b.index()
    namesakes = _namesakes(forms, youth, parent_marks)
    younger = _younger_daughters(forms, b.full, words_index)
    misses = {_fold(f.words[-1]) for _, f in forms if f.title == _MISS and len(f.words) == 1}
    first_named = _first_named(forms, b)
    kin: list[int] = []
    for k, (_, form) in enumerate(forms):
        if form.title is None or assigned[k] is not None:
            continue
        word = _fold(form.words[-1])
        given = "given" in words_index.get(word, {}).values()
        if form.title in _KIN_TITLES and len(form.words) == 1 and not given:
            kin.append(k)  # "aunt Vell": decided once every other title is known
            continue
        # "Mrs. John Dashwood" (the wife of John) is not "Mrs. Dashwood".
        married = form.title in _MARRIED_TITLES and len(form.words) > 1
        key = (form.title, _fold(form.bare) if married else word)
        if key in b.titled:
            i = b.titled[key]
            assigned[k] = Assignment(i, TITLE_SCORE, f"title and name {form.surface!r}")
            continue
        ways = words_index.get(word) or _pet_ways(word, b, words_index)
        plain = form.title not in _FAMILY_TITLES
        given_only = _given_name(word) and all(how == "given" for how in ways.values())
        fits = [
            i
            for i, how in ways.items()
            if _title_fits(form, b.clusters[i], how)
            and (
                how == "family"
                or (word not in namesakes and (plain or (given_only and i in first_named)))
            )
        ]
        if len(fits) > 1 and all(ways[i] == "given" for i in fits):
            fits = [i for i in fits if form.title in b.clusters[i].titles] or fits
        if form.title == _MISS and fits and all(ways[i] == "family" for i in fits):
            sisters = word + "s" in misses or word + "es" in misses  # "the Miss Steeles"
            fits = _eldest(fits, younger, sisters)
        elif form.title == _MR and len(fits) > 1 and all(ways[i] == "family" for i in fits):
            fits = _eldest_son(fits, ranked, younger_sons)
        unsure = {i for i, how in ways.items() if _unsure_fit(form, b.clusters[i], how)}
        if len(fits) == 1 and ways[fits[0]] == "family" and unsure & parent_clusters:
            fits = []  # "Mr. Hale" beside "Colin Hale" and "Odo Hale's son": either man
        if len(fits) == 1:
            i = fits[0]
            b.titled[key] = i
            if b.clusters[i].gender is None:
                b.clusters[i].gender = form.gender
            c = b.clusters[i]
            reason = f"{form.surface!r} fits the full name {c.given} {c.family}"
        else:
            i = b.titled[key] = b.new(None, form.words[-1], form.gender)
            reason = f"title and name {form.surface!r}"
        assigned[k] = Assignment(i, TITLE_SCORE, reason)
    _kin_titled(forms, kin, b, assigned)
    # Bare words: one candidate is a merge, several are decided by salience.
    ambiguous: dict[int, list[tuple[int, str]]] = {}
    words = b.index()
    for k, (_, form) in enumerate(forms):
        if assigned[k] is not None:
            continue
        word = form.words[0]
        found = {} if _fold(word) in namesakes else words.get(_fold(word), {})
        if not found and _fold(word) not in namesakes:
            found = _pet_ways(_fold(word), b, words, titled=True)
            found = found if len(found) == 1 else {}
        candidates = _prefer_men(list(found.items()), b.clusters)
        if not candidates:
            i = b.single.get(_fold(word))
            if i is None:
                i = b.single[_fold(word)] = b.new(word, None, form.gender)
            assigned[k] = Assignment(i, 1.0, f"name {word!r}")
        elif len(candidates) == 1:
            i, how = candidates[0]
            c = b.clusters[i]
            if how == "given":
                reason = f"first name of {' '.join(x for x in (c.given, c.family) if x)}"
                assigned[k] = Assignment(i, GIVEN_SCORE, reason)
            else:
                full = f"{c.given} {c.family}" if c.given else c.family
                reason = f"surname of {full}"
                assigned[k] = Assignment(i, FAMILY_SCORE, reason)
        else:
            ambiguous[k] = candidates
    for k, forms_k in enumerate(forms):
        a = assigned[k]
        if a is not None:
            b.clusters[a.cluster].add(forms_k[1].surface)
    if ambiguous:
        _decide(forms, assigned, ambiguous, b.clusters)
    for k in respelt:
        a = assigned[k]
        if a is not None:
            reason = f"{a.reason}; {written[k][1].surface!r} read as {forms[k][1].bare!r}"
            assigned[k] = Assignment(a.cluster, a.score, reason)
    result = [a for a in assigned if a is not None]
    assert len(result) == len(forms)
    return Clustering(b.clusters, result)


VARIANT_MAX = 3
"""Most uses of a spelling that can be a slip of the pen for another name."""
VARIANT_RATIO = 10
"""How many times more often the name a variant spelling stands for must be written."""
VARIANT_FLOOR = 10
"""Fewest uses of a name for a variant spelling of it to count as a slip."""
VARIANT_LETTERS = 5
"""Shortest names compared: "Jane" and "Jade", "Gray" and "Grey" are different names."""
SUBSTITUTE_LETTERS = 6
"""Shortest names in which one changed letter can be a slip: "Clara" and "Clare" are two."""


@dataclass(slots=True)
class _Uses:
    """How the text writes one name word (folded): how often, where and with what."""

    count: int = 0
    spelled: Counter[str] = field(default_factory=Counter)
    places: set[str] = field(default_factory=set)
    """"given" (first of several words), "family" (last of several), "single" (alone),
    "surname" (alone after a title used with surnames, "Mr. Polwhistle")."""
    titles: set[str | None] = field(default_factory=set)
    """Titles it is written with alone (None: no title)."""
    genders: set[str] = field(default_factory=set)
    """Genders of the titles it is written with."""
    article: bool = False
    """Whether it is ever written with "the"."""


def _word_uses(forms: Sequence[tuple[int, NameForm]]) -> dict[str, _Uses]:
    """How the text writes each name word."""
    uses: dict[str, _Uses] = {}
    for _, form in forms:
        many = len(form.words) > 1
        for n, word in enumerate(form.words):
            u = uses.setdefault(_fold(word), _Uses())
            u.count += 1
            u.spelled[word] += 1
            u.article = u.article or form.article
            if form.gender is not None:
                u.genders.add(form.gender)
            if not many:
                u.titles.add(form.title)
                surname = form.title in _FAMILY_TITLES or form.title in _MARRIED_TITLES
                u.places.add("surname" if surname else "single")
            elif n == 0:
                u.places.add("given")
            elif n == len(form.words) - 1:
                u.places.add("family")
    return uses


def slip(a: str, b: str) -> bool:
    """Whether two words are one slip of the pen apart: two neighbouring letters swapped
    ("Micheal", "Michael"), a letter inside the word changed (in longer words only) or
    left out or in ("Anabel", "Annabel"), or a final "s" ("Ashcombes", "Ashcombe"). The
    first letter stays, and so do other endings: "Julian" and "Juliana" are two names."""
    if a[:1] != b[:1] or a == b:
        return False
    if len(a) == len(b):
        diff = [n for n in range(len(a)) if a[n] != b[n]]
        n = diff[0]
        if len(diff) == 1:
            return len(a) >= SUBSTITUTE_LETTERS and n < len(a) - 1
        return len(diff) == 2 and diff[1] == n + 1 and (a[n], a[n + 1]) == (b[n + 1], b[n])
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    if long.startswith(short):
        return long[-1] == "s"
    n = 0
    while short[n] == long[n]:
        n += 1
    return short[n:] == long[n + 1 :]


def _given_name(word: str) -> bool:
    """Whether a word (folded) is a common given name."""
    return word in GIVEN_NAMES or name_gender(word) is not None


def _variant_of(word: str, rare: _Uses, name: str, often: _Uses) -> bool:
    """Whether the rare name word `word` is a slip of the pen for the frequent `name`.

    Guards against two real names: both long enough and one slip apart (`slip`), the
    frequent name far more used, no clash of gender, the rare word written where the
    frequent one is (a first name where first names go, a surname with the same title) and
    never with "the" (a people, a family or a place). Two common given names ("Marian",
    "Marion") are both real unless one is written once. A plural-like spelling ("Mrs.
    Ashcombes") only after a title of one person: "Ashcombes" alone or "Miss Ashcombes" is
    the family.
    """
    if min(len(word), len(name)) < VARIANT_LETTERS:
        return False
    if often.count < max(VARIANT_FLOOR, VARIANT_RATIO * rare.count) or rare.article:
        return False
    if not slip(word, name):
        return False
    if _given_name(word) and _given_name(name) and rare.count > 1:
        return False
    genders = rare.genders | {g for g in (name_gender(word),) if g}
    known = often.genders | {g for g in (name_gender(name),) if g}
    if genders and known and not genders & known:
        return False
    if word == name + "s" and not rare.titles - {None, _MISS}:
        return False
    if "given" in rare.places and not often.places & {"given", "single"}:
        return False
    if "family" in rare.places and not (
        often.places & {"family", "surname"} or ("single" in often.places and not _given_name(name))
    ):
        return False
    titled = {t for t in rare.titles if t is not None}
    return titled <= often.titles or ("family" in often.places and "surname" in rare.places)


def _respell(
    forms: Sequence[tuple[int, NameForm]],
) -> tuple[list[tuple[int, NameForm]], list[int]]:
    """The name forms with rare spellings read as the frequent name they are a slip for
    (see `_variant_of`), and which mentions were so read. A full name is read anew only
    into a full name the text writes ("Ida Varrow" beside a constant "Varlow" stays
    hers), and a plural-like spelling only after a title of one person ("Mrs.
    Ashcombes", not "Ashcombes")."""
    uses = _word_uses(forms)
    often: dict[str, dict[str, _Uses]] = {}  # by first letter: a slip keeps it
    for w, u in uses.items():
        if u.count >= VARIANT_FLOOR:
            often.setdefault(w[:1], {})[w] = u
    table: dict[str, str] = {}
    for word, u in uses.items():
        if u.count > VARIANT_MAX:
            continue
        near = often.get(word[:1], {})
        names = [n for n, v in near.items() if _variant_of(word, u, n, v)]
        if len(names) == 1:
            table[word] = uses[names[0]].spelled.most_common(1)[0][0]
    if not table:
        return list(forms), []
    full = {(_fold(f.words[0]), _fold(f.words[-1])) for _, f in forms if len(f.words) > 1}
    out: list[tuple[int, NameForm]] = []
    respelt: list[int] = []
    for k, (start, form) in enumerate(forms):
        words = tuple(table.get(_fold(w), w) for w in form.words)
        key = (_fold(words[0]), _fold(words[-1]))
        plural = any(_fold(w) == _fold(v) + "s" for w, v in zip(form.words, words, strict=True))
        family = plural and form.title in (None, _MISS)
        if words != form.words and (len(words) == 1 or key in full) and not family:
            out.append((start, replace(form, words=words)))
            respelt.append(k)
        else:
            out.append((start, form))
    return out, respelt


YOUNG_MIN = 2
"""Mentions of a first name as a child's ("young Tom", "Master Tom") that, beside a full
name written as a parent's, make the bare first name the child's."""


@dataclass(slots=True)
class _Youth:
    """Given names (folded) the text writes as a child's: alone (`alone`, how many times:
    "young Tom", "little Tom", "Master Tom") or in full (`full`: "young Tom Lowry")."""

    alone: Counter[str] = field(default_factory=Counter)
    full: set[str] = field(default_factory=set)

    def __contains__(self, given: str) -> bool:
        return given in self.alone or given in self.full


def _youth(forms: Sequence[tuple[int, NameForm]], young: set[int]) -> _Youth:
    """Where the text writes a given name as a child's (`young`: mentions so marked)."""
    found = _Youth()
    for k, (_, form) in enumerate(forms):
        if k in young or form.title == "master":
            given = _fold(form.words[0])
            if len(form.words) > 1:
                found.full.add(given)
            else:
                found.alone[given] += 1
    return found


def _namesakes(forms: Sequence[tuple[int, NameForm]], youth: _Youth, parents: set[int]) -> set[str]:
    """First names (folded) a child shares with a parent named in full: the text writes the
    full name as a parent's ("Tom Lowry's children"), the first name alone as a child's
    (`YOUNG_MIN` times "young Tom", "little Tom" or "Master Tom") and never the full name
    so. The bare first name is then the child, whom the text rarely names in full, not the
    parent it calls by title and surname."""
    parent = {_fold(forms[k][1].words[0]) for k in parents if len(forms[k][1].words) > 1}
    return {w for w in parent - youth.full if youth.alone[w] >= YOUNG_MIN}


def _pet_names(
    forms: Sequence[tuple[int, NameForm]], youth: _Youth
) -> dict[tuple[str, str], tuple[str, str]]:
    """Full names (folded given and family name) that are another's with a pet form of the
    given name ("Bill Orme", "William Orme"), mapped to the first written. A rank keeps
    them apart ("Sir Thomas Quill" is the father of "Tom Quill"), and so does a child's
    name beside one never written as a child's ("little Harry" is not "Henry Lowry")."""
    ranks: dict[tuple[str, str], bool] = {}
    for _, form in forms:
        if len(form.words) > 1 and form.title not in _MARRIED_TITLES:
            key = (_fold(form.words[0]), _fold(form.words[-1]))
            ranked = form.title is not None and form.title not in _PLAIN_TITLES
            ranks[key] = ranks.get(key, False) or ranked
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in ranks:
        given, family = key
        groups.setdefault((_PET_NAMES.get(given, given), family), []).append(key)
    same: dict[tuple[str, str], tuple[str, str]] = {}
    for keys in groups.values():
        kids = {k[0] in youth for k in keys}
        if len(keys) > 1 and not any(ranks[k] for k in keys) and len(kids) == 1:
            same.update((k, keys[0]) for k in keys)
    return same


def _first_named(forms: Sequence[tuple[int, NameForm]], b: _Builder) -> set[int]:
    """Full-name clusters "Mr." with the first name alone can name ("Mr. Edward" for
    "Edward Ferrars"): men of no rank whom "Mr." with the surname does not name, as
    the text writes no "Mr. Ferrars" or he may be a brother or the father. Whoever the
    text calls "Mr. Todd" is not also "Mr. James": that is a Mr. James."""
    mister = {_fold(f.words[-1]) for _, f in forms if f.title == _MR and len(f.words) == 1}
    men: dict[str, set[int]] = {}
    for (_, family), i in b.full.items():
        if (b.clusters[i].gender or b.clusters[i].name_gender) != FEMALE:
            men.setdefault(family, set()).add(i)
    return {
        i
        for family, found in men.items()
        for i in found
        if b.clusters[i].titles <= _PLAIN_TITLES and (family not in mister or len(found) > 1)
    }


def _pet_ways(
    word: str,
    b: _Builder,
    index: Mapping[str, Mapping[int, str]],
    titled: bool = False,
) -> dict[int, str]:
    """The full-name clusters whose given name is the pet form `word` (folded) in full or
    in a pet form it begins like ("Lizzy" and "Miss Lizzy" are "Elizabeth Bennet"; "Molly"
    is not "Polly"), and with `titled`, the clusters of such a pet form after a title that
    takes first names and fits its gender ("Nance" is "Miss Nancy"; "Bill" is not "Father
    William"). Not a full name written with a rank: "Kitty" is not "Lady Catherine
    Dorne"."""
    base = _PET_NAMES.get(word)
    if base is None:
        return {}
    others = {base} | {p for p in _PET_FORMS[base] if p != word and p[:3] == word[:3]}
    found: dict[int, str] = {}
    for other in others:
        found.update((i, how) for i, how in index.get(other, {}).items() if how == "given")
    if titled:
        gender = name_gender(word)
        for (title, name), i in b.titled.items():
            sex = TITLES.get(title)
            fit = gender is None or sex is None or gender == sex
            if name in others - {base} and title not in _FAMILY_TITLES and fit:
                found.setdefault(i, "given")
    return {i: how for i, how in found.items() if b.clusters[i].titles <= _PLAIN_TITLES}


def _eldest_son(fits: list[int], ranked: set[int], younger: set[int]) -> list[int]:
    """Which of the men of a surname "Mr." with the surname alone can name when one of
    them is known by a rank ("Sir Walter Penhale"): not him, and as the father has a rank,
    the eldest son, so not a brother written "Mr." with his first name ("Mr. Hugh
    Penhale"), unless that leaves no one."""
    plain = [i for i in fits if i not in ranked]
    if not plain or len(plain) == len(fits):
        return fits
    return [i for i in plain if i not in younger] or plain


def _younger_daughters(
    forms: Sequence[tuple[int, NameForm]],
    full: Mapping[tuple[str, str], int],
    words_index: Mapping[str, Mapping[int, str]],
) -> set[int]:
    """Full-name clusters of women written "Miss" with their first name ("Miss Julia
    Bertram", "Miss Julia"): the form of address of a younger daughter."""
    found: set[int] = set()
    for _, form in forms:
        if form.title != _MISS:
            continue
        if len(form.words) > 1:
            i = full.get((_fold(form.words[0]), _fold(form.words[-1])))
            if i is not None:
                found.add(i)
            continue
        ways = words_index.get(_fold(form.words[0]), {})
        found.update(i for i, how in ways.items() if how == "given")
    return found


def _eldest(fits: list[int], younger: set[int], sisters: bool) -> list[int]:
    """Which of the women of a surname "Miss" with the surname alone can name: it is the
    address of the eldest unmarried daughter, so not a sister written "Miss" with her
    first name. When every candidate is such a younger sister and the text has several
    (the candidates, or "the Miss Steeles"), the eldest is someone else: none fits."""
    eldest = [i for i in fits if i not in younger]
    if eldest:
        return eldest
    return [] if len(fits) > 1 or sisters else fits


def _prefer_men(
    candidates: list[tuple[int, str]], clusters: list[Cluster]
) -> list[tuple[int, str]]:
    """A bare surname ("Hall said") names a man or someone of unknown gender before a woman
    of that surname ("Mrs. Hall" is written with her title)."""
    others = [
        (i, how)
        for i, how in candidates
        if how != "family" or (clusters[i].gender or clusters[i].name_gender) != FEMALE
    ]
    return others if others and len(others) < len(candidates) else candidates


def _label(c: Cluster) -> str:
    """A cluster's name for reasons: the first form it was written in."""
    for form in c.forms:
        return form
    return " ".join(x for x in (c.given, c.family) if x)


def _decide(
    forms: Sequence[tuple[int, NameForm]],
    assigned: list[Assignment | None],
    ambiguous: Mapping[int, list[tuple[int, str]]],
    clusters: list[Cluster],
) -> None:
    """Give each ambiguous bare word, in document order, to the candidate the text around
    it is about, else to the one the text usually calls by that word.

    Nearby evidence is the closest mention, before or after, that uses the word itself
    ("John Andrew" for "John"; "Beaver", the name the narrator gives John Beaver, is no
    evidence that a "John" beside it is him), for a surname a title and surname more than
    a full name, and in part the last word decided for the candidate. Habit is how often
    a candidate was called by the word alone so far, fuller forms with it anywhere counting
    in part: "Gradgrind" alone is the constant "Mr. Gradgrind", not "Tom Gradgrind". A
    candidate the text has not introduced yet has no habit while another (named more than
    once) has: a "Charles" written before anyone called "Charles Hayter" is not him. And a
    candidate the text names in full again and again, even right after mentioning them, is
    not the one it calls by the word alone: their fuller forms count for less, by the
    share so written.
    """
    named: dict[tuple[int, str], list[int]] = {}
    short: dict[tuple[int, str], list[int]] = {}
    mentioned: dict[int, list[int]] = {}
    for k, (start, form) in enumerate(forms):
        a = assigned[k]
        if a is not None:
            mentioned.setdefault(a.cluster, []).append(start)
            for word in {_fold(w) for w in form.words}:
                named.setdefault((a.cluster, word), []).append(start)
                if len(form.words) == 1:
                    short.setdefault((a.cluster, word), []).append(start)
    decided: dict[tuple[int, str], list[int]] = {}
    formality: dict[tuple[int, str], float] = {}
    for k, (start, form) in enumerate(forms):
        if assigned[k] is not None:
            continue
        candidates = ambiguous[k]
        word = _fold(form.words[0])
        for i, _ in candidates:
            if (i, word) not in formality:
                full = sorted(set(named.get((i, word), [])) - set(short.get((i, word), [])))
                formality[i, word] = _formal(full, mentioned.get(i, []))
        formal = {i: formality[i, word] for i, _ in candidates}
        habits = {
            i: len(decided.get((i, word), []))
            + NAMED_HABIT * len(named.get((i, word), [])) * (1 - formal[i])
            for i, _ in candidates
        }
        introduced = {
            i
            for i in habits
            if len(mentioned.get(i, [])) > 1 and mentioned[i][0] <= start + RECENCY_CHARS
        }
        if introduced:
            habits = {i: h if i in introduced else 0.0 for i, h in habits.items()}
        total = sum(habits.values()) or 1
        scored = []
        for i, how in candidates:
            near = _closest(named.get((i, word), []), start)
            if how == "family":
                near = max(_closest(short.get((i, word), []), start), FULL_NEAR * near)
            if len(mentioned.get(i, [])) == 1:
                near *= ONE_OFF_NEAR
            near *= 1 - formal[i]
            last = decided.get((i, word))
            if last:
                near += DECIDED_WEIGHT * _closeness(start - last[-1])
            weight = 1.1 if how == "given" else 1.0
            scored.append((weight * (near + HABIT_WEIGHT * habits[i] / total), i))
        scored.sort(reverse=True)
        best, i = scored[0]
        margin = (best - scored[1][0]) / best if best > 0 else 0.0
        names = ", ".join(_label(clusters[j]) for _, j in scored[:3])
        kind = "first name" if candidates[0][1] == "given" else "surname"
        reason = f"ambiguous {kind} {form.bare!r}: most salient of {names}"
        assigned[k] = Assignment(i, round(0.5 + 0.4 * margin, 3), reason)
        clusters[i].add(form.surface)
        decided.setdefault((i, word), []).append(start)


def _formal(full: Sequence[int], mentioned: Sequence[int]) -> float:
    """Share of a person's fuller names with the word (at offsets `full`) written soon
    after another mention of them: a "Charles Hayter" named in full again and again is not
    the "Charles" of the text."""
    if len(full) < 3:
        return 0.0
    again = 0
    for p in full:
        j = bisect.bisect_left(mentioned, p)
        again += j > 0 and p - mentioned[j - 1] <= RECENCY_CHARS
    return again / len(full)


def _closeness(distance: int) -> float:
    """How much a mention `distance` characters away tells about who a word names."""
    return math.exp(-abs(distance) / RECENCY_CHARS)


def _closest(starts: Sequence[int], at: int) -> float:
    """The closeness of the mention nearest to offset `at` among sorted `starts`."""
    j = bisect.bisect_left(starts, at)
    near = [starts[n] for n in (j - 1, j) if 0 <= n < len(starts)]
    return max((_closeness(p - at) for p in near), default=0.0)
