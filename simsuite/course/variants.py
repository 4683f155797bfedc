"""Per-trainee variants: every trainee's case and test form derive from a course secret.

``seed = HMAC-SHA256(secret, "<purpose>:<assignment>:<trainee>")`` truncated to 63 bits. The
secret stays on the instructor's side (``<course folder>/course_secret``, mode 0600, created on
first use, or the ``SIMSUITE_COURSE_SECRET`` environment variable), so a trainee who can read the
released files cannot compute their seed, and so not their key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from simsuite.errors import ContentError, UserInputError
from simsuite.i18n import _

if TYPE_CHECKING:
    from simsuite.activities.base import ExerciseType, Scenario
    from simsuite.course.course import Assignment

SECRET_ENV = "SIMSUITE_COURSE_SECRET"
SECRET_FILE_ENV = "SIMSUITE_COURSE_SECRET_FILE"
SECRET_FILE_NAME = "course_secret"


#: A secret shorter than this is guessable: refused.
MIN_SECRET_CHARS = 16


def _checked_secret(text: str, where: str) -> bytes:
    secret = text.strip()
    if len(secret) < MIN_SECRET_CHARS:
        raise UserInputError(
            _("The course secret is empty or too short to keep keys secret."),
            where=where,
            allowed=_("at least {n} characters (simsuite writes 64 random ones)").format(
                n=MIN_SECRET_CHARS
            ),
        )
    return secret.encode("utf-8")


def load_secret(grading_dir: str | Path | None = None, create: bool = False) -> bytes:
    """The course secret: from the environment, or the secret file (created if asked)."""
    if os.environ.get(SECRET_ENV):
        return _checked_secret(os.environ[SECRET_ENV], SECRET_ENV)
    if os.environ.get(SECRET_FILE_ENV):
        path = Path(os.environ[SECRET_FILE_ENV])
    elif grading_dir is not None:
        path = Path(grading_dir) / SECRET_FILE_NAME
    else:
        raise UserInputError(
            _("No course secret: set {env} or {file_env}.").format(
                env=SECRET_ENV, file_env=SECRET_FILE_ENV
            )
        )
    if not path.exists():
        if not create:
            raise UserInputError(
                _(
                    "The course secret file does not exist: give the course folder whose "
                    "gradebook this is, or create the secret with `simsuite course variants`."
                ),
                where=str(path),
            )
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32) + "\n")
        except OSError as error:
            raise UserInputError(
                _("Cannot create the course secret ({reason}).").format(
                    reason=error.strerror or error
                ),
                where=str(path),
            ) from None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserInputError(
            _("Cannot read the course secret ({reason}).").format(
                reason=getattr(error, "strerror", None) or type(error).__name__
            ),
            where=str(path),
        ) from None
    return _checked_secret(text, str(path))


def _digest(secret: bytes, *parts: str) -> bytes:
    return hmac.new(secret, ":".join(parts).encode("utf-8"), hashlib.sha256).digest()


def variant_seed(secret: bytes, assignment: str, trainee: str, attempt: int = 0) -> int:
    """The seed of a trainee's case in an assignment: 63 bits, infeasible to guess.

    ``attempt`` draws the next candidate when a case must meet a constraint (for example a
    minimum number of indicators), so every trainee gets a comparable case.
    """
    parts = ("seed", assignment, trainee) + ((str(attempt),) if attempt else ())
    return int.from_bytes(_digest(secret, *parts)[:8], "big") >> 1


def trainee_seed(secret: bytes, trainee: str) -> int:
    """One seed per trainee across assignments: paired forms (pre-test and post-test) use it so
    that a trainee takes one form first and the other one second."""
    return int.from_bytes(_digest(secret, "trainee", trainee)[:8], "big") >> 1


def scenario_seed(
    exercise_type: ExerciseType, secret: bytes, assignment: str, trainee: str, attempt: int = 0
) -> int:
    if exercise_type.seed_scope == "trainee":
        return trainee_seed(secret, trainee)
    return variant_seed(secret, assignment, trainee, attempt)


MAX_ATTEMPTS = 200


def variant_scenario(assignment: Assignment, secret: bytes, trainee: str, lang: str) -> Scenario:
    """The trainee's scenario of an assignment: the first seeded candidate that meets the
    assignment's constraints, so that every trainee gets a comparable variant.

    A case in it is told in the assignment's case wording (the course's graded set, which
    trainees never see elsewhere); its facts, and so its key, do not depend on the wording."""
    exercise_type = assignment.type
    attempts = 1 if exercise_type.seed_scope == "trainee" else MAX_ATTEMPTS
    wording: AbstractContextManager[None] = nullcontext()
    if assignment.case_templates is not None:  # (the case engine is imported only if needed)
        from simsuite.trafficking.render import case_wording

        wording = case_wording(assignment.case_templates)
    with wording:
        for attempt in range(attempts):
            seed = scenario_seed(exercise_type, secret, assignment.name, trainee, attempt)
            scenario = exercise_type.generate(assignment.params, seed, lang)
            if exercise_type.accepts(scenario, assignment.constraints):
                return scenario
    raise ContentError(
        _("No variant meets the constraints {constraints} in {n} attempts: relax them.").format(
            constraints=dict(assignment.constraints), n=attempts
        ),
        where=f"assignment {assignment.name}",
    )


TRAINEE_ENV = "SIMSUITE_TRAINEE"
VARIANTS_DIR = "variants"


def current_trainee() -> str:
    """Who is working in this kernel: the JupyterHub user, else $SIMSUITE_TRAINEE, else the
    login name. Used in the trainee's own kernel to show their variant."""
    import getpass

    return os.environ.get("JUPYTERHUB_USER") or os.environ.get(TRAINEE_ENV) or getpass.getuser()


