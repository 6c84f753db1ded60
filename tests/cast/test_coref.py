"""Coreference: pronouns, quotes, narrators and epithets, on short passages written here.

`analyse` builds the ``persons`` layer by hand (every occurrence of the listed names and
nominals), so these tests do not depend on the persons detector.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import MappingProxyType

from ficlens.cast.stage import cast_stage
from ficlens.document import Document, Layer, Span, WorkMeta
from ficlens.eval.litbank_data import text_document
from ficlens.fandoms import PackIndex, load_packs
from ficlens.layers import CAST, MENTIONS, PERSONS, QUOTES, SPEECH
from ficlens.pipeline import Pipeline
from ficlens.structure import structure_stages

STRUCTURE = Pipeline(structure_stages())


def _spans(text: str, phrases: Iterable[str], label: str) -> list[Span]:
    """Every whole-word occurrence of the phrases, longest first, never overlapping."""
    found: list[Span] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        pattern = rf"(?<![\w’']){re.escape(phrase)}(?:['’]s)?(?![\w’'])"
        flags = re.IGNORECASE if label == "nominal" else 0
        for m in re.finditer(pattern, text, flags):
            if not any(s.start < m.end() and m.start() < s.end for s in found):
                found.append(Span(m.start(), m.end(), label))
    return found


def analyse(
    text: str,
    names: Sequence[str] = (),
    nominals: Sequence[str] = (),
    *,
    packs: PackIndex | None = None,
    fandoms: Sequence[str] = (),
    characters: Sequence[str] = (),
    speech: Sequence[Span] | None = None,
) -> Document:
    """The cast stage's output for `text` (paragraphs: blank-line separated)."""
    doc = STRUCTURE(text_document(text, Path("t.txt")))
    meta = WorkMeta(fandoms=tuple(fandoms), characters=tuple(characters))
    persons = Layer(PERSONS, [*_spans(text, names, "name"), *_spans(text, nominals, "nominal")])
    doc = dataclasses.replace(doc, meta=meta).with_layers(persons)
    if speech is not None:
        doc = doc.with_layers(Layer(SPEECH, speech))
    return cast_stage(packs)(doc)


def who(doc: Document, needle: str, nth: int = 0) -> str | None:
    """The character of the mention at the `nth` whole-word occurrence of `needle`."""
    hits = list(re.finditer(rf"(?<![\w’']){re.escape(needle)}(?![\w’'])", doc.text))
    start = hits[nth].start()
    for m in doc.layer(MENTIONS):
        if m.start == start:
            return str(m.attrs["character"])
    return None


def cast_ids(doc: Document) -> list[str]:
    """Character ids, in order of first mention."""
    return [c.label for c in doc.layer(CAST)]


def character(doc: Document, ident: str) -> Span:
    """The cast span of one character."""
    return next(c for c in doc.layer(CAST) if c.label == ident)


def speech_tags(text: str, tags: Sequence[tuple[str, int, tuple[str, ...]]]) -> list[Span]:
    """A hand-made speech layer: per quote (in order) its tag as (word, which occurrence of
    the word in the text) and its vocatives."""
    quotes = list(STRUCTURE(text_document(text, Path("t.txt"))).layer(QUOTES))
    out = []
    for quote, (tag, nth, vocatives) in zip(quotes, tags, strict=True):
        hit = list(re.finditer(rf"\b{re.escape(tag)}\b", text))[nth]
        voc = tuple((i, i + len(v)) for v in vocatives for i in [text.index(v, quote.start)])
        kind = "pronoun" if tag.islower() or tag == "I" else "name"
        attrs = {"tag": hit.span(), "tag_kind": kind, "vocatives": voc}
        out.append(Span(quote.start, quote.end, "speech", MappingProxyType(attrs)))
    return out


