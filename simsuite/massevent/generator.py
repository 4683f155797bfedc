"""Seeded scenario generator for exercises: same (seed, venue) -> same scenario."""

from __future__ import annotations

import random

from simsuite.massevent.capacity import capacity
from simsuite.massevent.model import (
    ARRIVAL_CURVES,
    EVENT_KINDS,
    THREAT_LEVELS,
    WEATHER,
    EventProfile,
    Operations,
    Scenario,
    preset,
    preset_defaults,
    preset_ids,
)


def generate_scenario(seed: int, venue_id: str | None = None) -> Scenario:
    """A plausible exercise scenario on a preset venue, a pure function of the seed."""
    rng = random.Random(seed)
    vid = venue_id or rng.choice(preset_ids())
    venue = preset(vid)
    default_event, _ops = preset_defaults(vid)
    kind = default_event.get("kind") if rng.random() < 0.6 else rng.choice(EVENT_KINDS)
    base = EventProfile(kind=kind, attendance=1)
    safe = capacity(venue, base).final
    attendance = int(safe * rng.uniform(0.6, 1.3))
    event = EventProfile(
        kind=kind,
        attendance=max(attendance, 100),
        arrival_window_min=float(rng.choice((45, 60, 90, 120, 180))),
        arrival_curve=rng.choice(ARRIVAL_CURVES),
        duration_h=float(rng.choice((1.5, 2, 3, 4, 6, 10))),
        alcohol=rng.random() < (0.6 if kind in ("concert", "festival", "sports_match") else 0.1),
        weather=rng.choice(WEATHER),
        threat_level=rng.choices(THREAT_LEVELS, weights=(3, 4, 2, 1))[0],
    )
    ops = Operations(
        stewards=int(event.attendance * rng.uniform(2, 12) / 1000),
        police=int(event.attendance * rng.uniform(1, 8) / 1000),
        medical_posts=rng.randint(0, 6),
        situation_centre=rng.random() < 0.4,
        public_information=rng.random() < 0.5,
    )
    return Scenario(venue=venue, event=event, operations=ops, seed=seed)
