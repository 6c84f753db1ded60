"""The speech stage on short original passages: one pattern per test."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ficlens.dialogue import speech_stage
from ficlens.document import Document
from ficlens.errors import PipelineError
from ficlens.eval.litbank_data import text_document
from ficlens.layers import PARAGRAPHS, QUOTES, SENTENCES, SPEECH, TOKENS
from ficlens.pipeline import Pipeline
from ficlens.structure import quotes, structure_stages


@dataclass(frozen=True)
class Found:
    """One speech span, in words."""

    quote: str
    kind: str
    tag: str | None
    tag_kind: str | None
    pattern: str | None
    verb: str | None
    vocatives: tuple[str, ...]


def analyse(*paragraphs: str) -> Document:
    """A document of `paragraphs` through the structure stages and the speech stage."""
    doc = text_document("\n\n".join(paragraphs), Path("t.txt"))
    return Pipeline([*structure_stages(), speech_stage()])(doc)


def found(*paragraphs: str) -> list[Found]:
    """What the speech layer says about every quote of `paragraphs`."""
    doc = analyse(*paragraphs)
    text = doc.text
    out = []
    for s in doc.layer(SPEECH):
        tag = s.attrs["tag"]
        out.append(
            Found(
                text[s.start : s.end],
                s.label,
                text[tag[0] : tag[1]] if tag else None,
                s.attrs["tag_kind"],
                s.attrs["pattern"],
                s.attrs["verb"],
                tuple(text[a:b] for a, b in s.attrs["vocatives"]),
            )
        )
    return out


def one(*paragraphs: str) -> Found:
    """The only (or first) quote of `paragraphs`."""
    return found(*paragraphs)[0]


def test_stage_declares_its_layers() -> None:
    stage = speech_stage()
    assert stage.name == "speech"
    assert stage.requires == {PARAGRAPHS, SENTENCES, TOKENS, QUOTES}
    assert stage.provides == {SPEECH}
    with pytest.raises(PipelineError):
        stage(quotes(text_document("“Hi,” she said.", Path("t.txt"))))


def test_speech_spans_are_the_quote_spans_and_the_stage_is_pure() -> None:
    doc = analyse("“Go on,” Wren said, “I’m ‘listening,’ honestly.”", "She nodded. “Fine.”")
    spans = [(s.start, s.end) for s in doc.layer(SPEECH)]
    assert spans == [(q.start, q.end) for q in doc.layer(QUOTES)]
    again = speech_stage()(doc)
    assert list(again.layer(SPEECH)) == list(doc.layer(SPEECH))
    for s in doc.layer(SPEECH):
        assert s.label in ("speech", "thought", "written", "scare")
        assert 0.0 < s.attrs["score"] <= 1.0 and s.attrs["reason"]


def test_pronoun_then_verb_after_the_quote() -> None:
    assert one("“The printer is jammed again,” she says.") == Found(
        "“The printer is jammed again,”", "speech", "she", "pronoun", "quote-name-verb", "says", ()
    )


def test_verb_then_name_after_the_quote() -> None:
    f = one("“Of course it is,” said Teodor, not looking up.")
    assert (f.tag, f.tag_kind, f.pattern, f.verb) == ("Teodor", "name", "quote-verb-name", "said")


def test_a_name_ending_in_ly_is_a_speaker_not_an_adverb() -> None:
    f = one("“Hand me the ladle,” said Kelly.")
    assert (f.tag, f.tag_kind, f.pattern, f.verb) == ("Kelly", "name", "quote-verb-name", "said")
    f = one("“Hand me the ladle,” Kelly said quietly.")
    assert (f.tag, f.tag_kind, f.pattern, f.verb) == ("Kelly", "name", "quote-name-verb", "said")
    f = one("“Hand me the ladle,” said quietly the cook.")
    assert (f.tag, f.verb) == ("the cook", "said")


def test_name_and_verb_introducing_the_quote() -> None:
    f = one("Teodor asked softly, “Did you try turning it off?”")
    assert (f.tag, f.tag_kind, f.pattern, f.verb) == ("Teodor", "name", "name-verb-quote", "asked")


def test_interrupted_quote_shares_one_tag() -> None:
    first, second = found("“I tried,” he mumbles, “twice, actually.”")
    assert (first.tag, first.pattern) == ("he", "quote-name-verb")
    assert (second.tag, second.pattern, second.verb) == ("he", "interrupted", "mumbles")
    doc = analyse("“I tried,” he mumbles, “twice, actually.”")
    a, b = doc.layer(SPEECH)
    assert a.attrs["tag"] == b.attrs["tag"]


def test_tag_with_a_wrongly_capitalised_pronoun() -> None:
    f = one("“You look tired.” He says it without looking up from the ledger.")
    assert (f.tag, f.pattern, f.verb) == ("He", "quote-name-verb", "says")


def test_action_beat_before_the_quote() -> None:
    f = found("Teodor glanced at Marisol.", "Marisol shrugs, “Probably the coffee.”")[0]
    assert (f.kind, f.tag, f.tag_kind, f.pattern, f.verb) == (
        "speech",
        "Marisol",
        "name",
        "beat-before",
        None,
    )


def test_action_beat_after_the_quote() -> None:
    f = one("“Thanks.” He smiles and goes back to his spreadsheet.")
    assert (f.tag, f.pattern) == ("He", "beat-after")


def test_beat_whose_subject_is_not_a_person_gives_no_tag() -> None:
    f = found("Nobody had seen Ines all day.", "“Ines?” The soft knock made her look up.")[0]
    assert f.tag is None
    assert f.vocatives == ("Ines",)


def test_nominal_speaker() -> None:
    f = one("“Nobody reads the memos,” the omega said.")
    assert (f.tag, f.tag_kind, f.pattern) == ("the omega", "nominal", "quote-name-verb")


def test_possessive_nominal_speaker_is_the_whole_phrase() -> None:
    f = one("“Dinner is at six,” Teodor’s mother said.")
    assert (f.tag, f.tag_kind) == ("Teodor’s mother", "nominal")


def test_speaker_named_in_a_reply_phrase() -> None:
    f = one("“Not today,” was Teodor’s answer.")
    assert (f.tag, f.tag_kind, f.pattern) == ("Teodor", "name", "quote-was-answer")


def test_paragraph_tag_covers_a_quote_next_to_a_reaction() -> None:
    first, second = found(
        "“Hey.” He turns to look at her. She clears her throat, saying, “I like the haircut.”"
    )
    assert (first.tag, first.pattern) == ("She", "paragraph")
    assert (second.tag, second.pattern) == ("She", "name-verb-quote")


def test_tag_at_the_end_of_the_previous_paragraph() -> None:
    f = found("Ines hesitated, then added:", "“It was never my idea.”")[0]
    assert (f.tag, f.verb) == ("Ines", "added")


def test_tag_running_on_into_the_next_quote_belongs_to_it() -> None:
    first, second = found("She wondered, “Is he even listening?” He thought “Nope.”")
    assert (first.kind, first.tag) == ("thought", "She")
    assert (second.kind, second.tag) == ("thought", "He")


@pytest.mark.parametrize(
    ("paragraph", "thinker"),
    [
        ("The first thing Wren thought when she saw the van was “Absolutely not.”", "Wren"),
        ("He thought resolutely “nope.”", "He"),
        ("She wondered, “Is the kettle still on?”", "She"),
        ("“Typical,” he said to himself.", "he"),
    ],
)
def test_quoted_thoughts(paragraph: str, thinker: str) -> None:
    f = one(paragraph)
    assert (f.kind, f.tag) == ("thought", thinker)


@pytest.mark.parametrize(
    ("paragraph", "writer"),
    [
        ("The card read “Happy birthday, you old goat.”", None),
        ("Taped to the fridge was a sign that said “No refunds.”", None),
        ("Later she texted “On my way, don’t wait up.”", "she"),
        ("He found the note. “Back at six” was scribbled across the top.", None),
        ("On the lid was the text “Property of the night shift” in red marker.", None),
    ],
)
def test_written_text_and_its_writer(paragraph: str, writer: str | None) -> None:
    f = one(paragraph)
    assert (f.kind, f.tag) == ("written", writer)


@pytest.mark.parametrize(
    "paragraph",
    [
        "He kept calling the break room his “executive” lounge, which it was not.",
        "This is my longer look at “The Audit,” with a few callbacks to other episodes.",
        "Nobody ever called Ines “un-beta” (not to her face), but she heard it anyway.",
        "The memo was titled “Quarterly Synergy Review,” and nobody opened it.",
        "She was, in his words, a “reasonable” boss.",
    ],
)
def test_scare_quotes_titles_and_mentions_have_no_tag(paragraph: str) -> None:
    f = one(paragraph)
    assert (f.kind, f.tag, f.vocatives) == ("scare", None, ())


def test_short_utterances_inside_a_sentence_stay_speech() -> None:
    said, got_out = found(
        "Wren just whispered “wow” and kept walking.",
        "All Teodor managed was a quiet “Yes” before the door shut.",
    )
    assert (said.kind, said.tag, said.verb) == ("speech", "Wren", "whispered")
    assert got_out.kind == "speech"


@pytest.mark.parametrize(
    ("paragraph", "names"),
    [
        ("“Hey, Marisol, you got a sec?”", ("Marisol",)),
        ("“Thanks, Marisol.”", ("Marisol",)),
        ("“Marisol?”", ("Marisol",)),
        ("“Oh yeah, who Teodor?” Marisol asked.", ("Teodor",)),
        ("“Mr. Reyes, the truck is here,” said Wren.", ("Mr. Reyes",)),
        ("“I told Marisol already,” said Wren.", ()),
    ],
)
def test_vocatives_are_names_addressed(paragraph: str, names: tuple[str, ...]) -> None:
    context = "Wren waited with Marisol and Teodor while Mr. Reyes signed."
    f = found(context, paragraph)[0]
    assert f.vocatives == names
    assert f.tag not in names


def test_phone_calls_and_interviews_are_speech() -> None:
    call, reply, interview = found(
        "“Hi, yes, this is Reyes Supply, I’m calling about the invoice.”",
        "“Okay. See you Monday.”",
        "“I think the move was good for all of us. Honestly? I miss the old office.”",
    )
    assert [call.kind, reply.kind, interview.kind] == ["speech"] * 3
    assert [call.tag, reply.tag, interview.tag] == [None] * 3


def test_nested_quote_gets_a_kind_and_no_tag() -> None:
    outer, inner = found("“She told me ‘never again,’ and she meant it,” Ines said.")
    assert (outer.tag, inner.quote, inner.tag) == ("Ines", "‘never again,’", None)
    assert inner.kind == "speech"


LEAD_CONTEXT = "Later Odile, Mr. Brand, Mrs. Brand, Miss Kell and Nils met at the pier."


@pytest.mark.parametrize(
    ("lead", "tag", "verb"),
    [
        ("The talk turned to boats, when Mr. Brand joining in, remarked,", "Mr. Brand", "remarked"),
        ("Miss Kell crossed to her, and with a frown thus greeted her,", "Miss Kell", "greeted"),
        ("Odile was looking at the sea when thus accosted by Miss Kell,", "Miss Kell", "accosted"),
        ("Nobody moved, and Mrs. Brand began again.", "Mrs. Brand", "began"),
        ("There was a pause, and then Nils said in a flat, tired voice", "Nils", "said"),
        ("After a while Odile said, rubbing her eyes", "Odile", "said"),
        ("Nils, however, with fresh spirit, soon went on", "Nils", "went on"),
        ("Odile, who had said nothing all morning, now spoke.", "Odile", "spoke"),
    ],
)
def test_a_lead_in_paragraph_names_the_next_quotes_speaker(lead: str, tag: str, verb: str) -> None:
    f = one(LEAD_CONTEXT, lead, "“The tide is turning.”")
    assert (f.tag, f.verb, f.pattern) == (tag, verb, "name-verb-quote")


@pytest.mark.parametrize(
    "lead",
    [
        "Nils said nothing, and turned back to the nets",
        "After lunch Odile said she was tired, and he walked on:",
        "Odile sat by the window",
    ],
)
def test_a_lead_in_without_a_speech_tag_names_nobody(lead: str) -> None:
    assert one(LEAD_CONTEXT, lead, "“The tide is turning.”").pattern != "name-verb-quote"


@pytest.mark.parametrize(
    ("paragraph", "tag", "pattern"),
    [
        ("“Bed, now,” said nanny.", "nanny", "quote-verb-name"),
        ("“We shall see,” was Odile’s cool reply.", "Odile", "quote-was-answer"),
        ("“Only the rain,” was Nils’s explanation.", "Nils", "quote-was-answer"),
        ("Mrs Last said, “Mind the step.”", "Mrs Last", "name-verb-quote"),
        (
            "Odile, who had been quiet, did Nils the kindness of adding, “It was not his fault.”",
            "Odile",
            "name-verb-quote",
        ),
    ],
)
def test_tags_with_bare_nouns_adjectives_surnames_and_gerunds(
    paragraph: str, tag: str, pattern: str
) -> None:
    f = one(LEAD_CONTEXT, paragraph)
    assert (f.tag, f.pattern) == (tag, pattern)


def test_an_object_is_not_the_subject_of_the_tag() -> None:
    f = one(LEAD_CONTEXT, "Nils walked over, approached Odile and said, “Come with me.”")
    assert f.tag == "Nils"
