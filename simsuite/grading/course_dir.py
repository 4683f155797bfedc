"""Where a course's grading lives and the limits of the grading options.

Kept apart from :mod:`simsuite.grading.autograde` so that the command line can check its
options and find the course folder without importing nbgrader (about two seconds).
"""

from __future__ import annotations

from pathlib import Path

from simsuite.errors import UserInputError
from simsuite.i18n import _

LOG_NAME = "autograde_log.json"
#: Limits of the options (also checked by the command line).
MAX_TIMEOUT = 24 * 3600.0
MIN_MEMORY_MB = 512
MAX_MEMORY_MB = 1024 * 1024
MAX_WORKERS = 64


def course_config(grading_dir: Path):
    """The course's nbgrader configuration, read with traitlets' own loader (cheap: no
    nbgrader start-up). Every way it can fail is a UserInputError naming the file."""
    from traitlets.config.loader import PyFileConfigLoader

    grading_dir = Path(grading_dir)
    if not (grading_dir / "nbgrader_config.py").is_file():
        raise UserInputError(
            _("No nbgrader_config.py here: give the course's grading folder."),
            where=str(grading_dir),
            allowed=_("a folder with nbgrader_config.py, such as grading/"),
        )
    try:
        return PyFileConfigLoader("nbgrader_config.py", path=str(grading_dir)).load_config()
    except BaseException as error:  # a course's config file may raise anything, even exit
        if isinstance(error, KeyboardInterrupt):
            raise
        reason = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
        raise UserInputError(
            _("Cannot read the nbgrader configuration ({kind}: {reason}).").format(
                kind=type(error).__name__, reason=reason
            ),
            where=str(grading_dir / "nbgrader_config.py"),
        ) from None


def course_root(grading_dir: Path) -> Path:
    """The course folder nbgrader uses, read from the course's ``nbgrader_config.py``."""
    grading_dir = Path(grading_dir)
    root = course_config(grading_dir).get("CourseDirectory", {}).get("root") or str(grading_dir)
    return (grading_dir / root).resolve()
