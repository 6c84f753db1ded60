"""Beta-reader checks on short original passages: what each rule flags, and what it must not."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from ficlens.document import Document, SourceInfo, WorkMeta
from ficlens.ingest.builder import TextBuilder
from ficlens.narrative.tense import tense_stage
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages
from ficlens.writing.checks import (
    WRITING,
    active_rules,
    check,
    rules,
    selects,
    unknown_selectors,
    writing_stage,
)

SOURCE = SourceInfo("story.html", "html", "0" * 64, 0)
STRUCTURE = Pipeline(structure_stages())


def story(*scene_paragraphs: Sequence[str]) -> Document:
    b = TextBuilder()
    for i, paragraphs in enumerate(scene_paragraphs):
        if i:
            b.scene_break()
        for paragraph in paragraphs:
            b.add(paragraph)
    return STRUCTURE(b.build(WorkMeta(), SOURCE))


def found(
    *paragraphs: str, rule: str | None = None, enable: Sequence[str] = ()
) -> list[tuple[str, str, str | None]]:
    """(rule, flagged text, suggestion) for a one-scene story of `paragraphs`."""
    doc = story(paragraphs)
    return [
        (f.rule, doc.text[f.start : f.end], f.suggestion)
        for f in check(doc, enable=enable)
        if rule is None or f.rule == rule
    ]


# --- tense shifts -----------------------------------------------------------------------------

PAST_SCENE = [
    "Ines locked the shop at six and walked to the bus stop. It was already dark.",
    "She waited under the shelter. The bus was late, as it always was on Fridays.",
]


def test_present_tense_paragraph_in_a_past_scene_is_flagged_at_its_first_verb() -> None:
    result = found(*PAST_SCENE, "She checks her phone and sighs. Nobody has written.")
    assert result == [("tense-shift", "checks", "checked")]


def test_present_tense_inside_dialogue_is_not_a_shift() -> None:
    assert found(*PAST_SCENE, "“I hate this bus,” she muttered. “It is always late.”") == []


def test_a_single_subordinate_present_verb_is_not_enough() -> None:
    assert found(*PAST_SCENE, "She knew how the driver is about lateness. She sat down.") == []


def test_commentary_is_not_a_shift() -> None:
    assert found(*PAST_SCENE, "It figures that the bus came the moment she gave up.") == []


def test_flashback_in_present_narration_is_not_a_shift() -> None:
    present_scene = [
        "Ines locks the shop at six and walks to the bus stop. She is tired.",
        "She remembers the first week. She cried on this bench, and a stranger gave her "
        "a tissue and said nothing.",
        "Now the bus pulls in. She gets on and finds a seat at the back.",
    ]
    assert found(*present_scene) == []


def test_past_paragraph_in_a_present_scene_is_flagged() -> None:
    present_scene = [
        "Ines locks the shop at six and walks to the bus stop. She is tired.",
        "She waits under the shelter and watches the road.",
        "She checked her phone. She sighed and put it away.",
    ]
    assert found(*present_scene) == [("tense-shift", "checked", "checks")]


def test_shifts_in_first_and_second_person_narration() -> None:
    first = [
        "I walked into the kitchen and found Mom at the table. She handed me a mug.",
        "I sat down and I drank the coffee. She watched me over her glasses.",
        "I set the mug down. She smiles at me and I smile back.",
    ]
    assert found(*first) == [("tense-shift", "smiles", "smiled")]
    second = [
        "You wake before the alarm and you lie still. You hear the rain on the roof.",
        "He texts you at noon. You ignore it and he texts again.",
        "You answered the third time. He laughed and you hung up.",
    ]
    assert found(*second) == [("tense-shift", "answered", "answer")]


def test_a_first_person_present_story_remembering_its_past() -> None:
    story_ = [
        "I walk into the kitchen and find Mom at the table. She hands me a mug.",
        "I remember the day she taught me to bake. I was six and I burned everything.",
        "Now I pour the coffee and I sit down. She smiles at me.",
    ]
    assert found(*story_) == []


# --- dialogue tags and beats ------------------------------------------------------------------


def test_capitalised_tag_after_a_full_stop() -> None:
    assert found("“Thanks, Nell.” He says it quietly.", rule="tag-case") == [
        ("tag-case", ".” He", ",” he")
    ]


def test_capitalised_tag_after_a_question_mark() -> None:
    assert found("“Are you coming?” She asked softly.", rule="tag-case") == [
        ("tag-case", "?” She", "?” she")
    ]


def test_action_beats_are_not_tags() -> None:
    assert found("“Thanks.” He smiles.", "“Fine.” She said nothing for a while.") == []
    assert found("“Really?” She shrugged. “If you say so.”") == []


def test_full_stop_before_a_tag() -> None:
    assert found("“I'm fine.” she said.", "“Fine.” Mara said.", rule="tag-punctuation") == [
        ("tag-punctuation", ".”", ",”"),
        ("tag-punctuation", ".”", ",”"),
    ]


def test_missing_comma_before_a_tag() -> None:
    assert found("“Okay” he whispered.", rule="tag-punctuation") == [
        ("tag-punctuation", "y”", "y,”")
    ]


def test_correct_tags_and_quoted_words_are_left_alone() -> None:
    assert found("“Fine,” she said.", "She said “fine” and left, and he said nothing.") == []
    assert found("“I was only...” she said.", "“So…” he smiled.") == []


def test_beat_punctuated_as_a_tag_after_the_dialogue() -> None:
    assert found("“Hi,” she smiled.", rule="beat-punctuation") == [
        ("beat-punctuation", ",” she", ".” She")
    ]


def test_an_interrupting_beat_is_reported_once() -> None:
    assert found("“No,” he smiled, “not yet.”", rule="beat-punctuation") == [
        ("beat-punctuation", ",” he", ".” He")
    ]


def test_beat_punctuated_as_a_tag_before_the_dialogue() -> None:
    assert found("He nodded, “I know.”", rule="beat-punctuation") == [
        ("beat-punctuation", ",", ".")
    ]


def test_speech_like_sounds_are_not_judged() -> None:
    assert found("“Hi,” she said, smiling.", "He laughed, “Sure.”", "“No,” he sighed.") == []


def test_lower_case_beat_after_a_full_stop() -> None:
    assert found("“Thanks.” he smiled.", rule="beat-case") == [("beat-case", "he", "He")]


# --- confused words, grammar -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She tore open the envelop.", ("confusable.envelope", "envelop", "envelope")),
        (
            "Theo, who’s older brother was a pilot, said nothing.",
            ("confusable.whose-clause", "who’s", "whose"),
        ),
        ("I don't know who's turn it is.", ("confusable.whose", "who's", "whose")),
        ("She was laying on the sofa.", ("confusable.lying", "laying", "lying")),
        ("He turned off the light and laying down.", ("confusable.lying-down", "laying", "lying")),
        ("Don't loose track of time.", ("confusable.lose", "loose", "lose")),
        ("The dog broke lose and ran.", ("confusable.loose", "lose", "loose")),
        ("“Your welcome,” she said.", ("confusable.youre", "Your", "You're")),
        ("“Your not listening,” she said.", ("confusable.youre-not", "Your", "You're")),
        ("Its a long way home.", ("confusable.its", "Its", "It's")),
        ("The cat licked it's own paw.", ("confusable.its-possessive", "it's", "its")),
        ("He was taller then anyone else.", ("confusable.than-comparative", "then", "than")),
        ("She waved, and than she left.", ("confusable.then", "than", "then")),
        ("It had a strange affect on him.", ("confusable.effect", "affect", "effect")),
        (
            "She walked there everyday after school.",
            ("confusable.every-day", "everyday", "every day"),
        ),
        ("I should of known.", ("confusable.should-have", "of", "have")),
        ("He gave her a sure-tell look.", ("confusable.telltale", "sure-tell", "telltale")),
        ("He walked passed the window.", ("confusable.past", "passed", "past")),
        ("It took a year to summons the nerve.", ("confusable.summon", "summons", "summon")),
        ("Everytime he called, she froze.", ("spelling.every-time", "Everytime", "Every time")),
        ("Maybe her and Theo are friends now.", ("grammar.she-and", "her", "she")),
        ("She wondered if him had known.", ("grammar.subject-pronoun", "him", "he")),
        ("He steps back and wait.", ("grammar.agreement", "wait", "waits")),
        ("She sits there and wonder about it.", ("grammar.agreement", "wonder", "wonders")),
    ],
)
def test_confused_words_in_context(text: str, expected: tuple[str, str, str]) -> None:
    assert found(text, rule=expected[0]) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Fog began to envelop the harbour.",
        "She asked who's coming to dinner.",
        "He laid down the law, then lay down himself.",
        "The rope came loose and the knot was loose.",
        "Turn to your right. Your welcome was warm.",
        "The house and its owner were old; its roof leaked.",
        "He was taller then, and thinner.",
        "She wore her everyday coat.",
        "Of course you should, of course.",
        "Her and Theo's flat was small.",
        "She decides to stay and wait.",
        "Every word she says and weighs matters.",
        "She lost her grip and her hold on the rope went loose.",
        "I appreciate your not asking, and your going to school was brave.",
        "She suffered the more from its not overpowering her at the time.",
        "The wall would of itself have stopped them.",
        "It was hard to loose the hand that held hers.",
        "After making due allowance for nerves, she agreed.",
        "Sentiment is worthless unless it lead us to act.",
        "I could hear her breathe in the dark.",
        "The bribe effected her escape.",
        "Nobody knew what had passed between\nhim and Theo had been seen.",
    ],
)
def test_correct_uses_are_not_flagged(text: str) -> None:
    assert found(text) == []


def test_alright_is_a_style_note_that_is_off_by_default() -> None:
    assert found("It was alright in the end.") == []
    assert found("It was alright in the end.", enable=["confusable.alright"]) == [
        ("confusable.alright", "alright", "all right")
    ]


# --- repetition -------------------------------------------------------------------------------


def test_doubled_words() -> None:
    assert found("She put the the cup down.", "He was very very tired.") == [
        ("doubled-word", "the the", "the")
    ]


def test_grammatical_doubles_are_allowed() -> None:
    assert found("He had had enough. She knew that that was true.") == []


def test_echo_of_an_uncommon_word_is_opt_in() -> None:
    text = "The lantern flickered over the harbour. Even the gulls seemed to watch the lantern."
    assert found(text) == []
    assert found(text, enable=["echo"]) == [("echo", "lantern", None)]


def test_a_repeated_phrase_is_a_deliberate_echo() -> None:
    text = "She wanted a quiet lighthouse. A quiet lighthouse, and nothing else."
    assert found(text, enable=["echo"]) == []


# --- rule selection and the stage -------------------------------------------------------------


def test_rules_are_selected_by_name_group_or_type() -> None:
    rule = rules()["confusable.envelope"]
    assert selects("confusable.envelope", rule)
    assert selects("confusable", rule)
    assert selects("confusable", rule) and not selects("confus", rule)
    names = {r.name for r in active_rules(disable=["dialogue_punctuation", "confusable"])}
    assert "tag-punctuation" not in names and "beat-punctuation" not in names
    assert not any(n.startswith("confusable.") for n in names)
    assert "tag-case" in names
    assert "echo" in {r.name for r in active_rules(enable=["repetition"])}
    assert unknown_selectors(["tag-case", "nonsense"]) == ["nonsense"]


def test_disabled_rules_report_nothing() -> None:
    doc = story(["“Thanks.” He says it quietly. She tore open the envelop."])
    assert {f.rule for f in check(doc)} == {"tag-case", "confusable.envelope"}
    assert {f.rule for f in check(doc, disable=["tag-case"])} == {"confusable.envelope"}


def test_findings_are_contract_items() -> None:
    doc = story(["She tore open the envelop."])
    [finding] = check(doc)
    item = finding.to_dict()
    assert set(item) == {"start", "end", "type", "rule", "message", "suggestion"}
    assert item["type"] == "confusable"
    assert doc.text[item["start"] : item["end"]] == "envelop"


def test_writing_stage_adds_a_layer() -> None:
    doc = Pipeline([tense_stage, writing_stage], base=story([]).layers)(
        story(["She tore open the envelop."])
    )
    [span] = doc.layer(WRITING)
    assert span.label == "confusable"
    assert span.attrs["rule"] == "confusable.envelope"
