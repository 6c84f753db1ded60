"""The command line: help texts, JSON output valid against the shipped schema, batches."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from ficlens.analysis import analyze
from ficlens.cli import app
from ficlens.schema import schema_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "the-long-way-round.html"
runner = CliRunner()
VALIDATOR = jsonschema.Draft202012Validator(json.loads(schema_text()))


def validate(obj: dict[str, object]) -> None:
    errors = sorted(VALIDATOR.iter_errors(obj), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize(
    ("command", "phrase"),
    [
        ([], "Read fan fiction"),
        (["analyze"], "Analyse works"),
        (["read"], "metadata and structure"),
        (["schema"], "JSON Schema"),
        (["check"], "beta"),
        (["eval"], "litbank"),
        (["eval", "litbank"], "LitBank"),
        (["eval", "characters"], "PDNC"),
        (["eval", "tags"], "Additional Tags"),
        (["eval", "pdnc"], "PDNC"),
    ],
)
def test_every_command_has_help(command: list[str], phrase: str) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert phrase in result.output


def test_help_paragraphs_are_reflowed_to_the_terminal() -> None:
    """A docstring's line breaks do not survive into the help: each paragraph is refilled
    to the terminal width, and placeholders such as NOVEL are kept."""
    result = runner.invoke(app, ["eval", "pdnc", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "compares the speakers layer with PDNC's speakers, end to end" in result.output
    assert "data/NOVEL/" in result.output


def test_schema_command_prints_the_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["properties"]["schema"]["const"] == "ficlens.analysis/1"


def test_analyze_json_on_the_example_matches_the_contract() -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--json", "--include-text"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    validate(data)
    text = data["text"]
    assert data["source"]["format"] == "ao3-html"
    assert data["work"]["title"] == "The Long Way Round"
    assert data["work"]["relationships"] == ["Pam Beesly/Jim Halpert"]
    assert [c["title"] for c in data["chapters"]] == ["Static", "The Long Way"]
    for quote in data["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
        assert quote["text"][0] in "“\"‘'" and quote["text"][-1] in "”\"’'"
    assert data["work"]["words"] == data["stats"]["words"] > 500
    kinds = {n["kind"] for n in data["notes"]}
    assert {"work_summary", "work_notes", "chapter_notes", "work_end_notes"} <= kinds
    assert len(data["scenes"]) == 4
    assert "text" not in json.loads(runner.invoke(app, ["analyze", str(EXAMPLE), "--json"]).output)


def test_example_word_count_matches_its_stats_line() -> None:
    result = analyze(EXAMPLE)
    assert result.document.meta.words_stated == result.story_words()


def test_batch_goes_on_after_a_bad_file_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-story.txt").write_text(
        "The kettle sang.\n\n“Tea?” she asked.\n\n“Always,” he said.\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["analyze", str(tmp_path), "--json"])
    assert result.exit_code == 2
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1
    validate(json.loads(lines[0]))
    assert "a-empty.txt: the file is empty" in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.epub")])
    assert result.exit_code == 2
    assert "nope.epub: cannot open the file" in result.stderr


def test_summary_and_read_show_the_work(tmp_path: Path) -> None:
    summary = runner.invoke(app, ["analyze", str(EXAMPLE)])
    assert summary.exit_code == 0
    assert "The Long Way Round" in summary.output
    assert "Pam Beesly/Jim Halpert" in summary.output
    read = runner.invoke(app, ["read", str(EXAMPLE)])
    assert read.exit_code == 0
    assert "Structure" in read.output
    assert "chapter_notes" in read.output
