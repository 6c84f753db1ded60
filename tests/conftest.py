"""Shared fixtures: the project's own example texts, and ../shared data when it exists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = Path(os.environ.get("FICLENS_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def fixtures() -> Path:
    """Folder of original test texts written for this project."""
    return FIXTURES


@pytest.fixture
def shared() -> Path:
    """The shared evaluation material beside the project; skips the test when it is absent."""
    if not (SHARED / "README.md").exists():
        pytest.skip(f"shared data not found at {SHARED} (set FICLENS_SHARED to its folder)")
    return SHARED
