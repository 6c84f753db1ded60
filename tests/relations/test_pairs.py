"""The relationships stage on short original passages: each cue type, the negative cases
(an ex, a rival, a kiss the text calls wrong), ranking, tags and the layer's form."""

from __future__ import annotations

from ficlens.document import Document
from ficlens.fandoms import load_packs
from ficlens.layers import RELATIONSHIPS
from ficlens.relations import Relationship, relationships
from ficlens.relations.pairs import pair_tag
from ficlens.tags import suggestions, tags_stage

from .passages import analysed

GENDERS = {
    "Mara": "female",
    "Noor": "female",
    "Lena": "female",
    "Theo": "male",
    "Idris": "male",
    "Ash": "male",
}


def found(marked: str, **kw: object) -> list[Relationship]:
    """The relationships of a passage, main pairing first."""
    doc = analysed(marked, genders=GENDERS, **kw)  # type: ignore[arg-type]
    return relationships(doc)


def summary(marked: str) -> list[tuple[str, str, str | None]]:
    """(tag, type, status) of every relationship, in order."""
    return [(r.tag, r.type, r.status) for r in found(marked)]


def cues(rel: Relationship) -> list[str]:
    return [cue for *_, cue in rel.evidence]


# -- romantic cues ---------------------------------------------------------------------


def test_kiss() -> None:
    rels = found("{Mara} kissed {Theo} in the rain.")
    assert [(r.tag, r.type, r.status) for r in rels] == [("Mara/Theo", "romantic", None)]
    assert cues(rels[0]) == ["kiss"] and 0 < rels[0].score < 1


def test_i_love_you_said_to_someone() -> None:
    rels = found('"I love you," said {Mara}.\n\n"I love you too," {Theo} whispered.')
    assert [r.tag for r in rels] == ["Mara/Theo"]
    assert cues(rels[0]) == ["i love you", "i love you"]


def test_i_love_you_to_friends_is_no_romance() -> None:
    assert summary('"I love you guys," said {Mara}.\n\n"Sure," said {Theo}.') == []


def test_dating() -> None:
    assert summary("{Mara} went on a date with {Theo}.") == [("Mara/Theo", "romantic", "dating")]
    assert summary("{Theo} asked {Mara} out after class.") == [("Mara/Theo", "romantic", "dating")]


def test_girlfriend_apposition() -> None:
    assert summary("{Theo} brought {his|Theo} girlfriend, {Mara}, to the party.") == [
        ("Mara/Theo", "romantic", "dating")
    ]


def test_unnamed_girlfriend_is_inferred_around_the_phrase() -> None:
    # not Mara: she is the point of view; not Theo: it is his girlfriend
    rels = found(
        "{Noor} looked up from {her|Noor} desk. {Mara} was not sure why {she|Mara} had come. "
        "All {she|Mara} wanted was tea, not a talk with {Theo}'s girlfriend. Later {Theo} "
        "kissed {Noor}.",
        pov=["Mara"],
    )
    assert [(r.tag, r.status, cues(r)) for r in rels] == [
        ("Noor/Theo", "dating", ["partner", "kiss"])
    ]


def test_wife_and_husband() -> None:
    assert summary("{Idris} kissed {his|Idris} wife, {Noor}, goodbye.")[0] == (
        "Idris/Noor",
        "romantic",
        "married",
    )


def test_proposal() -> None:
    assert summary("{Theo} proposed to {Mara} on the pier.") == [
        ("Mara/Theo", "romantic", "engaged")
    ]
    assert summary('"Will you marry me?" {Theo} asked {Mara}.')[0][2] == "engaged"


def test_soulmates() -> None:
    assert summary("{Mara} was {his|Theo} soulmate.") == [("Mara/Theo", "romantic", "soulmates")]


def test_soulmate_facts_naming_only_their_holder_join_the_named_pair() -> None:
    rels = found(
        "{Theo} met {his|Theo} soulmate on a Tuesday. {He|Theo} did not want a soulmate. "
        "{Idris} smiled at {him|Theo}, and {Theo} knew {Idris} was {his|Theo} soulmate."
    )
    assert rels[0].tag == "Idris/Theo" and rels[0].status == "soulmates"
    assert cues(rels[0]).count("soulmate") >= 2


