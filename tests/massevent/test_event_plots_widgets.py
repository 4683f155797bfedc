import re

import pytest

from simsuite.i18n import available_languages, language
from simsuite.massevent import plots
from simsuite.massevent.model import (
    Scenario,
    event_from_dict,
    operations_from_dict,
    preset,
    preset_defaults,
)
from simsuite.massevent.risk import what_if
from simsuite.massevent.widgets import MassEventPlanner


def result(vid="oqsaroy-prayer-ground"):
    event, ops = preset_defaults(vid)
    scenario = Scenario(preset(vid), event_from_dict(event), operations_from_dict(ops))
    return what_if(scenario, ["capacity_cap", "wider_exits"])


def test_all_figures_render_to_png():
    r = result()
    venue = r["before"].scenario.venue
    grid, extent = plots.zone_density_grid(venue, r["before"].egress)
    for fig in (
        plots.plot_venue(venue),
        plots.plot_density(venue, grid, extent),
        plots.plot_queue(r["before"].ingress),
        plots.plot_evacuation(r["before"].egress),
        plots.plot_risk_matrix(r["before"].risks, r["after"].risks),
    ):
        assert plots.to_png(fig).startswith(b"\x89PNG")


def test_planner_widget_updates_from_the_models():
    planner = MassEventPlanner("tinchsoy-arena")
    first = planner.summary.value
    assert "limiting factor" in first
    planner.checks["capacity_cap"].value = True
    planner.attendance.value = 20000
    assert planner.summary.value != first
    after = planner.result()["after"]
    assert after.scenario.admitted == after.capacity.final or after.scenario.admitted <= 20000
    planner.preset.value = "navbahor-square"
    assert planner.attendance.value == 40000
    # a venue whose usual attendance is the one already set: the page follows it all the same
    other = "bahorgul-park"
    planner.attendance.value = int(preset_defaults(other)[0]["attendance"])
    summary, venue_map = planner.summary.value, planner.venue_map.value
    planner.preset.value = other
    assert planner.summary.value != summary and planner.venue_map.value != venue_map
    assert planner.result()["before"].scenario.venue.id == other


def test_a_slider_drag_sends_one_value_not_every_step():
    planner = MassEventPlanner("tinchsoy-arena")
    sliders = (planner.attendance, planner.exits, planner.gates)
    assert [slider.continuous_update for slider in sliders] == [False] * 3
    # one layout and one style for the group, the label given its own width
    assert len({id(slider.layout) for slider in sliders}) == 1
    assert len({id(slider.style) for slider in sliders}) == 1
    assert planner.attendance.style.description_width == "initial"


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "en"])
def test_every_preset_text_a_learner_reads_is_in_their_language(lang):
    """Venue, zone and opening names, cities and descriptions of every preset are translated
    (a preset added without its texts in names.py would show English on a Russian page)."""
    from simsuite.massevent.model import preset, preset_ids
    from simsuite.massevent.names import place

    with language(lang):
        for venue_id in preset_ids():
            venue = preset(venue_id)
            texts = [venue.name, venue.city, venue.description]
            texts += [z.name for z in venue.zones]
            texts += [o.name for o in (*venue.exits, *venue.gates, *venue.passages)]
            untranslated = [t for t in texts if place(t) == t and re.search("[a-z]{3}", t)]
            assert not untranslated, (venue_id, untranslated)