def test_he_and_she_go_to_the_character_of_their_gender() -> None:
    doc = analyse(
        "Mrs. Okafor found Mr. Lind in the greenhouse. She handed him the shears, "
        "and he thanked her before she left.",
        ["Mrs. Okafor", "Mr. Lind"],
    )
    assert who(doc, "She") == "Mrs. Okafor"
    assert who(doc, "him") == "Mr. Lind"
    assert who(doc, "he") == "Mr. Lind"
    assert who(doc, "her") == "Mrs. Okafor"


def test_genders_learnt_from_pronouns_separate_two_untitled_characters() -> None:
    doc = analyse(
        "Rosa fixed the radio herself. Tavi watched. He had never seen it done.\n\n"
        "Later Rosa put her tools away, and Tavi wiped his hands. She laughed at him.",
        ["Rosa", "Tavi"],
    )
    assert who(doc, "herself") == "Rosa"
    assert who(doc, "He") == "Tavi"
    assert who(doc, "her") == "Rosa"
    assert who(doc, "his") == "Tavi"
    assert who(doc, "She") == "Rosa"
    assert who(doc, "him") == "Tavi"


def test_same_gender_ambiguity_prefers_the_subject() -> None:
    doc = analyse(
        "Halvard met Brandt at the ferry. He was carrying a crate of lemons.",
        ["Halvard", "Brandt"],
    )
    assert who(doc, "He") == "Halvard"


def test_an_object_pronoun_is_not_the_subject_of_its_clause() -> None:
    doc = analyse(
        "Quill spoke to Orrin about the map. Orrin frowned. Quill gave him the compass.",
        ["Quill", "Orrin"],
    )
    assert who(doc, "him") == "Orrin"


def test_a_possessive_prefers_the_subject_of_its_clause() -> None:
    doc = analyse(
        "Orrin waved at Quill. Quill folded his map and left.",
        ["Quill", "Orrin"],
    )
    assert who(doc, "his") == "Quill"


def test_i_and_you_inside_quotes_are_speaker_and_addressee_with_a_speech_layer() -> None:
    text = "“I brought you soup, Ines,” Marek said.\n\n“You are kind,” Ines said. “I was starving.”"
    tags = [("Marek", 0, ("Ines",)), ("Ines", 1, ()), ("Ines", 1, ())]
    doc = analyse(text, ["Marek", "Ines"], speech=speech_tags(text, tags))
    assert who(doc, "I") == "Marek"
    assert who(doc, "you") == "Ines"
    assert who(doc, "You") == "Marek"
    assert who(doc, "I", 1) == "Ines"


def test_first_and_second_person_inside_quotes_are_left_alone_without_speech() -> None:
    doc = analyse("“I brought you soup, Ines,” Marek said.", ["Marek", "Ines"])
    assert who(doc, "I") is None
    assert who(doc, "you") is None


def test_a_pronoun_speech_tag_resolves_through_the_narration() -> None:
    text = "Marek set the bowl down. “I made it myself,” he said."
    doc = analyse(text, ["Marek"], speech=speech_tags(text, [("he", 0, ())]))
    assert who(doc, "he") == "Marek"
    assert who(doc, "I") == "Marek"
    assert who(doc, "myself") == "Marek"


def test_first_person_narration_has_a_narrator() -> None:
    text = " ".join(
        ["I woke before the bells. My sister Wren was already gone, and I followed her."] * 4
    )
    doc = analyse(text, ["Wren"])
    assert who(doc, "I") == "Narrator"
    assert who(doc, "My") == "Narrator"
    assert who(doc, "her") == "Wren"
    narrator = character(doc, "Narrator")
    assert narrator.attrs["canon"] is None
    assert "first-person narration" in narrator.attrs["reasons"]


def test_a_narrator_who_gives_their_name_is_that_character() -> None:
    text = (
        "My name is Corwin, and I keep the lighthouse. I trim the wick at dusk. "
        "I write the log at dawn. I have done it for years, and I will do it again. "
        "People in the village say Corwin never sleeps. I let them talk. I like my work."
    )
    doc = analyse(text, ["Corwin"])
    assert who(doc, "I") == "Corwin"
    assert "Narrator" not in cast_ids(doc)


