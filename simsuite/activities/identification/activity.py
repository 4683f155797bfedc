"""Identification as an exercise type: which indicators does the case show, is this a presumed
victim. The scoring rule is :func:`simsuite.activities.identification.evaluate_identification`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.identification.evaluate import Evaluation, IdentificationKey
from simsuite.activities.identification.exercise import IdentificationExercise, PublicCase
from simsuite.i18n import N_, _, language

#: The case generator's parameters (simsuite.trafficking.GeneratorParams) with their defaults.
CASE_PARAMS: Mapping[str, Any] = {
    "jurisdiction": "KG",
    "age_band": "any",
    "non_trafficking_share": 0.3,
    "difficulty": "medium",
    "open_share": 0.1,
    "forms": None,
    "near_misses": None,
}


class IdentificationType(ExerciseType):
    name = "identification"
    title = N_("Spot the indicators")
    summary = N_(
        "Read a case, tick the indicators of trafficking it shows and decide whether the "
        "person is a presumed victim."
    )
    competencies = ("identification",)
    app_notebook = "10_spot_the_indicators.ipynb"
    default_params = CASE_PARAMS
    context_fields = ExerciseType.context_fields | {"age_band"}

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        with language(lang):
            exercise = IdentificationExercise.generate(seed, lang=lang, **params)
        return Scenario(self.name, seed, params, lang, exercise.public, exercise.key)

    def answer_fields(self, public: PublicCase) -> tuple[AnswerField, ...]:
        return (
            AnswerField(
                "indicators_seen",
                "choices",
                _("The indicators the case shows"),
                options=tuple(public.options()),
                blank=set(),
                required=False,
            ),
            AnswerField(
                "presumed_victim",
                "bool",
                _("Presumed victim?"),
                options=(("True", _("Yes")), ("False", _("No"))),
            ),
            AnswerField(
                "next_steps",
                "choices",
                _("Next steps"),
                options=tuple(public.step_options()),
                blank=set(),
                required=False,
            ),
        )

    def evaluate(self, key: IdentificationKey, answer: Mapping[str, Any], lang: str) -> Evaluation:
        from simsuite.activities.identification.evaluate import (
            IdentificationAnswer,
            evaluate_identification,
        )

        parsed = IdentificationAnswer.parse(
            answer.get("indicators_seen"), answer.get("presumed_victim"), answer.get("next_steps")
        )
        with language(lang):
            return evaluate_identification(key, parsed, lang=lang)

    def solution(self, key: IdentificationKey) -> dict[str, Any]:
        return {
            "indicators_seen": set(key.present),
            "presumed_victim": key.presumed_victim,
            "next_steps": set(key.next_steps),
        }

    def public_markdown(self, public: PublicCase, lang: str) -> str:
        with language(lang):
            options = "\n".join(f"- `{option}`: {label}" for option, label in public.options())
            steps = "\n".join(f"- `{option}`: {label}" for option, label in public.step_options())
            band = _("adult") if public.age_band == "adult" else _("child")
            # headings outside f-strings, so that the message extractor finds them
            case_heading = _("Your case")
            list_heading = _("Indicators ({band} list)").format(band=band)
            steps_heading = _("Next steps")
            return "\n\n".join(
                [
                    f"## {case_heading}",
                    public.narrative,
                    f"## {list_heading}",
                    options,
                    f"## {steps_heading}",
                    steps,
                ]
            )

    def accepts(self, scenario: Scenario, settings: Mapping[str, Any]) -> bool:
        """A presumed victim's case shows at least ``min_indicators`` indicators, so that the
        cases are comparable; a case without indicators (not a presumed victim) is accepted as
        drawn, or the decision would always be "yes"."""
        key = scenario.key
        if not key.presumed_victim:
            return True
        return len(key.present) >= int(settings.get("min_indicators", 0))

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own case. Run the cell below to see yours. Decide "
            "which indicators of the Kyrgyz police manual it shows, whether the person is a "
            "presumed victim of trafficking, and what you do next. Then write your answer in "
            "the cell after it and run the check."
        )

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.activities.identification.widget import SpotTheIndicators

        return SpotTheIndicators(seed=seed, lang=lang, **params)


TYPE = IdentificationType()
