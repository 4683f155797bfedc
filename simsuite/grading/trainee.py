"""The trainees' side of nbgrader: a configuration that says where the exchange is and which
course to fetch from, and nothing else.

A trainee's Jupyter needs no simsuite: released notebooks import only the standard-library helper
released beside them. What their nbgrader needs is the exchange folder and the course id; without
them ``nbgrader fetch_assignment`` looks in nbgrader's default system exchange and fails. The
instructor writes this file once (``simsuite course trainee-config --out …``) into the trainees'
Jupyter configuration: ``/etc/jupyter/nbgrader_config.py`` on a shared machine or in the
trainees' image on JupyterHub.
"""

from __future__ import annotations

import sys
from pathlib import Path

from simsuite.errors import UserInputError
from simsuite.i18n import _

#: First line of a file this module wrote: such a file may be written again.
HEADER = "# nbgrader configuration for trainees, written by `simsuite course trainee-config`."


def trainee_config_text(course_id: str, exchange: str | Path | None, course_root: Path) -> str:
    """The configuration file's text (``exchange`` made absolute; the course folder is only
    used to warn when the exchange lies inside it, where other accounts cannot reach it)."""
    if not exchange:
        raise UserInputError(
            _("The course configuration names no exchange folder."),
            where="--exchange",
            allowed=_("the folder nbgrader releases to, e.g. /srv/nbgrader/exchange"),
        )
    exchange = Path(exchange).expanduser().resolve()
    if not exchange.is_dir():
        raise UserInputError(
            _("The exchange folder does not exist."),
            where=f"--exchange {exchange}",
            allowed=_(
                "an existing folder that every trainee may read and write, e.g. "
                "/srv/nbgrader/exchange (mkdir -p, then chmod 777)"
            ),
        )
    try:
        exchange.relative_to(course_root.resolve())
        sys.stderr.write(
            _(
                "warning: the exchange {exchange} is inside the course folder, which only its "
                "owner may read; trainees with accounts of their own cannot reach it. Set "
                "SIMSUITE_EXCHANGE_ROOT to a shared folder such as /srv/nbgrader/exchange."
            ).format(exchange=exchange)
            + "\n"
        )
    except ValueError:
        pass
    return (
        f"{HEADER}\n"
        "# Trainees' Jupyter reads it (e.g. /etc/jupyter/nbgrader_config.py); it holds no key.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {course_id!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
    )


def write_trainee_config(path: str | Path, text: str) -> Path:
    """Write the file; an existing file is replaced only if this module wrote it."""
    path = Path(path).expanduser()
    if path.is_dir() or path.is_symlink():
        raise UserInputError(
            _("Not a file."), where=f"--out {path}", allowed=_("a configuration file's path")
        )
    if path.exists():
        try:
            first = path.read_text(encoding="utf-8", errors="replace").splitlines()[:1]
        except OSError:
            first = []
        if first != [HEADER]:
            raise UserInputError(
                _("The file exists and was not written by simsuite; it is left as it is."),
                where=f"--out {path}",
                allowed=_("a new file, or one written by this command"),
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.chmod(0o644)  # every trainee's Jupyter reads it
        temporary.replace(path)
    except OSError as error:
        raise UserInputError(
            _("Cannot write there ({reason}).").format(reason=error.strerror or error),
            where=f"--out {path}",
            allowed=_("a file you may write"),
        ) from None
    return path
