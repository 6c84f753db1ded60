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
    form = parse_name("Barnaby Quill Esquire")
    assert form is not None
    assert (form.given, form.family) == ("Barnaby", "Quill")
    form = parse_name("Barnaby Quill, Esq.")
    assert form is not None
    assert (form.given, form.family) == ("Barnaby", "Quill")
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
    names = ("Mr. Penrose", "Dr. Penrose", "Dr. Penrose", "Penrose")
    result = clustered(*names)
    bare = result.assignments[3]
    assert bare.cluster == result.assignments[1].cluster
    assert "ambiguous surname 'Penrose'" in bare.reason


def test_a_bare_surname_names_the_husband_rather_than_the_wife() -> None:
    names = ("Mr. Penrose", "Mrs. Penrose", "Mrs. Penrose", "Penrose")
    result = clustered(*names)
    assert result.assignments[3].cluster == result.assignments[0].cluster


def test_mrs_and_miss_of_one_family_are_mother_and_daughter() -> None:
    names = ("Miss Nell Ashdown", "Mrs. Ashdown", "Nell", "Miss Ashdown", "Mrs. Ashdown")
    result = clustered(*names)
    assert groups(result, *names) == [
        {"Miss Nell Ashdown", "Nell", "Miss Ashdown"},
        {"Mrs. Ashdown"},
    ]


def test_mrs_never_joins_a_woman_known_by_her_first_name() -> None:
    names = ("Ruth Garland", "Mrs. Garland", "Ruth")
    result = clustered(*names)
    assert groups(result, *names) == [{"Ruth Garland", "Ruth"}, {"Mrs. Garland"}]


def test_miss_joins_the_one_woman_of_that_surname_and_not_her_brother() -> None:
    names = ("Oliver Fenwick", "Mary Fenwick", "Miss Fenwick", "Fenwick")
    result = clustered(*names)
    assert groups(result, *names) == [
        {"Oliver Fenwick", "Fenwick"},
        {"Mary Fenwick", "Miss Fenwick"},
    ]


def test_mr_beside_two_men_of_the_surname_is_a_third_person() -> None:
    names = ("Charles Varley", "Paul Varley", "Mr. Varley", "Mr. Varley")
    result = clustered(*names)
    assert groups(result, *names) == [{"Charles Varley"}, {"Paul Varley"}, {"Mr. Varley"}]


def test_mr_joins_the_one_man_of_the_surname_known_by_his_first_name() -> None:
    names = ("Oliver Fenwick", "Mary Fenwick", "Mr. Fenwick")
    result = clustered(*names)
    assert groups(result, *names) == [{"Oliver Fenwick", "Mr. Fenwick"}, {"Mary Fenwick"}]


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
        {"Mrs Charles Musgrove"},
        {"Mrs Musgrove"},  # his mother, most often: the wife is written with his name
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


def test_parse_name_drops_articles_lost_apostrophes_and_clauses_before_a_name() -> None:
    form = parse_name("The Arcade")
    assert form is not None
    assert (form.surface, form.words, form.article) == ("The Arcade", ("Arcade",), True)
    assert parse_name("Nell s aunt") is None
    form = parse_name("The old clerk thanked Mrs. Ashdown")
    assert form is not None
    assert (form.surface, form.title, form.article) == ("Mrs. Ashdown", "mrs", False)


def test_parse_name_ends_a_name_before_lower_case_words() -> None:
    form = parse_name("Mr. Lind bowing low")
    assert form is not None
    assert (form.surface, form.end) == ("Mr. Lind", 8)
    form = parse_name("Walter dear")
    assert form is not None and form.surface == "Walter"
    form = parse_name("My dear Tobias")
    assert form is not None and (form.surface, form.lead) == ("Tobias", 8)
    form = parse_name("Anne de Vere")
    assert form is not None and form.words == ("Anne", "de", "Vere")
    form = parse_name("Eric of Hove")
    assert form is not None and form.surface == "Eric"


def test_a_proper_adjective_before_a_common_noun_is_no_name() -> None:
    assert parse_name("Cornish fishermen") is None
    assert parse_name("Mr. or Mrs. Lind") is None


def test_a_full_name_names_the_cluster_before_a_title_and_surname() -> None:
    assert fullest({"Mr. Thwaite": 4, "Abel Thwaite": 1}) == "Abel Thwaite"
    assert fullest({"Abel Thwaite": 3, "Mr. Abel Thwaite": 1}) == "Mr. Abel Thwaite"


def placed(*mentions: tuple[int, str]) -> Clustering:
    """Cluster name mentions written at the given offsets."""
    forms = []
    for start, name in mentions:
        form = parse_name(name)
        assert form is not None
        forms.append((start, form))
    return cluster_names(forms)


