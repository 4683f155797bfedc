import math

import pytest
from scipy import stats

from simsuite.analytics.statistics import PrePost, normalized_gain, summarize


def test_normalized_gain_hand_worked():
    # pre 4/10, post 7/10: gained 3 of the 6 points that were left
    assert normalized_gain(4, 7, 10) == pytest.approx(0.5)
    assert normalized_gain(10, 10, 10) is None
    assert normalized_gain(6, 3, 10) == pytest.approx(-0.75)


def test_summary_matches_an_independent_computation():
    rows = [
        PrePost("t1", 2, 5, 6),
        PrePost("t2", 3, 6, 6),
        PrePost("t3", 1, 2, 6),
        PrePost("t4", 4, 4, 6),
        PrePost("t5", 0, 3, 6),
    ]
    summary = summarize(rows)
    pre = [r.pre for r in rows]
    post = [r.post for r in rows]
    expected = stats.ttest_rel(post, pre)
    assert summary.p_value == pytest.approx(expected.pvalue)
    assert summary.t_statistic == pytest.approx(expected.statistic)
    diffs = [b - a for a, b in zip(pre, post, strict=True)]
    mean = sum(diffs) / 5
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / 4)
    assert summary.cohens_dz == pytest.approx(mean / sd)
    assert summary.mean_gain == pytest.approx((3 / 4 + 1 + 1 / 5 + 0 + 3 / 6) / 5)
    # class means: pre 2.0, post 4.0
    assert summary.class_gain == pytest.approx((4 - 2) / (6 - 2))
