"""The instructor guide works as written: its command blocks, run in order.

``docs/instructor-guide.md`` marks its runnable blocks with a first line ``# as the instructor,
…`` or ``# as a trainee, …``. This test runs them on a copy of the repository's course files,
two trainees each in their own home with the trainees' nbgrader configuration the guide has the
instructor write (the exchange and the course id reach the trainees' nbgrader only that way).
System paths are moved into the test's folder (``/srv/nbgrader/exchange``, ``/etc/jupyter``),
``sudo`` is dropped, and, since one operating-system account plays both trainees here, the
trainees' ``nbgrader submit`` and ``fetch_feedback`` get ``--student=<trainee>`` (nbgrader takes
the id from the account); nothing else is changed. The cycle's blocks run for the pre-test, the
case and the post-test, as the guide says; the trainees answer between fetching and submitting
(alice all right, bob partly).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader_sandbox import trainee_form, trainee_scenario

from simsuite.activities.quiz.bank import form_positions, load_item_bank
from simsuite.analytics.simulate import fill_answers
from simsuite.course.paths import copy_course_files

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "instructor-guide.md"
BIN = Path(sys.executable).parent
TRAINEES = ("alice", "bob")
CYCLE_EXAMPLE = "identification_case"
ASSIGNMENTS = ("pretest", "identification_case", "posttest")
BANK = load_item_bank(REPO / "grading" / "item_bank.yaml")


def guide_blocks() -> list[tuple[str, list[str]]]:
    """(marker line, command lines) of every runnable block, in order."""
    blocks = []
    for body in re.findall(r"```bash\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S):
        lines = body.strip().splitlines()
        if lines and lines[0].startswith(("# as the instructor", "# as a trainee")):
            commands = [ln.strip() for ln in lines[1:] if ln.strip() and not ln.startswith("#")]
            blocks.append((lines[0], commands))
    return blocks


class Guide:
    """Runs the guide's blocks: the instructor in the repository copy, trainees at home."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.repo = tmp / "repository"
        (self.repo / "grading").mkdir(parents=True)
        copy_course_files(REPO / "grading", self.repo / "grading")
        shutil.copytree(REPO / "exercises", self.repo / "exercises")
        (self.repo / "grading" / "roster.txt").write_text("\n".join(TRAINEES) + "\n")
        self.system = tmp / "system"  # stands for / (the exchange, /etc/jupyter)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SIMSUITE_", "JUPYTER"))
        }
        self.env["PATH"] = os.pathsep.join([str(BIN), os.environ["PATH"]])
        self.env["HOME"] = str(tmp / "home" / "instructor")
        (tmp / "home" / "instructor").mkdir(parents=True)
        self.ran: list[str] = []

    def _path(self, text: str) -> str:
        for system in ("/srv/nbgrader/exchange", "/etc/jupyter"):
            text = text.replace(system, str(self.system) + system)
        return text

    def home(self, trainee: str) -> Path:
        return self.tmp / "home" / trainee

    def trainee_env(self, trainee: str) -> dict:
        home = self.home(trainee)
        home.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in self.env.items() if not k.startswith("SIMSUITE_")}
        # a trainee's account: their own name and home, the system-wide Jupyter configuration
        env.update(HOME=str(home), LOGNAME=trainee, USER=trainee)
        env["JUPYTER_CONFIG_PATH"] = str(self.system / "etc" / "jupyter")
        return env

    def run_block(self, marker: str, commands: list[str], assignment: str) -> None:
        if marker.startswith("# as a trainee"):
            for trainee in TRAINEES:
                if "after answering" in marker:
                    self.answer(trainee, assignment)
                self._run(
                commands, self.home(trainee), self.trainee_env(trainee), assignment, trainee
            )
            return
        cwd = self.repo / "grading" if "in grading/" in marker else self.repo
        self._run(commands, cwd, self.env, assignment)

    def _run(
        self, commands: list[str], cwd: Path, env: dict, assignment: str, trainee: str = ""
    ) -> None:
        for line in commands:
            line = self._path(line.replace(CYCLE_EXAMPLE, assignment))
            words = shlex.split(line)
            if words[0] == "sudo":
                words = words[1:]
            if words[0] == "source":
                continue  # the test already runs with the environment's bin first on PATH
            if words[0] == "cd":
                cwd = (cwd / words[1]).resolve()
                continue
            if words[0] == "export":
                name, value = words[1].split("=", 1)
                self.env[name] = value
                continue
            if trainee and words[:2] in (["nbgrader", "submit"], ["nbgrader", "fetch_feedback"]):
                words.append(f"--student={trainee}")  # nbgrader reads it from the account
            result = subprocess.run(words, cwd=cwd, env=env, capture_output=True, text=True)
            self.ran.append(line)
            assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"

    def answer(self, trainee: str, assignment: str) -> None:
        """What the trainee writes: alice every answer right, bob some."""
        notebook = self.home(trainee) / assignment / f"{assignment}.ipynb"
        secret = (self.repo / "grading" / "course" / "course_secret").read_bytes().strip()
        if assignment == "identification_case":
            key = trainee_scenario(secret, assignment, trainee).key
            ticked = sorted(key.present) if trainee == "alice" else sorted(key.present)[:1]
            # bob ticks at most one indicator and gets the decision wrong: partly right on
            # every case, also one that shows no indicator
            steps = set(key.next_steps) if trainee == "alice" else set()
            decision = key.presumed_victim if trainee == "alice" else not key.presumed_victim
            sources = {
                "answer": f"indicators_seen = {set(ticked)!r}\n"
                f"presumed_victim = {decision!r}\n"
                f"next_steps = {steps!r}"
            }
        else:
            form = trainee_form(secret, trainee, "pre" if assignment == "pretest" else "post")
            positions = form_positions(BANK)
            right = positions if trainee == "alice" else positions[:3]
            sources = {
                f"answer_Q{p.number}": f"answer_Q{p.number} = {p.item(form)['key']!r}"
                for p in right
            }
        fill_answers(notebook, notebook, sources)