#: The instructor's preview of a source notebook: a public secret, so a preview case is never
#: anybody's graded case.
PREVIEW_TRAINEE = "preview"
PREVIEW_SECRET = b"simsuite-public-preview"


def in_autograde() -> bool:
    return Path.cwd().resolve().parent.parent.name == "autograded"


def grading_context() -> tuple[str, bytes]:
    """The trainee being graded and the course secret.

    nbgrader runs each submission with its working folder set to
    ``<course root>/autograded/<trainee>/<assignment>``; the secret lives in the course root
    (or comes from the environment), which trainees never see. Anywhere else (the instructor
    running a source notebook) this is the public preview.
    """
    if not in_autograde():
        return PREVIEW_TRAINEE, PREVIEW_SECRET
    cwd = Path.cwd().resolve()
    return cwd.parent.name, load_secret(cwd.parent.parent.parent)


#: Trainee ids are JupyterHub user names and become folder names in nbgrader's course folder.
TRAINEE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


def check_trainee(trainee: str, where: str) -> str:
    """A trainee id that is safe as a folder name (never ``.``, ``..`` or a path)."""
    if not isinstance(trainee, str) or not TRAINEE_ID.match(trainee) or ".." in trainee:
        raise UserInputError(
            _("Not a valid trainee id: {id!r}.").format(id=trainee),
            where=where,
            allowed=_("letters, digits and - _ . @ (at most 64), starting with a letter or digit"),
        )
    return trainee


#: More trainees than any academy course; a longer roster is a wrong file.
MAX_ROSTER = 10_000
_ROSTER_BYTES = 2 * 1024 * 1024


def read_roster(path: str | Path) -> list[str]:
    """Trainee ids (JupyterHub user names), one per line; blank lines and # comments skipped."""
    from simsuite.course.paths import check_input_file

    path = check_input_file(path, "--roster", _("roster file"))
    try:
        with open(path, "rb") as handle:
            raw = handle.read(_ROSTER_BYTES + 1)
        if len(raw) > _ROSTER_BYTES or b"\0" in raw:
            raise ValueError
        text = raw.decode("utf-8")
    except (ValueError, OSError):
        raise UserInputError(
            _("The roster is not a text file of trainee ids."),
            where=f"--roster {path}",
            allowed=_("UTF-8 text, one trainee id per line (at most {n})").format(n=MAX_ROSTER),
        ) from None
    ids = []
    for number, line in enumerate(text.splitlines(), start=1):
        trainee = line.split("#", 1)[0].strip()
        if not trainee:
            continue
        check_trainee(trainee, f"{path}:{number}")
        ids.append(trainee)
    if not ids:
        raise UserInputError(
            _("The roster lists no trainee."),
            where=f"--roster {path}",
            allowed=_("one trainee id per line"),
        )
    if len(ids) > MAX_ROSTER:
        raise UserInputError(
            _("The roster lists {n} trainees, more than {max}.").format(n=len(ids), max=MAX_ROSTER),
            where=f"--roster {path}",
        )
    from collections import Counter

    duplicates = sorted(t for t, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise UserInputError(
            _("The roster lists a trainee twice: {ids}.").format(ids=", ".join(duplicates[:5])),
            where=f"--roster {path}",
        )
    return ids
