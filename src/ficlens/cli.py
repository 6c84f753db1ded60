"""The ``ficlens`` command line: a thin layer over the Python API.

Errors that ficlens raises on purpose become one clean line on stderr here, and nowhere else.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ficlens import __version__, layers
from ficlens.analysis import Analysis, analyze, default_pipeline
from ficlens.cli_check import check_command
from ficlens.cli_common import EXIT_INPUT, error, out, print_json, progress_bar
from ficlens.cli_eval import eval_app
from ficlens.errors import FiclensError, IngestError
from ficlens.ingest import expand_paths
from ficlens.schema import schema_text
from ficlens.textstats import count_words

app = typer.Typer(
    name="ficlens",
    help="Read fan fiction the way a devoted reader and an AO3 tag wrangler would.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)
app.add_typer(eval_app, name="eval")
app.command("check")(check_command)

PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Work files (AO3 HTML/EPUB/MOBI/AZW3/PDF, saved AO3 pages, FanFicFare output, "
        "Markdown, plain text) or folders of them.",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        out.print(f"ficlens {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Read fan fiction the way a devoted reader and an AO3 tag wrangler would."""


def _analyses(paths: list[Path]) -> Iterator[Analysis | IngestError]:
    """Analyse every file, with a progress bar on stderr when there is more than one."""
    files = list(expand_paths(paths))
    pipeline = default_pipeline()
    with progress_bar("analysing", len(files), disable=len(files) < 2) as advance:
        for f in files:
            try:
                yield analyze(f, pipeline)
            except IngestError as exc:
                yield exc
            advance(f)


def _each(paths: list[Path], show: Callable[[Analysis], None]) -> None:
    """Show each work; report unreadable files on stderr and exit 2 after the batch."""
    failed = False
    for result in _analyses(paths):
        if isinstance(result, IngestError):
            failed = True
            error(str(result))
        else:
            show(result)
    if failed:
        raise typer.Exit(EXIT_INPUT)


@app.command("analyze")
def analyze_cmd(
    paths: PathsArg,
    json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the ficlens.analysis/1 object (JSON Lines for several works)."
        ),
    ] = False,
    include_text: Annotated[
        bool, typer.Option("--include-text", help="With --json, add the canonical text.")
    ] = False,
    mentions: Annotated[
        bool, typer.Option("--mentions", help="With --json, add every character mention.")
    ] = False,
) -> None:
    """Analyse works: structure, cast, dialogue, point of view, relationships and tags.

    Without --json, prints a readable summary per work. Files that cannot be read are
    reported on stderr and the rest are still analysed; the exit status is then 2.
    """

    def emit(result: Analysis) -> None:
        print_json(result.to_dict(include_text=include_text, mentions=mentions))

    _each(paths, emit if json else _print_summary)


@app.command("read")
def read_cmd(paths: PathsArg) -> None:
    """Show each work's metadata and structure: chapters, notes, scenes and quotes."""

    def show(result: Analysis) -> None:
        _print_summary(result)
        _print_structure(result)

    _each(paths, show)


@app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the ficlens.analysis/1 output."""
    sys.stdout.write(schema_text())


def _print_summary(result: Analysis) -> None:
    data = result.to_dict()
    work = data["work"]
    title = work["title"] or Path(data["source"]["path"]).name
    by = ", ".join(work["authors"]) or "unknown author"
    out.rule(f"[bold]{title}[/bold] by {by}")
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    rows = [
        ("File", f"{data['source']['path']} ({data['source']['format']})"),
        ("Rating", work["rating"]),
        ("Warnings", ", ".join(work["warnings"])),
        ("Categories", ", ".join(work["categories"])),
        ("Fandoms", ", ".join(work["fandoms"])),
        ("Relationships", ", ".join(work["relationships"])),
        ("Characters", ", ".join(work["characters"])),
        ("Additional tags", ", ".join(work["freeform"])),
        ("Series", ", ".join(f"{s['title']} (part {s['part']})" for s in work["series"])),
        ("Published", work["published"]),
        ("Updated", work["updated"]),
        ("Words", f"{work['words']:,}"),
        ("Chapters", f"{work['chapters_posted']}/{work['chapters_expected'] or '?'}"),
        ("Scenes", str(len(data["scenes"]))),
        ("Quotes", f"{len(data['quotes'])} ({data['stats']['dialogue_share']:.0%} dialogue)"),
    ]
    for label, value in rows:
        if value:
            table.add_row(label, value)
    out.print(table, markup=False)


def _print_structure(result: Analysis) -> None:
    doc = result.document
    notes = doc.layer(layers.NOTES)
    scenes = doc.layer(layers.SCENES)
    table = Table(title="Structure", show_lines=False)
    for col in ("kind", "chapter", "start", "end", "words", "opening"):
        table.add_column(col)
    items = [
        ("chapter", c.attrs.get("index"), c.start, c.end, c.label)
        for c in doc.layer(layers.CHAPTERS)
    ]
    items += [("note: " + n.label, n.attrs.get("chapter"), n.start, n.end, "") for n in notes]
    items += [("scene", s.attrs.get("chapter"), s.start, s.end, "") for s in scenes]
    for kind, chapter, start, end, label in sorted(items, key=lambda r: (r[2], -r[3])):
        opening = label or doc.text[start : min(end, start + 50)].replace("\n", " ")
        table.add_row(
            kind,
            str(chapter or ""),
            str(start),
            str(end),
            f"{count_words(doc.text[start:end]):,}",
            opening,
        )
    out.print(table, markup=False)


def main() -> None:
    """Console-script entry point: runs the app, turning ficlens errors into clean messages."""
    # pypdf logs recoverable damage as warnings; ficlens reports what matters itself.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        app()
    except FiclensError as exc:
        error(str(exc))
        sys.exit(EXIT_INPUT)