@pytest.fixture(scope="module")
def followed(tmp_path_factory):
    guide = Guide(tmp_path_factory.mktemp("guide"))
    blocks = guide_blocks()
    cycle = [i for i, (_marker, commands) in enumerate(blocks) if CYCLE_EXAMPLE in str(commands)]
    assert cycle == list(range(cycle[0], cycle[-1] + 1)), "the cycle's blocks are together"
    for marker, commands in blocks[: cycle[0]]:
        guide.run_block(marker, commands, CYCLE_EXAMPLE)
    for assignment in ASSIGNMENTS:
        for marker, commands in blocks[cycle[0] : cycle[-1] + 1]:
            guide.run_block(marker, commands, assignment)
    for marker, commands in blocks[cycle[-1] + 1 :]:
        guide.run_block(marker, commands, CYCLE_EXAMPLE)
    return guide


def test_the_guide_has_the_whole_cycle():
    text = " ".join(line for _marker, commands in guide_blocks() for line in commands)
    for step in (
        "simsuite course build",
        "simsuite course trainee-config",
        "simsuite course variants",
        "nbgrader generate_assignment",
        "nbgrader release_assignment",
        "nbgrader fetch_assignment",
        "nbgrader submit",
        "nbgrader collect",
        "simsuite course autograde",
        "simsuite course feedback",
        "nbgrader release_feedback",
        "nbgrader fetch_feedback",
        "simsuite course report",
    ):
        assert step in text, step


