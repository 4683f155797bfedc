"""The answer rule, the rebuild from the release and the safe notebook reader, without nbgrader
(the same functions run inside nbgrader: tests/security)."""

import copy
import json
import os

import nbformat
import pytest

from simsuite.grading.guard import (
    MARKER,
    AnswerCellGuard,
    NotebookError,
    answer_cell_problem,
    answer_names,
    canonical_answer,
    guard_cell,
    inspect_submission,
    read_notebook,
)
from simsuite.grading.rebuild import drop_unreleased, rebuild, unreleased_files


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
        ("!cat /etc/passwd", "not valid Python"),  # an IPython escape is not Python
        ("%run evil.py", "not valid Python"),
        ("__builtins__ = {}", "not an answer"),
        ("x = " + "-" * 200_000 + "1", "longer than"),  # crashed the parser before
        ("x = " + "[" * 300 + "]" * 300, "not valid Python"),  # too deeply nested to parse
        ("x = " + "-" * 19_990 + "1", "nested too deeply"),  # within the length limit
        ("x = 1" + "0" * 5000, "not valid Python"),  # beyond int's digit limit
        ("x = '\0'", "not valid Python (source code string cannot contain null bytes)"),
    ],
)
def test_code_is_named(source, fragment):
    problem = answer_cell_problem(source)
    if fragment is None:
        assert problem is None
    else:
        assert problem and fragment in problem


def test_only_the_released_answers_may_be_assigned():
    names = answer_names("indicators_seen = set()  # hint\npresumed_victim = None\n# stub")
    assert names == {"indicators_seen", "presumed_victim"}
    assert answer_cell_problem("presumed_victim = True", names) is None
    problem = answer_cell_problem("graded_points = 5.0", names)
    assert "graded_points is not an answer" in problem and "presumed_victim" in problem
    assert answer_cell_problem("globals = None", names)


def test_what_runs_is_rewritten_from_the_syntax_tree():
    source = 'answer_Q1 = "b"  # a comment\nanswer_Q2 = """two\nlines"""'
    canonical = canonical_answer(source)
    assert "#" not in canonical and canonical.count("\n") == 1  # one line per assignment
    namespace: dict = {}
    exec(canonical, namespace)
    assert namespace["answer_Q1"] == "b" and namespace["answer_Q2"] == "two\nlines"


def test_a_marker_line_cannot_smuggle_code():
    smuggled = MARKER + "looks like a note\nimport os"
    shown, flag = guard_cell(smuggled, "answer", {"x"})
    assert flag and "import os" not in shown and shown.startswith(MARKER)
    assert "\n" not in shown
    note = MARKER + "answer cell answer is missing"
    assert guard_cell(note, "answer", {"x"}) == (note, None)


def _meta(grade_id, **flags):
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


def _release():
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Title", metadata=_meta("intro", locked=True)),
        nbformat.v4.new_code_cell("x = None  # answer", metadata=_meta("answer", solution=True)),
        nbformat.v4.new_code_cell("print('check')", metadata=_meta("check", locked=True)),
        nbformat.v4.new_code_cell("", metadata=_meta("score", grade=True, locked=True, points=5.0)),
        nbformat.v4.new_code_cell("print('a plain released cell')"),
    ]
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
    return notebook


def _submission(answer="x = 'b'"):
    notebook = copy.deepcopy(_release())
    notebook.cells[1].source = answer
    return notebook


