"""Guards around autograde: answers are values, and locked cells stay as released.

* :class:`AnswerCellGuard` is an nbgrader preprocessor (it runs inside ``nbgrader autograde``,
  on the autograded copy, before execution). Answer cells of simsuite exercises hold values
  (``answer_Q1 = "b"``, ``indicators_seen = {...}``). A cell that holds anything else (a call,
  an import, a loop) is replaced by a comment and not run, and the reason is written into the
  notebook's metadata. So a trainee's code cannot read the course secret, patch the scoring
  function, loop forever or exhaust memory during grading, and every other answer of that
  trainee is still graded.
* :func:`inspect_submission` compares a submitted notebook with the released one before
  grading and names what is wrong: not a notebook, a missing notebook, a locked or test cell
  edited or removed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from simsuite.i18n import _

#: Marks a neutralized answer cell; kept untranslated so the log reader can find it.
MARKER = "# simsuite-guard: "
_ALLOWED_CALLS = {"set", "frozenset"}  # empty-set spellings: set() has no literal form


def _is_value(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        return (
            isinstance(node.func, ast.Name)
            and node.func.id in _ALLOWED_CALLS
            and not node.keywords
            and len(node.args) <= 1
            and all(_is_value(arg) for arg in node.args)
        )
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return all(_is_value(element) for element in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _is_value(k) for k in node.keys) and all(
            _is_value(v) for v in node.values
        )
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def answer_cell_problem(source: str) -> str | None:
    """Why an answer cell is not just values, or None if it is."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return _("line {line}: not valid Python ({msg})").format(line=error.lineno, msg=error.msg)
    for statement in tree.body:
        line = statement.lineno
        if not isinstance(statement, ast.Assign):
            return _("line {line}: only assignments of values are allowed").format(line=line)
        if not all(isinstance(target, ast.Name) for target in statement.targets):
            return _("line {line}: assign to a plain name").format(line=line)
        if not _is_value(statement.value):
            return _("line {line}: the value must be written out, not computed").format(line=line)
    return None


class AnswerCellGuard(NbGraderPreprocessor):
    """Neutralize answer cells that hold code before nbgrader executes a submission."""

    enabled = Bool(True, help="Set False for exercises whose answers are code.").tag(config=True)

    def preprocess(self, nb, resources):
        if not self.enabled:
            return nb, resources
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or not meta.get("solution"):
                continue
            problem = answer_cell_problem(cell.source)
            if problem:
                self.log.warning("Answer cell %s not run: %s", meta.get("grade_id"), problem)
                cell.source = MARKER + _(
                    "answer cell {id} held code, not values, and was not run ({problem})."
                ).format(id=meta.get("grade_id", "?"), problem=problem)
        return nb, resources


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read a notebook without nbformat's full schema validation (slow, and nbgrader will
    validate what it grades anyway); older formats go through nbformat's converter."""
    import json

    text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ValueError("no list of cells: not a Jupyter notebook")
    if data.get("nbformat") != 4:
        return nbformat.reads(text, as_version=4)
    return nbformat.v4.reads(text)  # joins multi-line sources; no schema validation


@dataclass(frozen=True)
class Inspection:
    fatal: str | None  # the submission cannot be graded
    flags: tuple[str, ...]  # graded, but the instructor should know


def inspect_submission(released: Path, submitted: Path, allow_code: bool = False) -> Inspection:
    """Compare a submitted notebook with the released one, before grading."""
    from nbgrader.utils import compute_checksum

    if not submitted.exists():
        return Inspection(_("notebook {name} is missing").format(name=released.name), ())
    try:
        notebook = read_notebook(submitted)
    except Exception as error:  # a bad file can fail in many ways; each is "not a notebook"
        return Inspection(
            _("{name} is not a valid notebook ({reason})").format(
                name=submitted.name, reason=str(error).splitlines()[0][:200]
            ),
            (),
        )
    original = read_notebook(released)
    by_id = {
        cell.metadata.get("nbgrader", {}).get("grade_id"): cell
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("grade_id")
    }
    flags = []
    for cell in original.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("locked") or meta.get("grade")):
            continue
        grade_id = meta["grade_id"]
        mine = by_id.get(grade_id)
        if mine is None:
            flags.append(_("tampered: cell {id} removed").format(id=grade_id))
        elif "checksum" in meta and compute_checksum(mine) != meta["checksum"]:
            flags.append(_("tampered: locked cell {id} edited").format(id=grade_id))
    for cell in [] if allow_code else notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            problem = answer_cell_problem(cell.source)
            if problem:
                flags.append(
                    _("code in answer cell {id} not run: {problem}").format(
                        id=meta.get("grade_id"), problem=problem
                    )
                )
    return Inspection(None, tuple(flags))


def neutralized_cells(autograded: Path) -> list[str]:
    """What the guard neutralized in an autograded notebook (read back for the log)."""
    try:
        notebook = read_notebook(autograded)
    except Exception:  # a notebook nbgrader could not write has nothing to report
        return []
    return [
        cell.source[len(MARKER) :].strip()
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.source.startswith(MARKER)
    ]


def answer_cell_errors(autograded: Path) -> list[str]:
    """Errors raised by answer cells during grading, in words an instructor can act on."""
    try:
        notebook = read_notebook(autograded)
    except Exception:  # a notebook nbgrader could not write has nothing to report
        return []
    found = []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("solution"):
            continue
        names = [o.get("ename", "") for o in cell.get("outputs", []) if o.output_type == "error"]
        if "CellTimeoutError" in names:
            found.append(
                _("answer cell {id} ran past the time limit and was stopped").format(
                    id=meta.get("grade_id")
                )
            )
        elif names:
            found.append(
                _("answer cell {id} raised {error}").format(id=meta.get("grade_id"), error=names[0])
            )
    return found
