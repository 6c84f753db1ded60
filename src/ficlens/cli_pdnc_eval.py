"""``ficlens eval pdnc DIR``: quote attribution against PDNC (logic in `ficlens.eval.pdnc`).

Mount with ``eval_app.command("pdnc")(pdnc_command)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ficlens.cli_common import fail, pct, print_json, progress_bar, wide_console
from ficlens.eval.metrics import PRF, Accuracy
from ficlens.eval.pdnc import PdncReport, PdncScores, SpeakerScores, evaluate_pdnc
from ficlens.eval.pdnc_data import PdncFormatError, novel_folders


def pdnc_command(
    root: Annotated[
        Path,
        typer.Argument(
            help="The PDNC folder (with data/NOVEL/ and PDNC-Novel-Index.csv), "
            "e.g. ../shared/data/pdnc.",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ],
    gold_spans: Annotated[
        bool,
        typer.Option(
            "--gold-spans", help="Also attribute PDNC's own quote spans (a second run per novel)."
        ),
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="Score only the first N novels (sorted by name)."),
    ] = None,
) -> None:
    """Score who speaks each PDNC quotation: speaker accuracy per quote type and quote spans.

    Runs the pipeline on each novel_text.txt and compares the speakers layer with PDNC's
    speakers, end to end (ficlens finds the quotes; a gold quotation no predicted quote
    overlaps counts as wrong) and, with --gold-spans, on PDNC's own quote spans. Accuracy is
    given overall and for Explicit, Anaphoric and Implicit quotations, per novel and
    micro-averaged, with quote-span precision, recall and F1. docs/evaluation.md defines
    every figure and how a predicted character is matched to a PDNC speaker.
    """
    try:
        total = len(novel_folders(root))
    except (OSError, PdncFormatError) as exc:
        fail(str(exc))
    if not total:
        fail(f"{root}: no PDNC novels found (expected data/<Novel>/quotation_info.csv)")
    with progress_bar("scoring PDNC speakers", min(total, limit or total)) as advance:
        try:
            report = evaluate_pdnc(root, limit=limit, gold_spans=gold_spans, progress=advance)
        except (OSError, PdncFormatError) as exc:
            fail(str(exc))
    if json:
        print_json(report.to_dict(), indent=True)
    else:
        _print(report)


def _acc(score: Accuracy) -> str:
    return "–" if not score.total else pct(score.accuracy)


def _speaker_cells(s: SpeakerScores) -> list[str]:
    return [_acc(s.overall), _acc(s.explicit), _acc(s.anaphoric), _acc(s.implicit)]


def _f1(score: PRF) -> str:
    return "–" if not (score.p_den or score.r_den) else pct(score.f1)


def _row(name: str, s: PdncScores, gold: bool) -> list[str]:
    cells = [name, f"{s.quotes - s.unscored:,}", *_speaker_cells(s.end_to_end)]
    if gold:
        cells += _speaker_cells(s.gold_spans)
    return [*cells, _f1(s.spans_exact), _f1(s.spans_overlap)]


def _print(report: PdncReport) -> None:
    gold = report.gold_spans
    table = Table(title="PDNC speaker accuracy (%): end to end" + (" | gold spans" if gold else ""))
    table.add_column("novel", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("quotes", justify="right", min_width=6)
    columns = ["all", "Expl", "Anaph", "Impl"]
    for col in columns:
        table.add_column(col, justify="right")
    if gold:
        for col in columns:
            table.add_column(f"gold {col}", justify="right")
    table.add_column("span F1", justify="right")
    table.add_column("ovl F1", justify="right")
    for n in report.novels:
        table.add_row(*_row(n.title or n.name, n.scores, gold))
    table.add_section()
    table.add_row(*_row(f"total ({len(report.novels)} novels)", report.total, gold))
    console = wide_console()
    console.print(table, markup=False)

    t = report.total
    details = Table(title="Totals, micro-averaged")
    for col in ("figure", "value", "counts"):
        details.add_column(col, justify="left" if col == "figure" else "right")
    runs = [("end to end", t.end_to_end)] + ([("gold spans", t.gold_spans)] if gold else [])
    for label, s in runs:
        for kind, acc in (
            ("all", s.overall),
            ("Explicit", s.explicit),
            ("Anaphoric", s.anaphoric),
            ("Implicit", s.implicit),
        ):
            details.add_row(
                f"speaker accuracy, {label}, {kind}",
                pct(acc.accuracy),
                f"{acc.correct:,} / {acc.total:,} (answered {acc.answered:,})",
            )
        details.add_row(f"wrong answers from cast merges/splits, {label}", str(s.cast_errors), "")
    for label, prf in (
        ("quote spans, exact", t.spans_exact),
        ("quote spans, overlap", t.spans_overlap),
    ):
        details.add_row(
            label,
            f"P {pct(prf.precision)} R {pct(prf.recall)} F1 {pct(prf.f1)}",
            f"{prf.p_num:g} / {prf.p_den:g} / {prf.r_den:g}",
        )
    details.add_row("quotations not scored (placeholder speaker)", str(t.unscored), "")
    details.add_row(
        "attribution speed", f"{t.microseconds_per_word:.2f} µs/word", f"{t.words:,} words"
    )
    console.print(details, markup=False)
