"""Item analysis and the pre/post tests against independent computations on the same data."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from simsuite.analytics.statistics import (
    FLAG_NOT_DISCRIMINATING,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    PrePost,
    competency_means,
    cronbach_alpha,
    discrimination_index,
    item_analysis,
    item_flags,
    kr20,
    summarize,
    trainee_competency_scores,
    weakest_competencies,
)

# Five trainees, four dichotomous items: small enough to work by hand.
HAND = np.array(
    [
        [1, 1, 1, 0],
        [1, 1, 0, 0],
        [1, 0, 1, 1],
        [0, 0, 0, 0],
        [1, 1, 1, 1],
    ],
    dtype=float,
)


def test_kr20_and_alpha_hand_worked():
    # totals 3, 2, 3, 0, 4: mean 2.4, population variance (0.36+0.16+0.36+5.76+2.56)/5 = 1.84
    # p = 0.8, 0.6, 0.6, 0.4; sum p q = 0.16 + 0.24 + 0.24 + 0.24 = 0.88
    # KR-20 = 4/3 * (1 - 0.88 / 1.84) = 0.695652...
    assert kr20(HAND) == pytest.approx(4 / 3 * (1 - 0.88 / 1.84))
    assert kr20(HAND) == pytest.approx(0.6956521739)
    # alpha equals KR-20 on 0/1 data (same population variances)
    assert cronbach_alpha(HAND) == pytest.approx(kr20(HAND))


def test_alpha_with_partial_credit_hand_worked():
    scores = np.array([[1.0, 0.5], [0.5, 0.5], [0.0, 0.0]])
    # item variances (pop.): 1/6 and 1/18; totals 1.5, 1, 0 -> variance 7/18
    expected = 2 / 1 * (1 - (1 / 6 + 1 / 18) / (7 / 18))
    assert cronbach_alpha(scores) == pytest.approx(expected)
    assert kr20(scores) is None  # KR-20 is for dichotomous items only


def test_corrected_point_biserial_matches_scipy():
    rng = np.random.default_rng(3)
    ability = rng.normal(size=60)
    matrix = (rng.normal(size=(60, 8)) + ability[:, None] > 0).astype(float)
    analysis = item_analysis(matrix, [f"I{k}" for k in range(8)])
    totals = matrix.sum(axis=1)
    for k, item in enumerate(analysis.items):
        expected = stats.pointbiserialr(matrix[:, k], totals - matrix[:, k])
        assert item.point_biserial == pytest.approx(expected.statistic)
        assert item.facility == pytest.approx(matrix[:, k].mean())


def test_discrimination_index_hand_worked():
    # ten trainees: the top 27 % (3) and bottom 3 by total
    totals = np.arange(10, dtype=float)
    item = np.array([0, 0, 1, 0, 1, 1, 0, 1, 1, 1], dtype=float)
    # bottom three (totals 0,1,2): 0,0,1 -> 1/3; top three (7,8,9): 1,1,1 -> 1
    assert discrimination_index(item, totals) == pytest.approx(1 - 1 / 3)


def test_flags_at_the_named_thresholds():
    assert item_flags(0.95, 0.5) == (FLAG_TOO_EASY,)
    assert item_flags(0.1, 0.5) == (FLAG_TOO_HARD,)
    assert item_flags(0.5, 0.1) == (FLAG_NOT_DISCRIMINATING,)
    assert item_flags(0.5, None) == (FLAG_NOT_DISCRIMINATING,)
    assert item_flags(0.5, 0.35) == ()


def test_constant_item_has_no_correlation_and_is_flagged():
    matrix = HAND.copy()
    matrix[:, 0] = 1
    first = item_analysis(matrix, list("abcd")).items[0]
    assert first.point_biserial is None
    assert FLAG_TOO_EASY in first.flags and FLAG_NOT_DISCRIMINATING in first.flags


def test_incomplete_matrix_is_refused():
    with pytest.raises(ValueError, match="complete"):
        item_analysis([[1, np.nan], [0, 1]], ["a", "b"])


def test_wilcoxon_and_t_test_match_scipy():
    pre = [2, 3, 1, 4, 0, 5, 2, 3]
    post = [5, 6, 2, 4, 3, 6, 4, 2]
    rows = [PrePost(f"t{i}", a, b, 6) for i, (a, b) in enumerate(zip(pre, post, strict=True))]
    summary = summarize(rows)
    expected = stats.wilcoxon(post, pre)
    assert summary.wilcoxon_statistic == pytest.approx(expected.statistic)
    assert summary.wilcoxon_p == pytest.approx(expected.pvalue)
    assert summary.p_value == pytest.approx(stats.ttest_rel(post, pre).pvalue)


def test_no_change_gives_no_test():
    summary = summarize([PrePost("a", 3, 3, 6), PrePost("b", 2, 2, 6)])
    assert summary.wilcoxon_p is None and summary.p_value is None


def test_competency_means_and_weakest():
    responses = [
        ("id", "pre", 0.0),
        ("id", "pre", 1.0),
        ("id", "post", 1.0),
        ("law", "pre", 0.2),
        ("law", "post", 0.4),
        ("law", "post", 0.5),
    ]
    rows = {r.competency: r for r in competency_means(responses, ["id", "law", "none"])}
    assert rows["id"].pre == 0.5 and rows["id"].post == 1.0 and rows["id"].n_pre == 2
    assert rows["law"].post == pytest.approx(0.45) and rows["law"].change == pytest.approx(0.25)
    assert rows["none"].pre is None and rows["none"].change is None
    assert [r.competency for r in weakest_competencies(list(rows.values()))] == ["law"]


def test_trainee_competency_scores():
    scores = trainee_competency_scores([("t1", "id", "pre", 1), ("t1", "id", "pre", 0)])
    assert scores[("t1", "id", "pre")] == 0.5
