"""Narration tense: finite verbs after their subjects, outside dialogue, per paragraph and scene."""

from __future__ import annotations

from collections.abc import Sequence

from ficlens.document import Document, SourceInfo, WorkMeta
from ficlens.ingest.builder import TextBuilder
from ficlens.narrative.tense import (
    MIXED,
    NONE,
    PAST,
    PRESENT,
    TENSE,
    inflect,
    label_of,
    paragraph_tenses,
    scene_tenses,
    tense_stage,
)
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages

SOURCE = SourceInfo("story.html", "html", "0" * 64, 0)
PIPELINE = Pipeline([*structure_stages(), tense_stage])


def story(*scenes: Sequence[str]) -> Document:
    """A document of scenes (lists of paragraphs) with the tense layer."""
    b = TextBuilder()
    for i, paragraphs in enumerate(scenes):
        if i:
            b.scene_break()
        for paragraph in paragraphs:
            b.add(paragraph)
    return PIPELINE(b.build(WorkMeta(), SOURCE))


def verbs(doc: Document) -> list[list[tuple[str, str]]]:
    """(verb, tense) of the counted verbs of each paragraph."""
    return [
        [(doc.text[v.start : v.end], v.tense) for v in p.verbs if not v.commentary]
        for p in paragraph_tenses(doc)
    ]


def labels(doc: Document) -> list[tuple[str, int, int]]:
    return [(s.label, s.attrs["past"], s.attrs["present"]) for s in doc.layer(TENSE)]


def test_past_and_present_narration_are_told_apart() -> None:
    doc = story(
        ["Mara closed the door and leaned against it. She was tired, and the kettle hissed."],
        ["Mara closes the door and leans against it. She is tired; the kettle hisses."],
    )
    assert labels(doc) == [(PAST, 3, 0), (PRESENT, 0, 3)]
    assert verbs(doc)[0] == [("closed", PAST), ("leaned", PAST), ("was", PAST)]


def test_tense_inside_dialogue_is_ignored() -> None:
    doc = story(["“I am so tired. We are never going to finish,” Mara said. Theo laughed."])
    assert verbs(doc) == [[("said", PAST), ("laughed", PAST)]]


def test_bare_forms_after_he_or_she_are_past_but_ambiguous_after_they() -> None:
    doc = story(["She read the note twice. He put it down. They read it too. I let it go."])
    assert verbs(doc) == [[("read", PAST), ("put", PAST)]]


def test_names_adverbs_contractions_and_past_perfect() -> None:
    doc = story(["Theo quietly smiles. She’s late again, and Theo had already gone home."])
    [paragraph] = paragraph_tenses(doc)
    found = [(doc.text[v.start : v.end], v.tense, v.perfect) for v in paragraph.verbs]
    assert found == [("smiles", PRESENT, False), ("She’s", PRESENT, False), ("had", PAST, True)]


def test_coordinated_verbs_count_once_each() -> None:
    doc = story(["He nods and turns away, then walks to the window."])
    assert verbs(doc) == [[("nods", PRESENT), ("turns", PRESENT), ("walks", PRESENT)]]


def test_questions_and_common_words_are_not_subjects() -> None:
    doc = story(["Was she late? Did they call? Tears sting her eyes. Five minutes passed."])
    assert verbs(doc) == [[]]


def test_commentary_in_the_present_is_not_counted() -> None:
    doc = story(["It figures that she was late again. It seems nobody minded."])
    [paragraph] = paragraph_tenses(doc)
    assert [(doc.text[v.start : v.end], v.commentary) for v in paragraph.verbs] == [
        ("figures", True),
        ("was", False),
        ("seems", True),
        ("minded", False),
    ]
    assert labels(doc) == [(PAST, 2, 0)]


def test_a_letter_in_the_first_person_is_not_third_person_narration() -> None:
    doc = story(
        [
            "He opened the letter. His sister wrote in green ink, as she always did.",
            "I hope you are well. I miss the sea and the gulls.",
            "He folded it away and went back to work. He was glad she had written.",
        ]
    )
    assert [label for label, _, _ in labels(doc)] == [PAST, NONE, PAST]


def test_a_narrators_own_present_is_an_aside_in_first_person() -> None:
    doc = story(["I remember that winter well. I walked to school in the dark. I was nine."])
    assert verbs(doc) == [[("walked", PAST), ("was", PAST)]]


def test_flashback_in_present_narration() -> None:
    doc = story(
        [
            "Nell sits on the pier and watches the boats. She is waiting for the ferry.",
            "She remembers the summer they met. He wore a ridiculous hat. They danced "
            "until the band packed up.",
            "He was always late, even then. He brought her chips every evening.",
            "Now the ferry horn sounds. She stands and brushes off her coat.",
        ]
    )
    flags = [bool(s.attrs["flashback"]) for s in doc.layer(TENSE)]
    assert flags == [False, True, True, False]
    [scene] = scene_tenses(doc)
    assert (scene.label, scene.dominant, scene.past, scene.present) == (PRESENT, PRESENT, 0, 5)


def test_scene_labels_and_confidence() -> None:
    doc = story(
        ["She ran. He followed. They stopped at the gate and waited."],
        ["She runs. He follows. She stops at the gate. He waited. She waits. He stayed."],
        ["Rain."],
    )
    summary = [(s.label, s.dominant) for s in scene_tenses(doc)]
    assert summary == [(PAST, PAST), (MIXED, PRESENT), (NONE, None)]
    assert scene_tenses(doc)[0].confidence == 1.0


def test_layer_marks_the_first_verb_of_each_tense() -> None:
    doc = story(["Mara waited. Then she smiles and shrugs."])
    [span] = doc.layer(TENSE)
    attrs = span.attrs
    assert span.label == MIXED
    assert doc.text[slice(*attrs["first_past"])] == "waited"
    assert doc.text[slice(*attrs["first_present"])] == "smiles"
    assert [(v.main, v.personal) for v in attrs["verbs"]] == [
        (True, True),
        (True, True),
        (False, True),
    ]


def test_label_of_thresholds() -> None:
    assert label_of(0, 0) == NONE
    assert label_of(9, 1) == PAST
    assert label_of(4, 1) == MIXED
    assert label_of(0, 2) == PRESENT


def test_inflect_gives_the_other_tense() -> None:
    assert inflect("says", "VBD") == "said"
    assert inflect("takes", "VBD") == "took"
    assert inflect("hugged", "VBZ") == "hugs"
    assert inflect("notaword", "VBD") is None
