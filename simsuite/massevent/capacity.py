"""Safe capacity by the Green Guide method: the lowest of entry, holding, exit and emergency.

All rates come from ``data/standards.yaml`` with their sources. This is the regulatory
calculation with the Green Guide's *design* rates (82 persons/m/min on the level, 66 on steps),
not the expected flows of :mod:`simsuite.massevent.egress`: capacity is what the regulation
counts, so it uses the regulation's figures.

* Holding: each zone at the density of its type (flat standing, terrace, seated) or the
  density the venue file assessed for it.
* Emergency evacuation: all exits over the emergency evacuation time, which comes from the fire
  risk assessment of the structure (low 8, normal 6-8, high 2.5 minutes), never from the
  security threat level.
* The same figures with the largest exit unavailable (blocked, or closed by an incident), a
  standard planning question, are reported beside the normal ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from simsuite.i18n import N_, _
from simsuite.massevent.model import EventProfile, Opening, Venue, std

FACTORS = ("entry", "holding", "exit", "emergency")
FACTOR_LABELS = {
    "entry": N_("entry capacity (gates over the entry period)"),
    "holding": N_("holding capacity (area and seats)"),
    "exit": N_("exit capacity (normal exits over the exit time)"),
    "emergency": N_("emergency evacuation capacity (all exits over the evacuation time)"),
}


@dataclass(frozen=True)
class WithoutExit:
    """Capacity when one exit (the widest) cannot be used."""

    exit_id: str
    exit: int
    emergency: int
    final: int
    limiting: str

    def to_dict(self) -> dict:
        return {
            "unavailable_exit": self.exit_id,
            "exit": self.exit,
            "emergency": self.emergency,
            "final": self.final,
            "limiting_factor": self.limiting,
            "limiting_factor_label": _(FACTOR_LABELS[self.limiting]),
        }


@dataclass(frozen=True)
class CapacityResult:
    entry: int
    holding: int
    exit: int
    emergency: int
    emergency_time_min: float
    final: int
    limiting: str
    fire_risk: str = "normal"
    #: the same count with the widest exit unavailable (None: the venue has one exit only)
    without_largest_exit: WithoutExit | None = None

    def to_dict(self) -> dict:
        return {
            "entry": self.entry,
            "holding": self.holding,
            "exit": self.exit,
            "emergency": self.emergency,
            "fire_risk": self.fire_risk,
            "emergency_evacuation_time_min": self.emergency_time_min,
            "final": self.final,
            "limiting_factor": self.limiting,
            "limiting_factor_label": _(FACTOR_LABELS[self.limiting]),
            "rates": "Green Guide design rates",
            "largest_exit_unavailable": (
                self.without_largest_exit.to_dict() if self.without_largest_exit else None
            ),
        }


def flow_rate(opening: Opening, alcohol: bool, extra_factor: float = 1.0) -> float:
    """Green Guide rate of passage (persons per metre per minute) for an opening."""
    rate = std("flow_rate_stepped") if opening.surface == "stepped" else std("flow_rate_level")
    if alcohol:
        rate *= std("alcohol_flow_factor")
    return rate * extra_factor


def gate_rate_per_min(gate: Opening) -> float:
    """Entry throughput of one gate, persons per minute."""
    if gate.gate_type == "turnstile":
        return gate.lanes * std("turnstile_rate") / 60.0
    if gate.gate_type == "screening":
        return gate.lanes * std("screening_lane_rate") / 60.0
    return gate.width * std("open_gate_rate")


def zone_holding(venue: Venue, zone, safety_factor: float | None = None) -> float:
    """Persons a zone holds: seats, or area x density (x the safety factor when standing)."""
    factor = std("safety_factor") if safety_factor is None else safety_factor
    area = venue.zone_walkable[zone.id].area
    if zone.kind == "seated":
        return float(zone.seats) if zone.seats is not None else area * zone.holding_density()
    if zone.kind == "standing":
        return area * zone.holding_density() * factor
    return 0.0


def holding_capacity(venue: Venue, safety_factor: float | None = None) -> int:
    return int(sum(zone_holding(venue, zone, safety_factor) for zone in venue.zones))


def emergency_time_min(venue: Venue) -> float:
    return venue.emergency_time_min()


def capacity(
    venue: Venue,
    event: EventProfile,
    *,
    exit_width_per_exit: float = 0.0,
    flow_factor: float = 1.0,
    gate_factor: float = 1.0,
    safety_factor: float | None = None,
) -> CapacityResult:
    """Green Guide capacity of ``venue`` for ``event``; the final figure is the lowest.

    A venue without gates (open access) has no entry limit: entry capacity is then reported
    as the holding capacity so it never becomes the limiting factor by accident.
    """
    entry_period = std("entry_period")
    if venue.gates:
        entry = sum(gate_rate_per_min(g) for g in venue.gates) * entry_period * gate_factor
    holding = holding_capacity(venue, safety_factor)
    if not venue.gates:
        entry = float(holding)
    t_em = emergency_time_min(venue)

    def exit_figures(exits) -> tuple[float, float]:
        per_min = {
            e.id: (e.width + exit_width_per_exit) * flow_rate(e, event.alcohol, flow_factor)
            for e in exits
        }
        normal = sum(per_min[e.id] for e in exits if e.use == "normal")
        return normal * std("exit_time"), sum(per_min.values()) * t_em

    def lowest(values: dict[str, int]) -> str:
        return min(FACTORS, key=lambda k: (values[k], FACTORS.index(k)))

    exit_cap, emergency = exit_figures(venue.exits)
    values = {
        "entry": int(entry),
        "holding": int(holding),
        "exit": int(exit_cap),
        "emergency": int(emergency),
    }
    limiting = lowest(values)
    without = None
    if len(venue.exits) > 1:
        widest = largest_exit(venue)
        exit_w, emergency_w = exit_figures(tuple(e for e in venue.exits if e.id != widest.id))
        values_w = {**values, "exit": int(exit_w), "emergency": int(emergency_w)}
        limiting_w = lowest(values_w)
        without = WithoutExit(
            widest.id, values_w["exit"], values_w["emergency"], values_w[limiting_w], limiting_w
        )
    return CapacityResult(
        entry=values["entry"],
        holding=values["holding"],
        exit=values["exit"],
        emergency=values["emergency"],
        emergency_time_min=t_em,
        final=values[limiting],
        limiting=limiting,
        fire_risk=venue.fire_risk,
        without_largest_exit=without,
    )


def largest_exit(venue: Venue) -> Opening:
    """The exit whose loss costs most: the widest (a normal exit first on a tie)."""
    return max(venue.exits, key=lambda e: (e.width, e.use == "normal", e.id))


def scenario_capacity(scenario) -> CapacityResult:
    """Capacity of a scenario, with its mitigation inputs applied."""
    ops = scenario.operations
    return capacity(
        scenario.venue,
        scenario.event,
        exit_width_per_exit=ops.exit_width_per_exit,
        flow_factor=ops.flow_factor,
        gate_factor=ops.gate_factor,
    )
