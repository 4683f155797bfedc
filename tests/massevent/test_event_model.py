import pytest

from simsuite.errors import UserInputError
from simsuite.massevent.model import (
    EVENT_KINDS,
    agencies,
    event_from_dict,
    load_venue_file,
    preset,
    preset_ids,
    venue_from_dict,
)

ROOM = {
    "id": "room",
    "zones": [{"id": "a", "polygon": [[0, 0], [10, 0], [10, 10], [0, 10]]}],
    "exits": [{"id": "e", "line": [[10, 4], [10, 6]]}],
}


def test_at_least_five_presets_all_fictional_and_valid():
    ids = preset_ids()
    assert len(ids) >= 5
    for vid in ids:
        venue = preset(vid)
        assert venue.fictional and "fictional" in venue.city
        assert venue.exits and venue.area > 0


def test_agencies_cover_digest_002():
    ids = {a.id for a in agencies()}
    assert {
        "internal_affairs",
        "national_guard",
        "emergency_service",
        "health",
        "sanitary_epidemiological",
        "road_traffic",
        "local_government",
    } <= ids
    for agency in agencies():
        assert set(agency.tasks) == {"preparation", "conduct", "analysis"}
        assert agency.source


def test_simple_room_loads_and_has_geometry():
    venue = venue_from_dict(ROOM)
    assert venue.area == pytest.approx(100)
    assert venue.exits[0].width == pytest.approx(2)
    assert venue.opening_zones["e"] == ("a",)


def test_geojson_closed_ring_is_accepted():
    data = {**ROOM, "zones": [{"id": "a", "polygon": [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]}]}
    assert venue_from_dict(data).area == pytest.approx(100)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"exits": []}, "venue.exits"),
        (
            {"zones": [{"id": "a", "polygon": [[0, 0], [10, 0], [0, 10], [10, 10]]}]},
            "venue.zones[0].polygon",
        ),
        ({"exits": [{"id": "e", "line": [[20, 4], [20, 6]]}]}, "venue.exits[0].line"),
        ({"exits": [{"id": "e", "line": [[5, 4], [5, 6]]}]}, "venue.exits[0].line"),
        ({"exits": [{"id": "e", "line": [[10, 4], [10, 6]], "width": -1}]}, "venue.exits[0].width"),
        ({"exits": [{"id": "e", "line": [[10, 4], [10, 6]], "width": 3}]}, "venue.exits[0].width"),
    ],
)
def test_bad_venues_raise_user_errors_with_location(change, where):
    with pytest.raises(UserInputError) as info:
        venue_from_dict({**ROOM, **change})
    assert info.value.where == where


def test_zone_without_route_to_exit_is_rejected():
    data = {
        **ROOM,
        "zones": ROOM["zones"] + [{"id": "b", "polygon": [[0, 10], [10, 10], [10, 20], [0, 20]]}],
        "exits": [{"id": "e", "line": [[10, 4], [10, 6]]}],
    }
    with pytest.raises(UserInputError, match="no route"):
        venue_from_dict(data)


def test_negative_attendance_and_unknown_kind():
    with pytest.raises(UserInputError, match="out of range"):
        event_from_dict({"kind": "concert", "attendance": -1})
    with pytest.raises(UserInputError) as info:
        event_from_dict({"kind": "wedding", "attendance": 10})
    assert "political_rally" in info.value.allowed
    assert len(EVENT_KINDS) == 6


def test_venue_file_yaml(tmp_path):
    path = tmp_path / "v.yaml"
    path.write_text(
        "venues:\n  - id: r\n    zones:\n      - {id: a, polygon: [[0,0],[4,0],[4,4],"
        "[0,4]]}\n    exits:\n      - {id: e, line: [[4,1],[4,2]]}\n"
    )
    assert load_venue_file(path).id == "r"
    bad = tmp_path / "bad.yaml"
    bad.write_text("venues: [\n")
    with pytest.raises(UserInputError, match="YAML"):
        load_venue_file(bad)
