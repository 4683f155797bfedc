"""The self-paced app of *Weigh the evidence*: the case file as cards, each item with the choice
of what it bears on beside it, a radio group per element and a checklist of missing evidence.

It is :class:`simsuite.widgets.form_app.ExerciseApp` with the controls laid out around the file
(the same answer fields, the same ``evaluate``, the same interface: ``widget``, ``check()``,
``new_case()``, ``seed``, ``on_check``). No rule lives here.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from simsuite.activities.evidence_review.case_file import NOT_AT_ISSUE
from simsuite.i18n import _, language
from simsuite.widgets.common import labelled_dropdown
from simsuite.widgets.form_app import ExerciseApp

EVIDENCE_CSS = """
<style>
.simsuite-exhibit { border: 1px solid #c8c8c8; border-radius: 4px; padding: .4em .8em;
  margin: .4em 0; max-width: 48em; box-sizing: border-box; }
.simsuite-exhibit h4 { margin: .2em 0 .3em; overflow-wrap: anywhere; }
.simsuite-exhibit p { margin: 0 0 .4em; overflow-wrap: anywhere; }
.simsuite-exhibit .widget-dropdown { flex-wrap: wrap; }
.simsuite-exhibit .widget-dropdown > .widget-label { width: auto; max-width: 100%; }
</style>
"""


class EvidenceApp(ExerciseApp):
    """Self-paced practice of the evidence review, with the file laid out as cards."""

    def show_case(self) -> None:
        super().show_case()
        assert self.scenario is not None
        public = self.scenario.public
        with language(self.lang):
            headings = {
                "file": _("The case file"),
                "elements": _("The elements"),
                "missing": _("What is missing"),
            }
            children: list[widgets.Widget] = [
                widgets.HTML(EVIDENCE_CSS),
                widgets.HTML(f"<h3>{html.escape(headings['file'])}</h3>"),
            ]
            bears_on = _("What does it bear on?")
            for field, heading, text in public.exhibits:
                control = self.controls[field]
                # the field's heading names the card; the dropdown's own label asks the question
                dropdown = labelled_dropdown(
                    bears_on,
                    [(_("— choose —"), None), *((label, o) for o, label in control.field.options)],
                    index=0,
                )
                dropdown.tooltip = f"{heading}: {bears_on}"
                control.input = dropdown
                card = (
                    widgets.VBox(
                        [
                            widgets.HTML(
                                f"<h4>{html.escape(heading)}</h4><p>{html.escape(text)}</p>"
                            ),
                            dropdown,
                        ]
                    )
                    .add_class("simsuite-exhibit")
                    .add_class(f"simsuite-field-{field}")
                )
                children.append(card)
            children.append(widgets.HTML(f"<h3>{html.escape(headings['elements'])}</h3>"))
            for element, question, options in public.questions:
                if options[0][0] == NOT_AT_ISSUE:
                    continue  # the file names no suspect whose knowledge is in doubt
                control = self.controls[element]
                # the question as this case asks it ("Aigerim A. knew of the purpose…")
                control.input.description = question
                heading, *rest = control.widget.children
                heading.value = f"<h4>{html.escape(question)}</h4>"
                children.append(control.widget)
            children.append(widgets.HTML(f"<h3>{html.escape(headings['missing'])}</h3>"))
            children.append(self.controls["missing"].widget)
            self.form.children = tuple(children)

    def answer(self) -> dict[str, Any]:
        answer = super().answer()
        assert self.scenario is not None
        for element, _question, options in self.scenario.public.questions:
            if options[0][0] == NOT_AT_ISSUE:
                answer[element] = None
        return answer
