"""Parallel, resumable autograde on top of nbgrader; one bad submission never stops a batch.

Each submission is inspected first (:func:`guard.inspect_submission`, which runs the same
rebuild from the release and the same answer rule as the grader): a submission that cannot be
graded is recorded with its reason and skipped. The rest go to N worker processes
(:mod:`simsuite.grading.worker`), each running nbgrader's own autograde app on its own copy of
the gradebook; the controller merges each result into the course gradebook as soon as it
arrives and writes the log, so an interrupted batch resumes where it stopped.

Every outcome has a reason, and every exception while inspecting, grading or merging one
trainee's work is recorded for that trainee (kind and message) while the batch goes on. A
worker that exceeds the per-submission time limit is killed with its kernel and replaced; a
worker that dies before it is ready is started again a bounded number of times, then the
submissions left are recorded as failed with the reason. Ctrl-C stops cleanly: what is graded
is kept, the graders are stopped, and :class:`AutogradeInterrupted` says how far it got.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import queue
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from simsuite.errors import UserInputError
from simsuite.grading.course_dir import (
    LOG_NAME,
    MAX_MEMORY_MB,
    MAX_TIMEOUT,
    MAX_WORKERS,
    MIN_MEMORY_MB,
    course_config,
    course_root,
)
from simsuite.grading.guard import answer_cell_errors, hidden_test_errors, inspect_submission
from simsuite.grading.rebuild import unreleased_files
from simsuite.i18n import _

_KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"
WORK_DIR = ".autograde"
#: A worker that dies this many times in a row before it is ready is given up.
MAX_START_ATTEMPTS = 3
#: A submission folder larger than this is not copied or graded (a notebook and a few files).
MAX_SUBMISSION_BYTES = 100 * 1024 * 1024
DEFAULT_CELL_TIMEOUT = 30.0  # nbgrader's own default for Execute.timeout
GRACE_SECONDS = 60.0  # past --timeout, before a grader that is still busy is killed


@dataclass(frozen=True)
class AutogradeOutcome:
    trainee: str
    status: str  # "graded", "failed" (could not be graded) or "resumed" (done before)
    score: float | None
    max_score: float | None
    reason: str  # never empty: why it failed, what was flagged, or that all went as released
    seconds: float
    flags: tuple[str, ...] = field(default_factory=tuple)
    fingerprint: str = ""


class AutogradeInterrupted(Exception):
    """The batch was stopped (Ctrl-C, SIGTERM); what was graded is saved."""

    def __init__(self, outcomes: list[AutogradeOutcome], remaining: int):
        self.outcomes = outcomes
        self.remaining = remaining
        super().__init__(f"interrupted with {remaining} submission(s) left")


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


def configured_cell_timeout(grading_dir: Path) -> float:
    """nbgrader's per-cell time limit (``Execute.timeout``) as the course configures it."""
    value = course_config(grading_dir).get("Execute", {}).get("timeout", DEFAULT_CELL_TIMEOUT)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return DEFAULT_CELL_TIMEOUT
    return value if math.isfinite(value) and value > 0 else DEFAULT_CELL_TIMEOUT


def check_limits(timeout: float, memory_mb: int, workers: int | None) -> None:
    """The batch's limits, checked at the edge (the command line gives the same messages)."""
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise UserInputError(_("The time limit must be a number."), where="--timeout")
    if not math.isfinite(timeout) or not 0 < timeout <= MAX_TIMEOUT:
        raise UserInputError(
            _("Not a usable time limit: {value}.").format(value=timeout),
            where="--timeout",
            allowed=_("seconds per submission, more than 0 and at most {max:g}").format(
                max=MAX_TIMEOUT
            ),
        )
    if (
        isinstance(memory_mb, bool)
        or not isinstance(memory_mb, int)
        or not (memory_mb == 0 or MIN_MEMORY_MB <= memory_mb <= MAX_MEMORY_MB)
    ):
        raise UserInputError(
            _("Not a usable memory limit: {value}.").format(value=memory_mb),
            where="--memory-mb",
            allowed=_("0 (no limit) or MiB from {min} to {max}").format(
                min=MIN_MEMORY_MB, max=MAX_MEMORY_MB
            ),
        )
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS
    ):
        raise UserInputError(
            _("Not a usable number of workers: {value}.").format(value=workers),
            where="--workers",
            allowed=_("1 to {max}").format(max=MAX_WORKERS),
        )


