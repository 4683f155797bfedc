"""The hidden test of every graded assignment: the graded trainee's own scenario, scored by the
exercise type's ``evaluate``, the same rule the self-paced app and the feedback use."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from simsuite.content import shipped_content_trusted
from simsuite.errors import UserInputError
from simsuite.i18n import language


def graded_points(
    *,
    assignment: str,
    kind: str,
    params: Mapping[str, Any],
    constraints: Mapping[str, Any],
    lang: str,
    item: str | None,
    max_points: float,
    answers: Mapping[str, Any],
) -> float:
    """Points for one graded cell. A malformed answer earns 0 with its reason printed (nbgrader
    shows the output to the instructor); the cell never fails because of the trainee's input."""
    from simsuite.activities.registry import get_type
    from simsuite.course.course import Assignment
    from simsuite.course.variants import grading_context, variant_scenario

    with warnings.catch_warnings(), shipped_content_trusted():
        # nbgrader scores any stderr output in a test cell as zero
        warnings.simplefilter("ignore")
        trainee, secret = grading_context()
        exercise_type = get_type(kind)
        definition = Assignment(
            name=assignment,
            kind=kind,
            title=assignment,
            params=exercise_type.check_params(params),
            points=max_points,
            constraints=dict(constraints),
        )
        with language(lang):
            scenario = variant_scenario(definition, secret, trainee, lang)
            try:
                result = exercise_type.evaluate(scenario.key, answers, lang)
            except UserInputError as error:
                print(error.render())
                return 0.0
    credit = result.score if item is None else result.credit(item)
    return round(credit * max_points, 4)
