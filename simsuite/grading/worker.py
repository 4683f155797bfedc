"""An autograde worker: nbgrader's own autograde app, in a process of its own.

The controller (:mod:`simsuite.grading.autograde`) starts a few of these, each with its own
copy of the gradebook, and sends them trainee ids on stdin; each answers with one JSON line
per trainee on stdout. Importing nbgrader once per worker instead of once per trainee is most
of the speed-up; the separate gradebooks keep sqlite writers from blocking each other.

A memory limit set here is inherited by the kernels nbgrader starts, so a submission that
allocates without bound fails its own cell instead of taking the machine down.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import resource
import sys
import time


def _limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _guard_configured(app) -> bool:
    """Is the answer-cell guard in the sanitizing pipeline nbgrader will run?"""
    from simsuite.grading.guard import AnswerCellGuard

    configured = app.config.get("Autograde", {}).get("sanitize_preprocessors", [])
    names = {p if isinstance(p, str) else f"{p.__module__}.{p.__name__}" for p in configured}
    return f"{AnswerCellGuard.__module__}.{AnswerCellGuard.__name__}" in names


def grade_one(
    assignment: str,
    trainee: str,
    db_url: str,
    cell_timeout: int,
    extra: list[str],
    require_guard: bool = True,
) -> dict:
    from nbgrader.apps.autogradeapp import AutogradeApp

    started = time.monotonic()
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("[%(name)s | %(levelname)s] %(message)s"))
    app = AutogradeApp()
    ok = False
    try:
        app.initialize(
            [
                assignment,
                f"--student={trainee}",
                "--force",
                f"--CourseDirectory.db_url={db_url}",
                f"--Execute.timeout={cell_timeout}",
                *extra,
            ]
        )
        if require_guard and not _guard_configured(app):
            raise RuntimeError(
                "the course's nbgrader_config.py does not list "
                "simsuite.grading.guard.AnswerCellGuard in Autograde.sanitize_preprocessors: "
                "answer cells would run as code"
            )
        # nbgrader logs to stderr; the controller wants each trainee's log on its own
        for existing in list(app.log.handlers):
            app.log.removeHandler(existing)
        app.log.addHandler(handler)
        app.start()
        ok = True
    except BaseException as error:  # nbgrader ends a failed run with SystemExit
        if isinstance(error, KeyboardInterrupt):
            raise
        log.write(f"{type(error).__name__}: {error}\n")
    finally:
        app.log.removeHandler(handler)
    return {
        "trainee": trainee,
        "ok": ok,
        "log": log.getvalue()[-20000:],
        "seconds": round(time.monotonic() - started, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assignment", required=True)
    parser.add_argument("--db-url", required=True)
    parser.add_argument("--cell-timeout", type=int, default=120)
    parser.add_argument("--memory-mb", type=int, default=0)
    parser.add_argument("--nbgrader-arg", action="append", default=[])
    args = parser.parse_args(argv)
    _limit_memory(args.memory_mb)
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but result lines on the protocol channel
    # Import before saying ready, so the controller's per-submission clock measures grading.
    import nbgrader.apps.autogradeapp  # noqa: F401

    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        trainee = line.strip()
        if not trainee:
            continue
        require_guard = "--AnswerCellGuard.enabled=False" not in args.nbgrader_arg
        result = grade_one(
            args.assignment,
            trainee,
            args.db_url,
            args.cell_timeout,
            args.nbgrader_arg,
            require_guard,
        )
        out.write(json.dumps(result) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
