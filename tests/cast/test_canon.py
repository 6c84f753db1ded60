"""Canon linking: packs and AO3 character tags, aliases, nicknames, original characters."""

from __future__ import annotations

import pytest

from ficlens.cast.canon import Canon, link_cluster, link_form, select_canon
from ficlens.cast.cluster import Cluster, NameForm, parse_name
from ficlens.document import WorkMeta
from ficlens.fandoms import FandomPack, load_packs
from tests.cast.test_coref import analyse, cast_ids, character, who


@pytest.fixture(scope="module")
def office() -> FandomPack:
    pack = load_packs().get("the-office-us")
    assert pack is not None
    return pack


def form(name: str) -> NameForm:
    parsed = parse_name(name)
    assert parsed is not None
    return parsed


def test_an_alias_links_surely(office: FandomPack) -> None:
    link, known = link_form(form("Beesly"), Canon([office]))
    assert known and link is not None
    assert (link.ref.name, link.score, link.reason) == (
        "Pam Beesly",
        1.0,
        "alias 'Beesly' of canon Pam Beesly",
    )


def test_a_first_name_unique_in_canon_links_likely(office: FandomPack) -> None:
    link, _ = link_form(form("Kevin"), Canon([office]))
    assert link is not None
    assert (link.ref.name, link.score) == ("Kevin Malone", 0.8)
    assert link.reason == "first name 'Kevin' unique in canon (Kevin Malone)"


def test_a_shared_first_name_needs_the_work_to_decide(office: FandomPack) -> None:
    canon = Canon([office])
    link, known = link_form(form("Pete"), canon)
    assert known and link is None
    link, _ = link_form(form("Pete"), canon, present={"Pete Miller"})
    assert link is not None and link.ref.name == "Pete Miller"
    assert link.score == 0.7


def test_a_title_must_agree_with_canon_gender(office: FandomPack) -> None:
    link, _ = link_form(form("Mrs. Scott"), Canon([office]))
    assert link is None
    link, _ = link_form(form("Mr. Scott"), Canon([office]))
    assert link is not None and link.ref.name == "Michael Scott"


def test_character_tags_are_canon_without_a_pack() -> None:
    canon = Canon([], ["Mara Quill", "Tobias Hale (Lighthouse)", "Original Female Character(s)"])
    assert [(r.name, r.given, r.family, r.gender) for r in canon.refs] == [
        ("Mara Quill", "Mara", "Quill", None),
        ("Tobias Hale (Lighthouse)", "Tobias", "Hale", None),
    ]
    link, _ = link_form(form("Hale"), canon)
    assert link is not None and link.ref.name == "Tobias Hale (Lighthouse)"
    assert all(r.tagged for r in canon.refs)


def test_a_character_tag_marks_the_pack_character_too(office: FandomPack) -> None:
    canon = Canon([office], ["Pam Beesly", "Jim Halpert"])
    tagged = [r.name for r in canon.refs if r.tagged]
    assert tagged == ["Jim Halpert", "Pam Beesly"]
    assert len(canon) == len(office.characters)


def test_packs_are_chosen_by_fandom_tag_or_text(office: FandomPack) -> None:
    packs = load_packs()
    assert select_canon(WorkMeta(fandoms=("The Office (US)",)), "", packs).packs == (office,)
    text = "Dwight sold paper at Dunder Mifflin in Scranton while Jim Halpert watched."
    assert select_canon(WorkMeta(), text, packs).packs == (office,)
    assert len(select_canon(WorkMeta(), text, None)) == 0


def test_an_unknown_full_name_vetoes_a_first_name_link(office: FandomPack) -> None:
    cluster = Cluster("Jim", "Smith", forms={"Jim Smith": 2, "Jim": 5})
    forms = {"Jim Smith": form("Jim Smith"), "Jim": form("Jim")}
    assert link_cluster(cluster, forms, Canon([office]), None, {"Jim Smith"}) == (None, [])


def test_a_passing_full_name_is_split_off_instead(office: FandomPack) -> None:
    cluster = Cluster("Stanley", "Nickels", forms={"Stanley Nickels": 1, "Stanley": 3})
    forms = {"Stanley Nickels": form("Stanley Nickels"), "Stanley": form("Stanley")}
    link, split = link_cluster(cluster, forms, Canon([office]), None, set())
    assert link is not None and link.ref.name == "Stanley Hudson"
    assert split == ["Stanley Nickels"]


def test_nicknames_from_the_pack_join_their_character() -> None:
    doc = analyse(
        "Jim Halpert sat down. Andy waved. “Morning, Big Tuna!” Halpert sighed.",
        ["Jim Halpert", "Andy", "Big Tuna", "Halpert"],
        packs=load_packs(),
        fandoms=["The Office (US)"],
    )
    assert cast_ids(doc) == ["Jim Halpert", "Andy Bernard"]
    jim = character(doc, "Jim Halpert")
    assert set(jim.attrs["aliases"]) == {"Jim Halpert", "Big Tuna", "Halpert"}
    assert jim.attrs["canon"] == "Jim Halpert"
    assert dict(jim.attrs["attributes"]) == {"job": "Salesman"}
    assert who(doc, "Big Tuna") == "Jim Halpert"


def test_original_characters_are_kept_beside_canon() -> None:
    doc = analyse(
        "Pam answered the phone. Marisol from the temp agency waited. Marisol smiled.",
        ["Pam", "Marisol"],
        packs=load_packs(),
        fandoms=["The Office (US)"],
    )
    assert cast_ids(doc) == ["Pam Beesly", "Marisol"]
    marisol = character(doc, "Marisol")
    assert marisol.attrs["canon"] is None
    assert "original character (not in canon)" in marisol.attrs["reasons"]


def test_pack_non_characters_and_places_are_no_one() -> None:
    doc = analyse(
        "Scranton was cold. Pam drove to Scranton. Later she walked in Millbrook, and in "
        "Millbrook she met Odile. Odile waved.",
        ["Scranton", "Pam", "Millbrook", "Odile"],
        packs=load_packs(),
        fandoms=["The Office (US)"],
    )
    assert cast_ids(doc) == ["Pam Beesly", "Odile"]


def test_a_name_seen_once_doing_nothing_is_dropped() -> None:
    doc = analyse("Odile hung a poster of Zorbo on the wall. Odile smiled.", ["Odile", "Zorbo"])
    assert cast_ids(doc) == ["Odile"]


def test_a_misspelt_canon_surname_does_not_veto_the_link(office: FandomPack) -> None:
    cluster = Cluster("Stanley", "Hudosn", forms={"Stanley Hudosn": 2, "Stanley": 5})
    forms = {"Stanley Hudosn": form("Stanley Hudosn"), "Stanley": form("Stanley")}
    link, split = link_cluster(cluster, forms, Canon([office]), None, {"Stanley Hudosn"})
    assert link is not None and link.ref.name == "Stanley Hudson"
    assert split == []


def test_a_surname_with_an_s_added_is_another_family(office: FandomPack) -> None:
    cluster = Cluster("Stanley", "Hudsons", forms={"Stanley Hudsons": 2, "Stanley": 5})
    forms = {"Stanley Hudsons": form("Stanley Hudsons"), "Stanley": form("Stanley")}
    assert link_cluster(cluster, forms, Canon([office]), None, {"Stanley Hudsons"}) == (None, [])
