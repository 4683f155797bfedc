"""pytest-notebook runs the protection and coordination modules' notebooks: each lesson and app
page executes without an error and shows its page widget; each is one cell, committed without
outputs, with its title in both languages in the notebook metadata."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from pytest_notebook.nb_regression import NBRegressionFixture

from simsuite.curriculum import load_curriculum

REPO = Path(__file__).resolve().parents[2]
MODULES = ("protection", "coordination")
NOTEBOOKS = sorted(
    page
    for module, _kind, page in load_curriculum().activities()
    if module.id in MODULES
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_the_modules_name_their_five_notebooks():
    assert NOTEBOOKS == [
        "50_protection_lesson.ipynb",
        "51_plan_protection.ipynb",
        "60_coordination_lesson.ipynb",
        "61_who_does_what.ipynb",
        "62_assess_the_response.ipynb",
    ]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_one_page_call_without_outputs(name):
    notebook = nbformat.read(str(REPO / "notebooks" / name), as_version=4)
    assert len(notebook.cells) == 1
    cell = notebook.cells[0]
    assert cell.cell_type == "code" and f'page("{name}")' in cell.source
    assert not cell.outputs and cell.execution_count is None
    title = notebook.metadata["simsuite"]["title"]
    assert title["en"] and title["ru"]


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_shows_its_page(name):
    fixture = NBRegressionFixture(
        exec_timeout=600,
        exec_cwd=str(REPO / "notebooks"),
        diff_ignore=(
            "/cells/*/outputs",
            "/cells/*/execution_count",
            "/cells/*/metadata/execution",
            "/metadata/language_info",
            "/metadata/widgets",
        ),
    )
    executed = fixture.check(str(REPO / "notebooks" / name)).nb_final
    outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"], outputs
    assert not [o for o in outputs if o.get("name") == "stderr"], outputs
    assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs), "the page is not displayed"
