"""The one scoring rule of the reprisal-risk planner.

Score (0..1) = 0.20 threats + 0.15 ratings + 0.15 vulnerabilities + 0.10 capacities
+ 0.25 preventive measures + 0.15 emergency plan.

* **Threats, vulnerabilities, capacities** (sets): hits minus false alarms, floored at zero, over
  what the case shows; ticking everything earns nothing.
* **Ratings**: for each threat the learner listed and the case presents, likelihood and impact
  each earn 1 when equal to the key's step and 0.5 when one step off; averaged over those
  threats (a threat not listed is already counted under threats).
* **Preventive measures**: the share of the priority threats (high likelihood and/or high impact:
  the sheet's minimum standard) that a chosen measure acts on in this case, counting only
  threats some safe measure can act on; minus 0.5 for each measure that exposes or harms the
  witness; nothing when more measures are chosen than the resources allow.
* **Emergency plan**: the same, for the measures taken if a threat occurs.

The register the learner sees (before and after the plan) is computed from their own entries
by :mod:`simsuite.activities.reprisal_risk.register`; the key's register beside it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from simsuite.activities.identification.evaluate import Evaluation, ItemFeedback
from simsuite.activities.reprisal_risk.content import Catalogue, catalogue
from simsuite.activities.reprisal_risk.register import Plan, build_register
from simsuite.activities.reprisal_risk.report import REGISTER_CSS, register_html
from simsuite.activities.reprisal_risk.scenario import RiskKey
from simsuite.content.sources import Citation
from simsuite.errors import UserInputError
from simsuite.i18n import N_, _, language, localized

WEIGHTS = {
    "threats": 0.20,
    "ratings": 0.15,
    "vulnerabilities": 0.15,
    "capacities": 0.10,
    "measures": 0.25,
    "emergency": 0.15,
}
EXPOSURE_PENALTY = 0.5
OUTCOMES = {
    "right": N_("Right."),
    "partly": N_("Partly right."),
    "wrong": N_("Not right."),
    "missed": N_("Missed: the case shows it."),
    "false_alarm": N_("Not shown in this case."),
    "not_rated": N_("Not rated."),
    "none_chosen": N_("Nothing chosen."),
    "exposes": N_("Exposes or harms the witness."),
    "no_effect": N_("Changes nothing here."),
    "not_applicable": N_("Does not apply here."),
    "over_budget": N_("More than the resources allow."),
}


def rating_field(axis: str, threat: str) -> str:
    return f"{axis}_{threat}"


@dataclass(frozen=True)
class RiskItem(ItemFeedback):
    credit: float = 0.0

    @property
    def is_error(self) -> bool:
        return self.outcome != "right"

    def headline(self) -> str:
        return _(OUTCOMES[self.outcome])


@dataclass(frozen=True)
class RiskEvaluation(Evaluation):
    """The result, with the learner's register and the expert's (HTML, in the case language)."""

    registers: str = ""
    parts: tuple[tuple[str, float], ...] = ()

    def credit(self, part: str) -> float:
        return dict(self.parts)[part]

    def render_html(self) -> str:
        rendered = super().render_html()
        if not self.registers:
            return rendered
        closing = "</div>"
        assert rendered.endswith(closing)
        return rendered[: -len(closing)] + REGISTER_CSS + self.registers + closing


@dataclass(frozen=True)
class RiskAnswer:
    threats: frozenset[str]
    ratings: Mapping[str, tuple[str | None, str | None]]  # threat -> (likelihood, impact)
    vulnerabilities: frozenset[str]
    capacities: frozenset[str]
    measures: frozenset[str]
    emergency: frozenset[str]

    @property
    def is_blank(self) -> bool:
        rated = any(v is not None for pair in self.ratings.values() for v in pair)
        return not (
            self.threats or rated or self.vulnerabilities or self.capacities or self.measures
            or self.emergency
        )


def _ids(value: object, field: str, allowed: Iterable[str]) -> frozenset[str]:
    allowed = list(allowed)
    if value is None:
        return frozenset()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise UserInputError(
            _("Give a set of ids, got {value!r}.").format(value=value),
            where=field, allowed=", ".join(allowed),
        )
    found = set()
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            raise UserInputError(
                _("{value!r} is not one of the options.").format(value=item),
                where=field, allowed=", ".join(allowed),
            )
        found.add(item)
    return frozenset(found)


def _level(value: object, field: str, levels: Iterable[str]) -> str | None:
    levels = list(levels)
    if value is None:
        return None
    if not isinstance(value, str) or value not in levels:
        raise UserInputError(
            _("{value!r} is not a step of the scale.").format(value=value),
            where=field, allowed=", ".join(levels),
        )
    return value


def candidates(key: RiskKey) -> list[str]:
    ids = set(key.threats) | set(key.absent)
    return [t for t in catalogue().threats if t in ids]


def parse_answer(key: RiskKey, answer: Mapping[str, Any]) -> RiskAnswer:
    cat = catalogue()
    offered = [t for t in candidates(key)]
    prevent = [m for m in key.verdicts if cat.measures[m].phase == "prevent"]
    respond = [m for m in key.verdicts if cat.measures[m].phase == "respond"]
    return RiskAnswer(
        threats=_ids(answer.get("threats"), "threats", offered),
        ratings={
            t: tuple(
                _level(answer.get(rating_field(axis, t)), rating_field(axis, t),
                       cat.level_values)
                for axis in ("likelihood", "impact")
            )
            for t in offered
        },
        vulnerabilities=_ids(answer.get("vulnerabilities"), "vulnerabilities",
                             [f.id for f in cat.of_kind("vulnerability")]),
        capacities=_ids(answer.get("capacities"), "capacities",
                        [f.id for f in cat.of_kind("capacity")]),
        measures=_ids(answer.get("measures"), "measures", prevent),
        emergency=_ids(answer.get("emergency"), "emergency", respond),
    )


def _set_credit(expected: Iterable[str], given: frozenset[str], options: int) -> float:
    expected = frozenset(expected)
    if expected:
        return max(0, len(given & expected) - len(given - expected)) / len(expected)
    return 1 - len(given) / max(options, 1)


def _names(cat: Catalogue, table: str, ids: Iterable[str], lang: str) -> str:
    entries = getattr(cat, table)
    return ", ".join(localized(entries[i].label, lang) for i in ids) or _("none")


def _plan_part(
    cat: Catalogue, key: RiskKey, chosen: frozenset[str], phase: str, lang: str,
) -> tuple[float, list[RiskItem], list[Any]]:
    """Credit, items and sources of the preventive measures or the emergency plan."""
    field = "measures" if phase == "prevent" else "emergency"
    must = key.must_prevent if phase == "prevent" else key.must_respond
    limit = key.limits[phase]
    title = _("Your preventive measures") if phase == "prevent" else _("Your emergency plan")
    items: list[RiskItem] = []
    sources: list[Any] = []
    order = list(cat.measures)
    for measure_id in sorted(chosen, key=order.index):
        verdict = key.verdicts[measure_id]
        if verdict.status == "effective":
            continue
        label = localized(cat.measures[measure_id].label, lang)
        items.append(RiskItem(f"{field}:{measure_id}", verdict.status, label, verdict.why, 0.0))
        if verdict.status == "exposes":
            sources.append(verdict.source)
    if len(chosen) > limit:
        why = _("You chose {n}; the resources allow {limit}. Choose the measures that address "
                "the highest risks first.").format(n=len(chosen), limit=limit)
        items.insert(0, RiskItem(field, "over_budget", title, why, 0.0))
        return 0.0, items, sources
    covered = set().union(
        *(key.verdicts[m].acts_on for m in chosen if key.verdicts[m].status == "effective")
    )
    exposing = sum(1 for m in chosen if key.verdicts[m].status == "exposes")
    share = len(covered & set(must)) / len(must) if must else 1.0
    credit = max(0.0, share - EXPOSURE_PENALTY * exposing)
    missing = [t for t in must if t not in covered]
    if not must:
        why = _("No priority threat here can be lowered further by such measures: the case "
                "already has what they would bring.")
    elif missing:
        expert = key.expert_measures if phase == "prevent" else key.expert_responses
        suggestions = [m for m in sorted(expert, key=order.index)
                       if set(key.verdicts[m].acts_on) & set(missing)]
        why = _("Covered: {covered}. Not covered: {missing}. For example: {measures}.").format(
            covered=_names(cat, "threats", [t for t in must if t in covered], lang),
            missing=_names(cat, "threats", missing, lang),
            measures=_names(cat, "measures", suggestions, lang),
        )
    else:
        why = _("Every priority threat is covered: {threats}.").format(
            threats=_names(cat, "threats", must, lang)
        )
    outcome = "right" if credit == 1 else "partly" if credit > 0 else "wrong"
    if not chosen:
        outcome = "none_chosen" if must else "right"
        why = (_("No measure chosen. Priority threats: {threats}.").format(
            threats=_names(cat, "threats", must, lang)) if must else why)
    items.insert(0, RiskItem(field, outcome, title, why, credit))
    sources.append(cat.sources["strategy" if phase == "prevent" else "plan"])
    return credit, items, sources


def evaluate_plan(key: RiskKey, answer: Mapping[str, Any], lang: str) -> RiskEvaluation:
    cat = catalogue()
    parsed = parse_answer(key, answer)
    with language(lang):
        if parsed.is_blank:
            return RiskEvaluation(
                0.0, (), blank=True,
                summary=_("Nothing entered yet: list the threats, rate them, mark the "
                          "vulnerabilities and capacities, and choose your measures."),
            )
        items: list[RiskItem] = []
        sources: list[Any] = [cat.sources["risk"], cat.sources["transfer"]]
        order = candidates(key)
        # threats
        for threat in order:
            label = localized(cat.threats[threat].label, lang)
            listed, present = threat in parsed.threats, threat in key.threats
            if present:
                why = key.threats[threat].why_likelihood
                items.append(RiskItem(f"threat:{threat}", "right" if listed else "missed",
                                      label, why, float(listed)))
            elif listed:
                items.append(RiskItem(f"threat:{threat}", "false_alarm", label,
                                      key.absent[threat], 0.0))
        credits = {"threats": _set_credit(key.threats, parsed.threats, len(order))}
        sources.append(cat.sources["threats"])
        # ratings of the listed threats the case presents
        rated = [t for t in order if t in parsed.threats and t in key.threats]
        rating_credits = []
        for threat in rated:
            expected = key.threats[threat]
            given = parsed.ratings[threat]
            part = []
            for value, right in zip(given, (expected.likelihood, expected.impact), strict=True):
                if value is None:
                    part.append(0.0)
                else:
                    gap = abs(cat.level_values[value] - cat.level_values[right])
                    part.append(1.0 if gap == 0 else 0.5 if gap == 1 else 0.0)
            credit = sum(part) / 2
            rating_credits.append(credit)
            level = {lv: localized(cat.level_labels[lv], lang) for lv in cat.level_values}
            why = _("Likelihood {l}: {why_l} Impact {i}: {why_i}").format(
                l=level[expected.likelihood], why_l=expected.why_likelihood,
                i=level[expected.impact], why_i=expected.why_impact,
            )
            if any(v is not None for v in given):
                why += " " + _("You rated: likelihood {l}, impact {i}.").format(
                    l=level.get(given[0], "—"), i=level.get(given[1], "—"))
            outcome = ("not_rated" if all(v is None for v in given) else
                       "right" if credit == 1 else "partly" if credit > 0 else "wrong")
            label = _("Rating: {threat}").format(threat=localized(cat.threats[threat].label,
                                                                   lang))
            items.append(RiskItem(f"rating:{threat}", outcome, label, why, credit))
        credits["ratings"] = sum(rating_credits) / len(rating_credits) if rating_credits else 0.0
        sources.append(cat.sources["ratings"])
        # vulnerabilities and capacities
        for kind, field, present in (
            ("vulnerability", "vulnerabilities", key.vulnerabilities),
            ("capacity", "capacities", key.capacities),
        ):
            given = getattr(parsed, field)
            options = cat.of_kind(kind)
            for factor in options:
                label = localized(factor.label, lang)
                if factor.id in present:
                    items.append(RiskItem(f"{kind}:{factor.id}",
                                          "right" if factor.id in given else "missed", label,
                                          present[factor.id], float(factor.id in given)))
                elif factor.id in given:
                    items.append(RiskItem(f"{kind}:{factor.id}", "false_alarm", label,
                                          _("The case does not show this."), 0.0))
            credits[field] = _set_credit(present, given, len(options))
        sources.append(cat.sources["factors"])
        # the plan
        for phase, field in (("prevent", "measures"), ("respond", "emergency")):
            credit, plan_items, plan_sources = _plan_part(
                cat, key, getattr(parsed, field), phase, lang
            )
            credits[field] = credit
            items += plan_items
            sources += plan_sources
        sources.append(cat.sources["measures"])
        score = round(sum(WEIGHTS[part] * credits[part] for part in WEIGHTS), 6)
        priority = _names(cat, "threats", key.priority, lang)
        summary = _("Priority threats in this case (high likelihood and/or high impact): "
                    "{threats}.").format(threats=priority)
        registers = registers_html(key, parsed, lang)
        citations: list[Citation] = []
        for raw in sources:
            citation = cat.cite(raw, lang)
            if citation not in citations:
                citations.append(citation)
    return RiskEvaluation(
        score, tuple(items), summary=summary, sources=tuple(citations), registers=registers,
        parts=tuple((part, round(credits[part], 6)) for part in WEIGHTS),
    )


def learner_plan(key: RiskKey, parsed: RiskAnswer) -> Plan:
    cat = catalogue()
    ratings = {}
    for threat in candidates(key):
        likelihood, impact = parsed.ratings.get(threat, (None, None))
        if threat in parsed.threats and likelihood and impact:
            ratings[threat] = (cat.level_values[likelihood], cat.level_values[impact])
    return Plan(ratings, parsed.vulnerabilities, parsed.capacities, parsed.measures,
                parsed.emergency)


def expert_plan(key: RiskKey) -> Plan:
    cat = catalogue()
    ratings = {
        t: (cat.level_values[k.likelihood], cat.level_values[k.impact])
        for t, k in key.threats.items()
    }
    return Plan(ratings, frozenset(key.vulnerabilities), frozenset(key.capacities),
                key.expert_measures, key.expert_responses)


def unsafe_measures(key: RiskKey) -> frozenset[str]:
    return frozenset(m for m, v in key.verdicts.items() if v.status == "exposes")


def registers_html(key: RiskKey, parsed: RiskAnswer, lang: str) -> str:
    cat = catalogue()
    unsafe = unsafe_measures(key)
    mine = build_register(cat, learner_plan(key, parsed), unsafe)
    expert = build_register(cat, expert_plan(key), unsafe)
    heading = html.escape(_("The register before and after the plan"))
    return (
        f'<div class="simsuite-registers"><h4>{heading}</h4>'
        + register_html(mine, cat, lang, _("Your register"))
        + register_html(expert, cat, lang, _("The expert's register"))
        + "</div>"
    )