def test_the_rebuild_keeps_only_answers_from_the_submission():
    submitted = _submission()
    submitted.cells[2].source = "print('all fine')"  # locked cell edited
    submitted.cells[3].source = "1.0"  # grade cell edited
    submitted.cells[4].source = "import os"  # released plain cell edited
    submitted.cells.insert(2, nbformat.v4.new_code_cell("import simsuite  # patch the grader"))
    submitted.cells.append(nbformat.v4.new_markdown_cell(""))  # empty: nothing to say
    submitted.metadata["kernelspec"] = {"name": "evil", "display_name": "evil"}
    result = rebuild(_release(), submitted)
    sources = [cell.source for cell in result.notebook.cells]
    assert sources == ["# Title", "x = 'b'", "print('check')", "", "print('a plain released cell')"]
    assert result.notebook.metadata["kernelspec"]["name"] == "python3"
    flags = "\n".join(result.flags)
    assert "not in the release, not run: 'import simsuite  # patch the grader'" in flags
    assert "locked cell check edited" in flags and "locked cell score edited" in flags
    assert "released cell \"print('a plain released cell')\" edited" in flags
    assert "kernel was changed to 'evil'" in flags
    assert len(result.flags) == 5


@pytest.mark.parametrize(
    ("change", "flag"),
    [
        ("delete", "answer cell answer is missing"),
        ("duplicate", "answer cell answer appears 2 times"),
        ("strip", "answer cell answer is missing"),
        ("list id", "answer cell answer is missing"),
        ("no text", "answer cell answer holds no text"),
    ],
)
def test_a_missing_or_duplicated_answer_scores_nothing_and_says_so(change, flag):
    submitted = _submission("x = 'b'")
    answer = submitted.cells[1]
    if change == "delete":
        del submitted.cells[1]
    elif change == "duplicate":
        submitted.cells.insert(2, copy.deepcopy(answer))
    elif change == "strip":
        answer.metadata = {}
    elif change == "list id":
        answer.metadata["nbgrader"]["grade_id"] = ["answer"]
    elif change == "no text":
        answer["source"] = 42
    result = rebuild(_release(), submitted)
    assert any(flag in f for f in result.flags), result.flags
    assert result.notebook.cells[1].source.startswith(MARKER)
    assert "x = 'b'" not in json.dumps(result.notebook)


def test_changed_metadata_cannot_make_a_cell_an_answer_or_free_a_locked_one():
    submitted = _submission("x = 'b'")
    submitted.cells[2].metadata["nbgrader"].update(solution=True, locked=False)
    submitted.cells[2].source = "import os"
    submitted.cells[3].metadata["nbgrader"]["points"] = "lots"
    submitted.cells[1].metadata["nbgrader"]["solution"] = False  # the answer cell itself
    result = rebuild(_release(), submitted)
    cells = result.notebook.cells
    assert cells[2].source == "print('check')" and cells[2].metadata == _release().cells[2].metadata
    assert cells[3].metadata["nbgrader"]["points"] == 5.0
    assert cells[1].source == "x = 'b'" and cells[1].metadata["nbgrader"]["solution"] is True


def test_a_hostile_notebook_shape_is_tolerated():
    for submitted in ({}, {"cells": 5}, {"cells": [1, None, {"metadata": 3}]}, []):
        result = rebuild(_release(), submitted)
        assert len(result.notebook.cells) == 5
        assert any("answer cell answer is missing" in f for f in result.flags)


def test_the_guard_neutralizes_code_and_canonicalizes_values():
    notebook = _submission("import os\nx = os.getcwd()")
    AnswerCellGuard().preprocess(notebook, {})
    assert notebook.cells[1].source.startswith(MARKER)
    assert "import os" not in notebook.cells[1].source
    fine = _submission("x = 'b'  # mine")
    AnswerCellGuard().preprocess(fine, {})
    assert fine.cells[1].source == "x = 'b'"


def test_inspection_names_tampering_and_bad_files(tmp_path):
    nbformat.write(_release(), tmp_path / "released.ipynb")
    edited = _submission("x = 'b'")
    edited.cells[2].source = "print('all fine')"
    nbformat.write(edited, tmp_path / "edited.ipynb")
    inspection = inspect_submission(tmp_path / "released.ipynb", tmp_path / "edited.ipynb")
    assert inspection.fatal is None
    assert any("locked cell check edited" in flag for flag in inspection.flags)
    code = _submission("import os")
    nbformat.write(code, tmp_path / "code.ipynb")
    flags = inspect_submission(tmp_path / "released.ipynb", tmp_path / "code.ipynb").flags
    assert any("code in answer cell answer not run" in flag for flag in flags)
    assert not inspect_submission(
        tmp_path / "released.ipynb", tmp_path / "code.ipynb", allow_code=True
    ).flags
    (tmp_path / "broken.ipynb").write_text("{ not json")
    broken = inspect_submission(tmp_path / "released.ipynb", tmp_path / "broken.ipynb")
    assert broken.fatal and "not a valid notebook" in broken.fatal
    missing = inspect_submission(tmp_path / "released.ipynb", tmp_path / "none.ipynb")
    assert missing.fatal and "missing" in missing.fatal


