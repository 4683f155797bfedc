"""What the browser tests, the benchmarks and the load test share: Debian's Chromium, the
classroom server on a free port, page sizes, and the backstop for waits.

Tests wait for the condition they need (a selector, a response), never for a fixed time; the
backstop below only stops a hung server from hanging the suite on a busy machine; it is not a
speed budget (speed lives in ``make bench``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
#: Backstop for one wait in a browser test: generous, so a loaded machine never trips it.
BACKSTOP_MS = 300_000
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def classroom_server(log_dir: Path, *options: str, folder: str = "notebooks/") -> Iterator[str]:
    """Start ``python -m simsuite.server`` on a free port; yield its address once it answers."""
    port = free_port()
    log = log_dir / f"server-{port}.log"
    bin_dir = str(Path(sys.executable).parent)
    with log.open("w") as handle:
        server = subprocess.Popen(
            [sys.executable, "-m", "simsuite.server", folder, f"--port={port}", *options],
            cwd=REPO,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PATH": os.pathsep.join([bin_dir, os.environ["PATH"]])},
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + BACKSTOP_MS / 1000
    try:
        while True:
            try:
                with urllib.request.urlopen(url + "/voila/tree", timeout=10) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def new_page(browser, viewport: str = "desktop"):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.set_default_timeout(BACKSTOP_MS)
    return context, page