def submitted_trainees(root: Path, assignment: str) -> list[str]:
    folder = root / "submitted"
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir() if (p / assignment).is_dir() and not p.is_symlink()
    )


class SubmissionProblem(Exception):
    """A submission folder that must not be copied or graded; the message says why."""


def fingerprint(folder: Path, limit: int = MAX_SUBMISSION_BYTES) -> str:
    """A hash of a submission's files (a resubmission is graded again, an unchanged one not).

    Reads regular files only and never follows a link; a link, a special file (a pipe would
    block nbgrader's copy for ever) or a folder above ``limit`` bytes is a SubmissionProblem.
    """
    digest = hashlib.sha256()
    total = 0
    entries = []
    for directory, subdirectories, files in os.walk(folder, followlinks=False):
        subdirectories.sort()
        for name in sorted(files) + [
            d for d in subdirectories if (Path(directory) / d).is_symlink()
        ]:
            entries.append(Path(directory) / name)
    for path in sorted(entries):
        relative = path.relative_to(folder)
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise SubmissionProblem(
                _("the submission holds a link ({path}); links are not graded").format(
                    path=relative
                )
            )
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionProblem(
                _("the submission holds a special file ({path})").format(path=relative)
            )
        total += info.st_size
        if total > limit:
            raise SubmissionProblem(
                _("the submission is larger than {mb:.0f} MB").format(mb=limit / 2**20)
            )
        digest.update(str(relative).encode("utf-8", "surrogateescape"))
        with open(path, "rb") as handle:
            for block in iter(lambda handle=handle: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def _error_text(error: BaseException) -> str:
    """Kind and message of an unexpected exception, for the trainee's log entry."""
    message = " ".join(str(error).split())[:300]
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _reason(log: str) -> str:
    """The most telling line of nbgrader's log for the instructor, in plain words."""
    if _KERNEL_START_FAILURE in log:
        return _("the kernel did not start (the machine may be short of memory): {detail}").format(
            detail=_KERNEL_START_FAILURE
        )
    if "DeadKernelError" in log or "Kernel died" in log:
        return _(
            "the kernel died while running the notebook (it may have ended itself or run out "
            "of memory)"
        )
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
    except BaseException:
        target.db.rollback()
        raise
    finally:
        source.db.rollback()


_UNTELLING_LINE = re.compile(
    r"^(SystemExit(: .*)?|Error in sitecustomize.*|Python runtime state:.*"
    r"|Traceback \(most recent call last\):)$"
)


class _Worker:
    """One worker process and the thread that reads its answers."""

    def __init__(self, index: int, args: list[str], cwd: Path, results: queue.Queue, logs: Path):
        self.index = index
        self.args = args
        self.cwd = cwd
        self.results = results
        self.log_path = logs / f"worker-{index}.log"
        self.job: str | None = None
        self.ready = False
        self.started = 0.0
        self.failed_starts = 0  # deaths without a job (before ready, or idle), in a row
        self.process: subprocess.Popen | None = None
        self.start()

    @property
    def given_up(self) -> bool:
        return self.failed_starts >= MAX_START_ATTEMPTS

    def start(self) -> None:
        self.ready = False
        with open(self.log_path, "wb") as stderr:
            self.process = subprocess.Popen(
                self.args,
                cwd=self.cwd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                env=nbgrader_env(),
                start_new_session=True,  # its own process group: Ctrl-C is the controller's
            )
        process = self.process
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def last_words(self) -> str:
        """The last line the worker wrote to stderr (why it could not start)."""
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""
        # "SystemExit: 1" (and Python's note about a failing sitecustomize) say that it stopped,
        # not why: the line before them does
        # and a traceback's header and indented frames say where, not why
        telling = [
            line
            for line in lines.splitlines()
            if line.strip() and not line[0].isspace() and not _UNTELLING_LINE.match(line)
        ]
        # the interpreter's own "Fatal Python error" only when the worker said nothing itself
        own = [line for line in telling if not line.startswith("Fatal Python error")]
        return (own or telling or [""])[-1][:300]

    def _read(self, process: subprocess.Popen) -> None:
        assert process.stdout is not None
        try:
            for line in process.stdout:
                try:
                    self.results.put((self, process, json.loads(line)))
                except ValueError:
                    continue
        except (OSError, ValueError):  # the pipe closed under us while stopping
            pass
        self.results.put((self, process, None))  # the process ended

    def send(self, trainee: str) -> None:
        assert self.process is not None and self.process.stdin is not None
        self.job, self.started = trainee, time.monotonic()
        self.process.stdin.write(trainee + "\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        """SIGTERM first (the worker kills its kernels, in sessions of their own), then
        SIGKILL to the worker's whole process group."""
        if self.process and self.process.poll() is None:
            try:
                self.process.terminate()
                self.process.wait(timeout=5)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                pass
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            assert self.process.stdin is not None
            try:
                self.process.stdin.close()
                self.process.wait(timeout=30)
            except (subprocess.TimeoutExpired, OSError):
                self.kill()


def _load_log(root: Path) -> dict:
    path = root / LOG_NAME
    if not path.exists():
        return {}
    try:
        log = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError, RecursionError):
        return {}
    return log if isinstance(log, dict) else {}


def _save_log(root: Path, log: dict) -> None:
    path = root / LOG_NAME
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(log, indent=1, sort_keys=True), encoding="utf-8")
    temporary.replace(path)  # atomic: an interrupted batch never leaves half a log


