"""Parallel, resumable autograde on top of nbgrader.

Each submission is inspected first (:func:`guard.inspect_submission`): a notebook that cannot
be graded is recorded with its reason and skipped. The rest go to N worker processes
(:mod:`simsuite.grading.worker`), each running nbgrader's own autograde app on its own copy
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
from typing import Any

from simsuite.errors import UserInputError
from simsuite.grading.guard import answer_cell_errors, inspect_submission
from simsuite.i18n import _

LOG_NAME = "autograde_log.json"
_KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"
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


def default_workers() -> int:
    """One worker per core plus one: a job waits on its kernel part of the time, and the
    extra worker fills those gaps (measured: docs/benchmarks.md)."""
    return (os.cpu_count() or 1) + 1


def nbgrader_command() -> list[str]:
    return [str(Path(sys.executable).with_name("nbgrader"))]


def nbgrader_env() -> dict[str, str]:
    """nbgrader runs helper programs (alembic) by name: put this environment's bin first."""
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")])}


def course_root(grading_dir: Path) -> Path:
    """The course folder nbgrader uses, read from the course's ``nbgrader_config.py``.

    Read in-process with traitlets' own loader (cheap) rather than by starting nbgrader (a
    few seconds): the course folder's configuration is the one simsuite honours.
    """
    from traitlets.config.loader import PyFileConfigLoader

    grading_dir = Path(grading_dir)
    if not (grading_dir / "nbgrader_config.py").is_file():
        raise UserInputError(
            _("No nbgrader_config.py here: give the course's grading folder."),
            where=str(grading_dir),
            allowed=_("a folder with nbgrader_config.py, such as grading/"),
        )
    try:
        config = PyFileConfigLoader("nbgrader_config.py", path=str(grading_dir)).load_config()
    except Exception as error:  # a course's config file may raise anything
        raise UserInputError(
            _("Cannot read the nbgrader configuration ({reason}).").format(reason=error),
            where=str(grading_dir / "nbgrader_config.py"),
        ) from None
    root = config.get("CourseDirectory", {}).get("root") or str(grading_dir)
    return (grading_dir / root).resolve()


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


def merge_submission(source, target, assignment: str, trainee: str) -> tuple[float, float]:
    """Copy one autograded submission from a worker's gradebook into the course gradebook.

    ``source`` and ``target`` are open nbgrader ``Gradebook`` objects (kept open for a whole
    batch: opening one costs more than a merge). Manual grades already in the course gradebook
    are kept: an auto score never overwrites them, it only marks the grade for review, as
    nbgrader itself does. Returns the submission's score and maximum.
    """
    import warnings

    from sqlalchemy.exc import SAWarning

    # See the worker's latest commit, and hold no read lock on its database afterwards.
    source.db.rollback()
    source.db.expire_all()
    try:
        with warnings.catch_warnings():
            # nbgrader's own autoflush warnings on creating a submission: harmless and noisy
            warnings.simplefilter("ignore", SAWarning)
            submitted = source.find_submission(assignment, trainee)
            target.update_or_create_student(trainee)
            target.update_or_create_submission(assignment, trainee, timestamp=submitted.timestamp)
            for notebook in submitted.notebooks:
                for grade in notebook.grades:
                    mine = target.find_grade(grade.name, notebook.name, assignment, trainee)
                    mine.auto_score = grade.auto_score
                    mine.needs_manual_grade = (
                        mine.manual_score is not None or grade.auto_score is None
                    )
                for comment in notebook.comments:
                    mine = target.find_comment(comment.name, notebook.name, assignment, trainee)
                    mine.auto_comment = comment.auto_comment
                mine_notebook = target.find_submission_notebook(notebook.name, assignment, trainee)
                mine_notebook.late_submission_penalty = notebook.late_submission_penalty
            target.db.commit()
            merged = target.find_submission(assignment, trainee)
            return float(merged.score), float(merged.max_score)
    finally:
        source.db.rollback()


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
    workers: int | None = None,
    memory_mb: int = 4096,
    resume: bool = True,
    allow_code: bool = False,
) -> list[AutogradeOutcome]:
    """Autograde every submission of ``assignment``; returns one outcome per trainee.

    ``allow_code`` switches the answer-cell guard off, for exercises whose answers are code;
    the time and memory limits then stand alone.
    """
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise UserInputError(_("At least one worker is needed."), where="--workers")
    grading_dir = Path(grading_dir).resolve()
    root = course_root(grading_dir)
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
    batch = _Batch(grading_dir, root, assignment, timeout, memory_mb, allow_code, progress)
    return batch.run(todo, workers, resume)


