"""Parallel, resumable autograde on top of nbgrader.

Each submission is inspected first (:func:`guard.inspect_submission`): a notebook that cannot
be graded is recorded with its reason and skipped. The rest go to N worker processes
(:mod:`simsuite.assessment.worker`), each running nbgrader's own autograde app on its own copy
of the gradebook; the controller merges each result into the course gradebook as soon as it
arrives and writes the log, so an interrupted batch resumes where it stopped. A worker that
exceeds the per-submission time limit is killed with its kernel and replaced; the batch goes
on. Progress (done, failed, ETA) is reported as results arrive.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from simsuite.assessment.guard import answer_cell_errors, inspect_submission
from simsuite.errors import UserInputError
from simsuite.i18n import _

LOG_NAME = "autograde_log.json"
WORK_DIR = ".autograde"


@dataclass(frozen=True)
class AutogradeOutcome:
    trainee: str
    status: str  # "graded", "failed" (could not be graded) or "resumed" (done before)
    score: float | None
    max_score: float | None
    reason: str
    seconds: float
    flags: tuple[str, ...] = field(default_factory=tuple)
    fingerprint: str = ""


ProgressCallback = Callable[[AutogradeOutcome, int, int, float | None], None]


def nbgrader_command() -> list[str]:
    return [str(Path(sys.executable).with_name("nbgrader"))]


def nbgrader_env() -> dict[str, str]:
    """nbgrader runs helper programs (alembic) by name: put this environment's bin first."""
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")])}


def course_root(grading_dir: Path) -> Path:
    """The course folder nbgrader uses, read from the course's own configuration."""
    if not (Path(grading_dir) / "nbgrader_config.py").is_file():
        raise UserInputError(
            _("No nbgrader_config.py here: give the course's grading folder."),
            where=str(grading_dir),
            allowed=_("a folder with nbgrader_config.py, such as grading/"),
        )
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from nbgrader.apps import NbGrader; app = NbGrader();"
            " app.initialize([]); print(app.coursedir.root)",
        ],
        cwd=grading_dir,
        capture_output=True,
        text=True,
        check=False,
        env=nbgrader_env(),
    )
    if probe.returncode != 0 or not probe.stdout.strip():
        last = (probe.stderr.strip().splitlines() or ["?"])[-1]
        raise UserInputError(
            _("Cannot read the nbgrader configuration ({reason}).").format(reason=last),
            where=str(grading_dir / "nbgrader_config.py"),
        )
    return Path(probe.stdout.strip().splitlines()[-1])


def submitted_trainees(root: Path, assignment: str) -> list[str]:
    folder = root / "submitted"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir())


def _fingerprint(folder: Path) -> str:
    """A hash of a submission's files: a resubmission is graded again, an unchanged one not."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _reason(log: str) -> str:
    """The most telling line of nbgrader's log for the instructor: the exception, if any."""
    import re

    exceptions = re.findall(
        r"^\s*((?:\w+\.)*\w*(?:Error|Exception|Timeout)\w*: .+)$", log, flags=re.M
    )
    if exceptions:
        return exceptions[-1].strip()[:500]
    errors = [
        line
        for line in re.findall(r"\[\w+\s*\|\s*ERROR\]\s*(.+)", log)
        if not line.startswith(("There was an error processing", "Traceback", "Please see"))
    ]
    if errors:
        return errors[0].strip()[:500]
    lines = log.strip().splitlines()
    return lines[-1][:500] if lines else _("nbgrader failed without a message")


def _score(db_url: str, assignment: str, trainee: str) -> tuple[float, float] | None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, trainee)
        except MissingEntry:
            return None
        return float(submission.score), float(submission.max_score)


def merge_submission(source_url: str, target_url: str, assignment: str, trainee: str) -> None:
    """Copy one autograded submission from a worker's gradebook into the course gradebook.

    Manual grades already in the course gradebook are kept: an auto score never overwrites
    them, it only marks the grade for review, as nbgrader itself does.
    """
    import warnings

    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    with (
        warnings.catch_warnings(),
        Gradebook(source_url) as source,
        Gradebook(target_url) as target,
    ):
        # nbgrader's own autoflush warnings on creating a submission: harmless and noisy
        warnings.simplefilter("ignore", SAWarning)
        submitted = source.find_submission(assignment, trainee)
        target.update_or_create_student(trainee)
        target.update_or_create_submission(assignment, trainee, timestamp=submitted.timestamp)
        for notebook in submitted.notebooks:
            for grade in notebook.grades:
                mine = target.find_grade(grade.name, notebook.name, assignment, trainee)
                mine.auto_score = grade.auto_score
                mine.needs_manual_grade = mine.manual_score is not None or grade.auto_score is None
            for comment in notebook.comments:
                mine = target.find_comment(comment.name, notebook.name, assignment, trainee)
                mine.auto_comment = comment.auto_comment
            mine_notebook = target.find_submission_notebook(notebook.name, assignment, trainee)
            mine_notebook.late_submission_penalty = notebook.late_submission_penalty
        target.db.commit()


