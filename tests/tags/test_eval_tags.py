"""``ficlens eval tags``: scoring suggestions against an author's tags on tiny AO3 downloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ficlens.cli_tags_eval import tags_command
from ficlens.eval.tags import evaluate_tags

runner = CliRunner()
app = typer.Typer(add_completion=False)
app.command("tags")(tags_command)


@app.command("other")
def _other() -> None:
    """Keeps `tags` a subcommand, as when mounted under ``ficlens eval``."""


BODY = [
    "Everyone in Wren\u2019s village was born knowing the first words their soulmate would say.",
    "Wren had stopped believing in soulmates at nine, when hers turned out to be "
    "\u201cmind the goat.\u201d",
    "\u201cWill you go out with me?\u201d asked the goatherd, years later.",
    "\u201cIt\u2019s a date,\u201d said Wren, and then, because she was fair: "
    "\u201cMind the goat.\u201d",
    "Their first date was a walk to the far pasture and back, and the goat came too.",
    "She told him about her soulmate words; he laughed until he had to sit down.",
]


def download(
    title: str,
    work_id: int,
    freeform: list[str],
    body: list[str] = BODY,
    rating: str = "General Audiences",
) -> str:
    """A small AO3 HTML download in the current template."""
    links = ", ".join(f'<a href="https://archiveofourown.org/tags/x">{t}</a>' for t in freeform)
    paras = "\n".join(f"<p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8" />
<title>{title} - Anonymous - Original Work</title></head><body>
<div id="preface">
  <h2 class="toc-heading">Preface</h2>
  <p class="message"><b>{title}</b><br />Posted originally on the
    <a href="https://archiveofourown.org/">Archive of Our Own</a> at
    <a href="https://archiveofourown.org/works/{work_id}">https://archiveofourown.org/works/{work_id}</a>.</p>
  <div class="meta"><dl class="tags">
    <dt>Rating:</dt><dd><a href="https://archiveofourown.org/tags/r">{rating}</a></dd>
    <dt>Archive Warning:</dt><dd><a href="https://archiveofourown.org/tags/w">{NAWA}</a></dd>
    <dt>Category:</dt><dd><a href="https://archiveofourown.org/tags/c">F/M</a></dd>
    <dt>Fandom:</dt><dd><a href="https://archiveofourown.org/tags/f">Original Work</a></dd>
    <dt>Additional Tags:</dt><dd>{links}</dd>
    <dt>Language:</dt><dd>English</dd>
    <dt>Stats:</dt><dd>Published: 2025-06-01 Words: 120 Chapters: 1/1</dd>
  </dl>
  <h1>{title}</h1><div class="byline">by Anonymous</div></div>
</div>
<div id="chapters" class="userstuff">
  <h2 class="toc-heading">{title}</h2>
  <div class="userstuff">
{paras}
  </div>
</div>
<div id="afterword"><h2 class="toc-heading">Afterword</h2></div>
</body></html>
"""


NAWA = "No Archive Warnings Apply"
AUTHOR_TAGS = ["Soulmate AU", "first date", "Canon Divergence", "Goats Are Agents Of Chaos"]


@pytest.fixture
def works(tmp_path: Path) -> Path:
    folder = tmp_path / "works"
    folder.mkdir()
    (folder / "wren.html").write_text(download("Mind the Goat", 91, AUTHOR_TAGS), "utf-8")
    (folder / "wren-copy.html").write_text(download("Mind the Goat", 91, AUTHOR_TAGS), "utf-8")
    plain = ["The lighthouse keeper polished the lamp.", "Nothing else happened all week."]
    (folder / "lamp.html").write_text(download("Lamp", 92, ["Quiet"], plain), "utf-8")
    return folder


def test_suggestions_match_author_tags_through_synonyms(works: Path) -> None:
    report = evaluate_tags([works])
    wren = next(w for w in report.works if w.path.endswith("wren.html"))
    assert set(wren.matched) == {"Soulmate AU", "first date"}
    assert wren.undetectable == ("Canon Divergence",)
    assert wren.outside == ("Goats Are Agents Of Chaos",)
    assert wren.missed == ()
    assert wren.freeform.recall == pytest.approx(2 / 3)  # over the three taxonomy tags
    assert wren.detectable.recall == pytest.approx(1.0)  # over the two detectable ones
    assert wren.rating == ("General Audiences", "General Audiences")


def test_a_work_in_two_files_is_scored_once(works: Path) -> None:
    report = evaluate_tags([works])
    copies = [w for w in report.works if "wren" in w.path]
    assert sorted(w.duplicate_of is None for w in copies) == [False, True]
    assert len(report.scored) == 2
    counts = report.counts
    assert counts["Alternate Universe - Soulmates"].author == 1
    assert counts["Alternate Universe - Soulmates"].matched == 1
    every = evaluate_tags([works], dedupe=False)
    assert len(every.scored) == 3


def test_min_score_drops_weak_suggestions(works: Path) -> None:
    report = evaluate_tags([works], min_score=0.99)
    assert all(not w.suggested for w in report.works)
    assert report.total("freeform") is not None
    total = report.total("freeform")
    assert total is not None and total.recall == 0.0
    assert report.rating_agreement == (2, 2)  # ratings and warnings are always compared
    warnings = report.total("warnings")
    assert warnings is not None and warnings.f1 == 1.0


def test_json_report_shape(works: Path) -> None:
    data = evaluate_tags([works]).to_dict()
    assert data["corpus"] == "ao3-tags"
    assert data["total"]["works"] == 2
    assert data["total"]["outside_taxonomy"] == 2  # the goats, and "Quiet"
    assert data["total"]["rating"] == {"agree": 2, "rated": 2}
    assert data["tags"]["First Date"]["matched"] == 1
    first = data["works"][0]
    assert {"suggested", "matched", "missed", "outside_taxonomy", "freeform"} <= set(first)


def test_help() -> None:
    result = runner.invoke(app, ["tags", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for phrase in ("Additional Tags", "outside", "--json", "--min-score", "--all-files"):
        assert phrase in result.output


def test_command_prints_tables_and_json(works: Path) -> None:
    result = runner.invoke(app, ["tags", str(works)])
    assert result.exit_code == 0, result.output
    assert "Totals over 2 distinct works" in result.output
    assert "Goats Are Agents Of Chaos" in result.output
    assert "(duplicate)" in result.output
    result = runner.invoke(app, ["tags", str(works), "--json", "--all-files"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["works"] == 3


def test_unreadable_file_is_reported_and_exit_status_is_2(works: Path) -> None:
    (works / "broken.epub").write_bytes(b"PK\x03\x04 not really a zip")
    result = runner.invoke(app, ["tags", str(works)])
    assert result.exit_code == 2
    assert "ficlens: error:" in result.stderr and "broken.epub" in result.stderr
    assert "Totals over 2 distinct works" in result.stdout


def test_empty_folder_and_bad_taxonomy_are_clean_errors(tmp_path: Path, works: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["tags", str(empty)])
    assert result.exit_code == 2 and "no works found" in result.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.toml").write_text("[families.x]\npatterns = ['X']\n", "utf-8")
    result = runner.invoke(app, ["tags", str(works), "--tags", str(bad)])
    assert result.exit_code == 2 and "lower case" in result.stderr
