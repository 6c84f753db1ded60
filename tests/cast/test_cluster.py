"""Alias clustering: full names, titles, first names and surnames, shared names kept apart."""

from __future__ import annotations

from ficlens.cast.cluster import Clustering, cluster_names, fullest, parse_name


def clustered(*names: str) -> Clustering:
    """Cluster name mentions written in this order (100 characters apart)."""
    forms = []
    for i, name in enumerate(names):
        form = parse_name(name)
        assert form is not None
        forms.append((100 * i, form))
    return cluster_names(forms)


def groups(result: Clustering, *names: str) -> list[set[str]]:
    """The names of the mentions grouped by cluster, in order of first mention."""
    by_cluster: dict[int, set[str]] = {}
    for name, a in zip(names, result.assignments, strict=True):
        by_cluster.setdefault(a.cluster, set()).add(name)
    return list(by_cluster.values())


def test_parse_name_reads_titles_possessives_and_suffixes() -> None:
    form = parse_name("Mrs. Bennet’s")
    assert form is not None
    assert (form.surface, form.title, form.words, form.gender) == (
        "Mrs. Bennet",
        "mrs",
        ("Bennet",),
        "female",
    )
    form = parse_name("Dwight K. Schrute Jr.")
    assert form is not None
    assert (form.given, form.family, form.title) == ("Dwight", "Schrute", None)
    form = parse_name("Mister Quill")
    assert form is not None
    assert (form.title, form.gender) == ("mr", "male")
    form = parse_name("Dr Ames")
    assert form is not None
    assert (form.title, form.gender) == ("dr", None)
    assert parse_name("Senator Ortiz", titles=["senator"]) is not None


def test_a_title_alone_is_no_name() -> None:
    assert parse_name("Mr.") is not None  # one word is kept as a name...
    form = parse_name("Mr.")
    assert form is not None and form.title is None  # ...and is not taken as a title


def test_full_name_first_name_and_surname_are_one_person() -> None:
    names = ("Marta Quayle", "Marta", "Quayle", "Marta’s")
    result = clustered(*names)
    assert groups(result, *names) == [set(names)]
    cluster = result.clusters[result.assignments[0].cluster]
    assert cluster.forms == {"Marta Quayle": 1, "Marta": 2, "Quayle": 1}
    assert "first name of Marta Quayle" in result.assignments[1].reason
    assert "surname of Marta Quayle" in result.assignments[2].reason


def test_mr_and_mrs_with_one_surname_stay_two_people() -> None:
    names = ("Mr. Penrose", "Mrs. Penrose", "Mr Penrose", "Mrs Penrose")
    result = clustered(*names)
    assert groups(result, *names) == [
        {"Mr. Penrose", "Mr Penrose"},
        {"Mrs. Penrose", "Mrs Penrose"},
    ]
    genders = [result.clusters[a.cluster].gender for a in result.assignments[:2]]
    assert genders == ["male", "female"]


def test_sisters_sharing_a_surname_stay_apart_and_so_does_their_mother() -> None:
    names = ("Ada Penrose", "Lucy Penrose", "Ada", "Lucy", "Mrs. Penrose")
    result = clustered(*names)
    assert groups(result, *names) == [
        {"Ada Penrose", "Ada"},
        {"Lucy Penrose", "Lucy"},
        {"Mrs. Penrose"},
    ]


def test_two_people_with_one_first_name_stay_apart() -> None:
    names = ("Tom Ashby", "Tom Wren", "Ashby", "Wren")
    result = clustered(*names)
    assert groups(result, *names) == [{"Tom Ashby", "Ashby"}, {"Tom Wren", "Wren"}]


def test_an_ambiguous_first_name_goes_to_the_most_salient_candidate() -> None:
    names = ("Tom Ashby", "Tom Wren", "Wren", "Wren", "Tom")
    result = clustered(*names)
    tom = result.assignments[4]
    assert tom.cluster == result.assignments[1].cluster  # Tom Wren: recent and frequent
    assert tom.score < 0.9
    assert tom.reason.startswith("ambiguous first name 'Tom': most salient of")


def test_an_ambiguous_bare_surname_goes_to_the_most_salient_title() -> None:
    names = ("Mr. Penrose", "Mrs. Penrose", "Mrs. Penrose", "Penrose")
    result = clustered(*names)
    bare = result.assignments[3]
    assert bare.cluster == result.assignments[1].cluster
    assert "ambiguous surname 'Penrose'" in bare.reason


def test_a_title_joins_the_one_full_name_of_its_gender() -> None:
    names = ("Mr. Darrow", "Elias Darrow", "Mr. Elias Darrow")
    result = clustered(*names)
    assert groups(result, *names) == [set(names)]


def test_a_gendered_title_does_not_join_a_full_name_of_unknown_gender() -> None:
    names = ("Winnie Darrow", "Mr Darrow", "Mrs Darrow")
    result = clustered(*names)
    assert groups(result, *names) == [{"Winnie Darrow"}, {"Mr Darrow"}, {"Mrs Darrow"}]


def test_a_wife_named_after_her_husband_is_not_him() -> None:
    names = ("Charles Musgrove", "Mrs Charles Musgrove", "Mrs Musgrove", "Charles")
    result = clustered(*names)
    assert groups(result, *names) == [
        {"Charles Musgrove", "Charles"},
        {"Mrs Charles Musgrove", "Mrs Musgrove"},
    ]


def test_a_title_with_a_first_name() -> None:
    names = ("Eliza Marsh", "Miss Eliza", "Sir Walter", "Walter")
    result = clustered(*names)
    assert groups(result, *names) == [{"Eliza Marsh", "Miss Eliza"}, {"Sir Walter", "Walter"}]


def test_fullest_form_names_the_cluster() -> None:
    result = clustered("Quayle", "Marta", "Marta Quayle", "Marta")
    cluster = result.clusters[result.assignments[2].cluster]
    assert fullest(cluster.forms) == "Marta Quayle"
    assert fullest({"Mr. Lind": 1, "Lind": 5}) == "Mr. Lind"
