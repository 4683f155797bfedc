"""Simulated trainees: fill the answer cells of a released notebook as a trainee would.

Used by the end-to-end tests and by the simulated cohort that demonstrates the pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import nbformat


def answer_cells(notebook: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    """The cells a trainee may edit, by nbgrader grade id."""
    return {
        cell.metadata["nbgrader"]["grade_id"]: cell
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }


def fill_answers(
    released: str | Path,
    target: str | Path,
    sources: Mapping[str, str],
    locked_edits: Mapping[str, str] | None = None,
) -> nbformat.NotebookNode:
    """Write a submission: the released notebook with the given answer cells replaced.

    ``sources`` maps an answer cell's grade id to its new source. Unmentioned answer cells are
    left as released (a trainee who skipped them). ``locked_edits`` rewrites any other cell by
    grade id, as a trainee tampering with a locked or grade cell would.
    """
    notebook = nbformat.read(str(released), as_version=4)
    cells = answer_cells(notebook)
    unknown = set(sources) - set(cells)
    if unknown:
        raise KeyError(f"no answer cell {sorted(unknown)}; cells: {sorted(cells)}")
    for grade_id, source in sources.items():
        cells[grade_id].source = source
    if locked_edits:
        every = {
            cell.metadata["nbgrader"]["grade_id"]: cell
            for cell in notebook.cells
            if "grade_id" in cell.metadata.get("nbgrader", {})
        }
        unknown = set(locked_edits) - set(every)
        if unknown:
            raise KeyError(f"no cell {sorted(unknown)}; cells: {sorted(every)}")
        for grade_id, source in locked_edits.items():
            every[grade_id].source = source
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(target))
    return notebook
