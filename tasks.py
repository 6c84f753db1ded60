#!/usr/bin/env python3
"""Project tasks, self-contained on a fresh machine with Python 3.11: ``demo`` and ``test``.

Each creates ``.venv`` with the pinned dependencies the first time (and again when the
pins change), so running either twice is safe and quick. ``requirements.lock`` pins every
package installed, direct or not; ``lock`` rewrites it after a change to pyproject.toml.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".ficlens-installed"


LOCK = ROOT / "requirements.lock"


def _pins() -> str:
    data = (ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes()
    return hashlib.sha256(data).hexdigest()


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


def lock() -> int:
    """Rewrite requirements.lock from a clean environment built from pyproject.toml."""
    with tempfile.TemporaryDirectory() as tmp:
        env = Path(tmp) / "env"
        venv.EnvBuilder(with_pip=True).create(env)
        pip = env / BIN.name / "pip"
        subprocess.run([str(pip), "install", "-q", "-e", f"{ROOT}[dev]"], check=True)
        frozen = subprocess.run(
            [str(pip), "freeze", "--exclude-editable"], check=True, capture_output=True, text=True
        ).stdout
    pins = [ln for ln in frozen.splitlines() if ln and not ln.startswith(("-e", "ficlens"))]
    LOCK.write_text("\n".join(pins) + "\n")
    print(f"wrote {len(pins)} pins to {LOCK.name}")
    return 0


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
    if task == "lock":
        return lock()
    print("usage: python3 tasks.py demo|test|lock [args...]")
    return 2


if __name__ == "__main__":
    sys.exit(main())
