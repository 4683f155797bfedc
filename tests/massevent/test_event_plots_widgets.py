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
