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


@pytest.mark.parametrize(
    ("paragraph", "tag", "tag_kind"),
    [
        ("“More soup?” asked the April Fool.", "the April Fool", "nominal"),
        ("“Eleven!” proclaimed the auctioneer.", "the auctioneer", "nominal"),
        ("“Fine,” rejoined the now calmer Captain.", "the now calmer Captain", "nominal"),
        ("“Tea is served,” said the first footman.", "the first footman", "nominal"),
        (
            "“Mind out,” said a great hulking sailor, shoving past.",
            "a great hulking sailor",
            "nominal",
        ),
        ("“Quiet,” added the burly one by the mast.", "the burly one", "nominal"),
        ("“Rubbish,” said the less patient Odile.", "Odile", "name"),
        ("“Which way?” asked one of the porters.", "one of the porters", "nominal"),
        ("“Which way?” asked one of them.", "one of them", "nominal"),
        ("“Not likely,” said another. “Go home.”", "another", "nominal"),
        ("“At once, sir”; replied the porter.", "the porter", "nominal"),
        ("“Agreed”, said Odile.", "Odile", "name"),
    ],
)
def test_tags_with_modified_nominals_and_outside_marks(
    paragraph: str, tag: str, tag_kind: str
) -> None:
    f = one(LEAD_CONTEXT, paragraph)
    assert (f.tag, f.tag_kind) == (tag, tag_kind)
    assert f.pattern == "quote-verb-name"


@pytest.mark.parametrize(
    "paragraph",
    [
        "“Later,” said the first thing that came to mind.",
        "“Later,” said the very next morning.",
        "“Hm,” said one of the maps.",
        "“Odd”; she went back to the nets, and Nils thought, “Very odd.”",
    ],
)
def test_look_alike_nominals_are_not_speakers(paragraph: str) -> None:
    f = one(LEAD_CONTEXT, paragraph)
    assert f.pattern != "quote-verb-name"


@pytest.mark.parametrize(
    ("paragraph", "tag", "verb", "kind"),
    [
        ("“So that is settled,” was Mrs. Brand’s thought.", "Mrs. Brand", "thought", "thought"),
        (
            "“What a sailor!” was a delighted exclamation of Odile’s.",
            "Odile",
            "exclamation",
            "speech",
        ),
        (
            "“Dear Nils!” was a fond apostrophe of Odile’s, and a fair one.",
            "Odile",
            "apostrophe",
            "speech",
        ),
        (
            "“In the hold,” had been Miss Kell’s reply, amid the bustle.",
            "Miss Kell",
            "reply",
            "speech",
        ),
        ("“Land!” was shouted from the deck by Odile.", "Odile", "shouted", "speech"),
        ("“Not yet.” It was Mr. Brand who answered.", "Mr. Brand", "answered", "speech"),
    ],
)
def test_speaker_named_after_a_copula(paragraph: str, tag: str, verb: str, kind: str) -> None:
    f = one(LEAD_CONTEXT, paragraph)
    assert (f.tag, f.verb, f.kind) == (tag, verb, kind)


@pytest.mark.parametrize(
    "paragraph",
    [
        "“Where?” was answered by Nils with a shrug.",
        "“Help!” was a cry of despair.",
        "“Not yet.” It was Mr. Brand who had the key.",
        "“Not yet.” It was late when Mr. Brand answered.",
    ],
)
def test_copulas_that_name_no_speaker(paragraph: str) -> None:
    assert one(LEAD_CONTEXT, paragraph).tag is None


def test_a_cleft_ending_a_paragraph_does_not_lead_into_the_next() -> None:
    first, second = found(LEAD_CONTEXT, "“The tide.” It was Nils who answered.", "“What tide?”")
    assert first.tag == "Nils"
    assert second.tag is None


