"""Every attack on graded work, through nbgrader's real autograde: only released code runs.

Each trainee of this course is one attack (or one hostile file) of issue 8. The whole batch is
graded at once by ``simsuite course autograde`` (nbgrader's own autograde app in parallel
workers, configured by the course's ``grading/nbgrader_config.py``); one trainee is graded again
by plain ``nbgrader autograde`` to show that the course configuration protects on its own. For
every attack the test checks

* the score: exactly what the plain answers in the submission earn by the type's own rule
  (code that would have raised it never ran);
* the flag the instructor sees in ``autograde_log.json`` (and in the progress output);
* that no file outside the grader's working folder changed (a snapshot of the whole course,
  exchange and the repository's grading material before and after), and that no file an
  attack meant to write exists.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbgrader_sandbox import make_course, trainee_form, trainee_scenario
from snapshots import REPO, changed, snapshot

from simsuite.activities.quiz.bank import form_positions, load_item_bank
from simsuite.activities.registry import get_type
from simsuite.analytics.simulate import fill_answers
from simsuite.errors import UserInputError

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

CASE = "identification_case"
TEST = "pretest"
BANK = load_item_bank(REPO / "grading" / "item_bank.yaml")
N_ITEMS = len(form_positions(BANK))


@dataclass
class Submission:
    course: object
    assignment: str
    trainee: str
    stolen: Path  # where an attack would write what it stole

    @property
    def released(self) -> Path:
        return self.course.released(self.assignment)

    @property
    def path(self) -> Path:
        return self.course.submission(self.trainee, self.assignment)

    def key(self, trainee: str | None = None):
        return trainee_scenario(self.course.secret, self.assignment, trainee or self.trainee).key

    def fill(self, sources: dict[str, str]) -> nbformat.NotebookNode:
        return fill_answers(self.released, self.path, sources)

    def write(self, notebook: nbformat.NotebookNode) -> None:
        nbformat.write(notebook, str(self.path))


@dataclass(frozen=True)
class Attack:
    trainee: str
    assignment: str
    what: str  # the attack, as the issue describes it
    write: Callable[[Submission], dict]  # writes the submission; returns its plain answers
    flags: tuple[str, ...]  # what the instructor must see (substrings of the log's flags)
    fatal: str | None = None  # for a file that cannot be graded: the reason


def _partial(sub: Submission) -> dict:
    """A partly right answer of this trainee: one indicator right, the decision right."""
    key = sub.key()
    return {"indicators_seen": set(sorted(key.present)[:1]), "presumed_victim": key.presumed_victim}


def _cell(answers: dict) -> str:
    return "\n".join(f"{name} = {value!r}" for name, value in answers.items())


PATCH_GRADER = (
    "import simsuite.course.grade as grading\n"
    "grading.graded_points = lambda **kwargs: kwargs['max_points']\n"
)


def honest(sub: Submission) -> dict:
    key = sub.key()
    answers = {
        "indicators_seen": set(key.present),
        "presumed_victim": key.presumed_victim,
        "next_steps": set(key.next_steps),
    }
    sub.fill({"answer": _cell(answers)})
    return answers


def added_cell_patches_grader(sub: Submission) -> dict:
    answers = _partial(sub)
    notebook = sub.fill({"answer": _cell(answers)})
    notebook.cells.insert(3, nbformat.v4.new_code_cell(PATCH_GRADER))
    sub.write(notebook)
    return answers


def added_cell_steals_keys(sub: Submission) -> dict:
    """Reads the course secret and writes both test forms' keys where the trainee can get them."""
    notebook = sub.fill({})
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            "from pathlib import Path\n"
            "import yaml\n"
            "secret = (Path.cwd().parents[2] / 'course_secret').read_text()\n"
            "from simsuite.activities.quiz.activity import resolve_bank\n"
            "bank = yaml.safe_load(resolve_bank(None).read_text())\n"
            "keys = repr([item['key'] for item in bank['items']])\n"
            f"Path({str(sub.stolen)!r}).write_text(secret + keys)\n"
        )
    )
    sub.write(notebook)
    return {}


def added_cell_changes_folder(sub: Submission) -> dict:
    """Moves to a classmate's folder, to be scored against their key with their answer."""
    victim = sub.key("alice")
    answers = {
        "indicators_seen": set(victim.present),
        "presumed_victim": victim.presumed_victim,
        "next_steps": set(victim.next_steps),
    }
    notebook = sub.fill({"answer": _cell(answers)})
    notebook.cells.insert(
        2, nbformat.v4.new_code_cell("import os\nos.chdir('../../alice/identification_case')")
    )
    sub.write(notebook)
    return answers


