"""What every ``ficlens`` command shares: consoles, exit codes, error lines, progress, JSON."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

EXIT_INPUT = 2
"""Exit status when an input (file, folder, option) cannot be used."""
WIDE = 110
"""Tables are printed at least this wide, also into pipes."""

out = Console(highlight=False)
# No emoji codes: a message quoting a path or a file's text prints it as it is.
err = Console(stderr=True, highlight=False, emoji=False)


def error(message: str) -> None:
    """One clean ``ficlens: error:`` line on stderr."""
    err.print(f"ficlens: error: {message}", markup=False, soft_wrap=True)


def fail(message: str) -> NoReturn:
    """An error line, then exit with status `EXIT_INPUT`."""
    error(message)
    raise typer.Exit(EXIT_INPUT)


def wide_console() -> Console:
    """The stdout console, at least `WIDE` columns wide when not writing to a terminal."""
    return out if out.is_terminal else Console(highlight=False, width=max(out.width, WIDE))


def pct(value: float) -> str:
    """A share as a percentage with one decimal: 0.1234 -> "12.3"."""
    return f"{100 * value:.1f}"


@contextmanager
def progress_bar(
    label: str, total: int, *, disable: bool = False
) -> Iterator[Callable[[object], None]]:
    """A transient progress bar on stderr; yields the callback that advances it by one."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True, disable=disable) as progress:
        task = progress.add_task(label, total=total)
        yield lambda _: progress.advance(task)


def print_json(data: Any, *, indent: bool = False) -> None:
    """`data` as one line of JSON on stdout (or indented by two spaces), flushed."""
    option = orjson.OPT_INDENT_2 if indent else None
    sys.stdout.buffer.write(orjson.dumps(data, option=option) + b"\n")
    sys.stdout.buffer.flush()
