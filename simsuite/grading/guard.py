"""Answers are values: the rule for an answer cell, and reading submitted notebooks safely.

* :func:`answer_cell_problem` says why an answer cell is not plain assignments of written-out
  values to the answer's own variables (``answer_Q1 = "b"``, ``indicators_seen = {...}``), or
  None when it is. :func:`canonical_answer` rewrites an accepted cell from its syntax tree, so
  that what the grading kernel runs is produced by Python's own unparser, never the trainee's
  raw text (no IPython escapes, no comments, nothing the parser did not see).
* :class:`AnswerCellGuard` is an nbgrader preprocessor (in ``Autograde.sanitize_preprocessors``,
  after :class:`simsuite.grading.rebuild.RebuildFromRelease`): every answer cell that fails the
  rule is replaced by a comment naming the reason and is not run; the others are canonicalized.
  So a trainee's code cannot read the course secret, patch the scoring function, change folder,
  loop forever or exhaust memory during grading, and every other answer of that trainee is still
  graded.
* :func:`read_notebook` reads a submitted notebook without trusting it: a regular file of at most
  :data:`MAX_NOTEBOOK_BYTES`, UTF-8 JSON, nbformat 4 (older formats go through nbformat's
  converter); every way it can fail is a :class:`NotebookError` with a reason.
* :func:`inspect_submission` runs the same rebuild and guard the grader will run, before grading,
  and names what is wrong: a notebook that cannot be graded (fatal) or what the instructor should
  know (flags).
"""

from __future__ import annotations

import ast
import json
import os
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from simsuite.i18n import _

#: Marks a cell whose text was not run; kept untranslated so the log reader can find it.
MARKER = "# simsuite-guard: "
#: Answers are short values: a longer cell is not an answer (and would cost the parser memory).
MAX_ANSWER_CHARS = 20_000
#: A graded notebook is small; a bigger file is refused before anything reads it whole.
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
_ALLOWED_CALLS = {"set", "frozenset"}  # empty-set spellings: set() has no literal form


class NotebookError(ValueError):
    """A submitted file that cannot be read as a notebook; the message says why."""


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
    except Exception:  # literal_eval raises many kinds on odd nodes: each means "not a value"
        return False
    return True


def answer_names(source: str) -> frozenset[str] | None:
    """The variables a released answer cell assigns (its blank answers), or None if it
    cannot be read; a trainee's answer cell may assign these and nothing else."""
    try:
        tree = ast.parse(source)
    except Exception:
        return None
    names = {
        target.id
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }
    return frozenset(names) or None


def _parse(source: str) -> ast.Module | str:
    """The syntax tree, or why the text cannot be parsed."""
    if not isinstance(source, str):
        return _("the cell holds no text")
    if len(source) > MAX_ANSWER_CHARS:
        return _("longer than {n} characters: an answer is a few short values").format(
            n=MAX_ANSWER_CHARS
        )
    try:
        return ast.parse(source)
    except SyntaxError as error:
        if error.lineno is None:
            return _("not valid Python ({msg})").format(msg=error.msg)
        return _("line {line}: not valid Python ({msg})").format(line=error.lineno, msg=error.msg)
    except (MemoryError, RecursionError):
        return _("nested too deeply to be read as values")
    except Exception as error:  # ValueError (null bytes, huge integers) and the like
        return _("cannot be read as Python values ({kind})").format(kind=type(error).__name__)


def answer_cell_problem(source: str, names: Collection[str] | None = None) -> str | None:
    """Why an answer cell is not just values assigned to ``names``, or None if it is.

    ``names``: the variables the released answer cell assigns (None: any plain name that is not
    a dunder name).
    """
    tree = _parse(source)
    if isinstance(tree, str):
        return tree
    try:
        for statement in tree.body:
            line = statement.lineno
            if not isinstance(statement, ast.Assign):
                return _("line {line}: only assignments of values are allowed").format(line=line)
            for target in statement.targets:
                if not isinstance(target, ast.Name):
                    return _("line {line}: assign to a plain name").format(line=line)
                if target.id.startswith("__") or (names is not None and target.id not in names):
                    allowed = ", ".join(sorted(names)) if names else _("a plain name")
                    return _(
                        "line {line}: {name} is not an answer of this cell ({allowed})"
                    ).format(line=line, name=target.id, allowed=allowed)
            if not _is_value(statement.value):
                return _("line {line}: the value must be written out, not computed").format(
                    line=line
                )
    except RecursionError:
        return _("nested too deeply to be read as values")
    return None


