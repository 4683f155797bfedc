"""Inside the hub: who may log in, how a user's server starts, what it gets.

- :class:`ClassroomAuthenticator`: JupyterHub's first-use authenticator (a user the
  instructor added sets their password at first login) that also creates the user's Unix
  account, so every user's files are theirs alone.
- :class:`ClassroomSpawner`: JupyterHub's local-process spawner (the server runs as the user's
  account) that refuses system accounts and puts a memory and a process limit on the server
  and everything it starts (kernels, Voila).
- :func:`prepare_server`: before a server starts, makes its home private and gives it what its
  role needs: an instructor their own course folder (the nbgrader sources, the item bank, the
  course secret: never readable by trainees), a trainee the lessons and the trainee settings.
"""

from __future__ import annotations

import os
import pwd
import resource
import shutil
import stat
from pathlib import Path

from firstuseauthenticator import FirstUseAuthenticator
from jupyterhub.auth import LocalAuthenticator
from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer

from simsuite.classroom.settings import ClassroomSettings
from simsuite.course.paths import copy_course_files
from simsuite.i18n import _


class ClassroomAuthenticator(FirstUseAuthenticator, LocalAuthenticator):
    """First-use passwords (bcrypt, kept by the hub) and a Unix account per hub user."""


def _login_defs_uid_range() -> tuple[int, int]:
    """The range of ordinary accounts on this system (``/etc/login.defs``)."""
    low, high = 1000, 60000
    try:
        for line in Path("/etc/login.defs").read_text().splitlines():
            fields = line.split()
            if len(fields) == 2 and fields[0] == "UID_MIN":
                low = int(fields[1])
            elif len(fields) == 2 and fields[0] == "UID_MAX":
                high = int(fields[1])
    except (OSError, ValueError):
        pass
    return low, high


def user_account(name: str) -> pwd.struct_passwd:
    """The Unix account of a hub user, if it is an ordinary one.

    A hub user named like a system account (root, daemon, postgres) would otherwise get a
    server running as that account.
    """
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        raise RuntimeError(
            _("There is no Unix account {name!r} for this hub user.").format(name=name)
        ) from None
    low, high = _login_defs_uid_range()
    if not low <= account.pw_uid <= high:
        raise RuntimeError(
            _(
                "Refusing to start a server as the system account {name!r} (uid {uid}): "
                "classroom users have ordinary accounts (uid {low} to {high})."
            ).format(name=name, uid=account.pw_uid, low=low, high=high)
        )
    return account


class ClassroomSpawner(LocalProcessSpawner):
    """A local process as the user's account, with limits the kernel enforces.

    ``mem_limit`` becomes the address-space limit (RLIMIT_AS) of the server and of every
    process it starts, each on its own; ``nproc_limit`` caps the processes of the account as
    a whole (RLIMIT_NPROC). For one memory budget per user, use a spawner with control groups
    (SystemdSpawner, or Kubernetes): see docs/classroom.md.
    """

    nproc_limit = Integer(
        512, help="Most processes a user's account may run at once (0: no limit)."
    ).tag(config=True)

    def make_preexec_fn(self, name):
        account = user_account(name)
        become_user = super().make_preexec_fn(account.pw_name)
        memory = int(self.mem_limit or 0)
        processes = int(self.nproc_limit or 0)

        def preexec() -> None:
            # nbgrader's exchange relies on the usual umask (its feedback files keep the mode
            # they were written with); homes are private (0700) whatever the files' modes
            os.umask(0o022)
            become_user()
            if memory:
                resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            if processes:
                resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))

        return preexec


def _make_private_home(account: pwd.struct_passwd) -> Path:
    home = Path(account.pw_dir)
    info = os.lstat(home)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != account.pw_uid:
        raise RuntimeError(
            _("The home folder {home} is not a folder owned by {name}.").format(
                home=home, name=account.pw_name
            )
        )
    os.chmod(home, 0o700)
    return home


def _copy_into_home(account: pwd.struct_passwd, name: str, fill) -> Path | None:
    """Create ``~/<name>`` as root (so nothing the user plants in it is followed), let
    ``fill(folder)`` copy into it, then hand it to the user. Skipped when it exists: the user's
    copy is theirs to change."""
    folder = Path(account.pw_dir) / name
    try:
        os.mkdir(folder, 0o700)  # fails on anything already there, a symbolic link included
    except FileExistsError:
        return None
    try:
        fill(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)
    return folder


def provision_course(account: pwd.struct_passwd, settings: ClassroomSettings) -> Path | None:
    """The instructor's course folder, laid out as the repository is (``grading/`` with the
    nbgrader configuration, course file and item bank; ``exercises/`` with the sources), so
    that docs/instructor-guide.md applies as written. Mode 0700: trainees cannot enter it."""

    def fill(folder: Path) -> None:
        grading = folder / "grading"
        grading.mkdir(mode=0o700)
        copy_course_files(settings.repo / "grading", grading)
        shutil.copytree(settings.repo / "exercises", folder / "exercises", symlinks=True)

    return _copy_into_home(account, settings.course_folder_name, fill)


def provision_lessons(account: pwd.struct_passwd, settings: ClassroomSettings) -> Path | None:
    lessons = settings.prefix / "share" / "simsuite" / "lessons"

    def fill(folder: Path) -> None:
        for notebook in sorted(lessons.glob("*.ipynb")):
            shutil.copy2(notebook, folder / notebook.name)

    return _copy_into_home(account, settings.lessons_folder_name, fill)


def role_of(spawner, settings: ClassroomSettings) -> str:
    groups = {group.name for group in spawner.user.groups}
    return "instructor" if settings.instructors_group in groups else "trainee"


def prepare_server(spawner, settings: ClassroomSettings) -> None:
    """JupyterHub's ``pre_spawn_hook``: runs as root before each server starts."""
    account = user_account(spawner.user.name)
    home = _make_private_home(account)
    role = role_of(spawner, settings)
    env = {
        "PATH": os.pathsep.join([str(settings.venv / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
        "SIMSUITE_COURSE_ID": settings.course_id,
        "SIMSUITE_EXCHANGE_ROOT": str(settings.exchange),
        "SIMSUITE_CLASSROOM_ROLE": role,
    }
    if role == "instructor":
        spawner.mem_limit = settings.instructor_mem_limit or None
        provision_course(account, settings)
        grading = home / settings.course_folder_name / "grading"
        # nbgrader (formgrader included) reads the course's own configuration from here
        env["JUPYTER_CONFIG_PATH"] = str(grading)
        spawner.log.info("Instructor %s: course folder %s", account.pw_name, grading.parent)
    else:
        provision_lessons(account, settings)
        # no formgrader, course list or assignment creator for trainees
        env["JUPYTER_CONFIG_PATH"] = str(settings.prefix / "etc" / "jupyter-trainee")
    spawner.environment.update(env)