@pytest.mark.parametrize(
    ("lead", "tag", "verb"),
    [
        (
            "“No,” he said. “It was the wind.”--Nobody moved, and Mrs. Brand began again.",
            "Mrs. Brand",
            "began",
        ),
        (
            "“Nils naps all day,” said Odile, at which point Nils sat up and, glaring, promptly"
            " exclaimed:",
            "Nils",
            "exclaimed",
        ),
        ("The kettle boiled over, and Mrs. Brand began complaining.", "Mrs. Brand", "complaining"),
        ("Nils looked at his boots. Mr. Brand stammered awkwardly.", "Mr. Brand", "stammered"),
        ("When the gulls had settled, Mr. Brand ventured to ask--", "Mr. Brand", "ask"),
        ("Thinking of her son, Mrs. Brand could not help adding--", "Mrs. Brand", "adding"),
        (
            "A murmur rose from Mrs. Brand’s who, remembering the storm, kept repeating--",
            "Mrs. Brand",
            "repeating",
        ),
        ("As the boat left, Odile heard Mr. Brand say to Nils--", "Mr. Brand", "say"),
        (
            "Mr. Brand, who had spent the whole afternoon mending nets on the far side of the"
            " harbour while the children played on the slipway and the gulls quarrelled over"
            " scraps, finally walked over to the group by the steps and, his mind still on the"
            " nets, began with--",
            "Mr. Brand",
            "began",
        ),
        (
            "Mr. Brand strode off, glaring at the crowd, and saying to Odile--",
            "Mr. Brand",
            "saying",
        ),
        ("Odile nodded to Miss Kell, whose low voice said", "Miss Kell", "said"),
        ("A gull cried, and then Mrs. Brand’s answered from the galley:", "Mrs. Brand", "answered"),
        (
            "The wind had dropped, when Mrs. Brand, who had sat through the whole argument"
            " without a word, and had twice glanced at the clock, remarked:",
            "Mrs. Brand",
            "remarked",
        ),
    ],
)
def test_more_lead_ins_name_the_next_quotes_speaker(lead: str, tag: str, verb: str) -> None:
    f = found(LEAD_CONTEXT, lead, "“The tide is turning.”")[-1]
    assert (f.tag, f.verb, f.pattern) == (tag, verb, "name-verb-quote")


@pytest.mark.parametrize(
    "lead",
    [
        "“Fine,” said Mr. Brand, and Odile began again.",
        "Mr. Brand went out without saying--",
        "Mr. Brand did not think--",
        "Odile nodded to Mr. Brand, whose sister said",
        "Nils sat by the window. Mr. Brand sighed heavily.",
    ],
)
def test_lead_ins_that_name_nobody(lead: str) -> None:
    f = found(LEAD_CONTEXT, lead, "“The tide is turning.”")[-1]
    assert f.pattern != "name-verb-quote"


@pytest.mark.parametrize(
    ("paragraph", "tag", "verb"),
    [
        (
            "The quarrel ended with Mrs. Brand’s saying, as she climbed onto the pier,"
            " “Four of you can row.”",
            "Mrs. Brand",
            "saying",
        ),
        (
            "Mr. Brand said, with a frown that puzzled the others, “Bring the lantern.”",
            "Mr. Brand",
            "said",
        ),
        (
            "Odile was silent; and, rather sulkily, thus spoke Mr. Brand: “We sail at dawn.”",
            "Mr. Brand",
            "spoke",
        ),
        (
            "Then Mrs. Brand’s voice sounded, sharp and low: “Who told you?”",
            "Mrs. Brand",
            "sounded",
        ),
    ],
)
def test_tags_before_the_quote_across_asides_and_inversions(
    paragraph: str, tag: str, verb: str
) -> None:
    f = one(LEAD_CONTEXT, paragraph)
    assert (f.tag, f.verb, f.pattern) == (tag, verb, "name-verb-quote")


@pytest.mark.parametrize(
    ("paragraph", "tag", "verb"),
    [
        (
            "Odile looked up, and, as she climbed onto the pier, “Four of you can row.”",
            "Odile",
            None,
        ),
        ("Odile turned to the door and asked Mr. Brand, “Where is it?”", "Odile", "asked"),
    ],
)
def test_asides_and_addressees_are_not_speakers(paragraph: str, tag: str, verb: str | None) -> None:
    f = one(LEAD_CONTEXT, paragraph)
    assert (f.tag, f.verb) == (tag, verb)


