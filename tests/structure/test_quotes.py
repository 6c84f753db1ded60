"""Quotation spans: styles, apostrophes, nesting, multi-paragraph speech, unbalanced marks."""

from __future__ import annotations

from pathlib import Path

from ficlens.document import Document, SourceInfo, Span, WorkMeta
from ficlens.eval.litbank_data import text_document
from ficlens.ingest.builder import assemble
from ficlens.layers import QUOTES
from ficlens.structure import quotes


def found(*paragraphs: str) -> list[tuple[str, str, bool]]:
    """(text, style, open_end) of every quote in a document of `paragraphs`."""
    doc = quotes(text_document("\n\n".join(paragraphs), Path("t.txt")))
    return [(doc.span_text(q), q.label, bool(q.attrs.get("open_end"))) for q in doc.layer(QUOTES)]


def test_curly_double_quotes_with_a_dialogue_tag_between() -> None:
    assert found("“Leave it,” Mara said, “the kettle’s fine.” She didn’t move.") == [
        ("“Leave it,”", "double", False),
        ("“the kettle’s fine.”", "double", False),
    ]


def test_straight_double_quotes_pair_by_position() -> None:
    assert found('"Ready?" he asked. "Almost," she said, "give me a "minute" or two."') == [
        ('"Ready?"', "double", False),
        ('"Almost,"', "double", False),
        ('"give me a "minute" or two."', "double", False),
        ('"minute"', "nested", False),
    ]


def test_mistyped_curly_marks_pair_by_position() -> None:
    assert found("“Hello,“ she said. ”Hi there,” he said. “Wait, ” I said.") == [
        ("“Hello,“", "double", False),
        ("”Hi there,”", "double", False),
        ("“Wait, ”", "double", False),
    ]


def test_apostrophes_in_a_double_quote_work_are_not_quotes() -> None:
    text = "Theo’s coat hung in the boys’ room ’til noon; rock ’n’ roll, the ’80s, y'know."
    assert found(text, "“Don’t,” Ines said.") == [("“Don’t,”", "double", False)]


def test_single_quote_dialogue_is_told_apart_from_apostrophes() -> None:
    assert found(
        "‘Come in,’ said Nell. ‘The boys’ room is up the stairs.’",
        "‘I was goin’ home,’ Pip said, ‘’til the rain started.’",
        "‘Rock ’n’ roll in the ’70s,’ Gran said. 'Tis late,' said Tom.",
    ) == [
        ("‘Come in,’", "single", False),
        ("‘The boys’ room is up the stairs.’", "single", False),
        ("‘I was goin’ home,’", "single", False),
        ("‘’til the rain started.’", "single", False),
        ("‘Rock ’n’ roll in the ’70s,’", "single", False),
        ("'Tis late,'", "single", False),
    ]


def test_nested_quotes_inside_double_and_inside_single() -> None:
    assert found("“She said ‘no’ to me, and it’s final.”") == [
        ("“She said ‘no’ to me, and it’s final.”", "double", False),
        ("‘no’", "nested", False),
    ]
    assert found("‘He called it “rubbish”.’", "‘Did he?’") == [
        ("‘He called it “rubbish”.’", "single", False),
        ("“rubbish”", "nested", False),
        ("‘Did he?’", "single", False),
    ]
    assert found("“The sign said “Closed” so I left,” Uma said.") == [
        ("“The sign said “Closed” so I left,”", "double", False),
        ("“Closed”", "nested", False),
    ]


def test_multi_paragraph_speech_ends_each_paragraph_open() -> None:
    assert found(
        "“We walked until the road gave out. Nobody spoke.  ",
        "“Then the lights came on,” Ada finished.",
    ) == [
        ("“We walked until the road gave out. Nobody spoke.", "double", True),
        ("“Then the lights came on,”", "double", False),
    ]


def test_unbalanced_marks_do_not_swallow_the_chapter() -> None:
    assert found(
        "“You forgot to close this one, Sam said.",
        "Sam left the room. Nobody followed him.",
        "Later she laughed.” Then nothing. “Once more,” she said.",
        "“Hi. “Bye,” he said.",
    ) == [
        ("“You forgot to close this one, Sam said.", "double", True),
        ("“Once more,”", "double", False),
        ("“Hi.", "double", True),
        ("“Bye,”", "double", False),
    ]


def test_dash_dialogue_lines_stop_at_the_tag() -> None:
    assert found(
        "—Come down, Ferris! he called. The tide is turning.",
        "—Why? asked Ferris.",
        "—and then nothing at all.",
        "— II —",
    ) == [
        ("—Come down, Ferris!", "dash", False),
        ("The tide is turning.", "dash", False),
        ("—Why?", "dash", False),
    ]


def test_quotes_only_in_body_paragraphs_and_text_equals_span() -> None:
    text = "A note with “Title” in it.\n\n“Hello,” said Bo."
    source = SourceInfo("t.txt", "text", "0" * 64, len(text))
    doc: Document = quotes(
        assemble(
            text,
            WorkMeta(),
            source,
            paragraphs=[Span(0, 26, "note"), Span(28, len(text), "body")],
        )
    )
    (quote,) = doc.layer(QUOTES)
    assert doc.span_text(quote) == "“Hello,”"
    assert quote.start == 28
