"""Findings as text lines, JSON, or SARIF-like result lines.

Positions: for a plain-text work the canonical text is the file's own text (the identity
offset map), so findings are reported as 1-based ``line:column`` of the file, the way
editors and linters do. For other formats the canonical text is extracted from markup,
so findings are reported as code-point offsets into that text (``@offset``), the same
offsets the analysis JSON uses.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ficlens.document import IDENTITY_MAP, Document
from ficlens.writing.checks import Finding

ERROR_TYPES = frozenset({"confusable", "typo", "dialogue_tag_case", "dialogue_punctuation"})
"""Types reported at SARIF level ``warning``; the others (tense, repetition, style) are
``note``."""


class Positions:
    """Turns text offsets of one document into 1-based line and column numbers."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.plain = doc.offsets == IDENTITY_MAP
        self._line_starts = [0]
        self._line_starts.extend(i + 1 for i, c in enumerate(self.text) if c == "\n")

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of `offset`; columns count code points."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def where(self, offset: int) -> str:
        """``line:col`` for plain text, ``@offset`` otherwise."""
        if self.plain:
            line, col = self.line_col(offset)
            return f"{line}:{col}"
        return f"@{offset}"


def text_lines(path: str, doc: Document, findings: Iterable[Finding]) -> Iterator[str]:
    """One line per finding: ``path:line:col: type [rule] message (suggestion: ...)``."""
    pos = Positions(doc)
    for f in findings:
        fix = f" (suggestion: {f.suggestion})" if f.suggestion else ""
        yield f"{path}:{pos.where(f.start)}: {f.type} [{f.rule}] {f.message}{fix}"


def finding_dict(f: Finding, pos: Positions) -> dict[str, Any]:
    """A finding as the contract's ``writing`` item, with its rule and, for plain text,
    its line and column."""
    item = f.to_dict()
    if pos.plain:
        item["line"], item["column"] = pos.line_col(f.start)
    return item


def json_object(path: str, doc: Document, findings: Sequence[Finding]) -> dict[str, Any]:
    """One work's findings: ``{"path", "format", "findings": [...]}``."""
    pos = Positions(doc)
    return {
        "path": path,
        "format": doc.source.format,
        "findings": [finding_dict(f, pos) for f in findings],
    }


def sarif_results(
    path: str, doc: Document, findings: Iterable[Finding]
) -> Iterator[dict[str, Any]]:
    """One SARIF 2.1.0 ``result`` object per finding (print one per line).

    The region has ``charOffset``/``charLength`` always, and line/column numbers for
    plain text. The suggestion is in ``properties``; for plain text, where offsets index
    the file itself, it is also a ``fixes`` replacement.
    """
    pos = Positions(doc)
    for f in findings:
        region: dict[str, Any] = {"charOffset": f.start, "charLength": f.end - f.start}
        if pos.plain:
            region["startLine"], region["startColumn"] = pos.line_col(f.start)
            region["endLine"], region["endColumn"] = pos.line_col(f.end)
        location = {"physicalLocation": {"artifactLocation": {"uri": path}, "region": region}}
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": "warning" if f.type in ERROR_TYPES else "note",
            "message": {"text": f.message},
            "locations": [location],
            "properties": {"type": f.type, "suggestion": f.suggestion},
        }
        if f.suggestion is not None and pos.plain:
            result["fixes"] = [
                {
                    "description": {"text": f"Replace with “{f.suggestion}”"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": path},
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "charOffset": f.start,
                                        "charLength": f.end - f.start,
                                    },
                                    "insertedContent": {"text": f.suggestion},
                                }
                            ],
                        }
                    ],
                }
            ]
        yield result
