#!/usr/bin/env python3
"""Project tasks, self-contained on a fresh machine with Python 3.11: ``demo`` and ``test``.

Each creates ``.venv`` with the pinned dependencies the first time (and again when the
pins change), so running either twice is safe and quick.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".ficlens-installed"


def _pins() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_env() -> None:
    """Create the virtualenv and install ficlens with pinned dev dependencies if needed."""
    if not PY.exists():
        print("creating .venv ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except (subprocess.CalledProcessError, OSError):
            # Debian without python3-venv has no ensurepip: use the system pip instead.
            venv.EnvBuilder(with_pip=False, clear=True).create(VENV)
            subprocess.run(
                [sys.executable, "-m", "pip", "--python", str(PY), "install", "-q", "pip==25.3"],
                check=True,
            )
    if STAMP.exists() and STAMP.read_text() == _pins():
        return
    print("installing pinned dependencies ...", flush=True)
    subprocess.run(
        [
            str(PY),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-e",
            f"{ROOT}[dev]",
        ],
        check=True,
    )
    STAMP.write_text(_pins())


def run(*cmd: str) -> int:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run([str(BIN / cmd[0]), *cmd[1:]], check=False, cwd=ROOT).returncode


def main() -> int:
    task = sys.argv[1] if len(sys.argv) > 1 else "help"
    extra = sys.argv[2:]
    if task == "demo":
        ensure_env()
        return run("ficlens", "analyze", str(ROOT / "examples" / "the-long-way-round.html"), *extra)
    if task == "test":
        ensure_env()
        for cmd in (("ruff", "check", "."), ("ruff", "format", "--check", "."), ("mypy",)):
            if run(*cmd) != 0:
                return 1
        return run("pytest", "-q", *extra)
    print("usage: python3 tasks.py demo|test [args...]")
    return 2


if __name__ == "__main__":
    sys.exit(main())