class _Batch:
    """One autograde run: inspection, the worker pool, merging, the log and progress."""

    def __init__(self, grading_dir, root, assignment, timeout, memory_mb, allow_code, progress):
        self.grading_dir = grading_dir
        self.root = root
        self.assignment = assignment
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.allow_code = allow_code
        self.progress = progress
        self.db_url = f"sqlite:///{root / 'gradebook.db'}"
        self.log = _load_log(root)
        self.entries = self.log.setdefault(assignment, {})
        self.outcomes: dict[str, AutogradeOutcome] = {}
        self.done = self.skipped = 0
        self._gradebooks: dict[str, Any] = {}
        self.total = 0
        self.started = time.monotonic()

    def run(self, todo: list[str], workers: int, resume: bool) -> list[AutogradeOutcome]:
        self.total = len(todo)
        fingerprints = {}
        candidates = []
        for trainee in todo:
            folder = self.root / "submitted" / trainee / self.assignment
            fingerprints[trainee] = _fingerprint(folder) if folder.is_dir() else ""
            if resume and self._already_graded(trainee, fingerprints[trainee]):
                continue
            candidates.append(trainee)
        pool = self._start_pool(min(workers, len(candidates))) if candidates else []
        try:
            # Inspection runs while the workers import nbgrader: neither waits for the other.
            pending = [t for t in candidates if self._inspect(t, fingerprints[t])]
            _save_log(self.root, self.log)
            for trainee in todo:
                if self.outcomes[trainee].status in ("resumed", "failed"):
                    self.skipped += 1
                    self._report(self.outcomes[trainee])
            if pending:
                self._grade(pool, pending)
        finally:
            for worker in pool:
                worker.stop()
            for gradebook in self._gradebooks.values():
                gradebook.close()
        return [self.outcomes[trainee] for trainee in todo]

    def _already_graded(self, trainee: str, fingerprint: str) -> bool:
        previous = self.entries.get(trainee)
        if not (
            previous
            and previous.get("status") == "graded"
            and previous.get("fingerprint") == fingerprint
            and _score(self.db_url, self.assignment, trainee) is not None
        ):
            return False
        self.outcomes[trainee] = AutogradeOutcome(
            **{**previous, "status": "resumed", "flags": tuple(previous.get("flags", ()))}
        )
        return True

    def _inspect(self, trainee: str, fingerprint: str) -> bool:
        """Record what is wrong with a submission; True when it can be graded."""
        folder = self.root / "submitted" / trainee / self.assignment
        fatal, flags = None, []
        for notebook in sorted((self.root / "release" / self.assignment).glob("*.ipynb")):
            inspection = inspect_submission(notebook, folder / notebook.name, self.allow_code)
            fatal = fatal or inspection.fatal
            flags += inspection.flags
        status = "failed" if fatal else "pending"
        outcome = AutogradeOutcome(
            trainee, status, None, None, fatal or "", 0.0, tuple(flags), fingerprint
        )
        self.outcomes[trainee] = outcome
        if fatal:
            self.entries[trainee] = asdict(outcome)
        return not fatal

    def _report(self, outcome: AutogradeOutcome) -> None:
        self.done += 1
        if self.progress:
            graded = self.done - self.skipped
            eta = None
            if graded > 0:
                eta = (time.monotonic() - self.started) / graded * (self.total - self.done)
            self.progress(outcome, self.done, self.total, eta)

    def _finish(self, trainee: str, outcome: AutogradeOutcome) -> None:
        self.outcomes[trainee] = outcome
        self.entries[trainee] = asdict(outcome)
        _save_log(self.root, self.log)
        self._report(outcome)

    def _gradebook(self, url: str):
        """An open gradebook, kept for the batch (closed by ``run``)."""
        from nbgrader.api import Gradebook

        if url not in self._gradebooks:
            self._gradebooks[url] = Gradebook(url)
        return self._gradebooks[url]

    def _collect(self, result: dict, pending: AutogradeOutcome, worker: _Worker):
        trainee = pending.trainee
        # code in answer cells was already flagged by the inspection before grading
        flags = list(pending.flags)
        autograded = self.root / "autograded" / trainee / self.assignment
        for notebook in sorted(autograded.glob("*.ipynb")):
            flags += answer_cell_errors(notebook)
        score = None
        if result["ok"]:
            from nbgrader.api import MissingEntry

            worker_url = f"sqlite:///{self.root / WORK_DIR / f'gradebook-{worker.index}.db'}"
            try:
                score = merge_submission(
                    self._gradebook(worker_url),
                    self._gradebook(self.db_url),
                    self.assignment,
                    trainee,
                )
            except MissingEntry:
                score = None
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

    def _start_pool(self, size: int) -> list[_Worker]:
        work = self.root / WORK_DIR
        work.mkdir(exist_ok=True)
        self.results: queue.Queue = queue.Queue()
        extra = ["--AnswerCellGuard.enabled=False"] if self.allow_code else []
        pool = []
        for index in range(size):
            worker_db = work / f"gradebook-{index}.db"
            shutil.copyfile(self.root / "gradebook.db", worker_db)
            args = [
                sys.executable, "-m", "simsuite.grading.worker",
                "--assignment", self.assignment,
                "--db-url", f"sqlite:///{worker_db}",
                "--cell-timeout", str(max(1, int(self.timeout))),
                "--memory-mb", str(self.memory_mb),
                *(f"--nbgrader-arg={arg}" for arg in extra),
            ]  # fmt: skip
            pool.append(_Worker(index, args, self.grading_dir, self.results))
        return pool

    def _grade(self, pool: list[_Worker], pending: list[str]) -> None:
        jobs = list(pending)
        remaining = len(jobs)
        retried: set[str] = set()
        backstop = self.timeout + min(30, self.timeout)

        def feed(worker: _Worker) -> None:
            worker.job = None
            if jobs and worker.ready:
                worker.send(jobs.pop(0))

        for worker in pool:
            feed(worker)  # workers that became ready during inspection
        while remaining:
            try:
                worker, process, result = self.results.get(timeout=1.0)
            except queue.Empty:
                worker = process = result = None
            if worker is not None and process is worker.process:
                trainee = worker.job
                if result is not None and result.get("ready"):
                    worker.ready = True
                    feed(worker)
                elif result is None:  # the worker died under a job: restart it
                    if trainee is not None:
                        reason = _("the grading process ended unexpectedly")
                        self._finish(
                            trainee, _failed(self.outcomes[trainee], reason, worker.started)
                        )
                        remaining -= 1
                    worker.start()
                elif (
                    trainee is not None
                    and result.get("trainee") == trainee
                    and not result["ok"]
                    and _KERNEL_START_FAILURE in result["log"]
                    and trainee not in retried
                ):
                    # a kernel that fails to start on a loaded machine is not the trainee's
                    # doing: one more try before recording a failure
                    retried.add(trainee)
                    jobs.insert(0, trainee)
                    feed(worker)
                elif trainee is not None and result.get("trainee") == trainee:
                    self._finish(trainee, self._collect(result, self.outcomes[trainee], worker))
                    remaining -= 1
                    feed(worker)
            now = time.monotonic()
            for worker in pool:
                # nbgrader's own cell time-out should fire first; this is the backstop
                if worker.job is not None and now - worker.started > backstop:
                    trainee = worker.job
                    worker.kill()
                    reason = _("time limit of {s:g} s per submission exceeded").format(
                        s=self.timeout
                    )
                    self._finish(trainee, _failed(self.outcomes[trainee], reason, worker.started))
                    remaining -= 1
                    worker.job = None
                    worker.start()


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
