import numpy as np
import pytest

from simsuite.massevent.capacity import capacity
from simsuite.massevent.ingress import arrival_profile, ingress
from simsuite.massevent.model import (
    EventProfile,
    Operations,
    Scenario,
    preset,
    std,
    venue_from_dict,
)

VENUE = venue_from_dict(
    {
        "id": "v",
        "zones": [{"id": "a", "polygon": [[0, 0], [20, 0], [20, 10], [0, 10]]}],
        "exits": [
            {"id": "e", "line": [[20, 4], [20, 6]]},
            {"id": "em", "line": [[0, 4], [0, 5]], "use": "emergency"},
        ],
        "gates": [{"id": "g", "line": [[5, 0], [7, 0]], "type": "turnstile", "lanes": 2}],
    }
)


def test_green_guide_figures():
    cap = capacity(VENUE, EventProfile(kind="concert", attendance=100, threat_level="low"))
    assert cap.exit == int(2 * 82 * 8)  # normal exits only, level rate, 8 minutes
    assert cap.emergency == int(3 * 82 * 8)  # all exits, low threat -> 8 minutes
    assert cap.entry == int(2 * 660)  # two turnstile lanes for 60 minutes
    assert cap.holding == int(200 * 4.7 * 0.9)
    assert cap.final == min(cap.entry, cap.holding, cap.exit, cap.emergency)
    assert cap.limiting == "holding"


def test_alcohol_and_threat_lower_capacity():
    base = capacity(VENUE, EventProfile(kind="concert", attendance=1))
    worse = capacity(
        VENUE, EventProfile(kind="concert", attendance=1, alcohol=True, threat_level="severe")
    )
    assert worse.exit < base.exit and worse.emergency < base.emergency
    assert worse.emergency_time_min == 2.5


def test_limiting_factor_named_for_every_preset():
    for vid in ("zarbuloq-stadium", "navbahor-square"):
        cap = capacity(preset(vid), EventProfile(kind="concert", attendance=1))
        values = {
            "entry": cap.entry,
            "holding": cap.holding,
            "exit": cap.exit,
            "emergency": cap.emergency,
        }
        assert values[cap.limiting] == cap.final == min(values.values())


@pytest.mark.parametrize("curve", ["uniform", "normal", "late"])
def test_arrival_profile_sums_to_attendance(curve):
    _minutes, arrivals = arrival_profile(10000, 90, curve)
    assert arrivals.sum() == pytest.approx(10000)
    assert (arrivals >= 0).all()


def test_ingress_conservation_and_queue():
    scenario = Scenario(VENUE, EventProfile(kind="concert", attendance=5000, arrival_window_min=60))
    result = ingress(scenario)
    total = np.cumsum(result.arrivals)
    assert np.allclose(result.admitted + result.queue, total)
    assert (np.diff(result.admitted) <= result.gate_capacity_per_min + 1e-9).all()
    assert result.queue.max() > 0  # 22 persons/min cannot absorb 5000 in an hour
    more = Scenario(VENUE, scenario.event, Operations(gate_factor=4.0))
    assert ingress(more).queue.max() < result.queue.max()


def test_staggered_arrival_lowers_peak_queue():
    venue = preset("zarbuloq-stadium")
    event = EventProfile(kind="sports_match", attendance=28000, arrival_curve="late")
    plain = ingress(Scenario(venue, event)).queue.max()
    staggered = ingress(Scenario(venue, event, Operations(staggered_arrival=True))).queue.max()
    assert staggered < plain


def test_standards_carry_sources():
    from simsuite.massevent.model import standards

    for name, entry in standards().items():
        entries = entry.values() if name == "holding_density" else [entry]
        for item in entries:
            assert "source" in item and "verified" in item, name
    assert std("flow_rate_level") == 82 and std("flow_rate_stepped") == 66