@pytest.mark.parametrize(
    ("paragraph", "tag"),
    [
        (
            "Odile stood there, so cold that Mr. Brand could hardly go away, or keep from"
            " saying, with a worried look at her, “Take my coat.”",
            "Mr. Brand",
        ),
        (
            "Odile was already at the gate, when she was held back by his rushing up, and"
            " saying, in a tone more urgent than polite, “Wait.”",
            "his",
        ),
    ],
)
def test_a_speech_participle_before_a_phrase_belongs_to_its_own_subject(
    paragraph: str, tag: str
) -> None:
    f = one(LEAD_CONTEXT, paragraph)
    assert (f.tag, f.verb) == (tag, "saying")


def test_a_quote_standing_alone_comes_from_the_one_named() -> None:
    f = one(LEAD_CONTEXT, "“Ha--ha!” from Mr. Brand, who found it droll.")
    assert (f.tag, f.pattern) == ("Mr. Brand", "quote-name-verb")
    f = one(LEAD_CONTEXT, "“Nonsense!” came from Mr. Brand’s pursed lips. Odile frowned.")
    assert f.tag == "Mr. Brand"


def test_a_thing_from_someone_is_no_speech_tag() -> None:
    assert one(LEAD_CONTEXT, "He took the “gift” from Mr. Brand.").tag is None
    assert one(LEAD_CONTEXT, "“Help!” came from the kitchen.").tag is None


def test_the_one_told_to_speak_is_the_speaker() -> None:
    f = one(LEAD_CONTEXT, "Mr. Brand’s teasing prompted her quietly to say, “Stop it.”")
    assert (f.tag, f.tag_kind, f.verb) == ("her", "pronoun", "say")
    f = one(LEAD_CONTEXT, "Mr. Brand wanted to say, “Stop it.”")
    assert (f.tag, f.verb) == ("Mr. Brand", "say")


def test_the_subject_of_a_time_clause_holding_the_verb() -> None:
    lead = (
        "Nils stayed on the dune, while his sister, short of breath, ran down to the boat and"
        " loudly cried out,"
    )
    f = found(LEAD_CONTEXT, lead, "“Any fish?”")[-1]
    assert (f.tag, f.verb) == ("his sister", "cried")


def test_a_tag_after_a_quote_ending_in_a_comma_is_no_lead_in() -> None:
    f = found(LEAD_CONTEXT, "“Take him to the pier,” Nils had said.", "“Yes, sir.”")[-1]
    assert f.tag is None


def test_a_gerund_after_a_possessive_names_its_owner() -> None:
    lead = "Odile was calm, till she was startled by Mrs. Brand’s abruptly saying--"
    f = found(LEAD_CONTEXT, lead, "“It was you all along.”")[-1]
    assert (f.tag, f.verb) == ("Mrs. Brand", "saying")


@pytest.mark.parametrize(
    "lead",
    [
        "Odile found a card in the basket, saying simply--",
        "Nobody asked for “seconds”, and Odile was met on board with the following note:",
    ],
)
def test_a_participle_or_note_after_a_quote_names_nobody(lead: str) -> None:
    f = found(LEAD_CONTEXT, lead, "“My dear girl, come home.”")[-1]
    assert f.tag is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "“Some meeting that was.” Odile laughs when Bertram “kindly yields the floor” and "
        "trails after Marta to the car park.",
        "“Some meeting,” Odile laughed when Bertram “kindly yielded the floor” at the vote.",
    ],
)
def test_words_quoted_inside_a_narrative_clause_are_not_the_tags_speech(paragraph: str) -> None:
    f = found(paragraph)[-1]
    assert (f.kind, f.tag) == ("scare", None)


def test_a_lower_case_line_right_after_a_verb_and_its_particle_is_speech() -> None:
    f = found("Odile eyed the shelves till Nils cut in “not that one” and pointed at a jar.")[-1]
    assert (f.kind, f.tag, f.verb) == ("speech", "Nils", "cut in")
