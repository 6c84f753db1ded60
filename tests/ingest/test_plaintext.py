"""Plain text and Markdown: unchanged text, paragraphs, chapters, notes and scene breaks."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ficlens.document import Document, SourceInfo
from ficlens.ingest import read_path
from ficlens.ingest.plaintext import (
    break_threshold,
    is_note,
    match_heading,
    number_value,
    read_markdown,
    read_text,
    title_like,
)
from ficlens.textstats import count_words


def source(fmt: str = "text") -> SourceInfo:
    return SourceInfo(path="story.txt", format=fmt, sha256="0" * 64, size=0)


def texts(doc: Document, layer: str, label: str | None = None) -> list[str]:
    return [doc.span_text(s) for s in doc.layer(layer) if label is None or s.label == label]


def roles(doc: Document) -> Counter[str]:
    return Counter(p.label for p in doc.layer("paragraphs"))


# --- hard-wrapped text with blank lines ---------------------------------------------------


def test_hard_wrapped_blocks_are_paragraphs_and_text_is_the_file(fixtures: Path) -> None:
    path = fixtures / "text" / "lighthouse-wrapped.txt"
    doc = read_path(path)
    assert doc.source.format == "text"
    assert doc.text == path.read_text(encoding="utf-8")
    body = texts(doc, "paragraphs", "body")
    assert len(body) == 6
    assert body[0].startswith("Mara climbed") and body[0].endswith("before\nweather.")
    assert body[2] == '"No ships expected," she read aloud, and did not believe it.'


def test_hard_wrapped_chapters_take_their_title_line(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "lighthouse-wrapped.txt")
    chapters = list(doc.layer("chapters"))
    assert [(c.label, c.attrs["index"]) for c in chapters] == [
        ("The Lamp Room", 1),
        ("The Boat", 2),
    ]
    assert doc.span_text(chapters[0]).startswith("CHAPTER I\n\nThe Lamp Room")
    assert doc.span_text(chapters[1]).endswith("only looked at it.")
    assert texts(doc, "paragraphs", "heading") == [
        "CHAPTER I",
        "The Lamp Room",
        "CHAPTER II",
        "The Boat",
    ]


def test_title_and_byline_are_front_matter(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "lighthouse-wrapped.txt")
    assert texts(doc, "paragraphs", "front") == [
        "The Lighthouse Keeper's Daughter",
        "by Wren Holloway",
    ]
    assert doc.meta.title == "The Lighthouse Keeper's Daughter"
    assert doc.meta.authors == ("Wren Holloway",)


def test_ornament_line_is_a_break_not_a_paragraph(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "lighthouse-wrapped.txt")
    assert texts(doc, "breaks") == ["* * *"]
    assert "* * *" not in texts(doc, "paragraphs")


def test_crlf_text_is_kept_and_structured_the_same(fixtures: Path, tmp_path: Path) -> None:
    lf = (fixtures / "text" / "lighthouse-wrapped.txt").read_text(encoding="utf-8")
    path = tmp_path / "crlf.txt"
    path.write_bytes(lf.replace("\n", "\r\n").encode("utf-8"))
    doc = read_path(path)
    assert doc.text == lf.replace("\n", "\r\n")
    assert [c.label for c in doc.layer("chapters")] == ["The Lamp Room", "The Boat"]
    assert len(texts(doc, "paragraphs", "body")) == 6
    assert all(not t.endswith("\r") for t in texts(doc, "paragraphs"))


def test_hard_wrapped_without_blank_lines_splits_at_indents() -> None:
    text = (
        "    The lamp had gone out twice before midnight, and each\n"
        "time Mara climbed the stairs to light it again with cold\n"
        "fingers and a box of damp matches from the kitchen drawer.\n"
        "    By the third time she had stopped counting the steps\n"
        "and started counting the seconds between the waves, the\n"
        "way her father had taught her when the nights were long.\n"
        "    At dawn the keeper's boat came back around the point,\n"
        "low in the water, with one oar and a stranger at the helm\n"
        "who would not say where he had found it, or why.\n"
    )
    doc = read_text(text, source())
    body = texts(doc, "paragraphs", "body")
    assert len(body) == 3
    assert body[1].startswith("By the third time") and body[1].endswith("were long.")


def test_old_mac_line_endings() -> None:
    text = (
        "Chapter 1\r\rThe tide went out.\r\rIt did not come back.\r\r"
        "Chapter 2\r\rThe gulls left too."
    )
    doc = read_text(text, source())
    assert [c.attrs["index"] for c in doc.layer("chapters")] == [1, 2]
    assert texts(doc, "paragraphs", "body") == [
        "The tide went out.",
        "It did not come back.",
        "The gulls left too.",
    ]


# --- one line per paragraph, notes ---------------------------------------------------------


def test_one_line_per_paragraph(fixtures: Path) -> None:
    path = fixtures / "text" / "bakery-lines.txt"
    doc = read_path(path)
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert texts(doc, "paragraphs") == lines


def test_leading_and_trailing_authors_notes(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "bakery-lines.txt")
    notes = list(doc.layer("notes"))
    assert [(n.label, n.attrs["chapter"]) for n in notes] == [
        ("authors_note", None),
        ("authors_note", None),
    ]
    assert doc.span_text(notes[0]).startswith("A/N: This fic started")
    assert doc.span_text(notes[1]).startswith("Thanks for reading!")
    assert roles(doc)["note"] == 2
    last = doc.layer("chapters")[-1]
    assert doc.span_text(last).endswith("“Then we’ll bake twice as much,” she said.")


def test_line_mode_chapters_and_blank_line_break(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "bakery-lines.txt")
    assert [(c.label, c.attrs["index"]) for c in doc.layer("chapters")] == [
        ("Small Hours", 1),
        ("", 2),
    ]
    (brk,) = doc.layer("breaks")
    assert doc.span_text(brk) == "\n\n"
    assert doc.text[brk.end :].startswith("By six the first trays")


def test_explicit_note_in_the_middle_of_a_chapter() -> None:
    text = (
        "The storm took the roof off the barn.\n"
        "A/N: sorry this one is short, the next chapter is longer!\n"
        "By morning the cows were in the kitchen.\n"
        "Nobody could say how.\n"
    )
    doc = read_text(text, source())
    (note,) = doc.layer("notes")
    assert doc.span_text(note).startswith("A/N: sorry")
    assert note.attrs["chapter"] == 1
    assert texts(doc, "paragraphs", "body")[1] == "By morning the cows were in the kitchen."


def test_closing_a_n_block_is_one_note_outside_the_chapter() -> None:
    text = (
        "The ship sank slowly into the harbour.\n\nEveryone watched from the pier.\n\n"
        "A/N: that is the end!\n\nSee you soon."
    )
    doc = read_text(text, source())
    (note,) = doc.layer("notes")
    assert doc.span_text(note) == "A/N: that is the end!\n\nSee you soon."
    assert note.attrs["chapter"] is None
    (chapter,) = doc.layer("chapters")
    assert doc.span_text(chapter).endswith("from the pier.")


def test_story_that_mentions_writing_is_not_a_note() -> None:
    text = (
        "“I hope you enjoy the party,” she said, handing him the invitation.\n"
        "He had been writing letters all season, and none of them were finished.\n"
        "The story of the party was told for years afterwards.\n"
    )
    doc = read_text(text, source())
    assert len(doc.layer("notes")) == 0
    assert roles(doc) == Counter({"body": 3})


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("A/N: thank you all for the kudos!", True),
        ("Disclaimer: I don't own these characters.", True),
        ("Thanks for reading! Leave a comment if you liked it.", True),
        ("This fic is unbeta'd, so all mistakes are mine. I hope you enjoy!", True),
        ("“Thanks for reading my letter,” he said.", False),
        ("The reviews of the play were kind.", False),
        ("She had never once been in a prompt hurry.", False),
    ],
)
def test_note_cues(paragraph: str, expected: bool) -> None:
    assert is_note(paragraph) is expected


# --- blank-line gaps as scene breaks, prompts ----------------------------------------------


def test_scene_breaks_are_the_longest_blank_runs(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "map-gaps.txt")
    breaks = list(doc.layer("breaks"))
    # The file separates paragraphs by one or two blank lines and scenes by five.
    assert [doc.span_text(b) for b in breaks] == ["\n" * 6, "\n" * 6]
    assert doc.text[breaks[0].end :].startswith("By noon")
    assert doc.text[breaks[1].end :].startswith("The town at the end")


def test_prompts_after_the_note_are_front_matter(fixtures: Path) -> None:
    doc = read_path(fixtures / "text" / "map-gaps.txt")
    (note,) = doc.layer("notes")
    assert doc.span_text(note).startswith("I’ve been writing for a prompt challenge")
    assert texts(doc, "paragraphs", "front") == [
        "The map was wrong on purpose.",
        "Nobody came back the same way twice.",
    ]
    (chapter,) = doc.layer("chapters")
    assert (chapter.label, chapter.attrs["index"]) == ("", 1)
    assert doc.span_text(chapter).startswith("Juniper folded the map")


def test_short_lines_without_a_note_stay_story() -> None:
    text = "The map was wrong.\n\nNobody came back.\n\nJuniper folded it away and started the car."
    doc = read_text(text, source())
    assert roles(doc) == Counter({"body": 3})
    assert len(doc.layer("notes")) == 0


@pytest.mark.parametrize(
    ("gaps", "threshold"),
    [
        ({2: 114, 3: 96, 5: 13}, 5),  # 1-2 blank lines between paragraphs, 4 between scenes
        ({2: 7, 3: 2, 6: 2}, 6),  # the widest jump decides
        ({2: 500, 4: 20}, 4),
        ({1: 300, 2: 10}, 2),
        ({2: 40, 3: 6, 4: 3}, 3),  # no wider jump: anything longer than normal
        ({1: 21}, None),
        ({}, None),
    ],
)
def test_break_threshold(gaps: dict[int, int], threshold: int | None) -> None:
    assert break_threshold(Counter(gaps)) == threshold


def test_breaks_never_touch_headings_or_chapter_edges() -> None:
    text = (
        "Chapter 1\n\n\n\n\nIt began.\n\nIt went on.\n\n\n\n\nIt ended."
        "\n\n\n\n\nChapter 2\n\nAgain."
    )
    doc = read_text(text, source())
    assert [doc.text[b.end : b.end + 9] for b in doc.layer("breaks")] == ["It ended."]


# --- headings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "number", "title"),
    [
        ("Chapter 3", "chapter", 3, ""),
        ("Chapter Three: The Well", "chapter", 3, "The Well"),
        ("CHAPTER III", "chapter", 3, ""),
        ("Chapter I. Into the Woods", "chapter", 1, "Into the Woods"),
        ("Ch. 12 - Homecoming", "chapter", 12, "Homecoming"),
        ("_Chapter IV_", "chapter", 4, ""),
        ("Chapter Twenty-One", "chapter", 21, ""),
        ("CHAPTER THE LAST", "chapter", None, ""),
        ("Prologue", "named", None, "Prologue"),
        ("Epilogue: Ten Years Later", "named", None, "Epilogue: Ten Years Later"),
        ("Part One", "part", 1, ""),
        ("BOOK II.", "part", 2, ""),
        ("Letter 4", "unit:letter", 4, ""),
        ("1.", "numeral", 1, ""),
        ("IV. THE CROSSING", "numeral", 4, "THE CROSSING"),
        ("— II —", "numeral", 2, ""),
        ("Seven", "numeral", 7, ""),
    ],
)
def test_heading_patterns(line: str, kind: str, number: int | None, title: str) -> None:
    h = match_heading(line)
    assert h is not None
    assert (h.kind, h.number, h.title) == (kind, number, title)


@pytest.mark.parametrize(
    "line",
    [
        "I went home.",
        "Chapter 3 was the best part of the whole book, and everyone in the class agreed on that",
        "1984",
        "10 minutes later",
        "Part of me wanted to stay.",
        "“Prologue,” she read aloud.",
    ],
)
def test_not_headings(line: str) -> None:
    assert match_heading(line) is None


@pytest.mark.parametrize(
    ("token", "value"),
    [("XIV", 14), ("iv", 4), ("12", 12), ("twenty-three", 23), ("Third", 3), ("IIII", None)],
)
def test_number_value(token: str, value: int | None) -> None:
    assert number_value(token) == value


def test_title_like() -> None:
    assert title_like("The Lamp Room")
    assert title_like("THE SLAVE'S SOCIAL CIRCLE.")
    assert not title_like("It was dark.")
    assert not title_like("“Nope.”")


def test_numbered_sections_must_count_up() -> None:
    parts = [
        f"{n}.\n\n" + f"Section {n} of the story, long enough to be real content here."
        for n in (1, 2, 3)
    ]
    doc = read_text("\n\n".join(parts), source())
    assert [c.attrs["index"] for c in doc.layer("chapters")] == [1, 2, 3]
    stray = "7.\n\nA numbered line that is not part of any sequence at all, just a note."
    doc = read_text(stray + "\n\nThen the story went on for a while longer than that.", source())
    assert len(doc.layer("chapters")) == 1
    assert doc.layer("chapters")[0].label == ""


def test_table_of_contents_is_not_chapters() -> None:
    toc = "Contents\n\nChapter 1: Rain\n\nChapter 2: Sun\n\nChapter 3: Snow\n\n"
    body = "".join(
        f"Chapter {n}: {t}\n\n{t} fell on the town all that week, and nobody minded.\n\n"
        for n, t in ((1, "Rain"), (2, "Sun"), (3, "Snow"))
    )
    doc = read_text(toc + body, source())
    assert [c.label for c in doc.layer("chapters")] == ["Rain", "Sun", "Snow"]
    assert doc.text[doc.layer("chapters")[0].start :].startswith("Chapter 1: Rain\n\nRain fell")
    assert texts(doc, "paragraphs", "front")[:2] == ["Contents", "Chapter 1: Rain"]


def test_part_heading_opens_the_chapter_under_it() -> None:
    story = "They walked on, and the road walked with them for a good long while."
    text = (
        f"Part One\n\nChapter 1\n\n{story}\n\nChapter 2\n\n{story}\n\n"
        f"Part Two\n\nChapter 3\n\n{story}"
    )
    doc = read_text(text, source())
    chapters = list(doc.layer("chapters"))
    assert len(chapters) == 3
    assert doc.span_text(chapters[2]).startswith("Part Two\n\nChapter 3")
    assert texts(doc, "paragraphs", "heading").count("Part Two") == 1


def test_no_headings_one_untitled_chapter() -> None:
    text = "She locked the door.\n\nThen she unlocked it again, just to be sure.\n"
    doc = read_text(text, source())
    (chapter,) = doc.layer("chapters")
    assert (chapter.start, chapter.end, chapter.label, chapter.attrs["index"]) == (
        0,
        len(text) - 1,
        "",
        1,
    )


def test_label_header_lines_fill_the_metadata() -> None:
    text = (
        "Title: Salt and Iron\n"
        "Author: Wren Holloway\n"
        "Fandom: Original Work\n"
        "Pairing: Mara/Ines\n"
        "Rating: T\n"
        "Summary: Two keepers, one lighthouse, no patience.\n"
        "\n"
        "The lamp needed oil and neither of them would fetch it.\n"
        "\n"
        "In the end the gulls decided for them.\n"
    )
    doc = read_text(text, source())
    meta = doc.meta
    assert (meta.title, meta.authors, meta.fandoms, meta.relationships, meta.rating) == (
        "Salt and Iron",
        ("Wren Holloway",),
        ("Original Work",),
        ("Mara/Ines",),
        "T",
    )
    assert meta.summary == "Two keepers, one lighthouse, no patience."
    assert texts(doc, "paragraphs", "body") == [
        "The lamp needed oil and neither of them would fetch it.",
        "In the end the gulls decided for them.",
    ]


def test_speech_is_never_an_ornament() -> None:
    text = "He opened the letter.\n\n“?”\n\n“!!”\n\n* * *\n\nShe laughed."
    doc = read_text(text, source())
    assert "“?”" in texts(doc, "paragraphs", "body")
    assert texts(doc, "breaks") == ["* * *"]


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_title_chapters_and_breaks(fixtures: Path) -> None:
    path = fixtures / "text" / "glasshouse.md"
    doc = read_path(path)
    assert doc.source.format == "markdown"
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.meta.title == "The Glasshouse"
    assert texts(doc, "paragraphs", "front") == ["# The Glasshouse"]
    assert [(c.label, c.attrs["index"]) for c in doc.layer("chapters")] == [
        ("Seedlings", 1),
        ("Frost", 2),
    ]
    assert texts(doc, "breaks") == ["***"]
    assert any("*glasshouse*" in t for t in texts(doc, "paragraphs", "body"))


def test_markdown_setext_and_soft_wrapped_paragraphs() -> None:
    text = (
        "Chapter One\n===========\n\nThe kettle sang and\nnobody came to lift it.\n\n"
        "---\n\nLater, the kitchen was cold.\n\nChapter Two\n-----------\n\nSpring came."
    )
    doc = read_markdown(text, source("markdown"))
    assert [c.attrs["index"] for c in doc.layer("chapters")] == [1, 2]
    assert texts(doc, "paragraphs", "heading") == [
        "Chapter One\n===========",
        "Chapter Two\n-----------",
    ]
    assert texts(doc, "paragraphs", "body")[0] == "The kettle sang and\nnobody came to lift it."
    assert texts(doc, "breaks") == ["---"]


def test_markdown_yaml_front_matter() -> None:
    text = (
        "---\ntitle: Lanterns\nauthor: Ines Marr\n---\n\n"
        "The lanterns went out one by one.\n\nThen the moon came up."
    )
    doc = read_markdown(text, source("markdown"))
    assert (doc.meta.title, doc.meta.authors) == ("Lanterns", ("Ines Marr",))
    assert texts(doc, "paragraphs", "body") == [
        "The lanterns went out one by one.",
        "Then the moon came up.",
    ]


# --- the user's own examples and LitBank (../shared) ----------------------------------------


def test_alt_pov_seed(shared: Path) -> None:
    path = shared / "seeds" / "office-the-job-alt-pov.txt"
    doc = read_path(path)
    raw = path.read_text(encoding="utf-8")
    assert doc.source.format == "text" and doc.text == raw
    (note,) = doc.layer("notes")
    assert note.label == "authors_note" and note.start == 0
    assert "writing prompts" in doc.span_text(note)
    front = texts(doc, "paragraphs", "front")
    assert len(front) == 2 and all(len(t) < 60 for t in front)
    (chapter,) = doc.layer("chapters")
    assert chapter.start > doc.text.index(front[-1])
    # Scenes are separated by runs of five newlines; paragraphs by two or three.
    five = [m.start() for m in re.finditer(r"(?<=\S)\n{5}(?=\S)", raw)]
    assert len(five) == 13
    assert [b.start for b in doc.layer("breaks")] == five
    assert all(doc.span_text(b) == "\n" * 5 for b in doc.layer("breaks"))
    story = [p for p in doc.layer("paragraphs") if p.label == "body"]
    assert story[0].start == chapter.start
    assert count_words(" ".join(doc.span_text(p) for p in story)) > 10_000


def test_litbank_novels_read_with_their_chapters(shared: Path) -> None:
    heading = re.compile(
        r"(?m)(?<=\n\n)[ \t]*(?:CHAPTER|Chapter)\s+(?:[IVXLC]+|\d+|[A-Z][a-z]+)\b\.?[ \t]*(?=\n\n)"
    )
    files = sorted((shared / "data" / "litbank" / "original").glob("*.txt"))
    assert len(files) >= 50
    for path in files:
        text = path.read_text(encoding="utf-8")
        doc = read_text(text, SourceInfo(str(path), "text", "0" * 64, len(text)))
        chapters = list(doc.layer("chapters"))
        assert chapters, path.name
        assert [c.attrs["index"] for c in chapters] == list(range(1, len(chapters) + 1))
        paragraphs = doc.layer("paragraphs")
        for m in heading.finditer(text):
            # Every standalone "CHAPTER IV" line opens a chapter (after a "VOLUME II" line
            # at most).
            offset = m.start() + len(m.group()) - len(m.group().lstrip())
            chapter = doc.layer("chapters").at(offset)
            assert chapter is not None, (path.name, m.group())
            above = paragraphs.within(chapter.start, offset)
            assert all(p.label == "heading" for p in above), (path.name, m.group())
        assert len(doc.layer("notes")) <= 1, path.name
