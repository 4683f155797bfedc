"""Every bad venue, scenario or plan file and option of `simsuite event`: exit code 2, one line
naming the field, what was wrong and what is allowed; never a traceback."""

from __future__ import annotations

import json

import pytest

from simsuite.cli import main

ZONE = "{id: a, polygon: [[0,0],[9,0],[9,9],[0,9]]}"
EXIT = "{id: e, line: [[9,1],[9,2]]}"


def venue(zone: str = ZONE, exits: str = f"[{EXIT}]", extra: str = "") -> str:
    return f"id: v\nzones: [{zone}]\nexits: {exits}\n{extra}"


# name -> (file text or bytes, the field the message must name, a word of what is allowed)
BAD_VENUE_FILES = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "binary.yaml", "UTF-8"),
    "nul-bytes": ("id: v\x00\n", "nul-bytes.yaml", "YAML"),
    "invalid-yaml": ("id: [v\nzones: {", "invalid-yaml.yaml", "YAML"),
    "invalid-json": ('{"id": "v", "zones": [', "invalid-json.yaml", "YAML"),
    "deeply-nested": ("[" * 5000 + "]" * 5000, "deeply-nested.yaml", "levels"),
    "not-a-mapping": ("- 1\n- 2\n", "venue", "venue"),
    "zones-a-string": ("id: v\nzones: lots\nexits: []\n", "zones", "zone"),
    "zone-id-a-list": (
        venue(zone="{id: [1, 2], polygon: [[0,0],[9,0],[9,9],[0,9]]}"),
        "zones[0].id",
        "text",
    ),
    "nan-coordinate": (
        venue(zone="{id: a, polygon: [[0,0],[.nan,0],[9,9],[0,9]]}"),
        "polygon[1][0]",
        "number",
    ),
    "inf-width": (
        venue(exits="[{id: e, line: [[9,1],[9,2]], width: .inf}]"),
        "exits[0].width",
        "number",
    ),
    "huge-width": (
        venue(exits="[{id: e, line: [[9,1],[9,2]], width: 1e400}]"),
        "exits[0].width",
        "number",
    ),
    "negative-width": (
        venue(exits="[{id: e, line: [[9,1],[9,2]], width: -1}]"),
        "exits[0].width",
        "greater than",
    ),
    "string-width": (
        venue(exits="[{id: e, line: [[9,1],[9,2]], width: wide}]"),
        "exits[0].width",
        "number",
    ),
    "huge-seats": (
        venue(zone="{id: a, kind: seated, seats: 1.0e+300, polygon: [[0,0],[9,0],[9,9],[0,9]]}"),
        "seats",
        "at most",
    ),
    "density-too-high": (
        venue(zone="{id: a, density: 9, polygon: [[0,0],[9,0],[9,9],[0,9]]}"),
        "zones[0].density",
        "4.7",
    ),
    "density-on-circulation": (
        venue(zone="{id: a, kind: circulation, density: 1, polygon: [[0,0],[9,0],[9,9],[0,9]]}"),
        "zones[0].density",
        "standing",
    ),
    "unknown-zone-kind": (
        venue(zone="{id: a, kind: vip, polygon: [[0,0],[9,0],[9,9],[0,9]]}"),
        "zones[0].kind",
        "seated",
    ),
    "unknown-fire-risk": (venue(extra="fire_risk: extreme\n"), "fire_risk", "normal"),
    "evacuation-time-off-range": (
        venue(extra="fire_risk: low\nemergency_evacuation_time_min: 3\n"),
        "emergency_evacuation_time_min",
        "8",
    ),
    "obstacles-a-string": (venue(extra="obstacles: stage\n"), "obstacles", "polygons"),
    "no-exits": (venue(exits="[]"), "exits", "exit"),
    "exit-outside": (
        venue(exits="[{id: e, line: [[19,1],[19,2]]}]"),
        "exits[0].line",
        "outer edge",
    ),
    "gate-lanes-fraction": (
        venue(extra="gates: [{id: g, line: [[1,0],[3,0]], type: turnstile, lanes: 2.5}]\n"),
        "gates[0].lanes",
        "whole",
    ),
}


def run(capsys, *argv):
    try:
        code = main(["event", *argv])
    except SystemExit as stop:  # argparse's own checks (option types) end here
        code = stop.code
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_clear_error(code, out, err, field, allowed):
    assert code == 2, err
    assert out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    if lines[0].startswith("usage:"):  # argparse shows the command's usage above its error
        lines = lines[-1:]
    assert len(lines) == 1, err
    assert field in err and allowed in err, err


