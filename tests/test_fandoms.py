"""Fandom packs: built-in data validity, lookup, selection by tag and text, user packs, errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ficlens.fandoms import (
    GENDERS,
    PACKS_ENV,
    CanonCharacter,
    FandomPack,
    PackError,
    PackIndex,
    load_packs,
    read_pack,
    relationship_tag,
)

BUILTIN_IDS = {
    "the-office-us",
    "harry-potter",
    "sherlock-tv",
    "marvel-cinematic-universe",
    "supernatural",
    "star-wars",
    "good-omens",
    "haikyuu",
    "stranger-things",
    "teen-wolf",
}
# Long-standing AO3 tags that are not in the pack's alphabetical order.
AO3_ORDER_EXCEPTIONS = {"Dwight Schrute/Jim Halpert", "Dwight Schrute & Jim Halpert"}

OFFICE_PARAGRAPH = (
    "The copier on the third floor of Dunder Mifflin jammed again, and Dwight announced that "
    "he would personally investigate. Jim waited until he had gone, then slid a stapler into "
    "a bowl of lime gelatin. Outside, Scranton was grey with February slush."
)
PLAIN_PARAGRAPH = (
    "Margaret closed the shop at six and walked home along the river. Her brother Thomas had "
    "written again from Leeds, asking for money, and she thought about the letter all through "
    "supper while Michael and Kevin argued about the football."
)

USER_PACK = """
[pack]
id = "lighthouse-keepers"
name = "The Lighthouse Keepers (Web Series)"
fandoms = ["The Lighthouse Keepers (Web Series)"]
synonyms = ["Lighthouse Keepers"]
fandom_words = ["Gullrock Light", "Saltmere"]
non_characters = ["Gullrock Light", "Saltmere"]

[[characters]]
name = "Wren Abernethy"
given = "Wren"
family = "Abernethy"
gender = "female"
aliases = ["Abby", { alias = "Skipper", used_by = ["Tobias Quill"] }]
titles = ["Keeper"]
attributes = { job = "Head keeper" }

[[characters]]
name = "Tobias Quill"
given = "Tobias"
family = "Quill"
gender = "male"
epithets = ["the Fog Man"]

