"""Risk register, mitigation catalogue and the what-if recompute.

Likelihood and impact (1-5) of every hazard are computed by a named rule from *indicators*:
model outputs (load against Green Guide capacity, evacuation time against the emergency
evacuation time, peak densities, queue waits) and the scenario's inputs (staffing, alcohol,
weather, threat level). A mitigation only changes inputs, so residual risk always comes from
re-running the models, never from a hand-set score.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from simsuite.errors import UserInputError
from simsuite.i18n import N_, _, localized
from simsuite.massevent.capacity import CapacityResult, largest_exit, scenario_capacity
from simsuite.massevent.egress import EgressResult, design_params, evacuate, evacuate_without
from simsuite.massevent.ingress import IngressResult, ingress
from simsuite.massevent.model import Scenario
from simsuite.yamlio import load_shipped

FAMILIES = ("ecological", "epidemiological", "technical", "social", "crowd")
LEVELS = (N_("low"), N_("medium"), N_("high"), N_("extreme"))


@lru_cache(maxsize=1)
def hazards() -> tuple[dict[str, Any], ...]:
    text = resources.files("simsuite.massevent").joinpath("data", "risks.yaml").read_text("utf-8")
    return tuple(load_shipped(text)["hazards"])


@lru_cache(maxsize=1)
def mitigations() -> dict[str, dict[str, Any]]:
    text = (
        resources.files("simsuite.massevent")
        .joinpath("data", "mitigations.yaml")
        .read_text("utf-8")
    )
    return {m["id"]: m for m in load_shipped(text)["mitigations"]}


@dataclass(frozen=True)
class Indicators:
    attendance: int
    load_ratio: float  # admitted / Green Guide safe capacity
    evacuation_ratio: float  # macroscopic evacuation time / emergency evacuation time
    peak_zone_density: float
    peak_forecourt_density: float
    max_wait_min: float
    peak_arrivals_per_min: float
    stewards_per_1000: float
    police_per_1000: float
    medical_posts_per_10000: float
    alcohol: bool
    weather: str
    threat_level: str
    kind: str
    duration_h: float
    situation_centre: bool
    public_information: bool
    one_way_routes: bool

    def to_dict(self) -> dict:
        out = dataclasses.asdict(self)
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def _clamp(x: float) -> int:
    return int(min(5, max(1, round(x))))


def _size(i: Indicators) -> float:
    return math.log10(max(i.attendance, 10))  # 1 = 10 people, 4.7 = 50,000


THREAT = {"low": 0, "moderate": 1, "substantial": 2, "severe": 3}

RULES: dict[str, Callable[[Indicators], int]] = {
    "crush_likelihood": lambda i: _clamp(
        1
        + 2.0 * max(0.0, i.load_ratio - 0.8) / 0.4
        + max(0.0, max(i.peak_zone_density, i.peak_forecourt_density) - 2.0) / 1.5
        - (0.5 if i.situation_centre else 0)
        - (0.5 if i.stewards_per_1000 >= 8 else 0)
    ),
    "panic_likelihood": lambda i: _clamp(
        1
        + THREAT[i.threat_level] * 0.7
        + max(0.0, i.peak_zone_density - 3.0)
        + (0.5 if i.alcohol else 0)
        - (0.5 if i.public_information else 0)
    ),
    "fire_likelihood": lambda i: _clamp(
        1.5 + (1 if i.kind in ("concert", "festival") else 0) + (0.5 if i.alcohol else 0)
    ),
    "structural_likelihood": lambda i: _clamp(
        1 + (1 if i.kind in ("concert", "festival") else 0) + max(0.0, i.load_ratio - 1.0) * 4
    ),
    # the threat level drives this risk; security measures (police presence, monitoring) act on it
    "terrorism_likelihood": lambda i: _clamp(
        1
        + THREAT[i.threat_level] * 1.2
        - (1 if i.police_per_1000 >= 4 else 0)
        - (0.5 if i.situation_centre else 0)
    ),
    "disorder_likelihood": lambda i: _clamp(
        1
        + (1.5 if i.kind in ("sports_match", "political_rally") else 0)
        + (1 if i.alcohol else 0)
        + min(1.5, i.max_wait_min / 30)
        - (1 if i.police_per_1000 >= 4 else 0)
        - (0.5 if i.stewards_per_1000 >= 8 else 0)
    ),
    "weather_likelihood": lambda i: _clamp(
        {"fair": 1, "hot": 2, "cold": 2, "rain": 3, "storm": 4}[i.weather]
    ),
    "heat_likelihood": lambda i: _clamp(
        1
        + (2 if i.weather == "hot" else 0)
        + min(1.5, i.duration_h / 4)
        + min(1, i.max_wait_min / 30)
    ),
    "epidemic_likelihood": lambda i: _clamp(
        1 + max(0.0, _size(i) - 3) + min(1.0, i.duration_h / 6) + max(0.0, i.peak_zone_density - 2)
    ),
    "food_likelihood": lambda i: _clamp(
        1 + min(2.0, i.duration_h / 4) + (1 if i.weather == "hot" else 0)
    ),
    "traffic_likelihood": lambda i: _clamp(1 + i.peak_arrivals_per_min / 300),
    "lost_children_likelihood": lambda i: _clamp(
        1
        + (1.5 if i.kind in ("festival", "public_holiday", "religious_gathering") else 0)
        + max(0.0, _size(i) - 3.5)
        - (1 if i.public_information else 0)
        - (0.5 if i.stewards_per_1000 >= 8 else 0)
    ),
    "crowd_size_impact": lambda i: _clamp(_size(i) - 0.3),
    "evacuation_impact": lambda i: _clamp(
        _size(i) - 1.5 + 2.0 * max(0.0, i.evacuation_ratio - 0.5)
    ),
    "medical_impact": lambda i: _clamp(_size(i) - 1.3 - min(1.5, i.medical_posts_per_10000)),
    "traffic_impact": lambda i: _clamp(_size(i) - 1.5),
    "lost_children_impact": lambda i: _clamp(
        2 + (0.5 if i.kind == "festival" else 0) - (1 if i.situation_centre else 0)
    ),
}


def level(score: int) -> str:
    if score >= 15:
        return LEVELS[3]
    if score >= 10:
        return LEVELS[2]
    if score >= 5:
        return LEVELS[1]
    return LEVELS[0]


@dataclass(frozen=True)
class RiskEntry:
    id: str
    name: str
    family: str
    owner: str
    phases: tuple[str, ...]
    likelihood: int
    impact: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "family": self.family,
            "owner": self.owner,
            "phases": list(self.phases),
            "likelihood": self.likelihood,
            "impact": self.impact,
            "score": self.score,
            "level": _(level(self.score)),
        }


def register(ind: Indicators) -> tuple[RiskEntry, ...]:
    return tuple(
        RiskEntry(
            id=h["id"],
            name=localized(h["name"]),
            family=h["family"],
            owner=h["owner"],
            phases=tuple(h["phases"]),
            likelihood=RULES[h["likelihood"]](ind),
            impact=RULES[h["impact"]](ind),
        )
        for h in hazards()
    )


@dataclass(frozen=True)
class Assessment:
    scenario: Scenario
    capacity: CapacityResult
    ingress: IngressResult
    egress: EgressResult
    indicators: Indicators
    risks: tuple[RiskEntry, ...]
    #: the same evacuation at the Green Guide design rate (conservative), and with the widest
    #: exit unavailable (expected flows; None when a zone would have no way out)
    egress_design: EgressResult | None = None
    egress_without_largest: EgressResult | None = None
    largest_exit: str | None = None

    def evacuation_minutes(self) -> dict[str, float | None]:
        """Expected, design-rate and largest-exit-unavailable evacuation times in minutes."""

        def minutes(result):
            return None if result is None else round(result.evacuation_time_s / 60, 2)

        return {
            "expected": minutes(self.egress),
            "design": minutes(self.egress_design),
            "without_largest_exit": minutes(self.egress_without_largest),
        }

    def to_dict(self) -> dict:
        s = self.scenario
        return {
            "venue": s.venue.id,
            "event": dataclasses.asdict(s.event),
            "operations": {
                k: (list(v) if isinstance(v, tuple) else v)
                for k, v in dataclasses.asdict(s.operations).items()
            },
            "admitted": s.admitted,
            "capacity": self.capacity.to_dict(),
            "ingress": self.ingress.summary(),
            "evacuation": self.egress.summary(),
            "evacuation_minutes": {
                **self.evacuation_minutes(),
                "target": self.capacity.emergency_time_min,
                "largest_exit": self.largest_exit,
            },
            "indicators": self.indicators.to_dict(),
            "risks": [r.to_dict() for r in self.risks],
        }


def assess(scenario: Scenario) -> Assessment:
    """Run capacity, ingress, macroscopic evacuation and the risk register for a scenario."""
    cap = scenario_capacity(scenario)
    ing = ingress(scenario)
    egr = evacuate(scenario)
    ops, ev = scenario.operations, scenario.event
    n = max(scenario.admitted, 1)
    ind = Indicators(
        attendance=scenario.admitted,
        load_ratio=scenario.admitted / max(cap.final, 1),
        evacuation_ratio=egr.evacuation_time_s / 60 / cap.emergency_time_min,
        peak_zone_density=max((z["peak_density"] for z in egr.zones.values()), default=0.0),
        peak_forecourt_density=float(ing.forecourt_density.max()),
        max_wait_min=float(ing.wait_min.max()),
        peak_arrivals_per_min=float(ing.arrivals.max()),
        stewards_per_1000=1000 * ops.stewards / n,
        police_per_1000=1000 * ops.police / n,
        medical_posts_per_10000=10000 * ops.medical_posts / n,
        alcohol=ev.alcohol,
        weather=ev.weather,
        threat_level=ev.threat_level,
        kind=ev.kind,
        duration_h=ev.duration_h,
        situation_centre=ops.situation_centre,
        public_information=ops.public_information,
        one_way_routes=ops.one_way_routes,
    )
    widest = largest_exit(scenario.venue) if len(scenario.venue.exits) > 1 else None
    return Assessment(
        scenario,
        cap,
        ing,
        egr,
        ind,
        register(ind),
        egress_design=evacuate(scenario, design_params()),
        egress_without_largest=(
            evacuate_without(scenario, widest.id) if widest is not None else None
        ),
        largest_exit=widest.id if widest is not None else None,
    )


def check_mitigations(ids: Iterable[str], where: str = "--mitigate") -> tuple[str, ...]:
    ids = tuple(ids)
    for mid in ids:
        if mid not in mitigations():
            raise UserInputError(
                _("unknown mitigation {id!r}.").format(id=mid),
                where=where,
                allowed=", ".join(mitigations()),
            )
    return ids


def apply_mitigations(scenario: Scenario, ids: Iterable[str]) -> tuple[Scenario, float]:
    """The scenario with the measures' input changes applied, and their total cost (BU)."""
    ids = check_mitigations(ids)
    ops = scenario.operations
    changes: dict[str, Any] = {}
    cost = 0.0
    n = scenario.event.attendance
    for mid in ids:
        m = mitigations()[mid]
        units = 1.0
        for key, value in m["changes"].items():
            if key == "exit_width_per_exit":
                changes[key] = ops.exit_width_per_exit + value
                units = value * len(scenario.venue.exits)
            elif key == "gate_factor":
                changes[key] = ops.gate_factor * value
            elif key == "flow_factor":
                changes[key] = ops.flow_factor * value
            elif key == "staggered_arrival":
                changes[key] = bool(value)
            elif key == "capacity_cap":
                safe = scenario_capacity(dataclasses.replace(scenario, operations=ops)).final
                changes[key] = safe if ops.capacity_cap is None else min(safe, ops.capacity_cap)
            elif key == "stewards_per_1000":
                target = math.ceil(n * value / 1000)
                units = max(0, target - ops.stewards)
                changes["stewards"] = max(ops.stewards, target)
            elif key == "police_per_1000":
                target = math.ceil(n * value / 1000)
                units = max(0, target - ops.police)
                changes["police"] = max(ops.police, target)
            elif key == "medical_posts_per_10000":
                target = math.ceil(n * value / 10000)
                units = max(0, target - ops.medical_posts)
                changes["medical_posts"] = max(ops.medical_posts, target)
            else:
                changes[key] = value
        cost += float(m["cost"]["fixed"]) + float(m["cost"]["per_unit"]) * units
    new_ops = dataclasses.replace(
        ops, mitigations=tuple(sorted(set(ops.mitigations) | set(ids))), **changes
    )
    return dataclasses.replace(scenario, operations=new_ops), round(cost, 2)


def what_if(scenario: Scenario, ids: Iterable[str]) -> dict:
    """Before/after assessment for a set of mitigations (the widget's slider loop)."""
    before = assess(scenario)
    mitigated, cost = apply_mitigations(scenario, ids)
    after = assess(mitigated)
    return {"before": before, "after": after, "cost": cost}


def risk_matrix(risks: Iterable[RiskEntry]) -> list[list[list[str]]]:
    """5x5 grid [impact-1][likelihood-1] of hazard ids."""
    grid: list[list[list[str]]] = [[[] for _ in range(5)] for _ in range(5)]
    for r in risks:
        grid[r.impact - 1][r.likelihood - 1].append(r.id)
    return grid


def summarize_register(risks: Iterable[RiskEntry]) -> Mapping[str, int]:
    out = {str(lv): 0 for lv in LEVELS}
    for r in risks:
        out[level(r.score)] += 1
    return out
