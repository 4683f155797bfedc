"""``simsuite classroom …``: add instructors and trainees to the classroom hub, list the roster.

Run as root on the hub's machine (the hub's administration token is readable by root only);
``docs/classroom.md`` shows the whole course on the hub.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from simsuite.errors import UserInputError
from simsuite.i18n import _

#: The longest token file read (a hub token is 32 to 64 characters).
_TOKEN_BYTES = 4096


def _hub_url(text: str) -> str:
    """The hub's address, checked before anything is sent to it."""
    import urllib.parse

    try:
        parts = urllib.parse.urlsplit(text.strip())
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    if (
        parts is None
        or not port_ok
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or any(ch.isspace() for ch in text.strip())
    ):
        raise UserInputError(
            _("Not a hub address: {url!r}.").format(url=text),
            where="--hub-url",
            allowed=_(
                "http:// or https://, a host and optionally a port, such as {example}"
            ).format(example="http://127.0.0.1:8000"),
        )
    return text.strip()


def _read_token(path: Path) -> str:
    """The token in a token file: one line of printable characters."""
    allowed = _("a file with the hub's token on one line (run as root on the hub's machine)")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(_TOKEN_BYTES + 1)
    except IsADirectoryError:
        raise UserInputError(
            _("The hub's token file is a folder."), where=f"--token-file {path}", allowed=allowed
        ) from None
    try:
        token = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        token = None
    if token is None or len(raw) > _TOKEN_BYTES or not token.isprintable() or " " in token:
        raise UserInputError(
            _("The hub's token file does not hold a token."),
            where=f"--token-file {path}",
            allowed=allowed,
        )
    if not token:
        raise UserInputError(
            _("The hub's token file is empty."), where=f"--token-file {path}", allowed=allowed
        )
    return token


def _client(args: argparse.Namespace):
    """The hub, with the administration token (root on the hub's machine) or, in a user's
    server, that server's own token (an instructor's may list users and groups)."""
    import os

    from simsuite.classroom.api import HubClient
    from simsuite.classroom.settings import load_settings

    if args.hub_url is not None:
        _hub_url(args.hub_url)
    settings = load_settings()
    token_file = args.token_file or settings.admin_token_file
    try:
        token = _read_token(Path(token_file))
        url = args.hub_url or settings.hub_url
    except OSError as error:
        if args.token_file is None and os.environ.get("JUPYTERHUB_API_TOKEN"):
            token = os.environ["JUPYTERHUB_API_TOKEN"]
            url = args.hub_url or os.environ.get("JUPYTERHUB_API_URL", settings.hub_url)
        else:
            raise UserInputError(
                _("Cannot read the hub's administration token ({reason}).").format(
                    reason=error.strerror
                ),
                where=str(token_file),
                allowed=_("run as root on the hub's machine, after `make classroom` started it"),
            ) from None
    return HubClient(_hub_url(url), token), settings


def _names(args: argparse.Namespace) -> list[str]:
    from simsuite.classroom.settings import USERNAME_PATTERN
    from simsuite.course.variants import read_roster

    allowed = _("2 to 32 lower-case letters, digits, - or _, starting with a letter")
    for name in args.names:
        if not re.match(USERNAME_PATTERN, name):
            raise UserInputError(
                _("Not a valid classroom user name: {name!r}.").format(name=name[:40]),
                where="names",
                allowed=allowed,
            )
    names = list(args.names)
    if args.roster:
        for number, name in enumerate(read_roster(args.roster), start=1):
            if not re.match(USERNAME_PATTERN, name):
                raise UserInputError(
                    _("Not a valid classroom user name: {name!r}.").format(name=name[:40]),
                    where=f"--roster {args.roster} ({number})",
                    allowed=allowed,
                )
            names.append(name)
    if not names:
        raise UserInputError(
            _("Name at least one user, or give --roster."),
            where="names",
            allowed=allowed,
        )
    return names


def _check_out(path: Path) -> None:
    """``roster --out``: a new or existing file in a folder that can be written to, checked
    before the hub is asked, so a bad path costs nothing."""
    import os

    allowed = _("a file in a folder you can write to")
    if path.is_dir():
        raise UserInputError(
            _("This is a folder, not a file."), where=f"--out {path}", allowed=allowed
        )
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass  # a real write: os.access says yes to root where nobody may write (/proc)
        if path.exists() and not os.access(path, os.W_OK):
            raise PermissionError
    except OSError:
        raise UserInputError(
            _("Cannot write a file here."), where=f"--out {path}", allowed=allowed
        ) from None


def _add_instructor(args: argparse.Namespace) -> int:
    names = _names(args)
    client, settings = _client(args)
    for name in names:
        client.ensure_user(name)
        client.add_to_group(settings.instructors_group, [name])
        print(_("instructor {name}: added").format(name=name))
    return 0


def _add_trainees(args: argparse.Namespace) -> int:
    names = _names(args)
    client, settings = _client(args)
    for name in names:
        client.ensure_user(name)
        print(_("trainee {name}: added").format(name=name))
    client.add_to_group(settings.trainees_group, names)
    return 0


def _roster(args: argparse.Namespace) -> int:
    if args.out:
        _check_out(args.out)
    client, settings = _client(args)
    # a trainee is anyone who is not an instructor, however they were added
    names = sorted(
        user["name"]
        for user in client.users()
        if settings.instructors_group not in user.get("groups", [])
    )
    text = "".join(name + "\n" for name in names)
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as error:
            raise UserInputError(
                _("Cannot write the roster ({reason}).").format(
                    reason=error.strerror or type(error).__name__
                ),
                where=f"--out {args.out}",
                allowed=_("a file in a folder you can write to"),
            ) from None
    else:
        print(text, end="")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    classroom = subparsers.add_parser(
        "classroom", help=_("the classroom hub: add instructors and trainees, list the roster")
    )
    commands = classroom.add_subparsers(dest="classroom_command", metavar="ACTION", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--hub-url", help=_("the hub's address (default: from SIMSUITE_HUB_IP and _PORT)")
        )
        parser.add_argument(
            "--token-file",
            type=Path,
            help=_("the hub's administration token (default: in the hub's state folder)"),
        )

    def people(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("names", nargs="*", help=_("user names"))
        parser.add_argument(
            "--roster", type=Path, help=_("file of user names, one per line (# comments)")
        )

    instructor = commands.add_parser(
        "add-instructor",
        help=_("add an instructor: manages trainees, has their own course folder"),
    )
    people(instructor)
    common(instructor)
    instructor.set_defaults(handler=_add_instructor)

    trainees = commands.add_parser(
        "add-trainees", help=_("add trainees; each sets a password at first login")
    )
    people(trainees)
    common(trainees)
    trainees.set_defaults(handler=_add_trainees)

    roster = commands.add_parser(
        "roster", help=_("the trainees on the hub, one per line: the roster for course variants")
    )
    roster.add_argument("--out", type=Path, help=_("write to this file (default: print)"))
    common(roster)
    roster.set_defaults(handler=_roster)
