import json

import pytest

from simsuite.cli import main


def run(capsys, *argv):
    code = main(["event", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_capacity_json(capsys):
    code, out, _err = run(capsys, "capacity", "--venue", "navbahor-square", "--attendance", "5000")
    data = json.loads(out)
    assert code == 0 and data["limiting_factor"] in {"entry", "holding", "exit", "emergency"}
    assert data["final"] == min(data[k] for k in ("entry", "holding", "exit", "emergency"))


def test_simulate_same_seed_same_bytes(capsys):
    first = run(capsys, "simulate", "--generate", "42", "--mitigate", "stewards,wider_exits")
    second = run(capsys, "simulate", "--generate", "42", "--mitigate", "stewards,wider_exits")
    assert first == second and first[0] == 0
    data = json.loads(first[1])
    assert (
        data["after"]["evacuation"]["evacuation_time_s"]
        <= data["before"]["evacuation"]["evacuation_time_s"]
    )


def test_simulate_writes_plots(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "simulate",
        "--venue",
        "tinchsoy-arena",
        "--mitigate",
        "capacity_cap",
        "--plot",
        str(tmp_path),
    )
    assert code == 0
    assert len(json.loads(out)["plots"]) == 5
    assert all((tmp_path / n).stat().st_size > 1000 for n in ("venue.png", "risk_matrix.png"))


BAD_VENUES = {
    "no-exits": "id: v\nzones:\n  - {id: a, polygon: [[0,0],[9,0],[9,9],[0,9]]}\n",
    "invalid-polygon": "id: v\nzones:\n  - {id: a, polygon: [[0,0],[9,0],[0,9],[9,9]]}\n"
    "exits:\n  - {id: e, line: [[9,1],[9,2]]}\n",
    "exit-outside": "id: v\nzones:\n  - {id: a, polygon: [[0,0],[9,0],[9,9],[0,9]]}\n"
    "exits:\n  - {id: e, line: [[19,1],[19,2]]}\n",
}


@pytest.mark.parametrize("case", sorted(BAD_VENUES))
def test_bad_venue_files_exit_2_without_traceback(capsys, tmp_path, case):
    path = tmp_path / f"{case}.yaml"
    path.write_text(BAD_VENUES[case])
    code, out, err = run(capsys, "capacity", "--venue-file", str(path), "--attendance", "10")
    assert code == 2 and out == ""
    assert "Traceback" not in err and f"{case}.yaml" in err


def test_negative_attendance_exit_2(capsys):
    code, _out, err = run(capsys, "simulate", "--venue", "tinchsoy-arena", "--attendance", "-4")
    assert code == 2 and "attendance" in err and "Traceback" not in err


def test_unknown_mitigation_exit_2(capsys):
    code, _out, err = run(capsys, "simulate", "--venue", "tinchsoy-arena", "--mitigate", "magic")
    assert code == 2 and "wider_exits" in err


def test_plan_command(capsys, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        "venue: tinchsoy-arena\nplan:\n  agency_tasks:\n    internal_affairs:\n"
        "      preparation: [risk analysis]\n  evacuation_routes:\n"
        "    - {zone: floor, exit: nowhere}\n  mitigations: [situation_centre]\n  budget: 5\n"
    )
    code, out, _err = run(capsys, "plan", str(path))
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert code == 0
    assert {"missing_part", "unknown_route", "over_budget", "risk_without_owner"} <= codes


def test_plan_file_errors_exit_2(capsys, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("venue: tinchsoy-arena\nplan: {budget: -1}\n")
    code, _out, err = run(capsys, "plan", str(path))
    assert code == 2 and "budget" in err
