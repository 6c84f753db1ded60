"""Beta-reader checks (``ficlens check``) and their reports."""

from __future__ import annotations

from ficlens.writing.checks import Finding, check, rules, writing_stage

__all__ = ["Finding", "check", "rules", "writing_stage"]
