"""Entry points called by nbgrader hidden tests at autograde time.

They return the points as the cell's value, which nbgrader reads as partial credit, and
they print nothing to stderr (nbgrader scores a test cell that writes to stderr as zero).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simsuite.i18n import language


def identification_points(
    *,
    seed: int,
    params: Mapping[str, Any],
    lang: str,
    ticked: object,
    presumed_victim: object,
    max_points: float,
) -> float:
    from simsuite.identification import IdentificationExercise

    with language(lang):
        exercise = IdentificationExercise.generate(seed, lang=lang, **dict(params))
        evaluation = exercise.check(ticked, presumed_victim)
    return evaluation.points(max_points)
