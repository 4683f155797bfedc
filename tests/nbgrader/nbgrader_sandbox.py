"""A throw-away nbgrader course: its own course root, exchange and copy of the sources.

Shared by the nbgrader end-to-end tests and the autograde benchmark.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from simsuite.course.build import build_course, load_course, write_course_sources
from simsuite.course.variants import (
    PREVIEW_SECRET,
    PREVIEW_TRAINEE,
    SECRET_FILE_NAME,
    load_secret,
)

#: A course secret to use instead of a random one: the secret a failed test reports (see
#: tests/conftest.py), to draw that run's cases again.
REPLAY_SECRET_ENV = "SIMSUITE_TEST_SECRET"
BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Course:
    root: Path
    exchange: Path
    exercises: Path
    grading: Path
    env: dict

    def run(self, *args, cwd=None, env=None, check=True):
        result = subprocess.run(
            [str(BIN / args[0]), *args[1:]],
            cwd=cwd or self.grading,
            env=env or self.env,
            capture_output=True,
            text=True,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def nbgrader(self, *args, **kwargs):
        return self.run("nbgrader", *args, **kwargs)

    def simsuite(self, *args, **kwargs):
        return self.run("simsuite", *args, **kwargs)

    @property
    def secret(self) -> bytes:
        return load_secret(self.root)

    def released(self, assignment: str) -> Path:
        return self.root / "release" / assignment / f"{assignment}.ipynb"

    def submission(self, trainee: str, assignment: str) -> Path:
        return self.root / "submitted" / trainee / assignment / f"{assignment}.ipynb"


def make_course(tmp: Path, roster: list[str] | None) -> Course:
    """The public preview in ``tmp/exercises`` (as the tracked exercises/), and the roster's
    sources in the course folder's ``source/``, as ``simsuite course variants`` writes them
    (without a roster: the preview's)."""
    root, exchange, exercises = tmp / "course", tmp / "exchange", tmp / "exercises"
    exchange.mkdir(parents=True)
    root.mkdir(mode=0o700)
    build_course(REPO / "grading" / "course.yaml", exercises)
    course = load_course(REPO / "grading" / "course.yaml")
    if roster is not None:
        if os.environ.get(REPLAY_SECRET_ENV):
            (root / SECRET_FILE_NAME).write_text(os.environ[REPLAY_SECRET_ENV])
        write_course_sources(course, root / "source", roster, load_secret(root, create=True))
    else:
        write_course_sources(course, root / "source", [PREVIEW_TRAINEE], PREVIEW_SECRET)
    env = {
        **os.environ,
        "SIMSUITE_COURSE_ROOT": str(root),
        "SIMSUITE_EXCHANGE_ROOT": str(exchange),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("SIMSUITE_COURSE_SECRET", None)
    return Course(root, exchange, exercises, REPO / "grading", env)


def trainee_scenario(secret: bytes, assignment: str, trainee: str, lang: str = "en"):
    """The scenario (public part and key) a trainee gets in one of the course's assignments."""
    from simsuite.course.variants import variant_scenario

    course = load_course(REPO / "grading" / "course.yaml")
    return variant_scenario(course.assignment(assignment), secret, trainee, lang)


def trainee_form(secret: bytes, trainee: str, phase: str) -> str:
    """The test form (A or B) a trainee takes in the pre- or post-test."""
    from simsuite.activities.quiz.activity import form_of
    from simsuite.course.variants import trainee_seed

    return form_of(trainee_seed(secret, trainee), phase)


# The exchange (fetch_assignment, submit, collect) is nbgrader's own and the same for every
# assignment: test_variants_cycle.py and test_guide.py run it through the CLI. The tests of one
# exercise type hand the released files out and the answers in as those commands do, which
# spares three nbgrader start-ups (about 3 s each) per trainee and assignment.


def hand_out(course: Course, assignment: str, home: Path) -> Path:
    """What ``nbgrader fetch_assignment`` gives a trainee: the released folder, in their home."""
    folder = home / assignment
    shutil.copytree(course.root / "release" / assignment, folder)
    return folder


def hand_in(course: Course, assignment: str, trainee: str, folder: Path) -> Path:
    """What ``nbgrader submit`` and ``collect`` put in the course: the trainee's folder, with
    the time it was handed in."""
    target = course.root / "submitted" / trainee / assignment
    shutil.copytree(folder, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    (target / "timestamp.txt").write_text(now)
    return target
