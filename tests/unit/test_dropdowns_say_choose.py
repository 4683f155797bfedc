"""A dropdown not yet answered shows "— choose —", never an empty box: on every page of the
curriculum, and on the tabletop's plan (built when the learner starts planning)."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances  # every open widget, by model id

from simsuite.curriculum import load_curriculum
from simsuite.widgets.path import page

PAGES = sorted({notebook for _module, _kind, notebook in load_curriculum().activities()})


def dropdowns_of(build) -> list[widgets.Dropdown]:
    before = set(_instances)
    build()
    return [
        w
        for key, w in list(_instances.items())
        if key not in before and isinstance(w, widgets.Dropdown)
    ]


def shown_empty(dropdowns: list[widgets.Dropdown]) -> list[str]:
    return [d.description or str(d.options[:2]) for d in dropdowns if d.index is None]


@pytest.mark.parametrize("notebook", PAGES)
def test_every_dropdown_on_the_page_shows_a_choice(notebook):
    assert shown_empty(dropdowns_of(lambda: page(notebook, lang="en"))) == []


def test_the_tabletop_plan_shows_choose_in_each_dropdown():
    from simsuite.activities.tabletop.widget import TabletopApp

    app = TabletopApp(seed=4242, lang="en")
    found = dropdowns_of(lambda: app.show("plan"))
    assert found, "the plan has dropdowns (who leads, the sequence)"
    assert shown_empty(found) == []
    # nothing is answered for the learner: each shows "— choose —", which counts as no answer
    assert {d.label for d in found} == {"— choose —"}
    assert {d.value for d in found} == {None}
