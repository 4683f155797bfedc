"""Qualification exercises: trafficking or not, which article and part, what is absorbed or
charged cumulatively, and which neighbouring offence it is when it is not trafficking.

The scoring rule lives in :mod:`simsuite.activities.qualification.evaluate` and nowhere
else; the key is the qualification engine's verdict and the options come from the
jurisdiction's law pack.
"""

from simsuite.activities.qualification.evaluate import (
    WEIGHTS,
    QualificationAnswer,
    QualificationEvaluation,
    QualificationItem,
    QualificationKey,
    evaluate_qualification,
)
from simsuite.activities.qualification.exercise import (
    PublicQualificationCase,
    QualificationExercise,
)
from simsuite.activities.qualification.options import PackOptions, pack_options, part_key

__all__ = [
    "WEIGHTS",
    "PackOptions",
    "PublicQualificationCase",
    "QualificationAnswer",
    "QualificationEvaluation",
    "QualificationExercise",
    "QualificationItem",
    "QualificationKey",
    "evaluate_qualification",
    "pack_options",
    "part_key",
]

from simsuite.activities.qualification.activity import TYPE  # noqa: E402, F401 - the registry's entry
