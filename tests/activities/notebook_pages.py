"""Running a lesson or app notebook the way the module tests check it (pytest-notebook)."""

from __future__ import annotations

from pathlib import Path

from pytest_notebook.nb_regression import NBRegressionFixture

REPO = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def run_page(name: str):
    """The executed notebook ``notebooks/<name>``, after checking that it ran without an error
    or a warning and displayed its page widget."""
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
    return executed


def widget_texts(notebook) -> tuple[str, set[str]]:
    """Every text widget's value and every widget's CSS classes, from the saved widget state."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    texts, classes = [], set()
    for model in state.values():
        values = model.get("state", {})
        if isinstance(values.get("value"), str):
            texts.append(values["value"])
        classes.update(values.get("_dom_classes", ()))
    return "\n".join(texts), classes
