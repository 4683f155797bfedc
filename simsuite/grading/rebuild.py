"""Only released code runs at grading: the submission is rebuilt from the release.

nbgrader restores locked and grade cells *that keep their metadata*; a trainee who adds a cell,
or strips or changes the metadata of a cell, gets their code run at autograde time, as the
instructor. Two preprocessors close that, first in ``Autograde.sanitize_preprocessors``:

* :class:`DropUnreleasedFiles` removes from the autograded folder every file the release does
  not have (a ``simsuite.py``, ``json.py`` or package beside the notebook would be imported by
  the grading kernel before the real one); nbgrader itself has already copied the source
  versions of released files over the submitted ones.
* :class:`RebuildFromRelease` builds the notebook to grade from the released notebook: every
  released cell with the release's type, metadata and text, except that an answer cell
  (``solution: true`` in the release, matched by the release's grade id) carries the trainee's
  text. A cell that is not in the release is dropped and flagged with its first line; a missing
  or duplicated answer cell is flagged and that part scores 0.

Then nbgrader's own preprocessors run as usual (ClearOutput, OverwriteKernelspec,
OverwriteCells, which puts the hidden tests back into grade cells), and
:class:`simsuite.grading.guard.AnswerCellGuard` keeps only values in answer cells.

:func:`rebuild` is the rule; the preprocessor and the inspection before grading
(:func:`simsuite.grading.guard.inspect_submission`) both call it, so the instructor's flags
name exactly what the grader did.
"""

from __future__ import annotations

import copy
import os
import shutil
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from simsuite.grading.guard import marker, read_release, released_answer_names
from simsuite.i18n import _

#: Files nbgrader itself writes into a submission folder (kept: late penalties, feedback).
NBGRADER_FILES = frozenset({"timestamp.txt", "submission_secret.txt"})


@dataclass(frozen=True)
class Rebuilt:
    notebook: nbformat.NotebookNode
    flags: tuple[str, ...]


def _as_dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _grade_id(cell: Any) -> str | None:
    grade_id = _as_dict(_as_dict(_as_dict(cell).get("metadata")).get("nbgrader")).get("grade_id")
    return grade_id if isinstance(grade_id, str) and grade_id else None


def _source(cell: Any) -> str | None:
    source = _as_dict(cell).get("source")
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    return source if isinstance(source, str) else None


def _first_line(text: str | None, limit: int = 80) -> str:
    for line in (text or "").splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def _is_answer(cell: nbformat.NotebookNode) -> bool:
    return bool(cell.metadata.get("nbgrader", {}).get("solution"))


def rebuild(release: nbformat.NotebookNode, submitted: Any) -> Rebuilt:
    """The notebook to grade: the release, with the trainee's text in its answer cells only.

    ``submitted`` is whatever the trainee's file held (a notebook read by nbformat; cells and
    metadata of any shape are tolerated). The result has the release's cells in the release's
    order, with the release's types, ids and metadata, and no outputs.
    """
    cells = _as_dict(submitted).get("cells")
    cells = [cell for cell in cells if isinstance(cell, Mapping)] if isinstance(cells, list) else []
    released_ids = {_grade_id(cell) for cell in release.cells} - {None}
    released_cell_ids = {cell.get("id") for cell in release.cells if not _grade_id(cell)} - {None}
    by_grade_id: dict[str, list[Mapping[str, Any]]] = {}
    by_cell_id: dict[str, list[Mapping[str, Any]]] = {}
    flags: list[str] = []
    for cell in cells:
        grade_id = _grade_id(cell)
        cell_id = cell.get("id") if isinstance(cell.get("id"), str) else None
        if grade_id in released_ids:
            by_grade_id.setdefault(grade_id, []).append(cell)
        elif grade_id is None and cell_id in released_cell_ids:
            by_cell_id.setdefault(cell_id, []).append(cell)
        elif (_source(cell) or "").strip():
            flags.append(
                _("cell not in the release, not run: {line!r}").format(
                    line=_first_line(_source(cell))
                )
            )
    kernel = _as_dict(_as_dict(_as_dict(submitted).get("metadata")).get("kernelspec"))
    released_kernel = release.metadata.get("kernelspec", {}).get("name")
    if kernel and kernel.get("name") != released_kernel:
        flags.append(
            _("the notebook's kernel was changed to {name!r} (restored from the release)").format(
                name=str(kernel.get("name"))[:40]
            )
        )
    rebuilt = copy.deepcopy(release)
    for cell in rebuilt.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        grade_id = _grade_id(cell)
        mine = by_grade_id.get(grade_id, []) if grade_id else by_cell_id.get(cell.get("id"), [])
        if grade_id and _is_answer(cell):
            if not mine:
                flag = _("answer cell {id} is missing: that part scores 0").format(id=grade_id)
                flags.append(flag)
                cell.source = marker(flag) if cell.cell_type == "code" else ""
            elif len(mine) > 1:
                flag = _("answer cell {id} appears {n} times: that part scores 0").format(
                    id=grade_id, n=len(mine)
                )
                flags.append(flag)
                cell.source = marker(flag) if cell.cell_type == "code" else ""
            else:
                source = _source(mine[0])
                if source is None:
                    flag = _("answer cell {id} holds no text: that part scores 0").format(
                        id=grade_id
                    )
                    flags.append(flag)
                    source = marker(flag) if cell.cell_type == "code" else ""
                cell.source = source
            continue
        label = grade_id or _("without id")
        if grade_id and not mine:
            flags.append(
                _("tampered: cell {id} removed (restored from the release)").format(id=label)
            )
        elif any(_source(other) != cell.source for other in mine):
            if grade_id:
                flags.append(
                    _("tampered: locked cell {id} edited (restored from the release)").format(
                        id=label
                    )
                )
            else:
                flags.append(
                    _("released cell {line!r} edited (restored from the release)").format(
                        line=_first_line(cell.source)
                    )
                )
        if len(mine) > 1:
            flags.append(_("cell {id} appears {n} times (one kept)").format(id=label, n=len(mine)))
    return Rebuilt(rebuilt, tuple(flags))