@pytest.mark.parametrize("case", sorted(BAD_VENUE_FILES))
def test_bad_venue_files(capsys, tmp_path, case):
    content, field, allowed = BAD_VENUE_FILES[case]
    path = tmp_path / f"{case}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    code, out, err = run(capsys, "capacity", "--venue-file", str(path), "--attendance", "10")
    assert_clear_error(code, out, err, field, allowed)


SCENARIO = "venue: tinchsoy-arena\nevent: {kind: concert, attendance: 500}\n"
BAD_SCENARIOS = {
    "attendance-float": (
        "venue: tinchsoy-arena\nevent: {kind: concert, attendance: 1.0e30}\n",
        "event.attendance",
        "whole number",
    ),
    "attendance-huge": (
        "venue: tinchsoy-arena\nevent: {kind: concert, attendance: " + "9" * 400 + "}\n",
        "event.attendance",
        "whole number",
    ),
    "attendance-text": (
        "venue: tinchsoy-arena\nevent: {kind: concert, attendance: many}\n",
        "event.attendance",
        "whole number",
    ),
    "alcohol-a-string": (
        SCENARIO.replace("500}", "500, alcohol: maybe}"),
        "event.alcohol",
        "true or false",
    ),
    "unknown-event-field": (
        SCENARIO.replace("500}", "500, fire_risk: high}"),
        "event",
        "threat_level",
    ),
    "unknown-operation": (SCENARIO + "operations: {drones: 4}\n", "operations", "stewards"),
    "stewards-negative": (
        SCENARIO + "operations: {stewards: -5}\n",
        "operations.stewards",
        "at least",
    ),
    "stewards-nan": (SCENARIO + "operations: {stewards: .nan}\n", "operations.stewards", "number"),
    "unknown-preset": (
        "venue: atlantis\nevent: {kind: concert, attendance: 5}\n",
        "--venue",
        "tinchsoy-arena",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SCENARIOS))
def test_bad_scenario_files(capsys, tmp_path, case):
    content, field, allowed = BAD_SCENARIOS[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(content)
    code, out, err = run(capsys, "simulate", "--scenario", str(path))
    assert_clear_error(code, out, err, field, allowed)


@pytest.mark.parametrize(
    ("argv", "field", "allowed"),
    [
        (
            ["capacity", "--venue", "tinchsoy-arena", "--attendance", "1" + "0" * 400],
            "attendance",
            "whole number",
        ),
        (
            ["capacity", "--venue", "tinchsoy-arena", "--attendance", "-4"],
            "attendance",
            "whole number",
        ),
        (
            ["capacity", "--venue", "tinchsoy-arena", "--attendance", "1e30"],
            "--attendance",
            "whole number",
        ),
        (
            ["capacity", "--venue-file", "/nonexistent/venue.yaml", "--attendance", "4"],
            "venue.yaml",
            "cannot read",
        ),
        (
            ["simulate", "--venue", "tinchsoy-arena", "--mitigate", "magic"],
            "--mitigate",
            "wider_exits",
        ),
        (["simulate", "--venue", "tinchsoy-arena", "--micro", "--agents", "0"], "--agents", "5000"),
        (["plan", "/nonexistent/plan.yaml"], "plan.yaml", "cannot read"),
    ],
)
def test_bad_options(capsys, argv, field, allowed):
    code, out, err = run(capsys, *argv)
    assert_clear_error(code, out, err, field, allowed)


def test_unwritable_plot_folder(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, out, err = run(
        capsys, "simulate", "--venue", "tinchsoy-arena", "--plot", str(blocker / "plots")
    )
    assert_clear_error(code, out, err, "--plot", "folder")


@pytest.mark.parametrize(
    ("plan", "field", "allowed"),
    [
        ("plan: {budget: -1}", "plan.budget", "at least 0"),
        ("plan: {budget: .inf}", "plan.budget", "at least 0"),
        ("plan: {agency_tasks: [a, b]}", "plan.agency_tasks", "mapping"),
        ("plan: {surprise: 1}", "plan", "agency_tasks"),
        ("plan: {mitigations: [magic]}", "plan.mitigations", "wider_exits"),
        ("plan: nothing", "plan", "parts"),
    ],
)
def test_bad_plan_files(capsys, tmp_path, plan, field, allowed):
    path = tmp_path / "plan.yaml"
    path.write_text(f"venue: tinchsoy-arena\n{plan}\n")
    code, out, err = run(capsys, "plan", str(path))
    assert_clear_error(code, out, err, field, allowed)


def test_attendance_is_an_integer_all_the_way(capsys):
    code, out, _err = run(
        capsys, "capacity", "--venue", "tinchsoy-arena", "--attendance", "1999999"
    )
    assert code == 0 and json.loads(out)["attendance"] == 1999999
    assert '"attendance": 1999999,' in out
