"""Tag detection on short original passages: each cue family, its negative cases, ratings,
warnings, the tags layer and its evidence spans."""

from __future__ import annotations

import pytest

from ficlens.document import Document
from ficlens.layers import TAGS
from ficlens.tags import suggestions
from ficlens.tags.detect import fold_text
from tests.tags.passages import BREAK, PIPELINE, build, suggest

NEUTRAL = [
    "The ferry left at noon and the gulls followed it out past the breakwater.",
    "Marta counted the crates twice, wrote the number on her clipboard, and went to lunch.",
    "By evening the harbour was quiet except for the radio in the harbourmaster's hut.",
]


def freeform(tags: dict[str, object]) -> set[str]:
    return {name for name, s in tags.items() if getattr(s, "type", "") == "freeform"}


def evidence_texts(doc: Document, tag: str) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.layer(TAGS) if s.label == tag]


# -- world-building ---------------------------------------------------------------------------

ABO = [
    "Theo had presented as an omega at sixteen, which his alpha mother still called a blessing.",
    "The new neighbour was an alpha, broad and loud, and the whole stairwell knew it.",
    "Theo's heat was due on Friday, so he bought suppressants and a second blanket.",
    "Omegas in the city kept their bond marks covered, out of habit more than fear.",
]


def test_abo_vocabulary_with_biology_is_alpha_beta_omega() -> None:
    tags = suggest(ABO)
    assert "Alpha/Beta/Omega Dynamics" in tags
    assert tags["Alpha/Beta/Omega Dynamics"].score >= 0.6


def test_weather_heat_and_software_alphas_are_not_abo() -> None:
    tags = suggest(
        [
            "The heat that July was unbearable, and the heat wave did not break for weeks.",
            "The alpha version of the app crashed twice before lunch.",
            "Even the beta readers gave up on chapter nine; the beta test ran late.",
            "She sat in the heat of the afternoon and sweated through her shirt.",
        ]
    )
    assert "Alpha/Beta/Omega Dynamics" not in tags
    assert "Heat Cycles" not in tags


def test_rank_words_alone_are_not_abo() -> None:
    pack = [
        "Derek was the alpha of the pack, and he made sure everyone knew it.",
        "The alpha howled once at the moon and the betas answered from the ridge.",
        "An omega wandered the hills alone, too far from any pack to matter.",
    ]
    assert "Alpha/Beta/Omega Dynamics" not in suggest(pack)


def test_heat_counts_next_to_secondary_genders() -> None:
    tags = suggest(
        [
            *ABO,
            "The omega's heat came early that month, and the alpha kept the door shut.",
            "Heat made the omega restless; he rebuilt the nest twice before the alpha came home.",
            "His alpha brought water and waited out the heat with him.",
        ]
    )
    assert "Heat Cycles" in tags


def test_soulmates_and_soulmarks() -> None:
    doc = PIPELINE(
        build(
            [
                "Everyone in Maren's town was born with a soulmark on the wrist.",
                "She had never believed in soulmates, whatever the marks said.",
                "The words on her wrist were the rudest thing anyone had ever said to her.",
            ]
        )
    )
    tags = {s.tag for s in suggestions(doc)}
    assert {"Alternate Universe - Soulmates", "Soulmate-Identifying Marks"} <= tags
    assert "soulmates" in [t.lower() for t in evidence_texts(doc, "Alternate Universe - Soulmates")]


# -- romance ----------------------------------------------------------------------------------


def test_first_date_being_arranged_and_held() -> None:
    tags = suggest(
        [
            "\u201cWill you go out with me on Saturday?\u201d Nico asked.",
            "\u201cIt\u2019s a date,\u201d said Ada, and went back to her crossword.",
            "Their first date was at the aquarium, and Ada talked to the octopus more than to "
            "Nico.",
            *NEUTRAL,
        ]
    )
    assert "First Date" in tags


def test_first_date_mentioned_in_passing_in_the_past_is_not() -> None:
    tags = suggest(
        [
            "Years ago, on their first date, he had spilled wine on her shoes.",
            "Now they argued about the mortgage, the gutters and whose turn it was to cook.",
            *NEUTRAL,
        ]
    )
    assert "First Date" not in tags


