"""Autograde through nbgrader's own CLI, one trainee at a time, recording every failure.

A malformed or crashing submission never stops the batch: nbgrader is run per trainee in its
own process and whatever went wrong is recorded, with its reason, in ``autograde_log.json``
beside the gradebook.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from simsuite.errors import UserInputError
from simsuite.i18n import _

LOG_NAME = "autograde_log.json"


@dataclass(frozen=True)
class AutogradeOutcome:
    trainee: str
    status: str  # "graded" or "failed"
    score: float | None
    max_score: float | None
    reason: str
    seconds: float


def nbgrader_command() -> list[str]:
    return [str(Path(sys.executable).with_name("nbgrader"))]


def nbgrader_env() -> dict[str, str]:
    """nbgrader runs helper programs (alembic) by name: put this environment's bin first."""
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")])}


def course_root(grading_dir: Path) -> Path:
    """The course folder nbgrader uses, read from the course's own configuration."""
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
        raise UserInputError(
            _("Cannot read the nbgrader configuration ({reason}).").format(
                reason=probe.stderr.strip().splitlines()[-1:] or "?"
            ),
            where=str(grading_dir / "nbgrader_config.py"),
        )
    return Path(probe.stdout.strip().splitlines()[-1])


def submitted_trainees(root: Path, assignment: str) -> list[str]:
    folder = root / "submitted"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir())


_EXCEPTION_LINE = re.compile(r"^\s*((?:\w+\.)*\w*(?:Error|Exception|Timeout)\w*: .+)$", re.M)
_LOG_ERROR = re.compile(r"\[\w+\s*\|\s*ERROR\]\s*(.+)")
_GENERIC = ("There was an error processing", "Traceback", "Please see the")


def _reason(output: str) -> str:
    """The most telling line of nbgrader's log for the instructor: the exception, if any."""
    exceptions = _EXCEPTION_LINE.findall(output)
    if exceptions:
        return exceptions[-1].strip()[:500]
    errors = [e for e in _LOG_ERROR.findall(output) if not e.startswith(_GENERIC)]
    if errors:
        return errors[0].strip()[:500]
    lines = output.strip().splitlines()
    return lines[-1][:500] if lines else _("nbgrader failed without a message")


def _score(db_url: str, assignment: str, trainee: str) -> tuple[float, float] | None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, trainee)
        except MissingEntry:
            return None
        return float(submission.score), float(submission.max_score)


def autograde(
    grading_dir: str | Path,
    assignment: str,
    trainees: Sequence[str] | None = None,
    timeout: float = 300,
    progress: Callable[[AutogradeOutcome, int, int], None] | None = None,
) -> list[AutogradeOutcome]:
    grading_dir = Path(grading_dir).resolve()
    root = course_root(grading_dir)
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    todo = list(trainees) if trainees is not None else submitted_trainees(root, assignment)
    if not todo:
        raise UserInputError(
            _("No submissions of {assignment!r} to grade.").format(assignment=assignment),
            where=str(root / "submitted"),
        )
    outcomes = []
    for index, trainee in enumerate(todo, start=1):
        started = time.monotonic()
        command = nbgrader_command() + ["autograde", assignment, "--student", trainee, "--force"]
        try:
            run = subprocess.run(
                command,
                cwd=grading_dir,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                env=nbgrader_env(),
            )
            output = run.stdout + run.stderr
            failed_run = run.returncode != 0
        except subprocess.TimeoutExpired:
            output, failed_run = _("time limit of {s:g} s exceeded").format(s=timeout), True
        elapsed = round(time.monotonic() - started, 3)
        score = _score(db_url, assignment, trainee)
        if score is None or failed_run:
            outcome = AutogradeOutcome(trainee, "failed", None, None, _reason(output), elapsed)
        else:
            outcome = AutogradeOutcome(trainee, "graded", score[0], score[1], "", elapsed)
        outcomes.append(outcome)
        if progress:
            progress(outcome, index, len(todo))
    _write_log(root, assignment, outcomes)
    return outcomes


def _write_log(root: Path, assignment: str, outcomes: Sequence[AutogradeOutcome]) -> None:
    path = root / LOG_NAME
    log = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    entries = log.setdefault(assignment, {})
    for outcome in outcomes:
        entries[outcome.trainee] = asdict(outcome)
    path.write_text(json.dumps(log, indent=1, sort_keys=True), encoding="utf-8")
