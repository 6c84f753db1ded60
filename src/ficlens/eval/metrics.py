"""Scores: precision/recall/F1 and the coreference metrics MUC, B³, CEAF-e, LEA and CoNLL.

A mention is a ``(start, end)`` span and a cluster a set of mentions; a partition is a list
of disjoint clusters. Every metric returns a `PRF` that keeps its numerators and
denominators, so adding the scores of several documents gives the micro average the CoNLL
scorer reports.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ficlens.summable import Summable

Mention = tuple[int, int]
Cluster = frozenset[Mention]
M = TypeVar("M", bound=Hashable)


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


@dataclass(frozen=True, slots=True)
class PRF(Summable):
    """Precision ``p_num / p_den`` and recall ``r_num / r_den``, with their F1."""

    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    @classmethod
    def from_counts(cls, correct: int, predicted: int, gold: int) -> PRF:
        """Scores of `correct` matches among `predicted` answers and `gold` targets."""
        return cls(correct, predicted, correct, gold)

    @classmethod
    def from_sets(cls, predicted: Collection[Any], gold: Collection[Any]) -> PRF:
        """Exact-match scores of two sets of hashable items (spans, labelled spans...)."""
        pred, ref = set(predicted), set(gold)
        return cls.from_counts(len(pred & ref), len(pred), len(ref))

    @property
    def precision(self) -> float:
        """Precision; 0 when nothing was predicted."""
        return _ratio(self.p_num, self.p_den)

    @property
    def recall(self) -> float:
        """Recall; 0 when there was nothing to find."""
        return _ratio(self.r_num, self.r_den)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r)

    def to_dict(self) -> dict[str, float]:
        """Rounded scores with the counts behind them."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "p_num": round(self.p_num, 4),
            "p_den": round(self.p_den, 4),
            "r_num": round(self.r_num, 4),
            "r_den": round(self.r_den, 4),
        }


@dataclass(frozen=True, slots=True)
class Accuracy(Summable):
    """``correct`` answers among ``total`` items, of which the system ``answered`` some."""

    correct: int = 0
    answered: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        """Correct answers over all items (an unanswered item counts as wrong)."""
        return _ratio(self.correct, self.total)

    @property
    def coverage(self) -> float:
        """Share of items the system gave any answer for."""
        return _ratio(self.answered, self.total)

    @property
    def answered_accuracy(self) -> float:
        """Correct answers over answered items."""
        return _ratio(self.correct, self.answered)

    def to_dict(self) -> dict[str, float]:
        """Rounded figures with the counts behind them."""
        return {
            "accuracy": round(self.accuracy, 4),
            "coverage": round(self.coverage, 4),
            "answered_accuracy": round(self.answered_accuracy, 4),
            "correct": self.correct,
            "answered": self.answered,
            "total": self.total,
        }


def clusters_of(groups: Iterable[Iterable[M]]) -> list[frozenset[M]]:
    """Non-empty clusters as frozensets (a partition may be given as any iterables)."""
    return [c for c in (frozenset(g) for g in groups) if c]


