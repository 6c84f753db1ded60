"""``ficlens check``: the beta-reader checks from the command line.

Mount it on the main app with ``app.command("check")(check_command)``. Findings go to
stdout (text lines, JSON Lines, or SARIF result lines), problems with files to stderr.
The exit status is 0 when nothing was found, 1 when there are findings, 2 when a file
could not be read or a rule name is unknown.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ficlens.analysis import reading_stages
from ficlens.cli_common import EXIT_INPUT, error, fail, print_json
from ficlens.errors import IngestError
from ficlens.ingest import expand_paths, read_path
from ficlens.pipeline import Pipeline
from ficlens.writing.checks import active_rules, check, rules, unknown_selectors
from ficlens.writing.report import json_object, sarif_results, text_lines

EXIT_FINDINGS = 1


class OutputFormat(StrEnum):
    """How findings are printed."""

    text = "text"
    json = "json"
    sarif = "sarif"


def _list_rules(disable: list[str], enable: list[str]) -> None:
    on = {r.name for r in active_rules(disable, enable)}
    width = max(len(name) for name in rules())
    for rule in rules().values():
        state = "on " if rule.name in on else "off"
        typer.echo(f"{rule.name:<{width}}  {state}  {rule.type:<20}  {rule.summary}")


def check_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Work files (any format ficlens reads) or folders of them.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one line per finding (path:line:col for plain text, path:@offset "
            "for other formats); json: one object per work (JSON Lines); sarif: one SARIF "
            "result object per finding (JSON Lines).",
        ),
    ] = OutputFormat.text,
    disable: Annotated[
        list[str] | None,
        typer.Option(
            "--disable",
            "-d",
            help="Switch off a rule by name (tag-case), group (confusable) or type "
            "(dialogue_punctuation). Repeat for several.",
            show_default=False,
        ),
    ] = None,
    enable: Annotated[
        list[str] | None,
        typer.Option(
            "--enable",
            "-e",
            help="Switch on a rule that is off by default (echo, confusable.alright), by "
            "name, group or type. Repeat for several.",
            show_default=False,
        ),
    ] = None,
    list_rules: Annotated[
        bool,
        typer.Option("--list-rules", help="List every rule, whether it is on, and exit."),
    ] = False,
) -> None:
    """Check works like a beta reader: tense shifts, dialogue tags and punctuation,
    confused words and repetition.

    Exit status: 0 nothing found, 1 findings, 2 a file could not be read or a rule name
    is unknown.
    """
    off, on = disable or [], enable or []
    unknown = unknown_selectors([*off, *on])
    if unknown:
        fail(f"unknown rule {', '.join(unknown)} (see --list-rules)")
    if list_rules:
        _list_rules(off, on)
        return
    if not paths:
        fail("give at least one PATH to check")
    pipeline = Pipeline(reading_stages())
    failed = found = False
    for path in expand_paths(paths):
        name = str(path)
        try:
            doc = pipeline(read_path(path))
        except IngestError as exc:
            failed = True
            error(str(exc))
            continue
        findings = check(doc, disable=off, enable=on)
        found = found or bool(findings)
        if output is OutputFormat.json:
            print_json(json_object(name, doc, findings))
        elif output is OutputFormat.sarif:
            for result in sarif_results(name, doc, findings):
                print_json(result)
        else:
            for line in text_lines(name, doc, findings):
                typer.echo(line)
    if failed:
        raise typer.Exit(EXIT_INPUT)
    if found:
        raise typer.Exit(EXIT_FINDINGS)