def test_every_assignment_is_graded_for_both_trainees(followed):
    root = followed.repo / "grading" / "course"
    log = json.loads((root / "autograde_log.json").read_text())
    n_items = len(form_positions(BANK))
    for assignment in ASSIGNMENTS:
        entries = log[assignment]
        assert set(entries) == set(TRAINEES)
        assert all(e["status"] == "graded" and not e["flags"] for e in entries.values()), entries
    assert log["identification_case"]["alice"]["score"] == 5
    assert 0 < log["identification_case"]["bob"]["score"] < 5
    assert log["pretest"]["alice"]["score"] == n_items
    assert log["posttest"]["bob"]["score"] == 3


def test_trainees_got_their_own_case_and_their_feedback(followed):
    for trainee in TRAINEES:
        home = followed.home(trainee)
        released = home / "identification_case" / "variants" / "cases.json"
        cases = json.loads(released.read_text())["cases"]
        assert set(cases) == set(TRAINEES)  # the roster's cases, not the public preview
        pages = list((home / "identification_case" / "feedback").rglob("*.html"))
        assert len(pages) == 1
        assert f"{trainee}:" in pages[0].read_text()
    config = (followed.system / "etc" / "jupyter" / "nbgrader_config.py").read_text()
    assert "simsuite-tip-basic" in config and str(followed.system) in config
    assert "secret" not in config.lower()


def test_the_course_folder_and_secret_are_private(followed):
    root = followed.repo / "grading" / "course"
    assert root.stat().st_mode & 0o777 == 0o700
    assert (root / "course_secret").stat().st_mode & 0o777 == 0o600


def test_the_report_is_written_from_grading(followed):
    reports = followed.repo / "grading" / "course" / "reports"
    assert (reports / "report.html").stat().st_size > 10_000
    rows = (reports / "prepost.csv").read_text()
    assert "alice" in rows and "bob" in rows


def test_nothing_tracked_was_changed(followed):
    for name in ("course.yaml", "item_bank.yaml", "nbgrader_config.py"):
        assert (followed.repo / "grading" / name).read_bytes() == (
            REPO / "grading" / name
        ).read_bytes()
    for path in (REPO / "exercises").rglob("*"):
        if path.is_file():
            copy = followed.repo / "exercises" / path.relative_to(REPO / "exercises")
            assert copy.read_bytes() == path.read_bytes(), path  # build made the same preview
    preview = followed.repo / "exercises" / "pretest" / "variants" / "cases.json"
    assert "alice" not in preview.read_text()  # the roster went to the course folder


def test_the_released_notebook_runs_in_a_kernel_without_simsuite(followed, tmp_path):
    """The trainee's side needs nothing of simsuite: the fetched notebook's cells run in a
    kernel where importing simsuite fails (as in a trainee environment built from Jupyter and
    nbgrader only), and show the trainee's own case and the form check."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class _NoSimsuite:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'simsuite' or name.startswith('simsuite.'):\n"
        "            raise ModuleNotFoundError('simsuite is not installed for trainees')\n"
        "sys.meta_path.insert(0, _NoSimsuite())\n"
    )
    folder = followed.home("alice") / "identification_case"
    executed = tmp_path / "executed.ipynb"
    env = followed.trainee_env("alice")
    env["PYTHONPATH"] = str(blocker)
    result = subprocess.run(
        [
            str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
            "--output", str(executed), str(folder / "identification_case.ipynb"),
        ],
        cwd=folder, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    notebook = nbformat.read(str(executed), as_version=4)
    # the text the trainee reads (not JSON, which escapes a line break or a quote)
    shown = "\n".join(
        output.get("text", "") + "".join(map(str, output.get("data", {}).values()))
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )
    secret = (followed.repo / "grading" / "course" / "course_secret").read_bytes().strip()
    narrative = trainee_scenario(secret, "identification_case", "alice").public.narrative
    assert narrative[:60] in shown
    assert "Every answer is in the right form" in shown or "not answered yet" in shown
    probe = subprocess.run(
        [sys.executable, "-c", "import simsuite"], env=env, capture_output=True, text=True
    )
    assert probe.returncode != 0 and "not installed for trainees" in probe.stderr