def test_a_narrator_others_address_by_name_is_that_character() -> None:
    text = (
        "I came down late. Mira was at the stove.\n\n“Morning, Ansel,” she said.\n\n"
        "I poured my coffee and sat. I said nothing. I was still half asleep.\n\n"
        "“Ansel, the bread,” Mira said, and I passed it to her."
    )
    doc = analyse(text, ["Mira", "Ansel"])
    assert who(doc, "I") == "Ansel"
    assert who(doc, "my") == "Ansel"
    assert who(doc, "she") == "Mira"
    ansel = character(doc, "Ansel")
    assert "dialogue addresses the narrator as 'Ansel'" in ansel.attrs["reasons"]


def test_a_narrator_addressed_by_name_is_that_character_though_named_once_outside_quotes() -> None:
    text = (
        "I came down late. Mira was at the stove.\n\n“Morning, Ansel,” she said.\n\n"
        "I poured my coffee. Ansel, my mother used to say, was a name for dreamers.\n\n"
        "“Ansel, the bread,” Mira said, and I passed it to her.\n\n"
        "“Thank you, Ansel.” I nodded. I was still half asleep.\n\n"
        "“Eat something, Ansel,” she said. I did as I was told."
    )
    doc = analyse(text, ["Mira", "Ansel"])
    assert who(doc, "I") == "Ansel"
    assert "Narrator" not in cast_ids(doc)


def test_third_person_narration_has_no_narrator() -> None:
    doc = analyse("Pell climbed the hill. She was tired, but she smiled.", ["Pell"])
    assert cast_ids(doc) == ["Pell"]


def test_epithets_follow_the_description_the_text_gives() -> None:
    doc = analyse(
        "Arlo Vey started at the mill on a Monday. Brisco, an alpha with a loud laugh, "
        "ran the floor. Brisco was an alpha through and through.\n\n"
        "Arlo kept his head down. Brisco noticed him anyway. The alpha grinned, and the "
        "omega pretended not to see.",
        ["Arlo Vey", "Arlo", "Brisco"],
        ["the alpha", "the omega", "an alpha"],
    )
    assert who(doc, "The alpha") == "Brisco"
    assert who(doc, "the omega") == "Arlo Vey"


def test_apposition_ties_a_role_to_a_character() -> None:
    doc = analyse(
        "The office was quiet. Nadia, the receptionist, hummed at her desk. Cole walked "
        "past. He waved at the receptionist.",
        ["Nadia", "Cole"],
        ["the receptionist"],
    )
    assert who(doc, "the receptionist") == "Nadia"
    assert who(doc, "the receptionist", 1) == "Nadia"


def test_a_role_nobody_holds_is_a_new_person() -> None:
    doc = analyse(
        "Cole waited in the lobby. The porter nodded at him and went back to his paper.",
        ["Cole"],
        ["The porter"],
    )
    assert who(doc, "The porter") is None
    assert who(doc, "him") == "Cole"


def test_a_pack_attribute_ties_a_role_to_a_canon_character() -> None:
    doc = analyse(
        "Pam looked up from her sketch. Jim leaned on the counter and smiled at the receptionist.",
        ["Pam", "Jim"],
        ["the receptionist"],
        packs=load_packs(),
        fandoms=["The Office (US)"],
    )
    assert who(doc, "the receptionist") == "Pam Beesly"


def test_a_canon_epithet_is_its_character() -> None:
    doc = analyse(
        "Everyone in the hall turned to look at the Boy Who Lived. Harry hated it.",
        ["Harry"],
        ["the Boy Who Lived"],
        packs=load_packs(),
        fandoms=["Harry Potter - J. K. Rowling"],
    )
    mentions = [m for m in doc.layer(MENTIONS) if m.label == "epithet"]
    assert [m.attrs["character"] for m in mentions] == ["Harry Potter"]


