"""An autograde worker: nbgrader's own autograde app, in a process of its own.

The controller (:mod:`simsuite.grading.autograde`) starts a few of these, each with its own
copy of the gradebook, and sends them trainee ids on stdin; each answers with one JSON line
per trainee on stdout. Importing nbgrader once per worker instead of once per trainee is most
of the speed-up; the separate gradebooks keep sqlite writers from blocking each other.

No grader outlives its controller: the worker asks Linux to send it SIGTERM when the controller
ends (even by SIGKILL), and on SIGTERM it kills its kernels (each in a session of its own, so a
kill of the worker's process group does not reach them) before it exits. Kernels also watch
the worker themselves (ipykernel's parent poller, through ``JPY_PARENT_PID``).

A memory limit set here is inherited by the kernels nbgrader starts, so a submission that
allocates without bound fails its own cell instead of taking the machine down.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import resource
import signal
import sys
import time

#: The preprocessors a course's configuration must run before nbgrader executes a submission.
REQUIRED_PREPROCESSORS = (
    "simsuite.grading.rebuild.DropUnreleasedFiles",
    "simsuite.grading.rebuild.RebuildFromRelease",
)
GUARD = "simsuite.grading.guard.AnswerCellGuard"
_PR_SET_PDEATHSIG = 1


def _limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        # inside a memory-limited server (a hub's single-user pod) the inherited hard limit may
        # be lower: asking for more raises ValueError, and the worker would never start
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc; elsewhere none are found)."""
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(int(entry))
    return found


def kill_kernels() -> None:
    """Kill this worker's kernels with everything they started (their own process groups)."""
    for child in _children(os.getpid()):
        try:
            os.killpg(child, signal.SIGKILL)  # a kernel leads its own session and group
        except (ProcessLookupError, PermissionError):
            try:
                os.kill(child, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def _end_with_controller(parent: int) -> None:
    """SIGTERM when the controller ends; on SIGTERM, take the kernels down and leave."""

    def on_term(signum, frame):
        kill_kernels()
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the kernels' parent poller still applies
        pass
    if parent and os.getppid() != parent:  # the controller ended before the request was made
        on_term(signal.SIGTERM, None)
    # ipykernel exits when this process is gone (its parent poller reads JPY_PARENT_PID)
    os.environ["JPY_PARENT_PID"] = str(os.getpid())


def _configured(app) -> set[str]:
    configured = app.config.get("Autograde", {}).get("sanitize_preprocessors", [])
    return {p if isinstance(p, str) else f"{p.__module__}.{p.__name__}" for p in configured}


def grade_one(
    assignment: str,
    trainee: str,
    db_url: str,
    cell_timeout: float | None,
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
        timeout = [f"--Execute.timeout={cell_timeout:g}"] if cell_timeout else []
        app.initialize(
            [
                assignment,
                f"--student={trainee}",
                "--force",
                f"--CourseDirectory.db_url={db_url}",
                *timeout,
                *extra,
            ]
        )
        required = REQUIRED_PREPROCESSORS + ((GUARD,) if require_guard else ())
        missing = [name for name in required if name not in _configured(app)]
        if missing:
            raise RuntimeError(
                "the course's nbgrader_config.py does not list "
                f"{', '.join(missing)} in Autograde.sanitize_preprocessors: submitted code "
                "would run at grading time"
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
        kill_kernels()  # a kernel nbgrader could not shut down does not outlive its job
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
    parser.add_argument("--cell-timeout", type=float, default=None)
    parser.add_argument("--memory-mb", type=int, default=0)
    parser.add_argument("--parent-pid", type=int, default=0)
    parser.add_argument("--nbgrader-arg", action="append", default=[])
    args = parser.parse_args(argv)
    _end_with_controller(args.parent_pid)
    _limit_memory(args.memory_mb)
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but result lines on the protocol channel
    # Import before saying ready, so the controller's per-submission clock measures grading.
    import nbgrader.apps.autogradeapp  # noqa: F401

    import simsuite.grading.rebuild  # noqa: F401 - fail here, before ready, if it cannot load

    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    require_guard = "--AnswerCellGuard.enabled=False" not in args.nbgrader_arg
    for line in sys.stdin:
        trainee = line.strip()
        if not trainee:
            continue
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
