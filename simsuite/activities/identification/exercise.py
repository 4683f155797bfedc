"""An identification exercise built from a generated case.

It splits the case in two: :class:`PublicCase` (what a trainee may see: the narrative and the
indicator options) and :class:`IdentificationKey` (what the expert knows). Only the public
part is ever written into released material.
"""

from __future__ import annotations

from dataclasses import dataclass

from simsuite.activities.identification.evaluate import (
    Evaluation,
    IdentificationAnswer,
    IdentificationKey,
    evaluate_identification,
)
from simsuite.activities.identification.indicators import indicator_list
from simsuite.i18n import get_language


@dataclass(frozen=True)
class PublicCase:
    """The trainee-facing part of a case: safe to release, holds nothing of the key."""

    case_id: str
    lang: str
    age_band: str
    narrative: str

    def options(self) -> list[tuple[str, str]]:
        """(indicator id, label) pairs, in the order of the source list."""
        return [(i.id, i.text(self.lang)) for i in indicator_list(self.age_band).indicators]

    def step_options(self) -> list[tuple[str, str]]:
        """(step id, label) pairs: what an officer may do next (the same list for every case)."""
        from simsuite.activities.identification.referral import referral

        return [(step.id, step.text(self.lang)) for step in referral().steps]


@dataclass(frozen=True)
class IdentificationExercise:
    public: PublicCase
    key: IdentificationKey

    @classmethod
    def from_case(cls, case, lang: str | None = None) -> IdentificationExercise:
        """Build the exercise from a :class:`simsuite.trafficking.Case`."""
        lang = lang or get_language()
        age_band = "child" if case.is_child else "adult"
        public = PublicCase(
            case_id=case.case_id, lang=lang, age_band=age_band, narrative=case.render(lang=lang)
        )
        # The decision reads the indicators the case shows and who the person is (a child, a
        # foreign citizen for the police who meet them); the verdict is quoted for comparison.
        key = IdentificationKey.from_indicators(
            age_band,
            frozenset(case.police_indicators),
            foreign=case.is_foreign_victim,
            evidence=dict(case.indicator_evidence(lang=lang)),
            verdict_summary=case.verdict.summary(lang=lang, names=case.names(lang)),
        )
        return cls(public=public, key=key)

    @classmethod
    def generate(cls, seed: int, lang: str | None = None, **params) -> IdentificationExercise:
        from simsuite.trafficking import GeneratorParams, generate_case

        case = generate_case(seed=seed, params=GeneratorParams(**params))
        return cls.from_case(case, lang=lang)

    def check(self, ticked, presumed_victim, steps=None) -> Evaluation:
        answer = IdentificationAnswer.parse(ticked, presumed_victim, steps)
        return evaluate_identification(self.key, answer, lang=self.public.lang)
