"""pytest-notebook regression of every notebook: lessons, Voilà apps and nbgrader sources.

Notebooks are committed without outputs, so the regression compares structure and sources
(outputs ignored) and the tests then assert on what the executed notebook shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_notebook.nb_regression import NBRegressionFixture

REPO = Path(__file__).resolve().parents[2]
LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
SOURCES = sorted((REPO / "exercises").glob("*/*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

pytestmark = pytest.mark.slow


def execute(path: Path):
    fixture = NBRegressionFixture(
        exec_timeout=180,
        exec_cwd=str(path.parent),
        diff_ignore=(
            "/cells/*/outputs",
            "/cells/*/execution_count",
            "/cells/*/metadata/execution",
            "/metadata/language_info",
            "/metadata/widgets",
        ),
    )
    return fixture.check(str(path)).nb_final


def outputs(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            yield from cell.outputs


def test_notebooks_are_committed_without_outputs():
    import nbformat

    for path in LESSONS + SOURCES:
        notebook = nbformat.read(str(path), as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_and_shows_its_app(path):
    notebook = execute(path)
    shown = list(outputs(notebook))
    assert not [o for o in shown if o.output_type == "error"]
    assert any(WIDGET_VIEW in o.get("data", {}) for o in shown), "the app widget is not displayed"
    first = notebook.cells[0]
    if first.cell_type == "markdown":  # a page with its own text
        assert first.source.startswith("# ")
        if not path.name.startswith("00_"):
            assert "Content note" in first.source
    else:  # a curriculum page: its text (and content note) come from the curriculum data
        title = notebook.metadata.get("simsuite", {}).get("title", {})
        assert title.get("en") and title.get("ru"), "a curriculum page names itself"
        assert first.source.strip().endswith(f'page("{path.name}")')


@pytest.mark.parametrize("path", SOURCES, ids=[p.parent.name for p in SOURCES])
def test_exercise_source_with_solutions_earns_full_marks(path):
    """The instructor's version runs and each hidden test gives its full points."""
    notebook = execute(path)
    graded = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert graded
    for cell in graded:
        points = cell.metadata["nbgrader"]["points"]
        results = [o for o in cell.outputs if o.output_type == "execute_result"]
        assert results, cell.metadata["nbgrader"]["grade_id"]
        assert float(results[0]["data"]["text/plain"]) == pytest.approx(points)
        assert not [o for o in cell.outputs if o.get("name") == "stderr"]