# --- the nbgrader preprocessors -----------------------------------------------------------------


def _coursedir(preprocessor: NbGraderPreprocessor):
    """The course folder nbgrader is working on: the converter's own, else from the config."""
    from nbgrader.coursedir import CourseDirectory

    converter = getattr(getattr(preprocessor, "parent", None), "parent", None)
    coursedir = getattr(converter, "coursedir", None)
    return coursedir if coursedir is not None else CourseDirectory(config=preprocessor.config)


def _release_dir(preprocessor: NbGraderPreprocessor, resources) -> Path:
    coursedir = _coursedir(preprocessor)
    assignment = resources["nbgrader"]["assignment"]
    return Path(coursedir.format_path(coursedir.release_directory, ".", assignment))


def release_notebook(preprocessor: NbGraderPreprocessor, resources) -> nbformat.NotebookNode:
    """The released version of the notebook being graded (nbgrader's release folder)."""
    path = _release_dir(preprocessor, resources) / f"{resources['nbgrader']['notebook']}.ipynb"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: the released notebook is needed to rebuild the submission; run "
            "`nbgrader generate_assignment` first"
        )
    return read_release(path)


def release_answer_names(preprocessor: NbGraderPreprocessor, resources):
    """The variables each released answer cell may assign (empty without a release)."""
    if not isinstance(resources, Mapping) or "nbgrader" not in resources:
        return {}  # run outside nbgrader's converter: any plain name may be assigned
    try:
        return released_answer_names(release_notebook(preprocessor, resources))
    except FileNotFoundError:
        return {}


class RebuildFromRelease(NbGraderPreprocessor):
    """Build the notebook to grade from the released notebook: released cells only, with the
    release's metadata; only answer cells carry the trainee's text. What was dropped is written
    to the log and to the notebook's metadata (``simsuite.flags``)."""

    def preprocess(self, nb, resources):
        if not self.enabled:
            return nb, resources
        result = rebuild(release_notebook(self, resources), nb)
        for flag in result.flags:
            self.log.warning("%s", flag)
        result.notebook.metadata["simsuite"] = {"flags": list(result.flags)}
        return result.notebook, resources


def released_files(folders: list[Path]) -> set[str]:
    """Relative paths of the regular files in the given folders (the release and the source)."""
    found: set[str] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for directory, _folders, files in os.walk(folder, followlinks=False):
            for name in files:
                path = Path(directory) / name
                if stat.S_ISREG(os.lstat(path).st_mode):
                    found.add(str(path.relative_to(folder)))
    return found


def drop_unreleased(folder: Path, keep: set[str]) -> list[str]:
    """Remove from ``folder`` everything that is not a released file; returns what went."""
    removed: list[str] = []
    for directory, subdirectories, files in os.walk(folder, topdown=True, followlinks=False):
        base = Path(directory)
        for name in list(subdirectories):
            path = base / name
            relative = str(path.relative_to(folder))
            if path.is_symlink() or not any(k.startswith(relative + os.sep) for k in keep):
                subdirectories.remove(name)
                if path.is_symlink():
                    path.unlink()
                else:
                    shutil.rmtree(path)
                removed.append(relative + "/")
        for name in files:
            path = base / name
            relative = str(path.relative_to(folder))
            if relative in keep and not path.is_symlink():
                continue
            path.unlink()
            removed.append(relative)
    return sorted(removed)


def unreleased_files(submitted: Path, release: Path) -> list[str]:
    """Files of a submission folder that are not in the release (they will be removed before
    grading): said before grading, so the instructor sees what a trainee added."""
    keep = released_files([release]) | NBGRADER_FILES
    found = []
    for directory, _folders, files in os.walk(submitted, followlinks=False):
        for name in files:
            relative = str((Path(directory) / name).relative_to(submitted))
            if relative not in keep and not relative.endswith(".ipynb"):
                found.append(relative)
    return sorted(found)


class DropUnreleasedFiles(NbGraderPreprocessor):
    """Remove from the autograded folder every file that is not part of the release (or the
    source), so the grading kernel imports nothing a trainee added. nbgrader has already
    copied the source versions of released files over the submitted ones."""

    def preprocess(self, nb, resources):
        if not self.enabled:
            return nb, resources
        coursedir = _coursedir(self)
        info = resources["nbgrader"]
        assignment, student = info["assignment"], info["student"]
        folder = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))
        source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
        keep = released_files([_release_dir(self, resources), source]) | NBGRADER_FILES
        keep |= {p.name for p in _release_dir(self, resources).glob("*.ipynb")}
        for removed in drop_unreleased(folder, keep):
            self.log.warning("File not in the release removed before grading: %s", removed)
        return nb, resources