def _is_trainee_id(name: str) -> bool:
    from simsuite.course.variants import check_trainee

    try:
        check_trainee(name, "submitted")
    except UserInputError:
        return False
    return True


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

    ``timeout`` is the time allowed per submission; nbgrader's per-cell limit
    (``Execute.timeout`` of the course's configuration) applies inside it, lowered to
    ``timeout`` if larger. ``allow_code`` switches the answer-cell guard off, for exercises whose
    answers are code; the rebuild from the release and the limits still apply. Raises
    :class:`AutogradeInterrupted` after a clean stop on Ctrl-C.
    """
    from simsuite.course.course import check_name
    from simsuite.course.variants import check_trainee

    check_limits(timeout, memory_mb, workers)
    workers = default_workers() if workers is None else workers
    check_name(assignment, "assignment", _("assignment name"))
    grading_dir = Path(grading_dir).resolve()
    root = course_root(grading_dir)
    if trainees is not None:
        todo = [check_trainee(t, "--student") for t in dict.fromkeys(trainees)]
    else:
        todo = submitted_trainees(root, assignment)
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
    if not (root / "gradebook.db").is_file():
        raise UserInputError(
            _("The course has no gradebook yet: run `nbgrader generate_assignment` first."),
            where=str(root / "gradebook.db"),
        )
    cell_timeout = min(configured_cell_timeout(grading_dir), float(timeout))
    batch = _Batch(
        grading_dir, root, assignment, timeout, cell_timeout, memory_mb, allow_code, progress
    )
    return batch.run(todo, workers, resume)


class _Batch:
    """One autograde run: inspection, the worker pool, merging, the log and progress."""

    def __init__(
        self, grading_dir, root, assignment, timeout, cell_timeout, memory_mb, allow_code, progress
    ):
        self.grading_dir = grading_dir
        self.root = root
        self.assignment = assignment
        self.timeout = timeout
        self.cell_timeout = cell_timeout
        self.memory_mb = memory_mb
        self.allow_code = allow_code
        self.progress = progress
        self.db_url = f"sqlite:///{root / 'gradebook.db'}"
        self.log = _load_log(root)
        entries = self.log.get(assignment)
        self.entries = entries if isinstance(entries, dict) else {}
        self.log[assignment] = self.entries
        self.outcomes: dict[str, AutogradeOutcome] = {}
        self.done = self.skipped = 0
        self._gradebooks: dict[str, Any] = {}
        self.total = 0
        self.started = time.monotonic()

    def run(self, todo: list[str], workers: int, resume: bool) -> list[AutogradeOutcome]:
        self.total = len(todo)
        pool: list[_Worker] = []
        try:
            fingerprints = {}
            candidates = []
            for trainee in todo:
                fingerprints[trainee] = self._fingerprint(trainee)
                if resume and self._already_graded(trainee, fingerprints[trainee]):
                    continue
                candidates.append(trainee)
            pool = self._start_pool(min(workers, len(candidates))) if candidates else []
            # Inspection runs while the workers import nbgrader: neither waits for the other.
            pending = [t for t in candidates if self._inspect(t, fingerprints[t])]
            _save_log(self.root, self.log)
            for trainee in todo:
                if self.outcomes[trainee].status in ("resumed", "failed"):
                    self.skipped += 1
                    self._report(self.outcomes[trainee])
            if pending:
                self._grade(pool, pending)
        except KeyboardInterrupt:
            for worker in pool:
                worker.kill()
            pool = []
            _save_log(self.root, self.log)
            finished = [
                o for o in self.outcomes.values() if o.status in ("graded", "failed", "resumed")
            ]
            raise AutogradeInterrupted(finished, self.total - len(finished)) from None
        finally:
            for worker in pool:
                worker.stop()
            for gradebook in self._gradebooks.values():
                try:
                    gradebook.close()
                except Exception:  # closing after an interrupted commit: nothing left to save
                    pass
        return [self.outcomes[trainee] for trainee in todo]

    def _folder(self, trainee: str) -> Path:
        return self.root / "submitted" / trainee / self.assignment

    def _fingerprint(self, trainee: str) -> str | SubmissionProblem:
        folder = self._folder(trainee)
        if not folder.is_dir() or folder.is_symlink():
            return ""
        try:
            return fingerprint(folder)
        except SubmissionProblem as problem:
            return problem
        except OSError as error:
            return SubmissionProblem(
                _("cannot be read ({reason})").format(reason=_error_text(error))
            )

    def _already_graded(self, trainee: str, fingerprint: str | SubmissionProblem) -> bool:
        previous = self.entries.get(trainee)
        if not (
            isinstance(previous, dict)
            and isinstance(fingerprint, str)
            and previous.get("status") == "graded"
            and previous.get("fingerprint") == fingerprint
            and _score(self.db_url, self.assignment, trainee) is not None
        ):
            return False
        try:
            self.outcomes[trainee] = AutogradeOutcome(
                **{**previous, "status": "resumed", "flags": tuple(previous.get("flags", ()))}
            )
        except TypeError:  # a log entry of an older shape: grade it again
            return False
        return True

    def _inspect(self, trainee: str, fingerprint: str | SubmissionProblem) -> bool:
        """Record what is wrong with a submission; True when it can be graded."""
        folder = self._folder(trainee)
        fatal, flags = None, []
        try:
            if not _is_trainee_id(trainee):
                fatal = _("{id!r} is not a valid trainee id (folder name in submitted/)").format(
                    id=trainee
                )
            elif not folder.is_dir() or folder.is_symlink():
                fatal = _("no submission folder {path}").format(path=folder)
            elif isinstance(fingerprint, SubmissionProblem):
                fatal = str(fingerprint)
            else:
                release = self.root / "release" / self.assignment
                for notebook in sorted(release.glob("*.ipynb")):
                    inspection = inspect_submission(
                        notebook, folder / notebook.name, self.allow_code
                    )
                    fatal = fatal or inspection.fatal
                    flags += inspection.flags
                flags += [
                    _("file not in the release, removed before grading: {path}").format(path=path)
                    for path in unreleased_files(folder, release)
                ]
        except Exception as error:  # one submission's surprise is recorded, never the batch's end
            fatal = _("could not be inspected ({error})").format(error=_error_text(error))
        fingerprint = fingerprint if isinstance(fingerprint, str) else ""
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
            try:
                self.progress(outcome, self.done, self.total, eta)
            except (BrokenPipeError, OSError):  # the progress stream went away: grade on
                self.progress = None

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
        # what the rebuild and the guard did was already flagged by the inspection
        flags = list(pending.flags)
        autograded = self.root / "autograded" / trainee / self.assignment
        broken: list[str] = []
        for notebook in sorted(autograded.glob("*.ipynb")):
            flags += answer_cell_errors(notebook, self.cell_timeout)
            broken += hidden_test_errors(notebook)
        if broken and not self.allow_code:
            # no trainee code ran: a failing hidden test is the grader's fault, not a zero
            return AutogradeOutcome(
                trainee,
                "failed",
                None,
                None,
                "; ".join(broken),
                float(result.get("seconds", 0.0)),
                tuple(flags),
                pending.fingerprint,
            )
        flags += broken  # with --allow-code a trainee's code may have broken them
        score = None
        if result.get("ok"):
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
        seconds = float(result.get("seconds", 0.0))
        if score is None:
            return AutogradeOutcome(
                trainee,
                "failed",
                None,
                None,
                _reason(str(result.get("log", ""))),
                seconds,
                tuple(flags),
                pending.fingerprint,
            )
        return AutogradeOutcome(
            trainee,
            "graded",
            score[0],
            score[1],
            "; ".join(flags) if flags else _("graded as released: nothing to report"),
            seconds,
            tuple(flags),
            pending.fingerprint,
        )

    def _start_pool(self, size: int) -> list[_Worker]:
        work = self.root / WORK_DIR
        work.mkdir(mode=0o700, exist_ok=True)
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
                "--cell-timeout", f"{self.cell_timeout:g}",
                "--memory-mb", str(self.memory_mb),
                "--parent-pid", str(os.getpid()),
                *(f"--nbgrader-arg={arg}" for arg in extra),
            ]  # fmt: skip
            pool.append(_Worker(index, args, self.grading_dir, self.results, work))
        return pool

    def _grade(self, pool: list[_Worker], pending: list[str]) -> None:
        jobs = list(pending)
        remaining = len(jobs)
        retried: set[str] = set()
        # nbgrader's own cell time-out should stop a cell first; the backstop leaves it (and a
        # kernel starting on a busy machine) a grace period before killing the grader
        backstop = self.timeout + max(GRACE_SECONDS, self.timeout / 2)

        def feed(worker: _Worker) -> None:
            worker.job = None
            if jobs and worker.ready:
                worker.send(jobs.pop(0))

        def finish(trainee: str, outcome: AutogradeOutcome) -> None:
            nonlocal remaining
            self._finish(trainee, outcome)
            remaining -= 1

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
                elif result is None:  # the worker ended
                    process.wait()
                    if trainee is not None:
                        reason = _("the grading process ended unexpectedly ({detail})").format(
                            detail=worker.last_words() or _("no message")
                        )
                        finish(trainee, _failed(self.outcomes[trainee], reason, worker.started))
                        worker.job = None
                    else:  # died before it was ready, or idle: not a trainee's doing
                        worker.failed_starts += 1
                    if not worker.given_up:
                        worker.start()
                elif trainee is not None and result.get("trainee") == trainee:
                    worker.failed_starts = 0  # it graded: a later death starts a new count
                    if (
                        not result.get("ok")
                        and _KERNEL_START_FAILURE in str(result.get("log", ""))
                        and trainee not in retried
                    ):
                        # a kernel that fails to start on a loaded machine is not the trainee's
                        # doing: one more try before recording a failure
                        retried.add(trainee)
                        jobs.insert(0, trainee)
                    else:
                        try:
                            outcome = self._collect(result, self.outcomes[trainee], worker)
                        except Exception as error:  # recorded for this trainee; the batch goes on
                            outcome = _failed(
                                self.outcomes[trainee],
                                _("could not be recorded ({error})").format(
                                    error=_error_text(error)
                                ),
                                worker.started,
                            )
                        finish(trainee, outcome)
                    feed(worker)
            if pool and all(w.given_up for w in pool):
                reason = _(
                    "no grading process could start ({detail}); check --memory-mb and the "
                    "course's nbgrader_config.py"
                ).format(detail=pool[0].last_words() or _("no message"))
                for trainee in jobs:
                    finish(trainee, _failed(self.outcomes[trainee], reason, time.monotonic()))
                jobs.clear()
            now = time.monotonic()
            for worker in pool:
                if worker.job is not None and now - worker.started > backstop:
                    trainee = worker.job
                    worker.kill()
                    reason = _(
                        "time limit of {s:g} s per submission exceeded (with {grace:g} s of grace)"
                    ).format(s=self.timeout, grace=backstop - self.timeout)
                    finish(trainee, _failed(self.outcomes[trainee], reason, worker.started))
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
