"""Cast: child namesakes, pet names, eldest sons, honorifics after a name, patronymic
genders, lists that are no appositions, and roles that come back in later scenes."""

from __future__ import annotations

from ficlens.cast.cluster import Clustering, cluster_names, fullest, parse_name
from ficlens.cast.gender import words_gender
from tests.cast.test_coref import analyse, who


def marked(*names: str, young: tuple[int, ...] = (), parents: tuple[int, ...] = ()) -> Clustering:
    """Cluster name mentions written in this order, with the given child and parent marks."""
    forms = []
    for i, name in enumerate(names):
        form = parse_name(name)
        assert form is not None
        forms.append((100 * i, form))
    return cluster_names(forms, young=young, parents=parents)


def same(result: Clustering, a: int, b: int) -> bool:
    """Whether mentions `a` and `b` were put in one cluster."""
    return result.assignments[a].cluster == result.assignments[b].cluster


def test_a_bare_first_name_written_as_a_child_is_not_the_parent_of_that_name() -> None:
    # "Ned Farrow's daughter", then "young Ned" twice: the bare "Ned" is the son.
    names = ("Ned Farrow", "Mr. Farrow", "Ned", "Ned", "Ned", "Ned Farrow")
    result = marked(*names, young=(2, 3), parents=(0,))
    assert not same(result, 0, 4)
    assert same(result, 2, 4)
    assert same(result, 0, 5)


def test_without_a_parent_a_young_first_name_stays_with_the_full_name() -> None:
    names = ("Ned Farrow", "Ned", "Ned", "Ned")
    result = marked(*names, young=(1, 2))
    assert same(result, 0, 3)


def test_a_pet_name_and_the_full_given_name_are_one_person() -> None:
    result = marked("Bill Orme", "Mr. William Orme", "Mr. Orme", "Bill")
    assert same(result, 0, 1) and same(result, 1, 2) and same(result, 0, 3)


def test_a_rank_keeps_a_father_apart_from_a_son_with_his_pet_name() -> None:
    result = marked("Sir Thomas Quill", "Tom Quill", "Tom")
    assert not same(result, 0, 1)


def test_a_child_pet_name_is_not_the_grown_man_of_the_full_name() -> None:
    result = marked("Henry Lusk", "Harry Lusk", "Harry", "Harry", young=(2,))
    assert not same(result, 0, 1)


def test_mr_with_a_surname_is_the_eldest_son_when_the_father_has_a_rank() -> None:
    names = ("Sir Walter Penhale", "Giles Penhale", "Mr. Hugh Penhale", "Mr. Penhale")
    result = marked(*names)
    assert same(result, 1, 3)
    assert not same(result, 0, 3) and not same(result, 2, 3)


def test_without_a_ranked_father_mr_with_a_shared_surname_stays_apart() -> None:
    result = marked("Giles Penhale", "Mr. Hugh Penhale", "Mr. Penhale")
    assert not same(result, 0, 2) and not same(result, 1, 2)


def test_mr_with_a_surname_beside_a_parent_of_unknown_sex_is_not_the_son() -> None:
    # "Odo Vant's son" Colin: "Mr. Vant" may be the father, so it joins neither.
    result = marked("Odo Vant", "Colin Vant", "Mr. Vant", parents=(0,))
    assert not same(result, 1, 2) and not same(result, 0, 2)


def test_lady_with_a_surname_is_not_a_daughter_of_that_name() -> None:
    result = marked("Rosalind Ashby", "Lady Ashby", "Lady Ashby")
    assert not same(result, 0, 1)
    result = marked("Lady Maud Ashby", "Lady Ashby")
    assert same(result, 0, 1)


def test_an_honorific_after_a_name_is_a_title_not_a_surname() -> None:
    form = parse_name("Farida Begum")
    assert form is not None
    assert (form.title, form.words, form.gender) == ("begum", ("Farida",), "female")
    result = marked("Mr. Yusuf", "Yusuf Begum", "Yusuf")
    assert same(result, 0, 2) and not same(result, 1, 2)


def test_a_patronymic_tells_the_gender_when_the_given_name_does_not() -> None:
    assert words_gender(["Arkady", "Semyonovitch"]) == "male"
    assert words_gender(["Lidiya", "Petrovna"]) == "female"
    assert words_gender(["Evie"]) == "female"
    assert words_gender(["Quorra", "Smith"]) is None


def test_a_nominal_in_a_list_of_names_is_not_the_apposition_of_the_name_before() -> None:
    text = (
        "In the yard stood Mr. Dunstan, Mr. Crewe, the farrier, and a boy. "
        "“Good morning,” said the farrier. “Fine weather,” said the farrier."
    )
    doc = analyse(text, ["Mr. Dunstan", "Mr. Crewe"], ["the farrier"])
    assert who(doc, "the farrier", 1) != "Mr. Crewe"


def test_an_address_after_a_nominal_in_a_quote_is_no_apposition() -> None:
    text = "“Bring the tailor, Mr. Crewe,” said Mr. Dunstan. Mr. Crewe nodded."
    doc = analyse(text, ["Mr. Crewe", "Mr. Dunstan"], ["the tailor"])
    assert who(doc, "the tailor") != "Mr. Crewe"


SCENE = (
    "\n\nMr. Dunstan rode north for three days along the coast road and saw nobody he knew. "
    "The weather turned, the mare went lame, and he walked the last miles beside her. "
) * 130


def test_a_role_speaking_in_scenes_far_apart_is_a_character_in_each() -> None:
    text = (
        "“The rooms are ready,” said the innkeeper. Mr. Dunstan thanked him."
        + SCENE
        + "“Supper is at six,” said the innkeeper. Mr. Dunstan nodded."
    )
    doc = analyse(text, ["Mr. Dunstan"], ["the innkeeper"])
    first, second = who(doc, "the innkeeper", 0), who(doc, "the innkeeper", 1)
    assert first is not None and second is not None and first != "Mr. Dunstan"
    assert second not in ("Mr. Dunstan", first)


def test_an_article_is_not_a_name_word_when_choosing_the_fullest_name() -> None:
    assert fullest({"Mr. Pellow": 5, "THE Pellow": 1}) == "Mr. Pellow"
