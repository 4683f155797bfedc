"""The unified tactical-coordination plan (seed digest 002 [L136-L152]) and its evaluation.

The six parts, in the source's order [L150-L152]: tasks of each structure, responsible officers,
sequence of operations, risk-analysis results, evacuation routes, emergency action algorithms.
A trainee fills a :class:`CoordinationPlan`; :func:`evaluate_plan` is a pure function that
returns findings (the same function serves the widget, nbgrader tests and the CLI).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simsuite.errors import UserInputError
from simsuite.i18n import N_, _
from simsuite.massevent.model import PHASES, Scenario, agency_ids
from simsuite.massevent.risk import apply_mitigations, assess, check_mitigations, level

PARTS = (
    "agency_tasks",
    "responsible_officers",
    "sequence_of_operations",
    "risk_analysis",
    "evacuation_routes",
    "emergency_algorithms",
)
PART_LABELS = {
    "agency_tasks": N_("specific tasks of each structure"),
    "responsible_officers": N_("responsible officers"),
    "sequence_of_operations": N_("sequence of operations"),
    "risk_analysis": N_("results of the risk analysis"),
    "evacuation_routes": N_("evacuation routes"),
    "emergency_algorithms": N_("action algorithms for possible emergencies"),
}
SOURCE = "seed 002 [L150-L152]"


@dataclass(frozen=True)
class CoordinationPlan:
    agency_tasks: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    responsible_officers: Mapping[str, str] = field(default_factory=dict)
    sequence_of_operations: Sequence[Mapping[str, str]] = ()
    risk_analysis: Mapping[str, str] = field(default_factory=dict)  # hazard id -> owner agency
    evacuation_routes: Sequence[Mapping[str, str]] = ()  # {zone, exit}
    emergency_algorithms: Mapping[str, Sequence[str]] = field(default_factory=dict)
    mitigations: Sequence[str] = ()
    budget: float = 0.0


def plan_from_dict(data: Any, where: str = "plan") -> CoordinationPlan:
    if not isinstance(data, Mapping):
        raise UserInputError(_("expected a mapping with the parts of the plan."), where=where)
    unknown = set(data) - set(PARTS) - {"mitigations", "budget"}
    if unknown:
        raise UserInputError(
            _("unknown fields: {fields}.").format(fields=", ".join(sorted(unknown))),
            where=where,
            allowed=", ".join((*PARTS, "mitigations", "budget")),
        )
    budget = data.get("budget", 0)
    if (
        isinstance(budget, bool)
        or not isinstance(budget, int | float)
        or not math.isfinite(budget)
        or budget < 0
    ):
        raise UserInputError(
            _("the budget must be a number of at least 0."), where=f"{where}.budget"
        )
    mits = data.get("mitigations") or ()
    if isinstance(mits, str) or not isinstance(mits, Sequence):
        raise UserInputError(_("expected a list of mitigation ids."), where=f"{where}.mitigations")
    check_mitigations(mits, where=f"{where}.mitigations")

    def mapping(key: str) -> Mapping:
        value = data.get(key) or {}
        if not isinstance(value, Mapping):
            raise UserInputError(_("expected a mapping."), where=f"{where}.{key}")
        return value

    def sequence(key: str) -> Sequence:
        value = data.get(key) or ()
        if isinstance(value, str | Mapping) or not isinstance(value, Sequence):
            raise UserInputError(_("expected a list."), where=f"{where}.{key}")
        return tuple(value)

    return CoordinationPlan(
        agency_tasks=mapping("agency_tasks"),
        responsible_officers=mapping("responsible_officers"),
        sequence_of_operations=sequence("sequence_of_operations"),
        risk_analysis=mapping("risk_analysis"),
        evacuation_routes=sequence("evacuation_routes"),
        emergency_algorithms=mapping("emergency_algorithms"),
        mitigations=tuple(mits),
        budget=float(budget),
    )


def _finding(code: str, where: str, message: str, severity: str = "error") -> dict:
    return {"code": code, "severity": severity, "where": where, "message": message}


def evaluate_plan(plan: CoordinationPlan, scenario: Scenario) -> dict:
    """Check a plan against the scenario; returns findings, cost and residual risks."""
    findings: list[dict] = []
    known = set(agency_ids())
    for part in PARTS:
        if not getattr(plan, part):
            findings.append(
                _finding(
                    "missing_part",
                    part,
                    _("The plan has no '{part}' ({source}).").format(
                        part=_(PART_LABELS[part]), source=SOURCE
                    ),
                )
            )
    named = (
        set(plan.agency_tasks) | set(plan.responsible_officers) | set(plan.risk_analysis.values())
    )
    for agency in sorted(named - known):
        findings.append(
            _finding(
                "unknown_agency",
                agency,
                _("'{agency}' is not one of the agencies of this exercise.").format(agency=agency),
            )
        )
    for agency in sorted(named & known):
        tasks = plan.agency_tasks.get(agency) or {}
        if not any(tasks.get(phase) for phase in PHASES):
            findings.append(
                _finding(
                    "agency_without_task",
                    agency,
                    _("Agency '{agency}' takes part but has no task.").format(agency=agency),
                )
            )
        if agency not in plan.responsible_officers and plan.responsible_officers:
            findings.append(
                _finding(
                    "agency_without_officer",
                    agency,
                    _("Agency '{agency}' has no responsible officer.").format(agency=agency),
                    "warning",
                )
            )
    if "internal_affairs" not in plan.agency_tasks and plan.agency_tasks:
        findings.append(
            _finding(
                "no_coordinator",
                "agency_tasks",
                _(
                    "The internal affairs bodies coordinate all agencies in all "
                    "three phases (002 [L79-L83]) but have no tasks."
                ),
            )
        )
    mitigated, cost = apply_mitigations(scenario, plan.mitigations)
    result = assess(mitigated)
    for risk in result.risks:
        owner = plan.risk_analysis.get(risk.id)
        if level(risk.score) in ("low",) and owner is None:
            continue
        if not owner:
            findings.append(
                _finding(
                    "risk_without_owner",
                    risk.id,
                    _("Risk '{risk}' ({level}) has no owning agency.").format(
                        risk=risk.name, level=_(level(risk.score))
                    ),
                )
            )
        elif owner in known and owner not in plan.agency_tasks:
            findings.append(
                _finding(
                    "owner_without_task",
                    risk.id,
                    _("Risk '{risk}' is owned by '{agency}', which has no tasks.").format(
                        risk=risk.name, agency=owner
                    ),
                )
            )
        if level(risk.score) in ("high", "extreme") and risk.id not in plan.emergency_algorithms:
            findings.append(
                _finding(
                    "missing_algorithm",
                    risk.id,
                    _("High risk '{risk}' has no emergency action algorithm.").format(
                        risk=risk.name
                    ),
                    "warning",
                )
            )
    venue = scenario.venue
    exits = {e.id for e in venue.exits}
    zones = {z.id for z in venue.zones}
    covered = set()
    for i, route in enumerate(plan.evacuation_routes):
        where = f"evacuation_routes[{i}]"
        if not isinstance(route, Mapping):
            findings.append(
                _finding("invalid_route", where, _("A route is {zone: ..., exit: ...}."))
            )
            continue
        if route.get("exit") not in exits:
            findings.append(
                _finding(
                    "unknown_route",
                    where,
                    _("Exit '{exit}' does not exist in venue '{venue}'.").format(
                        exit=route.get("exit"), venue=venue.name
                    ),
                )
            )
        if route.get("zone") not in zones:
            findings.append(
                _finding(
                    "unknown_route",
                    where,
                    _("Zone '{zone}' does not exist in venue '{venue}'.").format(
                        zone=route.get("zone"), venue=venue.name
                    ),
                )
            )
        else:
            covered.add(route["zone"])
    if plan.evacuation_routes:
        for zone in sorted(zones - covered):
            findings.append(
                _finding(
                    "zone_without_route",
                    zone,
                    _("Zone '{zone}' has no evacuation route.").format(zone=zone),
                    "warning",
                )
            )
    if cost > plan.budget:
        findings.append(
            _finding(
                "over_budget",
                "budget",
                _("The mitigations cost {cost} BU, over the budget of {budget} BU.").format(
                    cost=cost, budget=plan.budget
                ),
            )
        )
    errors = sum(1 for f in findings if f["severity"] == "error")
    return {
        "ok": errors == 0,
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": findings,
        "cost": cost,
        "budget": plan.budget,
        "residual": result.to_dict(),
    }