def test_singular_they_for_a_nonbinary_canon_character() -> None:
    doc = analyse(
        "Beelzebub arrived late. They were not pleased, and they said so.",
        ["Beelzebub"],
        packs=load_packs(),
        fandoms=["Good Omens (TV)"],
    )
    assert who(doc, "They") == "Beelzebub (Good Omens)"
    assert character(doc, "Beelzebub (Good Omens)").attrs["gender"] == "nonbinary"


def test_singular_they_for_a_character_said_to_use_it() -> None:
    doc = analyse(
        "Rook (they/them) fixed the boiler. Later they ate alone, and Ines thanked them.",
        ["Rook", "Ines"],
    )
    assert who(doc, "they") is None  # "(they/them)" itself is no mention
    assert who(doc, "they", 1) == "Rook"
    assert who(doc, "them", 1) == "Rook"
    assert character(doc, "Rook").attrs["gender"] == "nonbinary"


def test_plural_they_is_left_alone() -> None:
    doc = analyse("Ines and Marek ran. They were late.", ["Ines", "Marek"])
    assert who(doc, "They") is None


def test_a_speaker_does_not_name_themselves() -> None:
    doc = analyse(
        "Tamsin lit the lamp. Brann was asleep on the cot.\n\n“Wake up, Brann,” she said.",
        ["Tamsin", "Brann"],
    )
    assert who(doc, "she") == "Tamsin"


def test_mentions_and_cast_follow_the_layer_conventions() -> None:
    doc = analyse("Mr. Lind sat down. He sighed, and Lind's dog sighed too.", ["Mr. Lind", "Lind"])
    (lind,) = doc.layer(CAST)
    assert (lind.start, lind.end, lind.label) == (0, 8, "Mr. Lind")
    attrs = lind.attrs
    assert attrs["name"] == "Mr. Lind"
    assert attrs["gender"] == "male"
    assert attrs["canon"] is None
    assert attrs["mentions"] == 3
    assert set(attrs["aliases"]) == {"Mr. Lind", "Lind"}
    assert dict(attrs["attributes"]) == {}
    assert attrs["reasons"]
    kinds = [(doc.span_text(m), m.label) for m in doc.layer(MENTIONS)]
    assert kinds == [("Mr. Lind", "name"), ("He", "pronoun"), ("Lind", "name")]
    for m in doc.layer(MENTIONS):
        assert m.attrs["character"] == "Mr. Lind"
        assert 0.0 <= m.attrs["score"] <= 1.0
        assert m.attrs["reason"]


_BAKERY = (
    "Mira Sol unlocked the bakery before dawn. She liked the quiet hour. She weighed the "
    "flour, she lit the ovens, and she hummed as the dough rose.\n\n"
)


def test_a_scene_keeps_she_on_its_viewpoint_character_past_a_visitor() -> None:
    doc = analyse(
        _BAKERY + "Dana Kell knocked at six. Rain fell on the awning. She wrapped a warm loaf.",
        ["Mira Sol", "Mira", "Dana Kell", "Dana"],
    )
    assert [who(doc, "She", i) for i in range(3)] == ["Mira Sol"] * 3


def test_a_visitor_keeps_the_pronoun_right_after_she_acts() -> None:
    doc = analyse(
        _BAKERY + "Dana Kell knocked at six. She wanted rye.",
        ["Mira Sol", "Mira", "Dana Kell", "Dana"],
    )
    assert who(doc, "She", 2) == "Dana Kell"


def test_a_he_chain_with_possessives_stays_on_its_character() -> None:
    doc = analyse(
        "Tomas carried the ladder to the barn. He propped it against the wall and climbed. "
        "His boots slipped on the third rung, but he caught the rail. Piet watched him "
        "from the yard.",
        ["Tomas", "Piet"],
    )
    assert [who(doc, w) for w in ("He", "His", "he", "him")] == ["Tomas"] * 4
