"""Ingress over time: the arrival curve against gate throughput (a deterministic fluid queue).

Assumptions (docs/massevent.md): arrivals split over gates in proportion to gate throughput
(stewards balance the queues); each gate serves at its Green Guide / assumed lane rate; the
queue stands on a forecourt of known area in front of the gate, so density = queue / area.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simsuite.massevent.capacity import gate_rate_per_min
from simsuite.massevent.los import fruin_level
from simsuite.massevent.model import Scenario, std


@dataclass(frozen=True)
class IngressResult:
    minutes: np.ndarray  # time grid, minutes relative to the event start (negative = before)
    arrivals: np.ndarray  # arrivals per minute
    queue: np.ndarray  # persons queuing (all gates)
    admitted: np.ndarray  # cumulative persons inside
    wait_min: np.ndarray  # expected wait for someone joining the queue at that minute
    forecourt_density: np.ndarray  # persons/m2 in front of the gates
    gate_capacity_per_min: float

    def _cleared(self) -> float | None:
        busy = np.nonzero(self.queue > 0.5)[0]
        if len(busy) == 0:
            return None
        if busy[-1] == len(self.queue) - 1:
            return None  # still queuing at the end of the modelled period
        return float(self.minutes[busy[-1] + 1])

    def summary(self) -> dict:
        peak = int(np.argmax(self.queue))
        late = self.admitted[-1] - self.admitted[np.searchsorted(self.minutes, 0)]
        return {
            "gate_throughput_per_min": round(self.gate_capacity_per_min, 1),
            "peak_queue": int(round(float(self.queue[peak]))),
            "peak_queue_at_min": float(self.minutes[peak]),
            "max_wait_min": round(float(self.wait_min.max()), 1),
            "peak_forecourt_density": round(float(self.forecourt_density.max()), 2),
            "peak_forecourt_los": fruin_level(float(self.forecourt_density.max()), "queuing"),
            "admitted_after_start": int(round(float(late))),
            "queue_cleared_at_min": self._cleared(),
        }


def arrival_profile(total: float, window_min: float, curve: str, staggered: bool = False):
    """Arrivals per minute from ``-window`` to the start (and a short tail after it)."""
    window = window_min * (1.5 if staggered else 1.0)
    minutes = np.arange(-np.ceil(window), 31.0)
    x = (minutes + window) / window  # 0 at the window start, 1 at the event start
    if curve == "uniform":
        weight = ((x >= 0) & (x <= 1)).astype(float)
    else:
        centre, spread = (0.7, 0.2) if curve == "normal" else (0.9, 0.12)
        if staggered:
            centre, spread = centre - 0.1, spread * 1.4  # earlier, flatter peak
        weight = np.exp(-0.5 * ((x - centre) / spread) ** 2)
        weight[x < 0] = 0.0
    weight = weight / weight.sum()
    return minutes, total * weight


def ingress(scenario: Scenario) -> IngressResult:
    venue, event = scenario.venue, scenario.event
    minutes, arrivals = arrival_profile(
        scenario.admitted,
        event.arrival_window_min,
        event.arrival_curve,
        scenario.operations.staggered_arrival,
    )
    cap = sum(gate_rate_per_min(g) for g in venue.gates) * scenario.operations.gate_factor
    if cap <= 0:
        cap = float("inf")  # no gates: free entry, no queue at the perimeter
    forecourt = sum(
        g.forecourt_area if g.forecourt_area else std("gate_forecourt_area") for g in venue.gates
    ) or std("gate_forecourt_area")
    # Fluid queue: Q[t] = max(0, Q[t-1] + a[t] - c); a closed form of the Lindley recursion.
    net = np.cumsum(arrivals - cap) if np.isfinite(cap) else -np.ones_like(arrivals)
    queue = (
        np.maximum(0.0, net - np.minimum(0.0, np.minimum.accumulate(net)))
        if np.isfinite(cap)
        else np.zeros_like(arrivals)
    )
    admitted = np.cumsum(arrivals) - queue
    wait = queue / cap if np.isfinite(cap) else np.zeros_like(queue)
    return IngressResult(
        minutes=minutes,
        arrivals=arrivals,
        queue=queue,
        admitted=admitted,
        wait_min=wait,
        forecourt_density=queue / forecourt,
        gate_capacity_per_min=float(cap) if np.isfinite(cap) else 0.0,
    )
