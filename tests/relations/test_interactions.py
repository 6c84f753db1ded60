"""The interactions stage, the cue file and the character network, on original passages."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

from ficlens.document import Document, Layer, Span
from ficlens.layers import INTERACTIONS, QUOTES, SPEAKERS
from ficlens.relations import character_network, interactions_stage, load_cues
from ficlens.relations.interactions import CUES_PATH, CueError, Reading, fold

from .passages import analysed, passage

GENDERS = {"Mara": "female", "Theo": "male", "Idris": "male", "Noor": "female"}


def interactions(doc: Document, kind: str) -> list[tuple[str, str, str | None, float]]:
    """(label, text, cue, weight) of the interactions of one kind."""
    return [
        (s.label, doc.span_text(s), s.attrs.get("cue"), s.attrs["weight"])
        for s in doc.layer(INTERACTIONS)
        if s.attrs["kind"] == kind
    ]


def acts(marked: str) -> list[tuple[str, str, str]]:
    """(source, target, cue) of every act in a passage."""
    doc = analysed(marked, genders=GENDERS)
    return [
        (s.attrs["source"], s.attrs["target"], s.attrs["cue"])
        for s in doc.layer(INTERACTIONS)
        if s.attrs["kind"] == "acts_on"
    ]


def test_subject_verb_person_object() -> None:
    assert acts("{Mara} kissed {Theo} in the rain.") == [("Mara", "Theo", "kiss")]
    assert acts("{She|Mara} hugged {him|Theo} hard.") == [("Mara", "Theo", "hug")]
    assert acts("{Theo} quietly hugged {her|Mara} back.") == [("Theo", "Mara", "hug")]


def test_body_part_objects() -> None:
    assert acts("{Mara} kissed {his|Theo} forehead.") == [("Mara", "Theo", "kiss")]
    assert acts("{Theo} kissed the top of {her|Mara} head.") == [("Theo", "Mara", "kiss")]
    assert acts("{Theo} took {Mara}'s hand.") == [("Theo", "Mara", "holding hands")]
    assert acts("{Mara} squeezed {his|Theo} cold hand.") == [("Mara", "Theo", "holding hands")]


def test_a_possessive_before_another_noun_is_no_object() -> None:
    assert acts("{Theo} kissed {her|Mara} mother goodbye.") == []
    assert acts("{Mara} held {his|Theo} coffee.") == []  # not a hand: no holding hands


def test_passive() -> None:
    assert acts("{Mara} was kissed by {Theo}.") == [("Theo", "Mara", "kiss")]


def test_negated_and_hedged_acts() -> None:
    assert acts("{Theo} didn't kiss {Mara}.") == []
    assert acts("{Theo} never kissed {Mara}.") == []
    doc = analysed("{Theo} wanted to kiss {Mara}.", genders=GENDERS)
    assert [w for *_, w in interactions(doc, "acts_on")] == [0.5]


def test_an_object_pronoun_is_not_the_subject() -> None:
    # coreference gave "him" to Theo himself; the act goes to the other man present
    assert acts("{Idris} smiled, and {Theo} kissed {him|Theo}.") == [("Theo", "Idris", "kiss")]
    # "his" can be the subject's own: rubbing one's own eyes is no interaction
    assert acts("{Theo} rubbed {his|Theo} eyes and stroked {his|Theo} hair.") == []


def test_acts_inside_quotes_are_not_narration() -> None:
    assert acts('"{Theo} kissed {Mara}," said {Idris}.') == []


def test_copresence_counts_narration_mentions() -> None:
    doc = analysed(
        "{Mara} and {Theo} sat by the fire. {She|Mara} read while {he|Theo} slept. "
        "{Idris} was away. Somewhere, {Noor} was saying {Idris}'s name.",
        genders=GENDERS,
    )
    found = {label: w for label, _, _, w in interactions(doc, "copresent")}
    assert found == {"Mara|Theo": 0.4, "Idris|Mara": 0.4, "Idris|Theo": 0.4}


def test_speaks_to_from_tags_and_turns() -> None:
    doc = analysed(
        '"Are you coming?" asked {Mara}.\n\n"In a minute," said {Theo}.\n\n"Now, please."\n\n'
        '"Fine, {Mara}."',
        genders=GENDERS,
    )
    found = [(label, text[:12]) for label, text, _, _ in interactions(doc, "speaks_to")]
    assert found == [
        ("Mara|Theo", '"Are you com'),
        ("Mara|Theo", '"In a minute'),
        ("Mara|Theo", '"Now, please'),
        ("Mara|Theo", '"Fine, Mara.'),
    ]
    sources = [s.attrs["source"] for s in doc.layer(INTERACTIONS) if "source" in s.attrs]
    assert sources == ["Mara", "Theo", "Mara", "Theo"]


def test_the_speakers_layer_is_used_when_present() -> None:
    doc = passage('{Noor} and {Idris} met. "Hello." "Hi."', genders=GENDERS)
    quotes = list(doc.layer(QUOTES))
    speakers = Layer(
        SPEAKERS,
        [
            Span(q.start, q.end, who, MappingProxyType({"addressees": (to,), "confidence": 0.9}))
            for q, (who, to) in zip(quotes, [("Noor", "Idris"), ("Idris", "Noor")], strict=True)
        ],
    )
    doc = interactions_stage()(doc.with_layers(speakers))
    found = [(label, text, w) for label, text, _, w in interactions(doc, "speaks_to")]
    assert found == [("Idris|Noor", '"Hello."', 0.9), ("Idris|Noor", '"Hi."', 0.9)]


def test_network() -> None:
    doc = analysed(
        '{Mara} kissed {Theo}. {Theo} smiled at {her|Mara}. "Stay," said {Mara} to {Theo}. '
        "{Idris} watched {Theo} go.",
        genders=GENDERS,
    )
    net = character_network(doc)
    assert [n["id"] for n in net["nodes"]] == ["Theo", "Mara", "Idris"]
    top = net["edges"][0]
    assert (top["a"], top["b"]) == ("Mara", "Theo")
    assert top["counts"]["acts_on"] == 2
    assert top["weight"] == sum(top["weights"].values())
    theo = next(n for n in net["nodes"] if n["id"] == "Theo")
    assert theo["degree"] == 2 and theo["mentions"] == 4


def test_network_without_interactions() -> None:
    doc = passage("{Mara} waited.")
    assert character_network(doc) == {
        "nodes": [{"id": "Mara", "name": "Mara", "mentions": 1, "degree": 0, "strength": 0.0}],
        "edges": [],
    }


def test_reading_words_and_fold() -> None:
    assert fold("Jim’s HAND") == "jim's hand"
    doc = passage("{Pam}’s hand, {Jim}'s desk — didn't.")
    reading = Reading(doc, load_cues())
    assert reading.words[:4] == ["pam", "'s", "hand", ","]
    assert "didn't" in reading.words


def test_builtin_cues_load() -> None:
    cues = load_cues()
    assert "kissed" in cues.forms and cues.quotes and cues.world and cues.wrong is not None
    assert {c.cue.type for forms in cues.forms.values() for c in forms} == {
        "romantic",
        "platonic",
        "professional",
        "antagonistic",
        "neutral",
    }


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('type = "romantic"', 'type = "amorous"', 1), "is not one of"),
        (('[[cue]]\nname = "kiss"', '[[cue]]\nbogus = 1\nname = "kiss"', 1), "unknown field"),
        (('status = "dating"', 'status = "courting"', 1), "is not one of"),
        (('"\\\\bfelt nothing\\\\b"', '"(unclosed"', 1), "not a valid regular expression"),
        (('forms = ["jealous over"', 'forms = ["{obj} is"', 1), "needs words first"),
        (('female = ["girlfriend"]', 'female = ["aunt"]', 1), "names no value"),
    ],
)
def test_bad_cue_files(tmp_path: Path, change: tuple[str, str, int], problem: str) -> None:
    old, new, count = change
    text = CUES_PATH.read_text(encoding="utf-8")
    assert old in text, old
    bad = tmp_path / "cues.toml"
    bad.write_text(text.replace(old, new, count), encoding="utf-8")
    with pytest.raises(CueError, match=problem):
        load_cues(bad)


def test_custom_cue_file(tmp_path: Path) -> None:
    text = CUES_PATH.read_text(encoding="utf-8")
    custom = tmp_path / "cues.toml"
    custom.write_text(text + '\n[[cue]]\nname = "boop"\ntype = "platonic"\nact = true\n'
                      'forms = ["booped"]\n', encoding="utf-8")  # fmt: skip
    doc = passage("{Mara} booped {Theo}.")
    doc = interactions_stage(load_cues(custom))(doc)
    assert [s.attrs["cue"] for s in doc.layer(INTERACTIONS)] == ["boop"]


def test_a_reading_is_shared_by_stages_reading_the_same_layers() -> None:
    cues = load_cues()
    doc = passage("{Mara} kissed {Theo}.")
    first = Reading.of(doc, cues)
    assert Reading.of(interactions_stage(cues)(doc), cues) is first  # one more layer
    other = passage("{Mara} kissed {Theo}.")  # equal, not the same layers
    assert Reading.of(other, cues) is not first
