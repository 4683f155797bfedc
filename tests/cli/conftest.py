"""Fixtures of the command-line tests."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A folder laid out like the repository (grading/ with the course file, the item bank and
    the nbgrader configuration), so commands run as the guide runs them without touching the
    real repository; plus valid input files to start each bad row from."""
    root = tmp_path_factory.mktemp("cli")
    grading = root / "grading"
    grading.mkdir()
    for name in ("course.yaml", "item_bank.yaml", "nbgrader_config.py"):
        shutil.copyfile(REPO / "grading" / name, grading / name)
    shutil.copytree(REPO / "grading" / "items", grading / "items")  # the bank's includes
    shutil.copytree(REPO / "grading" / "templates", grading / "templates")  # graded wording
    (root / "roster.txt").write_text("alice\nbob\n")
    course = grading / "course"
    course.mkdir(mode=0o700)
    from nbgrader.api import Gradebook

    from simsuite.course.variants import load_secret

    path = os.environ["PATH"]
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), path])  # alembic
    try:
        Gradebook(f"sqlite:///{course / 'gradebook.db'}").close()  # an empty gradebook
    finally:
        os.environ["PATH"] = path
    load_secret(course, create=True)
    (course / "exchange").mkdir()  # nbgrader's exchange on a single computer
    return root
