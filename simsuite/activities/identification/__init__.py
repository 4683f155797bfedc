"""Identification exercises: which indicators does the case show, is this a presumed victim.

The scoring rule lives in :mod:`simsuite.activities.identification.evaluate` and nowhere else: the
widget, the nbgrader hidden test and the reports all call it.
"""

from simsuite.activities.identification.evaluate import (
    Evaluation,
    IdentificationAnswer,
    IdentificationKey,
    ItemFeedback,
    evaluate_identification,
)
from simsuite.activities.identification.exercise import IdentificationExercise, PublicCase
from simsuite.activities.identification.indicators import IndicatorList, indicator_list

__all__ = [
    "Evaluation",
    "IdentificationAnswer",
    "IdentificationExercise",
    "IdentificationKey",
    "IndicatorList",
    "ItemFeedback",
    "PublicCase",
    "evaluate_identification",
    "indicator_list",
]

from simsuite.activities.identification.activity import TYPE  # noqa: E402, F401 - the registry's entry
