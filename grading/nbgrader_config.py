"""nbgrader configuration of the simsuite course.

Run nbgrader from this folder (``cd grading``). Source assignments live in ``../exercises``
(built by ``simsuite course build``); everything nbgrader produces (release, submitted,
autograded, feedback, gradebook.db) goes under ``grading/course/``, which is not committed.
On JupyterHub, set ``c.Exchange.root`` to the shared exchange and ``c.CourseDirectory.root``
to the instructor's course folder.
"""

import os

here = os.path.dirname(os.path.abspath(__file__))
# Grading kernels resolve the course's content (the item bank) against this folder.
os.environ.setdefault("SIMSUITE_GRADING_DIR", here)
c = get_config()  # noqa: F821 - injected by traitlets when it loads this file

c.CourseDirectory.course_id = "simsuite-tip-basic"
c.CourseDirectory.root = os.environ.get("SIMSUITE_COURSE_ROOT", os.path.join(here, "course"))
os.makedirs(c.CourseDirectory.root, exist_ok=True)  # nbgrader expects the course folder to exist
# An absolute source folder: the committed nbgrader sources stay in the repository's exercises/.
c.CourseDirectory.source_directory = os.environ.get(
    "SIMSUITE_EXERCISES_DIR", os.path.join(os.path.dirname(here), "exercises")
)
c.Exchange.root = os.environ.get(
    "SIMSUITE_EXCHANGE_ROOT", os.path.join(c.CourseDirectory.root, "exchange")
)
# Answer cells keep their own placeholder line above the solution region.
c.ClearSolutions.code_stub = {"python": "# (write your answer in the line above)"}
c.Execute.timeout = 120
c.Execute.allow_errors = True
c.Execute.interrupt_on_timeout = True
# Answers are values: an answer cell holding code is neutralized before execution (see
# simsuite/grading/guard.py and docs/threat-model.md). Set
# c.AnswerCellGuard.enabled = False for exercises whose answers are code.
# (Dotted names rather than imports keep this file cheap to read: simsuite's autograde reads
# it to find the course folder without loading nbgrader.)
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "simsuite.grading.guard.AnswerCellGuard",
    "nbgrader.preprocessors.CheckCellMetadata",
]