def stripped_answer_metadata(sub: Submission) -> dict:
    notebook = sub.fill({"answer": PATCH_GRADER + _cell(_partial(sub))})
    notebook.cells[2].metadata = {}
    sub.write(notebook)
    return {}


def answer_no_longer_a_solution(sub: Submission) -> dict:
    notebook = sub.fill({"answer": PATCH_GRADER + _cell(_partial(sub))})
    notebook.cells[2].metadata["nbgrader"]["solution"] = False
    notebook.cells[2].metadata["nbgrader"]["grade_id"] = "answer"
    sub.write(notebook)
    return {}


def locked_cell_unlocked(sub: Submission) -> dict:
    answers = _partial(sub)
    notebook = sub.fill({"answer": _cell(answers)})
    check = next(c for c in notebook.cells if c.metadata["nbgrader"]["grade_id"] == "format_check")
    check.metadata["nbgrader"].update(locked=False, solution=True)
    check.source = PATCH_GRADER
    sub.write(notebook)
    return answers


def hidden_test_replaced(sub: Submission) -> dict:
    answers = _partial(sub)
    notebook = sub.fill({"answer": _cell(answers)})
    score = next(c for c in notebook.cells if c.metadata["nbgrader"]["grade_id"] == "score")
    score.source = "5.0"
    score.metadata["nbgrader"]["points"] = "lots"
    sub.write(notebook)
    return answers


def grade_id_is_a_list(sub: Submission) -> dict:
    notebook = sub.fill({"answer": _cell(_partial(sub))})
    notebook.cells[2].metadata["nbgrader"]["grade_id"] = ["answer"]
    sub.write(notebook)
    return {}


def unary_minus_bomb(sub: Submission) -> dict:
    sub.fill({"answer": "presumed_victim = " + "-" * 200_000 + "1"})
    return {}


def duplicated_answer(sub: Submission) -> dict:
    key = sub.key()
    notebook = sub.fill({"answer": _cell({"presumed_victim": key.presumed_victim})})
    copy_of = copy.deepcopy(notebook.cells[2])
    copy_of.source = _cell({"indicators_seen": set(key.present)})
    notebook.cells.insert(3, copy_of)
    sub.path.write_text(json.dumps(notebook))  # as edited by hand: nbformat would repair ids
    return {}


def deleted_answer(sub: Submission) -> dict:
    notebook = sub.fill({})
    del notebook.cells[2]
    sub.write(notebook)
    return {}


def planted_modules(sub: Submission) -> dict:
    """Modules beside the notebook that the grading kernel would import before the real ones."""
    answers = _partial(sub)
    sub.fill({"answer": _cell(answers)})
    folder = sub.path.parent
    evil = (
        f"from pathlib import Path\nPath({str(sub.stolen)!r}).write_text('imported')\n"
        "def graded_points(**kwargs):\n    return kwargs['max_points']\n"
    )
    (folder / "simsuite").mkdir()
    (folder / "simsuite" / "__init__.py").write_text(evil)
    (folder / "json.py").write_text(evil)
    (folder / "simsuite.py").write_text(evil)
    (folder / "simsuite_casefile.py").write_text(evil)  # a released file, edited
    return answers


def kernel_swapped(sub: Submission) -> dict:
    answers = _partial(sub)
    notebook = sub.fill({"answer": _cell(answers)})
    notebook.metadata["kernelspec"] = {"name": "bash", "display_name": "Bash", "language": "bash"}
    sub.write(notebook)
    return answers


def magic_in_answer(sub: Submission) -> dict:
    sub.fill({"answer": "!cat ../../../course_secret > " + str(sub.stolen)})
    return {}


def assigns_the_grader(sub: Submission) -> dict:
    sub.fill({"answer": "graded_points = 5.0\npresumed_victim = True"})
    return {}


def exits_the_kernel(sub: Submission) -> dict:
    sub.fill({"answer": "import sys\nsys.exit()"})
    return {}


def endless_loop_in_added_cell(sub: Submission) -> dict:
    answers = _partial(sub)
    notebook = sub.fill({"answer": _cell(answers)})
    notebook.cells.insert(1, nbformat.v4.new_code_cell("while True:\n    pass"))
    sub.write(notebook)
    return answers


