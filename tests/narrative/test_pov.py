"""Point of view per scene: original passages with hand-built cast layers, and the seeds.

The passages get their ``cast`` and ``mentions`` layers from `story` (every occurrence of
a listed name is a mention; "I", "me", "my" in the narration go to the narrator when one
is given), so these tests pin the POV logic whatever the cast stage does. The seed tests
run the real stages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

import pytest

from ficlens.cast.stage import cast_stage
from ficlens.dialogue import speech_stage
from ficlens.document import Document, Layer, SourceInfo, Span, WorkMeta
from ficlens.fandoms import load_packs
from ficlens.ingest import read_path
from ficlens.ingest.builder import TextBuilder
from ficlens.layers import POV, SCENES
from ficlens.narrative import narrative_stages, person_stage
from ficlens.narrative.person import Narration
from ficlens.narrative.pov import (
    FIRST_MODE,
    HELPLESS,
    LIMITED,
    NARRATOR,
    OMNISCIENT,
    SELF_TALK,
    UNKNOWN,
    ScenePov,
    pov_stage,
    scene_povs,
)
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages

SOURCE = SourceInfo("story.txt", "text", "0" * 64, 0)
BASE = Pipeline([*structure_stages(), person_stage])
_NARRATOR_WORDS = re.compile(r"\b(?:I|me|my|myself)\b")


def story(
    characters: Mapping[str, str], *scenes: Sequence[str], narrator: str | None = None
) -> Document:
    """A document of `scenes` (lists of paragraphs) with structure and person layers, and
    ``cast``/``mentions`` built by hand: `characters` maps each name to its gender."""
    b = TextBuilder()
    for i, paragraphs in enumerate(scenes):
        if i:
            b.scene_break()
        for paragraph in paragraphs:
            b.add(paragraph)
    doc = BASE(b.build(WorkMeta(), SOURCE))
    cast: list[Span] = []
    mentions: list[Span] = []
    for name, gender in characters.items():
        found = [m.span() for m in re.finditer(rf"\b{re.escape(name)}\b", doc.text)]
        for s, e in found:
            mentions.append(Span(s, e, "name", MappingProxyType({"character": name})))
        if found:
            attrs = MappingProxyType({"gender": gender})
            cast.append(Span(found[0][0], found[0][1], name, attrs))
    if narrator is not None:
        narration = Narration(doc)
        for m in _NARRATOR_WORDS.finditer(doc.text):
            if not narration.in_quote(m.start()):
                attrs = MappingProxyType({"character": narrator})
                mentions.append(Span(m.start(), m.end(), "pronoun", attrs))
        cast.append(Span(0, 1, narrator, MappingProxyType({"gender": "unknown"})))
    return doc.with_layers(Layer("cast", cast), Layer("mentions", mentions))


def texts(doc: Document, pov: ScenePov) -> list[str]:
    """The evidence of a scene as text."""
    return [doc.text[s:e] for s, e in pov.evidence]


MAREN = [
    "Maren hated the night ferry. She leaned on the rail and wondered, not for the first "
    "time, why she had agreed to the late crossing.",
    "Idris came up from the lounge with two paper cups and handed her one. He nodded at "
    "the dark water. She nodded back and felt her stomach twist.",
    "“Rough tonight,” he said.",
    "“Aren't they all.” Did he remember the party? She hoped not. She could still see "
    "the look on his face when she had laughed.",
]
IDRIS = [
    "Idris had forgotten his gloves again. He realized it halfway across the car deck, and "
    "by the time he reached the stairs his fingers ached with cold.",
    "Maren was at the rail, of course. He knew she always took the last boat on "
    "Thursdays; he had told himself it didn't matter. His heart sank anyway.",
    "She turned. Idris wondered if she was still angry about the party.",
]
# Neither name appears: the pronouns alone carry the point of view.
UNNAMED_SHE = [
    "She counted the lights on the far shore and tried not to think about the morning. "
    "Would the office even notice she was gone? She doubted it.",
    "He was asleep on the bench, his hood pulled low. She realized she envied him.",
]
UNNAMED_HE = [
    "He watched the harbour lights come closer and wondered what he would say to her. "
    "He hoped the wind would make it easy to say nothing.",
    "She was laughing at something on her phone. He felt ridiculous for worrying.",
]
FIRST = [
    "I knew the moment Oskar walked into the bakery that something was wrong. He didn't "
    "take his usual stool. I wondered if he had finally heard about the sale.",
    "“Coffee?” I asked. He shook his head and stared at the display case.",
    "My stomach dropped. I remembered the letter on my desk and wished I had burned it.",
]
OMNISCIENT_TEXT = [
    "The village woke slowly that winter. In the mill house Agnes lay awake and wondered "
    "whether the river would freeze before her brother came home. She feared the ice more "
    "than she feared the debt.",
    "Across the green, Tobias knew nothing of her fears. He was thinking about the debt. He "
    "hoped the old man would be too tired to shout, and he felt sick whenever he pictured "
    "the ledger.",
    "Agnes realized, near dawn, that she had been holding her breath. Tobias wished he "
    "could sleep.",
]
ACTION_ONLY = [
    "“Left,” said Juno. “Now right. Mind the step.”",
    "“I see it,” Bram said, and they went down into the dark.",
]
SECOND = [
    "You wake before the alarm. You wonder if he has left already, and you hope he has.",
    "He texts you at noon. You don't answer.",
]
CAST = {"Maren": "female", "Idris": "male"}


def test_a_scene_follows_the_character_whose_mind_the_narration_enters() -> None:
    doc = story(CAST, MAREN, IDRIS)
    maren, idris = scene_povs(doc)
    assert (maren.focal, maren.mode) == ("Maren", LIMITED)
    assert (idris.focal, idris.mode) == ("Idris", LIMITED)
    assert maren.score >= 0.7 and idris.score >= 0.7
    assert maren.pronouns["she"] == "Maren"
    assert idris.pronouns["he"] == "Idris"
    assert "wondered" in " ".join(texts(doc, maren))
    assert "Idris wondered" in texts(doc, idris)
    assert any("Maren" in r for r in maren.reasons)


def test_scenes_without_names_take_the_works_thinker_of_that_gender() -> None:
    doc = story(CAST, MAREN, IDRIS, UNNAMED_SHE, UNNAMED_HE)
    povs = scene_povs(doc)
    assert [p.focal for p in povs] == ["Maren", "Idris", "Maren", "Idris"]
    assert all(p.mode == LIMITED for p in povs)
    assert povs[2].score < povs[0].score  # the identity is borrowed from another scene
    assert any("elsewhere" in r for r in povs[2].reasons)


def test_a_pronoun_pool_with_no_known_character_leaves_the_focal_unnamed() -> None:
    doc = story({}, UNNAMED_SHE)
    (pov,) = scene_povs(doc)
    assert (pov.focal, pov.mode) == ("", LIMITED)
    assert pov.evidence


def test_first_person_follows_the_narrator() -> None:
    doc = story({"Oskar": "male"}, FIRST, narrator="Wren")
    (pov,) = scene_povs(doc)
    assert (pov.focal, pov.mode) == ("Wren", FIRST_MODE)
    assert pov.score >= 0.7
    assert "I wondered" in texts(doc, pov)


def test_first_person_without_a_resolved_narrator_is_the_narrator_id() -> None:
    doc = story({"Oskar": "male"}, FIRST)
    (pov,) = scene_povs(doc)
    assert (pov.focal, pov.mode) == (NARRATOR, FIRST_MODE)


def test_two_minds_of_equal_weight_make_an_omniscient_scene() -> None:
    doc = story({"Agnes": "female", "Tobias": "male"}, OMNISCIENT_TEXT)
    (pov,) = scene_povs(doc)
    assert (pov.focal, pov.mode) == ("", OMNISCIENT)
    assert 0 < pov.score <= 1
    assert "Agnes" in pov.reasons[0] and "Tobias" in pov.reasons[0]


def test_a_scene_without_inner_life_is_unknown() -> None:
    doc = story({"Juno": "female", "Bram": "male"}, ACTION_ONLY)
    (pov,) = scene_povs(doc)
    assert (pov.focal, pov.mode, pov.score) == ("", UNKNOWN, 0.0)


def test_second_person_is_unknown() -> None:
    (pov,) = scene_povs(story({}, SECOND))
    assert (pov.focal, pov.mode) == ("", UNKNOWN)


def test_thoughts_in_dialogue_do_not_count() -> None:
    quoted = [
        "Nadia set down the tray. She wondered who had left the window open, and she "
        "realized she did not care.",
        "“I wondered the same thing,” Felix said. “I knew you'd ask. I always think about "
        "it, and I hoped you wouldn't notice.”",
    ]
    doc = story({"Nadia": "female", "Felix": "male"}, quoted)
    (pov,) = scene_povs(doc)
    assert pov.focal == "Nadia"
    assert all(c.ref != "Felix" for c in pov.cues)


def cue_words(paragraph: str) -> dict[str, tuple[str, bool, bool]]:
    """The cues of a one-paragraph story: span text -> (kind, strong, hedged)."""
    doc = story({"Lena": "female", "Soren": "male"}, [paragraph])
    (pov,) = scene_povs(doc)
    return {doc.text[c.start : c.end]: (c.kind, c.strong, c.hedged) for c in pov.cues}


def test_hedged_thoughts_are_marked() -> None:
    cues = cue_words(
        "Lena closed the book. If Soren knew, he would say so. Soren probably thought "
        "she was asleep. She knew he wanted to apologize. Soren didn't notice. "
        "He would have realized it by now. Did he remember?"
    )
    assert cues["Soren knew"][2]
    assert cues["Soren probably thought"][2]
    assert cues["he wanted"][2]
    assert cues["Soren didn't notice"][2]
    assert cues["He would have realized"][2]
    assert "he remember" not in cues  # a question's inverted subject
    assert not cues["She knew"][2]


def test_what_is_not_a_thought() -> None:
    cues = cue_words(
        "Soren was supposed to call. Lena had long hair and Soren's angry face did not "
        "frighten her. Soren wished her luck. Soren remembered to lock the door. He "
        "wondered aloud where the keys were. He thought about lunch. Soren thought it a "
        "fine plan. Soren wondered at her nerve."
    )
    assert not any(k.startswith(("Soren was", "Lena had", "Soren's", "Soren wished")) for k in cues)
    assert not cues["Soren remembered"][1]
    assert not cues["He wondered"][1]
    assert not cues["He thought"][1]
    assert not cues["Soren thought"][1]  # an opinion
    assert not cues["Soren wondered"][1]  # surprise, shown


def test_strong_thoughts_and_feelings() -> None:
    cues = cue_words(
        "Lena thinks to herself that it is late. Soren thought it was over. She couldn't "
        "help but wonder about the letter. Soren felt a pang of guilt. His heart sank. "
        "She could tell he was tired, and she realized she was glad."
    )
    assert cues["Lena thinks to herself"][:2] == (SELF_TALK, True)
    assert cues["Soren thought"][1]
    assert cues["She couldn't help but wonder"][:2] == (HELPLESS, True)
    assert cues["Soren felt"][1]
    assert cues["His heart sank"][1]
    assert not cues["She could tell"][2]
    assert not cues["she realized"][2]  # a new clause after ", and"


def test_a_participle_or_a_second_verb_belongs_to_its_subject() -> None:
    doc = story(
        {"Lena": "female", "Soren": "male"},
        [
            "He winced when she answered, feeling foolish. Soren turned away, and Lena, "
            "wondering what she had said, sat down. She smiled, knowing he was right. "
            "Lena was kinder than Soren and realized it."
        ],
    )
    (pov,) = scene_povs(doc)
    refs = {doc.text[c.start : c.end]: c.ref for c in pov.cues}
    assert refs["feeling"] == "he"  # the main clause's subject, not "she answered"
    assert refs["wondering"] == "Lena"
    assert refs["knowing"] == "she"
    assert refs["realized"] == "Lena"  # not "than Soren"


def test_free_indirect_questions_go_to_the_last_thinker() -> None:
    doc = story(
        CAST,
        [
            "Maren read the message twice. She wondered what he meant. Was it an apology? "
            "Was it a goodbye? Why now?"
        ],
    )
    (pov,) = scene_povs(doc)
    questions = [c for c in pov.cues if c.kind == "question"]
    assert len(questions) == 3
    assert {c.ref for c in questions} == {"she"}


def test_the_stage_gives_one_span_per_scene() -> None:
    doc = story(CAST, MAREN, IDRIS, ACTION_ONLY)
    done = pov_stage()(doc)
    layer = done.layer(POV)
    assert [(s.start, s.end) for s in layer] == [(s.start, s.end) for s in doc.layer(SCENES)]
    assert [s.label for s in layer] == ["Maren", "Idris", ""]
    first = layer[0].attrs
    assert set(first) == {"mode", "score", "evidence", "reasons", "pronouns"}
    assert first["mode"] == LIMITED and isinstance(first["evidence"], tuple)
    assert layer[2].attrs["mode"] == UNKNOWN


# --- The seeds (../shared, read at run time, never copied) --------------------------------

JOB = "office-the-job-alt-pov.txt"
ABO = "office-soulmates-abo.txt"
PAM, JIM = "Pam Beesly", "Jim Halpert"
# Worked out by reading each of the alt-pov seed's story scenes. The card Jim writes Pam
# is followed by blank lines, so her scene after his arrival is split in two (10 and 11).
JOB_POVS = [PAM, JIM, PAM, JIM, PAM, JIM, PAM, JIM, PAM, JIM, PAM, PAM, JIM, PAM]


def analysed(shared: Path, name: str) -> Document:
    """A seed through the real stages, POV included."""
    persons = pytest.importorskip("ficlens.cast.persons")
    pipeline = Pipeline(
        [
            *structure_stages(),
            speech_stage(),
            persons.persons_stage,
            cast_stage(load_packs()),
            *narrative_stages(),
            pov_stage(),
        ]
    )
    try:
        return pipeline(read_path(shared / "seeds" / name))
    except FileNotFoundError as exc:  # the persons model is not built yet
        pytest.skip(f"persons stage unavailable: {exc}")


def test_the_alt_pov_seed_alternates_pam_and_jim(shared: Path) -> None:
    doc = analysed(shared, JOB)
    layer = doc.layer(POV)
    assert [s.label for s in layer] == JOB_POVS
    assert all(s.attrs["mode"] == LIMITED for s in layer)
    assert all(s.attrs["score"] >= 0.6 for s in layer)
    assert sum(s.attrs["score"] >= 0.8 for s in layer) >= 12


def test_the_abo_seed_is_jims(shared: Path) -> None:
    doc = analysed(shared, ABO)
    (span,) = doc.layer(POV)
    assert (span.label, span.attrs["mode"]) == (JIM, LIMITED)
    assert span.attrs["score"] >= 0.9
    assert all(doc.text[s:e] for s, e in span.attrs["evidence"])
