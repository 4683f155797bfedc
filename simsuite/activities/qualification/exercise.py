"""A qualification exercise built from a generated case.

As for identification, the case is split in two: :class:`PublicQualificationCase` (the
narrative and the jurisdiction, whose law pack gives the answer options) and
:class:`QualificationKey` (the engine's verdict). Only the public part is ever released.
"""

from __future__ import annotations

from dataclasses import dataclass

from simsuite.activities.qualification.evaluate import (
    QualificationAnswer,
    QualificationEvaluation,
    QualificationKey,
    evaluate_qualification,
)
from simsuite.activities.qualification.options import PackOptions, pack_options
from simsuite.i18n import get_language
from simsuite.trafficking.model import LANGUAGES


@dataclass(frozen=True)
class PublicQualificationCase:
    """The trainee-facing part: safe to release, holds nothing of the key."""

    case_id: str
    lang: str
    jurisdiction: str
    narrative: str

    def options(self) -> PackOptions:
        """Articles, parts and offences to choose from: exactly what the pack holds."""
        return pack_options(self.jurisdiction)


@dataclass(frozen=True)
class QualificationExercise:
    public: PublicQualificationCase
    key: QualificationKey

    @classmethod
    def from_case(cls, case, lang: str | None = None) -> QualificationExercise:
        """Build the exercise from a :class:`simsuite.trafficking.Case`."""
        lang = lang or get_language()
        public = PublicQualificationCase(
            case_id=case.case_id,
            lang=lang,
            jurisdiction=case.verdict.jurisdiction,
            narrative=case.render(lang=lang),
        )
        names = {code: case.names(code) for code in LANGUAGES}
        return cls(public=public, key=QualificationKey.from_verdict(case.verdict, names))

    @classmethod
    def generate(cls, seed: int, lang: str | None = None, **params) -> QualificationExercise:
        """The exercise for case ``seed``; ``params`` are those of ``GeneratorParams``."""
        from simsuite.trafficking import GeneratorParams, generate_case

        case = generate_case(seed=seed, params=GeneratorParams(**params))
        return cls.from_case(case, lang=lang)

    def check(
        self,
        is_trafficking: object = None,
        article: object = None,
        part: object = None,
        absorbed: object = None,
        cumulative: object = None,
        neighbour: object = None,
        qualification_open: object = None,
        facts_to_establish: object = None,
    ) -> QualificationEvaluation:
        answer = QualificationAnswer.parse(
            is_trafficking=is_trafficking,
            article=article,
            part=part,
            absorbed=absorbed,
            cumulative=cumulative,
            neighbour=neighbour,
            qualification_open=qualification_open,
            facts_to_establish=facts_to_establish,
        )
        return evaluate_qualification(self.key, answer, lang=self.public.lang)
