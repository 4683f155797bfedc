"""``simsuite course …``: build the nbgrader sources, autograde, and report learning."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simsuite.i18n import _


def _build(args: argparse.Namespace) -> int:
    from simsuite.assessment.build import build_course

    for path in build_course(args.course, args.exercises):
        print(path)
    return 0


def _autograde(args: argparse.Namespace) -> int:
    from simsuite.assessment.autograde import autograde

    def progress(outcome, done: int, total: int) -> None:
        status = (
            _("graded {score:g}/{max:g}").format(score=outcome.score, max=outcome.max_score)
            if outcome.status == "graded"
            else _("FAILED: {reason}").format(reason=outcome.reason)
        )
        sys.stderr.write(f"[{done}/{total}] {outcome.trainee}: {status}\n")

    outcomes = autograde(
        args.grading_dir,
        args.assignment,
        args.student or None,
        timeout=args.timeout,
        progress=progress,
    )
    failed = [o for o in outcomes if o.status != "graded"]
    print(json.dumps({"graded": len(outcomes) - len(failed), "failed": len(failed)}))
    return 0


def _report(args: argparse.Namespace) -> int:
    from simsuite.assessment.report import write_prepost_report

    paths = write_prepost_report(
        args.gradebook, args.out, pre=args.pre, post=args.post, pseudonymize=args.pseudonymize
    )
    print(json.dumps({name: str(path) for name, path in paths.items()}, indent=1))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    course = subparsers.add_parser(
        "course", help=_("instructor tools: build nbgrader sources, autograde, report")
    )
    commands = course.add_subparsers(dest="course_command", metavar="ACTION", required=True)

    build = commands.add_parser("build", help=_("write the nbgrader source notebooks"))
    build.add_argument(
        "--course",
        default="grading/course.yaml",
        type=Path,
        help=_("course file (default: grading/course.yaml)"),
    )
    build.add_argument(
        "--exercises",
        default="exercises",
        type=Path,
        help=_("folder of nbgrader sources (default: exercises)"),
    )
    build.set_defaults(handler=_build)

    grade = commands.add_parser(
        "autograde", help=_("autograde every submission with nbgrader, recording failures")
    )
    grade.add_argument("assignment", help=_("assignment name, e.g. pretest"))
    grade.add_argument(
        "--grading-dir",
        default="grading",
        type=Path,
        help=_("folder with nbgrader_config.py (default: grading)"),
    )
    grade.add_argument("--student", action="append", help=_("grade only this trainee (repeatable)"))
    grade.add_argument(
        "--timeout",
        type=float,
        default=300,
        help=_("seconds allowed per submission (default: 300)"),
    )
    grade.set_defaults(handler=_autograde)

    report = commands.add_parser("report", help=_("pre/post learning report from the gradebook"))
    report.add_argument(
        "--gradebook",
        default="sqlite:///grading/course/gradebook.db",
        help=_("nbgrader database URL"),
    )
    report.add_argument("--out", default="reports", type=Path, help=_("output folder"))
    report.add_argument("--pre", default="pretest", help=_("pre-test assignment name"))
    report.add_argument("--post", default="posttest", help=_("post-test assignment name"))
    report.add_argument(
        "--pseudonymize", action="store_true", help=_("replace trainee ids by T001, T002, …")
    )
    report.set_defaults(handler=_report)
