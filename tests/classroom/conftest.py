"""Fixtures for the classroom tests: a real JupyterHub (root, `make test-classroom`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hub_session import PREFIX, start_hub, stop_hub  # noqa: E402


def _require_classroom() -> None:
    if os.geteuid() != 0:
        pytest.fail("the classroom tests create Unix accounts: run `make test-classroom` as root")
    if not (PREFIX / "venv" / "bin" / "jupyterhub").exists():
        pytest.fail(f"no classroom software in {PREFIX}: run `make test-classroom`")


@pytest.fixture(scope="module")
def hub_factory():
    """Start hubs (with settings as environment variables); stop them and remove their users."""
    _require_classroom()
    hubs = []

    def start(**settings):
        hub = start_hub(**settings)
        hubs.append(hub)
        return hub

    yield start
    for hub in hubs:
        stop_hub(hub)


def _browser_fixtures():
    """The browser tests' Chromium fixtures (tests/browser/conftest.py), for the first login."""
    import importlib.util

    # that conftest imports its neighbours (browser_support), which pytest puts on the path only
    # when it collects tests/browser itself
    sys.path.insert(0, str(Path(__file__).parents[1] / "browser"))
    spec = importlib.util.spec_from_file_location(
        "browser_fixtures", Path(__file__).parents[1] / "browser" / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.browser, module.page


browser, page = _browser_fixtures()