def test_jealousy_even_when_denied() -> None:
    tags = suggest(
        [
            "\u201cI\u2019m not jealous,\u201d Priya said, which was a lie.",
            "The jealousy sat in her stomach all afternoon like a stone.",
            *NEUTRAL,
        ]
    )
    assert "Jealousy" in tags


def test_love_confession_is_spoken() -> None:
    spoken = [
        "\u201cI love you,\u201d she said, before she could stop herself.",
        "\u201cI\u2019ve loved you since the first winter,\u201d he answered.",
        *NEUTRAL,
    ]
    tags = suggest(spoken)
    assert "Love Confessions" in tags
    assert tags["Love Confessions"].score >= 0.6


def test_i_love_you_outside_quotes_is_not_a_confession() -> None:
    tags = suggest(
        [
            "The sign above the bakery said I love you in pink neon letters.",
            "Someone had scratched I love you into the bench, and someone else had crossed it out.",
            *NEUTRAL,
        ]
    )
    assert "Love Confessions" not in tags


def test_explicit_first_kiss_replaces_kissing() -> None:
    tags = suggest(
        [
            "Their first kiss tasted of salt and cheap lemonade.",
            "Later he kissed her again on the pier, slower.",
            *NEUTRAL,
        ]
    )
    assert "First Kiss" in tags
    assert "Kissing" not in tags


def test_remembered_first_kiss_is_not_one() -> None:
    tags = suggest(["She remembered their first kiss years ago, at a bus stop.", *NEUTRAL])
    assert "First Kiss" not in tags


MUTUAL = [
    "She couldn\u2019t stop thinking about him, not even in the shower.",
    "He was hopelessly in love with her and had been for a year.",
    BREAK,
    "She daydreamed about his hands on the steering wheel.",
    "He kept stealing glances at her across the office.",
]


def test_pining_from_both_sides_is_mutual() -> None:
    tags = suggest(MUTUAL)
    assert "Mutual Pining" in tags
    assert "Pining" not in tags  # replaced by the narrower tag
    assert any("experiencers: he, she" in r for r in tags["Mutual Pining"].reasons)


def test_pining_from_one_side_is_pining() -> None:
    one_sided = [p.replace("He ", "She ").replace("her", "him") for p in MUTUAL]
    tags = suggest(one_sided)
    assert "Pining" in tags
    assert "Mutual Pining" not in tags


def test_pine_trees_are_not_pining() -> None:
    tags = suggest(
        [
            "The pine trees along the ridge were black against the sky.",
            "Pine needles covered the path, and the pine cones crunched underfoot.",
            "They camped under a pine forest that smelled of resin.",
        ]
    )
    assert "Pining" not in tags


def test_denial_of_feelings_needs_feelings_nearby() -> None:
    denial = [
        "He told himself he didn\u2019t care.",
        "He refused to admit that the coffee tasted better when she made it.",
        "There was no denying it any more.",
    ]
    assert "Denial of Feelings" not in suggest(denial)
    assert "Denial of Feelings" in suggest([*denial, "He was, apparently, in love with her."])


def test_hurt_comfort() -> None:
    tags = suggest(
        [
            "Sam\u2019s arm was bleeding where the window glass had cut it.",
            "\u201cIt\u2019s okay, I\u2019ve got you,\u201d Dean said, and bandaged it.",
            "Dean held him close while he shook.",
            "He stroked his hair until the trembling stopped.",
            "Dean took care of him all night, and fussed over him all morning.",
        ]
    )
    assert "Hurt/Comfort" in tags


def test_comfort_without_hurt_is_not_hurt_comfort() -> None:
    tags = suggest(
        [
            "\u201cIt\u2019s okay,\u201d said the waiter about the spilled sugar.",
            "She held him close at the station and then got on her train.",
            "He stroked her hair as they watched the film.",
            "They took care of him when he visited, with cake.",
        ]
    )
    assert "Hurt/Comfort" not in tags


def test_worst_nightmare_is_an_idiom() -> None:
    tags = suggest(
        [
            "Tax season was his worst nightmare.",
            "The seating plan was a logistical nightmare.",
            "Meeting her parents: another worst nightmare.",
        ]
    )
    assert "Nightmares" not in tags


