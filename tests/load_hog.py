"""Run a command while every core is kept busy (``make test-under-load``).

One spinning process per core, at normal priority, for as long as the command runs; the
command's exit code is returned. Tests that wait for the condition they need pass like this;
tests with a tight time budget do not.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys


def spin() -> None:
    value = 0
    while True:
        value = (value * 1103515245 + 12345) % 2**31


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        print("usage: python tests/load_hog.py -- command …", file=sys.stderr)
        return 2
    hogs = [multiprocessing.Process(target=spin, daemon=True) for _ in range(os.cpu_count() or 2)]
    for hog in hogs:
        hog.start()
    print(f"load_hog: {len(hogs)} busy processes while running: {' '.join(command)}", flush=True)
    try:
        return subprocess.call(command)
    finally:
        for hog in hogs:
            hog.terminate()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
