"""``ficlens eval``: score the pipeline against LitBank and PDNC (logic in `ficlens.eval`)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from ficlens.cli_tags_eval import tags_command
from ficlens.eval.characters import CharacterScores, CharactersReport, evaluate_characters
from ficlens.eval.litbank import LitbankFormatError, LitbankReport, evaluate_litbank
from ficlens.eval.litbank_data import AlignmentError, work_names
from ficlens.eval.metrics import PRF, Accuracy
from ficlens.eval.pdnc_data import PdncFormatError, novel_folders

eval_app = typer.Typer(
    help="Score ficlens against annotated corpora: LitBank (entities, coreference, quotes) "
    "and PDNC (characters).",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

EXIT_INPUT = 2
NOT_AVAILABLE = "not available"
WIDE = 110  # tables are printed at least this wide, also into pipes
T = TypeVar("T")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", min=1, help="Score only the first N works (sorted by name)."),
]


@contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[object], None]]:
    """A transient progress bar on stderr; yields the per-item callback."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda _: progress.advance(task)


def _fail(message: str) -> NoReturn:
    err.print(f"ficlens: error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_INPUT)


def _run(func: Callable[[], T]) -> T:
    """Call `func`, turning unreadable corpus files into one clean error line."""
    try:
        return func()
    except (AlignmentError, LitbankFormatError, PdncFormatError, OSError) as exc:
        _fail(str(exc))


def _dump(data: dict[str, Any]) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.buffer.flush()


def _console() -> Console:
    """The stdout console, at least `WIDE` columns wide when not writing to a terminal."""
    return out if out.is_terminal else Console(highlight=False, width=max(out.width, WIDE))


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _f1(score: PRF | None) -> str:
    if score is None:
        return "n/a"
    return "–" if not (score.p_den or score.r_den) else _pct(score.f1)


def _acc(score: Accuracy | None) -> str:
    if score is None:
        return "n/a"
    return "–" if not score.total else _pct(score.accuracy)


@eval_app.command("litbank")
def litbank_cmd(
    root: Annotated[
        Path,
        typer.Argument(
            help="The LitBank folder (with original/, entities/, coref/ and quotations/), "
            "e.g. ../shared/data/litbank.",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ],
    json: JsonOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Score PER entities, coreference, pronouns, quotes and speakers on LitBank.

    Runs the default pipeline on each work's original text and compares its persons,
    mentions, quotes and speech layers with LitBank's annotations, per work and
    micro-averaged. Figures whose layer the pipeline does not produce yet are reported as
    not available. docs/evaluation.md defines every figure.
    """
    total = len(work_names(root))
    if not total:
        _fail(f"{root}: no LitBank works found (expected quotations/tsv/*.ann)")
    with _progress("scoring LitBank", min(total, limit or total)) as advance:
        report = _run(lambda: evaluate_litbank(root, limit=limit, progress=advance))
    if json:
        _dump(report.to_dict())
    else:
        _print_litbank(report)


@eval_app.command("characters")
def characters_cmd(
    root: Annotated[
        Path,
        typer.Argument(
            help="The PDNC folder (with data/<Novel>/ and PDNC-Novel-Index.csv), "
            "e.g. ../shared/data/pdnc.",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ],
    json: JsonOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Score the cast of each PDNC novel against its annotated characters and aliases.

    Runs the default pipeline on each novel_text.txt and matches every predicted
    character to the gold character sharing most names; reports cluster precision,
    recall of major and intermediate characters, split and merge errors. The figures are
    not available until the pipeline has a cast layer. docs/evaluation.md defines them.
    """
    total = len(_run(lambda: novel_folders(root)))
    if not total:
        _fail(f"{root}: no PDNC novels found (expected data/<Novel>/quotation_info.csv)")
    with _progress("scoring PDNC characters", min(total, limit or total)) as advance:
        report = _run(lambda: evaluate_characters(root, limit=limit, progress=advance))
    if json:
        _dump(report.to_dict())
    else:
        _print_characters(report)


def _print_litbank(report: LitbankReport) -> None:
    table = Table(title="LitBank, per work (F1 or accuracy, %)")
    table.add_column("work", no_wrap=True, overflow="ellipsis", max_width=36)
    for col in ("PER", "PROP", "NOM", "outer", "CoNLL", "LEA", "pron", "quotes", "spkr"):
        table.add_column(col, justify="right")
    for d in report.documents:
        s = d.scores
        ents, coref = s.entities, s.coref
        table.add_row(
            d.name,
            _f1(ents.all if ents else None),
            _f1(ents.names if ents else None),
            _f1(ents.nominals if ents else None),
            _f1(ents.outermost if ents else None),
            "n/a" if coref is None else _pct(coref.conll),
            _f1(coref.lea if coref else None),
            _acc(s.pronouns),
            _f1(s.quotes),
            _acc(s.speakers),
        )
    _console().print(table, markup=False)

    total = report.total
    scores = Table(title=f"LitBank totals, micro-averaged over {len(report.documents)} works (%)")
    for col in ("figure", "precision", "recall", "F1", "matched / predicted / gold"):
        scores.add_column(col, justify="left" if col == "figure" else "right")
    ents, coref = total.entities, total.coref
    spans: list[tuple[str, PRF | None]] = [
        ("PER entities, all layers", ents.all if ents else None),
        ("PER proper names (PROP)", ents.names if ents else None),
        ("PER nominals (NOM)", ents.nominals if ents else None),
        ("PER outermost", ents.outermost if ents else None),
        ("quote spans", total.quotes),
    ]
    for label, prf in spans:
        counts = "" if prf is None else f"{prf.p_num:g} / {prf.p_den:g} / {prf.r_den:g}"
        scores.add_row(label, *_prf_cells(prf), counts)
    links: list[tuple[str, PRF | None]] = [
        ("coreference MUC", coref.muc if coref else None),
        ("coreference B³", coref.b3 if coref else None),
        ("coreference CEAF-e", coref.ceafe if coref else None),
        ("coreference LEA", coref.lea if coref else None),
    ]
    for label, prf in links:
        scores.add_row(label, *_prf_cells(prf), "")
    conll = NOT_AVAILABLE if coref is None else _pct(coref.conll)
    scores.add_row("coreference CoNLL (mean F1)", "", "", conll, "")
    _console().print(scores, markup=False)

    accuracies = Table(title="LitBank accuracies (%)")
    for col in ("figure", "accuracy", "coverage", "accuracy when answered", "items"):
        accuracies.add_column(col, justify="left" if col == "figure" else "right")
    for label, acc in (
        ("pronoun resolution", total.pronouns),
        ("quote speakers", total.speakers),
    ):
        if acc is None:
            accuracies.add_row(label, NOT_AVAILABLE, "", "", "")
        else:
            accuracies.add_row(
                label,
                _pct(acc.accuracy),
                _pct(acc.coverage),
                _pct(acc.answered_accuracy),
                f"{acc.total:,}",
            )
    _console().print(accuracies, markup=False)


def _prf_cells(prf: PRF | None) -> list[str]:
    if prf is None:
        return [NOT_AVAILABLE, "", ""]
    return [_pct(prf.precision), _pct(prf.recall), _pct(prf.f1)]


def _character_cells(s: CharacterScores | None) -> list[str]:
    if s is None:
        return [NOT_AVAILABLE, "", "", "", "", "", ""]
    return [
        f"{s.predicted:,}",
        f"{s.matched:,}",
        f"{_pct(s.precision)} ({s.pure}/{s.matched})",
        f"{_pct(s.recall_main)} ({s.found_main}/{s.gold_main})",
        f"{_pct(s.recall)} ({s.found}/{s.gold})",
        str(s.splits),
        str(s.merges),
    ]


def _print_characters(report: CharactersReport) -> None:
    table = Table(title="PDNC characters (%)")
    table.add_column("novel", no_wrap=True)
    for col in (
        "predicted",
        "matched",
        "precision",
        "major+intermediate recall",
        "recall",
        "splits",
        "merges",
    ):
        table.add_column(col, justify="right")
    for n in report.novels:
        table.add_row(n.title or n.name, *_character_cells(n.scores))
    table.add_section()
    table.add_row(f"total ({len(report.novels)} novels)", *_character_cells(report.total))
    _console().print(table, markup=False)


eval_app.command("tags")(tags_command)
