from __future__ import annotations

from pathlib import Path

import pytest

from simsuite.errors import UserInputError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def _courses(value, depth: int = 2):
    """The throw-away nbgrader courses (tests/nbgrader/nbgrader_sandbox.Course) in a fixture's
    value: the course itself, a tuple holding it, or the factory that made them."""
    if hasattr(value, "secret") and hasattr(value, "exchange"):
        yield value
    elif callable(value) and isinstance(getattr(value, "courses", None), list):
        yield from value.courses
    elif isinstance(value, tuple | list) and depth:
        for part in value:
            yield from _courses(part, depth - 1)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test on a course with a random secret says the secret: the cases it drew
    depend on it, and SIMSUITE_TEST_SECRET=<secret> draws them again."""
    report = yield
    if report.failed:
        for value in getattr(item, "funcargs", {}).values():
            for course in _courses(value):
                try:
                    secret = course.secret.decode()
                except UserInputError:  # a course with no secret file: nothing to replay
                    continue
                report.sections.append(
                    ("course secret", f"SIMSUITE_TEST_SECRET={secret} draws these cases again")
                )
    return report