def canonical_answer(source: str) -> str:
    """An accepted answer cell, rewritten from its syntax tree (call only after the rule)."""
    tree = _parse(source)
    assert not isinstance(tree, str), "canonical_answer needs a cell that passed the rule"
    return ast.unparse(tree)


def marker(reason: str) -> str:
    """The one-line comment that takes the place of a cell that is not run."""
    return MARKER + " ".join(reason.split())


def guard_cell(source: str, grade_id: str, names: Collection[str] | None) -> tuple[str, str | None]:
    """(what the grading kernel runs, the flag if the trainee's text was not run)."""
    if source.startswith(MARKER) and len(source.splitlines()) <= 1:
        # the rebuild's own note (missing, duplicated): one comment line, nothing to run
        return source, None
    problem = answer_cell_problem(source, names)
    if problem:
        flag = _("code in answer cell {id} not run: {problem}").format(id=grade_id, problem=problem)
        return marker(flag), flag
    return canonical_answer(source), None


class AnswerCellGuard(NbGraderPreprocessor):
    """Before nbgrader executes a submission, keep only values in answer cells: a cell that holds
    anything else is replaced by a comment with the reason and not run; the others are rewritten
    from their syntax tree. Runs after RebuildFromRelease, which restored the cells' metadata."""

    enabled = Bool(True, help="Set False for exercises whose answers are code.").tag(config=True)

    def preprocess(self, nb, resources):
        if not self.enabled:
            return nb, resources
        from simsuite.grading.rebuild import release_answer_names

        names = release_answer_names(self, resources)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or not meta.get("solution"):
                continue
            grade_id = meta.get("grade_id", "?")
            cell.source, flag = guard_cell(cell.source, grade_id, names.get(grade_id))
            if flag:
                self.log.warning("%s", flag)
        return nb, resources


def _first_line(text: str, limit: int = 200) -> str:
    lines = str(text).strip().splitlines()
    return lines[0][:limit] if lines else ""


def read_notebook(path: Path, max_bytes: int = MAX_NOTEBOOK_BYTES) -> nbformat.NotebookNode:
    """Read a notebook without trusting it (see the module's docstring).

    No full schema validation (slow; nbgrader validates what it grades); nbformat 1 to 3 go
    through nbformat's converter.
    """
    path = Path(path)
    try:
        info = os.lstat(path)
    except OSError as error:
        raise NotebookError(_("cannot be read ({reason})").format(reason=error.strerror)) from None
    if not stat.S_ISREG(info.st_mode):
        raise NotebookError(_("not a regular file (a link, folder or device)"))
    if info.st_size > max_bytes:
        raise NotebookError(
            _("{size:.1f} MB, more than the {limit:.0f} MB a graded notebook may have").format(
                size=info.st_size / 2**20, limit=max_bytes / 2**20
            )
        )
    try:
        with open(path, "rb") as handle:
            text = handle.read(max_bytes + 1).decode("utf-8")
    except UnicodeDecodeError:
        raise NotebookError(_("not UTF-8 text")) from None
    except OSError as error:
        raise NotebookError(_("cannot be read ({reason})").format(reason=error.strerror)) from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise NotebookError(_("JSON nested too deeply")) from None
    except ValueError as error:
        raise NotebookError(_("not JSON ({reason})").format(reason=_first_line(error))) from None
    if not isinstance(data, dict):
        raise NotebookError(_("not a Jupyter notebook (no notebook object)"))
    version = data.get("nbformat")
    if version == 4:
        if not isinstance(data.get("cells"), list):
            raise NotebookError(_("not a Jupyter notebook (no list of cells)"))
        reader = nbformat.v4.reads  # joins multi-line sources; no schema validation
    elif version in (1, 2, 3):
        reader = lambda text: nbformat.reads(text, as_version=4)  # noqa: E731 - the converter
    else:
        raise NotebookError(
            _("not a Jupyter notebook of a known format (nbformat {version!r})").format(
                version=version
            )
        )
    try:
        return reader(text)
    except (MemoryError, RecursionError):
        raise NotebookError(_("nested too deeply to be read")) from None
    except Exception as error:  # the converter rejects malformed old notebooks in many ways
        raise NotebookError(
            _("cannot be converted to the current notebook format ({reason})").format(
                reason=_first_line(error)
            )
        ) from None