class _Worker:
    """One worker process and the thread that reads its answers."""

    def __init__(self, index: int, args: list[str], cwd: Path, results: queue.Queue):
        self.index = index
        self.args = args
        self.cwd = cwd
        self.results = results
        self.job: str | None = None
        self.ready = False
        self.started = 0.0
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.ready = False
        self.process = subprocess.Popen(
            self.args,
            cwd=self.cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=nbgrader_env(),
            start_new_session=True,  # its own process group: a kill takes the kernel too
        )
        process = self.process
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                self.results.put((self, process, json.loads(line)))
            except ValueError:
                continue
        self.results.put((self, process, None))  # the process ended

    def send(self, trainee: str) -> None:
        assert self.process is not None and self.process.stdin is not None
        self.job, self.started = trainee, time.monotonic()
        self.process.stdin.write(trainee + "\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def _load_log(root: Path) -> dict:
    path = root / LOG_NAME
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}


def _save_log(root: Path, log: dict) -> None:
    path = root / LOG_NAME
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(log, indent=1, sort_keys=True), encoding="utf-8")
    temporary.replace(path)  # atomic: an interrupted batch never leaves half a log


def autograde(
    grading_dir: str | Path,
    assignment: str,
    trainees: Sequence[str] | None = None,
    timeout: float = 300,
    progress: ProgressCallback | None = None,
    workers: int = 2,
    memory_mb: int = 4096,
    resume: bool = True,
    allow_code: bool = False,
) -> list[AutogradeOutcome]:
    """Autograde every submission of ``assignment``; returns one outcome per trainee.

    ``allow_code`` switches the answer-cell guard off, for exercises whose answers are code;
    the time and memory limits then stand alone.
    """
    nbgrader_args = ["--AnswerCellGuard.enabled=False"] if allow_code else []
    if workers < 1:
        raise UserInputError(_("At least one worker is needed."), where="--workers")
    grading_dir = Path(grading_dir).resolve()
    root = course_root(grading_dir)
    db_path = root / "gradebook.db"
    db_url = f"sqlite:///{db_path}"
    todo = list(trainees) if trainees is not None else submitted_trainees(root, assignment)
    if not todo:
        raise UserInputError(
            _("No submissions of {assignment!r} to grade.").format(assignment=assignment),
            where=str(root / "submitted"),
        )
    if not (root / "release" / assignment).is_dir():
        raise UserInputError(
            _(
                "Assignment {assignment!r} has not been generated: run "
                "`nbgrader generate_assignment {assignment}` first."
            ).format(assignment=assignment),
            where=str(root / "release"),
        )
    log = _load_log(root)
    entries = log.setdefault(assignment, {})
    outcomes: dict[str, AutogradeOutcome] = {}
    pending: list[str] = []
    released = sorted((root / "release" / assignment).glob("*.ipynb"))
    for trainee in todo:
        folder = root / "submitted" / trainee / assignment
        fingerprint = _fingerprint(folder) if folder.is_dir() else ""
        previous = entries.get(trainee)
        if (
            resume
            and previous
            and previous.get("status") == "graded"
            and previous.get("fingerprint") == fingerprint
            and _score(db_url, assignment, trainee) is not None
        ):
            outcomes[trainee] = AutogradeOutcome(
                **{**previous, "status": "resumed", "flags": tuple(previous.get("flags", ()))}
            )
            continue
        fatal, flags = None, []
        for notebook in released:
            inspection = inspect_submission(notebook, folder / notebook.name, allow_code)
            fatal = fatal or inspection.fatal
            flags += inspection.flags
        if fatal:
            outcomes[trainee] = AutogradeOutcome(
                trainee, "failed", None, None, fatal, 0.0, tuple(flags), fingerprint
            )
            entries[trainee] = asdict(outcomes[trainee])
        else:
            pending.append(trainee)
            outcomes[trainee] = AutogradeOutcome(
                trainee, "pending", None, None, "", 0.0, tuple(flags), fingerprint
            )
    _save_log(root, log)

    total, done = len(todo), 0
    started = time.monotonic()

    def report(outcome: AutogradeOutcome) -> None:
        nonlocal done
        done += 1
        if progress:
            graded_so_far = max(1, done - skipped)
            rate = (time.monotonic() - started) / graded_so_far
            eta = rate * (total - done) if done > skipped else None
            progress(outcome, done, total, eta)

    skipped = 0
    for trainee in todo:
        if outcomes[trainee].status in ("resumed", "failed"):
            skipped += 1
            report(outcomes[trainee])

    if pending:
        _run_workers(
            grading_dir,
            root,
            db_path,
            assignment,
            pending,
            outcomes,
            entries,
            log,
            timeout,
            min(workers, len(pending)),
            memory_mb,
            report,
            nbgrader_args,
        )
    return [outcomes[trainee] for trainee in todo]


