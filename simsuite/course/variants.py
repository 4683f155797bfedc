"""Per-trainee variants: every trainee's case and test form derive from a course secret.

``seed = HMAC-SHA256(secret, "<purpose>:<assignment>:<trainee>")`` truncated to 63 bits. The
secret stays on the instructor's side (``grading/course_secret``, created on first use, or the
``SIMSUITE_COURSE_SECRET`` environment variable), so a trainee who can read the released files
and run simsuite in their own kernel still cannot compute their seed, and so not their key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from simsuite.errors import UserInputError
from simsuite.i18n import _

SECRET_ENV = "SIMSUITE_COURSE_SECRET"
SECRET_FILE_ENV = "SIMSUITE_COURSE_SECRET_FILE"
SECRET_FILE_NAME = "course_secret"
FORMS = ("A", "B")


def load_secret(grading_dir: str | Path | None = None, create: bool = False) -> bytes:
    """The course secret: from the environment, or the secret file (created if asked)."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV].encode("utf-8")
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
            raise UserInputError(_("The course secret file does not exist."), where=str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def _digest(secret: bytes, *parts: str) -> bytes:
    return hmac.new(secret, ":".join(parts).encode("utf-8"), hashlib.sha256).digest()


def variant_seed(secret: bytes, assignment: str, trainee: str, attempt: int = 0) -> int:
    """The seed of a trainee's case in an assignment: 63 bits, infeasible to guess.

    ``attempt`` draws the next candidate when a case must meet a constraint (for example a
    minimum number of indicators), so every trainee gets a comparable case.
    """
    parts = ("seed", assignment, trainee) + ((str(attempt),) if attempt else ())
    return int.from_bytes(_digest(secret, *parts)[:8], "big") >> 1


def pretest_form(secret: bytes, trainee: str) -> str:
    """Counterbalancing: about half the cohort takes form A first, the other half form B."""
    return FORMS[_digest(secret, "form", trainee)[0] & 1]


def form_for(secret: bytes, trainee: str, phase: str) -> str:
    """The form a trainee takes in the ``pre`` or ``post`` phase (the other one in ``post``)."""
    first = pretest_form(secret, trainee)
    if phase == "pre":
        return first
    if phase == "post":
        return FORMS[1 - FORMS.index(first)]
    raise UserInputError(_("Unknown phase {phase!r}.").format(phase=phase), allowed="pre, post")


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


def read_roster(path: str | Path) -> list[str]:
    """Trainee ids (JupyterHub user names), one per line; blank lines and # comments skipped."""
    path = Path(path)
    if not path.exists():
        raise UserInputError(_("The roster file does not exist."), where=str(path))
    ids = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        trainee = line.split("#", 1)[0].strip()
        if not trainee:
            continue
        if not all(ch.isalnum() or ch in "-_.@" for ch in trainee):
            raise UserInputError(
                _("Not a valid trainee id: {id!r}.").format(id=trainee),
                where=f"{path}:{number}",
                allowed=_("letters, digits and - _ . @"),
            )
        ids.append(trainee)
    if len(set(ids)) != len(ids):
        raise UserInputError(_("The roster lists a trainee twice."), where=str(path))
    return ids