def test_an_old_notebook_format_goes_through_the_converter(tmp_path):
    path = tmp_path / "v3.ipynb"
    path.write_text(nbformat.writes(nbformat.convert(_submission("x = 'b'"), 3), version=3))
    notebook = read_notebook(path)
    assert notebook.nbformat == 4
    assert "x = 'b'" in [cell.source for cell in notebook.cells]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text"),
        (b"{ not json", "not JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b"[1, 2]", "no notebook object"),
        (b'{"nbformat": 4, "cells": 5}', "no list of cells"),
        (b'{"nbformat": 99, "cells": []}', "known format"),
        (b'{"nbformat": 3, "worksheets": 7}', "cannot be converted"),
    ],
)
def test_every_bad_file_is_named(tmp_path, content, reason):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    with pytest.raises(NotebookError, match=reason):
        read_notebook(path)


def test_links_pipes_and_huge_files_are_not_read(tmp_path):
    os.symlink("/etc/hostname", tmp_path / "link.ipynb")
    os.mkfifo(tmp_path / "pipe.ipynb")
    (tmp_path / "huge.ipynb").write_bytes(b" " * 2048)
    with pytest.raises(NotebookError, match="not a regular file"):
        read_notebook(tmp_path / "link.ipynb")
    with pytest.raises(NotebookError, match="not a regular file"):
        read_notebook(tmp_path / "pipe.ipynb")  # would block for ever if opened
    with pytest.raises(NotebookError, match="MB"):
        read_notebook(tmp_path / "huge.ipynb", max_bytes=1024)


def test_files_a_trainee_added_are_named_and_removed(tmp_path):
    release, graded = tmp_path / "release", tmp_path / "graded"
    for folder in (release, graded):
        (folder / "variants").mkdir(parents=True)
        (folder / "variants" / "cases.json").write_text("{}")
        (folder / "helper.py").write_text("")
        (folder / "a.ipynb").write_text("{}")
    (graded / "simsuite.py").write_text("import os")
    (graded / "json.py").write_text("")
    (graded / "simsuite").mkdir()
    (graded / "simsuite" / "__init__.py").write_text("")
    (graded / "variants" / "extra.py").write_text("")
    (graded / "timestamp.txt").write_text("2026-01-01 00:00:00")
    os.symlink("/etc", graded / "etc")
    added = unreleased_files(graded, release)
    assert added == ["json.py", "simsuite.py", "simsuite/__init__.py", "variants/extra.py"]
    keep = {"variants/cases.json", "helper.py", "a.ipynb", "timestamp.txt"}
    drop_unreleased(graded, keep)
    left = sorted(str(p.relative_to(graded)) for p in graded.rglob("*"))
    assert left == ["a.ipynb", "helper.py", "timestamp.txt", "variants", "variants/cases.json"]
    assert os.path.isdir("/etc")  # the link was removed, not what it pointed to


def test_the_worker_memory_limit_never_asks_above_the_inherited_hard_limit():
    """In a memory-limited server the hard limit is lower than the course's setting: the
    worker must start with the lower one, not fail (and be restarted forever)."""
    import subprocess
    import sys

    probe = (
        "import resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31))\n"
        "from simsuite.grading.worker import _limit_memory\n"
        "_limit_memory(100_000)\n"
        "print(resource.getrlimit(resource.RLIMIT_AS))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"({2**31}, {2**31})"
