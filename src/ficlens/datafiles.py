"""Reading TOML data files (fandom packs, the tag taxonomy) with exact error messages.

A `TableReader` turns the values of one parsed file into typed Python values and raises
its caller's `DataFileError` subclass, worded "file: field: problem", on anything else.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import NoReturn, cast

from ficlens.errors import FiclensError


class DataFileError(FiclensError):
    """A data file is invalid: names the file, the field and the problem."""

    def __init__(self, path: str, where: str, problem: str) -> None:
        super().__init__(f"{path}: {where}: {problem}" if where else f"{path}: {problem}")
        self.path = path
        self.where = where
        self.problem = problem


def toml_files(
    folders: Iterable[Path], error: type[DataFileError], kind: str
) -> tuple[tuple[str, int, int], ...]:
    """``(path, mtime, size)`` of every ``*.toml`` file in `folders`, a cache key.

    Fails with "`kind` folder does not exist" for a folder that is missing.
    """
    files: list[tuple[str, int, int]] = []
    for folder in folders:
        if not folder.is_dir():
            raise error(str(folder), "", f"{kind} folder does not exist")
        for path in sorted(folder.glob("*.toml")):
            stat = path.stat()
            files.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(files)


class TableReader:
    """Typed readers for the values of the TOML file `path`; bad data raises `error`.

    Each reader takes `where`, the field's place in the file ("pack.id", "tags[2] (Angst)"),
    for the message. Two strings of one list that `same` maps to the same key are "listed
    twice".
    """

    def __init__(self, path: str, error: type[DataFileError], same: Callable[[str], str]) -> None:
        self.path = path
        self.error = error
        self.same = same

    def fail(self, where: str, problem: str) -> NoReturn:
        """Raise the caller's error for the field `where`."""
        raise self.error(self.path, where, problem)

    def load(self) -> dict[str, object]:
        """The parsed file."""
        try:
            with open(self.path, "rb") as fh:
                return tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise self.error(self.path, "", f"not valid TOML: {exc}") from None
        except OSError as exc:
            raise self.error(self.path, "", f"cannot be read: {exc.strerror}") from None

    def table(
        self, value: object, where: str, allowed: Iterable[str] | None = None
    ) -> dict[str, object]:
        """A table, with no keys outside `allowed` (when given)."""
        if not isinstance(value, dict):
            self.fail(where, "expected a table")
        unknown = sorted(set(value) - set(allowed)) if allowed is not None else []
        if unknown:
            self.fail(f"{where}.{unknown[0]}" if where else unknown[0], "unknown field")
        return cast("dict[str, object]", value)

    def tables(self, data: Mapping[str, object], key: str) -> list[object]:
        """The ``[[key]]`` array of tables at the top of the file (empty when absent)."""
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"expected [[{key}]] tables")
        return value

    def string(self, value: object, where: str) -> str:
        """A non-empty string without outer spaces."""
        if not isinstance(value, str) or not value.strip() or value != value.strip():
            self.fail(where, "expected a non-empty string without outer spaces")
        return value

    def text(self, table: Mapping[str, object], key: str, where: str) -> str | None:
        """The optional string ``table[key]``."""
        value = table.get(key)
        return None if value is None else self.string(value, f"{where}.{key}")

    def required(self, table: Mapping[str, object], key: str, where: str) -> str:
        """The string ``table[key]``, which must be present."""
        if key not in table:
            self.fail(f"{where}.{key}", "is required")
        return self.string(table[key], f"{where}.{key}")

    def strings(self, table: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
        """The list of distinct strings ``table[key]`` (empty when absent)."""
        value, where = table.get(key, []), f"{where}.{key}"
        if not isinstance(value, list):
            self.fail(where, "expected a list of strings")
        return self.unique(
            tuple(self.string(v, f"{where}[{i}]") for i, v in enumerate(value)), where
        )

    def unique(self, items: tuple[str, ...], where: str) -> tuple[str, ...]:
        """`items`, unless two of them are the same (by `same`)."""
        seen: set[str] = set()
        for item in items:
            key = self.same(item)
            if key in seen:
                self.fail(where, f"{item!r} is listed twice")
            seen.add(key)
        return items

    def number(
        self, table: Mapping[str, object], key: str, where: str, default: float, low: float = 0.0
    ) -> float:
        """The number ``table[key]`` (default `default`), at least `low`."""
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
            self.fail(f"{where}.{key}", f"expected a number of at least {low:g}")
        return float(value)

    def integer(self, table: Mapping[str, object], key: str, where: str, default: int) -> int:
        """The whole number ``table[key]`` (default `default`), at least 0."""
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(f"{where}.{key}", "expected a whole number of at least 0")
        return value

    def flag(self, table: Mapping[str, object], key: str, where: str, default: bool) -> bool:
        """The boolean ``table[key]`` (default `default`)."""
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{where}.{key}", "expected true or false")
        return value

    def choice(
        self,
        table: Mapping[str, object],
        key: str,
        where: str,
        choices: tuple[str, ...],
        *,
        required: bool = False,
    ) -> str:
        """The string ``table[key]``, one of `choices` (default: the first, unless `required`)."""
        if required:
            value = self.required(table, key, where)
        else:
            value = self.string(table.get(key, choices[0]), f"{where}.{key}")
        if value not in choices:
            self.fail(f"{where}.{key}", f"{value!r} is not one of {', '.join(choices)}")
        return value