def _owner(clusters: Sequence[frozenset[M]]) -> dict[M, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_side(key: Sequence[frozenset[M]], response: Sequence[frozenset[M]]) -> tuple[int, int]:
    """MUC numerator and denominator of `key` against `response` (recall direction)."""
    owner = _owner(response)
    num = den = 0
    for cluster in key:
        parts = {owner.get(m, ("alone", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(gold: Iterable[Iterable[M]], predicted: Iterable[Iterable[M]]) -> PRF:
    """MUC (Vilain et al. 1995): links kept, counted as partitions of each cluster.

    Recall is ``Σ(|K| − |p(K)|) / Σ(|K| − 1)`` over key clusters ``K``, where ``p(K)`` is the
    partition of ``K`` by the response (a mention missing from the response is a part of
    its own); precision swaps key and response. Singletons contribute nothing.
    """
    key, response = clusters_of(gold), clusters_of(predicted)
    r_num, r_den = _muc_side(key, response)
    p_num, p_den = _muc_side(response, key)
    return PRF(p_num, p_den, r_num, r_den)


def _b3_side(key: Sequence[frozenset[M]], response: Sequence[frozenset[M]]) -> tuple[float, int]:
    owner = _owner(response)
    num = 0.0
    for cluster in key:
        overlaps: dict[int, int] = {}
        for m in cluster:
            j = owner.get(m)
            if j is not None:
                overlaps[j] = overlaps.get(j, 0) + 1
        num += sum(n * n for n in overlaps.values()) / len(cluster)
    return num, sum(len(c) for c in key)


def b_cubed(gold: Iterable[Iterable[M]], predicted: Iterable[Iterable[M]]) -> PRF:
    """B³ (Bagga & Baldwin 1998): per-mention overlap of its key and response clusters.

    Recall averages ``|K(m) ∩ R(m)| / |K(m)|`` over key mentions ``m`` (0 for a mention
    the response lacks); precision averages ``|K(m) ∩ R(m)| / |R(m)|`` over response
    mentions.
    """
    key, response = clusters_of(gold), clusters_of(predicted)
    r_num, r_den = _b3_side(key, response)
    p_num, p_den = _b3_side(response, key)
    return PRF(p_num, p_den, r_num, r_den)


def max_weight_matching(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """A one-to-one row→column assignment of largest total weight (Kuhn–Munkres).

    Works on rectangular matrices; returns ``(row, column)`` pairs sorted by row, one for
    every row when there are no more rows than columns (else one for every column). Uses
    shortest augmenting paths with row and column potentials, O(n²·m).
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if not rows or not cols:
        return []
    flipped = rows > cols
    cost = (
        [[-weights[r][c] for r in range(rows)] for c in range(cols)]
        if flipped
        else [[-w for w in row] for row in weights]
    )
    n, m = len(cost), len(cost[0])
    # 1-based: column 0 is a virtual start; match[j] is the row (1-based) holding column j.
    row_pot = [0.0] * (n + 1)
    col_pot = [0.0] * (m + 1)
    match = [0] * (m + 1)
    for i in range(1, n + 1):
        match[0] = i
        j0 = 0
        best = [math.inf] * (m + 1)
        back = [0] * (m + 1)
        done = [False] * (m + 1)
        while match[j0]:
            done[j0] = True
            i0 = match[j0]
            delta = math.inf
            j1 = 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if done[j]:
                    continue
                reduced = row[j - 1] - row_pot[i0] - col_pot[j]
                if reduced < best[j]:
                    best[j] = reduced
                    back[j] = j0
                if best[j] < delta:
                    delta = best[j]
                    j1 = j
            for j in range(m + 1):
                if done[j]:
                    row_pot[match[j]] += delta
                    col_pot[j] -= delta
                else:
                    best[j] -= delta
            j0 = j1
        while j0:
            j1 = back[j0]
            match[j0] = match[j1]
            j0 = j1
    pairs = [(match[j] - 1, j - 1) for j in range(1, m + 1) if match[j]]
    if flipped:
        pairs = [(c, r) for r, c in pairs]
    return sorted(pairs)


def phi4(key: Collection[M], response: Collection[M]) -> float:
    """Luo's entity similarity ``2|K ∩ R| / (|K| + |R|)``."""
    total = len(key) + len(response)
    return 2 * len(set(key) & set(response)) / total if total else 0.0


def align_clusters(
    gold: Sequence[frozenset[M]], predicted: Sequence[frozenset[M]]
) -> list[tuple[int, int, float]]:
    """The CEAF-e alignment: ``(gold index, predicted index, φ4)`` for each aligned pair.

    Only clusters sharing a mention can gain from being aligned, so the assignment is
    solved over those alone; pairs with similarity 0 are left out.
    """
    owner = _owner(predicted)
    shared: dict[tuple[int, int], int] = {}
    for i, cluster in enumerate(gold):
        for m in cluster:
            j = owner.get(m)
            if j is not None:
                shared[i, j] = shared.get((i, j), 0) + 1
    if not shared:
        return []
    rows = sorted({i for i, _ in shared})
    cols = sorted({j for _, j in shared})
    matrix = [
        [
            2 * shared.get((i, j), 0) / (len(gold[i]) + len(predicted[j]))
            if (i, j) in shared
            else 0.0
            for j in cols
        ]
        for i in rows
    ]
    return [
        (rows[r], cols[c], matrix[r][c]) for r, c in max_weight_matching(matrix) if matrix[r][c] > 0
    ]


def ceaf_e(gold: Iterable[Iterable[M]], predicted: Iterable[Iterable[M]]) -> PRF:
    """Entity-based CEAF (Luo 2005) with φ4: best one-to-one cluster alignment.

    With ``S`` the total φ4 of the optimal alignment, recall is ``S / |key clusters|`` and
    precision ``S / |response clusters|``.
    """
    key, response = clusters_of(gold), clusters_of(predicted)
    total = sum(sim for _, _, sim in align_clusters(key, response))
    return PRF(total, len(response), total, len(key))


def _links(n: int) -> int:
    return n * (n - 1) // 2


def _lea_side(key: Sequence[frozenset[M]], response: Sequence[frozenset[M]]) -> tuple[float, int]:
    owner = _owner(response)
    num = 0.0
    for cluster in key:
        if len(cluster) == 1:
            (m,) = cluster
            j = owner.get(m)
            resolved = 1.0 if j is not None and len(response[j]) == 1 else 0.0
        else:
            overlaps: dict[int, int] = {}
            for m in cluster:
                j = owner.get(m)
                if j is not None:
                    overlaps[j] = overlaps.get(j, 0) + 1
            resolved = sum(_links(n) for n in overlaps.values()) / _links(len(cluster))
        num += len(cluster) * resolved
    return num, sum(len(c) for c in key)


def lea(gold: Iterable[Iterable[M]], predicted: Iterable[Iterable[M]]) -> PRF:
    """LEA (Moosavi & Strube 2016): link-based entity-aware scores.

    Each key entity weighs its size and scores the share of its links
    (``n(n−1)/2``) the response keeps; recall is ``Σ|K| · kept(K) / Σ|K|`` and precision
    the same from the response side. A singleton has one self-link, kept when the other
    side has the mention as a singleton too.
    """
    key, response = clusters_of(gold), clusters_of(predicted)
    r_num, r_den = _lea_side(key, response)
    p_num, p_den = _lea_side(response, key)
    return PRF(p_num, p_den, r_num, r_den)


def conll_f1(muc_score: PRF, b3_score: PRF, ceafe_score: PRF) -> float:
    """The CoNLL-2012 score: the mean of the MUC, B³ and CEAF-e F1."""
    return (muc_score.f1 + b3_score.f1 + ceafe_score.f1) / 3