def memory_hog_in_added_cell(sub: Submission) -> dict:
    answers = _partial(sub)
    notebook = sub.fill({"answer": _cell(answers)})
    notebook.cells.append(nbformat.v4.new_code_cell("block = bytearray(64 * 1024 ** 3)"))
    sub.write(notebook)
    return answers


def pretest_patches_grader(sub: Submission) -> dict:
    """Two questions right, and a cell that would give full marks on all of them."""
    form = trainee_form(sub.course.secret, sub.trainee, "pre")
    answers = {f"answer_Q{p.number}": p.item(form)["key"] for p in form_positions(BANK)[:2]}
    notebook = sub.fill({name: f"{name} = {value!r}" for name, value in answers.items()})
    notebook.cells.insert(2, nbformat.v4.new_code_cell(PATCH_GRADER))
    sub.write(notebook)
    return answers


def pretest_steals_keys(sub: Submission) -> dict:
    notebook = sub.fill({})
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            "from simsuite.activities.quiz.activity import resolve_bank\n"
            f"open({str(sub.stolen)!r}, 'w').write(resolve_bank(None).read_text())\n"
        )
    )
    sub.write(notebook)
    return {}


def wrong_type_of_value(sub: Submission) -> dict:
    """Not an attack: a value of the wrong type, which stopped every later feedback page."""
    answers = {"indicators_seen": set(sorted(sub.key().present)[:1]), "presumed_victim": "yes"}
    sub.fill({"answer": _cell(answers)})
    return answers


def binary_file(sub: Submission) -> dict:
    sub.path.parent.mkdir(parents=True, exist_ok=True)
    sub.path.write_bytes(os.urandom(4096))
    return {}


def link_to_the_secret(sub: Submission) -> dict:
    sub.fill({"answer": _cell(_partial(sub))})
    os.symlink(sub.course.root / "course_secret", sub.path.parent / "notes.txt")
    return {}


def pipe_in_submission(sub: Submission) -> dict:
    sub.fill({"answer": _cell(_partial(sub))})
    os.mkfifo(sub.path.parent / "data.csv")  # nbgrader's copy would block on it for ever
    return {}


def huge_notebook(sub: Submission) -> dict:
    notebook = sub.fill({"answer": _cell(_partial(sub))})
    notebook.cells[0].attachments = {"big.png": {"image/png": "A" * (21 * 1024 * 1024)}}
    sub.write(notebook)
    return {}


