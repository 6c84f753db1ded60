"""``ficlens eval tags DIR``: suggested tags against the authors' own (logic in
`ficlens.eval.tags`). Mount with ``eval_app.command("tags")(tags_command)``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ficlens.cli_common import (
    EXIT_INPUT,
    error,
    fail,
    pct,
    print_json,
    progress_bar,
    wide_console,
)
from ficlens.errors import FiclensError
from ficlens.eval.metrics import PRF
from ficlens.eval.tags import TagsReport, WorkResult, evaluate_tags
from ficlens.ingest import expand_paths
from ficlens.tags.taxonomy import load_taxonomy

TOP_TAGS = 40


def tags_command(
    folder: Annotated[
        Path,
        typer.Argument(
            help="A folder of AO3 works (any format ficlens reads, with the author's tags), "
            "e.g. ../shared/data/ao3.",
            exists=True,
            show_default=False,
        ),
    ],
    json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score", min=0.0, max=1.0, help="Ignore freeform suggestions scored lower."
        ),
    ] = 0.5,
    all_files: Annotated[
        bool,
        typer.Option(
            "--all-files", help="Score every file, also copies of one work in other formats."
        ),
    ] = False,
    tags_dirs: Annotated[
        list[Path] | None,
        typer.Option("--tags", help="A folder of extra taxonomy files (repeatable)."),
    ] = None,
) -> None:
    """Compare suggested freeform tags with the Additional Tags authors gave their works.

    Author tags are matched through the taxonomy's synonyms and broader tags; those it
    does not know are reported as outside the taxonomy and left out of recall. Prints
    precision, recall (over the author's taxonomy tags, and over those detectable in a
    story's text), per-tag counts, rating agreement, and warnings when they can be
    compared. A work saved in several formats is scored once. docs/tags.md explains it.
    """
    try:
        taxonomy = load_taxonomy(tags_dirs or ())
    except FiclensError as exc:
        fail(str(exc))
    files = list(expand_paths([folder]))
    if not files:
        fail(f"{folder}: no works found")
    with progress_bar("scoring tags", len(files)) as advance:
        report = evaluate_tags(
            files,
            taxonomy=taxonomy,
            min_score=min_score,
            dedupe=not all_files,
            progress=advance,
        )
    for problem in report.errors:
        error(problem)
    if json:
        print_json(report.to_dict(), indent=True)
    else:
        _print(report)
    if report.errors:
        raise typer.Exit(EXIT_INPUT)


def _letter(rating: str | None) -> str:
    """AO3's one-letter form of a rating: G, T, M, E."""
    return rating[0] if rating else "-"


def _prf(score: PRF | None) -> list[str]:
    """Precision, recall (with counts) and F1 cells; "n/a" when there is no score."""
    if score is None:
        return ["n/a", "", ""]
    return [
        f"{pct(score.precision)} ({score.p_num:g}/{score.p_den:g})",
        f"{pct(score.recall)} ({score.r_num:g}/{score.r_den:g})",
        pct(score.f1),
    ]


def _print(report: TagsReport) -> None:
    """The per-work, totals and per-tag tables, then each work's details."""
    console = wide_console()
    works = Table(
        title=f"Freeform tags per work (suggestions scored >= {report.min_score:g}; "
        "rating: author/ficlens)"
    )
    for col in ("file", "format", "suggested", "author", "matched", "precision %", "recall %",
                "rating"):  # fmt: skip
        works.add_column(col, justify="left" if col in ("file", "format") else "right")
    for w in report.works:
        name = Path(w.path).name + (" (duplicate)" if w.duplicate_of else "")
        rating = f"{_letter(w.rating[0])}/{_letter(w.rating[1])}"
        scored = bool(w.author)
        works.add_row(
            name,
            w.format,
            str(len(w.suggested)),
            str(len(w.author)),
            str(len(w.matched)),
            pct(w.freeform.precision) if scored and w.suggested else "-",
            pct(w.freeform.recall) if w.freeform.r_den else "-",
            rating,
        )
    console.print(works, markup=False)

    total = Table(title=f"Totals over {len(report.scored)} distinct works with author tags")
    for col in ("figure", "precision %", "recall %", "F1 %"):
        total.add_column(col, justify="left" if col == "figure" else "right")
    total.add_row("freeform (recall over taxonomy tags)", *_prf(report.total("freeform")))
    total.add_row("freeform (recall over detectable tags)", *_prf(report.total("detectable")))
    for label, name in (
        ("archive warnings", "warnings"),
        ("categories", "categories"),
        ("relationships", "relationships"),
        ("characters", "characters"),
    ):
        total.add_row(label, *_prf(report.total(name)))
    agree, rated = report.rating_agreement
    total.add_row("rating agreement", "", f"{agree}/{rated}" if rated else "n/a", "")
    outside = sum(len(w.outside) for w in report.scored)
    total.add_row("author tags outside the taxonomy", "", str(outside), "")
    console.print(total, markup=False)

    counts = Table(title="Per tag (distinct works)")
    for col in ("tag", "suggested", "author", "matched"):
        counts.add_column(col, justify="left" if col == "tag" else "right")
    for tag, c in list(report.counts.items())[:TOP_TAGS]:
        counts.add_row(tag, str(c.suggested), str(c.author), str(c.matched))
    console.print(counts, markup=False)
    for w in report.works:
        if w.duplicate_of is None:
            _print_details(console, w)


def _print_details(console: Console, w: WorkResult) -> None:
    """One work's suggested, matched, missed, undetectable, outside and extra tags."""
    console.rule(w.title or Path(w.path).name, characters="-")
    rows = [
        ("suggested", ", ".join(f"{t} ({s:.2f})" for t, s in w.suggested)),
        ("matched", ", ".join(w.matched)),
        ("missed", ", ".join(w.missed)),
        ("not detectable in text", ", ".join(w.undetectable)),
        ("outside the taxonomy", ", ".join(w.outside)),
        ("suggested, not by author", ", ".join(w.extra)),
    ]
    for label, value in rows:
        console.print(f"  {label}: {value or '-'}", markup=False, soft_wrap=True)
