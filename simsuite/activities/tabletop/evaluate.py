"""The tabletop's one scoring rule: a verdict per target, per part of the plan, per inject.

The app's Check, the conduct phase, the after-action review, the nbgrader hidden test and the
graded feedback all call :func:`evaluate_tabletop`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simsuite.activities.tabletop.exercise import (
    GREEN_GUIDE,
    INJECT_WEIGHT,
    LEVEL_ORDER,
    WEIGHTS,
    Plan,
    TabletopKey,
    agency_label,
    content,
    figures,
    hazard_names,
    parse_answer,
    plan_cost,
    planned_scenario,
    residual_level,
    target_label,
    targets_met,
)
from simsuite.content.sources import Citation, cite
from simsuite.i18n import N_, _, localized
from simsuite.massevent.capacity import FACTOR_LABELS
from simsuite.massevent.risk import assess

OUTCOMES = {
    "met": N_("Met."),
    "missed": N_("Missed."),
    "right": N_("Right."),
    "partly": N_("Partly right."),
    "wrong": N_("Not right."),
    "missing": N_("Not answered."),
}
GROUPS = ("target", "plan", "inject")
PLAN_SOURCE = {"seed": "002", "lines": "150-152"}
ROLES_SOURCE = {
    "seed": "002",
    "lines": "477-481",
    "note": "each agency owns the threats of its own field; the mapping of hazards to agencies "
    "is an inference",
}
RESOLUTIONS = {
    "official": "Cabinet of Ministers of Uzbekistan, Resolution No. 569 of 12 September 2024 "
    "and Resolution No. 205 of 29 July 2014 on organising and holding mass events, as the source "
    "summarises them",
    "seed": "002",
    "lines": "68-103",
    "note": "the resolutions' own texts are to be verified",
}


@dataclass(frozen=True)
class Verdict:
    item: str
    group: str  # target / plan / inject
    outcome: str
    label: str
    why: str
    credit: float  # 0..1 of this item
    weight: float
    figures: str = ""
    sources: tuple[Citation, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.outcome not in ("met", "right")

    def headline(self) -> str:
        return _(OUTCOMES[self.outcome])


@dataclass(frozen=True)
class TabletopResult:
    score: float
    items: tuple[Verdict, ...]
    blank: bool = False
    summary: str = ""
    sources: tuple[Citation, ...] = ()
    figures: Mapping[str, Any] = field(default_factory=dict)
    cost: Mapping[str, float] = field(default_factory=dict)
    budget: float = 0.0
    lang: str = "en"

    def points(self, max_points: float) -> float:
        return round(self.score * max_points, 4)

    def group(self, name: str) -> tuple[Verdict, ...]:
        return tuple(v for v in self.items if v.group == name)

    def score_of(self, groups: tuple[str, ...]) -> float:
        chosen = [v for v in self.items if v.group in groups]
        total = sum(v.weight for v in chosen)
        return sum(v.weight * v.credit for v in chosen) / total if total else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "blank": self.blank,
            "summary": self.summary,
            "items": [
                {
                    "item": v.item,
                    "group": v.group,
                    "outcome": v.outcome,
                    "credit": v.credit,
                    "why": v.why,
                    "figures": v.figures,
                }
                for v in self.items
            ],
            "figures": dict(self.figures),
            "cost": dict(self.cost),
            "budget": self.budget,
        }

    def render_text(self, groups: tuple[str, ...] = GROUPS) -> str:
        lines = [_("Score: {percent:.0f}%").format(percent=self.score * 100)]
        for v in self.items:
            if v.group in groups:
                text = f"{v.label}: {v.headline()} {v.why}".rstrip()
                lines.append(text + (f" ({v.figures})" if v.figures else ""))
        cited = "; ".join(dict.fromkeys(c.render_text() for c in self.sources))
        if cited:
            lines.append(_("Sources:") + " " + cited)
        return "\n".join(lines)

    def render_html(self, groups: tuple[str, ...] = GROUPS, heading: str | None = None) -> str:
        """The verdict as a table: what, verdict, why, the figures behind it."""
        titles = {
            "target": _("Targets"),
            "plan": _("Unified tactical-coordination plan"),
            "inject": _("Conduct: your responses to the incidents"),
        }
        parts = []
        if heading:
            parts.append(f"<h3>{html.escape(heading)}</h3>")
        score = _("Score: {percent:.0f}%").format(percent=self.score_of(groups) * 100)
        parts.append(f'<p class="simsuite-score"><b>{html.escape(score)}</b></p>')
        for group in groups:
            rows = [v for v in self.items if v.group == group]
            if not rows:
                continue
            head = "".join(
                f'<th scope="col">{html.escape(h)}</th>'
                for h in (_("What"), _("Verdict"), _("Why"), _("Figures"))
            )
            body = "".join(
                '<tr class="{css} simsuite-verdict-{item}"><th scope="row">{label}</th>'
                "<td><b>{headline}</b></td><td>{why}</td><td>{figures}</td></tr>".format(
                    css="simsuite-wrong" if v.is_error else "simsuite-right",
                    item=html.escape(v.item),
                    label=html.escape(v.label),
                    headline=html.escape(v.headline()),
                    why=html.escape(v.why),
                    figures=html.escape(v.figures),
                )
                for v in rows
            )
            parts.append(
                f'<table class="simsuite-verdict simsuite-verdict-{group}">'
                f"<caption>{html.escape(titles[group])}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            )
        chosen = [c for v in self.items if v.group in groups for c in v.sources] or list(
            self.sources
        )
        cited = "; ".join(dict.fromkeys(c.render_html() for c in chosen))
        if cited:
            parts.append(
                '<p class="simsuite-sources">' + html.escape(_("Sources:")) + f" {cited}</p>"
            )
        return (
            '<div class="simsuite-feedback simsuite-tabletop-feedback">' + "".join(parts) + "</div>"
        )


def _credit_outcome(credit: float, answered: bool) -> str:
    if not answered:
        return "missing"
    if credit >= 0.999:
        return "right"
    return "partly" if credit > 0 else "wrong"


def _minutes(value: float | None) -> str:
    return "—" if value is None else _("{m:.1f} min").format(m=value)


def _targets(key: TabletopKey, plan: Plan, lang: str) -> tuple[list[Verdict], dict, dict]:
    brief = key.brief
    scenario = planned_scenario(key, plan)
    assessment = assess(scenario)
    cost = plan_cost(brief, plan)
    total = round(sum(cost.values()), 2)
    met = targets_met(brief, assessment, total)
    fig = figures(assessment)
    green_guide = cite(GREEN_GUIDE, lang)
    out = []
    without = fig["safe_capacity_without_largest_exit"]
    out.append(
        Verdict(
            "capacity",
            "target",
            "met" if met["capacity"] else "missed",
            target_label("capacity"),
            (
                _("The people admitted fit the safe capacity.")
                if met["capacity"]
                else _(
                    "More people are admitted than the safe capacity allows: cap admission, or "
                    "raise what limits it ({limit})."
                ).format(limit=_(FACTOR_LABELS[fig["limiting"]]))
            ),
            1.0 if met["capacity"] else 0.0,
            WEIGHTS["capacity"],
            _(
                "admitted {admitted:,}; safe capacity {safe:,} (Green Guide design rates); with "
                "the largest exit unavailable {without}"
            ).format(
                admitted=fig["admitted"],
                safe=fig["safe_capacity"],
                without=f"{without:,}" if without is not None else "—",
            ),
            (green_guide,),
        )
    )
    out.append(
        Verdict(
            "evacuation",
            "target",
            "met" if met["evacuation"] else "missed",
            target_label("evacuation"),
            (
                _("Everyone is out within the emergency evacuation time.")
                if met["evacuation"]
                else _(
                    "The evacuation takes longer than the emergency evacuation time of this "
                    "structure: widen exits, keep routes one-way or admit fewer people."
                )
            ),
            1.0 if met["evacuation"] else 0.0,
            WEIGHTS["evacuation"],
            _(
                "expected {expected}; at design rates {design}; with the largest exit "
                "unavailable {without}; target {target} ({risk} fire risk)"
            ).format(
                expected=_minutes(fig["evacuation_expected_min"]),
                design=_minutes(fig["evacuation_design_min"]),
                without=_minutes(fig["evacuation_without_largest_exit_min"]),
                target=_minutes(brief.evacuation_target_min),
                risk=_(brief.fire_risk),
            ),
            (green_guide,),
        )
    )
    wait_source = cite(content()["targets"]["max_wait_min"]["source"], lang)
    out.append(
        Verdict(
            "wait",
            "target",
            "met" if met["wait"] else "missed",
            target_label("wait"),
            (
                _("Nobody queues longer than the target.")
                if met["wait"]
                else _("The queue at the gates is too long: more gates, or spread the arrival.")
            ),
            1.0 if met["wait"] else 0.0,
            WEIGHTS["wait"],
            _("longest wait {wait}; target {target}").format(
                wait=_minutes(fig["max_wait_min"]), target=_minutes(brief.max_wait_min)
            ),
            (wait_source,),
        )
    )
    names = hazard_names(lang)
    worst = residual_level(assessment)
    top = ", ".join(
        f"{names[h]} ({_(lv)}, {score})" for h, lv, score in fig["top_risks"] if lv != "low"
    )
    out.append(
        Verdict(
            "residual_risk",
            "target",
            "met" if met["residual_risk"] else "missed",
            target_label("residual_risk"),
            (
                _("No residual risk is extreme.")
                if met["residual_risk"]
                else _(
                    "An extreme risk remains after your measures: treat it (staffing, "
                    "monitoring, faster evacuation, fewer people)."
                )
            ),
            1.0 if met["residual_risk"] else 0.0,
            WEIGHTS["residual_risk"],
            _("highest level {level}; {top}").format(level=_(worst), top=top or "—"),
            (cite(content()["targets"]["residual_risk"]["source"], lang),),
        )
    )
    out.append(
        Verdict(
            "budget",
            "target",
            "met" if met["budget"] else "missed",
            target_label("budget"),
            (
                _("The plan fits the budget.")
                if met["budget"]
                else _("The plan costs more than the budget.")
            ),
            1.0 if met["budget"] else 0.0,
            WEIGHTS["budget"],
            _("cost {cost:g} BU of {budget:g} BU").format(cost=total, budget=brief.budget),
            (cite(content()["targets"]["refund_per_1000"]["source"], lang),),
        )
    )
    fig = {**fig, "cost": total, "met": met}
    return out, fig, cost


def _fraction(chosen: frozenset, right: frozenset) -> float:
    if not right:
        return 0.0
    return max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))


def _plan_parts(key: TabletopKey, plan: Plan, lang: str) -> list[Verdict]:
    data = content()
    brief = key.brief
    plan_source = cite(PLAN_SOURCE, lang)
    out = []
    lead = data["lead"]["key"]
    out.append(
        Verdict(
            "plan_lead",
            "plan",
            _credit_outcome(1.0 if plan.lead == lead else 0.0, plan.lead is not None),
            target_label("plan_lead"),
            _(
                "The internal affairs bodies take part in preparation, conduct and analysis and "
                "coordinate the other structures."
            )
            if plan.lead != lead
            else _("Yes: the internal affairs bodies lead and coordinate."),
            1.0 if plan.lead == lead else 0.0,
            WEIGHTS["plan_lead"],
            "",
            (cite(RESOLUTIONS, lang),),
        )
    )
    wrong = sorted(plan.tasks - key.correct_tasks)
    missed = sorted(key.correct_tasks - plan.tasks)
    by_id = {t["id"]: t for t in data["tasks"]}
    why = []
    for task_id in wrong:
        why.append(localized(by_id[task_id]["why"], lang))
    if missed:
        why.append(
            _("Missing: {tasks}.").format(
                tasks="; ".join(
                    f"{agency_label(by_id[t]['agency'], lang)}: {localized(by_id[t]['text'], lang)}"
                    for t in missed
                )
            )
        )
    credit = _fraction(plan.tasks, key.correct_tasks)
    out.append(
        Verdict(
            "plan_tasks",
            "plan",
            _credit_outcome(credit, bool(plan.tasks)),
            target_label("plan_tasks"),
            " ".join(why) or _("Every structure has its own task, none of another's."),
            credit,
            WEIGHTS["plan_tasks"],
            _("{right} of {total} tasks right, {wrong} wrong").format(
                right=len(plan.tasks & key.correct_tasks),
                total=len(key.correct_tasks),
                wrong=len(wrong),
            ),
            (plan_source, cite(ROLES_SOURCE, lang)),
        )
    )
    # part 2 against the trainee's own part 1: an officer for every agency that has a task
    tasked = {by_id[t]["agency"] for t in plan.tasks & key.correct_tasks}
    with_officer = set(plan.officers)
    if tasked:
        credit = max(0.0, (len(tasked & with_officer) - len(with_officer - tasked)) / len(tasked))
    else:
        credit = 0.0
    lacking = sorted(tasked - with_officer)
    idle = sorted(with_officer - tasked)
    why = []
    if lacking:
        why.append(
            _("No responsible officer for: {agencies}.").format(
                agencies=", ".join(agency_label(a, lang) for a in lacking)
            )
        )
    if idle:
        why.append(
            _("Officers named for agencies without a task in your plan: {agencies}.").format(
                agencies=", ".join(agency_label(a, lang) for a in idle)
            )
        )
    out.append(
        Verdict(
            "plan_officers",
            "plan",
            _credit_outcome(credit, bool(plan.officers)),
            target_label("plan_officers"),
            " ".join(why) or _("Every tasked agency has one responsible officer."),
            credit,
            WEIGHTS["plan_officers"],
            "",
            (plan_source,),
        )
    )
    # part 3: only the order of the three phases is in the source
    phases = data["phases"]
    if plan.sequence is None:
        credit = 0.0
    else:
        rank = [phases.index(key.sequence_phases[s]) for s in plan.sequence]
        pairs = [(a, b) for i, a in enumerate(rank) for b in rank[i + 1 :] if a != b]
        credit = sum(a < b for a, b in pairs) / len(pairs) if pairs else 1.0
    out.append(
        Verdict(
            "plan_sequence",
            "plan",
            _credit_outcome(credit, plan.sequence is not None),
            target_label("plan_sequence"),
            _("Preparation, then conduct, then analysis.")
            if credit >= 0.999
            else _(
                "The phases are out of order: everything of the preparation comes before the "
                "event, the after-action review after it (the order inside a phase is yours)."
            ),
            credit,
            WEIGHTS["plan_sequence"],
            "",
            (cite(data["sequence_source"], lang),),
        )
    )
    names = hazard_names(lang)
    chosen: dict[str, set[str]] = {}
    for pair in plan.risk_owners:
        hazard, agency = pair.split(":", 1)
        chosen.setdefault(hazard, set()).add(agency)
    right = [h for h, owner in key.owners.items() if chosen.get(h) == {owner}]
    wrong_owner = [h for h in key.owners if h in chosen and chosen[h] != {key.owners[h]}]
    credit = len(right) / len(key.owners) if key.owners else 0.0
    why = [
        _("{hazard}: owned by {agency}.").format(
            hazard=names[h], agency=agency_label(key.owners[h], lang)
        )
        for h in wrong_owner
    ]
    unowned = [h for h in key.owners if h not in chosen]
    if unowned:
        why.append(
            _("No owner for: {hazards}.").format(hazards=", ".join(names[h] for h in unowned))
        )
    out.append(
        Verdict(
            "plan_risk_owners",
            "plan",
            _credit_outcome(credit, bool(plan.risk_owners)),
            target_label("plan_risk_owners"),
            " ".join(why) or _("Each risk has its one owner, in its own field."),
            credit,
            WEIGHTS["plan_risk_owners"],
            _("{right} of {total} risks owned right").format(
                right=len(right), total=len(key.owners)
            ),
            (cite(ROLES_SOURCE, lang),),
        )
    )
    valid_chosen = {r for r in plan.routes if r in key.valid_routes}
    invalid = sorted(plan.routes - key.valid_routes)
    covered = {r.split(">")[0] for r in valid_chosen}
    zones = key.occupied_zones
    credit = max(0.0, (len(covered & zones) - len(invalid)) / len(zones)) if zones else 0.0
    zone_names = dict(brief.zones)
    why = []
    if invalid:
        why.append(
            _(
                "An entry gate with turnstiles or screening lanes is not an evacuation route "
                "({routes})."
            ).format(routes=", ".join(r.split(">")[1] for r in invalid))
        )
    if zones - covered:
        why.append(
            _("No route from: {zones}.").format(
                zones=", ".join(zone_names[z] for z in sorted(zones - covered))
            )
        )
    out.append(
        Verdict(
            "plan_routes",
            "plan",
            _credit_outcome(credit, bool(plan.routes)),
            target_label("plan_routes"),
            " ".join(why) or _("Every zone has an evacuation route through an exit."),
            credit,
            WEIGHTS["plan_routes"],
            "",
            (plan_source, cite(GREEN_GUIDE, lang)),
        )
    )
    required = key.required_algorithms
    credit = len(plan.algorithms & required) / len(required) if required else 0.0
    missing = sorted(required - plan.algorithms)
    out.append(
        Verdict(
            "plan_algorithms",
            "plan",
            _credit_outcome(credit, bool(plan.algorithms)),
            target_label("plan_algorithms"),
            _("Algorithms missing for: {hazards}.").format(
                hazards=", ".join(names[h] for h in missing)
            )
            if missing
            else _("Every risk above low, and every standard emergency, has an action algorithm."),
            credit,
            WEIGHTS["plan_algorithms"],
            "",
            (plan_source,),
        )
    )
    return out


def _injects(key: TabletopKey, plan: Plan, lang: str, fig: Mapping[str, Any]) -> list[Verdict]:
    data = content()
    names = hazard_names(lang)
    out = []
    public = {i["id"]: i for i in key.brief.injects}
    for inject in data["injects"]:
        chosen = plan.responses.get(inject["id"], frozenset())
        actions = {a["id"]: a for a in inject["actions"]}
        right = frozenset(a for a, spec in actions.items() if spec["correct"])
        action_credit = _fraction(chosen, right)
        hazard = inject["hazard"]
        ready = hazard in plan.algorithms and f"{hazard}:{inject['owner']}" in plan.risk_owners
        credit = 0.75 * action_credit + (0.25 if ready and chosen else 0.0)
        why = [localized(actions[a]["why"], lang) for a in sorted(chosen - right)]
        missed = sorted(right - chosen)
        if missed:
            why.append(
                _("Also: {actions}.").format(
                    actions="; ".join(localized(actions[a]["text"], lang) for a in missed)
                )
            )
        if chosen and not ready:
            why.append(
                _(
                    "Your plan had no action algorithm with the right owner ({agency}) for "
                    "{hazard}: the response was improvised."
                ).format(agency=agency_label(inject["owner"], lang), hazard=names[hazard])
            )
        sources = tuple(
            dict.fromkeys(cite(actions[a]["source"], lang) for a in sorted(chosen | right))
        )
        extra = ""
        if inject["id"] == "fire_alarm":
            extra = _("evacuation with the largest exit unavailable: {m}").format(
                m=_minutes(fig.get("evacuation_without_largest_exit_min"))
            )
        out.append(
            Verdict(
                f"inject_{inject['id']}",
                "inject",
                _credit_outcome(credit, bool(chosen)),
                f"{public[inject['id']]['clock']} {localized(inject['title'], lang)}",
                " ".join(why) or _("A sound response, ready in the plan."),
                credit,
                INJECT_WEIGHT,
                extra,
                sources,
            )
        )
    return out


def evaluate_tabletop(key: TabletopKey, answer: Mapping[str, Any], lang: str) -> TabletopResult:
    """Score a trainee's plan and responses for ``key`` (the one rule; see the module doc)."""
    plan = parse_answer(key.brief, answer)
    if plan.blank:
        return TabletopResult(
            0.0,
            (),
            blank=True,
            summary=_("Nothing was planned yet."),
            sources=(cite(PLAN_SOURCE, lang), cite(GREEN_GUIDE, lang)),
            budget=key.brief.budget,
            lang=lang,
        )
    targets, fig, cost = _targets(key, plan, lang)
    items = targets + _plan_parts(key, plan, lang) + _injects(key, plan, lang, fig)
    score = round(sum(v.weight * v.credit for v in items), 6)
    sources = tuple(dict.fromkeys(c for v in items for c in v.sources))
    missed = [v.label for v in targets if v.is_error]
    summary = (
        _("Every target met.")
        if not missed
        else _("Targets missed: {targets}.").format(targets=", ".join(missed))
    )
    return TabletopResult(
        score,
        tuple(items),
        summary=summary,
        sources=sources,
        figures=fig,
        cost=cost,
        budget=key.brief.budget,
        lang=lang,
    )


