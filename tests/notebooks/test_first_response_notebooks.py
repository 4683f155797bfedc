"""pytest-notebook on the first-response pages: the lesson and the three practice apps run as
notebooks (committed without outputs), display their page, and the page holds what a learner
needs: the module's content note, the path links, and the lesson or the app."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# the module tests' notebook runner (one for every lesson and app page)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "activities"))
from notebook_pages import run_page, widget_texts  # noqa: E402

PAGES = {
    "40_first_response_lesson.ipynb": ("simsuite-lesson-section", "The victim file: seven items"),
    "41_first_contact.ipynb": ("simsuite-choices", "What do you do first?"),
    "42_victim_file.ipynb": ("simsuite-field-place_time", "The file to check"),
    "43_referral.ipynb": ("simsuite-field-duty_officer", "Who must be notified, by whom and when?"),
}
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_runs_and_shows_its_content(name):
    notebook = run_page(name)  # ran without an error or a warning and shows its page
    assert notebook.metadata["simsuite"]["title"]["ru"]
    text, classes = widget_texts(notebook)
    css_class, words = PAGES[name]
    assert css_class in classes or css_class in text
    assert words in text
    assert "Content note: this module is about the first contact" in text
    assert "Back to the learning path" in text
