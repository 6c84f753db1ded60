"""ficlens: reads fan fiction the way a devoted reader and an AO3 tag wrangler would.

The public API is imported lazily, so ``import ficlens.ingest`` stays cheap::

    import ficlens
    result = ficlens.analyze("work.html")
    result.to_dict()["work"]["title"]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Analysis": "ficlens.analysis",
    "analyze": "ficlens.analysis",
    "analyze_document": "ficlens.analysis",
    "analyze_many": "ficlens.analysis",
    "default_pipeline": "ficlens.analysis",
    "Document": "ficlens.document",
    "Layer": "ficlens.document",
    "SourceInfo": "ficlens.document",
    "Span": "ficlens.document",
    "WorkMeta": "ficlens.document",
    "FiclensError": "ficlens.errors",
    "IngestError": "ficlens.errors",
    "PipelineError": "ficlens.errors",
    "read_bytes": "ficlens.ingest",
    "read_path": "ficlens.ingest",
    "Pipeline": "ficlens.pipeline",
    "Stage": "ficlens.pipeline",
    "stage": "ficlens.pipeline",
}

__all__ = [
    "Analysis",
    "Document",
    "FiclensError",
    "IngestError",
    "Layer",
    "Pipeline",
    "PipelineError",
    "SourceInfo",
    "Span",
    "Stage",
    "WorkMeta",
    "__version__",
    "analyze",
    "analyze_document",
    "analyze_many",
    "default_pipeline",
    "read_bytes",
    "read_path",
    "stage",
]

if TYPE_CHECKING:
    from ficlens.analysis import (
        Analysis,
        analyze,
        analyze_document,
        analyze_many,
        default_pipeline,
    )
    from ficlens.document import Document, Layer, SourceInfo, Span, WorkMeta
    from ficlens.errors import FiclensError, IngestError, PipelineError
    from ficlens.ingest import read_bytes, read_path
    from ficlens.pipeline import Pipeline, Stage, stage


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ficlens' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
