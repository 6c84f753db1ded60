"""The JSON Schema of the ``ficlens.analysis/1`` output, shipped with the package."""

from __future__ import annotations

from importlib.resources import files


def schema_text() -> str:
    """The schema as JSON text."""
    return files(__package__).joinpath("analysis.schema.json").read_text(encoding="utf-8")
