import numpy as np
import pytest

from simsuite.errors import UserInputError
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


def test_green_guide_figures_flat_standing():
    # hand-worked: 20 x 10 m flat standing field at 2 persons/m2 with the 0.9 safety factor;
    # a 2 m normal exit and a 1 m emergency exit at 82 persons/m/min; normal fire risk: 6 min
    cap = capacity(VENUE, EventProfile(kind="concert", attendance=100))
    assert cap.holding == int(200 * 2.0 * 0.9) == 360
    assert cap.exit == int(2 * 82 * 8) == 1312  # normal exits only, over 8 minutes
    assert cap.emergency == int(3 * 82 * 6) == 1476  # all exits over 6 minutes
    assert cap.entry == int(2 * 660) == 1320  # two turnstile lanes for 60 minutes
    assert cap.final == 360 and cap.limiting == "holding"


def zone_venue(zone: dict, **venue) -> object:
    return venue_from_dict(
        {
            "id": "v",
            "zones": [{"id": "a", "polygon": [[0, 0], [20, 0], [20, 10], [0, 10]], **zone}],
            "exits": [
                {"id": "wide", "line": [[20, 2], [20, 6]]},
                {"id": "narrow", "line": [[0, 4], [0, 5]]},
            ],
            **venue,
        }
    )


@pytest.mark.parametrize(
    ("zone", "holding"),
    [
        ({"kind": "standing"}, int(200 * 2.0 * 0.9)),  # flat standing: 0.5 m2 per person
        ({"kind": "standing", "surface": "stepped"}, int(200 * 4.7 * 0.9)),  # terrace: 47/10 m2
        ({"kind": "seated", "seats": 350}, 350),  # seated: the seat count
        ({"kind": "seated"}, int(200 * 2.0)),  # seated without a count: 2 seats/m2
        ({"kind": "standing", "density": 3.0}, int(200 * 3.0 * 0.9)),  # the venue's assessment
    ],
)
def test_holding_capacity_by_zone_type(zone, holding):
    assert capacity(zone_venue(zone), EventProfile(kind="concert", attendance=1)).holding == holding


@pytest.mark.parametrize(("fire_risk", "minutes"), [("low", 8), ("normal", 6), ("high", 2.5)])
def test_emergency_time_comes_from_the_fire_risk_not_the_threat_level(fire_risk, minutes):
    venue = zone_venue({}, fire_risk=fire_risk)
    for threat in ("low", "severe"):
        cap = capacity(venue, EventProfile(kind="concert", attendance=1, threat_level=threat))
        assert cap.emergency_time_min == minutes
        assert cap.emergency == int((4 + 1) * 82 * minutes)


def test_an_assessed_evacuation_time_must_fit_the_fire_risk():
    assert zone_venue({}, emergency_evacuation_time_min=7.5).emergency_time_min() == 7.5
    with pytest.raises(UserInputError) as error:
        zone_venue({}, fire_risk="high", emergency_evacuation_time_min=6)
    assert "emergency_evacuation_time_min" in error.value.where and "2.5" in error.value.allowed


def test_largest_exit_unavailable_is_counted_beside_the_normal_figure():
    cap = capacity(
        zone_venue({"kind": "standing", "surface": "stepped"}),
        EventProfile(kind="concert", attendance=1),
    )
    without = cap.without_largest_exit
    assert without.exit_id == "wide"
    assert without.exit == int(1 * 82 * 8) and without.emergency == int(1 * 82 * 6)
    assert without.final == min(cap.entry, cap.holding, without.exit, without.emergency)
    assert without.final < cap.final
    one_exit = venue_from_dict(
        {
            "id": "v",
            "zones": [{"id": "a", "polygon": [[0, 0], [9, 0], [9, 9], [0, 9]]}],
            "exits": [{"id": "e", "line": [[9, 1], [9, 2]]}],
        }
    )
    assert (
        capacity(one_exit, EventProfile(kind="concert", attendance=1)).without_largest_exit is None
    )


def test_alcohol_lowers_capacity():
    base = capacity(VENUE, EventProfile(kind="concert", attendance=1))
    worse = capacity(VENUE, EventProfile(kind="concert", attendance=1, alcohol=True))
    assert worse.exit < base.exit and worse.emergency < base.emergency


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
        if name == "emergency_evacuation_time":
            entries = [entry]
        for item in entries:
            assert "source" in item and "verified" in item, name
    assert std("flow_rate_level") == 82 and std("flow_rate_stepped") == 66
