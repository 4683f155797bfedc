"""pytest-notebook on the first-response pages: the lesson and the three practice apps run as
notebooks (committed without outputs), display their page, and the page holds what a learner
needs: the module's content note, the path links, and the lesson or the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_notebook.nb_regression import NBRegressionFixture

REPO = Path(__file__).resolve().parents[2]
PAGES = {
    "40_first_response_lesson.ipynb": ("simsuite-lesson-section", "The victim file: seven items"),
    "41_first_contact.ipynb": ("simsuite-choices", "What do you do first?"),
    "42_victim_file.ipynb": ("simsuite-field-place_time", "The file to check"),
    "43_referral.ipynb": ("simsuite-field-duty_officer", "Who must be notified, by whom and when?"),
}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

pytestmark = pytest.mark.slow


def execute(path: Path):
    fixture = NBRegressionFixture(
        exec_timeout=300,
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


def widget_texts(notebook) -> tuple[str, set[str]]:
    """Every HTML widget's value and every widget's CSS classes, from the saved widget state."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    texts, classes = [], set()
    for model in state.values():
        values = model.get("state", {})
        if isinstance(values.get("value"), str):
            texts.append(values["value"])
        classes.update(values.get("_dom_classes", ()))
    return "\n".join(texts), classes


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_runs_and_shows_its_content(name):
    path = REPO / "notebooks" / name
    notebook = execute(path)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs)
    assert notebook.metadata["simsuite"]["title"]["ru"]
    text, classes = widget_texts(notebook)
    css_class, words = PAGES[name]
    assert css_class in classes or css_class in text
    assert words in text
    assert "Content note: this module is about the first contact" in text
    assert "Back to the learning path" in text
