"""Adding an exercise type touches only its own package: the toy type, registered from outside
simsuite, passes the contract, builds into an nbgrader assignment, and its source notebook (run
as nbgrader runs it) earns full marks through the generic hidden test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from simsuite.activities import registry
from simsuite.course.build import build_course

HERE = Path(__file__).resolve().parent


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.syspath_prepend(str(HERE))
    monkeypatch.setenv(registry.EXTRA_ENV, "toy_sum")
    registry._discovered.cache_clear()
    yield registry.get_type("toy_sum")
    registry._discovered.cache_clear()


def test_the_toy_type_is_registered_and_keeps_the_contract(toy):
    from test_contract import _json

    assert "toy_sum" in registry.exercise_types()
    scenario = toy.generate({}, 3, "en")
    assert _json(toy.public_data(scenario.public)) == _json(
        toy.public_data(toy.generate({}, 3, "en").public)
    )
    assert toy.evaluate(scenario.key, toy.solution(scenario.key), "en").score == 1
    assert toy.evaluate(scenario.key, toy.blank_answer(scenario.public), "en").blank


def test_the_toy_type_goes_through_the_course_builder_and_grading(toy, tmp_path):
    (tmp_path / "item_bank.yaml").write_text(
        (Path(__file__).parents[2] / "grading" / "item_bank.yaml").read_text()
    )
    course_file = tmp_path / "course.yaml"
    course_file.write_text(
        "course_id: toy-course\nassignments:\n"
        "  - {name: sums, kind: toy_sum, title: Sums, params: {largest: 9}, points: 2}\n"
    )
    exercises = tmp_path / "exercises"
    build_course(course_file, exercises)
    folder = exercises / "sums"
    cases = json.loads((folder / "variants" / "cases.json").read_text())
    assert "What is" in cases["cases"]["preview"]["markdown"]
    env = {
        **os.environ,
        registry.EXTRA_ENV: "toy_sum",
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    executed = tmp_path / "executed.ipynb"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("jupyter")),
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--output",
            str(executed),
            str(folder / "sums.ipynb"),
        ],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )
    notebook = nbformat.read(str(executed), as_version=4)
    score = next(c for c in notebook.cells if c.metadata["nbgrader"]["grade_id"] == "score")
    assert score.outputs[0]["data"]["text/plain"] == "2.0"
