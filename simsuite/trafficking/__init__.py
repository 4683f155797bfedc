"""Trafficking cases: the case model, the seeded generator and its narratives (en, ru)."""

from simsuite.trafficking.generator import generate_case
from simsuite.trafficking.model import (
    AGE_BANDS,
    DIFFICULTIES,
    GENERATED_FORMS,
    NEAR_MISSES,
    Case,
    GeneratorParams,
)

__all__ = [
    "AGE_BANDS",
    "DIFFICULTIES",
    "GENERATED_FORMS",
    "NEAR_MISSES",
    "Case",
    "GeneratorParams",
    "generate_case",
]
