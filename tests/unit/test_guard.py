import nbformat
import pytest

from simsuite.grading.guard import AnswerCellGuard, answer_cell_problem, inspect_submission


@pytest.mark.parametrize(
    "source",
    [
        'answer_Q1 = "b"',
        "indicators_seen = set()\npresumed_victim = True",
        "answer_Q2 = ['a', 'c']  # my choice",
        "answer_Q3 = -12.5",
        "x = {'held_against_will', 'unfit_living_place'}",
        "x = set(['a'])",
        "",
    ],
)
def test_values_are_allowed(source):
    assert answer_cell_problem(source) is None


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("import os", "only assignments"),
        ("x = open('/etc/passwd').read()", "written out"),
        ("while True:\n    pass", "only assignments"),
        ("x = 'a' * 10 ** 10", "written out"),
        ("x.y = 1", "plain name"),
        ("x = (", "not valid Python"),
        ("x = set(range(3))", "written out"),
    ],
)
def test_code_is_named(source, fragment):
    assert fragment in answer_cell_problem(source)


def _notebook(answer_source: str, locked_source: str = "print('check')"):
    def meta(grade_id, **flags):
        return {
            "nbgrader": {
                "grade_id": grade_id,
                "schema_version": 3,
                "grade": False,
                "solution": False,
                "locked": False,
                "task": False,
                **flags,
            }
        }

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(answer_source, metadata=meta("answer", solution=True)),
        nbformat.v4.new_code_cell(locked_source, metadata=meta("check", locked=True)),
    ]
    return notebook


def test_the_guard_neutralizes_code_and_keeps_values():
    notebook = _notebook("import os\nx = os.getcwd()")
    AnswerCellGuard().preprocess(notebook, {})
    assert notebook.cells[0].source.startswith("# simsuite-guard: ")
    assert "import os" not in notebook.cells[0].source
    fine = _notebook("x = 'b'")
    AnswerCellGuard().preprocess(fine, {})
    assert fine.cells[0].source == "x = 'b'"


def test_inspection_names_tampering_and_bad_files(tmp_path):
    from nbgrader.utils import compute_checksum

    released = _notebook("x = None")
    released.cells[1].metadata.nbgrader["checksum"] = compute_checksum(released.cells[1])
    nbformat.write(released, tmp_path / "released.ipynb")
    edited = _notebook("x = 'b'", locked_source="print('all fine')")
    nbformat.write(edited, tmp_path / "edited.ipynb")
    inspection = inspect_submission(tmp_path / "released.ipynb", tmp_path / "edited.ipynb")
    assert inspection.fatal is None
    assert any("locked cell check edited" in flag for flag in inspection.flags)
    (tmp_path / "broken.ipynb").write_text("{ not json")
    broken = inspect_submission(tmp_path / "released.ipynb", tmp_path / "broken.ipynb")
    assert broken.fatal and "not a valid notebook" in broken.fatal
    missing = inspect_submission(tmp_path / "released.ipynb", tmp_path / "none.ipynb")
    assert missing.fatal and "missing" in missing.fatal
