"""Every analysis ficlens produces validates against the shipped schema and keeps the
contract's offset promises."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ficlens.analysis import analyze
from ficlens.ingest import READABLE_SUFFIXES
from ficlens.schema import schema_text

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = jsonschema.Draft202012Validator(json.loads(schema_text()))
OWN = sorted(
    p
    for p in [*(ROOT / "tests" / "fixtures").rglob("*"), *(ROOT / "examples").glob("*")]
    if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
)


def check(path: Path) -> dict[str, object]:
    data = analyze(path).to_dict(include_text=True, mentions=True)
    errors = sorted(VALIDATOR.iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    text = data["text"]
    assert isinstance(text, str)
    for key in ("chapters", "notes", "scenes", "quotes", "mentions"):
        items = data[key]
        assert isinstance(items, list)
        for item in items:
            assert 0 <= item["start"] <= item["end"] <= len(text), (key, item)
    for quote in data["quotes"]:  # type: ignore[attr-defined]
        assert text[quote["start"] : quote["end"]] == quote["text"]
    return data


@pytest.mark.parametrize("path", OWN, ids=lambda p: p.name)
def test_own_fixtures_validate(path: Path) -> None:
    check(path)


def test_plain_text_offsets_index_the_file(tmp_path: Path) -> None:
    raw = "Title line\r\n\r\n“Hello,” she said.\r\n\r\n\r\n\r\n\r\nHe waved.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode("utf-8"))
    data = check(path)
    assert data["text"] == raw


def test_shared_ao3_files_validate(shared: Path) -> None:
    files = sorted((shared / "data" / "ao3").iterdir())
    assert len(files) >= 7
    for path in files:
        check(path)


def test_seeds_validate(shared: Path) -> None:
    for path in sorted((shared / "seeds").glob("*.txt")):
        data = check(path)
        assert data["source"]["format"] in {"text", "ao3-webcopy"}  # type: ignore[index]


def test_untagged_turns_link_their_pronouns_to_the_turn_taking_speaker(tmp_path: Path) -> None:
    path = tmp_path / "turns.txt"
    path.write_text(
        "Odile Marsh found Piet Kanter on the ferry.\n\n"
        "“I kept your seat,” said Odile.\n\n"
        "“You always do,” Piet said.\n\n"
        "“I do. I even bought the tea.”\n\n"
        "“Then I owe you a biscuit.”\n",
        encoding="utf-8",
    )
    data = check(path)
    text = data["text"]
    names = {c["id"]: c["name"] for c in data["characters"]}  # type: ignore[attr-defined]
    third, fourth = (text.index("“I do."), text.index("“Then I owe"))
    linked = {
        (m["start"], text[m["start"] : m["end"]], names[m["character"]])
        for m in data["mentions"]  # type: ignore[attr-defined]
        if m["start"] >= third
    }
    assert (third + 1, "I", "Odile Marsh") in linked
    assert (fourth + 6, "I", "Piet Kanter") in linked
    assert (fourth + 12, "you", "Odile Marsh") in linked
    counted = {c["name"]: c["mentions"] for c in data["characters"]}  # type: ignore[attr-defined]
    per_name = {n: sum(names[m["character"]] == n for m in data["mentions"]) for n in counted}  # type: ignore[attr-defined]
    assert counted == per_name
    nodes = {n["name"]: n["mentions"] for n in data["network"]["nodes"]}  # type: ignore[index]
    assert nodes == counted
