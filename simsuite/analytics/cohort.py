"""A simulated cohort: trainees answering the pre-test and post-test by a 2PL IRT model.

Every trainee has an ability θ ~ N(0, 1) before the course and θ + gain after it (the gain is
drawn per trainee). An item has a discrimination ``a`` and a difficulty ``b`` (from the bank's
optional ``irt`` field, else derived from the item id), and a trainee answers it right with

    P(right) = 1 / (1 + exp(-a (θ - b)))

otherwise with a plausible wrong answer (another option, a partial set, a swapped ordering, a
number off by some). A share of trainees is *sloppy* (blank answers, answers of the wrong type)
and a share *malicious* (answer cells that run shell commands, never end, allocate too much
memory, tamper with a locked cell or patch the grader): their submissions exercise the
autograde runner, which must record what went wrong and go on.

:func:`run_cohort` runs the whole instructor cycle through nbgrader's real CLI in a work folder,
so that nothing is written into the repository: roster → course secret → sources and released
form files → ``nbgrader generate_assignment`` → submissions → autograde → cohort report.
Everything is a function of (parameters, seed).
"""

from __future__ import annotations

import hashlib
import math
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from simsuite.activities.quiz.items import score_item
from simsuite.errors import UserInputError
from simsuite.i18n import N_, _

BEHAVIOURS = ("diligent", "sloppy", "malicious")
MALICE = ("shell", "endless_loop", "huge_allocation", "locked_cell", "patch_grader")
MALICE_LABELS = {
    "shell": N_("runs a shell command in an answer cell"),
    "endless_loop": N_("an answer cell that never ends"),
    "huge_allocation": N_("an answer cell that allocates far too much memory"),
    "locked_cell": N_("edits a locked grade cell"),
    "patch_grader": N_("replaces the grading function in the kernel"),
}
PHASES = ("pre", "post")
MAX_TRAINEES = 10_000  # the largest roster simsuite takes (see course.variants.MAX_ROSTER)
KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"
ASSIGNMENTS = {"pre": "pretest", "post": "posttest"}