ATTACKS = [
    Attack("alice", CASE, "none: an honest, perfect submission (the classmate 'trudy' targets)",
           honest, ()),
    Attack("mallory", CASE, "an added cell replaces the scoring function",
           added_cell_patches_grader, ("cell not in the release, not run: 'import simsuite",)),
    Attack("eve", CASE, "an added cell reads the course secret and writes the keys out",
           added_cell_steals_keys, ("cell not in the release, not run: 'from pathlib import",)),
    Attack("trudy", CASE, "an added cell changes folder to a classmate's submission",
           added_cell_changes_folder, ("cell not in the release, not run: 'import os'",)),
    Attack("sybil", CASE, "the answer cell's metadata is stripped and it holds code",
           stripped_answer_metadata,
           ("answer cell answer is missing", "cell not in the release, not run: 'import")),
    Attack("oscar", CASE, "the answer cell is marked as not a solution and holds code",
           answer_no_longer_a_solution, ("code in answer cell answer not run",)),
    Attack("peggy", CASE, "a locked cell is unlocked, made an answer and holds code",
           locked_cell_unlocked, ("tampered: locked cell format_check edited",)),
    Attack("victor", CASE, "the hidden-test cell is replaced and its points set to 'lots'",
           hidden_test_replaced, ("tampered: locked cell score edited",)),
    Attack("walter", CASE, "the answer cell's grade id is a list",
           grade_id_is_a_list, ("answer cell answer is missing",)),
    Attack("zoe", CASE, "an answer with 200,000 unary minus signs",
           unary_minus_bomb, ("code in answer cell answer not run: longer than",)),
    Attack("dupont", CASE, "the answer cell is duplicated (same id twice)",
           duplicated_answer, ("answer cell answer appears 2 times",)),
    Attack("dana", CASE, "the answer cell is deleted",
           deleted_answer, ("answer cell answer is missing",)),
    Attack("pierre", CASE, "modules planted beside the notebook (simsuite, json, the helper)",
           planted_modules,
           ("file not in the release, removed before grading: json.py",
            "removed before grading: simsuite.py", "removed before grading: simsuite/__init__.py")),
    Attack("kelly", CASE, "the notebook's kernel is changed",
           kernel_swapped, ("kernel was changed to 'bash'",)),
    Attack("magnus", CASE, "an IPython shell escape in the answer cell",
           magic_in_answer, ("code in answer cell answer not run: line 1: not valid Python",)),
    Attack("gus", CASE, "the answer cell assigns the grading function's name",
           assigns_the_grader, ("graded_points is not an answer",)),
    Attack("xena", CASE, "sys.exit() in the answer cell",
           exits_the_kernel, ("code in answer cell answer not run: line 1: only assignments",)),
    Attack("loopy", CASE, "an endless loop in an added cell",
           endless_loop_in_added_cell, ("cell not in the release, not run: 'while True:'",)),
    Attack("hogan", CASE, "a memory hog in an added cell",
           memory_hog_in_added_cell, ("not run: 'block = bytearray(64 * 1024 ** 3)'",)),
    Attack("yves", CASE, "none: presumed_victim = 'yes' (a value of the wrong type)",
           wrong_type_of_value, ()),
    Attack("bin", CASE, "a binary file instead of the notebook", binary_file, (),
           fatal="is not a valid notebook: not UTF-8 text"),
    Attack("linky", CASE, "a link to the course secret in the submission", link_to_the_secret,
           (), fatal="holds a link (notes.txt)"),
    Attack("piper", CASE, "a named pipe in the submission", pipe_in_submission, (),
           fatal="holds a special file (data.csv)"),
    Attack("bulky", CASE, "a 21 MB notebook", huge_notebook, (),
           fatal="more than the 20 MB a graded notebook may have"),
    Attack("mallory", TEST, "the pre-test: an added cell replaces the scoring function",
           pretest_patches_grader, ("cell not in the release, not run: 'import simsuite",)),
    Attack("eve", TEST, "the pre-test: an added cell copies the item bank with every key",
           pretest_steals_keys,
           ("cell not in the release, not run: 'from simsuite.activities.quiz",)),
]  # fmt: skip
ROSTER = sorted({a.trainee for a in ATTACKS})


def expected_points(course, assignment: str, trainee: str, answers: dict) -> float:
    """What the plain answers earn by the exercise type's own rule (0 for a malformed one)."""
    from simsuite.course.build import load_course

    definition = load_course(REPO / "grading" / "course.yaml").assignment(assignment)
    scenario = trainee_scenario(course.secret, assignment, trainee)
    try:
        result = get_type(definition.kind).evaluate(scenario.key, answers, "en")
    except UserInputError:
        return 0.0
    return round(result.score * (N_ITEMS if definition.kind == "quiz" else definition.points), 4)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attacks")
    course = make_course(tmp, ROSTER)
    stolen = tmp / "stolen"
    stolen.mkdir()
    for assignment in (CASE, TEST):
        course.nbgrader("generate_assignment", assignment, "--force")
    answers = {}
    for attack in ATTACKS:
        sub = Submission(course, attack.assignment, attack.trainee, stolen / attack.trainee)
        answers[attack.trainee, attack.assignment] = attack.write(sub)
    before = snapshot(tmp, REPO / "grading", REPO / "exercises")
    outputs = {}
    for assignment in (CASE, TEST):
        outputs[assignment] = course.simsuite(
            "course", "autograde", assignment, "--workers", "3", "--timeout", "120"
        )
    after = snapshot(tmp, REPO / "grading", REPO / "exercises")
    log = json.loads((course.root / "autograde_log.json").read_text())
    return course, answers, log, outputs, changed(before, after), stolen


def _allowed_change(course, path: str) -> bool:
    """The grader's working folders and its own records; nothing else may change."""
    relative = Path(path).relative_to(course.root) if path.startswith(str(course.root)) else None
    if relative is None:
        return False
    return relative.parts[0] in ("autograded", ".autograde") or relative.name in (
        "gradebook.db",
        "autograde_log.json",
    )


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: f"{a.assignment}-{a.trainee}")
def test_the_attack_earns_nothing_extra_and_is_flagged(graded, attack):
    course, answers, log, outputs, _changes, stolen = graded
    entry = log[attack.assignment][attack.trainee]
    if attack.fatal:
        assert entry["status"] == "failed", entry
        assert attack.fatal in entry["reason"], entry
        return
    assert entry["status"] == "graded", entry
    expected = expected_points(
        course, attack.assignment, attack.trainee, answers[attack.trainee, attack.assignment]
    )
    assert entry["score"] == pytest.approx(expected, abs=1e-3), (attack.what, entry)
    for flag in attack.flags:
        assert any(flag in f for f in entry["flags"]), (attack.what, flag, entry["flags"])
        assert flag in entry["reason"] or len(entry["flags"]) > 1
    assert not (stolen / attack.trainee).exists(), f"{attack.what}: its code ran"
    if attack.flags:  # the instructor sees the flag in the progress output too
        assert attack.flags[0] in outputs[attack.assignment].stderr


