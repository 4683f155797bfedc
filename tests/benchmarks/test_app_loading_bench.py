"""Time to the first usable widget of every app, side by side with a one-button Voilà page.

The floor is the one-button page on plain Voilà (``voila`` with its defaults: what the
simplest Voilà page costs on this machine); the apps are served by the classroom server
(``python -m simsuite.server``: the page shell, warm kernels). The one-button page on the
classroom server is reported too. Target from issue 13: each app at most 1.3x the floor.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

from app_timing import FLOOR, PAGES, Page, measure, summary  # noqa: E402
from browser_support import BACKSTOP_MS, classroom_server, free_port  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PLAIN_FLOOR = "floor on plain Voilà"
ROUNDS = 5
TARGET = 1.3


@pytest.fixture(scope="module")
def timings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lessons")
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, folder)
    floor = REPO / "tests" / "benchmarks" / "floor" / "one_button.ipynb"
    shutil.copy(floor, folder)
    plain_dir = tmp_path_factory.mktemp("plain")
    shutil.copy(floor, plain_dir)
    port = free_port()
    plain = subprocess.Popen(
        [str(Path(sys.executable).with_name("voila")), str(plain_dir), "--no-browser",
         "--Voila.ip=127.0.0.1", f"--port={port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    plain_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + BACKSTOP_MS / 1000
        while True:
            try:
                urllib.request.urlopen(plain_url + "/voila/tree", timeout=10).close()
                break
            except OSError:
                assert time.monotonic() < deadline and plain.poll() is None
                time.sleep(0.3)
        with classroom_server(tmp_path_factory.mktemp("logs"), folder=str(folder)) as ours:
            time.sleep(10)  # let the warm pool fill, as it has when a class walks in
            pages = (Page(PLAIN_FLOOR, "one_button.ipynb", ".simsuite-check"), *PAGES)
            bases = {page.name: ours for page in PAGES} | {PLAIN_FLOOR: plain_url}
            times = measure(bases, pages, rounds=ROUNDS)
    finally:
        plain.terminate()
        plain.wait(timeout=30)
    return summary(times, PLAIN_FLOOR)


@pytest.mark.parametrize("name", [page.name for page in PAGES])
def test_time_to_first_usable_widget(benchmark, timings, name):
    row = timings[name]
    floor = timings[PLAIN_FLOOR]["median_s"]
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    label = "one-button page, classroom server" if name == FLOOR else name
    benchmark.extra_info.update(
        metric=f"time to the first usable widget / one-button page on plain Voilà: {label}",
        value=row["ratio"],
        unit="x",
        target=f"≤ {TARGET}x",
        met=row["ratio"] <= TARGET if name != FLOOR else None,
        median_s=row["median_s"],
        note=f"{label}: {row['median_s']:.2f} s; floor (one button, plain Voilà) "
        f"{floor:.2f} s; median of {ROUNDS} rounds, pages in rotating order",
    )
