"""``ficlens check`` through typer's test runner, mounted the way the main CLI mounts it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ficlens.cli_check import EXIT_FINDINGS, EXIT_INPUT, check_command

app = typer.Typer()
app.command("check")(check_command)


@app.callback()
def _root() -> None:
    """Test host for the check command."""


runner = CliRunner()
STORY = "“Thanks.” He says it quietly.\n\nShe tore open the envelop.\n"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_help_explains_every_option() -> None:
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0
    for phrase in ("beta reader", "--format", "--disable", "--enable", "--list-rules", "sarif"):
        assert phrase in result.output


def test_text_output_and_exit_status(story: Path) -> None:
    result = runner.invoke(app, ["check", str(story)])
    assert result.exit_code == EXIT_FINDINGS
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{story}:1:8: dialogue_tag_case [tag-case]")
    assert lines[1].startswith(f"{story}:3:19: confusable [confusable.envelope]")


def test_disabled_rules_and_a_clean_run(story: Path) -> None:
    result = runner.invoke(app, ["check", str(story), "-d", "tag-case", "-d", "confusable"])
    assert result.exit_code == 0
    assert result.output == ""


def test_json_and_sarif_formats(story: Path) -> None:
    result = runner.invoke(app, ["check", "--format", "json", str(story)])
    [obj] = [json.loads(line) for line in result.output.splitlines()]
    assert [f["rule"] for f in obj["findings"]] == ["tag-case", "confusable.envelope"]
    result = runner.invoke(app, ["check", "-f", "sarif", str(story)])
    rule_ids = [json.loads(line)["ruleId"] for line in result.output.splitlines()]
    assert rule_ids == ["tag-case", "confusable.envelope"]


def test_enable_an_opt_in_rule(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("It was alright.\n", encoding="utf-8")
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0
    result = runner.invoke(app, ["check", "--enable", "confusable.alright", str(path)])
    assert result.exit_code == EXIT_FINDINGS
    assert "[confusable.alright]" in result.output


def test_list_rules() -> None:
    result = runner.invoke(app, ["check", "--list-rules", "--enable", "echo"])
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split()[1] for line in result.output.splitlines()}
    assert rows["tag-case"] == "on"
    assert rows["echo"] == "on"
    assert rows["confusable.alright"] == "off"


def test_unknown_rule_and_unreadable_file_exit_2(tmp_path: Path, story: Path) -> None:
    result = runner.invoke(app, ["check", "--disable", "nonsense", str(story)])
    assert result.exit_code == EXIT_INPUT
    assert "unknown rule nonsense" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["check", str(empty), str(story)])
    assert result.exit_code == EXIT_INPUT
    assert "envelop" in result.output
    assert runner.invoke(app, ["check"]).exit_code == EXIT_INPUT