@dataclass(frozen=True)
class Inspection:
    fatal: str | None  # the submission cannot be graded
    flags: tuple[str, ...]  # graded, but the instructor should know


def inspect_submission(released: Path, submitted: Path, allow_code: bool = False) -> Inspection:
    """What the grader will do with a submitted notebook, said before grading.

    Runs the same rebuild from the release (:func:`simsuite.grading.rebuild.rebuild`) and the same
    answer rule as the preprocessors inside nbgrader, so the flags name exactly what will not
    be run.
    """
    from simsuite.grading.rebuild import rebuild

    if not os.path.lexists(submitted):
        return Inspection(_("notebook {name} is missing").format(name=released.name), ())
    try:
        notebook = read_notebook(submitted)
    except NotebookError as error:
        return Inspection(
            _("{name} is not a valid notebook: {reason}").format(name=submitted.name, reason=error),
            (),
        )
    result = rebuild(read_release(released), notebook)
    flags = list(result.flags)
    if not allow_code:
        names = released_answer_names(read_release(released))
        for cell in result.notebook.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("solution"):
                grade_id = meta.get("grade_id", "?")
                _source, flag = guard_cell(cell.source, grade_id, names.get(grade_id))
                if flag:
                    flags.append(flag)
    return Inspection(None, tuple(flags))


_RELEASES: dict[tuple[str, int, int], nbformat.NotebookNode] = {}


def read_release(path: Path) -> nbformat.NotebookNode:
    """A released notebook (the instructor's own file), cached while it does not change."""
    path = Path(path)
    info = path.stat()
    key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
    if key not in _RELEASES:
        _RELEASES.clear()  # one assignment at a time: keep the cache small
        _RELEASES[key] = nbformat.read(str(path), as_version=4)
    return _RELEASES[key]


def released_answer_names(release: nbformat.NotebookNode) -> dict[str, frozenset[str] | None]:
    """For each answer cell of a release, by grade id, the variables it may assign."""
    names = {}
    for cell in release.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution") and meta.get("grade_id"):
            names[meta["grade_id"]] = answer_names(cell.source)
    return names


def neutralized_cells(autograded: Path) -> list[str]:
    """What was not run in an autograded notebook, read back for the feedback and the log."""
    try:
        notebook = read_notebook(autograded)
    except NotebookError:  # a notebook nbgrader could not write has nothing to report
        return []
    return [
        cell.source[len(MARKER) :].strip()
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.source.startswith(MARKER)
    ]


def answer_cell_errors(autograded: Path, cell_timeout: float | None = None) -> list[str]:
    """Errors raised by answer cells during grading, each in words an instructor can act on."""
    try:
        notebook = read_notebook(autograded)
    except NotebookError:  # a notebook nbgrader could not write has nothing to report
        return []
    found = []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("solution"):
            continue
        grade_id = meta.get("grade_id")
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        names = [o.get("ename", "") for o in errors]
        if "CellTimeoutError" in names or any(
            "CellTimeoutError" in "".join(o.get("traceback", [])) for o in errors
        ):
            found.append(
                _("answer cell {id} ran past the time limit ({s}) and was stopped").format(
                    id=grade_id,
                    s=_("{n:g} s").format(n=cell_timeout) if cell_timeout else _("per cell"),
                )
            )
        elif "MemoryError" in names:
            found.append(
                _("answer cell {id} ran out of memory (the grader's memory limit)").format(
                    id=grade_id
                )
            )
        elif "SystemExit" in names:
            found.append(
                _("answer cell {id} tried to end the kernel (sys.exit); it was not ended").format(
                    id=grade_id
                )
            )
        elif names:
            found.append(_("answer cell {id} raised {error}").format(id=grade_id, error=names[0]))
    return found


def hidden_test_errors(autograded: Path) -> list[str]:
    """Errors raised by the hidden tests themselves. Answers are values, and the hidden test
    turns a malformed answer into 0 points, so an error here is the grader's problem (a missing
    secret, a broken item bank, a memory limit too low), never the trainee's."""
    try:
        notebook = read_notebook(autograded)
    except NotebookError:
        return []
    found = []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(
                    _("the hidden test {id} failed ({error}: {message})").format(
                        id=meta.get("grade_id"),
                        error=output.get("ename", "?"),
                        message=" ".join(str(output.get("evalue", "")).split())[:200],
                    )
                )
                break
    return found
