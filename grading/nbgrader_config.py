"""nbgrader configuration of the simsuite course (the instructor's side).

Run nbgrader from this folder (``cd grading``). Everything that belongs to one course and its
roster (the course secret, the per-trainee sources written by ``simsuite course variants``,
release, submitted, autograded, feedback, gradebook.db) lives in the course folder,
``grading/course/`` (not tracked; created readable by its owner only) or
``$SIMSUITE_COURSE_ROOT``. The tracked ``exercises/`` hold only the public preview built by
``simsuite course build``. Trainees get their own, much smaller configuration (exchange and
course id only): ``simsuite course trainee-config``.
"""

import os
import re

here = os.path.dirname(os.path.abspath(__file__))
# Grading kernels resolve the course's content (the item bank) against this folder.
os.environ.setdefault("SIMSUITE_GRADING_DIR", here)
c = get_config()  # noqa: F821 - injected by traitlets when it loads this file


def _course_id(default="simsuite-tip-basic"):
    """The course id of course.yaml (one place for it), read without a YAML parser."""
    try:
        with open(os.path.join(here, "course.yaml"), encoding="utf-8") as handle:
            for line in handle:
                match = re.match(r"^course_id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9_-]*)['\"]?\s*$", line)
                if match:
                    return match.group(1)
    except OSError:
        pass
    return default


c.CourseDirectory.course_id = os.environ.get("SIMSUITE_COURSE_ID") or _course_id()
c.CourseDirectory.root = os.environ.get("SIMSUITE_COURSE_ROOT") or os.path.join(here, "course")
# nbgrader expects the course folder to exist; only its owner may read it (the secret, the
# gradebook, every trainee's work)
os.makedirs(c.CourseDirectory.root, mode=0o700, exist_ok=True)
# nbgrader's sources: the course folder's source/ (its default), written per roster by
# `simsuite course variants`; never the tracked exercises/.
c.Exchange.root = os.environ.get("SIMSUITE_EXCHANGE_ROOT") or os.path.join(
    c.CourseDirectory.root, "exchange"
)
# Answer cells keep their own placeholder line above the solution region.
c.ClearSolutions.code_stub = {"python": "# (write your answer in the line above)"}
c.Execute.timeout = 120  # per cell; `simsuite course autograde --timeout` is per submission
c.Execute.allow_errors = True
c.Execute.interrupt_on_timeout = True
# Only released code runs at grading (see simsuite/grading/rebuild.py and
# docs/threat-model.md): files a trainee added are removed, the notebook is rebuilt from the
# release (cells not in it dropped, metadata restored, only answer cells keep the trainee's
# text), nbgrader restores locked and test cells as usual, and answer cells holding anything
# but values are not run. Set c.AnswerCellGuard.enabled = False for exercises whose answers
# are code (the rebuild still applies).
# (Dotted names rather than imports keep this file cheap to read: simsuite's autograde reads
# it to find the course folder without loading nbgrader.)
c.Autograde.sanitize_preprocessors = [
    "simsuite.grading.rebuild.DropUnreleasedFiles",
    "simsuite.grading.rebuild.RebuildFromRelease",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "simsuite.grading.guard.AnswerCellGuard",
    "nbgrader.preprocessors.CheckCellMetadata",
]
