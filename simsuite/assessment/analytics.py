"""Learning analytics: pure functions on scores, independent of nbgrader and plotting."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats


@dataclass(frozen=True)
class PrePost:
    trainee: str
    pre: float
    post: float
    max_score: float

    @property
    def gain(self) -> float | None:
        return normalized_gain(self.pre, self.post, self.max_score)


def normalized_gain(pre: float, post: float, max_score: float) -> float | None:
    """Hake's normalized gain g = (post - pre) / (max - pre); undefined when pre is full marks."""
    if max_score <= 0:
        raise ValueError("max_score must be positive")
    if pre >= max_score:
        return None
    return (post - pre) / (max_score - pre)


@dataclass(frozen=True)
class CohortSummary:
    n: int
    mean_pre: float
    mean_post: float
    mean_gain: float | None  # mean of individual gains (trainees with a defined gain)
    class_gain: float | None  # gain of the class averages, as Hake reports it
    t_statistic: float | None
    p_value: float | None
    cohens_dz: float | None  # mean difference / SD of differences (paired design)


def summarize(rows: Sequence[PrePost]) -> CohortSummary:
    n = len(rows)
    if n == 0:
        return CohortSummary(0, math.nan, math.nan, None, None, None, None, None)
    max_score = rows[0].max_score
    pre = [r.pre for r in rows]
    post = [r.post for r in rows]
    gains = [g for g in (r.gain for r in rows) if g is not None]
    mean_pre, mean_post = sum(pre) / n, sum(post) / n
    diffs = [b - a for a, b in zip(pre, post, strict=True)]
    t = p = dz = None
    if n >= 2:
        mean_diff = sum(diffs) / n
        sd_diff = math.sqrt(sum((d - mean_diff) ** 2 for d in diffs) / (n - 1))
        if sd_diff > 0:
            result = stats.ttest_rel(post, pre)
            t, p = float(result.statistic), float(result.pvalue)
            dz = mean_diff / sd_diff
    return CohortSummary(
        n=n,
        mean_pre=mean_pre,
        mean_post=mean_post,
        mean_gain=sum(gains) / len(gains) if gains else None,
        class_gain=normalized_gain(mean_pre, mean_post, max_score),
        t_statistic=t,
        p_value=p,
        cohens_dz=dz,
    )
