"""Referral routing as an exercise type: who must be notified, by whom, in which order and by
when, for the presumed victim of a generated case, in Kyrgyzstan or Azerbaijan.

The key is :func:`simsuite.activities.referral.rules.referral_plan` (the one referral rule).
For each body or person the trainee chooses a *route*: who notifies them and when (for example
"you, at the same time as you refer the person"), or that they are not required, or must not be
involved. The routes are ranked in time, so the choice also says the order.

Score: each recipient scores 1 for the right route; 0.5 when the trainee rightly notifies them
but by the wrong way or at the wrong time, or rightly does not notify them but misses whether
they must not be involved; 0 otherwise. Recipients to notify (or to offer the person) weigh twice
as much as the others, so that answering "not required" everywhere earns little.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simsuite.activities.base import AnswerField, ExerciseType, Scenario
from simsuite.activities.identification.evaluate import Evaluation
from simsuite.activities.referral import rules as referral_rules
from simsuite.activities.referral.feedback import PartFeedback, outcome, unique_citations
from simsuite.activities.referral.person import (
    CASE_PARAMS,
    briefing,
    check_case_params,
    generate_person_case,
)
from simsuite.activities.referral.rules import NOT_NOTIFIED, Notification
from simsuite.errors import UserInputError
from simsuite.i18n import N_, _, language, localized

REQUIRED_WEIGHT = 2.0
OTHER_WEIGHT = 1.0
PHASES = {
    1: N_("First"),
    2: N_("Then (the sources fix no order among these)"),
    3: N_("Afterwards"),
}


@dataclass(frozen=True)
class PublicReferral:
    case_id: str
    lang: str
    jurisdiction: str
    narrative: str
    situation: str
    recipients: tuple[tuple[str, str], ...]
    route_options: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ReferralKey:
    jurisdiction: str
    lang: str
    decisions: tuple[Notification, ...]


def timeline(decisions: tuple[Notification, ...], lang: str) -> str:
    """What must be done, phase by phase, as one paragraph."""
    to_do = [d for d in decisions if d.to_do]
    parts = []
    for rank in sorted({d.rank or 0 for d in to_do}):
        names = "; ".join(
            f"{d.label} ({d.route_label[:1].lower()}{d.route_label[1:]})"
            for d in to_do
            if (d.rank or 0) == rank
        )
        phase = _(PHASES.get(rank, PHASES[3]))
        parts.append(f"{phase}: {names}.")
    return _("In order: {phases}").format(phases=" ".join(parts))


class ReferralType(ExerciseType):
    name = "referral"
    title = N_("Refer and notify")
    summary = N_(
        "For a presumed victim, decide who must be notified, by whom, in which order and by "
        "when, under the rules of Kyrgyzstan or Azerbaijan."
    )
    competencies = ("first_response", "coordination")
    app_notebook = "43_referral.ipynb"
    default_params = CASE_PARAMS

    def check_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        params = super().check_params(params)
        check_case_params(params, referral_rules.jurisdictions(), self.name)
        params["jurisdiction"] = str(params["jurisdiction"]).upper()
        return params

    def generate(self, params: Mapping[str, Any], seed: int, lang: str) -> Scenario:
        params = self.check_params(params)
        case, person = generate_person_case(params, seed)
        with language(lang):
            decisions = referral_rules.referral_plan(person, lang)
            public = PublicReferral(
                case_id=case.case_id,
                lang=lang,
                jurisdiction=person.jurisdiction,
                narrative=case.render(lang=lang),
                situation=briefing(person, lang),
                recipients=tuple((d.recipient, d.label) for d in decisions),
                route_options=tuple(
                    (r.id, localized(r.label, lang))
                    for r in referral_rules.routes(person.jurisdiction)
                ),
            )
            key = ReferralKey(person.jurisdiction, lang, decisions)
        return Scenario(self.name, seed, params, lang, public, key)

    def answer_fields(self, public: PublicReferral) -> tuple[AnswerField, ...]:
        return tuple(
            AnswerField(recipient, "choice", label, public.route_options, required=False)
            for recipient, label in public.recipients
        )

    def evaluate(self, key: ReferralKey, answer: Mapping[str, Any], lang: str) -> Evaluation:
        route_ids = [r.id for r in referral_rules.routes(key.jurisdiction)]
        given: dict[str, str | None] = {}
        for decision in key.decisions:
            value = answer.get(decision.recipient)
            if value is not None and (not isinstance(value, str) or value not in route_ids):
                raise UserInputError(
                    _("{value!r} is not one of the options.").format(value=value),
                    where=decision.recipient,
                    allowed=", ".join(route_ids),
                )
            given[decision.recipient] = value
        with language(lang):
            sources = unique_citations(d.citation(lang) for d in key.decisions)
            if all(v is None for v in given.values()):
                return Evaluation(
                    0.0,
                    (),
                    blank=True,
                    summary=_("No answer was given: choose a route for each body or person."),
                    sources=sources,
                )
            labels = {
                r.id: localized(r.label, lang) for r in referral_rules.routes(key.jurisdiction)
            }
            items = []
            earned = total = 0.0
            for decision in key.decisions:
                chosen = given[decision.recipient]
                if chosen == decision.route:
                    credit = 1.0
                elif chosen is None:
                    credit = 0.0
                elif (chosen in NOT_NOTIFIED) == (decision.route in NOT_NOTIFIED):
                    credit = 0.5
                else:
                    credit = 0.0
                weight = REQUIRED_WEIGHT if decision.to_do else OTHER_WEIGHT
                earned += weight * credit
                total += weight
                why = f"{labels[decision.route]}. {decision.why}"
                if chosen is not None and chosen != decision.route:
                    why = _("You chose: {chosen}. Expected: {expected}").format(
                        chosen=labels[chosen], expected=why
                    )
                items.append(
                    PartFeedback(
                        decision.recipient,
                        outcome(credit, chosen is not None),
                        decision.label,
                        why,
                        credit,
                    )
                )
            score = round(earned / total, 6)
            return Evaluation(
                score, tuple(items), summary=timeline(key.decisions, lang), sources=sources
            )

    def solution(self, key: ReferralKey) -> dict[str, Any]:
        return {d.recipient: d.route for d in key.decisions}

    def public_markdown(self, public: PublicReferral, lang: str) -> str:
        with language(lang):
            options = "\n".join(f"- `{o}`: {label}" for o, label in public.route_options)
            recipients = "\n".join(f"- `{r}`: {label}" for r, label in public.recipients)
            return "\n\n".join(
                [
                    "## " + _("Your case"),
                    public.narrative.strip(),
                    "## " + _("The situation"),
                    public.situation,
                    "## " + _("Who must be notified, by whom and when?"),
                    _(
                        "For each body or person, choose who notifies them and when, or that "
                        "they are not required, or must not be involved."
                    ),
                    "**" + _("Bodies and people") + "**\n\n" + recipients,
                    "**" + _("Routes") + "**\n\n" + options,
                ]
            )

    def instructions(self, lang: str) -> str:
        return _(
            "Every trainee has their own case. Run the cell below to see yours. For each body "
            "or person it lists, write the route: who notifies them and when, or that they are "
            "not required or must not be involved. Write your answer in the cell after it and "
            "run the check."
        )

    def app(self, seed: int | None = None, lang: str | None = None, **params: Any):
        from simsuite.widgets.form_app import ExerciseApp

        return ExerciseApp(self, seed=seed, lang=lang, **params)


TYPE = ReferralType()
