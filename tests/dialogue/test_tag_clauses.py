"""Speech tags whose subject needs care: the object of a participle phrase before the
verb is not the speaker, and a sentence of only a subject and a speech verb before a quote
states who speaks it."""

from __future__ import annotations

from tests.dialogue.test_speech import found, one


def test_the_object_of_a_participle_before_the_verb_is_not_the_speaker() -> None:
    quote = one(
        "The steward rose at the foot of the table. He bowed to the council, and "
        "saluting the old judge in the carved seat, said, “The granary is empty, my lord.”"
    )
    assert (quote.tag, quote.tag_kind, quote.verb) == ("He", "pronoun", "said")


def test_a_noun_ending_in_ing_still_leaves_the_subject_after_it() -> None:
    quote = one("That morning Odile Varga stood up and said, “We leave at noon.”")
    assert quote.tag == "Odile Varga"


def test_a_subject_and_a_speech_verb_alone_before_a_quote_are_a_tag() -> None:
    quote = found("“Stay,” said Odile.", "Bastien protested. “I have a ferry to catch.”")[1]
    assert (quote.tag, quote.verb, quote.pattern) == ("Bastien", "protested", "name-verb-quote")


def test_a_speech_verb_with_its_particle_alone_before_a_quote_is_a_tag() -> None:
    quote = found("“Stay,” said Odile.", "Bastien went on. “The ferry will not wait.”")[1]
    assert (quote.tag, quote.verb) == ("Bastien", "went on")


def test_a_sentence_without_a_speech_verb_stays_a_beat() -> None:
    quote = found("“Stay,” said Odile.", "He shrugged. “The ferry will not wait.”")[1]
    assert (quote.tag, quote.verb, quote.pattern) == ("He", None, "beat-before")


def test_a_speech_verb_with_an_object_before_a_quote_stays_a_beat() -> None:
    quote = found("“Stay,” said Odile.", "He told the story. “The ferry sank.”")[1]
    assert quote.pattern != "name-verb-quote"


def test_a_progressive_verb_without_a_comma_leaves_the_subject_after_it() -> None:
    quote = one("The whole way they were rowing Odile Varga kept calling, “Faster, faster!”")
    assert quote.tag == "Odile Varga"


def test_a_verb_without_a_subject_takes_the_nearest_earlier_clause_subject() -> None:
    quote = one(
        "Odile Varga begged her aunt to stay for supper; but Aunt Berthe, quite firmly, "
        "refused the offer; and then rising, said to Odile, “I must catch the ferry.”"
    )
    assert quote.tag == "Aunt Berthe"


def test_a_name_after_opposite_is_not_the_subject_of_the_clause() -> None:
    quote = found(
        "The lamp was lit by Odile before supper.",
        "Odile, who was sitting on the bench just opposite Aunt Berthe, and who had been "
        "listening for a while, now looked at her, and said quietly, “It is late.”",
    )[0]
    assert quote.tag == "Odile"


def test_the_owner_of_a_reply_that_introduces_a_quote_is_the_speaker() -> None:
    quote = found(
        "The lamp was lit by Odile and Berthe.",
        "“We could leave without Tomas,” said Odile; and Berthe’s reply was, “Then he "
        "had better stay behind.”",
    )[1]
    assert (quote.tag, quote.verb) == ("Berthe", "reply")


def test_a_possessive_pronoun_before_an_answer_is_the_speaker() -> None:
    quote = found("“Will you come?” asked Odile.", "Her only answer was, “No.”")[1]
    assert (quote.tag, quote.tag_kind) == ("Her", "pronoun")