[[ships]]
tag = "Wren Abernethy/Tobias Quill"
canon = true
"""


@pytest.fixture
def packs(monkeypatch: pytest.MonkeyPatch) -> PackIndex:
    monkeypatch.delenv(PACKS_ENV, raising=False)
    return load_packs()


@pytest.fixture
def office(packs: PackIndex) -> FandomPack:
    pack = packs.get("the-office-us")
    assert pack is not None
    return pack


def pack(packs: PackIndex, pack_id: str) -> FandomPack:
    found = packs.get(pack_id)
    assert found is not None, pack_id
    return found


def names(chars: list[CanonCharacter]) -> list[str]:
    return [c.name for c in chars]


def write_pack(folder: Path, text: str, filename: str = "pack.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    path.write_text(text, encoding="utf-8")
    return path


# --- the built-in packs -------------------------------------------------------------------


def test_every_builtin_pack_loads(packs: PackIndex) -> None:
    assert {p.id for p in packs} == BUILTIN_IDS
    for p in packs:
        assert 25 <= len(p.characters) <= 60, (p.id, len(p.characters))
        assert p.ships, p.id


def test_builtin_packs_have_unique_names_and_valid_genders(packs: PackIndex) -> None:
    for p in packs:
        canonical = [c.name for c in p.characters]
        assert len(canonical) == len(set(canonical)), p.id
        for char in p.characters:
            assert char.gender in GENDERS, (p.id, char.name)
            assert char.name.strip() == char.name


def test_every_ship_names_characters_of_its_pack(packs: PackIndex) -> None:
    for p in packs:
        canonical = {c.name for c in p.characters}
        for ship in p.ships:
            assert len(ship.members) >= 2, ship.tag
            assert set(ship.members) <= canonical, (p.id, ship.tag)
            assert ("/" in ship.tag) == ship.romantic


def test_ship_tags_follow_the_pack_order(packs: PackIndex) -> None:
    for p in packs:
        for ship in p.ships:
            if len(ship.members) != 2 or ship.tag in AO3_ORDER_EXCEPTIONS:
                continue
            a, b = (p.character(m) for m in ship.members)
            assert a is not None and b is not None
            assert relationship_tag(a, b, ship.romantic, order=p.ship_order) == ship.tag


def test_characters_are_immutable(office: FandomPack) -> None:
    pam = office.character("Pam Beesly")
    assert pam is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        pam.name = "Pamela"  # type: ignore[misc]
    with pytest.raises(TypeError):
        pam.attributes["job"] = "Artist"  # type: ignore[index]
    assert hash(pam) == hash(office.character("Pam Beesly"))


def test_read_pack_validates_one_file(office: FandomPack) -> None:
    again = read_pack(office.source)
    assert again.id == office.id
    assert names(list(again.characters)) == names(list(office.characters))


# --- lookup -------------------------------------------------------------------------------


def test_lookup_by_alias_surname_and_nickname(office: FandomPack) -> None:
    assert names(office.lookup("Big Tuna")) == ["Jim Halpert"]
    assert names(office.lookup("pam halpert")) == ["Pam Beesly"]
    assert names(office.lookup("PAMELA")) == ["Pam Beesly"]
    assert names(office.lookup("Dwight K Schrute")) == ["Dwight Schrute"]
    assert names(office.lookup("Schrute")) == ["Dwight Schrute", "Mose Schrute"]
    assert "Pam Beesly" in names(office.lookup("Beesly"))
    assert names(office.lookup("the World\u2019s Best Boss")) == ["Michael Scott"]
    assert names(office.lookup("Senator Lipton")) == ["Robert Lipton"]
    assert office.lookup("Scranton") == []
    assert office.lookup("Toby Flendersen") == []


def test_lookup_uses_alias_users(office: FandomPack) -> None:
    pam = office.character("Pam Beesly")
    assert pam is not None
    assert pam.alias_users["Beesly"] == ("Jim Halpert",)
    assert pam.attributes["job"] == "Receptionist"


def test_lookup_across_fandoms(packs: PackIndex) -> None:
    hp = pack(packs, "harry-potter")
    assert names(hp.lookup("The Boy Who Lived")) == ["Harry Potter"]
    assert names(hp.lookup("Boy Who Lived")) == ["Harry Potter"]
    assert names(hp.lookup("Professor McGonagall")) == ["Minerva McGonagall"]
    assert names(hp.lookup("Voldemort")) == ["Tom Riddle"]
    mcu = pack(packs, "marvel-cinematic-universe")
    assert names(mcu.lookup("Iron Man")) == ["Tony Stark"]
    assert names(mcu.lookup("Captain America")) == ["Steve Rogers", "Sam Wilson (Marvel)"]
    assert names(mcu.lookup("the Hulk")) == ["Bruce Banner"]
    go = pack(packs, "good-omens")
    assert names(go.lookup("Crowley")) == ["Crowley (Good Omens)"]
    hq = pack(packs, "haikyuu")
    assert "Hinata Shouyou" in names(hq.lookup("Hinata-kun"))
    assert names(hq.lookup("Shouyou Hinata")) == ["Hinata Shouyou"]
    assert names(hq.lookup("Iwa-chan")) == ["Iwaizumi Hajime"]
    sw = pack(packs, "star-wars")
    assert names(sw.lookup("Padme")) == ["Padmé Amidala"]
    assert names(sw.lookup("Ben")) == ["Kylo Ren", "Obi-Wan Kenobi"]


# --- selection by AO3 fandom tag ----------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("The Office (US)", "the-office-us"),
        ("the office (us)", "the-office-us"),
        ("The Office", "the-office-us"),
        ("Harry Potter - J.K. Rowling", "harry-potter"),
        ("Harry Potter", "harry-potter"),
        ("Sherlock", "sherlock-tv"),
        ("BBC Sherlock", "sherlock-tv"),
        ("Star Wars: The Clone Wars (2008) - All Media Types", "star-wars"),
        ("Haiky\u016b!!", "haikyuu"),
        ("Teen Wolf (Movie 2023)", "teen-wolf"),
        ("Good Omens - Neil Gaiman & Terry Pratchett", "good-omens"),
    ],
)
def test_select_by_fandom_tag(packs: PackIndex, tag: str, expected: str) -> None:
    assert [p.id for p in packs.select([tag])] == [expected]


@pytest.mark.parametrize(
    "tag",
    [
        "The Office (US) RPF",
        "The Office (UK)",
        "Supernatural RPF",
        "Sherlock Holmes - Arthur Conan Doyle",
        "Original Work",
    ],
)
def test_other_fandoms_and_rpf_do_not_match(packs: PackIndex, tag: str) -> None:
    assert packs.select([tag]) == []


def test_several_tags_keep_order_and_deduplicate(packs: PackIndex) -> None:
    tags = ["Supernatural", "Marvel Cinematic Universe", "The Avengers (Marvel Movies)"]
    assert [p.id for p in packs.select(tags)] == ["supernatural", "marvel-cinematic-universe"]


def test_tags_take_precedence_over_text(packs: PackIndex) -> None:
    assert [p.id for p in packs.select(["Supernatural"], OFFICE_PARAGRAPH)] == ["supernatural"]


# --- selection by text --------------------------------------------------------------------


def test_detects_the_office_from_a_paragraph(packs: PackIndex) -> None:
    assert [p.id for p in packs.select([], OFFICE_PARAGRAPH)] == ["the-office-us"]
    assert [p.id for p in packs.select(["Original Work"], OFFICE_PARAGRAPH)] == ["the-office-us"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hermione slammed the library book shut. \u201cHarry, the Horcrux can\u2019t be at "
            "Hogwarts,\u201d she whispered, while Ron stared gloomily at the enchanted "
            "ceiling. Professor McGonagall swept past without a glance.",
            "harry-potter",
        ),
        (
            "Rain hammered the windows of 221B Baker Street. Sherlock was sulking on the sofa "
            "while John pretended to read the paper, and Mrs Hudson came up with tea nobody "
            "had asked for.",
            "sherlock-tv",
        ),
        (
            "Dean parked the Impala outside the motel and killed the engine. Sam was already "
            "reading the file, muttering about sulphur. In the back seat, Castiel watched the "
            "neon sign flicker.",
            "supernatural",
        ),
        (
            "Hinata slammed the ball over the net before anyone at Karasuno had finished "
            "blinking. Kageyama glared at him. Across the gym, Sugawara was laughing too hard "
            "to set.",
            "haikyuu",
        ),
        (
            "The Millennium Falcon shuddered out of hyperspace. Rey gripped the controls "
            "while Finn shouted, and Chewie roared in agreement. Poe Dameron's voice crackled "
            "over the comm.",
            "star-wars",
        ),
    ],
)
def test_detects_other_fandoms_from_text(packs: PackIndex, text: str, expected: str) -> None:
    assert [p.id for p in packs.select([], text)] == [expected]


def test_common_first_names_alone_do_not_select_a_fandom(packs: PackIndex) -> None:
    assert packs.select([], PLAIN_PARAGRAPH) == []
    assert packs.select([], "John called Mary while Sam and Dean argued about dinner.") == []
    assert packs.select([]) == []


def test_detection_reports_scores(packs: PackIndex) -> None:
    (hit,) = packs.detect(OFFICE_PARAGRAPH)
    assert hit[0].id == "the-office-us"
    assert hit[1] >= 6
    assert packs.detect(OFFICE_PARAGRAPH, min_score=50) == []


# --- relationship tags --------------------------------------------------------------------


def test_relationship_tag_orders_by_family_name() -> None:
    assert relationship_tag("Harry Potter", "Draco Malfoy") == "Draco Malfoy/Harry Potter"
    assert relationship_tag("Jim Halpert", "Pam Beesly") == "Pam Beesly/Jim Halpert"
    assert relationship_tag("Sam Winchester", "Dean Winchester") == (
        "Dean Winchester/Sam Winchester"
    )
    assert relationship_tag("John Watson", "Sherlock Holmes", romantic=False) == (
        "Sherlock Holmes & John Watson"
    )


def test_relationship_tag_with_pack_characters(packs: PackIndex, office: FandomPack) -> None:
    assert office.relationship_tag("Jim Halpert", "Pam Beesly") == "Pam Beesly/Jim Halpert"
    assert office.relationship_tag("Jim Halpert", "Dwight Schrute") == (
        "Dwight Schrute/Jim Halpert"
    )
    assert office.relationship_tag("Jim Halpert", "Dwight Schrute", romantic=False) == (
        "Dwight Schrute & Jim Halpert"
    )
    assert office.relationship_tag("Kevin Malone", "Oscar Martinez", False) == (
        "Kevin Malone & Oscar Martinez"
    )
    go = pack(packs, "good-omens")
    assert go.relationship_tag("Crowley (Good Omens)", "Aziraphale (Good Omens)") == (
        "Aziraphale/Crowley (Good Omens)"
    )
    spn = pack(packs, "supernatural")
    dean, cas = spn.character("Dean Winchester"), spn.character("Castiel (Supernatural)")
    assert dean is not None and cas is not None
    assert relationship_tag(dean, cas) == "Castiel/Dean Winchester"


def test_relationship_tag_for_family_first_names_and_name_order(packs: PackIndex) -> None:
    hq = pack(packs, "haikyuu")
    kageyama, hinata = hq.character("Kageyama Tobio"), hq.character("Hinata Shouyou")
    assert kageyama is not None and hinata is not None
    assert relationship_tag(kageyama, hinata) == "Hinata Shouyou/Kageyama Tobio"
    sw = pack(packs, "star-wars")
    assert sw.relationship_tag("Poe Dameron", "Finn (Star Wars)") == "Finn/Poe Dameron"
    assert relationship_tag("Poe Dameron", "Finn", order="name") == "Finn/Poe Dameron"
    assert relationship_tag("Poe Dameron", "Finn") == "Poe Dameron/Finn"


# --- user packs ---------------------------------------------------------------------------


def test_user_pack_folder_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_pack(tmp_path / "mine", USER_PACK)
    monkeypatch.setenv(PACKS_ENV, str(tmp_path / "mine"))
    index = load_packs()
    assert {p.id for p in index} == BUILTIN_IDS | {"lighthouse-keepers"}
    (found,) = index.select(["Lighthouse Keepers"])
    assert names(found.lookup("Keeper Abernethy")) == ["Wren Abernethy"]
    assert names(found.lookup("the fog man")) == ["Tobias Quill"]
    assert found.ships[0].canon


def test_user_pack_folder_from_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PACKS_ENV, raising=False)
    write_pack(tmp_path, USER_PACK)
    index = load_packs([tmp_path])
    text = "Wren Abernethy climbed Gullrock Light while Tobias waited below in Saltmere."
    assert [p.id for p in index.select([], text)] == ["lighthouse-keepers"]
    assert "lighthouse-keepers" not in {p.id for p in load_packs()}


def test_user_pack_overrides_builtin_pack_with_same_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PACKS_ENV, raising=False)
    text = USER_PACK.replace('id = "lighthouse-keepers"', 'id = "the-office-us"')
    path = write_pack(tmp_path, text)
    index = load_packs([tmp_path])
    assert pack(index, "the-office-us").source == str(path.resolve())
    assert index.select(["The Office (US)"]) == []


def test_load_packs_is_cached_until_a_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PACKS_ENV, raising=False)
    path = write_pack(tmp_path, USER_PACK)
    first = load_packs([tmp_path])
    assert load_packs([tmp_path]) is first
    path.write_text(USER_PACK.replace('"Abby", ', ""), encoding="utf-8")
    second = load_packs([tmp_path])
    assert second is not first
    assert pack(second, "lighthouse-keepers").lookup("Abby") == []


# --- invalid packs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'gender = "female"',
            'gender = "f"',
            "characters[0] (Wren Abernethy).gender: 'f' is not one of female, male, nonbinary",
        ),
        (
            'given = "Tobias"',
            'givne = "Tobias"',
            "characters[1] (Tobias Quill).givne: unknown field",
        ),
        (
            "Wren Abernethy/Tobias",
            "Wren Abernethy/Tobias Q",
            "ships[0].tag: 'Tobias Q Quill' in 'Wren Abernethy/Tobias Q Quill' names no character",
        ),
        ('name = "Tobias Quill"', 'name = "Wren Abernethy"', "'Wren Abernethy' is listed twice"),
        ('used_by = ["Tobias Quill"]', 'used_by = ["Nobody"]', "used_by 'Nobody' is not"),
        ('"Abby"', '"Saltmere"', "name 'saltmere' is listed in pack.non_characters"),
        ('id = "lighthouse-keepers"', 'id = "Lighthouse Keepers"', "pack.id: 'Lighthouse"),
        ('fandom_words = ["Gullrock Light"', 'fandom_words = ["gullrock"', "fandom_words[0]"),
        ('job = "Head keeper"', "job = 3", "attributes.job: expected a non-empty string"),
        ("canon = true", 'canon = "yes"', "ships[0].canon: expected true or false"),
        ('name = "Wren Abernethy"\n', "", "characters[0].name: is required"),
        ("[pack]", "[pack\n", "not valid TOML"),
    ],
)
def test_bad_pack_names_file_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, message: str
) -> None:
    monkeypatch.delenv(PACKS_ENV, raising=False)
    assert old in USER_PACK
    path = write_pack(tmp_path, USER_PACK.replace(old, new, 1), "broken.toml")
    with pytest.raises(PackError) as caught:
        load_packs([tmp_path])
    assert str(caught.value).startswith(f"{path.resolve()}: ")
    assert message in str(caught.value)


def test_missing_pack_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PACKS_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(PackError, match="pack folder does not exist"):
        load_packs()


def test_two_packs_claiming_one_fandom_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PACKS_ENV, raising=False)
    write_pack(tmp_path, USER_PACK, "a.toml")
    write_pack(tmp_path, USER_PACK.replace('"lighthouse-keepers"', '"keepers-2"'), "b.toml")
    with pytest.raises(PackError, match="already claimed by pack 'lighthouse-keepers'"):
        load_packs([tmp_path])


def test_two_files_with_one_id_in_a_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PACKS_ENV, raising=False)
    write_pack(tmp_path, USER_PACK, "a.toml")
    write_pack(tmp_path, USER_PACK, "b.toml")
    with pytest.raises(PackError, match=r"pack\.id: 'lighthouse-keepers' is also the id of"):
        load_packs([tmp_path])