def test_author_naming_a_tag_in_the_notes() -> None:
    tags = suggest(NEUTRAL, notes=["A soulmate AU nobody asked for, with some h/c."])
    assert "Alternate Universe - Soulmates" in tags
    assert "Hurt/Comfort" in tags
    assert tags["Hurt/Comfort"].evidence[0][2] == "named in notes"


def test_tags_named_in_the_story_text_are_not_read_as_notes() -> None:
    tags = suggest(["She said the film was pure fluff and a slow burn.", *NEUTRAL])
    assert "Fluff" not in tags and "Slow Burn" not in tags


# -- rating and warnings ----------------------------------------------------------------------


def test_clean_text_is_general_audiences_and_no_warnings() -> None:
    tags = suggest(NEUTRAL)
    ratings = [t for t, s in tags.items() if s.type == "rating"]
    assert ratings == ["General Audiences"]
    assert tags["No Archive Warnings Apply"].score == pytest.approx(0.3)
    assert [s.type for s in tags.values()].count("warning") == 1


def test_swearing_is_teen_and_up() -> None:
    tags = suggest(["\u201cOh, shit,\u201d said Marta, dropping the crate.", *NEUTRAL])
    assert "Teen And Up Audiences" in tags
    assert "General Audiences" not in tags
    assert any("profanity-strong" in r for r in tags["Teen And Up Audiences"].reasons)


VIOLENCE = [
    "The knife went in under his ribs and the blood came fast.",
    "He stabbed the second man through the shoulder.",
    "Blood pooled on the tiles, dark and spreading.",
    "Her wound would not stop bleeding however hard she pressed.",
    "The soldier bled out against the wall.",
    "There was blood on the stairs, on the rail, on the door.",
    "The bullet wound in his thigh had opened again.",
    "He wiped the bloody blade on his sleeve.",
    "She pressed her hand to the gash and felt it bleed through.",
    "Someone slit his throat before he could shout.",
    "The bleeding would not stop.",
]


def test_graphic_violence_warning_needs_much_evidence() -> None:
    assert "Graphic Depictions Of Violence" in suggest(VIOLENCE)
    assert "Graphic Depictions Of Violence" not in suggest([*VIOLENCE[:3], *NEUTRAL])


def test_idiomatic_blood_is_not_violence() -> None:
    tags = suggest(
        [
            "Music was in her blood; her blood relations all played the fiddle.",
            "They were flesh and blood, after all, and bad blood never lasted.",
            "His wounded pride took a week to heal.",
            *NEUTRAL,
        ]
    )
    assert "General Audiences" in tags


# -- the layer --------------------------------------------------------------------------------


def test_layer_spans_point_at_matched_words_with_type_score_and_cue() -> None:
    doc = PIPELINE(build(ABO))
    spans = [s for s in doc.layer(TAGS) if s.label == "Alpha/Beta/Omega Dynamics"]
    assert spans
    for span in spans:
        assert span.attrs["type"] == "freeform"
        assert 0.5 <= span.attrs["score"] <= 1.0
        assert span.attrs["cue"] in {"abo-rank", "abo-biology", "abo-cycle"}
        assert fold_text(doc.text[span.start : span.end]).split()[0] in {
            "presented", "alpha", "omega", "omegas", "suppressants", "bond", "born",
        }  # fmt: skip
    scores = {s.attrs["score"] for s in spans}
    assert len(scores) == 1  # every span carries the tag's overall score


def test_every_span_is_inside_the_text_and_every_work_gets_rating_and_warning() -> None:
    doc = PIPELINE(build([*MUTUAL, *VIOLENCE], notes=["Fluff, I promise."]))
    layer = doc.layer(TAGS)
    assert all(0 <= s.start < s.end <= len(doc.text) for s in layer)
    kinds = [s.type for s in suggestions(doc)]
    assert kinds.count("rating") == 1 and kinds.count("warning") >= 1


def test_empty_story_gets_general_audiences() -> None:
    tags = suggest([])
    assert set(tags) == {"General Audiences", "No Archive Warnings Apply"}


def test_fold_text_keeps_offsets() -> None:
    text = "İstanbul\u2019s ﬁne\nday"
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert "'s" in folded and "\n" not in folded
