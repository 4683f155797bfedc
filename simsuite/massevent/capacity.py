"""Safe capacity by the Green Guide method: the lowest of entry, holding, exit and emergency.

All rates come from ``data/standards.yaml`` with their sources. This is the regulatory
calculation (design rates), not the dynamic prediction of :mod:`simsuite.massevent.egress`.
"""

from __future__ import annotations

from dataclasses import dataclass

from simsuite.i18n import N_, _
from simsuite.massevent.model import EventProfile, Opening, Venue, standards, std

FACTORS = ("entry", "holding", "exit", "emergency")
FACTOR_LABELS = {
    "entry": N_("entry capacity (gates over the entry period)"),
    "holding": N_("holding capacity (area and seats)"),
    "exit": N_("exit capacity (normal exits over the exit time)"),
    "emergency": N_("emergency evacuation capacity (all exits over the evacuation time)"),
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

    def to_dict(self) -> dict:
        return {
            "entry": self.entry,
            "holding": self.holding,
            "exit": self.exit,
            "emergency": self.emergency,
            "emergency_evacuation_time_min": self.emergency_time_min,
            "final": self.final,
            "limiting_factor": self.limiting,
            "limiting_factor_label": _(FACTOR_LABELS[self.limiting]),
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


def holding_capacity(venue: Venue, safety_factor: float | None = None) -> int:
    factor = std("safety_factor") if safety_factor is None else safety_factor
    dens = standards()["holding_density"]
    total = 0.0
    for zone in venue.zones:
        if zone.kind == "seated":
            area = venue.zone_walkable[zone.id].area
            total += zone.seats if zone.seats is not None else area * dens["seated"]["value"]
        elif zone.kind == "standing":
            total += venue.zone_walkable[zone.id].area * dens["standing"]["value"] * factor
    return int(total)


def emergency_time_min(event: EventProfile) -> float:
    return float(standards()["emergency_evacuation_time"]["by_threat_level"][event.threat_level])


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
    extra_each = exit_width_per_exit
    normal = [e for e in venue.exits if e.use == "normal"]
    exit_time = std("exit_time")
    exit_cap = (
        sum((e.width + extra_each) * flow_rate(e, event.alcohol, flow_factor) for e in normal)
        * exit_time
    )
    t_em = emergency_time_min(event)
    emergency = (
        sum((e.width + extra_each) * flow_rate(e, event.alcohol, flow_factor) for e in venue.exits)
        * t_em
    )
    values = {
        "entry": int(entry),
        "holding": int(holding),
        "exit": int(exit_cap),
        "emergency": int(emergency),
    }
    limiting = min(FACTORS, key=lambda k: (values[k], FACTORS.index(k)))
    return CapacityResult(
        entry=values["entry"],
        holding=values["holding"],
        exit=values["exit"],
        emergency=values["emergency"],
        emergency_time_min=t_em,
        final=values[limiting],
        limiting=limiting,
    )


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
