from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(autouse=True)
def _not_in_a_graded_kernel(monkeypatch):
    """The content checks skip themselves in a graded kernel, which they recognise by
    ``simsuite.course.grade`` being imported; a test module that imports it at collection must
    not switch the checks off for every other test of the session."""
    import sys

    monkeypatch.delitem(sys.modules, "simsuite.course.grade", raising=False)