@dataclass(frozen=True)
class CohortParams:
    n_trainees: int
    seed: int = 0
    sloppy_share: float = 0.08
    malicious_share: float = 0.04
    gain_mean: float = 0.8  # θ units: a course that works moves the cohort most of one SD
    gain_sd: float = 0.5
    malice: tuple[str, ...] = MALICE
    blank_rate: float = 0.3  # a sloppy trainee leaves this share of answers blank
    wrong_type_rate: float = 0.2  # ... and gives this share in the wrong type

    def __post_init__(self) -> None:
        if (
            isinstance(self.n_trainees, bool)
            or not isinstance(self.n_trainees, int)
            or not 1 <= self.n_trainees <= MAX_TRAINEES
        ):
            raise UserInputError(
                _("Not a usable number of trainees: {n!r}.").format(n=self.n_trainees),
                where="--trainees",
                allowed=_("1 to {max}").format(max=MAX_TRAINEES),
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise UserInputError(
                _("Not a usable seed: {seed!r}.").format(seed=self.seed),
                where="--seed",
                allowed=_("a whole number from 0"),
            )
        options = {
            "sloppy_share": "--sloppy",
            "malicious_share": "--malicious",
            "blank_rate": "blank_rate",
            "wrong_type_rate": "wrong_type_rate",
        }
        for name, option in options.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise UserInputError(
                    _("A share must be between 0 and 1, got {value!r}.").format(value=value),
                    where=option,
                    allowed=_("a number from 0 to 1"),
                )
        if self.sloppy_share + self.malicious_share > 1:
            raise UserInputError(
                _("Sloppy and malicious shares add up to more than 1."),
                where="--sloppy, --malicious",
                allowed=_("shares whose sum is at most 1"),
            )
        unknown = set(self.malice) - set(MALICE)
        if unknown or not self.malice:
            raise UserInputError(
                _("Unknown kind of malicious submission."),
                where="malice",
                allowed=", ".join(MALICE),
            )


@dataclass(frozen=True)
class SimTrainee:
    id: str
    theta_pre: float
    gain: float
    behaviour: str  # one of BEHAVIOURS
    malice: str | None = None  # one of MALICE for a malicious trainee

    def theta(self, phase: str) -> float:
        return self.theta_pre if phase == "pre" else self.theta_pre + self.gain


def trainee_id(index: int, n: int) -> str:
    return f"trainee{index:0{max(3, len(str(n)))}d}"


def make_cohort(params: CohortParams) -> list[SimTrainee]:
    """The simulated trainees: abilities, gains and behaviours, a pure function of params."""
    rng = np.random.default_rng([params.seed, 1])
    n = params.n_trainees
    theta = rng.normal(0.0, 1.0, n)
    gain = rng.normal(params.gain_mean, params.gain_sd, n)
    n_malicious = int(round(params.malicious_share * n))
    n_sloppy = int(round(params.sloppy_share * n))
    order = rng.permutation(n)
    behaviour = ["diligent"] * n
    malice: list[str | None] = [None] * n
    for rank, index in enumerate(order[:n_malicious]):
        behaviour[index] = "malicious"
        malice[index] = params.malice[rank % len(params.malice)]  # every kind at least once
    for index in order[n_malicious : n_malicious + n_sloppy]:
        behaviour[index] = "sloppy"
    return [
        SimTrainee(trainee_id(i + 1, n), float(theta[i]), float(gain[i]), behaviour[i], malice[i])
        for i in range(n)
    ]


# --- the response model ----------------------------------------------------------------------


def _unit(text: str) -> float:
    """A number in [0, 1) from a text, stable across runs and platforms (unlike hash())."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") / 2**64


def item_parameters(item: Mapping[str, Any]) -> tuple[float, float]:
    """(a, b) of an item: its ``irt`` field, else derived from its parallel group so that the
    two forms of a pair are about equally hard (they are meant to be parallel)."""
    irt = item.get("irt") or {}
    group = str(item.get("parallel", item["id"]))
    a = float(irt.get("a", 0.7 + 1.3 * _unit("a:" + group)))
    b = float(irt.get("b", -1.5 + 3.0 * _unit("b:" + group)))
    if a <= 0:
        raise UserInputError(
            _("An item's discrimination a must be positive."), where=f"item {item['id']}"
        )
    return a, b


def p_correct(theta: float, a: float, b: float) -> float:
    return 1.0 / (1.0 + math.exp(-a * (theta - b)))


def wrong_answers(item: Mapping[str, Any]) -> list[object]:
    """Plausible wrong answers to an item, each scoring less than full marks."""
    kind, key = item["kind"], item["key"]
    options = list(item.get("options", {}))
    candidates: list[object] = []
    if kind == "single":
        candidates = [option for option in options if option != key]
    elif kind == "multiple":
        right = list(key)
        wrong = [option for option in options if option not in right]
        if len(right) > 1:
            candidates += [[o for o in right if o != drop] for drop in right]  # one missed
        candidates += [right + [extra] for extra in wrong]  # one too many
        candidates += [[extra] for extra in wrong]
    elif kind == "ordering":
        order = list(key)
        for i in range(len(order) - 1):  # adjacent swaps: the usual slip
            swapped = order.copy()
            swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
            candidates.append(swapped)
        candidates.append(order[::-1])
    elif kind == "numeric":
        tolerance = float(item.get("tolerance", 0))
        step = max(1.0, tolerance + 1)
        raw = [key - step, key + step, key - 10 * step, key + 10 * step, key * 2, key / 2]
        candidates = [int(v) if float(v).is_integer() else round(v, 2) for v in raw]
    return [c for c in candidates if score_item(item, c).score < 1]


def expected_score(item: Mapping[str, Any], theta: float) -> float:
    """E[score] under the model: P(right) + (1 - P(right)) x mean credit of a wrong answer."""
    a, b = item_parameters(item)
    p = p_correct(theta, a, b)
    wrong = wrong_answers(item)
    credit = sum(score_item(item, w).score for w in wrong) / len(wrong) if wrong else 0.0
    return p + (1 - p) * credit


def simulate_answer(item: Mapping[str, Any], theta: float, rng: np.random.Generator) -> object:
    a, b = item_parameters(item)
    if rng.random() < p_correct(theta, a, b):
        key = item["key"]
        return list(key) if isinstance(key, list) else key
    wrong = wrong_answers(item)
    return wrong[int(rng.integers(len(wrong)))] if wrong else None


# --- submissions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    sources: Mapping[str, str]  # answer cell grade id -> source
    locked_edits: Mapping[str, str] = field(default_factory=dict)


def _wrong_type(kind: str) -> str:
    # answer_Q3 = 3 for a choice item; words for a number
    return "'about forty'" if kind == "numeric" else "3"


MALICE_SOURCES = {
    "shell": "import os\n{var} = os.system('echo simulated-malicious-command')",
    "endless_loop": "while True:\n    pass\n{var} = None",
    "huge_allocation": "blob = bytearray(10**13)\n{var} = None",
    "patch_grader": (
        "import simsuite.course.grade as grader\n"
        "grader.graded_points = lambda *args, **kwargs: 1.0\n"
        "{var} = None"
    ),
}


def trainee_submission(
    trainee: SimTrainee,
    positions: Sequence[Any],
    form: str,
    phase: str,
    params: CohortParams,
) -> Submission:
    """The answer cells one simulated trainee writes in one phase."""
    from simsuite.activities.quiz.activity import answer_variable, grade_cell_id

    who = int.from_bytes(hashlib.sha256(trainee.id.encode("utf-8")).digest()[:4], "big")
    rng = np.random.default_rng([params.seed, 2, PHASES.index(phase), who])
    theta = trainee.theta(phase)
    sources: dict[str, str] = {}
    for position in positions:
        variable = answer_variable(position.number)
        item = position.item(form)
        if trainee.behaviour == "sloppy":
            draw = rng.random()
            if draw < params.blank_rate:
                continue
            if draw < params.blank_rate + params.wrong_type_rate:
                sources[variable] = f"{variable} = {_wrong_type(position.kind)}"
                continue
        sources[variable] = f"{variable} = {simulate_answer(item, theta, rng)!r}"
    locked: dict[str, str] = {}
    if trainee.malice == "locked_cell":
        locked[grade_cell_id(1)] = "1.0  # full marks, please"
    elif trainee.malice is not None:
        target = answer_variable(positions[int(rng.integers(len(positions)))].number)
        sources[target] = MALICE_SOURCES[trainee.malice].format(var=target)
    return Submission(sources, locked)


# --- the end-to-end run ------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortRun:
    workdir: Path
    trainees: tuple[SimTrainee, ...]
    outcomes: Mapping[str, Sequence[Any]]  # assignment -> autograde outcomes
    report: Mapping[str, Path]
    seconds: Mapping[str, float]  # stage -> wall-clock seconds


def _grading_config(repo_grading: Path, workdir: Path) -> Path:
    """A grading folder in the work folder: the course's own configuration, with the course
    root (and so the sources, nbgrader's ``source/`` in it) and the exchange moved there, so
    nothing is written into the repository."""
    course_config = (repo_grading / "nbgrader_config.py").resolve()
    if not course_config.is_file():  # traitlets would skip a missing subconfig silently
        raise UserInputError(
            _("The course has no nbgrader configuration."), where=str(course_config)
        )
    folder = workdir / "grading"
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "nbgrader_config.py"
    course_root = str(workdir / "course")
    config.write_text(
        "# Written by simsuite.analytics.cohort: the course's configuration, redirected.\n"
        "import os\n"
        "c = get_config()  # noqa: F821\n"
        "# the course's own file creates its course folder: point it here before it runs\n"
        f"os.environ['SIMSUITE_COURSE_ROOT'] = {course_root!r}\n"
        f"os.environ['SIMSUITE_EXCHANGE_ROOT'] = {str(workdir / 'course' / 'exchange')!r}\n"
        f"load_subconfig({str(course_config)!r})  # noqa: F821\n"
        f"c.CourseDirectory.root = {course_root!r}\n"
        f"c.Exchange.root = {str(workdir / 'course' / 'exchange')!r}\n",
        encoding="utf-8",
    )
    return folder


def _environment(course_root: Path) -> dict[str, str]:
    from simsuite.grading.autograde import nbgrader_env

    return {**nbgrader_env(), "SIMSUITE_COURSE_ROOT": str(course_root)}


def run_cohort(
    n_trainees: int,
    workdir: str | Path,
    seed: int = 0,
    workers: int | None = None,
    params: CohortParams | None = None,
    course_file: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> CohortRun:
    """Simulate a cohort end to end with the real nbgrader CLI; returns the report's paths."""
    import os

    from simsuite.activities.quiz.activity import form_of
    from simsuite.activities.quiz.bank import form_positions
    from simsuite.analytics.report import write_cohort_report
    from simsuite.analytics.simulate import fill_answers
    from simsuite.course.build import load_course, write_assignment_source
    from simsuite.course.paths import check_output_folder
    from simsuite.course.variants import load_secret, trainee_seed
    from simsuite.grading import autograde as autograde_module

    say = progress or (lambda message: None)
    params = params or CohortParams(n_trainees=n_trainees, seed=seed)
    repo = Path(__file__).resolve().parents[2]
    # Absolute: the work folder's nbgrader configuration loads the course's own by this path.
    course_file = (Path(course_file) if course_file else repo / "grading" / "course.yaml").resolve()
    course = load_course(course_file)
    tests = {a.params["phase"]: a.name for a in course.assignments if a.kind == "quiz"}
    for phase in PHASES:
        if phase not in tests:
            raise UserInputError(
                _("The course has no {phase} test.").format(phase=phase), where=str(course_file)
            )
    workdir = check_output_folder(workdir, "--out")
    course_root = workdir / "course"
    sources = course_root / "source"
    course_root.mkdir(mode=0o700, parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    started = time.monotonic()

    trainees = make_cohort(params)
    roster = [t.id for t in trainees]
    (workdir / "roster.txt").write_text("\n".join(roster) + "\n", encoding="utf-8")
    secret = load_secret(course_root, create=True)
    for phase in PHASES:
        write_assignment_source(course, course.assignment(tests[phase]), roster, secret, sources)
    grading = _grading_config(course_file.parent, workdir)
    env = _environment(course_root)
    for phase in PHASES:
        run = subprocess.run(
            [*autograde_module.nbgrader_command(), "generate_assignment", tests[phase], "--force"],
            cwd=grading,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            last = (run.stderr or run.stdout).strip().splitlines()[-1:] or [""]
            raise UserInputError(
                _("nbgrader generate_assignment failed: {detail}").format(detail=last[0][:300]),
                where=str(grading / "nbgrader_config.py"),
            )
    seconds["prepare"] = round(time.monotonic() - started, 2)
    say(_("Built the course and released the tests for {n} trainees.").format(n=len(roster)))

    positions = form_positions(course.item_bank)
    outcomes = {}
    previous_root = os.environ.get("SIMSUITE_COURSE_ROOT")
    os.environ["SIMSUITE_COURSE_ROOT"] = str(course_root)  # for nbgrader runs started below
    try:
        for phase in PHASES:
            name = tests[phase]
            stage = time.monotonic()
            released = course_root / "release" / name / f"{name}.ipynb"
            for trainee in trainees:
                form = form_of(trainee_seed(secret, trainee.id), phase)
                submission = trainee_submission(trainee, positions, form, phase, params)
                target = course_root / "submitted" / trainee.id / name / f"{name}.ipynb"
                fill_answers(released, target, submission.sources, submission.locked_edits)
            seconds[f"submit_{phase}"] = round(time.monotonic() - stage, 2)
            stage = time.monotonic()

            def report_progress(outcome, done: int, total: int, *_eta, name=name) -> None:
                if done == total or done % 20 == 0 or outcome.status != "graded":
                    say(f"{name} [{done}/{total}] {outcome.trainee}: {outcome.status}")

            kwargs: dict[str, Any] = {"progress": report_progress, "workers": workers}
            outcomes[name] = autograde_module.autograde(grading, name, **kwargs)
            # A kernel that dies while starting is the machine's fault, not the trainee's:
            # grade those submissions once more (a resumed batch skips the graded ones).
            flaky = [o.trainee for o in outcomes[name] if KERNEL_START_FAILURE in o.reason]
            if flaky:
                say(
                    _("Grading {n} submissions again after a kernel start failure.").format(
                        n=len(flaky)
                    )
                )
                again = {
                    o.trainee: o
                    for o in autograde_module.autograde(grading, name, trainees=flaky, **kwargs)
                }
                outcomes[name] = [again.get(o.trainee, o) for o in outcomes[name]]
            seconds[f"autograde_{phase}"] = round(time.monotonic() - stage, 2)
    finally:
        if previous_root is None:
            os.environ.pop("SIMSUITE_COURSE_ROOT", None)
        else:
            os.environ["SIMSUITE_COURSE_ROOT"] = previous_root

    stage = time.monotonic()
    report = write_cohort_report(
        f"sqlite:///{course_root / 'gradebook.db'}",
        workdir / "report",
        course.item_bank,
        secret,
        pre=tests["pre"],
        post=tests["post"],
        autograde_log=course_root / autograde_module.LOG_NAME,
    )
    seconds["report"] = round(time.monotonic() - stage, 2)
    seconds["total"] = round(time.monotonic() - started, 2)
    _write_truth(workdir / "simulated_trainees.csv", trainees)
    say(_("Report written to {path}.").format(path=report["html"]))
    return CohortRun(workdir, tuple(trainees), outcomes, report, seconds)


def _write_truth(path: Path, trainees: Sequence[SimTrainee]) -> None:
    """The simulation's ground truth, to compare the report with (never part of a real run)."""
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["trainee", "theta_pre", "gain", "behaviour", "malice"])
        for t in trainees:
            writer.writerow(
                [t.id, f"{t.theta_pre:.4f}", f"{t.gain:.4f}", t.behaviour, t.malice or ""]
            )
