"""The character network of one work: characters as nodes, their interactions as edges.

Plain dicts and lists, ready for JSON (``Analysis.to_dict()`` adds it as ``network``) or
for any graph library: nodes are the cast with its mention counts, edges the pairs of the
``interactions`` layer with counts and summed weights by kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from ficlens.document import Document
from ficlens.layers import CAST, INTERACTIONS

KINDS = ("copresent", "speaks_to", "acts_on")


def character_network(doc: Document, mentions: Mapping[str, int] | None = None) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}`` of `doc`.

    A node: ``id``, ``name``, ``mentions`` (from `mentions` when given, else the cast's
    count), ``degree`` (characters it is linked to) and
    ``strength`` (summed edge weights). An edge: ``a``, ``b`` (ids, sorted), ``weight``
    (all kinds summed), and ``counts`` and ``weights`` by kind (copresent, speaks_to,
    acts_on). Nodes by falling mentions, edges by falling weight. Empty without a cast;
    no edges without the ``interactions`` layer.
    """
    if not doc.has(CAST):
        return {"nodes": [], "edges": []}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    weights: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(KINDS, 0.0))
    if doc.has(INTERACTIONS):
        for span in doc.layer(INTERACTIONS):
            kind = str(span.attrs.get("kind"))
            if kind in KINDS:
                counts[span.label][kind] += 1
                weights[span.label][kind] += float(span.attrs.get("weight", 0.0))
    edges: list[dict[str, Any]] = []
    degree: dict[str, int] = defaultdict(int)
    strength: dict[str, float] = defaultdict(float)
    for label, by_kind in weights.items():
        a, _, b = label.partition("|")
        total = round(sum(by_kind.values()), 3)
        edges.append(
            {
                "a": a,
                "b": b,
                "weight": total,
                "counts": dict(counts[label]),
                "weights": {k: round(v, 3) for k, v in by_kind.items()},
            }
        )
        for x in (a, b):
            degree[x] += 1
            strength[x] += total
    edges.sort(key=lambda e: (-e["weight"], e["a"], e["b"]))
    nodes: list[dict[str, Any]] = [
        {
            "id": c.label,
            "name": str(c.attrs.get("name") or c.label),
            "mentions": (
                mentions.get(c.label, 0)
                if mentions is not None
                else int(c.attrs.get("mentions", 0))
            ),
            "degree": degree[c.label],
            "strength": round(strength[c.label], 3),
        }
        for c in doc.layer(CAST)
    ]
    nodes.sort(key=lambda n: (-n["mentions"], n["id"]))
    return {"nodes": nodes, "edges": edges}
