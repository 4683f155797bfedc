"""Running ``simsuite`` in-process, for the command-line tests."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path


def run_cli(argv: list[str], cwd: Path, stdin: str = "") -> tuple[int, str, str]:
    """``simsuite <argv>`` in this process: (exit code, stdout, stderr). An exception that the
    command does not turn into a message propagates: that is a traceback for the user."""
    from simsuite.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
    finally:
        os.chdir(previous)
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()