def after_action_review_html(result: TabletopResult, key: TabletopKey) -> str:
    """The review of the source's post-event analysis: what went well, what to change, figures."""
    data = content()
    lang = result.lang
    went_well = [v for v in result.items if not v.is_error]
    to_change = [v for v in result.items if v.is_error]
    before = key.brief.as_planned
    after = result.figures

    def items(verdicts) -> str:
        return (
            "".join(
                f"<li><b>{html.escape(v.label)}</b>: {html.escape(v.why)}</li>" for v in verdicts
            )
            or "<li>" + html.escape(_("Nothing.")) + "</li>"
        )

    rows = [
        (_("people admitted"), f"{before['admitted']:,}", f"{after.get('admitted', 0):,}"),
        (
            _("safe capacity (Green Guide design rates)"),
            f"{before['safe_capacity']:,}",
            f"{after.get('safe_capacity', 0):,}",
        ),
        (
            _("evacuation, expected"),
            _minutes(before["evacuation_expected_min"]),
            _minutes(after.get("evacuation_expected_min")),
        ),
        (
            _("evacuation at design rates"),
            _minutes(before["evacuation_design_min"]),
            _minutes(after.get("evacuation_design_min")),
        ),
        (
            _("evacuation with the largest exit unavailable"),
            _minutes(before["evacuation_without_largest_exit_min"]),
            _minutes(after.get("evacuation_without_largest_exit_min")),
        ),
        (
            _("longest wait at the gates"),
            _minutes(before["max_wait_min"]),
            _minutes(after.get("max_wait_min")),
        ),
        (
            _("risks (low / medium / high / extreme)"),
            " / ".join(str(before["risk_counts"][lv]) for lv in LEVEL_ORDER),
            " / ".join(str(after.get("risk_counts", {}).get(lv, 0)) for lv in LEVEL_ORDER),
        ),
        (_("cost (BU)"), "0", f"{after.get('cost', 0):g} / {result.budget:g}"),
    ]
    table = "".join(
        f'<tr><th scope="row">{html.escape(a)}</th><td>{html.escape(b)}</td>'
        f"<td>{html.escape(c)}</td></tr>"
        for a, b, c in rows
    )
    head = "".join(
        f'<th scope="col">{html.escape(h)}</th>'
        for h in (_("Figure"), _("Without measures"), _("Your plan"))
    )
    criteria = "".join(
        f"<li>{html.escape(localized(c['text'], lang))}</li>" for c in data["review"]["criteria"]
    )
    review_source = cite(data["review"]["source"], lang).render_html()
    return (
        '<div class="simsuite-review">'
        + "<h3>"
        + html.escape(_("After-action review"))
        + "</h3>"
        + f'<p class="simsuite-score"><b>{html.escape(result.summary)}</b> '
        + html.escape(_("Score: {percent:.0f}%").format(percent=result.score * 100))
        + "</p>"
        + "<h4>"
        + html.escape(_("What went well"))
        + f"</h4><ul>{items(went_well)}</ul>"
        + "<h4>"
        + html.escape(_("What to change"))
        + f"</h4><ul>{items(to_change)}</ul>"
        + "<h4>"
        + html.escape(_("The figures"))
        + "</h4>"
        + f'<table class="simsuite-review-figures"><thead><tr>{head}</tr></thead>'
        + f"<tbody>{table}</tbody></table>"
        + "<h4>"
        + html.escape(_("Questions of the post-event analysis"))
        + f"</h4><ul>{criteria}</ul>"
        + '<p class="simsuite-sources">'
        + html.escape(_("Sources:"))
        + f" {review_source}</p>"
        + "</div>"
    )