def _run_workers(
    grading_dir: Path,
    root: Path,
    db_path: Path,
    assignment: str,
    pending: list[str],
    outcomes: dict[str, AutogradeOutcome],
    entries: dict,
    log: dict,
    timeout: float,
    workers: int,
    memory_mb: int,
    report: Callable[[AutogradeOutcome], None],
    nbgrader_args: list[str],
) -> None:
    db_url = f"sqlite:///{db_path}"
    work = root / WORK_DIR
    work.mkdir(exist_ok=True)
    results: queue.Queue = queue.Queue()
    pool = []
    for index in range(workers):
        worker_db = work / f"gradebook-{index}.db"
        shutil.copyfile(db_path, worker_db)
        args = [
            sys.executable,
            "-m",
            "simsuite.assessment.worker",
            "--assignment",
            assignment,
            "--db-url",
            f"sqlite:///{worker_db}",
            "--cell-timeout",
            str(max(1, int(timeout))),
            "--memory-mb",
            str(memory_mb),
            *(f"--nbgrader-arg={arg}" for arg in nbgrader_args),
        ]
        pool.append(_Worker(index, args, grading_dir, results))
    queue_of_jobs = list(pending)

    def finish(trainee: str, outcome: AutogradeOutcome) -> None:
        outcomes[trainee] = outcome
        entries[trainee] = asdict(outcome)
        _save_log(root, log)
        report(outcome)

    def feed(worker: _Worker) -> None:
        worker.job = None
        if queue_of_jobs and worker.ready:
            worker.send(queue_of_jobs.pop(0))

    remaining = len(pending)
    try:
        while remaining:
            try:
                worker, process, result = results.get(timeout=1.0)
            except queue.Empty:
                worker, process, result = None, None, None
            if worker is not None and process is worker.process:
                trainee = worker.job
                if result is not None and result.get("ready"):
                    worker.ready = True
                    feed(worker)
                elif result is None:  # the worker died under a job: restart it
                    if trainee is not None:
                        reason = _("the grading process ended unexpectedly")
                        finish(trainee, _failed(outcomes[trainee], reason, worker.started))
                        remaining -= 1
                    worker.start()
                    feed(worker)
                elif trainee is not None and result.get("trainee") == trainee:
                    worker_url = f"sqlite:///{work / f'gradebook-{worker.index}.db'}"
                    finish(
                        trainee,
                        _collect(result, outcomes[trainee], worker_url, db_url, root, assignment),
                    )
                    remaining -= 1
                    feed(worker)
            now = time.monotonic()
            for worker in pool:
                # nbgrader's own cell time-out should fire first; this is the backstop
                if worker.job is not None and now - worker.started > timeout + min(30, timeout):
                    trainee = worker.job
                    worker.kill()
                    finish(
                        trainee,
                        _failed(
                            outcomes[trainee],
                            _("time limit of {s:g} s per submission exceeded").format(s=timeout),
                            worker.started,
                        ),
                    )
                    remaining -= 1
                    worker.job = None
                    worker.start()
                    feed(worker)
    finally:
        for worker in pool:
            worker.stop()


def _failed(pending: AutogradeOutcome, reason: str, started: float) -> AutogradeOutcome:
    return AutogradeOutcome(
        pending.trainee,
        "failed",
        None,
        None,
        reason,
        round(time.monotonic() - started, 3),
        pending.flags,
        pending.fingerprint,
    )


def _collect(
    result: dict,
    pending: AutogradeOutcome,
    worker_url: str,
    db_url: str,
    root: Path,
    assignment: str,
) -> AutogradeOutcome:
    trainee = pending.trainee
    score = _score(worker_url, assignment, trainee) if result["ok"] else None
    # code in answer cells was already flagged by the inspection before grading
    flags = list(pending.flags)
    for notebook in sorted((root / "autograded" / trainee / assignment).glob("*.ipynb")):
        flags += answer_cell_errors(notebook)
    if score is None:
        return AutogradeOutcome(
            trainee,
            "failed",
            None,
            None,
            _reason(result["log"]),
            result["seconds"],
            tuple(flags),
            pending.fingerprint,
        )
    merge_submission(worker_url, db_url, assignment, trainee)
    return AutogradeOutcome(
        trainee,
        "graded",
        score[0],
        score[1],
        "",
        result["seconds"],
        tuple(flags),
        pending.fingerprint,
    )
