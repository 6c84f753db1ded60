"""Who a speech tag names when the sentence around it is long: auxiliaries and rarer
verbs in the tag, a tag that belongs to the next quote, utterances owned inside narration,
subjects hidden behind asides, subordinate clauses and reported ``that`` clauses."""

from __future__ import annotations

import pytest

from tests.dialogue.test_speech import found, one


def test_rarer_speech_verbs_make_a_tag() -> None:
    quote = one("“Has the ferry gone?” Mrs. Pell quavered.")
    assert (quote.tag, quote.verb, quote.pattern) == ("Mrs. Pell", "quavered", "quote-name-verb")


def test_a_past_perfect_tag_after_the_quote() -> None:
    quote = one("“We ought to go,” Wendell had replied, though he stayed in his chair.")
    assert (quote.tag, quote.verb) == ("Wendell", "replied")


def test_a_progressive_saying_is_a_tag_but_a_passive_is_not() -> None:
    saying = one("“Stop the cart,” Fennick was saying.")
    assert (saying.tag, saying.verb) == ("Fennick", "saying")
    asked = one("“Stop the cart,” Fennick was asked.")
    assert asked.verb is None


def test_a_tag_opening_a_new_sentence_leaves_the_quote_to_its_own_tag() -> None:
    quote = one("Ivo answered, “Then meet me at the quay.” He heard Miss Dunmore laugh.")
    assert (quote.tag, quote.verb) == ("Ivo", "answered")


def test_a_tag_leading_into_the_next_quote_is_not_the_previous_ones() -> None:
    first, second = found(
        "When Mrs. Quill remarked with a thin smile, “The kettle is cold again,” "
        "Mr. Abernethy answered, “Then light the stove yourself.”"
    )
    assert (first.tag, second.tag) == ("Mrs. Quill", "Mr. Abernethy")


def test_an_utterance_owned_inside_narration() -> None:
    inquiry = one(
        "After Lady Marchbank’s sleepy inquiry of “Is the coach late again?” the footman "
        "went out to look."
    )
    assert (inquiry.tag, inquiry.verb) == ("Lady Marchbank", "inquiry")
    farewell = one("Gideon got a cheerful “Safe travels, lad!” from Captain Hale at the gate.")
    assert farewell.tag == "Captain Hale"


def test_words_that_come_from_someone() -> None:
    first = one("“Is anyone hurt?” were the only words that escaped from Captain Orme.")
    assert first.tag == "Captain Orme"
    burst = one("“Not the parsnips again!” burst from Walter as the lid came off.")
    assert burst.tag == "Walter"


def test_a_speech_verb_after_hastened_to_in_a_short_beat() -> None:
    quote = found(
        "“Who left it open?” asked Corin.",
        "Corin hastened to explain. “The gate was open when we came.”",
    )[1]
    assert (quote.tag, quote.verb, quote.pattern) == ("Corin", "explain", "name-verb-quote")


def test_a_speech_verb_with_a_phrase_after_it_leads_into_the_next_paragraph() -> None:
    quote = found(
        "“Nothing will come of it,” said Tarquin. Greaves only shrugged, but Tarquin ran on "
        "in the same breathless hurry.",
        "“Perhaps I misread the whole business.”",
    )[1]
    assert (quote.tag, quote.verb) == ("Tarquin", "ran on")


def test_an_answer_named_at_the_end_of_the_paragraph_before() -> None:
    quote = found(
        "“Agreed,” said Mr. Voss; but Sir Amory’s answer was, presently--",
        "“The sea has its charms, but I would not live beside it.”",
    )[1]
    assert (quote.tag, quote.verb) == ("Sir Amory", "answer")


def test_the_subject_of_a_reported_clause_is_not_the_speaker() -> None:
    quote = one(
        "Nell wondered whether the doctor was in, and Mrs. Pringle answered, that he was, "
        "adding, “but he sees nobody before ten.”"
    )
    assert quote.tag == "Mrs. Pringle"


def test_a_participle_belongs_to_the_subject_of_its_own_clause() -> None:
    quote = found(
        "“Tomorrow,” said Juno.",
        "Mrs Pollard had just started on the price of coal when Juno stopped her by exclaiming--",
        "“Good gracious, Tom! how could you think of it?”",
    )[1]
    assert (quote.tag, quote.verb) == ("Juno", "exclaiming")


def test_a_name_after_a_preposition_in_an_aside_is_not_the_subject() -> None:
    quote = one(
        "Bertil kept silent; but Miss Quarrie, frowning first at Mrs. Hollis, and then at "
        "Petra, said at once, “Put the cards away.”"
    )
    assert quote.tag == "Miss Quarrie"