def test_a_soulmate_statement_about_oneself_is_read_as_the_other_mans() -> None:
    # coreference gave "his" to Idris; Idris cannot be his own soulmate
    rels = found("{Theo} wondered how {Idris} could possibly be {his|Idris} soulmate.")
    assert [(r.tag, r.status) for r in rels] == [("Idris/Theo", "soulmates")]


def test_pining_and_jealousy() -> None:
    rels = found(
        "{Mara} couldn't stop thinking about {Theo}. {She|Mara} was jealous over {him|Theo} "
        "whenever {Lena} laughed at his jokes."
    )
    assert [(r.tag, cues(r)) for r in rels] == [("Mara/Theo", ["pining", "jealousy"])]


def test_holding_hands_and_in_love() -> None:
    rels = found("{Mara} and {Theo} held hands on the bus. {Mara} was in love with {him|Theo}.")
    assert [(r.tag, cues(r)) for r in rels] == [("Mara/Theo", ["holding hands", "love"])]


# -- other types -----------------------------------------------------------------------


def test_family() -> None:
    rels = found("{Mara} hugged {her|Mara} brother, {Theo}. {She|Mara} loved {him|Theo}.")
    assert [(r.tag, r.type) for r in rels] == [("Mara & Theo", "family")]
    assert cues(rels[0]) == ["family", "love"]  # love fits family too


def test_professional() -> None:
    assert summary("{Mara} glanced at {her|Mara} boss, {Theo}.") == [
        ("Mara & Theo", "professional", None)
    ]


def test_antagonistic() -> None:
    assert summary("{Mara} glared at {her|Mara} rival, {Theo}. {She|Mara} hated {him|Theo}.") == [
        ("Mara & Theo", "antagonistic", None)
    ]


def test_platonic() -> None:
    assert summary("{Theo} was {Idris}'s best friend. {Theo} and {Idris} hit it off.") == [
        ("Idris & Theo", "platonic", None)
    ]


# -- negative cases --------------------------------------------------------------------


def test_an_ex_is_not_the_ship() -> None:
    rels = found(
        "{Mara} had broken up with {Theo} a year ago. {Theo} was {her|Mara} ex, and that was "
        "that.\n\nNow {she|Mara} was in love with {Idris}. {She|Mara} kissed {Idris} under the "
        "lamp, and {he|Idris} kissed {her|Mara} back."
    )
    assert [(r.tag, r.status) for r in rels] == [("Idris/Mara", None), ("Mara/Theo", "ex")]
    assert rels[0].score > rels[1].score


def test_used_to_date_is_an_ex() -> None:
    assert summary("{Theo} used to date {Noor}.") == [("Noor/Theo", "romantic", "ex")]


def test_a_rival_is_not_the_ship() -> None:
    rels = found(
        "{Lena} and {Ash} were rivals. {Lena} glared at {Ash} across the pitch. "
        "{She|Lena} hated {him|Ash}.\n\n{Lena} held {Noor}'s hand on the walk home, and at "
        "the door {she|Lena} kissed {Noor}."
    )
    assert [(r.tag, r.type) for r in rels] == [
        ("Lena/Noor", "romantic"),
        ("Ash & Lena", "antagonistic"),
    ]


def test_a_kiss_the_text_calls_wrong_is_not_the_ship() -> None:
    rels = found(
        "{Theo} kissed {Mara}. It was soft and brief, but it wasn't right. {He|Theo} felt "
        "nothing.\n\n{Theo} kissed {Idris} later that night, and {Idris} kissed {him|Theo} "
        "back. {Theo} was in love with {Idris}."
    )
    assert [(r.tag, r.status) for r in rels] == [("Idris/Theo", None), ("Mara/Theo", "unrequited")]
    assert rels[1].score < 0.2 < rels[0].score


def test_a_kiss_that_is_not_his_soulmate() -> None:
    rels = found(
        "{Theo} kissed {Mara} in the hall. {She|Mara} was not his soulmate.\n\n"
        "{Idris} was {his|Theo} soulmate. {Theo} took {Idris}'s hand."
    )
    assert [(r.tag, r.status) for r in rels] == [
        ("Idris/Theo", "soulmates"),
        ("Mara/Theo", "unrequited"),
    ][: len(rels)]
    assert rels[0].tag == "Idris/Theo"


