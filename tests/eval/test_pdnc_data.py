"""The PDNC loader on a tiny corpus written here, and on the shared corpus when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.eval.pdnc_data import (
    QUOTE_TYPES,
    PdncFormatError,
    iter_novels,
    load_characters,
    load_novel,
    novel_folders,
)


def test_tiny_novel(pdnc_dir: Path) -> None:
    novel = load_novel(pdnc_dir / "data" / "Tiny")
    assert (novel.name, novel.title, novel.person) == ("Tiny", "A Tiny Novel", "third")
    assert [q.id for q in novel.quotes] == ["Q0", "Q1", "Q2"]  # sorted by position
    q0, q1, q2 = novel.quotes
    assert [novel.text[a:b] for a, b in q0.spans] == ["Hello there,", "Fine day."]
    assert (q0.start, q0.end) == (1, 36)
    assert (q0.speaker, q0.addressees, q0.quote_type) == (
        "Anne Elliot",
        ("Fred Wentworth",),
        "Explicit",
    )
    assert q0.referring_expression == "said Anne"
    (mention,) = q0.mentions
    assert (novel.text[mention.start : mention.end], mention.entities) == (
        "there",
        ("Fred Wentworth",),
    )
    # An alias speaker is mapped to the main name; the stray space is trimmed off the span.
    assert q1.speaker == "Fred Wentworth"
    assert q1.addressees == ("Anne Elliot",)
    assert [novel.text[a:b] for a, b in q1.spans] == ["Yes,", "Quite."]
    assert q1.quote_type == "Explicit"
    assert (q2.speaker, q2.quote_type, q2.referring_expression) == ("_unknowable", None, None)


def test_tiny_characters(pdnc_dir: Path) -> None:
    novel = load_novel(pdnc_dir / "data" / "Tiny")
    anne, fred, unknowable = novel.characters
    assert anne.aliases == {"Anne", "Anne Elliot"}
    assert fred.aliases == {"Fred", "Freddy", "Fred Wentworth"}  # main name joins a list
    assert (fred.gender, fred.category, fred.id) == ("M", "intermediate", "1")
    assert unknowable.placeholder and not anne.placeholder
    assert novel.character("Freddy") == fred
    assert novel.character("Nobody") is None


def test_iter_novels_reads_the_index_and_limits(pdnc_dir: Path) -> None:
    assert [p.name for p in novel_folders(pdnc_dir)] == ["Tiny"]
    assert [n.person for n in iter_novels(pdnc_dir)] == ["third"]
    assert list(iter_novels(pdnc_dir / "data", limit=0)) == []


def test_novel_without_index_has_no_person(tmp_path: Path, pdnc_dir: Path) -> None:
    (pdnc_dir / "PDNC-Novel-Index.csv").unlink()
    assert load_novel(pdnc_dir / "data" / "Tiny").person is None


@pytest.mark.parametrize(
    ("aliases", "message"),
    [("{'Anne', __import__('os')}", "not a Python literal"), ("[1, 2]", "list of strings")],
)
def test_malformed_cells_are_errors(tmp_path: Path, aliases: str, message: str) -> None:
    path = tmp_path / "character_info.csv"
    path.write_text(
        f'Character ID,Main Name,Aliases,Gender,Category\n0,Anne,"{aliases}",F,major\n',
        encoding="utf-8",
    )
    with pytest.raises(PdncFormatError, match=message):
        load_characters(path)


def test_shared_pdnc_parses_every_novel(shared: Path) -> None:
    novels = list(iter_novels(shared / "data" / "pdnc"))
    assert len(novels) == 21
    quotes = parts = marked = 0
    for novel in novels:
        names = {c.name for c in novel.characters}
        assert novel.person in {"first", "third", None}
        for q in novel.quotes:
            quotes += 1
            assert q.speaker in names, (novel.name, q.id, q.speaker)
            assert q.quote_type is None or q.quote_type in QUOTE_TYPES
            for (start, end), part in zip(q.spans, q.parts, strict=True):
                assert novel.text[start:end] == part.strip()
                parts += 1
                marked += novel.text[start - 1] == '"'
            for m in q.mentions:
                assert novel.text[m.start : m.end] == m.text
    assert quotes > 25_000
    assert marked / parts > 0.98  # spans leave out the quote marks (a few have inner spaces)
    assert sum(n.person == "first" for n in novels) >= 3