def test_attacks_could_have_earned_more(graded):
    """The checks above mean something: the honest parts are below full marks, so code that
    gave full marks would have been seen."""
    course, answers, log, _outputs, _changes, _stolen = graded
    assert log[CASE]["alice"]["score"] == 5
    for trainee in ("mallory", "trudy", "peggy", "victor", "pierre", "kelly"):
        if expected_points(course, CASE, trainee, answers[trainee, CASE]) == 5:
            # cases are drawn per run: Alice's answer, which Trudy copies, can be right for
            # Trudy's own case too (same indicators, decision and steps); then nothing tells
            # the attack apart, and the score test above has already checked it
            assert trainee == "trudy", trainee
            continue
        assert log[CASE][trainee]["score"] < 5, trainee
    assert log[TEST]["mallory"]["score"] == 2 < N_ITEMS


def test_no_file_outside_the_graders_working_folders_changed(graded):
    course, _answers, _log, _outputs, changes, stolen = graded
    outside = sorted(p for p in changes if not _allowed_change(course, p))
    assert outside == []
    assert list(stolen.iterdir()) == []
    # the planted modules and links never reached the graded folders
    graded_folder = course.root / "autograded" / "pierre" / CASE
    assert sorted(p.name for p in graded_folder.iterdir()) == [
        f"{CASE}.ipynb",
        "simsuite_casefile.py",
        "variants",
    ]
    released_helper = (course.root / "release" / CASE / "simsuite_casefile.py").read_text()
    assert (graded_folder / "simsuite_casefile.py").read_text() == released_helper


def test_the_batch_went_on_past_every_bad_file(graded):
    _course, _answers, log, outputs, _changes, _stolen = graded
    case_trainees = {a.trainee for a in ATTACKS if a.assignment == CASE}
    assert set(log[CASE]) == case_trainees
    counts = json.loads(outputs[CASE].stdout)
    assert counts["failed"] == sum(1 for a in ATTACKS if a.assignment == CASE and a.fatal)
    assert counts["graded"] == len(case_trainees) - counts["failed"]
    assert "Traceback" not in outputs[CASE].stderr
    for entry in log[CASE].values():
        assert entry["reason"], entry  # every outcome has a reason


def test_plain_nbgrader_autograde_is_protected_by_the_course_configuration(graded):
    """Without simsuite's controller: the course's nbgrader_config.py alone rebuilds the
    submission, so the patching cell and the planted modules do not run."""
    course, answers, _log, _outputs, _changes, stolen = graded
    for trainee in ("mallory", "pierre"):
        course.nbgrader("autograde", CASE, f"--student={trainee}", "--force")
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gradebook:
            score = gradebook.find_submission(CASE, trainee).score
        assert score == pytest.approx(
            expected_points(course, CASE, trainee, answers[trainee, CASE]), abs=1e-3
        )
        assert not (stolen / trainee).exists()


def test_feedback_is_written_for_every_graded_trainee(graded):
    """One odd answer (yves: presumed_victim = "yes") no longer stops the other pages."""
    course, _answers, log, _outputs, _changes, _stolen = graded
    result = course.simsuite("course", "feedback", CASE)
    graded_trainees = {t for t, e in log[CASE].items() if e["status"] == "graded"}
    pages = {p.parts[-3]: p.read_text() for p in (course.root / "feedback").rglob("*.html")}
    assert set(pages) == graded_trainees
    assert "could not be made" in result.stderr and "0 could not be made" in result.stderr
    assert "cell not in the release, not run" in pages["mallory"]  # the trainee sees why
    for page in pages.values():
        hidden_test = "from simsuite.course.grade import graded_points"
        for marker in ("BEGIN HIDDEN", hidden_test, "BEGIN SOLUTION", course.secret.decode()):
            assert marker not in page
