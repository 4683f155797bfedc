"""pytest-notebook runs the protection and coordination modules' notebooks: each lesson and app
page executes without an error and shows its page widget; each is one cell, committed without
outputs, with its title in both languages in the notebook metadata."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from notebook_pages import run_page

from simsuite.curriculum import load_curriculum

REPO = Path(__file__).resolve().parents[2]
MODULES = ("protection", "coordination")
NOTEBOOKS = sorted(
    page
    for module, _kind, page in load_curriculum().activities()
    if module.id in MODULES
)


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
    run_page(name)
