"""Variant spellings: a rare slip of the pen joins the frequent name it stands for, while
similar names that are both in use, short names and different endings stay apart."""

from __future__ import annotations

from ficlens.cast.cluster import Clustering
from tests.cast.test_cluster import clustered
from tests.cast.test_coref import analyse


def together(result: Clustering, names: tuple[str, ...], a: str, b: str) -> bool:
    """Whether the first mentions written `a` and `b` are in one cluster."""
    cluster: dict[str, int] = {}
    for name, x in zip(names, result.assignments, strict=True):
        cluster.setdefault(name, x.cluster)
    return cluster[a] == cluster[b]


def test_a_one_off_misspelled_surname_joins_the_frequent_one() -> None:
    names = ("Mr. Polwhistle",) * 6 + ("Mr. Polwhistel",) + ("Mr. Polwhistle",) * 6
    result = clustered(*names)
    assert together(result, names, "Mr. Polwhistle", "Mr. Polwhistel")
    cluster = result.clusters[result.assignments[6].cluster]
    assert cluster.forms == {"Mr. Polwhistle": 12, "Mr. Polwhistel": 1}
    assert "read as 'Polwhistle'" in result.assignments[6].reason


def test_swapped_letters_in_a_first_name_join_the_full_name() -> None:
    names = ("Evander Pike",) + ("Evander",) * 20 + ("Evnader", "Evnader")
    result = clustered(*names)
    assert together(result, names, "Evander Pike", "Evnader")


def test_a_plural_like_spelling_after_a_title_of_one_person_joins() -> None:
    names = ("Mrs. Ashcombe",) * 20 + ("Mrs. Ashcombes", "Ashcombes")
    result = clustered(*names)
    assert together(result, names, "Mrs. Ashcombe", "Mrs. Ashcombes")
    # "Ashcombes" alone is the family, not her.
    assert not together(result, names, "Mrs. Ashcombe", "Ashcombes")


def test_two_similar_names_both_in_use_stay_apart() -> None:
    names = ("Corwen",) * 12 + ("Corwin",) * 5
    assert not together(clustered(*names), names, "Corwen", "Corwin")


def test_two_common_given_names_stay_apart_unless_one_is_written_once() -> None:
    twice = ("Marion",) * 20 + ("Marian",) * 2
    assert not together(clustered(*twice), twice, "Marion", "Marian")
    once = ("Marion",) * 20 + ("Marian",)
    assert together(clustered(*once), once, "Marion", "Marian")


def test_short_names_and_changed_endings_stay_apart() -> None:
    for frequent, rare in (("Jane", "Jade"), ("Clara", "Clare"), ("Julian", "Juliana")):
        names = (frequent,) * 15 + (rare,)
        assert not together(clustered(*names), names, frequent, rare), rare


def test_a_misspelled_full_name_joins_only_a_full_name_the_text_writes() -> None:
    alone = ("Mr. Corbett",) * 10 + ("Alan Corbtet",)
    assert not together(clustered(*alone), alone, "Mr. Corbett", "Alan Corbtet")
    written = ("Alan Corbett",) + ("Mr. Corbett",) * 10 + ("Alan Corbtet",)
    assert together(clustered(*written), written, "Alan Corbett", "Alan Corbtet")


def test_the_cast_lists_the_variant_among_the_aliases() -> None:
    text = (
        "Mr. Polwhistle kept the lighthouse on Gull Rock. Mr. Polwhistle rose before dawn. "
        "The ferry brought Mr. Polwhistle his letters. Mr. Polwhistle read them by the lamp. "
        "Nobody visited Mr. Polwhistle in winter. Mr. Polwhistle did not mind. "
        "One March a gale shook the tower, and Mr. Polwhistle climbed to the lantern. "
        "Mr. Polwhistel trimmed the wick twice. Mr. Polwhistle watched the sea until noon. "
        "By then Mr. Polwhistle was hungry. Mr. Polwhistle boiled an egg."
    )
    doc = analyse(text, ["Mr. Polwhistle", "Mr. Polwhistel"])
    cast = list(doc.layer("cast"))
    assert [c.attrs["name"] for c in cast] == ["Mr. Polwhistle"]
    assert "Mr. Polwhistel" in cast[0].attrs["aliases"]
