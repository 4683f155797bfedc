"""Fixtures for the nbgrader end-to-end tests."""

from __future__ import annotations

import shutil

import pytest
from nbgrader_sandbox import make_course


@pytest.fixture(scope="module")
def course_factory(tmp_path_factory):
    """Make a course (optionally with a roster's variants) in a fresh temporary folder."""
    made = []

    def make(roster=None):
        tmp = tmp_path_factory.mktemp("course")
        made.append(tmp)
        course = make_course(tmp, roster)
        make.courses.append(course)  # a failed test reports their secrets (tests/conftest.py)
        return course

    make.courses = []
    yield make
    for tmp in made:
        shutil.rmtree(tmp, ignore_errors=True)
