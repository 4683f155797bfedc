"""Legal qualification as an exercise type. The scoring rule is
:func:`simsuite.activities.qualification.evaluate_qualification`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.identification.activity import CASE_PARAMS
from simsuite.activities.qualification.evaluate import (
    QualificationAnswer,
    QualificationKey,
    open_fact_categories,
)
from simsuite.activities.qualification.exercise import (
    PublicQualificationCase,
    QualificationExercise,
)
from simsuite.i18n import N_, _, language, localized


class QualificationType(ExerciseType):
    name = "qualification"
    title = N_("Qualify the case")
    summary = N_(
        "Qualify a case under national law: trafficking or not, article and part, what is "
        "absorbed or charged cumulatively, the neighbouring offence, or which facts must be "
        "established before it can be qualified."
    )
    competencies = ("qualification",)
    app_notebook = "15_qualify_the_case.ipynb"
    default_params = CASE_PARAMS

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        with language(lang):
            exercise = QualificationExercise.generate(seed, lang=lang, **params)
        return Scenario(self.name, seed, params, lang, exercise.public, exercise.key)

    def answer_fields(self, public: PublicQualificationCase) -> tuple[AnswerField, ...]:
        options = public.options()
        lang = public.lang
        offences = tuple((a.id, a.text(lang)) for a in options.offences)
        fields = [
            AnswerField(
                "is_trafficking",
                "bool",
                _("Is this trafficking in persons?"),
                options=(("True", _("Yes")), ("False", _("No"))),
            ),
            AnswerField(
                "article",
                "choice",
                _("Article"),
                options=tuple((a.id, a.text(lang)) for a in options.articles),
                required=False,
            ),
        ]
        if options.has_parts:
            parts = tuple(
                (part.key, article.part_text(part, lang))
                for article in options.articles
                for part in article.parts
            )
            fields.append(AnswerField("part", "choice", _("Part"), parts, required=False))
        if options.has_absorption:
            fields.append(
                AnswerField(
                    "absorbed",
                    "choices",
                    _("Absorbed by the trafficking charge (not charged separately)"),
                    offences,
                    blank=set(),
                    required=False,
                )
            )
        if options.has_cumulation:
            fields.append(
                AnswerField(
                    "cumulative",
                    "choices",
                    _("Charged cumulatively with trafficking"),
                    offences,
                    blank=set(),
                    required=False,
                )
            )
        if options.neighbours:
            fields.append(
                AnswerField(
                    "neighbour",
                    "choice",
                    _("If it is not trafficking: what is it instead?"),
                    tuple((a.id, a.text(lang)) for a in options.neighbours),
                    required=False,
                )
            )
        fields.append(
            AnswerField(
                "qualification_open",
                "bool",
                _("Cannot be qualified yet: a fact that decides it is not yet established"),
                options=(("True", _("Yes")), ("False", _("No"))),
                required=False,
            )
        )
        fields.append(
            AnswerField(
                "facts_to_establish",
                "choices",
                _("If so: the facts to establish"),
                tuple(
                    (category, localized(label, lang))
                    for category, label in open_fact_categories().items()
                ),
                blank=set(),
                required=False,
            )
        )
        return tuple(fields)

    def evaluate(self, key: QualificationKey, answer: Mapping[str, Any], lang: str):
        from simsuite.activities.qualification.evaluate import evaluate_qualification

        parsed = QualificationAnswer.parse(
            is_trafficking=answer.get("is_trafficking"),
            article=answer.get("article"),
            part=answer.get("part"),
            absorbed=answer.get("absorbed"),
            cumulative=answer.get("cumulative"),
            neighbour=answer.get("neighbour"),
            qualification_open=answer.get("qualification_open"),
            facts_to_establish=answer.get("facts_to_establish"),
        )
        with language(lang):
            return evaluate_qualification(key, parsed, lang=lang)

    def solution(self, key: QualificationKey) -> dict[str, Any]:
        perfect = key.perfect_answer()
        return {
            "is_trafficking": perfect.is_trafficking,
            "article": perfect.article,
            "part": perfect.part,
            "absorbed": set(perfect.absorbed),
            "cumulative": set(perfect.cumulative),
            "neighbour": perfect.neighbour,
            "qualification_open": perfect.qualification_open,
            "facts_to_establish": set(perfect.facts_to_establish),
        }

    def public_markdown(self, public: PublicQualificationCase, lang: str) -> str:
        with language(lang):
            blocks = ["## " + _("Your case"), public.narrative, "## " + _("Your options")]
            for answer_field in self.answer_fields(public):
                lines = [f"**{answer_field.label}** (`{answer_field.name}`)"]
                lines += [f"- `{option}`: {label}" for option, label in answer_field.options]
                blocks.append("\n".join(lines))
            return "\n\n".join(blocks)

    def public_data(self, public: PublicQualificationCase) -> dict[str, Any]:
        return {
            "case_id": public.case_id,
            "lang": public.lang,
            "jurisdiction": public.jurisdiction,
            "narrative": public.narrative,
        }

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own case. Run the cell below to see yours and qualify it "
            "under the law of the jurisdiction it names: is it trafficking in persons, under "
            "which article and part, what is absorbed and what is charged cumulatively, and, "
            "if it is not trafficking, which neighbouring offence it is. If a fact that "
            "decides the qualification is not yet established, say that it cannot be qualified "
            "yet and name the facts to establish. Write your answer in the cell after it and "
            "run the check."
        )

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.activities.qualification.widget import QualifyTheCase

        return QualifyTheCase(seed=seed, lang=lang, **params)


TYPE = QualificationType()