def test_two_johns_in_different_scenes_each_get_their_own_first_name() -> None:
    # John Pellow is "Pellow" to the narrator; the boy John Arden is "John".
    mentions = [
        (0, "John Pellow"),
        (300, "Pellow"),
        (700, "Pellow"),
        (20000, "John Arden"),
        (20400, "John"),
        (21000, "Pellow"),
        (21300, "Pellow"),
        (21600, "Pellow"),
        (24000, "Pellow"),
        (24300, "John"),
        (45000, "John Arden"),
        (60000, "John Pellow"),
        (60500, "John"),
    ]
    result = placed(*mentions)
    pellow, arden = result.assignments[0].cluster, result.assignments[3].cluster
    assert pellow != arden
    johns = [result.assignments[k].cluster for k in (4, 9, 12)]
    assert johns == [arden, arden, pellow]


def test_a_first_name_before_a_namesake_is_introduced_is_not_the_namesake() -> None:
    mentions = [(0, "Charles Ferrby"), (800, "Ferrby"), (40000, "Charles")]
    mentions += [(90000 + 4000 * k, "Charles Wyse") for k in range(6)]
    result = placed(*mentions)
    assert result.assignments[1].cluster == result.assignments[0].cluster


def test_far_from_both_a_first_name_goes_to_the_one_called_by_it() -> None:
    mentions = [(0, "Ada Penrose"), (300, "Ada"), (600, "Ada")]
    # Ada Quill is mentioned more, but as "Quill".
    mentions += [(2000, "Ada Quill")] + [(2500 + 300 * k, "Quill") for k in range(5)]
    mentions += [(40000, "Ada Penrose"), (90000, "Ada")]
    result = placed(*mentions)
    assert result.assignments[-1].cluster == result.assignments[0].cluster


def test_a_bare_surname_names_a_man_before_a_woman_known_by_her_first_name() -> None:
    result = placed((0, "Mr. Penrose"), (5000, "Jane Penrose"), (5100, "Penrose"))
    assert result.assignments[2].cluster == result.assignments[0].cluster


def test_miss_with_the_surname_alone_is_the_eldest_daughter() -> None:
    # The younger sister is "Miss Hester Carrow"; "Miss Carrow" is Maud, the eldest.
    names = ("Maud Carrow", "Hester Carrow", "Miss Hester", "Miss Carrow", "Miss Carrow")
    result = clustered(*names)
    assert groups(result, *names) == [
        {"Maud Carrow", "Miss Carrow"},
        {"Hester Carrow", "Miss Hester"},
    ]


def test_miss_with_the_surname_alone_is_not_a_younger_sister() -> None:
    # Only the younger sister has a full name; the text speaks of several Miss Carrows.
    names = ("Miss Hester Carrow", "the Miss Carrows", "Miss Carrow", "Hester")
    result = clustered(*names)
    assert groups(result, *names) == [
        {"Miss Hester Carrow", "Hester"},
        {"the Miss Carrows"},
        {"Miss Carrow"},
    ]


def test_a_namesake_named_in_full_again_and_again_is_not_the_bare_first_name() -> None:
    # The text keeps writing "Charles Hayle" in full, even right after naming him; the
    # "Charles" it writes alone, far from both, is the other one.
    mentions = [(0, "Charles Moss"), (300, "Charles"), (9000, "Charles Moss")]
    mentions += [(50000 + 600 * k, "Charles Hayle") for k in range(10)]
    mentions += [(120000, "Charles")]
    result = placed(*mentions)
    assert result.assignments[-1].cluster == result.assignments[0].cluster


def test_a_kin_title_joins_the_one_elder_of_that_surname_and_gender() -> None:
    names = (
        "aunt Voss",
        "Odile Voss",
        "Mr. Voss",
        "Miss Voss",
        "Mrs. Voss",
        "sister Harte",
        "Nell Harte",
        "Mrs. Harte",
        "uncle Voss",
    )
    result = clustered(*names)
    assert groups(result, *names) == [
        {"aunt Voss", "Mrs. Voss"},
        {"Odile Voss"},
        {"Mr. Voss", "uncle Voss"},
        {"Miss Voss"},
        {"sister Harte", "Mrs. Harte"},
        {"Nell Harte"},
    ]
    cluster = result.clusters[result.assignments[0].cluster]
    assert fullest(cluster.forms) == "Mrs. Voss"


def test_a_kin_title_beside_two_elders_of_that_gender_is_a_person_of_its_own() -> None:
    names = ("Lady Voss", "Mrs. Voss", "aunt Voss")
    result = clustered(*names)
    assert groups(result, *names) == [{"Lady Voss"}, {"Mrs. Voss"}, {"aunt Voss"}]


def test_a_speech_verb_capitalised_before_a_name_is_not_part_of_it() -> None:
    form = parse_name("Said Tobin")
    assert form is not None
    assert (form.surface, form.words) == ("Tobin", ("Tobin",))
    form = parse_name("Edward Said")
    assert form is not None
    assert form.words == ("Edward", "Said")


def test_fullest_form_keeps_an_article_and_prefers_a_capitalised_title() -> None:
    assert fullest({"the Doctor": 3, "Doctor": 1}) == "the Doctor"
    assert fullest({"aunt Vell": 4, "Mrs. Vell": 1}) == "Mrs. Vell"
