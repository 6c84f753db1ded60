"""The tag taxonomy: built-in data validity, synonym normalisation, user folders, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ficlens.tags import TagError, load_taxonomy, read_taxonomy_file
from ficlens.tags.taxonomy import (
    BUILTIN_DIR,
    RATINGS,
    WARNINGS,
    literal_prefix,
    tag_key,
)

MINIMAL = """
[families.zebra]
patterns = ['zebras?']

[[tags]]
name = "Zebras"
threshold = 2.0
evidence = [{ family = "zebra" }]

[[ratings]]
name = "General Audiences"
"""


def write(folder: Path, text: str, name: str = "extra.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_taxonomy_loads_with_ratings_warnings_and_rules() -> None:
    tax = load_taxonomy()
    assert len(tax) >= 70
    assert sum(t.detectable for t in tax.tags) >= 45
    assert [r.name for r in tax.ratings] == list(reversed(RATINGS))
    assert {t.name for t in tax.tags if t.type == "warning"} == set(WARNINGS)
    assert tax.pov is not None and tax.pov.alternating == "Alternating Points of View"
    assert {f.fact for f in tax.facts} >= {"secondary_gender=omega", "soulmate=*"}
    assert load_taxonomy() is tax  # cached


def test_builtin_patterns_are_lower_case_with_literal_starts() -> None:
    for fam in load_taxonomy().families.values():
        for pattern in fam.patterns:
            assert len(literal_prefix(pattern)) >= 2, (fam.id, pattern)
            re.compile(pattern)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("A/B/O", "Alpha/Beta/Omega Dynamics"),
        ("omegaverse", "Alpha/Beta/Omega Dynamics"),
        ("Soulmate AU", "Alternate Universe - Soulmates"),
        ("soulmate  au", "Alternate Universe - Soulmates"),
        ("Coffee Shop AU", "Alternate Universe - Coffee Shops & Cafés"),
        ("Alternate Universe - Coffee Shops & Cafes", "Alternate Universe - Coffee Shops & Cafés"),
        ("h/c", "Hurt/Comfort"),
        ("Angst With Happy Ending", "Angst with a Happy Ending"),
        ("Fake Dating", "Fake/Pretend Relationship"),
        ("slow burn", "Slow Burn"),
        ("Modern AU", "Alternate Universe - Modern Setting"),
        ("Graphic Depictions of Violence", "Graphic Depictions Of Violence"),
        ("teen and up audiences", "Teen And Up Audiences"),
        ("M/M", "M/M"),
        ("Adult!Someone", None),
        ("Some Very Specific Feeling", None),
    ],
)
def test_author_spellings_normalise_to_canonical_tags(written: str, canonical: str | None) -> None:
    assert load_taxonomy().canonical(written) == canonical


def test_broader_and_narrower_tags_are_related() -> None:
    tax = load_taxonomy()
    assert tax.related("Mutual Pining", "Pining")
    assert tax.related("Pining", "Mutual Pining")
    assert tax.related("Soulmate-Identifying Marks", "Soulmates")  # two steps up
    assert not tax.related("Pining", "Jealousy")


def test_tag_key_ignores_case_accents_apostrophes_and_spacing() -> None:
    assert tag_key("Valentine\u2019s  Day") == tag_key("valentine's day")
    assert tag_key("Cafés") == tag_key("CAFES")


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [
        ("soul ?mates?", "soul"),
        ("kiss(?:es|ed)?", "kiss"),
        ("i love you", "i love you"),
        ("alphas?(?! male)", "alpha"),
        ("caf[ée]s?", "caf"),
        ("(?:he|she) said", ""),
        ("a+b", "a"),
        ("x*yz", ""),
    ],
)
def test_literal_prefix(pattern: str, prefix: str) -> None:
    assert literal_prefix(pattern) == prefix


def test_user_folder_adds_tags_and_overrides_builtin_ones(tmp_path: Path) -> None:
    write(
        tmp_path,
        MINIMAL.replace('[[ratings]]\nname = "General Audiences"\n', "")
        + '\n[[tags]]\nname = "Pranks"\nthreshold = 9.0\nevidence = [{ family = "prank" }]\n',
    )
    tax = load_taxonomy([tmp_path])
    assert tax.tag("Zebras") is not None
    pranks = tax.tag("Pranks")
    assert pranks is not None and pranks.threshold == 9.0
    assert pranks.source.endswith("extra.toml")
    assert load_taxonomy().tag("Pranks") != pranks


def test_single_file_must_be_complete(tmp_path: Path) -> None:
    tax = read_taxonomy_file(write(tmp_path, MINIMAL))
    assert [t.name for t in tax.tags] == ["Zebras"]


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("[[tags]\n", "", "not valid TOML"),
        ("[stuff]\nx = 1\n", "stuff", "unknown field"),
        ("[families.zebra]\npatterns = ['Zebra']\n", "families.zebra.patterns[0]", "lower case"),
        ("[families.zebra]\npatterns = ['z+']\n", "families.zebra.patterns[0]", "literal"),
        (
            "[families.zebra]\npatterns = ['zebra|horse']\n",
            "families.zebra.patterns[0]",
            "separate patterns",
        ),
        ("[families.zebra]\npatterns = ['zeb(ra']\n", "families.zebra.patterns[0]", "not a valid"),
        ("[families.zebra]\npatterns = []\n", "families.zebra.patterns", "at least one"),
        ("[families.Zebra]\npatterns = ['zebra']\n", "families.Zebra", "lower-case letters"),
        (
            "[families.zebra]\npatterns = ['zebra']\nscope = 'title'\n",
            "families.zebra.scope",
            "not one of",
        ),
        (
            "[families.zebra]\npatterns = ['zebra']\nnear = ['horse']\n",
            "families.zebra.near[0]",
            "no family",
        ),
        (
            '[[tags]]\nname = "Zebras"\nevidence = [{ family = "horse" }]\n',
            "tags (Zebras).evidence[0]",
            "no family",
        ),
        (
            '[[tags]]\nname = "Zebras"\ncolour = "striped"\n',
            "tags[0] (Zebras).colour",
            "unknown field",
        ),
        (
            '[[tags]]\nname = "Zebras"\nsynonyms = ["zebras"]\n',
            "tags[0] (Zebras).synonyms",
            "repeats",
        ),
        ('[[tags]]\nname = "Zebras"\nthreshold = -1\n', "tags[0] (Zebras).threshold", "at least"),
        (
            '[[tags]]\nname = "Zebras"\nbroader = ["Horses"]\n',
            "tags (Zebras).broader[0]",
            "not a taxonomy tag",
        ),
        (
            '[[tags]]\nname = "Zebras"\ntype = "warning"\n',
            "tags[0] (Zebras).name",
            "not an AO3 archive warning",
        ),
        (
            '[[tags]]\nname = "Zebras"\nevidence = [{ family = "zebra", region = [0.8, 0.2] }]\n',
            "tags[0] (Zebras).evidence[0].region",
            "from < to",
        ),
        (
            '[[tags]]\nname = "Zebras"\n'
            'evidence = [{ family = "zebra", first_in_region = true }]\n',
            "tags[0] (Zebras).evidence[0].first_in_region",
            "needs a region",
        ),
        ('[[ratings]]\nname = "Not Rated"\n', "ratings[0].name", "never suggested"),
        ('[[ratings]]\nname = "PG-13"\n', "ratings[0].name", "not an AO3 rating"),
        ('[[facts]]\nfact = "omega"\n', "facts[0].fact", "key=value"),
        ('[[facts]]\nfact = "a=b"\ncharacter = "Omega"\n', "facts[0].character", "{name}"),
        ("[pov]\nmin_share = 0.9\n", "pov.min_share", "at most 0.5"),
    ],
)
def test_invalid_data_names_file_field_and_problem(
    tmp_path: Path, text: str, where: str, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(TagError) as info:
        load_taxonomy([tmp_path])
    assert info.value.path == str(path)
    assert info.value.where == where
    assert problem in info.value.problem


def test_synonym_claimed_by_two_tags_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL + '\n[[tags]]\nname = "Horses"\nsynonyms = ["Zebras"]\n')
    with pytest.raises(TagError, match="already names tag 'Zebras'"):
        load_taxonomy([tmp_path])


def test_composite_of_composite_is_an_error(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + '\n[[tags]]\nname = "Herds"\nall_of = ["Zebras"]\n'
        + '\n[[tags]]\nname = "Big Herds"\nall_of = ["Herds"]\n'
    )
    write(tmp_path, text)
    with pytest.raises(TagError, match="itself composite"):
        load_taxonomy([tmp_path])


def test_same_entry_twice_in_one_folder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL, "a.toml")
    write(tmp_path, MINIMAL.replace('[[ratings]]\nname = "General Audiences"\n', ""), "b.toml")
    with pytest.raises(TagError, match="already defined"):
        load_taxonomy([tmp_path])


def test_exactly_one_default_rating(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + '\n[[ratings]]\nname = "Mature"\n')
    with pytest.raises(TagError, match="exactly one rating"):
        read_taxonomy_file(path)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TagError, match="does not exist"):
        load_taxonomy([tmp_path / "nowhere"])


def test_builtin_folder_is_inside_the_package() -> None:
    assert BUILTIN_DIR.is_dir() and sorted(p.name for p in BUILTIN_DIR.glob("*.toml"))
