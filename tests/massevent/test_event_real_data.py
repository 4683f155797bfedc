"""The crowd model against real people: the Jülich corridor runs, measured with PedPy.

The bound is the issue's: the macroscopic model's expected flow within +-15 % of the measured
time for all to pass and of the measured exit flow on every run; JuPedSim with the settings
matched to the runs likewise, and never clogging at the 0.7 m exit.
"""

import gzip

import pytest

from simsuite.massevent import experiments
from simsuite.massevent.egress import calibration, design_params, expected_params
from simsuite.massevent.experiments import EXPERIMENTS, macro_measure, measure
from simsuite.massevent.validation import REAL_TOLERANCE, validate_real

RUN_IDS = [run.id for run in EXPERIMENTS]


def persons_in_file(run) -> int:
    with gzip.open(experiments.trajectory_path(run), "rt") as handle:
        return len({line.split()[0] for line in handle if line.strip() and line[0] != "#"})


@pytest.mark.parametrize("run", EXPERIMENTS, ids=RUN_IDS)
def test_pedpy_counts_everyone_through_the_exit(run):
    measured = measure(run.id)
    assert measured.persons == persons_in_file(run)
    assert 50 < measured.time_to_pass_s < 150


def test_measured_flows_behave_as_in_the_bottleneck_literature():
    flows = {run.exit_width: measure(run.id) for run in EXPERIMENTS}
    # wider exits pass more people per second, narrower ones more per metre of width
    assert flows[0.7].exit_flow < flows[1.2].exit_flow < flows[1.8].exit_flow
    assert flows[0.7].specific_flow > flows[1.2].specific_flow > flows[1.8].specific_flow
    # all above the Green Guide design rate (82 persons/m/min = 1.37 persons/m/s)
    assert min(f.specific_flow for f in flows.values()) > 82 / 60


@pytest.mark.parametrize("run", EXPERIMENTS, ids=RUN_IDS)
def test_expected_model_within_15_percent_of_the_real_run(run):
    measured, model = measure(run.id), macro_measure(run.id, expected_params())
    assert model.time_to_pass_s == pytest.approx(measured.time_to_pass_s, rel=REAL_TOLERANCE)
    assert model.exit_flow == pytest.approx(measured.exit_flow, rel=REAL_TOLERANCE)


def test_the_design_rate_is_conservative_on_every_run():
    for run in EXPERIMENTS:
        design = macro_measure(run.id, design_params())
        assert design.time_to_pass_s > measure(run.id).time_to_pass_s


def test_the_stored_fit_is_the_fit_of_the_data():
    a, c, _measured = experiments.fit_specific_flow()
    stored = calibration()["real_data"]["parameters"]
    assert stored["flow_a"]["value"] == pytest.approx(a, abs=1e-4)
    assert stored["flow_c"]["value"] == pytest.approx(c, abs=1e-4)


@pytest.mark.slow
def test_validation_table_meets_the_bound_for_both_models():
    rows = validate_real()
    assert len(rows) == 3
    for row in rows:
        assert row.ok("macro"), row.to_dict()
        assert row.micro.status == "completed" and row.ok("jupedsim"), row.to_dict()


@pytest.mark.slow
def test_jupedsim_defaults_clog_at_the_narrow_exit_and_the_matched_settings_do_not():
    from simsuite.massevent.micro import REAL_DATA, REFERENCE

    clogged = experiments.jupedsim_measure("uo-180-180-070", REFERENCE, max_time=300)
    assert clogged.status == "clogged" and clogged.left > 0
    assert experiments.jupedsim_measure("uo-180-180-070", REAL_DATA).status == "completed"
