"""Answers that contradict themselves are sent back with a prompt, not scored.

A qualification form can say two things at once: trafficking "yes" and a neighbouring offence
"instead of trafficking"; "no" and a trafficking article; one offence both absorbed by the
trafficking charge and charged cumulatively with it. Scoring such an answer would reward
half of it; the learner is asked to choose instead. This is a check of the answer's form, not
a scoring rule: the score still comes from :func:`evaluate_qualification` alone.
"""

from __future__ import annotations

from simsuite.activities.qualification.evaluate import QualificationAnswer
from simsuite.activities.qualification.options import PackOptions
from simsuite.i18n import _


def answer_problems(
    answer: QualificationAnswer, options: PackOptions, lang: str | None = None
) -> tuple[str, ...]:
    """What makes ``answer`` contradict itself, in words for the learner (empty when none)."""
    if answer.is_blank:
        return ()
    problems: list[str] = []
    qualified = bool(answer.article or answer.part or answer.absorbed or answer.cumulative)
    if answer.is_trafficking is None:
        problems.append(_("Decide first whether this is trafficking in persons, then qualify it."))
    if answer.is_trafficking is True and answer.neighbour:
        problems.append(
            _(
                "You answered that this is trafficking and also chose a neighbouring offence "
                "that stands instead of trafficking. Choose one: qualify it as trafficking, or "
                "answer “No” and name the offence it is instead."
            )
        )
    if answer.is_trafficking is False and qualified:
        problems.append(
            _(
                "You answered that this is not trafficking, yet chose a trafficking article, "
                "a part, or offences absorbed by or charged with trafficking. Clear them, or "
                "answer “Yes”."
            )
        )
    both = sorted(answer.absorbed & answer.cumulative)
    if both:
        names = ", ".join(
            options.article(offence).short(lang) if offence in options.by_id else offence
            for offence in both
        )
        problems.append(
            _(
                "{offences}: ticked both as absorbed and as charged cumulatively. An offence "
                "absorbed by the trafficking charge is not charged separately: choose one."
            ).format(offences=names)
        )
    return tuple(problems)
