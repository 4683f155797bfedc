"""Real pedestrian experiments: what people did, measured with PedPy, against both models.

Three runs of the Jülich uni-directional corridor experiments (``data/experiments/``, README and
licence there): a 1.8 m corridor, 8 m long, entered through a 1.8 m entrance and left through an
exit 1.8 m, 1.2 m or 0.7 m wide. People stream in from a waiting area, so the exit sees a steady
inflow. PedPy counts the crossings of a measurement line on the exit (``compute_n_t``); from the
crossing times we take

* the **time for all to pass**: last crossing minus first crossing;
* the **exit flow**: the steady flow between the 10 % and the 90 % crossing (start-up and tail
  left out), and the specific flow (exit flow per metre of exit width).

The macroscopic model is run on the same set-up (a waiting area, the 1.8 m entrance, the
corridor, the exit) and measured the same way on its evacuation curve; so is JuPedSim. The
width-dependent specific flow of the *expected* model is fitted here (:func:`fit_specific_flow`)
and written to ``data/calibration.yaml``.
"""

from __future__ import annotations

import gzip
import math
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from simsuite.massevent.model import Venue, venue_from_dict

FRAME_RATE = 16.0  # frames per second, as the data's README and PedPy's own notebooks use
CORRIDOR_WIDTH = 1.8  # m
CORRIDOR_LENGTH = 8.0  # m, y from -4 m (exit) to 4 m (entrance)
ENTRANCE_WIDTH = 1.8  # m, all three runs (uo-180-…)
#: the part of the crossings that counts as steady flow
STEADY = (0.1, 0.9)


@dataclass(frozen=True)
class Experiment:
    id: str
    file: str
    exit_width: float
    label: str


EXPERIMENTS = (
    Experiment("uo-180-180-180", "uo-180-180-180.txt.gz", 1.8, "exit 1.8 m, no narrowing"),
    Experiment("uo-180-180-120", "uo-180-180-120.txt.gz", 1.2, "exit 1.2 m"),
    Experiment("uo-180-180-070", "uo-180-180-070.txt.gz", 0.7, "exit 0.7 m"),
)
SOURCE = (
    "Forschungszentrum Jülich, pedestrian dynamics data archive, uni-directional corridor "
    "experiments (2009), as distributed with PedPy; measured with PedPy"
)


def experiment(run_id: str) -> Experiment:
    for run in EXPERIMENTS:
        if run.id == run_id:
            return run
    raise KeyError(run_id)


@dataclass(frozen=True)
class PassageMeasure:
    """What one run shows at the exit line (measured, or read off a model's curve)."""

    persons: int
    time_to_pass_s: float  # last crossing minus first crossing
    exit_flow: float  # persons per second, steady phase
    exit_width: float

    @property
    def specific_flow(self) -> float:
        return self.exit_flow / self.exit_width

    def to_dict(self) -> dict:
        return {
            "persons": self.persons,
            "time_to_pass_s": round(self.time_to_pass_s, 1),
            "exit_flow_per_s": round(self.exit_flow, 3),
            "specific_flow": round(self.specific_flow, 3),
        }


def from_crossing_times(times: np.ndarray, exit_width: float) -> PassageMeasure:
    """Time to pass and steady flow from sorted crossing times (seconds)."""
    times = np.sort(np.asarray(times, dtype=float))
    n = len(times)
    if n < 3:
        raise ValueError("too few crossings to measure a flow")
    lo, hi = (int(math.floor(f * (n - 1))) for f in STEADY)
    flow = (hi - lo) / max(times[hi] - times[lo], 1e-9)
    return PassageMeasure(n, float(times[-1] - times[0]), float(flow), exit_width)


def trajectory_path(run: Experiment) -> Path:
    return Path(
        str(resources.files("simsuite.massevent").joinpath("data", "experiments", run.file))
    )


@cache
def measure(run_id: str) -> PassageMeasure:
    """PedPy's count of the crossings of the exit line of one run."""
    import pedpy

    run = experiment(run_id)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / run.file.removesuffix(".gz")
        with gzip.open(trajectory_path(run), "rb") as src, plain.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        traj = pedpy.load_trajectory_from_txt(
            trajectory_file=plain,
            default_frame_rate=FRAME_RATE,
            default_unit=pedpy.TrajectoryUnit.CENTIMETER,
        )
    # the exit is at y = -4 m; the line spans the corridor and a margin so nobody slips past it
    line = pedpy.MeasurementLine([(-1.0, -CORRIDOR_LENGTH / 2), (3.0, -CORRIDOR_LENGTH / 2)])
    _nt, crossing_frames = pedpy.compute_n_t(traj_data=traj, measurement_line=line)
    times = crossing_frames["frame"].to_numpy(dtype=float) / traj.frame_rate
    return from_crossing_times(times, run.exit_width)


