"""``simsuite course …``: build the nbgrader sources, autograde, and report learning."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simsuite.i18n import _


def _build(args: argparse.Namespace) -> int:
    from simsuite.course.build import build_course

    for path in build_course(args.course, args.exercises):
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
        if outcome.flags:
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
    from simsuite.grading.autograde import autograde

    outcomes = autograde(
        args.grading_dir,
        args.assignment,
        args.student or None,
        timeout=args.timeout,
        progress=_progress_printer(),
        workers=args.workers,
        memory_mb=args.memory_mb,
        resume=not args.no_resume,
        allow_code=args.allow_code,
    )
    counts = {"graded": 0, "failed": 0, "resumed": 0}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    counts["flagged"] = sum(1 for o in outcomes if o.flags)
    print(json.dumps(counts))
    return 0


def _feedback(args: argparse.Namespace) -> int:
    from simsuite.grading.feedback import write_feedback

    for path in write_feedback(args.grading_dir, args.assignment):
        print(path)
    return 0


def _variants(args: argparse.Namespace) -> int:
    from simsuite.course.build import load_course, write_variants
    from simsuite.course.variants import load_secret, read_roster
    from simsuite.grading.autograde import course_root

    course = load_course(args.course)
    roster = read_roster(args.roster)
    secret = load_secret(course_root(args.grading_dir.resolve()), create=True)
    for path in write_variants(course, args.exercises, roster, secret):
        print(path)
    return 0


def _report(args: argparse.Namespace) -> int:
    from simsuite.analytics.report import write_cohort_report
    from simsuite.course.build import load_course
    from simsuite.course.variants import load_secret
    from simsuite.errors import UserInputError

    course_root = args.course_root
    if course_root is None:
        if not args.gradebook.startswith("sqlite:///"):
            raise UserInputError(
                _("Give --course-root: the folder that holds the course secret."),
                where="--gradebook",
            )
        course_root = Path(args.gradebook[len("sqlite:///") :]).parent
    course_file = args.course
    if course_file is None:  # from the repository root or from grading/, as the guide runs it
        candidates = [Path("grading/course.yaml"), Path("course.yaml")]
        course_file = next((c for c in candidates if c.exists()), candidates[0])
    course = load_course(course_file)
    paths = write_cohort_report(
        args.gradebook,
        args.out,
        course.item_bank,
        load_secret(course_root),
        pre=args.pre,
        post=args.post,
        pseudonymize=args.pseudonymize,
        autograde_log=Path(course_root) / "autograde_log.json",
        course=course,
        course_root=course_root,
    )
    print(json.dumps({name: str(path) for name, path in paths.items()}, indent=1))
    return 0


def _simulate_cohort(args: argparse.Namespace) -> int:
    from simsuite.analytics.cohort import CohortParams, run_cohort

    params = CohortParams(
        n_trainees=args.trainees,
        seed=args.seed,
        sloppy_share=args.sloppy,
        malicious_share=args.malicious,
    )
    result = run_cohort(
        args.trainees,
        args.out,
        seed=args.seed,
        workers=args.workers,
        params=params,
        course_file=args.course,
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


def _course_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course",
        default="grading/course.yaml",
        type=Path,
        help=_("course file (default: grading/course.yaml)"),
    )


def _exercises_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exercises",
        default="exercises",
        type=Path,
        help=_("folder of nbgrader sources (default: exercises)"),
    )


def _grading_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--grading-dir",
        default="grading",
        type=Path,
        help=_("folder with nbgrader_config.py and course.yaml (default: grading)"),
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    course = subparsers.add_parser(
        "course", help=_("instructor tools: build nbgrader sources, autograde, report")
    )
    commands = course.add_subparsers(dest="course_command", metavar="ACTION", required=True)

    build = commands.add_parser("build", help=_("write the nbgrader source notebooks"))
    _course_option(build)
    _exercises_option(build)
    build.set_defaults(handler=_build)

    grade = commands.add_parser(
        "autograde", help=_("autograde every submission with nbgrader, recording failures")
    )
    grade.add_argument("assignment", help=_("assignment name, e.g. pretest"))
    _grading_dir_option(grade)
    grade.add_argument("--student", action="append", help=_("grade only this trainee (repeatable)"))
    grade.add_argument(
        "--timeout",
        type=float,
        default=300,
        help=_("seconds allowed per submission (default: 300)"),
    )
    grade.add_argument(
        "--workers", type=int, default=None, help=_("parallel graders (default: cores + 1)")
    )
    grade.add_argument(
        "--memory-mb",
        type=int,
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
    feedback.add_argument("assignment", help=_("assignment name, e.g. identification_case"))
    _grading_dir_option(feedback)
    feedback.set_defaults(handler=_feedback)

    variants = commands.add_parser(
        "variants", help=_("write each rostered trainee's own case and test form before release")
    )
    variants.add_argument(
        "--roster",
        required=True,
        type=Path,
        help=_("file of trainee ids (JupyterHub user names), one per line"),
    )
    _course_option(variants)
    _exercises_option(variants)
    _grading_dir_option(variants)
    variants.set_defaults(handler=_variants)

    report = commands.add_parser(
        "report", help=_("cohort learning report (items, competencies) from the gradebook")
    )
    report.add_argument(
        "--gradebook",
        default="sqlite:///grading/course/gradebook.db",
        help=_("nbgrader database URL"),
    )
    report.add_argument(
        "--course",
        type=Path,
        help=_("course file, for the item bank (default: grading/course.yaml or ./course.yaml)"),
    )
    report.add_argument(
        "--course-root",
        type=Path,
        help=_("folder with the course secret (default: the gradebook's folder)"),
    )
    report.add_argument("--out", default="reports", type=Path, help=_("output folder"))
    report.add_argument("--pre", default="pretest", help=_("pre-test assignment name"))
    report.add_argument("--post", default="posttest", help=_("post-test assignment name"))
    report.add_argument(
        "--pseudonymize", action="store_true", help=_("replace trainee ids by T001, T002, …")
    )
    report.set_defaults(handler=_report)

    simulate = commands.add_parser(
        "simulate-cohort",
        help=_("simulate a cohort end to end: pre-test, post-test, autograde, report"),
    )
    simulate.add_argument(
        "--trainees", type=int, default=200, help=_("number of trainees (default: 200)")
    )
    simulate.add_argument(
        "--out", required=True, type=Path, help=_("new work folder for the simulated course")
    )
    simulate.add_argument("--seed", type=int, default=0, help=_("random seed (default: 0)"))
    simulate.add_argument(
        "--workers",
        type=int,
        default=None,
        help=_("parallel autograde workers (default: cores + 1)"),
    )
    simulate.add_argument(
        "--sloppy", type=float, default=0.08, help=_("share of sloppy trainees (default: 0.08)")
    )
    simulate.add_argument(
        "--malicious",
        type=float,
        default=0.04,
        help=_("share of malicious trainees (default: 0.04)"),
    )
    _course_option(simulate)
    simulate.set_defaults(handler=_simulate_cohort)
