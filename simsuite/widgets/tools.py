"""Tools a module's learners explore without a score (a what-if planner), by id.

A module names one in its practice list as ``{tool: <id>, app: <notebook>}``; the practice page
(:class:`simsuite.widgets.path.PracticePage`) shows the tool's widget with the path around it.
A tool is not an exercise: it has no Check and no score, and the module is done without it.
``build`` names the callable (``module:attribute``) that takes ``seed`` and ``lang`` and returns
an object with a ``widget``; it is imported only when the page opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from simsuite.errors import ContentError
from simsuite.i18n import N_, _


@dataclass(frozen=True)
class Tool:
    name: str
    title: str  # an N_() message id
    summary: str  # an N_() message id
    factory: str  # "package.module:callable"

    def build(self, seed: int | None = None, lang: str | None = None) -> Any:
        module, _sep, attribute = self.factory.partition(":")
        return getattr(import_module(module), attribute)(seed=seed, lang=lang)


TOOLS: dict[str, Tool] = {
    "mass_event_planner": Tool(
        "mass_event_planner",
        N_("Mass-event planner"),
        N_(
            "Choose a venue, set the attendance, widen the exits, speed up the gates and pick "
            "measures: the safe capacity, the evacuation time, the queue at the gates and the "
            "risks are recomputed at once, as planned and with your measures. Nothing is scored: "
            "explore, then plan a whole event in the tabletop exercise."
        ),
        "simsuite.massevent.widgets:planner_app",
    ),
}


def get_tool(name: str) -> Tool:
    if name not in TOOLS:
        raise ContentError(
            _("Unknown tool {tool!r}.").format(tool=name), allowed=", ".join(sorted(TOOLS))
        )
    return TOOLS[name]