def experiment_venue(run: Experiment, persons: int) -> Venue:
    """The set-up as a venue: a waiting area, the 1.8 m entrance, the corridor, the exit.

    The corridor is a circulation zone (holds nobody at the start), so everybody starts in the
    waiting area, which is sized for a dense waiting crowd (2 persons/m2) so that the entrance
    is fed without gaps, as in the experiment.
    """
    half = CORRIDOR_LENGTH / 2
    depth = max(4.0, persons / 2.0 / 4.0)
    x0 = (CORRIDOR_WIDTH - run.exit_width) / 2
    return venue_from_dict(
        {
            "id": run.id,
            "name": f"Jülich corridor, {run.label}",
            "zones": [
                {
                    "id": "waiting",
                    "kind": "standing",
                    "polygon": [
                        [-1.1, half],
                        [2.9, half],
                        [2.9, half + depth],
                        [-1.1, half + depth],
                    ],
                },
                {
                    "id": "corridor",
                    "kind": "circulation",
                    "polygon": [
                        [0, -half],
                        [CORRIDOR_WIDTH, -half],
                        [CORRIDOR_WIDTH, half],
                        [0, half],
                    ],
                },
            ],
            "passages": [
                {"id": "entrance", "line": [[0, half], [ENTRANCE_WIDTH, half]], "width": 1.8}
            ],
            "exits": [
                {
                    "id": "exit",
                    "line": [[x0, -half], [x0 + run.exit_width, -half]],
                    "width": run.exit_width,
                }
            ],
        },
        where=f"experiment {run.id}",
    )


def from_curve(times: np.ndarray, evacuated: np.ndarray, exit_width: float) -> PassageMeasure:
    """The same measures from a model's cumulative curve (persons out by time)."""
    total = float(evacuated[-1])
    n = int(round(total))
    # the time at which the k-th person (k = 1..n) is out, read off the cumulative curve
    targets = np.arange(1, n + 1) - 0.5
    crossing = np.interp(targets, evacuated, times)
    return from_crossing_times(crossing, exit_width)


def macro_measure(run_id: str, params=None) -> PassageMeasure:
    """The macroscopic model on the run's set-up, measured like the experiment."""
    from simsuite.massevent.egress import evacuate, expected_params
    from simsuite.massevent.model import EventProfile, Scenario

    run = experiment(run_id)
    persons = measure(run_id).persons
    scenario = Scenario(
        experiment_venue(run, persons), EventProfile(kind="concert", attendance=persons)
    )
    result = evacuate(scenario, params or expected_params())
    return from_curve(result.times, result.evacuated, run.exit_width)


@dataclass(frozen=True)
class MicroOutcome:
    """A JuPedSim run on an experiment: measured like the experiment, or why it did not end."""

    measure: PassageMeasure | None
    status: str  # "completed", "clogged" (people left after the time limit), "failed"
    left: int = 0
    wall_time_s: float = 0.0
    note: str = ""


def jupedsim_measure(run_id: str, settings=None, seed: int = 1, max_time: float = 600.0):
    """JuPedSim on the run's set-up (10 minutes of simulated time at most)."""
    from simsuite.massevent.micro import REAL_DATA, run_jupedsim

    run = experiment(run_id)
    persons = measure(run_id).persons
    try:
        micro = run_jupedsim(
            experiment_venue(run, persons),
            persons,
            seed=seed,
            settings=settings or REAL_DATA,
            max_time=max_time,
        )
    except RuntimeError as error:  # the model pushed an agent out of the walkable area
        return MicroOutcome(None, "failed", persons, note=str(error).split(" is ")[-1])
    left = micro.agents - len(micro.exit_times)
    if not micro.completed or len(micro.exit_times) < 3:
        return MicroOutcome(None, "clogged", left, micro.wall_time_s)
    return MicroOutcome(
        from_crossing_times(micro.exit_times, run.exit_width), "completed", 0, micro.wall_time_s
    )


def fit_specific_flow(
    widths: tuple[float, ...] | None = None,
) -> tuple[float, float, dict[str, PassageMeasure]]:
    """Fit ``J = a w + c`` (specific flow ``a + c / w``) on the runs' measured exit flows.

    Least squares of the relative flow error over the runs (all three unless ``widths`` picks
    some; a leave-one-out check fits on two and predicts the third).
    """
    runs = [r for r in EXPERIMENTS if widths is None or r.exit_width in widths]
    measured = {r.id: measure(r.id) for r in runs}
    w = np.array([r.exit_width for r in runs])
    flow = np.array([measured[r.id].exit_flow for r in runs])
    # relative least squares: minimise sum(((a w + c) / J - 1)^2), linear in (a, c)
    design = np.column_stack([w / flow, 1 / flow])
    (a, c), *_ = np.linalg.lstsq(design, np.ones(len(runs)), rcond=None)
    return float(a), float(c), measured
