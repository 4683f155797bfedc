"""The risk register: each threat's risk before and after a plan, by the ISHR sheet's formula.

The sheet (seed 000, lines 66-99) defines risk as the impact and likelihood of a threat and
writes **risk = threats x vulnerabilities / capacities**: a threat exists independently of the
person; vulnerabilities make it more likely or more harmful; capacities make it less likely or
less harmful. The sheet gives no numbers. This module is the training tool's reading of it:

* likelihood and impact are rated on the sheet's four steps, low 1, medium 2, high 3, very
  high 4; a threat's risk is likelihood x impact (1 to 16), banded low (< 3), medium (< 6),
  high (< 9) and very high;
* the ratings describe the threat *as things stand*, with the vulnerabilities (V) and the
  capacities (C) the register lists for it. A plan does not change the threat (it exists
  independently of the person); it changes V and C, and the risk moves by the formula:

  - preventive measures remove vulnerabilities and build capacities, so the likelihood becomes
    ``likelihood x (1 + V_after) / (1 + V) x (1 + C) / (1 + C_after)``;
  - each emergency measure ready for the threat counts as one more capacity against its impact:
    ``impact x (1 + C_after) / (1 + C_after + E)``;

  the 1 + ... keeps a threat with no listed factor at its rating, and neither value drops
  below low: there is no zero risk (lines 319-322).

A threat is a priority when its likelihood or its impact is high or very high: the sheet's
minimum standard is a strategy that covers every such risk (lines 306-307).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from simsuite.activities.reprisal_risk.content import Catalogue

BANDS = ((3, "low"), (6, "medium"), (9, "high"))
PRIORITY_FROM = 3  # high


def band(risk: float) -> str:
    for limit, name in BANDS:
        if risk < limit:
            return name
    return "very_high"


def is_priority(likelihood: float, impact: float) -> bool:
    return likelihood >= PRIORITY_FROM or impact >= PRIORITY_FROM


@dataclass(frozen=True)
class RegisterRow:
    threat: str
    likelihood: int
    impact: int
    vulnerabilities: tuple[str, ...]
    capacities: tuple[str, ...]
    likelihood_after: float
    impact_after: float
    vulnerabilities_after: tuple[str, ...]
    capacities_after: tuple[str, ...]
    responses: tuple[str, ...]

    @property
    def risk(self) -> int:
        return self.likelihood * self.impact

    @property
    def risk_after(self) -> float:
        return round(self.likelihood_after * self.impact_after, 1)

    @property
    def priority(self) -> bool:
        return is_priority(self.likelihood, self.impact)


@dataclass(frozen=True)
class Plan:
    """What a register is computed from: rated threats, listed factors, chosen measures."""

    ratings: Mapping[str, tuple[int, int]]  # threat -> (likelihood, impact), 1..4
    vulnerabilities: frozenset[str]
    capacities: frozenset[str]
    measures: frozenset[str]  # preventive
    responses: frozenset[str]  # the emergency plan


def _bearing(catalogue: Catalogue, factors: Iterable[str], threat: str) -> tuple[str, ...]:
    return tuple(sorted(f for f in factors if threat in catalogue.factors[f].bears_on))


def _clamp(value: float) -> float:
    return round(min(4.0, max(1.0, value)), 2)


def after_factors(catalogue: Catalogue, plan: Plan) -> tuple[frozenset[str], frozenset[str]]:
    """The vulnerabilities and capacities once the plan's measures are in place."""
    chosen = [catalogue.measures[m] for m in sorted(plan.measures | plan.responses)]
    vulnerabilities = set(plan.vulnerabilities)
    capacities = set(plan.capacities)
    for measure in chosen:
        if measure.phase == "prevent":
            vulnerabilities -= measure.removes
            capacities |= measure.builds
        vulnerabilities |= measure.adds
    return frozenset(vulnerabilities), frozenset(capacities)


def build_register(
    catalogue: Catalogue, plan: Plan, unsafe: Iterable[str] = ()
) -> tuple[RegisterRow, ...]:
    """One row per rated threat, in catalogue order. ``unsafe``: emergency measures that would
    expose the witness in this case (they protect nothing, so they do not lower the impact)."""
    unsafe = frozenset(unsafe)
    vulnerabilities_after, capacities_after = after_factors(catalogue, plan)
    rows = []
    for threat in catalogue.threats:
        if threat not in plan.ratings:
            continue
        likelihood, impact = plan.ratings[threat]
        v = _bearing(catalogue, plan.vulnerabilities, threat)
        c = _bearing(catalogue, plan.capacities, threat)
        v_after = _bearing(catalogue, vulnerabilities_after, threat)
        c_after = _bearing(catalogue, capacities_after, threat)
        responses = tuple(
            sorted(
                m for m in plan.responses
                if threat in catalogue.measures[m].addresses
                and not catalogue.measures[m].adds
                and m not in unsafe
            )
        )
        likelihood_after = _clamp(
            likelihood * (1 + len(v_after)) / (1 + len(v)) * (1 + len(c)) / (1 + len(c_after))
        )
        impact_after = _clamp(impact * (1 + len(c_after)) / (1 + len(c_after) + len(responses)))
        rows.append(
            RegisterRow(
                threat, likelihood, impact, v, c, likelihood_after, impact_after, v_after,
                c_after, responses,
            )
        )
    return tuple(rows)
