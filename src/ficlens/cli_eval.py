"""``ficlens eval``: score the pipeline against LitBank and PDNC (logic in `ficlens.eval`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar

import typer
from rich.table import Table

from ficlens.cli_common import fail, pct, print_json, progress_bar, wide_console
from ficlens.cli_pdnc_eval import pdnc_command
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
    rich_markup_mode="markdown",
)

NOT_AVAILABLE = "not available"
T = TypeVar("T")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", min=1, help="Score only the first N works (sorted by name)."),
]


class _Report(Protocol):
    """A corpus report: printed as tables, or as JSON from its dict."""

    def to_dict(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=_Report)


def _corpus(help_text: str) -> Any:
    """The argument naming a corpus folder, which must exist."""
    return typer.Argument(help=help_text, exists=True, file_okay=False, show_default=False)


def _run(func: Callable[[], T]) -> T:
    """Call `func`, turning unreadable corpus files into one clean error line."""
    try:
        return func()
    except (AlignmentError, LitbankFormatError, PdncFormatError, OSError) as exc:
        fail(str(exc))


def _score(
    evaluate: Callable[[Callable[[object], None]], R],
    *,
    total: int,
    missing: str,
    label: str,
    limit: int | None,
    json: bool,
    show: Callable[[R], None],
) -> None:
    """Score a corpus of `total` items with `evaluate`, then print the report or its JSON.

    `evaluate` is given the progress callback; an empty corpus fails with `missing`.
    """
    if not total:
        fail(missing)
    with progress_bar(label, min(total, limit or total)) as advance:
        report = _run(lambda: evaluate(advance))
    if json:
        print_json(report.to_dict(), indent=True)
    else:
        show(report)


def _f1(score: PRF | None) -> str:
    if score is None:
        return "n/a"
    return "–" if not (score.p_den or score.r_den) else pct(score.f1)


def _acc(score: Accuracy | None) -> str:
    if score is None:
        return "n/a"
    return "–" if not score.total else pct(score.accuracy)


@eval_app.command("litbank")
def litbank_cmd(
    root: Annotated[
        Path,
        _corpus(
            "The LitBank folder (with original/, entities/, coref/ and quotations/), "
            "e.g. ../shared/data/litbank."
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
    _score(
        lambda advance: evaluate_litbank(root, limit=limit, progress=advance),
        total=len(work_names(root)),
        missing=f"{root}: no LitBank works found (expected quotations/tsv/*.ann)",
        label="scoring LitBank",
        limit=limit,
        json=json,
        show=_print_litbank,
    )


@eval_app.command("characters")
def characters_cmd(
    root: Annotated[
        Path,
        _corpus(
            "The PDNC folder (with data/NOVEL/ and PDNC-Novel-Index.csv), e.g. ../shared/data/pdnc."
        ),
    ],
    json: JsonOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Score the cast of each PDNC novel against its annotated characters and aliases.

    Runs the default pipeline on each novel_text.txt and matches every predicted
    character to the gold character sharing most names; reports cluster precision,
    recall of major and intermediate characters, split and merge errors.
    docs/evaluation.md defines them.
    """
    _score(
        lambda advance: evaluate_characters(root, limit=limit, progress=advance),
        total=len(_run(lambda: novel_folders(root))),
        missing=f"{root}: no PDNC novels found (expected data/<Novel>/quotation_info.csv)",
        label="scoring PDNC characters",
        limit=limit,
        json=json,
        show=_print_characters,
    )


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
            "n/a" if coref is None else pct(coref.conll),
            _f1(coref.lea if coref else None),
            _acc(s.pronouns),
            _f1(s.quotes),
            _acc(s.speakers),
        )
    wide_console().print(table, markup=False)

    total = report.total
    scores = Table(title=f"LitBank totals, micro-averaged over {len(report.documents)} works (%)")
    for col in ("figure", "precision", "recall", "F1", "matched / predicted / gold"):
        scores.add_column(col, justify="left" if col == "figure" else "right")
    ents, coref = total.entities, total.coref
    spans: list[tuple[str, PRF | None]] = [
        ("PER entities, all layers", ents.all if ents else None),
        ("PER, titles not split from names", ents.untitled if ents else None),
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
    conll = NOT_AVAILABLE if coref is None else pct(coref.conll)
    scores.add_row("coreference CoNLL (mean F1)", "", "", conll, "")
    wide_console().print(scores, markup=False)

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
                pct(acc.accuracy),
                pct(acc.coverage),
                pct(acc.answered_accuracy),
                f"{acc.total:,}",
            )
    wide_console().print(accuracies, markup=False)


def _prf_cells(prf: PRF | None) -> list[str]:
    if prf is None:
        return [NOT_AVAILABLE, "", ""]
    return [pct(prf.precision), pct(prf.recall), pct(prf.f1)]


def _character_cells(s: CharacterScores | None) -> list[str]:
    if s is None:
        return [NOT_AVAILABLE, "", "", "", "", "", ""]
    return [
        f"{s.predicted:,}",
        f"{s.matched:,}",
        f"{pct(s.precision)} ({s.pure}/{s.matched})",
        f"{pct(s.recall_main)} ({s.found_main}/{s.gold_main})",
        f"{pct(s.recall)} ({s.found}/{s.gold})",
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
    wide_console().print(table, markup=False)


eval_app.command("tags")(tags_command)
eval_app.command("pdnc")(pdnc_command)
