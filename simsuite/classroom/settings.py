"""What a classroom deployment is: paths, addresses, limits, read from the environment.

One place for every knob, so the hub's configuration, ``make classroom`` and the tests agree.
Every setting has a default that suits one academy server; ``docs/classroom.md`` lists them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from simsuite.errors import UserInputError
from simsuite.i18n import _

#: JupyterHub user names that are also safe Unix account names (``useradd`` accepts them).
USERNAME_PATTERN = r"^[a-z][a-z0-9_-]{1,31}$"

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$", re.IGNORECASE)


def parse_size(text: str, where: str) -> int:
    """``"2G"``, ``"512M"``, ``"0"`` (no limit) into bytes."""
    match = _SIZE.match(text)
    if not match:
        raise UserInputError(
            _("Not a memory size: {text!r}.").format(text=text),
            where=where,
            allowed=_("a number with K, M, G or T, such as 2G; 0 for no limit"),
        )
    number, unit = float(match.group(1)), match.group(2).upper()
    return int(number * 1024 ** "_KMGT".index(unit or "_"))


def _int(name: str, default: int) -> int:
    text = os.environ.get(name, str(default))
    try:
        return int(text)
    except ValueError:
        raise UserInputError(
            _("Not a whole number: {text!r}.").format(text=text), where=name
        ) from None


@dataclass(frozen=True)
class ClassroomSettings:
    repo: Path | None  #: this checkout: the hub reads the course from it (root only)
    prefix: Path  #: the installed software (setup.sh)
    state: Path  #: the hub's database, cookie secret, passwords, admin token
    exchange: Path  #: nbgrader's exchange, shared by everyone
    course_id: str
    ip: str
    port: int
    hub_api_port: int
    proxy_api_port: int
    instructors_group: str  #: nbgrader's ``formgrade-<course>``: who gets the course tools
    trainees_group: str  #: nbgrader's ``nbgrader-<course>``
    instructor: str  #: the first instructor, created by ``make classroom``
    mem_limit: int  #: bytes per process of a trainee's server (0: none)
    #: the same for instructors: autograde sets its own limit per grader (--memory-mb, 4 GiB
    #: by default), which cannot exceed the one it inherits
    instructor_mem_limit: int
    nproc_limit: int  #: processes per account (0: none)
    cull_timeout: int  #: seconds of inactivity before a server is stopped
    cull_every: int

    @property
    def venv(self) -> Path:
        return self.prefix / "venv"

    @property
    def admin_token_file(self) -> Path:
        return self.state / "admin-token"

    @property
    def hub_url(self) -> str:
        return f"http://{self.ip}:{self.port}"

    @property
    def course_folder_name(self) -> str:
        return "simsuite-course"

    @property
    def lessons_folder_name(self) -> str:
        return "simsuite-lessons"


def find_checkout(repo: Path | None = None) -> Path:
    """The simsuite checkout the classroom serves: $SIMSUITE_CLASSROOM_REPO, the one given, the
    current folder or the one this module is in, whichever holds the course file first."""
    candidates = [os.environ.get("SIMSUITE_CLASSROOM_REPO"), repo, Path.cwd()]
    candidates.append(Path(__file__).resolve().parents[2])
    for candidate in candidates:
        if candidate and (Path(candidate) / "grading" / "course.yaml").is_file():
            return Path(candidate).resolve()
    raise UserInputError(
        _("Cannot find the simsuite checkout with grading/course.yaml."),
        where=str(Path.cwd()),
        allowed=_("run from the checkout, or set SIMSUITE_CLASSROOM_REPO"),
    )


def course_id_of(repo: Path) -> str:
    from simsuite.yamlio import load_given

    return load_given((repo / "grading" / "course.yaml").read_text(encoding="utf-8"))["course_id"]


def load_settings(repo: Path | None = None) -> ClassroomSettings:
    env = os.environ
    if env.get("SIMSUITE_COURSE_ID"):  # in a user's server, which cannot read the checkout
        course_id = env["SIMSUITE_COURSE_ID"]
        try:
            repo = find_checkout(repo)
        except UserInputError:
            repo = None
    else:
        repo = find_checkout(repo)
        course_id = course_id_of(repo)
    mem = env.get("SIMSUITE_HUB_MEM_LIMIT", "2G")
    return ClassroomSettings(
        repo=repo,
        prefix=Path(env.get("SIMSUITE_CLASSROOM_PREFIX", "/opt/simsuite-classroom")),
        state=Path(env.get("SIMSUITE_CLASSROOM_STATE", "/srv/simsuite-classroom")),
        exchange=Path(env.get("SIMSUITE_EXCHANGE_ROOT", "/srv/nbgrader/exchange")),
        course_id=course_id,
        ip=env.get("SIMSUITE_HUB_IP", "127.0.0.1"),
        port=_int("SIMSUITE_HUB_PORT", 8000),
        hub_api_port=_int("SIMSUITE_HUB_API_PORT", 8081),
        proxy_api_port=_int("SIMSUITE_PROXY_API_PORT", 8001),
        instructors_group=f"formgrade-{course_id}",
        trainees_group=f"nbgrader-{course_id}",
        instructor=env.get("SIMSUITE_HUB_INSTRUCTOR", "instructor"),
        mem_limit=parse_size(mem, "SIMSUITE_HUB_MEM_LIMIT"),
        instructor_mem_limit=parse_size(
            env.get("SIMSUITE_HUB_INSTRUCTOR_MEM_LIMIT", "0"), "SIMSUITE_HUB_INSTRUCTOR_MEM_LIMIT"
        ),
        nproc_limit=_int("SIMSUITE_HUB_NPROC_LIMIT", 512),
        cull_timeout=_int("SIMSUITE_HUB_CULL_TIMEOUT", 3600),
        cull_every=_int("SIMSUITE_HUB_CULL_EVERY", 300),
    )
