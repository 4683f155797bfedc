"""Learning analytics: pure functions on scores, independent of nbgrader and plotting.

* Pre/post: Hake's normalized gain per trainee and for the class, a paired t-test, the
  Wilcoxon signed-rank test and the paired effect size d_z.
* Classical item analysis on a trainees x items matrix of scores in 0..1 (partial credit
  allowed), as Moodle's quiz statistics report does: facility, discrimination index (upper vs
  lower 27 %), corrected point-biserial (item vs rest of test), KR-20 and Cronbach's alpha.
* Competency means before and after (the heat map of the cohort report).

Formulas and thresholds are documented in ``docs/assessment.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
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
    wilcoxon_statistic: float | None = None
    wilcoxon_p: float | None = None  # Wilcoxon signed-rank, two-sided; zero differences dropped


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
    t = p = dz = w = wp = None
    if n >= 2:
        mean_diff = sum(diffs) / n
        sd_diff = math.sqrt(sum((d - mean_diff) ** 2 for d in diffs) / (n - 1))
        if sd_diff > 0:
            result = stats.ttest_rel(post, pre)
            t, p = float(result.statistic), float(result.pvalue)
            dz = mean_diff / sd_diff
    if any(d != 0 for d in diffs):
        # Robust to the skewed, bounded differences of short tests, where t assumes normality.
        signed = stats.wilcoxon(post, pre)
        w, wp = float(signed.statistic), float(signed.pvalue)
    return CohortSummary(
        n=n,
        mean_pre=mean_pre,
        mean_post=mean_post,
        mean_gain=sum(gains) / len(gains) if gains else None,
        class_gain=normalized_gain(mean_pre, mean_post, max_score),
        t_statistic=t,
        p_value=p,
        cohens_dz=dz,
        wilcoxon_statistic=w,
        wilcoxon_p=wp,
    )


# --- classical item analysis -------------------------------------------------------------------

#: Facility above this: the item is too easy to tell trainees apart. Classical test theory
#: treats items answered right by more than 90 % as giving little information (e.g. Ebel &
#: Frisbie, *Essentials of Educational Measurement*, 1991); Moodle's quiz statistics report
#: shows the facility index for the instructor to judge the same way.
TOO_EASY = 0.9
#: Facility below this: too hard (fewer than one in five succeed; the same convention).
TOO_HARD = 0.2
#: Corrected point-biserial below this: the item does not discriminate. Ebel & Frisbie grade a
#: discrimination below 0.20 as "poor, to be revised or discarded"; Moodle flags a question as
#: dubious when its discriminative efficiency is below 15 % (mod/quiz/report/statistics,
#: ``is_dubious_question``).
LOW_DISCRIMINATION = 0.2
#: Share of trainees in each of the upper and lower groups of the discrimination index
#: (Kelley's 27 %, which maximises the difference between groups for a normal total).
GROUP_SHARE = 0.27

FLAG_TOO_EASY = "too easy"
FLAG_TOO_HARD = "too hard"
FLAG_NOT_DISCRIMINATING = "not discriminating"


@dataclass(frozen=True)
class ItemStats:
    item: str
    n: int
    facility: float  # mean score, 0..1 (Moodle's facility index / the difficulty p)
    sd: float
    discrimination_index: float | None  # mean upper 27 % - mean lower 27 %
    point_biserial: float | None  # corrected: item vs the rest of the test (Moodle's index)
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ItemAnalysis:
    n: int
    items: tuple[ItemStats, ...]
    kr20: float | None  # only when every score is 0 or 1
    alpha: float | None  # Cronbach's alpha (equals KR-20 for dichotomous items)


def _as_matrix(scores: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    matrix = np.asarray(scores, dtype=float)
    if matrix.ndim != 2:
        raise ValueError("scores must be a trainees x items matrix")
    if np.isnan(matrix).any():
        raise ValueError("scores must be complete (no NaN): analyse each form separately")
    return matrix


def _pearson(x: np.ndarray, y: np.ndarray) -> float | None:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def cronbach_alpha(scores: Sequence[Sequence[float]] | np.ndarray) -> float | None:
    """alpha = k/(k-1) * (1 - sum of item variances / variance of totals); None if undefined."""
    matrix = _as_matrix(scores)
    n, k = matrix.shape
    if k < 2 or n < 2:
        return None
    total_var = matrix.sum(axis=1).var()
    if total_var == 0:
        return None
    return float(k / (k - 1) * (1 - matrix.var(axis=0).sum() / total_var))


def kr20(scores: Sequence[Sequence[float]] | np.ndarray) -> float | None:
    """KR-20 = k/(k-1) * (1 - sum p*q / variance of totals), for 0/1 scores only."""
    matrix = _as_matrix(scores)
    n, k = matrix.shape
    if not np.isin(matrix, (0.0, 1.0)).all():
        return None
    if k < 2 or n < 2:
        return None
    total_var = matrix.sum(axis=1).var()  # population variance, matching p*q
    if total_var == 0:
        return None
    p = matrix.mean(axis=0)
    return float(k / (k - 1) * (1 - (p * (1 - p)).sum() / total_var))


def discrimination_index(item: np.ndarray, totals: np.ndarray, share: float = GROUP_SHARE):
    """Mean item score of the top ``share`` of trainees by total minus that of the bottom."""
    n = len(item)
    size = int(round(share * n))
    if size < 1 or 2 * size > n:
        return None
    order = np.argsort(totals, kind="stable")  # ties keep input order: deterministic
    return float(item[order[-size:]].mean() - item[order[:size]].mean())


def item_flags(facility: float, point_biserial: float | None) -> tuple[str, ...]:
    flags = []
    if facility > TOO_EASY:
        flags.append(FLAG_TOO_EASY)
    if facility < TOO_HARD:
        flags.append(FLAG_TOO_HARD)
    if point_biserial is None or point_biserial < LOW_DISCRIMINATION:
        flags.append(FLAG_NOT_DISCRIMINATING)
    return tuple(flags)


def item_analysis(
    scores: Sequence[Sequence[float]] | np.ndarray, item_ids: Sequence[str]
) -> ItemAnalysis:
    """Item statistics of one test form taken by ``n`` trainees (rows) with ``k`` items."""
    matrix = _as_matrix(scores)
    n, k = matrix.shape
    if len(item_ids) != k:
        raise ValueError("one item id per column")
    totals = matrix.sum(axis=1)
    items = []
    for column, item_id in enumerate(item_ids):
        item = matrix[:, column]
        facility = float(item.mean()) if n else math.nan
        rest = totals - item  # corrected: the item does not correlate with itself
        r = _pearson(item, rest)
        items.append(
            ItemStats(
                item=item_id,
                n=n,
                facility=facility,
                sd=float(item.std(ddof=1)) if n > 1 else 0.0,
                discrimination_index=discrimination_index(item, totals),
                point_biserial=r,
                flags=item_flags(facility, r) if n else (),
            )
        )
    return ItemAnalysis(n=n, items=tuple(items), kr20=kr20(matrix), alpha=cronbach_alpha(matrix))


# --- competencies --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencyScore:
    competency: str
    pre: float | None  # mean share of the points of this competency's items, 0..1
    post: float | None
    n_pre: int  # item responses behind the mean
    n_post: int

    @property
    def change(self) -> float | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


def competency_means(
    responses: Sequence[tuple[str, str, float]], competencies: Sequence[str]
) -> list[CompetencyScore]:
    """Mean item score per competency and phase from (competency, phase, score) triples."""
    sums: dict[tuple[str, str], list[float]] = {}
    for competency, phase, score in responses:
        sums.setdefault((competency, phase), []).append(float(score))
    rows = []
    for competency in competencies:
        pre = sums.get((competency, "pre"), [])
        post = sums.get((competency, "post"), [])
        rows.append(
            CompetencyScore(
                competency,
                sum(pre) / len(pre) if pre else None,
                sum(post) / len(post) if post else None,
                len(pre),
                len(post),
            )
        )
    return rows


#: A competency whose post-test mean is below this is listed as weak in the report. It is the
#: common 60 % pass mark of the academies' tests (an assumption: set it to the course's own).
WEAK_COMPETENCY = 0.6


def weakest_competencies(
    rows: Sequence[CompetencyScore], threshold: float = WEAK_COMPETENCY
) -> list[CompetencyScore]:
    """Competencies below ``threshold`` after the course (else before), weakest first."""

    def level(row: CompetencyScore) -> float | None:
        return row.post if row.post is not None else row.pre

    scored = [row for row in rows if level(row) is not None]
    return sorted((r for r in scored if level(r) < threshold), key=lambda r: level(r))


def trainee_competency_scores(
    responses: Sequence[tuple[str, str, str, float]],
) -> Mapping[tuple[str, str, str], float]:
    """Mean score per (trainee, competency, phase) from (trainee, competency, phase, score)."""
    sums: dict[tuple[str, str, str], list[float]] = {}
    for trainee, competency, phase, score in responses:
        sums.setdefault((trainee, competency, phase), []).append(float(score))
    return {key: sum(values) / len(values) for key, values in sums.items()}
