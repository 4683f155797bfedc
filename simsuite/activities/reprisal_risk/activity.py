"""The reprisal-risk planner as an exercise type (the protection module).

A witness in a generated trafficking case (the case engine's story, then where things stand
now) faces reprisals from the accused. The learner lists the threats, rates their likelihood
and impact, marks the vulnerabilities and capacities the case shows, and chooses preventive
measures and an emergency plan within the resources; the tool computes the register before and
after the plan by the ISHR sheet's formula. The scoring rule is
:func:`simsuite.activities.reprisal_risk.evaluate.evaluate_plan`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.identification.activity import CASE_PARAMS
from simsuite.activities.reprisal_risk.evaluate import (
    RiskEvaluation,
    candidates,
    evaluate_plan,
    rating_field,
)
from simsuite.activities.reprisal_risk.scenario import PublicRiskCase, RiskKey, generate_risk_case
from simsuite.i18n import N_, _, language

AXES = ("likelihood", "impact")


def threat_ids(public: PublicRiskCase) -> list[str]:
    return [t for t, _label in public.candidates]


class ReprisalRiskType(ExerciseType):
    name = "reprisal_risk"
    title = N_("Plan protection from reprisals")
    summary = N_(
        "Build the reprisal-risk register of a witness in a trafficking case: the threats, "
        "their likelihood and impact, the vulnerabilities and capacities; then choose the "
        "measures and the emergency plan that address the highest risks first."
    )
    competencies = ("reprisal_risk",)
    app_notebook = "51_plan_protection.ipynb"
    default_params = CASE_PARAMS

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        with language(lang):
            public, key = generate_risk_case(params, seed, lang)
        return Scenario(self.name, seed, params, lang, public, key)

    def answer_fields(self, public: PublicRiskCase) -> tuple[AnswerField, ...]:
        with language(public.lang):
            labels = dict(public.candidates)
            fields = [
                AnswerField("threats", "choices", _("The threats this case presents"),
                            public.candidates, blank=set(), required=False),
            ]
            for threat in threat_ids(public):
                for axis, name in (("likelihood", _("likelihood")), ("impact", _("impact"))):
                    fields.append(
                        AnswerField(
                            rating_field(axis, threat),
                            "choice",
                            _("{threat}: {axis} (only if you listed it)").format(
                                threat=labels[threat], axis=name
                            ),
                            public.levels,
                            required=False,
                        )
                    )
            fields += [
                AnswerField("vulnerabilities", "choices",
                            _("The vulnerabilities the case shows"),
                            public.vulnerability_options, blank=set(), required=False),
                AnswerField("capacities", "choices", _("The capacities the case shows"),
                            public.capacity_options, blank=set(), required=False),
                AnswerField("measures", "choices",
                            _("Preventive measures (at most {n})").format(
                                n=public.budgets["prevent"]),
                            public.prevent_options, blank=set(), required=False),
                AnswerField("emergency", "choices",
                            _("Emergency plan: if a threat occurs (at most {n})").format(
                                n=public.budgets["respond"]),
                            public.respond_options, blank=set(), required=False),
            ]
        return tuple(fields)

    def answer_groups(self, public: PublicRiskCase) -> tuple[tuple[str, ...], ...]:
        """One answer cell per step of the sheet's method."""
        ratings = tuple(rating_field(axis, t) for t in threat_ids(public) for axis in AXES)
        return (("threats",), ratings, ("vulnerabilities", "capacities"),
                ("measures", "emergency"))

    def evaluate(self, key: RiskKey, answer: Mapping[str, Any], lang: str) -> RiskEvaluation:
        return evaluate_plan(key, answer, lang)

    def solution(self, key: RiskKey) -> dict[str, Any]:
        answer: dict[str, Any] = {"threats": set(key.threats)}
        for threat in candidates(key):
            rated = key.threats.get(threat)
            answer[rating_field("likelihood", threat)] = rated.likelihood if rated else None
            answer[rating_field("impact", threat)] = rated.impact if rated else None
        answer.update(
            vulnerabilities=set(key.vulnerabilities),
            capacities=set(key.capacities),
            measures=set(key.expert_measures),
            emergency=set(key.expert_responses),
        )
        return answer

    def accepts(self, scenario: Scenario, settings: Mapping[str, Any]) -> bool:
        """``min_priority``: at least this many priority threats, so variants are comparable."""
        return len(scenario.key.priority) >= int(settings.get("min_priority", 0))

    def app_markdown(self, public: PublicRiskCase, lang: str) -> str:
        """The case, the briefing and the task (what the app shows above its register)."""
        with language(lang):
            task = _(
                "Assess the reprisal risk this witness faces and plan the protection. List the "
                "threats the case presents and rate each one's likelihood and impact as things "
                "stand (low, medium, high, very high). Mark the vulnerabilities and the "
                "capacities the case shows. Then choose at most {prevent} preventive measures "
                "and at most {respond} emergency measures (what is done if a threat occurs). "
                "Cover the priority threats first: those of high likelihood and/or high "
                "impact. Nothing in the plan may expose the witness."
            ).format(prevent=public.budgets["prevent"], respond=public.budgets["respond"])
            return "\n\n".join(
                [
                    "## " + _("The case"),
                    public.narrative.strip(),
                    "## " + _("Where things stand now"),
                    public.briefing,
                    "## " + _("Your task"),
                    task,
                ]
            )

    def public_markdown(self, public: PublicRiskCase, lang: str) -> str:
        with language(lang):
            blocks = [self.app_markdown(public, lang), "## " + _("Your options")]
            for field_name, label, options in (
                ("threats", _("Threats"), public.candidates),
                ("vulnerabilities", _("Vulnerabilities"), public.vulnerability_options),
                ("capacities", _("Capacities"), public.capacity_options),
                ("measures", _("Preventive measures"), public.prevent_options),
                ("emergency", _("Emergency plan"), public.respond_options),
            ):
                lines = [f"**{label}** (`{field_name}`)"]
                lines += [f"- `{option}`: {text}" for option, text in options]
                blocks.append("\n".join(lines))
            scale = ", ".join(f"`{level}` ({text})" for level, text in public.levels)
            blocks.append(
                _("**The scale** for each `likelihood_…` and `impact_…`: {scale}.").format(
                    scale=scale
                )
            )
            return "\n\n".join(blocks)

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own case. Run the cell below to see yours: a witness in a "
            "trafficking case who faces reprisals. Fill in the four answer cells in order: the "
            "threats, their likelihood and impact, the vulnerabilities and capacities, then "
            "the preventive measures and the emergency plan. Run the check: it tells you "
            "whether the answer is in the right form, never whether it is right."
        )

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.activities.reprisal_risk.app import ReprisalRiskApp

        return ReprisalRiskApp(self, seed=seed, lang=lang, **params)


TYPE = ReprisalRiskType()
