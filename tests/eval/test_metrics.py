"""Scores on small partitions worked out by hand, including the metric papers' examples."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from ficlens.eval.metrics import (
    PRF,
    Accuracy,
    align_clusters,
    b_cubed,
    ceaf_e,
    conll_f1,
    lea,
    max_weight_matching,
    muc,
    phi4,
)

# Bagga & Baldwin (1998) and Luo (2005): one key, two responses that MUC cannot tell apart.
KEY = [set("12345"), set("67"), set("89ABC")]
RESPONSE_A = [set("12345"), set("6789ABC")]
RESPONSE_B = [set("1234589ABC"), set("67")]


def approx(score: PRF, precision: Fraction | float, recall: Fraction | float) -> None:
    assert score.precision == pytest.approx(float(precision))
    assert score.recall == pytest.approx(float(recall))


def test_prf_counts_add_up_and_never_divide_by_zero() -> None:
    score = PRF.from_counts(3, 4, 6)
    assert (score.precision, score.recall) == (0.75, 0.5)
    assert score.f1 == pytest.approx(0.6)
    total = score + PRF.from_sets({(0, 1), (2, 3)}, {(0, 1)})
    approx(total, Fraction(4, 6), Fraction(4, 7))
    empty = PRF()
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    assert total.to_dict()["p_den"] == 6


def test_accuracy_and_coverage() -> None:
    acc = Accuracy(2, 3, 4) + Accuracy(0, 0, 1)
    assert (acc.accuracy, acc.coverage) == (0.4, 0.6)
    assert acc.answered_accuracy == pytest.approx(2 / 3)
    assert Accuracy().to_dict()["accuracy"] == 0.0


def test_muc_vilain_example() -> None:
    # Key {A B C D}, response {A B} {C D}: one link of three missing, none wrong.
    approx(muc([set("ABCD")], [set("AB"), set("CD")]), 1, Fraction(2, 3))
    approx(muc([set("AB"), set("CD")], [set("ABCD")]), Fraction(2, 3), 1)
    # A mention the response lacks is a part of its own.
    approx(muc([set("abc")], [set("ab")]), 1, Fraction(1, 2))
    # Singletons have no links: nothing to score.
    assert muc([{"a"}], [{"a"}]) == PRF(0, 0, 0, 0)


def test_muc_cannot_tell_the_two_responses_apart() -> None:
    approx(muc(KEY, RESPONSE_A), Fraction(9, 10), 1)
    approx(muc(KEY, RESPONSE_B), Fraction(9, 10), 1)


def test_b_cubed_bagga_baldwin_example() -> None:
    # (a): 1-5 score 5/5, 6 and 7 score 2/7, 8-C score 5/7: (5 + 4/7 + 25/7) / 12.
    approx(b_cubed(KEY, RESPONSE_A), Fraction(16, 21), 1)
    # (b): 1-5 and 8-C score 5/10, 6 and 7 score 1: (5 + 2) / 12.
    approx(b_cubed(KEY, RESPONSE_B), Fraction(7, 12), 1)


def test_b_cubed_missing_and_extra_mentions() -> None:
    # Key {a b} {c}, response {a b d}: recall (1 + 1 + 0) / 3, precision (2/3 + 2/3 + 0) / 3.
    approx(b_cubed([set("ab"), {"c"}], [set("abd")]), Fraction(4, 9), Fraction(2, 3))


def test_ceaf_e_luo_example() -> None:
    # (a): {1-5} ↔ {1-5} (φ4 = 1) and {8-C} ↔ {6-C} (φ4 = 10/12): total 11/6.
    approx(ceaf_e(KEY, RESPONSE_A), Fraction(11, 12), Fraction(11, 18))
    # (b): {6 7} ↔ {6 7} (1) and one five-mention key cluster ↔ the big one (10/15): 5/3.
    approx(ceaf_e(KEY, RESPONSE_B), Fraction(5, 6), Fraction(5, 9))


def test_ceaf_e_prefers_the_best_total_over_the_best_first_pair() -> None:
    # φ4: K1-R1 2·2/6 = 2/3, K1-R2 2·1/4 = 1/2, K2-R1 2·1/7 = 2/7, K2-R2 0. Taking the best
    # pair first gives 2/3 + 0; the best alignment is K1-R2 and K2-R1: 1/2 + 2/7 = 11/14.
    key = [frozenset("abc"), frozenset("defg")]
    response = [frozenset("abd"), frozenset("c")]
    sims = {(i, j): s for i, j, s in align_clusters(key, response)}
    assert sims == {(0, 1): pytest.approx(1 / 2), (1, 0): pytest.approx(2 / 7)}
    approx(ceaf_e(key, response), Fraction(11, 28), Fraction(11, 28))
    assert phi4(set("abc"), set("ab")) == pytest.approx(0.8)


def test_lea_moosavi_strube_example() -> None:
    # Key {a b c} {d e f g}, response {a b} {c d} {f g h i}.
    # Recall: (3 · 1/3 + 4 · 1/6) / 7; precision: (2 · 1 + 2 · 0 + 4 · 1/6) / 8.
    score = lea([set("abc"), set("defg")], [set("ab"), set("cd"), set("fghi")])
    approx(score, Fraction(1, 3), Fraction(5, 21))


def test_lea_on_the_luo_responses() -> None:
    # (a): {6-C} keeps 1 + 10 of its 21 links: (5 + 7 · 11/21) / 12.
    approx(lea(KEY, RESPONSE_A), Fraction(13, 18), 1)
    # (b): {1-5 8-C} keeps 20 of 45 links: (10 · 4/9 + 2) / 12.
    approx(lea(KEY, RESPONSE_B), Fraction(29, 54), 1)


def test_lea_singletons_have_a_self_link() -> None:
    # Key {a} {b c}, response {a} {b} {c}: {a} is resolved on both sides, nothing else.
    approx(lea([{"a"}, set("bc")], [{"a"}, {"b"}, {"c"}]), Fraction(1, 3), Fraction(1, 3))


@pytest.mark.parametrize("metric", [muc, b_cubed, ceaf_e, lea])
def test_identical_partitions_score_one_and_empty_response_zero(metric: object) -> None:
    assert callable(metric)
    perfect = metric(KEY, KEY)
    assert (perfect.precision, perfect.recall) == (1.0, 1.0)
    nothing = metric(KEY, [])
    assert (nothing.precision, nothing.recall, nothing.f1) == (0.0, 0.0, 0.0)


def test_conll_is_the_mean_of_three_f1() -> None:
    scores = [muc(KEY, RESPONSE_A), b_cubed(KEY, RESPONSE_A), ceaf_e(KEY, RESPONSE_A)]
    assert conll_f1(*scores) == pytest.approx(sum(s.f1 for s in scores) / 3)


def test_spans_as_mentions() -> None:
    key = [{(0, 5), (10, 12)}, {(20, 25)}]
    response = [{(0, 5), (10, 12), (20, 25)}]
    approx(muc(key, response), Fraction(1, 2), 1)


def test_matching_small_cases() -> None:
    assert max_weight_matching([[3, 2], [3, 0]]) == [(0, 1), (1, 0)]
    assert max_weight_matching([[1, 5, 0]]) == [(0, 1)]
    assert max_weight_matching([[1], [5], [0]]) == [(1, 0)]
    assert max_weight_matching([]) == []


def test_matching_agrees_with_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(300):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        w = [
            [rng.choice([0.0, rng.random(), float(rng.randint(0, 3))]) for _ in range(cols)]
            for _ in range(rows)
        ]
        pairs = max_weight_matching(w)
        assert len(pairs) == min(rows, cols)
        assert len({r for r, _ in pairs}) == len({c for _, c in pairs}) == len(pairs)
        if rows <= cols:
            best = max(
                sum(w[i][p[i]] for i in range(rows))
                for p in itertools.permutations(range(cols), rows)
            )
        else:
            best = max(
                sum(w[p[j]][j] for j in range(cols))
                for p in itertools.permutations(range(rows), cols)
            )
        assert sum(w[r][c] for r, c in pairs) == pytest.approx(best)
