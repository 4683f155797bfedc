"""Every page of the curriculum a learner opens, with the selector of its first usable widget:
the start page, each module's lessons and practice apps (read from the curriculum, so a new
module's pages are covered without touching this file), the self-check and the summary. Used
by the page checks (``test_app_pages.py``) and the time-to-first-widget benchmark."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from simsuite.curriculum import load_curriculum
from simsuite.widgets.path import SELF_CHECK_PAGE, START_PAGE, SUMMARY_PAGE

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
#: the first usable widget of a page: a lesson's first section; a practice page's Check, the
#: tabletop's "Start planning" (its brief comes before the plan), or a tool's first control
READY = {
    "lesson": ".simsuite-lesson-section",
    "practice": ".simsuite-check, .simsuite-start-planning, .simsuite-planner select",
}


@dataclass(frozen=True)
class App:
    name: str
    notebook: str
    ready: str  # the first usable widget
    title: dict[str, str]
    kind: str  # "lesson", "practice" or "path" (start, self-check, summary)


def _title(notebook: str) -> dict[str, str]:
    data = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    return data["metadata"]["simsuite"]["title"]


def curriculum_pages() -> list[App]:
    return [
        App("start", START_PAGE, ".simsuite-path-modules", _title(START_PAGE), "path"),
        *(
            App(Path(page).stem, page, READY[kind], _title(page), kind)
            for _module, kind, page in load_curriculum().activities()
        ),
        App("selfcheck", SELF_CHECK_PAGE, ".simsuite-submit", _title(SELF_CHECK_PAGE), "path"),
        App("summary", SUMMARY_PAGE, ".simsuite-summary", _title(SUMMARY_PAGE), "path"),
    ]
