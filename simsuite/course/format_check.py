"""Visible checks for trainees: is the answer in the right form? They never reveal the key."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from simsuite.activities.identification import IdentificationAnswer, indicator_list
from simsuite.errors import UserInputError
from simsuite.i18n import _


def check_answers(kinds: Mapping[str, str], answers: Sequence[object]) -> None:
    """Print which answers are still missing or in the wrong form."""
    problems = []
    for (item_id, kind), answer in zip(kinds.items(), answers, strict=True):
        if answer is None:
            problems.append(_("Question {id}: not answered yet.").format(id=item_id))
        elif kind == "single" and not isinstance(answer, str):
            problems.append(_("Question {id}: give one letter in quotes.").format(id=item_id))
        elif kind in ("multiple", "ordering") and not isinstance(answer, list | tuple | set):
            problems.append(_("Question {id}: give a list of letters.").format(id=item_id))
        elif kind == "numeric" and (
            isinstance(answer, bool) or not isinstance(answer, int | float)
        ):
            problems.append(_("Question {id}: give a number.").format(id=item_id))
    print("\n".join(problems) if problems else _("Every answer is in the right form."))


def check_identification(ticked: object, presumed_victim: object, age_band: str) -> None:
    try:
        answer = IdentificationAnswer.parse(ticked, presumed_victim)
    except UserInputError as error:
        print(error.render())
        return
    unknown = answer.ticked - set(indicator_list(age_band).ids)
    if unknown:
        print(_("Not an indicator id of this list: {ids}.").format(ids=", ".join(sorted(unknown))))
    elif answer.presumed_victim is None:
        print(_("Decide: set presumed_victim to True or False."))
    else:
        print(_("Your answer is in the right form."))
