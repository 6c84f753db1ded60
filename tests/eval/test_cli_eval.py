"""``ficlens eval``: help texts, tables and JSON on the tiny corpora, clean input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.cli_eval import eval_app

runner = CliRunner()


@pytest.mark.parametrize(
    ("command", "phrases"),
    [
        ([], ["LitBank", "PDNC", "litbank", "characters"]),
        (["litbank"], ["coreference", "not available", "--json", "--limit"]),
        (["characters"], ["cast", "major and intermediate", "--json", "--limit"]),
    ],
)
def test_help(command: list[str], phrases: list[str]) -> None:
    result = runner.invoke(eval_app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for phrase in phrases:
        assert phrase in result.output


def test_litbank_tables_and_json(litbank_dir: Path) -> None:
    result = runner.invoke(eval_app, ["litbank", str(litbank_dir)])
    assert result.exit_code == 0, result.output
    assert "1_tiny" in result.output
    assert "quote spans" in result.output
    result = runner.invoke(eval_app, ["litbank", str(litbank_dir), "--json", "--limit", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["corpus"] == "litbank"
    assert data["total"]["quotes"]["f1"] == 1.0
    # The shipped pipeline has persons, cast and speech stages, so every figure is present.
    assert data["total"]["entities"] is not None and data["total"]["coref"] is not None


def test_characters_tables_and_json(pdnc_dir: Path) -> None:
    result = runner.invoke(eval_app, ["characters", str(pdnc_dir)])
    assert result.exit_code == 0, result.output
    assert "A Tiny Novel" in result.output
    result = runner.invoke(eval_app, ["characters", str(pdnc_dir), "--json"])
    data = json.loads(result.stdout)
    assert data["corpus"] == "pdnc" and data["novels"][0]["name"] == "Tiny"
    assert data["novels"][0]["characters"] is not None  # the shipped cast stage ran


@pytest.mark.parametrize("command", ["litbank", "characters"])
def test_empty_folder_is_a_clean_error(tmp_path: Path, command: str) -> None:
    result = runner.invoke(eval_app, [command, str(tmp_path)])
    assert result.exit_code == 2
    assert "ficlens: error:" in result.stderr and "found" in result.stderr


def test_unreadable_corpus_is_a_clean_error(litbank_dir: Path) -> None:
    (litbank_dir / "coref" / "tsv" / "1_tiny_brat.txt").unlink()
    result = runner.invoke(eval_app, ["litbank", str(litbank_dir)])
    assert result.exit_code == 2
    assert "ficlens: error:" in result.stderr and "1_tiny_brat.txt" in result.stderr