def test_called_with_a_comma_before_the_quote_speaks() -> None:
    quote = one("Ossian lingered by the door until Thorne called him, “Supper is getting cold.”")
    assert (quote.tag, quote.verb) == ("Thorne", "called")
    named = one("They all called Ossian “the Admiral” behind his back.")
    assert named.tag is None


def test_a_speech_verb_after_but_in_a_short_beat() -> None:
    quote = found(
        "“May I stay?” asked Blenkinsworth.",
        "The clerk began to nod, but Blenkinsworth interposed. “Out of the question.”",
    )[1]
    assert (quote.tag, quote.verb) == ("Blenkinsworth", "interposed")


def test_a_named_lead_in_beats_a_pronoun_after_the_quote() -> None:
    quote = found(
        "“Fine,” said Halvard.",
        "Halvard stared at the fire, and at last remarked:",
        "“You sleep too little,” he added.",
    )[1]
    assert (quote.tag, quote.verb) == ("Halvard", "remarked")


def test_a_speech_verb_in_an_as_clause_does_not_interrupt_the_speaker() -> None:
    first, second = found(
        "“Not the roof,” said Halvard, as she giggled, “the cellar is what worries me.”"
    )
    assert (first.tag, second.tag, second.pattern) == ("Halvard", "Halvard", "interrupted")


def test_reading_aloud_is_speech() -> None:
    quote = found(
        "The will was handed to Osgood.",
        "Osgood unfolded the will and read it aloud: “The orchard goes to my niece.”",
    )[0]
    assert (quote.kind, quote.tag, quote.verb) == ("speech", "Osgood", "read")


def test_adjectives_before_a_name_after_the_verb() -> None:
    quote = one("“I cannot,” pleaded poor Ada.")
    assert (quote.tag, quote.verb) == ("Ada", "pleaded")


def test_said_to_someone_then_an_aside_before_the_quote() -> None:
    quote = one(
        "On the stairs Mrs. Hale turned and said to Mrs. Pryce, whose garden she envied, "
        "“Will you show me your roses?”"
    )
    assert (quote.tag, quote.verb) == ("Mrs. Hale", "said")


def test_a_beat_opening_with_a_subordinate_clause_names_the_main_subject() -> None:
    quote = found(
        "“Late again,” said Ottilie.", "When he came in, Ottilie looked up. “You are late.”"
    )[1]
    assert (quote.tag, quote.pattern) == ("Ottilie", "beat-before")


def test_the_object_of_an_irregular_participle_and_a_noun_infinitive_are_passed_over() -> None:
    quote = found(
        "The others looked at Petra and Lorcan.",
        "Petra, who had sat through all of it, and borne Lorcan company since noon, at last "
        "offered, in her hurry to lift his mood, “The rain may stop soon.”",
    )[0]
    assert (quote.tag, quote.verb) == ("Petra", "offered")


def test_the_one_given_the_chance_of_saying_speaks() -> None:
    quote = found(
        "“Tomorrow,” said Corwin.",
        "The silence gave Corwin the opportunity of adding, “And the boat leaves at six.”",
    )[1]
    assert (quote.tag, quote.verb) == ("Corwin", "adding")


def test_the_voice_that_sounded_is_its_owners() -> None:
    quote = found(
        "“Fine,” said Pellow.",
        "“Hush now,” sounded the low voice of Mr. Pellow from the doorway.",
    )[1]
    assert (quote.tag, quote.pattern) == ("Mr. Pellow", "quote-verb-name")


def test_a_speech_verb_with_these_words_as_its_object() -> None:
    quote = found(
        "Everyone turned to Clemence.",
        "Clemence, who had not spoken all evening, uttered these words, “The bridge will not "
        "hold.”",
    )[0]
    assert (quote.tag, quote.verb) == ("Clemence", "uttered")


def test_a_speech_verb_before_a_short_as_clause() -> None:
    quote = found(
        "They left with Uncle Bram.",
        "Uncle Bram remarked to his niece as they walked home along the canal, “That went "
        "better than I feared.”",
    )[0]
    assert (quote.tag, quote.verb) == ("Uncle Bram", "remarked")


def test_a_thing_after_a_participle_is_not_the_subject() -> None:
    quote = found(
        "The court waited for Sir Oswin.",
        "Sir Oswin nodded, and having made his point continued.",
        "“On Tuesday you went to the mill?”",
    )[0]
    assert (quote.tag, quote.verb) == ("Sir Oswin", "continued")


