"""Cast identity: pet forms, regnal numbers, capitals and house names cluster as people do."""

from __future__ import annotations

from ficlens.cast.cluster import Clustering, fullest, parse_name
from tests.cast.test_cluster import clustered
from tests.cast.test_coref import analyse, who


def same(result: Clustering, a: int, b: int) -> bool:
    """Whether mentions `a` and `b` (by index) are in one cluster."""
    return result.assignments[a].cluster == result.assignments[b].cluster


def test_a_pet_form_alone_or_after_miss_joins_the_full_given_name() -> None:
    result = clustered("Elizabeth Marlow", "Miss Lizzy", "Lizzy", "Mrs. Marlow")
    assert same(result, 0, 1) and same(result, 0, 2)
    assert not same(result, 0, 3)
    assert result.assignments[2].reason == "first name of Elizabeth Marlow"


def test_a_pet_form_joins_the_first_name_after_miss() -> None:
    result = clustered("Miss Nancy", "Nance", "Mr. Pibworth")
    assert same(result, 0, 1)
    assert not same(result, 0, 2)


def test_a_pet_form_fitting_two_people_joins_neither() -> None:
    result = clustered("Henry Quayle", "Henry Dorsett", "Harry")
    assert not same(result, 2, 0) and not same(result, 2, 1)


def test_a_pet_form_the_text_gives_someone_stays_theirs() -> None:
    result = clustered("Elizabeth Marlow", "Lizzy Crane", "Lizzy")
    assert same(result, 1, 2)
    assert not same(result, 0, 2)


def test_a_title_with_a_shared_first_name_joins_the_full_name_with_that_title() -> None:
    result = clustered("Lord Henry Quayle", "Sir Henry Dorsett", "Lord Henry", "Sir Henry")
    assert same(result, 0, 2) and same(result, 1, 3)
    assert not same(result, 0, 1)


def test_a_regnal_number_makes_one_name_of_a_monarch() -> None:
    form = parse_name("Louis XIV.")
    assert form is not None and form.words == ("Louis XIV",)
    king = parse_name("King Edgar II")
    assert king is not None and (king.title, king.words) == ("king", ("Edgar II",))
    heir = parse_name("Hugh Pell III")
    assert heir is not None and heir.words == ("Hugh", "Pell")
    result = clustered("Lord Louis Brant", "Lord Louis", "Louis XIV", "Louis")
    assert same(result, 0, 1) and same(result, 0, 3)
    assert not same(result, 0, 2)


def test_capitals_cluster_like_the_spelling_but_never_name_the_character() -> None:
    result = clustered("Ruth Ashby", "RUTH ASHBY", "Ruth", "ASHBY")
    assert len({a.cluster for a in result.assignments}) == 1
    assert fullest({"RUTH ASHBY": 3, "Ruth Ashby": 1}) == "Ruth Ashby"


def test_a_house_named_for_a_family_is_no_one() -> None:
    text = (
        "Lady Pell drove out from Pell Lodge at noon. Mr. Pell had stayed at Pell Lodge "
        "over his accounts. Lady Pell said she would be back by tea."
    )
    doc = analyse(text, ["Lady Pell", "Pell Lodge", "Mr. Pell"])
    names = {str(c.attrs["name"]) for c in doc.layer("cast")}
    assert names == {"Lady Pell", "Mr. Pell"}
    assert who(doc, "Pell Lodge") is None


def test_a_place_word_after_a_first_name_stays_a_person() -> None:
    text = (
        "Mary Hall opened the shop. Mary Thorne came in from the rain, and Mr. Hall "
        "waved. Mary Hall smiled at her."
    )
    doc = analyse(text, ["Mary Hall", "Mary Thorne", "Mr. Hall"])
    assert "Mary Hall" in {str(c.attrs["name"]) for c in doc.layer("cast")}


def test_a_pet_form_never_joins_a_ranked_name_nor_a_full_name_a_pet_one() -> None:
    result = clustered("Lady Catherine Dorne", "Kitty", "Polly Vane", "Mary")
    assert len({a.cluster for a in result.assignments}) == 4


def test_a_pet_form_after_a_title_joins_only_a_pet_form_it_begins_like() -> None:
    result = clustered("Miss Betsy", "Bet", "Polly Vane", "Molly", "Father William", "Bill")
    assert same(result, 0, 1)
    assert not same(result, 2, 3)
    assert not same(result, 4, 5)


def _byname_text(byname: str) -> str:
    """Scenes far apart in which a named tanner is then called by a byname."""
    scene = (
        "Mr. Orrin Tolley came down to the yard with his ledger. "
        f"{byname} counted the hides twice and frowned. "
        f"{byname} walked back to the gate. "
    )
    filler = "Rain drummed on the roofs of the lower town while the carts went by. " * 300
    return "\n\n".join([scene, filler, scene, filler, scene, filler, scene])


def test_a_capitalised_byname_is_the_named_character_it_follows() -> None:
    text = _byname_text("The Tanner")
    doc = analyse(text, ["Mr. Orrin Tolley", "The Tanner"])
    assert who(doc, "The Tanner") == who(doc, "Mr. Orrin Tolley") == "Mr. Orrin Tolley"


def test_a_family_after_the_is_no_byname() -> None:
    text = _byname_text("The Marlows")
    doc = analyse(text, ["Mr. Orrin Tolley", "The Marlows"])
    assert who(doc, "The Marlows") != who(doc, "Mr. Orrin Tolley")


def test_a_name_with_lost_letters_is_read_whole() -> None:
    text = "Ren?e Vaudrin unlatched the blue shutters. Ren?e smiled at the sea. Ren?e said nothing."
    doc = analyse(text, ["Ren", "Ren", "Ren"])
    assert [str(c.attrs["name"]) for c in doc.layer("cast")] == ["Ren?e"]


def test_mr_with_a_first_name_joins_the_one_man_of_that_first_name() -> None:
    result = clustered("Edmund Varley", "Mr. Edmund", "Mrs. Edmund")
    assert same(result, 0, 1)
    assert not same(result, 0, 2)
    result = clustered("Edmund Varley", "Edmund Hale", "Mr. Edmund")
    assert not same(result, 2, 0) and not same(result, 2, 1)


def test_mr_with_a_word_someone_bears_as_a_surname_stays_apart() -> None:
    result = clustered("Thomas Rule", "Owen Thomas", "Mr. Thomas")
    assert same(result, 2, 1)
    assert not same(result, 2, 0)


def test_mr_with_a_first_name_never_joins_a_man_of_rank() -> None:
    result = clustered("Sir Edmund Varley", "Mr. Edmund")
    assert not same(result, 0, 1)


def test_mr_with_a_first_name_is_not_the_one_man_called_mr_with_his_surname() -> None:
    result = clustered("Edmund Varley", "Mr. Varley", "Mr. Edmund")
    assert same(result, 0, 1)
    assert not same(result, 0, 2)
    result = clustered("Edmund Varley", "Hugo Varley", "Mr. Varley", "Mr. Edmund")
    assert same(result, 0, 3)
