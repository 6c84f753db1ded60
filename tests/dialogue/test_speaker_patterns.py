"""Speech tags and speakers, one pattern per test: tag verbs outside the speech-verb list,
subjects of complex tag sentences, kin and rank nouns, speeches running over paragraphs,
gendered addresses and scene breaks."""

from __future__ import annotations

from ficlens.dialogue import speech_stage
from ficlens.dialogue.attribution import attribution_stage
from ficlens.dialogue.conversation import Turn, cast_of, posteriors
from ficlens.ingest import read_text
from ficlens.layers import BREAKS, SPEAKERS
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages
from tests.dialogue.test_attribution import (
    ADA,
    JONAH,
    MIRA,
    TOMAS,
    Character,
    _cast_layers,
    said,
    who,
)
from tests.dialogue.test_speech import found, one

HOLT = Character("Captain Holt", "male", ("Holt",))
LANTERN = Character("The Lantern Man", "male", ("Lantern Man",))
ALDER = Character("Mr. Finch", "male", ("Mr. Finch",))
ROSALIND = Character("Mrs. Finch", "female", ("Mrs. Finch",))
WREN = Character("Wren Finch", "female", ("Wren",))


def test_an_unlisted_verb_before_a_name_is_a_tag() -> None:
    quote = one("“The bridge is out,” contradicted Oskar, pointing at the river.")
    assert (quote.tag, quote.verb, quote.pattern) == ("Oskar", "contradicted", "quote-verb-name")


def test_a_name_and_an_unlisted_verb_after_a_comma_are_a_tag() -> None:
    quote = one("“I doubt it,” Wren hazarded, squinting at the clouds over Dunmore.")
    assert (quote.tag, quote.verb, quote.pattern) == ("Wren", "hazarded", "quote-name-verb")


def test_a_name_and_a_verb_after_a_full_stop_are_no_tag() -> None:
    quote = found("Wren looked at Oskar.", "“Fine.” Oskar turned away from the window.")[0]
    assert quote.verb is None and quote.pattern != "quote-name-verb"


def test_a_name_before_the_quote_wins_over_a_pronoun_after_it() -> None:
    quote = one(
        "Wren met Oskar by the well, and Wren exclaimed, “The kettle is singing again! "
        "Somebody fetch it,” she added, laughing."
    )
    assert (quote.tag, quote.tag_kind) == ("Wren", "name")


def test_the_subject_of_a_clause_after_saw_is_not_the_speaker() -> None:
    quote = one(
        "Later Wren walked over to Oskar. Wren saw he was soaked through and said, “Come in.”"
    )
    assert quote.tag == "Wren"


def test_a_subject_joined_to_one_inside_a_where_clause_is_not_the_speaker() -> None:
    quotes = found(
        "At noon Wren and Oskar baked bread at the mill.",
        "He came into the kitchen where she and Wren were kneading, and said, “Smells good.”",
    )
    assert quotes[0].tag == "He"


def test_said_right_before_a_quote_makes_speech_not_a_scare_quote() -> None:
    quotes = found(
        "It was late when somebody at the door said “Good\nevening.” and went away.",
        "They kept the “good” cups for visitors.",
    )
    assert [q.kind for q in quotes] == ["speech", "scare"]


def test_a_rank_names_its_holder_but_a_plain_noun_names_nobody() -> None:
    found_ = said(
        "Mira, Holt and the Lantern Man watched the ferry come in through the fog.",
        "“Hold the rope,” said the captain.",
        "“Mind the step,” said the man at the gangway.",
        cast=[MIRA, HOLT, LANTERN],
    )
    assert found_[0].speaker == "Captain Holt"
    assert not found_[1].reason.startswith("explicit tag")  # not “the Lantern Man”


def test_his_wife_is_the_married_woman_of_his_family_name() -> None:
    speakers = who(
        "Mrs. Finch stirred the soup while Wren read by the lamp.",
        "Mr. Finch folded his paper and looked at Wren over his glasses.",
        "“Where has the cat gone?”",
        "“Asleep on the stove,” said his wife.",
        cast=[ALDER, ROSALIND, WREN],
    )
    assert speakers[1] == "Mrs. Finch"


def test_a_speech_left_open_at_a_paragraph_end_goes_on_in_the_next() -> None:
    speakers = who(
        "Mira and Tomas sat by the stove after supper.",
        "“Where did you go all day?” Mira asked.",
        "“First to the mill, where the wheel had stopped, and then down the lane",
        "“to the ferry. The ferryman was asleep, so I walked back.”",
        "“All that way?”",
        cast=[MIRA, TOMAS],
    )
    assert speakers == ["Mira Vale", "Tomas Reyes", "Tomas Reyes", "Mira Vale"]


def test_addressing_someone_as_sir_makes_a_man_less_likely_to_speak() -> None:
    genders = {"Mira": "female", "Tomas": "male"}
    plain = [Turn(0, "Mira", 0.97, "tag"), Turn(1, "Tomas", 0.97, "tag"), Turn(2), Turn(3)]
    sir = [*plain[:3], Turn(3, addressed_gender="male")]
    tomas = cast_of(plain, {}).names.index("Tomas")
    before = posteriors(plain, cast_of(plain, {}), genders)[3, tomas]
    after = posteriors(sir, cast_of(sir, {}), genders)[3, tomas]
    assert after < before


def test_a_scene_break_between_paragraphs_ends_the_conversation() -> None:
    paragraphs = [
        "Ada and Jonah sat in the kitchen after the others had gone.",
        "“Is there more bread?” asked Jonah.",
        "“In the tin.”",
        "“Can I have the last slice?”",
        "“If you share it,” said Ada.",
        "* * *",
        "Mira was at the window when Tomas came home.",
        "“I left the garden gate open again,” said Tomas.",
        "“Why?”",
    ]
    doc = Pipeline([*structure_stages(), speech_stage()])(read_text("\n\n".join(paragraphs)))
    assert len(doc.layer(BREAKS)) == 1  # the break is no paragraph of its own
    doc = doc.with_layers(*_cast_layers(doc, [MIRA, TOMAS, ADA, JONAH], None))
    speakers = [s.label for s in attribution_stage()(doc).layer(SPEAKERS)]
    assert speakers[-2:] == ["Tomas Reyes", "Mira Vale"]


def test_the_subject_of_a_passive_speech_verb_is_spoken_to() -> None:
    quotes = found(
        "Wren came home late to find Oskar at the table.",
        "Wren was asked, “Where have you been all night?”",
    )
    assert quotes[0].tag != "Wren"


def test_the_subject_of_a_time_clause_holding_the_verb_speaks() -> None:
    quotes = found(
        "Later Wren met Yates and Oskar at the gate.",
        "Yates, indeed, complained of the cold; and the clock struck nine, when Oskar swung round "
        "on his stool and said, “Do you think so?”",
    )
    assert quotes[0].tag == "Oskar"


def test_a_name_beat_and_a_later_name_tag_in_one_paragraph_are_two_speakers() -> None:
    speakers = who(
        "By the gate stood Mira and Tomas in the rain.",
        "Mira shrugged after a long pause, “I would not mind a walk, Tomas.” But Tomas "
        "answered, “I would.”",
        cast=[MIRA, TOMAS],
    )
    assert speakers == ["Mira Vale", "Tomas Reyes"]