def test_a_participle_belongs_to_the_subject_of_a_before_clause() -> None:
    quote = one(
        "The kettle had boiled twice and the lamps were lit before Linus Orme came in from "
        "the yard, shouting, “Nobody move, I have the tickets!”"
    )
    assert (quote.tag, quote.verb) == ("Linus Orme", "shouting")


def test_the_first_of_two_objects_is_not_the_subject() -> None:
    quote = found(
        "Pruett waited in the shed with Osgood.",
        "Osgood offered Pruett a mug of cocoa and, wiping his hands on his apron, exclaimed:",
        "“So much for the meeting, then!”",
    )[0]
    assert (quote.tag, quote.verb) == ("Osgood", "exclaimed")


def test_a_beat_whose_last_clause_goes_on_speaking_names_that_clauses_subject() -> None:
    quote = found(
        "Marisol waited in the shed with Osgood.",
        "Marisol yawned over her darning, and Osgood set down his pipe, and went on with his "
        "account. “The river, you see, was high.”",
    )[0]
    assert (quote.tag, quote.verb) == ("Osgood", "went on")


def test_a_speech_verb_before_two_phrases_and_an_aside() -> None:
    quote = found(
        "Ottilie minded the stall with Uncle Bram.",
        "When the bell rang, Ottilie heard Uncle Bram say with a cough, to the whole market, "
        "“We close at noon.”",
    )[0]
    assert (quote.tag, quote.verb) == ("Uncle Bram", "say")


def test_a_demonstrative_person_phrase_is_a_tag_subject() -> None:
    lady = one("“Put that crate down at once!” said this young lady sharply.")
    assert (lady.tag, lady.verb, lady.tag_kind) == ("this young lady", "said", "nominal")
    observed = one("“The hedge wants trimming,” that tidy lady observed.")
    assert (observed.tag, observed.verb) == ("that tidy lady", "observed")


def test_an_answer_owned_through_a_possessive_noun() -> None:
    quote = one("“Tomorrow, then,” was his lordship’s weary answer.")
    assert (quote.tag, quote.verb, quote.pattern) == ("his lordship", "answer", "quote-was-answer")


def test_a_voice_that_rings_out_after_a_quote_is_its_speakers() -> None:
    quote = found(
        "Polly Vane waved at Tom.",
        "“Is that the last train?” Polly Vane’s clear tones rang along the platform.",
    )[0]
    assert (quote.tag, quote.verb) == ("Polly Vane", "rang")


def test_person_nouns_of_the_mention_tagger_head_speaker_phrases() -> None:
    quote = one("“Off my boat, the pair of you!” growled this sunburnt ruffian.")
    assert (quote.tag, quote.verb) == ("this sunburnt ruffian", "growled")


@pytest.mark.parametrize(
    ("paragraph", "tag", "verb"),
    [
        ("“We walk, then,” was thus his answer.", "his", "answer"),
        ("“Beat that, then,” was her challenge.", "her", "challenge"),
        ("“Lock the gate,” was her whole speech.", "her", "speech"),
        ("“Such a lovely evening,” warbled the organist.", "the organist", "warbled"),
        ("“Told you so,” mumbled one old fisherman.", "one old fisherman", "mumbled"),
    ],
)
def test_rarer_answer_nouns_speech_verbs_and_speaker_phrases(
    paragraph: str, tag: str, verb: str
) -> None:
    quote = one(paragraph)
    assert (quote.tag, quote.verb) == (tag, verb)


def test_a_speech_verb_ending_a_long_relative_clause_names_its_antecedent() -> None:
    quote = found(
        "Piet looked at Gino and at Wilmot.",
        "Piet poked the fire for Wilmot, who, having stared at the coals for ten minutes "
        "without a word, got stiffly to his feet, and said:",
        "“I had better see to the horses.”",
    )[0]
    assert (quote.tag, quote.verb) == ("Wilmot", "said")


def test_a_given_name_that_is_also_a_modal_is_a_name_where_the_work_writes_it_so() -> None:
    quote = found(
        "Odran smiled at Will. He will be late, thought Odran.",
        "“You are late,” said Will.",
    )[-1]
    assert (quote.tag, quote.verb) == ("Will", "said")
    alone = found("He will be late. “Late again,” said Will.")[-1]
    assert alone.tag != "Will"


def test_a_verb_taking_an_infinitive_is_no_lead_tag() -> None:
    quote = found(
        "Odran watched the Duke and Quill by the fountain.",
        "Quill frowned, and the bakers began to gape at us.",
        "“Enough!” the Duke stamped his foot again.",
    )[0]
    assert (quote.tag, quote.verb) == ("the Duke", None)
    spoken = one("Ada began to say, “Stop.”")
    assert (spoken.tag, spoken.verb) == ("Ada", "say")
