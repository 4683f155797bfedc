"""Where the instructor's commands may write: never over tracked files, never out of a folder.

* The **repository** (the folder simsuite runs from, when it is a source checkout) holds only
  tracked material: the public preview in ``exercises/``, the course file, the item bank.
  Everything per course and per roster lives in the course folder (``grading/course/``, not
  tracked, or ``$SIMSUITE_COURSE_ROOT``).
* An output folder given on the command line must be new or empty (or one the same command
  wrote before, recognised by a marker file) and, where asked, outside the repository.
* A path built from an id stays inside its folder (ids are checked against a safe pattern
  first; this is the second line).
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from simsuite.errors import UserInputError
from simsuite.i18n import _


def repository_root() -> Path | None:
    """The source checkout simsuite runs from (an editable install), or None."""
    candidate = Path(__file__).resolve().parents[2]
    if (candidate / "pyproject.toml").is_file() and (candidate / "simsuite").is_dir():
        return candidate
    return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _git_ignored(repository: Path, path: Path) -> bool:
    """Whether git ignores ``path`` in ``repository`` (no git: nothing counts as ignored)."""
    if not (repository / ".git").exists():
        return False
    try:
        result = subprocess.run(
            ["git", "-C", str(repository), "check-ignore", "-q", "--no-index", str(path)],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def in_repository(path: Path, allow_ignored: bool = False) -> bool:
    """Whether ``path`` lies in the repository (or is one of its ancestors, so that writing
    there could touch tracked files); with ``allow_ignored``, git-ignored places are fine."""
    repository = repository_root()
    if repository is None:
        return False
    path = path.resolve()
    if _inside(repository, path):  # the repository itself, or a folder that holds it
        return True
    if not _inside(path, repository):
        return False
    return not (allow_ignored and _git_ignored(repository, path))


def check_output_folder(
    path: str | Path,
    option: str,
    *,
    marker: str | None = None,
    outside_repository: bool = True,
) -> Path:
    """An output folder that a command may create and fill: returns it resolved, created.

    It must be new or empty, or (with ``marker``) hold that marker file from an earlier run of
    the same command; with ``outside_repository``, it must not lie in the repository (ignored
    places such as ``reports/`` excepted when the command writes only files of its own).
    """
    folder = Path(path).expanduser()
    allowed = _("a new or empty folder")
    if marker:
        allowed = _("a new or empty folder, or one this command wrote before")
    if outside_repository and in_repository(folder, allow_ignored=marker is not None):
        raise UserInputError(
            _("The output folder is in the simsuite repository, whose files are tracked."),
            where=f"{option} {path}",
            allowed=allowed + _(", outside the repository"),
        )
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UserInputError(_("Not a folder."), where=f"{option} {path}", allowed=allowed)
    if folder.is_dir():
        try:
            entries = {entry.name for entry in folder.iterdir()}
        except OSError as error:
            raise UserInputError(
                _("Cannot read the folder ({reason}).").format(reason=error.strerror),
                where=f"{option} {path}",
                allowed=allowed,
            ) from None
        if entries and not (marker and marker in entries):
            raise UserInputError(
                _("The folder is not empty."), where=f"{option} {path}", allowed=allowed
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if marker:
            (folder / marker).write_text(
                _("Written by simsuite; this command may write here again.") + "\n",
                encoding="utf-8",
            )
        probe = folder / ".simsuite-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise UserInputError(
            _("Cannot write there ({reason}).").format(reason=error.strerror or error),
            where=f"{option} {path}",
            allowed=allowed + _(" where you may write"),
        ) from None
    return folder.resolve()


def safe_child(folder: Path, *parts: str) -> Path:
    """``folder / parts`` when it stays inside ``folder`` (a second line behind id checks)."""
    base = Path(folder).resolve()
    target = base.joinpath(*parts).resolve()
    if not _inside(target, base) or target == base:
        raise UserInputError(
            _("A path leaves its folder."),
            where="/".join(parts),
            allowed=_("a name inside {folder}").format(folder=base),
        )
    return target


def check_input_file(path: str | Path, option: str, what: str) -> Path:
    """A file the command will read: it exists and is a regular file (not a folder or pipe)."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UserInputError(
            _("The {what} does not exist.").format(what=what), where=f"{option} {path}"
        ) from None
    except OSError as error:
        raise UserInputError(
            _("Cannot read the {what} ({reason}).").format(what=what, reason=error.strerror),
            where=f"{option} {path}",
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise UserInputError(
            _("The {what} is not a file.").format(what=what),
            where=f"{option} {path}",
            allowed=_("a text file"),
        )
    return path


def private_folder_warning(folder: Path) -> str | None:
    """A warning when other users may read a folder that holds keys, secrets or trainees'
    work (it should be readable by its owner only)."""
    try:
        mode = os.stat(folder).st_mode
    except OSError:
        return None
    if mode & 0o077:
        return _(
            "warning: {folder} can be read by other users; it holds the course secret and "
            "every trainee's work. Make it private: chmod 700 {folder}"
        ).format(folder=folder)
    return None


#: What of the repository's ``grading/`` folder makes up a course folder elsewhere (an
#: instructor's on the classroom hub, a copy for a dry run): the nbgrader configuration, the
#: course file, the item bank with the module item files it includes, and the graded case
#: wording. Not ``classroom/`` (the hub's own set-up) nor anything per course (``course/``).
COURSE_FOLDER_PARTS = ("nbgrader_config.py", "course.yaml", "item_bank.yaml", "items", "templates")


def copy_course_files(grading: Path, into: Path) -> None:
    """Copy the course folder's parts from ``grading`` into the folder ``into`` (which exists)."""
    import shutil

    for name in COURSE_FOLDER_PARTS:
        source = grading / name
        if source.is_dir():
            shutil.copytree(source, into / name, symlinks=True)
        else:
            shutil.copy2(source, into / name)
