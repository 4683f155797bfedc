"""The real JuPedSim run: validation on one reference geometry and the CLI's exit code."""

import json

import pytest

from simsuite.cli import main
from simsuite.massevent import validation
from simsuite.massevent.validation import reference_geometries, validate

pytestmark = pytest.mark.slow


def test_calibration_and_validation_geometries_are_disjoint():
    def ids(group):
        return {item.get("preset") or item["venue"]["id"] for item in reference_geometries()[group]}

    assert len(ids("validation")) >= 3
    assert not ids("validation") & ids("calibration")
    from simsuite.massevent.egress import calibration

    assert {c["geometry"] for c in calibration()["jupedsim"]["cases"]} == ids("calibration")


def test_corridor_bottleneck_within_20_percent():
    (row,) = validate(only=("corridor-bottleneck",))
    assert row.ok, row.to_dict()
    assert row.jupedsim_wall_s > row.macro_wall_s


def test_validate_prints_both_tables_and_exits_non_zero_outside_tolerance(capsys, monkeypatch):
    only = "room-one-exit,uo-180-180-120"
    assert main(["event", "validate", "--only", only, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["jupedsim"]["rows"][0]["geometry"] == "room-one-exit"
    (real,) = data["real_data"]["rows"]
    assert real["run"] == "uo-180-180-120" and real["macro_within_tolerance"]
    assert real["jupedsim_status"] == "completed" and real["jupedsim_within_tolerance"]
    assert main(["event", "validate", "--only", only]) == 0
    text = capsys.readouterr().out
    assert "Real experiments" in text and "against JuPedSim" in text
    monkeypatch.setattr(validation, "TOLERANCE", 0.001)
    assert main(["event", "validate", "--only", "room-one-exit"]) == 1
    assert "NO" in capsys.readouterr().out


def test_validate_rejects_an_unknown_id(capsys):
    assert main(["event", "validate", "--only", "atlantis"]) == 2
    err = capsys.readouterr().err
    assert "atlantis" in err and "uo-180-180-070" in err and "Traceback" not in err


def test_micro_simulation_density_map():
    from simsuite.massevent.micro import run_jupedsim
    from simsuite.massevent.model import venue_from_dict

    venue = venue_from_dict(reference_geometries()["validation"][0]["venue"])
    result = run_jupedsim(venue, 60, seed=3)
    assert result.completed and result.agents == 60
    assert len(result.exit_times) == 60 and result.density_grid.max() > 0
