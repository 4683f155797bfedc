"""``simsuite course …``: build the nbgrader sources, autograde, and report learning.

Every option is checked at the edge: a bad value ends the command with exit code 2 and one line
that names the option, what was wrong and what is allowed (argparse's own format for values it
parses; :class:`simsuite.errors.UserInputError` for files and folders). Commands run from the
repository root or from ``grading/`` (where the nbgrader cycle leaves you): the grading folder,
the course file and the course folder are found from either.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from simsuite.i18n import _

# --- option values -------------------------------------------------------------------------------


def _number(kind, low: float, high: float, allowed: str, zero_ok: bool = False):
    """An argparse type: a finite number of ``kind`` in [low, high] (or 0 when ``zero_ok``)."""

    def parse(text: str):
        try:
            value = kind(text)
        except (TypeError, ValueError, OverflowError):
            raise argparse.ArgumentTypeError(
                _("{value!r} is not a number; allowed: {allowed}").format(
                    value=text, allowed=allowed
                )
            ) from None
        if isinstance(value, float) and not math.isfinite(value):
            ok = False
        else:
            ok = low <= value <= high or (zero_ok and value == 0)
        if not ok:
            raise argparse.ArgumentTypeError(
                _("{value} is out of range; allowed: {allowed}").format(value=text, allowed=allowed)
            )
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


def _name(what: str, check):
    def parse(text: str) -> str:
        from simsuite.errors import UserInputError

        try:
            return check(text, what)
        except UserInputError as error:
            raise argparse.ArgumentTypeError(
                _("{what} Allowed: {allowed}.").format(what=error.what, allowed=error.allowed)
            ) from None

    parse.__name__ = "name"
    return parse


def _assignment_name(text: str) -> str:
    from simsuite.course.course import check_name

    return _name(_("assignment name"), lambda value, what: check_name(value, "", what))(text)


def _trainee_id(text: str) -> str:
    from simsuite.course.variants import check_trainee

    return _name(_("trainee id"), lambda value, what: check_trainee(value, ""))(text)


def _seconds():
    from simsuite.grading.course_dir import MAX_TIMEOUT

    return _number(
        float,
        1e-3,
        MAX_TIMEOUT,
        _("seconds per submission, more than 0 and at most {max:g}").format(max=MAX_TIMEOUT),
    )


def _memory():
    from simsuite.grading.course_dir import MAX_MEMORY_MB, MIN_MEMORY_MB

    return _number(
        int,
        MIN_MEMORY_MB,
        MAX_MEMORY_MB,
        _("0 (no limit) or MiB from {min} to {max}").format(min=MIN_MEMORY_MB, max=MAX_MEMORY_MB),
        zero_ok=True,
    )


def _workers():
    from simsuite.grading.course_dir import MAX_WORKERS

    return _number(int, 1, MAX_WORKERS, _("1 to {max}").format(max=MAX_WORKERS))


# --- where things are ----------------------------------------------------------------------------


def _grading_dir(given: Path | None) -> Path:
    """The grading folder: as given, else ``grading/`` from the repository root, else the
    current folder when it is the grading folder itself."""
    if given is not None:
        return given
    for candidate in (Path("grading"), Path(".")):
        if (candidate / "nbgrader_config.py").is_file():
            return candidate
    return Path("grading")


def _course_file(given: Path | None, grading_dir: Path | None = None) -> Path:
    if given is not None:
        return given
    folder = _grading_dir(grading_dir)
    return folder / "course.yaml"


def _exercises_dir(given: Path | None, course_file: Path) -> Path:
    """The public preview's folder: as given, else ``exercises/`` beside ``grading/``."""
    if given is not None:
        return given
    return course_file.resolve().parent.parent / "exercises"


