"""Stopping a batch: Ctrl-C stops cleanly, and no grader outlives its controller, even after
SIGKILL of the controller's process group; a re-run then resumes without duplicates.

Submissions that loop (answers as code, ``--allow-code``) keep graders and kernels busy while the
batch is stopped. Processes of the course are found by their command line (the workers name
the course's gradebook copies) and their working folder (kernels run in the course's
autograded folders).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from nbgrader_sandbox import BIN, make_course, trainee_scenario

from simsuite.analytics.simulate import fill_answers

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

CASE = "identification_case"
LOOPERS = ("loop1", "loop2", "loop3")
ROSTER = ("quick", *LOOPERS)


def course_processes(root: Path) -> list[int]:
    """Processes working for this course: graders and their kernels."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            cwd = os.readlink(f"/proc/{entry}/cwd")
        except OSError:
            continue
        if "simsuite.grading.worker" in command and str(root) in command:
            found.append(int(entry))
        elif "ipykernel" in command and cwd.startswith(str(root)):
            found.append(int(entry))
    return found


def wait_for(condition, what: str, limit: float = 600.0):
    """Poll until ``condition()`` is true (the machine may be busy: a generous limit)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def course(tmp_path):
    course = make_course(tmp_path, list(ROSTER))
    course.nbgrader("generate_assignment", CASE, "--force")
    key = trainee_scenario(course.secret, CASE, "quick").key
    answers = {
        "quick": f"indicators_seen = {set(key.present)!r}\npresumed_victim = {key.presumed_victim}"
        f"\nnext_steps = {set(key.next_steps)!r}"
    }
    for trainee in LOOPERS:
        answers[trainee] = "while True:\n    pass"
    for trainee, source in answers.items():
        fill_answers(course.released(CASE), course.submission(trainee, CASE), {"answer": source})
    return course


def start(course, *extra) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "simsuite"), "course", "autograde", CASE, "--allow-code",
            "--workers", "2", *extra,
        ],
        cwd=course.grading, env=course.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,  # its own process group, as in a terminal
        # and Ctrl-C's default action, as in a terminal: a suite started in the background
        # (`make test &`) passes SIGINT on ignored, and Python keeps an ignored SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip


def _is_kernel(pid: int) -> bool:
    try:
        return b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # it ended meanwhile
        return False


def busy(course):
    """Wait until a submission is being graded by a live kernel."""
    wait_for(
        lambda: any(_is_kernel(pid) for pid in course_processes(course.root)),
        "a kernel grading a submission",
    )


def log(course) -> dict:
    path = course.root / "autograde_log.json"
    return json.loads(path.read_text()).get(CASE, {}) if path.exists() else {}


def test_ctrl_c_stops_cleanly_and_keeps_what_is_graded(course):
    process = start(course, "--timeout", "600")
    busy(course)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    out, err = process.communicate(timeout=300)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "Stopped:" in err and "run the same command again" in err
    wait_for(lambda: not course_processes(course.root), "every grader and kernel to end", 120)
    saved = log(course)
    assert all(entry["status"] in ("graded", "failed") for entry in saved.values())
    again = subprocess.run(
        [str(BIN / "simsuite"), "course", "autograde", CASE, "--allow-code", "--timeout", "15"],
        cwd=course.grading, env=course.env, capture_output=True, text=True,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    counts = json.loads(again.stdout)
    assert counts["resumed"] == sum(1 for e in saved.values() if e["status"] == "graded")
    final = log(course)
    assert final["quick"]["status"] == "graded" and final["quick"]["score"] == 5
    for trainee in LOOPERS:
        assert final[trainee]["score"] == 0
        assert any("time limit" in flag for flag in final[trainee]["flags"]) or (
            "time limit" in final[trainee]["reason"]
        )


def test_no_grader_outlives_a_killed_controller(course):
    process = start(course, "--timeout", "600")
    busy(course)
    before = course_processes(course.root)
    assert len(before) >= 2  # graders and at least one kernel
    os.killpg(process.pid, signal.SIGKILL)  # the controller's whole process group, no cleanup
    process.wait(timeout=60)
    wait_for(lambda: not course_processes(course.root), "graders and kernels to end", 120)
    again = subprocess.run(
        [str(BIN / "simsuite"), "course", "autograde", CASE, "--allow-code", "--timeout", "15"],
        cwd=course.grading, env=course.env, capture_output=True, text=True,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gradebook:
        ids = sorted(s.student.id for s in gradebook.assignment_submissions(CASE))
    assert ids == sorted(ROSTER)  # every trainee once: no duplicate, nothing lost
    assert log(course)["quick"]["score"] == 5