def test_a_later_kiss_redeems_a_wrong_one() -> None:
    rels = found(
        "{Theo} kissed {Mara}. It felt wrong.\n\nYears later {Mara} kissed {Theo} again, "
        "and this time {she|Mara} kissed {him|Theo} like {she|Mara} meant it."
    )
    assert [(r.tag, r.status) for r in rels] == [("Mara/Theo", None)]


def test_negated_and_hypothetical_kisses_count_little() -> None:
    assert summary("{Theo} didn't kiss {Mara}.") == []
    assert summary("{Theo} wanted to kiss {Mara}.") == []  # half a kiss is not enough


# -- ranking, tags and the layer -------------------------------------------------------


def test_main_pairing_by_spread_and_point_of_view() -> None:
    # the same romantic evidence, but one pair's spans two of its point-of-view scenes
    text = (
        "{Idris} kissed {Noor}. {Idris} held {Noor}'s hand.\n\n***\n\n"
        "{Mara} kissed {Theo} at the station.\n\n***\n\n"
        "{Mara} held {Theo}'s hand all the way home."
    )
    rels = found(text, pov=["Idris", "Mara", "Mara"])
    assert [r.tag for r in rels] == ["Mara/Theo", "Idris/Noor"]
    assert rels[0].score > rels[1].score


def test_tags_follow_the_pack_ship_list() -> None:
    packs = load_packs()
    cast = {
        "Dwight Schrute": {"name": "Dwight Schrute", "canon": "Dwight Schrute"},
        "Jim Halpert": {"name": "Jim Halpert", "canon": "Jim Halpert"},
        "Oc": {"name": "Rowan Ashby", "canon": None},
    }
    # the pack's spelling, which AO3 keeps out of alphabetical order
    assert pair_tag(cast, packs, "Dwight Schrute", "Jim Halpert", True) == (
        "Dwight Schrute/Jim Halpert"
    )
    assert pair_tag(cast, packs, "Jim Halpert", "Dwight Schrute", False) == (
        "Dwight Schrute & Jim Halpert"
    )
    # an original character: the cast's name, family-name order
    assert pair_tag(cast, packs, "Oc", "Jim Halpert", True) == "Rowan Ashby/Jim Halpert"


def test_tags_use_canonical_names() -> None:
    doc = analysed(
        "{Jim} kissed {Pam}.",
        genders={"Jim": "male", "Pam": "female"},
        canon={"Jim": "Jim Halpert", "Pam": "Pam Beesly"},
    )
    assert [r.tag for r in relationships(doc)] == ["Pam Beesly/Jim Halpert"]


def layer_of(doc: Document) -> list[dict[str, object]]:
    return [dict(s.attrs) | {"label": s.label} for s in doc.layer(RELATIONSHIPS)]


def test_layer_spans_and_contract_form() -> None:
    doc = analysed("{Mara} kissed {Theo}. {Theo} held {Mara}'s hand.", genders=GENDERS)
    spans = layer_of(doc)
    assert [(s["label"], s["cue"]) for s in spans] == [
        ("Mara|Theo", "kiss"),
        ("Mara|Theo", "holding hands"),
    ]
    first = spans[0]
    assert (first["a"], first["b"], first["type"], first["tag"], first["rank"]) == (
        "Mara",
        "Theo",
        "romantic",
        "Mara/Theo",
        1,
    )
    assert first["score"] == spans[1]["score"]
    out = relationships(doc)[0].to_dict()
    assert set(out) == {"a", "b", "type", "status", "tag", "score", "evidence"}
    assert out["evidence"] == [{"start": 0, "end": 16}, {"start": 18, "end": 39}]


def test_no_cast_no_relationships() -> None:
    assert summary("It rained all day.") == []


def test_unrequited() -> None:
    assert summary("{Theo} had no chance with {Mara}. {He|Theo} was pining for {her|Mara}.") == [
        ("Mara/Theo", "romantic", "unrequited")
    ]


def test_the_tags_stage_reads_categories_from_the_layer() -> None:
    doc = analysed("{Idris} kissed {Theo}. {Theo} held {Idris}'s hand.", genders=GENDERS)
    categories = [s.tag for s in suggestions(tags_stage()(doc)) if s.type == "category"]
    assert categories == ["M/M"]