@contextmanager
def _stop_cleanly():
    """Ctrl-C and SIGTERM both end a long command the same clean way (KeyboardInterrupt)."""

    def on_term(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- the commands ---------------------------------------------------------------------------


def _build(args: argparse.Namespace) -> int:
    from simsuite.course.build import build_course
    from simsuite.course.paths import check_input_file

    course_file = check_input_file(_course_file(args.course), "--course", _("course file"))
    for path in build_course(course_file, _exercises_dir(args.exercises, course_file)):
        print(path)
    return 0


def _progress_printer(stream=sys.stderr):
    """One line per trainee, ending with a bar: done/total, failures and the time left."""
    failures = 0

    def show(outcome, done: int, total: int, eta: float | None) -> None:
        nonlocal failures
        if outcome.status == "failed":
            failures += 1
            status = _("FAILED: {reason}").format(reason=outcome.reason)
        elif outcome.status == "resumed":
            status = _("already graded {score:g}/{max:g}").format(
                score=outcome.score, max=outcome.max_score
            )
        else:
            status = _("graded {score:g}/{max:g}").format(
                score=outcome.score, max=outcome.max_score
            )
        if outcome.flags and outcome.status != "failed":
            status += " [" + "; ".join(outcome.flags) + "]"
        width = 30
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        left = (
            _("ETA {minutes}:{seconds:02d}").format(minutes=int(eta // 60), seconds=int(eta % 60))
            if eta is not None
            else ""
        )
        stream.write(f"[{bar}] {done}/{total} {left}  {outcome.trainee}: {status}\n")
        stream.flush()

    return show


def _autograde(args: argparse.Namespace) -> int:
    from simsuite.grading.autograde import AutogradeInterrupted, autograde

    try:
        with _stop_cleanly():
            outcomes = autograde(
                _grading_dir(args.grading_dir),
                args.assignment,
                args.student or None,
                timeout=args.timeout,
                progress=_progress_printer(),
                workers=args.workers,
                memory_mb=args.memory_mb,
                resume=not args.no_resume,
                allow_code=args.allow_code,
            )
    except AutogradeInterrupted as stop:
        sys.stderr.write(
            _(
                "Stopped: {done} submission(s) recorded, {left} left. Every grade so far is "
                "saved; run the same command again to go on."
            ).format(done=len(stop.outcomes), left=stop.remaining)
            + "\n"
        )
        return 130
    counts = {"graded": 0, "failed": 0, "resumed": 0}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    counts["flagged"] = sum(1 for o in outcomes if o.flags)
    print(json.dumps(counts))
    return 0


def _feedback(args: argparse.Namespace) -> int:
    from simsuite.grading.feedback import write_feedback

    run = write_feedback(_grading_dir(args.grading_dir), args.assignment)
    for path in run.written:
        print(path)
    for trainee, error in sorted(run.failed.items()):
        sys.stderr.write(
            _("{trainee}: no feedback page ({error})").format(trainee=trainee, error=error) + "\n"
        )
    sys.stderr.write(
        _("{n} feedback page(s) written, {failed} could not be made.").format(
            n=len(run.written), failed=len(run.failed)
        )
        + "\n"
    )
    return 0


def _variants(args: argparse.Namespace) -> int:
    from simsuite.course.build import load_course, write_course_sources
    from simsuite.course.paths import check_input_file, private_folder_warning
    from simsuite.course.variants import load_secret, read_roster
    from simsuite.grading.course_dir import course_root

    grading_dir = _grading_dir(args.grading_dir)
    course_file = check_input_file(
        _course_file(args.course, grading_dir), "--course", _("course file")
    )
    course = load_course(course_file)
    roster = read_roster(args.roster)
    root = course_root(grading_dir.resolve())
    secret = load_secret(root, create=True)
    for path in write_course_sources(course, root / "source", roster, secret):
        print(path)
    warning = private_folder_warning(root)
    if warning:
        sys.stderr.write(warning + "\n")
    return 0


REPORT_MARKER = ".simsuite-report"


def _report(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from simsuite.analytics.report import write_cohort_report
    from simsuite.course.build import load_course
    from simsuite.course.paths import check_input_file, check_output_folder
    from simsuite.course.variants import load_secret
    from simsuite.errors import UserInputError
    from simsuite.grading.course_dir import LOG_NAME, course_root

    grading_dir = _grading_dir(args.grading_dir)
    root = args.course_root
    if args.gradebook is None:
        root = root or course_root(grading_dir.resolve())
        gradebook = f"sqlite:///{Path(root).resolve() / 'gradebook.db'}"
    else:
        gradebook = args.gradebook
        if root is None:
            if not gradebook.startswith("sqlite:///"):
                raise UserInputError(
                    _("Give --course-root: the folder that holds the course secret."),
                    where="--gradebook",
                )
            root = Path(gradebook[len("sqlite:///") :]).parent
    if gradebook.startswith("sqlite:///"):
        check_input_file(gradebook[len("sqlite:///") :], "--gradebook", _("gradebook"))
    course_file = check_input_file(
        _course_file(args.course, grading_dir), "--course", _("course file")
    )
    course = load_course(course_file)
    secret = load_secret(root)
    out = check_output_folder(args.out or Path(root) / "reports", "--out", marker=REPORT_MARKER)
    try:
        paths = write_cohort_report(
            gradebook,
            out,
            course.item_bank,
            secret,
            pre=args.pre,
            post=args.post,
            pseudonymize=args.pseudonymize,
            autograde_log=Path(root) / LOG_NAME,
            course=course,
            course_root=root,
        )
    except SQLAlchemyError as error:
        raise UserInputError(
            _("Cannot read the gradebook ({reason}).").format(
                reason=str(getattr(error, "orig", error)).splitlines()[0][:200]
            ),
            where=f"--gradebook {gradebook}",
            allowed=_("an nbgrader gradebook database"),
        ) from None
    print(json.dumps({name: str(path) for name, path in paths.items()}, indent=1))
    return 0


def _simulate_cohort(args: argparse.Namespace) -> int:
    from simsuite.analytics.cohort import CohortParams, run_cohort
    from simsuite.course.paths import check_input_file

    course_file = check_input_file(_course_file(args.course), "--course", _("course file"))
    params = CohortParams(
        n_trainees=args.trainees,
        seed=args.seed,
        sloppy_share=args.sloppy,
        malicious_share=args.malicious,
    )
    with _stop_cleanly():
        result = run_cohort(
            args.trainees,
            args.out,
            seed=args.seed,
            workers=args.workers,
            params=params,
            course_file=course_file,
            progress=lambda message: sys.stderr.write(message + "\n"),
        )
    failed = {
        name: sum(1 for o in outcomes if o.status != "graded")
        for name, outcomes in result.outcomes.items()
    }
    print(
        json.dumps(
            {
                "report": str(result.report["html"]),
                "csv": str(result.report["csv"]),
                "failed": failed,
                "seconds": dict(result.seconds),
            },
            indent=1,
        )
    )
    return 0


def _trainee_config(args: argparse.Namespace) -> int:
    from simsuite.course.build import load_course
    from simsuite.course.paths import check_input_file
    from simsuite.grading.course_dir import course_config, course_root
    from simsuite.grading.trainee import trainee_config_text, write_trainee_config

    grading_dir = _grading_dir(args.grading_dir)
    course_file = check_input_file(
        _course_file(args.course, grading_dir), "--course", _("course file")
    )
    course = load_course(course_file)
    config = course_config(grading_dir)
    exchange = args.exchange
    if exchange is None:
        exchange = config.get("Exchange", {}).get("root")
    root = course_root(grading_dir.resolve())
    text = trainee_config_text(course.course_id, exchange, root)
    if args.out is None:
        sys.stdout.write(text)
    else:
        print(write_trainee_config(args.out, text))
    return 0


# --- the parser -----------------------------------------------------------------------------


def _course_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course",
        default=None,
        type=Path,
        help=_("course file (default: course.yaml in the grading folder)"),
    )


def _grading_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--grading-dir",
        default=None,
        type=Path,
        help=_(
            "folder with nbgrader_config.py and course.yaml (default: grading/, or the current "
            "folder when it is the grading folder)"
        ),
    )


def _run(handler):
    """Ctrl-C in a command that has no clean stop of its own: a line, not a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except KeyboardInterrupt:
            sys.stderr.write(_("Stopped.") + "\n")
            return 130

    return run


def register(subparsers: argparse._SubParsersAction) -> None:
    course = subparsers.add_parser(
        "course", help=_("instructor tools: build nbgrader sources, autograde, report")
    )
    commands = course.add_subparsers(dest="course_command", metavar="ACTION", required=True)

    build = commands.add_parser(
        "build", help=_("write the public preview of the nbgrader sources (exercises/)")
    )
    _course_option(build)
    build.add_argument(
        "--exercises",
        default=None,
        type=Path,
        help=_("folder of the public preview (default: exercises/ beside grading/)"),
    )
    build.set_defaults(handler=_run(_build))

    variants = commands.add_parser(
        "variants",
        help=_("write each rostered trainee's case and test form into the course folder"),
    )
    variants.add_argument(
        "--roster",
        required=True,
        type=Path,
        help=_("file of trainee ids (JupyterHub user names), one per line"),
    )
    _course_option(variants)
    _grading_dir_option(variants)
    variants.set_defaults(handler=_run(_variants))

    trainee = commands.add_parser(
        "trainee-config",
        help=_("write the trainees' nbgrader configuration (exchange and course id only)"),
    )
    trainee.add_argument(
        "--exchange",
        default=None,
        help=_("nbgrader's exchange folder (default: the course's Exchange.root)"),
    )
    trainee.add_argument(
        "--out",
        default=None,
        type=Path,
        help=_("file to write, e.g. /etc/jupyter/nbgrader_config.py (default: print it)"),
    )
    _course_option(trainee)
    _grading_dir_option(trainee)
    trainee.set_defaults(handler=_run(_trainee_config))

    grade = commands.add_parser(
        "autograde", help=_("autograde every submission with nbgrader, recording failures")
    )
    grade.add_argument("assignment", type=_assignment_name, help=_("assignment name, e.g. pretest"))
    _grading_dir_option(grade)
    grade.add_argument(
        "--student",
        action="append",
        type=_trainee_id,
        help=_("grade only this trainee (repeatable)"),
    )
    grade.add_argument(
        "--timeout",
        type=_seconds(),
        default=300.0,
        help=_(
            "seconds allowed per submission (default: 300); nbgrader's per-cell limit of the "
            "course configuration applies within it"
        ),
    )
    grade.add_argument(
        "--workers", type=_workers(), default=None, help=_("parallel graders (default: cores + 1)")
    )
    grade.add_argument(
        "--memory-mb",
        type=_memory(),
        default=4096,
        help=_("memory limit per grader and its kernel, in MiB (default: 4096; 0: none)"),
    )
    grade.add_argument(
        "--no-resume",
        action="store_true",
        help=_("grade again submissions that are already graded and unchanged"),
    )
    grade.add_argument(
        "--allow-code",
        action="store_true",
        help=_("run code in answer cells (exercises whose answers are code); limits still apply"),
    )
    grade.set_defaults(handler=_autograde)

    feedback = commands.add_parser(
        "feedback",
        help=_("write trainees' feedback (scores and explanations, no hidden tests or keys)"),
    )
    feedback.add_argument(
        "assignment", type=_assignment_name, help=_("assignment name, e.g. identification_case")
    )
    _grading_dir_option(feedback)
    feedback.set_defaults(handler=_run(_feedback))

    report = commands.add_parser(
        "report", help=_("cohort learning report (items, competencies) from the gradebook")
    )
    _grading_dir_option(report)
    report.add_argument(
        "--gradebook",
        default=None,
        help=_("nbgrader database URL (default: the course folder's gradebook.db)"),
    )
    _course_option(report)
    report.add_argument(
        "--course-root",
        type=Path,
        help=_("folder with the course secret (default: the course folder)"),
    )
    report.add_argument(
        "--out",
        default=None,
        type=Path,
        help=_("output folder (default: reports/ in the course folder)"),
    )
    report.add_argument(
        "--pre", default="pretest", type=_assignment_name, help=_("pre-test assignment name")
    )
    report.add_argument(
        "--post", default="posttest", type=_assignment_name, help=_("post-test assignment name")
    )
    report.add_argument(
        "--pseudonymize", action="store_true", help=_("replace trainee ids by T001, T002, …")
    )
    report.set_defaults(handler=_run(_report))

    from simsuite.analytics.cohort import MAX_TRAINEES

    simulate = commands.add_parser(
        "simulate-cohort",
        help=_("simulate a cohort end to end: pre-test, post-test, autograde, report"),
    )
    simulate.add_argument(
        "--trainees",
        type=_number(int, 1, MAX_TRAINEES, _("1 to {max}").format(max=MAX_TRAINEES)),
        default=200,
        help=_("number of trainees (default: 200)"),
    )
    simulate.add_argument(
        "--out",
        required=True,
        type=Path,
        help=_("new or empty work folder, outside the repository"),
    )
    simulate.add_argument(
        "--seed",
        type=_number(int, 0, 2**32 - 1, _("0 to {max}").format(max=2**32 - 1)),
        default=0,
        help=_("random seed (default: 0)"),
    )
    simulate.add_argument(
        "--workers",
        type=_workers(),
        default=None,
        help=_("parallel autograde workers (default: cores + 1)"),
    )
    share = _number(float, 0.0, 1.0, _("a share from 0 to 1"))
    simulate.add_argument(
        "--sloppy", type=share, default=0.08, help=_("share of sloppy trainees (default: 0.08)")
    )
    simulate.add_argument(
        "--malicious",
        type=share,
        default=0.04,
        help=_("share of malicious trainees (default: 0.04)"),
    )
    _course_option(simulate)
    simulate.set_defaults(handler=_run(_simulate_cohort))
