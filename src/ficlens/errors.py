"""Exception types. The CLI and web app turn these into clean messages; nothing else does."""

from __future__ import annotations


class FiclensError(Exception):
    """Base class of every error ficlens raises on purpose."""


class IngestError(FiclensError):
    """A file could not be read as a work: names the file and the specific problem."""

    def __init__(self, path: str, problem: str, *, code: str = "unreadable") -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.code = code


class PipelineError(FiclensError):
    """A pipeline was assembled wrongly (a stage requires a layer nothing provides)."""


class MissingLayerError(FiclensError, KeyError):
    """A stage asked a document for a layer it does not have."""

    def __init__(self, name: str, present: tuple[str, ...]) -> None:
        super().__init__(f"layer {name!r} is not present (have: {', '.join(present) or 'none'})")
        self.name = name

    def __str__(self) -> str:
        return str(self.args[0])
